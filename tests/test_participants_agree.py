"""One participant figure per label: the views, the timeline, `tracker grade` and the exports.

A reader who sees "people in controlled studies" on the claim page, in the overview, at the
end of the cumulative chart, in the CLI and in an exported card must see the same number.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.test_store_views import build_corpus_database
from tracker import store
from tracker.cli import app
from tracker.evidence.grade import PARTICIPANTS_ALL_LABEL, PARTICIPANTS_LABEL
from tracker.export import render_json, render_markdown
from tracker.store import views

EXPORTED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def built(db_url: str, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    engine = build_corpus_database(db_url, tmp_path)
    try:
        yield db_url, engine
    finally:
        engine.dispose()


def test_every_place_prints_the_same_number_under_the_same_label(
    built: tuple[str, Engine],
) -> None:
    url, engine = built
    graded = CliRunner().invoke(app, ["grade", "--format", "json", "--db", url])
    assert graded.exit_code == 0, graded.output
    printed = json.loads(graded.stdout)
    from_cli = {p["id"]: (p["participants"], p["participants_all"]) for p in printed}

    with store.session_scope(engine) as session:
        cards = views.claim_cards(session=session)
        checked = 0
        for card in cards:
            if card.profile is None:
                continue
            expected = (card.profile.participants, card.profile.participants_all)
            assert from_cli[card.claim_id] == expected
            studies = views.claim_studies(session=session, claim_id=card.claim_id)

            timeline = views.cumulative_timeline(
                studies, claim_id=card.claim_id, polarity=card.polarity
            )
            if timeline.grades and timeline.undated == 0:
                last = timeline.grades[-1]
                assert (last.participants, last.participants_all) == expected
                # The designs of the last year add up to the "all studies" figure, not to a
                # third number that also counts reviews' pooled participants.
                final = [p for p in timeline.by_design if p.year == last.year]
                assert sum(p.participants for p in final) == card.profile.participants_all

            markdown = render_markdown(card, studies, exported_at=EXPORTED_AT)
            controlled = re.search(rf"{PARTICIPANTS_LABEL}: (\d+)", markdown)
            everyone = re.search(rf"{PARTICIPANTS_ALL_LABEL}: (\d+)", markdown)
            assert controlled and everyone, markdown
            assert (int(controlled[1]), int(everyone[1])) == expected

            document = json.loads(render_json(card, studies, exported_at=EXPORTED_AT))
            profile = document["profile"]
            assert (profile["participants"], profile["participants_all"]) == expected
            assert document["participant_labels"] == {
                "participants": PARTICIPANTS_LABEL,
                "participants_all": PARTICIPANTS_ALL_LABEL,
            }
            checked += 1
    assert checked >= 3


def test_the_grade_table_heads_each_figure_with_what_it_counts(built: tuple[str, Engine]) -> None:
    url, _ = built
    table = CliRunner().invoke(
        app, ["grade", "--db", url], env={"COLUMNS": "400"}, terminal_width=400
    )
    assert table.exit_code == 0, table.output
    assert PARTICIPANTS_LABEL in table.stdout and PARTICIPANTS_ALL_LABEL in table.stdout
    assert "very_low" not in table.stdout
