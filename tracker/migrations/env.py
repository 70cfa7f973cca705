"""Alembic environment: migrations run on the engine `tracker.db.migrate` passes in."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata

# Full-text search objects live in migration 0002 only (FTS5 tables and triggers on SQLite,
# a generated tsvector column on PostgreSQL); autogenerate must not propose dropping them.
SEARCH_OBJECTS = {"search_vector", "article_fts", "ix_article_search_vector"}


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    return not (
        reflected
        and compare_to is None
        and name is not None
        and (name in SEARCH_OBJECTS or name.startswith("article_fts"))
    )


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        context.run_migrations()


run_migrations_online()
