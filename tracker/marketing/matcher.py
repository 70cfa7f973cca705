"""Which tracked claims a sentence asserts, and whether it asserts the claim or its opposite.

The words come from the claim files: `marketing_phrases` and the `[check]` table (`treats`,
`boosts`, `denies`, `mild`, `phrases`, `opposite_phrases`, `ambiguous`), an adjunct claim's
`adjunct_terms`, a versus claim's `comparator_terms`, a safety claim's `harm_terms`. What the
sentence does with a word is read from the shared cues (`tracker.marketing.cues`):

- a problem the claim says microneedling treats ("acne scars") is asserted when it is named,
  reduced, treated or denied ("reduces acne scars", "no more pitted scars"); its opposite when
  the procedure is said to cause or worsen it, or not to help it ("won't fix keloids");
- something the claim says it boosts ("collagen") needs a cue: "boosts collagen" asserts the
  claim, "reduces collagen production" its opposite; a bare mention asserts nothing;
- a harm a safety claim denies ("hyperpigmentation") asserts the claim when denied ("no risk
  of", "without", "is rare") and its opposite when caused or risked ("can cause", "a risk
  of"); a sentence that treats the harm ("fades hyperpigmentation") is another claim's;
- a mild side effect ("redness") asserts a safety claim when called mild or brief, its
  opposite when called severe or lasting;
- a phrase asserts the claim as it stands, its opposite when negated.

A cause other than the procedure ("acne can leave scars", "with age, skin loses collagen") is
background: a problem so named still counts as mentioned, a boost or a harm does not count.
Sentences that tell who should not be treated ("not suitable for people prone to keloids")
assert no efficacy claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tracker.claims import ClaimDefinition
from tracker.marketing import cues

Kind = Literal["treats", "boosts", "denies", "mild", "phrase", "opposite", "adjunct", "comparator"]
Asserts = Literal["claim", "opposite"]
# How a reading came about; a safety claim read from a treating verb ("fades
# hyperpigmentation") gives way to an efficacy claim on the same words.
Style = Literal["cue", "mention", "treating"]

_EFFICACY_KINDS = frozenset({"treats", "boosts", "phrase", "opposite", "adjunct", "comparator"})
_HARM_KINDS = frozenset({"denies", "mild"})
# Earlier kinds win a tie between two hits of one claim on the same words.
_KIND_ORDER: tuple[Kind, ...] = (
    "opposite", "denies", "mild", "treats", "boosts", "comparator", "adjunct", "phrase"
)  # fmt: skip
_LEFT_REACH = 8  # words between a governing cue and what it governs

COMPARE_CLAIM = cues.words(
    r"better than|more effective than|as effective as|as good as|just as (?:good|effective)"
    r"|comparable (?:to|with)|similar (?:to|results to)|equal to|rivals?|rivall?ing"
    r"|outperform\w*|beats?|superior to|alternative to|instead of|rather than|unlike"
    r"|compared (?:to|with)|versus|vs\.?|over|without the (?:\w+ )?(?:downtime|risks?|cost"
    r"|side effects|heat|damage|pain) of|gentler than|safer than|as well as|like (?:a|an)"
    r"|replaces?|replacement for|no need for|than|in place of|swap\w*|switch\w*|ditch\w*"
    r"|skip\w*|(?:all )?the results of(?: a| an)?|results of(?: a| an)?"
)
COMPARE_OPPOSITE = cues.words(
    r"less effective than|not as (?:good|effective) as|inferior to|worse than|weaker than"
    r"|no substitute for|no match for|can't (?:match|replace|compete with)"
    r"|cannot (?:match|replace|compete with)|doesn't replace|does not replace"
)
CONTRAINDICATION = cues.words(
    r"not suitable|unsuitable|not recommended|not advised|not advisable|should avoid"
    r"|not be suitable|not be recommended|(?:isn't|is not|aren't) (?:suitable|recommended)"
    r"|avoid (?:microneedling|treatment|this treatment|it)|avoid if|should not (?:have|get"
    r"|undergo|be treated|book)|shouldn't|must not|contraindicat\w*|not (?:a |an )?(?:good |"
    r"suitable |ideal )?candidates?|not for (?:anyone|people|those|you|patients|clients)"
    r"|(?:wait|postpone|delay) (?:until|if)|history of|prone to|active (?:acne|infection"
    r"|eczema|psoriasis|rosacea|breakouts|cold sores|herpes|flare)|who should not"
    r"|please (?:tell|inform) us|requires? (?:an? )?(?:assessment|consultation) before"
    r"|(?:don't|do not|dont|never) (?:microneedle|needle|use|treat|roll)\w*(?: \w+)? if"
    r"|tendency to (?:form|develop|get)"
)
NO_EVIDENCE = cues.words(
    r"no (?:good |strong |clear |reliable |real |solid |scientific |clinical )?evidence"
    r"|not (?:been )?(?:proven|shown)|unproven|no proof|little evidence"
)
_ADJACENT_UP = re.compile(
    r"(?:more|new|fresh|extra|increased|higher|greater|better|deeper|faster|improved|enhanced"
    r"|boosted|stronger|thicker|fuller|denser|healthier|firmer|youthful)\s+$"
)
_ADJACENT_DOWN = re.compile(
    r"(?:less|fewer|reduced|lower|decreased|diminished|minimal|no|zero|without|smaller"
    r"|shallower|lighter|softer|minimi[sz]ed|faded|free of|free from)\s+$"
)
# A word that says its own direction ("hair growth", "new collagen", "thicker hair").
_SELF_UP = re.compile(
    r"(?<![\w'])(?:growth|regrowth|production|synthesis|formation|new|more|thicker|fuller"
    r"|firmer|plumper|boost\w*|stimulat\w*|restor\w*|increas\w*|younger|smoother)(?![\w'])"
)
_RISK_SUFFIX = re.compile(r"[\s-]*risks?(?![\w'])")
# "lasers still work better": the other treatment wins.
_BETTER_AFTER = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:(?:work|works|are|is|do|does|perform|performs)\s+(?:\w+\s+)?"
    r"better|outperform\w*|beats?|(?:are|is) (?:more effective|superior))(?![\w'])"
)
_LIKE_SUFFIX = re.compile(r"[\s-]*like(?![\w'])")
_BY_AGENT = re.compile(r"\s*by\s+(?P<agent>[\w' -]{0,40})")


@dataclass(frozen=True, slots=True)
class Reading:
    """What a sentence asserts about one claim, and the words that said it."""

    claim_id: str
    asserts: Asserts
    words: tuple[str, ...]
    ambiguous: bool  # only through words that need the claim named elsewhere in the text
    spans: tuple[tuple[int, int], ...] = ()  # where the words are in the folded sentence
    terms: tuple[str, ...] = ()  # the claim-file terms that matched


@dataclass(frozen=True, slots=True)
class _Hit:
    claim_id: str
    kind: Kind
    start: int  # in the sentence's folded text
    end: int
    term: str
    ambiguous: bool
    safety: bool  # the claim denies a harm


@dataclass(frozen=True, slots=True)
class _Result:
    hit: _Hit
    asserts: Asserts
    style: Style


def term_regex(term: str) -> str:
    """A claim-file term as a regex: `*` at a word's edge for any letters, flexible spacing,
    an optional apostrophe, and "microneedling" for any name of the procedure."""
    parts = []
    for word in re.split(r"[\s-]+", term.casefold().strip()):
        if not word:
            continue
        if word.strip("*") in ("microneedling", "microneedle"):
            parts.append(f"(?:{cues.PROCEDURE_RE})")
            continue
        head = r"\w*" if word.startswith("*") else ""
        tail = r"\w*" if word.endswith("*") else ""
        body = re.escape(word.strip("*")).replace("'", "'?")
        parts.append(f"{head}{body}{tail}")
    return r"[\s/,-]*".join(parts)


@dataclass(frozen=True, slots=True)
class _Pattern:
    claim_id: str
    kind: Kind
    regex: re.Pattern[str]
    terms: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def build(cls, claim_id: str, kind: Kind, terms: Iterable[str]) -> _Pattern | None:
        unique = sorted({t.casefold().strip() for t in terms if t.strip()}, key=len, reverse=True)
        if not unique:
            return None
        each = tuple((t, re.compile(term_regex(t))) for t in unique)
        joined = "|".join(term_regex(t) for t in unique)
        return cls(claim_id, kind, re.compile(rf"(?<![\w'])(?:{joined})(?![\w'])"), each)

    def term_of(self, text: str) -> str:
        return next((term for term, p in self.terms if p.fullmatch(text)), text)


class ClaimMatcher:
    """The claims' words compiled once; `read` finds the claims in folded sentences."""

    def __init__(self, claims: Sequence[ClaimDefinition]) -> None:
        self.claims = {claim.id: claim for claim in claims}
        self._patterns: list[_Pattern] = []
        self._ambiguous: dict[str, frozenset[str]] = {}
        for claim in claims:
            check = claim.check
            self._ambiguous[claim.id] = frozenset(t.casefold() for t in check.ambiguous)
            denies = check.denies or (claim.harm_terms if claim.asserts == "safety" else ())
            lists: list[tuple[Kind, Iterable[str]]] = [
                ("treats", check.treats),
                ("boosts", check.boosts),
                ("denies", denies),
                ("mild", check.mild),
                ("phrase", (*claim.marketing_phrases, *check.phrases)),
                ("opposite", check.opposite_phrases),
            ]
            if claim.asserts == "adjunct":
                lists.append(("adjunct", claim.adjunct_terms))
            if claim.asserts == "versus":
                lists.append(("comparator", claim.comparator_terms))
            for kind, terms in lists:
                pattern = _Pattern.build(claim.id, kind, terms)
                if pattern is not None:
                    self._patterns.append(pattern)

    def read(self, sentences: Sequence[str]) -> list[list[Reading]]:
        """The readings of each folded sentence of one text, ambiguity settled over the text.

        A claim's ambiguous words count only when the text names the claim by other words.
        A word another claim lists as ambiguous ("scars") is shared: it counts for a claim
        the text does not otherwise name only while no claim sharing it is named ("scars" in
        a page about burn scars is not a claim about acne scars).
        """
        readings = [self._read_sentence(sentence) for sentence in sentences]
        named = {
            r.claim_id
            for sentence in readings
            for r in sentence
            if any(
                not self._ambiguous_for(r.claim_id, t) and not self._shared(r.claim_id, t)
                for t in r.terms
            )
        }

        def kept(reading: Reading) -> bool:
            if reading.claim_id in named:
                return True
            if reading.ambiguous:
                return False
            sharers = {
                other
                for term in reading.terms
                for other, words in self._ambiguous.items()
                if other != reading.claim_id and term in words
            }
            shared = all(self._shared(reading.claim_id, t) for t in reading.terms)
            return not (shared and sharers & named)

        return [[r for r in sentence if kept(r)] for sentence in readings]

    def _ambiguous_for(self, claim_id: str, term: str) -> bool:
        return term in self._ambiguous.get(claim_id, frozenset())

    def _shared(self, claim_id: str, term: str) -> bool:
        return any(term in words for other, words in self._ambiguous.items() if other != claim_id)

    # --- one sentence ---------------------------------------------------------------------

    def _hits(self, text: str) -> list[list[_Hit]]:
        procedure = [(m.start(), m.end()) for m in cues.PROCEDURE.finditer(text)]
        hits = []
        for pattern in self._patterns:
            for match in pattern.regex.finditer(text):
                start, end = match.span()
                # A claim's word inside the procedure's name ("collagen induction therapy").
                if any(p <= start and end <= q for p, q in procedure):
                    continue
                term = pattern.term_of(match.group(0))
                hits.append(
                    _Hit(
                        pattern.claim_id,
                        pattern.kind,
                        start,
                        end,
                        term,
                        term in self._ambiguous.get(pattern.claim_id, frozenset()),
                        self.claims[pattern.claim_id].asserts == "safety",
                    )
                )
        return _grouped(hits)

    def _read_sentence(self, text: str) -> list[Reading]:
        hits = self._hits(text)
        contraindicated = CONTRAINDICATION.search(text) is not None
        # In a warning, only what the procedure itself is said to do counts ("needling can
        # trigger keloids"); the conditions listed are not claims either way.
        warns = contraindicated and _procedure_acts(text)
        results = []
        for group in hits:
            result = next(filter(None, (_read_hit(text, hit) for hit in group)), None)
            if result is None:
                continue
            hit = result.hit
            # Who should not be treated names conditions without claiming a benefit for them;
            # a warning in the same sentence ("it can trigger keloids") still counts.
            if (
                contraindicated
                and hit.kind in _EFFICACY_KINDS
                and not hit.safety
                and (result.asserts == "claim" or not warns)
            ):
                continue
            results.append(_unproven(text, result))
        results = _settle(results)
        merged: dict[tuple[str, Asserts], list[_Result]] = {}
        for result in results:
            merged.setdefault((result.hit.claim_id, result.asserts), []).append(result)
        return [
            Reading(
                claim_id,
                asserts,
                tuple(dict.fromkeys(text[r.hit.start : r.hit.end] for r in group)),
                all(r.hit.ambiguous for r in group),
                tuple((r.hit.start, r.hit.end) for r in group),
                tuple(dict.fromkeys(r.hit.term for r in group)),
            )
            for (claim_id, asserts), group in sorted(merged.items())
        ]


def _procedure_acts(text: str) -> bool:
    """Whether the procedure is the subject of a verb of effect ("needling can trigger")."""
    for agent in cues.TREATING_AGENT.finditer(text):
        following = text[agent.end() : agent.end() + 40]
        window = " ".join(cues.WORD.findall(following)[:4])
        if any(p.search(window) for p in (cues.UP, cues.DOWN, cues.AFFIRM)):
            return True
    return False


def _unproven(text: str, result: _Result) -> _Result:
    """Under "there is no evidence that ...", what follows is denied: a claim becomes its
    opposite and an opposite ("no evidence it causes scarring") the claim. A claim named just
    before, with no verb of its own ("for eczema, however, there is no good evidence"), too."""
    marker = NO_EVIDENCE.search(text)
    if marker is None:
        return result
    hit = result.hit
    if hit.start < marker.start():
        before = text[_clause_start(text, hit.start) : marker.start()]
        if any(p.search(before) for p in (cues.AFFIRM, cues.DOWN, cues.UP)):
            return result
    flipped: Asserts = "opposite" if result.asserts == "claim" else "claim"
    return _Result(hit, flipped, result.style)


def _grouped(hits: list[_Hit]) -> list[list[_Hit]]:
    """Overlapping hits of one claim as one group, best first: a word whose direction is read
    from its cue before a fixed phrase over the same words ("does not get rid of ice pick
    scars"), then the longer; the next is tried when the best reads nothing ("hair" alone
    says nothing, "hair restoration" does). Across claims, a group inside a longer wording of
    another claim gives way ("scars" in "hypertrophic scars", "hair" in "damages hair
    follicles")."""
    ranked = sorted(
        hits,
        key=lambda h: (h.kind == "phrase", -(h.end - h.start), _KIND_ORDER.index(h.kind), h.start),
    )
    groups: list[list[_Hit]] = []
    for hit in ranked:
        group = next(
            (
                g
                for g in groups
                if g[0].claim_id == hit.claim_id
                and any(hit.start < o.end and o.start < hit.end for o in g)
            ),
            None,
        )
        if group is None:
            groups.append([hit])
        else:
            group.append(hit)

    def span(group: list[_Hit]) -> tuple[int, int]:
        return min(h.start for h in group), max(h.end for h in group)

    def inside_longer(group: list[_Hit]) -> bool:
        start, end = span(group)
        for other in groups:
            if other[0].claim_id == group[0].claim_id:
                continue
            o_start, o_end = span(other)
            if o_start <= start and end <= o_end and (o_end - o_start) > (end - start):
                return True
        return False

    kept = [group for group in groups if not inside_longer(group)]
    return sorted(kept, key=lambda g: (span(g)[0], g[0].claim_id))


def _settle(results: list[_Result]) -> list[_Result]:
    """A harm denied or caused is the safety claim's; a harm treated is the efficacy claim's."""
    safety = [r for r in results if r.hit.kind in _HARM_KINDS and r.style != "treating"]
    efficacy = [r for r in results if r.hit.kind not in _HARM_KINDS]

    def overlaps(a: _Hit, b: _Hit) -> bool:
        return a.start < b.end and b.start < a.end

    kept = []
    for result in results:
        hit = result.hit
        if (
            hit.kind in _HARM_KINDS
            and result.style == "treating"
            and any(overlaps(hit, other.hit) for other in efficacy)
        ):
            continue
        if hit.kind in ("treats", "boosts", "phrase") and any(
            overlaps(hit, other.hit) and other.hit.claim_id != hit.claim_id for other in safety
        ):
            continue
        kept.append(result)
    return kept


# --- reading one hit -----------------------------------------------------------------------


def _clause_start(text: str, position: int) -> int:
    start = 0
    for match in cues.CLAUSE_BREAK.finditer(text, 0, position):
        start = match.end()
    return start


def _clause_end(text: str, position: int) -> int:
    match = cues.CLAUSE_BREAK.search(text, position)
    return match.start() if match else len(text)


@dataclass(frozen=True, slots=True)
class _Cue:
    move: cues.Move
    negated: bool
    background: bool
    other_treatment: bool = False  # the cue's subject is another treatment ("IPL can trigger")


def _background(text: str, hit: _Hit, zone: str) -> bool:
    """Whether the cue is about a cause other than the procedure (acne, age, lasers)."""
    if cues.TREATING_AGENT.search(zone):
        return False
    if cues.OTHER_AGENT.search(zone):
        return True
    outside = text[: hit.start] + " " + text[hit.end :]
    return bool(cues.AGEING.search(outside)) and not cues.PROCEDURE.search(outside)


def _left_cue(text: str, hit: _Hit, start: int, end: int) -> _Cue | None:
    """The nearest cue left of `start` in the clause, its negation and its subject."""
    clause = _clause_start(text, start)
    found: tuple[int, int, cues.Move] | None = None
    for move, pattern in (("affirm", cues.AFFIRM), ("down", cues.DOWN), ("up", cues.UP)):
        for match in pattern.finditer(text, clause, start):
            candidate = (match.start(), match.end(), move)
            if found is None or candidate[0] > found[0]:
                found = candidate  # type: ignore[assignment]
    if found is None:
        return None
    cue_start, cue_end, move = found
    between = cues.WORD.findall(text[cue_end:start])
    if len(between) > _LEFT_REACH:
        return None
    if len(between) > 1 and cues.SETTING.search(" ".join(between)):
        return None  # the cue acts on another word; this one names where
    before = text[clause:cue_start]
    near = " ".join(cues.WORD.findall(before)[-3:])
    negated = bool(cues.NEGATOR.search(near))
    subject_from = clause
    for match in cues.SUBJECT_BREAK.finditer(text, clause, cue_start):
        subject_from = match.end()
    zone = text[subject_from:cue_start]
    relative = subject_from > clause and cues.RELATIVE.search(text, subject_from - 6, subject_from)
    if relative or not zone.strip():
        zone = text[clause:cue_start]  # "IPL, which can trigger": the subject is before
    other = bool(cues.OTHER_TREATMENT.search(zone)) and not cues.TREATING_AGENT.search(zone)
    return _Cue(move, negated, _background(text, hit, zone), other)


def _predicate(text: str, position: int, hit: _Hit) -> _Cue | None:
    match = cues.PREDICATE.match(text, position, _clause_end(text, position))
    if match is None:
        return None
    move: cues.Move = "affirm"
    for name in ("up", "deny", "down"):
        if match.group(name):
            move = name
            break
    background = _background(text, hit, text[_clause_start(text, hit.start) : position])
    by = _BY_AGENT.match(text, match.end())
    if by is not None:
        background = not cues.TREATING_AGENT.search(by.group("agent"))
    return _Cue(move, bool(match.group("neg")), background)


def _moved(cue: _Cue) -> cues.Move:
    """The direction after negation: "won't cause" lowers, "doesn't reduce" raises."""
    if not cue.negated or cue.move == "affirm":
        return cue.move
    return "deny" if cue.move == "up" else "up"


def _read_hit(text: str, hit: _Hit) -> _Result | None:
    if hit.kind in _HARM_KINDS:
        return _read_harm(text, hit)
    if hit.kind == "comparator":
        return _read_comparison(text, hit)
    if hit.kind in ("phrase", "opposite", "adjunct"):
        return _read_phrase(text, hit)
    return _read_effect(text, hit)


def _read_effect(text: str, hit: _Hit) -> _Result | None:
    """A problem treated or a gain boosted, from the cue that governs it."""
    wanted: cues.Move = "down" if hit.kind == "treats" else "up"
    position = hit.end
    suffix: cues.Move | None = None
    if (down := cues.SUFFIX_DOWN.match(text, position)) is not None:
        wanted = "up" if wanted == "down" else "down"  # "collagen loss" is a problem
        suffix, position = "down", down.end()
    elif (up := cues.SUFFIX_UP.match(text, position)) is not None:
        suffix, position = "up", up.end()
    if cues.AS_CAUSE.search(text[_clause_start(text, hit.start) : hit.start]):
        # "visible veins caused by rosacea": named as a cause, the problem is still named.
        return _Result(hit, "claim", "mention") if hit.kind == "treats" else None
    cue = _predicate(text, position, hit) or _left_cue(text, hit, hit.start, hit.end)
    if cue is not None and cue.background:
        # "Acne can leave scars" still names the problem; "IPL can trigger it" is about IPL.
        mention = hit.kind == "treats" and not suffix and not cue.other_treatment
        return _Result(hit, "claim", "mention") if mention else None
    if cue is not None and hit.kind == "boosts" and hit.safety:
        # "safe for darker skin": only a word of approval asserts a safety claim's setting.
        if cue.move != "affirm":
            return None
        return _Result(hit, "opposite" if cue.negated else "claim", "cue")
    if cue is not None:
        move = _moved(cue)
        move = "down" if move == "deny" else move
        if move == "affirm":
            return _Result(hit, "opposite" if cue.negated else "claim", "cue")
        return _Result(hit, "claim" if move == wanted else "opposite", "cue")
    left = text[_clause_start(text, hit.start) : hit.start]
    adjacent: cues.Move | None = (
        "up" if _ADJACENT_UP.search(left) else "down" if _ADJACENT_DOWN.search(left) else None
    )
    if adjacent is None and suffix is not None:
        # "wrinkle reduction", "collagen production": the noun says which way it went; a
        # noun of the other way ("collagen loss") says nothing about the procedure.
        base: cues.Move = "down" if hit.kind == "treats" else "up"
        return _Result(hit, "claim", "cue") if suffix == base else None
    if adjacent is not None:
        return _Result(hit, "claim" if adjacent == wanted else "opposite", "cue")
    if hit.kind == "treats" and suffix is None:
        if cues.OTHER_TREATMENT.search(text) and not cues.TREATING_AGENT.search(text):
            return None  # "lasers work better for deep wrinkles" is about lasers
        return _Result(hit, "claim", "mention")
    if hit.kind == "boosts" and suffix is None and _SELF_UP.search(text[hit.start : hit.end]):
        return _Result(hit, "claim", "mention")  # "hair growth", "new collagen"
    return None


def _read_harm(text: str, hit: _Hit) -> _Result | None:
    """A harm a safety claim denies, or a side effect it calls mild."""
    clause = _clause_start(text, hit.start)
    left = text[clause : hit.start]
    position = hit.end
    if (risk := _RISK_SUFFIX.match(text, position)) is not None:
        position = risk.end()
    if cues.SUFFIX_FREE.match(text, position) or cues.DENY_BEFORE.search(left):
        return _Result(hit, "claim", "cue")
    if cues.AS_CAUSE.search(left):
        return None  # "uneven skin caused by old breakouts": a cause, not an effect
    risk_of = cues.RISK_OF.search(left)
    if risk_of is not None:
        risk_start = clause + risk_of.start()
        if cues.DENY_BEFORE.search(text[clause:risk_start]):
            return _Result(hit, "claim", "cue")
        said = _predicate(text, position, hit)
        if said is not None and _moved(said) in ("deny", "down"):
            return _Result(hit, "claim", "cue")  # "the risk of PIH is much lower"
        zone = text[clause:risk_start]
        if cues.OTHER_TREATMENT.search(zone) and not cues.PROCEDURE.search(zone):
            return None  # "lasers carry a high risk of PIH" is about lasers
        cue = _left_cue(text, hit, risk_start, hit.end)
        if cue is not None and cue.background:
            return None
        if cue is None or _moved(cue) == "up":
            return _Result(hit, "opposite", "cue")
        return _Result(hit, "claim", "cue")  # "reduces the risk of", "won't raise the risk"
    # The clause without the harm's own words ("scarring" is also a word of severity).
    scope = text[clause : hit.start] + " " + text[hit.end : _clause_end(text, hit.end)]
    predicate = _predicate(text, position, hit)
    if (
        hit.kind == "denies"
        and predicate is None
        and cues.SEVERE.search(scope)
        and _left_cue(text, hit, hit.start, hit.end) is None
    ):
        return _Result(hit, "opposite", "cue")  # "up to a week of downtime"
    if hit.kind == "mild":
        if cues.SEVERE.search(scope) and not predicate:
            return _Result(hit, "opposite", "cue")
        if cues.MILD.search(scope):
            return _Result(hit, "claim", "cue")
    if predicate is not None and not predicate.background:
        move = _moved(predicate)
        if move == "up":
            return None if hit.kind == "mild" else _Result(hit, "opposite", "cue")
        if move == "deny" or (move == "down" and hit.kind == "mild"):
            return _Result(hit, "claim", "cue")  # "scarring is rare", "redness subsides"
        if move == "down":
            return _Result(hit, "claim", "treating")  # "dark spots fade": treated, not avoided
        return None
    cue = _left_cue(text, hit, hit.start, hit.end)
    if cue is None or cue.background:
        return None
    if cue.move == "up":
        if cue.negated:
            return _Result(hit, "claim", "cue")
        return None if hit.kind == "mild" else _Result(hit, "opposite", "cue")
    if cue.negated or hit.kind == "mild":
        return None  # "calms redness" is a claim to treat it, not to cause little of it
    return _Result(hit, "claim", "treating")


def _read_phrase(text: str, hit: _Hit) -> _Result | None:
    """A wording that asserts the claim (or its opposite) as it stands; negation flips it."""
    clause = _clause_start(text, hit.start)
    left = text[clause : hit.start]
    if hit.kind == "adjunct" and re.search(r"(?:without|no|not)\s+(?:\w+\s+)?$", left):
        return None
    # Only a negator right before the phrase: "no bleeding and no downtime" negates nothing.
    near = re.split(r",|(?<![\w'])(?:and|or|&)(?![\w'])", left)[-1]
    negated = bool(cues.NEGATOR.search(" ".join(cues.WORD.findall(near)[-3:])))
    flipped = negated != (hit.kind == "opposite")
    return _Result(hit, "opposite" if flipped else "claim", "cue")


def _read_comparison(text: str, hit: _Hit) -> _Result | None:
    """Another treatment named beside a comparison ("as effective as lasers", "unlike peels")."""
    left = text[: hit.start]
    window = " ".join(cues.WORD.findall(left)[-7:])
    if COMPARE_OPPOSITE.search(window) or _BETTER_AFTER.match(text, hit.end):
        return _Result(hit, "opposite", "cue")
    found = list(COMPARE_CLAIM.finditer(window))
    if found:
        match = found[-1]
        before = " ".join(cues.WORD.findall(window[: match.start()])[-2:])
        negated = bool(cues.NEGATOR.search(before))
        return _Result(hit, "opposite" if negated else "claim", "cue")
    if _LIKE_SUFFIX.match(text, hit.end):
        return _Result(hit, "claim", "cue")
    # "does not cause pigmentation like harsh lasers can": what the others do, it does not.
    like = re.search(r"(?<![\w'])like\s+(?:\w+\s+){0,2}$", left)
    if like is not None and cues.NEGATOR.search(left[: like.start()]):
        return _Result(hit, "claim", "cue")
    return None
