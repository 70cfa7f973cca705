"""Head-to-head statements: who won, or that both arms were alike, and what that means for a claim.

`find_comparison` reads a clause ("laser was more effective than microneedling", "both arms
improved similarly"); `generic_comparison` says what it means for a claim that microneedling
works; `comparative_claim` reads adjunct and versus claims from the comparison they are about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tracker.evidence.cues import (
    ALONE,
    BETTER,
    BETTER_WITH,
    BETWEEN,
    COMBINATION,
    EQUAL,
    NEGATIVE,
    NOT_EFFICACY,
    PARAMETER,
    POSITIVE,
    THAN,
    TO_COMPARATOR,
    WORSE,
    clauses,
    negated_cue,
)
from tracker.evidence.labels import Direction
from tracker.evidence.relevance import MICRONEEDLING
from tracker.evidence.study import ClaimContext, Finding
from tracker.evidence.text import Document, Sentence, negated
from tracker.evidence.vocabulary import CONTROL, OTHER_TREATMENT, terms_pattern

DirectionFinding = Finding[Direction]
Verdict = Literal["pos", "pos_weak", "neg", "lost", "none"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True, slots=True)
class Comparison:
    kind: Literal["better", "equal"]
    first: str  # the winner for "better"
    second: str


def find_comparison(clause: str, doc: Document) -> Comparison | None:
    """A head-to-head statement in the clause: who was better, or that both were alike."""
    worse = WORSE.search(clause)
    better = BETTER.search(clause)
    for match, flipped in ((better, False), (worse, True)):
        if match is None:
            continue
        tail = clause[match.end() :]
        if NOT_EFFICACY.match(tail) or NOT_EFFICACY.match(tail.split(" ", 1)[-1]):
            continue
        than = TO_COMPARATOR.match(tail) or THAN.search(tail)
        if than is None or than.start() > 60:
            continue
        subject = clause[: match.start()]
        obj = tail[than.end() :]
        if negated(clause, match.start(), window=3):
            return Comparison("equal", subject, obj)
        if flipped:
            return Comparison("better", obj, subject)
        return Comparison("better", subject, obj)
    equal = EQUAL.search(clause)
    if equal is None:
        won = BETTER_WITH.search(clause)
        if won is not None and not NOT_EFFICACY.match(won.group("winner")):
            arms = title_arms(doc)
            winner = won.group("winner")
            other = ""
            if arms is not None:
                other = arms[1] if _same_arm(winner, arms[0]) else arms[0]
            return Comparison("better", winner, other)
        return None
    between = BETWEEN.search(clause)
    if between is not None:
        return Comparison("equal", between.group("a"), between.group("b"))
    first, second = clause[: equal.start()], clause[equal.end() :]
    if re.search(r"\b(?:both|the two|either|groups|sides|arms|regimens|modalities)\b", first):
        arms = title_arms(doc)
        if arms is not None:
            return Comparison("equal", *arms)
    if " and " in first:
        # "Microneedling and the peel were equally effective": the two arms are the subject.
        left, right = first.rsplit(" and ", 1)
        return Comparison("equal", left, right)
    return Comparison("equal", first, second)


def title_arms(doc: Document) -> tuple[str, str] | None:
    if doc.title is None:
        return None
    parts = re.split(r"\bversus\b|\bvs\.?\s|\bcompared (?:with|to)\b", doc.title.lower, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _same_arm(text: str, arm: str) -> bool:
    """Whether two mentions name the same kind of treatment (microneedling, laser or peel...)."""
    return has_mn(text) == has_mn(arm) and bool(OTHER_TREATMENT.search(text)) == bool(
        OTHER_TREATMENT.search(arm)
    )


def has_mn(text: str) -> bool:
    return bool(MICRONEEDLING.search(text) or _MN_SHORT.search(text))


# The abbreviations papers define for the procedure: MN, FMR, MRF, RFMN, FMRF, PCI, CIT.
_MN_SHORT = _rx(r"\bmn\b|\bmicroneedl|\b(?:f?mn?rf?|rfmn|fmnrf|mfr|fmr|pci|cit)\b")


def is_control(text: str) -> bool:
    return bool(CONTROL.search(text)) or (bool(ALONE.search(text)) and not has_mn(text))


def generic_comparison(c: Comparison) -> Verdict:
    """A comparison read for a claim that microneedling works (not a comparative claim)."""
    first_mn, second_mn = has_mn(c.first), has_mn(c.second)
    if c.kind == "better":
        if first_mn:
            return "pos"
        if second_mn and is_control(c.first):
            return "neg"
        if second_mn:
            return "lost"  # another active treatment did better; microneedling may still work
        return "none"
    if (first_mn and is_control(c.second)) or (second_mn and is_control(c.first)):
        return "neg"
    if first_mn or second_mn:
        return "pos_weak"
    if is_control(c.first) or is_control(c.second):
        return "neg"
    return "none"


def comparative_claim(
    doc: Document, conclusion: Sequence[Sentence], claim: ClaimContext
) -> DirectionFinding | None:
    """Read an adjunct or versus claim from the head-to-head comparison it is about."""
    search_order = list(conclusion) + [
        s for s in doc.in_sections("results", "body") if s not in conclusion
    ]
    if doc.title is not None:
        search_order.append(doc.title)
    if claim.asserts == "adjunct":
        named = terms_pattern(claim.adjunct_terms)
        studied = named is not None and any(named.search(s.lower) for s in doc.all())
    else:
        named = _with_abbreviations(doc, claim.comparator_terms)
        studied = True
    if named is None:
        return None
    for sentence in search_order:
        verdicts = {
            _adjunct_clause(clause, doc, named, studied)
            if claim.asserts == "adjunct"
            else _versus_clause(clause, doc, named)
            for clause in _resolve_pronouns(clauses(sentence.lower), named)
        } - {None}
        if verdicts:
            where = "" if sentence in conclusion else "-outside-conclusion"
            value: Direction = "mixed" if len(verdicts) > 1 else verdicts.pop()  # type: ignore[assignment]
            return Finding(value, "text", sentence.text, f"text:comparison{where}")
    return None


def _resolve_pronouns(clauses: list[str], named: re.Pattern[str]) -> list[str]:
    """ "Adding PRP did not help, but it improved satisfaction": "it" is the treatment named."""
    resolved: list[str] = []
    for clause in clauses:
        pronoun = re.match(r"\s*(?:it|they)\b", clause)
        previous = named.search(resolved[-1]) if resolved and pronoun else None
        if pronoun and previous:
            clause = previous.group(0) + clause[pronoun.end() :]
        resolved.append(clause)
    return resolved


def _adjunct_clause(
    clause: str, doc: Document, adjunct: re.Pattern[str], adjunct_study: bool
) -> Direction | None:
    """Microneedling plus the adjunct against microneedling alone: better supports, equal not."""

    def with_adjunct(text: str) -> bool:
        return bool(adjunct.search(text)) or (adjunct_study and bool(COMBINATION.search(text)))

    comparison = find_comparison(clause, doc)
    if comparison is not None:
        first, second = with_adjunct(comparison.first), with_adjunct(comparison.second)
        if first != second:
            if comparison.kind == "equal":
                return "no_effect"
            return "supports" if first else "no_effect"
    if adjunct.search(clause):
        negative = NEGATIVE.search(clause)
        if negative is not None and adjunct.search(clause[: negative.start()]):
            return "no_effect"
        positive = POSITIVE.search(clause)
        if (
            positive is not None
            and (
                re.search(r"\b(?:adding|addition of|combin\w*|plus)\b", clause)
                or adjunct.search(clause[: positive.start()])  # the adjunct is the subject
            )
            and not negated_cue(clause, positive.start())
            and re.search(r"\b(?:improv|enhanc|augment|better|superior|greater|more)", clause)
        ):
            return "supports"
    return None


def _versus_clause(clause: str, doc: Document, comparator: re.Pattern[str]) -> Direction | None:
    """Microneedling against the comparator: equal or better supports, worse does not."""
    comparison = find_comparison(clause, doc)
    if comparison is None:
        return None

    def arm(text: str) -> tuple[bool, bool]:
        mn, other = has_mn(text), bool(comparator.search(text))
        return mn and not other, other and not mn

    first_mn, first_other = arm(comparison.first)
    second_mn, second_other = arm(comparison.second)
    if comparison.kind == "equal" and ((first_mn and second_other) or (second_mn and first_other)):
        return "supports"
    if comparison.kind == "better":
        if first_mn and second_other:
            return "supports"
        if first_other and second_mn:
            return "no_effect"
    return None


def _with_abbreviations(doc: Document, terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """The claim's terms plus the abbreviations the abstract defines for them ("(QSNY)")."""
    named = terms_pattern(terms)
    if named is None:
        return None
    short = sorted(
        {
            match.group("short")
            for sentence in doc.all()
            for match in _DEFINED.finditer(sentence.lower)
            if named.search(match.group("long")) and not has_mn(match.group("long"))
        }
    )
    if not short:
        return named
    return re.compile(named.pattern + "|" + "|".join(rf"\b{re.escape(a)}\b" for a in short))


_DEFINED = _rx(r"(?P<long>(?:[\w:/.-]+ ){1,5}?[\w:/.-]+) \((?P<short>[a-z][a-z0-9:-]{1,9})\)")


def null_against_control(comparison: Comparison, doc: Document) -> bool:
    """Whether an equality that names no arm compares microneedling with a control.

    Its arms are then the trial's: those of the title when it names two, else the control.
    """
    arms = (comparison.first, comparison.second)
    if any(has_mn(arm) or is_control(arm) or OTHER_TREATMENT.search(arm) for arm in arms):
        return False
    titled = title_arms(doc)
    return titled is None or any(is_control(arm) for arm in titled)


def about_parameter(clause: str, comparison: Comparison) -> bool:
    """Whether a comparison sets settings of the procedure against each other."""
    if comparison.kind != "equal" and not NEGATIVE.search(clause):
        return False
    arms = (comparison.first, comparison.second)
    if any(is_control(arm) or OTHER_TREATMENT.search(arm) for arm in arms):
        return False
    return bool(PARAMETER.search(clause))
