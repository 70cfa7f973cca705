"""Queries on `article` and `claim_article`: batched upserts, deletes, claim links."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, tuple_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tracker.models import Article, ClaimArticle, utcnow
from tracker.pubmed.records import ArticleRecord

# Enough to keep each statement's parameter list well under SQLite's and PostgreSQL's limits.
_CHUNK = 500


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def article_values(record: ArticleRecord) -> dict[str, Any]:
    """The `article` columns for a parsed record (everything but run bookkeeping)."""
    return {
        "pmid": record.pmid,
        "version": record.version,
        "title": record.title,
        "abstract": record.abstract,
        "abstract_sections": [
            {"text": section.text, "label": section.label, "category": section.category}
            for section in record.abstract_sections
        ],
        "journal": record.journal,
        "pub_year": record.pub_year,
        "pub_date": record.pub_date,
        "doi": record.doi,
        "pmcid": record.pmcid,
        "authors": list(record.authors),
        "languages": list(record.languages),
        "publication_types": list(record.publication_types),
        "mesh_terms": [
            {
                "descriptor": m.descriptor,
                "ui": m.ui,
                "major": m.major,
                "qualifiers": list(m.qualifiers),
            }
            for m in record.mesh_terms
        ],
        "keywords": list(record.keywords),
        "nct_ids": list(record.nct_ids),
        "retracted": record.retracted,
        "retraction_pmids": list(record.retraction_pmids),
        "expression_of_concern": record.expression_of_concern,
        "erratum_pmids": list(record.erratum_pmids),
        "date_revised": record.date_revised,
        "status": record.status,
        "is_book": record.is_book,
    }


def content_hash(values: Mapping[str, Any]) -> str:
    """Hash of the parsed fields: equal hashes mean an upsert would change nothing.

    `article_values` always builds its keys in the same order and holds only strings,
    numbers, booleans, dates, None, lists and dicts, whose repr is deterministic and several
    times cheaper than JSON with sorted keys.
    """
    return hashlib.blake2b(repr(values).encode(), digest_size=32).hexdigest()


def _freshness(version: int, revised: dt.date | None) -> tuple[int, dt.date]:
    return version, revised or dt.date.min


@dataclass(slots=True)
class UpsertOutcome:
    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)  # an older version than the one stored

    @property
    def changed(self) -> set[int]:
        return set(self.new) | set(self.updated)


def upsert_articles(
    *, session: Session, records: Iterable[ArticleRecord], run_id: int | None
) -> UpsertOutcome:
    """Insert new records, update changed ones; the newest version/DateRevised wins.

    Within one batch a later occurrence of a PMID replaces an earlier one of the same
    freshness (update files are processed in order: later wins).
    """
    latest: dict[int, ArticleRecord] = {}
    for record in records:
        held = latest.get(record.pmid)
        if held is None or _freshness(record.version, record.date_revised) >= _freshness(
            held.version, held.date_revised
        ):
            latest[record.pmid] = record
    outcome = UpsertOutcome()
    if not latest:
        return outcome

    stored: dict[int, tuple[int, dt.date | None, str, bool]] = {}
    for chunk in _chunks(list(latest)):
        # Five columns: beyond sqlmodel.select's typed overloads, so plain SQLAlchemy.
        rows = session.execute(
            sa_select(
                col(Article.pmid),
                col(Article.version),
                col(Article.date_revised),
                col(Article.content_hash),
                col(Article.deleted),
            ).where(col(Article.pmid).in_(chunk))
        )
        for pmid, version, revised, digest, deleted in rows:
            stored[pmid] = (version, revised, digest, deleted)

    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for pmid, record in latest.items():
        values = article_values(record)
        digest = content_hash(values)
        held_row = stored.get(pmid)
        if held_row is None:
            inserts.append(
                values | {"content_hash": digest, "first_seen_run": run_id, "updated_run": run_id}
            )
            outcome.new.append(pmid)
            continue
        version, revised, old_digest, deleted = held_row
        if _freshness(record.version, record.date_revised) < _freshness(version, revised):
            outcome.stale.append(pmid)
        elif old_digest == digest and not deleted:
            outcome.unchanged.append(pmid)
        else:
            # A PMID NLM had deleted and now re-issues comes back to life.
            updates.append(
                values
                | {"content_hash": digest, "updated_run": run_id, "deleted": False}
                | {"deleted_at": None}
            )
            outcome.updated.append(pmid)
    for chunk in _chunks(inserts):
        session.execute(insert(Article), list(chunk))
    for chunk in _chunks(updates):
        session.execute(update(Article), list(chunk))
    return outcome


def mark_deleted(*, session: Session, pmids: Iterable[int], run_id: int | None) -> list[int]:
    """Flag records NLM deleted; returns those that were stored and not yet deleted."""
    wanted = sorted(set(pmids))
    hit: list[int] = []
    for chunk in _chunks(wanted):
        found = session.exec(
            select(Article.pmid).where(
                col(Article.pmid).in_(chunk), col(Article.deleted).is_(False)
            )
        ).all()
        hit.extend(found)
    if hit:
        now = utcnow()
        for chunk in _chunks(hit):
            session.execute(
                update(Article)
                .where(col(Article.pmid).in_(chunk))
                .values(deleted=True, deleted_at=now, updated_run=run_id)
            )
    return hit


def stored_pmids(*, session: Session, pmids: Iterable[int]) -> set[int]:
    """Which of `pmids` are already stored."""
    wanted = sorted(set(pmids))
    found: set[int] = set()
    for chunk in _chunks(wanted):
        found.update(session.exec(select(Article.pmid).where(col(Article.pmid).in_(chunk))).all())
    return found


def all_pmids(*, session: Session) -> set[int]:
    """Every stored PMID (an import keeps updating records it already holds)."""
    return set(session.exec(select(Article.pmid)).all())


def get_articles(*, session: Session, pmids: Iterable[int]) -> dict[int, Article]:
    wanted = sorted(set(pmids))
    found: dict[int, Article] = {}
    for chunk in _chunks(wanted):
        for article in session.exec(select(Article).where(col(Article.pmid).in_(chunk))):
            found[article.pmid] = article
    return found


def iter_articles(*, session: Session, batch_size: int = 1000) -> Iterator[Article]:
    """Every stored article in PMID order, read in keyset pages (flat memory)."""
    last = -1
    while True:
        page = session.exec(
            select(Article)
            .where(col(Article.pmid) > last)
            .order_by(col(Article.pmid))
            .limit(batch_size)
        ).all()
        if not page:
            return
        yield from page
        last = page[-1].pmid


def count_articles(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Article)).one())


# --- claim links ------------------------------------------------------------------------


def add_links(
    *,
    session: Session,
    links: Mapping[str, Iterable[int]],
    run_id: int | None,
    source: str,
) -> dict[str, list[int]]:
    """Link records to claims; returns, per claim, the PMIDs linked for the first time."""
    pairs = sorted({(claim_id, pmid) for claim_id, pmids in links.items() for pmid in pmids})
    existing: set[tuple[str, int]] = set()
    for chunk in _chunks(pairs):
        rows = session.exec(
            select(ClaimArticle.claim_id, ClaimArticle.pmid).where(
                tuple_(col(ClaimArticle.claim_id), col(ClaimArticle.pmid)).in_(chunk)
            )
        )
        existing.update((claim_id, pmid) for claim_id, pmid in rows)
    new_pairs = [pair for pair in pairs if pair not in existing]
    for chunk in _chunks(new_pairs):
        session.execute(
            insert(ClaimArticle),
            [
                {
                    "claim_id": claim_id,
                    "pmid": pmid,
                    "link_source": source,
                    "first_seen_run": run_id,
                    "assessment": {},
                }
                for claim_id, pmid in chunk
            ],
        )
    added: dict[str, list[int]] = {}
    for claim_id, pmid in new_pairs:
        added.setdefault(claim_id, []).append(pmid)
    return added


def links_of(*, session: Session, pmids: Iterable[int]) -> list[tuple[str, int]]:
    """Every (claim, PMID) link of the given records."""
    wanted = sorted(set(pmids))
    found: list[tuple[str, int]] = []
    for chunk in _chunks(wanted):
        found.extend(
            session.exec(
                select(ClaimArticle.claim_id, ClaimArticle.pmid).where(
                    col(ClaimArticle.pmid).in_(chunk)
                )
            ).all()
        )
    return found


def links_of_claims(*, session: Session, claim_ids: Iterable[str]) -> list[tuple[str, int]]:
    wanted = sorted(set(claim_ids))
    return list(
        session.exec(
            select(ClaimArticle.claim_id, ClaimArticle.pmid)
            .where(col(ClaimArticle.claim_id).in_(wanted))
            .order_by(col(ClaimArticle.claim_id), col(ClaimArticle.pmid))
        ).all()
    )
