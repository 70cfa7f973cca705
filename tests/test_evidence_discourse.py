"""Review and overview cues: articles that report no study of their own."""

from __future__ import annotations

import pytest

from tracker.evidence.discourse import (
    METHOD_GUIDE,
    overview,
    primary_research_trace,
    stated_review,
)
from tracker.evidence.study import StudyInput
from tracker.evidence.text import Document, normalise, read


def doc_of(abstract: str, title: str = "") -> Document:
    return read(StudyInput(title=title, abstract=abstract))


# --------------------------------------------------------------------- the article says so


@pytest.mark.parametrize(
    "abstract",
    [
        "This chapter briefly reviews how needling devices evolved. Cells respond to injury.",
        "Skin repair is complex. We will review what is known about collagen induction.",
    ],
)
def test_an_article_that_reviews_is_a_review_even_beside_primary_research_words(
    abstract: str,
) -> None:
    # Laboratory words ("cells") would otherwise make the essay cues stand down.
    assert stated_review(doc_of(abstract), primary_research=True) is not None


@pytest.mark.parametrize(
    "abstract",
    [
        "Needling depth matters. We will briefly discuss how depth changes collagen remodelling.",
        "Scarring is common. We briefly describe how needles injure the dermis.",
        "Needling hurts. The purpose of this paper is to outline options for pain control.",
    ],
)
def test_essay_wording_counts_without_primary_research(abstract: str) -> None:
    doc = doc_of(abstract)
    assert stated_review(doc, primary_research=False) is not None
    assert stated_review(doc, primary_research=True) is None


@pytest.mark.parametrize(
    "title",
    [
        "How to conduct a meta-analysis of skin treatments: a step-by-step guide",
        "A tutorial on performing systematic reviews in dermatology",
    ],
)
def test_guides_to_doing_reviews_are_recognised(title: str) -> None:
    assert METHOD_GUIDE.search(normalise(title))


@pytest.mark.parametrize(
    "title",
    [
        "Microneedling for acne scars: a systematic review and meta-analysis",
        "A guide to microneedling devices",
    ],
)
def test_reviews_and_plain_guides_are_not_method_guides(title: str) -> None:
    assert not METHOD_GUIDE.search(normalise(title))


# --------------------------------------------------------------------- primary research


@pytest.mark.parametrize(
    "abstract",
    [
        "Needle wounds close quickly. Wound closure was measured at three time points.",
        "Collagen is key. The results indicate that needling raises collagen density.",
        "Collagen is key. The gel was buffered at pH 7 and 37 degrees before use.",
        "Scars are common. Improvement was seen in 64% of the patients after needling.",
        "Scars are common. Mean scores fell (95% CI 1.2 to 3.4).",
        "Scars are common. Evidence is presented that needling thickens the dermis.",
    ],
)
def test_traces_of_primary_research(abstract: str) -> None:
    assert primary_research_trace(doc_of(abstract)) is not None


def test_a_methods_section_is_a_trace_of_primary_research() -> None:
    study = StudyInput(abstract="BACKGROUND: Scars are common. METHODS: Skin was needled.")
    assert primary_research_trace(read(study)) is not None


def test_general_statements_leave_no_trace_of_primary_research() -> None:
    abstract = (
        "Acne scars are common after inflammatory acne. They impair quality of life. "
        "Several treatments are available."
    )
    assert primary_research_trace(doc_of(abstract)) is None


# --------------------------------------------------------------------- overviews


def test_an_argument_without_primary_research_is_an_overview() -> None:
    abstract = (
        "Atrophic scars form when dermal collagen is lost. Needling injures the dermis. "
        "We propose that controlled injury is the common mechanism of all resurfacing methods."
    )
    found = overview(doc_of(abstract))
    assert found is not None and found.text.startswith("We propose that")


def test_an_argument_next_to_measurements_is_no_overview() -> None:
    abstract = (
        "Atrophic scars form when dermal collagen is lost. Dermal thickness was measured by "
        "ultrasound in 12 volunteers. We propose that controlled injury drives remodelling."
    )
    assert overview(doc_of(abstract)) is None


def test_advice_in_two_sentences_is_an_overview() -> None:
    abstract = (
        "Striae are a frequent cosmetic concern. Topical retinoids should be tried first in "
        "early lesions. Needling may be considered when topical treatment fails."
    )
    assert overview(doc_of(abstract)) is not None


def test_a_single_piece_of_advice_is_no_overview() -> None:
    abstract = (
        "Striae are a frequent cosmetic concern. Needling thickens the epidermis. "
        "Patients should avoid sun exposure afterwards."
    )
    assert overview(doc_of(abstract)) is None


def test_the_literature_summarised_under_an_essay_title_is_an_overview() -> None:
    abstract = (
        "Needling has moved from tattoo parlours to clinics. Many studies have shown gains in "
        "scar texture. The mechanism remains debated."
    )
    title = "Collagen induction therapy: perspectives and challenges"
    assert overview(doc_of(abstract, title)) is not None
    # A title that reports a study is no essay title, and the literature alone is one cue.
    assert overview(doc_of(abstract, "Needling in forty women with striae")) is None


@pytest.mark.parametrize("title", ["Topical anaesthesia.", "Acute low back pain", "Melasma"])
def test_a_bare_topic_title_with_general_statements_is_an_overview(title: str) -> None:
    abstract = (
        "Melasma is one of the most common pigmentary complaints. Hormones and light both play "
        "a part. Treatment combines photoprotection with lightening agents."
    )
    assert overview(doc_of(abstract, title)) is not None
    # Either cue alone is not enough.
    assert overview(doc_of(abstract, "Light and hormones in pigmentation of the face")) is None
    plain = "Hormones and light both play a part. Treatment combines photoprotection with agents."
    assert overview(doc_of(plain + " It takes months.", title)) is None


@pytest.mark.parametrize(
    "title",
    ["Does needling work?", "Needling versus peels", "Needling improves scars", "A case"],
)
def test_short_titles_that_report_or_ask_are_no_bare_topics(title: str) -> None:
    abstract = (
        "Scarring is a common complaint. Needling has been used for decades. Results vary "
        "between devices."
    )
    assert overview(doc_of(abstract, title)) is None


def test_too_short_an_abstract_is_no_overview() -> None:
    assert overview(doc_of("We propose that needling works. It is safe.")) is None
