"""Overview: every claim at a glance (sortable, filterable, a click opens it), the evidence map."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard import components
from tracker.evidence.grade import CERTAINTIES, PARTICIPANTS_LABEL, VERDICT_LABELS
from tracker.evidence.labels import DESIGN_LABELS, DESIGNS
from tracker.store import views

SORTS = {
    "Certainty (strongest first)": "certainty",
    "Claim": "claim",
    "New studies in the last run": "new",
    PARTICIPANTS_LABEL.capitalize(): "participants",
    "Included studies": "included",
}


def _rank(card: views.ClaimCard) -> int:
    """Strongest certainty first; ungraded claims last."""
    return CERTAINTIES.index(card.profile.certainty) if card.profile else len(CERTAINTIES)


def _sorted(cards: Sequence[views.ClaimCard], how: str) -> list[views.ClaimCard]:
    def participants(card: views.ClaimCard) -> int:
        return card.profile.participants if card.profile else 0

    def included(card: views.ClaimCard) -> int:
        return card.profile.n_included if card.profile else 0

    def new(card: views.ClaimCard) -> int:
        return len(card.latest_run.new_pmids) if card.latest_run else 0

    keys: dict[str, Callable[[views.ClaimCard], tuple[object, ...]]] = {
        "certainty": lambda c: (_rank(c), -participants(c), c.text),
        "new": lambda c: (-new(c), _rank(c), c.text),
        "participants": lambda c: (-participants(c), c.text),
        "included": lambda c: (-included(c), c.text),
        "claim": lambda c: (c.text,),
    }
    return sorted(cards, key=keys[how])


def _row(card: views.ClaimCard) -> dict[str, object]:
    profile = card.profile
    run = card.latest_run
    consensus = profile.consensus if profile else None
    split = "no included studies"
    if consensus and consensus.total_weight:
        split = (
            f"{consensus.supports:.0%} for · {consensus.against:.0%} against · "
            f"{consensus.unclear:.0%} unclear"
        )
    return {
        "Claim": card.text,
        # A one-item list: the badge column draws it as a coloured label.
        "Certainty": [components.certainty_badge(profile.certainty if profile else None)],
        "Verdict": profile.verdict_label if profile else "Not graded",
        "Summary": profile.verdict if profile else card.profile_problem or "",
        "Studies by design": [profile.counts.get(d, 0) for d in DESIGNS]
        if profile
        else [0] * len(DESIGNS),
        "Included": profile.n_included if profile else 0,
        "Linked": card.linked,
        "Participants": profile.participants if profile else 0,
        "Supporting": round(100 * consensus.supports) if consensus else 0,
        "Split": split,
        "New in last run": len(run.new_pmids) if run else 0,
        "Last run": (run.finished or run.started) if run else None,
        "Open": f"./claim?claim={card.claim_id}",
    }


def main() -> None:
    reader = components.reader_or_stop()
    contents = reader.contents()
    st.title("Microneedling claims: what PubMed supports")
    components.guidance_or_stop(contents)
    components.sample_notice(contents)
    cards = reader.cards()

    left, middle, right, sort_column = st.columns([3, 2, 2, 2])
    words = left.text_input("Find a claim", placeholder="acne, hair, pigment…")
    certainties = middle.multiselect(
        "Certainty", list(CERTAINTIES), format_func=components.certainty_badge
    )
    verdicts = right.multiselect("Verdict", list(VERDICT_LABELS))
    sort = sort_column.selectbox("Sort by", list(SORTS))

    needle = words.strip().lower()
    shown = [
        card
        for card in cards
        if (not needle or needle in f"{card.text} {card.indication} {card.claim_id}".lower())
        and (not certainties or (card.profile and card.profile.certainty in certainties))
        and (not verdicts or (card.profile and card.profile.verdict_label in verdicts))
    ]
    shown = _sorted(shown, SORTS[sort])
    design_names = ", ".join(DESIGN_LABELS[d] for d in DESIGNS[:6])
    # A new key after each navigation, so coming back never re-opens the last selection.
    generation = st.session_state.setdefault("overview_generation", 0)
    event = st.dataframe(
        [_row(card) for card in shown],
        key=f"overview_table_{generation}",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_order=[
            # What a reader compares first, so it fits a 1400 px screen without scrolling.
            "Claim",
            "Certainty",
            "Verdict",
            "Participants",
            "Studies by design",
            "Included",
            "Supporting",
            "Split",
            "New in last run",
            "Last run",
            "Summary",
            "Open",
        ],
        column_config={
            "Claim": st.column_config.TextColumn(width="medium"),
            "Certainty": components.certainty_column(),
            "Studies by design": st.column_config.BarChartColumn(
                help=f"Included studies per design, strongest first: {design_names}, …",
                y_min=0,
            ),
            "Participants": st.column_config.NumberColumn(
                PARTICIPANTS_LABEL.capitalize(),
                help="Known counts of the included RCTs and non-randomised controlled "
                "studies in humans: the claim page's headline figure",
            ),
            "Supporting": st.column_config.ProgressColumn(
                "Consensus",
                help="Share of the design-weighted included literature that supports the claim",
                min_value=0,
                max_value=100,
                format="%d%%",
            ),
            "New in last run": st.column_config.NumberColumn(
                help="Records first linked to the claim by the latest run that touched it"
            ),
            "Last run": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", timezone="UTC"),
            "Summary": st.column_config.TextColumn("One-line verdict", width="large"),
            "Open": st.column_config.LinkColumn(display_text="Open"),
        },
    )
    if event.selection.rows:
        claim_id = shown[event.selection.rows[0]].claim_id
        st.session_state["overview_generation"] = generation + 1
        st.switch_page("app_pages/claim.py", query_params={"claim": claim_id})
    st.caption(
        f"{len(shown)} of {len(cards)} claims; {contents.articles:,} records stored, "
        f"{contents.links:,} claim links. Select a row to open the claim."
    )

    st.subheader("Evidence map")
    bubbles = [b for b in reader.evidence_map() if b.claim_id in {c.claim_id for c in shown}]
    if bubbles:
        claims = {card.claim_id: card.indication for card in shown}
        st.altair_chart(components.evidence_map_chart(bubbles, claims), width="stretch")
        st.caption(
            "Each bubble is a claim's included studies of one design: its size is the "
            "participants they report, its colour the direction most of them point. "
            + components.PYRAMID_LEGEND
        )
    else:
        st.caption("No included studies to map yet.")


main()
