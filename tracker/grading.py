"""Grade stage: rebuild `claim_summary` from the stored assessments and record changes.

Runs after every import and fetch and on `tracker grade`, so the dashboard never grades on
request. A change of certainty, verdict or best design is stored as a `claim_change` row
(claim, before, after, reasons, run) for the dashboard and for alerts.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from tracker import store
from tracker.evidence.grade import ClaimProfile, ProfileChange, diff_profiles, grade_claim


def regrade(
    *, session: Session, claim_ids: Sequence[str] | None = None, run_id: int | None = None
) -> list[ProfileChange]:
    """Grade the given claims (default: every active claim); returns what changed."""
    claims = store.list_claims(session=session)
    if claim_ids is not None:
        wanted = set(claim_ids)
        claims = [claim for claim in claims if claim.id in wanted]
    changes: list[ProfileChange] = []
    for claim in claims:
        studies = store.studies_for_claim(session=session, claim_id=claim.id)
        profile = grade_claim(claim.id, claim.polarity, studies)  # type: ignore[arg-type]
        stored = store.get_summary(session=session, claim_id=claim.id)
        before = ClaimProfile.from_json(stored.profile) if stored and stored.profile else None
        change = diff_profiles(before, profile)
        if change is not None:
            store.add_change(session=session, change=change, run_id=run_id)
            changes.append(change)
        store.save_summary(session=session, profile=profile, run_id=run_id)
    session.flush()
    return changes


def profiles(*, session: Session, claim_ids: Sequence[str] | None = None) -> list[ClaimProfile]:
    """The stored profiles, as the grader wrote them."""
    return [
        ClaimProfile.from_json(row.profile)
        for row in store.summaries(session=session, claim_ids=claim_ids)
        if row.profile
    ]
