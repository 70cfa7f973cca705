"""How many people a study enrolled, read from the abstract; None when it does not say.

Every count of people in the abstract ("Thirty patients", "n = 24", "A total of 60 subjects",
"42 women with ...") is a candidate. Each candidate is weighed by what its sentence says about
it: enrolment words ("enrolled", "randomized", "a total of", "underwent") and the methods
section count for it; completion, outcome and subgroup words ("completed", "improved in 15
patients", "15 patients each", "in the laser group") and the results section count against it.
The best candidate wins when nothing speaks against it; otherwise the extractor abstains.
Ages, durations, doses, needle depths, percentages and session counts are never candidates,
because a candidate must be a number followed by a noun for people.

Design decides the reading: animal and laboratory studies have no participants; a case report
has one patient unless it says otherwise ("two cases"); reviews give a number only when they
state how many people the included studies pooled; guidelines give none.

When the study also counts something other than people (scars, lesions, face halves, scalp
sites), that unit is returned beside the count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tracker.evidence.design import classify_design
from tracker.evidence.labels import Design
from tracker.evidence.study import Finding, StudyInput
from tracker.evidence.text import (
    NUMBER,
    PEOPLE_COUNT,
    PERSON_NOUN,
    STAFF_NOUN,
    Document,
    Sentence,
    parse_number,
    read,
)

Participants = tuple[Finding[int | None], str | None]

_REVIEWS: frozenset[Design] = frozenset({"meta_analysis", "systematic_review", "narrative_review"})

_ENROLMENT = re.compile(
    r"\b(?:enrol+(?:ed|ment|ing)?|recruited|randomi[sz]ed|randomly|included|inclusion|"
    r"participated|took part|a total of|in total|comprising|comprised|consist(?:ing|ed) of|"
    r"conducted (?:on|in|among)|(?:performed|conducted|carried out|undertook) (?:a|an|this) "
    r"(?:[\w-]+ ){0,3}(?:study|trial|comparison|analysis) (?:in|on|among|of)|studied|"
    r"were (?:evaluated|investigated|assessed|selected|"
    r"examined|followed|reviewed|treated|divided|allocated|assigned|categori[sz]ed)|selected|"
    r"surveyed|interviewed|treated|received|underwent|undergoing|allocated|assigned|involving|"
    r"involved|reviewed|records of|charts of|data of|sample of|cohort of|series of|"
    r"we (?:describe|report|present)|were (?:seen|recruited)|(?:obtained|collected|"
    r"taken|sampled) from)\b"
)
_AFTER_OUTCOME = re.compile(
    r"^[^.;,]{0,45}?\b(?:completed|finished|were available|available for|lost to|dropped out|"
    r"drop-?outs?|withdr[ae]w|withdrawn|discontinued|were excluded|excluded|showed|shown|show|"
    r"achieved|achieving|developed|experienced|reported|had(?! (?:both|their|one|each|the|all) )|"
    r"has|improved|responded|satisfied|"
    r"observed|occurred|demonstrated|exhibited|returned|failed|did not|were lost|"
    r"rated|preferred|complained|required|needed|remained|presented with)\b"
)
# "212 patients who had undergone ...", "30 women with ...": the words describe the sample.
_DESCRIBES_SAMPLE = re.compile(
    r"\s*(?:\([^)]*\)\s*)?,?\s*(?:who|whose|that|with|aged|from|undergoing|treated|referred|"
    r"attending|presenting|seeking|scheduled)\b"
)
# The people of a survey: "214 practitioners responded (response rate 23%)", "completed the
# questionnaire". Answering a survey is taking part in it, not an outcome.
_SURVEY = re.compile(r"\bresponse rate\b|\bquestionnaire\b|\bsurvey\b|\brespondents\b")
_RESPONDED = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:responded|replied|returned (?:the|a|an) |completed (?:the|an?) "
    r"(?:online |web-based |anonymous )?(?:questionnaire|survey))"
)
_SEX_NOUNS = frozenset({"female", "females", "male", "males", "women", "men", "girls", "boys"})
_OPEN_BREAKDOWN = re.compile(
    r"\(\s*$|\d+\s+(?:females?|males?|women|men|girls|boys)\s*(?:\([^)]*\)\s*)?(?:,|and)\s*$"
)
_CLOSE_BREAKDOWN = re.compile(
    rf"^\s*(?:\(\s*\d+(?:\.\d+)?%\s*\)\s*)?(?:and|,)\s*(?:{NUMBER})\s+(?:females?|males?|women|"
    r"men|girls|boys)\b",
    re.IGNORECASE,
)
_BEFORE_OUTCOME = re.compile(r"\b(?:in|by|among|for|to|from|of)\s*$")
_SUBGROUP_AFTER = re.compile(
    r"^[^.;]{0,30}?\b(?:each(?! (?:with|having|of whom|had|presenting|showing))|per (?:group|arm)|"
    r"in (?:the|each) [a-z0-9 -]{0,30}?(?:group|arm)|(?:in|of) group)\b"
)
_SUBGROUP_BEFORE = re.compile(
    r"(?:\bgroups of|(?<!^a )\bgroup of|\beach (?:consisting|comprising|composed|containing|"
    r"including|with|of)\b[^.;]{0,15}|\b(?:each|per) (?:group|arm)|"
    r"\bgroup (?!of\b)[a-z0-9]+\b[^.;]{0,15}|\bof (?:them|whom|these)\b[^.;]{0,10}|"
    r"\bamong (?:them|these|whom)\b[^.;]{0,10}|"
    r"\bremaining\b[^.;]{0,10}|\bthe (?:first|second|other|latter|former)\b[^.;]{0,10}|"
    r"\bwhile\b[^.;]{0,10}|\band\b\s*|\bversus\b\s*|\bvs\.?\s*)$"
)
# "A cohort study of 163 patients", "data from 90 subjects": the sample, not an outcome.
_SAMPLE_OF = re.compile(
    r"\b(?:study|cohort|sample|series|review|analysis|survey|trial|total|population|data|"
    r"records|charts|consisting|comprising|comprised|collected|recruited|enrolled|included|"
    r"responses|questionnaires|replies|answers)\s+"
    r"(?:[a-z-]+\s+){0,2}(?:of|from|in|among)\s*$|\bto (?:evaluate|investigate|assess|examine|"
    r"study|compare|determine|explore|characteri[sz]e|describe)\b[^.;]*\b(?:in|among)\s*$|"
    r"\b(?:performed|carried out|done|undertaken|conducted|applied|used) (?:in|on|among)\s*$"
)
# "Patients were divided into two groups: 30 received ...": a count after the split is a group.
_SPLIT_INTO_GROUPS = re.compile(
    r"\b(?:divided|split|allocated|assigned|randomi[sz]ed|stratified|categori[sz]ed|classified|"
    r"grouped|distributed)\b[^.;]*\b(?:groups?|arms?|cohorts?)\b"
)
# "56 eyes of 28 patients", "499 eyes (302 patients)": the people the counted units belong to.
_UNITS_OF = re.compile(
    rf"(?:{NUMBER})\s+(?:[a-z-]+\s+){{0,2}}(?:eyes|scars|lesions|teeth|knees|hips|limbs|feet|"
    r"hands|ears|nails|wounds|sites|sides|halves|samples|specimens|procedures|implants|joints|"
    r"hemifaces|areas)\s*(?:\(|of|from|in)\s*(?:the\s+)?$"
)
# "Of the 590 participants, ...": the sample already introduced, named again.
_WHOLE_SAMPLE = re.compile(r"^\s*(?:(?:of|among|in|for) (?:the|all|all the|these)|these)\s*$")
# The parts of a total: "40 patients, 20 with A and 20 with B", "(n = 30)", "(31 male, 40 female)".
_PART = re.compile(
    rf"(?P<number>{NUMBER})\s+(?!(?:years?|months?|weeks?|days?|sessions?|mm|mg|%))"
    r"(?:[a-z-]+\s+){0,3}?(?:[a-z]+s|with|who|had|received|underwent|were|in)\b"
    r"|\bn\s*=\s*(?P<n>\d+)",
    re.IGNORECASE,
)
# "Responses from 305 users were analysed": the people who answered are the sample.
_RESPONSES_FROM = re.compile(r"\b(?:responses|questionnaires|replies|answers) (?:from|of|by)\s*$")
# "from a database of 114,334 patients": the pool the sample was drawn from.
_SOURCE_POOL = re.compile(r"\b(?:database|registry|register|pool) of\s*$|\bscreened\s*$")
_SHARE_AFTER = re.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*%")
# Staff who rate, treat or validate ("assessed by two blinded dermatologists") are not the
# sample; staff are the sample only when they are the people studied ("a survey of 230 nurses").
_STAFF = re.compile(STAFF_NOUN)
_RATERS = re.compile(
    r"^[^.;]{0,40}\b(?:assessed|evaluated|rated|graded|scored|reviewed|validated|judged|"
    r"performed|examined|measured|read|independently|blinded)\b"
)
_PLANNED = re.compile(
    r"\bwill\b|\bsample size\b|\bpower (?:analysis|calculation)\b|\bwere (?:needed|required)\b|"
    r"\bis planned\b|\bare planned\b"
)
_DENOMINATOR = re.compile(rf"(?:{NUMBER})\s+(?:of|out of)\s+(?:the\s+)?$", re.IGNORECASE)
_N_EQUALS = re.compile(r"\bn\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)\b")
_PERSON_BEFORE = re.compile(rf"\b{PERSON_NOUN}\b[^.;()]{{0,60}}\(?$", re.IGNORECASE)
_PERSON_SUBJECT = re.compile(
    r"^(?:all |the )?(?:[a-z-]+ ){0,2}(?:patients|subjects|participants|volunteers|women|men|"
    r"adults|children|individuals)\b"
)
_ANIMAL_BEFORE = re.compile(r"\b(?:rats?|mice|rabbits?|pigs?|animals?|dogs?|sheep|eyes?)\b")
# "total scans n = 753", "all eyes (n = 60)"; not "patients with acne scars (n = 30)".
_UNIT_BEFORE_N = re.compile(
    r"\b(?:total|all|the|of|in) (?:[a-z-]+ )?(?:scans|eyes|samples|specimens|lesions|scars|"
    r"images|procedures|cycles|visits|teeth|sites|records|studies|articles|trials|embryos|"
    r"sides|halves)\s*(?:\(\s*|,\s*)?$"
)
_YEAR_CONTEXT = re.compile(r"\b(?:in|since|from|between|during|until|of|year)\s*$")
_STUDY_COUNT = re.compile(
    rf"(?:{NUMBER})\s+(?:[a-z-]+\s+){{0,2}}(?:studies|trials|rcts|articles|publications|reports|"
    r"papers|cohorts|reviews)\b|\b(?:a total of|in total|total of|pooled|overall|combined|"
    r"cumulative|altogether|aggregate)\b",
    re.IGNORECASE,
)
_RANGE_NEARBY = re.compile(
    r"\b(?:rang(?:e|ed|ing)|from \d+ to|between \d+ and|median|mean|average|at least|more "
    r"than|fewer than|less than|up to|per study|each)\b|[<>]"
)
# "(ii)", "b)": the marker of the second item in a list.
_ENUMERATION = r"(?:\(?(?:ii|iii|iv|b|c|2|3)\)\s*)?"
# "Nineteen patients received A and 19 received B", "... were compared with 40 controls": the
# count is one arm of a comparison stated in the same sentence.
_ANOTHER_ARM = re.compile(
    rf"^[^.;:]{{0,120}}?\b(?P<link>and|while|whereas|compared (?:with|to)|versus|vs\.?|with)\s+"
    rf"{_ENUMERATION}(?:the (?:remaining|other) )?(?P<other>{NUMBER})\s+"
    r"(?!(?:years?|months?|weeks?|days?|sessions?|mm|mg|%))(?:[a-z-]+,? ){0,3}(?:patients?|"
    r"subjects|participants|women|men|controls|received|underwent|were|had|with|in|"
    r"individuals|volunteers|people|persons|children|infants|adults)\b",
    re.IGNORECASE,
)
_COMPLETION = re.compile(
    r"^[^.;]{0,40}?\b(?:completed|finished|were analy[sz]ed|were available|dropped|withdr|lost)"
)
_RANGE_END = re.compile(r"\d+\s*(?:to|-)\s*$")
_STUDIES_N = re.compile(
    rf"\b(?:studies|trials|rcts|articles|cohorts)\s*\((?:total )?n\s*=\s*(?P<number>{NUMBER})\s*"
    r"(?:patients|participants|subjects|people|individuals)?\)"
)
_PER_STUDY = re.compile(r"\s*(?:each|per (?:study|trial)|on average|in each)\b")
_UNIT_COUNT = re.compile(
    rf"(?P<number>{NUMBER})\s+(?:(?!(?:with|of|in|on|and|or|for|to|from|who|had|were|was|"
    r"patients?|women|men|subjects|participants|volunteers|sessions?)\b)[a-z-]+\s+){0,2}?"
    r"(?P<unit>scar halves|scars|lesions|patches|plaques|hemi-?faces|half-faces|face halves|"
    r"facial halves|hemi-?scalps|scalp halves|scalp sites|sites|treatment areas|areas|axillae|"
    r"striae|keloids|wounds|sides|halves)\b",
    re.IGNORECASE,
)
_UNIT_NAMES = {
    "hemifaces": "face halves",
    "hemi-faces": "face halves",
    "half-faces": "face halves",
    "facial halves": "face halves",
    "hemiscalps": "scalp halves",
    "hemi-scalps": "scalp halves",
    "treatment areas": "areas",
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    value: int
    score: int
    sentence: Sentence
    rule: str


def extract_participants(study: StudyInput) -> Participants:
    """The number of people studied and, when the study counts something else, its unit."""
    design, _ = classify_design(study)
    return participants_for(read(study), design)


def participants_for(doc: Document, design: Finding[Design]) -> Participants:
    """As `extract_participants`, for a document whose design is already known."""
    kind = design.value
    if kind == "animal_or_in_vitro":
        return Finding(None, "text", None, "text:not-human"), None
    if kind == "guideline_or_consensus":
        return Finding(None, "text", None, "text:guideline"), None
    if kind in _REVIEWS:
        return _pooled(doc), None
    if kind == "case_report":
        return _case_count(doc, design), None

    candidates = _repeated(_candidates(doc))
    best = max(candidates, key=lambda c: (c.score, -c.sentence.index), default=None)
    if best is None or best.score < 0:
        return Finding(None, "none", None, None), _unit(doc, None)
    finding: Finding[int | None] = Finding(best.value, "text", best.sentence.text, best.rule)
    return finding, _unit(doc, best.sentence)


def _candidates(doc: Document) -> list[_Candidate]:
    found = []
    for sentence in doc.all():
        if sentence.section in ("background", "other"):
            continue
        total_end: int | None = None  # where a total whose parts follow it ends
        for match in PEOPLE_COUNT.finditer(sentence.text):
            value = parse_number(match.group("number"))
            if value is None or not 0 < value < 10_000_000:
                continue
            before = sentence.lower[: match.start()]
            if 1900 <= value <= 2100 and _YEAR_CONTEXT.search(before):
                continue
            after = sentence.lower[match.end() :]
            if _is_sex_breakdown(match.group("noun"), before, after):
                continue  # "(16 female and 7 male)" splits the total, it is not the total
            if _STAFF.fullmatch(match.group("noun").lower()) and (
                value <= 5
                or re.search(r"(?<!total )(?<!sample )(?<!number )\b(?:by|of)\s*$", before)
                or (_RATERS.search(after) and not _RESPONDED.match(after))
            ):
                continue  # raters or operators, not the people studied
            if total_end is not None and match.start() >= total_end:
                score = -8  # one part of the total stated before it
            elif _parts_sum_to(value, sentence.text[match.end() :]):
                total_end = match.end()
                score = _score(sentence, value, before, after, is_total=True)
            else:
                score = _score(sentence, value, before, after)
            if match.group("noun").lower().startswith("case"):
                score -= 1
            found.append(_Candidate(value, score, sentence, "text:people-count"))
        explicit = list(_N_EQUALS.finditer(sentence.lower))
        for match in explicit:
            before = sentence.lower[: match.start()]
            subject_is_people = bool(_PERSON_SUBJECT.match(sentence.lower)) and len(explicit) == 1
            if _ANIMAL_BEFORE.search(before[-40:]) or _UNIT_BEFORE_N.search(before):
                continue  # "rats (n = 24)", "total scans n = 753": not people
            if not (_PERSON_BEFORE.search(before[-70:]) or subject_is_people):
                continue
            value = int(match.group(1).replace(",", ""))
            after = sentence.lower[match.end() :]
            score = _score(sentence, value, before, after) + 1
            if len(explicit) > 1 or total_end is not None:
                score -= 8  # "(n = 28) ... (n = 28)": the arms, not the total
            found.append(_Candidate(value, score, sentence, "text:n-equals"))
    return found


def _repeated(candidates: list[_Candidate]) -> list[_Candidate]:
    """Raise counts stated in two sentences ("60 patients ... of the 60 patients"): the sample
    is named again in the results, a subgroup rarely is."""
    sentences: dict[int, set[int]] = {}
    for c in candidates:
        if c.score > -8:
            sentences.setdefault(c.value, set()).add(c.sentence.index)
    return [
        replace(c, score=c.score + 2) if len(sentences.get(c.value, ())) > 1 else c
        for c in candidates
    ]


def _is_sex_breakdown(noun: str, before: str, after: str) -> bool:
    """Whether "16 female" is one part of "(16 female and 7 male)" rather than a total."""
    if noun.lower() not in _SEX_NOUNS:
        return False
    return bool(_OPEN_BREAKDOWN.search(before[-30:]) or _CLOSE_BREAKDOWN.search(after))


def _another_arm(value: int, before: str, after: str) -> bool:
    """Whether the count is followed by the count of another arm in the same sentence.

    A "with" link counts only after "compared" ("46 patients ... were compared with 51
    patients"), and "and 32 participants completed" reports completers, not an arm.
    """
    if re.search(r"\bcompar\w*\b[^.;]*\bwith\s*$|\b(?:versus|vs\.?)\s*$", before):
        return True  # the second arm of "... compared with 51 patients"
    if re.search(rf"\b(?:and|while|whereas)\s*{_ENUMERATION}$", before) and (
        PEOPLE_COUNT.search(before)
    ):
        return True  # the second group of "106 patients with RA and 56 healthy individuals"
    match = _ANOTHER_ARM.search(after)
    if match is None:
        return False
    if match.group("link").lower() == "with" and "compar" not in before + after[: match.start()]:
        return False
    # "60 patients were enrolled and 52 completed": fewer people finishing, not a second arm;
    # "13 patients and 13 controls completed" names a second group.
    other = parse_number(match.group("other"))
    fewer = other is not None and other < value
    return not (fewer and _COMPLETION.search(after[match.start("link") :]))


def _parts_sum_to(value: int, after: str) -> bool:
    """Whether two or more counts after this one add up to it: it is their total."""
    running, parts = 0, 0
    for match in _PART.finditer(after):
        part = parse_number(match.group("number") or match.group("n"))
        if part is None:
            continue
        running, parts = running + part, parts + 1
        if running >= value:
            return running == value and parts >= 2
    return False


def _score(
    sentence: Sentence, value: int, before: str, after: str, *, is_total: bool = False
) -> int:
    lower = sentence.lower
    score = 0
    enrols = bool(_ENROLMENT.search(lower))
    if enrols:
        score += 3
    # The people behind counted units ("56 eyes of 28 patients") or the sample named again
    # ("Of the 590 participants, ...") are the sample, wherever the sentence stands.
    names_sample = (
        bool(_UNITS_OF.search(before[-60:]))
        or bool(_RESPONSES_FROM.search(before))
        or (bool(_WHOLE_SAMPLE.match(before)) and not _COMPLETION.search(after))
    )
    if names_sample:
        score += 3
    if len(before.strip()) <= 1 or re.fullmatch(
        r"\s*(?:a total of|in total,?|overall,?)\s*", before
    ):
        score += 1
    score += {
        "methods": 2,
        "title": 1,
        "results": -2,
        "conclusions": -3,
        "objective": -1,
    }.get(sentence.section, 0)
    surveyed = bool(_RESPONDED.match(after)) and bool(_SURVEY.search(lower))
    if surveyed:
        score += 3
    elif _AFTER_OUTCOME.search(after) and not _DESCRIBES_SAMPLE.match(after) and not names_sample:
        score -= 5
    outcome_before = (
        _BEFORE_OUTCOME.search(before)
        and not _DENOMINATOR.search(before)
        and not _SAMPLE_OF.search(before)
        and not names_sample
    )
    # "Improved in 20 patients" reports an outcome; a methods section describes the sample.
    if outcome_before and not enrols and sentence.section not in ("title", "methods"):
        score -= 3
    if not is_total and (
        _SUBGROUP_AFTER.search(after)
        or _SUBGROUP_BEFORE.search(before)
        or _SPLIT_INTO_GROUPS.search(before)
        or _another_arm(value, before, after)
    ):
        score -= 8  # a group's share is never the number enrolled
    if _PLANNED.search(lower):
        score -= 8
    if _SOURCE_POOL.search(before):
        score -= 4
    if _SHARE_AFTER.match(after):
        score -= 6  # "29 patients (2.4%)": a share of a larger sample
    return score


def _pooled(doc: Document) -> Finding[int | None]:
    """The number of people a review pooled, when it states one."""
    best: tuple[int, Sentence] | None = None
    for sentence in doc.sentences:
        if sentence.section in ("background", "other") or not _STUDY_COUNT.search(sentence.text):
            continue
        for match in PEOPLE_COUNT.finditer(sentence.text):
            value = parse_number(match.group("number"))
            if value is None or value < 2:
                continue
            nearby = sentence.lower[max(0, match.start() - 30) : match.start()]
            after = sentence.lower[match.end() : match.end() + 20]
            if _RANGE_NEARBY.search(nearby) or _RANGE_END.search(nearby) or _PER_STUDY.match(after):
                continue  # "10 to 60 patients", "60 patients each": a study's size, not the pool
            if best is None or value > best[0]:
                best = (value, sentence)
        # "Eight trials (n = 531) were included": the pooled number beside the studies.
        for match in _STUDIES_N.finditer(sentence.lower):
            value = parse_number(match.group("number"))
            if value is not None and value >= 2 and (best is None or value > best[0]):
                best = (value, sentence)
    if best is None:
        return Finding(None, "text", None, "text:review-no-pooled-count")
    return Finding(best[0], "text", best[1].text, "text:pooled-count")


_PRESENTED = re.compile(r"\b(?:we|i|the authors) (?:report|present|describe|document)\b")


def _case_count(doc: Document, design: Finding[Design]) -> Finding[int | None]:
    """A case report describes one patient unless it counts more ("two cases")."""
    # The opening, and wherever the authors say whom they present ("The authors present two
    # patients ..." may close a long introduction).
    opening = list(doc.all()[:4])
    told = [s for s in doc.all()[4:] if _PRESENTED.search(s.lower)]
    for sentence in opening + told:
        for match in PEOPLE_COUNT.finditer(sentence.text):
            value = parse_number(match.group("number"))
            after = sentence.lower[match.end() :]
            described = _DESCRIBES_SAMPLE.match(after) or not _AFTER_OUTCOME.search(after)
            if value is not None and 1 < value <= 10 and described:
                return Finding(value, "text", sentence.text, "text:case-count")
    evidence = design.evidence if design.source == "publication_type" else None
    for sentence in doc.all()[:4]:
        if re.search(r"-year-old|\bwe (?:report|present|describe)|\bcase\b", sentence.lower):
            evidence = sentence.text
            break
    rule = "pt:Case Reports" if design.source == "publication_type" else "text:single-case"
    return Finding(1, design.source if design.source != "none" else "text", evidence, rule)


def _unit(doc: Document, chosen: Sentence | None) -> str | None:
    """The non-person unit the study counts (scars, lesions, face halves...), if any."""
    sentences = [chosen] if chosen is not None else []
    sentences += [
        s
        for s in doc.all()
        if s is not chosen and s.section in ("title", "methods", "body", "objective")
    ]
    for sentence in sentences:
        far = chosen is not None and sentence.index > chosen.index + 1
        if sentence is not chosen and sentence.section == "body" and far:
            continue  # in a flat abstract only the sentence after the count describes the sample
        for match in _UNIT_COUNT.finditer(sentence.text):
            value = parse_number(match.group("number"))
            if value is None or value <= 2:
                continue
            after = sentence.lower[match.end() :]
            if _AFTER_OUTCOME.search(after):
                continue
            unit = match.group("unit").lower()
            return _UNIT_NAMES.get(unit, unit)
    return None
