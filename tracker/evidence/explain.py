"""Why the tracker says what it says about a study: each reader's answer, rule and sentence.

`explain(study, claim)` runs the readers as `assess` does and lays out, one line per reader,
the value, where it came from (publication type, text rule, nothing), the rule that fired and
the sentence that decided it, so a researcher can check every call against the abstract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.evidence.assess import assess
from tracker.evidence.study import Assessment, ClaimContext, Finding, StudyInput


@dataclass(frozen=True, slots=True)
class ReaderAnswer:
    """One reader's answer about one study."""

    reader: str
    value: str
    source: str
    rule: str | None
    evidence: str | None

    def to_json(self) -> dict[str, str | None]:
        return {
            "reader": self.reader,
            "value": self.value,
            "source": self.source,
            "rule": self.rule,
            "evidence": self.evidence,
        }


def explain(study: StudyInput, claim: ClaimContext | None) -> list[ReaderAnswer]:
    """Every reader's answer about `study`, read for `claim` (or for efficacy in general)."""
    return answers(assess(study, claim))


def answers(result: Assessment) -> list[ReaderAnswer]:
    """The readers' answers of an assessment, in the order a methodologist reads them."""
    rows = [
        _row("design", result.design),
        _row("participants", result.participants, suffix=_unit(result.n_unit)),
        _row("relevance", result.relevant),
        _row("direction", result.direction),
    ]
    if result.risk_of_bias is not None:
        for domain, judgement in result.risk_of_bias.domains().items():
            rows.append(
                ReaderAnswer(
                    f"risk of bias: {domain.replace('_', ' ')}",
                    judgement.judgement,
                    "text" if judgement.evidence else "none",
                    judgement.rule,
                    judgement.evidence,
                )
            )
        rows.append(
            ReaderAnswer("risk of bias: overall", result.risk_of_bias.overall, "text", None, None)
        )
    if result.stated_certainty is not None:
        rows.append(_row("certainty stated by the review", result.stated_certainty))
    flags = [
        name
        for name, flag in (
            ("retracted", result.retracted),
            ("expression of concern", result.expression_of_concern),
            ("animal or in-vitro", result.animal_or_in_vitro),
            ("within-person randomised", result.rct_within_person),
        )
        if flag
    ]
    if flags:
        rows.append(ReaderAnswer("flags", ", ".join(flags), "text", None, None))
    return rows


def readings_json(
    pmid: int, readings: dict[str | None, list[ReaderAnswer]]
) -> list[dict[str, object]]:
    """`tracker explain --format json`: one object per claim read for."""
    return [
        {"pmid": pmid, "claim": claim_id, "answers": [answer.to_json() for answer in rows]}
        for claim_id, rows in readings.items()
    ]


def format_readings(pmid: int, title: str, readings: dict[str | None, list[ReaderAnswer]]) -> str:
    """`tracker explain` as text: the record, then each claim's answers."""
    blocks = [f"PMID {pmid}: {title or '(title not stored)'}"]
    for claim_id, rows in readings.items():
        read_for = f"claim {claim_id}" if claim_id else "efficacy in general"
        blocks.append(f"\nRead for {read_for}:\n{format_answers(rows)}")
    return "\n".join(blocks)


def format_answers(rows: list[ReaderAnswer]) -> str:
    """Plain text: one block per reader."""
    lines = []
    for row in rows:
        rule = f" [{row.rule}]" if row.rule else ""
        lines.append(f"{row.reader}: {row.value} ({row.source}){rule}")
        if row.evidence:
            lines.append(f"    {row.evidence}")
    return "\n".join(lines)


def _row(reader: str, finding: Finding[Any], suffix: str = "") -> ReaderAnswer:
    value = "not stated" if finding.value is None else str(finding.value)
    return ReaderAnswer(reader, value + suffix, finding.source, finding.rule, finding.evidence)


def _unit(unit: str | None) -> str:
    return f" (also counts {unit})" if unit else ""
