"""Import: idempotent upserts, newest version wins, deletes, bad input, links, exports.

Everything runs through the real path (`tracker.ingest.import_files`) on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests import corpus
from tests.conftest import dump
from tests.eutils_server import make_article_xml
from tracker import ingest, store
from tracker.claims import load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.dataset import FIELDS, write_articles
from tracker.errors import ConfigError
from tracker.grading import profiles
from tracker.ingest import ImportProgress, Ingestor, begin_run, import_files
from tracker.models import ClaimArticle
from tracker.pubmed import xml
from tracker.pubmed.query import QuerySet, SearchDocument
from tracker.pubmed.records import ArticleRecord
from tracker.pubmed.xml import parse_bytes

CLAIMS = load_claims(DEFAULT_QUERIES_DIR)


def test_import_stores_links_grades_and_records_the_run(engine: Engine, tmp_path: Path) -> None:
    path = corpus.write_corpus(tmp_path)
    report = import_files(engine, [path], claims=CLAIMS)

    assert report.status == "done"
    assert (report.counts.new, report.counts.updated, report.counts.unchanged) == (6, 0, 0)
    # The rat patch study and the unrelated record match no claim: counted, not stored.
    assert (report.counts.records, report.counts.unmatched) == (8, 2)
    assert report.counts.new_links["acne-scars"] == sorted(
        [corpus.ACNE_RCT, corpus.ACNE_SPLIT_FACE, corpus.PIH_CASE]
    )
    assert "drug-delivery" not in report.counts.new_links  # a rat patch study is not a claim's
    with store.session_scope(engine) as session:
        runs = store.list_runs(session=session)
        assert [(run.trigger, run.status) for run in runs] == [("import", "done")]
        assert (runs[0].counts["new"], runs[0].counts["unmatched"]) == (6, 2)
        stored = store.stored_pmids(session=session, pmids=corpus.records())
        assert corpus.UNRELATED not in stored and corpus.PATCH_DELIVERY not in stored
        summaries = store.summaries(session=session)
        assert {row.claim_id for row in summaries} == {claim.id for claim in CLAIMS}
        run_claims = {
            row.claim_id: row.new_pmids
            for row in store.run_claims(session=session, run_id=report.run_id)
        }
    assert run_claims["melasma"] == [corpus.MELASMA_SERIES]


def test_links_match_the_query_evaluator_on_records_read_back(
    engine: Engine, tmp_path: Path
) -> None:
    import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    queries = QuerySet({claim.id: claim.query for claim in CLAIMS})
    with store.session_scope(engine) as session:
        articles = list(store.iter_articles(session=session))
        stored_links = set(store.links_of(session=session, pmids=[a.pmid for a in articles]))
    expected: set[tuple[str, int]] = set()
    for article in articles:
        document = SearchDocument.build(
            title=article.title,
            abstract=article.abstract,
            keywords=article.keywords,
            mesh=[(term["descriptor"], term["major"]) for term in article.mesh_terms],
            publication_types=article.publication_types,
            languages=article.languages,
            journal=article.journal,
            year=article.pub_year,
        )
        expected.update((claim_id, article.pmid) for claim_id in queries.matching(document))
    assert stored_links == expected


def test_importing_the_same_file_twice_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = corpus.write_corpus(tmp_path)
    import_files(engine, [path], claims=CLAIMS)
    before = dump(engine)
    again = import_files(engine, [path], claims=CLAIMS)
    assert (again.counts.new, again.counts.updated, again.counts.unchanged) == (0, 0, 6)
    assert again.counts.unmatched == 2
    assert again.counts.new_links == {}
    assert dump(engine) == before


def test_newest_version_and_revision_win(engine: Engine, tmp_path: Path) -> None:
    pmid = corpus.MELASMA_SERIES
    old = make_article_xml(
        pmid,
        title="Old title of the microneedling melasma series",
        year=2020,
        date_revised=dt.date(2021, 1, 1),
    )
    new = make_article_xml(
        pmid,
        title="Revised title of the microneedling melasma series",
        year=2020,
        date_revised=dt.date(2023, 6, 1),
    )
    (tmp_path / "new.xml").write_bytes(corpus.document([new]))
    (tmp_path / "old.xml").write_bytes(corpus.document([old]))
    (tmp_path / "both.xml").write_bytes(corpus.document([old, new]))

    first = import_files(engine, [tmp_path / "new.xml"], claims=CLAIMS)
    stale = import_files(engine, [tmp_path / "old.xml"], claims=CLAIMS)
    assert first.counts.new == 1
    assert (stale.counts.stale, stale.counts.updated) == (1, 0)
    with store.session_scope(engine) as session:
        assert store.get_articles(session=session, pmids=[pmid])[pmid].title.startswith("Revised")

    # A new version is stored although it no longer matches any claim: the record is held.
    version_two = make_article_xml(
        pmid, title="Version two", year=2020, date_revised=dt.date(2020, 1, 1)
    ).replace(b'Version="1"', b'Version="2"')
    (tmp_path / "v2.xml").write_bytes(corpus.document([version_two]))
    upgraded = import_files(engine, [tmp_path / "v2.xml"], claims=CLAIMS)
    assert upgraded.counts.updated == 1
    with store.session_scope(engine) as session:
        article = store.get_articles(session=session, pmids=[pmid])[pmid]
    assert (article.version, article.title) == (2, "Version two")


def test_delete_citation_keeps_the_record_but_leaves_it_out_of_grades(
    engine: Engine, tmp_path: Path
) -> None:
    import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    (tmp_path / "update.xml").write_bytes(corpus.document([], deletes=[corpus.MELASMA_SERIES, 1]))
    report = import_files(engine, [tmp_path / "update.xml"], claims=CLAIMS)
    assert report.counts.deleted == 1  # the unknown PMID 1 is a no-op
    with store.session_scope(engine) as session:
        article = store.get_articles(session=session, pmids=[corpus.MELASMA_SERIES])[
            corpus.MELASMA_SERIES
        ]
        (melasma,) = profiles(session=session, claim_ids=["melasma"])
    assert article.deleted and article.deleted_at is not None
    assert [(e.pmid, e.why) for e in melasma.excluded] == [(corpus.MELASMA_SERIES, "deleted")]
    assert melasma.n_included == 0


def test_retracted_records_are_listed_and_left_out(engine: Engine, tmp_path: Path) -> None:
    import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    with store.session_scope(engine) as session:
        (striae,) = profiles(session=session, claim_ids=["striae"])
    assert [(e.pmid, e.why) for e in striae.excluded] == [(corpus.STRIAE_RETRACTED, "retracted")]


def test_bad_records_are_skipped_and_reported_the_rest_stored(
    engine: Engine, tmp_path: Path
) -> None:
    parts = list(corpus.records().values())
    broken = parts[1].replace(b'<PMID Version="1">900002</PMID>', b"<PMID>not-a-number</PMID>")
    good = corpus.document([parts[0], broken, parts[2]])
    (tmp_path / "mixed.xml").write_bytes(good)
    truncated = corpus.document(parts[3:6])
    (tmp_path / "cut.xml").write_bytes(truncated[: truncated.index(b"900005") + 200])

    report = import_files(engine, [tmp_path / "mixed.xml", tmp_path / "cut.xml"], claims=CLAIMS)
    assert report.status == "partial"
    assert report.counts.new == 3  # two from mixed.xml, one before the cut
    messages = [str(problem) for problem in report.problems]
    assert messages[0].startswith(f"{tmp_path / 'mixed.xml'}: record 2")
    assert messages[1].startswith(f"{tmp_path / 'cut.xml'}: document unreadable after 1 records")
    with store.session_scope(engine) as session:
        (run,) = store.list_runs(session=session)
        stored = store.stored_pmids(session=session, pmids=range(900000, 900010))
    assert run.status == "partial" and run.error and "cut.xml" in run.error
    assert stored == {corpus.ACNE_RCT, corpus.MELASMA_SERIES, corpus.ALOPECIA_PRP}


def test_an_oversized_record_is_skipped_with_file_and_position_the_rest_stored(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xml, "MAX_RECORD_TEXT", 200_000)  # the real cap, scaled down for speed
    parts = list(corpus.records().values())
    sections = b"".join(b"<AbstractText>" + b"scar " * 20_000 + b"</AbstractText>" for _ in "abc")
    huge = parts[1].replace(b"<Abstract>", b"<Abstract>" + sections, 1)
    assert huge != parts[1]
    path = tmp_path / "huge.xml"
    path.write_bytes(corpus.document([parts[0], huge, parts[2]]))

    report = import_files(engine, [path], claims=CLAIMS)
    assert report.status == "partial"
    (problem,) = [str(problem) for problem in report.problems]
    assert problem.startswith(f"{path}: record 2 (PMID {corpus.ACNE_SPLIT_FACE}): ")
    assert "200,000 characters" in problem
    with store.session_scope(engine) as session:
        stored = store.stored_pmids(session=session, pmids=range(900000, 900010))
        (run,) = store.list_runs(session=session)
    assert stored == {corpus.ACNE_RCT, corpus.MELASMA_SERIES}
    assert run.status == "partial" and run.error is not None and "record 2" in run.error


def test_out_of_range_identifiers_are_skipped_and_the_good_records_stored(
    engine: Engine, tmp_path: Path
) -> None:
    parts = list(corpus.records().values())
    too_big = parts[1].replace(
        f'<PMID Version="1">{corpus.ACNE_SPLIT_FACE}</PMID>'.encode(),
        b"<PMID>9223372036854775808</PMID>",
    )
    bad_version = parts[2].replace(b'<PMID Version="1">', b'<PMID Version="2147483648">')
    assert too_big != parts[1] and bad_version != parts[2]
    path = tmp_path / "wild.xml"
    path.write_bytes(corpus.document([parts[0], too_big, bad_version, parts[3]]))

    report = import_files(engine, [path], claims=CLAIMS)
    assert report.status == "partial"
    messages = [str(problem) for problem in report.problems]
    assert [message.split(": ", 2)[1] for message in messages] == [
        "record 2",
        f"record 3 (PMID {corpus.MELASMA_SERIES})",
    ]
    assert all("out of range" in message for message in messages)
    with store.session_scope(engine) as session:
        (run,) = store.list_runs(session=session)
        stored = store.stored_pmids(session=session, pmids=range(900000, 900010))
    assert run.status == "partial"
    assert stored == {corpus.ACNE_RCT, int(parts[3].split(b"</PMID>")[0].rsplit(b">", 1)[1])}


def test_a_record_the_database_refuses_is_reported_and_its_batch_stored(engine: Engine) -> None:
    # The parser would refuse such PMIDs; here the batch reaches the database as it is.
    records = [
        record
        for record in parse_bytes(corpus.document(list(corpus.records().values())[:3]))
        if isinstance(record, ArticleRecord)
    ]
    refused = ArticleRecord(pmid=2**63, title="Microneedling for acne scars")
    batch = [records[0], refused, *records[1:]]
    links = {"acne-scars": {record.pmid for record in batch}}
    with store.session_scope(engine) as session:
        store.sync_claims(session=session, claims=CLAIMS)
    run_id = begin_run(engine, trigger="import", detail="test")
    ingestor = Ingestor(engine, run_id=run_id, claims=CLAIMS)
    ingestor.store_batch(batch, links=links, link_source="local_query", source="batch.xml")

    (problem,) = [str(problem) for problem in ingestor.problems]
    assert problem.startswith(f"batch.xml (PMID {2**63}): not stored: ")
    assert "\n" not in problem and "SELECT" not in problem and "INSERT" not in problem
    with store.session_scope(engine) as session:
        stored = store.stored_pmids(session=session, pmids=[r.pmid for r in records])
        linked = {pmid for _, pmid in store.links_of(session=session, pmids=stored)}
    assert stored == linked == {record.pmid for record in records}
    assert ingestor.counts.new == len(records) and ingestor.counts.skipped == 1


def test_an_unexpected_error_leaves_the_run_failed_not_running(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> int:
        raise RuntimeError("the classifier broke")

    monkeypatch.setattr(ingest, "classify_links", broken)
    with pytest.raises(RuntimeError):
        import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    with store.session_scope(engine) as session:
        (run,) = store.list_runs(session=session)
    assert run.status == "failed" and run.finished is not None
    assert run.error is not None and "RuntimeError: the classifier broke" in run.error


def test_a_file_that_cannot_be_read_stops_the_import_before_it_starts(
    engine: Engine, tmp_path: Path
) -> None:
    good = corpus.write_corpus(tmp_path)
    with pytest.raises(ConfigError, match=r"missing\.xml \(no such file\)"):
        import_files(engine, [good, tmp_path / "missing.xml"], claims=CLAIMS)
    with store.session_scope(engine) as session:
        assert store.list_runs(session=session) == []
        assert store.count_articles(session=session) == 0


def test_curator_columns_survive_a_reimport_of_a_revised_record(
    engine: Engine, tmp_path: Path
) -> None:
    import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE claim_article SET cur_design = 'cohort_or_case_series',"
                " cur_note = 'checked by hand' WHERE claim_id = 'acne-scars' AND pmid = :p"
            ),
            {"p": corpus.ACNE_RCT},
        )
    revised = corpus.records(revised=dt.date(2030, 1, 1))[corpus.ACNE_RCT]
    (tmp_path / "rev.xml").write_bytes(corpus.document([revised]))
    report = import_files(engine, [tmp_path / "rev.xml"], claims=CLAIMS)
    assert report.counts.updated == 1
    with store.session_scope(engine) as session:
        link = session.get(ClaimArticle, ("acne-scars", corpus.ACNE_RCT))
    assert link is not None
    assert (link.cur_design, link.cur_note) == ("cohort_or_case_series", "checked by hand")
    assert link.design == "rct"  # the automatic column was rewritten, the curator's was not


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_articles_writes_every_record_with_its_fields(
    engine: Engine, tmp_path: Path, fmt: str
) -> None:
    source = corpus.document(list(corpus.records().values()))
    import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS, keep_unmatched=True)
    out = io.StringIO()
    with store.session_scope(engine) as session:
        count = write_articles(session=session, out=out, fmt=fmt)
    assert count == 8
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert tuple(rows[0]) == FIELDS
    by_pmid = {int(row["pmid"]): row for row in rows}
    parsed = [event for event in parse_bytes(source) if isinstance(event, ArticleRecord)]
    for record in parsed:
        row = by_pmid[record.pmid]
        assert row["title"] == record.title
        assert row["abstract"] == record.abstract
    claims = by_pmid[corpus.ALOPECIA_PRP]["claims"]
    claims = json.loads(claims) if fmt == "csv" else claims
    assert claims == ["androgenetic-alopecia", "prp-combination"]


def test_a_gzip_file_imports_like_the_plain_one_and_progress_counts_bytes_on_disk(
    engine: Engine, tmp_path: Path
) -> None:
    plain = corpus.write_corpus(tmp_path)
    packed = tmp_path / "corpus.xml.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    seen: list[ImportProgress] = []
    report = import_files(engine, [packed], claims=CLAIMS, on_progress=seen.append)
    assert (report.counts.new, report.counts.unmatched) == (6, 2)
    assert seen[-1].bytes_read == seen[-1].bytes_total == packed.stat().st_size
    assert seen[-1].records == 8
    again = import_files(engine, [plain], claims=CLAIMS)
    assert (again.counts.new, again.counts.unchanged) == (0, 6)
