"""The E-utilities client against the fake server over real HTTP on 127.0.0.1.

Every fault kind is injected by the server; the client must still return complete,
exact results, give up after a bounded number of attempts, stay under NCBI's rate
limit (measured from the server's own receive times) and never reveal the API key.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import logging
import re
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from lxml import etree

from tests.conftest import SHARED_EUTILS
from tests.eutils_server import (
    EutilsTestServer,
    FakePubMed,
    FakeRecord,
    RecordedRequest,
    make_record,
    unused_port,
)
from tracker.errors import TemporaryFailure, TrackerError
from tracker.pubmed.eutils import (
    ESEARCH_WINDOW,
    ErrorDocument,
    EutilsClient,
    EutilsError,
    EutilsUnavailable,
    EutilsUnreachable,
    InvalidResponse,
    RateLimiter,
    parse_response,
    parse_search_result,
    redact,
    shared_rate_limiter,
)

# Real NCBI responses live beside the repository; they are read in place, never copied.
REAL_EUTILS = SHARED_EUTILS

TERM = "microneedling AND acne scars"
PMIDS = list(range(31000001, 31000041))  # 40 records
SECRET = "SECRET-KEY-0123456789abcdef"
FAST = 500.0  # requests/s for tests that are not about the rate limit

FAULTS: list[tuple[str, dict[str, object]]] = [
    ("429", {"retry_after": "0"}),
    ("500", {}),
    ("502", {}),
    ("slow", {"delay": 0.8}),
    ("truncate", {"content_length": "correct"}),
    ("truncate", {"content_length": "wrong"}),
    ("error", {"message": "Search Backend failed: Exception: database is busy"}),
    ("down", {}),
]


def corpus() -> list[FakeRecord]:
    return [
        make_record(
            pmid,
            title=f"Microneedling with topical serum for atrophic scars: trial {n}",
            abstract="Forty adults received three sessions; scar scores fell by a third.",
            year=2005 + n % 18,
        )
        for n, pmid in enumerate(PMIDS)
    ]


@pytest.fixture
def server() -> Iterator[EutilsTestServer]:
    with EutilsTestServer(FakePubMed(corpus(), {TERM: PMIDS})) as running:
        yield running


@pytest.fixture
def waits() -> list[float]:
    """The backoff waits the client asked for (its injected sleep)."""
    return []


@pytest.fixture
def make_client(
    server: EutilsTestServer, waits: list[float]
) -> Iterator[Callable[..., EutilsClient]]:
    clients: list[EutilsClient] = []

    def factory(**overrides: Any) -> EutilsClient:
        options: dict[str, Any] = {
            "email": "tester@example.org",
            "api_key": None,
            "timeout": 0.4,
            "backoff_base": 0.001,
            "backoff_cap": 0.05,
            "requests_per_second": FAST,
            "sleep": waits.append,
        }
        options.update(overrides)
        base_url = options.pop("base_url", server.base_url)
        client = EutilsClient(base_url, **options)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()


def pmids_in(bodies: list[bytes]) -> list[int]:
    """The records' own PMIDs in efetch bodies, in order (not cited papers' PMIDs)."""
    found = []
    for body in bodies:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
        found += [
            int(str(pmid.text)) for pmid in root.iterfind("PubmedArticle/MedlineCitation/PMID")
        ]
    return found


def max_in_any_window(times: list[float], seconds: float = 1.0) -> int:
    """The most requests received within any sliding window of `seconds`."""
    ordered = sorted(times)
    return max(
        sum(1 for other in ordered[i:] if other - start < seconds)
        for i, start in enumerate(ordered)
    )


# --- the happy path ---------------------------------------------------------------------


def test_esearch_then_history_fetch_returns_every_record_once(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client()
    result = client.esearch(TERM)
    assert result.count == len(PMIDS)
    assert sorted(result.ids) == PMIDS
    assert result.webenv and result.query_key
    assert result.phrases_not_found == []
    assert result.warnings == []

    bodies = list(
        client.efetch_history(result.webenv, result.query_key, result.count, batch_size=7)
    )

    assert len(bodies) == 6  # ceil(40 / 7)
    assert sorted(pmids_in(bodies)) == PMIDS
    assert client.requests_made == 1 + 6
    fetches = server.requests_to("efetch")
    assert [int(r.params["retstart"]) for r in fetches] == [0, 7, 14, 21, 28, 35]
    assert [int(r.params["retmax"]) for r in fetches] == [7, 7, 7, 7, 7, 5]
    assert all(r.params["WebEnv"] == result.webenv for r in fetches)


def test_efetch_ids_batches_by_post_and_skips_unknown_ids(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client()
    unknown = [99000001, 99000002]
    wanted = PMIDS + unknown + PMIDS[:5]  # repeats are fetched once

    bodies = list(client.efetch_ids(wanted, batch_size=16))

    assert sorted(pmids_in(bodies)) == PMIDS
    fetches = server.requests_to("efetch")
    assert len(fetches) == len(bodies) == 3  # 42 distinct ids in batches of 16
    assert all(r.method == "POST" and "?" not in r.path for r in fetches)
    sent = [int(pmid) for r in fetches for pmid in r.params["id"].split(",")]
    assert sorted(sent) == sorted(PMIDS + unknown)
    assert all(r.params["retmode"] == "xml" and r.params["db"] == "pubmed" for r in fetches)


def test_long_id_list_travels_in_the_post_body(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    many = list(range(40000000, 40000500))  # far beyond what a GET URL should carry
    bodies = list(make_client().efetch_ids(many, batch_size=500))

    assert len(bodies) == 1
    (request,) = server.requests_to("efetch")
    assert request.method == "POST"
    assert len(request.path) < 100
    assert len(request.params["id"].split(",")) == 500


def test_efetch_of_nothing_sends_nothing(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client()
    assert list(client.efetch_ids([])) == []
    assert list(client.efetch_history("MCID_x", "1", 0)) == []
    assert server.requests == []


def test_tool_and_email_on_every_request_and_no_key_unless_configured(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(tool="evidence-tracker-test")
    server.fail("esearch", "500")
    server.fail("efetch", "429", retry_after="0")
    result = client.esearch(TERM)
    list(client.efetch_ids(result.ids))

    assert len(server.requests) == 4
    for request in server.requests:
        assert request.params["tool"] == "evidence-tracker-test"
        assert request.params["email"] == "tester@example.org"
        assert "api_key" not in request.params


def test_api_key_is_sent_on_every_request_when_configured(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(api_key=SECRET)
    server.fail("efetch", "down")
    result = client.esearch(TERM)
    list(client.efetch_history(str(result.webenv), str(result.query_key), result.count))

    assert len(server.requests) == 3
    assert all(request.params["api_key"] == SECRET for request in server.requests)


# --- faults: retried, and the result is still exact ---------------------------------------


@pytest.mark.parametrize("endpoint", ["esearch", "efetch"])
@pytest.mark.parametrize(("kind", "options"), FAULTS, ids=[f"{k}-{o}" for k, o in FAULTS])
def test_results_are_exact_after_transient_faults(
    server: EutilsTestServer,
    make_client: Callable[..., EutilsClient],
    waits: list[float],
    endpoint: str,
    kind: str,
    options: dict[str, object],
) -> None:
    client = make_client()
    server.fail(endpoint, kind, times=2, **options)

    result = client.esearch(TERM)
    bodies = list(client.efetch_history(str(result.webenv), str(result.query_key), result.count))

    assert result.count == len(PMIDS) and sorted(result.ids) == PMIDS
    assert sorted(pmids_in(bodies)) == PMIDS
    faulted = [r for r in server.requests_to(endpoint) if r.fault == kind]
    assert len(faulted) == 2
    assert len(server.requests) == 2 + 2  # one esearch, one efetch batch, two retries
    assert len(waits) == 2
    assert client.requests_made == 4


def test_permanent_500_gives_up_after_max_attempts_with_a_clear_message(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    client = make_client(max_attempts=4, backoff_base=0.01, backoff_cap=10.0)
    server.fail("esearch", "500", times=None)

    with pytest.raises(EutilsUnavailable) as raised:
        client.esearch(TERM)

    assert isinstance(raised.value, TemporaryFailure)
    message = str(raised.value)
    assert "esearch" in message and "4 times" in message and "HTTP 500" in message
    assert len(server.requests) == 4
    # Exponential backoff with jitter: attempt n waits between half and all of base * 2**(n-1).
    assert len(waits) == 3
    for n, wait in enumerate(waits):
        assert 0.01 * 2**n * 0.5 <= wait <= 0.01 * 2**n


def test_backoff_never_exceeds_the_cap(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    client = make_client(max_attempts=5, backoff_base=10.0, backoff_cap=0.02)
    server.fail("efetch", "502", times=None)

    with pytest.raises(EutilsUnavailable, match="HTTP 502"):
        list(client.efetch_ids(PMIDS))

    assert len(waits) == 4 and all(wait <= 0.02 for wait in waits)


def test_retry_after_is_honoured(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    client = make_client(backoff_cap=60.0)
    server.fail("esearch", "429", retry_after="7")

    assert client.esearch(TERM).count == len(PMIDS)
    assert waits == [7.0]


def test_retry_after_as_http_date_is_honoured(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    client = make_client(backoff_cap=60.0)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    server.fail("esearch", "429", retry_after=email.utils.format_datetime(later, usegmt=True))

    client.esearch(TERM)
    assert len(waits) == 1 and 25.0 <= waits[0] <= 30.0


def test_retry_after_is_capped(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    client = make_client(backoff_cap=5.0)
    server.fail("esearch", "429", retry_after="3600")

    client.esearch(TERM)
    assert waits == [5.0]


def test_persistent_timeouts_end_in_unavailable(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(timeout=0.2, max_attempts=2)
    server.fail("esearch", "slow", times=None, delay=0.6)

    with pytest.raises(EutilsUnavailable, match=r"no answer within 0\.2 s"):
        client.esearch(TERM)
    assert len(server.requests) == 2


def test_persistently_truncated_body_ends_in_unavailable(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(max_attempts=3)
    server.fail("efetch", "truncate", times=None)

    with pytest.raises(EutilsUnavailable, match="not well-formed XML"):
        list(client.efetch_ids(PMIDS[:3]))
    assert len(server.requests) == 3


def test_a_refused_connection_is_unreachable_at_once(
    make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    # Nothing listens: the machine is offline or the URL is wrong, and no backoff helps.
    client = make_client(base_url=f"http://127.0.0.1:{unused_port()}/", max_attempts=6)

    with pytest.raises(EutilsUnreachable, match=r"cannot be reached at .*: connection refused"):
        client.esearch(TERM)
    assert client.requests_made == 1 and waits == []


def test_a_failed_name_lookup_is_unreachable_at_once(
    make_client: Callable[..., EutilsClient],
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_dns(*args: object, **kwargs: object) -> list[Any]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    client = make_client(base_url="https://eutils.example.invalid/", max_attempts=6)

    with pytest.raises(EutilsUnreachable, match="the name lookup failed"):
        client.esearch(TERM)
    assert client.requests_made == 1 and waits == []


def test_a_connection_dropped_after_it_opened_is_still_retried(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    client = make_client(max_attempts=3)
    server.fail("esearch", "down", times=None)

    with pytest.raises(EutilsUnavailable, match="failed 3 times") as raised:
        client.esearch(TERM)
    assert not isinstance(raised.value, EutilsUnreachable)
    assert len(server.requests) == 3 and len(waits) == 2


def test_error_document_is_retried_then_raised_with_ncbi_text(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(max_attempts=6)
    server.fail("esearch", "error", times=None, message="Invalid db name specified: pubmd")

    with pytest.raises(EutilsError, match="Invalid db name specified: pubmd") as raised:
        client.esearch(TERM)

    assert not isinstance(raised.value, TemporaryFailure)
    assert 1 < len(server.requests) < 6  # a few attempts, not the whole budget


def test_http_400_is_permanent_and_quotes_ncbi(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], waits: list[float]
) -> None:
    client = make_client()
    with pytest.raises(EutilsError, match="Unable to obtain query #1"):
        list(client.efetch_history("MCID_no_such_history", "1", 10))
    assert len(server.requests) == 1 and waits == []


def test_phrase_not_found_is_reported_not_raised(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    unknown = "microneedling AND fleeglewort"
    result = make_client().esearch(unknown)

    assert result.count == 0 and result.ids == []
    assert result.phrases_not_found == [unknown]
    assert "No items found." in result.warnings


def test_mindate_without_maxdate_is_refused_before_sending(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    with pytest.raises(ValueError, match="together"):
        make_client().esearch(TERM, mindate="2020")
    assert server.requests == []


# --- more than 9,999 hits: date slices -----------------------------------------------------


def spread_corpus(count: int, first_year: int, years: int) -> list[FakeRecord]:
    """`count` records spread evenly over `years` years; the XML is never fetched."""
    days = years * 365
    start = dt.date(first_year, 1, 1)
    records = []
    for n in range(count):
        day = start + dt.timedelta(days=n * days // count)
        records.append(FakeRecord(10_000_000 + n, b"<PubmedArticle/>", day, day, day))
    return records


def test_searches_past_the_window_are_sliced_by_publication_date() -> None:
    records = spread_corpus(25_000, 1990, 35)
    everything = [record.pmid for record in records]
    pubmed = FakePubMed(records, {"microneedl*": everything})
    with (
        EutilsTestServer(pubmed) as server,
        EutilsClient(
            server.base_url, email="t@example.org", api_key=None, requests_per_second=FAST
        ) as client,
    ):
        result = client.search_ids("microneedl*")
        searches = server.requests_to("esearch")

    assert result.count == 25_000
    assert sorted(result.ids) == everything  # all of them, each exactly once
    assert result.webenv is None
    assert not any("Restrictions achieved" in warning for warning in result.warnings)
    assert result.warnings == []

    slices = [r for r in searches if "mindate" in r.params]
    assert searches[0].count == 25_000 and "mindate" not in searches[0].params
    assert all(r.returned is not None and r.returned <= ESEARCH_WINDOW for r in searches)
    assert all(r.params["datetype"] == "pdat" for r in slices)
    # The slices whose ids were kept fit the window and add up to the whole count.
    kept = [r for r in slices if r.count is not None and r.count <= ESEARCH_WINDOW]
    assert sum(r.count or 0 for r in kept) == 25_000
    assert all(r.returned == r.count for r in kept)
    assert len(searches) < 40


def test_slicing_keeps_the_callers_date_type_and_window() -> None:
    inside = spread_corpus(12_000, 2020, 2)  # 2020-01-01 .. 2021-12-31
    outside = [
        FakeRecord(90_000_000 + n, b"<PubmedArticle/>", dt.date(2019, 6, 1), dt.date(2019, 6, 1))
        for n in range(50)
    ]
    # A different Entrez date for each record: slicing by pdat would get the wrong ones.
    moved = [
        FakeRecord(r.pmid, r.xml, dt.date(1999, 1, 1), r.mdat, r.pdat) for r in inside
    ] + outside
    pubmed = FakePubMed(moved, {"microneedle": [r.pmid for r in moved]})
    with (
        EutilsTestServer(pubmed) as server,
        EutilsClient(
            server.base_url, email="t@example.org", api_key=None, requests_per_second=FAST
        ) as client,
    ):
        result = client.search_ids("microneedle", datetype="edat", mindate="2020", maxdate="2021")
        searches = server.requests_to("esearch")

    assert sorted(result.ids) == [r.pmid for r in inside]
    assert result.count == 12_000
    for request in searches:
        assert request.params["datetype"] == "edat"
        assert request.params["mindate"] >= "2020" and request.params["maxdate"] <= "2021/12/31"


def test_a_single_day_past_the_window_is_a_warning_not_silent_truncation() -> None:
    day = dt.date(2021, 3, 1)
    crowded = [
        FakeRecord(20_000_000 + n, b"<PubmedArticle/>", day, day)
        for n in range(ESEARCH_WINDOW + 20)
    ]
    pubmed = FakePubMed(crowded, {"skin": [r.pmid for r in crowded]})
    with (
        EutilsTestServer(pubmed) as server,
        EutilsClient(
            server.base_url, email="t@example.org", api_key=None, requests_per_second=FAST
        ) as client,
    ):
        result = client.search_ids("skin")

    assert result.count == ESEARCH_WINDOW + 20
    assert len(result.ids) == ESEARCH_WINDOW
    assert any("2021/03/01" in warning for warning in result.warnings)


def test_small_searches_are_not_sliced(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    result = make_client().search_ids(TERM)
    assert sorted(result.ids) == PMIDS and result.webenv is not None
    assert len(server.requests) == 1


# --- politeness: rate measured by the server -----------------------------------------------


def receive_times(requests: list[RecordedRequest]) -> list[float]:
    return [request.time for request in requests]


def test_rate_without_key_stays_within_three_per_second(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(requests_per_second=None)
    for _ in range(7):
        client.esearch(TERM, usehistory=False, retmax=5)

    times = receive_times(server.requests)
    assert len(times) == 7
    assert max_in_any_window(times) <= 3
    assert times[-1] - times[0] < 6 * 0.5  # polite, not needlessly slow


def test_rate_limit_is_shared_by_clients_in_threads(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    clients = [make_client(requests_per_second=None) for _ in range(2)]

    def search(client: EutilsClient) -> None:
        for _ in range(3):
            client.esearch(TERM, usehistory=False, retmax=5)

    threads = [threading.Thread(target=search, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    times = receive_times(server.requests)
    assert len(times) == 6
    assert max_in_any_window(times) <= 3


def test_rate_with_key_stays_within_ten_per_second(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(api_key=SECRET, requests_per_second=None)
    for _ in range(14):
        client.esearch(TERM, usehistory=False, retmax=5)

    times = receive_times(server.requests)
    assert len(times) == 14
    assert max_in_any_window(times) <= 10
    assert max_in_any_window(times) > 3  # the key really raises the rate
    assert times[-1] - times[0] < 13 * 0.2


def test_rate_limiter_spaces_calls_slightly_above_one_over_rate() -> None:
    clock = [100.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    limiter = RateLimiter(3, clock=lambda: clock[0], sleep=sleep)
    starts = []
    for _ in range(5):
        limiter.wait()
        starts.append(clock[0])

    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert all(1 / 3 < gap < 0.4 for gap in gaps)


def test_rate_limiter_does_not_wait_after_a_pause() -> None:
    clock = [0.0]
    slept: list[float] = []
    limiter = RateLimiter(10, clock=lambda: clock[0], sleep=slept.append)
    limiter.wait()
    clock[0] += 5.0
    limiter.wait()
    assert slept == []


def test_one_shared_limiter_per_rate() -> None:
    assert shared_rate_limiter(3.0) is shared_rate_limiter(3.0)
    assert shared_rate_limiter(3.0) is not shared_rate_limiter(10.0)


# --- the API key stays secret ------------------------------------------------------------


def test_api_key_never_appears_in_logs_errors_or_reprs(
    server: EutilsTestServer,
    make_client: Callable[..., EutilsClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3's request lines included
    client = make_client(api_key=SECRET, max_attempts=10)
    for kind, options in FAULTS:
        server.fail("efetch", kind, times=1, **options)
    result = client.esearch(TERM)
    list(client.efetch_ids(result.ids))

    failures: list[TrackerError] = []
    server.fail("esearch", "500", times=None)
    with pytest.raises(EutilsUnavailable) as unavailable:
        client.esearch(TERM)
    failures.append(unavailable.value)
    server.clear_faults()
    server.fail("esearch", "error", times=None, message=f"bad request api_key={SECRET}")
    with pytest.raises(EutilsError) as rejected:
        client.esearch(TERM)
    failures.append(rejected.value)
    with pytest.raises(EutilsError) as bad_history:
        list(client.efetch_history("MCID_gone", "1", 5))
    failures.append(bad_history.value)
    refused = make_client(base_url=f"http://127.0.0.1:{unused_port()}/", api_key=SECRET)
    with pytest.raises(EutilsUnavailable) as down:
        refused.esearch(TERM)
    failures.append(down.value)

    assert any(r.name == "tracker.eutils" and r.levelno >= logging.INFO for r in caplog.records)
    assert any(r.name.startswith("urllib3") for r in caplog.records)
    assert SECRET not in caplog.text
    for failure in failures:
        assert SECRET not in str(failure) and SECRET not in repr(failure)
        assert failure.__cause__ is None or SECRET not in str(failure.__cause__)
    assert "api_key=***" in str(failures[1])
    assert SECRET not in repr(client) and "***" in repr(client)


def test_redact_hides_every_key_in_a_url() -> None:
    url = f"https://eutils.example/esearch.fcgi?db=pubmed&api_key={SECRET}&term=x&API_KEY=abc"
    redacted = redact(url)
    assert SECRET not in redacted and "abc" not in redacted.split("API_KEY=")[1]
    assert redacted.startswith("https://eutils.example/esearch.fcgi?db=pubmed&api_key=")
    assert "&term=x" in redacted


# --- conformance: the client's checks on real NCBI responses -------------------------------


def real_file(name: str) -> bytes:
    path = REAL_EUTILS / name
    if not path.is_file():
        pytest.skip(f"real NCBI file not available: {path}")
    return path.read_bytes()


def first_match(pattern: bytes, body: bytes) -> str:
    match = re.search(pattern, body)
    assert match, pattern
    return match.group(1).decode()


def test_real_esearch_with_history_is_parsed(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    body = real_file("biopython__esearch2.xml")
    server.serve_body("esearch", body)

    result = make_client().esearch("anything")

    assert result.count == int(first_match(rb"<Count>(\d+)</Count>", body))
    assert result.webenv == first_match(rb"<WebEnv>([^<]+)</WebEnv>", body)
    assert result.query_key == first_match(rb"<QueryKey>([^<]+)</QueryKey>", body)
    assert result.ids == [int(x) for x in re.findall(rb"<Id>(\d+)</Id>", body)]
    assert len(result.ids) == 100


def test_real_zero_hit_esearch_reports_the_missing_phrase(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    body = real_file("biopython__esearch8.xml")
    server.serve_body("esearch", body)

    result = make_client().esearch("anything")

    assert result.count == 0 and result.ids == []
    assert result.phrases_not_found == [
        first_match(rb"<PhraseNotFound>([^<]+)</PhraseNotFound>", body)
    ]
    assert first_match(rb"<OutputMessage>([^<]+)</OutputMessage>", body) in result.warnings


def test_real_partial_failure_keeps_count_and_reports_dropped_phrase(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    body = real_file("Klortho-Eutils-JSON__esearch.error.xml")
    server.serve_body("esearch", body)

    result = make_client().esearch("anything")

    assert result.count == int(first_match(rb"<Count>(\d+)</Count>", body))
    assert result.count > 0 and len(result.ids) == len(re.findall(rb"<Id>", body))
    assert result.phrases_not_found == [
        first_match(rb"<PhraseNotFound>([^<]+)</PhraseNotFound>", body)
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Klortho-Eutils-JSON__esearch.baderror.xml",
        "biopython__esummary8.xml",
        "biopython__epost2.xml",
    ],
)
def test_real_error_documents_are_retried_then_raised(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], name: str
) -> None:
    body = real_file(name)
    server.serve_body("esearch", body, times=None)

    with pytest.raises(EutilsError) as raised:
        make_client().esearch("anything")

    assert first_match(rb"<ERROR>([^<]+)</ERROR>", body) in str(raised.value)
    assert len(server.requests) > 1


def test_real_double_error_document_keeps_both_messages() -> None:
    body = real_file("biopython__epost3.xml")
    with pytest.raises(ErrorDocument) as raised:
        parse_response(body, "ePostResult")
    expected = [m.decode() for m in re.findall(rb"<ERROR>([^<]+)</ERROR>", body)]
    assert len(expected) == 2 and raised.value.messages == expected


def test_real_empty_error_element_is_not_an_error() -> None:
    body = real_file("biopython__espell.xml")
    root = parse_response(body, "eSpellResult")
    assert root.findtext("CorrectedQuery") == first_match(
        rb"<CorrectedQuery>([^<]+)</CorrectedQuery>", body
    )


def test_real_html_answer_is_retried_then_unavailable(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient]
) -> None:
    body = real_file("biopython__pubmed3.html")
    with pytest.raises(InvalidResponse) as raised:
        parse_response(body, "PubmedArticleSet")
    assert not isinstance(raised.value, ErrorDocument)

    server.serve_body("efetch", body, content_type="text/html", times=None)
    with pytest.raises(EutilsUnavailable, match="unusable response"):
        list(make_client(max_attempts=3).efetch_ids([19304878]))
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    "name", ["biopython__pubmed1.xml", "Klortho-Eutils-JSON__efetch.pubmedexample.xml"]
)
def test_real_efetch_bodies_pass_through_unchanged(
    server: EutilsTestServer, make_client: Callable[..., EutilsClient], name: str
) -> None:
    body = real_file(name)
    server.serve_body("efetch", body)
    assert list(make_client().efetch_ids([1])) == [body]


def test_search_result_parser_reads_every_real_esearch_file() -> None:
    names = [
        "biopython__esearch1.xml",
        "biopython__esearch2.xml",
        "biopython__esearch3.xml",
        "biopython__esearch5.xml",
        "Klortho-Eutils-JSON__esearch.pubmed.xml",
    ]
    for name in names:
        body = real_file(name)
        result = parse_search_result(parse_response(body, "eSearchResult"))
        assert result.count == int(first_match(rb"<Count>(\d+)</Count>", body)), name
        assert len(result.ids) == len(re.findall(rb"<Id>", body)), name


def test_an_esearch_id_out_of_the_pmid_range_is_dropped_with_a_warning() -> None:
    body = (
        b"<eSearchResult><Count>3</Count><RetMax>3</RetMax><RetStart>0</RetStart><IdList>"
        b"<Id>31000001</Id><Id>9223372036854775808</Id><Id>" + b"9" * 5000 + b"</Id>"
        b"<Id>31000002</Id></IdList></eSearchResult>"
    )
    result = parse_search_result(parse_response(body, "eSearchResult"))
    assert result.ids == [31000001, 31000002]
    assert result.ignored_ids == ["9223372036854775808", "9" * 40]
    with pytest.raises(InvalidResponse, match="non-numeric Id"):
        parse_search_result(
            parse_response(
                b"<eSearchResult><Count>1</Count><IdList><Id>12a</Id></IdList></eSearchResult>",
                "eSearchResult",
            )
        )
