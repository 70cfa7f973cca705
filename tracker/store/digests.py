"""Queries behind a run's evidence digest: its new links, its grade changes, the studies that
carry a retraction or an expression of concern, and the state recorded by the runs before."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from tracker.evidence.grade import effective
from tracker.evidence.labels import Design
from tracker.models import Article, ClaimArticle, ClaimChange, FetchRun, FetchRunClaim, utcnow
from tracker.store.evidence import study_evidence

_CHUNK = 500  # PMIDs per IN (...) list
# How far back to look for the state the last digest recorded (runs without one are skipped).
_STATE_LOOKBACK = 100


@dataclass(frozen=True, slots=True)
class LinkedStudy:
    """A claim link as the grader sees it now."""

    claim_id: str
    pmid: int
    title: str
    design: Design
    included: bool
    retracted: bool
    expression_of_concern: bool
    new_in_run: bool  # the link was made by the run asked about
    revised_in_run: bool  # the record was stored or revised by that run
    counted: bool  # the grade counts it unless retracted: not deleted, not excluded


def new_links(*, session: Session, run_id: int) -> list[LinkedStudy]:
    """The links a run added, with their effective design and inclusion."""
    wanted = {
        (row.claim_id, pmid)
        for row in session.exec(select(FetchRunClaim).where(col(FetchRunClaim.run_id) == run_id))
        for pmid in row.new_pmids or ()
    }
    return [
        study
        for study in _linked(session, {pmid for _, pmid in wanted}, run_id)
        if (study.claim_id, study.pmid) in wanted
    ]


def flagged_links(*, session: Session, run_id: int) -> list[LinkedStudy]:
    """Every link to a record that is retracted or carries an expression of concern."""
    pmids = session.exec(
        select(Article.pmid).where(
            col(Article.retracted).is_(True) | col(Article.expression_of_concern).is_(True)
        )
    ).all()
    return _linked(session, set(pmids), run_id)


def _linked(session: Session, pmids: set[int], run_id: int) -> list[LinkedStudy]:
    found: list[LinkedStudy] = []
    ordered = sorted(pmids)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        rows = session.exec(
            select(ClaimArticle, Article)
            .join(Article, col(Article.pmid) == col(ClaimArticle.pmid))
            .where(col(ClaimArticle.pmid).in_(chunk))
        ).all()
        for link, article in rows:
            evidence = study_evidence(link, article)
            graded = effective(evidence)
            # Would the grade count it, were it not retracted: the study the grade used.
            unretracted = effective(dataclasses.replace(evidence, retracted=False))
            found.append(
                LinkedStudy(
                    claim_id=link.claim_id,
                    pmid=article.pmid,
                    title=article.title,
                    design=graded.design,
                    included=graded.included,
                    retracted=article.retracted,
                    expression_of_concern=article.expression_of_concern,
                    new_in_run=link.first_seen_run == run_id,
                    revised_in_run=article.updated_run == run_id,
                    counted=unretracted.included,
                )
            )
    return sorted(found, key=lambda s: (s.claim_id, s.pmid))


def run_changes(*, session: Session, run_id: int) -> list[ClaimChange]:
    """The grade changes (`claim_change`) a run recorded, by claim."""
    return list(
        session.exec(
            select(ClaimChange)
            .where(col(ClaimChange.run_id) == run_id)
            .order_by(col(ClaimChange.claim_id), col(ClaimChange.id))
        ).all()
    )


def get_run(*, session: Session, run_id: int) -> FetchRun | None:
    return session.get(FetchRun, run_id, populate_existing=True)


def previous_state(*, session: Session, run_id: int, key: str) -> Mapping[str, Any] | None:
    """`counts[key]` of the newest earlier run that recorded it, or None."""
    runs = session.exec(
        select(FetchRun)
        .where(col(FetchRun.id) < run_id)
        .order_by(col(FetchRun.id).desc())
        .limit(_STATE_LOOKBACK)
    ).all()
    for run in runs:
        value = (run.counts or {}).get(key)
        if isinstance(value, Mapping):
            return value
    return None


def add_run_counts(
    *, session: Session, run_id: int, values: Mapping[str, Any], problem: str | None = None
) -> None:
    """Merge `values` into a finished run's counts (the digest and its delivery); `problem`
    is added as a line of the run's error text (the run's status is left alone)."""
    run = session.get(FetchRun, run_id, populate_existing=True)
    if run is None:
        raise ValueError(f"no run {run_id}")
    # A new dict: SQLAlchemy only notices a JSON column change when the value is replaced.
    run.counts = dict(run.counts or {}) | dict(values)
    if problem:
        run.error = f"{run.error}\n{problem}" if run.error else problem
    if run.finished is not None:
        # The run ends when its digest is out; moving the finish time also moves the
        # dashboard's data stamp, so no cached page keeps showing the run without it.
        run.finished = utcnow()
    session.add(run)
    session.flush()
