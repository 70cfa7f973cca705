"""Import speed and memory: `tracker import` against two reference points, in one run.

    python -m benchmarks.bench_import [--records 30000]

Generates a MEDLINE-style file (benchmarks/medline_file.py), then runs, each in a fresh
process so that peak memory is its own:
  - bare:      lxml iterparse pulling PMID, title, abstract, publication types and MeSH
               descriptors, elements cleared (the floor; what the research notes measured);
  - naive:     Bio.Entrez.read of the whole file, then one INSERT and COMMIT per record
               (the straightforward approach);
  - tracker:   `tracker.ingest.import_files` into a fresh SQLite database, as `tracker import`
               runs it: records no claim can match are declined before they are parsed (the
               prefilter), the rest are parsed, linked to the 21 claims, upserted in batches,
               assessed and graded, and the run is recorded;
  - tracker, every record: the same with `keep_unmatched=True` (`--keep-unmatched`), which
               parses and stores all 30,000 records.
It also imports a file a third of the size, to show that peak memory does not grow with the
file. Ratios are what to read: the machine's speed varies from run to run. Timings include
Python imports and creating the database schema.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.medline_file import write


def bare(path: Path) -> int:
    from lxml import etree

    count = 0
    for _, element in etree.iterparse(
        str(path), tag="PubmedArticle", resolve_entities=False, no_network=True, load_dtd=False
    ):
        element.findtext("MedlineCitation/PMID")
        element.findtext("MedlineCitation/Article/ArticleTitle")
        " ".join(
            "".join(text.itertext())
            for text in element.iterfind("MedlineCitation/Article/Abstract/AbstractText")
        )
        [pt.text for pt in element.iterfind(".//PublicationType")]
        [
            d.text
            for d in element.iterfind("MedlineCitation/MeshHeadingList/MeshHeading/DescriptorName")
        ]
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def naive(path: Path, database: Path) -> int:
    from Bio import Entrez

    with path.open("rb") as handle:
        document = Entrez.read(handle, validate=False)
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE article (pmid INTEGER PRIMARY KEY, title TEXT, abstract TEXT)")
    count = 0
    for record in document["PubmedArticle"]:
        citation = record["MedlineCitation"]
        article = citation["Article"]
        abstract = " ".join(str(t) for t in article.get("Abstract", {}).get("AbstractText", []))
        connection.execute(
            "INSERT INTO article VALUES (?, ?, ?)",
            (int(citation["PMID"]), str(article["ArticleTitle"]), abstract),
        )
        connection.commit()
        count += 1
    connection.close()
    return count


def tracker(path: Path, database: Path, *, keep_unmatched: bool = False) -> int:
    from tracker import db
    from tracker.claims import load_claims
    from tracker.config import DEFAULT_QUERIES_DIR
    from tracker.ingest import import_files

    engine = db.make_engine(f"sqlite:///{database}")
    db.migrate(engine)
    report = import_files(
        engine, [path], claims=load_claims(DEFAULT_QUERIES_DIR), keep_unmatched=keep_unmatched
    )
    engine.dispose()
    return report.counts.records


def _stage(name: str, path: Path, database: Path) -> None:
    started = time.perf_counter()
    if name == "bare":
        count = bare(path)
    elif name == "naive":
        count = naive(path, database)
    else:
        count = tracker(path, database, keep_unmatched=name == "tracker-all")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": name, "records": count, "seconds": seconds, "peak_mb": peak_mb}))


def run_stage(name: str, path: Path, database: Path) -> dict[str, float]:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_import",
            "--stage",
            name,
            str(path),
            str(database),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--stage", nargs=3, metavar=("STAGE", "FILE", "DB"))
    args = parser.parse_args()
    if args.stage:
        _stage(args.stage[0], Path(args.stage[1]), Path(args.stage[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        big = write(work / "big.xml", args.records)
        small = write(work / "small.xml", max(args.records // 3, 1), first_pmid=40_000_000)
        size_mb = big.stat().st_size / 1e6
        print(f"{args.records} records, {size_mb:.0f} MB")
        rows = [
            ("bare lxml iterparse", run_stage("bare", big, work / "bare.db")),
            ("Bio.Entrez.read + insert/commit per record", run_stage("naive", big, work / "n.db")),
            ("tracker import", run_stage("tracker", big, work / "t.db")),
            ("tracker import --keep-unmatched", run_stage("tracker-all", big, work / "a.db")),
            (
                f"tracker import, {args.records // 3} records",
                run_stage("tracker", small, work / "s.db"),
            ),
        ]
        print(f"{'approach':48} {'records/s':>10} {'seconds':>8} {'peak MB':>8}")
        for label, row in rows:
            rate = row["records"] / row["seconds"]
            print(f"{label:48} {rate:10.0f} {row['seconds']:8.1f} {row['peak_mb']:8.0f}")
        bare_rate = rows[0][1]["records"] / rows[0][1]["seconds"]
        naive_rate = rows[1][1]["records"] / rows[1][1]["seconds"]
        ours = rows[2][1]["records"] / rows[2][1]["seconds"]
        print(f"tracker vs straightforward: {ours / naive_rate:.1f}x the records per second")
        print(f"bare iterparse vs tracker: {bare_rate / ours:.1f}x (target: within 2x)")
        print(
            f"peak memory, {args.records // 3} vs {args.records} records: "
            f"{rows[4][1]['peak_mb']:.0f} MB vs {rows[2][1]['peak_mb']:.0f} MB"
        )
        every = rows[3][1]["records"] / rows[3][1]["seconds"]
        print(
            f"storing every record (--keep-unmatched): {every / naive_rate:.1f}x the "
            f"straightforward approach, {bare_rate / every:.1f}x slower than bare iterparse"
        )


if __name__ == "__main__":
    main()
