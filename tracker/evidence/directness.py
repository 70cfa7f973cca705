"""Is a study direct evidence for its claim? GRADE's indirectness, read from the abstract.

A study answers a claim about microneedling only indirectly when
- "combination": microneedling was only ever given together with another active treatment
  (a peel, PRP, a drug) and no arm isolates it (microneedling alone, a sham or control, or the
  other treatment alone), so its own effect is not known. Claims that assert an adjunct or a
  comparison are about such regimens and are not judged here;
- "surrogate": only laboratory or imaging outcomes were measured (histology, biopsies, gene
  expression, ultrasound thickness), not the clinical outcome the claim promises, unless the
  claim's own topic is such an outcome (collagen induction);
- "device": the "microneedles" were a drug delivery patch while the claim is about the
  skin-needling procedure.
`indirectness` returns the kind with its deciding sentence, or None for direct evidence.
"""

from __future__ import annotations

import re

from tracker.evidence.labels import Design
from tracker.evidence.relevance import MICRONEEDLING, microneedling_role
from tracker.evidence.study import ClaimContext, Finding, StudyInput
from tracker.evidence.text import Document, read
from tracker.evidence.vocabulary import CONTROL, OTHER_TREATMENT, terms_pattern

# Microneedling given together with something: "microneedling combined with", "plus", "and
# topical", "followed by", "-assisted".
_TOGETHER = re.compile(
    r"\b(?:combined with|in combination with|plus|together with|followed by|with topical|"
    r"and topical|assisted|-assisted|with (?:a |an )?(?:\d+% )?\w+ (?:peel|serum|solution))\b"
)
# An arm that isolates microneedling's own effect.
_ISOLATING_ARM = re.compile(
    r"\balone\b|\bmonotherapy\b|\bonly microneedling\b|\bmicroneedling only\b|\bsham\b|"
    r"\bplacebo\b|\bvehicle\b|\bsaline\b|\bcontrol (?:group|side|arm|half)\b|\buntreated\b"
)
# Outcomes measured in a laboratory or on an image rather than on the patient.
_SURROGATE = re.compile(
    r"\bhistolog\w*|\bbiops\w*|\bimmunohistochem\w*|\bgene expression\b|\bmrna\b|\bcytokines?\b|"
    r"\bgrowth factors? (?:levels|expression)\b|\bultrasound\b|\bdermal thickness\b|"
    r"\bepidermal thickness\b|\bcollagen (?:fibers|fibres|density|content|deposition)\b|"
    r"\bcollagen (?:i|iii|type)\b|\belastin\b|\bmarkers?\b"
)
# Outcomes a patient or a clinician sees.
_CLINICAL = re.compile(
    r"\bimprov\w*|\bscores?\b|\bgrad(?:e|es|ing)\b|\bratings?\b|\bsatisf\w*|\bphotograph\w*|"
    r"\bappearance\b|\bclearance\b|\bregrowth\b|\bhair (?:counts?|density)\b|\bmasi\b|\bgais\b|"
    r"\bvss\b|\bposas\b|\brepigment\w*|\bresponse\b|\bseverity\b|\bwrinkles?\b|\btexture\b"
)
_COMPARATIVE_CLAIMS = frozenset({"adjunct", "versus"})


def indirectness(
    study: StudyInput, claim: ClaimContext | None, design: Design
) -> Finding[str | None]:
    """The kind of indirectness of `study` for `claim`, or a Finding of None when direct."""
    doc = read(study)
    if claim is None or not doc.has_abstract or design == "animal_or_in_vitro":
        return Finding(None, "none")
    role = microneedling_role(doc)
    if role.role == "patch" and "procedure" in claim.devices:
        return Finding("device", "text", role.sentence.text if role.sentence else None,
                       "text:patch-not-skin-needling")  # fmt: skip
    surrogate = _surrogate_only(doc, claim)
    if surrogate is not None:
        return surrogate
    if claim.asserts in _COMPARATIVE_CLAIMS:
        return Finding(None, "none")
    return _combination_only(doc)


def _surrogate_only(doc: Document, claim: ClaimContext) -> Finding[str | None] | None:
    topic = terms_pattern(claim.topic_terms)
    if topic is not None and any(topic.search(m.group(0)) for s in doc.all()
                                 for m in _SURROGATE.finditer(s.lower)):  # fmt: skip
        return None  # the claim's own topic is a laboratory outcome
    reported = doc.in_sections("results", "conclusions") or doc.sentences
    measured = [s for s in reported if _SURROGATE.search(s.lower)]
    if measured and not any(_CLINICAL.search(s.lower) for s in reported):
        return Finding("surrogate", "text", measured[0].text, "text:surrogate-outcomes-only")
    return None


def _combination_only(doc: Document) -> Finding[str | None]:
    sentences = doc.all()
    if any(_ISOLATING_ARM.search(s.lower) or CONTROL.search(s.lower) for s in sentences):
        return Finding(None, "none")
    for sentence in sentences:
        lower = sentence.lower
        for match in MICRONEEDLING.finditer(lower):
            around = lower[max(0, match.start() - 40) : match.end() + 60]
            if _TOGETHER.search(around) and OTHER_TREATMENT.search(around):
                return Finding(
                    "combination", "text", sentence.text, "text:combination-not-isolated"
                )
    return Finding(None, "none")
