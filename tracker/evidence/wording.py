"""How the grader's reasons and verdict lines read: plain words for labels, never a code.

Only wording lives here; the rules that decide what is said are in `tracker.evidence.grade`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from tracker.evidence.grade_input import EffectiveStudy
from tracker.evidence.labels import DESIGNS, Design, Direction, Indirectness, Polarity, RiskOfBias
from tracker.evidence.profile import Certainty, ExcludedStudy, ExclusionWhy, Reason, VerdictLabel

# How the verdict line and the imprecision reason name the people they counted (rulebook 7).
RATED_CONTROLLED_PEOPLE_LABEL = "people in the rated controlled studies"
RATED_PEOPLE_LABEL = "people in the rated studies"

CERTAINTY_WORDS: dict[Certainty, str] = {
    "high": "high",
    "moderate": "moderate",
    "low": "low",
    "very_low": "very low",
    "insufficient": "insufficient",
}
ROB_WORDS: dict[RiskOfBias, str] = {"low": "low", "some_concerns": "some concerns", "high": "high"}
# What indirect studies do, singular and plural.
INDIRECT_WORDS: dict[Indirectness, tuple[str, str]] = {
    "combination": (
        "tests a combination regimen where microneedling's own effect is not isolated",
        "test combination regimens where microneedling's own effect is not isolated",
    ),
    "surrogate": (
        "reports only laboratory or surrogate outcomes",
        "report only laboratory or surrogate outcomes",
    ),
    "device": ("uses a device that is not skin needling", "use devices that are not skin needling"),
}
NOUNS: dict[Design, tuple[str, str]] = {
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
DIRECTION_WORDS: dict[Polarity, dict[Direction, str]] = {
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
# A direction named on its own (a curator's override).
DIRECTION_NAMES: dict[Direction, str] = {
    "supports": "supports",
    "no_effect": "no effect",
    "harms": "harms",
    "mixed": "mixed",
    "unclear": "unclear",
}


def noun(design: Design, n: int) -> str:
    singular, plural_ = NOUNS[design]
    return singular if n == 1 else plural_


def plural(n: int) -> str:
    return "study" if n == 1 else "studies"


def noun_for(studies: Sequence[EffectiveStudy]) -> str:
    """The noun for a group: the design's own when they share one, else "studies"."""
    designs = {s.design for s in studies}
    if len(designs) == 1:
        return noun(designs.pop(), len(studies))
    return plural(len(studies))


def describe(studies: Sequence[EffectiveStudy]) -> str:
    """E.g. "1 meta-analysis and 4 RCTs", strongest design first."""
    parts = []
    for design in DESIGNS:
        k = sum(1 for s in studies if s.design == design)
        if k:
            parts.append(f"{k} {noun(design, k)}")
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def pmid_list(studies: Sequence[EffectiveStudy]) -> str:
    label = "PMID" if len(studies) == 1 else "PMIDs"
    return f"{label} {', '.join(str(s.pmid) for s in studies)}"


def trim(sentence: str, limit: int) -> str:
    """The sentence on one line, cut at a word before `limit` characters when longer."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    return f"{text[:limit].rsplit(' ', 1)[0]}..."


def people_words(counted: Sequence[EffectiveStudy], controlled: bool) -> str:
    """E.g. "212 people in the rated controlled studies" (known counts only)."""
    known = [s.n_participants for s in counted if s.n_participants is not None]
    if not known:
        return "participant numbers not reported"
    label = RATED_CONTROLLED_PEOPLE_LABEL if controlled else RATED_PEOPLE_LABEL
    return f"{sum(known)} {label.replace('people', 'person', 1) if sum(known) == 1 else label}"


def stated_words(who: Sequence[EffectiveStudy], level: Certainty, limit: int) -> str:
    """E.g. 'PMID 5 rates the certainty of its evidence low: "..."', quoting the first sentence."""
    one = len(who) == 1
    words = f"{pmid_list(who)} {'rates' if one else 'rate'} the certainty of "
    words += f"{'its' if one else 'their'} evidence {CERTAINTY_WORDS[level]}"
    sentence = next((s.stated_certainty_evidence for s in who if s.stated_certainty_evidence), "")
    if sentence.strip():
        words += f': "{trim(sentence, limit)}"'
    return words


def tally(rated: Sequence[EffectiveStudy], label: VerdictLabel, polarity: Polarity) -> str:
    """The end of the verdict line: how many of the rated studies point which way."""
    words = DIRECTION_WORDS[polarity]
    n = len(rated)

    def count(*directions: Direction) -> int:
        return sum(1 for s in rated if s.direction in directions)

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


def excluded_reason(excluded: tuple[ExcludedStudy, ...]) -> Reason:
    """The "excluded" note: how many studies were left out, and why."""
    whys = [w for w in get_args(ExclusionWhy) if any(e.why == w for e in excluded)]
    parts = ", ".join(f"{sum(1 for e in excluded if e.why == w)} {w}" for w in whys)
    return Reason("excluded", f"excluded: {len(excluded)} {plural(len(excluded))} ({parts})")


def override_reason(graded: Sequence[EffectiveStudy]) -> Reason:
    """The "override" note: what the curator changed, study by study."""
    parts = []
    for s in graded:
        changes = []
        for name in s.overridden:
            if name == "included":
                changes.append(
                    "excluded" if s.excluded_because == "curator excluded" else "included"
                )
            elif name == "design":
                changes.append(f"design {noun(s.design, 1)}")
            elif name == "direction":
                changes.append(f"direction {DIRECTION_NAMES[s.direction]}")
            elif name == "n_participants":
                changes.append(
                    f"{s.n_participants} participant{'' if s.n_participants == 1 else 's'}"
                )
            elif s.rob is not None:  # risk of bias
                changes.append(f"risk of bias {ROB_WORDS[s.rob]}")
        if s.curator_note:
            changes.append(f"note: {s.curator_note}")
        if changes:
            parts.append(f"PMID {s.pmid} ({', '.join(changes)})")
    return Reason("override", f"override: curator set {'; '.join(parts)}")
