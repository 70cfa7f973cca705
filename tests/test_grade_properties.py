"""Properties of per-claim grading that must hold for any list of studies."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tracker.evidence.grade import (
    CERTAINTIES,
    Certainty,
    ClaimProfile,
    EffectiveStudy,
    StudyEvidence,
    effective,
    grade_claim,
)
from tracker.evidence.labels import (
    DESIGNS,
    DIRECTIONS,
    Design,
    Polarity,
    RiskOfBias,
    StatedCertainty,
)

# The highest certainty each primary design can start from (the rulebook's table, restated here);
# reviews alone reach moderate at most.
CEILING: dict[Design, Certainty] = {
    "rct": "high",
    "nonrandomized_controlled": "low",
    "cohort_or_case_series": "low",
    "case_report": "very_low",
}
REVIEWS_ALONE_CEILING: Certainty = "moderate"
PRIMARY = frozenset(CEILING)
REVIEWS = frozenset({"meta_analysis", "systematic_review"})
ORDER = {level: rank for rank, level in enumerate(reversed(CERTAINTIES))}  # insufficient = 0
RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:None|False|True)\b")

designs = st.sampled_from(DESIGNS)
directions = st.sampled_from(DIRECTIONS)
polarities: st.SearchStrategy[Polarity] = st.sampled_from(["benefit", "safety"])
robs: st.SearchStrategy[RiskOfBias | None] = st.sampled_from(
    [None, None, "low", "some_concerns", "high"]
)
stated: st.SearchStrategy[StatedCertainty | None] = st.sampled_from(
    [None, None, "high", "moderate", "low", "very_low"]
)
sentences = st.sampled_from(
    [
        None,
        "The certainty of the evidence was low.",
        "  Overall certainty:\nmoderate, downgraded for imprecision and risk of bias. " * 6,
        "",
    ]
)


@st.composite
def a_study(draw: st.DrawFn, pmid: int) -> StudyEvidence:
    rare = st.sampled_from([False, False, False, True])  # flags that are seldom set
    return StudyEvidence(
        pmid=pmid,
        title=draw(st.text(max_size=20)),
        year=draw(st.none() | st.integers(1990, 2030)),
        design=draw(designs),
        n_participants=draw(st.none() | st.integers(0, 600)),
        direction=draw(directions),
        human=draw(st.booleans()),
        relevant=draw(st.booleans()),
        rct_within_person=draw(rare),
        retracted=draw(rare),
        expression_of_concern=draw(rare),
        deleted=draw(rare),
        rob_overall=draw(robs),
        rob_key_concern=draw(rare),
        stated_certainty=draw(stated),
        stated_certainty_evidence=draw(sentences),
        indirect=draw(st.sampled_from([None, None, None, "combination", "surrogate", "device"])),
        curator_included=draw(st.none() | st.booleans()),
        curator_design=draw(st.none() | designs),
        curator_direction=draw(st.none() | directions),
        curator_n=draw(st.none() | st.integers(0, 600)),
        curator_rob=draw(st.none() | st.none() | robs),
        curator_note=draw(st.none() | st.text(max_size=10)),
    )


@st.composite
def study_lists(draw: st.DrawFn, max_size: int = 10) -> list[StudyEvidence]:
    pmids = draw(st.lists(st.integers(1, 40_000_000), unique=True, max_size=max_size))
    return [draw(a_study(pmid)) for pmid in pmids]


def readable(studies: list[StudyEvidence]) -> list[EffectiveStudy]:
    """The rated studies, restated from the rulebook: included, human, readable direction."""
    return [
        e
        for e in map(effective, studies)
        if e.included and e.human and e.design in PRIMARY | REVIEWS and e.direction != "unclear"
    ]


def new_pmid(studies: list[StudyEvidence], data: st.DataObject) -> int:
    used = {s.pmid for s in studies}
    return data.draw(st.integers(1, 40_000_000).filter(lambda p: p not in used))


@given(study_lists(), polarities, st.randoms(use_true_random=False))
def test_input_order_never_matters(
    studies: list[StudyEvidence], polarity: Polarity, rnd: random.Random
) -> None:
    shuffled = list(studies)
    rnd.shuffle(shuffled)
    assert grade_claim("c", polarity, shuffled) == grade_claim("c", polarity, studies)


@given(study_lists(), polarities, st.data())
def test_a_retracted_study_never_changes_the_grade(
    studies: list[StudyEvidence], polarity: Polarity, data: st.DataObject
) -> None:
    pmid = new_pmid(studies, data)
    retracted = dataclasses.replace(data.draw(a_study(pmid)), retracted=True)
    before = grade_claim("c", polarity, studies)
    after = grade_claim("c", polarity, [*studies, retracted])
    assert after.certainty == before.certainty
    assert (after.verdict, after.best_design) == (before.verdict, before.best_design)
    assert (after.counts, after.consensus) == (before.counts, before.consensus)
    assert pmid in {e.pmid for e in after.excluded}


@given(study_lists(), polarities)
def test_certainty_never_exceeds_what_the_strongest_design_allows(
    studies: list[StudyEvidence], polarity: Polarity
) -> None:
    profile = grade_claim("c", polarity, studies)
    rated = readable(studies)
    if not rated:
        assert profile.certainty == "insufficient"
        assert profile.best_design is None
        return
    assert profile.best_design == min((e.design for e in rated), key=DESIGNS.index)
    primary = [e.design for e in rated if e.design in PRIMARY]
    ceiling = CEILING[min(primary, key=DESIGNS.index)] if primary else REVIEWS_ALONE_CEILING
    assert ORDER[profile.certainty] <= ORDER[ceiling]
    assert profile.certainty != "insufficient"


@given(study_lists(), polarities)
def test_high_needs_two_low_risk_trials_with_enough_people(
    studies: list[StudyEvidence], polarity: Polarity
) -> None:
    profile = grade_claim("c", polarity, studies)
    if profile.certainty != "high":
        return
    sound = [
        e
        for e in readable(studies)
        if e.design == "rct" and e.rob == "low" and not e.rob_key_concern
    ]
    assert len(sound) >= 2
    assert sum(e.n_participants or 0 for e in sound) >= 400
    assert all(r.step == 0 for r in profile.reasons)


@given(study_lists(), polarities)
def test_certainty_is_the_start_plus_the_listed_steps(
    studies: list[StudyEvidence], polarity: Polarity
) -> None:
    profile = grade_claim("c", polarity, studies)
    if profile.best_design is None:
        return
    start = profile.reasons[0]
    assert start.code == "start"
    started_at = next(c for c in CERTAINTIES if start.text.endswith(f"({c.replace('_', ' ')})"))
    expected = max(ORDER["very_low"], ORDER[started_at] + sum(r.step for r in profile.reasons))
    assert ORDER[profile.certainty] == expected


@given(study_lists(), polarities, st.data())
def test_adding_a_review_rating_its_evidence_no_higher_never_raises_certainty(
    studies: list[StudyEvidence], polarity: Polarity, data: st.DataObject
) -> None:
    before = grade_claim("c", polarity, studies)
    if before.certainty == "insufficient":
        return
    at_most = [
        c for c in CERTAINTIES if c != "insufficient" and ORDER[c] <= ORDER[before.certainty]
    ]
    review = dataclasses.replace(
        data.draw(a_study(new_pmid(studies, data))),
        design=data.draw(st.sampled_from(sorted(REVIEWS))),
        curator_design=None,
        stated_certainty=data.draw(st.sampled_from(at_most)),
    )
    after = grade_claim("c", polarity, [*studies, review])
    assert ORDER[after.certainty] <= ORDER[before.certainty]


@given(study_lists(), polarities, st.data())
def test_making_a_study_worse_never_raises_certainty(
    studies: list[StudyEvidence], polarity: Polarity, data: st.DataObject
) -> None:
    if not studies:
        return
    index = data.draw(st.integers(0, len(studies) - 1))
    flaw: dict[str, Any] = data.draw(
        st.sampled_from(
            [
                {"expression_of_concern": True},
                {"rob_overall": "high", "curator_rob": None},
                {"curator_rob": "high"},
                {"rob_key_concern": True},
                {"indirect": "combination"},
            ]
        )
    )
    worse = list(studies)
    worse[index] = dataclasses.replace(studies[index], **flaw)
    before = grade_claim("c", polarity, studies)
    after = grade_claim("c", polarity, worse)
    assert ORDER[after.certainty] <= ORDER[before.certainty]


@given(study_lists(), polarities)
def test_reasons_and_verdicts_show_no_codes(
    studies: list[StudyEvidence], polarity: Polarity
) -> None:
    # Curator notes are the curator's own words, quoted as written.
    plain = [dataclasses.replace(s, curator_note=None) for s in studies]
    profile = grade_claim("c", polarity, plain)
    for text in [profile.verdict, *(r.text for r in profile.reasons)]:
        assert not RAW_CODE.search(text), text


@given(study_lists(), polarities)
def test_excluding_every_study_leaves_insufficient_evidence(
    studies: list[StudyEvidence], polarity: Polarity
) -> None:
    excluded = [dataclasses.replace(s, curator_included=False) for s in studies]
    profile = grade_claim("c", polarity, excluded)
    assert profile.certainty == "insufficient"
    assert profile.verdict_label == "Insufficient evidence"
    assert profile.n_included == 0
    assert len(profile.excluded) == len(studies)


@given(study_lists(), polarities)
def test_bookkeeping_adds_up(studies: list[StudyEvidence], polarity: Polarity) -> None:
    profile = grade_claim("c", polarity, studies)
    assert profile.n_included + len(profile.excluded) == len(studies)
    assert sum(profile.counts.values()) == profile.n_included
    assert set(profile.counts) == set(DESIGNS)
    shares = profile.consensus.supports + profile.consensus.against + profile.consensus.unclear
    assert abs(shares - (1.0 if profile.n_included else 0.0)) < 1e-9
    assert 0 <= profile.participants <= profile.participants_all
    assert all(r.step <= 0 for r in profile.reasons)


@given(study_lists(), polarities)
def test_reviews_never_add_participants(studies: list[StudyEvidence], polarity: Polarity) -> None:
    without = [s for s in studies if effective(s).design not in REVIEWS]
    with_reviews = grade_claim("c", polarity, studies)
    assert with_reviews.participants == grade_claim("c", polarity, without).participants
    assert with_reviews.participants_all == grade_claim("c", polarity, without).participants_all


@given(study_lists(), polarities)
def test_json_round_trip(studies: list[StudyEvidence], polarity: Polarity) -> None:
    profile = grade_claim("claim-1", polarity, studies)
    stored = json.loads(json.dumps(profile.to_json()))
    assert ClaimProfile.from_json(stored) == profile
