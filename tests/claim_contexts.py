"""The repository's claim files as the evidence readers see them, for reader tests."""

from __future__ import annotations

import functools
from pathlib import Path

from tracker.claims import load_claims
from tracker.classify import claim_contexts
from tracker.evidence.study import ClaimContext

QUERIES = Path(__file__).resolve().parent.parent / "queries"


@functools.cache
def repository_claims() -> dict[str, ClaimContext]:
    """Every claim in `queries/`, by id."""
    return claim_contexts(load_claims(QUERIES))


def claim(claim_id: str) -> ClaimContext:
    """One claim of the repository, e.g. claim("pih-risk")."""
    return repository_claims()[claim_id]
