"""Curation: a researcher corrects one study of one claim; every change is audited and regraded.

The corrections go into the `cur_*` columns of `claim_article`, which fetch, import and the
classifiers never write, so a correction survives every later run. Each changed field adds one
`curation_audit` row (who, when, before, after, why). The claim is then regraded in the same
transaction, so the dashboard shows the new grade at once and a failed regrade leaves no
half-applied correction behind.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from sqlmodel import Session

from tracker import grading
from tracker.errors import ConfigError
from tracker.evidence.grade import ProfileChange
from tracker.evidence.labels import (
    DESIGNS,
    DIRECTIONS,
    RISKS_OF_BIAS,
    Design,
    Direction,
    RiskOfBias,
)
from tracker.models import ClaimArticle, CurationAudit, utcnow

MAX_NAME_LENGTH = 200


class _Keep(enum.Enum):
    KEEP = "keep"


# Leave this override as it is. (None means "clear the override": back to the automatic value.)
KEEP: Final = _Keep.KEEP


class CurationError(ConfigError):
    """A correction that cannot be applied: unknown study, bad value, no name or reason."""


@dataclass(frozen=True, slots=True)
class CurationResult:
    claim_id: str
    pmid: int
    audit_ids: tuple[int, ...]  # one per changed field; empty when nothing changed
    changes: tuple[ProfileChange, ...]  # what moved in the claim's grade

    @property
    def changed(self) -> bool:
        return bool(self.audit_ids)


def _shown(value: object) -> str | None:
    """How a value is written in the audit: None stays None ("automatic")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check(
    design: Design | _Keep | None,
    direction: Direction | _Keep | None,
    n_participants: int | _Keep | None,
    risk_of_bias: RiskOfBias | _Keep | None = KEEP,
) -> None:
    if isinstance(design, str) and design not in DESIGNS:
        raise CurationError(f"unknown design {design!r}; one of: {', '.join(DESIGNS)}")
    if isinstance(direction, str) and direction not in DIRECTIONS:
        raise CurationError(f"unknown direction {direction!r}; one of: {', '.join(DIRECTIONS)}")
    if isinstance(n_participants, bool) or (isinstance(n_participants, int) and n_participants < 0):
        raise CurationError(f"participants must be a whole number >= 0, not {n_participants!r}")
    if isinstance(risk_of_bias, str) and risk_of_bias not in RISKS_OF_BIAS:
        raise CurationError(
            f"unknown risk of bias {risk_of_bias!r}; one of: {', '.join(RISKS_OF_BIAS)}"
        )


def curate(
    *,
    session: Session,
    claim_id: str,
    pmid: int,
    by: str,
    note: str,
    included: bool | _Keep | None = KEEP,
    design: Design | _Keep | None = KEEP,
    direction: Direction | _Keep | None = KEEP,
    n_participants: int | _Keep | None = KEEP,
    risk_of_bias: RiskOfBias | _Keep | None = KEEP,
) -> CurationResult:
    """Set (or, with None, clear) the curator's overrides of one study for one claim.

    `by` (the curator's name) and `note` (why) are required. Fields left at KEEP are not
    touched; a value equal to the stored override is not a change. When something changed,
    the claim is regraded at once and the grade changes are returned.
    """
    curator = by.strip()
    reason = note.strip()
    if not curator:
        raise CurationError("say who you are: a curator's name is required")
    if len(curator) > MAX_NAME_LENGTH:
        raise CurationError(f"the curator's name is longer than {MAX_NAME_LENGTH} characters")
    if not reason:
        raise CurationError("say why: a note is required for every correction")
    if "\x00" in curator or "\x00" in reason:  # PostgreSQL refuses NUL in any text
        raise CurationError("the name and the note cannot hold a NUL character")
    _check(design, direction, n_participants, risk_of_bias)

    link = session.get(ClaimArticle, (claim_id, pmid))
    if link is None:
        raise CurationError(f"PMID {pmid} is not linked to claim {claim_id!r}")

    wanted: dict[str, object] = {
        "cur_included": included,
        "cur_design": design,
        "cur_direction": direction,
        "cur_n": n_participants,
        "cur_rob": risk_of_bias,
    }
    audit_names = {
        "cur_included": "included",
        "cur_design": "design",
        "cur_direction": "direction",
        "cur_n": "n_participants",
        "cur_rob": "risk_of_bias",
    }
    now = utcnow()
    rows: list[CurationAudit] = []
    for column, value in wanted.items():
        before = getattr(link, column)
        if value is KEEP or value == before:
            continue
        setattr(link, column, value)
        rows.append(
            CurationAudit(
                claim_id=claim_id,
                pmid=pmid,
                field=audit_names[column],
                before=_shown(before),
                after=_shown(value),
                note=reason,
                by=curator,
                at=now,
            )
        )
    if reason != (link.cur_note or ""):
        rows.append(
            CurationAudit(
                claim_id=claim_id,
                pmid=pmid,
                field="note",
                before=link.cur_note,
                after=reason,
                note=reason,
                by=curator,
                at=now,
            )
        )
        link.cur_note = reason
    if not rows:
        return CurationResult(claim_id, pmid, audit_ids=(), changes=())

    link.cur_by = curator
    link.cur_at = now
    session.add(link)
    session.add_all(rows)
    session.flush()
    changes = grading.regrade(session=session, claim_ids=[claim_id])
    return CurationResult(
        claim_id=claim_id,
        pmid=pmid,
        audit_ids=tuple(row.id for row in rows if row.id is not None),
        changes=tuple(changes),
    )


__all__ = ["KEEP", "CurationError", "CurationResult", "curate"]
