"""Grade the evidence for one claim: a GRADE-style certainty, a verdict, and the reasons for both.

This docstring is the rulebook. Every number in it is a named constant below, and every step the
grader takes is reported as a `Reason`, so a reader of the dashboard can retrace any rating.

1. Which studies count
   A study is left out, and listed in `excluded` with the first of these that applies, when it is
   "deleted" (NLM DeleteCitation; kept only for audit), "retracted", "curator excluded", or
   "not relevant" (unless the curator included it). A curator cannot bring back a deleted or
   retracted record: their inclusion is still listed as an override, but has no effect.
   A study with an expression of concern stays in; see 4a.

2. Curator overrides
   The curator's inclusion, design, direction and participant count replace the automatic ones.
   A field counts as overridden only when the curator's value differs from the automatic one.
   Every study with an overridden field or a curator note is listed in `overrides`, and one
   "override" reason names them. A curator design also settles whether the study is in humans:
   any design other than animal/in-vitro means it is.

3. Where the rating starts
   Studies not in humans (human flag unset, or labelled animal/in-vitro) are graded as
   "animal_or_in_vitro" whatever their design, because animal and laboratory findings are
   indirect evidence for a claim made to patients. Reviews, guidelines and "other" publications
   keep their label: they are not primary evidence either way.

   The rated evidence is the included human studies of a primary or synthesis design
   (meta-analysis, systematic review, RCT, non-randomised controlled, cohort or case series,
   case report) whose direction is readable, i.e. not "unclear". The strongest design among
   them (`best_design`) picks the tier that is rated, the "body" of evidence:

     tier                   designs in the body                      start
     randomised             meta-analysis, systematic review, RCT    high; moderate without an RCT
     non-randomised         non-randomised controlled                low
     observational          cohort or case series                    low
     case reports           case report                              very low

   A review's abstract rarely says what it pooled, so a meta-analysis or systematic review starts
   high only when the claim also has at least one rated RCT; alone it starts moderate (between
   high for pooled trials and low for pooled observational studies). The "cohort or case series"
   label mixes comparative cohorts (GRADE: observational, low) with uncontrolled series (very
   low); it starts low and the downgrades in 4 take small or single series to very low.

   No rated evidence means "insufficient", and the reason says why: no included studies; only
   reviews, guidelines or other publications (opinion, not evidence of effect); only animal or
   in-vitro studies ("indirectness"); or only human studies whose result could not be read.

   Known limitation: the rating follows the strongest design present, so a single small RCT
   rates a claim lower (very low) than a large body of consistent cohort studies would (low).

4. Downgrades: one reason each; the certainty never falls below very low
   a. risk_of_bias (-1): a study in the body carries an expression of concern. One outside the
      body is noted with step 0.
   b. inconsistency (-1): the body's studies disagree. Each study weighs its design weight (see
      6); "mixed" puts half its weight on each side. When the smaller side, favourable versus
      not (no effect or harm), holds more than 25% of the weight, the body is inconsistent.
   c. imprecision: the participants in the body, below 100 (-1) or below 30 (-2). Unknown counts
      add nothing; when no study in the body reports a count the step is -1, since we cannot
      show the evidence is very small. In the randomised tier the count is the larger of the
      RCTs' sum and the largest review's count: a review usually pools trials we also hold.
   d. single_study (-1): the body is a single primary study (a review pools several, so a lone
      review is not downgraded for this).
   There are no upgrades: the classifiers do not read effect sizes or dose-response.

5. Verdict, read from the body (the studies that were rated)
   With the weights of 4b: favourable share >= 2/3 -> "Supported"; <= 1/3 -> "Contradicted" when
   harm outweighs no effect, else "Not supported"; in between -> "Mixed"; and "Insufficient
   evidence" when nothing was rated. Directions are already relative to the claim, so for a
   safety claim "harms" means a study reported the harm the claim denies; only the wording of
   the verdict line changes with polarity ("found no harm" / "report harm").

6. Consensus: the whole included literature, weighted by design
   Weights: meta-analysis 4, systematic review 3, RCT 3, non-randomised controlled 2, cohort or
   case series 1, case report 0.5, narrative review 0.5, guideline or consensus 0.5, animal or
   in-vitro 0.25, other 0.25. Shares: supports; against = no effect + harms; unclear; "mixed"
   splits half to supports and half to against. The shares sum to 1, or are all 0 when no study
   is included.

7. Participants
   `participants` sums the known counts of included human controlled studies (RCTs and
   non-randomised controlled); `participants_all` adds cohorts, case series and case reports.
   Reviews are left out of both so that pooled trials are not counted twice.

8. Determinism
   Studies are sorted by PMID before anything else, so input order never matters; two studies
   with the same PMID are a caller error (ValueError).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, NamedTuple, TypeVar, cast, get_args

from tracker.evidence.labels import DESIGNS, Design, Direction, Polarity

Certainty = Literal["high", "moderate", "low", "very_low", "insufficient"]
VerdictLabel = Literal[
    "Supported", "Not supported", "Contradicted", "Mixed", "Insufficient evidence"
]
ExclusionWhy = Literal["deleted", "retracted", "curator excluded", "not relevant"]
OverrideField = Literal["included", "design", "direction", "n_participants"]
ChangeKind = Literal["new", "certainty", "verdict_label", "verdict", "best_design"]
Tier = Literal["randomised", "non-randomised", "observational", "case reports"]

CERTAINTIES: tuple[Certainty, ...] = get_args(Certainty)
VERDICT_LABELS: tuple[VerdictLabel, ...] = get_args(VerdictLabel)

# Bump when a rule changes, so stored summaries graded under older rules can be told apart.
RULES_VERSION = 1

# Rank of each rated certainty; "insufficient" is not a rating and sits below the floor.
_RANK: dict[Certainty, int] = {
    "insufficient": -1,
    "very_low": 0,
    "low": 1,
    "moderate": 2,
    "high": 3,
}
_BY_RANK: dict[int, Certainty] = {rank: level for level, rank in _RANK.items()}
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
    "meta_analysis": "randomised",
    "systematic_review": "randomised",
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
SYNTHESIS_WITHOUT_RCT_START: Certainty = "moderate"

IMPRECISION_SERIOUS_BELOW = 100  # participants in the body: fewer -> -1
IMPRECISION_VERY_SERIOUS_BELOW = 30  # fewer -> -2
IMPRECISION_UNREPORTED_STEP = -1  # no study in the body reports a count
INCONSISTENCY_MINORITY_SHARE = Fraction(1, 4)  # minority weight above this -> -1
SUPPORTED_SHARE = Fraction(2, 3)  # favourable weight at least this -> "Supported"
NOT_SUPPORTED_SHARE = Fraction(1, 3)  # favourable weight at most this -> against the claim

_CERTAINTY_WORDS: dict[Certainty, str] = {
    "high": "high",
    "moderate": "moderate",
    "low": "low",
    "very_low": "very low",
    "insufficient": "insufficient",
}
_NOUNS: dict[Design, tuple[str, str]] = {
    "meta_analysis": ("meta-analysis", "meta-analyses"),
    "systematic_review": ("systematic review", "systematic reviews"),
    "rct": ("RCT", "RCTs"),
    "nonrandomized_controlled": (
        "non-randomised controlled study",
        "non-randomised controlled studies",
    ),
    "cohort_or_case_series": ("cohort study or case series", "cohort studies or case series"),
    "case_report": ("case report", "case reports"),
    "narrative_review": ("narrative review", "narrative reviews"),
    "guideline_or_consensus": ("guideline or consensus statement", "guidelines or consensus"),
    "animal_or_in_vitro": ("animal or in-vitro study", "animal or in-vitro studies"),
    "other": ("other publication", "other publications"),
}
# How a study's direction reads in the verdict line, by the claim's polarity.
_DIRECTION_WORDS: dict[Polarity, dict[Direction, str]] = {
    "benefit": {
        "supports": "favourable",
        "no_effect": "found no effect",
        "harms": "report harm",
        "mixed": "mixed",
        "unclear": "unclear",
    },
    "safety": {
        "supports": "found no harm",
        "no_effect": "found no difference",
        "harms": "report harm",
        "mixed": "mixed",
        "unclear": "unclear",
    },
}


# ----------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class StudyEvidence:
    """One study linked to a claim: the automatic assessment plus the curator's overrides."""

    pmid: int
    title: str
    year: int | None
    design: Design
    n_participants: int | None
    direction: Direction
    human: bool
    relevant: bool
    rct_within_person: bool = False
    retracted: bool = False
    expression_of_concern: bool = False
    deleted: bool = False  # DeleteCitation from NLM: out of grades, kept for audit
    curator_included: bool | None = None  # None = no override
    curator_design: Design | None = None
    curator_direction: Direction | None = None
    curator_n: int | None = None
    curator_note: str | None = None


@dataclass(frozen=True)
class EffectiveStudy:
    """A study as graded: overrides applied, non-human studies relabelled, exclusion decided."""

    pmid: int
    title: str
    year: int | None
    design: Design
    n_participants: int | None
    direction: Direction
    human: bool
    rct_within_person: bool
    expression_of_concern: bool
    excluded_because: ExclusionWhy | None
    overridden: tuple[OverrideField, ...]
    curator_note: str | None

    @property
    def included(self) -> bool:
        return self.excluded_because is None

    @property
    def rated(self) -> bool:
        """Can this study set the start and join the body? (rule 3)"""
        return (
            self.included
            and self.human
            and self.design in RATED_DESIGNS
            and self.direction != "unclear"
        )


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
    )


# ----------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True)
class Reason:
    """One step of the rating: `step` is the change in certainty levels, 0 when informational."""

    # start, risk_of_bias, inconsistency, imprecision, single_study, indirectness (steps);
    # within_person, unclear, excluded, override (notes)
    code: str
    text: str
    step: int = 0


@dataclass(frozen=True)
class Consensus:
    """Design-weighted shares of the included studies' directions (rulebook 6)."""

    supports: float
    against: float
    unclear: float
    total_weight: float
    weights: dict[Design, float] = field(default_factory=lambda: dict(DESIGN_WEIGHTS))


@dataclass(frozen=True)
class ExcludedStudy:
    pmid: int
    title: str
    why: ExclusionWhy


@dataclass(frozen=True)
class OverrideNote:
    pmid: int
    title: str
    fields: tuple[OverrideField, ...]
    note: str | None


@dataclass(frozen=True)
class ClaimProfile:
    """The graded evidence for one claim, as stored per run and shown on the dashboard."""

    claim_id: str
    certainty: Certainty
    verdict: str
    verdict_label: VerdictLabel
    best_design: Design | None
    counts: dict[Design, int]
    participants: int
    participants_all: int
    consensus: Consensus
    reasons: tuple[Reason, ...]
    n_included: int
    excluded: tuple[ExcludedStudy, ...]
    overrides: tuple[OverrideNote, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.claim_id,
            "rules_version": RULES_VERSION,
            "certainty": self.certainty,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "best_design": self.best_design,
            "counts": dict(self.counts),
            "participants": self.participants,
            "participants_all": self.participants_all,
            "consensus": {
                "supports": self.consensus.supports,
                "against": self.consensus.against,
                "unclear": self.consensus.unclear,
                "total_weight": self.consensus.total_weight,
                "weights": dict(self.consensus.weights),
            },
            "reasons": [{"code": r.code, "text": r.text, "step": r.step} for r in self.reasons],
            "n_included": self.n_included,
            "excluded": [{"pmid": e.pmid, "title": e.title, "why": e.why} for e in self.excluded],
            "overrides": [
                {"pmid": o.pmid, "title": o.title, "fields": list(o.fields), "note": o.note}
                for o in self.overrides
            ],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, object]) -> ClaimProfile:
        """Rebuild a profile from `to_json` output; ValueError when the data is malformed."""
        consensus = _mapping(d, "consensus")
        return cls(
            claim_id=_str(d, "id"),
            certainty=_choice(d, "certainty", CERTAINTIES),
            verdict=_str(d, "verdict"),
            verdict_label=_choice(d, "verdict_label", VERDICT_LABELS),
            best_design=None
            if d.get("best_design") is None
            else _choice(d, "best_design", DESIGNS),
            counts={_design(k): _int(v, "counts") for k, v in _mapping(d, "counts").items()},
            participants=_int(d.get("participants"), "participants"),
            participants_all=_int(d.get("participants_all"), "participants_all"),
            consensus=Consensus(
                supports=_float(consensus.get("supports"), "supports"),
                against=_float(consensus.get("against"), "against"),
                unclear=_float(consensus.get("unclear"), "unclear"),
                total_weight=_float(consensus.get("total_weight"), "total_weight"),
                weights={
                    _design(k): _float(v, "weights")
                    for k, v in _mapping(consensus, "weights").items()
                },
            ),
            reasons=tuple(
                Reason(code=_str(r, "code"), text=_str(r, "text"), step=_int(r.get("step"), "step"))
                for r in _mappings(d, "reasons")
            ),
            n_included=_int(d.get("n_included"), "n_included"),
            excluded=tuple(
                ExcludedStudy(
                    pmid=_int(e.get("pmid"), "pmid"),
                    title=_str(e, "title"),
                    why=_choice(e, "why", get_args(ExclusionWhy)),
                )
                for e in _mappings(d, "excluded")
            ),
            overrides=tuple(
                OverrideNote(
                    pmid=_int(o.get("pmid"), "pmid"),
                    title=_str(o, "title"),
                    fields=tuple(
                        _one_of(f, "fields", get_args(OverrideField)) for f in _list(o, "fields")
                    ),
                    note=None if o.get("note") is None else _str(o, "note"),
                )
                for o in _mappings(d, "overrides")
            ),
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

    rated = [s for s in included if s.rated]
    rating = _rate(rated, polarity) if rated else _insufficient(included)

    reasons = [*rating.reasons, *_notes(included, rating.body)]
    if excluded:
        reasons.append(_excluded_reason(excluded))
    if overrides:
        reasons.append(_override_reason(graded))

    return ClaimProfile(
        claim_id=claim_id,
        certainty=rating.certainty,
        verdict=rating.verdict,
        verdict_label=rating.label,
        best_design=rating.best_design,
        counts=counts,
        participants=_known_sum(s for s in included if s.human and s.design in CONTROLLED_DESIGNS),
        participants_all=_known_sum(s for s in included if s.human and s.design in PRIMARY_DESIGNS),
        consensus=_consensus(included),
        reasons=tuple(reasons),
        n_included=len(included),
        excluded=excluded,
        overrides=overrides,
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
    best = min((s.design for s in rated), key=DESIGNS.index)
    tier = TIER_OF[best]
    body = tuple(s for s in rated if TIER_OF[s.design] == tier)
    what = _describe(body)

    start = TIER_START[tier]
    if tier == "randomised" and not any(s.design == "rct" for s in body):
        start = SYNTHESIS_WITHOUT_RCT_START
        words = _CERTAINTY_WORDS[start]
        reasons = [Reason("start", f"start: {what}, no RCT among the rated studies ({words})")]
    else:
        reasons = [Reason("start", f"start: {what} ({_CERTAINTY_WORDS[start]})")]

    flagged = [s for s in body if s.expression_of_concern]
    if flagged:
        reasons.append(
            Reason(
                "risk_of_bias",
                f"risk_of_bias: expression of concern on {len(flagged)} of {len(body)} "
                f"{_noun_for(body)} ({_pmid_list(flagged)}) (-1)",
                -1,
            )
        )

    inconsistency = _inconsistency(body, polarity)
    if inconsistency is not None:
        reasons.append(inconsistency)

    participants, reporting = _body_participants(body)
    imprecision = _imprecision(body, participants, reporting)
    if imprecision is not None:
        reasons.append(imprecision)

    primary = [s for s in body if s.design in PRIMARY_DESIGNS]
    if len(body) == 1 and len(primary) == 1:
        reasons.append(Reason("single_study", f"single_study: only 1 {_noun(best, 1)} (-1)", -1))

    rank = max(_RANK[FLOOR], _RANK[start] + sum(r.step for r in reasons))
    certainty = _BY_RANK[rank]
    label = _label(body)
    people = f"{participants} participants" if reporting else "participant numbers not reported"
    verdict = (
        f"{label}, {_CERTAINTY_WORDS[certainty]} certainty: {what}, {people}, "
        f"{_tally(body, label, polarity)}"
    )
    return _Rating(certainty, label, verdict, best, body, tuple(reasons))


def _insufficient(included: list[EffectiveStudy]) -> _Rating:
    """Rulebook 3, last paragraph: say why nothing could be rated."""
    human_rated_designs = [s for s in included if s.human and s.design in RATED_DESIGNS]
    animal = [s for s in included if s.design == "animal_or_in_vitro"]
    if not included:
        why = "no included studies"
        reason = Reason("start", f"start: {why} (insufficient)")
    elif human_rated_designs:
        why = f"no readable result from {_describe(human_rated_designs)}"
        reason = Reason("start", f"start: {why} (insufficient)")
    elif animal:
        why = f"only {_describe(animal)}, no study in humans"
        reason = Reason("indirectness", f"indirectness: {why} (insufficient)")
    else:
        why = f"no primary studies, only {_describe(included)}"
        reason = Reason("start", f"start: {why} (insufficient)")
    return _Rating(
        certainty="insufficient",
        label="Insufficient evidence",
        verdict=f"Insufficient evidence: {why}",
        best_design=None,
        body=(),
        reasons=(reason,),
    )


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


def _sides(body: Iterable[EffectiveStudy]) -> _Sides:
    favourable = against = harm = no_effect = Fraction(0)
    for s in body:
        # Fractions keep the share thresholds exact (2 of 3 equal studies is exactly 2/3).
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


def _inconsistency(body: tuple[EffectiveStudy, ...], polarity: Polarity) -> Reason | None:
    sides = _sides(body)
    minority = min(sides.favourable, sides.against)
    if len(body) < 2 or minority <= INCONSISTENCY_MINORITY_SHARE * sides.total:
        return None
    if sides.against < sides.favourable:
        minority_directions: tuple[Direction, ...] = ("no_effect", "harms")
    else:
        minority_directions = ("supports",)
    words = _DIRECTION_WORDS[polarity]
    parts = []
    for direction in minority_directions:
        k = sum(1 for s in body if s.direction == direction)
        if k:
            parts.append(f"{k} of {len(body)} {_noun_for(body)} {words[direction]}")
    mixed = sum(1 for s in body if s.direction == "mixed")
    if mixed:
        parts.append(f"{mixed} mixed")
    share = float(minority / sides.total)
    return Reason(
        "inconsistency",
        f"inconsistency: {', '.join(parts)} ({share:.0%} of the weight against the majority) (-1)",
        -1,
    )


def _body_participants(body: tuple[EffectiveStudy, ...]) -> tuple[int, int]:
    """Participants in the body (rulebook 4c) and how many of its studies report a count."""
    reporting = sum(1 for s in body if s.n_participants is not None)
    primary = _known_sum(s for s in body if s.design in PRIMARY_DESIGNS)
    reviews = [s.n_participants for s in body if s.design in SYNTHESIS_DESIGNS]
    largest_review = max((n for n in reviews if n is not None), default=0)
    return max(primary, largest_review), reporting


def _imprecision(
    body: tuple[EffectiveStudy, ...], participants: int, reporting: int
) -> Reason | None:
    what = _describe(body)
    if reporting == 0:
        step = IMPRECISION_UNREPORTED_STEP
        return Reason(
            "imprecision", f"imprecision: no participant numbers for {what} ({step})", step
        )
    if participants >= IMPRECISION_SERIOUS_BELOW:
        return None
    step = -2 if participants < IMPRECISION_VERY_SERIOUS_BELOW else -1
    missing = len(body) - reporting
    unreported = f"; {missing} without a count" if missing else ""
    return Reason(
        "imprecision",
        f"imprecision: {participants} participants across {what}{unreported} ({step})",
        step,
    )


def _label(body: tuple[EffectiveStudy, ...]) -> VerdictLabel:
    sides = _sides(body)
    if sides.favourable >= SUPPORTED_SHARE * sides.total:
        return "Supported"
    if sides.favourable <= NOT_SUPPORTED_SHARE * sides.total:
        return "Contradicted" if sides.harm > sides.no_effect else "Not supported"
    return "Mixed"


def _tally(body: tuple[EffectiveStudy, ...], label: VerdictLabel, polarity: Polarity) -> str:
    """The end of the verdict line: how many of the rated studies point which way."""
    words = _DIRECTION_WORDS[polarity]
    n = len(body)

    def count(*directions: Direction) -> int:
        return sum(1 for s in body if s.direction in directions)

    mixed = f", {count('mixed')} mixed" if count("mixed") else ""
    if label == "Supported":
        return f"{count('supports')} of {n} {words['supports']}{mixed}"
    if label == "Contradicted":
        return f"{count('harms')} of {n} {words['harms']}{mixed}"
    if label == "Not supported":
        against = "not favourable" if polarity == "safety" else "found no benefit"
        return f"{count('no_effect', 'harms')} of {n} {against}{mixed}"
    parts = [
        f"{count(d)} {words[d]}" for d in ("supports", "no_effect", "harms", "mixed") if count(d)
    ]
    return ", ".join(parts)


def _notes(included: list[EffectiveStudy], body: tuple[EffectiveStudy, ...]) -> list[Reason]:
    """Informational reasons (step 0) about studies that did not move the rating."""
    notes: list[Reason] = []
    rcts = [s for s in body if s.design == "rct"]
    split = [s for s in rcts if s.rct_within_person]
    if split:
        notes.append(
            Reason(
                "within_person",
                f"within_person: {len(split)} of {len(rcts)} RCTs compare sides or sites of the "
                "same person (split-face or split-scalp)",
            )
        )
    in_body = {s.pmid for s in body}
    outside = [s for s in included if s.expression_of_concern and s.pmid not in in_body]
    if outside:
        notes.append(
            Reason(
                "risk_of_bias",
                f"risk_of_bias: expression of concern on {_pmid_list(outside)}, "
                "outside the rated evidence",
            )
        )
    unread = [s for s in included if s.human and s.design in RATED_DESIGNS and not s.rated]
    if unread and body:
        notes.append(
            Reason(
                "unclear",
                f"unclear: no readable result from {_describe(unread)}; counted as unclear "
                "in the consensus",
            )
        )
    return notes


def _excluded_reason(excluded: tuple[ExcludedStudy, ...]) -> Reason:
    whys = [w for w in get_args(ExclusionWhy) if any(e.why == w for e in excluded)]
    parts = ", ".join(f"{sum(1 for e in excluded if e.why == w)} {w}" for w in whys)
    return Reason("excluded", f"excluded: {len(excluded)} {_plural(len(excluded))} ({parts})")


def _override_reason(graded: list[EffectiveStudy]) -> Reason:
    parts = []
    for s in graded:
        changes = []
        for name in s.overridden:
            if name == "included":
                changes.append(
                    "excluded" if s.excluded_because == "curator excluded" else "included"
                )
            elif name == "design":
                changes.append(f"design {_noun(s.design, 1)}")
            elif name == "direction":
                changes.append(f"direction {s.direction}")
            else:
                changes.append(f"{s.n_participants} participants")
        if s.curator_note:
            changes.append(f"note: {s.curator_note}")
        if changes:
            parts.append(f"PMID {s.pmid} ({', '.join(changes)})")
    return Reason("override", f"override: curator set {'; '.join(parts)}")


def _consensus(included: list[EffectiveStudy]) -> Consensus:
    sides = _sides(included)
    unclear = sum(
        (Fraction(DESIGN_WEIGHTS[s.design]) for s in included if s.direction == "unclear"),
        Fraction(0),
    )
    total = sides.total + unclear
    if total == 0:
        return Consensus(0.0, 0.0, 0.0, 0.0)
    return Consensus(
        supports=float(sides.favourable / total),
        against=float(sides.against / total),
        unclear=float(unclear / total),
        total_weight=float(total),
    )


# ----------------------------------------------------------------------------------------------
# Changes between runs


@dataclass(frozen=True)
class ProfileChange:
    """What moved between two gradings of a claim; `changed` says which parts."""

    claim_id: str
    changed: tuple[ChangeKind, ...]
    certainty_before: Certainty | None
    certainty_after: Certainty
    verdict_label_before: VerdictLabel | None
    verdict_label_after: VerdictLabel
    verdict_before: str | None
    verdict_after: str
    best_design_before: Design | None
    best_design_after: Design | None
    reasons: tuple[Reason, ...]  # the new profile's

    @property
    def certainty_steps(self) -> int:
        """Levels gained (positive) or lost (negative); a new claim counts from insufficient."""
        before = "insufficient" if self.certainty_before is None else self.certainty_before
        return _RANK[self.certainty_after] - _RANK[before]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.claim_id,
            "changed": list(self.changed),
            "before": {}  # a new claim had no profile
            if self.certainty_before is None
            else {
                "certainty": self.certainty_before,
                "verdict_label": self.verdict_label_before,
                "verdict": self.verdict_before,
                "best_design": self.best_design_before,
            },
            "after": {
                "certainty": self.certainty_after,
                "verdict_label": self.verdict_label_after,
                "verdict": self.verdict_after,
                "best_design": self.best_design_after,
            },
            "reasons": [{"code": r.code, "text": r.text, "step": r.step} for r in self.reasons],
        }


def diff_profiles(before: ClaimProfile | None, after: ClaimProfile) -> ProfileChange | None:
    """The change from `before` to `after`, or None when nothing an alert cares about moved.

    A verdict change alone (say, more participants) is reported with `changed == ("verdict",)`,
    so a caller that alerts only on certainty or label changes can filter on `changed`.
    """
    if before is not None and before.claim_id != after.claim_id:
        raise ValueError(f"cannot compare claim {before.claim_id} with claim {after.claim_id}")
    changed: list[ChangeKind] = []
    if before is None:
        changed.append("new")
    else:
        if before.certainty != after.certainty:
            changed.append("certainty")
        if before.verdict_label != after.verdict_label:
            changed.append("verdict_label")
        if before.verdict != after.verdict:
            changed.append("verdict")
        if before.best_design != after.best_design:
            changed.append("best_design")
    if not changed:
        return None
    return ProfileChange(
        claim_id=after.claim_id,
        changed=tuple(changed),
        certainty_before=None if before is None else before.certainty,
        certainty_after=after.certainty,
        verdict_label_before=None if before is None else before.verdict_label,
        verdict_label_after=after.verdict_label,
        verdict_before=None if before is None else before.verdict,
        verdict_after=after.verdict,
        best_design_before=None if before is None else before.best_design,
        best_design_after=after.best_design,
        reasons=after.reasons,
    )


# ----------------------------------------------------------------------------------------------
# Wording helpers


def _noun(design: Design, n: int) -> str:
    singular, plural = _NOUNS[design]
    return singular if n == 1 else plural


def _plural(n: int) -> str:
    return "study" if n == 1 else "studies"


def _noun_for(studies: Sequence[EffectiveStudy]) -> str:
    """The plural noun for a group: the design's own when they share one, else "studies"."""
    designs = {s.design for s in studies}
    if len(designs) == 1:
        return _noun(designs.pop(), len(studies))
    return _plural(len(studies))


def _describe(studies: Sequence[EffectiveStudy]) -> str:
    """E.g. "1 meta-analysis and 4 RCTs", strongest design first."""
    parts = []
    for design in DESIGNS:
        k = sum(1 for s in studies if s.design == design)
        if k:
            parts.append(f"{k} {_noun(design, k)}")
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _pmid_list(studies: Sequence[EffectiveStudy]) -> str:
    label = "PMID" if len(studies) == 1 else "PMIDs"
    return f"{label} {', '.join(str(s.pmid) for s in studies)}"


def _known_sum(studies: Iterable[EffectiveStudy]) -> int:
    return sum(s.n_participants for s in studies if s.n_participants is not None)


# ----------------------------------------------------------------------------------------------
# Reading stored JSON (from_json): small checked accessors, ValueError on bad data

_S = TypeVar("_S", bound=str)


def _get(d: Mapping[str, object], key: str) -> object:
    if key not in d:
        raise ValueError(f"stored profile lacks {key!r}")
    return d[key]


def _str(d: Mapping[str, object], key: str) -> str:
    value = _get(d, key)
    if not isinstance(value, str):
        raise ValueError(f"stored profile: {key!r} is not a string: {value!r}")
    return value


def _int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"stored profile: {what!r} is not an integer: {value!r}")
    return value


def _float(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"stored profile: {what!r} is not a number: {value!r}")
    return float(value)


def _one_of(value: object, what: str, allowed: tuple[_S, ...]) -> _S:
    if value not in allowed:
        raise ValueError(f"stored profile: {what!r} has unknown value {value!r}")
    return value


def _choice(d: Mapping[str, object], key: str, allowed: tuple[_S, ...]) -> _S:
    return _one_of(_get(d, key), key, allowed)


def _design(value: object) -> Design:
    return _one_of(value, "design", DESIGNS)


def _mapping(d: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = _get(d, key)
    if not isinstance(value, Mapping):
        raise ValueError(f"stored profile: {key!r} is not an object")
    return cast(Mapping[str, object], value)


def _list(d: Mapping[str, object], key: str) -> list[object]:
    value = _get(d, key)
    if not isinstance(value, list):
        raise ValueError(f"stored profile: {key!r} is not a list")
    return value


def _mappings(d: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    items = _list(d, key)
    if not all(isinstance(item, Mapping) for item in items):
        raise ValueError(f"stored profile: {key!r} holds a non-object")
    return cast(list[Mapping[str, object]], items)
