"""Check a text: paste or upload marketing copy; see the tracked claims it makes and how well
the stored evidence backs each. Works without a database (the claims are found, not rated)."""

from __future__ import annotations

import streamlit as st

from dashboard import components
from dashboard.data import DatabaseUnavailable, Reader, claim_matcher, connect
from tracker.checker import NOT_GRADED_NOTE, CheckReport, check_text, decode_input
from tracker.errors import TrackerError

EXAMPLE = (
    "Microneedling boosts collagen and fades acne scars ✔ No risk of hyperpigmentation, "
    "safe for all skin types ✔ Results in 3 days!"
)
RATING_BADGES = {
    "supported": "🟢 supported",
    "weakly supported": "🟡 weakly supported",
    "not established": "⚪ not established",
    "contradicted": "🔴 contradicted",
    "not graded": "… not graded",
}


def _reader() -> Reader | None:
    try:
        return connect()
    except DatabaseUnavailable:
        return None


def _text(pasted: str, uploaded: bytes | None, name: str) -> str | None:
    """The text to check, or None after showing why it cannot be checked."""
    try:
        if uploaded is not None:
            return decode_input(uploaded, name=name)
        return decode_input(pasted.encode("utf-8"), name="the text")
    except TrackerError as exc:
        st.error(str(exc), icon="🛑")
        return None


def _show(report: CheckReport) -> None:
    first, second, third = st.columns(3)
    first.metric("Tracked claims", len(report.claims))
    second.metric("Sentences", report.sentences)
    third.metric("Untracked health claims", sum(1 for f in report.findings if f.claim is None))
    if not report.findings:
        st.info("No health claims found in this text.", icon="🔎")
        return
    # The user's text goes into a dataframe: shown as text, never as Markdown or HTML.
    st.dataframe(
        [
            {
                "Sentence": f.sentence,
                "Where": f"{f.start}–{f.end}",
                "Claim": f.claim or "(untracked)",
                "What it claims": f.claim_text or "a health claim no claim file covers",
                "Asserts": {"claim": "the claim", "opposite": "its opposite"}.get(
                    f.asserts or "", "—"
                ),
                "Rating": RATING_BADGES.get(f.rating or "", "—"),
                "Certainty": (f.certainty or "—").replace("_", " "),
                "Overclaims": ", ".join(f.overclaims),
                "Key studies (PMID)": ", ".join(str(p) for p in f.pmids),
            }
            for f in report.findings
        ],
        hide_index=True,
        column_config={"Sentence": st.column_config.TextColumn(width="large")},
    )


def main() -> None:
    st.title("Check a text")
    st.caption(
        "Paste a clinic page, a blog post or a product listing, or upload a text file. Each "
        "sentence is matched against the tracked claims; a claim's rating comes from its "
        "stored grade, and wording no evidence could back (permanent, guaranteed, no risk, "
        "all skin types, painless, numeric promises) is flagged beside it."
    )
    try:
        matcher = claim_matcher()
    except TrackerError as exc:
        st.error(f"The claim files cannot be read: {exc}", icon="🛑")
        st.stop()
    with st.form("check"):
        pasted = st.text_area("Marketing text", height=220, placeholder=EXAMPLE)
        upload = st.file_uploader("…or upload a text file (UTF-8, up to 1 MB)", type=["txt", "md"])
        submitted = st.form_submit_button("Check", type="primary")
    if not submitted:
        return
    text = _text(pasted, upload.getvalue() if upload else None, upload.name if upload else "")
    if text is None:
        return
    reader = _reader()
    report = check_text(text, matcher, reader.evidence_loader() if reader else None)
    _show(report)
    if report.claims and not report.graded:
        st.info(
            NOT_GRADED_NOTE
            + ("" if reader else " (the database cannot be read: see the Overview page)"),
            icon="🧭",
        )
    elif reader is not None:
        components.sample_notice(reader.contents())


main()
