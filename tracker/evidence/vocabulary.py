"""Words the readers share, defined once: claim terms, treatments, controls and harms.

Claim files declare their own words (topic, comparator, adjunct, harm and outcome terms) as
plain lower-case terms; `terms_pattern` turns such a list into one compiled pattern. The fixed
vocabularies below are the ones every claim shares: what counts as another active treatment,
as a control arm, and as an adverse event.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=256)
def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any of `terms` at word boundaries (None for no terms).

    A `*` at the end of a word matches any ending ("scar*": scars, scarring), at its start any
    beginning ("*pigment*": hyperpigmentation); a space or hyphen between words matches either.
    """
    if not terms:
        return None
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        words = []
        for word in re.split(r"[\s-]+", term):
            head = r"\w*" if word.startswith("*") else ""
            tail = r"\w*" if word.endswith("*") else ""
            words.append(f"{head}{re.escape(word.strip('*'))}{tail}")
        parts.append(r"[\s-]+".join(words))
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


# Other active treatments, compared with microneedling or added to it.
OTHER_TREATMENT = re.compile(
    r"\b(?:nb-?uvb|uvb|phototherapy|lasers?|peels?|peeling|tca|trichloroacetic|prp|prf|platelet\w*|"
    r"minoxidil|finasteride|steroids?|corticosteroids?|triamcinolone|hydroquinone|tranexamic|txa|"
    r"botulinum|toxin|tretinoin|isotretinoin|subcision|fillers?|injections?|creams?|drugs?|"
    r"serum|vitamin c|ascorbic|growth factors?|conditioned medium|stem cells?|exosomes?|"
    r"hyaluronic|insulin|fluorouracil|5-fu|tacrolimus|glycolic|salicylic|jessner\w*|"
    r"radiofrequency|ipl|cryotherapy|dermabrasion|microdermabrasion|mesotherapy|gel|saline)\b"
)
# Arms that receive no active treatment: the comparison that isolates an effect.
CONTROL = re.compile(
    r"\bsham\b|\bplacebo\b|\bvehicle\b|\bcontrols?\b|\buntreated\b|\bno treatment\b|\bsaline\b|"
    r"\bdistilled water\b|\bstandard (?:therapy|treatment|care)\b"
)
