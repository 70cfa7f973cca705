"""Unit tests for the per-claim grading rules, one small constructed study list per rule."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tracker.evidence.grade import (
    ClaimProfile,
    Reason,
    StudyEvidence,
    diff_profiles,
    effective,
    grade_claim,
)
from tracker.evidence.labels import DESIGNS, Design, Direction, Polarity


def study(
    pmid: int,
    design: Design = "rct",
    n: int | None = 120,
    direction: Direction = "supports",
    **extra: Any,
) -> StudyEvidence:
    fields: dict[str, Any] = {"human": True, "relevant": True} | extra
    return StudyEvidence(
        pmid=pmid,
        title=f"Microneedling study {pmid}",
        year=2021,
        design=design,
        n_participants=n,
        direction=direction,
        **fields,
    )


def grade(studies: list[StudyEvidence], polarity: Polarity = "benefit") -> ClaimProfile:
    return grade_claim("acne-scars", polarity, studies)


def reason(profile: ClaimProfile, code: str) -> Reason:
    matches = [r for r in profile.reasons if r.code == code]
    assert len(matches) == 1, f"expected one {code!r} reason in {profile.reasons}"
    return matches[0]


def codes(profile: ClaimProfile) -> list[str]:
    return [r.code for r in profile.reasons]


# --- where the rating starts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("designs", "expected"),
    [
        (["rct", "rct", "rct"], "high"),
        (["meta_analysis", "rct", "rct"], "high"),
        (["systematic_review", "rct"], "high"),
        (["meta_analysis", "meta_analysis"], "moderate"),
        (["systematic_review", "cohort_or_case_series"], "moderate"),
        (["nonrandomized_controlled", "nonrandomized_controlled"], "low"),
        (["cohort_or_case_series", "cohort_or_case_series"], "low"),
        (["case_report", "case_report", "case_report"], "very_low"),
    ],
)
def test_start_level_follows_best_design(designs: list[Design], expected: str) -> None:
    profile = grade([study(i, d, n=150) for i, d in enumerate(designs, start=1)])
    assert profile.certainty == expected
    start = profile.reasons[0]
    assert start.code == "start"
    assert start.step == 0
    assert start.text.endswith(f"({expected.replace('_', ' ')})")
    assert profile.best_design == min(designs, key=DESIGNS.index)


def test_start_reason_names_the_studies() -> None:
    profile = grade([study(i, n=60) for i in range(1, 5)])
    assert reason(profile, "start").text == "start: 4 RCTs (high)"


def test_meta_analysis_without_rct_says_so() -> None:
    profile = grade([study(1, "meta_analysis", n=500), study(2, "meta_analysis", n=300)])
    assert "no RCT" in reason(profile, "start").text
    assert profile.certainty == "moderate"


def test_lower_tiers_do_not_join_the_rated_body() -> None:
    studies = [study(1, n=80), study(2, n=80)]
    studies += [study(10 + i, "cohort_or_case_series", direction="no_effect") for i in range(6)]
    profile = grade(studies)
    assert profile.best_design == "rct"
    assert profile.verdict_label == "Supported"
    assert "inconsistency" not in codes(profile)
    assert "2 RCTs, 160 participants, 2 of 2 favourable" in profile.verdict


def test_unclear_direction_cannot_set_the_start() -> None:
    studies = [
        study(1, "rct", direction="unclear"),
        study(2, "cohort_or_case_series", n=200),
        study(3, "cohort_or_case_series", n=200),
    ]
    profile = grade(studies)
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
def test_reviews_and_opinion_alone_are_insufficient(design: Design) -> None:
    profile = grade([study(1, design), study(2, design)])
    assert profile.certainty == "insufficient"
    assert profile.best_design is None
    assert "no primary studies" in profile.verdict
    assert profile.n_included == 2


def test_opinion_never_sets_the_start_beside_primary_studies() -> None:
    studies = [study(1, "guideline_or_consensus"), study(2, "narrative_review")]
    studies += [study(3, "case_report"), study(4, "case_report")]
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


# --- indirectness --------------------------------------------------------------------------------


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


# --- downgrades ----------------------------------------------------------------------------------


def test_imprecision_one_step_with_the_briefed_wording() -> None:
    profile = grade([study(1, n=40), study(2, n=44)])
    r = reason(profile, "imprecision")
    assert r.text == "imprecision: 84 participants across 2 RCTs (-1)"
    assert r.step == -1
    assert profile.certainty == "moderate"


def test_imprecision_two_steps_below_thirty() -> None:
    profile = grade([study(1, n=12), study(2, n=15)])
    assert reason(profile, "imprecision").step == -2
    assert profile.certainty == "low"


@pytest.mark.parametrize(("total", "step"), [(100, None), (99, -1), (30, -1), (29, -2)])
def test_imprecision_thresholds_are_exclusive(total: int, step: int | None) -> None:
    profile = grade([study(1, n=total - 10), study(2, n=10)])
    found = [r.step for r in profile.reasons if r.code == "imprecision"]
    assert found == ([] if step is None else [step])


def test_unreported_counts_add_nothing_and_are_mentioned() -> None:
    profile = grade([study(1, n=60), study(2, n=None)])
    r = reason(profile, "imprecision")
    assert "60 participants" in r.text
    assert "1 without a count" in r.text


def test_no_reported_counts_costs_one_step_not_two() -> None:
    profile = grade([study(1, n=None), study(2, n=None)])
    r = reason(profile, "imprecision")
    assert r.step == -1
    assert "no participant numbers" in r.text
    assert "participant numbers not reported" in profile.verdict


def test_review_participants_are_not_added_to_the_trials_they_pool() -> None:
    trials = [study(1, n=40), study(2, n=40)]
    pooled = grade([*trials, study(3, "meta_analysis", n=70)])
    assert "80 participants" in pooled.verdict
    assert reason(pooled, "imprecision").step == -1
    larger = grade([*trials, study(3, "meta_analysis", n=400)])
    assert "400 participants" in larger.verdict
    assert "imprecision" not in codes(larger)
    assert larger.participants == 80  # reviews never count towards participants


def test_inconsistency_with_the_briefed_wording() -> None:
    studies = [study(i, direction="no_effect" if i <= 2 else "supports") for i in range(1, 6)]
    profile = grade(studies)
    r = reason(profile, "inconsistency")
    assert r.text.startswith("inconsistency: 2 of 5 RCTs found no effect")
    assert r.text.endswith("(-1)")
    assert r.step == -1
    assert profile.certainty == "moderate"


def test_one_dissenter_in_four_is_not_inconsistent() -> None:
    studies = [study(i, direction="no_effect" if i == 1 else "supports") for i in range(1, 5)]
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


def test_single_study_is_downgraded() -> None:
    profile = grade([study(1, "nonrandomized_controlled", n=500)])
    r = reason(profile, "single_study")
    assert r.text == "single_study: only 1 non-randomised controlled study (-1)"
    assert profile.certainty == "very_low"


def test_a_lone_review_is_not_a_single_study() -> None:
    profile = grade([study(1, "systematic_review", n=900)])
    assert "single_study" not in codes(profile)
    assert profile.certainty == "moderate"


def test_expression_of_concern_in_the_body_costs_one_step() -> None:
    studies = [study(1), study(2, expression_of_concern=True), study(3)]
    profile = grade(studies)
    r = reason(profile, "risk_of_bias")
    assert r.step == -1
    assert "1 of 3 RCTs" in r.text
    assert "PMID 2" in r.text
    assert profile.certainty == "moderate"
    assert profile.n_included == 3


def test_expression_of_concern_outside_the_body_is_only_noted() -> None:
    studies = [study(1), study(2), study(3, "case_report", expression_of_concern=True)]
    profile = grade(studies)
    r = reason(profile, "risk_of_bias")
    assert r.step == 0
    assert "PMID 3" in r.text
    assert profile.certainty == "high"


def test_certainty_floors_at_very_low() -> None:
    studies = [study(1, "case_report", n=1, direction="mixed", expression_of_concern=True)]
    profile = grade(studies)
    assert sum(r.step for r in profile.reasons) <= -3
    assert profile.certainty == "very_low"


def test_split_face_trials_are_noted_without_a_step() -> None:
    profile = grade([study(1, rct_within_person=True), study(2)])
    r = reason(profile, "within_person")
    assert r.step == 0
    assert "1 of 2 RCTs" in r.text
    assert profile.certainty == "high"


# --- verdicts ------------------------------------------------------------------------------------


def test_verdict_line_matches_the_briefed_shape() -> None:
    studies = [
        study(1, n=60),
        study(2, n=50),
        study(3, n=52),
        study(4, n=50, direction="no_effect"),
    ]
    profile = grade(studies)
    assert (
        profile.verdict == "Supported, high certainty: 4 RCTs, 212 participants, 3 of 4 favourable"
    )


def test_not_supported_when_trials_find_no_effect() -> None:
    profile = grade([study(i, direction="no_effect") for i in range(1, 4)])
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
    harmful = [study(i, direction="harms") for i in range(1, 4)] + [study(4)]
    profile = grade(harmful, polarity="safety")
    assert profile.verdict_label == "Contradicted"
    assert profile.verdict.startswith("Contradicted, high certainty:")
    assert profile.verdict.endswith("3 of 4 report harm")

    safe = grade([study(1), study(2)], polarity="safety")
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


def test_counts_and_participants() -> None:
    studies = [
        study(1, "rct", n=40),
        study(2, "nonrandomized_controlled", n=30),
        study(3, "cohort_or_case_series", n=200),
        study(4, "case_report", n=1),
        study(5, "meta_analysis", n=1000),
        study(6, "rct", n=500, relevant=False),
    ]
    profile = grade(studies)
    assert profile.participants == 70
    assert profile.participants_all == 271
    assert profile.counts["rct"] == 1
    assert profile.counts["meta_analysis"] == 1
    assert sum(profile.counts.values()) == profile.n_included == 5


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
    assert "150 participants" in profile.verdict
    assert "imprecision" not in codes(profile)
    assert profile.overrides[0].fields == ("direction", "n_participants")


def test_curator_exclusion_is_an_override() -> None:
    profile = grade([study(1, curator_included=False), study(2)])
    assert profile.overrides[0].fields == ("included",)
    assert "PMID 1 (excluded)" in reason(profile, "override").text


def test_curator_value_equal_to_automatic_is_not_an_override() -> None:
    profile = grade([study(1, curator_design="rct", curator_direction="supports", curator_n=120)])
    assert profile.overrides == ()
    assert "override" not in codes(profile)


def test_curator_design_settles_whether_a_study_is_in_humans() -> None:
    e = effective(study(1, "rct", human=False, curator_design="rct"))
    assert e.human
    assert e.design == "rct"
    assert e.overridden == ("design",)
    animal = effective(study(2, "rct", curator_design="animal_or_in_vitro"))
    assert not animal.human


def test_effective_without_overrides_keeps_the_assessment() -> None:
    e = effective(study(1, "cohort_or_case_series", n=33, direction="mixed"))
    assert (e.design, e.n_participants, e.direction, e.included) == (
        "cohort_or_case_series",
        33,
        "mixed",
        True,
    )
    assert e.overridden == ()


# --- determinism, JSON, changes ------------------------------------------------------------------


def test_duplicate_pmids_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate PMIDs"):
        grade([study(1), study(1, "cohort_or_case_series")])


def test_json_round_trip_through_text() -> None:
    studies = [
        study(1, n=40, expression_of_concern=True),
        study(2, n=30, direction="mixed", curator_note="checked"),
        study(3, retracted=True),
    ]
    profile = grade(studies)
    data = profile.to_json()
    assert data["id"] == "acne-scars"
    assert data["certainty"] == profile.certainty
    assert isinstance(data["reasons"], list)
    assert {"code", "text", "step"} == set(data["reasons"][0])
    assert ClaimProfile.from_json(json.loads(json.dumps(data))) == profile


@pytest.mark.parametrize(
    ("key", "value"),
    [("certainty", "fair"), ("best_design", "anecdote"), ("participants", "12"), ("reasons", {})],
)
def test_from_json_rejects_malformed_data(key: str, value: object) -> None:
    data = grade([study(1)]).to_json()
    data[key] = value
    with pytest.raises(ValueError):
        ClaimProfile.from_json(data)


def test_from_json_rejects_missing_keys() -> None:
    data = grade([study(1)]).to_json()
    del data["verdict"]
    with pytest.raises(ValueError, match="verdict"):
        ClaimProfile.from_json(data)


def test_diff_is_none_when_nothing_moved() -> None:
    before = grade([study(1), study(2)])
    after = grade([study(2), study(1), study(3, "case_report", direction="unclear")])
    assert diff_profiles(before, after) is None


def test_diff_reports_a_downgrade_with_new_reasons() -> None:
    before = grade([study(1), study(2)])
    after = grade([study(1), study(2, expression_of_concern=True)])
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
    before = grade([study(1, "cohort_or_case_series", n=300), study(2, "cohort_or_case_series")])
    after = grade([study(1, direction="no_effect"), study(2, direction="no_effect")])
    change = diff_profiles(before, after)
    assert change is not None
    assert change.changed == ("certainty", "verdict_label", "verdict", "best_design")
    assert (change.verdict_label_before, change.verdict_label_after) == (
        "Supported",
        "Not supported",
    )
    assert change.certainty_steps == 2
    assert (change.best_design_before, change.best_design_after) == ("cohort_or_case_series", "rct")


def test_diff_of_a_new_claim() -> None:
    after = grade([study(1), study(2)])
    change = diff_profiles(None, after)
    assert change is not None
    assert change.changed == ("new",)
    assert change.certainty_before is None
    assert change.certainty_steps == 4  # insufficient -> high
    assert change.to_json()["before"] == {}


def test_diff_refuses_different_claims() -> None:
    with pytest.raises(ValueError):
        diff_profiles(grade_claim("a", "benefit", []), grade_claim("b", "benefit", []))
