"""A claim is data: a new claim file is tracked, fetched, assessed, graded and shown, and the
readers take what it asserts from the file, with no code naming it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.claim_contexts import QUERIES
from tracker import db, store
from tracker.cli import app
from tracker.store import views

runner = CliRunner()
REPO = QUERIES.parent

NEW_CLAIM = """\
id = "plantar-warts"
claim = "Microneedling with a topical agent clears plantar warts"
indication = "Plantar warts"
polarity = "benefit"
asserts = "efficacy"
topic_terms = ["wart*", "verruca*"]
pubmed_query = '''(microneedling[tiab] OR needling[tiab]) AND (wart[tiab] OR warts[tiab])'''
marketing_phrases = ["warts gone", "verruca removal"]
"""


def test_no_claim_id_is_written_into_the_code() -> None:
    ids = [path.stem for path in QUERIES.glob("*.toml") if "-" in path.stem]
    pattern = re.compile("|".join(re.escape(claim_id) for claim_id in ids))
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("tracker", "dashboard")
        for path in (REPO / folder).rglob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_a_new_claim_file_is_fetched_graded_and_shown(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.eutils_server import EutilsTestServer, FakePubMed, make_record

    queries = tmp_path / "queries"
    shutil.copytree(QUERIES, queries)
    (queries / "plantar-warts.toml").write_text(NEW_CLAIM, encoding="utf-8")
    monkeypatch.setenv("TRACKER_QUERIES_DIR", str(queries))
    listed = runner.invoke(app, ["claims", "list", "--format", "json"])
    query = next(c for c in json.loads(listed.stdout) if c["id"] == "plantar-warts")["pubmed_query"]
    record = make_record(
        930001,
        title="Microneedling with 5-fluorouracil for plantar warts: a prospective study",
        abstract="METHODS: Thirty-two patients with plantar warts were treated with "
        "microneedling followed by topical 5-fluorouracil every two weeks. RESULTS: Complete "
        "clearance was achieved in 24 patients (75%). CONCLUSION: Microneedling with topical "
        "5-fluorouracil is an effective treatment for plantar warts.",
    )
    with EutilsTestServer(FakePubMed([record], {query: [930001]})) as server:
        monkeypatch.setenv("TRACKER_EUTILS_URL", server.base_url)
        monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
        assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
        fetched = runner.invoke(app, ["fetch", "--claim", "plantar-warts", "--db", db_url])
    assert fetched.exit_code == 0, fetched.output

    graded = runner.invoke(
        app, ["grade", "--claim", "plantar-warts", "--format", "json", "--db", db_url]
    )
    assert graded.exit_code == 0, graded.output
    (profile,) = json.loads(graded.stdout)
    assert profile["verdict"].startswith("Supported")
    assert profile["counts"]["cohort_or_case_series"] == 1

    engine = db.make_engine(db_url)
    try:
        with store.session_scope(engine) as session:
            card = views.claim_card(session=session, claim_id="plantar-warts")
            studies = views.claim_studies(session=session, claim_id="plantar-warts")
    finally:
        engine.dispose()
    assert card is not None and card.claim_id == "plantar-warts"
    assert [study.pmid for study in studies] == [930001]
    assert studies[0].direction == "supports"
