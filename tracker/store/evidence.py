"""Queries on assessments (`claim_article`), graded summaries and their changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import update
from sqlmodel import Session, col, select

from tracker.evidence.grade import ClaimProfile, ProfileChange, StudyEvidence
from tracker.evidence.labels import Design, Direction, Indirectness, RiskOfBias, StatedCertainty
from tracker.models import Article, ClaimArticle, ClaimChange, ClaimSummary, utcnow


@dataclass(frozen=True, slots=True)
class AutomaticAssessment:
    """What the classifiers said about one record for one claim."""

    claim_id: str
    pmid: int
    design: str
    design_source: str
    rct_within_person: bool
    n_participants: int | None
    n_unit: str | None
    direction: str
    human: bool
    relevant: bool
    detail: dict[str, Any]  # the full assessment with its deciding sentences
    rob_overall: str | None = None
    rob_key_concern: bool = False
    stated_certainty: str | None = None
    indirect: str | None = None


def save_assessments(*, session: Session, assessments: Sequence[AutomaticAssessment]) -> None:
    """Rewrite the automatic columns of the links; the curator's columns are never touched."""
    if not assessments:
        return
    now = utcnow()
    session.execute(
        update(ClaimArticle),
        [
            {
                "claim_id": a.claim_id,
                "pmid": a.pmid,
                "design": a.design,
                "design_source": a.design_source,
                "rct_within_person": a.rct_within_person,
                "n_participants": a.n_participants,
                "n_unit": a.n_unit,
                "direction": a.direction,
                "human": a.human,
                "relevant": a.relevant,
                "assessment": a.detail,
                "rob_overall": a.rob_overall,
                "rob_key_concern": a.rob_key_concern,
                "stated_certainty": a.stated_certainty,
                "indirect": a.indirect,
                "assessed_at": now,
            }
            for a in assessments
        ],
    )


def studies_for_claim(*, session: Session, claim_id: str) -> list[StudyEvidence]:
    """The grader's input for one claim: every linked record, assessment and overrides."""
    rows = session.exec(
        select(ClaimArticle, Article)
        .join(Article, col(Article.pmid) == col(ClaimArticle.pmid))
        .where(col(ClaimArticle.claim_id) == claim_id)
        .order_by(col(ClaimArticle.pmid))
    ).all()
    return [study_evidence(link, article) for link, article in rows]


def study_evidence(link: ClaimArticle, article: Article) -> StudyEvidence:
    """The grader's input for one stored link: assessment, GRADE inputs and overrides."""
    detail = link.assessment or {}
    stated = detail.get("stated_certainty") if isinstance(detail, dict) else None
    return StudyEvidence(
        pmid=article.pmid,
        title=article.title,
        year=article.pub_year,
        design=cast(Design, link.design or "other"),
        n_participants=link.n_participants,
        direction=cast(Direction, link.direction or "unclear"),
        human=link.human,
        relevant=link.relevant,
        rct_within_person=link.rct_within_person,
        retracted=article.retracted,
        expression_of_concern=article.expression_of_concern,
        deleted=article.deleted,
        rob_overall=cast(RiskOfBias | None, link.rob_overall),
        rob_key_concern=link.rob_key_concern,
        stated_certainty=cast(StatedCertainty | None, link.stated_certainty),
        stated_certainty_evidence=stated.get("evidence") if isinstance(stated, dict) else None,
        indirect=cast(Indirectness | None, link.indirect),
        curator_included=link.cur_included,
        curator_design=cast(Design | None, link.cur_design),
        curator_direction=cast(Direction | None, link.cur_direction),
        curator_n=link.cur_n,
        curator_rob=cast(RiskOfBias | None, link.cur_rob),
        curator_note=link.cur_note,
    )


def get_summary(*, session: Session, claim_id: str) -> ClaimSummary | None:
    return session.get(ClaimSummary, claim_id)


def summaries(*, session: Session, claim_ids: Iterable[str] | None = None) -> list[ClaimSummary]:
    statement = select(ClaimSummary).order_by(col(ClaimSummary.claim_id))
    if claim_ids is not None:
        statement = statement.where(col(ClaimSummary.claim_id).in_(sorted(set(claim_ids))))
    return list(session.exec(statement).all())


def save_summary(*, session: Session, profile: ClaimProfile, run_id: int | None) -> None:
    row = session.get(ClaimSummary, profile.claim_id)
    if row is None:
        row = ClaimSummary(claim_id=profile.claim_id, certainty="", verdict="")
    row.certainty = profile.certainty
    row.verdict = profile.verdict
    row.best_design = profile.best_design
    row.profile = profile.to_json()
    row.computed_at = utcnow()
    row.run_id = run_id
    session.add(row)


def add_change(*, session: Session, change: ProfileChange, run_id: int | None) -> ClaimChange:
    data = change.to_json()
    row = ClaimChange(
        claim_id=change.claim_id,
        run_id=run_id,
        before=cast(dict[str, Any], data["before"]),
        after=cast(dict[str, Any], data["after"]),
        reasons=cast(list[dict[str, Any]], data["reasons"]),
    )
    session.add(row)
    return row


@dataclass(frozen=True, slots=True)
class CuratedLabel:
    """A hand label shipped with data (the offline snapshot), stored as a curator's.

    `included` is the labeller's word that the study belongs to the claim: True for labels
    read from the study, so the grader keeps it whatever the relevance reader made of it.
    """

    claim_id: str
    pmid: int
    design: str | None
    direction: str | None
    n_participants: int | None
    by: str
    note: str
    included: bool | None = None


def apply_curated_labels(*, session: Session, labels: Sequence[CuratedLabel]) -> int:
    """Write hand labels into the curator columns of links no person has curated.

    A link still carrying the same labeller's earlier labels is refreshed (loading the
    labels again upgrades them); a link a curator has touched is left as the curator left it.
    """
    applied = 0
    now = utcnow()
    for label in labels:
        result = session.execute(
            update(ClaimArticle)
            .where(
                col(ClaimArticle.claim_id) == label.claim_id,
                col(ClaimArticle.pmid) == label.pmid,
                col(ClaimArticle.cur_at).is_(None) | (col(ClaimArticle.cur_by) == label.by),
            )
            .values(
                cur_included=label.included,
                cur_design=label.design,
                cur_direction=label.direction,
                cur_n=label.n_participants,
                cur_note=label.note,
                cur_by=label.by,
                cur_at=now,
            )
        )
        applied += result.rowcount  # type: ignore[attr-defined]
    return applied
