"""Marketing copy as sentences: Unicode folded for matching, offsets kept into the original.

Web copy is not prose. Clinic pages are headings and bullet lists, product listings run claims
together with ticks and emoji, spun blog posts arrive with curly quotes, zero-width spaces and
full-width letters. `fold` makes one lower-case matching view of the text (compatibility
decomposition, accents and format characters dropped, quotes and dashes made plain) and
remembers, for every character of that view, the character of the original it came from.
`split_sentences` cuts the folded view and maps each sentence back, so a sentence's `start` and
`end` always point at its text in what the user gave us.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Characters that end a line; the rest of the C* categories become spaces or vanish.
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u0060": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
}  # fmt: skip
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
# Symbols that belong to the word before them (brand names), not bullets.
_ATTACHED_SYMBOLS = frozenset("™®©℠°№")
# Bullets and ticks that start an item, at the start of a line or inside run-on copy.
_BULLETS = frozenset("•·▪▫◦●○■□➤➢►▶▸→⇒✓✔☑✗✘✕★☆❖◆◇♦|¦")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as the matching view sees it ("" for characters that carry nothing)."""
    if char.isascii() and char.isprintable():
        return char.lower()
    if char in _LINE_BREAKS:
        return "\n"
    if char in _QUOTES:
        return _QUOTES[char]
    if char in _DASHES:
        return "-"
    category = unicodedata.category(char)
    if category == "Cf":  # zero-width spaces and joiners, soft hyphens, direction marks
        return ""
    if category.startswith("C") or category.startswith("Z"):
        return " "
    folded = unicodedata.normalize("NFKD", char).casefold()
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    folded = "".join(_QUOTES.get(c, "-" if c in _DASHES else c) for c in folded)
    if not folded and char.isalpha():
        return "?"  # never lose a letter: a sentence must keep every letter it had
    return folded


@dataclass(frozen=True, slots=True)
class Folded:
    """The matching view of a text and, per character of it, its index in the original."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded characters `start` to `end` (end exclusive, non-empty)."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """NFKC-style folding for matching: compatibility forms, case, accents, quotes, dashes."""
    if text.isascii():
        # The common case, without a Python loop per character: only case and breaks change.
        return Folded(text.lower().translate(_ASCII_CONTROLS), tuple(range(len(text))))
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return Folded("".join(parts), tuple(origin))


def fold_text(text: str) -> str:
    """`fold(text).text`, without the origin map (for matching sentences already cut)."""
    if text.isascii():
        return text.lower().translate(_ASCII_CONTROLS)
    return "".join(_fold_char(char) for char in text)


_ASCII_CONTROLS = {
    code: ("\n" if chr(code) in _LINE_BREAKS else " ")
    for code in [*range(0, 32), 127]
    if chr(code) not in "\t\n"
}


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the original text: `text == original[start:end]`."""

    text: str
    start: int
    end: int


# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "vs", "approx", "no", "nos", "inc", "ltd", "jr",
        "sr", "fig", "dept", "est", "ca", "cf", "al", "mt", "sq", "e.g", "i.e", "a.m", "p.m",
        "u.s", "u.k",
    }
)  # fmt: skip
_TERMINAL = re.compile(r"[.!?]+[\"')\]]*")
_LEAD_NUMBER = re.compile(r"\(?\d{1,3}[.)](?=\s)")


def _is_marker(char: str) -> bool:
    """A character that can only decorate the start of an item: bullet, tick, emoji, dash."""
    if char in _BULLETS:
        return True
    if char in _ATTACHED_SYMBOLS or char in "\"'([":
        return False
    category = unicodedata.category(char)
    return category in ("So", "Sm", "Sk", "Pd") or char in "*#>+~=_"


def _separator(original: str, folded: Folded, index: int) -> bool:
    """Whether folded character `index` separates items inside a line (ticks, emoji, bars)."""
    char = folded.text[index]
    if char in _BULLETS:
        return True
    source = original[folded.origin[index]]
    return source not in _ATTACHED_SYMBOLS and unicodedata.category(source) == "So"


def split_sentences(text: str, folded: Folded | None = None) -> list[Sentence]:
    """The sentences of `text`, in order; never raises, whatever the characters.

    Boundaries: line breaks (a line that wraps mid-sentence, no closing punctuation before a
    lower-case continuation, is joined), full stops, question and exclamation marks before a
    capital or digit (not after abbreviations or initials), and bullets, ticks and emoji inside
    run-on lines. Leading bullets, numbering and decoration are left out of the sentence;
    fragments without a letter (a lone "1." or a row of stars) are dropped.
    """
    folded = folded or fold(text)
    sentences: list[Sentence] = []
    for start, end in _segments(text, folded):
        for piece_start, piece_end in _pieces(text, folded, start, end):
            sentence = _trimmed(text, folded, piece_start, piece_end)
            if sentence is not None:
                sentences.append(sentence)
    return sentences


def _lines(folded: Folded) -> Iterator[tuple[int, int]]:
    position = 0
    for line in folded.text.split("\n"):
        yield position, position + len(line)
        position += len(line) + 1


def _segments(original: str, folded: Folded) -> Iterator[tuple[int, int]]:
    """Lines, with a line that continues a wrapped sentence joined to the one before it."""
    current: tuple[int, int] | None = None
    for start, end in _lines(folded):
        line = folded.text[start:end]
        stripped = line.strip()
        if not stripped:
            if current is not None:
                yield current
            current = None
            continue
        if current is not None and _continues(original, folded, current, start, end):
            current = (current[0], end)
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def _continues(
    original: str, folded: Folded, previous: tuple[int, int], start: int, end: int
) -> bool:
    """A wrapped sentence: no closing punctuation before, a lower-case word after."""
    before = folded.text[previous[0] : previous[1]].rstrip()
    if not before or before[-1] in ".!?:;\"')":
        return False
    line = folded.text[start:end]
    offset = len(line) - len(line.lstrip())
    if offset >= len(line):
        return False
    first = start + offset
    source = original[folded.origin[first]]
    return source.isalpha() and source.islower()


def _pieces(original: str, folded: Folded, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut one segment at sentence-ending punctuation and at inline separators."""
    text = folded.text
    piece = start
    index = start
    while index < end:
        if _separator(original, folded, index):
            yield piece, index
            piece = index + 1
            index += 1
            continue
        match = _TERMINAL.match(text, index, end) if text[index] in ".!?" else None
        if match is None:
            index += 1
            continue
        stop = match.end()
        if _ends_sentence(original, folded, piece, index, stop, end):
            yield piece, stop
            piece = stop
        index = stop
    yield piece, end


def _ends_sentence(
    original: str, folded: Folded, piece: int, mark: int, stop: int, end: int
) -> bool:
    text = folded.text
    if stop >= end:
        return True
    following = stop
    while following < end and text[following] in " \t":
        following += 1
    if following >= end:
        return True
    source = original[folded.origin[following]]
    if following == stop:
        # No space: only run-on copy ("scars.Boosts"), a lower-case word then a capital.
        word = re.search(r"[a-z]{2,}$", text[piece:mark])
        return text[mark] != "." or (word is not None and source.isupper())
    if source.isalpha() and source.islower() and text[mark] == ".":
        return False  # "e.g. acne", "approx. two": a question or exclamation still ends
    if text[mark] == "." and stop - mark == 1:
        word = re.search(r"[\w.]+$", text[piece:mark])
        if word is not None:
            token = word.group(0)
            if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
                return False
    return True


def _trimmed(original: str, folded: Folded, start: int, end: int) -> Sentence | None:
    """The piece without surrounding space and leading decoration; None without a letter."""
    text = folded.text
    while start < end and (text[start].isspace() or _is_marker(original[folded.origin[start]])):
        start += 1
    number = _LEAD_NUMBER.match(text, start, end)
    if number is not None:
        start = number.end()
        while start < end and text[start].isspace():
            start += 1
    while end > start and (text[end - 1].isspace() or _is_trailing(original, folded, end - 1)):
        end -= 1
    if start >= end:
        return None
    first, last = folded.span(start, end)
    # Characters the fold dropped (zero-width, joiners) may sit at the edges of the original.
    while first < last and not _shown(original[first]):
        first += 1
    while last > first and not _shown(original[last - 1]):
        last -= 1
    piece = original[first:last]
    if not any(char.isalpha() for char in piece):
        return None
    return Sentence(piece, first, last)


def _is_trailing(original: str, folded: Folded, index: int) -> bool:
    """Decoration after the words (a tick, a star): not part of the sentence."""
    char = original[folded.origin[index]]
    return char in _BULLETS or (
        char not in _ATTACHED_SYMBOLS and unicodedata.category(char) in ("So", "Sk")
    )


def _shown(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cf", "Cc", "Zl", "Zp")
