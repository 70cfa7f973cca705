"""What the per-study classifiers read (`StudyInput`, `ClaimContext`) and say (`Assessment`).

Every answer is a `Finding`: the value plus where it came from (a publication type, a text rule,
or a curator) and the sentence that decided it, so a researcher can check each call against the
abstract without trusting the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from tracker.evidence.labels import Design, Direction, Polarity, Source
from tracker.pubmed.records import AbstractSection, ArticleRecord

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StudyInput:
    """The parts of a PubMed record the classifiers read. Everything is optional."""

    pmid: int | None = None
    title: str = ""
    abstract: str = ""
    abstract_sections: tuple[AbstractSection, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh_terms: tuple[str, ...] = ()  # descriptor names, e.g. "Humans", "Animals", "Rats"
    retracted: bool = False
    expression_of_concern: bool = False

    @classmethod
    def from_record(cls, record: ArticleRecord) -> StudyInput:
        """Build the classifier input from a parsed PubMed record."""
        return cls(
            pmid=record.pmid,
            title=record.title,
            abstract=record.abstract,
            abstract_sections=tuple(record.abstract_sections),
            publication_types=tuple(record.publication_types),
            mesh_terms=tuple(term.descriptor for term in record.mesh_terms),
            retracted=record.retracted,
            expression_of_concern=record.expression_of_concern,
        )


@dataclass(frozen=True, slots=True)
class ClaimContext:
    """The claim a study is linked to, e.g. ClaimContext("pih-risk", "safety")."""

    id: str
    polarity: Polarity


@dataclass(frozen=True, slots=True)
class Finding(Generic[T]):
    """A value with its provenance.

    `source` is "publication_type" for NLM indexing (publication types and MeSH headings),
    "text" for a rule applied to the title or abstract, "curator" for a human override and
    "none" when nothing could be read. `evidence` is the deciding sentence (or the publication
    type) and `rule` a short id such as "pt:Randomized Controlled Trial" or "text:split-face".
    """

    value: T
    source: Source
    evidence: str | None = None
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything the tracker says about one study, for one claim."""

    design: Finding[Design]
    rct_within_person: bool  # split-face / split-scar / half-side / crossover, randomised
    participants: Finding[int | None]  # people enrolled; None = not stated (abstained)
    n_unit: str | None  # None when only people are counted; else "scars", "face halves", ...
    direction: Finding[Direction]
    human: bool
    animal_or_in_vitro: bool
    retracted: bool
    expression_of_concern: bool
    relevant: Finding[bool]  # evaluates microneedling (the device procedure) for the claim
