"""SQLModel tables: the database schema (migrations in `tracker/migrations`).

Conventions:
- Lists and small structures are JSON columns; they are facts copied from PubMed or
  results we show as a whole, never something we query inside.
- Timestamps are aware UTC datetimes (SQLModel's UTCDateTime stores them as UTC everywhere).
- In `claim_article` the automatic assessment and the curator's overrides live in separate
  columns (`cur_*`): a refetch rewrites the former and never touches the latter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Now, as the aware UTC timestamp every table stores."""
    return dt.datetime.now(dt.UTC)


# --- claims -----------------------------------------------------------------------------


class ClaimBase(SQLModel):
    id: str = Field(primary_key=True, max_length=64)
    text: str
    indication: str
    query: str = Field(sa_type=Text)
    polarity: str = Field(max_length=16)  # "benefit" | "safety"
    comparator: str | None = None
    notes: str | None = Field(default=None, sa_type=Text)
    marketing_phrases: list[str] = Field(default_factory=list, sa_type=JSON)


class Claim(ClaimBase, table=True):
    __tablename__ = "claim"

    definition_hash: str = Field(max_length=64)
    source_file: str | None = None
    synced_at: dt.datetime = Field(default_factory=utcnow)
    # A claim whose file was removed is kept (its history matters) but no longer fetched.
    retired: bool = False


class ClaimPublic(ClaimBase):
    definition_hash: str
    retired: bool


# --- articles ---------------------------------------------------------------------------


class ArticleBase(SQLModel):
    pmid: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    version: int = 1
    title: str = Field(default="", sa_type=Text)
    abstract: str = Field(default="", sa_type=Text)
    abstract_sections: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    journal: str | None = None
    pub_year: int | None = Field(default=None, index=True)
    pub_date: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    authors: list[str] = Field(default_factory=list, sa_type=JSON)
    languages: list[str] = Field(default_factory=list, sa_type=JSON)
    publication_types: list[str] = Field(default_factory=list, sa_type=JSON)
    mesh_terms: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    keywords: list[str] = Field(default_factory=list, sa_type=JSON)
    nct_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    retracted: bool = False
    retraction_pmids: list[int] = Field(default_factory=list, sa_type=JSON)
    expression_of_concern: bool = False
    erratum_pmids: list[int] = Field(default_factory=list, sa_type=JSON)
    date_revised: dt.date | None = None
    status: str | None = None
    is_book: bool = False
    deleted: bool = False


class Article(ArticleBase, table=True):
    __tablename__ = "article"

    deleted_at: dt.datetime | None = None
    # Hash of the parsed fields: an upsert with the same hash is "unchanged".
    content_hash: str = Field(default="", max_length=64)
    first_seen_run: int | None = Field(default=None, foreign_key="fetch_run.id")
    updated_run: int | None = Field(default=None, foreign_key="fetch_run.id")


class ArticlePublic(ArticleBase):
    pass


# --- claim <-> article links with assessments -------------------------------------------


class ClaimArticle(SQLModel, table=True):
    __tablename__ = "claim_article"
    __table_args__ = (Index("ix_claim_article_pmid", "pmid"),)

    claim_id: str = Field(
        sa_column=Column(
            Text, ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    pmid: int = Field(
        sa_column=Column(
            BigInteger,
            ForeignKey("article.pmid", ondelete="CASCADE"),
            primary_key=True,
            nullable=False,
        )
    )
    link_source: str = Field(default="local_query", max_length=16)  # local_query|pubmed|snapshot
    first_seen_run: int | None = Field(default=None, foreign_key="fetch_run.id")

    # The automatic assessment: rewritten whenever the record or the classifier changes.
    design: str | None = None
    design_source: str | None = None
    rct_within_person: bool = False
    n_participants: int | None = None
    n_unit: str | None = None
    direction: str | None = None
    human: bool = True
    relevant: bool = True
    assessment: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    assessed_at: dt.datetime | None = None
    # GRADE inputs read from the abstract (revision 0003); the domains are in `assessment`.
    rob_overall: str | None = Field(default=None, max_length=16)  # low|some_concerns|high
    rob_key_concern: bool = False  # sequence, concealment or blinding not at low risk
    stated_certainty: str | None = Field(default=None, max_length=16)  # what a review states
    indirect: str | None = Field(default=None, max_length=16)  # combination|surrogate|device

    # The curator's overrides: never written by fetch, import or classify.
    cur_included: bool | None = None
    cur_design: str | None = None
    cur_direction: str | None = None
    cur_n: int | None = None
    cur_rob: str | None = Field(default=None, max_length=16)
    cur_note: str | None = Field(default=None, sa_type=Text)
    cur_by: str | None = None
    cur_at: dt.datetime | None = None


class CurationAudit(SQLModel, table=True):
    __tablename__ = "curation_audit"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: str = Field(index=True)
    pmid: int = Field(sa_type=BigInteger)
    field: str
    before: str | None = None
    after: str | None = None
    note: str | None = Field(default=None, sa_type=Text)
    by: str
    at: dt.datetime = Field(default_factory=utcnow)


# --- runs, the fetch lease --------------------------------------------------------------


class FetchRun(SQLModel, table=True):
    __tablename__ = "fetch_run"

    id: int | None = Field(default=None, primary_key=True)
    trigger: str = Field(max_length=16)  # fetch | import | snapshot | grade
    started: dt.datetime = Field(default_factory=utcnow, index=True)
    finished: dt.datetime | None = None
    status: str = Field(default="running", max_length=16)  # running | done | partial | failed
    counts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    error: str | None = Field(default=None, sa_type=Text)
    host: str | None = None
    pid: int | None = None
    detail: str | None = Field(default=None, sa_type=Text)  # the command line or files


class FetchRunClaim(SQLModel, table=True):
    """What one run did for one claim: the raw material for "what changed"."""

    __tablename__ = "fetch_run_claim"

    run_id: int = Field(foreign_key="fetch_run.id", primary_key=True)
    claim_id: str = Field(primary_key=True, max_length=64)
    status: str = Field(default="done", max_length=16)
    search_count: int | None = None
    new_pmids: list[int] = Field(default_factory=list, sa_type=JSON)
    revised_pmids: list[int] = Field(default_factory=list, sa_type=JSON)
    # The end of the modification-date window this run covered (fetch only).
    window_end: dt.date | None = None
    error: str | None = Field(default=None, sa_type=Text)


class FetchLease(SQLModel, table=True):
    """One row per lease name: who may fetch into this database now."""

    __tablename__ = "fetch_lease"

    name: str = Field(primary_key=True, max_length=32)
    holder: str
    host: str
    pid: int
    acquired_at: dt.datetime
    expires_at: dt.datetime


# --- grades -----------------------------------------------------------------------------


class ClaimSummary(SQLModel, table=True):
    """The graded profile of a claim, rewritten after every ingest and by `tracker grade`."""

    __tablename__ = "claim_summary"

    claim_id: str = Field(
        sa_column=Column(
            Text, ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    certainty: str
    verdict: str = Field(sa_type=Text)
    best_design: str | None = None
    profile: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    computed_at: dt.datetime = Field(default_factory=utcnow)
    run_id: int | None = Field(default=None, foreign_key="fetch_run.id")


class ClaimChange(SQLModel, table=True):
    """A change of certainty, verdict or best design, kept for the dashboard and alerts."""

    __tablename__ = "claim_change"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: str = Field(index=True, max_length=64)
    run_id: int | None = Field(default=None, foreign_key="fetch_run.id")
    changed_at: dt.datetime = Field(default_factory=utcnow)
    before: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    after: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    reasons: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
