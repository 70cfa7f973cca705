"""Read models for the dashboard and the exports: every query they need, returned as dataclasses.

Nothing here writes. The graded profile comes from `claim_summary` (the grader runs after every
ingest and curation), so these functions only read and reshape; the one computation is the
cumulative timeline, which re-grades a claim's studies year by year in memory.

Where a query needs a study's *effective* values (curator overrides applied, non-human studies
relabelled, exclusions decided) it uses the SQL expressions below, which follow
`tracker.evidence.grade.effective` rule for rule; `tests/test_store_views.py` checks that the
two agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    and_,
    case,
    column,
    exists,
    func,
    literal,
    literal_column,
    table,
    true,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tracker.evidence.grade import (
    PRIMARY_DESIGNS,
    RATED_DESIGNS,
    Certainty,
    ClaimProfile,
    EffectiveStudy,
    StudyEvidence,
    VerdictLabel,
    effective,
    grade_claim,
)
from tracker.evidence.labels import DESIGNS, DIRECTIONS, Design, Direction, Polarity
from tracker.models import (
    Article,
    Claim,
    ClaimArticle,
    ClaimChange,
    ClaimSummary,
    CurationAudit,
    FetchLease,
    FetchRun,
    FetchRunClaim,
)
from tracker.redaction import redact_optional
from tracker.store.evidence import study_evidence

PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def pubmed_url(pmid: int) -> str:
    return PUBMED_URL.format(pmid=pmid)


def as_design(value: str | None) -> Design:
    """A stored design label; anything unknown (or not yet assessed) reads as "other"."""
    return value if value in DESIGNS else "other"


def as_direction(value: str | None) -> Direction:
    return value if value in DIRECTIONS else "unclear"


# --- effective values in SQL (mirror of grade.effective) --------------------------------


def _effective_design() -> ColumnElement[str]:
    automatic = case(
        (
            and_(
                col(ClaimArticle.human).is_(False),
                col(ClaimArticle.design).in_(sorted(RATED_DESIGNS)),
            ),
            literal("animal_or_in_vitro"),
        ),
        else_=func.coalesce(col(ClaimArticle.design), literal("other")),
    )
    return func.coalesce(col(ClaimArticle.cur_design), automatic)


def _effective_direction() -> ColumnElement[str]:
    return func.coalesce(
        col(ClaimArticle.cur_direction), col(ClaimArticle.direction), literal("unclear")
    )


def _effective_n() -> ColumnElement[int]:
    return func.coalesce(col(ClaimArticle.cur_n), col(ClaimArticle.n_participants))


def _is_included() -> ColumnElement[bool]:
    # Deleted and retracted records are out whatever the curator says (grade rulebook 1).
    return and_(
        col(Article.deleted).is_(False),
        col(Article.retracted).is_(False),
        func.coalesce(col(ClaimArticle.cur_included), col(ClaimArticle.relevant)).is_(True),
    )


# --- freshness and emptiness ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DataStamp:
    """Changes whenever anything the dashboard shows may have changed: a cache key.

    A run that starts or finishes, a regrade, a curation, or a claims sync (`tracker init`,
    which stamps every claim) each move one of these.
    """

    last_run_id: int | None
    last_run_finished: dt.datetime | None
    last_audit_id: int | None
    last_graded: dt.datetime | None
    last_claim_sync: dt.datetime | None

    def key(self) -> str:
        return "|".join(str(getattr(self, name)) for name in self.__dataclass_fields__)


def data_stamp(*, session: Session) -> DataStamp:
    """Cheap aggregates; the dashboard asks on every rerun and caches everything else."""
    run_id, finished = session.execute(
        sa_select(func.max(col(FetchRun.id)), func.max(col(FetchRun.finished)))
    ).one()
    audit_id = session.execute(sa_select(func.max(col(CurationAudit.id)))).scalar_one()
    graded = session.execute(sa_select(func.max(col(ClaimSummary.computed_at)))).scalar_one()
    synced = session.execute(sa_select(func.max(col(Claim.synced_at)))).scalar_one()
    return DataStamp(run_id, finished, audit_id, graded, synced)


@dataclass(frozen=True, slots=True)
class DatabaseContents:
    """How much is stored: enough to tell an empty database from a sample from live data."""

    claims: int
    articles: int
    links: int
    graded: int
    runs: int
    fetch_runs: int  # fetch runs that stored PubMed's answer for at least one claim
    snapshot_runs: int

    @property
    def sample_only(self) -> bool:
        """The bundled offline snapshot is all there is: no fetch from PubMed succeeded."""
        return self.snapshot_runs > 0 and self.fetch_runs == 0


def database_contents(*, session: Session) -> DatabaseContents:
    def count(statement: Any) -> int:
        return int(session.execute(statement).scalar_one())

    def runs_with(trigger: str, *statuses: str) -> int:
        statement = sa_select(func.count()).select_from(FetchRun)
        statement = statement.where(col(FetchRun.trigger) == trigger)
        if statuses:
            statement = statement.where(col(FetchRun.status).in_(statuses))
        return count(statement)

    return DatabaseContents(
        claims=count(
            sa_select(func.count()).select_from(Claim).where(col(Claim.retired).is_(False))
        ),
        articles=count(
            sa_select(func.count()).select_from(Article).where(col(Article.deleted).is_(False))
        ),
        links=count(sa_select(func.count()).select_from(ClaimArticle)),
        graded=count(sa_select(func.count()).select_from(ClaimSummary)),
        runs=count(sa_select(func.count()).select_from(FetchRun)),
        # A failed or unfinished fetch stored nothing live; a partial one stored some claims.
        fetch_runs=runs_with("fetch", "done", "partial"),
        snapshot_runs=runs_with("snapshot"),
    )


# --- claims and their graded profiles ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunTouch:
    """The latest run that recorded anything for a claim."""

    run_id: int
    trigger: str
    status: str
    started: dt.datetime
    finished: dt.datetime | None
    new_pmids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ClaimCard:
    """A claim with its stored profile (None until graded) and where its data came from."""

    claim_id: str
    text: str
    indication: str
    polarity: Polarity
    query: str
    comparator: str | None
    notes: str | None
    marketing_phrases: tuple[str, ...]
    retired: bool
    linked: int  # every linked record, included or not
    profile: ClaimProfile | None
    profile_problem: str | None  # why a stored profile could not be read
    graded_at: dt.datetime | None
    latest_run: RunTouch | None


def _read_profile(summary: ClaimSummary | None) -> tuple[ClaimProfile | None, str | None]:
    if summary is None or not summary.profile:
        return None, None
    try:
        return ClaimProfile.from_json(summary.profile), None
    except ValueError as exc:
        return None, f"the stored grade could not be read ({exc}); run `tracker grade`"


def _latest_runs(session: Session, claim_ids: Sequence[str]) -> dict[str, RunTouch]:
    latest = (
        sa_select(
            col(FetchRunClaim.claim_id).label("claim_id"),
            func.max(col(FetchRunClaim.run_id)).label("run_id"),
        )
        .where(col(FetchRunClaim.claim_id).in_(claim_ids))
        .group_by(col(FetchRunClaim.claim_id))
        .subquery()
    )
    rows = session.execute(
        sa_select(FetchRunClaim, FetchRun)
        .join(
            latest,
            and_(
                col(FetchRunClaim.claim_id) == latest.c.claim_id,
                col(FetchRunClaim.run_id) == latest.c.run_id,
            ),
        )
        .join(FetchRun, col(FetchRun.id) == col(FetchRunClaim.run_id))
    ).all()
    touches: dict[str, RunTouch] = {}
    for run_claim, run in rows:
        assert run.id is not None
        touches[run_claim.claim_id] = RunTouch(
            run_id=run.id,
            trigger=run.trigger,
            status=run.status,
            started=run.started,
            finished=run.finished,
            new_pmids=tuple(run_claim.new_pmids or ()),
        )
    return touches


def claim_cards(
    *, session: Session, claim_ids: Sequence[str] | None = None, include_retired: bool = False
) -> list[ClaimCard]:
    """Every claim (or the given ones) with its profile, link count and latest run."""
    statement = (
        select(Claim, ClaimSummary)
        .outerjoin(ClaimSummary, col(ClaimSummary.claim_id) == col(Claim.id))
        .order_by(col(Claim.id))
    )
    if claim_ids is not None:
        statement = statement.where(col(Claim.id).in_(list(claim_ids)))
    if not include_retired:
        statement = statement.where(col(Claim.retired).is_(False))
    rows = session.exec(statement).all()
    ids = [claim.id for claim, _ in rows]
    linked = dict(
        session.execute(
            sa_select(col(ClaimArticle.claim_id), func.count())
            .where(col(ClaimArticle.claim_id).in_(ids))
            .group_by(col(ClaimArticle.claim_id))
        ).all()
    )
    runs = _latest_runs(session, ids)
    cards = []
    for claim, summary in rows:
        profile, problem = _read_profile(summary)
        cards.append(
            ClaimCard(
                claim_id=claim.id,
                text=claim.text,
                indication=claim.indication,
                polarity=cast(Polarity, claim.polarity),
                query=claim.query,
                comparator=claim.comparator,
                notes=claim.notes,
                marketing_phrases=tuple(claim.marketing_phrases or ()),
                retired=claim.retired,
                linked=int(linked.get(claim.id, 0)),
                profile=profile,
                profile_problem=problem,
                graded_at=summary.computed_at if summary is not None else None,
                latest_run=runs.get(claim.id),
            )
        )
    return cards


def claim_card(*, session: Session, claim_id: str) -> ClaimCard | None:
    cards = claim_cards(session=session, claim_ids=[claim_id], include_retired=True)
    return cards[0] if cards else None


# --- the evidence map -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceCell:
    """Included studies of one claim with one design and one direction."""

    claim_id: str
    design: Design
    direction: Direction
    studies: int
    participants: int  # known counts only


def evidence_cells(*, session: Session) -> list[EvidenceCell]:
    """Included studies per claim, design and direction, with effective values (one query)."""
    design = _effective_design().label("design")
    direction = _effective_direction().label("direction")
    rows = session.execute(
        sa_select(
            col(ClaimArticle.claim_id),
            design,
            direction,
            func.count(),
            func.coalesce(func.sum(_effective_n()), 0),
        )
        .join(Article, col(Article.pmid) == col(ClaimArticle.pmid))
        .join(Claim, col(Claim.id) == col(ClaimArticle.claim_id))
        .where(_is_included(), col(Claim.retired).is_(False))
        .group_by(col(ClaimArticle.claim_id), design, direction)
    ).all()
    return [
        EvidenceCell(claim_id, as_design(d), as_direction(r), int(n), int(people))
        for claim_id, d, r, n, people in rows
    ]


@dataclass(frozen=True, slots=True)
class MapBubble:
    """One bubble of the evidence map: a claim's included studies of one design."""

    claim_id: str
    design: Design
    studies: int
    participants: int
    direction: Direction  # the most common one; "mixed" when two directions tie


def evidence_map(cells: Iterable[EvidenceCell]) -> list[MapBubble]:
    grouped: dict[tuple[str, Design], list[EvidenceCell]] = defaultdict(list)
    for cell in cells:
        grouped[(cell.claim_id, cell.design)].append(cell)
    bubbles = []
    for (claim_id, design), group in sorted(grouped.items()):
        by_direction = Counter[Direction]()
        for cell in group:
            by_direction[cell.direction] += cell.studies
        ranked = by_direction.most_common()
        top: Direction = ranked[0][0]
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            top = "mixed"
        bubbles.append(
            MapBubble(
                claim_id=claim_id,
                design=design,
                studies=sum(c.studies for c in group),
                participants=sum(c.participants for c in group),
                direction=top,
            )
        )
    return bubbles


# --- the studies of a claim -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimStudy:
    """One record linked to one claim: bibliographic facts, assessment, curator overrides."""

    claim_id: str
    pmid: int
    title: str
    year: int | None
    pub_date: str | None
    journal: str | None
    authors: tuple[str, ...]
    doi: str | None
    retracted: bool
    expression_of_concern: bool
    deleted: bool
    # The automatic assessment.
    design: Design
    design_source: str | None
    rct_within_person: bool
    n_participants: int | None
    n_unit: str | None
    direction: Direction
    human: bool
    relevant: bool
    assessment: dict[str, Any]
    link_source: str
    first_seen_run: int | None
    # The curator's overrides.
    cur_included: bool | None
    cur_design: Design | None
    cur_direction: Direction | None
    cur_n: int | None
    cur_note: str | None
    cur_by: str | None
    cur_at: dt.datetime | None
    grade_input: StudyEvidence  # what the grader reads, built once by the store
    abstract: str | None = None  # only when asked for

    @property
    def url(self) -> str:
        return pubmed_url(self.pmid)

    def evidence(self) -> StudyEvidence:
        """The grader's input for this study."""
        return self.grade_input

    def graded(self) -> EffectiveStudy:
        """The study as the grader sees it: overrides applied, exclusion decided."""
        return effective(self.evidence())


def claim_studies(
    *, session: Session, claim_id: str, with_abstracts: bool = False
) -> list[ClaimStudy]:
    """Every record linked to the claim, newest first."""
    rows = session.exec(
        select(ClaimArticle, Article)
        .join(Article, col(Article.pmid) == col(ClaimArticle.pmid))
        .where(col(ClaimArticle.claim_id) == claim_id)
        .order_by(col(Article.pub_year).desc(), col(Article.pmid).desc())
    ).all()
    return [
        ClaimStudy(
            claim_id=link.claim_id,
            pmid=article.pmid,
            title=article.title,
            year=article.pub_year,
            pub_date=article.pub_date,
            journal=article.journal,
            authors=tuple(article.authors or ()),
            doi=article.doi,
            retracted=article.retracted,
            expression_of_concern=article.expression_of_concern,
            deleted=article.deleted,
            design=as_design(link.design),
            design_source=link.design_source,
            rct_within_person=link.rct_within_person,
            n_participants=link.n_participants,
            n_unit=link.n_unit,
            direction=as_direction(link.direction),
            human=link.human,
            relevant=link.relevant,
            assessment=dict(link.assessment or {}),
            link_source=link.link_source,
            first_seen_run=link.first_seen_run,
            cur_included=link.cur_included,
            cur_design=as_design(link.cur_design) if link.cur_design else None,
            cur_direction=as_direction(link.cur_direction) if link.cur_direction else None,
            cur_n=link.cur_n,
            cur_note=link.cur_note,
            cur_by=link.cur_by,
            cur_at=link.cur_at,
            grade_input=study_evidence(link, article),
            abstract=article.abstract if with_abstracts else None,
        )
        for link, article in rows
    ]


@dataclass(frozen=True, slots=True)
class Finding:
    """One call of the automatic assessment and the sentence (or index term) that decided it."""

    field: str  # design, participants, direction, relevant
    value: str
    source: str  # publication_type, text, curator, none
    evidence: str | None
    rule: str | None


_FINDING_ORDER = ("design", "participants", "direction", "relevant")


# What an empty finding means, where it is not "not stated".
_NONE_MEANS = {"indirect": "direct", "stated_certainty": "none stated"}


def assessment_findings(assessment: dict[str, Any]) -> list[Finding]:
    """The findings stored in `claim_article.assessment` (the classifiers' `Assessment`).

    Read leniently: any entry shaped like a finding (a mapping with "value" and "source")
    counts, so an assessment from an older classifier still shows what it has.
    """
    found = []
    for name, entry in assessment.items():
        if isinstance(entry, dict) and "value" in entry and "source" in entry:
            evidence = entry.get("evidence")
            rule = entry.get("rule")
            found.append(
                Finding(
                    field=str(name),
                    value=_NONE_MEANS.get(str(name), "not stated")
                    if entry["value"] is None
                    else str(entry["value"]),
                    source=str(entry["source"]),
                    evidence=str(evidence) if evidence else None,
                    rule=str(rule) if rule else None,
                )
            )
    rank = {name: i for i, name in enumerate(_FINDING_ORDER)}
    return sorted(found, key=lambda f: (rank.get(f.field, len(rank)), f.field))


@dataclass(frozen=True, slots=True)
class ArticleText:
    pmid: int
    title: str
    abstract: str
    abstract_sections: tuple[tuple[str | None, str], ...]  # (label, text)
    publication_types: tuple[str, ...]
    mesh_terms: tuple[str, ...]
    retraction_pmids: tuple[int, ...]


def article_text(*, session: Session, pmid: int) -> ArticleText | None:
    article = session.get(Article, pmid)
    if article is None:
        return None
    return ArticleText(
        pmid=article.pmid,
        title=article.title,
        abstract=article.abstract,
        abstract_sections=tuple(
            (section.get("label"), str(section.get("text", "")))
            for section in article.abstract_sections or []
        ),
        publication_types=tuple(article.publication_types or ()),
        mesh_terms=tuple(str(term.get("descriptor", "")) for term in article.mesh_terms or []),
        retraction_pmids=tuple(article.retraction_pmids or ()),
    )


# --- the cumulative timeline ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearDesign:
    """Included studies of one design published up to the end of `year`, cumulatively."""

    year: int
    design: Design
    studies: int
    # Known counts of the human studies of this design that `participants_all` adds up
    # (reviews and animal studies add none), so the designs of a year sum to that year's
    # PARTICIPANTS_ALL_LABEL figure and never to a number with no label.
    participants: int


@dataclass(frozen=True, slots=True)
class YearGrade:
    """The certainty the claim would have had at the end of `year`."""

    year: int
    certainty: Certainty
    verdict_label: VerdictLabel
    n_included: int
    # The profile's own figures, so the chart's last point is the headline's number.
    participants: int  # PARTICIPANTS_LABEL
    participants_all: int  # PARTICIPANTS_ALL_LABEL


@dataclass(frozen=True, slots=True)
class Timeline:
    by_design: tuple[YearDesign, ...]
    grades: tuple[YearGrade, ...]
    undated: int  # linked studies without a publication year, left out of the timeline


def cumulative_timeline(
    studies: Sequence[ClaimStudy], *, claim_id: str, polarity: Polarity
) -> Timeline:
    """Studies, participants and certainty year by year, as if graded at the end of each year.

    Pure: grades in memory with `grade_claim` and today's overrides; writes nothing.
    """
    dated = [s for s in studies if s.year is not None]
    if not dated:
        return Timeline((), (), undated=len(studies))
    graded = {s.pmid: s.graded() for s in dated}
    first = min(s.year for s in dated if s.year is not None)
    last = max(s.year for s in dated if s.year is not None)
    by_design: list[YearDesign] = []
    grades: list[YearGrade] = []
    for year in range(first, last + 1):
        upto = [s for s in dated if s.year is not None and s.year <= year]
        included = [graded[s.pmid] for s in upto if graded[s.pmid].included]
        for design in DESIGNS:
            of_design = [s for s in included if s.design == design]
            if of_design:
                counted = [s for s in of_design if s.human and design in PRIMARY_DESIGNS]
                by_design.append(
                    YearDesign(
                        year=year,
                        design=design,
                        studies=len(of_design),
                        participants=sum(s.n_participants or 0 for s in counted),
                    )
                )
        profile = grade_claim(claim_id, polarity, [s.evidence() for s in upto])
        grades.append(
            YearGrade(
                year,
                profile.certainty,
                profile.verdict_label,
                profile.n_included,
                participants=profile.participants,
                participants_all=profile.participants_all,
            )
        )
    return Timeline(tuple(by_design), tuple(grades), undated=len(studies) - len(dated))


# --- curation history -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    claim_id: str
    pmid: int
    field: str
    before: str | None
    after: str | None
    note: str | None
    by: str
    at: dt.datetime


def audit_log(
    *, session: Session, claim_id: str | None = None, pmid: int | None = None, limit: int = 500
) -> list[AuditEntry]:
    """Curation changes, newest first."""
    statement = select(CurationAudit).order_by(col(CurationAudit.id).desc()).limit(limit)
    if claim_id is not None:
        statement = statement.where(col(CurationAudit.claim_id) == claim_id)
    if pmid is not None:
        statement = statement.where(col(CurationAudit.pmid) == pmid)
    return [
        AuditEntry(
            id=row.id or 0,
            claim_id=row.claim_id,
            pmid=row.pmid,
            field=row.field,
            before=row.before,
            after=row.after,
            note=row.note,
            by=row.by,
            at=row.at,
        )
        for row in session.exec(statement).all()
    ]


# --- runs -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    trigger: str
    status: str
    started: dt.datetime
    finished: dt.datetime | None
    counts: dict[str, Any]
    error: str | None
    host: str | None
    pid: int | None
    detail: str | None
    claims: int  # claims the run recorded something for
    new_links: int  # new claim links, summed over claims

    @property
    def duration(self) -> dt.timedelta | None:
        return None if self.finished is None else self.finished - self.started


def run_history(*, session: Session, limit: int = 200) -> list[RunRow]:
    """The newest runs first, with how many claims and new links each recorded."""
    runs = session.exec(select(FetchRun).order_by(col(FetchRun.id).desc()).limit(limit)).all()
    ids = [run.id for run in runs]
    per_run: dict[int, list[FetchRunClaim]] = defaultdict(list)
    for row in session.exec(select(FetchRunClaim).where(col(FetchRunClaim.run_id).in_(ids))):
        per_run[row.run_id].append(row)
    result = []
    for run in runs:
        assert run.id is not None
        claims = per_run.get(run.id, [])
        result.append(
            RunRow(
                id=run.id,
                trigger=run.trigger,
                status=run.status,
                started=run.started,
                finished=run.finished,
                counts=dict(run.counts or {}),
                error=redact_optional(run.error),  # rows stored before redaction
                host=run.host,
                pid=run.pid,
                detail=run.detail,
                claims=len(claims),
                new_links=sum(len(c.new_pmids or ()) for c in claims),
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class RunClaimRow:
    run_id: int
    claim_id: str
    status: str
    search_count: int | None
    new_pmids: tuple[int, ...]
    revised_pmids: tuple[int, ...]
    window_end: dt.date | None
    error: str | None


def run_claim_rows(*, session: Session, run_id: int) -> list[RunClaimRow]:
    rows = session.exec(
        select(FetchRunClaim)
        .where(col(FetchRunClaim.run_id) == run_id)
        .order_by(col(FetchRunClaim.claim_id))
    ).all()
    return [
        RunClaimRow(
            run_id=row.run_id,
            claim_id=row.claim_id,
            status=row.status,
            search_count=row.search_count,
            new_pmids=tuple(row.new_pmids or ()),
            revised_pmids=tuple(row.revised_pmids or ()),
            window_end=row.window_end,
            error=redact_optional(row.error),
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class GradeChange:
    """A stored change of certainty, verdict or best design (`claim_change`)."""

    id: int
    claim_id: str
    run_id: int | None
    changed_at: dt.datetime
    before: dict[str, Any]
    after: dict[str, Any]
    reasons: tuple[dict[str, Any], ...]


def grade_changes(
    *,
    session: Session,
    claim_id: str | None = None,
    run_id: int | None = None,
    limit: int = 200,
) -> list[GradeChange]:
    """Grade changes, newest first; by claim, by run, or all."""
    statement = select(ClaimChange).order_by(col(ClaimChange.id).desc()).limit(limit)
    if claim_id is not None:
        statement = statement.where(col(ClaimChange.claim_id) == claim_id)
    if run_id is not None:
        statement = statement.where(col(ClaimChange.run_id) == run_id)
    return [
        GradeChange(
            id=row.id or 0,
            claim_id=row.claim_id,
            run_id=row.run_id,
            changed_at=row.changed_at,
            before=dict(row.before or {}),
            after=dict(row.after or {}),
            reasons=tuple(row.reasons or ()),
        )
        for row in session.exec(statement).all()
    ]


@dataclass(frozen=True, slots=True)
class LeaseView:
    name: str
    holder: str
    host: str
    pid: int
    acquired_at: dt.datetime
    expires_at: dt.datetime

    def active(self, now: dt.datetime) -> bool:
        return self.expires_at > now


def leases(*, session: Session) -> list[LeaseView]:
    return [
        LeaseView(row.name, row.holder, row.host, row.pid, row.acquired_at, row.expires_at)
        for row in session.exec(select(FetchLease).order_by(col(FetchLease.name))).all()
    ]


# --- the studies explorer ---------------------------------------------------------------

RetractedFilter = Literal["any", "only", "exclude"]
MAX_PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class ArticleSearch:
    """What the explorer asks for. Empty fields do not filter."""

    text: str = ""
    designs: tuple[Design, ...] = ()  # effective design of a link (of `claim_id` when given)
    year_from: int | None = None
    year_to: int | None = None
    claim_id: str | None = None
    retracted: RetractedFilter = "any"
    page: int = 1  # 1-based
    page_size: int = 50


@dataclass(frozen=True, slots=True)
class ArticleHit:
    pmid: int
    title: str
    year: int | None
    journal: str | None
    retracted: bool
    claims: tuple[str, ...]
    designs: tuple[Design, ...]  # effective designs over its claim links

    @property
    def url(self) -> str:
        return pubmed_url(self.pmid)


@dataclass(frozen=True, slots=True)
class SearchPage:
    search: ArticleSearch
    total: int
    hits: tuple[ArticleHit, ...] = field(default_factory=tuple)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.search.page_size))


_TERM = re.compile(r'"([^"]*)"|(\S+)')
# Control characters belong to no word. A NUL in particular breaks both backends: FTS5 reads
# it as the end of the query string, and PostgreSQL refuses it in any text parameter.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_terms(query: str) -> list[str]:
    """The user's words and "quoted phrases", and OR between them, in order.

    Punctuation inside a word is kept for the backends to split as they index; quotes
    are the only syntax, and control characters separate words like spaces, so no input
    can break the full-text query.
    """
    terms = []
    for match in _TERM.finditer(_CONTROL.sub(" ", query)):
        phrase, word = match.groups()
        if word == "OR":
            terms.append("OR")
            continue
        term = (phrase if phrase is not None else word).replace('"', " ").strip()
        if any(ch.isalnum() for ch in term):
            terms.append(term)
    # An OR needs a term on each side.
    while terms and terms[0] == "OR":
        terms.pop(0)
    while terms and terms[-1] == "OR":
        terms.pop()
    cleaned: list[str] = []
    for term in terms:
        if term == "OR" and cleaned and cleaned[-1] == "OR":
            continue
        cleaned.append(term)
    return cleaned


def _quoted(terms: Sequence[str]) -> str:
    """Each term as a quoted phrase: the syntax FTS5 and websearch_to_tsquery share."""
    return " ".join(term if term == "OR" else f'"{term}"' for term in terms)


def _text_filter(session: Session, query: str) -> ColumnElement[bool] | None:
    terms = search_terms(query)
    if not terms:
        return None
    if session.get_bind().dialect.name == "sqlite":
        # The FTS5 table of migration 0002; its rowid is the PMID.
        fts = table("article_fts", column("rowid", BigInteger))
        matching = sa_select(fts.c.rowid).where(
            literal_column("article_fts").op("MATCH")(_quoted(terms))
        )
        return col(Article.pmid).in_(matching)
    # The stored tsvector of migration 0002 (GIN-indexed); not a model column.
    vector: ColumnElement[Any] = literal_column("article.search_vector")
    english: ColumnElement[Any] = literal_column("'english'")
    return vector.bool_op("@@")(func.websearch_to_tsquery(english, _quoted(terms)))


def _search_where(session: Session, search: ArticleSearch) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [col(Article.deleted).is_(False)]
    matched = _text_filter(session, search.text)
    if matched is not None:
        conditions.append(matched)
    if search.year_from is not None:
        conditions.append(col(Article.pub_year) >= search.year_from)
    if search.year_to is not None:
        conditions.append(col(Article.pub_year) <= search.year_to)
    if search.retracted == "only":
        conditions.append(col(Article.retracted).is_(True))
    elif search.retracted == "exclude":
        conditions.append(col(Article.retracted).is_(False))
    if search.claim_id or search.designs:
        link = [col(ClaimArticle.pmid) == col(Article.pmid)]
        if search.claim_id:
            link.append(col(ClaimArticle.claim_id) == search.claim_id)
        if search.designs:
            link.append(_effective_design().in_(list(search.designs)))
        conditions.append(exists().where(*link))
    return and_(true(), *conditions)


def search_statement(
    session: Session, search: ArticleSearch
) -> Select[int, str, int | None, str | None, bool]:
    """The SELECT of one page of the search (exposed so tests can EXPLAIN it)."""
    page_size = max(1, min(search.page_size, MAX_PAGE_SIZE))
    return (
        sa_select(
            col(Article.pmid),
            col(Article.title),
            col(Article.pub_year),
            col(Article.journal),
            col(Article.retracted),
        )
        .where(_search_where(session, search))
        .order_by(col(Article.pub_year).desc().nulls_last(), col(Article.pmid).desc())
        .limit(page_size)
        .offset((max(1, search.page) - 1) * page_size)
    )


def search_articles(*, session: Session, search: ArticleSearch) -> SearchPage:
    """One page of stored records matching the search, newest first, and the total count."""
    search = dataclasses.replace(
        search, page=max(1, search.page), page_size=max(1, min(search.page_size, MAX_PAGE_SIZE))
    )
    total = int(
        session.execute(
            sa_select(func.count()).select_from(Article).where(_search_where(session, search))
        ).scalar_one()
    )
    rows = session.execute(search_statement(session, search)).all()
    links: dict[int, list[tuple[str, str]]] = defaultdict(list)
    pmids = [row[0] for row in rows]
    if pmids:
        for claim_id, pmid, design in session.execute(
            sa_select(col(ClaimArticle.claim_id), col(ClaimArticle.pmid), _effective_design())
            .where(col(ClaimArticle.pmid).in_(pmids))
            .order_by(col(ClaimArticle.claim_id))
        ).all():
            links[pmid].append((claim_id, design))
    hits = tuple(
        ArticleHit(
            pmid=pmid,
            title=title,
            year=year,
            journal=journal,
            retracted=retracted,
            claims=tuple(claim for claim, _ in links[pmid]),
            designs=tuple(
                sorted({as_design(d) for _, d in links[pmid]}, key=DESIGNS.index),
            ),
        )
        for pmid, title, year, journal, retracted in rows
    )
    return SearchPage(search=search, total=total, hits=hits)


def year_bounds(*, session: Session) -> tuple[int, int] | None:
    low, high = session.execute(
        sa_select(func.min(col(Article.pub_year)), func.max(col(Article.pub_year)))
    ).one()
    return None if low is None or high is None else (int(low), int(high))


__all__ = [
    "ArticleHit",
    "ArticleSearch",
    "ArticleText",
    "AuditEntry",
    "ClaimCard",
    "ClaimStudy",
    "DataStamp",
    "DatabaseContents",
    "EvidenceCell",
    "Finding",
    "GradeChange",
    "LeaseView",
    "MapBubble",
    "RunClaimRow",
    "RunRow",
    "RunTouch",
    "SearchPage",
    "Timeline",
    "YearDesign",
    "YearGrade",
    "article_text",
    "as_design",
    "as_direction",
    "assessment_findings",
    "audit_log",
    "claim_card",
    "claim_cards",
    "claim_studies",
    "cumulative_timeline",
    "data_stamp",
    "database_contents",
    "evidence_cells",
    "evidence_map",
    "grade_changes",
    "leases",
    "pubmed_url",
    "run_claim_rows",
    "run_history",
    "search_articles",
    "search_statement",
    "search_terms",
    "year_bounds",
]
