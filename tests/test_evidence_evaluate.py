"""Metrics, the labelled abstracts, and minimum figures that guard against regressions."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from tests.claim_contexts import claim, repository_claims
from tests.conftest import SHARED_EUTILS, shared_eutils_missing
from tracker.errors import TrackerError
from tracker.evidence.design import classify_design, design_from_publication_types
from tracker.evidence.evaluate import (
    EvaluationReport,
    LabelledExample,
    evaluate,
    format_report,
    load_labelled,
    score_designs,
    score_labels,
)
from tracker.evidence.labels import DESIGNS, DIRECTIONS, Design
from tracker.evidence.study import StudyInput
from tracker.pubmed.records import ArticleRecord
from tracker.pubmed.xml import iter_records

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "data" / "labelled"
CLAIM_IDS = {path.stem for path in (HERE.parent / "queries").glob("*.toml")}
REAL_EUTILS = SHARED_EUTILS
NO_REAL_EUTILS = shared_eutils_missing(REAL_EUTILS)


@cache
def report_for(name: str) -> EvaluationReport:
    return evaluate(load_labelled(LABELLED / name, claims=repository_claims()))


# --------------------------------------------------------------------- metric definitions


def test_score_labels_by_hand() -> None:
    scores = score_labels(["a", "a", "b", "b"], ["a", "b", "b", "c"])
    by_label = {c.label: c for c in scores.per_class}
    assert (by_label["a"].precision, by_label["a"].recall) == (1.0, 0.5)
    assert (by_label["b"].precision, by_label["b"].recall) == (0.5, 0.5)
    assert by_label["c"].f1 == 0.0  # predicted but never the reference: counts against macro-F1
    assert scores.accuracy == 0.5
    assert scores.macro_f1 == pytest.approx((2 / 3 + 0.5 + 0.0) / 3)


def test_rct_precision_and_recall() -> None:
    reference: list[Design] = ["rct", "rct", "cohort_or_case_series", "other"]
    predicted: list[Design] = ["rct", "other", "rct", "other"]
    scores = score_designs(reference, predicted)
    assert (scores.rct_precision, scores.rct_recall) == (0.5, 0.5)


def example(
    abstract: str, n: int | None, direction: str | None = "supports", human: bool | None = None
) -> LabelledExample:
    return LabelledExample(
        study=StudyInput(title="Microneedling for acne scars", abstract=abstract),
        claim=claim("acne-scars"),
        design="cohort_or_case_series",
        rct_within_person=False,
        n_participants=n,
        n_unit=None,
        direction=direction,  # type: ignore[arg-type]
        relevant=True,
        human=human,
    )


def test_participant_exactness_counts_answers_and_coverage_counts_labels() -> None:
    treated = "Scars are common. Thirty patients were treated with microneedling."
    silent = "Scars are common. Patients were treated with microneedling."
    report = evaluate(
        [
            example(treated + " Microneedling is effective.", 30),  # right answer
            example(treated + " Microneedling is effective.", 31),  # wrong answer
            example(silent + " Microneedling is effective.", 12),  # abstained on a label
            example(treated + " Microneedling is effective.", None),  # answered, label None
        ]
    )
    part = report.participants
    assert (part.answered, part.labelled) == (3, 3)
    assert part.exact == pytest.approx(1 / 3)
    assert part.coverage == pytest.approx(2 / 3)


def test_balanced_accuracy_weighs_supports_and_the_rest_equally() -> None:
    positive = "Scars are common. Thirty patients were treated. Microneedling is effective."
    negative = "Scars are common. Thirty patients were treated. Microneedling did not help."
    report = evaluate(
        [
            example(positive, 30, "supports"),
            example(positive, 30, "supports"),
            example(positive, 30, "no_effect"),  # a miss on the minority side
            example(negative, 30, "no_effect"),
        ]
    )
    assert report.direction.balanced_accuracy == pytest.approx((1.0 + 0.5) / 2)
    assert "Direction" in format_report(report)


def test_unlabelled_direction_and_human_are_left_out_of_their_scores() -> None:
    positive = "Scars are common. Thirty patients were treated. Microneedling is effective."
    report = evaluate(
        [
            example(positive, 30, "supports", human=True),
            example(positive, 30, None),  # a study that tests nothing: no direction to score
            example(positive, 30, "no_effect", human=False),  # both wrong
        ]
    )
    assert report.direction.labels.n == 2
    assert report.direction.balanced_accuracy == pytest.approx((1.0 + 0.0) / 2)
    assert report.human_accuracy == pytest.approx(1 / 2)
    assert {(m.field, m.expected) for m in report.mismatches} == {
        ("direction", "no_effect"),
        ("human", "False"),
    }
    assert "Human vs animal/in-vitro accuracy: 0.500" in format_report(report)
    assert "Human" not in format_report(evaluate([example(positive, 30)]))


def test_bad_labels_are_rejected_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    record = {"title": "t", "labels": {"design": "trial", "direction": "supports"}}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_labelled(path, claims=repository_claims())


# --------------------------------------------------------------------- the labelled files

FILES = sorted(str(p.relative_to(LABELLED)) for p in LABELLED.glob("*/*.jsonl"))
MANIFEST = json.loads((LABELLED / "sets.json").read_text("utf-8"))["sets"]


def test_every_set_is_declared_blind_or_development_where_it_lives() -> None:
    declared = {entry["file"]: entry["status"] for entry in MANIFEST}
    assert sorted(declared) == FILES
    for name, status in declared.items():
        assert name.startswith(f"{status}/"), f"{name} is declared {status}"
    # A development set that was once blind keeps its first-run figures.
    assert all(
        "blind" in e
        for e in MANIFEST
        if e["status"] == "development" and e["file"] != "development/a.jsonl"
    )
    total = sum(len(load_labelled(LABELLED / n, claims=repository_claims())) for n in FILES)
    assert total >= 500


@pytest.mark.parametrize("name", FILES)
def test_labelled_file_is_well_formed(name: str) -> None:
    raw = [json.loads(line) for line in (LABELLED / name).read_text("utf-8").splitlines()]
    for record in raw:
        labels = record["labels"]
        assert labels["design"] in DESIGNS
        assert labels["direction"] in DIRECTIONS
        assert record["claim"] is None or record["claim"] in CLAIM_IDS, record["claim"]
        assert labels["design"] == "rct" or not labels["rct_within_person"]
        assert labels["n_participants"] is None or labels["n_participants"] > 0
        assert 900_000_000 < record["pmid"] < 1_000_000_000  # invented, never a real PMID


def test_pmids_are_unique_across_files() -> None:
    pmids = [
        json.loads(line)["pmid"]
        for name in FILES
        for line in (LABELLED / name).read_text("utf-8").splitlines()
    ]
    assert len(pmids) == len(set(pmids))


# Floors a little under what the rules reach on the DEVELOPMENT sets, so that a regression
# fails a test. These are development figures; blind sets have no floors here (a floor would
# invite tuning on them).
FLOORS = {
    "development/c.jsonl": {
        "design": 0.95,
        "design_text": 0.90,
        "rct_precision": 0.95,
        "rct_recall": 0.95,
        "exact": 0.95,
        "coverage": 0.90,
        "direction_macro_f1": 0.88,
        "balanced": 0.92,
        "relevance": 0.93,
    },
    "development/d.jsonl": {
        "design": 0.95,
        "design_text": 0.92,
        "rct_precision": 0.95,
        "rct_recall": 0.95,
        "exact": 0.95,
        "coverage": 0.95,
        "direction_macro_f1": 0.80,
        "balanced": 0.90,
        "relevance": 0.95,
    },
    "development/e.jsonl": {
        "design": 0.95,
        "design_text": 0.93,
        "rct_precision": 0.95,
        "rct_recall": 0.95,
        "exact": 0.95,
        "coverage": 0.95,
        "direction_macro_f1": 0.90,
        "balanced": 0.93,
        "relevance": 0.95,
    },
    "development/f.jsonl": {
        "design": 0.92,
        "design_text": 0.83,
        "rct_precision": 0.95,
        "rct_recall": 0.97,
        "exact": 0.95,
        "coverage": 0.95,
        "direction_macro_f1": 0.92,
        "balanced": 0.94,
        "relevance": 0.95,
        "risk_of_bias": 0.95,
    },
    "development/g.jsonl": {
        "design": 0.90,
        "design_text": 0.80,
        "rct_precision": 0.97,
        "rct_recall": 0.97,
        "exact": 0.97,
        "coverage": 0.95,
        "direction_macro_f1": 0.88,
        "balanced": 0.93,
        "relevance": 0.95,
        "risk_of_bias": 0.96,
    },
    "development/a.jsonl": {
        "design": 0.97,
        "design_text": 0.95,
        "rct_precision": 0.97,
        "rct_recall": 0.97,
        "exact": 0.97,
        "coverage": 0.95,
        "direction_macro_f1": 0.95,
        "balanced": 0.96,
        "relevance": 0.96,
    },
    "development/b.jsonl": {
        "design": 0.97,
        "design_text": 0.95,
        "rct_precision": 0.97,
        "rct_recall": 0.97,
        "exact": 0.97,
        "coverage": 0.95,
        "direction_macro_f1": 0.90,
        "balanced": 0.95,
        "relevance": 0.96,
    },
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_figures_stay_above_their_floors(name: str) -> None:
    report = report_for(name)
    floors = FLOORS[name]
    reached = {
        "design": report.design.labels.macro_f1,
        "design_text": report.design_text_only.labels.macro_f1,
        "rct_precision": report.design.rct_precision,
        "rct_recall": report.design.rct_recall,
        "exact": report.participants.exact,
        "coverage": report.participants.coverage,
        "direction_macro_f1": report.direction.labels.macro_f1,
        "balanced": report.direction.balanced_accuracy,
        "relevance": report.relevance_accuracy or 0.0,  # every labelled abstract labels it
        "risk_of_bias": report.risk_of_bias.all_domains if report.risk_of_bias else 0.0,
    }
    below = {key: round(value, 3) for key, value in reached.items() if value < floors.get(key, 0.0)}
    assert not below, f"{name}: below floor: {below}"


# --------------------------------------------------------------------- real PubMed records


@cache
def real_records() -> tuple[ArticleRecord, ...]:
    records: dict[int, ArticleRecord] = {}
    for path in sorted(REAL_EUTILS.iterdir()):
        if not path.name.endswith((".xml", ".xml.gz")):
            continue
        try:
            records.update((r.pmid, r) for r in iter_records(path) if isinstance(r, ArticleRecord))
        except TrackerError:
            continue  # not an article set (esearch, einfo, error responses)
    return tuple(records.values())


@pytest.mark.skipif(NO_REAL_EUTILS is not None, reason=str(NO_REAL_EUTILS))
def test_randomised_trials_are_found_in_real_records_from_text_alone() -> None:
    records = real_records()
    assert len(records) > 500
    reference: list[Design] = []
    predicted: list[Design] = []
    for record in records:
        implied = design_from_publication_types(record.publication_types)
        if implied is None:
            continue
        hidden = StudyInput(
            title=record.title,
            abstract=record.abstract,
            abstract_sections=tuple(record.abstract_sections),
        )
        reference.append(implied)
        predicted.append(classify_design(hidden, use_publication_types=False)[0].value)
    scores = score_designs(reference, predicted)
    assert scores.rct_precision >= 0.9
    assert scores.rct_recall >= 0.85


REAL_LABELS = HERE / "data" / "real_records" / "labels.jsonl"


def test_real_record_labels_use_the_vocabularies_and_quote_nothing() -> None:
    rows = [json.loads(line) for line in REAL_LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len({row["pmid"] for row in rows}) >= 300
    for row in rows:
        assert row["design"] in DESIGNS
        assert row["direction"] in (*DIRECTIONS, None)
        assert row["n_participants"] is None or row["n_participants"] > 0
        # Labels and short notes in our own words only: no abstract text enters the repository.
        assert set(row) == {
            "pmid",
            "design",
            "rct_within_person",
            "n_participants",
            "n_unit",
            "direction",
            "human",
            "note",
        }
        assert len(row["note"].split()) <= 25


@pytest.mark.skipif(NO_REAL_EUTILS is not None, reason=str(NO_REAL_EUTILS))
def test_hand_labelled_real_records_keep_their_design_figures() -> None:
    labels = {
        row["pmid"]: row
        for row in map(json.loads, REAL_LABELS.read_text(encoding="utf-8").splitlines())
    }
    records = {r.pmid: r for r in real_records() if r.pmid in labels}
    assert set(records) == set(labels)  # every labelled PMID is a real record
    reference: list[Design] = []
    predicted: list[Design] = []
    for pmid, record in records.items():
        study = StudyInput(
            title=record.title,
            abstract=record.abstract,
            abstract_sections=tuple(record.abstract_sections),
        )
        reference.append(labels[pmid]["design"])
        predicted.append(classify_design(study, use_publication_types=False)[0].value)
    scores = score_designs(reference, predicted)
    # A little under the measured figures (benchmarks/evaluate_evidence.py, part (c)).
    assert scores.labels.accuracy >= 0.89
    assert scores.labels.macro_f1 >= 0.84
    assert scores.rct_precision >= 0.95
    assert scores.rct_recall >= 0.95
