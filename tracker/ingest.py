"""Ingest stage: parsed records -> idempotent upserts, claim links, assessments, runs.

`import_files` is what `tracker import` runs; `Ingestor` is shared with `tracker fetch`, so
offline files and live fetches take the same path into the database:

    read (pubmed.xml) -> upsert (store) -> link (query evaluator or PubMed's answer)
      -> classify (evidence.assess) -> grade (grading.regrade) -> finish the run

Each batch is its own transaction, so an interrupted run leaves complete batches behind and
the next run (upserts are idempotent) completes the work.
"""

from __future__ import annotations

import io
import logging
import os
import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine

from tracker import store
from tracker.claims import ClaimDefinition
from tracker.classify import classify_links
from tracker.grading import regrade
from tracker.pubmed.query import QuerySet, document_for
from tracker.pubmed.records import ArticleRecord, DeletedCitation, SkippedRecord
from tracker.pubmed.xml import PubmedXMLError, iter_records

log = logging.getLogger("tracker.ingest")

BATCH_SIZE = 1000
MAX_ERRORS_STORED = 50


@dataclass(frozen=True, slots=True)
class Problem:
    """A record or document that could not be stored, and where it was."""

    source: str
    reason: str
    position: int | None = None
    pmid: int | None = None

    def __str__(self) -> str:
        where = self.source
        if self.position is not None:
            where += f": record {self.position}"
        if self.pmid is not None:
            where += f" (PMID {self.pmid})"
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
            "links": {claim: len(pmids) for claim, pmids in sorted(self.new_links.items())},
        }

    def summary(self) -> str:
        links = ", ".join(
            f"{claim} +{len(pmids)}" for claim, pmids in sorted(self.new_links.items())
        )
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.deleted} deleted, {self.skipped} skipped; "
            f"new links per claim: {links or 'none'}"
        )


class Ingestor:
    """Stores batches of records for one run; shared by import and fetch."""

    def __init__(self, engine: Engine, *, run_id: int, claims: Sequence[ClaimDefinition]) -> None:
        self.engine = engine
        self.run_id = run_id
        self.polarity = {claim.id: claim.polarity for claim in claims}
        self.queries = QuerySet({claim.id: claim.query for claim in claims})
        self.counts = IngestCounts()
        self.problems: list[Problem] = []

    def store_batch(
        self,
        records: Sequence[ArticleRecord],
        *,
        links: Mapping[str, Iterable[int]] | None = None,
        link_source: str = "local_query",
    ) -> None:
        """Upsert, link and assess one batch in one transaction.

        `links` are the claim links PubMed gave (fetch); without them every new or changed
        record is matched against the claim queries locally (import).
        """
        with store.session_scope(self.engine) as session:
            outcome = store.upsert_articles(session=session, records=records, run_id=self.run_id)
            changed = outcome.changed
            if links is None:
                found: dict[str, set[int]] = {}
                for record in records:
                    if record.pmid in changed:
                        for claim_id in self.queries.matching(document_for(record)):
                            found.setdefault(claim_id, set()).add(record.pmid)
                links = found
            added = store.add_links(
                session=session, links=links, run_id=self.run_id, source=link_source
            )
            # Assess every link of a changed record, and every link that is new.
            to_assess = set(store.links_of(session=session, pmids=changed))
            to_assess.update((claim, pmid) for claim, pmids in added.items() for pmid in pmids)
            classify_links(session=session, links=to_assess, polarity=self.polarity)
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
        log.warning("skipped %s", problem)


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
    problems = [str(problem) for problem in ingestor.problems[:MAX_ERRORS_STORED]]
    if len(ingestor.problems) > MAX_ERRORS_STORED:
        problems.append(f"... and {len(ingestor.problems) - MAX_ERRORS_STORED} more")
    message = "\n".join(([error] if error else []) + problems) or None
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

    def summary(self) -> str:
        return f"Import run {self.run_id} ({self.status}): {self.counts.summary()}"


class _CountingReader(io.RawIOBase):
    """Counts the bytes read from the file on disk (compressed bytes for .gz)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        return size


ProgressCallback = Callable[[ImportProgress], None]


def import_files(
    engine: Engine,
    paths: Sequence[Path],
    *,
    claims: Sequence[ClaimDefinition],
    on_progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import PubMed XML files (`.xml` or `.xml.gz`) in order; later files win."""
    with store.session_scope(engine) as session:
        store.sync_claims(session=session, claims=claims)
    detail = "import " + " ".join(str(path) for path in paths)
    run_id = begin_run(engine, trigger="import", detail=detail)
    ingestor = Ingestor(engine, run_id=run_id, claims=claims)
    for path in paths:
        _import_one(ingestor, path, on_progress=on_progress, batch_size=batch_size)
    status = "partial" if ingestor.problems else "done"
    changed = end_run(engine, ingestor, status=status)
    return ImportReport(run_id, status, ingestor.counts, ingestor.problems, changed)


def _import_one(
    ingestor: Ingestor,
    path: Path,
    *,
    on_progress: ProgressCallback | None,
    batch_size: int,
) -> None:
    name = str(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        ingestor.skip(Problem(name, f"cannot open the file: {exc.strerror or exc}"))
        return
    total = os.fstat(raw.fileno()).st_size
    deletes: list[int] = []
    batch: list[ArticleRecord] = []
    seen = 0

    def flush() -> None:
        if batch:
            ingestor.store_batch(batch)
            batch.clear()
        if on_progress is not None:
            on_progress(ImportProgress(path, counter.count, total, seen))

    with raw:
        counter = _CountingReader(raw)
        reader = io.BufferedReader(counter, buffer_size=1 << 20)
        try:
            for event in iter_records(reader, name=name):
                if isinstance(event, ArticleRecord):
                    batch.append(event)
                    seen += 1
                    if len(batch) >= batch_size:
                        flush()
                elif isinstance(event, DeletedCitation):
                    deletes.append(event.pmid)
                elif isinstance(event, SkippedRecord):
                    ingestor.skip(Problem(name, event.reason, event.position, event.pmid))
        except PubmedXMLError as exc:
            # The records read before the document broke are kept; the rest of it is lost
            # and reported, and the other files go on.
            ingestor.skip(Problem(name, f"document unreadable after {seen} records: {exc}"))
        flush()
    # NLM's rule: deletions in a file apply after that file's records.
    if deletes:
        ingestor.delete(deletes)
