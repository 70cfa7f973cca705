"""Study design: from NLM publication types first, from the title and abstract otherwise.

Publication types are assigned by NLM indexers and are the most reliable signal, but records
that are not yet indexed carry only "Journal Article" (or nothing), and some types are not
decisive ("Clinical Trial" may or may not be randomised; "Review" may be a systematic review).
For those the text decides, with rules a methodologist would apply to the abstract:

  other (reply, erratum, protocol) > guideline/consensus > meta-analysis > systematic review >
  case report > narrative review > animal/in-vitro > RCT > non-randomised controlled >
  cohort/case series > overview (a narrative review that never says so) > other

A guide to conducting reviews is a narrative review before any synthesis rule is tried. The
review and overview cues live in `tracker.evidence.discourse`.

Split-face, split-scar, half-side, intra-individual and crossover comparisons are RCTs when the
side (or order) was randomised, and non-randomised controlled studies when it was not; either
way the within-person flag is set only for RCTs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tracker.evidence.bias import PREDICTABLE_ALLOCATION
from tracker.evidence.design_cues import (
    ALLOCATION,
    ARMS,
    BENCH_TERMS,
    CASE_CONTROL,
    CASE_REPORT,
    CASE_SERIES,
    CASE_TITLE,
    CONTROLLED,
    DATABASE_SEARCH,
    DESCRIBED_COUNT,
    FEW_PATIENTS_TITLE,
    FUTURE_ENROLMENT,
    GUIDELINE_APPLIED,
    GUIDELINE_TEXT,
    GUIDELINE_TITLE,
    HUMAN_TITLE,
    INTERVENTION,
    LAB_OR_ANIMAL,
    LEFT_SIDE,
    LITERATURE,
    MEASUREMENT_STUDY,
    MEASUREMENT_TITLE,
    META_ANALYSIS,
    NON_RESEARCH_TITLE,
    NOT_DONE,
    NOT_RANDOMISED,
    OBSERVATIONAL_GROUPS,
    OWN_WORK,
    P_VALUE,
    PEOPLE_STUDIED,
    POOLED_STATISTIC,
    PREVENTED,
    PROTOCOL_TITLE,
    RANDOM_NOT_ALLOCATION,
    RANDOMISED,
    REPORTED_CASE,
    RIGHT_SIDE,
    SECONDARY_ANALYSIS,
    SERIES,
    SOMEONE_ELSES,
    STATISTIC,
    SYSTEMATIC_TEXT,
    SYSTEMATIC_TITLE,
    THIS_SERIES,
    TREATED_PEOPLE,
    UNCONTROLLED,
    VERSUS_TITLE,
    WITHIN_PERSON,
)
from tracker.evidence.discourse import (
    METHOD_GUIDE,
    overview,
    primary_research_trace,
    stated_review,
)
from tracker.evidence.labels import Design
from tracker.evidence.study import Finding, StudyInput
from tracker.evidence.text import (
    PEOPLE_COUNT,
    Document,
    Sentence,
    about_this_study,
    background_like,
    negated,
    numbers_in,
    read,
)

DesignFinding = Finding[Design]

# Publication types that settle the design on their own, in order of priority. A notice, an
# erratum or a protocol is never the study itself, whatever other types it carries; syntheses
# outrank the trials they pool; MeSH "Animals" without "Humans" is checked after syntheses.
_NOT_A_STUDY_TYPES: tuple[tuple[str, Design], ...] = (
    ("retraction of publication", "other"),
    ("published erratum", "other"),
    ("clinical trial protocol", "other"),
)
_SYNTHESIS_TYPES: tuple[tuple[str, Design], ...] = (
    ("network meta-analysis", "meta_analysis"),
    ("meta-analysis", "meta_analysis"),
    ("systematic review", "systematic_review"),
)
_TRIAL_OR_GUIDANCE_TYPES: tuple[tuple[str, Design], ...] = (
    ("randomized controlled trial, veterinary", "animal_or_in_vitro"),
    ("randomized controlled trial", "rct"),
    ("equivalence trial", "rct"),
    ("practice guideline", "guideline_or_consensus"),
    ("guideline", "guideline_or_consensus"),
    ("consensus development conference", "guideline_or_consensus"),
    ("consensus development conference, nih", "guideline_or_consensus"),
)
_DECISIVE_TYPES = _NOT_A_STUDY_TYPES + _SYNTHESIS_TYPES + _TRIAL_OR_GUIDANCE_TYPES
# Publication types that say "a trial" or "a comparison" without saying which design.
_TRIAL_TYPES = (
    "controlled clinical trial",
    "pragmatic clinical trial",
    "adaptive clinical trial",
    "clinical trial",
    "clinical trial, phase i",
    "clinical trial, phase ii",
    "clinical trial, phase iii",
    "clinical trial, phase iv",
    "clinical trial, veterinary",
    "clinical study",
)
_OBSERVATIONAL_TYPES = ("observational study", "observational study, veterinary")
_NON_RESEARCH_TYPES = (
    "letter",
    "editorial",
    "comment",
    "news",
    "newspaper article",
    "interview",
    "biography",
    "portrait",
    "lecture",
    "address",
    "personal narrative",
    "patient education handout",
    "video-audio media",
    "introductory journal article",
    "congress",
    "historical article",
    "autobiography",
    "expression of concern",
)


def _described_case_count(lower: str) -> int | None:
    match = DESCRIBED_COUNT.search(lower)
    if match is None:
        return None
    return next((value for value, _, _ in numbers_in(match.group("number"))), None)


def _randomised_here(sentence: Sentence) -> bool:
    """Whether the sentence says this study's allocation was random."""
    lower = sentence.lower
    if not about_this_study(sentence) and sentence.section != "title":
        return False
    if SECONDARY_ANALYSIS.search(lower):
        return False
    if RANDOM_NOT_ALLOCATION.search(lower) and not re.search(
        r"\brandomi[sz]ed (?:controlled|clinical|trial|study|split)", lower
    ):
        return False
    for match in RANDOMISED.finditer(lower):
        if NOT_RANDOMISED.search(lower[max(0, match.start() - 12) : match.start()]):
            continue
        if match.group(0).startswith("rct") and re.search(
            r"\brcts?\b[^.]{0,30}\b(?:were|was) "
            r"(?:included|identified|pooled)",
            lower,
        ):
            continue
        return True
    return False


def _treats_people(doc: Document) -> bool:
    """Whether the abstract reports people being treated or studied (not tissue or animals)."""
    for sentence in doc.sentences:
        if sentence.section == "background":
            continue
        if PEOPLE_COUNT.search(sentence.text) or TREATED_PEOPLE.search(sentence.lower):
            return True
    return False


def _primary_research(doc: Document) -> bool:
    """Whether the abstract reports its own participants or statistics (so it is no review)."""
    return (
        any(P_VALUE.search(s.lower) or OWN_WORK.search(s.lower) for s in doc.sentences)
        or _treats_people(doc)
        or LAB_OR_ANIMAL.search(" ".join(s.lower for s in doc.sentences)) is not None
    )


def _first_people_sentence(sentences: Iterable[Sentence]) -> Sentence | None:
    for sentence in sentences:
        if sentence.section in ("background", "conclusions"):
            continue
        if PEOPLE_COUNT.search(sentence.text) or TREATED_PEOPLE.search(sentence.lower):
            return sentence
    return None


def classify_design(
    study: StudyInput, *, use_publication_types: bool = True
) -> tuple[DesignFinding, bool]:
    """The study's design and whether it is a within-person randomised comparison.

    Publication types decide when they are decisive (see `_design_from_indexing`); otherwise,
    or with `use_publication_types=False`, the title and abstract do (`design_from_text`).
    """
    doc = read(study)
    from_text = design_from_text(doc)
    if use_publication_types:
        decided = _design_from_indexing(study, doc, from_text)
        if decided is not None:
            return decided
    return from_text


def design_from_publication_types(publication_types: Iterable[str]) -> Design | None:
    """The design implied by publication types alone, or None when they are not decisive.

    Used as the reference label when scoring text-only predictions on indexed records.
    """
    types = {_norm_type(t) for t in publication_types}
    for name, design in _DECISIVE_TYPES:
        if name in types:
            return design
    if "case reports" in types:
        return "case_report"
    if "review" in types or "scoping review" in types:
        return "narrative_review"
    if types & set(_NON_RESEARCH_TYPES) and not types & {*_TRIAL_TYPES, *_OBSERVATIONAL_TYPES}:
        return "other"
    return None


# ---------------------------------------------------------------------------------------------
# Publication types and MeSH


def _design_from_indexing(
    study: StudyInput, doc: Document, from_text: tuple[DesignFinding, bool]
) -> tuple[DesignFinding, bool] | None:
    types = {_norm_type(t): t for t in study.publication_types}
    text_design, text_within = from_text[0].value, from_text[1]

    def by_type(design: Design, name: str, within: bool = False) -> tuple[DesignFinding, bool]:
        return Finding(design, "publication_type", types[name], f"pt:{types[name]}"), within

    def by_text(note: str) -> tuple[DesignFinding, bool]:
        finding = from_text[0]
        rule = f"{finding.rule} ({note})" if finding.rule else note
        return Finding(finding.value, "text", finding.evidence, rule), text_within

    for name, design in _NOT_A_STUDY_TYPES + _SYNTHESIS_TYPES:
        if name in types:
            return by_type(design, name)

    animal = _animal_from_mesh(study.mesh_terms)
    if animal is not None and "review" not in types:
        return animal, False

    for name, design in _TRIAL_OR_GUIDANCE_TYPES:
        if name in types:
            if design == "rct":
                return by_type("rct", name, within_person(doc))
            return by_type(design, name)

    trial = next((name for name in _TRIAL_TYPES if name in types), None)
    if trial is not None:
        if text_design == "rct":
            return by_text(f"pt:{types[trial]}")
        # "Controlled Clinical Trial" asserts a control group; other trial types may be single-arm.
        uncontrolled_ok = trial != "controlled clinical trial"
        if text_design == "nonrandomized_controlled" or (
            uncontrolled_ok and text_design == "cohort_or_case_series"
        ):
            return by_text(f"pt:{types[trial]}")
        # With nothing in the text to go on, "Comparative Study" beside a trial type says that
        # treatments were compared, which a single-arm study cannot do.
        if trial == "controlled clinical trial" or "comparative study" in types:
            return by_type("nonrandomized_controlled", trial)
        return by_type("cohort_or_case_series", trial)

    if "case reports" in types:
        if text_design == "cohort_or_case_series" and from_text[0].rule == "text:case-series":
            return by_text("pt:Case Reports")
        return by_type("case_report", "case reports")

    for name in ("review", "scoping review"):
        if name in types:
            if text_design in ("meta_analysis", "systematic_review", "guideline_or_consensus"):
                return by_text(f"pt:{types[name]}")
            return by_type("narrative_review", name)

    observational = next((name for name in _OBSERVATIONAL_TYPES if name in types), None)
    if observational is not None:
        if text_design in ("rct", "nonrandomized_controlled", "cohort_or_case_series"):
            return by_text(f"pt:{types[observational]}")
        return by_type("cohort_or_case_series", observational)

    non_research = next((name for name in _NON_RESEARCH_TYPES if name in types), None)
    # A letter that tells a patient's story is a case report, however it was indexed; a
    # comment on someone else's paper stays a comment.
    if non_research == "letter" and text_design == "case_report" and "comment" not in types:
        return by_text("pt:Letter")
    if non_research is not None:
        return by_type("other", non_research)
    return None  # only "Journal Article", funding types and the like: the text decides


def _animal_from_mesh(mesh_terms: Iterable[str]) -> DesignFinding | None:
    terms = {t.strip().lower() for t in mesh_terms}
    if "animals" in terms and "humans" not in terms:
        return Finding(
            "animal_or_in_vitro", "publication_type", "MeSH: Animals", "mesh:Animals-not-Humans"
        )
    return None


def _norm_type(name: str) -> str:
    return " ".join(name.split()).lower()


# ---------------------------------------------------------------------------------------------
# Title and abstract


def design_from_text(doc: Document) -> tuple[DesignFinding, bool]:
    """The design as read from the title and abstract alone."""
    title = doc.title
    own = [s for s in doc.sentences if about_this_study(s)]
    searchable = ([title] if title else []) + own

    def found(design: Design, rule: str, sentence: Sentence | None) -> DesignFinding:
        return Finding(design, "text", sentence.text if sentence else None, f"text:{rule}")

    # Notices, replies and protocols report no study of their own.
    if title and NON_RESEARCH_TITLE.search(title.lower):
        return found("other", "non-research-title", title), False
    protocol = _protocol(doc)
    if protocol is not None:
        return found("other", "protocol", protocol), False

    guideline = _first(GUIDELINE_TITLE, [title] if title else []) or _own_guidance(doc)
    if guideline is not None:
        return found("guideline_or_consensus", "guideline-consensus", guideline), False

    # A guide to conducting reviews is an expository article about the method, whatever
    # synthesis vocabulary (databases, pooling) it walks through.
    if title and METHOD_GUIDE.search(title.lower):
        return found("narrative_review", "method-guide", title), False

    meta = _meta_analysis(title, own)
    if meta is not None:
        return found("meta_analysis", "meta-analysis", meta), False

    # Sentences on how to do a systematic review describe the method, not this article.
    own_reviewing = [s for s in own if not METHOD_GUIDE.search(s.lower)]
    systematic = _first(SYSTEMATIC_TITLE, [title] if title else []) or _first(
        SYSTEMATIC_TEXT, own_reviewing
    )
    if systematic is not None:
        return found("systematic_review", "systematic-review", systematic), False

    case = _case_report(doc)
    if case is not None:
        return case, False

    search = _first(DATABASE_SEARCH, own)
    if search is not None:
        return found("systematic_review", "database-search", search), False

    review = stated_review(doc, _primary_research(doc))
    if review is not None:
        return found("narrative_review", "review", review), False

    animal = _animal_or_in_vitro(doc)
    if animal is not None:
        return found("animal_or_in_vitro", "animal-or-in-vitro", animal), False

    case_control = _first(CASE_CONTROL, searchable)
    if case_control is not None:
        return found("cohort_or_case_series", "case-control", case_control), False

    # A title that says "randomized" over an abstract describing one treated group and no
    # comparison is not a randomised trial (there was nothing to randomise between).
    within = within_person(doc)
    randomised = _randomised(searchable)
    only_title = randomised is title and _randomised(own) is None
    quasi = randomised is not None and PREDICTABLE_ALLOCATION.search(randomised.lower)
    if quasi:
        # "randomized by record number (odd to A, even to B)": a predictable allocation.
        return found("nonrandomized_controlled", "quasi-random-allocation", randomised), within
    if randomised is not None and not (only_title and doc.has_abstract and not _arms_compared(doc)):
        rule = "randomised-within-person" if within else "randomised"
        return found("rct", rule, randomised), within

    controlled = _controlled(doc, searchable)
    if controlled is not None:
        return controlled, False

    series = _series(doc, searchable)
    if series is not None:
        return series, False

    if not doc.has_abstract:
        return found("other", "no-abstract", title), False
    # No design cue at all: an abstract that argues, summarises the literature or advises,
    # with no trace of its own methods or results, is an overview that never says "review".
    overview_sentence = overview(doc)
    if overview_sentence is not None:
        return found("narrative_review", "overview", overview_sentence), False
    unnamed = _unnamed_primary_research(doc)
    if unnamed is not None:
        return unnamed, False
    # Nothing recognisable: "other" (which, like a narrative review, is not graded as
    # evidence), with no source, so that the record is visibly unclassified.
    return Finding("other", "none", None, None), False


def _own_guidance(doc: Document) -> Sentence | None:
    """A sentence that presents this article's guidance or consensus (not guidance it used)."""
    for sentence in doc.sentences:
        for match in GUIDELINE_TEXT.finditer(sentence.lower):
            if not GUIDELINE_APPLIED.search(sentence.lower[: match.start()]):
                return sentence
    return None


def _unnamed_primary_research(doc: Document) -> DesignFinding | None:
    """Research that names no design: laboratory work, or an observational study of people.

    Reached only when no design cue matched. An abstract that reports research of its own
    (methods, results, measurements) is laboratory work when it speaks the vocabulary of the
    bench and studies no people, and an observational study when people are its subjects;
    physics, engineering and modelling work does neither and stays "other".
    """
    if primary_research_trace(doc) is None:
        return None
    own = _past_background(doc.all())
    bench = {m.group(0) for s in own for m in BENCH_TERMS.finditer(s.lower)}
    people = _first(PEOPLE_STUDIED, own)
    if len(bench) >= 3 and not _treats_people(doc):
        sentence = next(s for s in own if BENCH_TERMS.search(s.lower))
        return Finding("animal_or_in_vitro", "text", sentence.text, "text:laboratory-work")
    if people is not None:
        return Finding("cohort_or_case_series", "text", people.text, "text:people-studied")
    return None


def within_person(doc: Document) -> bool:
    """Whether the comparison is within the same person (split-face, crossover, ...)."""
    sentences = ([doc.title] if doc.title else []) + [
        s for s in doc.sentences if s.section not in ("background", "conclusions")
    ]
    if any(WITHIN_PERSON.search(s.lower) for s in sentences):
        return True
    return _right_and_left(sentences) is not None


def _right_and_left(sentences: Sequence[Sentence]) -> Sentence | None:
    """A treatment on the right side and another on the left side of the same patients."""
    text = " ".join(s.lower for s in sentences)
    if RIGHT_SIDE.search(text) and LEFT_SIDE.search(text):
        return next(
            (s for s in sentences if RIGHT_SIDE.search(s.lower) or LEFT_SIDE.search(s.lower)),
            None,
        )
    return None


def _first(pattern: re.Pattern[str], sentences: Iterable[Sentence | None]) -> Sentence | None:
    for sentence in sentences:
        if sentence is not None and pattern.search(sentence.lower):
            return sentence
    return None


def _protocol(doc: Document) -> Sentence | None:
    if doc.title and PROTOCOL_TITLE.search(doc.title.lower):
        return doc.title
    future = _first(FUTURE_ENROLMENT, doc.sentences)
    reports_results = any(s.section == "results" or P_VALUE.search(s.lower) for s in doc.sentences)
    return future if future is not None and not reports_results else None


def _meta_analysis(title: Sentence | None, own: list[Sentence]) -> Sentence | None:
    """The sentence that shows studies were pooled, or None.

    Pooling the patients of one's own trials with no literature searched is a secondary
    analysis of those trials; an aim to meta-analyse in a review titled a systematic review,
    with no pooled statistic anywhere, is a systematic review that did not pool.
    """
    sentences = ([title] if title else []) + own
    searched = any(LITERATURE.search(s.lower) for s in sentences)
    pooled_statistic = any(POOLED_STATISTIC.search(s.lower) for s in own)
    titled_systematic = title is not None and bool(SYSTEMATIC_TITLE.search(title.lower))
    for sentence in sentences:
        if METHOD_GUIDE.search(sentence.lower):
            continue  # a guide to doing meta-analyses is not one
        for match in META_ANALYSIS.finditer(sentence.lower):
            tail = sentence.lower[match.end() : match.end() + 40]
            head = sentence.lower[max(0, match.start() - 30) : match.start()]
            if (
                NOT_DONE.match(tail)
                or negated(sentence.lower, match.start())
                or PREVENTED.search(head)
            ):
                continue
            if SOMEONE_ELSES.search(sentence.lower[: match.start()]):
                continue  # "we discuss a recent meta-analysis": another article's
            named = match.group().startswith("meta")
            if not named and not searched:
                continue  # "a pooled analysis of trials 9906 and 0233"
            if sentence.section == "objective" and titled_systematic and not pooled_statistic:
                continue
            return sentence
    return None


def _case_report(doc: Document) -> DesignFinding | None:
    """A report of one to three patients; four or more described patients make a series."""
    candidates = ([doc.title] if doc.title else []) + list(doc.sentences[:4])
    for sentence in candidates:
        if CASE_SERIES.search(sentence.lower) and (
            sentence.section == "title" or THIS_SERIES.search(sentence.lower)
        ):
            return Finding("cohort_or_case_series", "text", sentence.text, "text:case-series")
    # "We report a case ..." often closes an abstract that opens with background.
    candidates += [s for s in doc.sentences[4:] if REPORTED_CASE.search(s.lower)]
    for sentence in candidates:
        match = CASE_REPORT.search(sentence.lower)
        if match is None and sentence.section == "title":
            match = CASE_TITLE.search(sentence.lower) or FEW_PATIENTS_TITLE.search(sentence.lower)
        if match is None:
            continue
        count = _described_case_count(sentence.lower)
        if count is not None and count >= 4:
            return Finding("cohort_or_case_series", "text", sentence.text, "text:case-series")
        return Finding("case_report", "text", sentence.text, "text:case-report")
    return None


def _animal_or_in_vitro(doc: Document) -> Sentence | None:
    title = doc.title
    if title and LAB_OR_ANIMAL.search(title.lower) and not HUMAN_TITLE.search(title.lower):
        return title
    if _treats_people(doc):
        return None
    hits = [s for s in _past_background(doc.sentences) if LAB_OR_ANIMAL.search(s.lower)]
    return hits[0] if hits else None


def _arms_compared(doc: Document) -> bool:
    """Whether the abstract describes two or more arms, sides or treatments compared."""
    text = " ".join(s.lower for s in doc.all())
    return bool(ARMS.search(text)) or within_person(doc)


def _randomised(sentences: list[Sentence]) -> Sentence | None:
    # Data drawn from a randomised trial: later mentions of "the RCT" name that parent trial.
    if any(
        SECONDARY_ANALYSIS.search(s.lower) and "randomi" in s.lower
        for s in sentences
        if s.section != "background"
    ):
        return None
    for sentence in sentences:
        if _randomised_here(sentence):
            return sentence
    return None


def _past_background(sentences: Iterable[Sentence]) -> list[Sentence]:
    """The sentences that are neither in a background section nor read as background."""
    return [s for s in sentences if s.section != "background" and not background_like(s)]


def _observational_comparison(doc: Document) -> Sentence | None:
    """The sentence showing that groups were compared by who they are, not by treatment.

    Patients against healthy controls, survivors against non-survivors, one method against
    another on the same people, or an analysis of data from a trial: unless a treatment was
    allocated, these are observational studies, not controlled trials.
    """
    own = _past_background(doc.all())
    if any(ALLOCATION.search(s.lower) for s in own):
        return None
    if doc.title is not None and MEASUREMENT_TITLE.search(doc.title.lower):
        return doc.title
    for pattern in (OBSERVATIONAL_GROUPS, MEASUREMENT_STUDY):
        found = _first(pattern, own)
        if found is not None:
            return found
    secondary = _first(SECONDARY_ANALYSIS, own)
    if secondary is not None:
        return secondary
    if not any(INTERVENTION.search(s.lower) for s in ([doc.title] if doc.title else []) + own):
        return next((s for s in own if CONTROLLED.search(s.lower)), None)
    return None


def _controlled(doc: Document, sentences: list[Sentence]) -> DesignFinding | None:
    for sentence in sentences:
        if UNCONTROLLED.search(sentence.lower):
            return None
    within = next(
        (s for s in sentences if s.section != "conclusions" and WITHIN_PERSON.search(s.lower)),
        None,
    ) or _right_and_left([s for s in sentences if s.section != "conclusions"])
    if within is not None:
        return Finding("nonrandomized_controlled", "text", within.text, "text:within-person")
    compared = _stated_comparison(doc, sentences)
    if compared is None:
        return None
    observed = _observational_comparison(doc)
    if observed is not None:
        return Finding(
            "cohort_or_case_series", "text", observed.text, "text:observational-comparison"
        )
    return compared


def _stated_comparison(doc: Document, sentences: list[Sentence]) -> DesignFinding | None:
    for sentence in sentences:
        # "similar to historical data" in a conclusion sets results in context; a design
        # compared with a control is stated in the methods or the results.
        if sentence.section == "conclusions":
            continue
        if CONTROLLED.search(sentence.lower):
            return Finding(
                "nonrandomized_controlled", "text", sentence.text, "text:controlled-comparison"
            )
    if doc.title and VERSUS_TITLE.search(doc.title.lower) and doc.has_abstract:
        return Finding(
            "nonrandomized_controlled", "text", doc.title.text, "text:comparison-in-title"
        )
    return None


def _series(doc: Document, sentences: list[Sentence]) -> DesignFinding | None:
    for sentence in sentences:
        if SERIES.search(sentence.lower):
            return Finding(
                "cohort_or_case_series", "text", sentence.text, "text:observational-series"
            )
    treated = _first_people_sentence(sentences)
    if treated is not None:
        # One to three people described, and no larger count anywhere: a case report.
        if _few_people_only(doc):
            return Finding("case_report", "text", treated.text, "text:few-patients")
        return Finding("cohort_or_case_series", "text", treated.text, "text:treated-series")
    return None


def _few_people_only(doc: Document) -> bool:
    """Whether one to three people are all the abstract counts, with no group statistics."""
    if any(STATISTIC.search(s.lower) for s in doc.sentences):
        return False
    counts = [
        value
        for s in doc.all()
        if s.section not in ("background", "conclusions")
        for match in PEOPLE_COUNT.finditer(s.text)
        if not match.group("noun").lower().startswith("case")  # "two experimental cases"
        for value, _, _ in numbers_in(match.group("number"))
    ]
    return bool(counts) and max(counts) <= 3
