"""A polite, fault-tolerant client for NCBI's E-utilities (esearch and efetch on PubMed).

Why not Bio.Entrez: it hard-codes NCBI's URLs (so it cannot be tested against a local
server), has no request timeout, and retries HTTP 429 immediately without reading
Retry-After. This client is built on `requests` with its own retry loop instead.

The rules it follows (NCBI's usage guidelines, see the E-utilities notes):
- at most 3 requests/s per process (10/s with an API key), through one shared limiter;
- `tool` and `email` on every request;
- every request times out; 429, 5xx, timeouts, broken connections, truncated or non-XML
  bodies and `<ERROR>` documents are retried with exponential backoff and jitter, a
  bounded number of times (each retry is logged at INFO);
- a connection that cannot even be opened (refused, no route, the name lookup failed)
  is not retried: the machine is offline or the URL is wrong, and backing off for
  minutes would only hide that (EutilsUnreachable, at once);
- every body is checked to be the well-formed XML document asked for before it is
  returned, with a parser that never loads DTDs, expands entities or uses the network;
- the API key never appears in a log line, an exception message or a repr, even when NCBI
  quotes it back (`tracker.redaction`).

Every request is a form POST (as EDirect does): long terms and id lists never hit the
URL length limit (HTTP 414), and the API key never sits in a URL that a proxy or
urllib3's debug log could record.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import requests
import urllib3.exceptions
from lxml import etree

from tracker.errors import TemporaryFailure, TrackerError
from tracker.pubmed.records import MAX_PMID, pmid_in_range
from tracker.redaction import get_logger, redact, register_secret

NCBI_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"

# ESearch on PubMed returns at most this many ids per query, whatever retmax says;
# Count stays the true total. Larger result sets must be split into date slices.
ESEARCH_WINDOW = 9999

# NCBI counts strictly: spacing of exactly 1/rate still trips the limit now and then
# (4 requests seen in one second at 0.34 s spacing), so leave a margin, as Biopython does.
_SPACING_MARGIN = 1.12

# An <ERROR> document is usually permanent (bad query, bad parameter) but sometimes a
# passing backend failure, so it gets a few attempts, not the full budget.
_ERROR_DOCUMENT_ATTEMPTS = 3

# Bounds for slicing by date when a caller gives no window: PubMed's oldest records are
# from the 1700s, and ahead-of-print items can carry a publication date in the future.
_EARLIEST_DATE = dt.date(1700, 1, 1)
_FUTURE_YEARS = 2

logger = get_logger("tracker.eutils")

# Bytes of an error body read for its message: enough for any NCBI error text, and redacted
# whole before it is shortened, so that a key cut in two cannot slip through half-hidden.
_ERROR_BODY_READ = 65536
_ERROR_BODY_SHOWN = 200


class EutilsError(TrackerError):
    """A permanent problem: NCBI rejected the request (bad query, HTTP 4xx other than 429)."""

    def __init__(self, message: str) -> None:
        # NCBI may quote the API key back in its error: never let it into a message.
        super().__init__(redact(message))


class EutilsUnavailable(TemporaryFailure):
    """NCBI could not be reached or kept failing until the retries ran out."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


class EutilsUnreachable(EutilsUnavailable):
    """No connection could be opened at all (refused, name lookup failed): not retried."""


class InvalidResponse(Exception):
    """A body that is not the XML document asked for (truncated, HTML, wrong root).

    Never leaves the client: it is retried and then turned into EutilsUnavailable.
    """


class ErrorDocument(InvalidResponse):
    """A well-formed E-utilities `<ERROR>` document; `messages` holds NCBI's texts."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class _Retry(Exception):
    """Why one attempt failed in a way worth retrying (internal to the client)."""

    def __init__(
        self, reason: str, *, retry_after: float | None = None, error_document: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.error_document = error_document


@dataclass(frozen=True)
class SearchResult:
    """What one esearch (or one sliced search) found."""

    count: int
    ids: list[int]  # PMIDs in the returned window
    webenv: str | None
    query_key: str | None
    query_translation: str | None
    phrases_not_found: list[str]  # a term NCBI dropped: the search ran without it
    warnings: list[str]
    ignored_ids: list[str] = field(default_factory=list)  # Ids out of the PMID range


class RateLimiter:
    """Spaces calls to `wait()` at least `interval` seconds apart, across threads.

    Each caller reserves the next free slot under the lock and sleeps outside it, so
    concurrent callers queue up in order instead of racing for the same slot.
    """

    def __init__(
        self,
        requests_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if requests_per_second <= 0:
            raise ValueError("requests_per_second must be positive")
        self.requests_per_second = requests_per_second
        self.interval = _SPACING_MARGIN / requests_per_second
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot: float | None = None

    def wait(self) -> None:
        """Block until this caller may send its request."""
        with self._lock:
            now = self._clock()
            slot = now if self._next_slot is None else max(now, self._next_slot)
            self._next_slot = slot + self.interval
        if slot > now:
            self._sleep(slot - now)

    def __repr__(self) -> str:
        return f"RateLimiter({self.requests_per_second:g}/s, interval={self.interval:.3f} s)"


_shared_limiters: dict[float, RateLimiter] = {}
_shared_limiters_lock = threading.Lock()


def shared_rate_limiter(requests_per_second: float) -> RateLimiter:
    """The one limiter of this process for this rate, shared by every client.

    NCBI counts requests per IP address (or key), not per client object, so two clients
    in one process must draw from the same budget.
    """
    with _shared_limiters_lock:
        limiter = _shared_limiters.get(requests_per_second)
        if limiter is None:
            limiter = RateLimiter(requests_per_second)
            _shared_limiters[requests_per_second] = limiter
        return limiter


def parse_response(body: bytes, expected_root: str) -> etree._Element:
    """Parse an E-utilities body safely and check it is the document asked for.

    Raises ErrorDocument for a top-level `<ERROR>` or a non-empty `<ERROR>` child of the
    root (an empty `<ERROR/>`, as espell sends, is not an error), and InvalidResponse for
    anything that is not well-formed XML with root `expected_root` (truncated, HTML).
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidResponse(f"body is not well-formed XML ({len(body)} bytes): {exc}") from None
    if root is None:
        raise InvalidResponse("empty body")
    if root.tag == "ERROR":
        messages = [_text(root)]
    else:
        messages = [_text(element) for element in root.findall("ERROR")]
    messages = [message for message in messages if message]
    if messages:
        raise ErrorDocument(messages)
    if root.tag != expected_root:
        raise InvalidResponse(f"expected an XML <{expected_root}> document, got <{root.tag}>")
    return root


def parse_search_result(root: etree._Element) -> SearchResult:
    """Read an `eSearchResult` element (already checked by `parse_response`)."""
    count_text = root.findtext("Count")
    if count_text is None:
        raise InvalidResponse("eSearchResult without <Count>")
    try:
        count = int(count_text.strip())
    except ValueError as exc:
        raise InvalidResponse(f"eSearchResult with a non-numeric Count: {exc}") from None

    ids: list[int] = []
    ignored: list[str] = []
    for element in root.findall("IdList/Id"):
        text = _text(element)
        if not (text.isascii() and text.isdigit()):
            raise InvalidResponse(f"eSearchResult with a non-numeric Id: {text[:40]!r}")
        # A wild number would only fail later, in the database; the rest of the search is good.
        if len(text) > len(str(MAX_PMID)) or not pmid_in_range(int(text)):
            ignored.append(text[:40])
        else:
            ids.append(int(text))

    warnings: list[str] = []
    for element in root.findall("ErrorList/*"):
        if element.tag != "PhraseNotFound" and _text(element):
            warnings.append(f"{_split_camel_case(str(element.tag))}: {_text(element)}")
    for element in root.findall("WarningList/*"):
        if not _text(element):
            continue
        if element.tag == "OutputMessage":
            warnings.append(_text(element))
        else:
            warnings.append(f"{_split_camel_case(str(element.tag))}: {_text(element)}")

    return SearchResult(
        count=count,
        ids=ids,
        webenv=_optional_text(root, "WebEnv"),
        query_key=_optional_text(root, "QueryKey"),
        query_translation=_optional_text(root, "QueryTranslation"),
        phrases_not_found=[
            _text(element) for element in root.findall("ErrorList/PhraseNotFound") if _text(element)
        ],
        warnings=warnings,
        ignored_ids=ignored,
    )


class EutilsClient:
    """esearch and efetch on PubMed, with politeness, timeouts, retries and validation.

    One client is meant for one thread (it owns a `requests.Session`); the rate limiter
    behind it is shared by every client in the process.
    """

    def __init__(
        self,
        base_url: str = NCBI_EUTILS_URL,
        *,
        email: str | None,
        api_key: str | None,
        tool: str = "microneedling-evidence-tracker",
        timeout: float = 30.0,
        max_attempts: int = 6,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        requests_per_second: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not tool or any(character.isspace() for character in tool):
            raise ValueError("tool must be a non-empty name without spaces (NCBI's rule)")
        if email is not None and (not email or any(c.isspace() for c in email)):
            raise ValueError("email must be an address without spaces (NCBI's rule)")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if email is None:
            logger.warning("No contact email set: NCBI asks for one and may block anonymous use")

        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.email = email
        self.tool = tool
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.requests_made = 0
        self._api_key = api_key or None
        register_secret(self._api_key)
        if requests_per_second is None:
            requests_per_second = 10.0 if self._api_key else 3.0
        self._limiter = shared_rate_limiter(requests_per_second)
        self._sleep = sleep
        self._random = random.Random()
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"{tool} (python-requests)"

    def __repr__(self) -> str:
        key = "'***'" if self._api_key else "None"
        return (
            f"EutilsClient({self.base_url!r}, tool={self.tool!r}, email={self.email!r}, "
            f"api_key={key}, limiter={self._limiter!r})"
        )

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> EutilsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- esearch -------------------------------------------------------------------------

    def esearch(
        self,
        term: str,
        *,
        usehistory: bool = True,
        retmax: int = ESEARCH_WINDOW,
        retstart: int = 0,
        datetype: str | None = None,
        mindate: str | None = None,
        maxdate: str | None = None,
    ) -> SearchResult:
        """One esearch request on PubMed. `mindate`/`maxdate` go together (YYYY[/MM[/DD]])."""
        if (mindate is None) != (maxdate is None):
            raise ValueError("mindate and maxdate must be given together")
        params = {"db": "pubmed", "term": term, "retmax": str(retmax), "retstart": str(retstart)}
        if usehistory:
            params["usehistory"] = "y"
        if mindate is not None and maxdate is not None:
            params["datetype"] = datetype or "pdat"
            params["mindate"] = mindate
            params["maxdate"] = maxdate
        elif datetype is not None:
            params["datetype"] = datetype
        _, root = self._request("esearch", params, expected_root="eSearchResult")
        result = parse_search_result(root)
        for phrase in result.phrases_not_found:
            # In the result for the caller to report: a warning here would say it twice.
            logger.info("PubMed ignored a phrase it could not find: %s", phrase)
        return result

    def search_ids(
        self,
        term: str,
        *,
        datetype: str | None = None,
        mindate: str | None = None,
        maxdate: str | None = None,
    ) -> SearchResult:
        """Every PMID for `term`, splitting the search into date slices past 9,999 hits.

        Slices use `datetype` (default pdat) and bisect the window until each slice fits
        in one esearch. A sliced result has no WebEnv (there is no single history entry);
        fetch its ids with `efetch_ids`.
        """
        if (mindate is None) != (maxdate is None):
            raise ValueError("mindate and maxdate must be given together")
        first = self.esearch(
            term, datetype=datetype, mindate=mindate, maxdate=maxdate, retmax=ESEARCH_WINDOW
        )
        if first.count <= ESEARCH_WINDOW:
            return first

        slice_datetype = datetype or "pdat"
        if mindate is not None and maxdate is not None:
            start, end = _first_day(mindate), _last_day(maxdate)
        else:
            start = _EARLIEST_DATE
            end = dt.date(dt.date.today().year + _FUTURE_YEARS, 12, 31)
        logger.info(
            "%d hits for %r exceed the esearch window; slicing by %s",
            first.count,
            term,
            slice_datetype,
        )

        ids: dict[int, None] = {}  # ordered set: slices can overlap when records change
        phrases = list(first.phrases_not_found)
        ignored = list(first.ignored_ids)
        warnings = [w for w in first.warnings if not w.startswith("Restrictions achieved")]
        sliced_total = 0
        pending = [(start, end)]
        while pending:
            low, high = pending.pop()
            part = self.esearch(
                term,
                usehistory=False,
                datetype=slice_datetype,
                mindate=_format_date(low),
                maxdate=_format_date(high),
            )
            if part.count > ESEARCH_WINDOW and low < high:
                middle = low + (high - low) // 2
                # Pushed so the earlier half is popped first: ids come out oldest first.
                pending.append((middle + dt.timedelta(days=1), high))
                pending.append((low, middle))
                continue
            if part.count > ESEARCH_WINDOW:
                warnings.append(
                    f"{part.count} records share {slice_datetype} {_format_date(low)}; "
                    f"only the first {len(part.ids)} could be retrieved"
                )
            sliced_total += part.count
            ids.update(dict.fromkeys(part.ids))
            phrases.extend(p for p in part.phrases_not_found if p not in phrases)
            ignored.extend(i for i in part.ignored_ids if i not in ignored)
        if sliced_total != first.count:
            warnings.append(
                f"date slices found {sliced_total} records but the whole search counts "
                f"{first.count}: records outside {_format_date(start)}-{_format_date(end)} "
                "or changed during the fetch"
            )
        return SearchResult(
            count=first.count,
            ids=list(ids),
            webenv=None,
            query_key=None,
            query_translation=first.query_translation,
            phrases_not_found=phrases,
            warnings=warnings,
            ignored_ids=ignored,
        )

    # --- efetch --------------------------------------------------------------------------

    def efetch_ids(self, pmids: Sequence[int], *, batch_size: int = 200) -> Iterator[bytes]:
        """PubMed XML for `pmids`, one complete `PubmedArticleSet` body per batch.

        Unknown or deleted PMIDs are silently absent from the output (NCBI omits them).
        """
        _check_batch_size(batch_size)
        unique = list(dict.fromkeys(int(pmid) for pmid in pmids))
        for offset in range(0, len(unique), batch_size):
            batch = unique[offset : offset + batch_size]
            params = {
                "db": "pubmed",
                "id": ",".join(str(pmid) for pmid in batch),
                "retmode": "xml",
            }
            body, _ = self._request("efetch", params, expected_root="PubmedArticleSet")
            yield body

    def efetch_history(
        self, webenv: str, query_key: str, count: int, *, batch_size: int = 200
    ) -> Iterator[bytes]:
        """PubMed XML for the first `count` records of a history-server result set."""
        _check_batch_size(batch_size)
        for retstart in range(0, count, batch_size):
            params = {
                "db": "pubmed",
                "WebEnv": webenv,
                "query_key": query_key,
                "retstart": str(retstart),
                "retmax": str(min(batch_size, count - retstart)),
                "retmode": "xml",
            }
            body, _ = self._request("efetch", params, expected_root="PubmedArticleSet")
            yield body

    # --- one request, retried ------------------------------------------------------------

    def _request(
        self, endpoint: str, params: dict[str, str], *, expected_root: str
    ) -> tuple[bytes, etree._Element]:
        """POST to `endpoint` until a valid `expected_root` document comes back."""
        url = f"{self.base_url}{endpoint}.fcgi"
        form = dict(params)
        form["tool"] = self.tool
        if self.email:
            form["email"] = self.email
        if self._api_key:
            form["api_key"] = self._api_key

        error_documents = 0
        for attempt in range(1, self.max_attempts + 1):
            self._limiter.wait()
            self.requests_made += 1
            logger.debug("POST %s attempt %d", redact(url), attempt)
            try:
                return self._attempt(endpoint, url, form, expected_root)
            except _Retry as failure:
                retry = failure
            if retry.error_document:
                error_documents += 1
                if error_documents >= _ERROR_DOCUMENT_ATTEMPTS or attempt == self.max_attempts:
                    raise EutilsError(f"NCBI {endpoint} failed: {retry.reason}") from None
            if attempt == self.max_attempts:
                break
            delay = self._backoff_delay(attempt, retry.retry_after)
            # Chatter for --verbose: the outcome (a record or an error) is what users read.
            logger.info(
                "%s attempt %d of %d failed (%s); retrying in %.2f s",
                endpoint,
                attempt,
                self.max_attempts,
                retry.reason,
                delay,
            )
            self._sleep(delay)
        raise EutilsUnavailable(
            f"NCBI E-utilities {endpoint} ({redact(url)}) failed {self.max_attempts} times; "
            f"last error: {retry.reason}"
        )

    def _attempt(
        self, endpoint: str, url: str, form: dict[str, str], expected_root: str
    ) -> tuple[bytes, etree._Element]:
        """One HTTP exchange: the checked document, or _Retry, or EutilsError (HTTP 4xx)."""
        try:
            response = self._session.post(url, data=form, timeout=self.timeout)
        except requests.Timeout:
            raise _Retry(f"no answer within {self.timeout:g} s") from None
        except requests.ConnectionError as exc:
            why = _unreachable(exc)
            if why is not None:
                raise EutilsUnreachable(
                    f"NCBI E-utilities cannot be reached at {redact(self.base_url)}: {why}"
                ) from None
            raise _Retry(f"connection failed ({type(exc).__name__})") from None
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise _Retry(f"body cut short ({type(exc).__name__})") from None

        status = response.status_code
        if status == 429:
            retry_after = _parse_retry_after(response.headers.get("Retry-After"))
            raise _Retry("HTTP 429 (NCBI rate limit exceeded)", retry_after=retry_after)
        if status >= 500 or status == 408:
            raise _Retry(f"HTTP {status} {response.reason or ''}".rstrip())
        if status >= 400:
            raise EutilsError(
                f"NCBI {endpoint} rejected the request: HTTP {status}: "
                f"{_describe_body(response.content)}"
            )
        try:
            return response.content, parse_response(response.content, expected_root)
        except ErrorDocument as exc:
            reason = f"NCBI returned an error: {redact(str(exc))}"
            raise _Retry(reason, error_document=True) from None
        except InvalidResponse as exc:
            raise _Retry(f"unusable response: {redact(str(exc))}") from None

    def _backoff_delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter, never shorter than Retry-After, never over the cap."""
        exponential = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
        delay = exponential * self._random.uniform(0.5, 1.0)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.backoff_cap)


def _unreachable(exc: requests.ConnectionError) -> str | None:
    """Why no connection could be opened (refused, name lookup failed), or None.

    A connection opened and then broken, or a connect timeout (a slow or overloaded
    server), is something else: None, so the caller retries it.
    """
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if not isinstance(reason, urllib3.exceptions.NewConnectionError):
        return None
    cause = reason.__cause__ or reason.__context__
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        detail = getattr(cause, "strerror", None)
        return "the name lookup failed" + (f" ({detail})" if detail else "")
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    return "no connection could be opened"


def _text(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext()).strip()


def _optional_text(root: etree._Element, path: str) -> str | None:
    element = root.find(path)
    if element is None:
        return None
    return _text(element) or None


def _split_camel_case(tag: str) -> str:
    """'QuotedPhraseNotFound' -> 'Quoted phrase not found', for warning texts."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+", tag)
    return " ".join(words).capitalize() if words else tag


def _describe_body(body: bytes) -> str:
    """NCBI's own words for a rejected request: its <ERROR> texts, else the body's start."""
    try:
        parse_response(body, expected_root="")
    except ErrorDocument as exc:
        return redact(str(exc))
    except InvalidResponse:
        pass
    text = redact(" ".join(body[:_ERROR_BODY_READ].decode("utf-8", errors="replace").split()))
    return text[:_ERROR_BODY_SHOWN] or "(empty body)"


def _parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _check_batch_size(batch_size: int) -> None:
    if not 1 <= batch_size <= 10_000:
        raise ValueError("batch_size must be between 1 and 10,000 (efetch's maximum)")


def _first_day(value: str) -> dt.date:
    """The first day an E-utilities date (YYYY, YYYY/MM or YYYY/MM/DD) covers."""
    parts = [int(part) for part in value.split("/")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day)


def _last_day(value: str) -> dt.date:
    """The last day an E-utilities date (YYYY, YYYY/MM or YYYY/MM/DD) covers."""
    parts = [int(part) for part in value.split("/")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        year, month = parts
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(parts[0], parts[1], parts[2])


def _format_date(day: dt.date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
