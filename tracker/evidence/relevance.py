"""Does a study evaluate microneedling, the device procedure, for the claim it is linked to?

Three things make a linked record not relevant, each reported with its sentence:
- microneedling is only mentioned in passing (one mention, in a list of alternatives, in a
  review of something else), or not at all;
- the "microneedles" are drug-loaded, dissolving or coated patches, a drug delivery device
  rather than the skin procedure; such studies are relevant only to claims whose file lists
  "patch" among its `devices`;
- the study is about microneedling but never names the claim's topic (its `topic_terms`).

Records that are not relevant stay linked; the grader leaves them out of the grade.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from tracker.evidence.study import ClaimContext, Finding, StudyInput
from tracker.evidence.text import Document, Sentence, read
from tracker.evidence.vocabulary import terms_pattern

Role = Literal["procedure", "patch", "passing", "absent"]

# The procedure under its many names: rollers, pens, stamps, radiofrequency microneedling.
MICRONEEDLING = re.compile(
    r"\bmicro-?\s?needl(?:ing|ed)\b|\b(?:skin|medical|dermal|percutaneous|collagen induction) "
    r"needling\b|(?<!dry )(?<!fire )(?<!warm )(?<!acupuncture )\bneedling\b|\bderma-?\s?"
    r"roll(?:er|ers|ing)\b|\bderma-?\s?pens?\b|\bderma-?\s?stamps?\b|\bcollagen induction\b|"
    r"\bmicro-?needles? (?:radiofrequency|rf|fractional|therapy|treatment|roller|rollers|pen|"
    r"device|stamp|pre-?treatment|pretreated|stimulation|injury)\b|\b(?:radiofrequency|rf) "
    r"micro-?needl|\bfractional(?:ized|ated)? (?:radiofrequency )?micro-?needl|\binsulated "
    r"micro-?needle|\bpre-?treat(?:ed|ment)? (?:with|by) (?:a |an )?(?:[\d.]+[- ]?mm )?"
    r"micro-?needle"
)
# Microneedles as a drug delivery product: patches, dissolving, coated or loaded arrays.
PATCH = re.compile(
    r"\bmicro-?needle (?:array )?patch(?:es)?\b|\bmn patch(?:es)?\b|\b(?:dissolv(?:ing|able)|"
    r"coated|hydrogel-forming|hydrogel|polymer(?:ic)?|hollow|separable|biodegradable|swellable|"
    r"porous|drug-loaded|[a-z]+-loaded|soluble) micro-?needles?\b|\bmicro-?needle arrays?\b|"
    r"\bmicro-?needles? (?:loaded|containing|encapsulating|composed|fabricated|made|array)\b|"
    r"\bmicro-?array patch(?:es)?\b"
)
_BARE_MICRONEEDLE = re.compile(r"\bmicro-?needles?\b")
# Words next to a single mention that show the procedure is what the sentence is about.
_INTERVENTION_BEFORE = re.compile(
    r"\b(?:treated|underwent|undergoing|received|receiving|sessions? of|pre-?treated|"
    r"pretreatment|performed|applied|delivered (?:by|with|through|via)|assisted by|"
    r"(?:followed|preceded) by)\b(?:\s+[\w.,-]+){0,4}\s*$"
)
_INTERVENTION_AFTER = re.compile(
    r"^(?:\s*,[^,;]{0,80},)?(?:\s+[\w-]+){0,3}\s+(?:was|were|is|are|has|have) (?:an? |the )?"
    r"(?:\w+ )?(?:performed|applied|used|done|given|suggested|recommended|effective|superior|"
    r"safe|option|procedure|treatment)\b|^\s*(?:group|arm|side|sessions?)\b"
)
# A mention as one item of a list of treatments, or as a contrast, is a passing mention.
_LIST_CONTEXT = re.compile(
    r"\bsuch as\b|\bincluding\b|\be\.?g\.?\b|\blike\b|\bother (?:options|treatments|"
    r"modalities|procedures|therapies)\b|\balternatives?\b|\bbriefly\b|\bmentioned\b"
)
_SAID_TO_BE_PASSING = re.compile(
    r"\b(?:mentioned|noted|touched on) (?:only )?briefly\b|\bbriefly "
    r"(?:mentioned|noted|discussed|touched)\b"
)
_CONTRAST_BEFORE = re.compile(
    r"\b(?:unlike|apart from|besides|other than|in contrast to|instead of|rather than)\s+"
    r"(?:[\w-]+\s+){0,2}$"
)
_TREATMENT = (
    r"(?:lasers?|peels?|peeling|radiofrequency|fillers?|subcision|dermabrasion|"
    r"microdermabrasion|injections?|prp|light|ipl|cryotherapy|surgery|tattoo\w*|"
    r"mesotherapy|botulinum|toxin|creams?|topicals?|agents)"
)
_IN_LIST_AFTER = re.compile(rf"^\s*(?:,|\bor\b|\band\b)\s*(?:[\w-]+\s+){{0,2}}{_TREATMENT}\b")
_IN_LIST_BEFORE = re.compile(rf"\b{_TREATMENT}\s*(?:,|\bor\b|\band\b)\s*(?:[\w-]+\s+){{0,1}}$")


@dataclass(frozen=True, slots=True)
class MicroneedlingRole:
    """What part microneedling plays in the study, and the sentence that shows it."""

    role: Role
    sentence: Sentence | None
    rule: str


_SET_ASIDE = re.compile(
    r"\w*\s+(?:was|were) not (?:assessed|evaluated|measured|studied|examined|recorded|"
    r"reported|included)\b"
)


def assess_relevance(study: StudyInput, claim: ClaimContext | None) -> Finding[bool]:
    """Whether the study evaluates microneedling (the device procedure) for `claim`."""
    doc = read(study)
    found = microneedling_role(doc)
    evidence = found.sentence.text if found.sentence else None
    if found.role in ("passing", "absent"):
        return Finding(False, "text", evidence, found.rule)
    if found.role == "patch" and (claim is None or "patch" not in claim.devices):
        return Finding(False, "text", evidence, "text:patch-not-procedure")
    # A title alone rarely names the claim's topic; judge the topic only with an abstract.
    topic = terms_pattern(claim.topic_terms) if claim is not None else None
    # "Scars were not assessed" names the topic only to set it aside.
    if (
        topic is not None
        and doc.has_abstract
        and not any(
            not _SET_ASIDE.match(s.lower[m.end() :])
            for s in doc.all()
            for m in topic.finditer(s.lower)
        )
    ):
        return Finding(False, "text", evidence, "text:off-topic")
    return Finding(True, "text", evidence, found.rule)


# Asked by several rules for each claim a study is linked to: keep the last few answers.
@functools.lru_cache(maxsize=64)
def microneedling_role(doc: Document) -> MicroneedlingRole:
    """Whether microneedling is the procedure studied, a drug patch, mentioned, or absent."""
    sentences = doc.all()
    procedure = [s for s in sentences if MICRONEEDLING.search(s.lower)]
    patch = [s for s in sentences if PATCH.search(s.lower)]
    bare = [s for s in sentences if _BARE_MICRONEEDLE.search(s.lower)]

    if patch and len(patch) >= len(procedure):
        return MicroneedlingRole("patch", patch[0], "text:microneedle-patch")
    if not procedure and bare:
        # "Microneedles" with no word for a patch: a device applied to the skin.
        procedure = bare
    if not procedure:
        return MicroneedlingRole("absent", None, "text:no-microneedling")

    title = doc.title
    if title is not None and procedure[0] is title:
        return MicroneedlingRole("procedure", title, "text:microneedling-in-title")
    if len(procedure) >= 2:
        return MicroneedlingRole("procedure", procedure[0], "text:microneedling-studied")
    only = procedure[0]
    match = MICRONEEDLING.search(only.lower) or _BARE_MICRONEEDLE.search(only.lower)
    start, end = (match.start(), match.end()) if match else (0, 0)
    before, after = only.lower[:start], only.lower[end:]
    if _CONTRAST_BEFORE.search(before) or _SAID_TO_BE_PASSING.search(only.lower):
        return MicroneedlingRole("passing", only, "text:passing-mention")
    as_subject = len(before.split()) <= 2 or bool(re.search(r"\b(?:that|whether)\s*$", before))
    listed = (
        bool(_LIST_CONTEXT.search(only.lower))
        or bool(_IN_LIST_AFTER.search(after))
        or bool(_IN_LIST_BEFORE.search(before))
    )
    if as_subject or (
        not listed and (_INTERVENTION_BEFORE.search(before) or _INTERVENTION_AFTER.search(after))
    ):
        return MicroneedlingRole("procedure", only, "text:microneedling-studied")
    return MicroneedlingRole("passing", only, "text:passing-mention")
