"""Parse speed of `tracker.pubmed.xml.iter_records` against a bare lxml iterparse.

The input is a PubmedArticleSet of N records generated on the fly, cycling through real
PubmedArticle records. They are read in place from `../shared/data/eutils` beside the
repository, or taken from the repository's own fixtures when that folder is absent. Nothing is
written to disk. The bare baseline pulls only the PMID and title, and clears as it goes.

    .venv/bin/python benchmarks/bench_parse.py --records 30000 [--gzip]
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import resource
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from tracker.pubmed.xml import iter_records

REPO = Path(__file__).resolve().parents[1]
SHARED_EUTILS = REPO.parent / "shared" / "data" / "eutils"
OWN_FIXTURES = REPO / "tests" / "data" / "xml"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def sample_records() -> tuple[list[bytes], str]:
    folder = SHARED_EUTILS if SHARED_EUTILS.is_dir() else OWN_FIXTURES
    records: list[bytes] = []
    for path in sorted(folder.iterdir()):
        if not path.name.endswith((".xml", ".xml.gz")):
            continue
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        try:
            root = etree.fromstring(data, _SAFE)
        except etree.XMLSyntaxError:
            continue
        records += [etree.tostring(e) for e in root.iter("PubmedArticle")]
    return records, str(folder.relative_to(REPO.parent))


class GeneratedDocument(io.RawIOBase):
    """A PubmedArticleSet of `count` records, produced as it is read."""

    def __init__(self, records: list[bytes], count: int) -> None:
        super().__init__()
        body = (records[i % len(records)] for i in range(count))
        self._chunks: Iterator[bytes] = itertools.chain(
            [b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'],
            body,
            [b"</PubmedArticleSet>\n"],
        )
        self._pending = b""
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while len(self._pending) < len(buffer):
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._pending += chunk
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        self.size += count
        return count


def bare_iterparse(stream: BinaryIO) -> int:
    count = 0
    for _event, element in etree.iterparse(
        stream, events=("end",), tag="PubmedArticle", resolve_entities=False, no_network=True
    ):
        element.findtext("MedlineCitation/PMID")
        element.findtext("MedlineCitation/Article/ArticleTitle")
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def tracker_parser(stream: BinaryIO) -> int:
    return sum(1 for _ in iter_records(stream))


def timed(
    name: str, parse: Callable[[BinaryIO], int], records: list[bytes], n: int, gz: bool
) -> float:
    stream: BinaryIO = io.BufferedReader(GeneratedDocument(records, n), buffer_size=1 << 16)
    if gz:  # compress first (in RAM), then time the parse of the compressed stream
        stream = io.BytesIO(gzip.compress(stream.read(), compresslevel=6))
        if parse is bare_iterparse:  # iter_records recognises gzip itself; lxml does not
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    start = time.perf_counter()
    count = parse(stream)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{name:>16}: {count:,} records in {elapsed:.2f} s = {count / elapsed:,.0f} records/s"
        f" (process peak RSS so far {peak_mb:.0f} MB)"
    )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--gzip", action="store_true", help="parse a gzip stream (held in RAM)")
    args = parser.parse_args()
    records, origin = sample_records()
    print(f"{len(records)} distinct records from {origin}, repeated to {args.records:,}")
    bare = timed("bare iterparse", bare_iterparse, records, args.records, args.gzip)
    ours = timed("iter_records", tracker_parser, records, args.records, args.gzip)
    print(f"iter_records takes {ours / bare:.2f}x the time of the bare iterparse")


if __name__ == "__main__":
    main()
