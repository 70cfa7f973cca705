"""What the per-study classifiers read (`StudyInput`, `ClaimContext`) and say (`Assessment`).

Every answer is a `Finding`: the value plus where it came from (a publication type, a text rule,
or a curator) and the sentence that decided it, so a researcher can check each call against the
abstract without trusting the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from tracker.evidence.labels import Asserts, Design, Device, Direction, Polarity, Source
from tracker.pubmed.records import AbstractSection, ArticleRecord

if TYPE_CHECKING:
    from tracker.claims import ClaimDefinition
    from tracker.evidence.bias import RiskOfBias, StatedLevel

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
    """What the readers need to know about the claim a study is linked to.

    Everything here comes from the claim's file, so a new claim needs no code: what it asserts,
    the words naming its topic, the treatments it is compared with or adds, the harm it denies
    and, when the promised effect sounds like a harm ("hair reduction"), the outcome itself.
    Terms are lower-case words or phrases; a `*` at either end matches any word ending or start.
    """

    id: str
    polarity: Polarity
    asserts: Asserts = "efficacy"
    topic_terms: tuple[str, ...] = ()
    comparator_terms: tuple[str, ...] = ()
    adjunct_terms: tuple[str, ...] = ()
    harm_terms: tuple[str, ...] = ()
    outcome_terms: tuple[str, ...] = ()
    devices: tuple[Device, ...] = ("procedure",)

    @classmethod
    def from_definition(cls, claim: ClaimDefinition) -> ClaimContext:
        """The reading context of a validated claim file."""
        return cls(
            id=claim.id,
            polarity=claim.polarity,
            asserts=claim.asserts,
            topic_terms=claim.topic_terms,
            comparator_terms=claim.comparator_terms,
            adjunct_terms=claim.adjunct_terms,
            harm_terms=claim.harm_terms,
            outcome_terms=claim.outcome_terms,
            devices=claim.devices,
        )


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
    # GRADE inputs: Cochrane risk of bias (trials and controlled studies only), the certainty a
    # review states for its own evidence, and why the study is indirect for the claim.
    risk_of_bias: RiskOfBias | None = None
    stated_certainty: Finding[StatedLevel] | None = None
    indirect: Finding[str | None] = Finding(None, "none")
