"""The `tracker` command: a thin Typer skin over the library.

Each command reads settings, calls one library function and prints its result. Expected
failures (`TrackerError`) become one line on stderr and the documented exit code:
0 done, 1 partial, 2 usage or configuration error, 75 temporary failure.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from tracker import db, store
from tracker.claims import load_claims, validate_claims
from tracker.config import Settings, get_settings
from tracker.errors import EXIT_USAGE, TrackerError

app = typer.Typer(
    help="Track how strong the PubMed evidence is for each claim made about microneedling.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
claims_app = typer.Typer(help="The claims registry (queries/*.toml).", no_args_is_help=True)
app.add_typer(claims_app, name="claims")

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
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from exc

    return wrapper


def _settings(db_url: str | None = None, queries: Path | None = None) -> Settings:
    return get_settings(database_url=db_url, queries_dir=queries)


def _console() -> Console:
    return Console(highlight=False)


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
    state = "created" if before is None else ("upgraded" if before != after else "up to date")
    console = _console()
    console.print(f"Database {shown_url}: schema {state} (revision {after}).")
    console.print(f"Claims: {report.summary()}.")


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


def main() -> None:
    app()
