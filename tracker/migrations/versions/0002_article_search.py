"""full-text search over article titles and abstracts

SQLite: an FTS5 table `article_fts` over `article` (external content, so the text is not
stored twice), kept in sync by triggers; the Porter stemmer makes "scars" find "scar", close
to PostgreSQL's English configuration.

PostgreSQL: `to_tsvector('english', title || ' ' || abstract)` kept in a stored generated
column, `search_vector`, with a GIN index on it. The index alone (on the expression) would
serve rare words, but a word most records contain ("microneedling", in this literature) makes
the planner scan the table, and it would then parse every abstract again on each search;
the stored vector makes that scan cheap. The column is not in `tracker.models`: nothing
writes it, and `tracker.store.views.search_articles` is its only reader.

A later SQLite migration that rebuilds `article` in batch mode drops these triggers with the
old table: it must recreate them (call `create_sqlite_search`) and rebuild the index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

POSTGRES_STATEMENTS = (
    "ALTER TABLE article ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || abstract)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_article_fulltext ON article USING gin (search_vector)",
)

SQLITE_STATEMENTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "title, abstract, content='article', content_rowid='pmid', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS article_fts_insert AFTER INSERT ON article BEGIN "
    "INSERT INTO article_fts(rowid, title, abstract) VALUES (new.pmid, new.title, new.abstract); "
    "END",
    # An external-content FTS table must be told the old text to remove it.
    "CREATE TRIGGER IF NOT EXISTS article_fts_delete AFTER DELETE ON article BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, abstract) "
    "VALUES ('delete', old.pmid, old.title, old.abstract); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS article_fts_update AFTER UPDATE OF pmid, title, abstract "
    "ON article BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, abstract) "
    "VALUES ('delete', old.pmid, old.title, old.abstract); "
    "INSERT INTO article_fts(rowid, title, abstract) VALUES (new.pmid, new.title, new.abstract); "
    "END",
    # Index the rows that existed before this migration.
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
)


def create_sqlite_search() -> None:
    for statement in SQLITE_STATEMENTS:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        create_sqlite_search()
    elif dialect == "postgresql":
        for statement in POSTGRES_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("article_fts_insert", "article_fts_delete", "article_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS article_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_article_fulltext")
        op.execute("ALTER TABLE article DROP COLUMN IF EXISTS search_vector")
