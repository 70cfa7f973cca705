"""Direction for the linked claim: negation, hedging, comparisons and safety polarity."""

from __future__ import annotations

import pytest

from tests.claim_contexts import claim
from tests.claim_contexts import claim as claim_of
from tracker.evidence.direction import authors_verdict, classify_direction
from tracker.evidence.labels import Polarity
from tracker.evidence.study import StudyInput
from tracker.pubmed.records import AbstractSection

METHODS = "Thirty patients with acne scars were treated with microneedling. "


def direction(
    abstract: str, claim: str | None = "acne-scars", polarity: Polarity = "benefit", title: str = ""
) -> str:
    context = claim_of(claim) if claim else None
    study = StudyInput(title=title or "Microneedling for acne scars", abstract=abstract)
    return classify_direction(study, context).value


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        ("Microneedling is an effective treatment for acne scars.", "supports"),
        ("Microneedling may be a promising option for acne scars.", "supports"),
        ("Microneedling appears to be effective, although larger trials are needed.", "supports"),
        ("Microneedling did not improve acne scars.", "no_effect"),
        ("There was no significant difference between microneedling and sham.", "no_effect"),
        ("Microneedling was not superior to sham treatment.", "no_effect"),
        ("Microneedling failed to reduce scar severity.", "no_effect"),
        ("Only 3 patients improved.", "no_effect"),
        ("Microneedling improved texture but not pigmentation.", "mixed"),
        ("Microneedling improved scar depth; however, it did not improve redness.", "mixed"),
        ("Microneedling can exacerbate scars and should be avoided.", "harms"),
        # Other ways authors state a benefit.
        ("Microneedling is active and well tolerated in atrophic scars.", "supports"),
        ("Scars responded well to microneedling, with good cosmetic results.", "supports"),
        ("Microneedling is a safe method and is worthy of further study.", "supports"),
        ("Microneedling ameliorated scar depth in most patients.", "supports"),
        ("Microneedling had a positive effect on scar depth.", "supports"),
        ("Microneedling did not consistently improve scars in all patients.", "no_effect"),
        # A verb that would praise a treatment speaks of harm when its object is a harm.
        ("Microneedling may increase the risk of scarring in dark skin.", "harms"),
        ("Microneedling improved scars without an increase in adverse events.", "supports"),
        ("Microneedling did not increase the risk of infection.", "unclear"),
        # No benefit and a harm caused: harm. A harm word naming the condition is no harm done.
        (
            "Microneedling did not improve scars and caused persistent erythema in three patients.",
            "harms",
        ),
        ("Microneedling did not improve scars. Side effects were mild and transient.", "no_effect"),
        # A treated case's outcome, unless the abstract reports a harm that then resolved.
        ("The scar cleared after four sessions of microneedling.", "supports"),
        ("There was no recurrence at 12 months of follow-up.", "supports"),
        ("The lesions had not resolved by 6 months.", "no_effect"),
        ("Microneedling showed reduced efficacy in scars older than ten years.", "no_effect"),
        ("Limitations include patients who received curative treatment elsewhere.", "unclear"),
        # "rather than" denies what follows; raising a worsening is a harm.
        (
            "We report a man who rolled at home. Needling done too often can leave permanent "
            "tram-track scars rather than improving acne scarring.",
            "harms",
        ),
        ("Needling of active lesions can induce a Koebner phenomenon and worsen them.", "harms"),
        # A worsening to be monitored in future studies has not been seen.
        (
            "Whether microneedling helps cannot yet be determined, and controlled studies that "
            "monitor koebnerisation are needed.",
            "unclear",
        ),
        # The second outcome denied, however it is worded.
        (
            "Microneedling reduced sweat output, but this did not translate into a significant "
            "improvement in perceived severity.",
            "mixed",
        ),
        ("Microneedling reduced wrinkles but did not measurably tighten lax skin.", "mixed"),
        ("Microneedling reduced wrinkles but did not cause any adverse events.", "supports"),
        ("Microneedling repigmented facial patches but was ineffective for acral ones.", "mixed"),
        # A response in the sham arm is no benefit of microneedling.
        (
            "Microneedling did not reduce sweating more than sham; the marked response to sham "
            "was unexpected.",
            "no_effect",
        ),
        # "before" as a time, not "before it can be recommended".
        ("Microneedling before ALA application appears to enhance penetration.", "supports"),
        ("Larger trials are required before microneedling can be recommended.", "unclear"),
        # A concession is granted; the main clause is the verdict.
        (
            "Although improvements in redness were reported, the evidence is insufficient to "
            "determine whether microneedling is effective.",
            "unclear",
        ),
        # A risk of another treatment is no harm of microneedling.
        ("Lasers are reserved for refractory cases because of the risk of burns.", "unclear"),
        (
            "A granulomatous reaction developed after microneedling. Lesions resolved with oral "
            "doxycycline.",
            "harms",
        ),
        (
            "Microneedling did not increase the efficacy of topical vitamin C for "
            "post-inflammatory hyperpigmentation.",
            "no_effect",
        ),
        (
            "The evidence is insufficient to determine whether microneedling is effective.",
            "unclear",
        ),
        ("Treatment details are described.", "unclear"),
    ],
)
def test_benefit_claim_reads_the_conclusion(conclusion: str, expected: str) -> None:
    assert direction(METHODS + conclusion) == expected


def test_not_only_is_not_a_negation() -> None:
    assert direction(METHODS + "Microneedling is not only effective but also safe.") == "supports"


def test_an_adverse_event_beside_a_benefit_does_not_make_it_harmful() -> None:
    text = METHODS + "Microneedling was effective, although transient Koebner lesions occurred."
    assert direction(text, "vitiligo") == "supports"


def test_no_benefit_with_a_risk_is_no_effect_and_a_worsening_verdict_is_harm() -> None:
    risk = METHODS + "Microneedling did not add benefit. It carries the risk of koebnerization."
    assert direction(risk, "vitiligo") == "no_effect"
    worse = METHODS + "Microneedling did not help and worsened the melasma in five patients."
    assert direction(worse, "melasma") == "harms"


def test_a_structured_conclusion_is_preferred_to_the_results() -> None:
    study = StudyInput(
        title="Microneedling for striae",
        abstract_sections=(
            AbstractSection("Twenty women were treated with microneedling.", "METHODS", "METHODS"),
            AbstractSection("Width improved significantly (p < 0.01).", "RESULTS", "RESULTS"),
            AbstractSection("Microneedling was not effective.", "CONCLUSIONS", "CONCLUSIONS"),
        ),
    )
    finding = classify_direction(study, claim("striae"))
    assert finding.value == "no_effect"
    assert finding.evidence == "Microneedling was not effective."


def test_a_negative_statement_about_an_add_on_is_not_about_microneedling() -> None:
    text = (
        METHODS + "Both sides improved. Adding PRP to microneedling did not provide additional "
        "benefit."
    )
    assert direction(text, "acne-scars") == "supports"
    assert direction(text, "prp-combination") == "no_effect"


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        ("Microneedling with PRP was more effective than microneedling alone.", "supports"),
        (
            "The addition of PRP to microneedling gave significantly greater improvement.",
            "supports",
        ),
        ("There was no significant difference between PRP and saline sides.", "no_effect"),
        ("Microneedling alone was superior to microneedling with PRP.", "no_effect"),
    ],
)
def test_prp_combination_claim_reads_the_comparison(conclusion: str, expected: str) -> None:
    assert direction(METHODS + conclusion, "prp-combination") == expected


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        ("Microneedling was as effective as fractional CO2 laser.", "supports"),
        ("Microneedling and chemical peels were comparably effective.", "supports"),
        ("Microneedling was superior to 35% TCA peel.", "supports"),
        ("Fractional laser was significantly more effective than microneedling.", "no_effect"),
        ("Microneedling was less effective than fractional CO2 laser.", "no_effect"),
        # A laser named by the abbreviation the abstract defined for it.
        (
            "Q-switched Nd:YAG laser (QSNY) was compared. QSNY was superior to microneedling.",
            "no_effect",
        ),
    ],
)
def test_vs_lasers_peels_claim_reads_the_comparison(conclusion: str, expected: str) -> None:
    assert direction(METHODS + conclusion, "vs-lasers-peels") == expected


def test_losing_to_an_active_treatment_still_supports_a_non_comparative_claim() -> None:
    text = METHODS + "Both improved, but fractional laser was more effective than microneedling."
    assert direction(text, "acne-scars") == "supports"
    assert direction(text, "vs-lasers-peels") == "no_effect"


def test_equal_to_an_active_comparator_supports_but_equal_to_sham_does_not() -> None:
    assert direction(METHODS + "Microneedling and TCA peel were equally effective.") == "supports"
    text = METHODS + "Results did not differ between microneedling and sham."
    assert direction(text) == "no_effect"


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (METHODS + "No post-inflammatory hyperpigmentation was observed.", "supports"),
        (METHODS + "None of the patients developed PIH. Scars improved.", "supports"),
        (METHODS + "Transient PIH occurred in 3 patients and resolved.", "harms"),
        (METHODS + "Microneedling carries a low risk of PIH in darker skin.", "harms"),
        (
            METHODS + "PIH developed in 8 patients in the laser group and none after needling.",
            "supports",
        ),
        (METHODS + "Scars improved in most patients.", "unclear"),
        # PIH measured as an outcome is not PIH that occurred.
        (
            METHODS + "PIH was assessed by colorimetry after each session. No PIH was observed "
            "after microneedling.",
            "supports",
        ),
    ],
)
def test_pih_safety_claim(abstract: str, expected: str) -> None:
    assert direction(abstract, "pih-risk", "safety") == expected


def test_a_pih_title_names_the_topic_when_the_abstract_reports_the_events() -> None:
    title = "Post-inflammatory hyperpigmentation after microneedling and laser: a comparison"
    abstract = (
        "Fifty patients were followed. PIH developed in 6 of 25 laser-treated patients and in "
        "none of the 25 treated with microneedling."
    )
    assert direction(abstract, "pih-risk", "safety", title=title) == "supports"
    # A case report's title still reports the event when the abstract does not name it.
    case = "We report a 30-year-old woman treated for acne scars."
    assert direction(case, "pih-risk", "safety", title="PIH after microneedling") == "harms"


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (METHODS + "It was well tolerated; erythema resolved within 3 days.", "supports"),
        (METHODS + "Microneedling is safe with minimal downtime.", "supports"),
        (METHODS + "Two patients developed persistent granulomatous reactions.", "harms"),
        ("We report a 36-year-old woman with tram-track scarring after microneedling.", "harms"),
        (
            METHODS + "Microneedling is relatively safe. Caution should be taken in patients with "
            "metal allergies.",
            "supports",
        ),
    ],
)
def test_downtime_safety_claim(abstract: str, expected: str) -> None:
    assert direction(abstract, "downtime-safety", "safety") == expected


def test_a_passing_mention_gives_no_direction() -> None:
    study = StudyInput(
        title="Laser resurfacing of acne scars: a review",
        abstract="Lasers are effective. Other options such as peels and microneedling exist.",
    )
    finding = classify_direction(study, claim("acne-scars"))
    assert finding.value == "unclear"
    assert finding.rule == "text:microneedling-not-evaluated"


def test_a_letter_title_states_no_finding_but_a_case_report_title_can() -> None:
    letter = StudyInput(
        title="Reply to: granulomas after microneedling", publication_types=("Letter",)
    )
    assert classify_direction(letter, claim("downtime-safety")).value == "unclear"
    case = StudyInput(
        title="Granulomatous reaction after microneedling", publication_types=("Case Reports",)
    )
    assert classify_direction(case, claim("downtime-safety")).value == "harms"


def test_hair_reduction_supports_the_hair_removal_claim() -> None:
    text = "A 30-year-old man had microneedle radiofrequency. It may damage hair follicles."
    assert direction(text, "hair-removal", title="Hair loss after microneedle RF") == "supports"
    text = "Sixteen axillae were treated with microneedling. Microneedling did not reduce hair."
    assert direction(text, "hair-removal", title="Microneedling and axillary hair") == "no_effect"


def test_authors_verdict_reads_any_intervention_and_needs_an_abstract() -> None:
    trial = StudyInput(
        title="Ropivacaine for knee surgery",
        abstract=(
            "METHODS: Sixty patients received ropivacaine or saline. CONCLUSIONS: Ropivacaine did "
            "not reduce pain compared with saline."
        ),
    )
    assert authors_verdict(trial).value == "no_effect"
    # classify_direction asks whether microneedling is evaluated; this study is not about it.
    assert classify_direction(trial, None).value == "unclear"
    assert authors_verdict(StudyInput(title="Ropivacaine for knee surgery")).value == "unclear"


# ------------------------------------------------------ comparisons, counsel and harm reports
@pytest.mark.parametrize(
    ("abstract", "claim_id", "expected"),
    [
        # Another active treatment won and is the subject; microneedling's own result unsaid.
        (
            "METHODS: Forty patients were randomised to fractional CO2 laser or microneedling. "
            "CONCLUSION: Fractional CO2 laser produced significantly greater improvement of "
            "atrophic acne scars than microneedling.",
            "acne-scars",
            "unclear",
        ),
        # The same comparison is evidence against a claim that microneedling matches lasers.
        (
            "METHODS: Forty patients were randomised to fractional CO2 laser or microneedling. "
            "CONCLUSION: Fractional CO2 laser produced significantly greater improvement of "
            "atrophic acne scars than microneedling.",
            "vs-lasers-peels",
            "no_effect",
        ),
        # Both arms improved: the loss does not hide microneedling's own effect.
        (
            "CONCLUSION: Although both treatments improved the scars, the laser was more "
            "effective than microneedling.",
            "acne-scars",
            "supports",
        ),
        # A null finding about a setting of the procedure is not a null finding about it.
        (
            "CONCLUSION: Microneedling improved atrophic acne scars; the number of sessions did "
            "not affect the final score.",
            "acne-scars",
            "supports",
        ),
        (
            "CONCLUSIONS: Microneedling reduced scar severity at both depths; deeper needling "
            "offered no further advantage.",
            "acne-scars",
            "supports",
        ),
        # Advice that names a risk is not a harm that happened.
        (
            "CONCLUSION: Microneedling improved acne scars. Caution is advised in darker skin "
            "because of the risk of post-inflammatory hyperpigmentation.",
            "acne-scars",
            "supports",
        ),
        # A benefit and a second outcome denied with "without".
        (
            "CONCLUSION: Microneedling reduced pore size without decreasing pore count.",
            "enlarged-pores",
            "mixed",
        ),
        # Two arms named as the subject of an equivalence.
        (
            "CONCLUSION: Microneedling and glycolic acid peels were equally effective for "
            "atrophic acne scars.",
            "vs-lasers-peels",
            "supports",
        ),
        # The adjunct helped one outcome and not another.
        (
            "CONCLUSION: Adding PRP did not improve the appearance of the scars, but it "
            "improved patient satisfaction.",
            "prp-combination",
            "mixed",
        ),
        # An endorsement of the procedure as a treatment for the condition.
        (
            "CONCLUSION: Microneedling is a simple, safe and inexpensive treatment for striae.",
            "striae",
            "supports",
        ),
    ],
)
def test_comparisons_settings_and_counsel(abstract: str, claim_id: str, expected: str) -> None:
    title = "Microneedling versus another treatment: a clinical study"
    assert direction(abstract, claim_id, title=title) == expected


def test_a_complication_report_is_safety_evidence_only() -> None:
    study = StudyInput(
        title="Granulomatous reaction after microneedling with a topical serum",
        abstract="A 34-year-old woman developed erythematous papules two weeks after "
        "microneedling for acne scars. Biopsy showed granulomatous dermatitis. The lesions "
        "resolved with oral doxycycline. Practitioners should use only products approved for "
        "intradermal use.",
        publication_types=("Case Reports",),
    )
    efficacy = classify_direction(study, claim("acne-scars"))
    assert (efficacy.value, efficacy.rule) == ("unclear", "text:harm-report")
    assert classify_direction(study, claim("downtime-safety")).value == "harms"


def test_a_named_harm_denied_in_a_records_sentence_supports_the_safety_claim() -> None:
    abstract = (
        "METHODS: We reviewed the records of 112 patients with Fitzpatrick skin types IV-VI "
        "treated with microneedling. RESULTS: No case of post-inflammatory hyperpigmentation "
        "was documented during follow-up."
    )
    assert direction(abstract, "pih-risk") == "supports"


def test_a_defined_abbreviation_of_the_procedure_carries_the_harm() -> None:
    abstract = (
        "METHODS: Twenty patients were treated with fractional microneedle radiofrequency "
        "(FMR) on one side and CO2 laser on the other. RESULTS: PIH developed on three "
        "FMR-treated sides and on nine laser-treated sides."
    )
    assert direction(abstract, "pih-risk") == "harms"


@pytest.mark.parametrize(
    ("title", "claim_id", "expected"),
    [
        # The claim's own condition made worse after the procedure: harm for that claim.
        ("Worsening of melasma after home microneedling: two cases", "melasma", "harms"),
        ("Keloid enlargement after microneedling of the chest", "hypertrophic-keloid", "harms"),
        # A flare of another disease is a complication: no evidence on this claim's efficacy.
        ("Rosacea flare after microneedling for acne scars", "acne-scars", "unclear"),
        ("Rosacea flare after microneedling for acne scars", "downtime-safety", "harms"),
        # A title about treating the condition is no complication report.
        (
            "Microneedling for the treatment of post-inflammatory hyperpigmentation",
            "hyperpigmentation-other",
            "supports",
        ),
    ],
)  # fmt: skip
def test_a_complication_title_counts_by_whose_condition_worsened(
    title: str, claim_id: str, expected: str
) -> None:
    study = StudyInput(
        title=title,
        abstract="A woman was treated with microneedling at a clinic. Within weeks the treated "
        "area changed. Microneedling improved the appearance in other areas. Clinicians should "
        "use shallow depths.",
        publication_types=("Case Reports",),
    )
    assert classify_direction(study, claim(claim_id)).value == expected
