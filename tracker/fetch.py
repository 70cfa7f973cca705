"""Fetch stage: search PubMed for every claim and store what is new or revised.

For each claim: ESearch with the history server; the PMIDs not yet stored, plus those
revised since the claim's last successful run (a second search on the modification date,
`mdat`, with a few days of overlap) are fetched; a PMID shared by several claims is fetched
once. When a claim needs its whole result set it is fetched through the history server
(WebEnv/query_key); otherwise the missing PMIDs are POSTed as id lists. Claim links come
from PubMed's answer. Politeness, timeouts and retries live in `pubmed.eutils`.

One fetch at a time per database: a lease row (holder, host, pid, expiry), renewed while
the fetch works. A second fetch exits 75 naming the holder; an expired lease, or one whose
holder process on this host is gone (killed), is taken over.

A claim that fails after the client's retries fails alone and the run goes on. When NCBI
cannot be reached at all (connection refused, name lookup failed), every other claim would
fail the same way, so the run stops there: it is recorded as failed, what was stored stays,
and EutilsUnreachable is raised to the caller.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from tracker import store
from tracker.alerts import AlertConfig, deliver_digest
from tracker.claims import ClaimDefinition
from tracker.digest import Digest
from tracker.errors import EXIT_OK, EXIT_PARTIAL, EXIT_TEMPFAIL
from tracker.ingest import Ingestor, Problem, begin_run, end_run, failing_run
from tracker.pubmed.eutils import (
    EutilsClient,
    EutilsError,
    EutilsUnavailable,
    EutilsUnreachable,
    SearchResult,
)
from tracker.pubmed.records import ArticleRecord, DeletedCitation, SkippedRecord
from tracker.pubmed.xml import PubmedXMLError, iter_records
from tracker.redaction import get_logger

log = get_logger("tracker.fetch")

LEASE_NAME = "fetch"
LEASE_TTL = dt.timedelta(minutes=30)
# Indexing lags and NCBI's day boundary is US Eastern time: search a little further back.
REVISION_OVERLAP = dt.timedelta(days=3)
EFETCH_BATCH = 200


@dataclass(slots=True)
class ClaimOutcome:
    claim_id: str
    status: str = "done"  # done | failed
    search_count: int = 0
    wanted: set[int] = field(default_factory=set)
    revised: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(slots=True)
class FetchReport:
    run_id: int
    status: str  # done | partial | failed
    claims: list[ClaimOutcome]
    fetched: int
    requests: int
    summary_counts: str
    grade_changes: list[str]
    problems: list[Problem] = field(default_factory=list)  # records skipped
    digest: Digest | None = None

    @property
    def exit_code(self) -> int:
        if self.status == "done":
            return EXIT_OK
        if self.status == "partial":
            return EXIT_PARTIAL
        return EXIT_TEMPFAIL

    def summary(self) -> str:
        failed = [c.claim_id for c in self.claims if c.status != "done"]
        line = (
            f"Fetch run {self.run_id} ({self.status}): {len(self.claims)} claims searched, "
            f"{self.fetched} records fetched in {self.requests} requests; {self.summary_counts}"
        )
        if failed:
            line += f"; failed claims: {', '.join(failed)}"
        return line


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def acquire(engine: Engine, *, holder: str, ttl: dt.timedelta = LEASE_TTL) -> store.LeaseInfo:
    """Take the fetch lease; a lease whose holder died on this host is taken over."""
    host, pid = socket.gethostname(), os.getpid()
    try:
        with store.session_scope(engine) as session:
            return store.acquire_lease(
                session=session, name=LEASE_NAME, holder=holder, host=host, pid=pid, ttl=ttl
            )
    except store.LeaseHeld as held:
        lease = held.lease
        if lease.host != host or _pid_alive(lease.pid):
            raise
        log.warning("taking over the lease of %s: process %d is gone", lease.holder, lease.pid)
        with store.session_scope(engine) as session:
            store.release_lease(session=session, name=LEASE_NAME, holder=lease.holder)
        with store.session_scope(engine) as session:
            return store.acquire_lease(
                session=session, name=LEASE_NAME, holder=holder, host=host, pid=pid, ttl=ttl
            )


def _search(
    client: EutilsClient, claim: ClaimDefinition, since: dt.date | None, today: dt.date
) -> tuple[SearchResult, set[int]]:
    result = client.search_ids(claim.pubmed_query)
    revised: set[int] = set()
    if since is not None:
        start = since - REVISION_OVERLAP
        recent = client.search_ids(
            claim.pubmed_query,
            datetype="mdat",
            mindate=start.strftime("%Y/%m/%d"),
            maxdate=today.strftime("%Y/%m/%d"),
        )
        revised = set(recent.ids)
    return result, revised


def fetch(
    engine: Engine,
    *,
    claims: Sequence[ClaimDefinition],
    client: EutilsClient,
    full: bool = False,
    today: dt.date | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    alerts: AlertConfig | None = None,
) -> FetchReport:
    """Search and fetch every claim in `claims`; see the module docstring."""
    today = today or dt.datetime.now(dt.UTC).date()
    with store.session_scope(engine) as session:
        store.sync_claims(session=session, claims=claims)
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    acquire(engine, holder=holder)
    try:
        report = _fetch_holding_lease(engine, claims, client, full, today, holder, on_batch)
    finally:
        with store.session_scope(engine) as session:
            store.release_lease(session=session, name=LEASE_NAME, holder=holder)
    # After the lease is released: a slow webhook must not hold up the next fetch.
    report.digest = deliver_digest(engine, run_id=report.run_id, config=alerts)
    return report


def _fetch_holding_lease(
    engine: Engine,
    claims: Sequence[ClaimDefinition],
    client: EutilsClient,
    full: bool,
    today: dt.date,
    holder: str,
    on_batch: Callable[[int, int], None] | None,
) -> FetchReport:
    requests_before = client.requests_made
    run_id = begin_run(
        engine,
        trigger="fetch",
        detail="fetch " + ("--full " if full else "") + " ".join(claim.id for claim in claims),
    )
    ingestor = Ingestor(engine, run_id=run_id, claims=claims)
    with failing_run(engine, ingestor):
        report, stopped = _search_and_fetch(
            engine, claims, client, full, today, holder, on_batch, ingestor, requests_before
        )
    # Raised once the run is recorded (as failed, claim by claim), outside `failing_run`.
    if stopped is not None:
        raise EutilsUnreachable(f"{stopped}; fetch run {report.run_id} stopped") from None
    return report


def _search_and_fetch(
    engine: Engine,
    claims: Sequence[ClaimDefinition],
    client: EutilsClient,
    full: bool,
    today: dt.date,
    holder: str,
    on_batch: Callable[[int, int], None] | None,
    ingestor: Ingestor,
    requests_before: int,
) -> tuple[FetchReport, EutilsUnreachable | None]:
    """Steps 1 to 3 of the module docstring; also says whether NCBI stopped answering."""
    run_id = ingestor.run_id
    outcomes = {claim.id: ClaimOutcome(claim.id) for claim in claims}
    results: dict[str, SearchResult] = {}
    stopped: EutilsUnreachable | None = None  # set when NCBI cannot be reached at all

    # 1. Search every claim; decide what to fetch.
    for claim in claims:
        outcome = outcomes[claim.id]
        try:
            with store.session_scope(engine) as session:
                since = None if full else store.last_window_end(session=session, claim_id=claim.id)
            result, revised = _search(client, claim, since, today)
            with store.session_scope(engine) as session:
                stored = store.stored_pmids(session=session, pmids=result.ids)
        except (EutilsError, EutilsUnavailable) as exc:
            outcome.status, outcome.error = "failed", str(exc)
            log.info("claim %s: search failed: %s", claim.id, exc)
            if isinstance(exc, EutilsUnreachable):
                stopped = exc
                break
            continue
        results[claim.id] = result
        ids = set(result.ids)
        outcome.search_count = result.count
        outcome.revised = revised & ids
        outcome.wanted = ids if full else (ids - stored) | outcome.revised
        outcome.warnings = [f"PubMed ignored the phrase {p!r}" for p in result.phrases_not_found]
        if result.ignored_ids:
            outcome.warnings.append(
                f"{len(result.ignored_ids)} Ids out of the PMID range ignored "
                f"(first: {result.ignored_ids[0]})"
            )
        # Links to records already stored need no fetch: record them from PubMed's answer.
        ingestor.store_batch(
            [], links={claim.id: ids & stored}, link_source="pubmed", source="esearch response"
        )

    # 2. Fetch each wanted PMID once: through the history server for a claim that needs its
    #    whole result set, the rest pooled into full POSTed id batches (fewest requests).
    fetched: set[int] = set()
    total = len(set().union(*(o.wanted for o in outcomes.values())))

    def store_bodies(bodies: Iterator[bytes]) -> None:
        for body in bodies:
            fetched.update(_store_body(ingestor, body, results))
            _renew(engine, holder)
            if on_batch is not None:
                on_batch(len(fetched), total)

    pooled: dict[str, set[int]] = {}
    for claim in claims:
        if stopped is not None:
            break
        outcome = outcomes[claim.id]
        found = results.get(claim.id)
        todo = outcome.wanted - fetched
        if outcome.status != "done" or found is None or not todo:
            continue
        whole = todo == set(found.ids) and found.count == len(found.ids)
        if not (whole and found.webenv and found.query_key):
            pooled[claim.id] = todo
            continue
        try:
            store_bodies(
                client.efetch_history(
                    found.webenv, found.query_key, found.count, batch_size=EFETCH_BATCH
                )
            )
        except (EutilsError, EutilsUnavailable, PubmedXMLError) as exc:
            outcome.status, outcome.error = "failed", str(exc)
            log.info("claim %s: fetch failed: %s", claim.id, exc)
            if isinstance(exc, EutilsUnreachable):
                stopped = exc
    rest = set().union(*pooled.values()) - fetched
    if rest and stopped is None:
        try:
            store_bodies(client.efetch_ids(sorted(rest), batch_size=EFETCH_BATCH))
        except (EutilsError, EutilsUnavailable, PubmedXMLError) as exc:
            for claim_id, todo in pooled.items():
                if todo - fetched:
                    outcomes[claim_id].status, outcomes[claim_id].error = "failed", str(exc)
            log.info("fetch failed: %s", exc)
            if isinstance(exc, EutilsUnreachable):
                stopped = exc
    for outcome in outcomes.values():
        missing = outcome.wanted - fetched
        untried = outcome.claim_id not in results or missing
        if outcome.status == "done" and stopped is not None and untried:
            outcome.status, outcome.error = "failed", "not tried: NCBI cannot be reached"
        elif outcome.status == "done" and missing:
            outcome.warnings.append(f"{len(missing)} PMIDs were not returned by EFetch")

    # 3. Record per-claim results; a claim's window advances only when it fully succeeded.
    with store.session_scope(engine) as session:
        for outcome in outcomes.values():
            store.record_run_claim(
                session=session,
                run_id=run_id,
                claim_id=outcome.claim_id,
                status=outcome.status,
                revised_pmids=sorted(outcome.revised),
                search_count=outcome.search_count,
                window_end=today if outcome.status == "done" else None,
                error="\n".join(filter(None, [outcome.error, *outcome.warnings])) or None,
            )
    failures = [o for o in outcomes.values() if o.status != "done"]
    if not failures:
        status = "done"
    elif len(failures) == len(outcomes):
        status = "failed"
    else:
        status = "partial"
    errors = "\n".join(f"{o.claim_id}: {o.error}" for o in failures) or None
    changes = end_run(
        engine,
        ingestor,
        status=status,
        error=errors,
        extra_counts={"fetched": len(fetched), "requests": client.requests_made - requests_before},
        run_claim_status={o.claim_id: o.status for o in outcomes.values()},
    )
    report = FetchReport(
        run_id=run_id,
        status=status,
        claims=list(outcomes.values()),
        fetched=len(fetched),
        requests=client.requests_made - requests_before,
        summary_counts=ingestor.counts.summary(),
        grade_changes=changes,
        problems=list(ingestor.problems),
    )
    return report, stopped


def _renew(engine: Engine, holder: str) -> None:
    with store.session_scope(engine) as session:
        store.renew_lease(session=session, name=LEASE_NAME, holder=holder, ttl=LEASE_TTL)


def _store_body(ingestor: Ingestor, body: bytes, results: dict[str, SearchResult]) -> set[int]:
    """Parse one EFetch answer and store it, linked to every claim whose search found it.

    Returns the PMIDs the answer held, skipped records included: they are reported as skipped
    and must not be reported a second time as PMIDs EFetch did not return.
    """
    records: list[ArticleRecord] = []
    deletes: list[int] = []
    answered: set[int] = set()
    for event in iter_records(body, name="efetch response"):
        if isinstance(event, ArticleRecord):
            records.append(event)
        elif isinstance(event, DeletedCitation):
            deletes.append(event.pmid)
        elif isinstance(event, SkippedRecord):
            ingestor.skip(Problem("efetch response", event.reason, event.position, event.pmid))
            if event.pmid is not None:
                answered.add(event.pmid)
    pmids = {record.pmid for record in records}
    links = {claim_id: set(result.ids) & pmids for claim_id, result in results.items()}
    ingestor.store_batch(records, links=links, link_source="pubmed", source="efetch response")
    if deletes:
        ingestor.delete(deletes)
    return pmids | answered
