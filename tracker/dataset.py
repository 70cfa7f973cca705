"""Export every stored record with its parsed fields, for analysis elsewhere (JSONL or CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlmodel import Session

from tracker import store
from tracker.models import Article

FIELDS = (
    "pmid",
    "version",
    "title",
    "abstract",
    "abstract_sections",
    "journal",
    "pub_year",
    "pub_date",
    "doi",
    "pmcid",
    "authors",
    "language",
    "publication_types",
    "mesh_terms",
    "keywords",
    "nct_ids",
    "retracted",
    "deleted",
    "date_revised",
    "claims",
)


def article_row(article: Article, claims: list[str]) -> dict[str, Any]:
    return {
        "pmid": article.pmid,
        "version": article.version,
        "title": article.title,
        "abstract": article.abstract,
        "abstract_sections": article.abstract_sections,
        "journal": article.journal,
        "pub_year": article.pub_year,
        "pub_date": article.pub_date,
        "doi": article.doi,
        "pmcid": article.pmcid,
        "authors": article.authors,
        "language": article.languages,
        "publication_types": article.publication_types,
        "mesh_terms": article.mesh_terms,
        "keywords": article.keywords,
        "nct_ids": article.nct_ids,
        "retracted": article.retracted,
        "deleted": article.deleted,
        "date_revised": article.date_revised.isoformat() if article.date_revised else None,
        "claims": claims,
    }


def iter_rows(*, session: Session) -> Iterator[dict[str, Any]]:
    for page in _pages(session):
        links: dict[int, list[str]] = {}
        for claim_id, pmid in store.links_of(session=session, pmids=[a.pmid for a in page]):
            links.setdefault(pmid, []).append(claim_id)
        for article in page:
            yield article_row(article, sorted(links.get(article.pmid, [])))


def _pages(session: Session, size: int = 1000) -> Iterator[list[Article]]:
    page: list[Article] = []
    for article in store.iter_articles(session=session, batch_size=size):
        page.append(article)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


def _csv_cell(value: Any) -> Any:
    # Lists and structures become JSON text so that nothing is lost in a CSV cell.
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_articles(*, session: Session, out: TextIO, fmt: str) -> int:
    """Write every stored record to `out` as `jsonl` or `csv`; returns how many."""
    count = 0
    if fmt == "jsonl":
        for row in iter_rows(session=session):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for row in iter_rows(session=session):
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})
        count += 1
    return count
