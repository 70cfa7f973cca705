"""The CLI as a user meets it: exit codes, one-line errors, and documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tests.conftest import REPO_ROOT
from tests.test_claims import EXPECTED_CLAIMS, GOOD
from tracker.cli import app

runner = CliRunner()


def test_validate_the_real_registry() -> None:
    result = runner.invoke(app, ["claims", "validate"])
    assert result.exit_code == 0, result.output
    assert f"{len(EXPECTED_CLAIMS)} claims are valid" in result.output
    for claim_id in EXPECTED_CLAIMS:
        assert f"  {claim_id}\n" in result.output


def test_validate_a_broken_folder_prints_file_field_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(
        GOOD.format(id="x").replace("acne[tiab] AND scar*", "acne scar*") + "extra = 1\n"
    )
    result = runner.invoke(app, ["claims", "validate", "--queries", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].endswith(
        "x.toml: field 'pubmed_query': position 54: missing operator: "
        "join terms with AND, OR or NOT, or quote a phrase"
    )
    assert lines[1].endswith("x.toml: field 'extra': unknown key")
    assert lines[-1] == "Error: 2 problem(s) in the claim files"


def test_init_twice_and_list(db_url: str) -> None:
    first = runner.invoke(app, ["init", "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "schema created" in first.output
    assert f"{len(EXPECTED_CLAIMS)} added" in first.output
    second = runner.invoke(app, ["init", "--db", db_url])
    assert second.exit_code == 0, second.output
    assert "schema up to date" in second.output
    assert f"0 added, 0 changed, {len(EXPECTED_CLAIMS)} unchanged" in second.output

    listed = runner.invoke(app, ["claims", "list", "--format", "json"])
    assert listed.exit_code == 0
    assert '"id": "pih-risk"' in listed.output


def test_sync_before_init_says_what_to_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["claims", "sync", "--db", f"sqlite:///{tmp_path / 'n.db'}"])
    assert result.exit_code == 2
    assert result.stderr == "Error: the database has no schema yet: run `tracker init`\n"


def test_unreachable_database_exits_75() -> None:
    result = runner.invoke(app, ["init", "--db", "postgresql://nobody@127.0.0.1:9/none"])
    assert result.exit_code == 75
    assert result.stderr.startswith("Error: cannot reach the database at postgresql+psycopg://")
    assert "Traceback" not in result.output


def _command_names() -> list[str]:
    root = get_command(app)
    names: list[str] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names.extend(f"{name} {child}" for child in sub) if sub else names.append(name)
    return names


@pytest.mark.parametrize("command", _command_names())
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`tracker {re.escape(command)}\b", readme), (
        f"`tracker {command}` is not documented in README.md"
    )
