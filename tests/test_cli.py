"""The CLI as a user meets it: exit codes, one-line errors, and documentation."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tests import corpus
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


def test_a_claim_with_a_thousand_term_or_chain_validates_inits_and_imports(
    db_url: str, tmp_path: Path
) -> None:
    from tests import corpus
    from tracker.pubmed.query import document_for, matches, parse
    from tracker.pubmed.records import ArticleRecord
    from tracker.pubmed.xml import parse_bytes

    query = " OR ".join([*(f"term{n}[tiab]" for n in range(999)), "microneedling[tiab]"])
    claims = tmp_path / "claims"
    claims.mkdir()
    text = re.sub(r"pubmed_query = .*", f"pubmed_query = '{query}'", GOOD.format(id="long"))
    (claims / "long.toml").write_text(text, encoding="utf-8")

    validated = runner.invoke(app, ["claims", "validate", "--queries", str(claims)])
    assert validated.exit_code == 0, validated.output
    initialised = runner.invoke(app, ["init", "--db", db_url, "--queries", str(claims)])
    assert initialised.exit_code == 0, initialised.output
    assert "Claims: 1 added" in initialised.stdout

    source = corpus.write_corpus(tmp_path)
    found = [
        event.pmid
        for event in parse_bytes(source.read_bytes())
        if isinstance(event, ArticleRecord) and matches(parse(query), document_for(event))
    ]
    imported = runner.invoke(app, ["import", str(source), "--db", db_url, "--queries", str(claims)])
    assert imported.exit_code == 0, imported.output
    assert found and f"long +{len(found)}" in imported.stdout


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


def test_the_dashboard_is_served_with_the_shipped_streamlit_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import tomllib

    url = f"sqlite:///{tmp_path / 'serve.db'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    commands: list[list[str]] = []

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[bytes]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", run)
    result = runner.invoke(app, ["dashboard", "--db", url, "--port", "8765"])
    assert result.exit_code == 0, result.output
    (command,) = commands
    script = next(n for n, part in enumerate(command) if part.endswith("dashboard/app.py"))
    flags = dict(zip(command[script + 1 :: 2], command[script + 2 :: 2], strict=True))
    shipped = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    for section, options in shipped.items():
        for name, value in options.items():
            expected = str(value).lower() if isinstance(value, bool) else str(value)
            assert flags[f"--{section}.{name}"] == expected, (section, name)
    assert flags["--server.port"] == "8765"


# --- exit codes and messages ------------------------------------------------------------


def test_a_missing_input_file_is_a_usage_error_before_anything_is_read(
    db_url: str, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    good = corpus.write_corpus(tmp_path)
    missing = tmp_path / "missing.xml"
    result = runner.invoke(app, ["import", str(good), str(missing), str(tmp_path), "--db", db_url])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot read {missing} (no such file), {tmp_path} (not a file)\n"
    )
    listed = runner.invoke(app, ["export", "articles", "--db", db_url])
    assert listed.exit_code == 0 and listed.stdout == ""  # not even the good file was read


def test_a_record_with_an_identifier_out_of_range_exits_1_and_the_rest_is_stored(
    db_url: str, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    parts = list(corpus.records().values())
    wild = parts[1].replace(f">{corpus.ACNE_SPLIT_FACE}<".encode(), b">9223372036854775808<", 1)
    source = tmp_path / "wild.xml"
    source.write_bytes(corpus.document([parts[0], wild, parts[2]]))
    result = runner.invoke(app, ["import", str(source), "--db", db_url])
    assert result.exit_code == 1, result.output
    assert "2 new" in result.stdout
    assert f"skipped: {source}: record 2: PMID '9223372036854775808' is out of range" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("part", "says"),
    [("database", 'database "no_such_one_for_tracker_tests"'), ("role", 'role "no_such_one')],
)
def test_a_missing_postgres_database_or_role_is_a_configuration_error(part: str, says: str) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import postgres_admin_url, postgres_unavailable

    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    admin = make_url(postgres_admin_url())
    name = "no_such_one_for_tracker_tests"
    wrong = admin.set(database=name) if part == "database" else admin.set(username=name)
    url = wrong.render_as_string(hide_password=False)
    for command in (["init"], ["claims", "sync"]):
        result = runner.invoke(app, [*command, "--db", url])
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("Error: the database at postgresql+psycopg://") and says in line


def test_a_sqlite_file_in_a_missing_folder_is_a_configuration_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "--db", f"sqlite:///{tmp_path / 'nowhere' / 't.db'}"])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: the database at sqlite:///") and "unable to open" in line


def test_a_nul_in_a_claim_is_a_validation_error_naming_file_and_field(
    db_url: str, tmp_path: Path
) -> None:
    (tmp_path / "x.toml").write_text(
        GOOD.format(id="x").replace("Atrophic acne scars", "Atrophic\\u0000acne scars"),
        encoding="utf-8",
    )
    validated = runner.invoke(app, ["claims", "validate", "--queries", str(tmp_path)])
    assert validated.exit_code == 2
    assert re.search(r"x\.toml: field 'indication': .*NUL", validated.stderr)
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    synced = runner.invoke(app, ["claims", "sync", "--db", db_url, "--queries", str(tmp_path)])
    assert synced.exit_code == 2, synced.output
    assert re.search(r"x\.toml: field 'indication': .*NUL", synced.stderr)


def run_tracker(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, so stderr is what a user sees, log lines included
    (under pytest, logging goes to pytest's capture instead)."""
    return subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"PYTHONPATH": str(REPO_ROOT)} | (env or {}),
        check=False,
    )


def test_an_import_reports_each_skipped_record_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'once.db'}"
    assert run_tracker("init", "--db", url).returncode == 0
    parts = list(corpus.records().values())
    wild = parts[1].replace(b'<PMID Version="1">', b'<PMID Version="5000">', 1)
    source = tmp_path / "wild.xml"
    source.write_bytes(corpus.document([parts[0], wild]))
    result = run_tracker("import", str(source), "--db", url)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("Version out of range") == 1, result.stderr


def test_a_fetch_reports_each_failure_and_skipped_record_once(tmp_path: Path) -> None:
    import dataclasses

    from tests.eutils_server import EutilsTestServer, FakePubMed, make_record

    claims = {
        claim["id"]: claim
        for claim in json.loads(runner.invoke(app, ["claims", "list", "--format", "json"]).stdout)
    }
    good = make_record(920001, title="Microneedling in melasma")
    bad = make_record(920002, title="Microneedling and tranexamic acid in melasma")
    bad = dataclasses.replace(bad, xml=bad.xml.replace(b'Version="1"', b'Version="5000"'))
    url = f"sqlite:///{tmp_path / 'once.db'}"
    assert run_tracker("init", "--db", url).returncode == 0
    searches = {claims["melasma"]["pubmed_query"]: [920001, 920002]}
    with EutilsTestServer(FakePubMed([good, bad], searches)) as server:
        # The first search (acne-scars) is refused for good; melasma is fetched.
        server.serve_body("esearch", b'{"error":"query refused"}', status=400)
        env = {"TRACKER_EUTILS_URL": server.base_url, "NCBI_EMAIL": "tests@example.org"}
        result = run_tracker(
            "fetch", "--claim", "acne-scars", "--claim", "melasma", "--db", url, env=env
        )
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("query refused") == 1, result.stderr
    assert result.stderr.count("Version out of range") == 1, result.stderr
    assert "failed: acne-scars" in result.stderr and "skipped: efetch response" in result.stderr
    assert "not returned by EFetch" not in result.stderr  # it was returned, and skipped
