"""Queries on runs (`fetch_run`, `fetch_run_claim`) and the fetch lease (`fetch_lease`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from tracker.errors import TemporaryFailure
from tracker.models import FetchLease, FetchRun, FetchRunClaim, utcnow
from tracker.redaction import redact_optional


def start_run(*, session: Session, trigger: str, host: str, pid: int, detail: str) -> FetchRun:
    run = FetchRun(trigger=trigger, host=host, pid=pid, detail=detail, status="running")
    session.add(run)
    session.flush()
    return run


def finish_run(
    *,
    session: Session,
    run_id: int,
    status: str,
    counts: dict[str, Any],
    error: str | None = None,
) -> None:
    session.execute(
        update(FetchRun)
        .where(col(FetchRun.id) == run_id)
        # Run errors quote NCBI and exceptions: the API key must not be stored with them.
        .values(status=status, counts=counts, error=redact_optional(error), finished=utcnow())
    )


def record_run_claim(
    *,
    session: Session,
    run_id: int,
    claim_id: str,
    status: str,
    new_pmids: Iterable[int] = (),
    revised_pmids: Iterable[int] = (),
    search_count: int | None = None,
    window_end: dt.date | None = None,
    error: str | None = None,
) -> None:
    row = session.get(FetchRunClaim, (run_id, claim_id))
    if row is None:
        row = FetchRunClaim(run_id=run_id, claim_id=claim_id)
    row.status = status
    row.new_pmids = sorted(set(row.new_pmids) | set(new_pmids))
    row.revised_pmids = sorted(set(row.revised_pmids) | set(revised_pmids))
    row.search_count = search_count if search_count is not None else row.search_count
    row.window_end = window_end or row.window_end
    row.error = redact_optional(error)
    session.add(row)


def last_window_end(*, session: Session, claim_id: str) -> dt.date | None:
    """The end of the newest modification-date window a fetch completed for the claim."""
    return session.exec(
        select(col(FetchRunClaim.window_end))
        .join(FetchRun, col(FetchRun.id) == col(FetchRunClaim.run_id))
        .where(
            col(FetchRunClaim.claim_id) == claim_id,
            col(FetchRunClaim.status) == "done",
            col(FetchRun.trigger) == "fetch",
            col(FetchRunClaim.window_end).is_not(None),
        )
        .order_by(col(FetchRunClaim.window_end).desc())
        .limit(1)
    ).first()


def list_runs(*, session: Session, limit: int = 50) -> list[FetchRun]:
    return list(session.exec(select(FetchRun).order_by(col(FetchRun.id).desc()).limit(limit)).all())


def run_claims(*, session: Session, run_id: int) -> list[FetchRunClaim]:
    return list(
        session.exec(
            select(FetchRunClaim)
            .where(col(FetchRunClaim.run_id) == run_id)
            .order_by(col(FetchRunClaim.claim_id))
        ).all()
    )


# --- the lease --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeaseInfo:
    name: str
    holder: str
    host: str
    pid: int
    acquired_at: dt.datetime
    expires_at: dt.datetime


class LeaseHeld(TemporaryFailure):
    def __init__(self, lease: LeaseInfo) -> None:
        self.lease = lease
        super().__init__(
            f"another fetch holds the lease: {lease.holder} (host {lease.host}, pid {lease.pid}), "
            f"since {lease.acquired_at:%Y-%m-%d %H:%M:%S} UTC, expires "
            f"{lease.expires_at:%Y-%m-%d %H:%M:%S} UTC"
        )


def _info(row: FetchLease) -> LeaseInfo:
    return LeaseInfo(row.name, row.holder, row.host, row.pid, row.acquired_at, row.expires_at)


def acquire_lease(
    *, session: Session, name: str, holder: str, host: str, pid: int, ttl: dt.timedelta
) -> LeaseInfo:
    """Take the lease, or take over an expired one; `LeaseHeld` when someone else holds it.

    Both steps are single atomic statements (insert-if-absent, then a conditional update),
    so two processes on two hosts sharing a PostgreSQL database can never both win.
    """
    now = utcnow()
    values = {
        "name": name,
        "holder": holder,
        "host": host,
        "pid": pid,
        "acquired_at": now,
        "expires_at": now + ttl,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = session.execute(
        insert(FetchLease).values(**values).on_conflict_do_nothing(index_elements=["name"])
    )
    won = inserted.rowcount == 1  # type: ignore[attr-defined]
    if not won:
        taken = session.execute(
            update(FetchLease)
            .where(
                col(FetchLease.name) == name,
                (col(FetchLease.expires_at) < now) | (col(FetchLease.holder) == holder),
            )
            .values(**values)
        )
        won = taken.rowcount == 1  # type: ignore[attr-defined]
    session.flush()
    row = session.get(FetchLease, name, populate_existing=True)
    assert row is not None
    if not won:
        raise LeaseHeld(_info(row))
    return _info(row)


def renew_lease(*, session: Session, name: str, holder: str, ttl: dt.timedelta) -> bool:
    result = session.execute(
        update(FetchLease)
        .where(col(FetchLease.name) == name, col(FetchLease.holder) == holder)
        .values(expires_at=utcnow() + ttl)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def release_lease(*, session: Session, name: str, holder: str) -> None:
    session.execute(
        delete(FetchLease).where(col(FetchLease.name) == name, col(FetchLease.holder) == holder)
    )


def current_lease(*, session: Session, name: str = "fetch") -> LeaseInfo | None:
    row = session.get(FetchLease, name, populate_existing=True)
    return _info(row) if row is not None else None
