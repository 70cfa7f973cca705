"""Change alerts: each import and fetch builds a digest of evidence changes per claim, prints
it, stores it with the run and POSTs it to a webhook receiver on 127.0.0.1. A dead webhook
never changes the command's exit code; its failure is recorded on the run."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests import corpus
from tests.eutils_server import EutilsTestServer, make_article_xml, unused_port
from tracker import store
from tracker.alerts import AlertConfig, alert_config
from tracker.claims import load_claims
from tracker.cli import app
from tracker.config import DEFAULT_QUERIES_DIR, Settings
from tracker.errors import ConfigError
from tracker.fetch import fetch
from tracker.ingest import import_files
from tracker.webhook import post_json

CLAIMS = load_claims(DEFAULT_QUERIES_DIR)
TOKEN = "s3cr3t-t0ken"
runner = CliRunner()

MELASMA_SHAM_RCT = 920001
MELASMA_NULL_RCT = 920002
ACNE_META = 920003
STRIAE_REVIEW = 920004
PIGMENT_SERIES = 920005


def new_evidence() -> bytes:
    """Two null melasma trials, a meta-analysis for acne scars, a review for stretch marks and
    a case series: four new trials and reviews for three claims, one study that is no news."""
    return corpus.document(
        [
            make_article_xml(
                MELASMA_SHAM_RCT,
                title="Microneedling versus sham for melasma: a randomized controlled trial",
                abstract="Forty women with melasma were randomized to microneedling or sham "
                "treatment. MASI scores did not differ between groups at 12 weeks (p = 0.62). "
                "CONCLUSION: Microneedling did not improve melasma compared with sham.",
                year=2024,
                publication_types=("Journal Article", "Randomized Controlled Trial"),
                mesh=("Melanosis", "Humans"),
            ),
            make_article_xml(
                MELASMA_NULL_RCT,
                title="Microneedling for melasma: a double-blind randomized trial",
                abstract="Sixty patients with melasma were randomly assigned to microneedling "
                "or no treatment. There was no significant difference in MASI reduction. "
                "CONCLUSION: Microneedling alone is not effective for melasma.",
                year=2024,
                publication_types=("Journal Article", "Randomized Controlled Trial"),
                mesh=("Melanosis", "Humans"),
            ),
            make_article_xml(
                ACNE_META,
                title="Microneedling for acne scars: a systematic review and meta-analysis",
                abstract="We pooled 12 randomized trials (n = 540) of microneedling for atrophic "
                "acne scars. Microneedling significantly improved scar scores. CONCLUSION: "
                "Microneedling is effective for atrophic acne scars.",
                year=2024,
                publication_types=("Journal Article", "Meta-Analysis", "Systematic Review"),
            ),
            make_article_xml(
                STRIAE_REVIEW,
                title="Microneedling for striae distensae: a systematic review",
                abstract="Fifteen studies of microneedling for striae distensae were reviewed. "
                "Most reported improvement of stretch marks. CONCLUSION: Microneedling appears "
                "effective for striae.",
                year=2024,
                publication_types=("Journal Article", "Systematic Review"),
            ),
            make_article_xml(
                PIGMENT_SERIES,
                title="Microneedling for periorbital hyperpigmentation: a case series",
                abstract="Twelve patients with dark circles were treated with microneedling. "
                "Pigmentation improved in ten. Microneedling is effective for dark circles.",
                year=2024,
                mesh=("Hyperpigmentation", "Humans"),
            ),
        ]
    )


class Receiver:
    """A webhook receiver on 127.0.0.1 answering each POST with the next status given."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.bodies: list[dict[str, Any]] = []
        self.paths: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                receiver.paths.append(self.path)
                status = (
                    receiver.statuses.pop(0)
                    if len(receiver.statuses) > 1
                    else (receiver.statuses[0])
                )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/{TOKEN}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Backoff waits, recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr("time.sleep", waits.append)
    return waits


@pytest.fixture
def imported(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[str]:
    """A database holding the test corpus (imported without a webhook)."""
    import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    yield db_url


def write(tmp_path: Path, name: str, body: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


def run_counts(engine: Engine) -> dict[str, Any]:
    with store.session_scope(engine) as session:
        return dict(store.list_runs(session=session)[0].counts)


# --- the digest through the command -------------------------------------------------------


def test_an_import_of_new_trials_and_reviews_posts_one_digest(
    imported: str,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = write(tmp_path, "new.xml", new_evidence())
    with Receiver([204]) as receiver:
        monkeypatch.setenv("TRACKER_WEBHOOK_URL", receiver.url)
        result = runner.invoke(app, ["import", str(path), "--db", imported])
    assert result.exit_code == 0, result.output
    (body,) = receiver.bodies  # one POST for the run
    assert receiver.paths == [f"/hooks/{TOKEN}"]
    claims = {entry["claim"]: entry for entry in body["claims"]}
    assert set(claims) == {"melasma", "acne-scars", "striae"}
    assert body["new_pmids"] == [MELASMA_SHAM_RCT, MELASMA_NULL_RCT, ACNE_META, STRIAE_REVIEW]
    melasma = claims["melasma"]
    assert [s["pmid"] for s in melasma["new_studies"]] == [MELASMA_SHAM_RCT, MELASMA_NULL_RCT]
    assert {s["design"] for s in melasma["new_studies"]} == {"rct"}
    # One favourable case series before, two null trials now: the evidence turned.
    assert melasma["direction"] == {"before": "supports", "after": "against"}
    assert melasma["grade"]["verdict_label_before"] == "Supported"
    assert melasma["grade"]["verdict_label_after"] != "Supported"
    assert claims["striae"]["grade"]["verdict_label_after"] == "Supported"
    assert [s["design"] for s in claims["acne-scars"]["new_studies"]] == ["meta_analysis"]
    # The case series is linked (to the pigmentation claim) but is no alert.
    assert "hyperpigmentation-other" not in claims and PIGMENT_SERIES not in body["new_pmids"]
    assert body["run"]["trigger"] == "import" and body["watched"] is None

    # Printed by the command, and stored with the run.
    assert "Evidence changes in run 2:" in result.stdout
    assert "  melasma: new randomised controlled trial: PMID 920001" in result.stdout
    assert "direction of the evidence: supports -> against" in result.stdout
    counts = run_counts(engine)
    assert counts["digest"] == body
    assert counts["webhook"]["status"] == "sent"
    # The webhook URL carries a token: it appears nowhere the tracker writes.
    assert TOKEN not in result.output + json.dumps(counts) + caplog.text


def test_a_dead_webhook_leaves_the_exit_code_and_records_the_failure(
    imported: str,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_sleep: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("TRACKER_WEBHOOK_URL", f"http://127.0.0.1:{unused_port()}/hooks/{TOKEN}")
    path = write(tmp_path, "new.xml", new_evidence())
    result = runner.invoke(app, ["import", str(path), "--db", imported])
    assert result.exit_code == 0, result.output
    assert "Evidence changes in run 2:" in result.stdout
    assert "warning: the digest of run 2 was not delivered" in result.stderr
    assert "connection refused" in result.stderr
    webhook = run_counts(engine)["webhook"]
    assert (webhook["status"], webhook["attempts"], webhook["error"]) == (
        "failed",
        4,
        "connection refused",
    )
    assert no_sleep == [1.0, 2.0, 4.0]  # exponential backoff, bounded attempts
    with store.session_scope(engine) as session:
        run = store.list_runs(session=session)[0]
    assert (run.status, run.error) == (
        "done",
        "digest webhook: not delivered after 4 attempt(s): connection refused",
    )
    assert TOKEN not in result.output + caplog.text + json.dumps(webhook)


def test_a_failing_webhook_is_retried_and_a_partial_import_still_exits_1(
    imported: str,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_sleep: list[float],
) -> None:
    broken = new_evidence().replace(b"</PubmedArticleSet>", b"<PubmedArticle><MedlineCitation>")
    path = write(tmp_path, "broken.xml", broken)
    with Receiver([500]) as receiver:
        monkeypatch.setenv("TRACKER_WEBHOOK_URL", receiver.url)
        result = runner.invoke(app, ["import", str(path), "--db", imported])
    assert result.exit_code == 1, result.output  # partial, as without a webhook
    assert len(receiver.bodies) == 4  # retried, then given up
    webhook = run_counts(engine)["webhook"]
    assert (webhook["status"], webhook["error"], webhook["http_status"]) == (
        "failed",
        "HTTP 500",
        500,
    )


def test_the_watch_list_limits_the_digest(
    imported: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "new.xml", new_evidence())
    with Receiver([200]) as receiver:
        monkeypatch.setenv("TRACKER_WEBHOOK_URL", receiver.url)
        monkeypatch.setenv("TRACKER_WATCH", "striae, pih-risk")
        result = runner.invoke(app, ["import", str(path), "--db", imported])
    assert result.exit_code == 0, result.output
    (body,) = receiver.bodies
    assert [entry["claim"] for entry in body["claims"]] == ["striae"]
    assert body["new_pmids"] == [STRIAE_REVIEW]
    assert body["watched"] == ["pih-risk", "striae"]
    digest = result.stdout[result.stdout.index("Evidence changes") :]
    assert "striae:" in digest and "melasma" not in digest


def test_nothing_changed_posts_nothing(
    imported: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Receiver([200]) as receiver:
        monkeypatch.setenv("TRACKER_WEBHOOK_URL", receiver.url)
        again = runner.invoke(app, ["import", str(corpus.write_corpus(tmp_path)), "--db", imported])
    assert again.exit_code == 0, again.output
    assert receiver.bodies == []
    assert "Evidence changes in run 2: none." in again.stdout
    assert run_counts(engine)["webhook"] == {"status": "nothing to send"}


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TRACKER_WATCH", "acne-scars,not-a-claim", "TRACKER_WATCH names unknown claim(s): "),
        ("TRACKER_WEBHOOK_URL", f"ftp://example.org/{TOKEN}", "must be an http:// or https://"),
    ],
)
def test_bad_alert_settings_are_a_usage_error_before_anything_runs(
    imported: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
    message: str,
) -> None:
    monkeypatch.setenv(variable, value)
    result = runner.invoke(app, ["import", str(corpus.write_corpus(tmp_path)), "--db", imported])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert TOKEN not in result.stderr


# --- what counts as a change ----------------------------------------------------------------


def test_a_retraction_on_a_study_the_grade_used(
    imported: str, engine: Engine, tmp_path: Path
) -> None:
    retracted = make_article_xml(
        corpus.ACNE_RCT,
        title="Microneedling versus no treatment for atrophic acne scars: a randomized "
        "controlled trial",
        abstract="Retracted at the authors' request.",
        year=2019,
        publication_types=(
            "Journal Article",
            "Randomized Controlled Trial",
            "Retracted Publication",
        ),
        date_revised=dt.date(2025, 6, 1),
        comments_corrections=(("RetractionIn", 990002),),
    )
    path = write(tmp_path, "retraction.xml", corpus.document([retracted]))
    report = import_files(engine, [path], claims=CLAIMS)
    assert report.digest is not None
    (acne,) = [c for c in report.digest.claims if c.claim_id == "acne-scars"]
    assert [(f.pmid, f.flag) for f in acne.flags] == [(corpus.ACNE_RCT, "retracted")]
    assert "retraction on PMID 900001, used in the grade" in "; ".join(acne.lines())
    # The striae study was retracted when first stored: the grade never used it.
    assert all(f.pmid != corpus.STRIAE_RETRACTED for c in report.digest.claims for f in c.flags)
    # Reported once: the next digest knows the notice.
    again = import_files(engine, [path], claims=CLAIMS)
    assert again.digest is not None and again.digest.claims == ()


def test_the_first_digest_names_the_claims_graded_for_the_first_time(
    engine: Engine, tmp_path: Path
) -> None:
    report = import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    assert report.digest is not None
    graded = {c.claim_id for c in report.digest.claims if c.grade is not None}
    # Claims with nothing to grade are not news; the corpus grades seven claims.
    assert graded == {
        "acne-scars",
        "androgenetic-alopecia",
        "hyperpigmentation-other",
        "melasma",
        "pih-risk",
        "prp-combination",
        "vs-lasers-peels",
    }
    assert all(c.grade.certainty_before is None for c in report.digest.claims if c.grade)
    assert report.digest.new_pmids == [corpus.ACNE_RCT, corpus.ACNE_SPLIT_FACE, corpus.ALOPECIA_PRP]


def test_a_fetch_digest_is_printed_stored_and_posted(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_fetch import ACNE_1, client_for, pubmed
    from tests.test_fetch import CLAIMS as FETCH_CLAIMS

    with EutilsTestServer(pubmed()) as server, Receiver([202]) as receiver:
        config = AlertConfig(webhook_url=receiver.url, sleep=lambda _: None)
        with client_for(server) as client:
            report = fetch(engine, claims=FETCH_CLAIMS, client=client, alerts=config)
    assert report.digest is not None and report.digest.trigger == "fetch"
    (body,) = receiver.bodies
    assert ACNE_1 in body["new_pmids"]
    assert run_counts(engine)["digest"] == body


def test_the_fetch_command_prints_its_digest(
    db_url: str, monkeypatch: pytest.MonkeyPatch, no_sleep: list[float]
) -> None:
    from tests.test_fetch import ACNE_1, pubmed

    with EutilsTestServer(pubmed()) as server:
        monkeypatch.setenv("TRACKER_EUTILS_URL", server.base_url)
        monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
        monkeypatch.setenv("TRACKER_WEBHOOK_URL", f"http://127.0.0.1:{unused_port()}/{TOKEN}")
        assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
        result = runner.invoke(app, ["fetch", "--claim", "acne-scars", "--db", db_url])
    assert result.exit_code == 0, result.output  # the dead webhook changes nothing
    assert f"acne-scars: new randomised controlled trial: PMID {ACNE_1}" in result.stdout
    assert "was not delivered to the webhook after 4 attempt(s)" in result.stderr
    assert TOKEN not in result.output


# --- the pieces ------------------------------------------------------------------------------


def test_post_json_backs_off_exponentially_and_gives_up() -> None:
    waits: list[float] = []
    with Receiver([503, 503, 200]) as receiver:
        delivery = post_json(receiver.url, {"a": 1}, backoff=0.5, sleep=waits.append)
    assert (delivery.delivered, delivery.attempts, waits) == (True, 3, [0.5, 1.0])

    waits.clear()
    with Receiver([500]) as receiver:
        failed = post_json(receiver.url, {}, attempts=6, max_backoff=3.0, sleep=waits.append)
    assert (failed.delivered, failed.attempts, failed.error) == (False, 6, "HTTP 500")
    assert waits == [1.0, 2.0, 3.0, 3.0, 3.0]

    with Receiver([404]) as receiver:
        refused = post_json(receiver.url, {}, sleep=waits.append)
    assert (refused.attempts, refused.error) == (1, "HTTP 404")  # a 4xx will not fix itself
    assert len(receiver.bodies) == 1


def test_alert_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_WATCH", " melasma,, striae ")
    monkeypatch.setenv("TRACKER_WEBHOOK_URL", f"https://hooks.example.org/{TOKEN}")
    settings = Settings()
    config = alert_config(settings, CLAIMS)
    assert config.watch == frozenset({"melasma", "striae"})
    assert config.webhook_url == f"https://hooks.example.org/{TOKEN}"
    assert TOKEN not in repr(settings) + repr(config)
    monkeypatch.setenv("TRACKER_WATCH", "melasma,unknown-claim")
    with pytest.raises(ConfigError, match="unknown-claim"):
        alert_config(Settings(), CLAIMS)
