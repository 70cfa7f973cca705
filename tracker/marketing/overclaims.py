"""Wording no study could back, and the words that make a sentence a health claim at all.

Overclaims are flagged beside a sentence's rating whatever the evidence says: a treatment
with well-supported benefits still cannot promise them permanently, to everyone, painlessly,
or "in one session". Each pattern has the label shown to the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker.marketing.cues import words

OVERCLAIMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("permanent", words(r"permanent(?:ly)?|forever|for good|lifelong|life-long|never come back")),
    (
        "no risk",
        words(
            r"no risks?|zero risks?|risk[\s-]?free|without (?:any )?risks?|no side[\s-]?effects?"
            r"|completely safe|totally safe|100\s?% safe|perfectly safe|absolutely safe"
        ),
    ),
    ("guaranteed", words(r"guarantee[ds]?|guaranteeing|promise[ds]? results?")),
    (
        "all skin types",
        words(
            r"(?:all|every|any) (?:skin )?(?:types?|tones?|colou?rs?|complexions?)"
            r"|(?:all|every|any) skin|everyone|everybody|all ethnicit\w*|fitzpatrick (?:i|1)"
            r"\s*(?:-|to)\s*(?:vi|6)"
        ),
    ),
    ("painless", words(r"painless(?:ly)?|pain[\s-]?free|no pain|doesn't hurt|does not hurt")),
    (
        "numeric promise",
        re.compile(
            r"\d+(?:[.,]\d+)?\s?%|(?<![\w'])(?:in|after|with|from)\s+(?:just\s+|only\s+)?"
            r"(?:one|a single|1|two|2|a|one single)\s+(?:session|treatment|visit|appointment)s?"
            r"(?![\w'])|(?<![\w'])(?:results?|difference|improvements?|changes?)\s+(?:visible\s+)?"
            r"(?:in|within|after)\s+(?:just\s+|only\s+)?(?:\d+|one|two|three|a few|a couple of)"
            r"\s+(?:hours?|days?|weeks?)(?![\w'])|(?<![\w'])in (?:just |only )?(?:\d+|one|two"
            r"|three) (?:days?|hours?|weeks?)(?![\w'])"
        ),
    ),
    ("instant results", words(r"instant(?:ly)?|overnight results?|immediate results?")),
    ("cure", words(r"cures?|cured|curing|miracle|magic")),
)

# A sentence with one of these words claims a health effect, tracked or not.
HEALTH_CLAIM = words(
    r"treats?|treated|treating|cures?|cured|curing|improv(?:e|es|ed|ing|ement|ements)"
    r"|reduc(?:e|es|ed|ing|tion)|remov(?:e|es|ed|ing|al)|heals?|healed|healing|fix(?:es|ed|ing)?"
    r"|safe(?:ly|r|st)?|safety|eliminat\w+|boost\w*|repair\w*|restor\w+|fad(?:e|es|ed|ing)"
    r"|eras(?:e|es|ed|ing)|prevent\w*|revers\w+|rejuvenat\w+|tighten\w*|regrow\w*|reliev\w+"
    r"|relief|diminish\w*|minimi[sz]\w+|stimulat\w+|banish\w*|get rid of|goodbye to|effective"
    r"|detox\w*|lighten\w*|brighten\w*|shrink\w*|plump\w*|clears?|clearer|smooth(?:s|es|ed)"
    r"|anti[\s-]?(?:aging|ageing|wrinkle|acne|blemish)|combat\w*|fights?|helps? with"
)


def overclaims(folded: str) -> tuple[str, ...]:
    """The overclaim labels a folded sentence earns, in the order of the table above."""
    return tuple(label for label, pattern in OVERCLAIMS if pattern.search(folded))


# A second claim in a sentence starts at a semicolon, or at a conjunction before a verb of
# effect ("helps stretch marks and is said to cure cellulite"); commas only separate the
# items of one claim ("plumper, firmer skin and diminished fine lines").
_CLAUSE = re.compile(
    r";|(?<![\w'])(?:and|or|but|while|plus)(?=(?:\s+[\w'-]+){0,3}?\s+(?:is|are|can|will|may"
    r"|also|even|" + HEALTH_CLAIM.pattern + r"))"
)
# A clause about "them" or "it" speaks of what the sentence already named.
_BACK_REFERENCE = re.compile(r"(?<![\w'])(?:it|its|them|they|these|those|this)(?![\w'])")
# "we never treat inflamed spots", "avoid treating": no claim of an effect.
_DENIED = re.compile(
    r"(?:never|not|no|don't|do not|won't|avoid|avoiding|without|n't)\s+(?:\w+\s+)?$"
)


def makes_health_claim(folded: str) -> bool:
    return HEALTH_CLAIM.search(folded) is not None


def untracked_health_claim(folded: str, covered: Iterable[tuple[int, int]]) -> bool:
    """Whether a clause of the sentence claims a health effect where no tracked claim's words
    are ("helps stretch marks and is said to cure cellulite": the second clause)."""
    spans = list(covered)
    start = 0
    for end in [m.start() for m in _CLAUSE.finditer(folded)] + [len(folded)]:
        clause = folded[start:end]
        claimed = [
            m for m in HEALTH_CLAIM.finditer(clause) if not _DENIED.search(clause[: m.start()])
        ]
        tracked = any(a < end and start < b for a, b in spans)
        if claimed and not tracked and not (spans and _BACK_REFERENCE.search(clause)):
            return True
        start = end
    return False
