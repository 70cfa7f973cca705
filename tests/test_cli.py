"""The CLI as a user meets it: exit codes, one-line errors, and documentation."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from collections.abc import Iterator
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


# --- ingestion, evidence and exports through the CLI --------------------------------------


def test_import_then_export_and_grade(db_url: str, tmp_path: Path) -> None:
    from tests import corpus

    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    path = corpus.write_corpus(tmp_path)
    imported = runner.invoke(app, ["import", str(path), "--db", db_url])
    assert imported.exit_code == 0, imported.output
    assert (
        "6 new, 0 updated, 0 unchanged, 0 deleted, 0 skipped, 2 matching no claim (not stored)"
        in imported.stdout
    )
    assert "acne-scars +3" in imported.stdout

    exported = runner.invoke(app, ["export", "articles", "--format", "jsonl", "--db", db_url])
    assert exported.exit_code == 0
    assert len(exported.stdout.splitlines()) == 6

    # --keep-unmatched stores the two records that match no claim as well.
    again = runner.invoke(app, ["import", "--keep-unmatched", str(path), "--db", db_url])
    assert again.exit_code == 0, again.output
    assert "2 new, 0 updated, 6 unchanged" in again.stdout
    exported = runner.invoke(app, ["export", "articles", "--format", "jsonl", "--db", db_url])
    assert len(exported.stdout.splitlines()) == 8

    graded = runner.invoke(app, ["grade", "--format", "json", "--db", db_url])
    assert graded.exit_code == 0, graded.output
    profiles = {profile["id"]: profile for profile in json.loads(graded.stdout)}
    assert len(profiles) == len(EXPECTED_CLAIMS)
    for key in (
        "certainty",
        "verdict",
        "best_design",
        "counts",
        "participants",
        "consensus",
        "reasons",
    ):
        assert key in profiles["acne-scars"]
    assert profiles["acne-scars"]["counts"]["rct"] >= 1


def test_import_with_a_bad_file_exits_1_and_names_it(db_url: str, tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<html><body>Service unavailable</body></html>")
    result = runner.invoke(app, ["import", str(bad), "--db", db_url])
    assert result.exit_code == 1
    assert f"skipped: {bad}: document unreadable after 0 records" in result.stderr


def test_classify_json_lines(tmp_path: Path) -> None:
    lines = [
        {
            "pmid": 1,
            "title": "Microneedling for acne scars: a randomized controlled trial",
            "abstract": "Forty patients were randomized. Microneedling improved acne scars.",
            "claim": "acne-scars",
        },
        {"title": "Only a title"},
        "not an object",
        {"pmid": 3, "claim": "no-such-claim"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n{broken\n")
    result = runner.invoke(app, ["classify", str(source)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 2
    assert set(out[0]) == {
        "pmid",
        "design",
        "design_source",
        "rct_within_person",
        "n_participants",
        "n_unit",
        "direction",
        "human",
        "risk_of_bias",
        "stated_certainty",
        "indirect",
        "evidence",
    }
    assert out[0]["design"] == "rct" and out[0]["n_participants"] == 40
    # A trial carries the five Cochrane domains; "randomized" with no method is unclear.
    risk = out[0]["risk_of_bias"]
    assert risk["random_sequence"]["judgement"] == "unclear"
    assert risk["overall"] == "some_concerns"
    assert out[1]["risk_of_bias"] is None  # not a trial
    errors = result.stderr.splitlines()
    assert errors[0] == f"{source}: line 3: expected a JSON object"
    assert errors[1] == f"{source}: line 4: field 'claim': unknown claim 'no-such-claim'"
    assert errors[2].startswith(f"{source}: line 5: not JSON")


def test_classify_reads_standard_input() -> None:
    result = runner.invoke(app, ["classify", "-"], input='{"title": "A case report"}\n')
    assert result.exit_code == 0
    assert json.loads(result.stdout)["pmid"] is None


def test_evaluate_prints_the_metrics() -> None:
    result = runner.invoke(app, ["evaluate"])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout and "balanced accuracy" in result.stdout


def test_fetch_and_a_second_fetch_while_the_lease_is_held(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.eutils_server import EutilsTestServer, FakePubMed, make_record
    from tracker import db
    from tracker.fetch import acquire

    claims = {
        claim["id"]: claim
        for claim in json.loads(runner.invoke(app, ["claims", "list", "--format", "json"]).stdout)
    }
    query = claims["melasma"]["pubmed_query"]
    records = [make_record(920001, title="Microneedling in melasma")]
    with EutilsTestServer(FakePubMed(records, {query: [920001]})) as server:
        monkeypatch.setenv("TRACKER_EUTILS_URL", server.base_url)
        monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
        assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
        done = runner.invoke(app, ["fetch", "--claim", "melasma", "--db", db_url])
        assert done.exit_code == 0, done.output
        assert "1 records fetched" in done.stdout

        engine = db.make_engine(db_url)
        acquire(engine, holder="nightly-cron")
        engine.dispose()
        held = runner.invoke(app, ["fetch", "--db", db_url])
        assert held.exit_code == 75
        assert held.stderr.startswith("Error: another fetch holds the lease: nightly-cron")

        unknown = runner.invoke(app, ["fetch", "--claim", "warts", "--db", db_url])
        assert unknown.exit_code == 2
        assert "unknown claim id(s): warts" in unknown.stderr


def test_fetch_offline_gives_up_at_once_with_one_error_line(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.eutils_server import unused_port
    from tracker import db, store

    monkeypatch.setenv("TRACKER_EUTILS_URL", f"http://127.0.0.1:{unused_port()}/")
    monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    began = time.monotonic()
    result = runner.invoke(app, ["fetch", "--db", db_url])
    took = time.monotonic() - began
    assert result.exit_code == 75, result.output
    assert took < 10  # not minutes of backoff for each of the 21 claims
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: NCBI E-utilities cannot be reached at http://127.0.0.1:")
    assert "connection refused" in line and "stopped" in line
    engine = db.make_engine(db_url)
    with store.session_scope(engine) as session:
        (run,) = store.list_runs(session=session)
    engine.dispose()
    assert run.status == "failed" and run.counts["requests"] <= 2


def test_retries_are_logged_only_with_verbose(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.eutils_server import EutilsTestServer, FakePubMed, make_record

    claims = json.loads(runner.invoke(app, ["claims", "list", "--format", "json"]).stdout)
    query = next(c["pubmed_query"] for c in claims if c["id"] == "melasma")
    records = [make_record(920001, title="Microneedling in melasma")]
    with EutilsTestServer(FakePubMed(records, {query: [920001]})) as server:
        monkeypatch.setenv("TRACKER_EUTILS_URL", server.base_url)
        monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
        assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
        runs = {}
        for flag in ("--full", "--verbose"):
            server.fail("esearch", "500", times=1)
            runs[flag] = runner.invoke(app, ["fetch", "--claim", "melasma", flag, "--db", db_url])
    quiet, verbose = runs["--full"], runs["--verbose"]
    assert quiet.exit_code == verbose.exit_code == 0, quiet.output + verbose.output
    assert quiet.stderr == ""
    assert "esearch attempt 1 of 6 failed (HTTP 500" in verbose.stderr
    assert "retrying in" in verbose.stderr


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another server is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        yield int(other.getsockname()[1])


@pytest.mark.parametrize("command", [["dashboard"], ["start", "--offline"]])
def test_a_taken_port_is_an_error_before_anything_is_served(
    command: list[str], taken_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    launched: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: launched.append(a))
    database = tmp_path / "serve.db"
    if command == ["dashboard"]:
        assert runner.invoke(app, ["init", "--db", f"sqlite:///{database}"]).exit_code == 0
    result = runner.invoke(
        app, [*command, "--port", str(taken_port), "--db", f"sqlite:///{database}"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: port {taken_port} on 127.0.0.1 is already in use (another dashboard?); "
        "stop that server or choose another port with --port\n"
    )
    assert "Dashboard:" not in result.stdout and not launched
    if command != ["dashboard"]:
        assert not database.exists()  # checked first, before loading or fetching anything


def test_a_free_port_is_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    launched: list[list[str]] = []

    def run(command: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
        launched.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", run)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    result = runner.invoke(app, ["dashboard", "--port", str(port), "--db", url])
    assert result.exit_code == 0, result.output
    assert f"Dashboard: http://127.0.0.1:{port}/" in result.stdout
    (command,) = launched
    assert command[command.index("--server.port") + 1] == str(port)


def test_start_offline_loads_the_snapshot_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'start.db'}"
    first = runner.invoke(app, ["start", "--db", url, "--offline", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "Loaded the offline snapshot" in first.stdout
    second = runner.invoke(app, ["start", "--db", url, "--offline", "--no-serve"])
    assert second.exit_code == 0
    assert "Loaded the offline snapshot" not in second.stdout


@pytest.mark.parametrize("fmt", ["md", "csv", "ris", "bibtex", "json"])
def test_export_a_claim(tmp_path: Path, fmt: str) -> None:
    url = f"sqlite:///{tmp_path / 'export.db'}"
    assert runner.invoke(app, ["start", "--db", url, "--offline", "--no-serve"]).exit_code == 0
    out = tmp_path / f"acne.{fmt}"
    result = runner.invoke(
        app, ["export", "--claim", "acne-scars", "--format", fmt, "--output", str(out), "--db", url]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.strip()
    if fmt == "json":
        assert json.loads(text)
    missing = runner.invoke(app, ["export", "--claim", "warts", "--db", url])
    assert missing.exit_code == 2 and "unknown claim id: warts" in missing.stderr
    assert runner.invoke(app, ["export", "--db", url]).exit_code == 2


def test_explain_prints_each_reader_with_its_rule_and_sentence(db_url: str, tmp_path: Path) -> None:
    from tests.corpus import FOOTER, HEADER
    from tests.eutils_server import make_article_xml

    trial = make_article_xml(
        940001,
        title="Microneedling versus sham for atrophic acne scars: a randomized trial",
        abstract=[
            ("METHODS", "Forty patients were randomized using a computer-generated list to "
             "microneedling or sham. Photographs were rated by a blinded dermatologist."),
            ("RESULTS", "All 40 patients completed the study."),
            ("CONCLUSION", "Microneedling improved atrophic acne scars more than sham."),
        ],
        publication_types=("Journal Article", "Randomized Controlled Trial"),
    )  # fmt: skip
    path = tmp_path / "trial.xml"
    path.write_bytes(HEADER + trial + FOOTER)
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["import", str(path), "--db", db_url]).exit_code == 0

    shown = runner.invoke(app, ["explain", "940001", "--claim", "acne-scars", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert "design: rct (publication_type) [pt:Randomized Controlled Trial]" in shown.stdout
    assert "risk of bias: random sequence: low" in shown.stdout
    assert "computer-generated list" in shown.stdout  # the deciding sentence
    assert "direction: supports" in shown.stdout

    as_json = runner.invoke(app, ["explain", "940001", "--format", "json", "--db", db_url])
    (reading,) = [r for r in json.loads(as_json.stdout) if r["claim"] == "acne-scars"]
    answers = {a["reader"]: a for a in reading["answers"]}
    assert answers["risk of bias: incomplete outcome"]["value"] == "low"
    assert answers["participants"]["value"] == "40"

    missing = runner.invoke(app, ["explain", "1", "--db", db_url])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: PMID 1 is not stored")
