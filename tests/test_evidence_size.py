"""Participants: people enrolled, abstaining rather than guessing."""

from __future__ import annotations

import pytest

from tracker.evidence.size import extract_participants
from tracker.evidence.study import StudyInput
from tracker.pubmed.records import AbstractSection


def count(abstract: str, title: str = "", types: tuple[str, ...] = ()) -> int | None:
    finding, _ = extract_participants(
        StudyInput(title=title, abstract=abstract, publication_types=types)
    )
    return finding.value


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Acne scars are common. Thirty patients were treated with microneedling.", 30),
        ("Scars are common. Patients (n = 24) received four sessions.", 24),
        ("Scars are common. A total of 60 subjects were randomized to two arms.", 60),
        ("Scars are common. Forty-two women with striae distensae were enrolled.", 42),
        ("Scars are common. One hundred and twenty participants were included.", 120),
        ("Scars are common. Twenty-four healthy volunteers took part.", 24),
        ("Scars are common. We surveyed 212 patients who had undergone microneedling.", 212),
        ("Scars are common. Thirty patients (27 females and 3 males) were enrolled.", 30),
        # The sample after "a study of", "data from", and in a methods section after "in".
        ("Scars are common. This is a prospective cohort study of 163 consecutive patients.", 163),
        ("Scars are common. Data were collected from 90 subjects at three visits.", 90),
        ("BACKGROUND: Scars are common. METHODS: Scarring was graded in 48 adults.", 48),
        # People named by role or in pairs, and up to four words between number and noun.
        ("Scars are common. A total of 2,458 couples undergoing IVF took part.", 2458),
        ("Scars are common. A total of 62 mother\u2013infant pairs were recruited.", 62),
        ("Scars are common. 27 Egyptian adult acne scar patients were enrolled.", 27),
        ("Scars are common. We surveyed 230 board-certified dermatologists.", 230),
        # A total followed by its parts is the total, whatever links the parts.
        (
            "Scars are common. Forty patients were recruited, 20 women with rolling scars and 20 "
            "women with boxcar scars.",
            40,
        ),
        (
            "Scars are common. Casts were collected from 90 subjects (30 controls, 30 patients "
            "with scars, and 30 with keloids).",
            90,
        ),
        # The people the counted units belong to, even in a results section.
        ("METHODS: Scars were needled. RESULTS: Scores improved in 56 scars of 28 patients.", 28),
        # The sample named again, and the sample a purpose sentence names.
        ("Scars are common. Of the 75 participants, 40 reported pain.", 75),
        ("RESULTS: Responses from 305 users were analysed; 19% reported redness.", 305),
        ("Scars are common. We studied patients with atrophic acne scars (n = 30).", 30),
        ("Scars are common. The study included 100 eyes of 50 consecutively treated patients.", 50),
        (
            "Scars are common. The sample included 384 adults with repeated scans (1-3 per adult, "
            "total scans n = 753).",
            384,
        ),
        ("Scars are common. These 99 participants had a mean age of 41 years.", 99),
        ("Scars are common. We aimed to evaluate collagen remodelling in 27 obese people.", 27),
        ("Scars are common. A group of 120 transplant recipients received needling.", 120),
        # A pool the sample was drawn from, raters and shares are not the sample.
        (
            "Scars are common. Patients were selected from a registry of 11,000 patients. A total "
            "of 141 patients were enrolled in this study.",
            141,
        ),
        (
            "Scars are common. Thirty patients were enrolled. Photographs were graded by two "
            "blinded dermatologists.",
            30,
        ),
        (
            "Scars are common. We reviewed 300 patients. Overall, 29 patients (9.7%) were "
            "treated without a test.",
            300,
        ),
        # The practitioners who answered a survey are its sample, not raters.
        (
            "An online questionnaire was sent to society members. A total of 214 practitioners "
            "responded (response rate 23%); they had performed a median of 300 procedures.",
            214,
        ),
        # "performed a study in 24 men" enrols them; completers are fewer.
        (
            "Scars are common. We performed a half-head study in 24 men with hair loss. "
            "Twenty-one men completed the study. Sides did not differ in 17 of 21 men.",
            24,
        ),
    ],
)
def test_counts_people_in_common_wordings(abstract: str, expected: int) -> None:
    assert count(abstract) == expected


def test_enrolled_beats_completed_and_subgroup_counts() -> None:
    abstract = (
        "Melasma is common. Sixty-four patients were randomly allocated to two groups of 32 "
        "patients each. Fifty-eight patients completed the study. Improvement was seen in 20 "
        "patients in the microneedling group."
    )
    assert count(abstract) == 64


def test_denominator_of_completers_is_the_enrolled_number() -> None:
    abstract = "Scars are common. Of the 40 subjects enrolled, 35 completed the study."
    assert count(abstract) == 40


def test_people_and_other_units_are_told_apart() -> None:
    finding, unit = extract_participants(
        StudyInput(abstract="Scars are common. Twenty patients (40 scars) were treated.")
    )
    assert (finding.value, unit) == (20, "scars")
    finding, unit = extract_participants(
        StudyInput(abstract="Wrinkles are common. Twenty women (40 hemifaces) were enrolled.")
    )
    assert (finding.value, unit) == (20, "face halves")


@pytest.mark.parametrize(
    "abstract",
    [
        "Patients aged 18-45 years received 4 sessions of 1.5 mm needling at 4-week intervals.",
        "Improvement was 45% (p = 0.03) after 12 weeks with 2 mg/mL tranexamic acid in 2019.",
        "Improvement was excellent in 15 patients and good in 8 patients.",
        "Patients were divided into two groups of 15 patients each.",
        "A total of 80 participants will be randomised to two arms.",
        # Two groups and no total: neither group is the number studied.
        "We performed a cross-sectional study including 106 patients and 56 healthy individuals.",
        "Thirteen patients with scars (treated and untreated sides) and 13 healthy controls took "
        "part.",
        "Thirteen patients with scars and 13 healthy controls completed the questionnaires.",
        "The participants were (i) 1324 adults without scars and (ii) 66 adults with scars.",
        "Participants included 1723 scar patients and 11,145 age-matched, scar-free women.",
        "Patients were divided into two groups: 30 patients received needling alone.",
        "Patients with scars (n = 61), patients with keloids (n = 35) and healthy women (n = 30) "
        "were compared.",
    ],
)
def test_abstains_when_no_enrolled_number_is_stated(abstract: str) -> None:
    assert count("Acne scars are common. " + abstract) is None


def test_evidence_is_the_sentence_the_number_came_from() -> None:
    finding, _ = extract_participants(
        StudyInput(abstract="Striae are common. We randomized 36 women to two arms. All improved.")
    )
    assert finding.evidence == "We randomized 36 women to two arms."
    assert finding.source == "text"


def test_structured_methods_outweigh_results() -> None:
    study = StudyInput(
        abstract_sections=(
            AbstractSection("Scars are common.", "BACKGROUND", "BACKGROUND"),
            AbstractSection("Fifty patients received needling.", "METHODS", "METHODS"),
            AbstractSection("Forty patients improved by one grade.", "RESULTS", "RESULTS"),
        )
    )
    assert extract_participants(study)[0].value == 50


def test_case_report_is_one_patient_unless_it_says_more() -> None:
    assert count("We report a 29-year-old woman who developed hyperpigmentation.") == 1
    assert count("We present two cases of tram-track scarring after microneedling.") == 2
    assert count("", title="Granuloma after microneedling", types=("Case Reports",)) == 1
    # The authors may say whom they present after a long introduction.
    late = (
        "Needling is common. Devices vary. Depths vary. Infection is rare. Granulomas are rarer. "
        "The authors present two patients with granulomas after needling."
    )
    assert count(late, types=("Case Reports",)) == 2


def test_digits_glued_to_letters_count_nothing() -> None:
    text = "Scars are common. Forty patients were enrolled; the MMP2 patients were analysed."
    assert count(text) == 40
    assert count("Scars are common. The COL3 patients were analysed in the laboratory.") is None


def test_reviews_give_only_a_pooled_number_of_people() -> None:
    pooled = "We searched PubMed. Eleven RCTs with 512 patients were included."
    assert count(pooled, title="Microneedling: a systematic review") == 512
    beside = "We searched PubMed. Eight trials (n = 531) were included."
    assert count(beside, title="Microneedling: a meta-analysis") == 531
    ranges = "We searched PubMed. Twelve studies with 10 to 60 patients each were included."
    assert count(ranges, title="Microneedling: a systematic review") is None
    assert count("In this review we discuss 20 patients treated by our group.") is None


def test_animal_and_laboratory_studies_have_no_participants() -> None:
    finding, _ = extract_participants(
        StudyInput(abstract="Twenty-four Wistar rats (n = 24) were treated with microneedling.")
    )
    assert finding.value is None
    assert finding.rule == "text:not-human"
