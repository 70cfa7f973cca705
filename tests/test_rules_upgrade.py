"""A grading-rules upgrade reassesses the stored links and regrades, recording what moved."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from sqlmodel import col, select
from typer.testing import CliRunner

from tests.corpus import FOOTER, HEADER
from tests.eutils_server import make_article_xml
from tracker import db, store
from tracker.cli import app
from tracker.evidence.grade import RULES_VERSION
from tracker.models import ClaimArticle, ClaimChange, ClaimSummary, FetchRun

runner = CliRunner()


def test_init_regrades_profiles_made_under_older_rules(db_url: str, tmp_path: Path) -> None:
    trial = make_article_xml(
        950001,
        title="Microneedling versus sham for atrophic acne scars: a randomized trial",
        abstract=[
            ("METHODS", "Thirty patients were randomized to microneedling or sham; the "
             "investigators were not blinded."),
            ("CONCLUSION", "Microneedling improved atrophic acne scars more than sham."),
        ],
        publication_types=("Journal Article", "Randomized Controlled Trial"),
    )  # fmt: skip
    path = tmp_path / "trial.xml"
    path.write_bytes(HEADER + trial + FOOTER)
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["import", str(path), "--db", db_url]).exit_code == 0

    # What a database graded before this rules version holds: no risk-of-bias reading, and a
    # profile stamped with the old version and a rating the old rules gave.
    engine = db.make_engine(db_url)
    try:
        with store.session_scope(engine) as session:
            session.execute(update(ClaimArticle).values(rob_overall=None, rob_key_concern=False))
            for row in session.exec(select(ClaimSummary)).all():
                row.profile = {**row.profile, "rules_version": RULES_VERSION - 1}
                if row.claim_id == "acne-scars":
                    row.profile = {**row.profile, "certainty": "high"}
                    row.certainty = "high"
                session.add(row)
    finally:
        engine.dispose()

    upgraded = runner.invoke(app, ["init", "--db", db_url])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"Grading rules version {RULES_VERSION}" in upgraded.stdout
    assert "acne-scars" in upgraded.stdout

    engine = db.make_engine(db_url)
    try:
        with store.session_scope(engine) as session:
            link = session.get(ClaimArticle, ("acne-scars", 950001))
            assert link is not None and link.rob_overall == "high"  # assessors not blinded
            run = session.exec(select(FetchRun).where(col(FetchRun.trigger) == "upgrade")).one()
            change = session.exec(
                select(ClaimChange).where(col(ClaimChange.run_id) == run.id)
            ).all()
            assert [c.claim_id for c in change] == ["acne-scars"]
            summary = session.get(ClaimSummary, "acne-scars")
            assert summary is not None and summary.profile["rules_version"] == RULES_VERSION
            assert summary.certainty != "high"
    finally:
        engine.dispose()

    # Once current, init leaves the grades alone.
    again = runner.invoke(app, ["init", "--db", db_url])
    assert "Grading rules version" not in again.stdout
