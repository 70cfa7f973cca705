"""Behaviour of the PubMed XML parser on hand-written fixtures and hostile or broken input.

Each `tests/data/xml/<name>.xml` (or `.xml.gz`) fixture is paired with `<name>.expected.json`,
written by hand from the fixture. It lists every event the parser must yield, in order. An article
field that is not listed must keep its `ArticleRecord` default, so a fixture pins down the whole
record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import io
import itertools
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tracker.errors import TrackerError
from tracker.pubmed import xml
from tracker.pubmed.records import (
    AbstractSection,
    ArticleRecord,
    DeletedCitation,
    MeshTerm,
    SkippedRecord,
)
from tracker.pubmed.xml import (
    ParseEvent,
    PubmedXMLError,
    count_records,
    iter_records,
    parse_bytes,
)

FIXTURES = Path(__file__).resolve().parent / "data" / "xml"
FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if p.name.endswith((".xml", ".xml.gz")))


def _expected_path(fixture: Path) -> Path:
    stem = fixture.name.removesuffix(".gz").removesuffix(".xml")
    return fixture.with_name(f"{stem}.expected.json")


def _expected_article(spec: dict[str, Any]) -> ArticleRecord:
    fields = {key: value for key, value in spec.items() if key != "type"}
    if "abstract_sections" in fields:
        fields["abstract_sections"] = [AbstractSection(**s) for s in fields["abstract_sections"]]
    if "mesh_terms" in fields:
        fields["mesh_terms"] = [
            MeshTerm(**{**m, "qualifiers": tuple(m["qualifiers"])}) for m in fields["mesh_terms"]
        ]
    if fields.get("date_revised") is not None:
        fields["date_revised"] = dt.date.fromisoformat(fields["date_revised"])
    known = {f.name for f in dataclasses.fields(ArticleRecord)}
    unknown = set(fields) - known
    assert not unknown, f"expected-values file names unknown fields: {unknown}"
    return ArticleRecord(**fields)


def _check_event(actual: ParseEvent, spec: dict[str, Any], index: int) -> None:
    kind = spec["type"]
    where = f"event {index} ({spec.get('pmid')})"
    if kind == "article":
        assert isinstance(actual, ArticleRecord), f"{where}: got {actual!r}"
        expected = _expected_article(spec)
        for field in dataclasses.fields(ArticleRecord):
            got, want = getattr(actual, field.name), getattr(expected, field.name)
            assert got == want, f"{where}: {field.name} is {got!r}, expected {want!r}"
    elif kind == "deleted":
        assert actual == DeletedCitation(pmid=spec["pmid"], version=spec.get("version", 1)), where
    elif kind == "skipped":
        assert isinstance(actual, SkippedRecord), f"{where}: got {actual!r}"
        assert actual.position == spec["position"], where
        assert actual.pmid == spec.get("pmid"), where
        assert spec["reason_contains"].lower() in actual.reason.lower(), actual.reason
    else:
        raise AssertionError(f"unknown event type {kind!r} in an expected-values file")


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixture_yields_exactly_the_expected_events(fixture: Path) -> None:
    expected = json.loads(_expected_path(fixture).read_text(encoding="utf-8"))["events"]
    events = list(iter_records(fixture))
    assert len(events) == len(expected), [type(e).__name__ for e in events]
    for index, (actual, spec) in enumerate(zip(events, expected, strict=True)):
        _check_event(actual, spec, index)


def test_every_fixture_has_expectations_and_a_provenance_comment() -> None:
    assert len(FIXTURE_FILES) >= 10
    for fixture in FIXTURE_FILES:
        assert _expected_path(fixture).is_file(), fixture.name
        opener = gzip.open if fixture.name.endswith(".gz") else open
        with opener(fixture, "rb") as handle:
            head = handle.read(600)
        assert b"<!--" in head and b"DTD" in head, f"{fixture.name} lacks its provenance comment"


# --------------------------------------------------------------------------------------------
# Helpers for the explicit tests

SET_OPEN = b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
SET_CLOSE = b"</PubmedArticleSet>\n"


def _article(pmid: int, title: str = "A title.", extra: str = "") -> bytes:
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue>'
        f"<PubDate><Year>2020</Year></PubDate></JournalIssue><Title>J</Title></Journal>"
        f"<ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation>{extra}"
        f"</PubmedArticle>\n"
    ).encode()


def _document(*records: bytes, doctype: bytes = b"") -> bytes:
    head = SET_OPEN.replace(b"\n<PubmedArticleSet>", b"\n" + doctype + b"\n<PubmedArticleSet>")
    return head + b"".join(records) + SET_CLOSE


def _events_until_error(
    source: bytes | Path, name: str | None = None
) -> tuple[list[ParseEvent], PubmedXMLError]:
    events: list[ParseEvent] = []
    with pytest.raises(PubmedXMLError) as caught:
        for event in iter_records(source, name=name):
            events.append(event)
    return events, caught.value


def _pmids(events: list[ParseEvent]) -> list[int | None]:
    return [e.pmid for e in events]


# --------------------------------------------------------------------------------------------
# Hostile documents


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-7f3a", encoding="ascii")
    return secret


@pytest.fixture
def loopback_listener() -> Iterator[socket.socket]:
    """A listening socket nobody should connect to; a connection would sit in its backlog."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    try:
        yield listener
    finally:
        listener.close()


def _assert_nobody_connected(listener: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        connection, _ = listener.accept()
        connection.close()


def test_xxe_file_entity_is_refused_and_the_file_never_read(secret_file: Path) -> None:
    doctype = f'<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>'
    data = _document(_article(1, "Leak: &xxe;"), doctype=doctype.encode())
    events, error = _events_until_error(data)
    assert events == []
    assert "entities" in str(error) and "xxe" in str(error)
    assert "SECRET-MARKER" not in str(error)


def test_xxe_network_entity_and_external_dtd_never_touch_the_network(
    loopback_listener: socket.socket,
) -> None:
    port = loopback_listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with_entity = _document(
        _article(1, "&net;"),
        doctype=f'<!DOCTYPE PubmedArticleSet [<!ENTITY net SYSTEM "{url}/x">]>'.encode(),
    )
    with pytest.raises(PubmedXMLError):
        parse_bytes(with_entity)
    # An external DTD alone is how real files look: it must parse, without fetching the DTD.
    external_dtd = _document(
        _article(2), doctype=f'<!DOCTYPE PubmedArticleSet SYSTEM "{url}/pubmed.dtd">'.encode()
    )
    assert _pmids(parse_bytes(external_dtd)) == [2]
    _assert_nobody_connected(loopback_listener)


def test_parameter_entity_from_a_file_is_refused(secret_file: Path) -> None:
    doctype = f'<!DOCTYPE PubmedArticleSet [<!ENTITY % p SYSTEM "{secret_file.as_uri()}"> %p;]>'
    with pytest.raises(PubmedXMLError) as caught:
        parse_bytes(_document(_article(1), doctype=doctype.encode()))
    assert "SECRET-MARKER" not in str(caught.value)


def test_entities_from_an_unloaded_external_dtd_are_not_expanded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "SECRET-MARKER-7f3a">', encoding="ascii")
    doctype = f'<!DOCTYPE PubmedArticleSet SYSTEM "{dtd.as_uri()}">'.encode()
    events = parse_bytes(_document(_article(3, "Before &leak; after."), doctype=doctype))
    assert len(events) == 1 and isinstance(events[0], ArticleRecord)
    assert events[0].title == "Before after."


def _billion_laughs() -> bytes:
    declarations = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE PubmedArticleSet [{''.join(declarations)}]>".encode()
    return _document(_article(4, "&lol9;"), doctype=doctype)


def _quadratic_blowup() -> bytes:
    doctype = f'<!DOCTYPE PubmedArticleSet [<!ENTITY a "{"x" * 50_000}">]>'.encode()
    return _document(_article(5, "&a;" * 50_000), doctype=doctype)


@pytest.mark.parametrize("attack", [_billion_laughs, _quadratic_blowup])
def test_entity_expansion_attacks_fail_cleanly(attack: Any) -> None:
    with pytest.raises(PubmedXMLError) as caught:
        parse_bytes(attack(), name="attack.xml")
    assert str(caught.value).startswith("attack.xml: ")


# --------------------------------------------------------------------------------------------
# Broken and foreign documents


def test_truncated_document_yields_completed_records_then_fails_with_source_and_line(
    tmp_path: Path,
) -> None:
    whole = _document(_article(11), _article(12), _article(13, "Cut somewhere in here."))
    cut = whole[: whole.index(b"Cut somewhere") + 5]
    path = tmp_path / "partial.xml"
    path.write_bytes(cut)
    events, error = _events_until_error(path)
    assert _pmids(events) == [11, 12]
    assert str(path) in str(error)
    last_line = cut.count(b"\n") + 1
    assert f"line {last_line}," in str(error)


def test_truncated_bytes_are_named_bytes_by_default() -> None:
    whole = _document(_article(21), _article(22))
    events, error = _events_until_error(whole[: whole.index(b"<PMID", 200)])
    assert _pmids(events) == [21]
    assert str(error).startswith("<bytes>: not well-formed XML at line ")


@pytest.mark.parametrize(
    "body",
    [
        b"<html><head><title>PmFetch response</title></head><body><pre>Pubmed-entry ::= {\n"
        b"  pmid 19304878 }</pre></body></html>",
        b"<!DOCTYPE html><html><body><p>Service unavailable<br></body></html>",
        b"Unable to route request! service name: /http/service/ratecontrol",
        b'{"error":"API rate limit exceeded","count":"4","limit":"3"}',
    ],
    ids=["html-well-formed", "html-broken", "plain-text", "json"],
)
def test_non_pubmed_bodies_raise_pubmed_xml_error(body: bytes) -> None:
    with pytest.raises(PubmedXMLError) as caught:
        parse_bytes(body, name="efetch response")
    assert str(caught.value).startswith("efetch response: ")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "], ids=["empty", "whitespace"])
def test_empty_input_raises(data: bytes, tmp_path: Path) -> None:
    with pytest.raises(PubmedXMLError):
        parse_bytes(data)
    empty_file = tmp_path / "empty.xml"
    empty_file.write_bytes(data)
    with pytest.raises(PubmedXMLError, match=r"empty\.xml"):
        list(iter_records(empty_file))


def test_wrong_root_with_ncbi_error_quotes_the_error_text() -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8" ?>\n'
        b'<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN" '
        b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
        b"<eFetchResult>\n\t<ERROR>Cannot retrieve history data: OUT OF RANGE. Parameter "
        b"retstart=10000 + 1 is greater than number of records available in history."
        b"</ERROR>\n</eFetchResult>\n"
    )
    with pytest.raises(PubmedXMLError) as caught:
        parse_bytes(body)
    message = str(caught.value)
    assert "NCBI returned an error" in message
    assert "Cannot retrieve history data: OUT OF RANGE. Parameter retstart=10000" in message


def test_wrong_root_quotes_every_error_and_ignores_empty_ones() -> None:
    body = (
        b"<ePostResult><ERROR>Empty ID list; Nothing to store</ERROR><ERROR/>"
        b"<ERROR>Some IDs have invalid value and were omitted.</ERROR></ePostResult>"
    )
    with pytest.raises(PubmedXMLError) as caught:
        parse_bytes(body)
    assert "Empty ID list; Nothing to store; Some IDs have invalid value" in str(caught.value)


def test_wrong_root_without_error_names_the_root() -> None:
    body = b"<eSpellResult><Query>microneedlng</Query><ERROR/></eSpellResult>"
    with pytest.raises(PubmedXMLError, match="eSpellResult") as caught:
        parse_bytes(body)
    assert "NCBI returned an error" not in str(caught.value)


def test_records_under_a_foreign_root_are_not_yielded() -> None:
    body = b"<SomethingElse>" + _article(31) + b"</SomethingElse>"
    events: list[ParseEvent] = []
    with pytest.raises(PubmedXMLError, match="SomethingElse"):
        events.extend(iter_records(body))
    assert events == []


def test_malformed_record_is_skipped_with_its_position_and_the_rest_kept() -> None:
    bad = b'<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID>12a</PMID></MedlineCitation>'
    events = parse_bytes(_document(_article(41), bad + b"</PubmedArticle>", _article(43)))
    assert isinstance(events[0], ArticleRecord) and events[0].pmid == 41
    assert events[1] == SkippedRecord(
        position=2, reason="PMID '12a' is not a positive number", pmid=None
    )
    assert isinstance(events[2], ArticleRecord) and events[2].pmid == 43


@pytest.mark.parametrize(
    ("pmid_element", "says", "pmid"),
    [
        (b"<PMID>9223372036854775808</PMID>", "out of range", None),  # past BIGINT
        (b"<PMID>100000000000</PMID>", "out of range", None),
        (b"<PMID>" + b"7" * 5000 + b"</PMID>", "out of range", None),  # past int()'s digits
        (b'<PMID Version="4294967296">44</PMID>', "Version out of range", 44),
        (b'<PMID Version="1000">44</PMID>', "Version out of range", 44),
    ],
)
def test_an_identifier_out_of_range_is_skipped_and_the_rest_kept(
    pmid_element: bytes, says: str, pmid: int | None
) -> None:
    bad = _article(44).replace(b'<PMID Version="1">44</PMID>', pmid_element)
    assert bad != _article(44)
    events = parse_bytes(_document(_article(41), bad, _article(43)))
    assert _pmids(events) == [41, pmid, 43]
    skipped = events[1]
    assert isinstance(skipped, SkippedRecord) and skipped.position == 2
    assert says in skipped.reason and len(skipped.reason) < 200


def test_the_largest_identifiers_in_range_are_read() -> None:
    edge = _article(xml.MAX_PMID).replace(b'Version="1"', f'Version="{xml.MAX_VERSION}"'.encode())
    (record,) = parse_bytes(_document(edge))
    assert isinstance(record, ArticleRecord)
    assert (record.pmid, record.version) == (xml.MAX_PMID, xml.MAX_VERSION)


def test_wild_numbers_elsewhere_never_stop_the_document() -> None:
    digits = "9" * 5000
    dates = (
        f"<DateRevised><Year>2020</Year><Month>{digits}</Month><Day>{digits}</Day></DateRevised>"
    )
    record = _article(61).replace(b"</MedlineCitation>", dates.encode() + b"</MedlineCitation>")
    day = f"<Year>2020</Year><Month>1</Month><Day>{digits}</Day></PubDate>"
    record = record.replace(b"<Year>2020</Year></PubDate>", day.encode())
    links = (
        "<CommentsCorrectionsList>"
        f'<CommentsCorrections RefType="RetractionIn"><PMID>{digits}</PMID></CommentsCorrections>'
        '<CommentsCorrections RefType="ErratumIn"><PMID>9223372036854775808</PMID>'
        "</CommentsCorrections>"
        '<CommentsCorrections RefType="ErratumIn"><PMID>62</PMID></CommentsCorrections>'
        "</CommentsCorrectionsList>"
    )
    record = record.replace(b"</MedlineCitation>", links.encode() + b"</MedlineCitation>")
    delete = f"<DeleteCitation><PMID>{digits}</PMID><PMID>63</PMID></DeleteCitation>".encode()
    events = parse_bytes(_document(record, delete))
    first = events[0]
    assert isinstance(first, ArticleRecord) and first.pmid == 61
    assert first.date_revised is None and first.pub_year == 2020
    assert first.retracted and first.retraction_pmids == [] and first.erratum_pmids == [62]
    assert isinstance(events[1], SkippedRecord) and "DeleteCitation" in events[1].reason
    assert events[2] == DeletedCitation(pmid=63)


def test_deletions_come_after_the_records_that_precede_them() -> None:
    delete = (
        b'<DeleteCitation><PMID Version="1">51</PMID><PMID Version="3">52</PMID></DeleteCitation>'
    )
    events = parse_bytes(_document(_article(50), delete))
    assert events == [
        events[0],
        DeletedCitation(pmid=51, version=1),
        DeletedCitation(pmid=52, version=3),
    ]
    assert isinstance(events[0], ArticleRecord) and events[0].pmid == 50


# --------------------------------------------------------------------------------------------
# Sources: paths, bytes, file objects, gzip


def test_gzip_is_recognised_by_magic_bytes_not_by_name(tmp_path: Path) -> None:
    compressed = (FIXTURES / "gzip_input.xml.gz").read_bytes()
    disguised = tmp_path / "records.xml"
    disguised.write_bytes(compressed)
    from_path = list(iter_records(str(disguised)))
    assert _pmids(from_path) == [39000110, 39000111]
    assert parse_bytes(compressed) == from_path
    assert list(iter_records(io.BytesIO(compressed))) == from_path


def test_plain_xml_named_gz_is_read_as_plain_xml(tmp_path: Path) -> None:
    misnamed = tmp_path / "records.xml.gz"
    misnamed.write_bytes(_document(_article(61)))
    assert _pmids(list(iter_records(misnamed))) == [61]


def test_broken_gzip_streams_raise_pubmed_xml_error(tmp_path: Path) -> None:
    compressed = gzip.compress(_document(*(_article(n) for n in range(70, 90))), mtime=0)
    with pytest.raises(PubmedXMLError):
        parse_bytes(compressed[: len(compressed) // 2])
    with pytest.raises(PubmedXMLError):
        parse_bytes(b"\x1f\x8b" + b"not really gzip at all" * 10)
    bad_crc = bytearray(compressed)
    bad_crc[-8] ^= 0xFF
    with pytest.raises(PubmedXMLError):
        parse_bytes(bytes(bad_crc))


def test_file_object_is_labelled_by_its_name_and_left_open() -> None:
    fixture = FIXTURES / "update_file.xml"
    with fixture.open("rb") as handle:
        events = list(iter_records(handle))
        assert not handle.closed
    assert events == list(iter_records(fixture))
    with pytest.raises(PubmedXMLError, match=r"^<stream>: "):
        list(iter_records(io.BytesIO(b"<html/>")))
    with pytest.raises(PubmedXMLError, match=r"^upload 3: "):
        list(iter_records(io.BytesIO(b"<html/>"), name="upload 3"))


def test_missing_file_raises_pubmed_xml_error(tmp_path: Path) -> None:
    with pytest.raises(PubmedXMLError, match="cannot open"):
        list(iter_records(tmp_path / "nowhere.xml"))


def test_pubmed_xml_error_is_a_tracker_error() -> None:
    assert issubclass(PubmedXMLError, TrackerError)


def test_count_records_counts_record_elements_only() -> None:
    # Hand-counted from the fixtures: DeleteCitation is not a record; skipped ones are.
    assert count_records(FIXTURES / "update_file.xml") == 3
    assert count_records(FIXTURES / "legacy_medline.xml") == 2
    assert count_records(FIXTURES / "malformed_records.xml") == 8
    assert count_records(FIXTURES / "gzip_input.xml.gz") == 1
    with pytest.raises(PubmedXMLError):
        count_records(b"<eSearchResult><ERROR>x</ERROR></eSearchResult>")


# --------------------------------------------------------------------------------------------
# Streaming


class _CountingReader(io.RawIOBase):
    """Serves `records` PubmedArticles generated on the fly, counting the bytes handed out."""

    def __init__(self, records: int, padding: int = 0) -> None:
        super().__init__()
        self.bytes_read = 0
        self._pending = bytearray(SET_OPEN)
        self._next = 1
        self._records = records
        self._extra = "<GeneralNote>" + "n" * padding + "</GeneralNote>" if padding else ""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self._pending) < len(buffer) and self._next <= self._records + 1:
            if self._next <= self._records:
                self._pending += _article(self._next, extra=self._extra)
            else:
                self._pending += SET_CLOSE
            self._next += 1
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        del self._pending[:count]
        self.bytes_read += count
        return count


def test_records_are_yielded_before_the_whole_input_is_read() -> None:
    reader = _CountingReader(records=5_000)
    events = iter_records(io.BufferedReader(reader))
    first = next(events)
    assert isinstance(first, ArticleRecord) and first.pmid == 1
    read_at_first_record = reader.bytes_read
    assert sum(1 for _ in events) == 4_999
    assert read_at_first_record < reader.bytes_read / 4


def _resident_bytes() -> int | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    import resource

    return pages * resource.getpagesize()


def test_memory_stays_flat_on_a_large_stream() -> None:
    if _resident_bytes() is None:
        pytest.skip("needs /proc/self/statm to read the resident set size")
    # About 100 MB of XML; a tree kept in memory would need several times that.
    reader = _CountingReader(records=25_000, padding=3_500)
    baseline = _resident_bytes() or 0
    peak = baseline
    count = 0
    for count, _event in enumerate(iter_records(io.BufferedReader(reader)), start=1):
        if count % 1_000 == 0:
            peak = max(peak, _resident_bytes() or 0)
    assert count == 25_000
    assert reader.bytes_read > 90_000_000
    assert peak - baseline < 40_000_000, f"resident memory grew by {peak - baseline} bytes"


# --------------------------------------------------------------------------------------------
# Size limits: one record's text is capped, and an oversized record never sits in memory


class _OversizedRecordReader(io.RawIOBase):
    """Record 1, then record 2 built of `sections` AbstractTexts of `section_size` characters
    each (every node under libxml2's own limit), then record 3; generated as it is read, with
    the resident set size sampled on every read, so a peak inside record 2 is seen."""

    def __init__(self, sections: int, section_size: int) -> None:
        super().__init__()
        head, _, tail = _article(2).partition(b"</ArticleTitle>")
        self._parts: Iterator[bytes] = itertools.chain(
            [SET_OPEN + _article(1) + head + b"</ArticleTitle><Abstract>"],
            (
                b"<AbstractText>" + bytes([97 + n % 26]) * section_size + b"</AbstractText>"
                for n in range(sections)
            ),
            [b"</Abstract>" + tail + _article(3) + SET_CLOSE],
        )
        self._pending = b""
        self.peak_rss = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.peak_rss = max(self.peak_rss, _resident_bytes() or 0)
        while len(self._pending) < len(buffer):
            part = next(self._parts, None)
            if part is None:
                break
            self._pending += part
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count


def test_a_record_over_the_text_cap_is_skipped_with_flat_memory_and_the_rest_kept() -> None:
    if _resident_bytes() is None:
        pytest.skip("needs /proc/self/statm to read the resident set size")
    # 80 sections of 1 MB: each node is legal, the record holds 80 MB of text.
    reader = _OversizedRecordReader(sections=80, section_size=1_000_000)
    baseline = _resident_bytes() or 0
    events = list(iter_records(io.BufferedReader(reader), name="big.xml"))
    assert [type(e) for e in events] == [ArticleRecord, SkippedRecord, ArticleRecord]
    assert _pmids(events) == [1, 2, 3]
    skipped = events[1]
    assert isinstance(skipped, SkippedRecord) and skipped.position == 2
    assert f"{xml.MAX_RECORD_TEXT:,} characters" in skipped.reason
    growth = reader.peak_rss - baseline
    assert growth < 40_000_000, f"resident memory grew by {growth} bytes inside one record"


def test_a_record_just_under_the_text_cap_is_read_whole() -> None:
    sections = 3
    size = (xml.MAX_RECORD_TEXT - 10_000) // sections
    reader = _OversizedRecordReader(sections=sections, section_size=size)
    events = list(iter_records(io.BufferedReader(reader)))
    assert [type(e) for e in events] == [ArticleRecord, ArticleRecord, ArticleRecord]
    second = events[1]
    assert isinstance(second, ArticleRecord)
    assert [len(s.text) for s in second.abstract_sections] == [size] * sections


def test_a_record_bloated_with_markup_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml, "MAX_RECORD_BYTES", 1_000_000)
    bloat = "<Keyword/>" * 200_000  # 2 MB of elements and no text
    document = _document(
        _article(1), _article(2, extra=f"<Other>{bloat}</Other>"), _article(3, title="kept")
    )
    events = parse_bytes(document)
    assert _pmids(events) == [1, 2, 3]
    assert isinstance(events[1], SkippedRecord) and "1,000,000 bytes" in events[1].reason
    assert isinstance(events[2], ArticleRecord) and events[2].title == "kept"
