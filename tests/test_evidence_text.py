"""Sentence splitting, sections, numbers and negation scope."""

from __future__ import annotations

import pytest

from tracker.evidence.study import StudyInput
from tracker.evidence.text import (
    PEOPLE_COUNT,
    negated,
    normalise,
    numbers_in,
    parse_number,
    read,
    section_of_label,
    split_sentences,
)
from tracker.pubmed.records import AbstractSection


def test_split_keeps_abbreviations_initials_and_decimals_inside_sentences() -> None:
    text = (
        "Microneedling vs. laser was compared (Smith et al. 2019). Depth was 1.5 mm in the U.S. "
        "Food and Drug Administration cleared device. P < .001 was reached. mMASI fell."
    )
    assert split_sentences(text) == [
        "Microneedling vs. laser was compared (Smith et al. 2019).",
        "Depth was 1.5 mm in the U.S. Food and Drug Administration cleared device.",
        "P < .001 was reached.",
        "mMASI fell.",
    ]


def test_structured_sections_keep_their_nlm_category_or_label() -> None:
    study = StudyInput(
        title="A trial",
        abstract_sections=(
            AbstractSection("Acne scars are common.", "INTRODUCTION", None),
            AbstractSection("We enrolled 20 patients.", "Patients and Methods", None),
            AbstractSection("Scores fell.", "FINDINGS", "RESULTS"),
            AbstractSection("It works.", "CONCLUSIONS AND RELEVANCE", None),
        ),
    )
    doc = read(study)
    assert [s.section for s in doc.sentences] == [
        "background",
        "methods",
        "results",
        "conclusions",
    ]
    assert doc.structured
    assert [s.text for s in doc.conclusion()] == ["It works."]


def test_flat_abstract_with_inline_headings_is_split_into_sections() -> None:
    doc = read(
        StudyInput(
            abstract="Background: Scars hurt. Methods: Ten patients were treated. Group A: "
            "needling. Results: All improved. Conclusions: Needling helps."
        )
    )
    assert [(s.section, s.text) for s in doc.sentences] == [
        ("background", "Scars hurt."),
        ("methods", "Ten patients were treated."),
        ("methods", "Group A: needling."),  # not a known heading, so not a new section
        ("results", "All improved."),
        ("conclusions", "Needling helps."),
    ]


def test_unstructured_conclusion_is_the_closing_sentences_without_registration() -> None:
    doc = read(
        StudyInput(abstract="One. Two. Three is the verdict. Trial registration: NCT01234567.")
    )
    assert not doc.structured
    assert [s.text for s in doc.conclusion()] == ["Two.", "Three is the verdict."]


def test_translated_title_loses_its_brackets() -> None:
    doc = read(StudyInput(title="[Microneedling in striae distensae]."))
    assert doc.title is not None and doc.title.text == "Microneedling in striae distensae"


@pytest.mark.parametrize(
    ("label", "category", "expected"),
    [
        ("OBJECTIVE", None, "objective"),
        ("Materials & Methods", None, "methods"),
        ("DESIGN, SETTING, AND PARTICIPANTS", None, "methods"),
        ("Whatever", "CONCLUSIONS", "conclusions"),  # NLM's category for an unknown label
        # A label the table knows wins over a category that contradicts it.
        ("RESULTS AND LIMITATIONS", "CONCLUSIONS", "results"),
        ("Background & objectives", "UNASSIGNED", "background"),
        ("TRIAL REGISTRATION", None, "other"),
        ("Something new", None, None),
    ],
)
def test_section_of_label(label: str, category: str | None, expected: str | None) -> None:
    assert section_of_label(label, category) == expected


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("24", 24),
        ("1,263", 1263),
        ("Twenty-four", 24),
        ("one hundred and twenty", 120),
        ("Ninety-four", 94),
        ("two thousand", 2000),
        ("a", None),
        ("eleventy", None),
    ],
)
def test_parse_number(token: str, value: int | None) -> None:
    assert parse_number(token) == value


def test_numbers_in_skips_decimals_ranges_and_p_values() -> None:
    found = [value for value, _, _ in numbers_in("1.5 mm, p = 0.04, aged 18-45, 30 women")]
    assert found == [18, 30]


def test_people_count_needs_a_noun_for_people_right_after_the_number() -> None:
    matches = [
        m.group("number")
        for m in PEOPLE_COUNT.finditer(
            "Thirty consecutive Egyptian patients received 4 sessions of 1.5 mm needling for 12 "
            "weeks; 20 patients (40 scars) and 45 women aged 20 to 40 years took part."
        )
    ]
    assert matches == ["Thirty", "20", "45"]


def test_negation_scope_stops_at_a_clause_boundary() -> None:
    lower = normalise("No infection occurred, but erythema persisted for weeks")
    assert negated(lower, lower.index("infection"))
    assert not negated(lower, lower.index("erythema"))
    lower = normalise("Microneedling did not significantly improve melasma")
    assert negated(lower, lower.index("improve"))
