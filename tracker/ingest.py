"""Ingest stage: parsed records -> idempotent upserts, claim links, assessments, runs.

`import_files` is what `tracker import` runs; `Ingestor` is shared with `tracker fetch`, so
offline files and live fetches take the same path into the database:

    read (pubmed.xml, pubmed.medline) -> link (query evaluator or PubMed's answer)
      -> upsert (store) -> classify (evidence.assess) -> grade (grading.regrade) -> finish

A file is read as PubMed-format text (MEDLINE tags, `.nbib`) when its first non-blank line
starts with `PMID-`, and as PubMed XML otherwise, whatever its name.

An import keeps what the tracker is for: records that a claim query matches, and new versions
of records already stored. The rest of a MEDLINE baseline file (nearly all of it) is counted
and left out; most of it is declined before it is even parsed (`tracker.pubmed.prefilter`).
`keep_unmatched=True` stores every record.

Each batch is its own transaction, so an interrupted run leaves complete batches behind and
the next run (upserts are idempotent) completes the work.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError

from tracker import store
from tracker.alerts import AlertConfig, deliver_digest
from tracker.claims import ClaimDefinition
from tracker.classify import claim_contexts, classify_links
from tracker.digest import Digest
from tracker.errors import ConfigError
from tracker.evidence.grade import RULES_VERSION
from tracker.grading import regrade
from tracker.pubmed import medline
from tracker.pubmed.prefilter import Prefilter, haystack
from tracker.pubmed.query import QuerySet, document_for
from tracker.pubmed.records import ArticleRecord, DeletedCitation, PassedOver, SkippedRecord
from tracker.pubmed.xml import ParseEvent, PubmedXMLError, RecordFilter, iter_records
from tracker.redaction import get_logger

log = get_logger("tracker.ingest")

BATCH_SIZE = 1000
MAX_ERRORS_STORED = 50


@dataclass(frozen=True, slots=True)
class Problem:
    """A record or document that could not be stored, and where it was."""

    source: str
    reason: str
    position: int | None = None
    pmid: int | None = None
    line: int | None = None  # a text file's line

    def __str__(self) -> str:
        where = self.source
        if self.position is not None:
            where += f": record {self.position}"
        if self.pmid is not None:
            where += f" (PMID {self.pmid})"
        if self.line is not None:
            where += f", line {self.line}" if self.position is not None else f": line {self.line}"
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class IngestCounts:
    records: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    deleted: int = 0
    skipped: int = 0
    unmatched: int = 0  # read, matched no claim, not stored
    new_links: dict[str, list[int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "records": self.records,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "stale": self.stale,
            "deleted": self.deleted,
            "skipped": self.skipped,
            "unmatched": self.unmatched,
            "links": {claim: len(pmids) for claim, pmids in sorted(self.new_links.items())},
        }

    def summary(self) -> str:
        links = ", ".join(
            f"{claim} +{len(pmids)}" for claim, pmids in sorted(self.new_links.items())
        )
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.deleted} deleted, {self.skipped} skipped, "
            f"{self.unmatched} matching no claim (not stored); "
            f"new links per claim: {links or 'none'}"
        )


class Ingestor:
    """Stores batches of records for one run; shared by import and fetch."""

    def __init__(self, engine: Engine, *, run_id: int, claims: Sequence[ClaimDefinition]) -> None:
        self.engine = engine
        self.run_id = run_id
        self.contexts = claim_contexts(claims)
        self.query_nodes = {claim.id: claim.query for claim in claims}
        self.queries = QuerySet(self.query_nodes)
        self.counts = IngestCounts()
        self.problems: list[Problem] = []
        self._stored: set[int] | None = None

    def _stored_pmids(self) -> set[int]:
        if self._stored is None:
            with store.session_scope(self.engine) as session:
                self._stored = store.all_pmids(session=session)
        return self._stored

    def import_filter(self) -> RecordFilter | None:
        """For `iter_records(select=...)`: declines, before parsing, records that no claim
        query can match and that are not stored (None when the queries allow no such test)."""
        prefilter = Prefilter.for_queries(self.query_nodes)
        if prefilter is None:
            return None
        stored = self._stored_pmids()

        def select(pmid: int, text: str) -> bool:
            return pmid in stored or prefilter.might_match(haystack(text))

        return select

    def pass_over(self) -> None:
        """A record the import filter declined: read, counted, not stored."""
        self.counts.records += 1
        self.counts.unmatched += 1

    def store_imported(
        self, records: Sequence[ArticleRecord], *, keep_unmatched: bool, source: str
    ) -> None:
        """Link records by the claim queries and store those that match a claim or are stored
        already (every record with `keep_unmatched`)."""
        stored = set() if keep_unmatched else self._stored_pmids()
        links: dict[str, set[int]] = {}
        kept: list[ArticleRecord] = []
        for record in records:
            claim_ids = self.queries.matching(document_for(record))
            if claim_ids or keep_unmatched or record.pmid in stored:
                kept.append(record)
                for claim_id in claim_ids:
                    links.setdefault(claim_id, set()).add(record.pmid)
            else:
                self.pass_over()
        self.store_batch(kept, links=links, link_source="local_query", source=source)
        stored.update(record.pmid for record in kept)

    def store_batch(
        self,
        records: Sequence[ArticleRecord],
        *,
        links: Mapping[str, Iterable[int]],
        link_source: str,
        source: str,
    ) -> None:
        """Upsert, link and assess one batch in one transaction.

        `links` are the claim links: PubMed's answer (fetch) or the local query evaluator's
        (import, snapshot). When the database refuses a value of some record, the batch is
        written again record by record: the bad one is reported (with `source`, the file or
        answer it came from) and the rest is stored.
        """
        own_links = {claim_id: set(pmids) for claim_id, pmids in links.items()}
        try:
            self._write(records, own_links, link_source)
        except Exception as exc:
            if not _refused_value(exc):
                raise
            log.info(
                "a batch of %d records failed (%s); retrying one by one",
                len(records),
                _first_line(exc),
            )
            self._write_one_by_one(records, own_links, link_source, source)

    def _write_one_by_one(
        self,
        records: Sequence[ArticleRecord],
        links: Mapping[str, set[int]],
        link_source: str,
        source: str,
    ) -> None:
        for record in records:
            own = {claim: {record.pmid} for claim, pmids in links.items() if record.pmid in pmids}
            try:
                self._write([record], own, link_source)
            except Exception as exc:
                if not _refused_value(exc):
                    raise
                self.skip(Problem(source, f"not stored: {_first_line(exc)}", pmid=record.pmid))
        # Links to records stored earlier (a fetch links what it did not need to fetch).
        written = {record.pmid for record in records}
        rest = {claim_id: pmids - written for claim_id, pmids in links.items() if pmids - written}
        if not rest:
            return
        try:
            self._write([], rest, link_source)
        except Exception as exc:
            if not _refused_value(exc):
                raise
            self.skip(Problem(source, f"claim links not stored: {_first_line(exc)}"))

    def _write(
        self, records: Sequence[ArticleRecord], links: Mapping[str, set[int]], link_source: str
    ) -> None:
        with store.session_scope(self.engine) as session:
            outcome = store.upsert_articles(session=session, records=records, run_id=self.run_id)
            changed = outcome.changed
            added = store.add_links(
                session=session, links=links, run_id=self.run_id, source=link_source
            )
            # Assess every link of a changed record, and every link that is new.
            to_assess = set(store.links_of(session=session, pmids=changed))
            to_assess.update((claim, pmid) for claim, pmids in added.items() for pmid in pmids)
            classify_links(session=session, links=to_assess, claims=self.contexts)
        counts = self.counts
        counts.records += len(records)
        counts.new += len(outcome.new)
        counts.updated += len(outcome.updated)
        counts.unchanged += len(outcome.unchanged)
        counts.stale += len(outcome.stale)
        for claim_id, pmids in added.items():
            counts.new_links.setdefault(claim_id, []).extend(pmids)

    def delete(self, pmids: Iterable[int]) -> None:
        with store.session_scope(self.engine) as session:
            deleted = store.mark_deleted(session=session, pmids=pmids, run_id=self.run_id)
        self.counts.deleted += len(deleted)

    def skip(self, problem: Problem) -> None:
        self.counts.skipped += 1
        self.problems.append(problem)
        # The report carries it and the caller shows it: a warning would say it twice.
        log.info("skipped %s", problem)


def _refused_value(exc: BaseException) -> bool:
    """Whether a failed write is about a value the database refuses (out of range, bad text,
    a constraint), not about the database itself (down, locked, full): only the former is
    worth retrying record by record. SQLite raises a bare OverflowError for a big integer."""
    if isinstance(exc, DataError | IntegrityError | OverflowError):
        return True
    return isinstance(exc, StatementError) and not isinstance(exc, DBAPIError)


def _first_line(exc: BaseException) -> str:
    """An error's own words; for the database's, without the SQL and parameters SQLAlchemy adds."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --- runs -------------------------------------------------------------------------------


def begin_run(engine: Engine, *, trigger: str, detail: str) -> int:
    with store.session_scope(engine) as session:
        run = store.start_run(
            session=session,
            trigger=trigger,
            host=socket.gethostname(),
            pid=os.getpid(),
            detail=detail,
        )
        assert run.id is not None
        return run.id


def end_run(
    engine: Engine,
    ingestor: Ingestor,
    *,
    status: str,
    error: str | None = None,
    extra_counts: Mapping[str, object] | None = None,
    run_claim_status: Mapping[str, str] | None = None,
) -> list[str]:
    """Regrade, record per-claim changes, finish the run; returns claims whose grade moved."""
    message = _run_error(ingestor, error)
    with store.session_scope(engine) as session:
        statuses = dict(run_claim_status or {})
        for claim_id in sorted(set(ingestor.counts.new_links) | set(statuses)):
            store.record_run_claim(
                session=session,
                run_id=ingestor.run_id,
                claim_id=claim_id,
                status=statuses.get(claim_id, "done"),
                new_pmids=ingestor.counts.new_links.get(claim_id, []),
            )
        changes = regrade(session=session, run_id=ingestor.run_id)
        counts = ingestor.counts.as_json() | dict(extra_counts or {})
        counts["grade_changes"] = [change.claim_id for change in changes]
        store.finish_run(
            session=session, run_id=ingestor.run_id, status=status, counts=counts, error=message
        )
    return [change.claim_id for change in changes]


def _run_error(ingestor: Ingestor, error: str | None) -> str | None:
    problems = [str(problem) for problem in ingestor.problems[:MAX_ERRORS_STORED]]
    if len(ingestor.problems) > MAX_ERRORS_STORED:
        problems.append(f"... and {len(ingestor.problems) - MAX_ERRORS_STORED} more")
    return "\n".join(([error] if error else []) + problems) or None


@contextmanager
def failing_run(engine: Engine, ingestor: Ingestor) -> Iterator[None]:
    """Finish the run as failed when the work inside stops on an error nobody handled, so that
    no run is left "running" with what it did unrecorded."""
    try:
        yield
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            reason = "interrupted"
        else:
            reason = f"stopped by an unexpected error: {type(exc).__name__}: {_first_line(exc)}"
        try:
            with store.session_scope(engine) as session:
                store.finish_run(
                    session=session,
                    run_id=ingestor.run_id,
                    status="failed",
                    counts=ingestor.counts.as_json(),
                    error=_run_error(ingestor, reason),
                )
        except Exception as unrecorded:  # the database itself may be what failed
            log.warning("run %d could not be marked failed: %s", ingestor.run_id, unrecorded)
        raise


# --- a rules upgrade ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UpgradeReport:
    run_id: int
    rules_version: int
    reassessed: int  # claim links assessed again with today's readers
    changed: list[str]  # claims whose grade moved


def upgrade_assessments(
    engine: Engine, *, claims: Sequence[ClaimDefinition]
) -> UpgradeReport | None:
    """Reassess every stored link and regrade when a stored grade predates today's rules.

    Runs as a run of its own (trigger "upgrade"), so each claim whose grade moved is recorded
    as a grade change with the reasons. None when every stored grade is current.
    """
    with store.session_scope(engine) as session:
        stale = [
            row.claim_id
            for row in store.summaries(session=session)
            if int((row.profile or {}).get("rules_version", 0)) < RULES_VERSION
        ]
        if not stale:
            return None
        links = store.links_of_claims(session=session, claim_ids=[c.id for c in claims])
    run_id = begin_run(engine, trigger="upgrade", detail=f"grading rules version {RULES_VERSION}")
    ingestor = Ingestor(engine, run_id=run_id, claims=claims)
    with failing_run(engine, ingestor):
        with store.session_scope(engine) as session:
            reassessed = classify_links(session=session, links=links, claims=ingestor.contexts)
        changed = end_run(engine, ingestor, status="done", extra_counts={"reassessed": reassessed})
    return UpgradeReport(run_id, RULES_VERSION, reassessed, changed)


# --- import -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportProgress:
    path: Path
    bytes_read: int
    bytes_total: int
    records: int


@dataclass(slots=True)
class ImportReport:
    run_id: int
    status: str  # done | partial
    counts: IngestCounts
    problems: list[Problem]
    grade_changes: list[str]
    digest: Digest | None = None

    def summary(self) -> str:
        return f"Import run {self.run_id} ({self.status}): {self.counts.summary()}"


ProgressCallback = Callable[[ImportProgress], None]


def import_files(
    engine: Engine,
    paths: Sequence[Path],
    *,
    claims: Sequence[ClaimDefinition],
    on_progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
    keep_unmatched: bool = False,
    alerts: AlertConfig | None = None,
) -> ImportReport:
    """Import PubMed files in order (later files win): PubMed XML (`.xml`, `.xml.gz`) or
    PubMed-format text (`.txt`, `.nbib`), told apart by their content.

    Records that match no claim and are not stored yet are counted and left out, unless
    `keep_unmatched` is set. A path that is no readable file is a `ConfigError` before
    anything is read: a mistyped name is a usage error, not a partial import.
    """
    unreadable = [f"{path} ({why})" for path in paths if (why := _unreadable(path))]
    if unreadable:
        raise ConfigError(f"cannot read {', '.join(unreadable)}")
    with store.session_scope(engine) as session:
        store.sync_claims(session=session, claims=claims)
    detail = "import " + " ".join(str(path) for path in paths)
    run_id = begin_run(engine, trigger="import", detail=detail)
    ingestor = Ingestor(engine, run_id=run_id, claims=claims)
    with failing_run(engine, ingestor):
        for path in paths:
            _import_one(
                ingestor,
                path,
                on_progress=on_progress,
                batch_size=batch_size,
                keep_unmatched=keep_unmatched,
            )
        status = "partial" if ingestor.problems else "done"
        changed = end_run(engine, ingestor, status=status)
    digest = deliver_digest(engine, run_id=run_id, config=alerts)
    return ImportReport(run_id, status, ingestor.counts, ingestor.problems, changed, digest)


PROGRESS_EVERY = 1000  # records read between two progress reports


def _unreadable(path: Path) -> str | None:
    """Why `path` cannot be imported, or None when it is a readable file."""
    if not path.exists():
        return "no such file"
    if not path.is_file():
        return "not a file"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def _import_one(
    ingestor: Ingestor,
    path: Path,
    *,
    on_progress: ProgressCallback | None,
    batch_size: int,
    keep_unmatched: bool,
) -> None:
    name = str(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        ingestor.skip(Problem(name, f"cannot open the file: {exc.strerror or exc}"))
        return
    total = os.fstat(raw.fileno()).st_size
    select = None if keep_unmatched else ingestor.import_filter()
    deletes: list[int] = []
    batch: list[ArticleRecord] = []
    seen = 0

    def progress() -> None:
        if on_progress is not None:
            # The file's own position: bytes on disk read so far (compressed ones for .gz).
            on_progress(ImportProgress(path, raw.tell(), total, seen))

    def flush() -> None:
        if batch:
            ingestor.store_imported(batch, keep_unmatched=keep_unmatched, source=name)
            batch.clear()

    with raw:
        events: Iterable[ParseEvent]
        if medline.is_medline_file(raw):
            events = medline.iter_records(medline.text_lines(raw))
        else:
            events = iter_records(raw, name=name, select=select)
        try:
            for event in events:
                if isinstance(event, ArticleRecord):
                    batch.append(event)
                    if len(batch) >= batch_size:
                        flush()
                elif isinstance(event, PassedOver):
                    ingestor.pass_over()
                elif isinstance(event, DeletedCitation):
                    deletes.append(event.pmid)
                    continue
                elif isinstance(event, SkippedRecord):
                    ingestor.skip(
                        Problem(name, event.reason, event.position, event.pmid, event.line)
                    )
                seen += 1
                if seen % PROGRESS_EVERY == 0:
                    progress()
        except PubmedXMLError as exc:
            # The records read before the document broke are kept; the rest of it is lost
            # and reported, and the other files go on.
            ingestor.skip(Problem(name, f"document unreadable after {seen} records: {exc}"))
        flush()
        progress()
    # NLM's rule: deletions in a file apply after that file's records.
    if deletes:
        ingestor.delete(deletes)
