"""Engines, sessions and schema migrations.

Only `tracker.store` (and the migration code here) opens sessions; everything else asks the
store. SQLite gets WAL (readers never block the writer: the dashboard reads while a fetch
writes), foreign keys, and a busy timeout so that concurrent writers wait instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session, create_engine

from tracker.errors import ConfigError, TemporaryFailure, TrackerError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000

# A server that answers but does not accept the database, role or password of the URL is a
# configuration error, not a temporary one: retrying later changes nothing. libpq gives no
# SQLSTATE for a failed connection, so its (English) message is read. SQLite says the last
# one when the file's folder does not exist.
_REFUSED_CONFIGURATION = re.compile(
    r'database "[^"]*" does not exist|role "[^"]*" does not exist'
    r"|password authentication failed|no password supplied|no pg_hba\.conf entry"
    r"|(?:peer|ident) authentication failed|permission denied for database"
    r"|unable to open database file",
    re.IGNORECASE,
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (`postgresql://…`) and use the psycopg 3 driver for them."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"database URL {url!r} is not a valid SQLAlchemy URL") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("sqlite", "postgresql")):
        raise ConfigError(
            f"database URL uses {parsed.drivername!r}: only SQLite and PostgreSQL are supported"
        )
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for `url` with this project's connection settings."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> tuple[str | None, str | None]:
    """Create or upgrade the schema to the newest revision; returns (before, after)."""
    try:
        before = current_revision(engine)
        if before != head_revision():
            command.upgrade(_alembic_config(engine), "head")
        return before, current_revision(engine)
    except OperationalError as exc:
        raise connection_failure(engine, exc) from exc


def connection_failure(engine: Engine, exc: OperationalError) -> TrackerError:
    """The error to report for a database that cannot be used: a ConfigError (exit 2) when
    the URL names a database, role or password the server refuses, else a TemporaryFailure."""
    where = engine.url.render_as_string(hide_password=True)
    lines = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
    detail = " ".join(lines[0].split()) if lines else type(exc).__name__
    if _REFUSED_CONFIGURATION.search(detail):
        return ConfigError(
            f"the database at {where} cannot be used: {detail} "
            "(check TRACKER_DATABASE_URL or --db; create the database or role first)"
        )
    return TemporaryFailure(f"cannot reach the database at {where}: {detail}")


def check_schema(engine: Engine) -> None:
    """Fail with a clear message when the database was never initialised or is out of date."""
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        raise connection_failure(engine, exc) from exc
    if revision is None:
        raise ConfigError("the database has no schema yet: run `tracker init`")
    if revision != head_revision():
        raise ConfigError("the database schema is out of date: run `tracker init` to upgrade it")
