"""The dashboard's reads (cached) and its one write (curation), all through `tracker.store`.

Every page starts with `connect()`, which checks the database and reads a `DataStamp`: a few
aggregates that change whenever a run finishes, a grade is recomputed or a curation lands.
The stamp is part of every cache key, so cached reads are reused until the data changes and
never outlive it. The engine is built on first use from the settings (TRACKER_DATABASE_URL),
one per URL, and never at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from tracker import db, export, store
from tracker.checker import EvidenceLoader
from tracker.claims import load_claims
from tracker.config import get_settings
from tracker.errors import TrackerError
from tracker.evidence.labels import Design, Direction, RiskOfBias
from tracker.marketing.matcher import ClaimMatcher
from tracker.marketing.rating import ClaimEvidence, load_evidence
from tracker.redaction import register_secret
from tracker.store import curation, views

# Bounded caches: a long-running server must not grow with every stamp it has seen.
_ENTRIES = 64


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return db.make_engine(url)


class DatabaseUnavailable(Exception):
    """The database cannot be read: unreachable, no schema yet, or a bad URL."""

    def __init__(self, problem: str, what_to_do: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.what_to_do = what_to_do


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass(frozen=True, slots=True)
class Reader:
    """Cached reads of one database at one state of its data."""

    url: str
    stamp: str

    def contents(self) -> views.DatabaseContents:
        return _contents(self.url, self.stamp)

    def cards(self) -> list[views.ClaimCard]:
        return _cards(self.url, self.stamp)

    def card(self, claim_id: str) -> views.ClaimCard | None:
        return _card(self.url, self.stamp, claim_id)

    def evidence_map(self) -> list[views.MapBubble]:
        return _evidence_map(self.url, self.stamp)

    def studies(self, claim_id: str) -> list[views.ClaimStudy]:
        return _studies(self.url, self.stamp, claim_id)

    def timeline(self, claim_id: str) -> views.Timeline:
        return _timeline(self.url, self.stamp, claim_id)

    def article(self, pmid: int) -> views.ArticleText | None:
        return _article(self.url, self.stamp, pmid)

    def audit(self, claim_id: str) -> list[views.AuditEntry]:
        return _audit(self.url, self.stamp, claim_id)

    def grade_changes(
        self, *, claim_id: str | None = None, run_id: int | None = None
    ) -> list[views.GradeChange]:
        return _grade_changes(self.url, self.stamp, claim_id, run_id)

    def runs(self) -> list[views.RunRow]:
        return _runs(self.url, self.stamp)

    def run_claims(self, run_id: int) -> list[views.RunClaimRow]:
        return _run_claims(self.url, self.stamp, run_id)

    def leases(self) -> list[views.LeaseView]:
        # Leases change without a run finishing, so they are read fresh every time.
        with store.session_scope(_engine_for(self.url)) as session:
            return views.leases(session=session)

    def search(self, search: views.ArticleSearch) -> views.SearchPage:
        return _search(self.url, self.stamp, search)

    def year_bounds(self) -> tuple[int, int] | None:
        return _year_bounds(self.url, self.stamp)

    def export(self, claim_id: str, fmt: export.ExportFormat) -> str:
        return _export(self.url, self.stamp, claim_id, fmt)

    def evidence_loader(self) -> EvidenceLoader:
        """The stored grades the claim checker rates with, cached per set of claims."""
        return lambda claim_ids: _claim_evidence(self.url, self.stamp, tuple(sorted(claim_ids)))


def connect() -> Reader:
    """The configured database, checked, with the stamp of its current data.

    Raises DatabaseUnavailable with what to do when it cannot be read.
    """
    try:
        settings = get_settings()
        # Runs stored before redaction may quote the API key: the runs page hides it.
        register_secret(settings.api_key())
        url = settings.database_url
        engine = _engine_for(url)
        db.check_schema(engine)
        with store.session_scope(engine) as session:
            stamp = views.data_stamp(session=session)
    except TrackerError as exc:
        raise DatabaseUnavailable(
            str(exc),
            "Check TRACKER_DATABASE_URL, then run `tracker init` to create or upgrade the schema.",
        ) from exc
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(
            f"the database cannot be read: {_first_line(exc)}",
            "Check that the database server is running and TRACKER_DATABASE_URL points at it, "
            "then run `tracker init`.",
        ) from exc
    return Reader(url=url, stamp=stamp.key())


# --- the cached loaders: (url, stamp, arguments) -> data --------------------------------


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _contents(url: str, stamp: str) -> views.DatabaseContents:
    with store.session_scope(_engine_for(url)) as session:
        return views.database_contents(session=session)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _cards(url: str, stamp: str) -> list[views.ClaimCard]:
    with store.session_scope(_engine_for(url)) as session:
        return views.claim_cards(session=session)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _card(url: str, stamp: str, claim_id: str) -> views.ClaimCard | None:
    with store.session_scope(_engine_for(url)) as session:
        return views.claim_card(session=session, claim_id=claim_id)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _evidence_map(url: str, stamp: str) -> list[views.MapBubble]:
    with store.session_scope(_engine_for(url)) as session:
        return views.evidence_map(views.evidence_cells(session=session))


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _studies(url: str, stamp: str, claim_id: str) -> list[views.ClaimStudy]:
    with store.session_scope(_engine_for(url)) as session:
        return views.claim_studies(session=session, claim_id=claim_id)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _timeline(url: str, stamp: str, claim_id: str) -> views.Timeline:
    card = _card(url, stamp, claim_id)
    if card is None:
        return views.Timeline((), (), undated=0)
    studies = _studies(url, stamp, claim_id)
    return views.cumulative_timeline(studies, claim_id=claim_id, polarity=card.polarity)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _article(url: str, stamp: str, pmid: int) -> views.ArticleText | None:
    with store.session_scope(_engine_for(url)) as session:
        return views.article_text(session=session, pmid=pmid)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _audit(url: str, stamp: str, claim_id: str) -> list[views.AuditEntry]:
    with store.session_scope(_engine_for(url)) as session:
        return views.audit_log(session=session, claim_id=claim_id)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _grade_changes(
    url: str, stamp: str, claim_id: str | None, run_id: int | None
) -> list[views.GradeChange]:
    with store.session_scope(_engine_for(url)) as session:
        return views.grade_changes(session=session, claim_id=claim_id, run_id=run_id)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _runs(url: str, stamp: str) -> list[views.RunRow]:
    with store.session_scope(_engine_for(url)) as session:
        return views.run_history(session=session)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _run_claims(url: str, stamp: str, run_id: int) -> list[views.RunClaimRow]:
    with store.session_scope(_engine_for(url)) as session:
        return views.run_claim_rows(session=session, run_id=run_id)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _search(url: str, stamp: str, search: views.ArticleSearch) -> views.SearchPage:
    with store.session_scope(_engine_for(url)) as session:
        return views.search_articles(session=session, search=search)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _year_bounds(url: str, stamp: str) -> tuple[int, int] | None:
    with store.session_scope(_engine_for(url)) as session:
        return views.year_bounds(session=session)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _export(url: str, stamp: str, claim_id: str, fmt: export.ExportFormat) -> str:
    with store.session_scope(_engine_for(url)) as session:
        return export.export_claim(session=session, claim_id=claim_id, fmt=fmt)


@st.cache_data(show_spinner=False, max_entries=_ENTRIES)
def _claim_evidence(url: str, stamp: str, claim_ids: tuple[str, ...]) -> dict[str, ClaimEvidence]:
    with store.session_scope(_engine_for(url)) as session:
        return load_evidence(session=session, claim_ids=claim_ids)


@st.cache_resource(show_spinner=False)
def _matcher(queries_dir: str) -> ClaimMatcher:
    return ClaimMatcher(load_claims(Path(queries_dir)))


def claim_matcher() -> ClaimMatcher:
    """The claim files' words, compiled once per claims folder (TRACKER_QUERIES_DIR).

    Raises the claims' ConfigError when the files are invalid.
    """
    return _matcher(str(get_settings().queries_dir))


# --- the one write ----------------------------------------------------------------------


def curate(
    reader: Reader,
    *,
    claim_id: str,
    pmid: int,
    by: str,
    note: str,
    included: bool | None,
    design: Design | None,
    direction: Direction | None,
    n_participants: int | None,
    risk_of_bias: RiskOfBias | None = None,
) -> curation.CurationResult:
    """Store a curator's overrides for one study; the claim is regraded in the same commit.

    The next `connect()` sees a new stamp (a new audit row, a new grade), so every cached read
    of the old data is bypassed.
    """
    with store.session_scope(_engine_for(reader.url)) as session:
        return curation.curate(
            session=session,
            claim_id=claim_id,
            pmid=pmid,
            by=by,
            note=note,
            included=included,
            design=design,
            direction=direction,
            n_participants=n_participants,
            risk_of_bias=risk_of_bias,
        )
