"""The claim checker: which tracked claims a marketing text makes, and how well each is backed.

    text -> sentences (marketing.text) -> claims asserted (marketing.matcher)
         -> rating from the stored grade (marketing.rating) + overclaim flags (marketing.overclaims)

Every finding names its sentence by offsets into the text as given, the claim, whether the
sentence asserts the claim or its opposite, the rating, the certainty, the overclaims and the
key studies. A sentence that makes a health claim no tracked claim covers is a finding with no
claim ("untracked"). Without a database, or before anything is graded, the claims are still
found and every rating says "not graded".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table
from rich.text import Text
from sqlalchemy.engine import make_url

from tracker import db, store
from tracker.claims import ClaimDefinition
from tracker.errors import ConfigError, TrackerError
from tracker.evidence.grade import Certainty, VerdictLabel
from tracker.marketing.matcher import Asserts, ClaimMatcher
from tracker.marketing.overclaims import overclaims, untracked_health_claim
from tracker.marketing.rating import ClaimEvidence, EvidenceMap, Rating, load_evidence
from tracker.marketing.text import Sentence, fold, fold_text, split_sentences

MAX_BYTES = 1_048_576  # 1 MB: a web page or a brochure, not a crawl
NOT_GRADED_NOTE = (
    "The evidence is not yet graded: run `tracker init`, then `tracker import` or "
    "`tracker fetch`, to rate these claims."
)

EvidenceLoader = Callable[[set[str]], EvidenceMap]


@dataclass(frozen=True, slots=True)
class Finding:
    """One claim one sentence makes (or, with `claim` None, an untracked health claim)."""

    sentence: str
    start: int
    end: int
    claim: str | None
    claim_text: str | None
    asserts: Asserts | None
    rating: Rating | None
    certainty: Certainty | None
    verdict: VerdictLabel | None
    overclaims: tuple[str, ...]
    pmids: tuple[int, ...]
    words: tuple[str, ...]  # the words that named the claim, as matched (folded)

    def to_json(self) -> dict[str, object]:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "claim": self.claim,
            "claim_text": self.claim_text,
            "asserts": self.asserts,
            "rating": self.rating,
            "certainty": self.certainty,
            "verdict": self.verdict,
            "overclaims": list(self.overclaims),
            "pmids": list(self.pmids),
            "words": list(self.words),
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    findings: tuple[Finding, ...]
    sentences: int
    graded: bool  # whether any graded evidence was available
    note: str | None = None  # why the evidence is not graded, when it is not

    @property
    def claims(self) -> list[str]:
        """The tracked claims found, in order of first appearance."""
        return list(dict.fromkeys(f.claim for f in self.findings if f.claim is not None))


# --- input ----------------------------------------------------------------------------------


def decode_input(data: bytes, *, name: str) -> str:
    """The text to check, or a ConfigError saying in one line why it cannot be checked."""
    if len(data) > MAX_BYTES:
        raise ConfigError(
            f"{name} is larger than 1 MB ({len(data):,} bytes or more): check a page at a time"
        )
    if b"\x00" in data:
        raise ConfigError(f"{name} looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{name} is not UTF-8 text (byte {exc.start} cannot be decoded); "
            "save it as UTF-8 or plain text"
        ) from None
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r"
    )
    if controls > max(8, len(text) // 20):
        raise ConfigError(f"{name} looks like a binary file, not text")
    if not text.strip():
        raise ConfigError(f"{name} is empty: there is no text to check")
    if not any(char.isalpha() for char in text):
        raise ConfigError(f"{name} has no words to check")
    return text


def read_input(source: str, *, stdin: Callable[[int], bytes]) -> str:
    """The text of a file, or of standard input for "-" (`stdin(n)` reads at most n bytes)."""
    if source == "-":
        return decode_input(stdin(MAX_BYTES + 1), name="standard input")
    path = Path(source)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return decode_input(data, name=source)


# --- evidence -------------------------------------------------------------------------------


@dataclass(slots=True)
class DatabaseEvidence:
    """Graded evidence from a database, or the reason there is none (never an error)."""

    loader: EvidenceLoader | None
    problem: str | None = None
    _cache: dict[str, ClaimEvidence] = field(default_factory=dict)


@contextmanager
def database_evidence(url: str) -> Iterator[DatabaseEvidence]:
    """The stored grades of the database at `url`; a missing or unreadable database gives
    `loader=None` and the reason, so the checker still finds the claims."""
    try:
        parsed = make_url(db.normalise_url(url))
    except (TrackerError, ValueError) as exc:
        yield DatabaseEvidence(None, str(exc))
        return
    if parsed.drivername.startswith("sqlite"):
        database = parsed.database
        # Never create a SQLite file just to find it empty.
        if not database or database == ":memory:" or not Path(database).is_file():
            yield DatabaseEvidence(None, f"no database at {database or 'memory'}")
            return
    engine = db.make_engine(url)
    try:
        try:
            db.check_schema(engine)
        except TrackerError as exc:
            yield DatabaseEvidence(None, str(exc))
            return

        def load(claim_ids: set[str]) -> EvidenceMap:
            with store.session_scope(engine) as session:
                return load_evidence(session=session, claim_ids=claim_ids)

        yield DatabaseEvidence(load)
    finally:
        engine.dispose()


# --- checking --------------------------------------------------------------------------------


def check_text(
    text: str, matcher: ClaimMatcher, evidence: EvidenceLoader | None = None
) -> CheckReport:
    """Every claim each sentence of `text` makes, rated from `evidence` when there is one."""
    folded = fold(text)
    sentences = split_sentences(text, folded)
    views = [fold_text(sentence.text) for sentence in sentences]
    readings = matcher.read(views)
    found = {r.claim_id for sentence in readings for r in sentence}
    graded: EvidenceMap = evidence(found) if evidence is not None and found else {}
    findings: list[Finding] = []
    for sentence, view, sentence_readings in zip(sentences, views, readings, strict=True):
        flags = overclaims(view)
        for reading in sentence_readings:
            claim = matcher.claims[reading.claim_id]
            stored = graded.get(reading.claim_id)
            opposite = reading.asserts == "opposite"
            findings.append(
                Finding(
                    sentence=sentence.text,
                    start=sentence.start,
                    end=sentence.end,
                    claim=claim.id,
                    claim_text=claim.claim,
                    asserts=reading.asserts,
                    rating=stored.rating(opposite=opposite) if stored else "not graded",
                    certainty=stored.certainty if stored else None,
                    verdict=stored.verdict_label if stored else None,
                    overclaims=flags,
                    pmids=stored.pmids if stored else (),
                    words=reading.words,
                )
            )
        # A question asserts nothing; a promise ("permanent results") is a claim of its own.
        covered = [span for reading in sentence_readings for span in reading.spans]
        if not view.rstrip().endswith("?") and (
            untracked_health_claim(view, covered) or (flags and not sentence_readings)
        ):
            findings.append(_untracked(sentence, flags))
    return CheckReport(tuple(findings), len(sentences), graded=bool(graded))


def _untracked(sentence: Sentence, flags: tuple[str, ...]) -> Finding:
    return Finding(
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        claim=None,
        claim_text=None,
        asserts=None,
        rating=None,
        certainty=None,
        verdict=None,
        overclaims=flags,
        pmids=(),
        words=(),
    )


def check(
    text: str,
    claims: Sequence[ClaimDefinition],
    *,
    database_url: str | None = None,
    matcher: ClaimMatcher | None = None,
) -> CheckReport:
    """`check_text` with the grades of the database at `database_url` (if it can be read)."""
    matcher = matcher or ClaimMatcher(claims)
    if database_url is None:
        report = check_text(text, matcher)
        return _with_note(report, "no database given")
    with database_evidence(database_url) as source:
        report = check_text(text, matcher, source.loader)
        return _with_note(report, source.problem)


def _with_note(report: CheckReport, problem: str | None) -> CheckReport:
    if report.graded or not report.claims:
        return report
    note = NOT_GRADED_NOTE + (f" ({problem})" if problem else "")
    return CheckReport(report.findings, report.sentences, graded=False, note=note)


# --- output ----------------------------------------------------------------------------------

_RATING_STYLE = {
    "supported": "green",
    "weakly supported": "yellow",
    "not established": "bright_black",
    "contradicted": "red",
    "not graded": "bright_black",
}


def as_table(report: CheckReport) -> Table:
    """The findings as a Rich table; every piece of the user's text is shown literally."""
    table = Table(
        title=f"{len(report.claims)} tracked claim(s) in {report.sentences} sentence(s)",
        show_lines=True,
        expand=True,
    )
    table.add_column("sentence [start:end]", ratio=1, min_width=24, overflow="fold")
    for column in ("claim", "asserts", "rating", "overclaims", "PMIDs"):
        table.add_column(column, no_wrap=True)
    for finding in report.findings:
        rating = finding.rating or "untracked"
        certainty = (
            f"\n({finding.certainty.replace('_', ' ')} certainty,\nverdict {finding.verdict})"
            if finding.certainty
            else ""
        )
        table.add_row(
            Text(f"{finding.sentence} [{finding.start}:{finding.end}]"),
            Text(finding.claim or "-"),
            Text(finding.asserts or "-"),
            Text(rating + certainty, style=_RATING_STYLE.get(rating, "")),
            Text("\n".join(finding.overclaims) or "-"),
            Text("\n".join(str(p) for p in finding.pmids) or "-"),
        )
    return table


def summary_lines(report: CheckReport) -> Iterable[str]:
    """What to say under the table: nothing found, or why nothing is rated."""
    if not report.findings:
        yield "No health claims found."
    elif not report.claims:
        yield "No tracked claims found; the health claims above are not tracked."
    if report.note:
        yield report.note
