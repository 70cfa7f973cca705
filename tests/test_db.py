"""Schema creation and upgrade, connection settings, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from tracker import db
from tracker.errors import ConfigError, TemporaryFailure

CORE_TABLES = {"article", "claim", "claim_article", "fetch_run", "claim_summary"}


def schema_of(engine: Engine) -> dict[str, list[tuple[str, str, bool]]]:
    inspector = inspect(engine)
    return {
        table: sorted(
            (column["name"], str(column["type"]), bool(column["nullable"]))
            for column in inspector.get_columns(table)
        )
        for table in sorted(inspector.get_table_names())
    }


def test_migrate_creates_then_leaves_the_schema_alone(db_url: str) -> None:
    engine = db.make_engine(db_url)
    before, after = db.migrate(engine)
    assert before is None
    assert after == db.head_revision()
    first = schema_of(engine)
    assert set(first) >= CORE_TABLES

    again = db.migrate(engine)
    assert again == (db.head_revision(), db.head_revision())
    assert schema_of(engine) == first
    engine.dispose()


def test_check_schema_explains_what_to_run(db_url: str) -> None:
    engine = db.make_engine(db_url)
    with pytest.raises(ConfigError, match="run `tracker init`"):
        db.check_schema(engine)
    db.migrate(engine)
    db.check_schema(engine)
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO claim_article (claim_id, pmid, link_source, rct_within_person,"
                " human, relevant, assessment) VALUES (:c, :p, 'x', false, true, true, '{}')"
            ),
            {"c": "no-such-claim", "p": 1},
        )


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("not a url", "not a valid SQLAlchemy URL"),
        ("mysql://localhost/x", "only SQLite and PostgreSQL"),
    ],
)
def test_bad_urls_are_configuration_errors(url: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        db.make_engine(url)


def test_postgres_urls_use_psycopg() -> None:
    assert db.normalise_url("postgresql://u@h/d").startswith("postgresql+psycopg://")


def test_unreachable_database_is_a_temporary_failure() -> None:
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    engine = db.make_engine("postgresql://nobody@127.0.0.1:9/none")
    with pytest.raises(TemporaryFailure, match="cannot reach the database"):
        db.migrate(engine)
