"""Risk of bias of one trial, and the certainty a review states for its own evidence.

Risk of bias follows the Cochrane tool as far as an abstract reports it; what is not reported
is "unclear". Only randomised and non-randomised controlled studies are judged.

- Random sequence: low for a described random method (computer-generated list, random-number
  table, coin toss, drawing lots, minimisation, randomisation software, permuted-block or
  stratified randomisation: a restricted randomisation is a stated method); high for a
  predictable allocation (alternation, date or record number, order of attendance, patient or
  physician choice), a fixed side in a within-person comparison, or a non-random comparison;
  unclear for "randomised" with no method.
- Allocation concealment: high whenever the sequence is high (a predictable allocation cannot be
  concealed); low for sealed or opaque envelopes, central, pharmacy, telephone or web
  allocation, or allocation by an independent person.
- Blinding of participants and personnel: low when participants were blinded or unaware, or the
  trial is double-blind; high when it is open-label or they were not blinded. "Single-blind"
  does not say who was blinded.
- Blinding of outcome assessment: low for blinded raters or assessors, or double-blind; high
  when assessors were not blinded, or for an open-label trial with no blinded assessor.
- Incomplete outcome data: from counts first (analysed of enrolled: >= 90% low, < 80% high,
  between unclear); else "all completed", intention-to-treat or no losses: low.

In each domain the cues are tried in order; the first one stated by any sentence about this
study decides, and a cue that is only denied ("were not blinded") decides by its denial.
Overall: low when all five domains are low, high when any is high, else some concerns.

Stated certainty: the GRADE level or quality a review states for its own evidence, explicitly
or through flawed or uncontrolled studies and thin evidence (low) or substantial heterogeneity
(moderate), read in its results and conclusions. When several are stated, the lowest wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, Literal, TypeVar, get_args

from tracker.evidence.labels import Design
from tracker.evidence.study import Finding, StudyInput
from tracker.evidence.text import (
    NUMBER,
    PERSON_NOUN,
    Sentence,
    about_this_study,
    negated,
    parse_number,
    read,
)

Judgement = Literal["low", "high", "unclear"]
Overall = Literal["low", "some_concerns", "high"]
StatedLevel = Literal["high", "moderate", "low", "very_low"]
DOMAINS = (
    "random_sequence",
    "allocation_concealment",
    "blinding_participants",
    "blinding_outcome",
    "incomplete_outcome",
)
# The domains GRADE weighs most when it rates down for risk of bias.
KEY_DOMAINS = DOMAINS[:4]
JUDGEMENTS: tuple[Judgement, ...] = get_args(Judgement)
_LEVELS: tuple[StatedLevel, ...] = ("very_low", "low", "moderate", "high")  # lowest first
# Where a trial reports its own conduct: not its background, not its verdict.
_OWN_SECTIONS = ("title", "objective", "methods", "results", "body")
_ATTRITION_LOW = Fraction(9, 10)  # share analysed at or above which attrition is low risk
_ATTRITION_HIGH = Fraction(4, 5)  # share analysed below which attrition is high risk

# ---------------------------------------------------------------------------------------------
# Vocabulary. Patterns run on normalised lower-case sentences; a group named cue_* marks the
# word a negation must reach ("were not blinded"), otherwise the match's start does.

_BLIND = r"(?:blind(?:ed|folded)?|mask(?:ed)?|unaware)"
_PARTICIPANT = r"(?:patients?|participants?|subjects?|volunteers?|women|men|children)"
_ASSESSOR = (
    r"(?:raters?|evaluators?|assessors?|investigators?|observers?|dermatologists?|examiners?|"
    r"graders?|judges?|physicians?|reviewers?|clinicians?|(?:histo)?pathologists?|panel|"
    r"assessments?|evaluations?|ratings?|grading|scoring)"
)
_SIDE = r"(?:right|left)[- ](?:side|half|cheek|hemiface|axilla|arm|forearm|leg|hand|thigh)s?"


def _blinded(who: str) -> str:
    """`who` said to be blinded: "blinded raters", "rater-blinded", "raters were blinded to"."""
    adjectives = r"(?:,? (?!(?:of|to|in|by|and|the|an?|for|with)\b)[\w-]+){0,2}"  # "independent"
    others = r"(?:(?:,|,? and|,? or|,? nor|,? as well as) (?:the |their )?[\w-]+(?: [\w-]+)?){1,3}?"
    relative = r" (?:who|that)\b[^.;:,]{0,40}?"  # "the rater who scored the photographs"
    return "|".join(
        (
            rf"(?<![\w-])(?P<cue_before>{_BLIND}){adjectives} {who}\b",
            rf"\b{who}-(?P<cue_hyphen>blind(?:ed)?|masked)\b",
            rf"\b{who}(?: \([^)]*\))?(?:{others}|{relative})? (?:were|was|are|is|remained|been|"
            rf"being)(?: (?:not|also|all|both|fully|kept|thus|always))* (?P<cue_is>{_BLIND})\b",
            rf"\b{who},? (?P<cue_after>{_BLIND}) (?:to|of)\b",
            rf"\b(?P<cue_of>blinding|masking) of (?:the |both )?(?:[\w-]+ )?{who}\b",
        )
    )


# Blinded participants cannot change their behaviour or reports by arm (performance bias).
_PARTICIPANTS_BLINDED = re.compile(_blinded(_PARTICIPANT))
# Blinded assessors cannot rate by arm (detection bias).
_ASSESSORS_BLINDED = re.compile(
    _blinded(_ASSESSOR) + r"|\bblindly (?:assess|evaluat|rat|grad|scor|review|compar)ed\b|"
    r"\b(?:assess|evaluat|rat|grad|scor|review|compar)ed (?:\w+ ){0,4}?blindly\b"
)
# "Double-blind" conventionally means participants and outcome assessors both.
_DOUBLE_BLIND = re.compile(r"\b(?:double|triple|quadruple)[- ]?(?:blind\w*|mask(?:ed)?)\b")
# Everyone knows the allocation, so no one is blinded.
_OPEN_LABEL = re.compile(
    r"\bopen[- ]label(?:ed)?\b|\bopen (?:study|trial|design)\b|\b(?:un|non-?)(?:blinded|masked)\b|"
    r"\b(?:no|without) (?:blinding|masking)\b|\b(?:study|trial) (?:was|is) not (?:blinded|masked)\b"
)
# A described random method makes the sequence unpredictable (Cochrane's low-risk examples).
_RANDOM_METHOD = re.compile(
    r"\bcomputer[- ]generated\b|\bcomputeri[sz]ed random|\brandom[- ]numbers?\b|\btable of "
    r"random\b|\b(?:coin|dice|die)[- ](?:toss|flip|throw)|\b(?:toss|flip|throw)\w* (?:of )?(?:a |"
    r"the )?(?:coin|dice|die)\b|\b(?:drawing|drew|draw|drawn) (?:of )?lots\b|\blottery\b|"
    r"\bshuffl\w+ (?:\w+ )?(?:envelopes|cards)\b|\b(?:by|using) minimi[sz]ation\b|"
    r"\brandom(?:i[sz]ation|i[sz]er| allocation) (?:software|program|website)|"
    r"\b(?:randomi[sz]\w*|allocat\w*)\b[^.;,]{0,20}\b(?:by|using|with|via)\b[^.;,]{0,20}"
    r"\bcomputer\b|"
    r"\brandom(?:i[sz]ation)? (?:list|sequence|code|schedule)s? (?:was |were )?(?:\w+ )?"
    r"generated\b|"
    # Restricted randomisation names its scheme: "in permuted blocks of four", "block size 4".
    r"\b(?:permuted[- ])?blocks? (?:randomi[sz]ation|size|of (?:\w+ )?(?:two|four|six|eight|"
    r"\d+))\b|\brandomi[sz]\w* in (?:permuted )?blocks\b|"
    r"\bstratified (?:block )?randomi[sz]ation\b"
)
# Allocation that someone could foresee or choose is not random (Cochrane's high-risk examples).
_ALLOCATING = (
    r"\b(?:allocat|assign|divid|distribut|group|select|cho(?:se|sen|ice)|formed|receiv|"
    r"randomi[sz])\w*"
)
PREDICTABLE_ALLOCATION = re.compile(
    rf"{_ALLOCATING}\b[^.;]{{0,40}}?\b(?:according to|based on|by|on the basis of|depending on|"
    r"determined by) (?:the |their |own |odd |even |patients?'?s? |participants?'?s? |"
    r"physicians?'?s? )*(?:choice|preference|wish|request|decision|discretion|date of birth|"
    r"birth ?date|day of (?:the week|admission|attendance|presentation)|(?:hospital|medical|"
    r"record|file|case|chart|admission) (?:record )?numbers?|order of (?:attendance|arrival|"
    rf"enrol\w*|presentation|admission|referral)|alternation)\b|{_ALLOCATING}\b[^.;]{{0,30}}"
    r"\balternat(?:e|ing|ely)\b(?! (?:days?|weeks?|sessions?|months?|nights?)\b)|\balternat(?:e|"
    r"ing) (?:allocation|assignment)\b|\bevery (?:other|second) (?:patient|participant|subject)\b|"
    r"\b(?:patients|participants|subjects) (?:who )?(?:chose|opted|elected|self-selected)\b"
)
# A named side treated alike in everyone was fixed, not allocated.
_FIXED_SIDE = re.compile(
    rf"\b{_SIDE}\b[^.;]{{0,60}}\b(?:always|invariably|in (?:all|every|each) (?:patients?|"
    rf"participants?|subjects?|cases?))\b|\b(?:always|invariably)\b[^.;]{{0,60}}\b{_SIDE}\b|"
    rf"\b{_SIDE} of (?:all|every|each) (?:patients?|participants?|subjects?)\b"
)
# Said outright to be non-random or quasi-random.
_NON_RANDOM = re.compile(r"\b(?:non|quasi|pseudo)-?random(?:i[sz]ed|ly)?\b")
# Random allocation claimed (the hyphen guard leaves "non-randomised" to _NON_RANDOM).
_RANDOMISED = re.compile(
    r"(?<![\w-])randomi[sz](?:ed|ation|ing)\b|(?<![\w-])randomly\b|\bat random\b|"
    r"\brandom (?:allocation|assignment)\b|\brcts?\b"
)
# Random sampling of people, or random ordering of photographs for raters, is not allocation.
_RANDOM_NOT_ALLOCATION = re.compile(
    r"\brandom(?:ly)? (?:selected|sampled|chosen|drawn) from\b|\brandom sampl\w*|"
    r"\b(?:photographs|photos|images|pictures|slides)\b[^.;]{0,40}\brandom(?:i[sz]ed|ly)? "
    r"(?:order|ordered|sequence|arranged|presented)|\brandom(?:i[sz]ed|ly)? (?:order|ordered|"
    r"sequence|arranged|presented)\b[^.;]{0,40}\b(?:photographs|photos|images|pictures|slides)\b"
)
# Whoever enrols cannot foresee or change an allocation kept out of their hands.
_CONCEALED_METHOD = re.compile(
    r"\b(?:sealed|opaque)\b(?:[ ,]+(?:and|sealed|opaque|sequentially|serially|consecutively|"
    r"numbered|closed|identical))* envelopes?\b|\bcentral(?:i[sz]ed|ly)? (?:randomi[sz]\w*|"
    r"allocat\w*|assign\w*)|\b(?:telephone|web-based|internet-based|online|interactive "
    r"(?:voice|web)) (?:randomi[sz]ation|allocation)\b|"
    # A central service or system allocates out of the recruiters' reach.
    r"\bcentral (?:[\w-]+ ){0,2}(?:service|system|office|unit)\b|"
    r"\b(?:allocat|assign|randomi[sz]|sequence|envelope)\w*\b(?:(?! and )[^.;]){0,50}?\bby (?:an? "
    r"|the )?(?:[\w-]+ ){0,2}?(?:independent|third[- ]party|uninvolved|external|pharmacy|"
    r"pharmacist|(?:who (?:was|were) )?not involved)\b|\bthird[- ]party\b"
)
# Concealment claimed without saying how.
_CONCEALED = re.compile(
    r"\b(?:allocation|assignment|randomi[sz]ation)(?: sequence)?(?: was| were)? (?:\w+ )?"
    r"(?P<cue_concealed>concealed)\b|\bconcealed (?:allocation|randomi[sz]ation)\b|"
    r"\ballocation concealment\b"
)
# Everyone enrolled was followed to the end.
_ALL_COMPLETED = re.compile(
    rf"\ball (?:the )?(?:(?:{NUMBER}) )?(?:[\w-]+ )?{PERSON_NOUN}(?: \([^)]*\))? (?:have |had )?"
    r"(?:completed|finished|were (?:followed up|analy[sz]ed|available))\b|\bcompleted by all\b"
)
# Analysing everyone as randomised keeps losses from biasing the comparison.
_INTENTION_TO_TREAT = re.compile(r"\binten(?:tion|t)[- ]to[- ]treat\b|\bitt\b")
# Losses reported without a count leave attrition unclear; denied ("no dropouts"), it is low.
_LOSSES = re.compile(
    rf"\b(?:{PERSON_NOUN} )?(?:dropped out|drop-?outs?|withdr(?:ew|awn|awals?)|lost to follow-?up|"
    r"loss(?:es)? to follow-?up|discontinued|attrition)\b"
)
# How many were enrolled, and how many analysed or lost: the share analysed measures attrition.
_HEADCOUNT = re.compile(
    rf"\bof (?:the |all |these )?(?P<pool>{NUMBER}) (?:[\w-]+ ){{0,3}}?{PERSON_NOUN}[^,.;]{{0,30}},"
    rf"|(?P<number>{NUMBER})(?: (?:out )?of (?:the |all |these )?(?P<total>{NUMBER}))?"
    rf"(?: \([^)]*\))?(?:(?: [\w-]+){{0,3}}? {PERSON_NOUN}[^.;:()]{{0,90}}?)?(?: \([^)]*\))?,?"
    r"(?: (?:who|that))?(?: (?:were|was|had|have|has))?(?: \w+ly)? (?:(?P<enrolled>enrolled|"
    r"randomi[sz]ed|recruited|allocated|assigned|entered|included(?! in the (?:final )?analys))|"
    r"(?P<analysed>completed|finished|analy[sz]ed|included in the (?:final )?analys[ie]s)|"
    r"(?P<lost>dropped out|withdrew|withdrawn|lost|discontinued|did not complete|failed to "
    r"complete))\b"
)
# A count for one arm is not the trial's.
_PER_ARM = re.compile(r"\b(?:each|per|every|both|groups?|arms?)\b")
# A cue followed by this was not done, or is wanted rather than found.
_DENIED_AFTER = re.compile(
    r"[^.;,]{0,30}?\b(?:(?:was|were|is|are|could) not (?:be )?(?:possible|feasible|performed|"
    r"done|used|applied|maintained|achieved|ensured)|(?:is|are|was|were|remains?) (?:still )?"
    r"(?:lacking|needed|required|warranted|missing|absent))\b"
)


def _stated(level: str, *, bare_quality: bool = True) -> re.Pattern[str]:
    """A level said outright: "low-certainty evidence", "the quality of evidence was low"."""
    word = rf"(?:{level})(?:-? ?to[- ](?:very[- ])?\w+)?"  # ranges: "low- to moderate-quality"
    quality = r"(?:quality|certainty|level|grade|strength)(?! of life)"
    bare = rf"|{quality}\b" if bare_quality else ""  # "poor-quality" with no noun after it
    after = rf"(?:{quality}[- ])?(?:of )?evidence\b|certainty\b{bare}"
    return re.compile(
        rf"\b{word}[- ](?:{after})|\b{quality} of (?:the )?(?:included )?(?:evidence|studies|"
        rf"trials)\b[^.;]{{0,40}}?(?:\b(?:was|were|is|are|as|from|to|and|or)|:) (?:(?:not|"
        rf"generally|mostly|overall|rated|graded|judged|considered) )*(?P<cue_of>{level})\b"
        rf"(?! risk)|\bevidence\b(?: \w+){{0,2}}? (?:was|is|were|are|remains?) "
        rf"(?:(?:rated|graded|judged|considered|assessed) )?(?:as )?"
        rf"(?:of )?(?P<cue_was>{level})\b(?! risk)"
    )


# GRADE's four levels as reviews state them ("high-quality trials" is a wish, not a level).
_HIGH_CERTAINTY = _stated("high", bare_quality=False)
_MODERATE_CERTAINTY = _stated("moderate")
_LOW_CERTAINTY = _stated(r"(?<!very[- ])low|poor")
_VERY_LOW_CERTAINTY = _stated(r"very[- ]low")
# Flawed or uncontrolled primary studies support low certainty at best (GRADE risk of bias).
_WEAK_STUDIES = re.compile(
    r"\b(?:high|serious|considerable|substantial|significant) risk of bias\b|\brisk of bias "
    r"(?:was|were) (?:\w+ly )?(?:high|serious)\b|\b(?:poor|low|weak|limited) methodological "
    r"quality\b|\bmethodological quality\b[^.;]{0,50}\b(?:was|were|is|are) (?:\w+ly )?(?:poor|low|"
    r"weak|limited)\b|\bmethodologically (?:poor|weak|flawed)\b|"
    r"\b(?:mostly|largely|mainly|predominantly|primarily) (?:of |from |on )?(?:small|uncontrolled|"
    r"non-?randomi[sz]ed|observational|retrospective)\b[^.;]{0,40}\b(?:studies|trials|series)\b"
)
# Little or weak evidence: imprecision and risk of bias leave certainty low.
_THIN_EVIDENCE = re.compile(
    r"\b(?:insufficient|limited|weak|scarce|sparse|inconclusive|little) (?:\w+ ){0,2}?(?:evidence|"
    r"data)\b|\b(?:evidence|data) (?:\w+ ){0,3}?(?:is|was|are|were|remains?) (?:still )?"
    r"(?:insufficient|limited|weak|scarce|sparse|inconclusive|lacking)\b|\b(?:paucity|lack|dearth)"
    r" of (?:\w+ )?(?:evidence|data)\b"
)
# Unexplained heterogeneity lowers certainty one level (GRADE inconsistency).
_HETEROGENEITY = re.compile(
    r"\b(?:substantial|considerable|significant|high|marked|important|large|great)(?: (?:"
    r"statistical|clinical|methodological|between-study))? heterogeneity\b|\bheterogeneity "
    r"(?:\w+ ){0,3}?(?:was|were|is|remained) (?:\w+ly )?(?:substantial|considerable|significant|"
    r"high|marked|large)\b|\bheterogeneous (?:studies|trials|data|results|outcomes|methods|"
    r"populations|designs)\b|\b(?:studies|trials|data|results|outcomes|methods|designs) (?:were|"
    r"was|are|is) (?:\w+ly )?heterogeneous\b"
)
# Studies set aside or analysed apart are not the evidence the review rates.
_SELECTION = re.compile(r"\bexclud(?:ed|ing)\b|\bsensitivity analys[ie]s\b")
# In an abstract without headings, what precedes the review's own work is background.
_REVIEW_WORK = re.compile(
    r"\b(?:we|our|this|the present|the current)\b|\b(?:searched|included|identified|pooled|"
    r"eligible|retrieved|screened)\b"
)

# ---------------------------------------------------------------------------------------------
# One mechanism: cues tried in order, each stated or denied by a sentence.

L = TypeVar("L", bound=str)


@dataclass(frozen=True, slots=True)
class _Cue(Generic[L]):
    """A wording, what it means when stated, and what it means when denied (None: nothing)."""

    rule: str
    pattern: re.Pattern[str]
    stated: L
    denied: L | None = None
    unless: re.Pattern[str] | None = None  # a context in which the wording means something else


def _denied(lower: str, match: re.Match[str]) -> bool:
    """Whether a negation reaches the cue (its cue_* group, else its start) or follows it."""
    cues = [match.start(name) for name in match.re.groupindex if name.startswith("cue_")]
    at = max(cues) if any(start >= 0 for start in cues) else match.start()
    return negated(lower, at) or _DENIED_AFTER.match(lower, match.end()) is not None


def _readings(cue: _Cue[L], sentences: Iterable[Sentence]) -> Iterator[tuple[L, str, Sentence]]:
    """What each sentence says through the cue, as (value, rule, sentence), denials included."""
    for sentence in sentences:
        if cue.unless is not None and cue.unless.search(sentence.lower):
            continue
        for match in cue.pattern.finditer(sentence.lower):
            if not _denied(sentence.lower, match):
                yield cue.stated, cue.rule, sentence
            elif cue.denied is not None:
                yield cue.denied, f"{cue.rule}-denied", sentence


@dataclass(frozen=True, slots=True)
class DomainJudgement:
    """One domain's judgement and the sentence and rule that decided it."""

    judgement: Judgement
    evidence: str | None  # the deciding sentence as written (None when nothing was reported)
    rule: str | None  # short id, e.g. "bias:concealed-allocation"


def _judge(cues: Sequence[_Cue[Judgement]], sentences: Sequence[Sentence]) -> DomainJudgement:
    """The first cue any sentence states decides; a cue that is only denied, by its denial."""
    for cue in cues:
        # What a sentence states outweighs what another denies.
        readings = sorted(_readings(cue, sentences), key=lambda reading: reading[1] != cue.rule)
        if readings:
            judgement, rule, sentence = readings[0]
            return DomainJudgement(judgement, sentence.text, rule)
    return DomainJudgement("unclear", None, None)


# ---------------------------------------------------------------------------------------------
# Risk of bias

_SEQUENCE: tuple[_Cue[Judgement], ...] = (
    _Cue("bias:predictable-allocation", PREDICTABLE_ALLOCATION, "high"),
    _Cue("bias:non-random", _NON_RANDOM, "high"),
    _Cue("bias:random-method", _RANDOM_METHOD, "low", unless=_RANDOM_NOT_ALLOCATION),
    _Cue("bias:randomised", _RANDOMISED, "unclear", "high", unless=_RANDOM_NOT_ALLOCATION),
)
_FIXED_SIDE_CUE: _Cue[Judgement] = _Cue("bias:fixed-side", _FIXED_SIDE, "high", unless=_RANDOMISED)
_CONCEALMENT: tuple[_Cue[Judgement], ...] = (
    _Cue("bias:concealed-allocation", _CONCEALED_METHOD, "low", "high"),
    _Cue("bias:concealed", _CONCEALED, "unclear", "high"),
)
_PARTICIPANTS: tuple[_Cue[Judgement], ...] = (
    _Cue("bias:participants-blinded", _PARTICIPANTS_BLINDED, "low", "high"),
    _Cue("bias:double-blind", _DOUBLE_BLIND, "low"),
    _Cue("bias:open-label", _OPEN_LABEL, "high"),
)
_OUTCOME: tuple[_Cue[Judgement], ...] = (
    _Cue("bias:blinded-assessor", _ASSESSORS_BLINDED, "low", "high"),
    *_PARTICIPANTS[1:],
)
_COMPLETENESS: tuple[_Cue[Judgement], ...] = (
    _Cue("bias:all-completed", _ALL_COMPLETED, "low", "unclear"),
    _Cue("bias:intention-to-treat", _INTENTION_TO_TREAT, "low"),
    _Cue("bias:losses", _LOSSES, "unclear", "low"),
)


@dataclass(frozen=True, slots=True)
class RiskOfBias:
    """One study's five Cochrane domains (see the module docstring for the rules)."""

    random_sequence: DomainJudgement
    allocation_concealment: DomainJudgement
    blinding_participants: DomainJudgement
    blinding_outcome: DomainJudgement
    incomplete_outcome: DomainJudgement

    @property
    def overall(self) -> Overall:
        """Low when all five domains are low, high when any is high, else some concerns."""
        judgements = {domain.judgement for domain in self.domains().values()}
        if "high" in judgements:
            return "high"
        return "low" if judgements == {"low"} else "some_concerns"

    @property
    def key_concern(self) -> bool:
        """Whether sequence, concealment or blinding are not at low risk (GRADE's key domains)."""
        return any(self.domains()[domain].judgement != "low" for domain in KEY_DOMAINS)

    def domains(self) -> dict[str, DomainJudgement]:
        """The five judgements by domain name, in the order of DOMAINS."""
        return {name: getattr(self, name) for name in DOMAINS}

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            name: {"judgement": d.judgement, "evidence": d.evidence, "rule": d.rule}
            for name, d in self.domains().items()
        }
        return data | {"overall": self.overall}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> RiskOfBias:
        """The inverse of `to_json`; a ValueError names the first key or value that is wrong.

        "overall" may be left out, since it follows from the domains; when given it must agree.
        """
        if unknown := [key for key in data if key not in (*DOMAINS, "overall")]:
            raise ValueError(f"risk of bias: unknown key {unknown[0]!r}")
        rob = cls(*(_domain_from_json(name, data.get(name)) for name in DOMAINS))
        if data.get("overall", rob.overall) != rob.overall:
            raise ValueError(f"risk of bias: 'overall' is {rob.overall!r}, not {data['overall']!r}")
        return rob


def _domain_from_json(name: str, value: object) -> DomainJudgement:
    if not isinstance(value, Mapping) or set(value) != {"judgement", "evidence", "rule"}:
        raise ValueError(f"risk of bias: {name!r} needs judgement, evidence and rule: {value!r}")
    if value["judgement"] not in JUDGEMENTS:
        allowed = ", ".join(JUDGEMENTS)
        raise ValueError(
            f"risk of bias: '{name}.judgement' must be {allowed}: {value['judgement']!r}"
        )
    for key in ("evidence", "rule"):
        if not isinstance(value[key], str | None):
            raise ValueError(f"risk of bias: '{name}.{key}' must be text or null: {value[key]!r}")
    return DomainJudgement(value["judgement"], value["evidence"], value["rule"])


def assess_risk_of_bias(
    study: StudyInput,
    design: Design,
    *,
    within_person: bool = False,
    enrolled: int | None = None,
) -> RiskOfBias | None:
    """Cochrane risk of bias from the abstract; None unless `design` is a controlled study.

    Within a person (split-face, split-scar) a side treated alike in everyone is a non-random
    allocation; in a parallel trial a named side is no allocation at all. `enrolled` is the
    number of people the participants reader found, used for attrition when no sentence
    states both how many entered and how many were analysed.
    """
    if design not in ("rct", "nonrandomized_controlled"):
        return None
    own = [s for s in read(study).all() if s.section in _OWN_SECTIONS and about_this_study(s)]
    sequence = _judge((_FIXED_SIDE_CUE, *_SEQUENCE) if within_person else _SEQUENCE, own)
    if design == "nonrandomized_controlled" and sequence.rule is None:
        sequence = DomainJudgement("high", None, "bias:non-random-design")
    # A predictable allocation cannot be concealed.
    concealment = sequence if sequence.judgement == "high" else _judge(_CONCEALMENT, own)
    abstract = [s for s in own if s.section != "title"]
    return RiskOfBias(
        random_sequence=sequence,
        allocation_concealment=concealment,
        blinding_participants=_judge(_PARTICIPANTS, own),
        blinding_outcome=_judge(_OUTCOME, own),
        incomplete_outcome=_attrition(abstract, enrolled) or _judge(_COMPLETENESS, abstract),
    )


def _attrition(sentences: Sequence[Sentence], known: int | None = None) -> DomainJudgement | None:
    """Attrition from the counts enrolled and analysed (or lost), when the abstract gives both."""
    enrolled: list[int] = [known] if known else []
    analysed: list[tuple[int, Sentence]] = []
    lost: list[tuple[int, Sentence]] = []
    for sentence in sentences:
        for match in _HEADCOUNT.finditer(sentence.lower):
            if _denied(sentence.lower, match):
                continue
            count = {
                key: parse_number(match.group(key)) or 0
                for key in ("pool", "number", "total")
                if match.group(key)
            }
            enrolled += [count[key] for key in ("pool", "total") if key in count]
            if match.group("enrolled"):
                enrolled.append(count["number"])
            elif match.group("number") and not _PER_ARM.search(_clause(sentence.lower, match)):
                (analysed if match.group("analysed") else lost).append((count["number"], sentence))
    if not enrolled or not (analysed or lost):
        return None
    total = max(enrolled)
    if analysed:
        done, sentence = max(analysed, key=lambda headcount: headcount[0])
    else:
        done, sentence = total - sum(number for number, _ in lost), lost[0][1]
    if not 0 <= done <= total or total == 0:
        return None
    share = Fraction(done, total)
    if share >= _ATTRITION_LOW:
        return DomainJudgement("low", sentence.text, "bias:attrition-under-10pct")
    if share < _ATTRITION_HIGH:
        return DomainJudgement("high", sentence.text, "bias:attrition-over-20pct")
    return DomainJudgement("unclear", sentence.text, "bias:attrition-10-20pct")


def _clause(lower: str, match: re.Match[str]) -> str:
    """The text from the start of the match's clause (after a semicolon) to the match's end."""
    return lower[lower.rfind(";", 0, match.start()) + 1 : match.end()]


# ---------------------------------------------------------------------------------------------
# Certainty a review states for its own evidence

_CERTAINTY: tuple[_Cue[StatedLevel], ...] = (
    _Cue("review:very-low-certainty", _VERY_LOW_CERTAINTY, "very_low", unless=_SELECTION),
    _Cue("review:low-certainty", _LOW_CERTAINTY, "low", unless=_SELECTION),
    _Cue("review:moderate-certainty", _MODERATE_CERTAINTY, "moderate", unless=_SELECTION),
    _Cue("review:high-certainty", _HIGH_CERTAINTY, "high", "low", unless=_SELECTION),
    _Cue("review:weak-studies", _WEAK_STUDIES, "low", unless=_SELECTION),
    _Cue("review:thin-evidence", _THIN_EVIDENCE, "low", unless=_SELECTION),
    _Cue("review:heterogeneity", _HETEROGENEITY, "moderate", unless=_SELECTION),
)


def stated_certainty(study: StudyInput) -> Finding[StatedLevel] | None:
    """The lowest certainty the abstract states for its own evidence; None when it states none."""
    doc = read(study)
    flat = [s for s in doc.sentences if s.section == "body"]
    start = next((s.index for s in flat if _REVIEW_WORK.search(s.lower)), 1)
    own = [s for s in doc.sentences if s.section in ("results", "conclusions")]
    own += [s for s in flat if s.index >= start]
    readings = [reading for cue in _CERTAINTY for reading in _readings(cue, own)]
    if not readings:
        return None
    level, rule, sentence = min(readings, key=lambda r: (_LEVELS.index(r[0]), r[2].index))
    return Finding(level, "text", sentence.text, rule)
