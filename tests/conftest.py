"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from TRACKER_TEST_POSTGRES_URL (default: the local server's `test`
database). Each test gets a database of its own, created from that server and dropped
afterwards, so tests never see each other's rows. When no server answers, the PostgreSQL
half is skipped with the reason shown in the summary (`-ra`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tracker import db

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"
# Real NCBI files live beside the repository and are never copied into it.
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SHARED_EUTILS = SHARED_DATA / "eutils"


def shared_eutils_missing(folder: Path = SHARED_EUTILS) -> str | None:
    """Why the tests on real NCBI files cannot run, naming the folder they read; or None."""
    if folder.is_dir():
        return None
    return f"real NCBI files not found: no folder {folder} (../shared/data/eutils)"


DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# Timing belongs in benchmarks: on a loaded 2-core machine a per-example deadline only
# produces flaky failures, so property tests are judged on correctness alone.
settings.register_profile(
    "tracker", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("tracker")


def postgres_admin_url() -> str:
    return db.normalise_url(os.environ.get("TRACKER_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


@cache
def postgres_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run, or None when the server answers."""
    url = postgres_admin_url()
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        shown = make_url(url).render_as_string(hide_password=True)
        return f"PostgreSQL not reachable at {shown}: {first_line}"
    finally:
        engine.dispose()
    return None


@cache
def _admin_engine() -> Engine:
    return create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")


def create_postgres_database() -> str:
    """A fresh, empty database on the test server; returns its URL."""
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    with _admin_engine().connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    with _admin_engine().connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback only: a proxy from the environment must never see a test's requests."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    url = create_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    engine = db.make_engine(db_url)
    db.migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """The data a researcher sees: records, links with assessments, grades."""
    with engine.connect() as connection:
        return {
            "article": [
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT pmid, version, title, abstract, retracted, deleted, content_hash,"
                        " updated_run FROM article ORDER BY pmid"
                    )
                )
            ],
            "claim_article": [
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT claim_id, pmid, design, n_participants, direction, relevant,"
                        " cur_design, cur_note FROM claim_article ORDER BY claim_id, pmid"
                    )
                )
            ],
            "claim_summary": [
                tuple(row)
                for row in connection.execute(
                    text("SELECT claim_id, certainty, verdict FROM claim_summary ORDER BY claim_id")
                )
            ],
        }
