"""Properties of per-claim grading that must hold for any list of studies."""

from __future__ import annotations

import dataclasses
import json
import random

from hypothesis import given
from hypothesis import strategies as st

from tracker.evidence.grade import (
    CERTAINTIES,
    Certainty,
    ClaimProfile,
    StudyEvidence,
    effective,
    grade_claim,
)
from tracker.evidence.labels import DESIGNS, DIRECTIONS, Design, Polarity

# The highest certainty each design can start from (the rulebook's table, restated here).
CEILING: dict[Design, Certainty] = {
    "meta_analysis": "high",
    "systematic_review": "high",
    "rct": "high",
    "nonrandomized_controlled": "low",
    "cohort_or_case_series": "low",
    "case_report": "very_low",
}
RATED = frozenset(CEILING)
ORDER = {level: rank for rank, level in enumerate(reversed(CERTAINTIES))}  # insufficient = 0

designs = st.sampled_from(DESIGNS)
directions = st.sampled_from(DIRECTIONS)
polarities: st.SearchStrategy[Polarity] = st.sampled_from(["benefit", "safety"])


@st.composite
def a_study(draw: st.DrawFn, pmid: int) -> StudyEvidence:
    rare = st.sampled_from([False, False, False, True])  # flags that are seldom set
    return StudyEvidence(
        pmid=pmid,
        title=draw(st.text(max_size=20)),
        year=draw(st.none() | st.integers(1990, 2030)),
        design=draw(designs),
        n_participants=draw(st.none() | st.integers(0, 400)),
        direction=draw(directions),
        human=draw(st.booleans()),
        relevant=draw(st.booleans()),
        rct_within_person=draw(rare),
        retracted=draw(rare),
        expression_of_concern=draw(rare),
        deleted=draw(rare),
        curator_included=draw(st.none() | st.booleans()),
        curator_design=draw(st.none() | designs),
        curator_direction=draw(st.none() | directions),
        curator_n=draw(st.none() | st.integers(0, 400)),
        curator_note=draw(st.none() | st.text(max_size=10)),
    )


@st.composite
def study_lists(draw: st.DrawFn, max_size: int = 10) -> list[StudyEvidence]:
    pmids = draw(st.lists(st.integers(1, 40_000_000), unique=True, max_size=max_size))
    return [draw(a_study(pmid)) for pmid in pmids]


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
    used = {s.pmid for s in studies}
    pmid = data.draw(st.integers(1, 40_000_000).filter(lambda p: p not in used))
    retracted = dataclasses.replace(data.draw(a_study(pmid)), retracted=True)
    before = grade_claim("c", polarity, studies)
    after = grade_claim("c", polarity, [*studies, retracted])
    assert after.certainty == before.certainty
    assert (after.verdict, after.best_design) == (before.verdict, before.best_design)
    assert (after.counts, after.consensus) == (before.counts, before.consensus)
    assert pmid in {e.pmid for e in after.excluded}


@given(study_lists(), polarities)
def test_certainty_never_exceeds_what_the_best_design_allows(
    studies: list[StudyEvidence], polarity: Polarity
) -> None:
    profile = grade_claim("c", polarity, studies)
    readable = [
        e.design
        for e in map(effective, studies)
        if e.included and e.human and e.design in RATED and e.direction != "unclear"
    ]
    if not readable:
        assert profile.certainty == "insufficient"
        assert profile.best_design is None
        return
    assert profile.best_design == min(readable, key=DESIGNS.index)
    assert ORDER[profile.certainty] <= ORDER[CEILING[profile.best_design]]
    assert profile.certainty != "insufficient"


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
def test_json_round_trip(studies: list[StudyEvidence], polarity: Polarity) -> None:
    profile = grade_claim("claim-1", polarity, studies)
    stored = json.loads(json.dumps(profile.to_json()))
    assert ClaimProfile.from_json(stored) == profile
