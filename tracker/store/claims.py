"""Queries on the `claim` table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from tracker.claims import ClaimDefinition
from tracker.models import Claim, utcnow


@dataclass(slots=True)
class ClaimSyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # definition hash differs
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)  # in the database, no longer in files
    revived: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.retired)} retired",
        ]
        if self.revived:
            parts.append(f"{len(self.revived)} revived")
        return ", ".join(parts)


def sync_claims(*, session: Session, claims: Sequence[ClaimDefinition]) -> ClaimSyncReport:
    """Upsert the claim files into `claim`; retire claims whose file is gone."""
    report = ClaimSyncReport()
    existing = {claim.id: claim for claim in session.exec(select(Claim)).all()}
    for definition in claims:
        row = existing.pop(definition.id, None)
        new_hash = definition.definition_hash
        if row is None:
            row = Claim(
                id=definition.id,
                definition_hash=new_hash,
                text=definition.claim,
                indication=definition.indication,
                query=definition.pubmed_query,
                polarity=definition.polarity,
            )
            report.added.append(definition.id)
        elif row.retired:
            report.revived.append(definition.id)
        elif row.definition_hash != new_hash:
            report.changed.append(definition.id)
        else:
            report.unchanged.append(definition.id)
        row.text = definition.claim
        row.indication = definition.indication
        row.query = definition.pubmed_query
        row.polarity = definition.polarity
        row.comparator = definition.comparator
        row.notes = definition.notes
        row.marketing_phrases = list(definition.marketing_phrases)
        row.definition_hash = new_hash
        row.source_file = str(definition.source)
        row.retired = False
        row.synced_at = utcnow()
        session.add(row)
    for row in existing.values():
        if not row.retired:
            row.retired = True
            session.add(row)
            report.retired.append(row.id)
    session.flush()
    return report


def list_claims(*, session: Session, include_retired: bool = False) -> list[Claim]:
    statement = select(Claim).order_by(col(Claim.id))
    if not include_retired:
        statement = statement.where(col(Claim.retired).is_(False))
    return list(session.exec(statement).all())


def get_claim(*, session: Session, claim_id: str) -> Claim | None:
    return session.get(Claim, claim_id)
