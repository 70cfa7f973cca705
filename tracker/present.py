"""Words for what a person reads: a grade's reasons, a study's findings, curator labels.

The grader and the readers store codes (`very_low`, `meta_analysis`, `publication_type`,
`True`); the dashboard, `tracker grade` and the Markdown card show them through here, so no
screen prints a code and every screen prints the same words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from tracker.evidence.labels import DESIGN_LABELS, ROB_LABELS
from tracker.evidence.profile import OverrideNote, Reason
from tracker.evidence.wording import CERTAINTY_WORDS, DIRECTION_NAMES, INDIRECT_WORDS

# The heading a reason is shown under; its text begins with the same thing in lower case.
REASON_HEADINGS: dict[str, str] = {
    "start": "Starting point",
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "imprecision": "Imprecision",
    "indirectness": "Indirectness",
    "publication_bias": "Publication bias",
    "review_certainty": "What the reviews say",
    "ceiling": "Ceiling",
    "within_person": "Within-person trials",
    "unclear": "Unclear results",
    "excluded": "Excluded",
    "override": "Curator labels",
}
SOURCE_WORDS: dict[str, str] = {
    "publication_type": "PubMed publication type",
    "text": "title or abstract",
    "curator": "curator",
    "none": "nothing found",
}
FIELD_WORDS: dict[str, str] = {
    "design": "Design",
    "participants": "Participants",
    "direction": "Direction",
    "relevant": "Relevant to the claim",
    "indirect": "Indirect evidence",
    "stated_certainty": "Certainty the review states",
    # The curation audit's field names.
    "included": "Inclusion",
    "n_participants": "Participants",
    "risk_of_bias": "Risk of bias",
    "note": "Note",
}


def certainty_words(code: object) -> str:
    """`very_low` -> "very low"; an unknown or missing value reads as a dash, not "None"."""
    return CERTAINTY_WORDS.get(code, "—") if isinstance(code, str) else "—"  # type: ignore[call-overload]


def reason_line(reason: Reason) -> tuple[str, str]:
    """(heading, words) for one reason, without the "code:" the stored text begins with."""
    heading = REASON_HEADINGS.get(reason.code, reason.code.replace("_", " ").capitalize())
    head, sep, rest = reason.text.partition(": ")
    # The stored text starts with a short lower-case tag ("start:", "risk of bias:"); a
    # reason without one is shown whole.
    body = rest if sep and len(head) <= 30 and not any(c.isdigit() for c in head) else reason.text
    return heading, body[:1].upper() + body[1:]


def finding_words(field: str, value: str) -> str:
    """A stored finding's value in words: design and direction labels, yes/no, not a code."""
    if field == "included":
        return {"True": "include", "False": "exclude"}.get(value, value)
    if field == "design":
        return DESIGN_LABELS.get(value, value)  # type: ignore[call-overload]
    if field == "direction":
        return DIRECTION_NAMES.get(value, value)  # type: ignore[call-overload]
    if field == "indirect" and value in INDIRECT_WORDS:
        return INDIRECT_WORDS[value][0]
    if field == "stated_certainty" or value in CERTAINTY_WORDS:
        return CERTAINTY_WORDS.get(value, value)  # type: ignore[call-overload]
    if value in ROB_LABELS:
        return ROB_LABELS[value]
    return {"True": "yes", "False": "no", "None": "not stated"}.get(value, value)


def override_summary(notes: Sequence[OverrideNote], curated_by: Mapping[int, str | None]) -> str:
    """One line for the curator labels: how many studies, and by whom.

    `curated_by` maps a PMID to who labelled it (a name, or the snapshot's curator).
    """
    who = Counter(curated_by.get(n.pmid) or "an unnamed curator" for n in notes)
    parts = [f"{count} {_by(name)}" for name, count in who.most_common()]
    studies = "study carries a curator label" if len(notes) == 1 else "studies carry curator labels"
    return f"{len(notes)} {studies}: {', '.join(parts)}"


def _by(name: str) -> str:
    # The snapshot's curator is a source, not a person ("offline snapshot (hand-labelled)").
    return f"from the {name}" if name.startswith("offline snapshot") else f"by {name}"
