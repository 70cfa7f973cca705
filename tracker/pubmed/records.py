"""Typed records that leave the PubMed parsers and enter the store.

These dataclasses are the seam between the parsers, `tracker.pubmed.xml` and
`tracker.pubmed.medline` (which build them), and `tracker.ingest` / `tracker.pubmed.query`
(which read them). They hold facts only: no assessment, no database identity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Identifier bounds, checked where records are read, so that a wild number is a skipped record
# rather than a database error that loses its batch. PMIDs have 8 digits today; 11 leaves
# room and fits the 64-bit `pmid` columns. A version counts revisions of one PMID: small, and
# stored in a 32-bit column.
MAX_PMID = 99_999_999_999
MAX_VERSION = 999


def pmid_in_range(value: int) -> bool:
    return 1 <= value <= MAX_PMID


@dataclass(frozen=True, slots=True)
class AbstractSection:
    """One `AbstractText` of a (possibly structured) abstract."""

    text: str
    label: str | None = None
    category: str | None = None  # NlmCategory: BACKGROUND, OBJECTIVE, METHODS, RESULTS, ...


def join_abstract(sections: list[AbstractSection]) -> str:
    """The abstract as one string: the sections as paragraphs, each "LABEL: text" when labelled
    (NLM's placeholder label "UNLABELLED" is not shown). Both parsers build it this way."""
    return "\n\n".join(
        # Some labels already end in a colon ("Objectives:"): do not double it.
        f"{s.label.rstrip(':')}: {s.text}" if s.label and s.label != "UNLABELLED" else s.text
        for s in sections
    )


@dataclass(frozen=True, slots=True)
class MeshTerm:
    """A MeSH heading: descriptor, its qualifiers, and whether it is a major topic."""

    descriptor: str
    ui: str | None = None
    major: bool = False  # the descriptor or any of its qualifiers is starred
    qualifiers: tuple[str, ...] = ()


@dataclass(slots=True)
class ArticleRecord:
    """A PubMed record (journal article or book chapter) as parsed from XML."""

    pmid: int
    version: int = 1
    title: str = ""
    abstract: str = ""
    abstract_sections: list[AbstractSection] = field(default_factory=list)
    journal: str | None = None
    pub_year: int | None = None
    pub_date: str | None = None  # the date as PubMed gives it, e.g. "2019 Sep/Oct" or "2021 Mar 4"
    doi: str | None = None
    pmcid: str | None = None
    authors: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)
    mesh_terms: list[MeshTerm] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    nct_ids: list[str] = field(default_factory=list)
    retracted: bool = False
    retraction_pmids: list[int] = field(default_factory=list)  # RetractionIn notices
    expression_of_concern: bool = False
    erratum_pmids: list[int] = field(default_factory=list)  # ErratumIn
    date_revised: dt.date | None = None
    status: str | None = None  # MedlineCitation/@Status, or "Book" for PubmedBookArticle
    is_book: bool = False


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A record the parser could not use, with where it was and why."""

    position: int  # 1-based index of the record in its document
    reason: str
    pmid: int | None = None
    line: int | None = None  # in a text format: the line the problem is on


@dataclass(frozen=True, slots=True)
class DeletedCitation:
    """A PMID listed under `DeleteCitation` (in update files, rarely in efetch output)."""

    pmid: int
    version: int = 1


@dataclass(frozen=True, slots=True)
class PassedOver:
    """A record the caller's filter declined before it was parsed (see `iter_records`)."""

    pmid: int
