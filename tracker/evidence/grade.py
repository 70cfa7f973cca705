"""Grade the evidence for one claim: a GRADE certainty, a verdict, and the reasons for both.

This docstring is the rulebook. Every number in it is a named constant below, and every step the
grader takes is reported as a `Reason` in plain words, so a reader of the dashboard can retrace
any rating. The shapes read and written live in `grade_input` and `profile`, re-exported here.

1. Which studies count
   A study is left out, and listed in `excluded` with the first of these that applies, when it is
   "deleted" (NLM DeleteCitation; kept only for audit), "retracted", "curator excluded", or
   "not relevant" (unless the curator included it). A curator cannot bring back a deleted or
   retracted record: their inclusion is still listed as an override, but has no effect.
   A study with an expression of concern stays in; see 4a.

2. Curator overrides
   The curator's inclusion, design, direction, participant count and risk of bias replace the
   automatic ones. A field counts as overridden only when the curator's value differs from the
   automatic one. Every study with an overridden field or a curator note is listed in
   `overrides`, and one "override" reason names them. A curator design also settles whether the
   study is in humans: any design other than animal/in-vitro means it is. A curator's risk of
   bias replaces the reader's whole judgement, so it also clears the reader's key concern (4a).

3. What is rated
   Studies not in humans (human flag unset, or labelled animal/in-vitro) are graded as animal or
   in-vitro studies whatever their design: indirect evidence for a claim made to patients.

   The body of evidence is the included primary studies in humans (RCT, non-randomised
   controlled, cohort or case series, case report) whose direction is readable (not "unclear").
   The strongest design in the body picks its tier and where the rating starts:

     tier               strongest design in the body        start
     randomised         RCT                                 high
     non-randomised     non-randomised controlled           low
     observational      cohort or case series               low
     case reports       case report                         very low

   The "cohort or case series" label mixes comparative cohorts (GRADE: low) with uncontrolled
   series (very low); it starts low, and 4c and 4e take small series to very low.

   Systematic reviews and meta-analyses in humans with a readable direction are not in the body:
   we do not hold the studies they pooled (and often hold some of them too), so their pooled
   counts never stand in for people. They count for the verdict (5), inconsistency (4b) and the
   consensus (6), and what they state about the certainty of their own evidence caps the rating
   (4f). With no primary study, the reviews are the body: the rating starts at the lowest
   certainty any of them states, capped at moderate, or low when none states one (their included
   studies are not held here); only 4a (expression of concern), 4b and 4d follow.

   Nothing rated means "insufficient", and the reason says why: no included studies; only
   narrative reviews, guidelines or other publications (opinion, not evidence of effect); only
   animal or in-vitro studies ("indirectness"); or only studies whose result could not be read.
   `best_design` is the strongest rated design, a review included. Known limitation: the tier
   follows the strongest design present, even when weaker designs hold most of the people.

4. Downgrades and caps, in this order, one reason each; the certainty never falls below very low
   Weights are the design weights of 6 (an RCT counts three times a case series).
   a. Risk of bias, at most -2 in all. Body studies with a risk-of-bias judgement (Cochrane
      overall; the curator's when set) are weighed, others are not (observational designs are
      already rated low for their design). A controlled study nobody could judge (no abstract)
      counts as nothing reported: an RCT has some concerns with a key concern, a non-randomised
      one is at high risk. -2 when studies at high risk hold more than half of the weighed
      weight; else -1 when studies at high risk or with a key concern (some concerns overall,
      or some concerns or high risk on sequence, concealment or blinding) hold more than half.
      An expression of concern on a body study costs -1 more; outside the body it is noted.
   b. Inconsistency (-1): the rated studies (the body and the reviews) disagree: the smaller
      side, favourable versus not (no effect or harm; "mixed" puts half on each side), holds
      more than a quarter of the weight.
   c. Imprecision, GRADE's optimal-information-size rule of thumb: the people (never scars or
      face halves) in the controlled part of the body (RCTs, non-randomised controlled) when the
      tier is randomised or non-randomised, in the whole body otherwise. Fewer than 400 -> -1,
      fewer than 100 -> -2. Unknown counts add nothing; no count at all -> -1, said so. A single
      counted study is imprecise by itself: at least -1.
   d. Indirectness (-1): studies marked indirect hold more than half of the body's weight:
      combination regimens where microneedling's own effect is not isolated, only laboratory or
      surrogate outcomes, or devices that are not skin needling.
   e. Publication bias suspected (-1): the body has at least 3 studies, every one favourable and
      every one small (fewer than 100 people, or no count).
   f. What the reviews say: the lowest certainty an included review with a readable direction
      states for its own evidence caps the rating at that level; the reason names its PMID and
      quotes its sentence (trimmed), with step 0 when the rating is already at or below it.
   g. "High" needs at least 2 RCTs at low risk of bias (judged low, no key concern) holding 400
      people or more together, and no downgrade; otherwise the certainty is at most moderate,
      with a reason when this cap bites.
   Caps are reasons with negative steps too: the certainty is always the start plus the listed
   steps, floored at very low. No upgrades: the classifiers do not read effect sizes.

5. Verdict, read from the rated studies (the body and the reviews)
   With the weights of 4: favourable share >= 2/3 -> "Supported"; <= 1/3 -> "Contradicted" when
   harm outweighs no effect, else "Not supported"; in between -> "Mixed"; and "Insufficient
   evidence" when nothing was rated. Directions are already relative to the claim, so for a
   safety claim "harms" means a study reported the harm the claim denies; only the wording of
   the verdict line changes with polarity ("found no harm" / "report harm").

6. Consensus: the whole included literature, weighted by design
   Weights: meta-analysis 4, systematic review 3, RCT 3, non-randomised controlled 2, cohort or
   case series 1, case report 0.5, narrative review 0.5, guideline or consensus 0.5, animal or
   in-vitro 0.25, other 0.25. Shares: supports; against = no effect + harms; unclear; "mixed"
   splits half to supports and half to against. They sum to 1, or are all 0 with no study.

7. Participants: one definition per label, printed with the label
   `participants`, "people in controlled studies": known counts of the included human RCTs and
   non-randomised controlled studies. `participants_all`, "people in all studies": known counts
   of all included primary studies in humans. Reviews never add. The verdict line and 4c print
   the count 4c judged, as "people in the rated (controlled) studies".

8. Determinism
   Studies are sorted by PMID before anything else, so input order never matters; two studies
   with the same PMID are a caller error (ValueError).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, NamedTuple, get_args

from tracker.evidence.grade_input import EffectiveStudy as EffectiveStudy
from tracker.evidence.grade_input import StudyEvidence as StudyEvidence
from tracker.evidence.labels import DESIGNS, Design, Direction, Indirectness, Polarity, RiskOfBias
from tracker.evidence.profile import CERTAINTIES as CERTAINTIES
from tracker.evidence.profile import CERTAINTY_RANK as CERTAINTY_RANK
from tracker.evidence.profile import PARTICIPANTS_ALL_LABEL as PARTICIPANTS_ALL_LABEL
from tracker.evidence.profile import PARTICIPANTS_LABEL as PARTICIPANTS_LABEL
from tracker.evidence.profile import VERDICT_LABELS as VERDICT_LABELS
from tracker.evidence.profile import Certainty as Certainty
from tracker.evidence.profile import ClaimProfile as ClaimProfile
from tracker.evidence.profile import Consensus as Consensus
from tracker.evidence.profile import ExcludedStudy as ExcludedStudy
from tracker.evidence.profile import ExclusionWhy as ExclusionWhy
from tracker.evidence.profile import OverrideField as OverrideField
from tracker.evidence.profile import OverrideNote as OverrideNote
from tracker.evidence.profile import ProfileChange as ProfileChange
from tracker.evidence.profile import Reason as Reason
from tracker.evidence.profile import VerdictLabel as VerdictLabel
from tracker.evidence.profile import diff_profiles as diff_profiles
from tracker.evidence.wording import (
    CERTAINTY_WORDS,
    DIRECTION_WORDS,
    INDIRECT_WORDS,
    describe,
    excluded_reason,
    noun,
    noun_for,
    override_reason,
    people_words,
    pmid_list,
    stated_words,
    tally,
)

Tier = Literal["randomised", "non-randomised", "observational", "case reports"]

# Bump when a rule changes, so stored summaries graded under older rules can be told apart.
RULES_VERSION = 2

_BY_RANK: dict[int, Certainty] = {rank: level for level, rank in CERTAINTY_RANK.items()}
FLOOR: Certainty = "very_low"

DESIGN_WEIGHTS: dict[Design, float] = {
    "meta_analysis": 4.0,
    "systematic_review": 3.0,
    "rct": 3.0,
    "nonrandomized_controlled": 2.0,
    "cohort_or_case_series": 1.0,
    "case_report": 0.5,
    "narrative_review": 0.5,
    "guideline_or_consensus": 0.5,
    "animal_or_in_vitro": 0.25,
    "other": 0.25,
}

SYNTHESIS_DESIGNS: frozenset[Design] = frozenset({"meta_analysis", "systematic_review"})
PRIMARY_DESIGNS: frozenset[Design] = frozenset(
    {"rct", "nonrandomized_controlled", "cohort_or_case_series", "case_report"}
)
CONTROLLED_DESIGNS: frozenset[Design] = frozenset({"rct", "nonrandomized_controlled"})
RATED_DESIGNS: frozenset[Design] = SYNTHESIS_DESIGNS | PRIMARY_DESIGNS

TIER_OF: dict[Design, Tier] = {
    "rct": "randomised",
    "nonrandomized_controlled": "non-randomised",
    "cohort_or_case_series": "observational",
    "case_report": "case reports",
}
TIER_START: dict[Tier, Certainty] = {
    "randomised": "high",
    "non-randomised": "low",
    "observational": "low",
    "case reports": "very_low",
}
CONTROLLED_TIERS: frozenset[Tier] = frozenset({"randomised", "non-randomised"})
REVIEWS_ONLY_CEILING: Certainty = "moderate"  # the most a body of reviews alone can reach
REVIEWS_ONLY_START: Certainty = "low"  # reviews alone, none stating its certainty

# A controlled study nobody could judge: every domain unclear (a non-random one is high).
UNREPORTED_RISK: dict[str, RiskOfBias] = {
    "rct": "some_concerns",
    "nonrandomized_controlled": "high",
}
ROB_MAJORITY_SHARE = Fraction(1, 2)  # share of the weighed weight above which 4a steps down
ROB_HIGH_STEP = -2  # studies at high risk hold the majority
ROB_CONCERN_STEP = -1  # studies at high risk or with a key concern hold the majority
ROB_CONCERN_NOTICE_STEP = -1  # an expression of concern on a study in the body
ROB_MOST_STEPS = -2  # the domain never costs more
INCONSISTENCY_MINORITY_SHARE = Fraction(1, 4)  # minority weight above this -> -1
INCONSISTENCY_STEP = -1
IMPRECISION_SERIOUS_BELOW = 400  # people counted: fewer -> -1 (optimal information size)
IMPRECISION_SERIOUS_STEP = -1
IMPRECISION_VERY_SERIOUS_BELOW = 100  # fewer -> -2
IMPRECISION_VERY_SERIOUS_STEP = -2
IMPRECISION_UNREPORTED_STEP = -1  # no counted study reports a count
IMPRECISION_SINGLE_STUDY_STEP = -1  # a single counted study: at least this
INDIRECT_MAJORITY_SHARE = Fraction(1, 2)  # indirect weight above this -> -1
INDIRECTNESS_STEP = -1
PUBLICATION_BIAS_MIN_STUDIES = 3
PUBLICATION_BIAS_SMALL_BELOW = 100  # people; a study without a count is small too
PUBLICATION_BIAS_STEP = -1
HIGH_MIN_LOW_RISK_RCTS = 2  # RCTs at low risk of bias needed for "high"
HIGH_MIN_PEOPLE = 400  # people they must hold together
HIGH_CAP: Certainty = "moderate"  # the certainty when they do not
QUOTE_MAX_CHARS = 200  # a review's sentence about its certainty, trimmed to this
SUPPORTED_SHARE = Fraction(2, 3)  # favourable weight at least this -> "Supported"
NOT_SUPPORTED_SHARE = Fraction(1, 3)  # favourable weight at most this -> against the claim


def _graded_design(design: Design, human: bool) -> Design:
    if not human and design in RATED_DESIGNS:
        return "animal_or_in_vitro"
    return design


def effective(study: StudyEvidence) -> EffectiveStudy:
    """Apply the curator's overrides and the exclusion rules (rulebook 1 to 3)."""
    overridden: list[OverrideField] = []

    auto_human = study.human and study.design != "animal_or_in_vitro"
    auto_design = _graded_design(study.design, auto_human)
    design, human = auto_design, auto_human
    if study.curator_design is not None and study.curator_design != auto_design:
        overridden.append("design")
        design = study.curator_design
        human = design != "animal_or_in_vitro"

    direction = study.direction
    if study.curator_direction is not None and study.curator_direction != study.direction:
        overridden.append("direction")
        direction = study.curator_direction

    n_participants = study.n_participants
    if study.curator_n is not None and study.curator_n != study.n_participants:
        overridden.append("n_participants")
        n_participants = study.curator_n

    rob, key_concern = study.rob_overall, study.rob_key_concern
    if rob is None and human and design in UNREPORTED_RISK:
        # Nothing reported is unclear in every domain (rulebook 4a).
        rob, key_concern = UNREPORTED_RISK[design], True
    if study.curator_rob is not None and study.curator_rob != study.rob_overall:
        overridden.append("risk_of_bias")
        rob, key_concern = study.curator_rob, False

    if study.curator_included is not None and study.curator_included != study.relevant:
        overridden.append("included")

    why: ExclusionWhy | None = None
    if study.deleted:
        why = "deleted"
    elif study.retracted:
        why = "retracted"
    elif study.curator_included is False:
        why = "curator excluded"
    elif not study.relevant and study.curator_included is not True:
        why = "not relevant"

    return EffectiveStudy(
        pmid=study.pmid,
        title=study.title,
        year=study.year,
        design=design,
        n_participants=n_participants,
        direction=direction,
        human=human,
        rct_within_person=study.rct_within_person,
        expression_of_concern=study.expression_of_concern,
        excluded_because=why,
        overridden=tuple(sorted(overridden)),
        curator_note=study.curator_note,
        rob=rob,
        rob_key_concern=key_concern,
        stated_certainty=study.stated_certainty,
        stated_certainty_evidence=study.stated_certainty_evidence,
        indirect=study.indirect,
    )


# ----------------------------------------------------------------------------------------------
# Grading


def grade_claim(
    claim_id: str, polarity: Polarity, studies: Sequence[StudyEvidence]
) -> ClaimProfile:
    """Grade one claim from its linked studies, following the rulebook above."""
    pmids = [s.pmid for s in studies]
    if len(set(pmids)) != len(pmids):
        duplicates = sorted({p for p in pmids if pmids.count(p) > 1})
        raise ValueError(f"claim {claim_id}: duplicate PMIDs {duplicates}")

    graded = [effective(s) for s in sorted(studies, key=lambda s: s.pmid)]
    included = [s for s in graded if s.included]
    excluded = tuple(
        ExcludedStudy(s.pmid, s.title, s.excluded_because)
        for s in graded
        if s.excluded_because is not None
    )
    overrides = tuple(
        OverrideNote(s.pmid, s.title, s.overridden, s.curator_note)
        for s in graded
        if s.overridden or s.curator_note
    )

    counts: dict[Design, int] = {d: 0 for d in DESIGNS}
    for s in included:
        counts[s.design] += 1

    rated = [s for s in included if _rated(s)]
    rating = _rate(rated, polarity) if rated else _insufficient(included)

    reasons = [*rating.reasons, *_notes(included, rating.body)]
    if excluded:
        reasons.append(excluded_reason(excluded))
    if overrides:
        reasons.append(override_reason(graded))

    human_primary = [s for s in included if s.human and s.design in PRIMARY_DESIGNS]
    return ClaimProfile(
        claim_id=claim_id,
        certainty=rating.certainty,
        verdict=rating.verdict,
        verdict_label=rating.label,
        best_design=rating.best_design,
        counts=counts,
        participants=_known_sum(s for s in human_primary if s.design in CONTROLLED_DESIGNS),
        participants_all=_known_sum(human_primary),
        consensus=_consensus(included),
        reasons=tuple(reasons),
        n_included=len(included),
        excluded=excluded,
        overrides=overrides,
        rules_version=RULES_VERSION,
    )


@dataclass(frozen=True)
class _Rating:
    certainty: Certainty
    label: VerdictLabel
    verdict: str
    best_design: Design | None
    body: tuple[EffectiveStudy, ...]
    reasons: tuple[Reason, ...]


def _rate(rated: list[EffectiveStudy], polarity: Polarity) -> _Rating:
    """Rulebook 3 to 5 for a claim with at least one rated study."""
    primary = tuple(s for s in rated if s.design in PRIMARY_DESIGNS)
    reviews = tuple(s for s in rated if s.design in SYNTHESIS_DESIGNS)
    best = min((s.design for s in rated), key=DESIGNS.index)
    body = primary or reviews

    counted: tuple[EffectiveStudy, ...] = ()
    controlled = False
    if primary:
        tier = TIER_OF[min((s.design for s in primary), key=DESIGNS.index)]
        start = TIER_START[tier]
        controlled = tier in CONTROLLED_TIERS
        counted = tuple(s for s in body if not controlled or s.design in CONTROLLED_DESIGNS)
        reasons = [_start_reason(body, start)]
    else:
        start, start_reason = _reviews_only_start(reviews)
        reasons = [start_reason]

    reasons += [
        r
        for r in (
            _risk_of_bias(body),
            _inconsistency(tuple(rated), polarity),
            _imprecision(counted, controlled) if primary else None,
            _indirectness(body),
            _publication_bias(body, polarity) if primary else None,
        )
        if r is not None
    ]
    if primary and (capped := _review_cap(_rank(start, reasons), reviews)):
        reasons.append(capped)
    if primary and (gated := _high_gate(_rank(start, reasons), body)):
        reasons.append(gated)

    certainty = _BY_RANK[_rank(start, reasons)]
    label = _label(rated)
    people = people_words(counted, controlled) if primary else "no primary studies held"
    verdict = (
        f"{label}, {CERTAINTY_WORDS[certainty]} certainty: {describe(rated)}, {people}, "
        f"{tally(rated, label, polarity)}"
    )
    return _Rating(certainty, label, verdict, best, body, tuple(reasons))


def _rated(s: EffectiveStudy) -> bool:
    """In the body or one of the rated reviews (rulebook 3)."""
    return s.included and s.human and s.design in RATED_DESIGNS and s.direction != "unclear"


def _rank(start: Certainty, reasons: Sequence[Reason]) -> int:
    return max(CERTAINTY_RANK[FLOOR], CERTAINTY_RANK[start] + sum(r.step for r in reasons))


def _start_reason(body: tuple[EffectiveStudy, ...], start: Certainty) -> Reason:
    what = describe(body)
    if len({s.design for s in body}) > 1:
        best = min((s.design for s in body), key=DESIGNS.index)
        k = sum(1 for s in body if s.design == best)
        what = f"{what}; the {noun(best, k)} {'sets' if k == 1 else 'set'} the start"
    return Reason("start", f"start: {what} ({CERTAINTY_WORDS[start]})")


def _reviews_only_start(reviews: tuple[EffectiveStudy, ...]) -> tuple[Certainty, Reason]:
    """Rulebook 3: reviews alone start at what they state, at most moderate, else low."""
    what = f"{describe(reviews)}, no primary studies"
    stating = [s for s in reviews if s.stated_certainty is not None]
    if not stating:
        start = REVIEWS_ONLY_START
        text = (
            f"start: {what}; the reviews' included studies are not held here, so the "
            f"certainty cannot be higher than {CERTAINTY_WORDS[start]} unless a review states it"
        )
        return start, Reason("start", f"{text} ({CERTAINTY_WORDS[start]})")
    stated, quote = _lowest_stated(stating)
    start = stated
    if CERTAINTY_RANK[stated] > CERTAINTY_RANK[REVIEWS_ONLY_CEILING]:
        start = REVIEWS_ONLY_CEILING
        quote += f"; without the primary studies held here, at most {CERTAINTY_WORDS[start]}"
    return start, Reason("start", f"start: {what}; {quote} ({CERTAINTY_WORDS[start]})")


def _lowest_stated(stating: Sequence[EffectiveStudy]) -> tuple[Certainty, str]:
    """The lowest certainty the reviews state, and words naming and quoting who states it."""
    level = min(
        (s.stated_certainty for s in stating if s.stated_certainty is not None),
        key=CERTAINTY_RANK.__getitem__,
    )
    who = [s for s in stating if s.stated_certainty == level]
    return level, stated_words(who, level, QUOTE_MAX_CHARS)


def _insufficient(included: list[EffectiveStudy]) -> _Rating:
    """Rulebook 3: say why nothing could be rated."""
    unread = [s for s in included if s.human and s.design in RATED_DESIGNS]
    animal = [s for s in included if s.design == "animal_or_in_vitro"]
    code = "start"
    if not included:
        why = "no included studies"
    elif unread:
        why = f"no readable result from {describe(unread)}"
    elif animal:
        code, why = "indirectness", f"only {describe(animal)}, no study in humans"
    else:
        why = f"no primary studies, only {describe(included)}"
    reason = Reason(code, f"{code}: {why} (insufficient)")
    verdict = f"Insufficient evidence: {why}"
    return _Rating("insufficient", "Insufficient evidence", verdict, None, (), (reason,))


# ----------------------------------------------------------------------------------------------
# The steps (rulebook 4)


def _weight(studies: Iterable[EffectiveStudy]) -> Fraction:
    # Fractions keep the share thresholds exact (2 of 3 equal studies is exactly 2/3).
    return sum((Fraction(DESIGN_WEIGHTS[s.design]) for s in studies), Fraction(0))


def _risk_of_bias(body: tuple[EffectiveStudy, ...]) -> Reason | None:
    """Rulebook 4a: the judged studies' risk of bias, and expressions of concern."""
    judged = [s for s in body if s.rob is not None and s.design in PRIMARY_DESIGNS]
    high = [s for s in judged if s.rob == "high"]
    concern = [s for s in judged if s.rob != "high" and (s.rob_key_concern or s.rob != "low")]
    half = ROB_MAJORITY_SHARE * _weight(judged)
    step = ROB_HIGH_STEP if _weight(high) > half else 0
    step = step or (ROB_CONCERN_STEP if _weight(high + concern) > half else 0)
    parts: list[str] = []
    if step:
        some = sum(1 for s in concern if s.rob == "some_concerns")
        counts = {"at high risk": len(high), "with some concerns": some}
        counts["judged low but with a key concern"] = len(concern) - some
        found = [f"{k} {what}" for what, k in counts.items() if k]
        if key := sum(1 for s in high + concern if s.rob_key_concern):
            found.append(f"key concerns (sequence, allocation concealment, blinding) in {key}")
        share = _weight(high if step == ROB_HIGH_STEP else high + concern) / _weight(judged)
        parts.append(
            f"of {len(judged)} {noun_for(judged)} judged, {', '.join(found)} ({float(share):.0%} "
            f"of the judged weight; {pmid_list(high + concern)})"
        )
    if flagged := [s for s in body if s.expression_of_concern]:
        step += ROB_CONCERN_NOTICE_STEP
        of = f"{len(flagged)} of {len(body)} {noun_for(body)}"
        parts.append(f"expression of concern on {of} ({pmid_list(flagged)})")
    if not parts:
        return None
    step = max(step, ROB_MOST_STEPS)
    return Reason("risk_of_bias", f"risk of bias: {'; '.join(parts)} ({step})", step)


class _Sides(NamedTuple):
    """Design weights of studies on each side of the claim ("mixed" split evenly, "unclear" left
    out): the one computation behind inconsistency, the verdict label and the consensus."""

    favourable: Fraction
    against: Fraction  # no effect + harm + half of mixed
    harm: Fraction
    no_effect: Fraction

    @property
    def total(self) -> Fraction:
        return self.favourable + self.against


def _sides(studies: Iterable[EffectiveStudy]) -> _Sides:
    favourable = against = harm = no_effect = Fraction(0)
    for s in studies:
        w = Fraction(DESIGN_WEIGHTS[s.design])
        if s.direction == "supports":
            favourable += w
        elif s.direction == "mixed":
            favourable += w / 2
            against += w / 2
        elif s.direction == "harms":
            against += w
            harm += w
        elif s.direction == "no_effect":
            against += w
            no_effect += w
    return _Sides(favourable, against, harm, no_effect)


def _inconsistency(rated: tuple[EffectiveStudy, ...], polarity: Polarity) -> Reason | None:
    sides = _sides(rated)
    minority = min(sides.favourable, sides.against)
    if len(rated) < 2 or minority <= INCONSISTENCY_MINORITY_SHARE * sides.total:
        return None
    if sides.against < sides.favourable:
        minority_directions: tuple[Direction, ...] = ("no_effect", "harms")
    else:
        minority_directions = ("supports",)
    counts = {d: sum(1 for s in rated if s.direction == d) for d in (*minority_directions, "mixed")}
    parts = [
        f"{k} mixed"
        if d == "mixed"
        else f"{k} of {len(rated)} {noun_for(rated)} {DIRECTION_WORDS[polarity][d]}"
        for d, k in counts.items()
        if k
    ]
    share, step = float(minority / sides.total), INCONSISTENCY_STEP
    against = f"{share:.0%} of the weight against the majority"
    return Reason("inconsistency", f"inconsistency: {', '.join(parts)} ({against}) ({step})", step)


def _imprecision(counted: tuple[EffectiveStudy, ...], controlled: bool) -> Reason | None:
    """Rulebook 4c: people in the counted part of the body, and a single study."""
    reporting = sum(1 for s in counted if s.n_participants is not None)
    people = _known_sum(counted)
    step = 0
    if reporting == 0:
        step, found = IMPRECISION_UNREPORTED_STEP, f"no participant numbers for {describe(counted)}"
    else:
        missing = (
            f"; {len(counted) - reporting} without a count" if reporting < len(counted) else ""
        )
        found = f"{people_words(counted, controlled)} ({describe(counted)}{missing})"
        if people < IMPRECISION_VERY_SERIOUS_BELOW:
            step = IMPRECISION_VERY_SERIOUS_STEP
            found = f"{found}, fewer than {IMPRECISION_VERY_SERIOUS_BELOW}"
        elif people < IMPRECISION_SERIOUS_BELOW:
            step = IMPRECISION_SERIOUS_STEP
            found = f"{found}, fewer than {IMPRECISION_SERIOUS_BELOW}"
    if len(counted) == 1:
        step, found = min(step, IMPRECISION_SINGLE_STUDY_STEP), f"{found}; a single study"
    return Reason("imprecision", f"imprecision: {found} ({step})", step) if step else None


def _indirectness(body: tuple[EffectiveStudy, ...]) -> Reason | None:
    """Rulebook 4d: most of the body's weight is indirect evidence for the claim."""
    indirect = [s for s in body if s.indirect is not None]
    if _weight(indirect) <= INDIRECT_MAJORITY_SHARE * _weight(body):
        return None
    kinds = {
        kind: sum(1 for s in indirect if s.indirect == kind) for kind in get_args(Indirectness)
    }
    parts = [f"{k} {INDIRECT_WORDS[kind][int(k > 1)]}" for kind, k in kinds.items() if k]
    step, of = INDIRECTNESS_STEP, f"of {len(body)} {noun_for(body)}"
    return Reason("indirectness", f"indirectness: {of}, {', '.join(parts)} ({step})", step)


def _publication_bias(body: tuple[EffectiveStudy, ...], polarity: Polarity) -> Reason | None:
    """Rulebook 4e: several studies, all small and all favourable."""
    if len(body) < PUBLICATION_BIAS_MIN_STUDIES:
        return None
    if any(s.direction != "supports" for s in body):
        return None
    if any((s.n_participants or 0) >= PUBLICATION_BIAS_SMALL_BELOW for s in body):
        return None
    step = PUBLICATION_BIAS_STEP
    return Reason(
        "publication_bias",
        f"publication bias suspected: all {len(body)} {noun_for(body)} are small (fewer than "
        f"{PUBLICATION_BIAS_SMALL_BELOW} people, or no count) and all "
        f"{DIRECTION_WORDS[polarity]['supports']} ({step})",
        step,
    )


def _review_cap(rank: int, reviews: tuple[EffectiveStudy, ...]) -> Reason | None:
    """Rulebook 4f: the lowest certainty a rated review states for its own evidence."""
    stating = [s for s in reviews if s.stated_certainty is not None]
    if not stating:
        return None
    level, words = _lowest_stated(stating)
    step = min(0, CERTAINTY_RANK[level] - rank)
    effect = f"({step})" if step else "(the rating is already at or below that)"
    return Reason("review_certainty", f"what the reviews say: {words} {effect}", step)


def _high_gate(rank: int, body: tuple[EffectiveStudy, ...]) -> Reason | None:
    """Rulebook 4g: high certainty needs enough people in RCTs at low risk of bias."""
    if rank <= CERTAINTY_RANK[HIGH_CAP]:
        return None
    trials = [s for s in body if s.design == "rct" and s.rob == "low" and not s.rob_key_concern]
    people = _known_sum(trials)
    if len(trials) >= HIGH_MIN_LOW_RISK_RCTS and people >= HIGH_MIN_PEOPLE:
        return None
    if trials:
        here = f"{len(trials)} {noun('rct', len(trials))} at low risk of bias with {people} people"
    else:
        here = "no RCT judged at low risk of bias"
    step = CERTAINTY_RANK[HIGH_CAP] - rank
    return Reason(
        "ceiling",
        f"at most {CERTAINTY_WORDS[HIGH_CAP]}: high certainty needs at least "
        f"{HIGH_MIN_LOW_RISK_RCTS} RCTs at low risk of bias with {HIGH_MIN_PEOPLE} people or "
        f"more together; here {here} ({step})",
        step,
    )


# ----------------------------------------------------------------------------------------------
# Verdict, notes, consensus


def _label(rated: Sequence[EffectiveStudy]) -> VerdictLabel:
    sides = _sides(rated)
    if sides.favourable >= SUPPORTED_SHARE * sides.total:
        return "Supported"
    if sides.favourable <= NOT_SUPPORTED_SHARE * sides.total:
        return "Contradicted" if sides.harm > sides.no_effect else "Not supported"
    return "Mixed"


def _notes(included: list[EffectiveStudy], body: tuple[EffectiveStudy, ...]) -> list[Reason]:
    """Informational reasons (step 0) about studies that did not move the rating."""
    notes: list[Reason] = []
    rcts = [s for s in body if s.design == "rct"]
    if split := [s for s in rcts if s.rct_within_person]:
        text = f"{len(split)} of {len(rcts)} RCTs compare sides or sites of the same person"
        notes.append(Reason("within_person", f"within-person trials: {text} (split-face)"))
    if outside := [s for s in included if s.expression_of_concern and s not in body]:
        text = f"expression of concern on {pmid_list(outside)}, outside the rated body"
        notes.append(Reason("risk_of_bias", f"risk of bias: {text}"))
    unread = [s for s in included if s.human and s.design in RATED_DESIGNS and not _rated(s)]
    if unread and body:
        text = f"no readable result from {describe(unread)}; counted as unclear in the consensus"
        notes.append(Reason("unclear", f"unclear: {text}"))
    return notes


def _consensus(included: list[EffectiveStudy]) -> Consensus:
    sides = _sides(included)
    unclear = _weight(s for s in included if s.direction == "unclear")
    total = sides.total + unclear
    if total == 0:
        return Consensus(0.0, 0.0, 0.0, 0.0, dict(DESIGN_WEIGHTS))
    return Consensus(
        supports=float(sides.favourable / total),
        against=float(sides.against / total),
        unclear=float(unclear / total),
        total_weight=float(total),
        weights=dict(DESIGN_WEIGHTS),
    )


def _known_sum(studies: Iterable[EffectiveStudy]) -> int:
    return sum(s.n_participants for s in studies if s.n_participants is not None)
