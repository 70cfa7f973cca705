"""What the grader reads per study: a study linked to a claim, and the same study as graded.

`StudyEvidence` is the automatic assessment plus the curator's overrides, as the store holds
them; `EffectiveStudy` is what `tracker.evidence.grade.effective` makes of it (overrides applied,
non-human studies relabelled, exclusion decided). The rules are in `tracker.evidence.grade`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.evidence.labels import Design, Direction, Indirectness, RiskOfBias, StatedCertainty
from tracker.evidence.profile import ExclusionWhy, OverrideField


@dataclass(frozen=True)
class StudyEvidence:
    """One study linked to a claim: the automatic assessment plus the curator's overrides."""

    pmid: int
    title: str
    year: int | None
    design: Design
    n_participants: int | None
    direction: Direction
    human: bool
    relevant: bool
    rct_within_person: bool = False
    retracted: bool = False
    expression_of_concern: bool = False
    deleted: bool = False  # DeleteCitation from NLM: out of grades, kept for audit
    # Cochrane overall risk of bias of a trial or controlled study; None = not assessed.
    rob_overall: RiskOfBias | None = None
    # Some concerns or high risk on random sequence, allocation concealment or blinding.
    rob_key_concern: bool = False
    # What a systematic review or meta-analysis says about the certainty of its own evidence,
    # and the sentence that says it.
    stated_certainty: StatedCertainty | None = None
    stated_certainty_evidence: str | None = None
    # Combination regimen (microneedling's own effect not isolated), only laboratory or
    # surrogate outcomes, or a device that is not skin needling.
    indirect: Indirectness | None = None
    curator_included: bool | None = None  # None = no override
    curator_design: Design | None = None
    curator_direction: Direction | None = None
    curator_n: int | None = None
    curator_rob: RiskOfBias | None = None  # replaces rob_overall
    curator_note: str | None = None


@dataclass(frozen=True)
class EffectiveStudy:
    """A study as graded: overrides applied, non-human studies relabelled, exclusion decided."""

    pmid: int
    title: str
    year: int | None
    design: Design
    n_participants: int | None
    direction: Direction
    human: bool
    rct_within_person: bool
    expression_of_concern: bool
    excluded_because: ExclusionWhy | None
    overridden: tuple[OverrideField, ...]
    curator_note: str | None
    rob: RiskOfBias | None = None  # the curator's when set
    rob_key_concern: bool = False  # the reader's; a curator's risk of bias clears it
    stated_certainty: StatedCertainty | None = None
    stated_certainty_evidence: str | None = None
    indirect: Indirectness | None = None

    @property
    def included(self) -> bool:
        return self.excluded_because is None
