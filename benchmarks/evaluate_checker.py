"""Measure the claim checker on the labelled marketing texts in tests/data/marketing.

Prints, per set, the share of the claims each text makes that the checker finds, the share
found with the labelled direction (claim or opposite), how many texts had at least 80% of their
claims found, and the claims found that the labels do not name; then the figures each set had
at its one blind scoring (tests/data/marketing/sets.json). Every set has since been used for
development, so today's figures are development figures.

Run: .venv/bin/python -m benchmarks.evaluate_checker [--details]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tracker.claims import load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.marketing.evaluate import format_score, score_files
from tracker.marketing.matcher import ClaimMatcher

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "marketing"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list each text's misses")
    args = parser.parse_args()
    matcher = ClaimMatcher(load_claims(DEFAULT_QUERIES_DIR))
    scores = score_files(sorted((DATA / "development").glob("*.jsonl")), matcher)
    for name, result in scores.items():
        print(format_score(result, title=f"development set {name}", details=args.details))
    print("\nRecorded blind figures (each set's one first scoring):")
    for name, entry in json.loads((DATA / "sets.json").read_text(encoding="utf-8")).items():
        blind = entry.get("blind_scoring")
        if blind:
            print(
                f"  set {name}: claims found {blind['found']}/{blind['claims']} "
                f"({blind['found'] / blind['claims']:.3f}), with the direction "
                f"{blind['with_direction']}/{blind['claims']}, texts with >= 80% found "
                f"{blind['texts_passing']} of {blind['texts']}"
            )


if __name__ == "__main__":
    main()
