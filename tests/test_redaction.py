"""The API key never leaves the process, even when NCBI quotes it back.

NCBI's JSON error bodies name the key (`"api-key":"…"`) and an `<ERROR>` document may quote
it. A loopback server echoes the key both ways; neither stderr, the log, an exception, the
stored run errors nor the dashboard's runs page may show it.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from tests.eutils_server import EutilsTestServer, FakePubMed
from tests.test_fetch import CLAIMS, TODAY, client_for, pubmed
from tracker import db
from tracker.cli import app
from tracker.fetch import fetch
from tracker.pubmed.eutils import EutilsClient, EutilsError
from tracker.redaction import MASK, RedactingFilter, redact, register_secret

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def new_key() -> str:
    """A key shaped like NCBI's (36 hex digits), unique so no other test has registered it."""
    return (uuid.uuid4().hex + uuid.uuid4().hex)[:36]


def json_echo(key: str) -> bytes:
    # The body NCBI sends for a rejected key, naming the key it was given.
    return json.dumps(
        {"error": "API key invalid", "api-key": key, "type": "invalid", "status": "unknown"}
    ).encode()


def error_document(key: str) -> str:
    return f"Invalid API key {key}: the key was not found"


@pytest.fixture
def server() -> Iterator[EutilsTestServer]:
    with EutilsTestServer(pubmed()) as running:
        yield running


# --- the function ---------------------------------------------------------------------------


def test_redact_hides_a_registered_key_in_any_text_and_its_encoded_forms() -> None:
    key = new_key() + "/+="  # characters that URL encoding changes
    sample = f'{{"api-key":"{key}"}} quoted {key.upper()} and url-encoded %s'
    before = sample % quote(key, safe="")
    assert redact(before) == before  # not registered yet: only api_key= values are hidden
    register_secret(key)
    hidden = redact(before)
    assert key not in hidden and key.upper() not in hidden and quote(key, safe="") not in hidden
    assert hidden.count(MASK) == 3
    assert redact(f"db=pubmed&api_key=unregistered-{new_key()}&term=x") == (
        f"db=pubmed&api_key={MASK}&term=x"
    )


def test_the_logging_filter_rewrites_the_message_and_its_arguments() -> None:
    key = new_key()
    register_secret(key)
    record = logging.LogRecord("tracker.x", logging.WARNING, __file__, 1, "got %s", (key,), None)
    assert RedactingFilter().filter(record)
    assert key not in record.getMessage() and MASK in record.getMessage()


# --- the client -----------------------------------------------------------------------------


def test_a_key_echoed_in_json_or_an_error_document_stays_out_of_errors_and_logs(
    server: EutilsTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    key = new_key()
    server.serve_body("esearch", json_echo(key), status=400, content_type="application/json")
    server.fail("esearch", "error", times=None, message=error_document(key))
    with client_for(server, api_key=key) as client:
        with pytest.raises(EutilsError) as rejected:
            client.esearch("anything")
        with pytest.raises(EutilsError) as quoted:
            client.esearch("anything")
    assert all(request.params["api_key"] == key for request in server.requests)  # it was sent
    for failure in (rejected.value, quoted.value):
        assert key not in str(failure) and key not in repr(failure)
        assert MASK in str(failure)
    assert "API key invalid" in str(rejected.value)  # NCBI's words are kept
    assert "the key was not found" in str(quoted.value)
    assert any(r.name == "tracker.eutils" for r in caplog.records)  # the retries were logged
    assert key not in caplog.text


def test_a_key_cut_by_the_error_snippet_is_hidden_whole(server: EutilsTestServer) -> None:
    key = new_key()
    # The key straddles the 200 characters of body quoted in the message.
    body = b"x" * 190 + f" {key} ".encode() + b"y" * 100
    server.serve_body("esearch", body, status=403, content_type="text/plain")
    with client_for(server, api_key=key) as client, pytest.raises(EutilsError) as rejected:
        client.esearch("anything")
    assert key[:8] not in str(rejected.value)


# --- stored runs, stderr, the dashboard -----------------------------------------------------


def stored_errors(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        runs = connection.execute(text("SELECT error FROM fetch_run")).scalars().all()
        claims = connection.execute(text("SELECT error FROM fetch_run_claim")).scalars().all()
    return [error for error in [*runs, *claims] if error]


def test_a_fetch_stores_and_shows_the_errors_without_the_key(
    engine: Engine, server: EutilsTestServer, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key()
    # The first claim's search is refused with the JSON echo, the second's with <ERROR>.
    server.serve_body("esearch", json_echo(key), status=400, content_type="application/json")
    server.fail("esearch", "error", times=3, message=error_document(key))
    with client_for(server, api_key=key) as client:
        report = fetch(engine, claims=CLAIMS[:2], client=client, today=TODAY)
    assert [outcome.status for outcome in report.claims] == ["failed", "failed"]
    errors = stored_errors(engine)
    assert any("API key invalid" in error for error in errors)
    assert any("the key was not found" in error for error in errors)
    assert not [error for error in errors if key in error]

    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("app_pages/runs.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [t.value for t in at.text] + [
        str(cell) for frame in at.dataframe for cell in frame.value.to_numpy().flatten()
    ]
    assert any("API key invalid" in value for value in shown)
    assert not [value for value in shown if key in value]


def test_the_runs_page_hides_a_key_stored_before_redaction(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO fetch_run (trigger, started, status, counts, error) "
                "VALUES ('fetch', CURRENT_TIMESTAMP, 'failed', '{}', :error)"
            ),
            {"error": f'NCBI esearch rejected the request: {{"api-key":"{key}"}}'},
        )
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    monkeypatch.setenv("NCBI_API_KEY", key)  # the dashboard learns the key from its settings
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("app_pages/runs.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [t.value for t in at.text] + [
        str(cell) for frame in at.dataframe for cell in frame.value.to_numpy().flatten()
    ]
    assert any("rejected the request" in value for value in shown)
    assert not [value for value in shown if key in value]


def test_the_cli_prints_no_key(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_key()
    with EutilsTestServer(FakePubMed()) as server:
        server.serve_body("esearch", json_echo(key), status=400, content_type="application/json")
        monkeypatch.setenv("TRACKER_EUTILS_URL", server.base_url)
        monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
        monkeypatch.setenv("NCBI_API_KEY", key)
        runner = CliRunner()
        assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
        result = runner.invoke(app, ["fetch", "--claim", "melasma", "--db", db_url])
        assert [r.params.get("api_key") for r in server.requests] == [key]
    assert result.exit_code == 75  # every claim failed
    assert "API key invalid" in result.stderr
    assert key not in result.output and key not in result.stderr
    engine = db.make_engine(db_url)
    try:
        assert not [error for error in stored_errors(engine) if key in error]
    finally:
        engine.dispose()


def test_a_client_registers_its_key() -> None:
    key = new_key()
    EutilsClient("http://127.0.0.1:9/", email=None, api_key=key).close()
    assert redact(f"echo {key}") == f"echo {MASK}"
