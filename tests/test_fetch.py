"""Fetch against a real HTTP server on 127.0.0.1 that serves recorded PubMed answers.

Every test runs on SQLite and PostgreSQL. The server (tests/eutils_server.py) records each
request with its arrival time, so politeness is measured where NCBI would measure it.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import dump
from tests.eutils_server import (
    EutilsTestServer,
    FakePubMed,
    Reply,
    _error_reply,
    make_record,
    unused_port,
)
from tracker import db, store
from tracker.claims import load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.errors import TemporaryFailure
from tracker.fetch import LEASE_NAME, acquire, fetch
from tracker.pubmed.eutils import EutilsClient, EutilsUnreachable

ALL_CLAIMS = {claim.id: claim for claim in load_claims(DEFAULT_QUERIES_DIR)}
CLAIMS = [ALL_CLAIMS["acne-scars"], ALL_CLAIMS["melasma"], ALL_CLAIMS["prp-combination"]]
TODAY = dt.date(2026, 11, 20)

ACNE_1, ACNE_2, SHARED, MELASMA, PRP = 910001, 910002, 910003, 910004, 910005
SEARCHES = {
    "acne-scars": [ACNE_1, ACNE_2, SHARED],
    "melasma": [MELASMA, SHARED],
    "prp-combination": [PRP, ACNE_2],
}
TITLES = {
    ACNE_1: "Microneedling for atrophic acne scars: a randomized controlled trial",
    ACNE_2: "Microneedling with platelet-rich plasma for acne scars: a split-face trial",
    SHARED: "Post-acne scars and melasma treated with microneedling: a case series",
    MELASMA: "Microneedling and tranexamic acid in melasma",
    PRP: "Platelet-rich plasma with microneedling in androgenetic alopecia",
}


def pubmed(titles: dict[int, str] | None = None, mdat: dt.date | None = None) -> FakePubMed:
    titles = titles or TITLES
    records = [
        make_record(pmid, title=title, year=2020, mdat=mdat or dt.date(2021, 1, 1))
        for pmid, title in titles.items()
    ]
    searches = {ALL_CLAIMS[claim].pubmed_query: ids for claim, ids in SEARCHES.items()}
    return FakePubMed(records, searches)


@pytest.fixture
def server() -> Iterator[EutilsTestServer]:
    with EutilsTestServer(pubmed()) as running:
        yield running


def client_for(server: EutilsTestServer, **options: object) -> EutilsClient:
    settings: dict[str, object] = {
        "email": "tests@example.org",
        "api_key": None,
        "requests_per_second": 1000.0,
        "backoff_base": 0.01,
        "backoff_cap": 0.05,
        "timeout": 2.0,
    }
    settings.update(options)
    return EutilsClient(server.base_url, **settings)  # type: ignore[arg-type]


def expected_links() -> set[tuple[str, int]]:
    return {(claim, pmid) for claim, pmids in SEARCHES.items() for pmid in pmids}


def stored_state(engine: Engine) -> tuple[dict[int, str], set[tuple[str, int]]]:
    with store.session_scope(engine) as session:
        articles = {a.pmid: a.title for a in store.iter_articles(session=session)}
        links = set(store.links_of(session=session, pmids=articles))
    return articles, links


def test_first_fetch_stores_everything_once_and_a_rerun_fetches_nothing(
    engine: Engine, server: EutilsTestServer
) -> None:
    with client_for(server) as client:
        first = fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    assert first.status == "done" and first.exit_code == 0
    assert first.fetched == 5
    articles, links = stored_state(engine)
    assert articles == TITLES
    assert links == expected_links()
    returned = sum(r.returned or 0 for r in server.requests_to("efetch"))
    assert returned == 5  # a PMID shared by two claims is fetched once
    assert all(
        r.params["tool"] and r.params["email"] == "tests@example.org" for r in server.requests
    )

    efetches = len(server.requests_to("efetch"))
    with client_for(server) as client:
        again = fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    assert again.status == "done" and again.fetched == 0
    assert len(server.requests_to("efetch")) == efetches
    # Each claim: the full search plus the search for records revised since the last run.
    assert again.requests == 2 * len(CLAIMS)
    with store.session_scope(engine) as session:
        runs = store.list_runs(session=session)
    assert [(run.trigger, run.status) for run in runs] == [("fetch", "done")] * 2
    assert runs[1].counts["requests"] == first.requests


def test_revised_records_are_refetched(engine: Engine, server: EutilsTestServer) -> None:
    with client_for(server) as client:
        fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    revised = dict(TITLES) | {MELASMA: "Microneedling and tranexamic acid in melasma (revised)"}
    server.pubmed.records[MELASMA] = pubmed(revised, mdat=TODAY).records[MELASMA]
    with client_for(server) as client:
        report = fetch(engine, claims=CLAIMS, client=client, today=TODAY + dt.timedelta(days=7))
    assert report.fetched == 1
    assert stored_state(engine)[0][MELASMA].endswith("(revised)")
    by_claim = {outcome.claim_id: outcome for outcome in report.claims}
    assert by_claim["melasma"].revised == {MELASMA}


@pytest.mark.parametrize(
    ("endpoint", "kind", "options"),
    [
        ("efetch", "429", {"retry_after": "0"}),
        ("efetch", "500", {}),
        ("efetch", "502", {}),
        ("efetch", "truncate", {"content_length": "correct"}),
        ("efetch", "truncate", {"content_length": "wrong"}),
        ("efetch", "slow", {"delay": 2.5}),
        ("efetch", "error", {"message": "Unable to obtain query #1"}),
        ("efetch", "down", {}),
        ("esearch", "429", {"retry_after": "0"}),
        ("esearch", "500", {}),
        ("esearch", "down", {}),
    ],
)
def test_faults_end_in_exact_complete_data(
    engine: Engine, server: EutilsTestServer, endpoint: str, kind: str, options: dict[str, object]
) -> None:
    server.fail(endpoint, kind, times=2, **options)
    with client_for(server, timeout=1.0) as client:
        report = fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    assert report.status == "done", report.summary()
    assert stored_state(engine) == (TITLES, expected_links())
    faults = [r for r in server.requests if r.fault]
    assert len(faults) == 2


def test_request_rate_stays_within_ncbis_limit(engine: Engine, server: EutilsTestServer) -> None:
    with client_for(server, requests_per_second=None) as client:  # NCBI's 3/s without a key
        fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    times = sorted(r.time for r in server.requests)
    assert len(times) >= 5
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= 3


def test_a_claim_that_fails_leaves_the_rest_stored(
    engine: Engine, server: EutilsTestServer
) -> None:
    # PubMed rejects one claim's query for good: the others are stored, the run is partial.
    bad = ALL_CLAIMS["melasma"].pubmed_query
    server.pubmed.searches.pop(bad)
    original = server.pubmed.esearch

    def esearch(params: Mapping[str, str]) -> Reply:
        if params.get("term") == bad:
            return _error_reply("eSearchResult", "Search Backend failed: invalid query")
        return original(params)

    server.pubmed.esearch = esearch  # type: ignore[method-assign]
    with client_for(server) as client:
        report = fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    assert (report.status, report.exit_code) == ("partial", 1)
    _, links = stored_state(engine)
    assert {claim for claim, _ in links} == {"acne-scars", "prp-combination"}
    with store.session_scope(engine) as session:
        assert store.last_window_end(session=session, claim_id="melasma") is None
        assert store.last_window_end(session=session, claim_id="acne-scars") == TODAY
        (run,) = store.list_runs(session=session)
    assert run.status == "partial" and run.error and "melasma" in run.error


def test_an_id_out_of_the_pmid_range_is_a_warning_and_the_rest_is_stored(
    engine: Engine, server: EutilsTestServer
) -> None:
    query = ALL_CLAIMS["acne-scars"].pubmed_query
    server.pubmed.searches[query] = [*SEARCHES["acne-scars"], 2**63]
    with client_for(server) as client:
        report = fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    assert report.status == "done"
    (acne,) = [outcome for outcome in report.claims if outcome.claim_id == "acne-scars"]
    assert acne.warnings == [f"1 Ids out of the PMID range ignored (first: {2**63})"]
    articles, links = stored_state(engine)
    assert articles == TITLES and links == expected_links()


def test_network_down_stops_the_run_after_the_first_claim(engine: Engine) -> None:
    client = EutilsClient(
        f"http://127.0.0.1:{unused_port()}/",
        email="t@example.org",
        api_key=None,
        max_attempts=6,
        backoff_base=0.01,
        requests_per_second=1000.0,
    )
    with client, pytest.raises(EutilsUnreachable, match=r"connection refused; fetch run 1 stopped"):
        fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    assert client.requests_made == 1  # one refused connection, no retries, no other claim
    with store.session_scope(engine) as session:
        assert store.count_articles(session=session) == 0
        assert store.current_lease(session=session) is None  # released
        (run,) = store.list_runs(session=session)
        rows = store.run_claims(session=session, run_id=1)
    assert run.status == "failed" and run.counts["requests"] == 1
    assert {row.claim_id: row.status for row in rows} == dict.fromkeys(SEARCHES, "failed")
    assert all(row.window_end is None for row in rows)  # every claim is searched again next time


def test_network_lost_mid_fetch_keeps_what_was_stored(
    engine: Engine, server: EutilsTestServer
) -> None:
    # The searches succeed, then the server is gone before the records are fetched.
    with client_for(server) as client:
        original = client.efetch_history

        def gone(*args: object, **kwargs: object) -> Iterator[bytes]:
            server.stop()
            return original(*args, **kwargs)  # type: ignore[arg-type]

        client.efetch_history = gone  # type: ignore[method-assign]
        with pytest.raises(EutilsUnreachable, match="fetch run 1 stopped"):
            fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    with store.session_scope(engine) as session:
        (run,) = store.list_runs(session=session)
        rows = {row.claim_id: row for row in store.run_claims(session=session, run_id=1)}
    assert run.status == "failed"
    assert all(row.status == "failed" and row.window_end is None for row in rows.values())


# --- the lease --------------------------------------------------------------------------


def test_a_second_fetch_is_refused_naming_the_holder(
    engine: Engine, server: EutilsTestServer
) -> None:
    acquire(engine, holder="cron-on-db1")  # held by this (live) process
    with client_for(server) as client, pytest.raises(TemporaryFailure) as excinfo:
        fetch(engine, claims=CLAIMS, client=client, today=TODAY)
    assert excinfo.value.exit_code == 75
    assert "another fetch holds the lease: cron-on-db1" in str(excinfo.value)
    assert server.requests == []


def test_an_expired_lease_is_taken_over(engine: Engine, server: EutilsTestServer) -> None:
    with store.session_scope(engine) as session:
        store.acquire_lease(
            session=session,
            name=LEASE_NAME,
            holder="other-host:1:x",
            host="other-host",
            pid=1,
            ttl=dt.timedelta(seconds=-1),
        )
    with client_for(server) as client:
        assert fetch(engine, claims=CLAIMS, client=client, today=TODAY).status == "done"


def test_a_lease_left_by_a_dead_process_on_this_host_is_taken_over(engine: Engine) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    import socket

    with store.session_scope(engine) as session:
        store.acquire_lease(
            session=session,
            name=LEASE_NAME,
            holder="killed",
            pid=int(finished.stdout),
            host=socket.gethostname(),
            ttl=dt.timedelta(hours=1),
        )
    lease = acquire(engine, holder="me")
    assert lease.holder == "me"


def test_concurrent_fetches_never_both_hold_the_lease(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    barrier = threading.Barrier(6)
    winners: list[str] = []
    refused: list[str] = []

    def contender(name: str) -> None:
        barrier.wait()
        try:
            acquire(engine, holder=name)
            winners.append(name)
        except store.LeaseHeld:
            refused.append(name)

    threads = [threading.Thread(target=contender, args=(f"c{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    engine.dispose()
    assert len(winners) == 1 and len(refused) == 5


def test_sigkill_mid_run_then_rerun_equals_an_uninterrupted_run(
    db_url: str, tmp_path: Path, server: EutilsTestServer
) -> None:
    # The reference: an uninterrupted fetch into a database of its own.
    reference = db.make_engine(f"sqlite:///{tmp_path / 'reference.db'}")
    db.migrate(reference)
    with client_for(server) as client:
        fetch(reference, claims=CLAIMS, client=client, today=TODAY)

    engine = db.make_engine(db_url)
    db.migrate(engine)
    server.clear_requests()
    server.fail("efetch", "slow", times=None, delay=3.0)
    env = os.environ | {
        "TRACKER_DATABASE_URL": db_url,
        "TRACKER_EUTILS_URL": server.base_url,
        "NCBI_EMAIL": "tests@example.org",
    }
    env.pop("NCBI_API_KEY", None)
    command = [sys.executable, "-c", "from tracker.cli import main; main()", "fetch"]
    command += [arg for claim in CLAIMS for arg in ("--claim", claim.id)]
    log = tmp_path / "fetch.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while (
            not server.requests_to("efetch")
            and process.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        assert server.requests_to("efetch"), f"the fetch never reached EFetch: {log.read_text()}"
        time.sleep(0.5)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    server.clear_faults()
    with client_for(server) as client:
        report = fetch(engine, claims=CLAIMS, client=client, today=dt.date.today())
    assert report.status == "done"
    ours, theirs = dump(engine), dump(reference)
    strip = lambda rows: [row[:-1] for row in rows]  # noqa: E731  (run ids differ)
    assert strip(ours["article"]) == strip(theirs["article"])
    assert ours["claim_article"] == theirs["claim_article"]
    with store.session_scope(engine) as session:
        statuses = [run.status for run in store.list_runs(session=session)]
    assert statuses[0] == "done"
    engine.dispose()
    reference.dispose()
