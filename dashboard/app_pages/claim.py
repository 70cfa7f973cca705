"""One claim: its graded profile and reasons, pyramid, timeline, studies, curation and exports."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import streamlit as st

from dashboard import components, data
from dashboard.data import Reader
from tracker import present
from tracker.evidence.grade import PARTICIPANTS_ALL_LABEL, PARTICIPANTS_LABEL, ClaimProfile
from tracker.evidence.labels import (
    DESIGN_LABELS,
    DESIGNS,
    DIRECTIONS,
    ROB_LABELS,
    Design,
    Direction,
    RiskOfBias,
)
from tracker.export import EXPORT_FORMATS, MEDIA_TYPES, file_name
from tracker.store import views
from tracker.store.curation import CurationError

MAX_PICKER_CHOICES = 300
EXPORT_LABELS = {
    "csv": "Studies (CSV)",
    "ris": "References (RIS)",
    "bibtex": "References (BibTeX)",
    "json": "Profile + studies (JSON)",
    "md": "Evidence card (Markdown)",
}


def _choose_claim(cards: Sequence[views.ClaimCard]) -> str:
    """The claim named in the URL (?claim=ID), kept in step with the picker."""
    ids = [card.claim_id for card in cards]
    texts = {card.claim_id: card.text for card in cards}
    requested = st.query_params.get("claim")
    if requested in ids and requested != st.session_state.get("claim_from_url"):
        st.session_state["claim_choice"] = requested
        st.session_state["claim_from_url"] = requested
    choice = st.selectbox(
        "Claim", ids, key="claim_choice", format_func=lambda claim_id: texts[claim_id]
    )
    if st.query_params.get("claim") != choice:
        st.query_params["claim"] = choice
        st.session_state["claim_from_url"] = choice
    return choice


def _profile_card(
    card: views.ClaimCard, profile: ClaimProfile, studies: Sequence[views.ClaimStudy]
) -> None:
    # The verdict column is the widest: "Insufficient evidence" must not be cut at 1400 px.
    certainty, verdict, included, people = st.columns([1, 1.7, 0.8, 1.1])
    certainty.metric("Certainty", components.certainty_markdown(profile.certainty))
    verdict.metric("Verdict", profile.verdict_label)
    included.metric(
        "Included studies",
        profile.n_included,
        help=f"{card.linked} records linked; {len(profile.excluded)} excluded",
    )
    # Labelled with what it counts: the same figure, under the same words, as the overview,
    # the timeline, `tracker grade` and the exports.
    people.metric(
        PARTICIPANTS_LABEL.capitalize(),
        f"{profile.participants:,}",
        help="Known counts of the included RCTs and non-randomised controlled studies in "
        f"humans. {profile.participants_all:,} {PARTICIPANTS_ALL_LABEL} (with cohorts, case "
        "series and case reports). A review's pooled count is never added.",
    )
    st.text(profile.verdict)
    consensus = profile.consensus
    if consensus.total_weight:
        st.progress(
            consensus.supports,
            text=f"Consensus (design-weighted): {consensus.supports:.0%} support, "
            f"{consensus.against:.0%} against, {consensus.unclear:.0%} unclear",
        )
        # The two can disagree ("Supported" beside "75% unclear"): say what each reads.
        st.caption(
            "The verdict weighs the directions of the rated studies (reviews and primary "
            "studies in humans whose result could be read) by design; the consensus weighs "
            "every included study, unclear ones included."
        )
    st.markdown("**Why this rating**")
    lines = []
    for reason in profile.reasons:
        if reason.code == "override":
            continue  # summarised below, one line instead of one note per study
        heading, words = present.reason_line(reason)
        line = f"{heading}: {components.md(words)}"
        # Steps that lowered the rating in bold, notes as they are.
        lines.append(f"- **{line}**" if reason.step < 0 else f"- {line}")
    st.markdown("\n".join(lines))
    if profile.overrides:
        by = {s.pmid: s.cur_by for s in studies}
        st.text(present.override_summary(profile.overrides, by))
        with st.expander("Every curator label"):
            st.dataframe(
                [
                    {
                        "PMID": views.pubmed_url(o.pmid),
                        "Title": o.title or components.NO_TITLE,
                        "Changed": ", ".join(
                            present.FIELD_WORDS.get(f, f).lower() for f in o.fields
                        )
                        or "note only",
                        "By": by.get(o.pmid) or "",
                        "Note": o.note or "",
                    }
                    for o in profile.overrides
                ],
                hide_index=True,
                column_config={"PMID": components.pubmed_link_column()},
            )
    if profile.excluded:
        with st.expander(f"Excluded studies ({len(profile.excluded)})"):
            st.dataframe(
                [
                    {
                        "PMID": views.pubmed_url(e.pmid),
                        "Title": e.title or components.NO_TITLE,
                        "Why": e.why,
                    }
                    for e in profile.excluded
                ],
                hide_index=True,
                column_config={"PMID": components.pubmed_link_column()},
            )


def _claim_facts(card: views.ClaimCard) -> None:
    with st.expander("The claim as tracked: indication, phrases, PubMed query"):
        st.text(f"Indication: {card.indication}")
        st.text(f"Polarity: {card.polarity}")
        if card.marketing_phrases:
            st.text("Marketing phrases: " + "; ".join(card.marketing_phrases))
        st.code(card.query.strip(), language=None)
        if card.retired:
            st.warning("This claim's file was removed: it is kept for its history, not fetched.")


def _timeline(reader: Reader, card: views.ClaimCard) -> None:
    timeline = reader.timeline(card.claim_id)
    if not timeline.grades:
        st.caption("No dated studies yet.")
        return
    st.altair_chart(components.timeline_studies_chart(timeline), width="stretch")
    st.altair_chart(components.timeline_participants_chart(timeline), width="stretch")
    st.altair_chart(components.timeline_certainty_chart(timeline), width="stretch")
    undated = (
        f" {timeline.undated} studies without a year are left out." if timeline.undated else ""
    )
    st.caption(
        "Each year is graded afresh from the studies published up to its end, with today's "
        f"assessments and corrections, by the same rules as the current grade.{undated}"
    )


def _studies_rows(studies: Sequence[views.ClaimStudy]) -> list[dict[str, object]]:
    rows = []
    for study in studies:
        graded = study.graded()
        rows.append(
            {
                "pmid": study.pmid,
                "PubMed": study.url,
                "Title": study.title or components.NO_TITLE,
                "Year": study.year,
                "Journal": study.journal or "",
                "Design": DESIGN_LABELS[graded.design],
                "Participants": graded.n_participants,
                "Direction": components.DIRECTION_LABELS[graded.direction],
                "Included": graded.included,
                "Excluded because": graded.excluded_because or "",
                "Retracted": study.retracted,
                "Curated": f"by {study.cur_by}" if study.cur_by else "",
            }
        )
    return rows


def _filtered(studies: Sequence[views.ClaimStudy], claim_id: str) -> list[views.ClaimStudy]:
    first, second, third, fourth = st.columns([2, 2, 1, 2])
    designs = first.multiselect(
        "Design", list(DESIGNS), format_func=DESIGN_LABELS.__getitem__, key=f"f_design_{claim_id}"
    )
    directions = second.multiselect(
        "Direction",
        list(DIRECTIONS),
        format_func=components.DIRECTION_LABELS.__getitem__,
        key=f"f_direction_{claim_id}",
    )
    status = third.radio("Show", ["All", "Included", "Excluded"], key=f"f_status_{claim_id}")
    words = fourth.text_input("Title contains", key=f"f_words_{claim_id}").strip().lower()
    years = sorted({s.year for s in studies if s.year is not None})
    low, high = (years[0], years[-1]) if years else (0, 0)
    if years and low < high:
        low, high = st.slider(
            "Published", min_value=low, max_value=high, value=(low, high), key=f"f_years_{claim_id}"
        )
    shown = []
    for study in studies:
        graded = study.graded()
        if designs and graded.design not in designs:
            continue
        if directions and graded.direction not in directions:
            continue
        if status == "Included" and not graded.included:
            continue
        if status == "Excluded" and graded.included:
            continue
        if words and words not in study.title.lower():
            continue
        if years and study.year is not None and not low <= study.year <= high:
            continue
        shown.append(study)
    return shown


def _assessment(study: views.ClaimStudy) -> None:
    graded = study.graded()
    findings = views.assessment_findings(study.assessment)
    effective = {
        "design": DESIGN_LABELS[graded.design],
        "participants": "not stated" if graded.n_participants is None else graded.n_participants,
        "direction": components.DIRECTION_LABELS[graded.direction],
        "relevant": "included" if graded.included else f"excluded ({graded.excluded_because})",
    }
    if findings:
        st.dataframe(
            [
                {
                    "Call": present.FIELD_WORDS.get(f.field, f.field),
                    "Automatic": present.finding_words(f.field, f.value),
                    "Graded as": str(effective.get(f.field, "")),
                    "Read from": present.SOURCE_WORDS.get(f.source, f.source),
                    # The rule id is for developers: `tracker explain` prints it.
                    "Deciding sentence": f.evidence or "",
                }
                for f in findings
            ],
            hide_index=True,
            column_config={"Deciding sentence": st.column_config.TextColumn(width="large")},
        )
    else:
        st.caption("No automatic assessment is stored for this study.")
    _risk_of_bias(study)
    if study.n_unit:
        st.caption(f"Participants were counted in {study.n_unit}.")
    if study.rct_within_person:
        st.caption("Within-person trial (split-face, split-scar or similar).")
    if graded.overridden or study.cur_note:
        when = f"{study.cur_at:%Y-%m-%d %H:%M} UTC" if study.cur_at else "?"
        st.text(f"Curated by {study.cur_by or '?'} on {when}: {study.cur_note or ''}")


def _risk_of_bias(study: views.ClaimStudy) -> None:
    """The Cochrane domains as read from the abstract, each with its deciding sentence."""
    risk = study.assessment.get("risk_of_bias")
    if not isinstance(risk, dict):
        return
    overall = study.grade_input.curator_rob or risk.get("overall")
    curated = " (set by the curator)" if study.grade_input.curator_rob else ""
    st.markdown(f"**Risk of bias: {ROB_LABELS.get(str(overall), str(overall))}{curated}**")
    st.dataframe(
        [
            {
                "Domain": domain.replace("_", " ").capitalize(),
                "Judgement": ROB_LABELS.get(str(judged.get("judgement")), "?"),
                "Deciding sentence": judged.get("evidence") or "(not reported)",
            }
            for domain, judged in risk.items()
            if isinstance(judged, dict)
        ],
        hide_index=True,
        column_config={"Deciding sentence": st.column_config.TextColumn(width="large")},
    )


def _study_detail(reader: Reader, study: views.ClaimStudy) -> None:
    st.text(study.title)
    facts = [f"PMID {study.pmid}", study.journal or "journal unknown", str(study.year or "n.d.")]
    st.text(" · ".join(facts))
    links = f"[Open in PubMed]({study.url})"
    if study.doi:
        links += f" · DOI {components.md(study.doi)}"
    st.markdown(links)
    if study.retracted:
        st.error("Retracted: shown for the record, left out of the grade.", icon=":material/block:")
    if study.expression_of_concern:
        st.warning("Expression of concern: counts as a risk of bias.")
    if study.deleted:
        st.warning("Deleted by NLM: kept for audit only.")
    _assessment(study)
    article = reader.article(study.pmid)
    if article is not None and (article.abstract or article.abstract_sections):
        with st.expander("Abstract"):
            if article.abstract_sections:
                for label, text in article.abstract_sections:
                    st.text(f"{label}: {text}" if label else text)
            else:
                st.text(article.abstract)


def _save_correction(reader: Reader, claim_id: str, pmid: int, keys: dict[str, str]) -> None:
    """The form's submit callback: it runs before the page is drawn again, so the page
    that follows already shows the new grade."""
    state = st.session_state
    n_participants = state[keys["n"]]
    try:
        result = data.curate(
            reader,
            claim_id=claim_id,
            pmid=pmid,
            by=state[keys["by"]],
            note=state[keys["note"]],
            included=state[keys["included"]],
            design=state[keys["design"]],
            direction=state[keys["direction"]],
            n_participants=None if n_participants is None else int(n_participants),
            risk_of_bias=state[keys["rob"]],
        )
    except CurationError as exc:
        state["flash_error"] = str(exc)
        return
    state["curator_name"] = state[keys["by"]].strip()
    state[keys["note"]] = ""
    if not result.changed:
        state["flash"] = "Nothing changed: the values were already set."
    elif result.changes:
        change = result.changes[0]
        state["flash"] = (
            f"Saved. The grade moved: certainty "
            f"{present.certainty_words(change.certainty_before)} → "
            f"{present.certainty_words(change.certainty_after)}; "
            f"verdict {change.verdict_label_after}."
        )
    else:
        state["flash"] = "Saved. The claim was regraded; its grade did not move."


def _curation_form(reader: Reader, card: views.ClaimCard, study: views.ClaimStudy) -> None:
    suffix = f"{card.claim_id}_{study.pmid}"
    keys = {
        name: f"cur_{name}_{suffix}"
        for name in ("included", "design", "direction", "n", "rob", "by", "note")
    }
    inclusion = {None: "automatic", True: "include", False: "exclude"}
    auto_inclusion = "relevant" if study.relevant else "judged not relevant"
    with st.form(f"curate_{suffix}"):
        st.markdown(f"**Correct PMID {study.pmid} for this claim**")
        left, right = st.columns(2)
        left.radio(
            "Inclusion",
            list(inclusion),
            index=list(inclusion).index(study.cur_included),
            format_func=lambda v: (
                f"Automatic ({auto_inclusion})" if v is None else inclusion[v].capitalize()
            ),
            key=keys["included"],
        )
        design_options: list[Design | None] = [None, *DESIGNS]
        right.selectbox(
            "Design",
            design_options,
            index=design_options.index(study.cur_design),
            format_func=lambda d: (
                f"Automatic: {DESIGN_LABELS[study.design]}" if d is None else DESIGN_LABELS[d]
            ),
            key=keys["design"],
        )
        direction_options: list[Direction | None] = [None, *DIRECTIONS]
        right.selectbox(
            "Direction",
            direction_options,
            index=direction_options.index(study.cur_direction),
            format_func=lambda d: (
                f"Automatic: {components.DIRECTION_LABELS[study.direction]}"
                if d is None
                else components.DIRECTION_LABELS[d]
            ),
            key=keys["direction"],
        )
        automatic_n = "not stated" if study.n_participants is None else str(study.n_participants)
        left.number_input(
            "Participants (empty = automatic)",
            min_value=0,
            value=study.cur_n,
            step=1,
            placeholder=f"automatic: {automatic_n}",
            key=keys["n"],
        )
        automatic_rob = ROB_LABELS.get(str(study.grade_input.rob_overall), "not assessed")
        rob_options: list[RiskOfBias | None] = [None, "low", "some_concerns", "high"]
        right.selectbox(
            "Risk of bias",
            rob_options,
            index=rob_options.index(study.grade_input.curator_rob),
            format_func=lambda r: f"Automatic: {automatic_rob}" if r is None else ROB_LABELS[r],
            key=keys["rob"],
        )
        st.text_input("Your name", value=st.session_state.get("curator_name", ""), key=keys["by"])
        st.text_area("Why (required, kept in the audit log)", key=keys["note"])
        st.form_submit_button(
            "Save correction",
            type="primary",
            on_click=_save_correction,
            args=(reader, card.claim_id, study.pmid, keys),
        )


def _audit(reader: Reader, card: views.ClaimCard) -> None:
    entries = reader.audit(card.claim_id)
    if not entries:
        st.caption("No curation yet.")
        return
    st.dataframe(
        [
            {
                "When": e.at,
                "Who": e.by,
                "PMID": e.pmid,
                "Field": present.FIELD_WORDS.get(e.field, e.field),
                "Before": "automatic"
                if e.before is None
                else present.finding_words(e.field, e.before),
                "After": "automatic"
                if e.after is None
                else present.finding_words(e.field, e.after),
                "Note": e.note or "",
            }
            for e in entries
        ],
        hide_index=True,
        column_config={"When": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")},
    )


def _history(reader: Reader, card: views.ClaimCard) -> None:
    changes = reader.grade_changes(claim_id=card.claim_id)
    if not changes:
        st.caption("No grade changes recorded.")
        return
    st.dataframe(
        [
            {
                "When": c.changed_at,
                "Run": c.run_id if c.run_id is not None else "curation",
                "Certainty before": present.certainty_words(c.before.get("certainty")),
                "Certainty after": present.certainty_words(c.after.get("certainty")),
                "Verdict after": str(c.after.get("verdict", "")),
            }
            for c in changes
        ],
        hide_index=True,
        column_config={"When": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")},
    )


def _exports(reader: Reader, card: views.ClaimCard) -> None:
    columns = st.columns(len(EXPORT_FORMATS))
    for column, fmt in zip(columns, EXPORT_FORMATS, strict=True):
        column.download_button(
            EXPORT_LABELS[fmt],
            # Built on click, not on every page view: exports of big claims take a moment.
            data=functools.partial(reader.export, card.claim_id, fmt),
            file_name=file_name(card.claim_id, fmt),
            mime=MEDIA_TYPES[fmt],
            key=f"export_{fmt}",
            on_click="ignore",
        )


def main() -> None:
    reader = components.reader_or_stop()
    contents = reader.contents()
    components.guidance_or_stop(contents)
    cards = reader.cards()
    if not cards:
        st.info("No active claims.")
        st.stop()
    claim_id = _choose_claim(cards)
    card = reader.card(claim_id)
    if card is None:
        st.error(f"Claim {claim_id!r} is not in the database.")
        st.stop()
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash)
    problem = st.session_state.pop("flash_error", None)
    if problem:
        st.error(f"The correction was not saved: {problem}")

    st.header(components.md(card.text))
    _claim_facts(card)
    components.stop_unless_graded(card)
    studies = reader.studies(card.claim_id)
    if card.profile is not None:
        _profile_card(card, card.profile, studies)
    pyramid, timeline = st.columns(2)
    with pyramid:
        st.subheader("Evidence pyramid")
        st.altair_chart(components.pyramid_chart(studies), width="stretch")
        st.caption(components.PYRAMID_LEGEND)
    with timeline:
        st.subheader("Over time")
        _timeline(reader, card)

    st.subheader(f"Studies ({len(studies)} linked)")
    shown = _filtered(studies, card.claim_id)
    rows = _studies_rows(shown)
    event = st.dataframe(
        rows,
        key=f"studies_{card.claim_id}",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_order=[c for c in rows[0] if c != "pmid"] if rows else None,
        column_config={
            "PubMed": components.pubmed_link_column(),
            "Title": st.column_config.TextColumn(width="large"),
            "Year": st.column_config.NumberColumn(format="%d"),
        },
    )
    by_pmid = {s.pmid: s for s in shown}
    choice_key = f"study_choice_{card.claim_id}"
    if event.selection.rows:
        st.session_state[choice_key] = shown[event.selection.rows[0]].pmid
    if st.session_state.get(choice_key) not in by_pmid:
        st.session_state.pop(choice_key, None)
    if shown:
        # A picker with thousands of options is slow in the browser: offer the first ones,
        # plus whatever row was selected in the table.
        choices = list(by_pmid)[:MAX_PICKER_CHOICES]
        chosen = st.session_state.get(choice_key)
        if chosen is not None and chosen not in choices:
            choices.append(chosen)
        if len(shown) > MAX_PICKER_CHOICES:
            st.caption(
                f"The picker lists the first {MAX_PICKER_CHOICES} of {len(shown)} studies: "
                "select a row in the table, or narrow the filters, to open any other."
            )
        pmid = st.selectbox(
            "Study",
            choices,
            key=choice_key,
            format_func=lambda p: f"PMID {p}: {(by_pmid[p].title or components.NO_TITLE)[:110]}",
        )
        study = by_pmid[pmid]
        detail, curate = st.columns([3, 2])
        with detail:
            _study_detail(reader, study)
        with curate:
            _curation_form(reader, card, study)
    else:
        st.caption("No study matches these filters.")

    st.subheader("Curation log")
    _audit(reader, card)
    st.subheader("Grade history")
    _history(reader, card)
    st.subheader("Export")
    _exports(reader, card)


main()
