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
from tracker.store.claims import ClaimSyncReport, get_claim, list_claims, sync_claims


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it fails."""
    with db.session_scope(engine) as session:
        yield session


__all__ = [
    "ClaimSyncReport",
    "get_claim",
    "list_claims",
    "session_scope",
    "sync_claims",
]
