"""Pieces shared by the pages: the database guard, guidance, badges, escaping and charts.

Record text (titles, abstracts, journals, curator notes) is never rendered as HTML and never
as Markdown: pages show it with `st.text` or inside dataframes, and where it has to sit in a
Markdown line it goes through `md()` first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import altair as alt
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from dashboard.data import DatabaseUnavailable, Reader, connect
from tracker.evidence.grade import (
    CERTAINTIES,
    PARTICIPANTS_ALL_LABEL,
    PARTICIPANTS_LABEL,
    Certainty,
)
from tracker.evidence.labels import DESIGN_LABELS, DESIGNS, DIRECTIONS, Design, Direction
from tracker.store import views

CERTAINTY_LABELS: dict[Certainty, str] = {
    "high": "High",
    "moderate": "Moderate",
    "low": "Low",
    "very_low": "Very low",
    "insufficient": "Insufficient",
}
NOT_GRADED = "Not graded"
# Shown where a record has no title, so a row or a choice is never blank.
NO_TITLE = "(title not stored)"
# Streamlit's named colours, drawn as text and a tinted background: emoji would need an emoji
# font, and without one (many Linux desktops and servers) they show as empty boxes.
CERTAINTY_COLOURS: dict[Certainty, str] = {
    "high": "green",
    "moderate": "yellow",
    "low": "orange",
    "very_low": "red",
    "insufficient": "gray",
}
DIRECTION_LABELS: dict[Direction, str] = {
    "supports": "Supports the claim",
    "no_effect": "No effect",
    "harms": "Harm / against the claim",
    "mixed": "Mixed",
    "unclear": "Unclear",
}
DIRECTION_COLOURS: dict[Direction, str] = {
    "supports": "#2e7d32",
    "no_effect": "#9e9e9e",
    "harms": "#c62828",
    "mixed": "#f9a825",
    "unclear": "#90caf9",
}
PYRAMID_LEGEND = (
    "The evidence pyramid, strongest first: meta-analyses and systematic reviews of trials, "
    "randomised controlled trials (RCTs), non-randomised controlled studies, cohort studies and "
    "case series, case reports. Narrative reviews, guidelines, animal and laboratory studies "
    "and other publications sit outside it: they are listed but do not set the certainty."
)
SETUP_STEPS = (
    "`tracker init` creates the schema and loads the 21 claims; "
    "`tracker import FILE.xml` stores PubMed XML you exported (or the bundled sample); "
    "`tracker fetch` (with NCBI_EMAIL set) searches PubMed for every claim."
)


def certainty_badge(certainty: Certainty | None) -> str:
    """The certainty as plain text, for tables, filters and chart axes."""
    return CERTAINTY_LABELS[certainty] if certainty else NOT_GRADED


def certainty_markdown(certainty: Certainty | None) -> str:
    """The certainty as coloured text, for Markdown (a metric's value, a caption)."""
    colour = CERTAINTY_COLOURS[certainty] if certainty else "gray"
    return f":{colour}[{certainty_badge(certainty)}]"


def certainty_column(label: str = "Certainty") -> ColumnConfig:
    """A dataframe column of certainties (one-item lists) drawn as coloured badges."""
    return st.column_config.MultiselectColumn(
        label,
        options=[*CERTAINTY_LABELS.values(), NOT_GRADED],
        color=[*CERTAINTY_COLOURS.values(), "gray"],
    )


def design_label(design: Design) -> str:
    return DESIGN_LABELS[design]


def pubmed_link_column() -> ColumnConfig:
    """A dataframe column of PubMed URLs shown as their PMIDs."""
    return st.column_config.LinkColumn(
        "PubMed", display_text=r"https://pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/"
    )


_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=])")


def md(text: str) -> str:
    """Text for a Markdown line, shown literally (Streamlit's `:colour[...]` and `:icon:` too)."""
    return _MD_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def reader_or_stop() -> Reader:
    """The database reader; when the database cannot be read, say what to do and stop."""
    try:
        return connect()
    except DatabaseUnavailable as exc:
        st.error(
            f"The database cannot be used: {exc.problem}\n\n{exc.what_to_do}",
            icon=":material/error:",
        )
        st.stop()


def guidance_or_stop(contents: views.DatabaseContents) -> None:
    """Explain what to run when there is nothing to show yet; stop the page if so."""
    if contents.claims == 0:
        st.info(
            f"No claims in this database yet. To get started: {SETUP_STEPS}",
            icon=":material/explore:",
        )
        st.stop()
    if contents.articles == 0:
        st.info(
            f"The {contents.claims} claims are loaded but no PubMed records are stored yet. "
            f"Next: {SETUP_STEPS}",
            icon=":material/explore:",
        )


def sample_notice(contents: views.DatabaseContents) -> None:
    if contents.sample_only:
        st.warning(
            "You are looking at the bundled offline sample (a small hand-labelled snapshot), "
            "not the live literature. To track PubMed itself, set NCBI_EMAIL (and optionally "
            "NCBI_API_KEY) and run `tracker fetch`; the dashboard updates when the run lands.",
            icon=":material/inventory_2:",
        )


def stop_unless_graded(card: views.ClaimCard) -> None:
    if card.profile_problem:
        st.error(card.profile_problem)
    elif card.profile is None:
        st.info("This claim has not been graded yet: run `tracker grade` (or import records).")


# --- charts -----------------------------------------------------------------------------

_DESIGN_ORDER = [DESIGN_LABELS[d] for d in DESIGNS]
_DIRECTION_SCALE = alt.Scale(
    domain=[DIRECTION_LABELS[d] for d in DIRECTIONS],
    range=[DIRECTION_COLOURS[d] for d in DIRECTIONS],
)


def evidence_map_chart(bubbles: Sequence[views.MapBubble], claims: dict[str, str]) -> alt.Chart:
    """Claims (rows) x designs (columns): bubble size = participants, colour = direction."""
    frame = alt.Data(
        values=[
            {
                "claim": b.claim_id,
                "text": claims.get(b.claim_id, b.claim_id),
                "design": DESIGN_LABELS[b.design],
                "studies": b.studies,
                "participants": b.participants,
                "direction": DIRECTION_LABELS[b.direction],
            }
            for b in bubbles
        ]
    )
    return (
        alt.Chart(frame)
        .mark_circle(opacity=0.85, stroke="#333", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "design:N",
                sort=_DESIGN_ORDER,
                title="Design (strongest on the left)",
                axis=alt.Axis(labelAngle=-40),
            ),
            y=alt.Y("claim:N", title=None, sort=sorted(claims), axis=alt.Axis(labelLimit=260)),
            size=alt.Size(
                "participants:Q",
                title="Participants",
                scale=alt.Scale(range=[30, 1200], zero=True),
            ),
            color=alt.Color("direction:N", title="Most studies", scale=_DIRECTION_SCALE),
            tooltip=["text:N", "design:N", "studies:Q", "participants:Q", "direction:N"],
        )
        .properties(height=max(240, 26 * len(claims)))
    )


def pyramid_chart(studies: Sequence[views.ClaimStudy]) -> alt.Chart:
    """Included studies per design (strongest at the top), split by direction."""
    # Counted here, not by Vega: chart data is validated row by row, so it must stay small.
    counts = Counter(
        (graded.design, graded.direction)
        for graded in (study.graded() for study in studies)
        if graded.included
    )
    frame = alt.Data(
        values=[
            {
                "design": DESIGN_LABELS[design],
                "direction": DIRECTION_LABELS[direction],
                "studies": n,
            }
            for (design, direction), n in sorted(counts.items())
        ]
    )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "design:N",
                sort=_DESIGN_ORDER,
                scale=alt.Scale(domain=_DESIGN_ORDER),  # every level, so the pyramid shows
                title=None,
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X(
                "sum(studies):Q",
                title="Included studies",
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            color=alt.Color("direction:N", title="Direction", scale=_DIRECTION_SCALE),
            tooltip=["design:N", "direction:N", "sum(studies):Q"],
        )
        .properties(height=340)
    )


def timeline_studies_chart(timeline: views.Timeline) -> alt.Chart:
    frame = alt.Data(
        values=[
            {
                "year": point.year,
                "design": DESIGN_LABELS[point.design],
                "studies": point.studies,
            }
            for point in timeline.by_design
        ]
    )
    return (
        alt.Chart(frame)
        .mark_area()
        .encode(
            x=alt.X("year:O", title="Published up to"),
            y=alt.Y(
                "studies:Q",
                stack="zero",
                title="Included studies (cumulative)",
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            color=alt.Color("design:N", sort=_DESIGN_ORDER, title="Design"),
            tooltip=["year:O", "design:N", "studies:Q"],
        )
        .properties(height=260)
    )


def timeline_participants_chart(timeline: views.Timeline) -> alt.Chart:
    """The two participant figures of the grader, year by year, each named by what it counts.

    The last year is the claim's headline figure (undated studies aside), never a third sum.
    """
    frame = alt.Data(
        values=[
            {"year": g.year, "counts": label, "people": people}
            for g in timeline.grades
            for label, people in (
                (PARTICIPANTS_LABEL, g.participants),
                (PARTICIPANTS_ALL_LABEL, g.participants_all),
            )
        ]
    )
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Published up to"),
            y=alt.Y("people:Q", title="People (cumulative)"),
            color=alt.Color(
                "counts:N",
                title="Counted",
                sort=[PARTICIPANTS_LABEL, PARTICIPANTS_ALL_LABEL],
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["year:O", "counts:N", "people:Q"],
        )
        .properties(height=220)
    )


def timeline_certainty_chart(timeline: views.Timeline) -> alt.Chart:
    order = [CERTAINTY_LABELS[c] for c in CERTAINTIES]  # high at the top
    frame = alt.Data(
        values=[
            {
                "year": g.year,
                "certainty": CERTAINTY_LABELS[g.certainty],
                "verdict": g.verdict_label,
                "included": g.n_included,
            }
            for g in timeline.grades
        ]
    )
    return (
        alt.Chart(frame)
        .mark_line(point=True, interpolate="step-after")
        .encode(
            x=alt.X("year:O", title="Graded with the studies published up to"),
            y=alt.Y("certainty:N", sort=order, scale=alt.Scale(domain=order), title="Certainty"),
            tooltip=["year:O", "certainty:N", "verdict:N", "included:Q"],
        )
        .properties(height=200)
    )
