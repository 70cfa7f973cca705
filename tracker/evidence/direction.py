"""Which way a study's result points for the claim it is linked to.

The direction is read from the authors' conclusion: the CONCLUSION(S) section when the abstract
is structured; in a flat abstract the last sentence when it states a verdict, else the last two
(the title when there is no abstract). Only when the conclusion says nothing are the results
section, sentences that announce findings ("These results show ...") and an opening sentence
about microneedling read. Each sentence is cut into clauses and every cue is read with its
negation scope, so "did not improve" is no effect, "no adverse events" is not a harm, and "may
be a promising option" is still support.

- Benefit claims: support when microneedling is said to work (hedged or not); no effect when it
  is said not to ("no significant difference versus sham", "failed to", "only 3 patients
  improved"); harm when it made the condition worse ("exacerbate", "Koebner") and no benefit is
  claimed; mixed when one outcome improved and another did not; unclear when the conclusion
  says nothing either way or that the evidence is insufficient. An adverse event beside a
  benefit, or "carries a risk of" beside no effect, does not change the verdict; no benefit
  together with a harm the treatment caused is harm. A verb that would praise a treatment
  speaks of harm when its object is one ("may increase the risk of scarring"), and "did not
  increase the risk of infection" is a safety finding, not a failed benefit. A treated case's
  outcome ("the scar cleared", "no recurrence") supports when nothing else is said and the
  abstract reports no adverse event (harm reports end with the harm resolving). A negative
  statement about an add-on ("PRP did not add benefit") is not a statement about microneedling.
  Being less effective than another active treatment is not "no effect".
- A comparison is read by who won. Another active treatment beating microneedling is not
  support when the abstract never says microneedling itself improved (`comparator-better`);
  a null comparison between settings of the procedure (needle depth, number of sessions) says
  nothing of its effect. Advice, caution and calls for more research state no finding: a harm
  they name is a risk to watch for. A report whose title makes a harm of microneedling its
  subject (a complication report) is safety evidence and no evidence of efficacy.
- What the claim asserts comes from its file (`asserts` and its terms), never from its id:
  "adjunct" claims are read from the comparison of microneedling with and without the adjunct
  (better supports; equal, or the adjunct adding nothing, is no effect); "versus" claims from
  microneedling against the comparator (equal or better supports; worse is no effect); a
  claim's `outcome_terms` name a promised effect that other claims would call a harm ("hair
  reduction"), which then supports unless denied.
- Safety claims. A claim that denies one named harm (`harm_terms`, e.g. "no risk of PIH") is
  contradicted by any case or rate of that harm after microneedling, including "a low risk";
  "none observed" supports; the harm seen only with the comparator does not count. A claim of
  general safety (no `harm_terms`): serious, persistent or unusual adverse events are harms;
  "well tolerated", "transient erythema", "minimal downtime" support. The authors' last word
  on adverse events wins.
- A study that does not evaluate microneedling at all (a passing mention) is unclear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tracker.evidence.comparison import (
    about_parameter,
    comparative_claim,
    find_comparison,
    generic_comparison,
    has_mn,
    null_against_control,
)
from tracker.evidence.cues import (
    ADVERSE,
    ADVICE,
    AIM,
    BOTH_IMPROVED,
    CAUSED,
    CAUSES_HARM,
    CONCESSION,
    COUNSEL,
    ELLIPTICAL_NOT,
    ENDORSED,
    FINDING_STATEMENT,
    FURTHER_STUDY,
    HARM_EVENT,
    HARM_MEASURED,
    HARM_OBJECT,
    HARM_SUBJECT,
    HARM_WORD,
    LOWER_RISK,
    MINOR,
    MN_SUBJECT,
    NEGATIVE,
    NO_CASES,
    NONE_DEVELOPED,
    NOT_ONLY,
    ONLY_FEW,
    PARAMETER,
    POSITIVE,
    POSITIVE_WEAK,
    RAISES,
    RESOLVED,
    RISK_OF,
    SAFE,
    SAFE_DARK_SKIN,
    SEVERE,
    SUPPRESSOR,
    TREATMENT_TITLE,
    UNCLEAR,
    WORSE,
    WORSENING,
    all_negated,
    clauses,
    negated_cue,
)
from tracker.evidence.design import classify_design
from tracker.evidence.labels import Design, Direction, Source
from tracker.evidence.relevance import MICRONEEDLING, microneedling_role
from tracker.evidence.study import ClaimContext, Finding, StudyInput
from tracker.evidence.text import (
    Document,
    Sentence,
    about_this_study,
    negated,
    negated_after,
    read,
)
from tracker.evidence.vocabulary import OTHER_TREATMENT, terms_pattern

DirectionFinding = Finding[Direction]


# Designs whose title alone can state a finding.
_TITLE_FINDING_DESIGNS: frozenset[Design] = frozenset(
    {"case_report", "cohort_or_case_series", "rct", "nonrandomized_controlled"}
)


@dataclass(slots=True)
class _Reading:
    """What the cues in a set of sentences add up to."""

    positive: list[Sentence] = field(default_factory=list)
    weak: list[Sentence] = field(default_factory=list)
    negative: list[Sentence] = field(default_factory=list)
    worse: list[Sentence] = field(default_factory=list)
    unclear: list[Sentence] = field(default_factory=list)
    adverse: list[Sentence] = field(default_factory=list)
    risk: list[Sentence] = field(default_factory=list)  # "carries the risk of Koebner"
    resolved: list[Sentence] = field(default_factory=list)  # "the lesions cleared"
    lost: list[Sentence] = field(default_factory=list)  # another active treatment did better


def classify_direction(study: StudyInput, claim: ClaimContext | None) -> DirectionFinding:
    """Whether the study supports, contradicts or is silent on `claim` (or on efficacy)."""
    doc = read(study)
    role = microneedling_role(doc)
    if role.role in ("passing", "absent"):
        evidence = role.sentence.text if role.sentence else None
        return Finding("unclear", "text", evidence, "text:microneedling-not-evaluated")
    if not doc.has_abstract:
        # A title can report an event ("Granulomatous reaction after microneedling") but a
        # letter, comment or review title states no finding.
        design, _ = classify_design(study)
        if design.value not in _TITLE_FINDING_DESIGNS:
            title = doc.title.text if doc.title else None
            return Finding("unclear", "none", title, "text:no-abstract")
    if claim is None or claim.asserts != "safety":
        report = harm_report(doc, claim)
        if report is not None:
            # A complication report is safety evidence: harm when it is the claim's own
            # condition made worse, otherwise nothing for or against efficacy.
            return Finding(report[0], "text", report[1].text, "text:harm-report")
    if claim is not None and claim.asserts == "safety":
        harm = terms_pattern(claim.harm_terms)
        # A claim that denies one named harm is contradicted by any case of it; a claim of
        # general safety by serious, persistent or unusual adverse events.
        if harm is not None:
            return _named_harm(doc, harm)
        found = _safety(doc)
        report = harm_report(doc, None) if found.value == "unclear" else None
        # A complication report whose abstract ends in advice still reports the complication.
        return Finding("harms", "text", report[1].text, "text:harm-report") if report else found
    return _benefit(doc, claim)


def authors_verdict(study: StudyInput) -> DirectionFinding:
    """The authors' verdict on whatever the study tests, read as for a benefit claim.

    The same conclusion reader as `classify_direction`, without asking whether the study is
    about microneedling: the benchmark uses it to check the reader on real abstracts from every
    field, which rarely concern microneedling.
    """
    doc = read(study)
    if not doc.has_abstract:
        return Finding("unclear", "none", None, "text:no-abstract")
    return _benefit(doc, None)


def _conclusion(doc: Document) -> tuple[Sentence, ...]:
    if not doc.has_abstract:
        return (doc.title,) if doc.title else ()
    return doc.conclusion()


# ---------------------------------------------------------------------------------------------
# Benefit claims


def _benefit(doc: Document, claim: ClaimContext | None) -> DirectionFinding:
    conclusion = _conclusion(doc)
    if claim is not None and claim.asserts in ("adjunct", "versus"):
        compared = comparative_claim(doc, conclusion, claim)
        if compared is not None:
            return compared
        named = terms_pattern(claim.adjunct_terms + claim.comparator_terms)
        if (
            doc.has_abstract
            and named is not None
            and not any(named.search(s.lower) for s in doc.all())
        ):
            # The claim is a comparison; a study that never names the other arm says nothing.
            evidence = conclusion[-1].text if conclusion else None
            return Finding("unclear", "text", evidence, "text:no-comparison")
    decided = None
    wide = _read_benefit(conclusion, doc, claim)
    if doc.has_abstract and not doc.in_sections("conclusions"):
        # A flat abstract: the last sentence is the verdict when it states one, but a
        # worsening reported just before a "no effect" verdict makes it a harm.
        decided = _decide_benefit(_read_benefit(conclusion[-1:], doc, claim), claim)
        if decided is not None and decided.value == "no_effect" and wide.worse:
            decided = _decide_benefit(wide, claim)
    if decided is None:
        decided = _decide_benefit(wide, claim)
    if decided is None and wide.risk:
        # The conclusion only warns of a risk ("should be warned about Koebner phenomenon"):
        # a case report of that very worsening is a harm.
        body = _read_benefit(
            [s for s in doc.sentences if about_this_study(s) and not _is_aim(s)], doc, claim
        )
        if body.worse and not body.positive:
            decided = Finding("harms", "text", body.worse[0].text, "text:worsened-in-body")
    if decided is not None or not doc.has_abstract:
        return decided or Finding("unclear", "none", None, None)
    # Nothing in the conclusion: fall back on what the results section states, or on the
    # opening claim of an unstructured abstract that makes microneedling its subject (reviews
    # often state their verdict first).
    results = [s for s in doc.in_sections("results") if s not in conclusion]
    fallback = _decide_benefit(_read_benefit(results, doc, claim), claim, strong_only=True)
    if fallback is not None:
        return Finding(fallback.value, "text", fallback.evidence, f"{fallback.rule}-in-results")
    stated = [s for s in doc.sentences if FINDING_STATEMENT.search(s.lower) and s not in conclusion]
    found = _decide_benefit(_read_benefit(stated, doc, claim), claim, strong_only=True)
    if found is not None:
        return Finding(found.value, "text", found.evidence, f"{found.rule}-in-findings")
    opening = doc.sentences[0]
    if not doc.structured and opening not in conclusion and MN_SUBJECT.match(opening.lower):
        first = _decide_benefit(_read_benefit([opening], doc, claim), claim, strong_only=True)
        if first is not None:
            return Finding(first.value, "text", first.evidence, f"{first.rule}-in-opening")
    lost = _read_benefit(conclusion, doc, claim).lost
    if lost:
        # Another active treatment did better and microneedling's own result is not stated.
        value: Direction = (
            "no_effect" if claim is not None and claim.asserts == "versus" else "unclear"
        )
        return Finding(value, "text", lost[0].text, "text:comparator-better")
    evidence = conclusion[-1].text if conclusion else None
    return Finding("unclear", "text" if conclusion else "none", evidence, "text:no-verdict")


def _read_benefit(
    sentences: Iterable[Sentence], doc: Document, claim: ClaimContext | None
) -> _Reading:
    reading = _Reading()
    for sentence in sentences:
        if CONCESSION.match(sentence.lower) and UNCLEAR.search(sentence.lower):
            # "Although improvements were reported, the evidence is insufficient ...": the
            # concession is granted, the verdict is the main clause.
            reading.unclear.append(sentence)
            continue
        for number, clause in enumerate(clauses(sentence.lower)):
            _read_clause(clause, sentence, doc, claim, reading, contrast=number > 0)
    return reading


def _read_clause(
    clause: str,
    sentence: Sentence,
    doc: Document,
    claim: ClaimContext | None,
    reading: _Reading,
    *,
    contrast: bool = False,
) -> None:
    # "studies that monitor koebnerisation are needed": a worsening to be watched for, not seen.
    worsening = [
        m
        for m in WORSENING.finditer(clause)
        if not (negated_cue(clause, m.start()) or negated_after(clause, m.end()))
        and not FURTHER_STUDY.search(clause)
    ]
    if worsening:
        if all(
            RISK_OF.search(clause[: m.start()]) or _counselled(clause, m.start()) for m in worsening
        ):
            reading.risk.append(sentence)
        else:
            reading.worse.append(sentence)
            return  # a clause reporting a worsening praises nothing ("induces ... that aggravates")
    outcome = terms_pattern(claim.outcome_terms) if claim is not None else None
    if outcome is not None and outcome.search(clause) and not COUNSEL.search(clause):
        # The claim's own outcome named as such ("hair reduction"): support unless denied.
        denied = NEGATIVE.search(clause) or all_negated(outcome, clause)
        (reading.negative if denied else reading.positive).append(sentence)
        return
    if UNCLEAR.search(clause):
        reading.unclear.append(sentence)

    elliptical = ELLIPTICAL_NOT.match(clause)
    if elliptical and not NOT_ONLY.match(clause.strip()) and not _names_harm(clause):
        # The elliptical half of "improved collagen but not elastin" or "... but did not
        # tighten lax skin" (not "but did not cause adverse events").
        reading.negative.append(sentence)
        return
    comparison = find_comparison(clause, doc)
    if comparison is not None and about_parameter(clause, comparison):
        return  # "no difference between 1.5 mm and 2 mm": a setting, not the treatment's effect
    if comparison is not None:
        verdict = generic_comparison(comparison)
        if verdict == "lost":
            reading.lost.append(sentence)
            if BOTH_IMPROVED.search(clause):
                reading.positive.append(sentence)  # "both treatments improved, but X more"
            return
        if verdict == "pos":
            reading.positive.append(sentence)
            return
        if verdict == "neg":
            reading.negative.append(sentence)
            return
        if verdict == "pos_weak":
            reading.weak.append(sentence)
        if contrast and comparison.kind == "equal" and null_against_control(comparison, doc):
            # "..., but patient ratings were not significantly different": an outcome not improved.
            reading.negative.append(sentence)
            return
        # Otherwise the comparison says nothing about microneedling itself: read on.

    negative = NEGATIVE.search(clause)
    setting = PARAMETER.search(clause[: negative.start()]) if negative is not None else None
    if setting is not None and not has_mn(
        clause[: setting.start()] + clause[setting.end() : negative.start()]  # type: ignore[union-attr]
    ):
        return  # "the number of sessions did not affect the outcome", "deeper needling added none"
    denied_harm = _denies_harm(clause, negative)
    if denied_harm:
        negative = None  # "did not increase the risk of infection" is a safety finding
    # In a clause that denies a benefit, a harm word may name the condition treated ("did not
    # improve post-inflammatory hyperpigmentation"); it is a harm done only when caused.
    caused = negative is None or CAUSED.search(clause[negative.end() :]) is not None
    adverse = ADVERSE.search(clause)
    if (
        not denied_harm
        and caused
        and adverse is not None
        and not _counselled(clause, adverse.start())
        and not _about_other_treatment(clause, adverse.start())
        and not all_negated(ADVERSE, clause)
        and not LOWER_RISK.search(clause)
        and (SEVERE.search(clause) or not MINOR.search(clause))
    ):
        reading.adverse.append(sentence)
    if negative is not None and not _about_add_on(clause, negative.start()):
        reading.negative.append(sentence)
        before = POSITIVE.search(clause[: negative.start()])
        if (
            negative.group(0).startswith("without")
            and before
            and not negated_cue(clause, before.start())
        ):
            reading.positive.append(sentence)  # "reduced pore volume without decreasing pores"
        return
    if WORSE.search(clause):
        return  # "less effective for X", with no comparator named: neither for nor against
    raised_harm = [
        m
        for m in POSITIVE.finditer(clause)
        if RAISES.match(m.group(0)) and _harm_object(clause[m.end() :])
    ]
    if raised_harm and not all(negated_cue(clause, m.start()) for m in raised_harm):
        reading.adverse.append(sentence)  # "may increase the risk of scarring"
    about_harm = {m.start() for m in raised_harm}
    positives = [
        m
        for m in POSITIVE.finditer(clause)
        if not _suppressed(clause, m.start())
        and not _about_other_treatment(clause, m.start())
        and not _about_control(clause, m)
        and m.start() not in about_harm
    ]
    if positives and all(ONLY_FEW.search(clause[: m.start()]) for m in positives):
        reading.negative.append(sentence)
        return
    if positives:
        if all(negated_cue(clause, m.start()) for m in positives):
            if not _about_add_on(clause, positives[0].start()):
                reading.negative.append(sentence)
        else:
            reading.positive.append(sentence)
        return
    weak = [m for m in POSITIVE_WEAK.finditer(clause) if not _suppressed(clause, m.start())]
    weak += [
        m
        for m in ENDORSED.finditer(clause)
        if not _suppressed(clause, m.start()) and not _about_other_treatment(clause, m.start())
    ]
    if weak and not all(negated_cue(clause, m.start()) for m in weak):
        reading.weak.append(sentence)
    resolved = RESOLVED.search(clause)
    if resolved is not None and not _reports_harm(doc):
        if resolved.group(0).startswith(("no ", "did not", "without")):
            reading.resolved.append(sentence)  # "no recurrence": the negation is the outcome
        elif negated_cue(clause, resolved.start()):
            reading.negative.append(sentence)  # "the lesions had not resolved"
        else:
            reading.resolved.append(sentence)


def _counselled(clause: str, start: int) -> bool:
    """Whether the cue at `start` is the object of advice ("should be warned of Koebner")."""
    return bool(COUNSEL.search(clause[:start]))


def harm_report(doc: Document, claim: ClaimContext | None) -> tuple[Direction, Sentence] | None:
    """What a title that makes a harm of microneedling its subject says for `claim`.

    The claim's own condition made worse ("Worsening of melasma after microneedling" for a
    melasma claim) is harm. Any other adverse event (a granuloma, an infection, a flare of
    another disease) is safety evidence and says nothing of efficacy: unclear. None when the
    title is not such a report. Words of the claim's topic or promised outcome are no harm.
    """
    title = doc.title
    if title is None or TREATMENT_TITLE.search(title.lower):
        return None
    lower = title.lower
    attributed = HARM_SUBJECT.search(lower)
    own = terms_pattern((claim.topic_terms + claim.outcome_terms) if claim else ())
    worse = [m for m in WORSENING.finditer(lower) if not negated(lower, m.start(), window=3)]
    if worse and attributed and (claim is None or _worsened_own(lower, worse, own)):
        return "harms", title
    adverse = [
        m
        for m in ADVERSE.finditer(lower)
        if not negated(lower, m.start(), window=3) and not (own and own.search(m.group(0)))
    ]
    if attributed and (adverse or worse):
        return "unclear", title
    return None


def _worsened_own(lower: str, worse: list[re.Match[str]], own: re.Pattern[str] | None) -> bool:
    """Whether what got worse is the claim's condition.

    It is when the condition is named beside the worsening ("melasma worsening", "darkening of
    melasma", "keloid enlargement"), or when the worsening names nothing before it ("Koebner
    phenomenon after microneedling for vitiligo": the condition treated, wherever it is named).
    "Rosacea flare after microneedling for acne scars" is a flare of rosacea, not of the scars.
    """
    if own is None:
        return False
    for match in worse:
        before = lower[: match.start()].split()[-2:]
        after = lower[match.end() :].split()[:3]
        if own.search(" ".join([*before, match.group(0), *after])):
            return True
        if not before and own.search(lower):
            return True
    return False


def _harm_object(after: str) -> bool:
    """Whether the words after a verb name a harm ("the risk of", "a Koebner phenomenon")."""
    return bool(
        HARM_OBJECT.match(after) or WORSENING.match(re.sub(r"^\s*(?:an? |the )?", "", after))
    )


def _names_harm(clause: str) -> bool:
    return bool(ADVERSE.search(clause) or re.search(HARM_WORD, clause) or WORSENING.search(clause))


def _reports_harm(doc: Document) -> bool:
    """Whether the abstract reports an adverse event anywhere (not only "no complications")."""
    return any(ADVERSE.search(s.lower) and not all_negated(ADVERSE, s.lower) for s in doc.sentences)


def _denies_harm(clause: str, negative: re.Match[str] | None) -> bool:
    if negative is None:
        return False
    verb = negative.group(0).split()[-1]
    return bool(RAISES.match(verb)) and _harm_object(clause[negative.end() :])


def _decide_benefit(
    reading: _Reading, claim: ClaimContext | None, *, strong_only: bool = False
) -> DirectionFinding | None:
    def finding(value: Direction, rule: str, sentences: Sequence[Sentence]) -> DirectionFinding:
        return Finding(value, "text", sentences[0].text, f"text:{rule}")

    helped = reading.positive or (reading.weak if not strong_only else [])
    if reading.worse and not (claim and claim.outcome_terms) and not helped:
        # Worse instead of better. An adverse event beside a benefit is not a verdict of harm.
        return finding("harms", "worsened", reading.worse)
    if reading.positive and reading.negative:
        return finding("mixed", "improved-and-not", reading.negative)
    if reading.negative and reading.adverse and not reading.positive:
        # No benefit and a harm of its own ("no better than routine care, and raised the risk
        # of injury"): the treatment did harm.
        return finding("harms", "no-benefit-and-harm", reading.adverse)
    if reading.negative:
        return finding("no_effect", "no-effect", reading.negative)
    if reading.positive:
        return finding("supports", "effective", reading.positive)
    if strong_only:
        return None
    if reading.unclear:
        return finding("unclear", "insufficient-evidence", reading.unclear)
    if reading.weak:
        return finding("supports", "hedged-support", reading.weak)
    if reading.resolved and not reading.adverse:
        return finding("supports", "resolved", reading.resolved)
    if reading.adverse:
        # A conclusion that speaks only of a serious adverse event (a case report of a
        # complication) counts against the claim; minor side effects do not.
        return finding("harms", "adverse-event-only", reading.adverse)
    return None


def _suppressed(clause: str, start: int) -> bool:
    """A cue inside "whether ...", "if ..." or "before ..." asserts nothing."""
    return bool(SUPPRESSOR.search(clause[:start]))


def _about_add_on(clause: str, start: int) -> bool:
    """Whether the clause's subject is an agent added to microneedling, not microneedling.

    "PRP did not add benefit to microneedling" is about PRP; "adding microneedling to
    phototherapy did not help" is about microneedling.
    """
    subject = clause[:start]
    add_on = OTHER_TREATMENT.search(subject)
    if add_on is None:
        return False
    procedure = MICRONEEDLING.search(subject)
    return procedure is None or add_on.start() < procedure.start()


def _about_control(clause: str, cue: re.Match[str]) -> bool:
    """Whether a cue praises the sham or placebo arm ("the marked response to sham")."""
    if has_mn(clause):
        return False
    return bool(
        re.match(
            r"\s*(?:to|with|in|after) (?:the )?(?:sham|placebo|vehicle)\b", clause[cue.end() :]
        )
    )


def _about_other_treatment(clause: str, start: int) -> bool:
    """Whether a clause praises another treatment ("NB-UVB is an effective modality ...")."""
    if has_mn(clause):
        return False
    return bool(OTHER_TREATMENT.search(clause[:start]))


# ---------------------------------------------------------------------------------------------
# Safety claims


def _named_harm(doc: Document, harm: re.Pattern[str]) -> DirectionFinding:
    """'No risk of X': any case of the named harm after microneedling is evidence against."""
    seen: list[Sentence] = []
    absent: list[Sentence] = []
    # The abstract's own report first; a title such as "PIH after microneedling and laser: a
    # comparative study" names the topic, and counts only when the abstract says nothing.
    body = [s for s in doc.sentences if about_this_study(s) and not _is_aim(s)]
    title = [doc.title] if doc.title and not _is_aim(doc.title) else []
    for sentence in body + title:
        if sentence.section == "title" and (seen or absent):
            break
        lower = sentence.lower
        if (
            HARM_MEASURED.search(lower)
            and not HARM_EVENT.search(lower)
            and not NO_CASES.search(lower)
        ):
            continue  # "PIH was assessed at each visit": an outcome measured, not an event
        for match in harm.finditer(lower):
            if _harm_absent(lower, match.start(), match.end()):
                absent.append(sentence)
            else:
                attributed = _harm_after_microneedling(lower)
                if attributed is True:
                    seen.append(sentence)
                elif attributed is False:
                    absent.append(sentence)
            break
    if seen:
        return Finding("harms", "text", seen[0].text, "text:harm-reported")
    if absent:
        return Finding("supports", "text", absent[0].text, "text:harm-not-seen")
    safe = next((s for s in doc.all() if SAFE_DARK_SKIN.search(s.lower)), None)
    if safe is not None:
        return Finding("supports", "text", safe.text, "text:safe-in-dark-skin")
    source: Source = "text" if doc.has_abstract else "none"
    return Finding("unclear", source, None, "text:harm-not-reported")


def _is_aim(sentence: Sentence) -> bool:
    """An objective ("To evaluate the adverse effects of ...") reports nothing."""
    return sentence.section == "objective" or bool(AIM.match(sentence.lower))


def _harm_absent(lower: str, start: int, end: int) -> bool:
    if negated(lower, start, window=6) or negated_after(lower, end):
        return True
    return bool(NONE_DEVELOPED.search(lower[:start]))


def _harm_after_microneedling(lower: str) -> bool | None:
    """Whether a sentence reporting the harm attributes any of it to microneedling.

    "PIH developed in 9 patients in the laser group and in no patient in the microneedling
    group" reports PIH after laser only: False. A sentence that names no arm at all is taken to
    be about the study's own (microneedling) treatment: True. None: only the comparator.
    """
    if _comparator_only(lower):
        return None
    parts = [p for p in re.split(r",|;|\band\b|\bwhile\b|\bwhereas\b|\bbut\b", lower) if p.strip()]
    mn_parts = [p for p in parts if has_mn(p)]
    if not mn_parts:
        return True
    return any(not NO_CASES.search(p) for p in mn_parts)


def _comparator_only(lower: str) -> bool:
    """A harm reported only for another treatment's arm is not a harm of microneedling."""
    if has_mn(lower):
        return False
    return bool(OTHER_TREATMENT.search(lower))


def _safety(doc: Document) -> DirectionFinding:
    """Downtime and safety: the authors' last word on adverse events decides."""
    conclusion = _conclusion(doc)
    decided = _safety_verdict(conclusion)
    if decided is not None:
        return decided
    body = [
        s for s in doc.sentences if s not in conclusion and about_this_study(s) and not _is_aim(s)
    ]
    decided = _safety_verdict(body)
    if decided is not None:
        return Finding(decided.value, "text", decided.evidence, f"{decided.rule}-in-results")
    return Finding("unclear", "text" if doc.has_abstract else "none", None, "text:no-safety-data")


def _safety_verdict(sentences: Sequence[Sentence]) -> DirectionFinding | None:
    last: tuple[Direction, Sentence, str] | None = None
    for sentence in sentences:
        for clause in clauses(sentence.lower):
            signal = _safety_clause(clause)
            if signal is not None:
                last = (signal[0], sentence, signal[1])
    if last is None:
        return None
    return Finding(last[0], "text", last[1].text, f"text:{last[2]}")


def _safety_clause(clause: str) -> tuple[Direction, str] | None:
    if _comparator_only(clause):
        return None  # complications of lasers or peels are not complications of microneedling
    harmful = [
        m
        for m in ADVERSE.finditer(clause)
        if not negated_cue(clause, m.start()) and not MINOR.search(clause)
    ]
    severe = bool(SEVERE.search(clause))
    if ADVICE.search(clause) and not CAUSES_HARM.search(clause):
        # "Caution should be taken in ...", "clinicians should be informed about the adverse
        # effects": precautions, not findings.
        harmful = []
    if harmful and (severe or not SAFE.search(clause)):
        return "harms", "adverse-events"
    if SAFE.search(clause):
        return "supports", "well-tolerated"
    return None
