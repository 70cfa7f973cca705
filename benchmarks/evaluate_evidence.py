"""Measure the per-study classifiers.

(a) The labelled abstracts in tests/data/labelled: the development sets (the rules were changed
    while looking at them, so their figures are development figures), the blind figures each set
    had at its one first scoring (tests/data/labelled/sets.json), and, with --score-blind, the
    sealed blind sets, each on its own.
(b) Real PubMed records in ../shared/data/eutils (read in place, never copied): the design is
    predicted from the title and abstract with publication types and MeSH hidden, and scored
    against the design the publication types imply. Records whose types imply nothing
    (typically "Journal Article" only) are not scored; what the text rules call them is listed.
    Skipped when the folder is absent.
    The strict figure comes first. A second figure uses an adjusted reference (see
    `adjusted_reference`): NLM had no "Systematic Review" publication type before 2019, so an
    older record indexed only as "Review" is a review of unknown kind, and any of the three
    review designs is right for it.
(c) The same real records, hand-labelled: tests/data/real_records/labels.jsonl holds our own
    labels (design, participants, direction) for records whose types imply no design, joined
    with the records in place by PMID. Every figure of (a) is printed for them, with the text
    read exactly as the tracker reads an unindexed record. Skipped when the folder is absent.

Run: .venv/bin/python -m benchmarks.evaluate_evidence [--mismatches] [--score-blind]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from tracker.claims import load_claims
from tracker.classify import claim_contexts
from tracker.errors import TrackerError
from tracker.evidence.design import classify_design, design_from_publication_types
from tracker.evidence.direction import authors_verdict
from tracker.evidence.evaluate import (
    DesignScores,
    LabelledExample,
    evaluate,
    format_design_scores,
    format_direction_scores,
    format_mismatches,
    format_report,
    load_labelled,
    score_designs,
    score_directions,
    score_labels,
)
from tracker.evidence.labels import DESIGNS, DIRECTIONS, Design, Direction
from tracker.evidence.study import StudyInput
from tracker.pubmed.records import ArticleRecord
from tracker.pubmed.xml import iter_records

# Before 2019 NLM indexed systematic reviews as "Review", so on real records the three kinds of
# review are also scored as one family.
REVIEW_FAMILY: dict[Design, str] = {
    "meta_analysis": "review",
    "systematic_review": "review",
    "narrative_review": "review",
}

# The year NLM introduced the "Systematic Review" publication type; before it, systematic
# reviews and meta-analyses without their own type were indexed as "Review".
SYSTEMATIC_REVIEW_TYPE_YEAR = 2019
REVIEW_KIND_UNKNOWN = "review_kind_unknown"
_REVIEW_DESIGNS = frozenset(REVIEW_FAMILY)

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "tests" / "data" / "labelled"
RECORD_LABELS = REPO / "tests" / "data" / "real_records" / "labels.jsonl"
EUTILS = REPO.parent / "shared" / "data" / "eutils"


_KEYWORD_AGAINST = re.compile(
    r"\bno (?:significant )?(?:difference|improvement|effect|benefit)\b|\bnot (?:effective|"
    r"superior|significant)|\bdid not\b|\bfailed\b|\bineffective\b"
)
_KEYWORD_HARM = re.compile(r"\bworsen|\bcomplication|\badverse\b|\bgranulom|\binfection")
_KEYWORD_FOR = re.compile(
    r"\beffective|\bimprov|\bbenefi|\bsafe\b|\bpromising|\bsuperior|\bsignificant|\breduc"
)


def keyword_direction(study: StudyInput) -> Direction:
    """The floor: a twenty-line keyword reader of the last two sentences (no negation scope,
    no claim, no comparison), to show what the rules add over counting words."""
    sentences = re.split(r"(?<=[.!?])\s+", (study.abstract or study.title).strip())
    tail = " ".join(sentences[-2:]).lower()
    if _KEYWORD_AGAINST.search(tail):
        return "no_effect"
    if _KEYWORD_HARM.search(tail) and not _KEYWORD_FOR.search(tail):
        return "harms"
    return "supports" if _KEYWORD_FOR.search(tail) else "unclear"


def keyword_floor(examples: list[LabelledExample]) -> str:
    directed = [(e.direction, keyword_direction(e.study)) for e in examples if e.direction]
    scores = score_directions([r for r, _ in directed], [p for _, p in directed])
    balanced = scores.balanced_accuracy
    return f"Keyword floor (same abstracts): direction balanced accuracy {balanced:.3f}"


def labelled_reports(show_mismatches: bool, *, score_blind: bool) -> list[str]:
    """(a) The development sets together, then each blind set on its own.

    Development figures are not evidence of accuracy on unseen text: the rules were changed
    while looking at these sets. A blind set's figures are blind only at its first scoring; the
    recorded first-run figures of every set are printed from `sets.json` beside the current
    ones. A blind set is scored only with --score-blind, so that nobody reads it by accident.
    """
    claims = claim_contexts(load_claims(REPO / "queries"))
    manifest = json.loads((LABELLED / "sets.json").read_text("utf-8"))["sets"]
    development = [LABELLED / s["file"] for s in manifest if s["status"] == "development"]
    names = ", ".join(p.name for p in development)
    examples = [e for path in development for e in load_labelled(path, claims=claims)]
    report = evaluate(examples)
    parts = [
        format_report(report, f"(a) DEVELOPMENT sets (tuned on; not blind): {names}"),
        keyword_floor(examples),
    ]
    if show_mismatches and report.mismatches:
        parts.append(format_mismatches(report))
    recorded = [
        f"  {s['file']}: " + ", ".join(f"{k} {v:.3f}" for k, v in s["blind"].items())
        for s in manifest
        if "blind" in s
    ]
    parts.append(
        "(a) BLIND figures recorded at each set's one first scoring:\n" + "\n".join(recorded)
    )
    for entry in manifest:
        if entry["status"] != "blind":
            continue
        path = LABELLED / entry["file"]
        if not score_blind:
            parts.append(
                f"(a) BLIND set {entry['file']}: sealed (score it once with --score-blind)"
            )
            continue
        sealed = load_labelled(path, claims=claims)
        blind = evaluate(sealed)
        parts.append(keyword_floor(sealed))
        parts.insert(
            len(parts) - 1,
            format_report(
                blind,
                f"(a) BLIND set {entry['file']}: blind only if this is its first scoring and no "
                "rule changed since; record the figures in sets.json, then treat it as development",
            ),
        )
    return parts


def real_records() -> list[ArticleRecord]:
    """Every journal-article record in the shared eutils files, once per PMID."""
    records: dict[int, ArticleRecord] = {}
    for path in sorted(EUTILS.iterdir()):
        if not path.name.endswith((".xml", ".xml.gz")):
            continue
        try:
            for event in iter_records(path):
                if isinstance(event, ArticleRecord):
                    records[event.pmid] = event
        except TrackerError:
            continue  # esearch, einfo and error responses are not PubMed article sets
    return list(records.values())


def adjusted_reference(record: ArticleRecord, implied: Design) -> str:
    """The reference label with the pre-2019 "Review" ambiguity made explicit.

    It depends on the record's indexing and publication year only, never on the prediction:
    a record indexed as "Review" (and not as a systematic review or meta-analysis) before NLM
    could say "Systematic Review" is labelled "review of unknown kind"; every other record
    keeps the design its types imply.
    """
    year = record.pub_year
    if implied == "narrative_review" and year is not None and year < SYSTEMATIC_REVIEW_TYPE_YEAR:
        return REVIEW_KIND_UNKNOWN
    return implied


def scored_against(reference: str, predicted: Design) -> str:
    """The prediction at the granularity of its reference: any review design matches a review
    of unknown kind (and only such a reference is coarsened)."""
    if reference == REVIEW_KIND_UNKNOWN and predicted in _REVIEW_DESIGNS:
        return REVIEW_KIND_UNKNOWN
    return predicted


def _label_scores_as_design_scores(reference: list[str], predicted: list[str]) -> DesignScores:
    labels = score_labels(reference, predicted)
    rct = next((c for c in labels.per_class if c.label == "rct"), None)
    return DesignScores(
        labels=labels,
        rct_precision=rct.precision if rct else 0.0,
        rct_recall=rct.recall if rct else 0.0,
        within_person_accuracy=None,
    )


def real_record_report() -> str:
    if not EUTILS.is_dir():
        return "(b) real PubMed records: skipped, no shared eutils folder beside the repository"
    records = real_records()
    started = time.perf_counter()
    reference: list[Design] = []
    predicted: list[Design] = []
    with_abstract: list[tuple[Design, Design]] = []
    adjusted: list[tuple[str, str, bool]] = []  # (reference, prediction, has an abstract)
    unscored: Counter[str] = Counter()
    for record in records:
        hidden = StudyInput(
            pmid=record.pmid,
            title=record.title,
            abstract=record.abstract,
            abstract_sections=tuple(record.abstract_sections),
        )
        guess = classify_design(hidden, use_publication_types=False)[0].value
        implied = design_from_publication_types(record.publication_types)
        if implied is None:
            unscored[guess] += 1
            continue
        reference.append(implied)
        predicted.append(guess)
        adjusted_ref = adjusted_reference(record, implied)
        adjusted.append(
            (adjusted_ref, scored_against(adjusted_ref, guess), bool(record.abstract.strip()))
        )
        if record.abstract.strip():
            with_abstract.append((implied, guess))
    elapsed = time.perf_counter() - started
    lines = [
        f"(b) real PubMed records from {EUTILS.name}/: {len(records)} records, "
        f"{len(reference)} with publication types that imply a design "
        f"({len(records) / elapsed:,.0f} records/s for the text rules)",
        format_design_scores(
            score_designs(reference, predicted), "Design from text alone, all scored records"
        ),
    ]
    if with_abstract:
        ref, pred = zip(*with_abstract, strict=True)
        lines.append(
            format_design_scores(
                score_designs(list(ref), list(pred)),
                "Design from text alone, records with an abstract",
            )
        )
    coarse = score_labels(
        [REVIEW_FAMILY.get(d, d) for d in reference], [REVIEW_FAMILY.get(d, d) for d in predicted]
    )
    lines.append(
        f"Reviews as one family: macro-F1 {coarse.macro_f1:.3f}, accuracy {coarse.accuracy:.3f}"
    )
    unknown_kind = sum(ref == REVIEW_KIND_UNKNOWN for ref, _, _ in adjusted)
    lines.append(
        f'Adjusted reference: {unknown_kind} records indexed only as "Review" before '
        f'{SYSTEMATIC_REVIEW_TYPE_YEAR} (when NLM had no "Systematic Review" type) are reviews '
        f"of unknown kind ({REVIEW_KIND_UNKNOWN}), matched by any of the three review designs; "
        "all other records as above"
    )
    for heading, rows in (
        ("Design from text alone, adjusted reference, all scored records", adjusted),
        (
            "Design from text alone, adjusted reference, records with an abstract",
            [row for row in adjusted if row[2]],
        ),
    ):
        if rows:
            lines.append(
                format_design_scores(
                    _label_scores_as_design_scores(
                        [ref for ref, _, _ in rows], [pred for _, pred, _ in rows]
                    ),
                    heading,
                )
            )
    lines.append(
        "Not scored (types imply no design), as the text rules read them: "
        + ", ".join(f"{label} {count}" for label, count in unscored.most_common())
    )
    return "\n".join(lines)


def record_labels(path: Path = RECORD_LABELS) -> dict[int, dict[str, Any]]:
    """Our labels for real records, by PMID; an unknown design or direction names its line."""
    labels: dict[int, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            raw = json.loads(line)
            if raw["design"] not in DESIGNS or raw["direction"] not in (*DIRECTIONS, None):
                raise ValueError(
                    f"{path.name} line {number}: unknown design {raw['design']!r} "
                    f"or direction {raw['direction']!r}"
                )
            labels[int(raw["pmid"])] = raw
    return labels


def labelled_record(record: ArticleRecord, labels: dict[str, Any]) -> LabelledExample:
    """A real record with our labels, read for efficacy in general (no claim)."""
    return LabelledExample(
        study=StudyInput.from_record(record),
        claim=None,
        design=cast(Design, labels["design"]),
        rct_within_person=bool(labels["rct_within_person"]),
        n_participants=labels["n_participants"],
        n_unit=labels["n_unit"],
        direction=cast(Direction | None, labels["direction"]),
        relevant=None,
        note=labels.get("note"),
        human=labels["human"],
    )


def labelled_record_report(show_mismatches: bool) -> str:
    if not EUTILS.is_dir():
        return (
            "(c) hand-labelled real records: skipped, no shared eutils folder beside the repository"
        )
    labels = record_labels()
    records = {r.pmid: r for r in real_records() if r.pmid in labels}
    examples = [labelled_record(records[pmid], labels[pmid]) for pmid in sorted(records)]
    # The tracker's direction rules read verdicts about microneedling, which these records are
    # not about: direction is scored separately, with the same reader applied to each study's
    # own intervention.
    report = evaluate([replace(e, direction=None) for e in examples])
    directed = [(e.direction, authors_verdict(e.study).value) for e in examples if e.direction]
    parts = [
        format_report(
            report,
            f"(c) hand-labelled real records: {len(examples)} unindexed records with an abstract "
            f"({len(labels) - len(examples)} labelled records not found)",
        ),
        format_direction_scores(
            score_directions([r for r, _ in directed], [p for _, p in directed]),
            "Direction, the authors' verdict on the study's own intervention",
        ),
    ]
    if show_mismatches and report.mismatches:
        parts.append(format_mismatches(report))
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mismatches", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--score-blind", action="store_true", help="score the sealed blind sets (once, then record)"
    )
    args = parser.parse_args()
    print(
        "\n\n".join(
            [
                *labelled_reports(args.mismatches, score_blind=args.score_blind),
                real_record_report(),
                labelled_record_report(args.mismatches),
            ]
        )
    )


if __name__ == "__main__":
    main()
