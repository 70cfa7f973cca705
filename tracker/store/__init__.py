"""The store: every database query of the project, with keyword-only `session` arguments.

Nothing outside this package opens sessions: callers get one from `session_scope` and pass
it to the query functions, which live in one submodule per concern (claims, articles,
runs, evidence, views) and are re-exported here. SQL goes through SQLAlchemy/SQLModel
expressions only: bound parameters, never string formatting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from tracker import db
from tracker.store.articles import (
    UpsertOutcome,
    add_links,
    all_pmids,
    count_articles,
    get_articles,
    iter_articles,
    links_of,
    links_of_claims,
    mark_deleted,
    stored_pmids,
    upsert_articles,
)
from tracker.store.claims import ClaimSyncReport, get_claim, list_claims, sync_claims
from tracker.store.evidence import (
    AutomaticAssessment,
    CuratedLabel,
    add_change,
    apply_curated_labels,
    get_summary,
    save_assessments,
    save_summary,
    studies_for_claim,
    summaries,
)
from tracker.store.runs import (
    LeaseHeld,
    LeaseInfo,
    acquire_lease,
    current_lease,
    finish_run,
    last_window_end,
    list_runs,
    record_run_claim,
    release_lease,
    renew_lease,
    run_claims,
    start_run,
)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it fails."""
    with db.session_scope(engine) as session:
        yield session


__all__ = [
    "AutomaticAssessment",
    "ClaimSyncReport",
    "CuratedLabel",
    "LeaseHeld",
    "LeaseInfo",
    "UpsertOutcome",
    "acquire_lease",
    "add_change",
    "add_links",
    "all_pmids",
    "apply_curated_labels",
    "count_articles",
    "current_lease",
    "finish_run",
    "get_articles",
    "get_claim",
    "get_summary",
    "iter_articles",
    "last_window_end",
    "links_of",
    "links_of_claims",
    "list_claims",
    "list_runs",
    "mark_deleted",
    "record_run_claim",
    "release_lease",
    "renew_lease",
    "run_claims",
    "save_assessments",
    "save_summary",
    "session_scope",
    "start_run",
    "stored_pmids",
    "studies_for_claim",
    "summaries",
    "sync_claims",
    "upsert_articles",
]
