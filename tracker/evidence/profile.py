"""The grader's output: a claim's profile, its reasons, and what changed between two gradings.

The rules that fill these in live in `tracker.evidence.grade` (its docstring is the rulebook);
this module only holds the shapes, their JSON form and the comparison of two profiles. A stored
profile is read back with pydantic, strictly (no "12" for 12, no list where an object belongs),
and a malformed one raises a ValueError naming the field. Profiles stored under older rules stay
readable: a field added since then takes its default.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, with_config

from tracker.evidence.labels import Design

Certainty = Literal["high", "moderate", "low", "very_low", "insufficient"]
VerdictLabel = Literal[
    "Supported", "Not supported", "Contradicted", "Mixed", "Insufficient evidence"
]
ExclusionWhy = Literal["deleted", "retracted", "curator excluded", "not relevant"]
OverrideField = Literal["included", "design", "direction", "n_participants", "risk_of_bias"]
ChangeKind = Literal["new", "certainty", "verdict_label", "verdict", "best_design"]

CERTAINTIES: tuple[Certainty, ...] = get_args(Certainty)
VERDICT_LABELS: tuple[VerdictLabel, ...] = get_args(VerdictLabel)

# Rank of each rated certainty; "insufficient" is not a rating and sits below the floor.
CERTAINTY_RANK: dict[Certainty, int] = {
    "insufficient": -1,
    "very_low": 0,
    "low": 1,
    "moderate": 2,
    "high": 3,
}

# What `ClaimProfile.participants` and `participants_all` count, as a reader should see them
# printed beside the number (one definition per label; reviews never add to either).
PARTICIPANTS_LABEL = "people in controlled studies"
PARTICIPANTS_ALL_LABEL = "people in all studies"

_STORED = ConfigDict(strict=True, serialize_by_alias=True)


@with_config(_STORED)
@dataclass(frozen=True)
class Reason:
    """One step of the rating: `step` is the change in certainty levels, 0 when informational.

    `code` is for programs (start, risk_of_bias, inconsistency, imprecision, indirectness,
    publication_bias, review_certainty, ceiling; notes: within_person, unclear, excluded,
    override); `text` is for people and never shows a code.
    """

    code: str
    text: str
    step: int = 0


@with_config(_STORED)
@dataclass(frozen=True)
class Consensus:
    """Design-weighted shares of the included studies' directions (rulebook 6)."""

    supports: float
    against: float
    unclear: float
    total_weight: float
    weights: dict[Design, float]


@with_config(_STORED)
@dataclass(frozen=True)
class ExcludedStudy:
    pmid: int
    title: str
    why: ExclusionWhy


@with_config(_STORED)
@dataclass(frozen=True)
class OverrideNote:
    pmid: int
    title: str
    fields: tuple[OverrideField, ...]
    note: str | None


@with_config(_STORED)
@dataclass(frozen=True)
class ClaimProfile:
    """The graded evidence for one claim, as stored per run and shown on the dashboard."""

    claim_id: Annotated[str, Field(alias="id")]
    certainty: Certainty
    verdict: str
    verdict_label: VerdictLabel
    best_design: Design | None
    counts: dict[Design, int]
    participants: int  # PARTICIPANTS_LABEL
    participants_all: int  # PARTICIPANTS_ALL_LABEL
    consensus: Consensus
    reasons: tuple[Reason, ...]
    n_included: int
    excluded: tuple[ExcludedStudy, ...]
    overrides: tuple[OverrideNote, ...]
    rules_version: int  # the grader's RULES_VERSION when this profile was made

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = _PROFILE.dump_python(self, mode="json", by_alias=True)
        return data

    @classmethod
    def from_json(cls, d: Mapping[str, object]) -> ClaimProfile:
        """Rebuild a profile from `to_json` output, of this or an older rules version.

        ValueError (naming the field) when the data is malformed.
        """
        try:
            text = json.dumps(d)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"stored profile is not JSON data: {exc}") from exc
        try:
            return _PROFILE.validate_json(text)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"]) or "profile"
            got = "" if error["type"] == "missing" else f" (got {error['input']!r})"
            raise ValueError(f"stored profile: {where}: {error['msg']}{got}") from None


_PROFILE: TypeAdapter[ClaimProfile] = TypeAdapter(ClaimProfile)


# ----------------------------------------------------------------------------------------------
# Changes between runs


@dataclass(frozen=True)
class ProfileChange:
    """What moved between two gradings of a claim; `changed` says which parts."""

    claim_id: str
    changed: tuple[ChangeKind, ...]
    certainty_before: Certainty | None
    certainty_after: Certainty
    verdict_label_before: VerdictLabel | None
    verdict_label_after: VerdictLabel
    verdict_before: str | None
    verdict_after: str
    best_design_before: Design | None
    best_design_after: Design | None
    reasons: tuple[Reason, ...]  # the new profile's

    @property
    def certainty_steps(self) -> int:
        """Levels gained (positive) or lost (negative); a new claim counts from insufficient."""
        before = "insufficient" if self.certainty_before is None else self.certainty_before
        return CERTAINTY_RANK[self.certainty_after] - CERTAINTY_RANK[before]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.claim_id,
            "changed": list(self.changed),
            "before": {}  # a new claim had no profile
            if self.certainty_before is None
            else {
                "certainty": self.certainty_before,
                "verdict_label": self.verdict_label_before,
                "verdict": self.verdict_before,
                "best_design": self.best_design_before,
            },
            "after": {
                "certainty": self.certainty_after,
                "verdict_label": self.verdict_label_after,
                "verdict": self.verdict_after,
                "best_design": self.best_design_after,
            },
            "reasons": [dataclasses.asdict(r) for r in self.reasons],
        }


def diff_profiles(before: ClaimProfile | None, after: ClaimProfile) -> ProfileChange | None:
    """The change from `before` to `after`, or None when nothing an alert cares about moved.

    A verdict change alone (say, more participants) is reported with `changed == ("verdict",)`,
    so a caller that alerts only on certainty or label changes can filter on `changed`.
    `before` may have been graded under older rules (read with `ClaimProfile.from_json`).
    """
    if before is not None and before.claim_id != after.claim_id:
        raise ValueError(f"cannot compare claim {before.claim_id} with claim {after.claim_id}")
    changed: list[ChangeKind] = []
    if before is None:
        changed.append("new")
    else:
        if before.certainty != after.certainty:
            changed.append("certainty")
        if before.verdict_label != after.verdict_label:
            changed.append("verdict_label")
        if before.verdict != after.verdict:
            changed.append("verdict")
        if before.best_design != after.best_design:
            changed.append("best_design")
    if not changed:
        return None
    return ProfileChange(
        claim_id=after.claim_id,
        changed=tuple(changed),
        certainty_before=None if before is None else before.certainty,
        certainty_after=after.certainty,
        verdict_label_before=None if before is None else before.verdict_label,
        verdict_label_after=after.verdict_label,
        verdict_before=None if before is None else before.verdict,
        verdict_after=after.verdict,
        best_design_before=None if before is None else before.best_design,
        best_design_after=after.best_design,
        reasons=after.reasons,
    )
