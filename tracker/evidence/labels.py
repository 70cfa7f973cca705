"""The label vocabularies shared by the classifiers, the grader, the store and the dashboard."""

from __future__ import annotations

from typing import Literal, get_args

Design = Literal[
    "meta_analysis",
    "systematic_review",
    "rct",
    "nonrandomized_controlled",
    "cohort_or_case_series",
    "case_report",
    "narrative_review",
    "guideline_or_consensus",
    "animal_or_in_vitro",
    "other",
]
Direction = Literal["supports", "no_effect", "harms", "mixed", "unclear"]
Source = Literal["publication_type", "text", "curator", "none"]
Polarity = Literal["benefit", "safety"]
# What a claim asserts, declared in its file: that microneedling works (efficacy), that an agent
# added to it helps (adjunct), that it matches or beats another treatment (versus), or that it
# is free of a harm (safety).
Asserts = Literal["efficacy", "adjunct", "versus", "safety"]
# The devices a claim is about: the skin-needling procedure, or microneedle drug patches.
Device = Literal["procedure", "patch"]
# Cochrane overall risk of bias of a trial or controlled study.
RiskOfBias = Literal["low", "some_concerns", "high"]
# What a systematic review or meta-analysis says about the certainty of its own evidence.
StatedCertainty = Literal["high", "moderate", "low", "very_low"]
# Why a study is indirect evidence for a claim about microneedling: a combination regimen where
# microneedling's own effect is not isolated, only laboratory or surrogate outcomes, or a device
# that is not skin needling.
Indirectness = Literal["combination", "surrogate", "device"]

# Ordered from the strongest level of evidence to the weakest (the evidence pyramid).
DESIGNS: tuple[Design, ...] = get_args(Design)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
RISKS_OF_BIAS: tuple[RiskOfBias, ...] = get_args(RiskOfBias)

DESIGN_LABELS: dict[Design, str] = {
    "meta_analysis": "Meta-analysis",
    "systematic_review": "Systematic review",
    "rct": "Randomised controlled trial",
    "nonrandomized_controlled": "Non-randomised controlled study",
    "cohort_or_case_series": "Cohort or case series",
    "case_report": "Case report",
    "narrative_review": "Narrative review",
    "guideline_or_consensus": "Guideline or consensus",
    "animal_or_in_vitro": "Animal or in-vitro study",
    "other": "Other (letter, editorial, comment)",
}

ROB_LABELS: dict[str, str] = {
    "low": "Low risk",
    "some_concerns": "Some concerns",
    "high": "High risk",
    "unclear": "Unclear",
}
