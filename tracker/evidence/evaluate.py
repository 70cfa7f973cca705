"""How well the per-study classifiers agree with labels a methodologist wrote.

`load_labelled(path)` reads a JSONL file of labelled abstracts, `evaluate(examples)` scores
design (with and without publication types), participants, direction and relevance, and
`format_report(report)` prints the figures. `score_designs` scores design alone, for sets where
the only reference is what NLM's publication types imply.

Definitions:
- per-class precision, recall and F1; macro-F1 is the mean F1 over every label that occurs in
  the reference or the predictions (a predicted label that never occurs scores F1 = 0);
- participants: "exact" is the share of answers (predictions that are not None) equal to the
  label, counting an answer where the label is None as wrong; "coverage" is the share of
  labelled counts for which an answer was given;
- direction balanced accuracy is the mean of the recall of "supports" and the recall of
  everything else ("not supports");
- direction, relevance and the human flag are scored only on examples that label them (a real
  record that tests no intervention has no direction to read).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from tracker.evidence.assess import assess
from tracker.evidence.bias import DOMAINS
from tracker.evidence.labels import DESIGNS, DIRECTIONS, Design, Direction
from tracker.evidence.study import Assessment, ClaimContext, Finding, StudyInput
from tracker.pubmed.records import AbstractSection


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """One labelled abstract: the input, the claim it is read for, and the reference labels."""

    study: StudyInput
    claim: ClaimContext | None
    design: Design
    rct_within_person: bool
    n_participants: int | None
    n_unit: str | None
    direction: Direction | None  # None: not labelled (the study tests no intervention)
    relevant: bool | None  # None: not labelled (no claim to be relevant to)
    note: str | None = None
    human: bool | None = None  # None: not labelled
    risk_of_bias: Mapping[str, str] | None = None  # the five domains; None: not a trial


@dataclass(frozen=True, slots=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # how often the label is the reference
    predicted: int  # how often it was predicted


@dataclass(frozen=True, slots=True)
class LabelScores:
    """Agreement on one categorical field."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: tuple[ClassScore, ...]


@dataclass(frozen=True, slots=True)
class DesignScores:
    labels: LabelScores
    rct_precision: float
    rct_recall: float
    within_person_accuracy: float | None  # among reference RCTs; None when not labelled


@dataclass(frozen=True, slots=True)
class ParticipantScores:
    labelled: int  # examples whose label is a number
    answered: int  # examples where a number was predicted
    exact: float  # share of answers equal to the label
    coverage: float  # share of labelled numbers that got an answer
    abstained_correctly: int  # label None and prediction None
    unit_accuracy: float  # n_unit agreement over all examples


@dataclass(frozen=True, slots=True)
class DirectionScores:
    labels: LabelScores
    balanced_accuracy: float  # supports versus everything else


@dataclass(frozen=True, slots=True)
class Mismatch:
    pmid: int | None
    field: str
    expected: str
    predicted: str
    rule: str | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    n: int
    design: DesignScores
    design_text_only: DesignScores
    participants: ParticipantScores
    direction: DirectionScores
    relevance_accuracy: float | None  # None when no example labels relevance
    mismatches: tuple[Mismatch, ...]
    human_accuracy: float | None = None  # None when no example labels it
    risk_of_bias: RobScores | None = None  # None when no example labels it


@dataclass(frozen=True, slots=True)
class RobScores:
    """Agreement with a methodologist's risk-of-bias judgements, domain by domain.

    Scored on the examples that label the domains (trials and controlled studies); where the
    reader judged nothing (it took the study for another design) every domain counts as
    "unclear", which is what it reported.
    """

    studies: int
    per_domain: tuple[tuple[str, float], ...]
    all_domains: float  # share of all domain judgements that agree


# ---------------------------------------------------------------------------------------------
# Loading


def load_labelled(path: Path, *, claims: Mapping[str, ClaimContext]) -> list[LabelledExample]:
    """Read one JSONL file of labelled abstracts, each read for a claim of `claims` (or none)."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                examples.append(_example(json.loads(line), claims))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path.name}:{number}: bad labelled example: {exc}") from exc
    return examples


def _example(raw: dict[str, Any], claims: Mapping[str, ClaimContext]) -> LabelledExample:
    labels = raw["labels"]
    claim_id = raw.get("claim")
    if claim_id is not None and claim_id not in claims:
        raise ValueError(f"unknown claim {claim_id!r}")
    design = labels["design"]
    direction = labels["direction"]
    if design not in DESIGNS or direction not in DIRECTIONS:
        raise ValueError(f"unknown label {design!r} or {direction!r}")
    sections = tuple(
        AbstractSection(text=s["text"], label=s.get("label"), category=s.get("category") or None)
        for s in raw.get("abstract_sections") or ()
    )
    study = StudyInput(
        pmid=raw.get("pmid"),
        title=raw.get("title") or "",
        abstract=raw.get("abstract") or "",
        abstract_sections=sections,
        publication_types=tuple(raw.get("publication_types") or ()),
        mesh_terms=tuple(raw.get("mesh_terms") or ()),
        retracted=bool(raw.get("retracted", False)),
        expression_of_concern=bool(raw.get("expression_of_concern", False)),
    )
    return LabelledExample(
        study=study,
        claim=claims[claim_id] if claim_id is not None else None,
        design=cast(Design, design),
        rct_within_person=bool(labels["rct_within_person"]),
        n_participants=labels["n_participants"],
        n_unit=labels["n_unit"],
        direction=cast(Direction, direction),
        relevant=bool(labels["relevant"]),
        note=raw.get("note"),
        risk_of_bias=_rob_labels(labels.get("risk_of_bias")),
    )


def _rob_labels(raw: Any) -> dict[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != set(DOMAINS):
        raise ValueError(f"risk_of_bias must give exactly the domains {', '.join(DOMAINS)}")
    if any(value not in ("low", "high", "unclear") for value in raw.values()):
        raise ValueError("risk_of_bias judgements are low, high or unclear")
    return {domain: str(raw[domain]) for domain in DOMAINS}


# ---------------------------------------------------------------------------------------------
# Scoring


def score_labels(reference: Sequence[str], predicted: Sequence[str]) -> LabelScores:
    """Accuracy, macro-F1 and per-class precision/recall of one categorical field."""
    if len(reference) != len(predicted):
        raise ValueError("reference and predictions differ in length")
    labels = sorted(set(reference) | set(predicted))
    per_class = []
    for label in labels:
        true_pos = sum(r == label and p == label for r, p in zip(reference, predicted, strict=True))
        support = sum(r == label for r in reference)
        count = sum(p == label for p in predicted)
        precision = true_pos / count if count else 0.0
        recall = true_pos / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class.append(ClassScore(label, precision, recall, f1, support, count))
    n = len(reference)
    accuracy = sum(r == p for r, p in zip(reference, predicted, strict=True)) / n if n else 0.0
    macro = sum(c.f1 for c in per_class) / len(per_class) if per_class else 0.0
    return LabelScores(n, accuracy, macro, tuple(per_class))


def score_designs(
    reference: Sequence[Design],
    predicted: Sequence[Design],
    within_reference: Sequence[bool] | None = None,
    within_predicted: Sequence[bool] | None = None,
) -> DesignScores:
    """Design agreement, with RCT precision and recall and (optionally) the within-person flag."""
    labels = score_labels(reference, predicted)
    rct = next((c for c in labels.per_class if c.label == "rct"), None)
    within_accuracy = None
    if within_reference is not None and within_predicted is not None:
        pairs = [
            (r, p)
            for design, r, p in zip(reference, within_reference, within_predicted, strict=True)
            if design == "rct"
        ]
        within_accuracy = sum(r == p for r, p in pairs) / len(pairs) if pairs else None
    return DesignScores(
        labels=labels,
        rct_precision=rct.precision if rct else 0.0,
        rct_recall=rct.recall if rct else 0.0,
        within_person_accuracy=within_accuracy,
    )


def score_directions(
    reference: Sequence[Direction], predicted: Sequence[Direction]
) -> DirectionScores:
    """Direction agreement, with balanced accuracy of "supports" against everything else."""
    pairs = list(zip(reference, predicted, strict=True))
    supports_hits = [p == "supports" for r, p in pairs if r == "supports"]
    others_hits = [p != "supports" for r, p in pairs if r != "supports"]
    balanced = (
        _share(sum(supports_hits), supports_hits) + _share(sum(others_hits), others_hits)
    ) / 2
    return DirectionScores(score_labels(reference, predicted), balanced)


def evaluate(examples: Iterable[LabelledExample]) -> EvaluationReport:
    """Run `assess` on every example (with and without publication types) and score it."""
    items = list(examples)
    with_types = [assess(e.study, e.claim) for e in items]
    text_only = [assess(e.study, e.claim, use_publication_types=False) for e in items]

    design = score_designs(
        [e.design for e in items],
        [a.design.value for a in with_types],
        [e.rct_within_person for e in items],
        [a.rct_within_person for a in with_types],
    )
    design_text = score_designs(
        [e.design for e in items],
        [a.design.value for a in text_only],
        [e.rct_within_person for e in items],
        [a.rct_within_person for a in text_only],
    )

    answered = [
        (e, a) for e, a in zip(items, with_types, strict=True) if a.participants.value is not None
    ]
    labelled = [e for e in items if e.n_participants is not None]
    covered = sum(
        1
        for e, a in zip(items, with_types, strict=True)
        if e.n_participants is not None and a.participants.value is not None
    )
    participants = ParticipantScores(
        labelled=len(labelled),
        answered=len(answered),
        exact=_share(sum(e.n_participants == a.participants.value for e, a in answered), answered),
        coverage=_share(covered, labelled),
        abstained_correctly=sum(
            e.n_participants is None and a.participants.value is None
            for e, a in zip(items, with_types, strict=True)
        ),
        unit_accuracy=_share(
            sum(e.n_unit == a.n_unit for e, a in zip(items, with_types, strict=True)), items
        ),
    )

    directed = [
        (e.direction, a.direction.value)
        for e, a in zip(items, with_types, strict=True)
        if e.direction is not None
    ]
    direction = score_directions([r for r, _ in directed], [p for _, p in directed])

    relevance = _labelled_share(
        [(e.relevant, a.relevant.value) for e, a in zip(items, with_types, strict=True)]
    )
    human = _labelled_share([(e.human, a.human) for e, a in zip(items, with_types, strict=True)])
    return EvaluationReport(
        risk_of_bias=score_risk_of_bias(items, with_types),
        n=len(items),
        design=design,
        design_text_only=design_text,
        participants=participants,
        direction=direction,
        relevance_accuracy=relevance,
        mismatches=tuple(_mismatches(items, with_types, text_only)),
        human_accuracy=human,
    )


def score_risk_of_bias(
    items: Sequence[LabelledExample], assessed: Sequence[Assessment]
) -> RobScores | None:
    """Domain-by-domain agreement on the examples that label risk of bias."""
    pairs = [(e.risk_of_bias, a) for e, a in zip(items, assessed, strict=True) if e.risk_of_bias]
    if not pairs:
        return None
    agree = {domain: 0 for domain in DOMAINS}
    for labels, got in pairs:
        judged = got.risk_of_bias.domains() if got.risk_of_bias else {}
        for domain in DOMAINS:
            predicted = judged[domain].judgement if domain in judged else "unclear"
            agree[domain] += labels[domain] == predicted
    per_domain = tuple((domain, agree[domain] / len(pairs)) for domain in DOMAINS)
    return RobScores(len(pairs), per_domain, sum(agree.values()) / (len(pairs) * len(DOMAINS)))


def _share(count: int, of: Sequence[object]) -> float:
    return count / len(of) if of else 0.0


def _labelled_share(pairs: Sequence[tuple[object, object]]) -> float | None:
    """Agreement over the pairs whose label (first item) is not None; None when there are none."""
    scored = [(label, got) for label, got in pairs if label is not None]
    return _share(sum(label == got for label, got in scored), scored) if scored else None


def _mismatches(
    items: list[LabelledExample], with_types: list[Assessment], text_only: list[Assessment]
) -> list[Mismatch]:
    found = []
    for example, got, text in zip(items, with_types, text_only, strict=True):
        pmid = example.study.pmid
        checks: list[tuple[str, object, Finding[Any]]] = [
            ("design", example.design, got.design),
            ("design_text_only", example.design, text.design),
            ("participants", example.n_participants, got.participants),
            ("direction", example.direction, got.direction),
            ("relevant", example.relevant, got.relevant),
        ]
        for field, expected, finding in checks:
            unlabelled = expected is None and field in ("direction", "relevant")
            if not unlabelled and expected != finding.value:
                found.append(
                    Mismatch(
                        pmid,
                        field,
                        str(expected),
                        str(finding.value),
                        finding.rule,
                        finding.evidence,
                    )
                )
        if example.rct_within_person != got.rct_within_person:
            found.append(
                Mismatch(
                    pmid,
                    "rct_within_person",
                    str(example.rct_within_person),
                    str(got.rct_within_person),
                    None,
                    None,
                )
            )
        if example.human is not None and example.human != got.human:
            found.append(Mismatch(pmid, "human", str(example.human), str(got.human), None, None))
        if example.n_unit != got.n_unit:
            found.append(Mismatch(pmid, "n_unit", str(example.n_unit), str(got.n_unit), None, None))
    return found


# ---------------------------------------------------------------------------------------------
# Report


def format_design_scores(scores: DesignScores, heading: str) -> str:
    lines = [
        f"{heading}: macro-F1 {scores.labels.macro_f1:.3f}, accuracy {scores.labels.accuracy:.3f}"
        f" (n={scores.labels.n}); RCT precision {scores.rct_precision:.3f}, recall "
        f"{scores.rct_recall:.3f}",
    ]
    if scores.within_person_accuracy is not None:
        lines[0] += f"; within-person flag accuracy {scores.within_person_accuracy:.3f}"
    lines.extend(_class_table(scores.labels))
    return "\n".join(lines)


def format_direction_scores(scores: DirectionScores, heading: str) -> str:
    lines = [
        f"{heading}: macro-F1 {scores.labels.macro_f1:.3f}, accuracy "
        f"{scores.labels.accuracy:.3f}; balanced accuracy (supports vs rest) "
        f"{scores.balanced_accuracy:.3f} (n={scores.labels.n})",
        *_class_table(scores.labels),
    ]
    return "\n".join(lines)


def format_report(report: EvaluationReport, title: str = "Evaluation") -> str:
    """A plain-text report of every figure in `report`."""
    part = report.participants
    lines = [
        f"{title} ({report.n} abstracts)",
        format_design_scores(report.design, "Design with publication types"),
        format_design_scores(report.design_text_only, "Design from text alone"),
        f"Participants: exact {part.exact:.3f} of {part.answered} answers; coverage "
        f"{part.coverage:.3f} of {part.labelled} labelled counts; correct abstentions "
        f"{part.abstained_correctly}; unit agreement {part.unit_accuracy:.3f}",
    ]
    if report.direction.labels.n:
        lines.append(format_direction_scores(report.direction, "Direction"))
    if report.relevance_accuracy is not None:
        lines.append(f"Relevance accuracy: {report.relevance_accuracy:.3f}")
    if report.human_accuracy is not None:
        lines.append(f"Human vs animal/in-vitro accuracy: {report.human_accuracy:.3f}")
    rob = report.risk_of_bias
    if rob is not None:
        domains = ", ".join(f"{domain} {share:.3f}" for domain, share in rob.per_domain)
        lines.append(
            f"Risk of bias: {rob.all_domains:.3f} of {rob.studies * len(DOMAINS)} domain "
            f"judgements agree ({rob.studies} trials); {domains}"
        )
    return "\n".join(lines)


def format_mismatches(report: EvaluationReport) -> str:
    """One line per disagreement, with the rule and sentence that decided the prediction."""
    lines = []
    for m in report.mismatches:
        evidence = (m.evidence or "")[:140]
        lines.append(
            f"{m.pmid} {m.field}: expected {m.expected}, got {m.predicted} [{m.rule}] {evidence}"
        )
    return "\n".join(lines)


def _class_table(scores: LabelScores) -> list[str]:
    rows = [f"    {'label':<26}{'precision':>10}{'recall':>8}{'F1':>7}{'ref':>6}{'pred':>6}"]
    for c in scores.per_class:
        rows.append(
            f"    {c.label:<26}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}"
            f"{c.support:>6}{c.predicted:>6}"
        )
    return rows
