"""How well the graded evidence backs what a sentence asserts: the rating table.

The rating is read from the claim's stored profile (`claim_summary`): its verdict label and
its GRADE certainty. One table, documented in the README:

    verdict label           high / moderate     low / very low      insufficient
    Supported               supported           weakly supported    not established
    Contradicted            contradicted        contradicted        not established
    Not supported           contradicted        not established     not established
    Mixed                   not established     not established     not established
    Insufficient evidence   not established     not established     not established

A sentence asserting the claim's opposite ("reduces collagen") is rated against the inverted
verdict: Supported and Contradicted swap, Not supported counts as Mixed (evidence of no
effect backs neither "it works" nor "it does the reverse"), the others stay. Contradicted
stays "contradicted" at any rated certainty: for a safety claim, reported cases of the harm
it denies are enough to refute "no risk"; for a benefit, harm outweighing no effect is itself
the signal. A claim with no stored profile is "not graded".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from tracker import store
from tracker.evidence.grade import Certainty, ClaimProfile, VerdictLabel
from tracker.export import key_studies
from tracker.store import views

Rating = Literal["supported", "weakly supported", "not established", "contradicted", "not graded"]
RATINGS: tuple[Rating, ...] = (
    "supported", "weakly supported", "not established", "contradicted", "not graded"
)  # fmt: skip
KEY_STUDIES = 3  # PMIDs shown beside a rating

_STRONG: frozenset[Certainty] = frozenset({"high", "moderate"})
_WEAK: frozenset[Certainty] = frozenset({"low", "very_low"})
_INVERTED: dict[VerdictLabel, VerdictLabel] = {
    "Supported": "Contradicted",
    "Contradicted": "Supported",
    "Not supported": "Mixed",
    "Mixed": "Mixed",
    "Insufficient evidence": "Insufficient evidence",
}


def rate(certainty: Certainty, label: VerdictLabel, *, opposite: bool = False) -> Rating:
    """The table above; `opposite` rates the claim's opposite."""
    if opposite:
        label = _INVERTED[label]
    if certainty not in _STRONG and certainty not in _WEAK:
        return "not established"
    if label == "Supported":
        return "supported" if certainty in _STRONG else "weakly supported"
    if label == "Contradicted":
        return "contradicted"
    if label == "Not supported" and certainty in _STRONG:
        return "contradicted"
    return "not established"


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """What the database says about one claim, as the checker shows it."""

    claim_id: str
    certainty: Certainty
    verdict_label: VerdictLabel
    verdict: str
    pmids: tuple[int, ...]  # the strongest included studies, strongest first

    def rating(self, *, opposite: bool) -> Rating:
        return rate(self.certainty, self.verdict_label, opposite=opposite)


def load_evidence(*, session: Session, claim_ids: Iterable[str]) -> dict[str, ClaimEvidence]:
    """The stored profile and key studies of each claim that has been graded."""
    found: dict[str, ClaimEvidence] = {}
    for row in store.summaries(session=session, claim_ids=claim_ids):
        if not row.profile:
            continue
        try:
            profile = ClaimProfile.from_json(row.profile)
        except ValueError:
            continue  # a malformed stored profile is shown as not graded, not as a crash
        studies = views.claim_studies(session=session, claim_id=row.claim_id)
        found[row.claim_id] = ClaimEvidence(
            claim_id=row.claim_id,
            certainty=profile.certainty,
            verdict_label=profile.verdict_label,
            verdict=profile.verdict,
            pmids=tuple(s.pmid for s in key_studies(studies, limit=KEY_STUDIES)),
        )
    return found


EvidenceMap = Mapping[str, ClaimEvidence]
