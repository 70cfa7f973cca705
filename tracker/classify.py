"""Classify stage: run the per-study assessment on stored claim links.

Reads records from the store, turns each into the classifiers' `StudyInput`, runs
`tracker.evidence.assess` for the claim the record is linked to, and writes the result into
the automatic columns of `claim_article` (curator columns are never touched).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlmodel import Session

from tracker import store
from tracker.claims import ClaimDefinition
from tracker.errors import ConfigError
from tracker.evidence.assess import assess
from tracker.evidence.bias import RiskOfBias
from tracker.evidence.explain import ReaderAnswer, explain
from tracker.evidence.study import Assessment, ClaimContext, StudyInput
from tracker.models import Article
from tracker.pubmed.records import AbstractSection
from tracker.store.evidence import AutomaticAssessment


def study_input(article: Article) -> StudyInput:
    """The classifiers' view of a stored record."""
    return StudyInput(
        pmid=article.pmid,
        title=article.title or "",
        abstract=article.abstract or "",
        abstract_sections=tuple(
            AbstractSection(
                text=section.get("text", ""),
                label=section.get("label"),
                category=section.get("category"),
            )
            for section in article.abstract_sections or []
        ),
        publication_types=tuple(article.publication_types or ()),
        mesh_terms=tuple(term.get("descriptor", "") for term in article.mesh_terms or ()),
        retracted=article.retracted,
        expression_of_concern=article.expression_of_concern,
    )


def assessment_detail(assessment: Assessment) -> dict[str, Any]:
    """The full assessment, JSON-ready, with the sentences that decided each field."""
    detail = dataclasses.asdict(assessment)
    risk = assessment.risk_of_bias
    detail["risk_of_bias"] = risk.to_json() if risk is not None else None
    return detail


def to_row(claim_id: str, pmid: int, assessment: Assessment) -> AutomaticAssessment:
    return AutomaticAssessment(
        claim_id=claim_id,
        pmid=pmid,
        design=assessment.design.value,
        design_source=assessment.design.source,
        rct_within_person=assessment.rct_within_person,
        n_participants=assessment.participants.value,
        n_unit=assessment.n_unit,
        direction=assessment.direction.value,
        human=assessment.human,
        relevant=bool(assessment.relevant.value),
        detail=assessment_detail(assessment),
        rob_overall=risk.overall if (risk := assessment.risk_of_bias) else None,
        rob_key_concern=risk.key_concern if risk else False,
        stated_certainty=assessment.stated_certainty.value if assessment.stated_certainty else None,
        indirect=assessment.indirect.value,
    )


def classify_links(
    *,
    session: Session,
    links: Iterable[tuple[str, int]],
    claims: Mapping[str, ClaimContext],
) -> int:
    """Assess every (claim, PMID) link given; returns how many were assessed."""
    # By PMID, so that a study's claim-free assessment is reused across its claims.
    pairs = sorted(set(links), key=lambda pair: (pair[1], pair[0]))
    if not pairs:
        return 0
    articles = store.get_articles(session=session, pmids=[pmid for _, pmid in pairs])
    rows = []
    for claim_id, pmid in pairs:
        article = articles.get(pmid)
        if article is None or claim_id not in claims:
            continue
        rows.append(to_row(claim_id, pmid, assess(study_input(article), claims[claim_id])))
    store.save_assessments(session=session, assessments=rows)
    return len(rows)


def _strings(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"field '{field}' must be a list of strings")
    return tuple(value)


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"field '{field}' must be a string")
    return value


def claim_contexts(claims: Iterable[ClaimDefinition]) -> dict[str, ClaimContext]:
    """What the readers need of each claim file, by claim id."""
    return {claim.id: ClaimContext.from_definition(claim) for claim in claims}


def classify_json_line(line: str, claims: Mapping[str, ClaimContext]) -> dict[str, Any]:
    """`tracker classify`: one JSON object in, its assessment out. Any field may be missing."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    pmid = data.get("pmid")
    if pmid is not None and not isinstance(pmid, int | str):
        raise ValueError("field 'pmid' must be a number or a string")
    claim_id = data.get("claim")
    context = None
    if claim_id is not None:
        if claim_id not in claims:
            raise ValueError(f"field 'claim': unknown claim {claim_id!r}")
        context = claims[claim_id]
    study = StudyInput(
        pmid=int(pmid)
        if isinstance(pmid, int) or (isinstance(pmid, str) and pmid.isdigit())
        else None,
        title=_text(data.get("title"), "title"),
        abstract=_text(data.get("abstract"), "abstract"),
        publication_types=_strings(data.get("publication_types"), "publication_types"),
        mesh_terms=_strings(data.get("mesh_terms"), "mesh_terms"),
    )
    result = assess(study, context)
    evidence = {
        "design": result.design.evidence,
        "participants": result.participants.evidence,
        "direction": result.direction.evidence,
        "relevance": result.relevant.evidence,
    }
    return {
        "pmid": pmid,
        "design": result.design.value,
        "design_source": result.design.source,
        "rct_within_person": result.rct_within_person,
        "n_participants": result.participants.value,
        "n_unit": result.n_unit,
        "direction": result.direction.value,
        "human": result.human,
        "risk_of_bias": _risk_json(result.risk_of_bias),
        "stated_certainty": result.stated_certainty.value if result.stated_certainty else None,
        "indirect": result.indirect.value,
        "evidence": evidence,
    }


def _risk_json(risk: RiskOfBias | None) -> dict[str, Any] | None:
    """`tracker classify`'s shape: each domain's judgement and deciding sentence, and overall."""
    if risk is None:
        return None
    out: dict[str, Any] = {
        domain: {"judgement": judged.judgement, "evidence": judged.evidence}
        for domain, judged in risk.domains().items()
    }
    out["overall"] = risk.overall
    return out


def classify_lines(
    lines: Iterable[str], claims: Mapping[str, ClaimContext]
) -> Iterator[tuple[int, dict[str, Any] | ValueError]]:
    """`tracker classify`: each non-blank line's number and its assessment, or why it failed."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, classify_json_line(line, claims)
        except ValueError as exc:
            yield number, exc


def explain_stored(
    *,
    session: Session,
    pmid: int,
    claims: Mapping[str, ClaimContext],
    claim_ids: Iterable[str] | None = None,
) -> tuple[str, dict[str | None, list[ReaderAnswer]]]:
    """`tracker explain`: a stored record's title and each reader's answers, read for the
    claims named (default: every claim it is linked to; none linked: efficacy in general)."""
    article = store.get_articles(session=session, pmids=[pmid]).get(pmid)
    if article is None:
        raise ConfigError(f"PMID {pmid} is not stored: import or fetch it first")
    if claim_ids is None:
        claim_ids = sorted(
            claim_id for claim_id, _ in store.links_of(session=session, pmids=[pmid])
        )
    study = study_input(article)
    readings: dict[str | None, list[ReaderAnswer]] = {
        claim_id: explain(study, claims.get(claim_id)) for claim_id in claim_ids
    }
    return article.title or "", readings or {None: explain(study, None)}
