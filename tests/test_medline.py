"""PubMed-format text (MEDLINE tags, `.nbib`): read with Bio.Medline into the XML's records.

The fixtures in tests/data/medline hold the same four invented articles as PubMed XML and as
PubMed-format text; imported either way, `tracker export articles` must print the same records,
apart from what the text format cannot carry (abstract section categories, MeSH unique ids).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import TEST_DATA, create_postgres_database, drop_postgres_database
from tracker.cli import app
from tracker.pubmed.medline import is_medline, iter_records
from tracker.pubmed.records import AbstractSection, ArticleRecord, MeshTerm, SkippedRecord

FIXTURES = TEST_DATA / "medline"
XML = FIXTURES / "articles.xml"
TEXT = FIXTURES / "articles.txt"
PMIDS = [990000001, 990000002, 990000003, 990000004]

runner = CliRunner()


@pytest.fixture
def other_db_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database on the same backend as `db_url`."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    url = create_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(url)


def import_and_export(url: str, path: Path) -> list[dict[str, Any]]:
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    imported = runner.invoke(app, ["import", "--keep-unmatched", "--db", url, str(path)])
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(app, ["export", "articles", "--db", url])
    assert exported.exit_code == 0, exported.output
    return [json.loads(line) for line in exported.stdout.splitlines()]


def without_what_text_cannot_carry(row: dict[str, Any]) -> dict[str, Any]:
    return row | {
        "abstract_sections": [s | {"category": None} for s in row["abstract_sections"]],
        "mesh_terms": [m | {"ui": None} for m in row["mesh_terms"]],
    }


def test_text_and_xml_of_the_same_articles_export_the_same_records(
    db_url: str, other_db_url: str
) -> None:
    from_xml = import_and_export(db_url, XML)
    from_text = import_and_export(other_db_url, TEXT)
    assert [row["pmid"] for row in from_text] == PMIDS
    assert [without_what_text_cannot_carry(r) for r in from_xml] == from_text

    first, second, third, fourth = from_text
    # The fields that could go wrong, checked against the fixture itself.
    assert [s["label"] for s in first["abstract_sections"]] == [
        "BACKGROUND",
        "METHODS",
        "RESULTS",
        "CONCLUSIONS",
    ]
    assert first["abstract"].startswith("BACKGROUND: Atrophic acne scars are common")
    assert "\n\nCONCLUSIONS: Microneedling improved" in first["abstract"]
    assert first["authors"] == ["Okonkwo AN", "Skin Needling Trialists Group", "Lindqvist E"]
    assert first["doi"] == "10.9999/jocd.2023.0001" and first["pmcid"] == "PMC99000001"
    assert first["nct_ids"] == ["NCT09000001"] and "acne-scars" in first["claims"]
    assert {"descriptor": "Cicatrix", "ui": None, "major": True} | {
        "qualifiers": ["etiology", "therapy"]
    } in first["mesh_terms"]
    assert (first["pub_year"], first["pub_date"]) == (2023, "2023 Mar 4")
    assert first["date_revised"] == "2023-06-01"
    assert second["authors"] == ["García-López M", "Yağan Ö", "Moreau JP Jr", "Priyanka"]
    assert second["language"] == ["spa", "eng"] and second["pub_date"] == "2022 Sep-Oct"
    assert [s["label"] for s in second["abstract_sections"]] == [None]
    assert second["nct_ids"] == ["NCT09000002"]
    assert third["retracted"] is True and third["doi"] == "10.9999/ijtr.2021.0093"
    assert third["abstract_sections"][1]["label"] == "DESIGN, SETTING, AND PARTICIPANTS"
    assert third["title"].endswith(
        "a deliberately long title that PubMed wraps over several lines."
    )
    assert fourth["abstract"] == "" and fourth["pub_date"] == "2021 Spring"


def test_the_format_is_told_by_the_content_not_the_name(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'names.db'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    named = {
        "export.nbib": TEXT.read_bytes(),
        "pubmed-export": TEXT.read_bytes(),  # no extension at all
        "wrongly-named.xml": TEXT.read_bytes(),
        "compressed.txt.gz": gzip.compress(TEXT.read_bytes()),
    }
    for number, (name, data) in enumerate(named.items()):
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(app, ["import", "--keep-unmatched", "--db", url, str(path)])
        assert result.exit_code == 0, (name, result.output)
        expected = "4 new, 0 updated, 0 unchanged" if number == 0 else "0 new, 0 updated, 4 unch"
        assert expected in result.stdout, (name, result.stdout)


def test_a_malformed_record_is_skipped_and_named_with_its_file_and_line(tmp_path: Path) -> None:
    lines = TEXT.read_text(encoding="utf-8").splitlines()
    second = lines.index("PMID- 990000002")
    third = lines.index("PMID- 990000003")
    # Record 2 gets a line that is no field: a paste gone wrong. Record 3 loses its PMID line.
    broken = [*lines[: second + 3], "this line is not a field", *lines[second + 3 :]]
    broken.remove("PMID- 990000003")
    path = tmp_path / "broken.nbib"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'broken.db'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0

    result = runner.invoke(app, ["import", "--keep-unmatched", "--db", url, str(path)])

    assert result.exit_code == 1  # partial: the rest is stored
    assert "2 new" in result.stdout and "2 skipped" in result.stdout
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert skipped == [
        f"skipped: {path}: record 2 (PMID 990000002), line {second + 4}: neither a field "
        "('TAG - value') nor a continuation line: 'this line is not a field'",
        f"skipped: {path}: record 3, line {third + 2}: record without a PMID- line",
    ]
    exported = runner.invoke(app, ["export", "articles", "--db", url])
    assert [json.loads(line)["pmid"] for line in exported.stdout.splitlines()] == [
        990000001,
        990000004,
    ]


# --- the reader on its own ---------------------------------------------------------------


def read(text: str) -> list[ArticleRecord | SkippedRecord]:
    return list(iter_records(text.splitlines(keepends=True)))


def only(text: str) -> ArticleRecord:
    (record,) = read(text)
    assert isinstance(record, ArticleRecord), record
    return record


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"PMID- 1\nTI  - x\n", True),
        (b"\n\r\n   \nPMID- 1\n", True),  # blank lines first, as PubMed writes the file
        (b"\xef\xbb\xbfPMID- 1\n", True),  # a byte-order mark
        (b'<?xml version="1.0"?>\n<PubmedArticleSet>', False),
        (b"TI  - no PMID first\nPMID- 1\n", False),
        (b"", False),
    ],
)
def test_pubmed_format_is_recognised_by_its_first_line(head: bytes, expected: bool) -> None:
    assert is_medline(head) is expected


def test_inline_labels_split_the_abstract_and_lookalikes_do_not() -> None:
    record = only(
        "PMID- 5\n"
        "AB  - Lead sentence before any label. OBJECTIVE: To test. METHODS: We compared\n"
        "      A and B (OR: 1.2; 95% CI: 0.9-1.6) in 12 patients. NOTE that: nothing.\n"
        "      RESULTS: Fine.\n"
    )
    assert record.abstract_sections == [
        AbstractSection("Lead sentence before any label."),
        AbstractSection("To test.", "OBJECTIVE"),
        AbstractSection(
            "We compared A and B (OR: 1.2; 95% CI: 0.9-1.6) in 12 patients. NOTE that: nothing.",
            "METHODS",
        ),
        AbstractSection("Fine.", "RESULTS"),
    ]


def test_fields_are_read_as_the_xml_parser_reads_them() -> None:
    record = only(
        "PMID- 6\n"
        "TI  - A title\n"
        "      over two lines.\n"
        "MH  - *Acne Vulgaris/therapy\n"
        "MH  - Cicatrix/etiology/*surgery\n"
        "MH  - Humans\n"
        "CN  - Group One\n"
        "AU  - Doe J\n"
        "CN  - Group Two\n"
        "LID - S0000-0000(21)00001-X [pii]\n"
        "LID - doi:10.1000/XYZ [doi]\n"
        "DP  - 2019 Dec 24\n"
        "RIN - Some J. 2020;1:1. PMID: 77\n"
        "LR  - 20200231\n"  # no such day: not a date
    )
    assert record.title == "A title over two lines."
    assert record.mesh_terms == [
        MeshTerm("Acne Vulgaris", major=True, qualifiers=("therapy",)),
        MeshTerm("Cicatrix", major=True, qualifiers=("etiology", "surgery")),
        MeshTerm("Humans"),
    ]
    assert record.authors == ["Group One", "Doe J", "Group Two"]
    assert record.doi == "10.1000/XYZ"
    assert (record.pub_year, record.pub_date) == (2019, "2019 Dec 24")
    assert record.retracted and record.retraction_pmids == [77]
    assert record.date_revised is None and record.version == 1


def test_records_are_separated_by_blank_lines_or_a_new_pmid_line() -> None:
    records = read(
        "\n\nPMID- 7\nTI  - Seven\nAB  - First paragraph.\n      \n      Second.\n"
        "PMID- 8\nTI  - Eight\n\n\n\nPMID- 9\nTI  - Nine\n"
    )
    assert [r.pmid for r in records] == [7, 8, 9]
    seven = records[0]
    assert isinstance(seven, ArticleRecord)
    assert seven.abstract == "First paragraph. Second."


def test_a_bad_pmid_is_reported_and_the_next_record_read() -> None:
    first, second = read("PMID- 12a\nTI  - Bad\n\nPMID- 13\nTI  - Good\n")
    assert first == SkippedRecord(1, "PMID '12a' is not a positive number", line=1)
    assert isinstance(second, ArticleRecord) and second.pmid == 13
