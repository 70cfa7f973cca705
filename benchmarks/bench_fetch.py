"""Requests made by a first fetch of all 21 claims and by a rerun with nothing new.

    python -m benchmarks.bench_fetch [--records 3000]

Runs `tracker.fetch` against the loopback E-utilities test server (tests/eutils_server.py)
with a synthetic corpus in which each claim's search finds 50-400 records and claims share
records, as real claims do. Counts the requests the server received, by endpoint, and says
how long they take at NCBI's 3 requests per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.eutils_server import EutilsTestServer, FakePubMed, make_record
from tracker import db
from tracker.claims import load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.fetch import fetch
from tracker.pubmed.eutils import EutilsClient


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(11)
    claims = load_claims(DEFAULT_QUERIES_DIR)
    pmids = list(range(50_000_000, 50_000_000 + args.records))
    records = [
        make_record(pmid, title=f"Microneedling study {pmid}", year=rng.randint(2005, 2025))
        for pmid in pmids
    ]
    searches = {
        claim.pubmed_query: sorted(rng.sample(pmids, k=min(len(pmids), rng.randint(50, 400))))
        for claim in claims
    }
    distinct = len(set().union(*map(set, searches.values())))
    with (
        tempfile.TemporaryDirectory() as folder,
        EutilsTestServer(FakePubMed(records, searches)) as server,
    ):
        engine = db.make_engine(f"sqlite:///{Path(folder) / 'fetch.db'}")
        db.migrate(engine)
        rows = []
        for label in ("first fetch", "rerun, nothing new"):
            server.clear_requests()
            client = EutilsClient(
                server.base_url, email="bench@example.org", api_key=None,
                requests_per_second=1000.0,
            )  # fmt: skip
            started = time.perf_counter()
            with client:
                report = fetch(engine, claims=claims, client=client, today=dt.date(2026, 11, 20))
            seconds = time.perf_counter() - started
            by_endpoint = Counter(request.endpoint for request in server.requests)
            rows.append((label, report.fetched, by_endpoint, seconds))
        engine.dispose()
    print(f"{len(claims)} claims, {distinct} distinct PMIDs across their searches")
    print(f"{'run':22} {'fetched':>8} {'esearch':>8} {'efetch':>7} {'total':>6} {'at 3/s':>8}")
    for label, fetched, by_endpoint, _ in rows:
        total = sum(by_endpoint.values())
        print(
            f"{label:22} {fetched:8} {by_endpoint['esearch']:8} {by_endpoint['efetch']:7} "
            f"{total:6} {total / 3:7.0f}s"
        )


if __name__ == "__main__":
    main()
