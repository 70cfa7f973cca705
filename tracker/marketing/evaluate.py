"""Score the claim checker against marketing texts labelled with the claims they make.

A labelled text is one JSON line: `name`, `style`, `text`, and `claims`, mapping each claim
id the text makes to what it asserts ("claim", "opposite", or a list of both when different
sentences say both). The figures: the share of labelled claims found (whatever direction), the
share found with a labelled direction, how many texts had at least 80% of their claims found,
and the claims found that the labels do not name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.checker import check_text
from tracker.marketing.matcher import ClaimMatcher

TEXT_FLOOR = 0.8  # a text "passes" when at least this share of its claims is found


@dataclass(frozen=True, slots=True)
class LabelledText:
    name: str
    style: str
    text: str
    claims: dict[str, frozenset[str]]  # claim id -> asserts labelled


@dataclass(frozen=True, slots=True)
class TextScore:
    name: str
    labelled: int
    found: int
    directed: int  # found with a labelled direction
    missed: tuple[str, ...]
    wrong_direction: tuple[str, ...]
    extra: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetScore:
    texts: tuple[TextScore, ...]

    @property
    def labelled(self) -> int:
        return sum(t.labelled for t in self.texts)

    @property
    def recall(self) -> float:
        return sum(t.found for t in self.texts) / max(self.labelled, 1)

    @property
    def directed(self) -> float:
        return sum(t.directed for t in self.texts) / max(self.labelled, 1)

    @property
    def texts_passing(self) -> int:
        return sum(1 for t in self.texts if t.found >= TEXT_FLOOR * t.labelled)

    @property
    def extra(self) -> int:
        return sum(len(t.extra) for t in self.texts)


def load_texts(path: Path) -> list[LabelledText]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        claims = {
            claim: frozenset([said] if isinstance(said, str) else said)
            for claim, said in data["claims"].items()
        }
        texts.append(LabelledText(data["name"], data["style"], data["text"], claims))
    return texts


def score(texts: Iterable[LabelledText], matcher: ClaimMatcher) -> SetScore:
    scores = []
    for labelled in texts:
        found: dict[str, set[str]] = {}
        for finding in check_text(labelled.text, matcher).findings:
            if finding.claim is not None and finding.asserts is not None:
                found.setdefault(finding.claim, set()).add(finding.asserts)
        want = labelled.claims
        scores.append(
            TextScore(
                name=labelled.name,
                labelled=len(want),
                found=sum(1 for claim in want if claim in found),
                directed=sum(1 for claim, said in want.items() if said & found.get(claim, set())),
                missed=tuple(claim for claim in want if claim not in found),
                wrong_direction=tuple(
                    claim
                    for claim, said in want.items()
                    if claim in found and not said & found[claim]
                ),
                extra=tuple(sorted(set(found) - set(want))),
            )
        )
    return SetScore(tuple(scores))


def format_score(result: SetScore, *, title: str, details: bool = False) -> str:
    lines = [
        f"{title}: {len(result.texts)} texts, {result.labelled} claims made",
        f"  claims found             {result.recall:.3f}",
        f"  found with the direction {result.directed:.3f}",
        f"  texts with >= {TEXT_FLOOR:.0%} found   {result.texts_passing} of {len(result.texts)}",
        f"  claims found not labelled {result.extra}",
    ]
    if details:
        for text in result.texts:
            if text.missed or text.wrong_direction or text.extra:
                lines.append(
                    f"    {text.name}: missed {list(text.missed)}, wrong direction "
                    f"{list(text.wrong_direction)}, not labelled {list(text.extra)}"
                )
    return "\n".join(lines)


def score_files(paths: Sequence[Path], matcher: ClaimMatcher) -> dict[str, SetScore]:
    return {path.stem: score(load_texts(path), matcher) for path in paths}
