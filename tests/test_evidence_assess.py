"""The assess() entry point, and properties that must hold for any text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.claim_contexts import claim, repository_claims
from tracker.evidence.assess import assess
from tracker.evidence.labels import DESIGNS, DIRECTIONS
from tracker.evidence.size import extract_participants
from tracker.evidence.study import ClaimContext, StudyInput
from tracker.pubmed.records import AbstractSection, ArticleRecord, MeshTerm

TRIAL = StudyInput(
    pmid=1,
    title="Microneedling versus peel for acne scars: a randomized split-face trial",
    abstract=(
        "BACKGROUND: Acne scars are common. METHODS: Thirty patients (60 face halves) were "
        "randomized to microneedling on one side and a peel on the other side. RESULTS: Both "
        "sides improved (p < 0.01). CONCLUSIONS: Microneedling was as effective as the peel."
    ),
    publication_types=("Journal Article",),
    mesh_terms=("Humans",),
)


def test_assess_combines_every_field_with_its_source() -> None:
    result = assess(TRIAL, claim("vs-lasers-peels"))
    assert result.design.value == "rct"
    assert result.design.source == "text"
    assert result.rct_within_person
    assert (result.participants.value, result.n_unit) == (30, "face halves")
    assert result.direction.value == "supports"
    assert result.direction.evidence == "Microneedling was as effective as the peel."
    assert result.relevant.value
    assert result.human and not result.animal_or_in_vitro
    assert not result.retracted and not result.expression_of_concern


def test_a_protocol_has_no_direction_whatever_outcomes_it_names() -> None:
    protocol = StudyInput(
        title="Needling versus laser for acne scars: protocol for a randomised trial",
        abstract=(
            "Methods and analysis: This trial will enrol 120 adults. Secondary outcomes include "
            "post-inflammatory hyperpigmentation and downtime."
        ),
    )
    result = assess(protocol, claim("acne-scars"))
    assert (result.design.value, result.direction.value) == ("other", "unclear")
    assert result.direction.rule == "text:protocol-no-results"


def test_a_record_not_relevant_to_the_claim_has_no_direction_for_it() -> None:
    patch = StudyInput(
        title="Dissolving hyaluronic acid microneedle patches for crow's feet",
        abstract="Forty women applied a dissolving microneedle patch nightly. Wrinkles improved.",
    )
    result = assess(patch, claim("photoaging-wrinkles"))
    assert (result.relevant.value, result.direction.value) == (False, "unclear")
    assert result.direction.rule == "text:not-relevant"


def test_comments_and_errata_have_no_direction_of_their_own() -> None:
    comment = StudyInput(
        title="Comment on: PRP added to microneedling in hair loss",
        abstract="The recent trial reported that PRP was not superior to saline with needling.",
        publication_types=("Comment", "Letter"),
    )
    result = assess(comment, claim("prp-combination"))
    assert (result.design.value, result.direction.value) == ("other", "unclear")
    assert result.direction.rule == "text:not-a-study"
    erratum = StudyInput(
        title="Erratum: needling for melasma",
        abstract="The block size was 6, not 4. This error does not affect the results.",
        publication_types=("Published Erratum",),
    )
    assert assess(erratum, claim("melasma")).direction.value == "unclear"


def test_retraction_and_concern_pass_through_or_come_from_publication_types() -> None:
    retracted = StudyInput(title="x", publication_types=("Retracted Publication",))
    assert assess(retracted).retracted
    concern = StudyInput(title="x", expression_of_concern=True)
    assert assess(concern).expression_of_concern
    assert assess(StudyInput(title="x", retracted=True)).retracted


def test_animal_work_is_not_human() -> None:
    study = StudyInput(abstract="Rats were microneedled.", mesh_terms=("Animals", "Rats"))
    result = assess(study)
    assert result.animal_or_in_vitro and not result.human
    assert result.participants.value is None


def test_within_person_flag_is_only_set_for_rcts() -> None:
    study = StudyInput(
        abstract="Scars are common. Twenty patients had microneedling on the right side and a "
        "peel on the left side."
    )
    result = assess(study)
    assert result.design.value == "nonrandomized_controlled"
    assert not result.rct_within_person


def test_study_input_from_a_parsed_record() -> None:
    record = ArticleRecord(
        pmid=7,
        title="T",
        abstract="A",
        abstract_sections=[AbstractSection("A", "METHODS", "METHODS")],
        publication_types=["Journal Article"],
        mesh_terms=[MeshTerm("Humans"), MeshTerm("Cicatrix", major=True)],
        retracted=True,
    )
    study = StudyInput.from_record(record)
    assert study.mesh_terms == ("Humans", "Cicatrix")
    assert study.abstract_sections == (AbstractSection("A", "METHODS", "METHODS"),)
    assert study.retracted and study.pmid == 7


# --------------------------------------------------------------------- properties

WORDS = [
    "patients", "women", "randomized", "microneedling", "scars", "split-face", "no", "not",
    "PIH", "improved", "significant", "Methods:", "Results:", "Conclusion:", "review", "rats",
    "vs.", "et al.", "mm", "%", "(", ")", ";", ",", ".", "n =", "aged", "years", "sessions",
    "Twenty-four", "hundred", "and", "of", "the", "a", "case", "sham", "laser", "PRP",
]  # fmt: skip
fragments = st.lists(
    st.one_of(st.sampled_from(WORDS), st.integers(0, 3000).map(str), st.text(max_size=8)),
    max_size=60,
).map(" ".join)
claims = st.one_of(st.none(), st.sampled_from(sorted(repository_claims().values(), key=str)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=fragments, abstract=fragments, claim=claims, types=st.lists(st.sampled_from(
    ["Journal Article", "Review", "Case Reports", "Clinical Trial", "Letter", "Meta-Analysis"]
)))  # fmt: skip
def test_assess_never_raises_and_returns_known_labels(
    title: str, abstract: str, claim: ClaimContext | None, types: list[str]
) -> None:
    study = StudyInput(title=title, abstract=abstract, publication_types=tuple(types))
    for use_types in (True, False):
        result = assess(study, claim, use_publication_types=use_types)
        assert result.design.value in DESIGNS
        assert result.direction.value in DIRECTIONS
        assert result.human != result.animal_or_in_vitro
        assert result.rct_within_person <= (result.design.value == "rct")


@settings(max_examples=150, deadline=None)
@given(
    sections=st.lists(
        st.builds(
            AbstractSection,
            fragments,
            st.one_of(st.none(), st.sampled_from(["METHODS", "RESULTS", "CONCLUSIONS", "Odd"])),
            st.one_of(st.none(), st.sampled_from(["METHODS", "UNASSIGNED", "CONCLUSIONS"])),
        ),
        max_size=5,
    )
)
def test_structured_abstracts_of_any_shape_are_read(sections: list[AbstractSection]) -> None:
    result = assess(StudyInput(abstract_sections=tuple(sections)), claim("pih-risk"))
    assert result.direction.value in DIRECTIONS


# Numbers written in digits only, so that every number in the text can be listed independently.
digit_fragments = st.lists(
    st.one_of(
        st.sampled_from([w for w in WORDS if w not in ("Twenty-four", "hundred")]),
        st.integers(0, 3000).map(str),
        st.integers(1000, 9999).map(lambda n: f"{n:,}"),
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(abstract=digit_fragments)
def test_participants_are_never_a_number_absent_from_the_text(abstract: str) -> None:
    finding, _ = extract_participants(StudyInput(abstract=abstract))
    if finding.value is None:
        return
    if finding.rule in ("text:single-case", "pt:Case Reports"):
        assert finding.value == 1  # a case report counts its one patient
        return
    assert finding.evidence is not None and finding.evidence in " ".join(abstract.split())
    written = {int(d.replace(",", "")) for d in re.findall(r"\d+(?:,\d{3})*", finding.evidence)}
    assert finding.value in written
