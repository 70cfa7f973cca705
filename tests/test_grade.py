"""Unit tests for the per-claim grading rules, one small constructed study list per rule.

Expected certainties are worked out from the rulebook by hand, step by step, in the comments.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tracker.evidence import grade as rules
from tracker.evidence.grade import (
    CERTAINTIES,
    PARTICIPANTS_ALL_LABEL,
    PARTICIPANTS_LABEL,
    ClaimProfile,
    Reason,
    StudyEvidence,
    diff_profiles,
    effective,
    grade_claim,
)
from tracker.evidence.labels import DESIGNS, Design, Direction, Polarity
from tracker.evidence.wording import RATED_CONTROLLED_PEOPLE_LABEL, RATED_PEOPLE_LABEL

RANK = {level: rank for rank, level in enumerate(reversed(CERTAINTIES))}  # insufficient = 0
RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:None|False|True)\b")


def study(
    pmid: int,
    design: Design = "rct",
    n: int | None = 120,
    direction: Direction = "supports",
    **extra: Any,
) -> StudyEvidence:
    # A trial is judged at low risk of bias unless the test says otherwise; a trial nobody could
    # judge counts as nothing reported (rulebook 4a), which tests ask for with rob_overall=None.
    judged = {"rob_overall": "low"} if design in ("rct", "nonrandomized_controlled") else {}
    fields: dict[str, Any] = {"human": True, "relevant": True} | judged | extra
    return StudyEvidence(
        pmid=pmid,
        title=f"Microneedling study {pmid}",
        year=2021,
        design=design,
        n_participants=n,
        direction=direction,
        **fields,
    )


def sound_trials(*pmids: int, n: int = 250, **extra: Any) -> list[StudyEvidence]:
    """RCTs at low risk of bias, together 400 people or more when there are two or more."""
    return [study(p, n=n, rob_overall="low", **extra) for p in pmids]


def grade(studies: list[StudyEvidence], polarity: Polarity = "benefit") -> ClaimProfile:
    return grade_claim("acne-scars", polarity, studies)


def reason(profile: ClaimProfile, code: str) -> Reason:
    matches = [r for r in profile.reasons if r.code == code]
    assert len(matches) == 1, f"expected one {code!r} reason in {profile.reasons}"
    return matches[0]


def codes(profile: ClaimProfile) -> list[str]:
    return [r.code for r in profile.reasons]


def steps(profile: ClaimProfile, code: str) -> list[int]:
    return [r.step for r in profile.reasons if r.code == code]


def started_at(profile: ClaimProfile) -> str:
    start = profile.reasons[0]
    assert start.code == "start"
    return next(c for c in CERTAINTIES if start.text.endswith(f"({c.replace('_', ' ')})"))


# --- what is rated and where the rating starts ---------------------------------------------------


@pytest.mark.parametrize(
    ("designs", "start"),
    [
        (["rct", "rct"], "high"),
        (["meta_analysis", "rct"], "high"),
        # A review never lifts the start: the strongest primary design sets it.
        (["meta_analysis", "cohort_or_case_series"], "low"),
        (["systematic_review", "nonrandomized_controlled"], "low"),
        (["nonrandomized_controlled", "cohort_or_case_series"], "low"),
        (["cohort_or_case_series", "cohort_or_case_series"], "low"),
        (["case_report", "case_report", "case_report"], "very_low"),
    ],
)
def test_start_follows_the_strongest_primary_design(designs: list[Design], start: str) -> None:
    profile = grade([study(i, d, n=500) for i, d in enumerate(designs, start=1)])
    assert started_at(profile) == start
    assert profile.reasons[0].step == 0
    assert profile.best_design == min(designs, key=DESIGNS.index)  # a review included


def test_two_sound_trials_with_enough_people_are_high() -> None:
    profile = grade(sound_trials(1, 2, n=200))
    assert profile.certainty == "high"
    assert [r.step for r in profile.reasons] == [0]
    assert profile.verdict == (
        f"Supported, high certainty: 2 RCTs, 400 {RATED_CONTROLLED_PEOPLE_LABEL}, 2 of 2 favourable"
    )


def test_start_reason_names_the_studies() -> None:
    assert reason(grade([study(i) for i in range(1, 5)]), "start").text == "start: 4 RCTs (high)"
    mixed = grade([study(1), study(2, "cohort_or_case_series")])
    text = reason(mixed, "start").text
    assert text.startswith("start: 1 RCT and 1 cohort study or case series")
    assert "the RCT sets the start" in text


def test_weaker_designs_join_the_body_but_not_the_count_of_people() -> None:
    # 2 RCTs (weight 6) favourable, 6 cohorts (weight 6) no effect: half the weight disagrees.
    studies = [study(1, n=80), study(2, n=80)]
    studies += [
        study(10 + i, "cohort_or_case_series", n=1000, direction="no_effect") for i in (1, 2)
    ]
    studies += [study(20 + i, "cohort_or_case_series", direction="no_effect") for i in range(4)]
    profile = grade(studies)
    assert profile.best_design == "rct"
    assert profile.verdict_label == "Mixed"
    assert reason(profile, "inconsistency").step == -1
    # Imprecision counts the people in the controlled part only: 160, fewer than 400.
    imprecision = reason(profile, "imprecision")
    assert f"160 {RATED_CONTROLLED_PEOPLE_LABEL}" in imprecision.text
    assert imprecision.step == -1
    assert f"160 {RATED_CONTROLLED_PEOPLE_LABEL}" in profile.verdict


def test_unclear_direction_cannot_set_the_start() -> None:
    studies = [
        study(1, "rct", direction="unclear"),
        study(2, "cohort_or_case_series", n=200),
        study(3, "cohort_or_case_series", n=200),
    ]
    profile = grade(studies)
    # Cohorts start low; 400 people in the whole body, 2 studies: nothing else applies.
    assert profile.best_design == "cohort_or_case_series"
    assert profile.certainty == "low"
    assert "1 RCT" in reason(profile, "unclear").text
    assert profile.counts["rct"] == 1


def test_only_unclear_human_studies_is_insufficient() -> None:
    profile = grade([study(1, direction="unclear"), study(2, direction="unclear")])
    assert profile.certainty == "insufficient"
    assert profile.verdict_label == "Insufficient evidence"
    assert profile.best_design is None
    assert "no readable result" in reason(profile, "start").text


@pytest.mark.parametrize("design", ["narrative_review", "guideline_or_consensus", "other"])
def test_opinion_alone_is_insufficient(design: Design) -> None:
    profile = grade([study(1, design), study(2, design)])
    assert profile.certainty == "insufficient"
    assert profile.best_design is None
    assert "no primary studies" in profile.verdict
    assert profile.n_included == 2


def test_opinion_never_sets_the_start_beside_primary_studies() -> None:
    studies = [study(1, "guideline_or_consensus"), study(2, "narrative_review")]
    studies += [study(3, "case_report", n=1), study(4, "case_report", n=1)]
    profile = grade(studies)
    assert profile.best_design == "case_report"
    assert profile.certainty == "very_low"


def test_empty_claim_is_insufficient() -> None:
    profile = grade([])
    assert profile.certainty == "insufficient"
    assert profile.verdict == "Insufficient evidence: no included studies"
    assert profile.n_included == 0
    assert (profile.consensus.supports, profile.consensus.against) == (0.0, 0.0)
    assert profile.consensus.unclear == 0.0
    assert set(profile.counts) == set(DESIGNS)
    assert not any(profile.counts.values())


# --- systematic reviews and meta-analyses -----------------------------------------------------


def test_pooled_counts_never_stand_in_for_participants() -> None:
    trials = [study(1, n=40), study(2, n=40)]
    profile = grade([*trials, study(3, "meta_analysis", n=5000)])
    assert profile.participants == profile.participants_all == 80
    assert reason(profile, "imprecision").step == -2  # 80 people, fewer than 100
    assert f"80 {RATED_CONTROLLED_PEOPLE_LABEL}" in profile.verdict
    assert all("5000" not in r.text for r in profile.reasons)
    assert "5000" not in profile.verdict
    # Without the review the imprecision step is the same: the pooled count adds nothing.
    assert steps(grade(trials), "imprecision") == [-2]


def test_reviews_alone_start_low_when_none_states_its_certainty() -> None:
    profile = grade([study(1, "meta_analysis", n=5000), study(2, "systematic_review", n=900)])
    assert profile.certainty == "low"
    text = reason(profile, "start").text
    assert "not held here" in text
    assert "cannot be higher than low unless a review states it" in text
    assert "5000" not in profile.verdict
    assert profile.participants == profile.participants_all == 0


def test_reviews_alone_take_the_lowest_certainty_they_state() -> None:
    said = "Overall, the certainty of evidence was very low owing to small, unblinded trials."
    studies = [
        study(1, "meta_analysis", stated_certainty="moderate"),
        study(2, "systematic_review", stated_certainty="very_low", stated_certainty_evidence=said),
    ]
    profile = grade(studies)
    assert profile.certainty == "very_low"
    text = reason(profile, "start").text
    assert "PMID 2" in text
    assert said in text
    assert "very low" in text


def test_reviews_alone_are_capped_at_moderate() -> None:
    studies = [study(1, "meta_analysis", stated_certainty="high"), study(2, "meta_analysis")]
    profile = grade(studies)
    assert profile.certainty == "moderate"
    assert "at most moderate" in reason(profile, "start").text


def test_a_review_caps_the_rating_quoting_its_sentence() -> None:
    said = (
        "The certainty of the evidence was low,   because most trials were small, single-centre "
        "and split-face, without blinding of the assessors, and because the regimens combined "
        "microneedling with platelet-rich plasma or topical agents so that its own effect could "
        "not be isolated from theirs."
    )
    review = study(9, "meta_analysis", stated_certainty="low", stated_certainty_evidence=said)
    profile = grade([*sound_trials(1, 2), review])  # high without the review
    assert profile.certainty == "low"
    capped = reason(profile, "review_certainty")
    assert capped.step == -2
    assert "PMID 9" in capped.text
    quote = capped.text.split('"')[1]
    assert quote.startswith("The certainty of the evidence was low, because")  # spaces squeezed
    assert quote.endswith("...")
    assert len(quote) <= rules.QUOTE_MAX_CHARS + len("...")
    assert profile.participants == 500  # the trials only


def test_the_lowest_stated_certainty_caps() -> None:
    reviews = [
        study(8, "meta_analysis", stated_certainty="moderate"),
        study(9, "systematic_review", stated_certainty="low"),
    ]
    profile = grade([*sound_trials(1, 2), *reviews])
    assert profile.certainty == "low"
    text = reason(profile, "review_certainty").text
    assert "PMID 9" in text
    assert "PMID 8" not in text


def test_a_review_stating_more_than_the_rating_changes_nothing() -> None:
    trials = [study(1, n=40), study(2, n=40)]  # high -2 for 80 people -> low
    review = study(9, "meta_analysis", stated_certainty="moderate", stated_certainty_evidence="Ok.")
    with_review = grade([*trials, review])
    assert with_review.certainty == grade([*trials, study(9, "meta_analysis")]).certainty == "low"
    said = reason(with_review, "review_certainty")
    assert said.step == 0
    assert "already at or below" in said.text


@pytest.mark.parametrize("extra", [{"direction": "unclear"}, {"retracted": True}, {"human": False}])
def test_unrated_reviews_do_not_cap(extra: dict[str, Any]) -> None:
    review = study(9, "meta_analysis", stated_certainty="very_low", **extra)
    profile = grade([*sound_trials(1, 2), review])
    assert profile.certainty == "high"
    assert "review_certainty" not in codes(profile)


def test_reviews_count_for_the_verdict_and_inconsistency() -> None:
    # 2 RCTs favourable (weight 6) against a meta-analysis finding no effect (weight 4).
    profile = grade([*sound_trials(1, 2), study(3, "meta_analysis", direction="no_effect")])
    assert profile.verdict_label == "Mixed"
    assert reason(profile, "inconsistency").step == -1
    assert profile.verdict.startswith("Mixed, moderate certainty: 1 meta-analysis and 2 RCTs")


# --- indirectness ----------------------------------------------------------------------------


def test_animal_only_is_insufficient_with_an_indirectness_reason() -> None:
    profile = grade([study(1, "animal_or_in_vitro"), study(2, "animal_or_in_vitro")])
    assert profile.certainty == "insufficient"
    text = reason(profile, "indirectness").text
    assert "2 animal or in-vitro studies" in text
    assert "Insufficient evidence" in profile.verdict


def test_non_human_rct_counts_as_animal_evidence() -> None:
    profile = grade([study(1, "rct", human=False), study(2, "meta_analysis", human=False)])
    assert profile.certainty == "insufficient"
    assert profile.counts["animal_or_in_vitro"] == 2
    assert profile.counts["rct"] == 0
    assert profile.participants == 0
    assert "indirectness" in codes(profile)


def test_animal_studies_beside_human_ones_do_not_set_the_start() -> None:
    studies = [study(1, "animal_or_in_vitro"), study(2, "rct", human=False)]
    studies += [study(3, "cohort_or_case_series", n=300), study(4, "cohort_or_case_series")]
    profile = grade(studies)
    assert profile.best_design == "cohort_or_case_series"
    assert profile.certainty == "low"
    assert "indirectness" not in codes(profile)


def test_indirect_studies_holding_most_of_the_weight_cost_one_step() -> None:
    profile = grade([*sound_trials(1, 2, indirect="combination"), *sound_trials(3)])
    r = reason(profile, "indirectness")
    assert r.step == -1
    assert "2 test combination regimens where microneedling's own effect is not isolated" in (
        r.text
    )
    assert profile.certainty == "moderate"


def test_indirectness_needs_more_than_half_of_the_weight() -> None:
    half = [study(1, n=250, rob_overall="low", indirect="device"), *sound_trials(2)]
    assert "indirectness" not in codes(grade(half))
    assert grade(half).certainty == "high"


def test_indirectness_weighs_designs() -> None:
    # One indirect RCT (3) outweighs two direct cohort studies (1 + 1).
    studies = [study(1, n=500, indirect="surrogate")]
    studies += [study(2, "cohort_or_case_series"), study(3, "cohort_or_case_series")]
    r = reason(grade(studies), "indirectness")
    assert "1 reports only laboratory or surrogate outcomes" in r.text
    assert "of 3 studies" in r.text


def test_indirectness_names_each_kind() -> None:
    studies = [
        study(1, indirect="device"),
        study(2, indirect="surrogate"),
        study(3, indirect="device"),
    ]
    text = reason(grade(studies), "indirectness").text
    assert "2 use devices that are not skin needling" in text
    assert "1 reports only laboratory or surrogate outcomes" in text


# --- risk of bias ----------------------------------------------------------------------------


def test_high_risk_holding_most_of_the_judged_weight_costs_two_steps() -> None:
    studies = [
        study(1, n=200, rob_overall="high"),
        study(2, n=200, rob_overall="high"),
        study(3, n=200, rob_overall="low"),
    ]
    profile = grade(studies)
    r = reason(profile, "risk_of_bias")
    assert r.step == -2
    assert "2 at high risk" in r.text
    assert "PMIDs 1, 2" in r.text
    assert profile.certainty == "low"


def test_high_risk_holding_exactly_half_does_not_count() -> None:
    even = [study(1, n=250, rob_overall="high"), study(2, n=250, rob_overall="low")]
    assert "risk_of_bias" not in codes(grade(even))
    # Some concerns on the other half tips it: high risk or concerns hold all of it.
    tipped = [study(1, n=250, rob_overall="high"), study(2, n=250, rob_overall="some_concerns")]
    r = reason(grade(tipped), "risk_of_bias")
    assert r.step == -1
    assert "1 at high risk" in r.text
    assert "1 with some concerns" in r.text


def test_a_key_concern_counts_even_when_judged_low_overall() -> None:
    studies = [
        study(1, n=250, rob_overall="low", rob_key_concern=True),
        study(2, n=250, rob_overall="some_concerns"),
        study(3, n=250, rob_overall="low"),
    ]
    r = reason(grade(studies), "risk_of_bias")
    assert r.step == -1
    assert "1 judged low but with a key concern" in r.text
    assert "allocation concealment" in r.text


def test_a_trial_nobody_could_judge_counts_as_nothing_reported() -> None:
    # No abstract to read: every domain unclear, so some concerns with a key concern.
    unjudged = [study(p, n=150, rob_overall=None) for p in (10, 11, 12)]
    r = reason(grade(unjudged), "risk_of_bias")
    assert r.step == -1
    assert "3 with some concerns" in r.text
    # A non-randomised comparison nobody could judge is at high risk: its allocation is not random.
    nrc = [study(p, "nonrandomized_controlled", n=150, rob_overall=None) for p in (1, 2)]
    assert steps(grade(nrc), "risk_of_bias") == [-2]
    # A curator's judgement replaces it.
    judged = [study(p, n=150, rob_overall=None, curator_rob="low") for p in (10, 11, 12)]
    assert "risk_of_bias" not in codes(grade(judged))


def test_expression_of_concern_in_the_body_costs_one_step() -> None:
    studies = [*sound_trials(1, 3), study(2, n=250, rob_overall="low", expression_of_concern=True)]
    profile = grade(studies)
    r = reason(profile, "risk_of_bias")
    assert r.step == -1
    assert "expression of concern on 1 of 3 RCTs" in r.text
    assert "PMID 2" in r.text
    assert profile.certainty == "moderate"
    assert profile.n_included == 3


def test_risk_of_bias_never_costs_more_than_two_steps() -> None:
    studies = [
        study(1, n=250, rob_overall="high", expression_of_concern=True),
        study(2, n=250, rob_overall="high"),
    ]
    profile = grade(studies)
    r = reason(profile, "risk_of_bias")
    assert r.step == -2
    assert "2 at high risk" in r.text
    assert "expression of concern" in r.text
    assert profile.certainty == "low"


def test_expression_of_concern_outside_the_body_is_only_noted() -> None:
    studies = [*sound_trials(1, 2), study(3, "narrative_review", expression_of_concern=True)]
    profile = grade(studies)
    r = reason(profile, "risk_of_bias")
    assert r.step == 0
    assert "PMID 3" in r.text
    assert profile.certainty == "high"


def test_curator_risk_of_bias_wins_and_is_listed_as_an_override() -> None:
    studies = [
        study(1, n=250, rob_overall="high", curator_rob="low", curator_note="blinded assessors"),
        *sound_trials(2),
    ]
    profile = grade(studies)
    assert "risk_of_bias" not in codes(profile)
    assert profile.certainty == "high"
    assert [(o.pmid, o.fields) for o in profile.overrides] == [(1, ("risk_of_bias",))]
    text = reason(profile, "override").text
    assert "PMID 1 (risk of bias low" in text
    assert "blinded assessors" in text


def test_a_curator_judgement_clears_the_readers_key_concern() -> None:
    concern = study(1, rob_overall="some_concerns", rob_key_concern=True, curator_rob="low")
    graded = effective(concern)
    assert (graded.rob, graded.rob_key_concern, graded.overridden) == (
        "low",
        False,
        ("risk_of_bias",),
    )
    # The same judgement as the reader's is no override and keeps the reader's key concern.
    same = effective(study(2, rob_overall="low", rob_key_concern=True, curator_rob="low"))
    assert (same.rob_key_concern, same.overridden) == (True, ())


# --- imprecision -----------------------------------------------------------------------------


@pytest.mark.parametrize(("people", "step"), [(400, None), (399, -1), (100, -1), (99, -2)])
def test_imprecision_thresholds(people: int, step: int | None) -> None:
    profile = grade([study(1, n=people - 50), study(2, n=50)])
    assert steps(profile, "imprecision") == ([] if step is None else [step])


def test_imprecision_names_the_people_it_counted() -> None:
    r = reason(grade([study(1, n=150), study(2, n=150)]), "imprecision")
    assert r.text == (
        f"imprecision: 300 {RATED_CONTROLLED_PEOPLE_LABEL} (2 RCTs), fewer than 400 (-1)"
    )


def test_imprecision_counts_the_whole_body_below_the_controlled_tiers() -> None:
    enough = [study(i, "cohort_or_case_series", n=150) for i in range(1, 4)]
    assert "imprecision" not in codes(grade(enough))
    few = [study(i, "cohort_or_case_series", n=130) for i in range(1, 4)]
    r = reason(grade(few), "imprecision")
    assert f"390 {RATED_PEOPLE_LABEL}" in r.text
    assert r.step == -1


def test_a_single_study_is_imprecise_by_itself() -> None:
    large = grade([study(1, "nonrandomized_controlled", n=5000)])
    r = reason(large, "imprecision")
    assert r.step == -1
    assert "a single study" in r.text
    assert large.certainty == "very_low"  # low start, one step down
    assert "single_study" not in codes(large)
    # A small single study is not counted twice: -2 for fewer than 100 people, not -3.
    assert steps(grade([study(1, n=50)]), "imprecision") == [-2]


def test_a_single_trial_beside_other_designs_is_a_single_counted_study() -> None:
    profile = grade([study(1, n=1000), study(2, "cohort_or_case_series", n=1000)])
    assert "a single study" in reason(profile, "imprecision").text


def test_unreported_counts_add_nothing_and_are_mentioned() -> None:
    r = reason(grade([study(1, n=60), study(2, n=None)]), "imprecision")
    assert f"60 {RATED_CONTROLLED_PEOPLE_LABEL}" in r.text
    assert "1 without a count" in r.text


def test_no_reported_counts_costs_one_step_and_says_so() -> None:
    profile = grade([study(1, n=None, rob_overall="low"), study(2, n=None, rob_overall="low")])
    r = reason(profile, "imprecision")
    assert r.step == -1
    assert "no participant numbers" in r.text
    assert "participant numbers not reported" in profile.verdict


# --- inconsistency ---------------------------------------------------------------------------


def test_inconsistency_with_the_briefed_wording() -> None:
    studies = [study(i, direction="no_effect" if i <= 2 else "supports") for i in range(1, 6)]
    r = reason(grade(studies), "inconsistency")
    assert r.text.startswith("inconsistency: 2 of 5 RCTs found no effect")
    assert r.text.endswith("(-1)")
    assert r.step == -1


def test_one_dissenter_in_four_is_not_inconsistent() -> None:
    studies = [*sound_trials(1, 2, 3), study(4, n=250, rob_overall="low", direction="no_effect")]
    profile = grade(studies)
    assert "inconsistency" not in codes(profile)
    assert profile.certainty == "high"


def test_inconsistency_weighs_designs() -> None:
    # A meta-analysis (4) against one RCT (3): 3/7 of the weight disagrees.
    disagree = grade([study(1, "meta_analysis"), study(2, "rct", direction="no_effect")])
    assert "inconsistency" in codes(disagree)
    # Three RCTs (9) against a meta-analysis (4) saying no effect: 4/13 disagrees.
    studies = [study(1, "meta_analysis", direction="no_effect")]
    studies += [study(i, "rct") for i in range(2, 5)]
    assert "inconsistency" in codes(grade(studies))


def test_mixed_results_split_their_weight() -> None:
    # 1 supports + 1 mixed: 1.5 of 2 favourable, the minority holds exactly 25%: consistent.
    profile = grade([study(1), study(2, direction="mixed")])
    assert "inconsistency" not in codes(profile)
    assert profile.verdict_label == "Supported"
    assert "1 of 2 favourable, 1 mixed" in profile.verdict
    # 1 supports + 2 mixed: 2 of 3 favourable, minority 1/3: inconsistent.
    profile = grade([study(1), study(2, direction="mixed"), study(3, direction="mixed")])
    assert "inconsistency" in codes(profile)


# --- publication bias ------------------------------------------------------------------------


def test_several_small_favourable_studies_suggest_publication_bias() -> None:
    profile = grade([study(i, n=60) for i in range(1, 4)])
    r = reason(profile, "publication_bias")
    assert r.step == -1
    assert "all 3 RCTs are small" in r.text
    assert "favourable" in r.text
    # high; 180 people, fewer than 400 (-1); publication bias (-1): low.
    assert profile.certainty == "low"


@pytest.mark.parametrize(
    "studies",
    [
        [study(1, n=60), study(2, n=60)],  # only two studies
        [study(1, n=60), study(2, n=60), study(3, n=100)],  # one is not small
        [study(1, n=60), study(2, n=60), study(3, n=60, direction="no_effect")],
        [study(1, n=60), study(2, n=60), study(3, n=60, direction="mixed")],
    ],
)
def test_publication_bias_needs_three_small_studies_all_favourable(
    studies: list[StudyEvidence],
) -> None:
    assert "publication_bias" not in codes(grade(studies))


def test_studies_without_a_count_count_as_small() -> None:
    profile = grade([study(i, "case_report", n=None) for i in range(1, 4)])
    assert steps(profile, "publication_bias") == [-1]


def test_safety_claims_word_publication_bias_for_safety() -> None:
    text = reason(grade([study(i, n=60) for i in range(1, 4)], "safety"), "publication_bias").text
    assert "found no harm" in text


# --- the gate to high certainty --------------------------------------------------------------


def test_high_needs_two_trials_at_low_risk_of_bias() -> None:
    profile = grade([study(1, n=1000, rob_overall="low"), study(2, n=1000, rob_overall=None)])
    assert profile.certainty == "moderate"
    r = reason(profile, "ceiling")
    assert r.step == -1
    assert r.text.startswith("at most moderate:")
    assert "1 RCT at low risk of bias with 1000 people" in r.text


def test_high_needs_four_hundred_people_in_the_low_risk_trials() -> None:
    # 500 people in the body (no imprecision), but only 300 in the two low-risk trials.
    studies = [*sound_trials(1, 2, n=150), study(3, n=200, rob_overall=None)]
    profile = grade(studies)
    assert profile.certainty == "moderate"
    assert "2 RCTs at low risk of bias with 300 people" in reason(profile, "ceiling").text
    assert (
        grade([*sound_trials(1, 2, n=200), study(3, n=200, rob_overall=None)]).certainty == "high"
    )


def test_high_is_out_of_reach_without_any_judgement() -> None:
    profile = grade([study(i, n=300, rob_overall=None) for i in range(1, 4)])
    assert profile.certainty == "moderate"
    assert "risk_of_bias" in codes(profile)
    some_concerns = [study(i, n=300, rob_overall="some_concerns") for i in range(1, 4)]
    gated = grade(some_concerns, polarity="benefit")
    assert gated.certainty == "moderate"


def test_a_key_concern_is_not_low_risk_for_the_gate() -> None:
    studies = [*sound_trials(1), study(2, n=250, rob_overall="low", rob_key_concern=True)]
    profile = grade(studies)
    assert profile.certainty == "moderate"
    assert "ceiling" in codes(profile)


def test_the_gate_is_silent_when_the_rating_is_already_lower() -> None:
    profile = grade([study(1, n=40), study(2, n=40)])
    assert "ceiling" not in codes(profile)


# --- floor and notes ---------------------------------------------------------------------------


def test_one_person_reads_as_a_person() -> None:
    profile = grade([study(1, "case_report", n=1)])
    assert f"1 {RATED_PEOPLE_LABEL.replace('people', 'person')}" in profile.verdict


def test_certainty_floors_at_very_low() -> None:
    studies = [study(1, "case_report", n=1, direction="mixed", expression_of_concern=True)]
    profile = grade(studies)
    assert sum(r.step for r in profile.reasons) <= -3
    assert profile.certainty == "very_low"


def test_split_face_trials_are_noted_without_a_step() -> None:
    profile = grade([*sound_trials(1, rct_within_person=True), *sound_trials(2)])
    r = reason(profile, "within_person")
    assert r.step == 0
    assert "1 of 2 RCTs" in r.text
    assert profile.certainty == "high"


def test_reasons_and_verdicts_are_plain_words() -> None:
    cases = [
        [study(1, n=None, rob_overall="some_concerns", rob_key_concern=True, indirect="device")],
        [study(1, "meta_analysis", stated_certainty="very_low"), study(2, "systematic_review")],
        [
            study(
                1, rob_overall="high", curator_rob="some_concerns", curator_direction="no_effect"
            ),
            study(2, "case_report", expression_of_concern=True, n=None),
            study(3, "nonrandomized_controlled", curator_design="cohort_or_case_series"),
            study(4, "meta_analysis", stated_certainty="low", direction="harms"),
            study(5, retracted=True),
            study(6, relevant=False, curator_included=True),
            study(7, "rct", direction="unclear", rct_within_person=True),
        ],
        [study(i, "animal_or_in_vitro") for i in (1, 2)],
    ]
    for studies in cases:
        for polarity in ("benefit", "safety"):
            profile = grade(studies, polarity)
            for text in [profile.verdict, *(r.text for r in profile.reasons)]:
                assert not RAW_CODE.search(text), text


# --- verdicts ----------------------------------------------------------------------------------


def test_verdict_line_matches_the_briefed_shape() -> None:
    studies = [
        study(1, n=60),
        study(2, n=50),
        study(3, n=52),
        study(4, n=50, direction="no_effect"),
    ]
    # high; 212 people in the trials, fewer than 400 (-1); one of four dissents (25%): moderate.
    assert grade(studies).verdict == (
        f"Supported, moderate certainty: 4 RCTs, 212 {RATED_CONTROLLED_PEOPLE_LABEL}, "
        "3 of 4 favourable"
    )


def test_not_supported_when_trials_find_no_effect() -> None:
    profile = grade([study(i, n=250, rob_overall="low", direction="no_effect") for i in (1, 2, 3)])
    assert profile.verdict_label == "Not supported"
    assert profile.verdict.startswith("Not supported, high certainty:")
    assert profile.verdict.endswith("3 of 3 found no benefit")


def test_contradicted_when_harm_dominates() -> None:
    studies = [
        study(1, direction="harms"),
        study(2, direction="harms"),
        study(3, direction="no_effect"),
    ]
    assert grade(studies).verdict_label == "Contradicted"


def test_mixed_when_no_side_has_two_thirds() -> None:
    studies = [study(1), study(2), study(3, direction="no_effect"), study(4, direction="no_effect")]
    profile = grade(studies)
    assert profile.verdict_label == "Mixed"
    assert profile.verdict.endswith("2 favourable, 2 found no effect")


def test_safety_claim_reads_naturally() -> None:
    harmful = [study(i, direction="harms", rob_overall=None) for i in range(1, 4)]
    profile = grade([*harmful, study(4, rob_overall=None)], polarity="safety")
    assert profile.verdict_label == "Contradicted"
    # 480 people; trials nobody could judge have some concerns (-1).
    assert profile.verdict.startswith("Contradicted, moderate certainty:")
    assert profile.verdict.endswith("3 of 4 report harm")

    safe = grade(sound_trials(1, 2), polarity="safety")
    assert safe.verdict_label == "Supported"
    assert safe.verdict.endswith("2 of 2 found no harm")


def test_polarity_changes_words_not_grades() -> None:
    studies = [study(1, direction="harms"), study(2), study(3, direction="no_effect", n=10)]
    benefit, safety = grade(studies, "benefit"), grade(studies, "safety")
    assert benefit.certainty == safety.certainty
    assert benefit.verdict_label == safety.verdict_label
    assert benefit.consensus == safety.consensus


# --- consensus and counts ------------------------------------------------------------------------


def test_consensus_uses_design_weights() -> None:
    studies = [
        study(1, "meta_analysis"),  # 4 supports
        study(2, "rct", direction="no_effect"),  # 3 against
        study(3, "case_report", direction="unclear"),  # 0.5 unclear
        study(4, "cohort_or_case_series", direction="mixed"),  # 0.5 supports, 0.5 against
    ]
    c = grade(studies).consensus
    assert c.total_weight == pytest.approx(8.5)
    assert c.supports == pytest.approx(4.5 / 8.5)
    assert c.against == pytest.approx(3.5 / 8.5)
    assert c.unclear == pytest.approx(0.5 / 8.5)
    assert c.supports + c.against + c.unclear == pytest.approx(1.0)
    assert c.weights["meta_analysis"] > c.weights["rct"] > c.weights["cohort_or_case_series"]


def test_consensus_counts_reviews_and_animal_studies_but_not_excluded_ones() -> None:
    studies = [
        study(1, "narrative_review"),
        study(2, "animal_or_in_vitro", direction="harms"),
        study(3, "rct", direction="harms", retracted=True),
    ]
    c = grade(studies).consensus
    assert c.supports == pytest.approx(0.5 / 0.75)
    assert c.against == pytest.approx(0.25 / 0.75)


def test_participants_have_one_definition_each() -> None:
    studies = [
        study(1, "rct", n=40),
        study(2, "nonrandomized_controlled", n=30, direction="unclear"),
        study(3, "cohort_or_case_series", n=200),
        study(4, "case_report", n=1),
        study(5, "meta_analysis", n=1000),
        study(6, "systematic_review", n=700),
        study(7, "rct", n=500, relevant=False),
        study(8, "rct", n=90, human=False),
    ]
    profile = grade(studies)
    assert profile.participants == 70  # RCT and non-randomised controlled, whatever the direction
    assert profile.participants_all == 271  # and the cohort and case report; reviews never add
    assert profile.counts["rct"] == 1
    assert profile.counts["meta_analysis"] == 1
    assert sum(profile.counts.values()) == profile.n_included == 7
    assert PARTICIPANTS_LABEL == "people in controlled studies"
    assert PARTICIPANTS_ALL_LABEL == "people in all studies"


# --- exclusions ----------------------------------------------------------------------------------


def test_exclusions_are_listed_with_their_reason() -> None:
    studies = [
        study(1),
        study(2, retracted=True),
        study(3, deleted=True),
        study(4, relevant=False),
        study(5, curator_included=False),
        study(6, deleted=True, retracted=True),
    ]
    profile = grade(studies)
    assert {(e.pmid, e.why) for e in profile.excluded} == {
        (2, "retracted"),
        (3, "deleted"),
        (4, "not relevant"),
        (5, "curator excluded"),
        (6, "deleted"),
    }
    assert profile.n_included == 1
    assert profile.excluded[0].title == "Microneedling study 2"
    assert reason(profile, "excluded").text.startswith("excluded: 5 studies")


def test_curator_can_include_an_irrelevant_study_but_not_a_retracted_one() -> None:
    irrelevant = grade([study(1, relevant=False, curator_included=True)])
    assert irrelevant.n_included == 1
    retracted = grade([study(1, retracted=True, curator_included=True)])
    assert retracted.n_included == 0
    assert retracted.excluded[0].why == "retracted"


def test_all_excluded_is_insufficient() -> None:
    profile = grade([study(1, curator_included=False), study(2, retracted=True)])
    assert profile.certainty == "insufficient"
    assert len(profile.excluded) == 2


# --- curator overrides ---------------------------------------------------------------------------


def test_curator_design_wins_and_is_listed() -> None:
    studies = [study(1, "rct", curator_design="cohort_or_case_series", curator_note="no control")]
    studies.append(study(2, "cohort_or_case_series", n=300))
    profile = grade(studies)
    assert profile.best_design == "cohort_or_case_series"
    assert profile.counts["rct"] == 0
    assert [(o.pmid, o.fields, o.note) for o in profile.overrides] == [
        (1, ("design",), "no control")
    ]
    text = reason(profile, "override").text
    assert "PMID 1" in text
    assert "cohort study or case series" in text
    assert "no control" in text


def test_curator_direction_and_count_win() -> None:
    profile = grade([study(1, n=10, curator_n=150, direction="unclear", curator_direction="harms")])
    assert profile.verdict_label == "Contradicted"
    assert f"150 {RATED_CONTROLLED_PEOPLE_LABEL}" in profile.verdict
    assert reason(profile, "imprecision").step == -1  # one study of 150 people
    assert profile.overrides[0].fields == ("direction", "n_participants")
    assert "direction harms" in reason(profile, "override").text


def test_curator_exclusion_is_an_override() -> None:
    profile = grade([study(1, curator_included=False), study(2)])
    assert profile.overrides[0].fields == ("included",)
    assert "PMID 1 (excluded)" in reason(profile, "override").text


def test_curator_value_equal_to_automatic_is_not_an_override() -> None:
    same = study(1, rob_overall="low", curator_rob="low")
    profile = grade([study(1, curator_design="rct", curator_direction="supports", curator_n=120)])
    assert profile.overrides == ()
    assert "override" not in codes(profile)
    assert grade([same]).overrides == ()


def test_curator_design_settles_whether_a_study_is_in_humans() -> None:
    e = effective(study(1, "rct", human=False, curator_design="rct"))
    assert e.human
    assert e.design == "rct"
    assert e.overridden == ("design",)
    animal = effective(study(2, "rct", curator_design="animal_or_in_vitro"))
    assert not animal.human


def test_effective_without_overrides_keeps_the_assessment() -> None:
    e = effective(study(1, "cohort_or_case_series", n=33, direction="mixed", indirect="device"))
    assert (e.design, e.n_participants, e.direction, e.included, e.indirect) == (
        "cohort_or_case_series",
        33,
        "mixed",
        True,
        "device",
    )
    assert e.overridden == ()


# --- determinism, JSON, changes ------------------------------------------------------------------


def test_duplicate_pmids_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate PMIDs"):
        grade([study(1), study(1, "cohort_or_case_series")])


def test_json_round_trip_through_text() -> None:
    studies = [
        study(1, n=40, expression_of_concern=True, rob_overall="high", curator_rob="low"),
        study(2, n=30, direction="mixed", curator_note="checked"),
        study(3, retracted=True),
        study(4, "meta_analysis", stated_certainty="low", stated_certainty_evidence="Low."),
    ]
    profile = grade(studies)
    data = profile.to_json()
    assert data["id"] == "acne-scars"
    assert data["rules_version"] == rules.RULES_VERSION == 2
    assert data["certainty"] == profile.certainty
    assert isinstance(data["reasons"], list)
    assert {"code", "text", "step"} == set(data["reasons"][0])
    assert ClaimProfile.from_json(json.loads(json.dumps(data))) == profile


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("certainty", "fair", "certainty"),
        ("best_design", "anecdote", "best_design"),
        ("participants", "12", "participants"),
        ("participants_all", True, "participants_all"),
        ("reasons", {}, "reasons"),
        ("reasons", [{"code": "start", "text": "start", "step": "0"}], "reasons.0.step"),
        ("counts", {"rct": 1.5}, "counts.rct"),
        ("overrides", [{"pmid": 1, "title": "t", "fields": ["colour"]}], "overrides.0.fields.0"),
    ],
)
def test_from_json_rejects_malformed_data_naming_the_field(
    key: str, value: object, named: str
) -> None:
    data = grade([study(1)]).to_json()
    data[key] = value
    with pytest.raises(ValueError, match=rf"stored profile: {re.escape(named)}"):
        ClaimProfile.from_json(data)


def test_from_json_rejects_missing_keys() -> None:
    data = grade([study(1)]).to_json()
    del data["verdict"]
    with pytest.raises(ValueError, match="verdict"):
        ClaimProfile.from_json(data)


# A profile as the version 1 grader stored it (reviews' pooled counts, a single-study step).
V1_PROFILE: dict[str, Any] = {
    "id": "acne-scars",
    "rules_version": 1,
    "certainty": "high",
    "verdict": "Supported, high certainty: 1 meta-analysis and 2 RCTs, 900 participants, "
    "3 of 3 favourable",
    "verdict_label": "Supported",
    "best_design": "meta_analysis",
    "counts": {design: 0 for design in DESIGNS} | {"meta_analysis": 1, "rct": 2},
    "participants": 240,
    "participants_all": 240,
    "consensus": {
        "supports": 1.0,
        "against": 0.0,
        "unclear": 0.0,
        "total_weight": 10.0,
        "weights": dict(rules.DESIGN_WEIGHTS),
    },
    "reasons": [
        {"code": "start", "text": "start: 1 meta-analysis and 2 RCTs (high)", "step": 0},
        {"code": "single_study", "text": "single_study: only 1 RCT (-1)", "step": -1},
    ],
    "n_included": 3,
    "excluded": [],
    "overrides": [{"pmid": 2, "title": "A trial", "fields": ["n_participants"], "note": None}],
}


def test_a_version_1_profile_is_still_readable_and_diffable() -> None:
    old = ClaimProfile.from_json(json.loads(json.dumps(V1_PROFILE)))
    assert old.rules_version == 1
    assert old.certainty == "high"
    assert old.reasons[1] == Reason("single_study", "single_study: only 1 RCT (-1)", -1)
    new = grade([study(1, "meta_analysis", n=900), study(2), study(3)])  # 240 people, unjudged
    change = diff_profiles(old, new)
    assert change is not None
    assert "certainty" in change.changed
    assert change.certainty_steps == RANK[new.certainty] - RANK["high"] < 0
    assert new.rules_version == rules.RULES_VERSION


def test_diff_is_none_when_nothing_moved() -> None:
    before = grade([study(1), study(2)])
    after = grade([study(2), study(1), study(3, "narrative_review", direction="unclear")])
    assert diff_profiles(before, after) is None


def test_diff_reports_a_downgrade_with_new_reasons() -> None:
    before = grade(sound_trials(1, 2))
    after = grade(
        [*sound_trials(1), study(2, n=250, rob_overall="low", expression_of_concern=True)]
    )
    change = diff_profiles(before, after)
    assert change is not None
    assert change.changed == ("certainty", "verdict")
    assert (change.certainty_before, change.certainty_after) == ("high", "moderate")
    assert change.certainty_steps == -1
    assert change.reasons == after.reasons
    data = change.to_json()
    assert data["before"] == {
        "certainty": "high",
        "verdict_label": "Supported",
        "verdict": before.verdict,
        "best_design": "rct",
    }
    assert isinstance(data["after"], dict)
    assert data["after"]["certainty"] == "moderate"


def test_diff_reports_a_verdict_only_change() -> None:
    change = diff_profiles(grade([study(1), study(2)]), grade([study(1), study(2, n=200)]))
    assert change is not None
    assert change.changed == ("verdict",)
    assert change.certainty_steps == 0


def test_diff_reports_label_and_design_changes() -> None:
    # Before: 2 cohorts, 420 people: low. After: 2 RCTs, 240 people (-1): moderate.
    before = grade([study(1, "cohort_or_case_series", n=300), study(2, "cohort_or_case_series")])
    after = grade([study(1, direction="no_effect"), study(2, direction="no_effect")])
    change = diff_profiles(before, after)
    assert change is not None
    assert change.changed == ("certainty", "verdict_label", "verdict", "best_design")
    assert (change.verdict_label_before, change.verdict_label_after) == (
        "Supported",
        "Not supported",
    )
    assert change.certainty_steps == 1
    assert (change.best_design_before, change.best_design_after) == ("cohort_or_case_series", "rct")


def test_diff_of_a_new_claim() -> None:
    after = grade(sound_trials(1, 2))
    change = diff_profiles(None, after)
    assert change is not None
    assert change.changed == ("new",)
    assert change.certainty_before is None
    assert change.certainty_steps == 4  # insufficient -> high
    assert change.to_json()["before"] == {}


def test_diff_refuses_different_claims() -> None:
    with pytest.raises(ValueError):
        diff_profiles(grade_claim("a", "benefit", []), grade_claim("b", "benefit", []))
