"""Reading an abstract the way the rules need it: sections, sentences, numbers.

`read(study)` turns a title and a (structured or flat) abstract into a `Document`: a list of
`Sentence`s, each tagged with the section it belongs to. Structured abstracts keep their own
sections; flat abstracts with inline headings ("Methods: ...") are split on those headings; plain
abstracts get the section "body". Matching is done on a normalised lower-case copy of each
sentence, while the sentence as written is what researchers are shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tracker.evidence.study import StudyInput


def _words(text: str) -> list[str]:
    return text.split()


Section = Literal[
    "title", "background", "objective", "methods", "results", "conclusions", "other", "body"
]

# Structured-abstract labels (upper-cased, without the colon) and the section each one means.
# NLM's own NlmCategory is used first; this table covers labels that come without one and the
# inline headings of flat abstracts.
_SECTION_LABELS: dict[Section, str] = {
    "background": """BACKGROUND; INTRODUCTION; IMPORTANCE; CONTEXT; RATIONALE; PURPOSE OF REVIEW;
        BACKGROUND AND OBJECTIVES; BACKGROUND AND OBJECTIVE; BACKGROUND AND AIMS;
        BACKGROUND AND AIM; BACKGROUND AND PURPOSE; BACKGROUND & OBJECTIVES;
        BACKGROUND/OBJECTIVES; BACKGROUND/AIMS; BACKGROUND/OBJECTIVE; INTRODUCTION AND AIM""",
    "objective": """OBJECTIVE; OBJECTIVES; AIM; AIMS; PURPOSE; GOAL; GOALS; STUDY OBJECTIVE;
        AIM OF THE STUDY; AIMS AND OBJECTIVES; STUDY AIM; HYPOTHESIS""",
    "methods": """METHODS; METHOD; MATERIALS AND METHODS; MATERIAL AND METHODS;
        PATIENTS AND METHODS; SUBJECTS AND METHODS; METHODS AND MATERIALS; METHODOLOGY; DESIGN;
        STUDY DESIGN; SETTING; SETTINGS; PARTICIPANTS; PATIENTS; SUBJECTS; INTERVENTION;
        INTERVENTIONS; MAIN OUTCOMES AND MEASURES; MAIN OUTCOME MEASURES; OUTCOME MEASURES;
        DESIGN, SETTING, AND PARTICIPANTS; DESIGN, SETTING AND PARTICIPANTS; METHODS AND ANALYSIS;
        DATA SOURCES; STUDY SELECTION; DATA EXTRACTION; DATA SOURCES AND STUDY SELECTION;
        DATA EXTRACTION AND SYNTHESIS; EVIDENCE ACQUISITION; SEARCH METHODS; SELECTION CRITERIA;
        DATA COLLECTION AND ANALYSIS; ELIGIBILITY CRITERIA; CASE PRESENTATION; CASE REPORT; CASE;
        CASE DESCRIPTION; CASE SUMMARY; MATERIALS; EXPERIMENTAL; PROCEDURES""",
    "results": """RESULTS; RESULT; FINDINGS; MAIN RESULTS; EVIDENCE SYNTHESIS; OBSERVATIONS;
        OUTCOMES; RESULTS AND DISCUSSION; RESULTS AND LIMITATIONS""",
    "conclusions": """CONCLUSION; CONCLUSIONS; CONCLUSIONS AND RELEVANCE; INTERPRETATION;
        AUTHORS' CONCLUSIONS; AUTHORS CONCLUSIONS; CLINICAL RELEVANCE; IMPLICATIONS;
        CLINICAL IMPLICATIONS; SIGNIFICANCE; SUMMARY; DISCUSSION; COMMENT; COMMENTS;
        CONCLUSION AND RELEVANCE; CONCLUSIONS/SIGNIFICANCE; PRACTICAL IMPLICATIONS;
        TAKE-HOME MESSAGE; CLINICAL SIGNIFICANCE; DISCUSSION AND CONCLUSION;
        DISCUSSION AND CONCLUSIONS; CONCLUSION(S)""",
    "other": """TRIAL REGISTRATION; REGISTRATION; LEVEL OF EVIDENCE; ETHICS AND DISSEMINATION;
        FUNDING; KEY WORDS; KEYWORDS; LIMITATIONS; CLINICAL TRIAL REGISTRATION;
        TRIAL REGISTRATION NUMBER; PROSPERO REGISTRATION; SYSTEMATIC REVIEW REGISTRATION""",
}
_LABEL_SECTIONS: dict[str, Section] = {
    " ".join(label.split()): section
    for section, labels in _SECTION_LABELS.items()
    for label in labels.split(";")
}

_NLM_CATEGORY_SECTIONS: dict[str, Section] = {
    "BACKGROUND": "background",
    "OBJECTIVE": "objective",
    "METHODS": "methods",
    "RESULTS": "results",
    "CONCLUSIONS": "conclusions",
}

# A heading inside a flat abstract: a known label at the start of the text or of a line, or right
# after the end of a sentence, followed by a colon.
_INLINE_HEADING = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?)\]]\s))\s*([A-Z][A-Za-z ,&'/()-]{1,60}?)\s*:\s+"
)

_BARE_HEADING = re.compile(
    r"(?:^|(?<=[.!?]\s))(BACKGROUND|Background|OBJECTIVES?|Objectives?|AIMS?|Aims?|METHODS?|"
    r"Methods?|(?:PATIENTS|Patients|MATERIALS?|Materials?|SUBJECTS|Subjects) (?:AND|and) "
    r"(?:METHODS|[Mm]ethods)|RESULTS?|Results?|CONCLUSIONS?|Conclusions?|DESIGN|Design|"
    r"PARTICIPANTS|Participants|MEASUREMENTS|Measurements|INTRODUCTION|Introduction)\s+"
    r"(?=[A-Z0-9])"
)

# Words after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    _words(
        """vs e.g i.e eg ie al fig figs no nos approx dr mr mrs ms st ca cf resp inc ltd co jr sr
        vol ref refs viz sp spp var subsp min max ver mo yr yrs wk wks h hr hrs ed eds pts u.s u.k
        dept"""
    )
)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Za-z0-9])")

# Typographic characters mapped to ASCII before matching.
_ONE_FOR_ONE = str.maketrans(
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphens, dashes, minus
    "\u00a0\u2009\u202f\u2002\u2003"  # non-breaking and thin spaces
    "\u2018\u2019\u201c\u201d\u00d7",  # curly quotes, multiplication sign
    "-------     ''\"\"x",
)
_EXPANSIONS = {"\u2264": "<=", "\u2265": ">=", "\u00b1": "+/-"}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the title or abstract."""

    text: str  # as written, whitespace collapsed (shown to researchers)
    lower: str  # normalised for matching: lower case, ASCII dashes and spaces
    section: Section
    index: int  # position among the abstract's sentences; -1 for the title


@dataclass(frozen=True, slots=True)
class Document:
    """A title and abstract cut into sentences."""

    title: Sentence | None
    sentences: tuple[Sentence, ...]  # the abstract only
    structured: bool  # sections came from labels (real or inline), not guessed

    @property
    def has_abstract(self) -> bool:
        return bool(self.sentences)

    def all(self) -> tuple[Sentence, ...]:
        """The title (when present) followed by the abstract."""
        return ((self.title,) if self.title else ()) + self.sentences

    def in_sections(self, *sections: Section) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.section in sections)

    def conclusion(self, fallback_sentences: int = 2) -> tuple[Sentence, ...]:
        """The conclusion: the labelled section when there is one, else the closing sentences.

        Trial registrations and similar trailers are skipped so that "the last sentence" is
        the authors' last statement about their findings.
        """
        labelled = self.in_sections("conclusions")
        if labelled:
            return labelled
        body = [s for s in self.sentences if s.section != "other" and not _is_trailer(s)]
        return tuple(body[-fallback_sentences:])


def normalise(text: str) -> str:
    """Lower-case text with typographic dashes, spaces and comparison signs made ASCII."""
    text = text.translate(_ONE_FOR_ONE)
    for character, replacement in _EXPANSIONS.items():
        text = text.replace(character, replacement)
    return " ".join(text.split()).lower()


def section_of_label(label: str | None, category: str | None = None) -> Section | None:
    """The section a structured-abstract label (or NlmCategory) stands for, if known.

    A label this table knows wins over NLM's category, which is occasionally wrong for a
    journal's house headings ("RESULTS AND LIMITATIONS" categorised as conclusions).
    """
    if label:
        key = " ".join(label.replace(":", " ").replace("&", " AND ").split()).upper()
        if key in _LABEL_SECTIONS:
            return _LABEL_SECTIONS[key]
    if category:
        return _NLM_CATEGORY_SECTIONS.get(category.strip().upper())
    return None


# A study is read once per claim it is linked to and by several rules each time; the cache
# keeps the last few readings (inputs and outputs are immutable).
@functools.lru_cache(maxsize=64)
def read(study: StudyInput) -> Document:
    """Cut a study's title and abstract into tagged sentences."""
    title_text = " ".join(study.title.split())
    # A translated title comes in square brackets; the brackets are not part of the title.
    if title_text.startswith("[") and title_text.rstrip(".").endswith("]"):
        title_text = title_text.rstrip(".")[1:-1]
    title = Sentence(title_text, normalise(title_text), "title", -1) if title_text else None

    parts: list[tuple[Section, str]] = []
    structured = False
    if study.abstract_sections:
        for part in study.abstract_sections:
            section = section_of_label(part.label, part.category)
            if section is not None:
                structured = True
            parts.append((section or "body", part.text))
    elif study.abstract.strip():
        inline = _split_inline_headings(study.abstract)
        if inline is not None:
            structured = True
            parts = inline
        else:
            parts = [("body", study.abstract)]

    # Trailers such as "Trial registration:" alone do not make an abstract structured.
    structured = structured and any(section not in ("body", "other") for section, _ in parts)
    sentences: list[Sentence] = []
    for section, text in parts:
        for chunk in split_sentences(text):
            sentences.append(Sentence(chunk, normalise(chunk), section, len(sentences)))
    return Document(title, tuple(sentences), structured)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences without breaking at "vs.", "et al.", initials or decimals."""
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=[A-Z])", text):
        block = " ".join(block.split())
        start = 0
        for match in _SENTENCE_END.finditer(block):
            end = match.end()
            if _ends_with_abbreviation(block[start : match.start() + 1]):
                continue
            piece = block[start:end].strip()
            if piece:
                pieces.append(piece)
            start = end
        rest = block[start:].strip()
        if rest:
            pieces.append(rest)
    return pieces


def _ends_with_abbreviation(fragment: str) -> bool:
    if not fragment.endswith("."):
        return False
    words = fragment[:-1].split()
    if not words:
        return False
    last = words[-1].lstrip("([\"'").lower()
    if last in _ABBREVIATIONS:
        return True
    # Initials ("J. Smith") and dotted abbreviations ("U.S.", "Ph.D.").
    return (len(last) == 1 and last.isalpha()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", last))


def _split_inline_headings(text: str) -> list[tuple[Section, str]] | None:
    """Split "BACKGROUND: ... METHODS: ..." into sections, or None if there are no headings.

    Headings without a colon ("Methods A total of 90 patients ...") are recognised only for
    the common labels and only when at least three of them occur, so that a sentence that
    merely starts with "Results" is not taken for a heading.
    """
    cuts: list[tuple[int, int, Section]] = []
    for match in _INLINE_HEADING.finditer(text):
        section = section_of_label(match.group(1))
        if section is not None:
            cuts.append((match.start(), match.end(), section))
    if not cuts:
        bare = [
            (m.start(), m.end(), section)
            for m in _BARE_HEADING.finditer(text)
            if (section := section_of_label(m.group(1))) is not None
        ]
        if len({section for _, _, section in bare}) >= 3:
            cuts = bare
    if not cuts:
        return None
    parts: list[tuple[Section, str]] = []
    if text[: cuts[0][0]].strip():
        parts.append(("body", text[: cuts[0][0]]))
    for position, (_, body_start, section) in enumerate(cuts):
        body_end = cuts[position + 1][0] if position + 1 < len(cuts) else len(text)
        if text[body_start:body_end].strip():
            parts.append((section, text[body_start:body_end]))
    return parts


def _is_trailer(sentence: Sentence) -> bool:
    return bool(
        re.match(
            r"(trial registration|registration|clinicaltrials\.gov|level of evidence|"
            r"copyright|\(c\)|©|this article is protected|funding|prospero|nct\d)",
            sentence.lower,
        )
    )


# ---------------------------------------------------------------------------------------------
# Numbers


_UNITS = {
    word: value
    for value, word in enumerate(
        _words(
            """zero one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen"""
        )
    )
}
_TENS = {
    word: 10 * value
    for value, word in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
} | {"fourty": 40}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))

# A number as written: digits (with thousands separators) or a run of number words. Digits glued
# to letters name something ("USH2 patients", "HIV1"), they count nothing.
NUMBER = (
    r"(?:(?<![\w.,/-])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\w.,/-])\d+(?![\d.]|,\d{3}))"
    rf"|(?:\b(?:{_NUMBER_WORD})(?:(?:[\s-]+(?:and[\s-]+)?)(?:{_NUMBER_WORD}))*\b)"
)


def parse_number(token: str) -> int | None:
    """The value of "24", "1,263", "Twenty-four" or "one hundred and twenty"; else None."""
    token = token.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", token):
        return int(token.replace(",", ""))
    words = [w for w in re.split(r"[\s-]+", token) if w and w != "and"]
    if not words:
        return None
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def numbers_in(text: str) -> Iterator[tuple[int, int, int]]:
    """Every number in `text` as (value, start, end)."""
    for match in re.finditer(NUMBER, text, flags=re.IGNORECASE):
        value = parse_number(match.group(0))
        if value is not None:
            yield value, match.start(), match.end()


# ---------------------------------------------------------------------------------------------
# Negation


_NEGATORS = re.compile(
    r"\b(?:no|not|without|none|neither|nor|never|free of|absence of|absent|lack of|"
    r"failed to|fail to|fails to|did not|does not|do not|was not|were not|is not|are not|"
    r"cannot|can't|didn't|doesn't|wasn't|weren't|isn't|aren't|nil|rather than|instead of)\b"
)


def negated(lower: str, start: int, window: int = 5) -> bool:
    """Whether a cue starting at `start` is inside the scope of a preceding negation.

    The scope runs back at most `window` words and stops at clause boundaries (commas,
    semicolons, "but", "while", "whereas"), so in "no infection occurred, but erythema
    persisted" the negation does not reach "erythema".
    """
    before = lower[:start]
    cut = max(
        before.rfind(","),
        before.rfind(";"),
        before.rfind(":"),
        before.rfind(" but "),
        before.rfind(" while "),
        before.rfind(" whereas "),
        before.rfind(" although "),
        before.rfind(" however"),
        before.rfind(" except "),
    )
    scope = before[cut + 1 :] if cut >= 0 else before
    # "did not help and worsened": a coordinated verb starts a new scope.
    verb_clause = list(re.finditer(r" and (?=\w+(?:ed|es)\b)", scope))
    if verb_clause:
        scope = scope[verb_clause[-1].end() :]
    if re.search(r"\band\s*$", scope) and re.match(r"\w+(?:ed|es)\b", lower[start:]):
        return False
    words = scope.split()[-window:]
    return bool(_NEGATORS.search(" ".join(words)))


# ---------------------------------------------------------------------------------------------
# Shared cues: counts of people, statements about this study rather than earlier work


# Staff: the people studied in a survey of them, otherwise raters or operators.
STAFF_NOUN = r"(?:nurses|physicians|surgeons|clinicians|practitioners|[a-z]+ologists)"
# Nouns that count people. "cases" counts people only in case reports and series.
PERSON_NOUN = (
    r"(?:patients?|subjects?|participants?|volunteers?|individuals?|persons?|people|women|men|"
    r"females?|males?|adults?|children|adolescents?|girls?|boys?|infants?|respondents?|"
    r"outpatients?|inpatients?|students?|cases?(?![- ](?:series|reports?|studies|control))|"
    r"twins|clients?|recipients|donors|caregivers|carers|parents|mothers|fathers|couples|"
    rf"pairs(?! of)|dyads|residents|workers|employees|{STAFF_NOUN}|veterans|athletes|smokers|"
    r"survivors|newborns|neonates|pupils|teenagers|users|attempters|casualties)(?!-)"
)
# Words that may sit between a number and the person noun ("30 consecutive Egyptian patients").
# A unit, a time or a preposition in between means the number counts something else.
_NOT_BETWEEN = (
    r"(?!(?:of|in|with|and|or|to|per|from|at|for|by|on|the|a|an|years?|months?|weeks?|days?|"
    r"hours?|minutes?|sessions?|treatments?|times|mm|cm|mg|ml|percent|groups?|million|"
    r"thousand|studies|trials|articles|who|were|was|had|have|received|underwent|"
    r"treated(?! (?:patients|subjects|participants|women|men|children|adults|individuals)\b)|"
    r"scars?|lesions?|patches|sides?|halves|sites?|areas?|than|more|less|vs|versus)\b)"
)
PEOPLE_COUNT = re.compile(
    rf"(?P<number>{NUMBER})(?:\s*\(\d+\))?(?:\s+{_NOT_BETWEEN}[a-z][a-z'\u2013-]*,?){{0,4}}\s+"
    rf"(?P<noun>{PERSON_NOUN})\b",
    re.IGNORECASE,
)

_BACKGROUND_LIKE = re.compile(
    r"\b(?:previous|prior|earlier|existing|published|recent|other|several|many|few|some|"
    r"limited|lack of|more|further|future|larger|well-designed|high-quality|additional|"
    r"well-conducted|adequately powered)\b[^.;]{0,40}\b(?:randomi[sz]ed|trials?|studies|"
    r"meta-analys[ie]s|systematic reviews?|case series|case reports)\b|\b(?:are|is|were|remain) "
    r"(?:still )?(?:needed|lacking|required|warranted|scarce|limited|missing|necessary|"
    r"sparse)\b|\bhave (?:been )?"
    r"(?:shown|demonstrated|reported|suggested|documented)\b|\b(?:pave[sd]? the way|"
    r"warrant(?:s|ed)?|calls? for|will require|would (?:be|require|need)|future|planned|"
    r"proposed|should be|need(?:s|ed)? to be)\b[^.;]{0,50}\b(?:randomi[sz]ed|trials?|studies)\b"
)
_THIS_STUDY = re.compile(
    r"\b(?:we|our|this|the present|the current|here|herein|these)\b|\b(?:were|was) (?:\w+ly )?"
    r"(?:randomi[sz]ed|searched|included|enrolled|recruited|allocated|assigned|treated|divided)\b"
)


def background_like(sentence: Sentence) -> bool:
    """Whether a sentence speaks of earlier or future work rather than this study's own."""
    lower = sentence.lower
    return bool(_BACKGROUND_LIKE.search(lower)) and not _THIS_STUDY.search(lower)


def about_this_study(sentence: Sentence) -> bool:
    """Whether a sentence describes this study rather than the literature before it.

    Structured abstracts say so through their sections. In a flat abstract the first sentence
    is usually background, so it counts only when it speaks of "we" or "this study"; any
    sentence about what earlier or future trials show or need is background.
    """
    if sentence.section in ("background", "other"):
        return False
    if background_like(sentence):
        return False
    if sentence.section == "body" and sentence.index == 0:
        return bool(_THIS_STUDY.search(sentence.lower)) or bool(PEOPLE_COUNT.search(sentence.text))
    return True


_NEGATED_AFTER = re.compile(
    r"^[^.;,]{0,40}?\b(?:(?:was|were|has been|have been|is|are) not (?:observed|seen|noted|"
    r"reported|found|detected|encountered|recorded)|(?:did not|does not|do not|was not|were not) "
    r"(?:occur|develop|appear)|(?:was|were) absent)\b"
)


def negated_after(lower: str, end: int) -> bool:
    """Whether a cue ending at `end` is denied by what follows ("PIH was not observed")."""
    return bool(_NEGATED_AFTER.search(lower[end:]))
