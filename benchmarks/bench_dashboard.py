"""How fast the dashboard answers on a big database: 100,000 records and the 21 claims.

    python benchmarks/bench_dashboard.py [--records 100000] [--backend sqlite|postgres|both]

For each backend it fills a fresh database with synthetic records and claim links (bulk
inserts), grades every claim with the real grader, then times the store queries behind the
pages and the server-side render of the overview and a claim page in Streamlit's AppTest,
cold (empty caches) and warm (cached, as a second visitor sees it). PostgreSQL comes from
TRACKER_BENCH_POSTGRES_URL (default: the local server); a database is created for the run
and dropped afterwards. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.engine import make_url

from tracker import db, export, grading, store
from tracker.claims import load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.evidence.labels import DESIGNS, DIRECTIONS
from tracker.models import Article, ClaimArticle, FetchRunClaim
from tracker.store import views

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BATCH = 5_000
FIRST_PMID = 20_000_000

# A plausible mix: mostly case series and reviews, a few trials and meta-analyses.
DESIGN_WEIGHTS = [2, 3, 8, 4, 30, 10, 18, 2, 8, 15]
DIRECTION_WEIGHTS = [55, 15, 5, 10, 15]
WORDS = (
    "microneedling",
    "acne",
    "scars",
    "melasma",
    "alopecia",
    "minoxidil",
    "platelet-rich",
    "plasma",
    "striae",
    "rejuvenation",
    "wrinkles",
    "pigmentation",
    "radiofrequency",
    "tranexamic",
    "vitiligo",
    "keloid",
    "rosacea",
    "collagen",
    "dermal",
    "randomized",
    "split-face",
    "cohort",
    "patients",
    "improvement",
    "safety",
    "erythema",
)


@dataclass(frozen=True)
class Timing:
    backend: str
    what: str
    seconds: float


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def fill(engine: Engine, records: int, seed: int = 7) -> None:
    """Claims from queries/, `records` articles, 1-2 claim links each, then the real grader."""
    rng = random.Random(seed)
    claims = load_claims(DEFAULT_QUERIES_DIR)
    with store.session_scope(engine) as session:
        store.sync_claims(session=session, claims=claims)
        run = store.start_run(session=session, trigger="import", host="bench", pid=1, detail="")
        run_id = run.id
    claim_ids = [claim.id for claim in claims]
    new_links: dict[str, list[int]] = {claim_id: [] for claim_id in claim_ids}
    for start in range(0, records, BATCH):
        articles: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        for pmid in range(FIRST_PMID + start, FIRST_PMID + min(start + BATCH, records)):
            abstract = " ".join(_sentence(rng, 14) for _ in range(6))
            # One record in a hundred mentions botulinum toxin: a rare word to search for.
            rare = " with botulinum toxin" if rng.random() < 0.01 else ""
            articles.append(
                {
                    "pmid": pmid,
                    "title": _sentence(rng, 10)[:-1] + rare + ".",
                    "abstract": abstract,
                    "journal": rng.choice(["J Cosmet Dermatol", "Dermatol Surg", "JAAD"]),
                    "pub_year": rng.randint(1996, 2025),
                    "authors": [f"Author{pmid % 997} A", "Second B"],
                    "publication_types": ["Journal Article"],
                    "first_seen_run": run_id,
                    "updated_run": run_id,
                }
            )
            for claim_id in rng.sample(claim_ids, rng.choice([1, 1, 2])):
                design = rng.choices(DESIGNS, DESIGN_WEIGHTS)[0]
                direction = rng.choices(DIRECTIONS, DIRECTION_WEIGHTS)[0]
                links.append(
                    {
                        "claim_id": claim_id,
                        "pmid": pmid,
                        "first_seen_run": run_id,
                        "design": design,
                        "design_source": "text",
                        "n_participants": rng.choice([None, rng.randint(1, 400)]),
                        "direction": direction,
                        "assessment": {
                            "design": {
                                "value": design,
                                "source": "text",
                                "evidence": abstract[:80],
                            },
                            "direction": {
                                "value": direction,
                                "source": "text",
                                "evidence": abstract[-80:],
                            },
                        },
                    }
                )
                new_links[claim_id].append(pmid)
        with store.session_scope(engine) as session:
            session.execute(insert(Article), articles)
            session.execute(insert(ClaimArticle), links)
    with store.session_scope(engine) as session:
        session.execute(
            insert(FetchRunClaim),
            [
                {"run_id": run_id, "claim_id": claim_id, "new_pmids": pmids[-500:]}
                for claim_id, pmids in new_links.items()
            ],
        )
        grading.regrade(session=session, run_id=run_id)
        assert run_id is not None
        store.finish_run(session=session, run_id=run_id, status="done", counts={"new": records})
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def timed(call: Callable[[], object], repeat: int = 3) -> float:
    """The median wall time of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure_queries(engine: Engine, backend: str) -> list[Timing]:
    with store.session_scope(engine) as session:
        cards = views.claim_cards(session=session)
        biggest = max(cards, key=lambda card: card.linked)
    print(f"[{backend}] biggest claim: {biggest.claim_id}, {biggest.linked:,} linked records")

    def query(what: str, call: Callable[[Any], object]) -> Timing:
        def run() -> object:
            with store.session_scope(engine) as session:
                return call(session)

        return Timing(backend, what, timed(run))

    studies: list[views.ClaimStudy] = []

    def load_studies(session: Any) -> object:
        studies[:] = views.claim_studies(session=session, claim_id=biggest.claim_id)
        return studies

    timings = [
        query("data_stamp", lambda s: views.data_stamp(session=s)),
        query("claim_cards (21 claims)", lambda s: views.claim_cards(session=s)),
        query("evidence_cells (map)", lambda s: views.evidence_cells(session=s)),
        query("claim_studies (biggest claim)", load_studies),
        Timing(
            backend,
            "cumulative_timeline (in memory)",
            timed(
                lambda: views.cumulative_timeline(
                    studies, claim_id=biggest.claim_id, polarity=biggest.polarity
                ),
                repeat=1,
            ),
        ),
        query(
            "search: no filter, page 1",
            lambda s: views.search_articles(session=s, search=views.ArticleSearch()),
        ),
        query(
            "search: text 'acne scars'",
            lambda s: views.search_articles(
                session=s, search=views.ArticleSearch(text="acne scars")
            ),
        ),
        query(
            "search: rare word 'botulinum'",
            lambda s: views.search_articles(
                session=s, search=views.ArticleSearch(text="botulinum")
            ),
        ),
        query(
            "search: text + design + years, page 5",
            lambda s: views.search_articles(
                session=s,
                search=views.ArticleSearch(
                    text="melasma", designs=("rct",), year_from=2010, year_to=2020, page=5
                ),
            ),
        ),
        query(
            "export csv (biggest claim)",
            lambda s: export.export_claim(session=s, claim_id=biggest.claim_id, fmt="csv"),
        ),
    ]
    return timings


def measure_pages(url: str, backend: str, claim_id: str) -> list[Timing]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["TRACKER_DATABASE_URL"] = url
    AppTest.from_file(str(APP), default_timeout=600).run()  # imports, so "cold" means caches
    timings = []
    for label, page, query in (
        ("page: overview", None, {}),
        ("page: claim", "app_pages/claim.py", {"claim": claim_id}),
    ):
        for state in ("cold", "warm"):
            if state == "cold":
                st.cache_data.clear()
            at = AppTest.from_file(str(APP), default_timeout=600)
            if page is not None:
                at.run()  # navigation must be registered before switching
                at.query_params.update(query)
                at.switch_page(page)
                if state == "cold":
                    st.cache_data.clear()
            started = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - started
            if at.exception:
                raise RuntimeError(f"{label}: {at.exception[0].value}")
            timings.append(Timing(backend, f"{label} ({state})", elapsed))
    return timings


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    admin_url = db.normalise_url(os.environ.get("TRACKER_BENCH_POSTGRES_URL", DEFAULT_POSTGRES))
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"tracker_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench(backend: str, records: int) -> list[Timing]:
    with database(backend) as url:
        engine = db.make_engine(url)
        try:
            db.migrate(engine)
            started = time.perf_counter()
            fill(engine, records)
            print(
                f"[{backend}] filled {records:,} records in {time.perf_counter() - started:.0f} s"
            )
            timings = measure_queries(engine, backend)
            with store.session_scope(engine) as session:
                biggest = max(views.claim_cards(session=session), key=lambda c: c.linked)
            timings += measure_pages(url, backend, biggest.claim_id)
        finally:
            engine.dispose()
    return timings


def print_table(timings: list[Timing]) -> None:
    backends = list(dict.fromkeys(t.backend for t in timings))
    whats = list(dict.fromkeys(t.what for t in timings))
    by_key = {(t.backend, t.what): t.seconds for t in timings}
    width = max(len(what) for what in whats) + 2
    print(f"\n{'':{width}}" + "".join(f"{b:>12}" for b in backends))
    for what in whats:
        cells = "".join(
            f"{by_key[(b, what)] * 1000:>10.0f}ms" if (b, what) in by_key else f"{'-':>12}"
            for b in backends
        )
        print(f"{what:{width}}{cells}")
    print(f"\n({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; queries: median of 3 runs)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    timings: list[Timing] = []
    for backend in backends:
        try:
            timings += bench(backend, args.records)
        except Exception as exc:  # a missing PostgreSQL server should not hide SQLite's figures
            if backend != "postgres":
                raise
            print(f"[postgres] skipped: {str(exc).splitlines()[0]}", file=sys.stderr)
    print_table(timings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
