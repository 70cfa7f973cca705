"""The evidence digest of a run: what changed in the evidence state of each claim.

Built after every import and fetch from what the run stored:

- new evidence: links the run added to a meta-analysis, systematic review or RCT (the design
  as graded, curator's corrections applied; excluded studies left out);
- a grade change: the run's `claim_change` rows where the certainty, the verdict label or the
  best design moved, or a claim graded for the first time with evidence to grade (a verdict
  whose wording alone changed, one more study counted, is not news);
- a direction shift: the way the design-weighted literature leans (favourable against
  unfavourable, rulebook 6) differs from the lean the previous digest recorded;
- a retraction or an expression of concern on a study the grade used: a linked record,
  counted by the grade, that now carries the notice and did not at the previous digest.

Each digest records the state later digests compare with (every claim's lean and the flagged
links), whatever claims it reports. With a watch list, only the watched claims are reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session

from tracker import store
from tracker.evidence.grade import ClaimProfile
from tracker.evidence.labels import DESIGN_LABELS, Design
from tracker.store import digests

NOTABLE_DESIGNS: frozenset[Design] = frozenset({"meta_analysis", "systematic_review", "rct"})
Lean = Literal["supports", "against", "balanced", "none"]
Flag = Literal["retracted", "expression_of_concern"]
STATE_KEY = "digest_state"
_FLAG_WORDS: dict[Flag, str] = {
    "retracted": "retraction",
    "expression_of_concern": "expression of concern",
}


@dataclass(frozen=True, slots=True)
class NewStudy:
    pmid: int
    design: Design
    title: str


@dataclass(frozen=True, slots=True)
class GradeMove:
    certainty_before: str | None  # None: graded for the first time
    certainty_after: str
    verdict_label_before: str | None
    verdict_label_after: str
    verdict_after: str


@dataclass(frozen=True, slots=True)
class FlaggedStudy:
    pmid: int
    flag: Flag
    title: str


@dataclass(frozen=True, slots=True)
class ClaimDigest:
    """What changed for one claim in one run."""

    claim_id: str
    claim_text: str
    new_studies: tuple[NewStudy, ...] = ()
    new_pmids: tuple[int, ...] = ()  # every record the run linked to the claim
    grade: GradeMove | None = None
    lean_before: Lean | None = None  # set only when the lean shifted
    lean_after: Lean | None = None
    flags: tuple[FlaggedStudy, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.new_studies or self.grade or self.lean_after or self.flags)

    def to_json(self) -> dict[str, object]:
        grade = self.grade
        return {
            "claim": self.claim_id,
            "text": self.claim_text,
            "new_studies": [
                {"pmid": s.pmid, "design": s.design, "title": s.title} for s in self.new_studies
            ],
            "new_pmids": list(self.new_pmids),
            "grade": None
            if grade is None
            else {
                "certainty_before": grade.certainty_before,
                "certainty_after": grade.certainty_after,
                "verdict_label_before": grade.verdict_label_before,
                "verdict_label_after": grade.verdict_label_after,
                "verdict": grade.verdict_after,
            },
            "direction": None
            if self.lean_after is None
            else {"before": self.lean_before, "after": self.lean_after},
            "flags": [{"pmid": f.pmid, "flag": f.flag, "title": f.title} for f in self.flags],
        }

    def lines(self) -> list[str]:
        """One line per change, for people."""
        said = []
        for study in self.new_studies:
            said.append(f"new {DESIGN_LABELS[study.design].lower()}: PMID {study.pmid}")
        grade = self.grade
        if grade is not None and grade.certainty_before is None:
            said.append(
                f"first graded: {grade.verdict_label_after}, "
                f"{grade.certainty_after.replace('_', ' ')} certainty"
            )
        elif grade is not None:
            said.append(
                f"grade: {grade.verdict_label_before}, "
                f"{(grade.certainty_before or '').replace('_', ' ')} certainty -> "
                f"{grade.verdict_label_after}, "
                f"{grade.certainty_after.replace('_', ' ')} certainty"
            )
        if self.lean_after is not None:
            said.append(f"direction of the evidence: {self.lean_before} -> {self.lean_after}")
        for flagged in self.flags:
            said.append(f"{_FLAG_WORDS[flagged.flag]} on PMID {flagged.pmid}, used in the grade")
        return said


@dataclass(frozen=True, slots=True)
class Digest:
    """A run's digest; `delivery` says what became of the webhook (None: not configured)."""

    run_id: int
    trigger: str
    status: str
    claims: tuple[ClaimDigest, ...]
    watched: tuple[str, ...] | None
    state: Mapping[str, Any] = field(default_factory=dict)
    delivery: Mapping[str, Any] | None = None

    @property
    def new_pmids(self) -> list[int]:
        """The new meta-analyses, systematic reviews and RCTs, over the claims reported."""
        return sorted({s.pmid for c in self.claims for s in c.new_studies})

    def to_json(self) -> dict[str, object]:
        """The webhook's JSON body, and what the run stores."""
        return {
            "event": "evidence_digest",
            "run": {"id": self.run_id, "trigger": self.trigger, "status": self.status},
            "claims": [claim.to_json() for claim in self.claims],
            "new_pmids": self.new_pmids,
            "watched": None if self.watched is None else list(self.watched),
        }

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], *, delivery: Mapping[str, Any] | None = None
    ) -> Digest:
        """A digest as a run stored it (`to_json`), to show it again."""
        run = data.get("run") or {}
        return cls(
            run_id=int(run.get("id", 0)),
            trigger=str(run.get("trigger", "")),
            status=str(run.get("status", "")),
            claims=tuple(_claim_from_json(entry) for entry in data.get("claims") or ()),
            watched=None if data.get("watched") is None else tuple(data["watched"]),
            delivery=delivery,
        )

    def lines(self) -> list[str]:
        """The digest for people: a heading, then each changed claim and its changes."""
        scope = f" (watched claims: {', '.join(self.watched)})" if self.watched else ""
        if not self.claims:
            return [f"Evidence changes in run {self.run_id}{scope}: none."]
        lines = [f"Evidence changes in run {self.run_id}{scope}:"]
        for claim in self.claims:
            lines.append(f"  {claim.claim_id}: " + "; ".join(claim.lines()))
        return lines


def _claim_from_json(entry: Mapping[str, Any]) -> ClaimDigest:
    grade = entry.get("grade")
    direction = entry.get("direction")
    return ClaimDigest(
        claim_id=str(entry.get("claim", "")),
        claim_text=str(entry.get("text", "")),
        new_studies=tuple(
            NewStudy(int(s["pmid"]), s["design"], str(s.get("title", "")))
            for s in entry.get("new_studies") or ()
        ),
        new_pmids=tuple(int(p) for p in entry.get("new_pmids") or ()),
        grade=None
        if not grade
        else GradeMove(
            certainty_before=grade.get("certainty_before"),
            certainty_after=str(grade.get("certainty_after")),
            verdict_label_before=grade.get("verdict_label_before"),
            verdict_label_after=str(grade.get("verdict_label_after")),
            verdict_after=str(grade.get("verdict")),
        ),
        lean_before=direction.get("before") if direction else None,
        lean_after=direction.get("after") if direction else None,
        flags=tuple(
            FlaggedStudy(int(f["pmid"]), f["flag"], str(f.get("title", "")))
            for f in entry.get("flags") or ()
        ),
    )


def lean(profile: ClaimProfile) -> Lean:
    """Which way the included literature leans, design-weighted (rulebook 6)."""
    consensus = profile.consensus
    if consensus.total_weight <= 0 or (consensus.supports == consensus.against == 0):
        return "none"
    if consensus.supports > consensus.against:
        return "supports"
    if consensus.against > consensus.supports:
        return "against"
    return "balanced"


def build_digest(*, session: Session, run_id: int, watch: Iterable[str] | None = None) -> Digest:
    """The digest of run `run_id`, from what it stored; see the module docstring."""
    run = digests.get_run(session=session, run_id=run_id)
    if run is None:
        raise ValueError(f"no run {run_id}")
    claims = {claim.id: claim for claim in store.list_claims(session=session)}
    leans: dict[str, Lean] = {}
    for row in store.summaries(session=session):
        try:
            leans[row.claim_id] = lean(ClaimProfile.from_json(row.profile or {}))
        except ValueError:
            continue  # a malformed stored profile has no lean; the digest goes on without it
    previous = digests.previous_state(session=session, run_id=run_id, key=STATE_KEY)
    before_leans: Mapping[str, Any] = (previous or {}).get("leans", {})

    new_by_claim: dict[str, list[NewStudy]] = {}
    pmids_by_claim: dict[str, list[int]] = {}
    for link in digests.new_links(session=session, run_id=run_id):
        pmids_by_claim.setdefault(link.claim_id, []).append(link.pmid)
        if link.included and link.design in NOTABLE_DESIGNS:
            new_by_claim.setdefault(link.claim_id, []).append(
                NewStudy(link.pmid, link.design, link.title)
            )
    grades = _grade_moves(digests.run_changes(session=session, run_id=run_id))
    flagged_now, new_flags = _flags(session, run_id, previous)

    reported: list[ClaimDigest] = []
    wanted = None if watch is None else set(watch)
    for claim_id in sorted(claims):
        if wanted is not None and claim_id not in wanted:
            continue
        before, after = before_leans.get(claim_id), leans.get(claim_id)
        shifted = before is not None and after is not None and "none" not in (before, after)
        entry = ClaimDigest(
            claim_id=claim_id,
            claim_text=claims[claim_id].text,
            new_studies=tuple(new_by_claim.get(claim_id, ())),
            new_pmids=tuple(sorted(pmids_by_claim.get(claim_id, ()))),
            grade=grades.get(claim_id),
            lean_before=before if shifted and before != after else None,
            lean_after=after if shifted and before != after else None,
            flags=tuple(new_flags.get(claim_id, ())),
        )
        if entry.changed:
            reported.append(entry)
    state = {"leans": leans, "flagged": sorted(flagged_now)}
    return Digest(
        run_id=run_id,
        trigger=run.trigger,
        status=run.status,
        claims=tuple(reported),
        watched=None if wanted is None else tuple(sorted(wanted)),
        state=state,
    )


def _grade_moves(changes: Sequence[Any]) -> dict[str, GradeMove]:
    """The claims whose certainty, verdict label or best design moved (the last change)."""
    moves: dict[str, GradeMove] = {}
    for change in changes:
        before, after = dict(change.before or {}), dict(change.after or {})
        first = not before
        if first and after.get("certainty") == "insufficient":
            continue  # graded for the first time, with nothing to grade: not news
        moved = first or any(
            before.get(key) != after.get(key)
            for key in ("certainty", "verdict_label", "best_design")
        )
        if moved:
            moves[change.claim_id] = GradeMove(
                certainty_before=before.get("certainty"),
                certainty_after=str(after.get("certainty")),
                verdict_label_before=before.get("verdict_label"),
                verdict_label_after=str(after.get("verdict_label")),
                verdict_after=str(after.get("verdict")),
            )
    return moves


def _flags(
    session: Session, run_id: int, previous: Mapping[str, Any] | None
) -> tuple[set[str], dict[str, list[FlaggedStudy]]]:
    """The flagged links now (as "claim:pmid:flag" keys) and those that are news: counted by
    the grade, linked before this run, and not flagged at the previous digest (with no
    previous digest, revised by this run)."""
    known = set((previous or {}).get("flagged", ()))
    now: set[str] = set()
    news: dict[str, list[FlaggedStudy]] = {}
    for link in digests.flagged_links(session=session, run_id=run_id):
        kinds: list[Flag] = []
        if link.retracted:
            kinds.append("retracted")
        if link.expression_of_concern:
            kinds.append("expression_of_concern")
        for kind in kinds:
            key = f"{link.claim_id}:{link.pmid}:{kind}"
            now.add(key)
            fresh = key not in known if previous is not None else link.revised_in_run
            if fresh and link.counted and not link.new_in_run:
                news.setdefault(link.claim_id, []).append(FlaggedStudy(link.pmid, kind, link.title))
    return now, news
