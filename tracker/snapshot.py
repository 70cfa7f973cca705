"""The bundled offline snapshot: 65 real microneedling records with hand labels.

The snapshot (`tracker/data/snapshot.jsonl`, rebuilt by `scripts/build_snapshot.py`) holds
bibliographic facts without abstracts, so the classifiers could say little about it; its
hand labels are therefore stored as curated assessments (`cur_*` columns, by "offline
snapshot"), and the dashboard shows them as such. It enters the database through the same
ingest path as any import, in a run with trigger "snapshot".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tracker import store
from tracker.claims import ClaimDefinition
from tracker.errors import ConfigError
from tracker.ingest import Ingestor, begin_run, end_run, failing_run
from tracker.pubmed.query import document_for
from tracker.pubmed.records import ArticleRecord, MeshTerm

SNAPSHOT_PATH = Path(__file__).resolve().parent / "data" / "snapshot.jsonl"
CURATOR = "offline snapshot (hand-labelled)"
# Direction labels were read for the record's own indication; for other claims a record is
# linked to, only the claim-independent labels (design, participants) are curated.
NOTE = "Hand label shipped with the offline snapshot, read from the abstract."


@dataclass(frozen=True, slots=True)
class SnapshotReport:
    run_id: int
    records: int
    links: int
    curated: int

    def summary(self) -> str:
        return (
            f"Loaded the offline snapshot (run {self.run_id}): {self.records} records, "
            f"{self.links} claim links, {self.curated} hand-labelled assessments."
        )


def _mesh(term: str) -> MeshTerm:
    # "Acne Vulgaris / complications*": descriptor, qualifiers, '*' marks a major topic.
    parts = [part.strip() for part in term.split("/")]
    major = any(part.endswith("*") for part in parts)
    names = [part.rstrip("*").strip() for part in parts]
    return MeshTerm(descriptor=names[0], major=major, qualifiers=tuple(names[1:]))


def read_snapshot(path: Path = SNAPSHOT_PATH) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The metadata line and the record lines; errors name the line."""
    meta: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path.name}: line {number}: not JSON ({exc.msg})") from exc
        if "snapshot" in data:
            meta = data["snapshot"]
        elif isinstance(data.get("pmid"), int):
            rows.append(data)
        else:
            raise ConfigError(f"{path.name}: line {number}: field 'pmid' missing or not a number")
    return meta, rows


def to_record(row: dict[str, Any]) -> ArticleRecord:
    year = row.get("year")
    return ArticleRecord(
        pmid=row["pmid"],
        title=row.get("title") or "",
        journal=row.get("journal"),
        pub_year=year,
        pub_date=str(year) if year else None,
        doi=row.get("doi"),
        publication_types=list(row.get("publication_types") or []),
        mesh_terms=[_mesh(term) for term in row.get("mesh_terms") or []],
        status="Snapshot",
    )


def load_snapshot(
    engine: Engine, *, claims: list[ClaimDefinition], path: Path = SNAPSHOT_PATH
) -> SnapshotReport:
    """Store the snapshot's records, link them, and store their hand labels as curated."""
    _, rows = read_snapshot(path)
    with store.session_scope(engine) as session:
        store.sync_claims(session=session, claims=claims)
    known = {claim.id for claim in claims}
    run_id = begin_run(engine, trigger="snapshot", detail=f"snapshot {path.name}")
    ingestor = Ingestor(engine, run_id=run_id, claims=claims)
    records = [to_record(row) for row in rows]
    links: dict[str, set[int]] = {}
    labels: list[store.CuratedLabel] = []
    for row, record in zip(rows, records, strict=True):
        own = [claim for claim in row.get("claims", []) if claim in known]
        found = ingestor.queries.matching(document_for(record))
        curated = row.get("curated") or {}
        for claim_id in sorted(set(own) | set(found)):
            links.setdefault(claim_id, set()).add(record.pmid)
            direction = curated.get("direction") if claim_id in own else None
            # The labeller's direction for this claim, where the indication's does not apply.
            direction = (row.get("directions") or {}).get(claim_id, direction)
            labels.append(
                store.CuratedLabel(
                    claim_id=claim_id,
                    pmid=record.pmid,
                    design=curated.get("design"),
                    direction=direction,
                    n_participants=curated.get("n_participants"),
                    by=CURATOR,
                    note=NOTE,
                    # Labelled by hand, so it belongs: the relevance reader cannot say
                    # otherwise from a record that has no abstract (and some no title).
                    included=True,
                )
            )
    with failing_run(engine, ingestor):
        ingestor.store_batch(records, links=links, link_source="snapshot", source=path.name)
        with store.session_scope(engine) as session:
            applied = store.apply_curated_labels(session=session, labels=labels)
        end_run(engine, ingestor, status="done")
    return SnapshotReport(run_id, len(records), len(labels), applied)
