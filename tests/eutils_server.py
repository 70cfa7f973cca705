"""A fake PubMed E-utilities server on 127.0.0.1, with scripted faults.

It answers `esearch.fcgi` and `efetch.fcgi` (GET or form POST) from an in-memory corpus,
imitating the behaviour of NCBI's service that a client depends on: the 9,999-id esearch
window, the history server (WebEnv/query_key), date windows, unknown ids silently
omitted, PhraseNotFound for unknown terms. Faults are scripted per endpoint and consumed
one per request, e.g. ``server.fail("efetch", "429", times=2)``. Every request is
recorded with its receive time, so tests can check rates and parameters.

    records = [make_record(1, title="Microneedling for acne scars: a pilot study", year=2019)]
    with EutilsTestServer(FakePubMed(records, {"microneedling": [1]})) as server:
        client = EutilsClient(server.base_url, email="dev@example.org", api_key=None)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.server
import itertools
import socket
import struct
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

ESEARCH_DOCTYPE = (
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">'
)
EFETCH_ERROR_DOCTYPE = (
    '<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">'
)
PUBMED_DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
)
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>'

ENDPOINTS = ("esearch", "efetch")
FAULT_KINDS = ("429", "500", "502", "slow", "truncate", "error", "down", "body")

# A few publication types with their MeSH UIs, so generated records look like real ones.
PUBLICATION_TYPE_UIS = {
    "Journal Article": "D016428",
    "Review": "D016454",
    "Systematic Review": "D000078182",
    "Meta-Analysis": "D017418",
    "Randomized Controlled Trial": "D016449",
    "Clinical Trial": "D016430",
    "Comparative Study": "D003160",
    "Observational Study": "D064888",
    "Case Reports": "D002363",
    "Letter": "D016422",
    "Editorial": "D016421",
    "Comment": "D016420",
    "Retracted Publication": "D016441",
    "Retraction of Publication": "D016440",
}


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeRecord:
    """One PubMed record: its `<PubmedArticle>` XML and the dates esearch filters on."""

    pmid: int
    xml: bytes
    pdat: dt.date
    mdat: dt.date
    edat: dt.date | None = None  # Entrez date; defaults to pdat

    def date(self, datetype: str) -> dt.date:
        if datetype == "mdat":
            return self.mdat
        if datetype == "edat":
            return self.edat or self.pdat
        return self.pdat


@dataclass(frozen=True)
class Reply:
    """An HTTP answer before faults are applied."""

    status: int
    body: bytes
    content_type: str = "text/xml; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()
    count: int | None = None  # esearch Count, for the request log
    returned: int | None = None  # ids (esearch) or records (efetch) in the body


class FakePubMed:
    """The search engine and record store behind the server.

    `searches` maps an exact term to its PMIDs; any other term finds nothing.
    """

    def __init__(
        self,
        records: Iterable[FakeRecord] = (),
        searches: Mapping[str, Sequence[int]] | None = None,
        *,
        window: int = 9999,
    ) -> None:
        self.records = {record.pmid: record for record in records}
        self.searches = {term: list(pmids) for term, pmids in (searches or {}).items()}
        self.window = window
        self._lock = threading.Lock()
        self._history: dict[str, list[list[int]]] = {}
        self._webenv_numbers = itertools.count(1)

    # esearch ----------------------------------------------------------------------------

    def esearch(self, params: Mapping[str, str]) -> Reply:
        db = params.get("db", "pubmed")
        if db != "pubmed":
            return _error_reply("eSearchResult", f"Invalid db name specified: {db}")
        term = params.get("term", "")
        if not term.strip():
            return _error_reply("eSearchResult", "Empty term and query_key - nothing todo")
        try:
            retstart = int(params.get("retstart", "0"))
            retmax = int(params.get("retmax", "20"))
        except ValueError:
            return _error_reply("eSearchResult", "retstart and retmax must be integers")
        if retstart > self.window - 1:
            return _error_reply(
                "eSearchResult",
                f"Search Backend failed: Exception:\n'retstart' cannot be larger than "
                f"{self.window - 1}. For PubMed, ESearch can only retrieve the first "
                f"{self.window:,} records matching the query.",
            )
        mindate, maxdate = params.get("mindate"), params.get("maxdate")
        if (mindate is None) != (maxdate is None):
            return _error_reply("eSearchResult", "mindate and maxdate must be used together")
        datetype = params.get("datetype", "pdat")
        if datetype not in ("pdat", "mdat", "edat"):
            return _error_reply("eSearchResult", f"Invalid datetype: {datetype}")

        known = term in self.searches
        matches = self.searches.get(term, [])
        if mindate is not None and maxdate is not None:
            try:
                low, high = _first_day(mindate), _last_day(maxdate)
            except ValueError:
                return _error_reply("eSearchResult", f"Invalid date: {mindate} - {maxdate}")
            matches = [
                pmid
                for pmid in matches
                if pmid in self.records and low <= self.records[pmid].date(datetype) <= high
            ]
        matches = sorted(set(matches), reverse=True)  # like PubMed's default: newest first

        end = min(retstart + max(retmax, 0), self.window)
        window_ids = matches[retstart:end]
        parts = [
            f"<Count>{len(matches)}</Count><RetMax>{len(window_ids)}</RetMax>"
            f"<RetStart>{retstart}</RetStart>"
        ]
        if params.get("usehistory") == "y":
            webenv, query_key = self._remember(params.get("WebEnv"), matches)
            parts.append(f"<QueryKey>{query_key}</QueryKey><WebEnv>{escape(webenv)}</WebEnv>")
        id_lines = "".join(f"<Id>{pmid}</Id>\n" for pmid in window_ids)
        parts.append(f"<IdList>\n{id_lines}</IdList>" if window_ids else "<IdList/>")
        parts.append("<TranslationSet/>")
        translation = f"{term}[All Fields]" if known else f"({term}[All Fields])"
        parts.append(f"<QueryTranslation>{escape(translation)}</QueryTranslation>")
        warnings = []
        if not known:
            parts.append(f"<ErrorList><PhraseNotFound>{escape(term)}</PhraseNotFound></ErrorList>")
        if not matches:
            warnings.append("No items found.")
        if len(matches) > self.window and retstart + retmax > self.window:
            warnings.append(
                f"Restrictions achieved. start and count adjusted to {retstart}, {len(window_ids)}"
            )
        if warnings:
            messages = "".join(f"<OutputMessage>{escape(w)}</OutputMessage>" for w in warnings)
            parts.append(f"<WarningList>{messages}</WarningList>")
        body = "".join([XML_DECLARATION, "\n", ESEARCH_DOCTYPE, "\n<eSearchResult>", *parts])
        return Reply(
            200,
            (body + "</eSearchResult>\n").encode(),
            count=len(matches),
            returned=len(window_ids),
        )

    # efetch -----------------------------------------------------------------------------

    def efetch(self, params: Mapping[str, str]) -> Reply:
        db = params.get("db", "pubmed")
        if db != "pubmed":
            return _error_reply("eFetchResult", f"Invalid db name specified: {db}")
        if params.get("retmode") != "xml":
            # What efetch sends when no XML is asked for: an HTML page around ASN.1 text.
            return Reply(
                200,
                b"<html><head><title>PmFetch response</title></head><body><pre>\n"
                b"Pubmed-entry ::= {\n  pmid 1,\n  medent { }\n}\n</pre></body></html>\n",
                content_type="text/html",
            )
        if "id" in params:
            pmids = []
            for part in params["id"].split(","):
                if part.strip().isdigit():
                    pmids.append(int(part))
        elif "query_key" in params:
            webenv, query_key = params.get("WebEnv", ""), params["query_key"]
            stored = self._recall(webenv, query_key)
            if stored is None:
                return _error_reply(
                    "eFetchResult", f"Unable to obtain query #{query_key}", status=400
                )
            retstart = int(params.get("retstart", "0"))
            retmax = int(params.get("retmax", "20"))
            if retstart >= len(stored):
                return _error_reply(
                    "eFetchResult",
                    f"Cannot retrieve history data: OUT OF RANGE. Parameter retstart={retstart} "
                    f"+ {retmax} is greater than number of records available in history. "
                    f"History includes {len(stored)} IDs.",
                    status=400,
                )
            pmids = stored[retstart : retstart + retmax]
        else:
            return _error_reply("eFetchResult", "Empty id list - nothing todo")
        found = [self.records[pmid].xml for pmid in pmids if pmid in self.records]
        body = b"".join(
            [
                XML_DECLARATION.encode(),
                b"\n",
                PUBMED_DOCTYPE.encode(),
                b"\n<PubmedArticleSet>\n",
                *(xml + b"\n" for xml in found),
                b"</PubmedArticleSet>\n",
            ]
        )
        return Reply(200, body, returned=len(found))

    # history server ---------------------------------------------------------------------

    def _remember(self, webenv: str | None, pmids: list[int]) -> tuple[str, str]:
        with self._lock:
            if webenv is None or webenv not in self._history:
                webenv = f"MCID_{next(self._webenv_numbers):024x}"
                self._history[webenv] = []
            self._history[webenv].append(list(pmids))
            return webenv, str(len(self._history[webenv]))

    def _recall(self, webenv: str, query_key: str) -> list[int] | None:
        with self._lock:
            queries = self._history.get(webenv)
            if queries is None or not query_key.isdigit():
                return None
            index = int(query_key) - 1
            return queries[index] if 0 <= index < len(queries) else None


def _error_reply(root: str, message: str, *, status: int = 200) -> Reply:
    doctype = ESEARCH_DOCTYPE if root == "eSearchResult" else EFETCH_ERROR_DOCTYPE
    body = f"{XML_DECLARATION}\n{doctype}\n<{root}><ERROR>{escape(message)}</ERROR></{root}>\n"
    return Reply(status, body.encode())


def _first_day(value: str) -> dt.date:
    parts = [int(part) for part in value.split("/")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day)


def _last_day(value: str) -> dt.date:
    parts = [int(part) for part in value.split("/")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        year, month = parts
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], parts[1], parts[2])


# --- building records ---------------------------------------------------------------------


def make_article_xml(
    pmid: int,
    *,
    title: str,
    abstract: str | Sequence[tuple[str, str]] = "",
    year: int = 2020,
    publication_types: Sequence[str] = ("Journal Article",),
    mesh: Sequence[str] = (),
    date_revised: dt.date | None = None,
    journal: str = "Journal of Cosmetic Dermatology",
    authors: Sequence[tuple[str, str]] = (("Doe", "Jane"),),
    doi: str | None = None,
    status: str = "MEDLINE",
    comments_corrections: Sequence[tuple[str, int]] = (),
) -> bytes:
    """One `<PubmedArticle>` element in PubMed's efetch layout, from simple fields.

    - `abstract`: plain text, or (label, text) pairs for a structured abstract.
    - `mesh`: descriptor names; a trailing "*" marks a major topic ("Cicatrix*").
    - `authors`: (last name, fore name) pairs.
    - `comments_corrections`: (RefType, PMID) pairs, e.g. ("RetractionIn", 40000001).
    """
    revised = date_revised or dt.date(year + 1, 1, 15)
    article = etree.Element("PubmedArticle")
    citation = etree.SubElement(article, "MedlineCitation", Status=status, Owner="NLM")
    etree.SubElement(citation, "PMID", Version="1").text = str(pmid)
    _add_date(citation, "DateRevised", revised)

    body = etree.SubElement(citation, "Article", PubModel="Print")
    journal_element = etree.SubElement(body, "Journal")
    issue = etree.SubElement(journal_element, "JournalIssue", CitedMedium="Internet")
    etree.SubElement(etree.SubElement(issue, "PubDate"), "Year").text = str(year)
    etree.SubElement(journal_element, "Title").text = journal
    etree.SubElement(body, "ArticleTitle").text = title
    if doi:
        etree.SubElement(body, "ELocationID", EIdType="doi", ValidYN="Y").text = doi
    if abstract:
        abstract_element = etree.SubElement(body, "Abstract")
        if isinstance(abstract, str):
            etree.SubElement(abstract_element, "AbstractText").text = abstract
        else:
            for label, text in abstract:
                section = etree.SubElement(
                    abstract_element, "AbstractText", Label=label, NlmCategory=label.upper()
                )
                section.text = text
    if authors:
        author_list = etree.SubElement(body, "AuthorList", CompleteYN="Y")
        for last_name, fore_name in authors:
            author = etree.SubElement(author_list, "Author", ValidYN="Y")
            etree.SubElement(author, "LastName").text = last_name
            etree.SubElement(author, "ForeName").text = fore_name
    etree.SubElement(body, "Language").text = "eng"
    type_list = etree.SubElement(body, "PublicationTypeList")
    for name in publication_types:
        ui = PUBLICATION_TYPE_UIS.get(name)
        attributes = {"UI": ui} if ui else {}
        etree.SubElement(type_list, "PublicationType", attributes).text = name

    if comments_corrections:
        corrections = etree.SubElement(citation, "CommentsCorrectionsList")
        for ref_type, ref_pmid in comments_corrections:
            item = etree.SubElement(corrections, "CommentsCorrections", RefType=ref_type)
            etree.SubElement(item, "RefSource").text = f"{journal}. {year + 1}"
            etree.SubElement(item, "PMID", Version="1").text = str(ref_pmid)
    if mesh:
        heading_list = etree.SubElement(citation, "MeshHeadingList")
        for name in mesh:
            major = name.endswith("*")
            heading = etree.SubElement(heading_list, "MeshHeading")
            descriptor = etree.SubElement(
                heading, "DescriptorName", MajorTopicYN="Y" if major else "N"
            )
            descriptor.text = name.rstrip("*")

    pubmed_data = etree.SubElement(article, "PubmedData")
    history = etree.SubElement(pubmed_data, "History")
    entrez = etree.SubElement(history, "PubMedPubDate", PubStatus="entrez")
    etree.SubElement(entrez, "Year").text = str(year)
    etree.SubElement(entrez, "Month").text = "1"
    etree.SubElement(entrez, "Day").text = "1"
    etree.SubElement(pubmed_data, "PublicationStatus").text = "ppublish"
    ids = etree.SubElement(pubmed_data, "ArticleIdList")
    etree.SubElement(ids, "ArticleId", IdType="pubmed").text = str(pmid)
    if doi:
        etree.SubElement(ids, "ArticleId", IdType="doi").text = doi
    return etree.tostring(article, encoding="utf-8")


def _add_date(parent: etree._Element, tag: str, day: dt.date) -> None:
    element = etree.SubElement(parent, tag)
    etree.SubElement(element, "Year").text = f"{day.year:04d}"
    etree.SubElement(element, "Month").text = f"{day.month:02d}"
    etree.SubElement(element, "Day").text = f"{day.day:02d}"


def make_record(
    pmid: int,
    *,
    title: str | None = None,
    year: int = 2020,
    pdat: dt.date | None = None,
    mdat: dt.date | None = None,
    edat: dt.date | None = None,
    **article_fields: Any,
) -> FakeRecord:
    """A FakeRecord whose XML comes from `make_article_xml` (extra keywords go there).

    pdat defaults to 1 January of `year`, mdat to the record's DateRevised.
    """
    publication_date = pdat or dt.date(year, 1, 1)
    revised = mdat or publication_date + dt.timedelta(days=30)
    xml = make_article_xml(
        pmid,
        title=title or f"Microneedling outcomes in cohort {pmid}: a pilot study",
        year=publication_date.year,
        date_revised=revised,
        **article_fields,
    )
    return FakeRecord(pmid=pmid, xml=xml, pdat=publication_date, mdat=revised, edat=edat)


# --- the HTTP server ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it (api_key included, on purpose)."""

    time: float  # time.monotonic() when the request line and headers had arrived
    endpoint: str
    method: str
    path: str  # the raw path including any query string
    params: dict[str, str]
    status: int | None = None  # None when the connection was dropped
    fault: str | None = None
    count: int | None = None
    returned: int | None = None


@dataclass
class Fault:
    kind: str
    remaining: int | None  # None: until clear_faults()
    options: dict[str, object] = field(default_factory=dict)


class EutilsTestServer:
    """A `ThreadingHTTPServer` on 127.0.0.1 (random port) in a background thread.

    Use as a context manager. Fault kinds for `fail(endpoint, kind, times=..., **options)`:
    - "429": NCBI's JSON rate-limit body with Retry-After (option `retry_after`, default "1");
    - "500": NCBI's HTML error page; "502": the gateway's plain-text message;
    - "slow": sleep `delay` seconds (default 2.0) before answering normally;
    - "truncate": the normal body cut mid-record; option `content_length` is "correct"
      (the header matches the cut body) or "wrong" (the header gives the full length);
    - "error": HTTP 200 with an `<ERROR>` document (option `message`);
    - "down": the connection is reset without any answer;
    - "body": a canned answer (options `body`, `status`, `content_type`); see `serve_body`.
    """

    def __init__(self, pubmed: FakePubMed | None = None) -> None:
        self.pubmed = pubmed or FakePubMed()
        self._lock = threading.Lock()
        self._faults: dict[str, deque[Fault]] = {endpoint: deque() for endpoint in ENDPOINTS}
        self._requests: list[RecordedRequest] = []
        self._httpd: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle --------------------------------------------------------------------------

    def start(self) -> EutilsTestServer:
        httpd = _QuietHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> EutilsTestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/entrez/eutils/"

    # faults -----------------------------------------------------------------------------

    def fail(self, endpoint: str, kind: str, *, times: int | None = 1, **options: object) -> None:
        """Answer the next `times` requests to `endpoint` with fault `kind` (None: always)."""
        if endpoint not in ENDPOINTS:
            raise ValueError(f"unknown endpoint {endpoint!r}; expected one of {ENDPOINTS}")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; expected one of {FAULT_KINDS}")
        with self._lock:
            self._faults[endpoint].append(Fault(kind, times, dict(options)))

    def serve_body(
        self,
        endpoint: str,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "text/xml; charset=UTF-8",
        times: int | None = 1,
    ) -> None:
        """Answer the next `times` requests to `endpoint` with these exact bytes."""
        self.fail(
            endpoint, "body", times=times, body=body, status=status, content_type=content_type
        )

    def clear_faults(self) -> None:
        with self._lock:
            for queue in self._faults.values():
                queue.clear()

    def _next_fault(self, endpoint: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(endpoint)
            if not queue:
                return None
            fault = queue[0]
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    queue.popleft()
            return fault

    # request log ------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, endpoint: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.endpoint == endpoint]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def _record(self, request: RecordedRequest) -> int:
        with self._lock:
            self._requests.append(request)
            return len(self._requests) - 1

    def _update(self, index: int, **changes: Any) -> None:
        with self._lock:
            if index < len(self._requests):  # clear_requests() may have run meanwhile
                self._requests[index] = dataclasses.replace(self._requests[index], **changes)


class _QuietHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: EutilsTestServer

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that time out and hang up are part of the tests, not errors.
        pass


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _QuietHTTPServer
    protocol_version = "HTTP/1.0"  # one request per connection: simple and deterministic

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _handle(self, method: str) -> None:
        received = time.monotonic()
        owner = self.server.owner
        url = urllib.parse.urlsplit(self.path)
        params = _form_fields(url.query)
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            params.update(_form_fields(self.rfile.read(length).decode("utf-8", "replace")))
        name = url.path.rsplit("/", 1)[-1]
        endpoint = name.removesuffix(".fcgi")
        if endpoint not in ENDPOINTS or not name.endswith(".fcgi"):
            owner._record(RecordedRequest(received, endpoint, method, self.path, params, 404))
            self._send(Reply(404, b"Not Found", content_type="text/plain"))
            return
        fault = owner._next_fault(endpoint)
        kind = fault.kind if fault else None
        options = fault.options if fault else {}
        # Logged on arrival, so a request whose client has given up is still counted.
        entry = owner._record(
            RecordedRequest(received, endpoint, method, self.path, params, fault=kind)
        )
        if kind == "down":
            self._reset_connection()
            return
        if kind == "slow":
            time.sleep(float(str(options.get("delay", 2.0))))

        reply = self._fault_reply(endpoint, kind, options) or self._normal_reply(endpoint, params)
        owner._update(entry, status=reply.status, count=reply.count, returned=reply.returned)
        if kind == "truncate":
            self._send_truncated(reply, wrong_length=options.get("content_length") == "wrong")
        else:
            self._send(reply)

    def _normal_reply(self, endpoint: str, params: Mapping[str, str]) -> Reply:
        pubmed = self.server.owner.pubmed
        return pubmed.esearch(params) if endpoint == "esearch" else pubmed.efetch(params)

    @staticmethod
    def _fault_reply(
        endpoint: str, kind: str | None, options: Mapping[str, object]
    ) -> Reply | None:
        if kind == "429":
            retry_after = str(options.get("retry_after", "1"))
            return Reply(
                429,
                b'{"error":"API rate limit exceeded","count":"4","limit":"3"}',
                content_type="application/json",
                headers=(
                    ("Retry-After", retry_after),
                    ("X-RateLimit-Limit", "3"),
                    ("X-RateLimit-Remaining", "0"),
                ),
            )
        if kind == "500":
            return Reply(
                500,
                b"<html><head><title>NCBI/eutils - WWW Error 500 Diagnostic</title></head>"
                b"<body><h1>Server Error</h1><p>Your request could not be processed due to a "
                b"problem on our Web server. This could be a transient problem, please try "
                b"the query again.</p></body></html>",
                content_type="text/html",
            )
        if kind == "502":
            return Reply(
                502,
                b"Unable to route request! service name: /http/service/ratecontrol",
                content_type="text/plain",
            )
        if kind == "error":
            root = "eSearchResult" if endpoint == "esearch" else "eFetchResult"
            message = str(options.get("message", "Search Backend failed: temporary failure"))
            return _error_reply(root, message)
        if kind == "body":
            body = options.get("body", b"")
            return Reply(
                int(str(options.get("status", 200))),
                body if isinstance(body, bytes) else str(body).encode(),
                content_type=str(options.get("content_type", "text/xml; charset=UTF-8")),
            )
        return None

    def _send(self, reply: Reply, *, length: int | None = None, body: bytes | None = None) -> None:
        payload = reply.body if body is None else body
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(payload) if length is None else length))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (timeout) and closed the connection

    def _send_truncated(self, reply: Reply, *, wrong_length: bool) -> None:
        body = reply.body
        start = body.find(b"<PubmedArticle>")
        end = body.find(b"</PubmedArticle>", start)
        cut = (start + end) // 2 if 0 <= start < end else len(body) // 2
        self._send(reply, body=body[:cut], length=len(body) if wrong_length else cut)

    def _reset_connection(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST: "connection reset by peer".
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.wfile.close()
        self.rfile.close()
        self.connection.close()


def _form_fields(encoded: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, value in urllib.parse.parse_qsl(encoded, keep_blank_values=True):
        # A repeated id= is a list, as NCBI accepts it; other names: the last one wins.
        fields[name] = f"{fields[name]},{value}" if name == "id" and name in fields else value
    return fields


def unused_port() -> int:
    """A loopback port with nothing listening on it: connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
