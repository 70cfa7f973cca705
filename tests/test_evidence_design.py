"""Study design: publication-type priority, and the text rules used when types say nothing."""

from __future__ import annotations

import pytest

from tracker.evidence.design import classify_design, design_from_publication_types
from tracker.evidence.study import StudyInput

RCT_TEXT = (
    "Forty patients with acne scars were randomly assigned to microneedling or chemical peel. "
    "Both groups improved."
)


def design_of(
    abstract: str = "",
    title: str = "",
    types: tuple[str, ...] = (),
    mesh: tuple[str, ...] = (),
    *,
    use_types: bool = True,
) -> tuple[str, bool]:
    study = StudyInput(title=title, abstract=abstract, publication_types=types, mesh_terms=mesh)
    finding, within = classify_design(study, use_publication_types=use_types)
    return finding.value, within


# --------------------------------------------------------------------- publication types


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (("Journal Article", "Randomized Controlled Trial", "Meta-Analysis"), "meta_analysis"),
        (("Review", "Systematic Review", "Randomized Controlled Trial"), "systematic_review"),
        (("Randomized Controlled Trial", "Practice Guideline"), "rct"),
        (("Consensus Development Conference", "Case Reports"), "guideline_or_consensus"),
        (("Case Reports", "Review"), "case_report"),
        (("Review", "Letter"), "narrative_review"),
        (("Letter",), "other"),
        (("Comment", "Journal Article"), "other"),
        (("Published Erratum", "Randomized Controlled Trial"), "other"),
        (("Randomized Controlled Trial, Veterinary",), "animal_or_in_vitro"),
    ],
)
def test_publication_type_priority(types: tuple[str, ...], expected: str) -> None:
    assert design_of("Some text without cues.", types=types)[0] == expected


def test_publication_type_evidence_names_the_type() -> None:
    study = StudyInput(publication_types=("Journal Article", "Randomized Controlled Trial"))
    finding, _ = classify_design(study)
    assert finding.source == "publication_type"
    assert finding.evidence == "Randomized Controlled Trial"
    assert finding.rule == "pt:Randomized Controlled Trial"


def test_clinical_trial_type_is_settled_by_whether_the_text_says_randomised() -> None:
    assert design_of(RCT_TEXT, types=("Clinical Trial",))[0] == "rct"
    single_arm = "Twenty patients received four sessions of microneedling. Scars improved."
    assert design_of(single_arm, types=("Clinical Trial",))[0] == "cohort_or_case_series"
    assert design_of(single_arm, types=("Controlled Clinical Trial",))[0] == (
        "nonrandomized_controlled"
    )


def test_a_compared_trial_without_text_is_a_controlled_study() -> None:
    title = "Needling therapy versus microdermabrasion for striae distensae"
    assert design_of("", title, ("Clinical Study", "Comparative Study"))[0] == (
        "nonrandomized_controlled"
    )
    assert design_of("", title, ("Clinical Study",))[0] == "cohort_or_case_series"


def test_review_type_with_a_systematic_search_is_a_systematic_review() -> None:
    text = (
        "We searched PubMed and Embase for clinical studies of microneedling. Twelve studies were "
        "included."
    )
    finding, _ = classify_design(StudyInput(abstract=text, publication_types=("Review",)))
    assert finding.value == "systematic_review"
    assert finding.source == "text"
    assert finding.rule is not None and "pt:Review" in finding.rule


def test_case_reports_type_with_a_case_series_in_the_title_is_a_series() -> None:
    assert design_of("", "Keloids after microneedling: a case series", ("Case Reports",))[0] == (
        "cohort_or_case_series"
    )


def test_mesh_animals_without_humans_is_animal_work() -> None:
    assert design_of(RCT_TEXT, types=("Journal Article",), mesh=("Animals", "Rats"))[0] == (
        "animal_or_in_vitro"
    )
    assert design_of(RCT_TEXT, mesh=("Animals", "Humans"))[0] == "rct"


def test_without_publication_types_only_the_text_counts() -> None:
    assert design_of(RCT_TEXT, types=("Meta-Analysis",), use_types=False)[0] == "rct"


def test_design_from_publication_types_alone() -> None:
    assert design_from_publication_types(["Journal Article"]) is None
    assert design_from_publication_types(["Clinical Trial", "Journal Article"]) is None
    assert design_from_publication_types(["Review"]) == "narrative_review"
    assert design_from_publication_types(["News"]) == "other"


# --------------------------------------------------------------------- text rules


@pytest.mark.parametrize(
    "text",
    [
        "Patients were randomized to microneedling or sham.",
        "Sixty patients were randomly divided into two groups.",
        "Thirty participants were randomly equally divided into two groups.",
        "Scars are common. Allocation used sealed opaque envelopes; group A received needling.",
        "Scars are common. The side to be treated was chosen by coin toss.",
    ],
)
def test_randomisation_is_read_in_many_wordings(text: str) -> None:
    assert design_of(text)[0] == "rct"


@pytest.mark.parametrize(
    "text",
    [
        "Randomized trials of microneedling are lacking. Twenty patients were treated.",
        "We reviewed 50 randomly selected patient records after microneedling.",
        "Photographs were presented in random order to blinded raters after 20 patients were "
        "treated.",
        "This non-randomized study compared microneedling with peels in 30 patients.",
        "Further randomized controlled trials are needed. We treated 12 patients.",
    ],
)
def test_randomisation_mentions_that_are_not_this_studys_allocation(text: str) -> None:
    assert design_of(text)[0] != "rct"


def test_randomised_split_face_is_an_rct_flagged_within_person() -> None:
    text = (
        "In this randomized split-face study, 20 patients received microneedling on one randomly "
        "chosen side and laser on the other side."
    )
    assert design_of(text) == ("rct", True)


def test_split_face_without_randomisation_is_non_randomised_and_not_flagged() -> None:
    text = "Twenty patients received microneedling on the right side and laser on the left side."
    assert design_of(text) == ("nonrandomized_controlled", False)


def test_crossover_counts_as_within_person() -> None:
    text = "Twenty volunteers received both creams in random order in this crossover study."
    assert design_of(text) == ("rct", True)


def test_randomized_only_in_the_title_of_a_single_arm_study_is_not_an_rct() -> None:
    text = "Fifty patients with scars were treated with microneedling. Most improved."
    assert design_of(text, "Microneedling for facial scars: a prospective randomized study")[0] == (
        "cohort_or_case_series"
    )


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        (
            "",
            "Microneedling for acne scars: a systematic review and meta-analysis",
            "meta_analysis",
        ),
        (
            "Following PRISMA, we searched three databases. Twenty studies were included.",
            "",
            "systematic_review",
        ),
        (
            "A meta-analysis was not possible. We systematically searched MEDLINE.",
            "",
            "systematic_review",
        ),
        ("In this review we discuss devices and indications.", "", "narrative_review"),
        (
            "We reviewed the charts of 87 patients treated with microneedling.",
            "",
            "cohort_or_case_series",
        ),
        ("A panel of experts reached consensus in a Delphi process.", "", "guideline_or_consensus"),
        ("We report a 34-year-old woman who developed granulomas.", "", "case_report"),
        (
            "We describe four patients who developed keloids after needling.",
            "",
            "cohort_or_case_series",
        ),
        ("We present two cases of tram-track scarring.", "", "case_report"),
        ("Male Wistar rats were randomly assigned to microneedling.", "", "animal_or_in_vitro"),
        ("Porcine skin was mounted in Franz diffusion cells.", "", "animal_or_in_vitro"),
        ("A total of 80 participants will be randomised to two arms.", "", "other"),
        ("", "Reply to: Microneedling for acne scars", "other"),
        ("", "Microneedling in acne scars", "other"),
        ("", "Microneedling in acne scars: randomized comparison of two devices", "rct"),
    ],
)
def test_text_rules(text: str, title: str, expected: str) -> None:
    assert design_of(text, title)[0] == expected


def test_text_design_carries_the_deciding_sentence() -> None:
    study = StudyInput(abstract="Background first. We randomized 30 patients to two arms.")
    finding, _ = classify_design(study)
    assert finding.source == "text"
    assert finding.evidence == "We randomized 30 patients to two arms."
    assert finding.rule == "text:randomised"


def test_nothing_to_read_is_other_with_no_source() -> None:
    finding, within = classify_design(StudyInput(abstract="Colour and texture are discussed."))
    assert (finding.value, finding.source, within) == ("other", "none", False)


# --------------------------------------------------------------------- reviews and overviews


def test_an_article_that_reviews_laboratory_models_is_a_review_not_laboratory_work() -> None:
    text = (
        "Wound models help to test needling devices. This paper briefly reviews in vitro skin "
        "models and animal models used to study needle injury."
    )
    assert design_of(text) == ("narrative_review", False)
    own_work = "Porcine skin explants were needled in vitro and collagen was measured."
    assert design_of(own_work)[0] == "animal_or_in_vitro"


def test_an_essay_announcing_its_discussion_is_a_review_unless_it_treats_people() -> None:
    essay = "Scar biology is complex. We will briefly discuss how needling alters fibroblasts."
    assert design_of(essay)[0] == "narrative_review"
    study = essay + " Twenty patients were treated with four sessions of needling."
    assert design_of(study)[0] == "cohort_or_case_series"


def test_an_overview_that_never_says_review_is_read_from_its_wording() -> None:
    text = (
        "Post-acne scars are common and distressing. Fractional lasers and needling are both "
        "used to treat them. Rolling scars should be treated with subcision first. Deeper "
        "scars may be considered for combined approaches."
    )
    finding, _ = classify_design(StudyInput(abstract=text))
    assert (finding.value, finding.rule) == ("narrative_review", "text:overview")
    assert finding.evidence == "Rolling scars should be treated with subcision first."


def test_advice_after_reported_results_is_not_an_overview() -> None:
    text = (
        "Post-acne scars are common and distressing. Scar scores were measured before and after "
        "needling. Scores fell in 70% of the patients. Needling should be considered first."
    )
    assert design_of(text)[0] != "narrative_review"


def test_an_overview_resting_on_studies_in_general_and_ending_in_advice() -> None:
    text = (
        "Clinical studies show that needling thickens the dermis. Atrophic scars lose collagen "
        "over time. Rolling scars respond to repeated sessions. Based on the available "
        "studies, a course of four to six sessions is recommended for rolling scars."
    )
    finding, _ = classify_design(StudyInput(title="Needling for atrophic scars", abstract=text))
    assert (finding.value, finding.rule) == ("narrative_review", "text:overview")
    # The same statements after the authors' own findings are a study's discussion.
    own = "Our studies show that needling thickens the dermis in 12 patients. " + text
    assert design_of(own)[0] != "narrative_review"


def test_it_is_important_to_is_advice() -> None:
    text = (
        "Needling injuries of the eyelid are rare. Clinicians should ask about home devices. "
        "The skin may scar after deep passes. It is important to recognise infection early."
    )
    assert design_of(text)[0] == "narrative_review"
    without = text.replace("It is important to recognise", "Nobody recognised")
    assert design_of(without)[0] != "narrative_review"


def test_a_guide_to_conducting_meta_analyses_is_not_a_meta_analysis() -> None:
    title = "Pooling trials yourself: a tutorial on performing a meta-analysis"
    text = "Novices struggle with pooling. The steps include searching databases and pooling."
    finding, _ = classify_design(StudyInput(title=title, abstract=text))
    assert (finding.value, finding.rule) == ("narrative_review", "text:method-guide")
    assert design_of("", "Needling for scars: a systematic review and meta-analysis")[0] == (
        "meta_analysis"
    )


def test_pooling_needs_studies_from_the_literature_or_a_pooled_statistic() -> None:
    own_trials = (
        "PURPOSE: To compare responders in two of our trials. METHODS: A pooled analysis was "
        "performed on 119 patients enrolled on trials 101 and 102. RESULTS: Recurrence was "
        "similar."
    )
    assert design_of(own_trials)[0] == "cohort_or_case_series"
    searched = (
        "METHODS: PubMed and Embase were searched. A pooled analysis of 9 trials was performed. "
        "RESULTS: Needling improved scar scores."
    )
    assert design_of(searched)[0] == "meta_analysis"
    title = "Needling and scar outcomes: a systematic review"
    aim_only = (
        "OBJECTIVE: To perform a meta-analysis of the literature on needling. RESULTS: Twelve "
        "studies were included; most found no difference in scar scores."
    )
    assert design_of(aim_only, title)[0] == "systematic_review"
    pooled = aim_only + " The pooled mean difference was 1.2 points (I2 = 40%)."
    assert design_of(pooled, title)[0] == "meta_analysis"


def test_published_case_series_are_background_not_this_studys_design() -> None:
    text = (
        "Needling is popular for stretch marks. Its benefits rest on published case series. "
        "Topical retinoids should be used first. Needling may be offered when they fail."
    )
    assert design_of(text)[0] == "narrative_review"


def test_studies_meeting_inclusion_criteria_make_a_systematic_review() -> None:
    text = "Our clinic experience is described. Twelve studies met the inclusion criteria."
    assert design_of(text, "Needling for burns: clinic experience and literature review")[0] == (
        "systematic_review"
    )
    patients = "Forty patients met the inclusion criteria and were treated with needling."
    assert design_of(patients)[0] != "systematic_review"


# --------------------------------------------------------------------- case reports


@pytest.mark.parametrize(
    "text",
    [
        "Granulomas after needling are rare. I report a man whose forehead swelled for months.",
        "Needling is safe for most. Three illustrative cases of tram-track scarring are shown.",
        "Tattoo needling carries risk. The article describes the treatment of a man who "
        "developed a sarcoid reaction.",
    ],
)
def test_case_reports_in_other_wordings(text: str) -> None:
    assert design_of(text)[0] == "case_report"


@pytest.mark.parametrize(
    "text",
    [
        "Granulomas after needling are rare. I describe the current techniques for avoiding them.",
        "Tattoo needling carries risk. The article describes the treatment of sarcoid reactions.",
    ],
)
def test_first_person_and_describing_verbs_without_a_patient_are_no_case_report(text: str) -> None:
    assert design_of(text)[0] != "case_report"


@pytest.mark.parametrize(
    "title",
    [
        "Needling added to minoxidil in hair loss: a retrospective comparative cohort study",
        "Needling with or without PRP in hair loss: a prospective two-cohort study",
    ],
)
def test_cohorts_compared_by_treatment_are_a_controlled_comparison(title: str) -> None:
    text = "Men treated in 2021 received needling alone (n = 21); later men also had PRP (n = 19)."
    assert design_of(text, title)[0] == "nonrandomized_controlled"
    assert design_of(text, "Needling in hair loss: a prospective cohort study")[0] == (
        "cohort_or_case_series"
    )


def test_a_letter_telling_a_patients_story_is_a_case_report() -> None:
    story = (
        "To the Editor: We describe a 27-year-old man whose vitiligo spread along needle tracks "
        "after microneedling."
    )
    assert design_of(story, "Koebner after needling", ("Letter",))[0] == "case_report"
    comment = "To the Editor: We read the recent trial of needling with interest."
    assert design_of(comment, "Needling trial", ("Letter",))[0] == "other"
    assert design_of(story, "Koebner after needling", ("Letter", "Comment"))[0] == "other"


def test_one_to_three_people_treated_and_nothing_larger_make_a_case_report() -> None:
    few = (
        "Pen needling can be adapted to the eyelid. The technique and its results are shown in "
        "2 adolescent patients."
    )
    finding, _ = classify_design(StudyInput(abstract=few))
    assert (finding.value, finding.rule) == ("case_report", "text:few-patients")
    # Group statistics, a larger count or bench "cases" are not a report of one to three people.
    stats = few + " Scores fell by 40% (p < 0.05)."
    assert design_of(stats)[0] == "cohort_or_case_series"
    larger = few + " A further 14 patients were treated with rollers."
    assert design_of(larger)[0] == "cohort_or_case_series"
    bench = "We built a dermal model. Two experimental cases were used to test the needle."
    assert design_of(bench)[0] != "case_report"


def test_on_the_other_hand_is_a_connective_not_a_body_side() -> None:
    connective = "Twenty patients were treated with needling. On the other hand, costs were high."
    assert design_of(connective)[0] == "cohort_or_case_series"
    body_side = "Twenty patients had needling on one hand; the other hand was left untreated."
    assert design_of(body_side)[0] == "nonrandomized_controlled"


# ---------------------------------------------------------------- general clinical wording


@pytest.mark.parametrize(
    ("abstract", "title", "expected"),
    [
        # Groups that differ by who people are, not by a treatment given: observational.
        (
            "METHODS: We compared skin stiffness in 24 patients with systemic sclerosis and 24 "
            "age-matched healthy controls. RESULTS: Stiffness was higher in the patient group.",
            "Skin stiffness in systemic sclerosis",
            "cohort_or_case_series",
        ),
        (
            "Records of 210 burn patients were divided into two groups according to whether they "
            "survived to discharge. Those who died were older.",
            "Predictors of mortality after major burns",
            "cohort_or_case_series",
        ),
        (
            "Forty eyes were measured with both devices. The level of agreement between the "
            "devices was high.",
            "Corneal thickness measured by two devices: a comparison",
            "cohort_or_case_series",
        ),
        # A treatment allocated to groups stays a controlled comparison.
        (
            "Forty patients were allocated by preference into two groups: group A received "
            "microneedling and group B received a chemical peel. Both improved.",
            "Microneedling versus peel for acne scars",
            "nonrandomized_controlled",
        ),
        # Research that names no design.
        (
            "We expressed the mutant protein in cultured cells and measured its binding to the "
            "receptor. Phosphorylation of the kinase was reduced and gene expression changed.",
            "A mutant receptor and its signalling",
            "animal_or_in_vitro",
        ),
        (
            "Questionnaires were returned by 412 schoolchildren. Hand washing before meals was "
            "reported by 61% of respondents, and infection was less frequent among them.",
            "Hand hygiene among rural schoolchildren",
            "cohort_or_case_series",
        ),
        (
            "A tunable laser cavity was built from a polished waveguide. The output power reached "
            "12 mW and the linewidth narrowed as the temperature rose.",
            "A tunable waveguide laser",
            "other",
        ),
        # People named only as the source of cells or tissue.
        (
            "Twenty patient-derived scar xenografts were treated with the drug. Growth slowed.",
            "A drug for keloids",
            "animal_or_in_vitro",
        ),
        (
            "Neurons were differentiated from stem cells of patients with scarring disorders. "
            "Both lines showed shorter neurites.",
            "In vitro modelling of a scarring disorder using patient-derived stem cells",
            "animal_or_in_vitro",
        ),
        (
            "DESIGN: Prospective, experimental study. Fibroblasts were established from keloid "
            "and normal skin and exposed to the drug. Apoptosis increased.",
            "Apoptosis in keloid fibroblasts",
            "animal_or_in_vitro",
        ),
        # Guidance applied, not written; records reviewed, not literature; trial data re-used.
        (
            "Cases were diagnosed per consensus guidelines, and 58 patients were then treated "
            "with oral steroids. Remission was seen in 40 patients.",
            "Steroids for eosinophilic oesophagitis",
            "cohort_or_case_series",
        ),
        (
            "Causes were identified in 120 infants using a systematic review of history, "
            "examination and investigations. Most infants responded to treatment.",
            "Causes of infantile spasms",
            "cohort_or_case_series",
        ),
        (
            "METHODS: The authors analyzed data from 142 adults who participated in a 12-week "
            "randomized controlled trial of two antidepressants. RESULTS: Baseline blood pressure "
            "predicted a smaller response.",
            "Blood pressure and response to antidepressants",
            "cohort_or_case_series",
        ),
        (
            "METHODS: We analysed 142 adults with acne scars who participated in a randomized "
            "controlled trial of two needle depths. The outcome was the change in scar score "
            "during the RCT. RESULTS: Smokers improved less.",
            "Smoking and response to needling",
            "cohort_or_case_series",
        ),
        (
            "Forty patients chose microneedling with or without PRP after discussing costs. "
            "PRP gave better results.",
            "Microneedling with and without PRP: a prospective two-arm study",
            "nonrandomized_controlled",
        ),
        (
            "In each woman one side was treated with PRP and the other with saline; the side "
            "for PRP was decided by drawing lots. Both sides improved.",
            "PRP with microneedling for striae",
            "rct",
        ),
        (
            "In this commentary we discuss a recent meta-analysis reporting that PRP enhances "
            "microneedling. Its trials were small.",
            "PRP and microneedling: a closer look",
            "narrative_review",
        ),
        # One to three patients, told.
        (
            "Surgery is the usual treatment. The patient was a 45-year-old woman with a tumour "
            "of the cardia. A staged resection succeeded.",
            "Staged resection of a tumour of the cardia",
            "case_report",
        ),
        (
            "Hernias are common. A careful examination of our elderly male patient established "
            "the diagnosis, and repair was uneventful.",
            "Epigastric hernia",
            "case_report",
        ),
        (
            "An unusual bacterium was isolated from a patient who developed endophthalmitis after "
            "cataract surgery. It was sensitive to most antibiotics.",
            "An unusual cause of endophthalmitis",
            "case_report",
        ),
        (
            "Both presented with fainting after drinking alcohol, and a tilt test reproduced it.",
            "Recurrent syncope in two patients with a sigmoid septum",
            "case_report",
        ),
        (
            "METHODS: We conducted a review of the relevant literature. RESULTS: Newer drugs "
            "and devices alter gastric emptying.",
            "Individualising obesity treatment",
            "narrative_review",
        ),
        (
            "Treatments for acne scars have mostly addressed depth. Many advances have been made. "
            "Current information on the needs of patients with scars is reviewed in this article.",
            "The unmet needs of patients with acne scars",
            "narrative_review",
        ),
        # No control group, a control only in the conclusion, or a "control group" of people
        # who were given nothing: no controlled trial.
        (
            "A quasi-experimental pre- and post-test design without a control group was used in "
            "81 patients. Scar scores fell after four needling sessions.",
            "Needling for acne scars",
            "cohort_or_case_series",
        ),
        (
            "METHODS: Forty patients received four needling sessions. RESULTS: Scores improved. "
            "CONCLUSIONS: Outcomes were similar compared with historical controls from laser "
            "series.",
            "Needling for acne scars",
            "cohort_or_case_series",
        ),
        (
            "METHODS: Skin elasticity was measured in women with lupus. RESULTS: Elasticity was "
            "lower than in the control group (P = 0.01).",
            "Skin elasticity in lupus",
            "cohort_or_case_series",
        ),
        # Databases searched, though the title calls it a review of the literature.
        (
            "A literature search on needling and scars was conducted. Relevant databases were "
            "searched, generating 412 articles, of which 35 were read in full.",
            "Needling for scars: review of current literature",
            "systematic_review",
        ),
    ],
)
def test_general_clinical_wording(abstract: str, title: str, expected: str) -> None:
    assert design_of(abstract, title, use_types=False)[0] == expected
