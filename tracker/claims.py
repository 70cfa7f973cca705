"""The claims registry: one TOML file per claim in `queries/`, loaded and validated.

Every problem is reported with the file and the field (and, for a bad query, the character
position inside `pubmed_query`), and all problems of all files are reported at once, so a
reviewer fixes a pull request in one pass.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tracker.errors import ConfigError
from tracker.evidence.labels import Asserts, Device
from tracker.pubmed.query import Node, QuerySyntaxError, to_string
from tracker.pubmed.query import parse as parse_query

CLAIM_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A term: lower-case words, digits and simple punctuation; `*` only at either end of a word.
TERM_RE = re.compile(r"^\*?[a-z0-9][a-z0-9'.:/+-]*\*?(?: \*?[a-z0-9][a-z0-9'.:/+-]*\*?)*$")


def _check_terms(terms: list[str]) -> list[str]:
    for term in terms:
        if not TERM_RE.match(term):
            raise ValueError(
                f"{term!r} is not a term: lower-case words, each may start or end with *"
            )
    return terms


class _CheckWords(BaseModel):
    """The optional `[check]` table: how marketing copy words the claim (`tracker check`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    treats: list[str] = []  # problems microneedling is said to treat or reduce
    boosts: list[str] = []  # what it is said to increase or bring about
    denies: list[str] = []  # safety claims: harms it is said not to cause
    mild: list[str] = []  # safety claims: side effects it is said to keep mild and brief
    phrases: list[str] = []  # other wordings that assert the claim as they stand
    opposite_phrases: list[str] = []  # wordings that assert its opposite
    ambiguous: list[str] = []  # words that assert it only in a text naming it otherwise

    _words = field_validator(
        "treats", "boosts", "denies", "mild", "phrases", "opposite_phrases", "ambiguous"
    )(_check_terms)


class _ClaimFile(BaseModel):
    """The schema of one claim file; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=CLAIM_ID_RE.pattern, max_length=64)
    claim: str = Field(min_length=1)
    indication: str = Field(min_length=1)
    polarity: Literal["benefit", "safety"]
    pubmed_query: str = Field(min_length=1)
    marketing_phrases: list[str] = Field(min_length=1)
    comparator: str | None = None
    notes: str | None = None
    # What the claim asserts and the words the evidence readers need to judge it.
    asserts: Asserts
    topic_terms: list[str] = Field(min_length=1)
    comparator_terms: list[str] = []
    adjunct_terms: list[str] = []
    harm_terms: list[str] = []
    outcome_terms: list[str] = []
    devices: list[Device] = ["procedure"]
    check: _CheckWords = _CheckWords()

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # TOML allows "\u0000"; PostgreSQL refuses it in any text, so `claims sync` would fail.
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("must not contain a NUL character (\\u0000)")
        return value

    @field_validator("marketing_phrases")
    @classmethod
    def _phrases_not_blank(cls, phrases: list[str]) -> list[str]:
        if any(not phrase.strip() for phrase in phrases):
            raise ValueError("phrases must not be blank")
        return phrases

    @field_validator(
        "topic_terms", "comparator_terms", "adjunct_terms", "harm_terms", "outcome_terms"
    )
    @classmethod
    def _terms_are_words(cls, terms: list[str]) -> list[str]:
        return _check_terms(terms)

    @model_validator(mode="after")
    def _asserts_has_its_terms(self) -> _ClaimFile:
        if (self.asserts == "safety") != (self.polarity == "safety"):
            raise ValueError("asserts 'safety' and polarity 'safety' go together")
        if self.asserts == "versus" and not self.comparator_terms:
            raise ValueError("a 'versus' claim needs comparator_terms")
        if self.asserts == "adjunct" and not self.adjunct_terms:
            raise ValueError("an 'adjunct' claim needs adjunct_terms")
        check = self.check
        known = {p.casefold() for p in self.marketing_phrases}.union(
            check.treats, check.boosts, check.denies, check.mild, check.phrases
        )
        unknown = [term for term in check.ambiguous if term not in known]
        if unknown:
            raise ValueError(
                f"check.ambiguous names {unknown!r}, which are not among the claim's "
                "marketing phrases or check words"
            )
        return self


@dataclass(frozen=True, slots=True)
class CheckWords:
    """How marketing copy words a claim: the `[check]` table of its file (all optional).

    `tracker check` reads a sentence's direction from shared cue words ("reduces", "boosts",
    "causes", "no", "without"); these lists say what the claim's own words are.
    """

    treats: tuple[str, ...] = ()
    boosts: tuple[str, ...] = ()
    denies: tuple[str, ...] = ()
    mild: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    opposite_phrases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimDefinition:
    """A validated claim, ready to sync into the database and to search for."""

    id: str
    claim: str
    indication: str
    polarity: Literal["benefit", "safety"]
    pubmed_query: str
    marketing_phrases: tuple[str, ...]
    comparator: str | None
    notes: str | None
    source: Path
    query: Node
    asserts: Asserts = "efficacy"
    topic_terms: tuple[str, ...] = ()
    comparator_terms: tuple[str, ...] = ()
    adjunct_terms: tuple[str, ...] = ()
    harm_terms: tuple[str, ...] = ()
    outcome_terms: tuple[str, ...] = ()
    devices: tuple[Device, ...] = ("procedure",)
    # Not part of the definition hash: how adverts word a claim does not change what it means.
    check: CheckWords = CheckWords()

    @property
    def definition_hash(self) -> str:
        """Changes when what the claim means or searches for changes (not its notes)."""
        canonical = {
            "claim": self.claim,
            "indication": self.indication,
            "polarity": self.polarity,
            "query": to_string(self.query),
            "comparator": self.comparator,
            "asserts": self.asserts,
            "terms": [
                self.topic_terms,
                self.comparator_terms,
                self.adjunct_terms,
                self.harm_terms,
                self.outcome_terms,
                self.devices,
            ],
        }
        return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one claim file."""

    file: Path
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: field '{self.field}'" if self.field else str(self.file)
        return f"{where}: {self.message}"


class ClaimsInvalid(ConfigError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the claim files:\n{lines}")


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _load_file(path: Path) -> tuple[ClaimDefinition | None, list[Problem]]:
    shown = Path(_display_path(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, None, f"cannot read the file: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(shown, None, f"not valid TOML: {exc}")]
    problems = []
    node: Node | None = None
    query_text = data.get("pubmed_query")
    if isinstance(query_text, str):
        try:
            node = parse_query(query_text)
        except QuerySyntaxError as exc:
            problems.append(Problem(shown, "pubmed_query", str(exc)))
    try:
        parsed = _ClaimFile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or None
            message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
            if error["type"] == "missing":
                message = "required but missing"
            problems.append(Problem(shown, field, message))
        return None, problems
    if parsed.id != path.stem:
        problems.append(
            Problem(shown, "id", f"{parsed.id!r} must match the file name {path.stem!r}")
        )
    if node is None:
        return None, problems
    # A misnamed file still yields its claim, so that duplicate ids are reported as well.
    definition = ClaimDefinition(
        id=parsed.id,
        claim=parsed.claim.strip(),
        indication=parsed.indication.strip(),
        polarity=parsed.polarity,
        pubmed_query=" ".join(parsed.pubmed_query.split()),
        marketing_phrases=tuple(phrase.strip() for phrase in parsed.marketing_phrases),
        comparator=parsed.comparator,
        notes=parsed.notes,
        source=shown,
        query=node,
        asserts=parsed.asserts,
        topic_terms=tuple(parsed.topic_terms),
        comparator_terms=tuple(parsed.comparator_terms),
        adjunct_terms=tuple(parsed.adjunct_terms),
        harm_terms=tuple(parsed.harm_terms),
        outcome_terms=tuple(parsed.outcome_terms),
        devices=tuple(parsed.devices),
        check=CheckWords(
            treats=tuple(parsed.check.treats),
            boosts=tuple(parsed.check.boosts),
            denies=tuple(parsed.check.denies),
            mild=tuple(parsed.check.mild),
            phrases=tuple(parsed.check.phrases),
            opposite_phrases=tuple(parsed.check.opposite_phrases),
            ambiguous=tuple(parsed.check.ambiguous),
        ),
    )
    return definition, problems


def validate_claims(folder: Path) -> tuple[list[ClaimDefinition], list[Problem]]:
    """Load every `*.toml` in `folder`; returns the good claims and every problem found."""
    if not folder.is_dir():
        return [], [Problem(Path(_display_path(folder)), None, "claims folder does not exist")]
    files = sorted(folder.glob("*.toml"))
    if not files:
        return [], [Problem(Path(_display_path(folder)), None, "no claim files (*.toml) found")]
    claims: list[ClaimDefinition] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in files:
        claim, file_problems = _load_file(path)
        problems.extend(file_problems)
        if claim is None:
            continue
        if claim.id in seen:
            problems.append(
                Problem(claim.source, "id", f"duplicate id {claim.id!r} (also in {seen[claim.id]})")
            )
            continue
        seen[claim.id] = claim.source
        claims.append(claim)
    return claims, problems


def load_claims(folder: Path) -> list[ClaimDefinition]:
    """Every claim in `folder`, or `ClaimsInvalid` listing every problem."""
    claims, problems = validate_claims(folder)
    if problems:
        raise ClaimsInvalid(problems)
    return claims
