"""Relevance: microneedling as the procedure studied, for the claim's topic."""

from __future__ import annotations

import pytest

from tests.claim_contexts import claim as claim_of
from tracker.evidence.relevance import assess_relevance
from tracker.evidence.study import StudyInput


def relevant(title: str, abstract: str, claim: str | None = "acne-scars") -> tuple[bool, str]:
    context = claim_of(claim) if claim else None
    finding = assess_relevance(StudyInput(title=title, abstract=abstract), context)
    return finding.value, str(finding.rule)


@pytest.mark.parametrize(
    "title",
    [
        "Microneedling for atrophic acne scars",
        "Dermaroller therapy in acne scarring",
        "Fractional microneedle radiofrequency for acne scars",
        "Percutaneous collagen induction for acne scars",
        "Skin needling of post-acne scars",
    ],
)
def test_the_procedure_under_its_names(title: str) -> None:
    assert relevant(title, "Twenty patients were treated.")[0]


def test_drug_patches_are_relevant_only_to_the_drug_delivery_claim() -> None:
    title = "Dissolving microneedle patch loaded with hyaluronic acid for wrinkles"
    abstract = "The patch was applied twice weekly for 8 weeks. Wrinkles improved."
    assert relevant(title, abstract, "photoaging-wrinkles") == (False, "text:patch-not-procedure")
    assert relevant(title, abstract, "drug-delivery")[0]


@pytest.mark.parametrize(
    "abstract",
    [
        "Fractional lasers are the mainstay. Options such as peels, fillers and microneedling "
        "are briefly mentioned.",
        "Unlike microneedling, botulinum toxin reduces sebum output. Pores shrank.",
        "PRP is delivered by injection or combined with microneedling or fractional lasers.",
    ],
)
def test_a_passing_mention_is_not_relevant(abstract: str) -> None:
    assert relevant("Treatment of acne scars", abstract) == (False, "text:passing-mention")


def test_a_single_mention_can_still_be_the_subject_of_the_study() -> None:
    abstract = (
        "Minoxidil is recommended for all patients. Microneedling in combination with minoxidil is "
        "suggested for poor responders."
    )
    assert relevant("Guideline for hair loss", abstract, "androgenetic-alopecia")[0]


def test_a_study_off_the_claims_topic_is_not_relevant() -> None:
    title = "Microneedle radiofrequency for inflammatory acne vulgaris"
    abstract = "Inflammatory lesion counts fell by 70% after microneedling in 18 patients."
    assert relevant(title, abstract, "acne-scars") == (False, "text:off-topic")
    assert relevant(title, abstract, None)[0]
    # The topic named only to be set aside is still off the topic.
    set_aside = abstract + " Scars were not assessed."
    assert relevant(title, set_aside, "acne-scars") == (False, "text:off-topic")
    assessed = abstract + " Scars were graded at 3 months."
    assert relevant(title, assessed, "acne-scars")[0]


def test_no_microneedling_at_all() -> None:
    assert relevant("Chemical peels for acne scars", "Peels improved scars.") == (
        False,
        "text:no-microneedling",
    )
