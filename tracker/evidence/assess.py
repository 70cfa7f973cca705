"""The one entry point: everything the tracker says about a study, for one claim."""

from __future__ import annotations

import functools

from tracker.evidence.bias import RiskOfBias, StatedLevel, assess_risk_of_bias, stated_certainty
from tracker.evidence.design import DesignFinding, classify_design
from tracker.evidence.direction import classify_direction
from tracker.evidence.directness import indirectness
from tracker.evidence.relevance import assess_relevance
from tracker.evidence.size import participants_for
from tracker.evidence.study import Assessment, ClaimContext, Finding, StudyInput
from tracker.evidence.text import read

_RETRACTION_TYPES = frozenset({"retracted publication"})
_REVIEW_DESIGNS = frozenset({"meta_analysis", "systematic_review"})
_CONCERN_TYPES = frozenset({"expression of concern"})
_PROTOCOL_RULES = frozenset({"text:protocol", "pt:Clinical Trial Protocol"})
# Notices and opinion about other papers: whatever they say, they report no result of their own.
_NOTICE_TYPES = frozenset(
    {"comment", "editorial", "published erratum", "retraction of publication", "news"}
)


def assess(
    study: StudyInput, claim: ClaimContext | None = None, *, use_publication_types: bool = True
) -> Assessment:
    """Design, participants, direction, relevance and flags for `study`, read for `claim`.

    With `use_publication_types=False` the design is read from the title and abstract alone,
    as it must be for records NLM has not indexed yet (used to measure the text rules).
    """
    design, within, participants, unit, risk, stated = _claim_free(study, use_publication_types)
    animal = design.value == "animal_or_in_vitro"
    types = {" ".join(t.split()).lower() for t in study.publication_types}
    relevant = assess_relevance(study, claim)
    direction = classify_direction(study, claim)
    # A protocol has no results yet: whatever outcomes it names, it says nothing for or
    # against the claim.
    if design.rule in _PROTOCOL_RULES:
        direction = Finding("unclear", design.source, design.evidence, "text:protocol-no-results")
    elif design.value == "other" and (
        design.rule == "text:non-research-title" or types & _NOTICE_TYPES
    ):
        direction = Finding("unclear", design.source, design.evidence, "text:not-a-study")
    # A study that does not evaluate microneedling for this claim says nothing about the claim,
    # whatever it concludes about its own subject (a drug patch, active acne).
    elif not relevant.value:
        direction = Finding("unclear", relevant.source, relevant.evidence, "text:not-relevant")
    return Assessment(
        design=design,
        rct_within_person=within and design.value == "rct",
        participants=participants,
        n_unit=unit,
        direction=direction,
        human=not animal,
        animal_or_in_vitro=animal,
        retracted=study.retracted or bool(types & _RETRACTION_TYPES),
        expression_of_concern=study.expression_of_concern or bool(types & _CONCERN_TYPES),
        relevant=relevant,
        risk_of_bias=risk,
        stated_certainty=stated,
        indirect=indirectness(study, claim, design.value),
    )


# Design and participants do not depend on the claim; a study linked to several claims is
# assessed once per claim, so they are kept for the last few studies.
@functools.lru_cache(maxsize=64)
def _claim_free(
    study: StudyInput, use_publication_types: bool
) -> tuple[
    DesignFinding,
    bool,
    Finding[int | None],
    str | None,
    RiskOfBias | None,
    Finding[StatedLevel] | None,
]:
    design, within = classify_design(study, use_publication_types=use_publication_types)
    participants, unit = participants_for(read(study), design)
    risk = assess_risk_of_bias(
        study, design.value, within_person=within, enrolled=participants.value
    )
    # Only a review speaks for the certainty of a body of evidence.
    stated = stated_certainty(study) if design.value in _REVIEW_DESIGNS else None
    return design, within, participants, unit, risk, stated
