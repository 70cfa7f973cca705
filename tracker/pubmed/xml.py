"""Streaming, safe parser for PubMed XML: efetch output and MEDLINE baseline/update files.

`iter_records` reads one document and yields, in document order:

- an `ArticleRecord` for each `PubmedArticle`, `PubmedBookArticle`, or bare `MedlineCitation`
  (the legacy `MedlineCitationSet` root used before 2017);
- a `SkippedRecord` for a record that cannot be used (no PMID, a non-numeric PMID or Version, no
  Article, or over `MAX_RECORD_TEXT` characters of text or `MAX_RECORD_BYTES` in the document);
  parsing carries on with the next record. An oversized record is never held whole: its finished
  parts are freed while the rest of it streams past;
- a `DeletedCitation` for each PMID listed under `DeleteCitation`, where it appears in the file,
  which is after the records that precede it;
- a `PassedOver` for a record that the caller's `select` filter declined. The filter sees the
  PMID and all the text of the citation before the record is parsed, which lets an import of a
  MEDLINE baseline file skip the parse of the many records that no claim can match
  (`tracker.pubmed.prefilter`). Records holding MathML always reach the parse: MathML drops the
  layout white space between tokens, so their parsed text can differ from their raw text.

If the document as a whole is unusable, `PubmedXMLError` is raised. This covers non-XML, an empty
or truncated document, a root other than the three PubMed sets (an NCBI `<ERROR>` response, for
example), a DOCTYPE that declares entities, and an unreadable gzip stream. Records completed before
the fault have already been yielded by then.

The parser does not load DTDs, does not expand entities and does not use the network. PubMed XML
uses only character references and the five predefined entities, so a DOCTYPE that declares
entities is an attack (XXE, "billion laughs"), and the whole document is refused.

Decisions, so that readers of `ArticleRecord` know what they get:

- Text: inline markup (`i`, `b`, `sup`, `sub`, `u`, `DispFormula`) is dropped and its text kept,
  with no spaces added (`r<sup>2</sup>` gives "r2"). Whitespace runs become one space, and the text
  is stripped. MathML keeps its token text, concatenated without the layout whitespace between
  tokens, so a formula reads like "V.O2max". A translated title keeps its square brackets.
- Abstract: one `AbstractSection` per non-empty `AbstractText` (`OtherAbstract` is ignored). The
  `abstract` string joins the sections as paragraphs separated by a blank line, each prefixed
  "LABEL: " when it has a label (NLM's placeholder label "UNLABELLED" is not shown, and a label
  that already ends in a colon gets no second one).
- Authors: "LastName Initials" as PubMed cites them ("Smith JA"), with initials made from
  ForeName when Initials is missing ("Jean-Pierre A" gives "JPA", as PubMed's own do), so a
  name always splits into surname and initials; Suffix appended ("Smith JA Jr"); a
  `CollectiveName` as written. Authors marked
  `ValidYN="N"` (misspellings kept after an erratum) are skipped. For a book, editors are not
  authors.
- Dates: `pub_year` and `pub_date` come from `PubDate`. Year/Month/Day gives "2021 Mar 4", with a
  numeric month turned into its abbreviation. A Season gives "2000 Spring" or "2019 May-Jun". A
  `MedlineDate` is kept as written ("2019 Sep/Oct"), and its first four-digit number is the year.
  When PubDate has no usable year, the Electronic `ArticleDate` is used; with no year anywhere,
  both fields are None. A year like "abcd" is not an error, just no year.
- DOI: the first `ELocationID EIdType="doi"` not marked `ValidYN="N"`, otherwise the record's own
  `ArticleIdList` doi, never a reference's. A "doi:" or "https://doi.org/" prefix is removed.
- PMCID: `ArticleIdList` pmc, otherwise (legacy files) a `PMC…` `OtherID` with Source NLM.
- NCT ids: ClinicalTrials.gov accession numbers from `DataBankList` (whitespace removed, only the
  `NCT` + 8 digits form kept), then any `NCT` + 8 digits in the abstract, in order, deduplicated.
  Keywords are deduplicated in order too.
- Retraction: the publication type "Retracted Publication" or a `RetractionIn` link. A retraction
  notice ("Retraction of Publication", `RetractionOf`) is not itself retracted. Errata
  (`ErratumIn`) are kept apart from retractions.
- Books: `is_book`, status "Book", title from ArticleTitle or else BookTitle, journal = BookTitle,
  and the year from Book/PubDate or else ContributionDate.
- `SkippedRecord.position` is the 1-based index of the element among the record and
  `DeleteCitation` elements of the document.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import BinaryIO, TypeAlias, cast

from lxml import etree

from tracker.errors import TrackerError
from tracker.pubmed.records import (
    MAX_PMID,
    MAX_VERSION,
    AbstractSection,
    ArticleRecord,
    DeletedCitation,
    MeshTerm,
    PassedOver,
    SkippedRecord,
    join_abstract,
    pmid_in_range,
)

__all__ = [
    "ParseEvent",
    "PubmedXMLError",
    "RecordFilter",
    "count_records",
    "iter_records",
    "parse_bytes",
]

ParseEvent: TypeAlias = ArticleRecord | DeletedCitation | SkippedRecord | PassedOver
# Called with a record's PMID and the text of its whole citation (markup removed, white space
# as in the file); False means "do not parse this record".
RecordFilter: TypeAlias = Callable[[int, str], bool]
Source: TypeAlias = str | os.PathLike[str] | bytes | BinaryIO


class PubmedXMLError(TrackerError):
    """The document as a whole cannot be used; the message names the source."""


# Roots whose record children we understand. `BookDocumentSet` (bare BookDocuments) is not
# produced by efetch or the baseline files, so it is reported as an unexpected root.
_PUBMED_ROOTS = frozenset({"PubmedArticleSet", "PubmedBookArticleSet", "MedlineCitationSet"})
_RECORD_TAGS = frozenset({"PubmedArticle", "PubmedBookArticle", "MedlineCitation"})
_DELETE_TAG = "DeleteCitation"
_MATHML_ROOT = "{http://www.w3.org/1998/Math/MathML}math"
# `ERROR` is in the event filter only so that an NCBI error response can be quoted, and MathML
# only so that a record holding a formula is known before it is filtered.
_EVENT_TAGS = (*sorted(_RECORD_TAGS), _DELETE_TAG, "ERROR", _MATHML_ROOT)

# One text node is bounded by libxml2 (10 MB without huge_tree), but a record made of many nodes
# was not: 18 abstract sections just under that limit gave a 180 MB abstract. A record over
# either cap is skipped and reported. The largest of the ~1,000 real records we hold has 46,000
# characters of text in 90 KB: the caps are generous.
MAX_RECORD_TEXT = 4_000_000  # characters of text in one record, all its elements together
MAX_RECORD_BYTES = 64 * 1024 * 1024  # one record's size in the document, markup included
_READ_SIZE = 1 << 16  # bytes fed to the parser at a time: records are measured in between

_GZIP_MAGIC = b"\x1f\x8b"
_MATHML_PREFIX = "{http://www.w3.org/1998/Math/MathML}"

_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
_YEAR_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_NCT = re.compile(r"NCT[0-9]{8}")
_NCT_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])NCT[0-9]{8}(?![0-9])")
_PMCID = re.compile(r"PMC[0-9]+")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_LXML_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+$")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_BY_KEY = {name.lower(): (number, name) for number, name in enumerate(_MONTHS, start=1)}


# --------------------------------------------------------------------------------------------
# Public API


def iter_records(
    source: Source, *, name: str | None = None, select: RecordFilter | None = None
) -> Iterator[ParseEvent]:
    """Yield the records of one PubMed XML document, streaming.

    `source` is a path to a `.xml` or `.xml.gz` file (gzip is recognised by its magic bytes),
    the document as bytes, or a binary file object. `name` labels the source in error messages.
    `select`, when given, is asked about each record before it is parsed; a record it declines
    is yielded as a `PassedOver`. Raises `PubmedXMLError` when the document as a whole is
    unusable.
    """
    with ExitStack() as stack:
        stream, label = _open_stream(source, name, stack)
        for position, top in enumerate(_top_level_elements(stream, label), start=1):
            element = top.element
            if top.oversized is not None:
                yield SkippedRecord(position=position, reason=top.oversized, pmid=top.pmid)
                continue
            if element.tag == _DELETE_TAG:
                yield from _deleted_citations(element, position)
                continue
            if select is not None and not top.has_math:
                declined = _declined(element, select)
                if declined is not None:
                    yield declined
                    continue
            yield _record_or_skip(element, position)


def parse_bytes(data: bytes, *, name: str = "<bytes>") -> list[ParseEvent]:
    """Parse a whole document held in memory (an efetch response body, say)."""
    return list(iter_records(data, name=name))


def count_records(source: Source, *, name: str | None = None) -> int:
    """Count the record elements of a document without building records.

    DeleteCitation is not counted; a record that `iter_records` would skip is.
    """
    with ExitStack() as stack:
        stream, label = _open_stream(source, name, stack)
        tops = _top_level_elements(stream, label)
        return sum(1 for top in tops if top.element.tag != _DELETE_TAG)


# --------------------------------------------------------------------------------------------
# Opening the source


class _PrefixedReader(io.RawIOBase):
    """A byte stream that first returns bytes already read (the sniffed magic), then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def _open_stream(source: Source, name: str | None, stack: ExitStack) -> tuple[BinaryIO, str]:
    raw: BinaryIO
    if isinstance(source, bytes | bytearray):
        label = name or "<bytes>"
        raw = io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        label = name or os.fspath(source)
        try:
            raw = stack.enter_context(open(source, "rb"))  # noqa: SIM115 (closed by the stack)
        except OSError as exc:
            raise PubmedXMLError(f"{label}: cannot open: {exc.strerror or exc}") from exc
    else:
        stream_name = getattr(source, "name", None)
        label = name or (stream_name if isinstance(stream_name, str) else "<stream>")
        raw = source
    try:
        head = raw.read(2)
        if len(head) == 1:  # a pipe or socket may hand out one byte at a time
            head += raw.read(1)
        seekable = raw.seekable()
        if seekable:  # a file: step back over the magic bytes and let lxml read it directly
            raw.seek(-len(head), io.SEEK_CUR)
    except OSError as exc:
        raise PubmedXMLError(f"{label}: cannot read: {exc}") from exc
    if not head:
        raise PubmedXMLError(f"{label}: empty document (no bytes at all)")
    stream: BinaryIO = raw
    if not seekable:
        # Give back the sniffed bytes first; BufferedReader turns the small reads of the
        # prefix reader into the large chunks lxml asks for.
        stream = io.BufferedReader(_PrefixedReader(head, raw), buffer_size=1 << 16)
    if head == _GZIP_MAGIC:
        stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    return stream, label


# --------------------------------------------------------------------------------------------
# Document level: root check, safety check, streaming with flat memory


@dataclass(frozen=True, slots=True)
class _TopLevel:
    """A complete child of the root: a record or a DeleteCitation."""

    element: etree._Element
    has_math: bool  # the element holds MathML
    oversized: str | None = None  # why the record was skipped unread, when it was too large
    pmid: int | None = None  # an oversized record's PMID, when it came before the bulk


def _top_level_elements(stream: BinaryIO, label: str) -> Iterator[_TopLevel]:
    """Yield the root's record and DeleteCitation children, each complete, in document order.

    An element is cleared, and its earlier siblings deleted, once the consumer asks for the next
    one, so memory stays flat however large the file. The parser is fed in chunks, and between
    two chunks the record being read is measured: one over MAX_RECORD_TEXT or MAX_RECORD_BYTES
    is flagged and its completed parts freed as the rest of it streams past.
    """
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=_EVENT_TAGS,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root: etree._Element | None = None
    ncbi_errors: list[str] = []
    has_math = False
    fed = 0  # bytes given to the parser (decompressed ones for gzip)
    open_record: _OpenRecord | None = None
    finished = False
    try:
        while not finished:
            chunk = stream.read(_READ_SIZE)
            chunk_start = fed
            if chunk:
                parser.feed(chunk)
                fed += len(chunk)
            else:
                closed = parser.close()  # raises XMLSyntaxError when the document is cut short
                root = closed if root is None else root
                finished = True
            for event, element in _element_events(parser):
                if root is None:
                    root = element.getroottree().getroot()
                    _refuse_entity_declarations(root, label)
                if event == "start":
                    if element.tag in _RECORD_TAGS and element.getparent() is root:
                        # It started somewhere in this chunk: counting from the chunk's start
                        # overestimates its size, never underestimates it.
                        open_record = _OpenRecord(element, chunk_start)
                    continue
                if element.tag == _MATHML_ROOT:  # inside the record that ends next
                    has_math = True
                    continue
                if root.tag not in _PUBMED_ROOTS:
                    if element.tag != "ERROR":  # records under a foreign root: stop reading now
                        finished = True
                        break
                    message = _text(element)
                    if message:  # espell sends an empty <ERROR/> that means nothing
                        ncbi_errors.append(message)
                    continue
                # A MedlineCitation inside a PubmedArticle also ends here; only root children.
                if element.getparent() is not root or element.tag == "ERROR":
                    continue
                oversized, pmid = None, None
                if open_record is not None and open_record.element is element:
                    oversized, pmid = open_record.finish(fed), open_record.pmid
                    open_record = None
                yield _TopLevel(element, has_math, oversized, pmid)
                has_math = False
                element.clear()
                while element.getprevious() is not None:
                    del root[0]
            if open_record is not None:
                open_record.check(fed)
    except etree.XMLSyntaxError as exc:
        raise PubmedXMLError(_syntax_error_message(label, exc)) from exc
    except (OSError, EOFError, zlib.error) as exc:  # a broken gzip stream raises any of these
        raise PubmedXMLError(f"{label}: cannot read: {exc}") from exc

    if root is None:
        raise PubmedXMLError(f"{label}: not well-formed XML: no root element")
    _refuse_entity_declarations(root, label)
    if root.tag not in _PUBMED_ROOTS:
        if ncbi_errors:
            raise PubmedXMLError(f"{label}: NCBI returned an error: {'; '.join(ncbi_errors)}")
        raise PubmedXMLError(
            f"{label}: not PubMed XML: the root element is <{root.tag}>, expected one of "
            f"{', '.join(sorted(_PUBMED_ROOTS))}"
        )


def _element_events(parser: etree.XMLPullParser) -> Iterator[tuple[str, etree._Element]]:
    # Only start and end events are asked for: each carries an element.
    for event, item in parser.read_events():
        yield event, cast(etree._Element, item)


class _OpenRecord:
    """A record still being parsed, measured between chunks so that none grows unbounded.

    Its text is at most its size in bytes (markup, references and UTF-8 only add bytes), so the
    text is counted only once the record has read more bytes than MAX_RECORD_TEXT, and again
    each time it has grown by a quarter: the counting stays linear in the record's size.
    """

    __slots__ = ("element", "next_count", "pmid", "reason", "start")

    def __init__(self, element: etree._Element, start: int) -> None:
        self.element = element
        self.start = start
        self.next_count = MAX_RECORD_TEXT
        self.reason: str | None = None
        self.pmid: int | None = None

    def check(self, fed: int) -> None:
        if self.reason is None:
            self._measure(fed - self.start)
        if self.reason is not None:
            _free_completed_parts(self.element)

    def finish(self, fed: int) -> str | None:
        """Why the complete record is refused, or None to read it."""
        if self.reason is None:
            self._measure(fed - self.start, final=True)
        return self.reason

    def _measure(self, size: int, *, final: bool = False) -> None:
        if size > MAX_RECORD_BYTES:
            self._refuse(f"the record is larger than {MAX_RECORD_BYTES:,} bytes")
        elif size > self.next_count or (final and size > MAX_RECORD_TEXT):
            text = sum(len(part) for part in self.element.itertext())
            if text > MAX_RECORD_TEXT:
                self._refuse(f"the record holds over {MAX_RECORD_TEXT:,} characters of text")
            self.next_count = size + size // 4

    def _refuse(self, why: str) -> None:
        self.reason = f"{why}; skipped unread"
        citation = self.element
        if citation.tag != "MedlineCitation":
            citation = next(iter(citation), citation)  # MedlineCitation or BookDocument
        self.pmid = _plausible_pmid(citation.findtext("PMID"))


def _free_completed_parts(element: etree._Element) -> None:
    """Delete what the parser has finished inside an element it is still building.

    At each level every child but the last is complete (a later sibling has started); the last
    one, and the path down through it, may still be open, so it is kept.
    """
    node = element
    while len(node):
        del node[:-1]
        node = node[-1]


def _refuse_entity_declarations(root: etree._Element, label: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:
        return
    names = [entity.name for entity in dtd.iterentities()]  # type: ignore[attr-defined]
    if names:
        raise PubmedXMLError(
            f"{label}: the DOCTYPE declares entities ({', '.join(sorted(names)[:5])}); "
            "PubMed XML never does, so the document is refused"
        )


def _syntax_error_message(label: str, exc: etree.XMLSyntaxError) -> str:
    line, column = exc.position
    detail = _LXML_POSITION_SUFFIX.sub("", str(exc.msg or exc)).strip()
    if line <= 0:
        return f"{label}: not well-formed XML: {detail}"
    return f"{label}: not well-formed XML at line {line}, column {column}: {detail}"


# --------------------------------------------------------------------------------------------
# Record level


class _BadRecord(Exception):
    """A record that cannot be used; becomes a SkippedRecord."""

    def __init__(self, reason: str, pmid: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pmid = pmid


def _record_or_skip(element: etree._Element, position: int) -> ArticleRecord | SkippedRecord:
    try:
        if element.tag == "PubmedBookArticle":
            return _book_article(element)
        if element.tag == "PubmedArticle":
            citation = element.find("MedlineCitation")
            if citation is None:
                raise _BadRecord("PubmedArticle without MedlineCitation")
            return _journal_article(citation, element.find("PubmedData"))
        return _journal_article(element, None)  # legacy bare MedlineCitation
    except _BadRecord as bad:
        return SkippedRecord(position=position, reason=bad.reason, pmid=bad.pmid)


def _declined(element: etree._Element, select: RecordFilter) -> PassedOver | None:
    """A `PassedOver` if `select` declines the record; None to parse it (also when the PMID is
    unreadable, so that the parse reports the problem)."""
    citation: etree._Element | None = element
    if element.tag == "PubmedArticle":
        citation = element.find("MedlineCitation")  # PubmedData holds nothing a query searches
    elif element.tag == "PubmedBookArticle":
        citation = element.find("BookDocument")
    if citation is None:
        return None
    text = (citation.findtext("PMID") or "").strip()
    # isascii and isdigit: much cheaper than the regex, and this runs for every record.
    # A PMID longer than any valid one goes to the parse, which reports it.
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_PMID))):
        return None
    pmid = int(text)
    if not pmid_in_range(pmid):
        return None
    content = etree.tostring(citation, method="text", encoding="unicode", with_tail=False)
    return None if select(pmid, content) else PassedOver(pmid)


def _deleted_citations(
    element: etree._Element, position: int
) -> Iterator[DeletedCitation | SkippedRecord]:
    for pmid_element in element.iterfind("PMID"):
        try:
            pmid, version = _pmid_and_version(pmid_element)
        except _BadRecord as bad:
            yield SkippedRecord(position=position, reason=f"DeleteCitation: {bad.reason}")
        else:
            yield DeletedCitation(pmid=pmid, version=version)


def _bounded_int(text: str, maximum: int) -> int | None:
    """`text` as a number from 0 to `maximum`, or None when it is not one.

    Never int() on a long digit string: Python refuses more than 4,300 digits with a
    ValueError, which would end the whole document rather than skip one record.
    """
    if not _DIGITS.fullmatch(text):
        return None
    significant = text.lstrip("0")
    if len(significant) > len(str(maximum)):
        return None
    value = int(significant or "0")
    return value if value <= maximum else None


def _plausible_pmid(text: str | None) -> int | None:
    """The PMID in `text` when it is a valid one, else None (without raising)."""
    pmid = _bounded_int((text or "").strip(), MAX_PMID)
    return pmid if pmid else None


def _pmid_and_version(pmid_element: etree._Element | None) -> tuple[int, int]:
    if pmid_element is None:
        raise _BadRecord("no PMID")
    text = (pmid_element.text or "").strip()
    if not _DIGITS.fullmatch(text) or not text.strip("0"):
        raise _BadRecord(f"PMID {text[:40]!r} is not a positive number")
    pmid = _bounded_int(text, MAX_PMID)
    if pmid is None:
        raise _BadRecord(f"PMID {text[:40]!r} is out of range (1 to {MAX_PMID:,})")
    version_text = (pmid_element.get("Version") or "1").strip()
    if not _DIGITS.fullmatch(version_text) or not version_text.strip("0"):
        raise _BadRecord(
            f"PMID {pmid} has a Version that is not a positive number: {version_text[:40]!r}", pmid
        )
    version = _bounded_int(version_text, MAX_VERSION)
    if version is None:
        raise _BadRecord(
            f"PMID {pmid} has a Version out of range (1 to {MAX_VERSION}): {version_text[:40]!r}",
            pmid,
        )
    return pmid, version


class _Children:
    """An element's children grouped by tag.

    One pass over the children is several times faster than a `find()` per field, and this
    parser reads a dozen fields per record.
    """

    __slots__ = ("_by_tag",)

    def __init__(self, element: etree._Element | None) -> None:
        self._by_tag: dict[str, list[etree._Element]] = {}
        if element is not None:
            for child in element:
                self._by_tag.setdefault(child.tag, []).append(child)

    def first(self, tag: str) -> etree._Element | None:
        found = self._by_tag.get(tag)
        return found[0] if found else None

    def all(self, tag: str) -> list[etree._Element]:
        return self._by_tag.get(tag, [])

    def grandchildren(self, tag: str, child_tag: str) -> list[etree._Element]:
        """`tag/child_tag` over every `tag` child, in document order."""
        return [c for parent in self.all(tag) for c in parent if c.tag == child_tag]


def _journal_article(
    citation_element: etree._Element, pubmed_data: etree._Element | None
) -> ArticleRecord:
    citation = _Children(citation_element)
    pmid, version = _pmid_and_version(citation.first("PMID"))
    article_element = citation.first("Article")
    if article_element is None:
        raise _BadRecord("MedlineCitation without Article", pmid)
    article = _Children(article_element)
    journal = _Children(article.first("Journal"))
    issue = _Children(journal.first("JournalIssue"))
    info = _Children(citation.first("MedlineJournalInfo"))
    own_ids = _Children(pubmed_data).first("ArticleIdList")

    sections = _abstract_sections(article.first("Abstract"))
    abstract = join_abstract(sections)
    publication_types = _texts(article.grandchildren("PublicationTypeList", "PublicationType"))
    pub_year, pub_date = _publication_date(issue.first("PubDate"), _electronic_dates(article))
    links = _Links.collect(citation.grandchildren("CommentsCorrectionsList", "CommentsCorrections"))
    journal_names = (
        journal.first("Title"),
        journal.first("ISOAbbreviation"),
        info.first("MedlineTA"),
    )

    return ArticleRecord(
        pmid=pmid,
        version=version,
        title=_text(article.first("ArticleTitle")),
        abstract=abstract,
        abstract_sections=sections,
        journal=next(filter(None, map(_text, journal_names)), None),
        pub_year=pub_year,
        pub_date=pub_date,
        doi=_doi(article.all("ELocationID"), own_ids),
        pmcid=_pmcid(own_ids, citation.all("OtherID")),
        authors=_authors(article.all("AuthorList")),
        languages=_texts(article.all("Language")),
        publication_types=publication_types,
        mesh_terms=_mesh_terms(citation.grandchildren("MeshHeadingList", "MeshHeading")),
        keywords=_unique(_texts(citation.grandchildren("KeywordList", "Keyword"))),
        nct_ids=_nct_ids(article.grandchildren("DataBankList", "DataBank"), abstract),
        retracted="Retracted Publication" in publication_types or links.retraction_in,
        retraction_pmids=links.retraction_pmids,
        expression_of_concern=links.expression_of_concern,
        erratum_pmids=links.erratum_pmids,
        date_revised=_calendar_date(citation.first("DateRevised")),
        status=citation_element.get("Status"),
        is_book=False,
    )


def _book_article(element: etree._Element) -> ArticleRecord:
    record = _Children(element)
    document_element = record.first("BookDocument")
    if document_element is None:
        raise _BadRecord("PubmedBookArticle without BookDocument")
    document = _Children(document_element)
    pmid, version = _pmid_and_version(document.first("PMID"))
    book = _Children(document.first("Book"))
    book_title = _text(book.first("BookTitle"))
    own_ids = document.first("ArticleIdList")
    book_data_ids = _Children(record.first("PubmedBookData")).first("ArticleIdList")
    contribution_date = document.first("ContributionDate")

    sections = _abstract_sections(document.first("Abstract"))
    abstract = join_abstract(sections)
    pub_year, pub_date = _publication_date(
        book.first("PubDate"), [contribution_date] if contribution_date is not None else []
    )
    # The book's editors (Book/AuthorList Type="editors") are not the chapter's authors.
    author_lists = [a for a in document.all("AuthorList") if a.get("Type") != "editors"]

    return ArticleRecord(
        pmid=pmid,
        version=version,
        title=_text(document.first("ArticleTitle")) or book_title,
        abstract=abstract,
        abstract_sections=sections,
        journal=book_title or None,
        pub_year=pub_year,
        pub_date=pub_date,
        doi=_doi(book.all("ELocationID"), own_ids) or _doi([], book_data_ids),
        pmcid=_pmcid(own_ids, []),
        authors=_authors(author_lists),
        languages=_texts(document.all("Language")),
        publication_types=_texts(document.all("PublicationType")),
        keywords=_unique(_texts(document.grandchildren("KeywordList", "Keyword"))),
        nct_ids=_nct_ids([], abstract),
        date_revised=_calendar_date(document.first("DateRevised")),
        status="Book",
        is_book=True,
    )


# --------------------------------------------------------------------------------------------
# Fields


def _text(element: etree._Element | None) -> str:
    """The element's text with inline markup flattened and whitespace normalised."""
    if element is None:
        return ""
    if len(element) == 0:  # the common case: no markup at all
        return " ".join((element.text or "").split())
    parts: list[str] = []
    _collect_text(element, parts, in_math=element.tag.startswith(_MATHML_PREFIX))
    return " ".join("".join(parts).split())


def _collect_text(element: etree._Element, parts: list[str], *, in_math: bool) -> None:
    # Inside MathML, whitespace-only text is layout between tokens, not content.
    text = element.text
    if text and not (in_math and text.isspace()):
        parts.append(text)
    for child in element:
        # Entity references left unexpanded are not elements (their tag is not a str): skip
        # them but keep the text that follows.
        if isinstance(child.tag, str):
            _collect_text(child, parts, in_math=in_math or child.tag.startswith(_MATHML_PREFIX))
        tail = child.tail
        if tail and not (in_math and tail.isspace()):
            parts.append(tail)


def _texts(elements: Iterable[etree._Element]) -> list[str]:
    return [text for text in map(_text, elements) if text]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _abstract_sections(abstract: etree._Element | None) -> list[AbstractSection]:
    if abstract is None:
        return []
    sections = []
    for part in abstract.iterfind("AbstractText"):
        text = _text(part)
        if text:
            label = " ".join((part.get("Label") or "").split()) or None
            category = (part.get("NlmCategory") or "").strip() or None
            sections.append(AbstractSection(text=text, label=label, category=category))
    return sections


def _electronic_dates(article: _Children) -> list[etree._Element]:
    # DateType is #FIXED "Electronic" in the DTD, and without the DTD it may simply be absent.
    return [
        d for d in article.all("ArticleDate") if d.get("DateType", "Electronic") == "Electronic"
    ]


def _publication_date(
    pub_date: etree._Element | None, fallbacks: Iterable[etree._Element]
) -> tuple[int | None, str | None]:
    if pub_date is not None:
        medline_date = _Children(pub_date).first("MedlineDate")
        if medline_date is not None:
            raw = _text(medline_date)
            year = _YEAR_IN_TEXT.search(raw)
            if year:
                return int(year.group()), raw
        else:
            found = _year_month_day(pub_date)
            if found:
                return found
    for candidate in fallbacks:
        found = _year_month_day(candidate)
        if found:
            return found
    return None, None


def _year_month_day(date: etree._Element) -> tuple[int, str] | None:
    """(year, display string) for a Year/Month/Day or Year/Season date; None without a year."""
    fields = _Children(date)
    year = _text(fields.first("Year"))
    if not _YEAR.fullmatch(year):
        return None
    parts = [year]
    month = _text(fields.first("Month"))
    if month:
        parts.append(_month_name(month))
        day = _text(fields.first("Day"))
        if day:
            number = _bounded_int(day, 99)
            parts.append(day if number is None else str(number))
    else:
        season = _text(fields.first("Season"))
        if season:
            parts.append(season)
    return int(year), " ".join(parts)


def _month_number_and_name(month: str) -> tuple[int, str] | None:
    if _DIGITS.fullmatch(month):
        number = _bounded_int(month, 12)
        return (number, _MONTHS[number - 1]) if number else None
    return _MONTH_BY_KEY.get(month.lower())


def _month_name(month: str) -> str:
    found = _month_number_and_name(month)
    return found[1] if found else month


def _calendar_date(date: etree._Element | None) -> dt.date | None:
    if date is None:
        return None
    fields = _Children(date)
    year, month, day = (_text(fields.first(tag)) for tag in ("Year", "Month", "Day"))
    found_month = _month_number_and_name(month)
    number = _bounded_int(day, 31)
    if not (_YEAR.fullmatch(year) and found_month and number):
        return None
    try:
        return dt.date(int(year), found_month[0], number)
    except ValueError:  # 31 February and the like
        return None


def _article_id(id_list: etree._Element | None, id_type: str) -> str:
    if id_list is None:
        return ""
    for article_id in id_list.iterfind("ArticleId"):
        if article_id.get("IdType") == id_type:
            text = _text(article_id)
            if text:
                return text
    return ""


def _doi(locations: Iterable[etree._Element], own_ids: etree._Element | None) -> str | None:
    for location in locations:
        if location.get("EIdType") == "doi" and location.get("ValidYN", "Y") != "N":
            doi = _clean_doi(_text(location))
            if doi:
                return doi
    return _clean_doi(_article_id(own_ids, "doi")) or None


def _clean_doi(doi: str) -> str:
    return _DOI_PREFIX.sub("", doi).strip()


def _pmcid(own_ids: etree._Element | None, other_ids: Iterable[etree._Element]) -> str | None:
    pmc = _article_id(own_ids, "pmc")
    if _PMCID.fullmatch(pmc):
        return pmc
    for other in other_ids:  # legacy files: "PMC4688250 [Available on 12/22/16]"
        if other.get("Source") == "NLM":
            found = _PMCID.match(_text(other))
            if found:
                return found.group()
    return None


def _authors(author_lists: Iterable[etree._Element]) -> list[str]:
    names = []
    for author_list in author_lists:
        for author in author_list:
            if author.tag != "Author" or author.get("ValidYN", "Y") == "N":
                continue
            parts = {child.tag: child for child in author}
            name = _text(parts.get("CollectiveName"))
            if not name:
                given = _text(parts.get("Initials")) or _initials(_text(parts.get("ForeName")))
                pieces = (_text(parts.get("LastName")), given, _text(parts.get("Suffix")))
                name = " ".join(piece for piece in pieces if piece)
            if name:
                names.append(name)
    return names


def _initials(fore_name: str) -> str:
    """PubMed's initials for a fore name: each part's first letter ("Jean-Pierre A": JPA);
    a part in capitals is initials already ("JA" stays JA)."""
    parts = [part for part in re.split(r"[\s.\-]+", fore_name) if part[:1].isalpha()]
    return "".join(part if part.isupper() else part[0].upper() for part in parts)


def _mesh_terms(headings: Iterable[etree._Element]) -> list[MeshTerm]:
    terms = []
    for heading in headings:
        descriptor = None
        qualifiers = []
        for child in heading:
            if child.tag == "DescriptorName":
                descriptor = child
            elif child.tag == "QualifierName":
                qualifiers.append(child)
        name = _text(descriptor)
        if descriptor is None or not name:
            continue
        major = descriptor.get("MajorTopicYN") == "Y" or any(
            q.get("MajorTopicYN") == "Y" for q in qualifiers
        )
        terms.append(
            MeshTerm(
                descriptor=name,
                ui=descriptor.get("UI"),
                major=major,
                qualifiers=tuple(_texts(qualifiers)),
            )
        )
    return terms


def _nct_ids(data_banks: Iterable[etree._Element], abstract: str) -> list[str]:
    found: list[str] = []
    for bank in data_banks:
        if _text(bank.find("DataBankName")).lower() != "clinicaltrials.gov":
            continue
        for accession in bank.iterfind("AccessionNumberList/AccessionNumber"):
            number = "".join((accession.text or "").split()).upper()
            if _NCT.fullmatch(number):
                found.append(number)
    if "NCT" in abstract:  # the substring test is much cheaper than the regex on every abstract
        found += _NCT_IN_TEXT.findall(abstract)
    return _unique(found)


class _Links:
    """What a record's CommentsCorrections say about retraction, concern and errata."""

    def __init__(self) -> None:
        self.retraction_in = False
        self.retraction_pmids: list[int] = []
        self.expression_of_concern = False
        self.erratum_pmids: list[int] = []

    @classmethod
    def collect(cls, links: Iterable[etree._Element]) -> _Links:
        found = cls()
        for link in links:
            # Most links are `Cites` (thousands in some records): look at nothing else of them.
            ref_type = link.get("RefType")
            if ref_type == "RetractionIn":
                found.retraction_in = True
                _append_pmid(found.retraction_pmids, link)
            elif ref_type == "ExpressionOfConcernIn":
                found.expression_of_concern = True
            elif ref_type == "ErratumIn":
                _append_pmid(found.erratum_pmids, link)
        return found


def _append_pmid(pmids: list[int], link: etree._Element) -> None:
    # PMID is optional in a link (some links are one-way), and may be malformed: skip those.
    pmid = _plausible_pmid(_text(link.find("PMID")))
    if pmid is not None and pmid not in pmids:
        pmids.append(pmid)
