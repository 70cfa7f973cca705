"""PubMed-format text (MEDLINE tags, PubMed's "PubMed format" download and `.nbib`) -> records.

A file is PubMed format when its first non-blank line starts with `PMID-` (`is_medline`), what
its name ends with does not matter. `iter_records` reads it line by line, cuts it into records
(a blank line, or a new `PMID-` line, ends one) and hands each record's lines to Biopython's
`Bio.Medline`, which joins the six-space continuation lines into fields. The fields become the
same `ArticleRecord` that `tracker.pubmed.xml` builds from the XML of the same article:

- title `TI` (or the book title `BTI`); journal `JT`, else `TA`; `DP` as `pub_date`, its first
  four-digit number as `pub_year`; `LR` as `date_revised`; `STAT` as status;
- abstract `AB`, cut into sections at its inline labels ("BACKGROUND: ... RESULTS: ..."): a
  label is a run of capitals (digits, spaces, `,&/-()'.` allowed, at least three letters) with a
  colon, at the start or after a full stop, question or exclamation mark; the `abstract` string
  is built from the sections as the XML parser builds it;
- authors `AU` ("Smith JA") and group authors `CN`, in the order the file lists them;
- languages `LA`, publication types `PT`, keywords `OT`, PMCID `PMC`;
- MeSH `MH`: "Descriptor/qualifier/qualifier", a `*` on the descriptor or any qualifier marks a
  major topic;
- DOI: the `[doi]` of `LID`, else of `AID`; NCT ids from `SI` ("ClinicalTrials.gov/NCT...")
  and then the abstract;
- retraction: publication type "Retracted Publication" or a `RIN` line (its `PMID: n` kept);
  errata `EIN`; an expression of concern `ECI`.

What the text format cannot carry stays empty: the PMID's version (always 1), each abstract
section's NLM category, the MeSH unique ids, and the case of section labels (PubMed writes them
in capitals).

A record that cannot be used (no `PMID-` line, a PMID that is not a positive number, a line
that is neither a field nor a continuation) is yielded as a `SkippedRecord` with the line it
starts on (or the bad line) and the reader goes on with the next record.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TypeAlias

from Bio import Medline

from tracker.pubmed.records import (
    AbstractSection,
    ArticleRecord,
    MeshTerm,
    SkippedRecord,
    join_abstract,
)

MedlineEvent: TypeAlias = ArticleRecord | SkippedRecord

# "TI  - text", "FAU - text", "PMID- text": a tag of up to four characters padded to four, the
# dash in the fifth place, then a space (an empty field may end at the dash).
_FIELD_LINE = re.compile(r"(?P<tag>[A-Z][A-Z0-9]{0,3}) *-")
_CONTINUATION = "      "
_DIGITS = re.compile(r"[0-9]+")
_YEAR_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_LABEL = re.compile(
    r"(?:^|(?<=[.?!] ))(?P<label>[A-Z][A-Z0-9]*(?:[ ,&/()'.\-]+[A-Z0-9()][A-Z0-9()]*)*): "
)
_TAGGED_ID = re.compile(r"(?P<id>\S+) \[(?P<kind>[a-z-]+)\]")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_PMCID = re.compile(r"PMC[0-9]+")
_NCT = re.compile(r"(?<![A-Za-z0-9])NCT[0-9]{8}(?![0-9])")
_LINKED_PMID = re.compile(r"PMID: *([0-9]+)")
_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 1 << 16


def is_medline(head: bytes) -> bool:
    """Whether a file starting with `head` is PubMed-format text: its first non-blank line
    starts with "PMID-"."""
    for line in head.removeprefix(b"\xef\xbb\xbf").splitlines():
        if line.strip():
            return line.startswith(b"PMID-")
    return False


def is_medline_file(raw: BinaryIO) -> bool:
    """`is_medline` for an open, seekable file (gzipped or not); the file is left at its start."""
    head = raw.read(_SNIFF_BYTES)
    raw.seek(0)
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return False  # not gzip after all: let the XML reader report it
    return is_medline(head)


def text_lines(raw: BinaryIO) -> Iterator[str]:
    """The lines of a PubMed-format file (UTF-8, as PubMed writes it; gzip recognised)."""
    gzipped = raw.read(2) == _GZIP_MAGIC
    raw.seek(0)
    stream: BinaryIO | gzip.GzipFile = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
    # A byte that is not UTF-8 becomes U+FFFD rather than failing the whole file.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace")
    try:
        yield from text
    finally:
        text.detach()  # the caller owns the file: the wrapper must not close it


def iter_records(lines: Iterable[str]) -> Iterator[MedlineEvent]:
    """The records of one PubMed-format text, in file order (see the module docstring).

    `lines` are the file's lines: a text file object, or `text_lines` of a binary one.
    """
    for position, (first_line, chunk) in enumerate(_chunks(lines), start=1):
        yield _record_or_skip(chunk, first_line, position)


def _chunks(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Each record's lines with the number of its first line; blank lines separate records,
    and a `PMID-` line starts a new one even without a blank line before it."""
    chunk: list[str] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").removeprefix("\ufeff")
        # Six spaces and nothing else continue a field with an empty line, as Biopython reads
        # it; any other blank line ends the record.
        if not line.strip() and not (chunk and line.startswith(_CONTINUATION)):
            if chunk:
                yield start, chunk
                chunk = []
            continue
        if chunk and line.startswith("PMID-"):
            yield start, chunk
            chunk = []
        if not chunk:
            start = number
        chunk.append(line)
    if chunk:
        yield start, chunk


def _record_or_skip(chunk: list[str], first_line: int, position: int) -> MedlineEvent:
    if _tag(chunk[0]) != "PMID":
        return SkippedRecord(position, "record without a PMID- line", line=first_line)
    value = chunk[0][5:].strip()
    if not _DIGITS.fullmatch(value) or int(value) == 0:
        return SkippedRecord(
            position, f"PMID {value[:40]!r} is not a positive number", line=first_line
        )
    pmid = int(value)
    tags: list[str] = []
    for offset, line in enumerate(chunk):
        if line.startswith(_CONTINUATION):
            continue
        tag = _tag(line)
        if tag is None:
            return SkippedRecord(
                position,
                f"neither a field ('TAG - value') nor a continuation line: {line[:40]!r}",
                pmid,
                line=first_line + offset,
            )
        tags.append(tag)
    (fields,) = Medline.parse(chunk)
    return _article(pmid, fields, tags)


def _tag(line: str) -> str | None:
    """The tag of a field line, None for anything else: Biopython reads the tag from the first
    four characters and the value from the seventh on, so only that layout is a field."""
    found = _FIELD_LINE.match(line)
    if found is None or found.end() != 5 or line[5:6] not in ("", " "):
        return None
    return found.group("tag")


def _article(pmid: int, fields: Any, tags: list[str]) -> ArticleRecord:
    def text(tag: str) -> str:
        value = fields.get(tag, "")
        return _clean(value if isinstance(value, str) else " ".join(value))

    def texts(tag: str) -> list[str]:
        value = fields.get(tag, [])
        return [t for t in map(_clean, [value] if isinstance(value, str) else value) if t]

    sections = _abstract_sections(text("AB"))
    abstract = join_abstract(sections)
    publication_types = texts("PT")
    retractions = texts("RIN")
    book_title = text("BTI")
    pub_date = text("DP") or None
    year = _YEAR_IN_TEXT.search(pub_date or "")
    return ArticleRecord(
        pmid=pmid,
        title=text("TI") or book_title,
        abstract=abstract,
        abstract_sections=sections,
        journal=text("JT") or text("TA") or book_title or None,
        pub_year=int(year.group()) if year else None,
        pub_date=pub_date if year else None,
        doi=_doi(text("LID")) or _doi(" ".join(texts("AID"))),
        pmcid=_pmcid(text("PMC")),
        authors=_authors(tags, texts("AU"), texts("CN")),
        languages=texts("LA"),
        publication_types=publication_types,
        mesh_terms=[_mesh_term(term) for term in texts("MH")],
        keywords=list(dict.fromkeys(texts("OT"))),
        nct_ids=_nct_ids(texts("SI"), abstract),
        retracted="Retracted Publication" in publication_types or bool(retractions),
        retraction_pmids=_linked_pmids(retractions),
        expression_of_concern=bool(texts("ECI")),
        erratum_pmids=_linked_pmids(texts("EIN")),
        date_revised=_date(text("LR")),
        status="Book" if book_title else text("STAT") or None,
        is_book=bool(book_title),
    )


def _clean(value: str) -> str:
    return " ".join(value.split())


def _abstract_sections(abstract: str) -> list[AbstractSection]:
    """The abstract cut at its inline labels; one unlabelled section when it has none."""
    if not abstract:
        return []
    labels = [m for m in _LABEL.finditer(abstract) if _letters(m.group("label")) >= 3]
    if not labels:
        return [AbstractSection(text=abstract)]
    sections: list[AbstractSection] = []
    lead = abstract[: labels[0].start()].strip()
    if lead:
        sections.append(AbstractSection(text=lead))
    ends = [following.start() for following in labels[1:]] + [len(abstract)]
    for here, end in zip(labels, ends, strict=True):
        body = abstract[here.end() : end].strip()
        if body:
            sections.append(AbstractSection(text=body, label=here.group("label")))
    return sections


def _letters(label: str) -> int:
    return sum(ch.isalpha() for ch in label)


def _authors(tags: list[str], people: list[str], groups: list[str]) -> list[str]:
    """`AU` and `CN` values in the order their lines appear (Biopython keeps them apart)."""
    queues = {"AU": iter(people), "CN": iter(groups)}
    ordered = [next(queues[tag], "") for tag in tags if tag in queues]
    return [name for name in ordered if name]


def _mesh_term(heading: str) -> MeshTerm:
    # "Acne Vulgaris/*therapy": descriptor, qualifiers; a star marks a major topic.
    parts = [part.strip() for part in heading.split("/")]
    major = any(part.startswith("*") for part in parts)
    names = [part.lstrip("*").strip() for part in parts]
    return MeshTerm(descriptor=names[0], major=major, qualifiers=tuple(filter(None, names[1:])))


def _doi(identifiers: str) -> str | None:
    for found in _TAGGED_ID.finditer(identifiers):
        if found.group("kind") == "doi":
            doi = _DOI_PREFIX.sub("", found.group("id")).strip()
            if doi:
                return doi
    return None


def _pmcid(value: str) -> str | None:
    found = _PMCID.match(value)
    return found.group() if found else None


def _nct_ids(secondary_ids: list[str], abstract: str) -> list[str]:
    found = [
        number
        for source in secondary_ids
        if source.lower().startswith("clinicaltrials.gov/")
        for number in _NCT.findall(source)
    ]
    return list(dict.fromkeys(found + _NCT.findall(abstract)))


def _linked_pmids(links: list[str]) -> list[int]:
    pmids = [int(found.group(1)) for link in links for found in _LINKED_PMID.finditer(link)]
    return list(dict.fromkeys(pmid for pmid in pmids if pmid))


def _date(value: str) -> dt.date | None:
    """A `YYYYMMDD` date (LR, DCOM); None when it is not one."""
    if not (len(value) == 8 and value.isdigit()):
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None
