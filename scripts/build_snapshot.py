"""Rebuild the bundled offline snapshot, `tracker/data/snapshot.jsonl`.

Input: `curated_records.jsonl` (65 real microneedling records as bibliographic facts, no
abstracts, with labels read from each abstract by hand). Default location: the shared data
folder beside the repository; pass another path as the first argument.

Output: one JSON object per line. The first line is metadata; each other line is a record's
facts plus its curated labels and the claims its labelled indication maps to. The mapping
below is editorial (reviewed like code): the loader links every record to those claims and,
through the local query evaluator, to any other claim whose query finds its title or MeSH.

    python scripts/build_snapshot.py [path/to/curated_records.jsonl]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "curated_records.jsonl"
OUTPUT = REPO / "tracker" / "data" / "snapshot.jsonl"

# Labelled indication -> claim ids. Alopecia and "other scars" are split by their titles.
INDICATION_CLAIMS: dict[str, tuple[str, ...]] = {
    "acne_scars": ("acne-scars",),
    "melasma": ("melasma",),
    "striae": ("striae",),
    "photoaging": ("photoaging-wrinkles",),
    "pigmentation_other": ("hyperpigmentation-other",),
    "vitiligo": ("vitiligo",),
    "drug_delivery": ("drug-delivery",),
    "safety": ("downtime-safety",),
    "hyperhidrosis": ("hyperhidrosis",),
    "rosacea": ("rosacea",),
    "psoriasis_dermatitis": ("psoriasis-dermatitis",),
    "mechanism_collagen": ("collagen-induction",),
    "other": (),
}


def claims_for(record: dict[str, Any]) -> list[str]:
    indication = record["indication"]
    title = (record["title"] or "").lower()
    if indication == "alopecia":
        return ["alopecia-areata"] if "areata" in title else ["androgenetic-alopecia"]
    if indication == "scars_other":
        if "hypertrophic" in title or "keloid" in title:
            return ["hypertrophic-keloid"]
        return ["surgical-traumatic-scars"]
    claims = list(INDICATION_CLAIMS.get(indication, ()))
    if record.get("adverse_pih_reported"):
        claims.append("pih-risk")
    return claims


def build(source: Path) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line]
    out: list[dict[str, Any]] = [
        {
            "snapshot": {
                "built": dt.date.today().isoformat(),
                "source": source.name,
                "records": len(records),
                "note": "Bibliographic facts and hand labels; no abstracts.",
            }
        }
    ]
    for record in sorted(records, key=lambda r: int(r["pmid"])):
        out.append(
            {
                "pmid": int(record["pmid"]),
                "title": record["title"] or "",
                "journal": record.get("journal"),
                "year": record.get("year"),
                "doi": record.get("doi"),
                "publication_types": record.get("publication_types") or [],
                "mesh_terms": record.get("mesh_terms") or [],
                "curated": {
                    "indication": record["indication"],
                    "design": record["design"],
                    "n_participants": record.get("n_participants"),
                    "direction": record["direction"],
                    "adverse_pih_reported": bool(record.get("adverse_pih_reported")),
                },
                "claims": claims_for(record),
                # Per-claim directions where the label for the indication does not apply: a
                # reported case of PIH is evidence against the claim that denies it.
                "directions": {"pih-risk": "harms"} if record.get("adverse_pih_reported") else {},
            }
        )
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    lines = build(source)
    OUTPUT.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    print(f"wrote {len(lines) - 1} records to {OUTPUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
