"""The `tracker` command: a thin Typer skin over the library.

Each command reads settings, calls one library function and prints its result. Expected
failures (`TrackerError`) become one line on stderr and the documented exit code:
0 done, 1 partial, 2 usage or configuration error, 75 temporary failure.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TextIO, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from sqlalchemy import Engine

from tracker import db, store
from tracker.alerts import alert_config, delivery_problem
from tracker.checker import as_table, check, read_input, summary_lines
from tracker.claims import ClaimDefinition, load_claims, validate_claims
from tracker.classify import claim_contexts, classify_lines, explain_stored
from tracker.config import Settings, get_settings
from tracker.dataset import write_articles
from tracker.digest import Digest
from tracker.errors import EXIT_PARTIAL, EXIT_USAGE, TrackerError
from tracker.evidence.evaluate import evaluate, format_report, load_labelled
from tracker.evidence.explain import format_readings, readings_json
from tracker.evidence.grade import PARTICIPANTS_ALL_LABEL, PARTICIPANTS_LABEL
from tracker.evidence.labels import DESIGN_LABELS
from tracker.evidence.wording import CERTAINTY_WORDS
from tracker.export import export_claim, parse_format
from tracker.fetch import FetchReport, fetch
from tracker.grading import profiles, regrade
from tracker.ingest import ImportProgress, import_files, upgrade_assessments
from tracker.present import reason_line
from tracker.pubmed.eutils import EutilsClient, EutilsUnreachable
from tracker.redaction import redact
from tracker.serve import HOST, check_port, run_dashboard
from tracker.snapshot import load_snapshot

app = typer.Typer(
    help="Track how strong the PubMed evidence is for each claim made about microneedling.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
claims_app = typer.Typer(help="The claims registry (queries/*.toml).", no_args_is_help=True)
app.add_typer(claims_app, name="claims")

# The labelled abstracts written for the evaluation live with the tests.
LABELLED_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled"

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: TRACKER_DATABASE_URL or sqlite:///tracker.db)."
    ),
]
QueriesOption = Annotated[
    Path | None,
    typer.Option("--queries", help="Claims folder (default: TRACKER_QUERIES_DIR or queries/)."),
]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Log each step on stderr: requests retried, claims that failed."
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


class CliError(TrackerError):
    """A usage problem found by the CLI itself."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def clean_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn expected failures into `Error: <message>` on stderr and the right exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TrackerError as exc:
            _say(f"Error: {exc}")
            raise typer.Exit(exc.exit_code) from exc

    return wrapper


def _say(line: str) -> None:
    """One line on stderr, with any secret hidden (errors may quote what NCBI sent back)."""
    typer.echo(redact(line), err=True)


def _check_format(output: str, *allowed: str) -> None:
    if output not in allowed:
        raise CliError(f"--format must be {' or '.join(allowed)}, not {output!r}")


def _settings(db_url: str | None = None, queries: Path | None = None) -> Settings:
    return get_settings(database_url=db_url, queries_dir=queries)


def _console() -> Console:
    return Console(highlight=False)


@contextmanager
def _log(verbose: bool) -> Iterator[None]:
    """With --verbose, the library's INFO log (retries, per-claim failures) on stderr.

    Without it, only warnings reach stderr (Python's last-resort handler), so an outage is
    the one `Error:` line rather than a screenful of retries.
    """
    if not verbose:
        yield
        return
    logger = logging.getLogger("tracker")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        # Removed again: a handler bound to this stderr must not outlive the command.
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def _database(settings: Settings, *, check: bool = True) -> Iterator[Engine]:
    """The configured database, schema checked; its connections closed afterwards."""
    engine = db.make_engine(settings.database_url)
    try:
        if check:
            db.check_schema(engine)
        yield engine
    finally:
        engine.dispose()


@app.command()
@clean_errors
def init(db_url: DbOption = None, queries: QueriesOption = None) -> None:
    """Create or upgrade the database schema and sync the claims registry (idempotent)."""
    settings = _settings(db_url, queries)
    claims = load_claims(settings.queries_dir)
    with _database(settings, check=False) as engine:
        before, after = db.migrate(engine)
        with store.session_scope(engine) as session:
            report = store.sync_claims(session=session, claims=claims)
        shown_url = engine.url.render_as_string(hide_password=True)
        upgraded = upgrade_assessments(engine, claims=claims)
    state = "created" if before is None else ("upgraded" if before != after else "up to date")
    console = _console()
    console.print(f"Database {shown_url}: schema {state} (revision {after}).")
    console.print(f"Claims: {report.summary()}.")
    if upgraded is not None:
        moved = ", ".join(upgraded.changed) or "none"
        console.print(
            f"Grading rules version {upgraded.rules_version}: {upgraded.reassessed} claim links "
            f"assessed again, grades changed for: {moved} (run {upgraded.run_id})."
        )


@claims_app.command("list")
@clean_errors
def claims_list(
    queries: QueriesOption = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """List the tracked claims from the claim files."""
    settings = _settings(queries=queries)
    claims = load_claims(settings.queries_dir)
    if output == "json":
        rows: list[dict[str, Any]] = [
            {
                "id": claim.id,
                "claim": claim.claim,
                "indication": claim.indication,
                "polarity": claim.polarity,
                "pubmed_query": claim.pubmed_query,
                "marketing_phrases": list(claim.marketing_phrases),
                "definition_hash": claim.definition_hash,
            }
            for claim in claims
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    if output != "table":
        raise CliError(f"--format must be table or json, not {output!r}", EXIT_USAGE)
    table = Table(title=f"{len(claims)} tracked claims")
    table.add_column("id", no_wrap=True)
    table.add_column("polarity")
    table.add_column("indication")
    table.add_column("claim")
    for claim in claims:
        table.add_row(claim.id, claim.polarity, claim.indication, claim.claim)
    _console().print(table)


@claims_app.command("validate")
@clean_errors
def claims_validate(queries: QueriesOption = None) -> None:
    """Check every claim file; print each problem with its file and field, exit 2 if any."""
    settings = _settings(queries=queries)
    claims, problems = validate_claims(settings.queries_dir)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        raise CliError(f"{len(problems)} problem(s) in the claim files", EXIT_USAGE)
    typer.echo(f"{len(claims)} claims are valid:")
    for claim in claims:
        typer.echo(f"  {claim.id}")


@claims_app.command("sync")
@clean_errors
def claims_sync(db_url: DbOption = None, queries: QueriesOption = None) -> None:
    """Upsert the claim files into the database; notice changed queries."""
    settings = _settings(db_url, queries)
    claims = load_claims(settings.queries_dir)
    with _database(settings) as engine, store.session_scope(engine) as session:
        report = store.sync_claims(session=session, claims=claims)
    typer.echo(f"Claims: {report.summary()}.")
    for claim_id in report.changed:
        typer.echo(f"  changed definition: {claim_id} (its links are rebuilt on the next run)")
    for claim_id in report.retired:
        typer.echo(f"  retired: {claim_id} (file removed; history kept)")


# --- ingestion ------------------------------------------------------------------------


def _progress_reporter(console: Console) -> tuple[Callable[[ImportProgress], None], Progress]:
    """A Rich bar on a terminal; plain lines (for cron logs) otherwise."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[records]} records"),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    tasks: dict[Path, TaskID] = {}

    def report(event: ImportProgress) -> None:
        if not console.is_terminal:
            typer.echo(
                f"{event.path}: {event.records} records read "
                f"({event.bytes_read * 100 // max(event.bytes_total, 1)}% of the file)",
                err=True,
            )
            return
        if event.path not in tasks:
            tasks[event.path] = progress.add_task(
                event.path.name, total=event.bytes_total, records=0
            )
        progress.update(tasks[event.path], completed=event.bytes_read, records=event.records)

    return report, progress


@app.command("import")
@clean_errors
def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="PubMed XML (.xml, .xml.gz) or PubMed-format text (.txt, .nbib)."),
    ],
    keep_unmatched: Annotated[
        bool,
        typer.Option(
            "--keep-unmatched",
            help="Store every record, also those that match no claim (left out by default).",
        ),
    ] = False,
    db_url: DbOption = None,
    queries: QueriesOption = None,
) -> None:
    """Import PubMed files: XML (efetch, exports, baseline/update files) or PubMed format."""
    settings = _settings(db_url, queries)
    claims = load_claims(settings.queries_dir)
    alerts = alert_config(settings, claims)
    console = Console(stderr=True, highlight=False)
    report_progress, progress = _progress_reporter(console)
    with _database(settings) as engine, progress:
        report = import_files(
            engine,
            paths,
            claims=claims,
            on_progress=report_progress,
            keep_unmatched=keep_unmatched,
            alerts=alerts,
        )
    typer.echo(report.summary())
    _print_digest(report.digest)
    for problem in report.problems:
        _say(f"skipped: {problem}")
    if report.status != "done":
        raise typer.Exit(EXIT_PARTIAL)


def _client(settings: Settings, **options: Any) -> EutilsClient:
    return EutilsClient(
        settings.eutils_url, email=settings.ncbi_email, api_key=settings.api_key(), **options
    )


@app.command("fetch")
@clean_errors
def fetch_command(
    claim: Annotated[
        list[str] | None, typer.Option("--claim", help="Only this claim (repeatable).")
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Refetch every record, not only new and revised.")
    ] = False,
    verbose: VerboseOption = False,
    db_url: DbOption = None,
    queries: QueriesOption = None,
) -> None:
    """Search PubMed for every claim and store new and revised records (see README for cron)."""
    settings = _settings(db_url, queries)
    claims = _select_claims(load_claims(settings.queries_dir), claim)
    with _log(verbose), _database(settings) as engine:
        report = _fetch_with_progress(engine, settings, claims, full=full)
    for outcome in report.claims:
        for warning in outcome.warnings:
            _say(f"warning: {outcome.claim_id}: {warning}")
        if outcome.error:
            _say(f"failed: {outcome.claim_id}: {outcome.error}")
    for problem in report.problems:
        _say(f"skipped: {problem}")
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _fetch_with_progress(
    engine: Engine, settings: Settings, claims: list[ClaimDefinition], *, full: bool = False
) -> FetchReport:
    """Fetch with a progress bar on a terminal; print the summary line and the digest."""
    alerts = alert_config(settings, claims)
    console = Console(stderr=True, highlight=False)
    progress = Progress(
        TextColumn("fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    task = progress.add_task("fetch", total=None)

    def on_batch(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    with _client(settings) as client, progress:
        report = fetch(
            engine, claims=claims, client=client, full=full, on_batch=on_batch, alerts=alerts
        )
    typer.echo(report.summary())
    _print_digest(report.digest)
    return report


def _print_digest(digest: Digest | None) -> None:
    """The run's evidence changes; a failed webhook is a warning, never a failure."""
    for line in digest.lines() if digest else []:
        typer.echo(line)
    problem = delivery_problem(digest)
    if problem:
        typer.echo(f"warning: {problem}", err=True)


def _select_claims(
    claims: list[ClaimDefinition], wanted: list[str] | None
) -> list[ClaimDefinition]:
    if not wanted:
        return claims
    known = {claim.id: claim for claim in claims}
    unknown = [claim_id for claim_id in wanted if claim_id not in known]
    if unknown:
        raise CliError(f"unknown claim id(s): {', '.join(unknown)} (see `tracker claims list`)")
    return [known[claim_id] for claim_id in dict.fromkeys(wanted)]


snapshot_app = typer.Typer(help="The bundled offline snapshot.", no_args_is_help=True)
app.add_typer(snapshot_app, name="snapshot")


@snapshot_app.command("load")
@clean_errors
def snapshot_load(db_url: DbOption = None, queries: QueriesOption = None) -> None:
    """Load the bundled offline snapshot (65 hand-labelled records) into the database."""
    settings = _settings(db_url, queries)
    claims = load_claims(settings.queries_dir)
    with _database(settings) as engine:
        report = load_snapshot(engine, claims=claims)
    typer.echo(report.summary())


# --- evidence ---------------------------------------------------------------------------


@app.command("explain")
@clean_errors
def explain_command(
    pmid: Annotated[int, typer.Argument(help="A stored record's PMID.")],
    claim: Annotated[
        list[str] | None,
        typer.Option("--claim", help="Read it for this claim (default: every linked claim)."),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    db_url: DbOption = None,
    queries: QueriesOption = None,
) -> None:
    """Each reader's answer about a stored study, with the rule that fired and its sentence."""
    _check_format(output, "text", "json")
    settings = _settings(db_url, queries)
    claims = load_claims(settings.queries_dir)
    wanted = [c.id for c in _select_claims(claims, claim)] if claim else None
    with _database(settings) as engine, store.session_scope(engine) as session:
        title, readings = explain_stored(
            session=session, pmid=pmid, claims=claim_contexts(claims), claim_ids=wanted
        )
    if output == "json":
        typer.echo(json.dumps(readings_json(pmid, readings), indent=2))
        return
    typer.echo(format_readings(pmid, title, readings))


@app.command("classify")
@clean_errors
def classify_command(
    source: Annotated[str, typer.Argument(help="A JSON-lines file, or - for standard input.")],
    queries: QueriesOption = None,
) -> None:
    """Assess studies given as JSON lines; write one JSON line of assessment per input line."""
    settings = _settings(queries=queries)
    contexts = claim_contexts(load_claims(settings.queries_dir))
    try:
        stream: TextIO = sys.stdin if source == "-" else Path(source).open(encoding="utf-8")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise CliError(f"cannot open {source}: {exc.strerror or exc}") from exc
    name = "<stdin>" if source == "-" else source
    bad = 0
    with stream:
        for number, result in classify_lines(stream, contexts):
            if isinstance(result, ValueError):
                bad += 1
                typer.echo(f"{name}: line {number}: {result}", err=True)
            else:
                typer.echo(json.dumps(result, ensure_ascii=False))
    if bad:
        typer.echo(f"Error: {bad} line(s) could not be classified", err=True)
        raise typer.Exit(EXIT_PARTIAL)


@app.command("check")
@clean_errors
def check_command(
    source: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    output: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    db_url: DbOption = None,
    queries: QueriesOption = None,
) -> None:
    """Which tracked claims a marketing text makes, and how well the evidence backs each."""
    _check_format(output, "text", "json")
    settings = _settings(db_url, queries)
    text = read_input(source, stdin=sys.stdin.buffer.read)
    report = check(text, load_claims(settings.queries_dir), database_url=settings.database_url)
    if output == "json":
        typer.echo(json.dumps([f.to_json() for f in report.findings], indent=2, ensure_ascii=False))
        for line in [report.note] if report.note else []:
            typer.echo(line, err=True)
        return
    console = _console()
    if report.findings:
        console.print(as_table(report))
    for line in summary_lines(report):
        console.print(line, markup=False)


@app.command("grade")
@clean_errors
def grade_command(
    claim: Annotated[list[str] | None, typer.Option("--claim", help="Only this claim.")] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    db_url: DbOption = None,
    queries: QueriesOption = None,
) -> None:
    """Regrade the claims from the stored assessments and print each profile."""
    _check_format(output, "table", "json")
    settings = _settings(db_url, queries)
    ids = [c.id for c in _select_claims(load_claims(settings.queries_dir), claim)]
    with _database(settings) as engine, store.session_scope(engine) as session:
        regrade(session=session, claim_ids=ids)
        graded = profiles(session=session, claim_ids=ids)
    if output == "json":
        typer.echo(json.dumps([profile.to_json() for profile in graded], indent=2))
        return
    table = Table(title="Evidence per claim")
    # Both participant figures, each headed by what it counts, as everywhere else.
    columns = ("claim", "certainty", "verdict", "best design")
    for column in (*columns, PARTICIPANTS_LABEL, PARTICIPANTS_ALL_LABEL):
        table.add_column(column)
    for p in graded:
        best = DESIGN_LABELS[p.best_design] if p.best_design else "-"
        certainty = CERTAINTY_WORDS[p.certainty]
        numbers = (str(p.participants), str(p.participants_all))
        table.add_row(p.claim_id, certainty, p.verdict, best, *numbers)
    _console().print(table)
    if claim:
        for profile in graded:
            typer.echo(f"\n{profile.claim_id}:")
            for heading, words in map(reason_line, profile.reasons):
                typer.echo(f"  {heading}: {words}")


@app.command("evaluate")
@clean_errors
def evaluate_command(
    labelled: Annotated[
        list[Path] | None,
        typer.Argument(help="Labelled JSON-lines files (default: the development sets)."),
    ] = None,
    queries: QueriesOption = None,
) -> None:
    """Score the classifiers against labelled abstracts (precision, recall, F1, coverage)."""
    contexts = claim_contexts(load_claims(_settings(queries=queries).queries_dir))
    files = labelled or sorted((LABELLED_DIR / "development").glob("*.jsonl"))
    if not files:
        raise CliError(f"no labelled files given and none found in {LABELLED_DIR}")
    for path in files:
        if not path.is_file():
            raise CliError(f"{path}: no such file")
        typer.echo(format_report(evaluate(load_labelled(path, claims=contexts)), title=str(path)))


# --- exports and serving -----------------------------------------------------------------

export_app = typer.Typer(
    help="Export data: a claim's evidence (--claim) or every stored record (articles).",
    invoke_without_command=True,
)
app.add_typer(export_app, name="export")


@export_app.callback()
@clean_errors
def export_claim_command(
    ctx: typer.Context,
    claim: Annotated[str | None, typer.Option("--claim", help="The claim to export.")] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="csv, ris, bibtex, json or md")
    ] = "md",
    output: Annotated[Path | None, typer.Option("--output", help="File (default: stdout).")] = None,
    db_url: DbOption = None,
) -> None:
    """`tracker export --claim ID --format csv|ris|bibtex|json|md`: a claim's evidence."""
    if ctx.invoked_subcommand is not None:
        return
    if claim is None:
        raise CliError("give --claim ID (or use `tracker export articles`)")
    fmt = parse_format(output_format)
    settings = _settings(db_url)
    with _database(settings) as engine, store.session_scope(engine) as session:
        if store.get_claim(session=session, claim_id=claim) is None:
            raise CliError(f"unknown claim id: {claim} (see `tracker claims list`)")
        text = export_claim(session=session, claim_id=claim, fmt=fmt)
    with _open_output(output) as out:
        out.write(text)


def _open_output(output: Path | None) -> contextlib.AbstractContextManager[TextIO]:
    if output is None:
        return contextlib.nullcontext(sys.stdout)
    return output.open("w", encoding="utf-8", newline="")


@export_app.command("articles")
@clean_errors
def export_articles(
    output_format: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", help="File (default: stdout).")] = None,
    db_url: DbOption = None,
) -> None:
    """Write every stored record with its parsed fields and claims, as JSON lines or CSV."""
    if output_format not in ("jsonl", "csv"):
        raise CliError(f"--format must be jsonl or csv, not {output_format!r}")
    settings = _settings(db_url)
    with (
        _database(settings) as engine,
        store.session_scope(engine) as session,
        _open_output(output) as out,
    ):
        count = write_articles(session=session, out=out, fmt=output_format)
    if output is not None:
        typer.echo(f"Wrote {count} records to {output}.", err=True)


def _serve(settings: Settings, port: int) -> None:
    """Run the Streamlit app on 127.0.0.1 until interrupted."""
    check_port(port)  # again: the port may have been taken while start was fetching
    typer.echo(f"Dashboard: http://{HOST}:{port}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        run_dashboard(settings.database_url, port)


PortOption = Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")]


@app.command("dashboard")
@clean_errors
def dashboard_command(db_url: DbOption = None, port: PortOption = 8501) -> None:
    """Serve the researchers' dashboard on 127.0.0.1 (usage statistics off)."""
    check_port(port)
    settings = _settings(db_url)
    with _database(settings):
        pass  # fail here, with a clear line, rather than inside the browser
    _serve(settings, port)


@app.command("start")
@clean_errors
def start_command(
    db_url: DbOption = None,
    queries: QueriesOption = None,
    port: PortOption = 8501,
    offline: Annotated[bool, typer.Option("--offline", help="Do not contact NCBI.")] = False,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the dashboard.")] = True,
    verbose: VerboseOption = False,
) -> None:
    """The main job: init, load the offline snapshot into an empty database, fetch, serve."""
    if serve:
        check_port(port)  # before minutes of loading and fetching, not after
    settings = _settings(db_url, queries)
    claims = load_claims(settings.queries_dir)
    with _log(verbose), _database(settings, check=False) as engine:
        db.migrate(engine)
        with store.session_scope(engine) as session:
            store.sync_claims(session=session, claims=claims)
            empty = store.count_articles(session=session) == 0
        if empty:
            typer.echo(load_snapshot(engine, claims=claims).summary())
        elif (upgraded := upgrade_assessments(engine, claims=claims)) is not None:
            typer.echo(
                f"Grading rules version {upgraded.rules_version}: "
                f"{upgraded.reassessed} claim links assessed again."
            )
        if not offline:
            _try_fetch(engine, settings, claims)
    if serve:
        _serve(settings, port)


def _try_fetch(engine: Engine, settings: Settings, claims: list[ClaimDefinition]) -> None:
    """Fetch the live literature when NCBI answers; offline, say so in one line and go on."""
    probe = _client(settings, timeout=5.0, max_attempts=1)
    with probe:
        try:
            probe.esearch("microneedling[tiab]", usehistory=False, retmax=0)
        except TrackerError as exc:
            typer.echo(redact(f"NCBI is not reachable ({exc}); showing the data already stored."))
            return
    try:
        _fetch_with_progress(engine, settings, claims)
    except EutilsUnreachable as exc:  # the network went away after the probe
        typer.echo(f"NCBI stopped answering ({exc}); showing the data already stored.")


def main() -> None:
    app()
