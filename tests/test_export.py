"""Claim exports (`tracker.export`): every format parses back, on SQLite and PostgreSQL.

RIS and BibTeX are read back with the small strict parsers below (no reference-manager
library is installed): a malformed line, an unescaped LaTeX special or unbalanced braces fail
the test, and the values read back must equal the stored ones.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.test_store_views import SCRIPT_TITLE, Rec, build_corpus_database, import_records, linked
from tracker import db, export, store
from tracker.errors import ConfigError
from tracker.evidence.grade import StudyEvidence
from tracker.evidence.labels import Design
from tracker.store import curation, views

CLAIM = "acne-scars"


@pytest.fixture
def corpus(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    engine = build_corpus_database(db_url, tmp_path)
    try:
        yield engine
    finally:
        engine.dispose()


def exported(engine: Engine, fmt: export.ExportFormat, claim_id: str = CLAIM) -> str:
    with store.session_scope(engine) as session:
        return export.export_claim(session=session, claim_id=claim_id, fmt=fmt)


def stored_studies(engine: Engine, claim_id: str = CLAIM) -> dict[int, views.ClaimStudy]:
    with store.session_scope(engine) as session:
        studies = views.claim_studies(session=session, claim_id=claim_id, with_abstracts=True)
    return {s.pmid: s for s in studies}


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- a strict RIS reader ----------------------------------------------------------------

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for number, line in enumerate(text.split("\r\n"), start=1):
        if line == "" and current is None:
            continue
        match = RIS_LINE.match(line)
        if match is None:
            raise ValueError(f"line {number} is not a RIS tag line: {line!r}")
        tag, value = match.groups()
        if tag == "TY":
            if current is not None:
                raise ValueError(f"line {number}: TY inside a record")
            current = {"TY": [value]}
        elif tag == "ER":
            if current is None or value.strip():
                raise ValueError(f"line {number}: stray ER")
            records.append(current)
            current = None
        elif current is None:
            raise ValueError(f"line {number}: {tag} outside a record")
        else:
            current.setdefault(tag, []).append(value)
    if current is not None:
        raise ValueError("the last record has no ER")
    return records


# --- a strict BibTeX reader -------------------------------------------------------------

VERBATIM_FIELDS = {"doi", "url"}
ESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{f"\\{ch}": ch for ch in "{}&%$#_"},
}


@dataclasses.dataclass
class BibEntry:
    kind: str
    key: str
    fields: dict[str, str]


def _braced(text: str, start: int) -> tuple[str, int]:
    """The raw value of the braced group opening at `start`, and the index after it."""
    if text[start] != "{":
        raise ValueError(f"expected '{{' at {start}")
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
        i += 1
    raise ValueError("unbalanced braces")


def unescape(raw: str) -> str:
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\":
            for escape, plain in ESCAPES.items():
                if raw.startswith(escape, i):
                    out.append(plain)
                    i += len(escape)
                    break
            else:
                raise ValueError(f"unknown escape at {raw[i : i + 12]!r}")
            continue
        if raw[i] in "&%$#_~^":
            raise ValueError(f"unescaped {raw[i]!r} in {raw!r}")
        if raw[i] in "{}":  # grouping braces (a group author's name) carry no text
            i += 1
            continue
        out.append(raw[i])
        i += 1
    return "".join(out)


def parse_bibtex(text: str) -> list[BibEntry]:
    entries = []
    i = 0
    header = re.compile(r"\s*@([a-z]+)\{([^,\s{}]+),")
    field = re.compile(r"\s*([a-z]+) = ")
    while text[i:].strip():
        match = header.match(text, i)
        if match is None:
            raise ValueError(f"no entry header at {text[i : i + 40]!r}")
        kind, key = match.groups()
        i = match.end()
        fields: dict[str, str] = {}
        while True:
            closing = re.compile(r"\s*\}").match(text, i)
            if closing:
                i = closing.end()
                break
            match = field.match(text, i)
            if match is None:
                raise ValueError(f"no field at {text[i : i + 40]!r}")
            name = match.group(1)
            raw, i = _braced(text, match.end())
            if name in fields:
                raise ValueError(f"field {name} twice in {key}")
            fields[name] = raw if name in VERBATIM_FIELDS else unescape(raw)
            separator = re.compile(r"\s*,").match(text, i)
            if separator:
                i = separator.end()
        entries.append(BibEntry(kind, key, fields))
    return entries


# --- round trips on the imported corpus ---------------------------------------------------


def test_ris_round_trips_every_linked_study(corpus: Engine) -> None:
    records = parse_ris(exported(corpus, "ris"))
    studies = stored_studies(corpus)
    assert sorted(int(r["AN"][0]) for r in records) == sorted(linked(corpus)[CLAIM])
    for record in records:
        study = studies[int(record["AN"][0])]
        assert record["TY"] == ["JOUR"]
        assert record["TI"] == [one_line(study.title)]
        assert len(record["AU"]) == len(study.authors)
        for written, stored in zip(record["AU"], study.authors, strict=True):
            assert written.startswith(stored.rsplit(" ", 1)[0] + ", ")
        assert record["UR"] == [f"https://pubmed.ncbi.nlm.nih.gov/{study.pmid}/"]
        assert record["PY"] == [str(study.year)]
        assert record["JO"] == [study.journal]
        assert record.get("DO") == ([study.doi] if study.doi else None)
        if study.abstract:
            assert record["AB"] == [one_line(study.abstract)]
        assert any(note.startswith("Design: ") for note in record["N1"])
    script = next(r for r in records if r["AN"] == ["39900005"])
    assert script["TI"] == [SCRIPT_TITLE]  # record text is data, kept as it is


def test_bibtex_round_trips_every_linked_study(corpus: Engine) -> None:
    entries = parse_bibtex(exported(corpus, "bibtex"))
    studies = stored_studies(corpus)
    assert sorted(int(e.fields["pmid"]) for e in entries) == sorted(linked(corpus)[CLAIM])
    assert len({e.key for e in entries}) == len(entries)
    for entry in entries:
        study = studies[int(entry.fields["pmid"])]
        assert entry.kind == "article"
        assert re.fullmatch(rf"[A-Za-z]+{study.year}_{study.pmid}", entry.key)
        assert entry.fields["title"] == one_line(study.title)
        assert entry.fields["journal"] == study.journal
        assert entry.fields["year"] == str(study.year)
        assert entry.fields["url"] == study.url
        assert len(entry.fields["author"].split(" and ")) == len(study.authors)
        if study.doi:
            assert entry.fields["doi"] == study.doi  # verbatim: "_" and balanced braces kept
    garcia = next(e for e in entries if e.fields["pmid"] == "39900002")
    assert garcia.key == "GarciaLopez2019_39900002"  # ASCII key from "García-López"
    assert garcia.fields["author"].startswith("García-López, M. and Smith, J. A.")


def test_authors_are_exported_as_people_whatever_their_names(db_url: str, tmp_path: Path) -> None:
    # Records whose authors have no <Initials> (only a fore name) or initials outside ASCII:
    # each must reach RIS and BibTeX as a person (surname, initials), not as one opaque name.
    people = (("Doe", "Jane"), ("Martin", "Jean-Pierre A"), ("Yağan", "Ö"), ("Pryt", "Ł"))
    record = Rec(
        39900070,
        "Microneedling for atrophic acne scars: a case series",
        (("CONCLUSIONS", "Microneedling improved atrophic acne scars."),),
        2021,
        authors=people,
    )
    engine = db.make_engine(db_url)
    db.migrate(engine)
    try:
        import_records(engine, tmp_path, [record], "authors")
        (ris,) = [r for r in parse_ris(exported(engine, "ris")) if r["AN"] == ["39900070"]]
        (bib,) = [e for e in parse_bibtex(exported(engine, "bibtex")) if e.key.endswith("70")]
    finally:
        engine.dispose()
    assert ris["AU"] == ["Doe, J.", "Martin, J. P. A.", "Yağan, Ö.", "Pryt, Ł."]
    assert bib.fields["author"] == "Doe, J. and Martin, J. P. A. and Yağan, Ö. and Pryt, Ł."
    assert bib.key == "Doe2021_39900070"


def make_study(**changes: object) -> views.ClaimStudy:
    study = views.ClaimStudy(
        claim_id="c",
        pmid=12345,
        title="A title",
        year=2020,
        pub_date="2020 Mar",
        journal="J Test",
        authors=("Doe J",),
        doi=None,
        retracted=False,
        expression_of_concern=False,
        deleted=False,
        design="rct",
        design_source="publication_type",
        rct_within_person=False,
        n_participants=30,
        n_unit=None,
        direction="supports",
        human=True,
        relevant=True,
        assessment={},
        link_source="local_query",
        first_seen_run=None,
        cur_included=None,
        cur_design=None,
        cur_direction=None,
        cur_n=None,
        cur_note=None,
        cur_by=None,
        cur_at=None,
        grade_input=StudyEvidence(
            pmid=12345,
            title="A title",
            year=2020,
            design="rct",
            n_participants=30,
            direction="supports",
            human=True,
            relevant=True,
        ),
    )
    return dataclasses.replace(study, **changes)  # type: ignore[arg-type]


def test_bibtex_escapes_every_special_character() -> None:
    title = "50% of C&A patients: $5 fix #1 {braces} back\\slash ~tilde^caret_under\nnext"
    studies = [
        make_study(
            title=title,
            journal="Derm & Co_",
            authors=("Acne Scar Study Group {Europe}", "van der Berg AB", "Smith J Jr"),
            doi="10.1000/a_b%c#d{",
        ),
        make_study(pmid=777, authors=(), year=None),
        make_study(pmid=778, authors=("van der Berg AB",)),
    ]
    entries = parse_bibtex(export.render_bibtex(studies))
    first, second, third = entries
    assert first.fields["title"] == one_line(title)
    assert first.fields["journal"] == "Derm & Co_"
    authors = first.fields["author"].split(" and ")
    assert authors == ["Acne Scar Study Group {Europe}", "van der Berg, A. B.", "Smith, Jr, J."]
    assert first.fields["doi"] == "10.1000/a_b%c#d"  # an unbalanced brace is dropped
    assert first.key == "Acne2020_12345"  # a group: its first word
    assert second.key == "Anonnd_777" and "year" not in second.fields
    assert third.key == "vanderBerg2020_778"


def test_ris_keeps_one_value_per_line() -> None:
    study = make_study(title="Line one\nline two\r\n  three", authors=("Doe J", "Roe R"))
    (record,) = parse_ris(export.render_ris([study]))
    assert record["TI"] == ["Line one line two three"]
    assert record["AU"] == ["Doe, J.", "Roe, R."]


# --- CSV, JSON, Markdown ----------------------------------------------------------------


def test_csv_lists_studies_with_graded_automatic_and_curator_values(corpus: Engine) -> None:
    with store.session_scope(corpus) as session:
        curation.curate(
            session=session,
            claim_id=CLAIM,
            pmid=39900001,
            by="Dr Csv",
            note="=counted from table 1",
            n_participants=14,
        )
    rows = list(csv.DictReader(io.StringIO(exported(corpus, "csv"))))
    studies = stored_studies(corpus)
    assert sorted(int(r["pmid"]) for r in rows) == sorted(studies)
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    for row in rows:
        study = studies[int(row["pmid"])]
        graded = study.graded()
        assert row["title"] == study.title
        assert row["included"] == ("true" if graded.included else "false")
        assert row["design"] == graded.design and row["auto_design"] == study.design
        assert row["pubmed_url"] == study.url
        # Risk of bias for trials: the graded and automatic overall, and each domain.
        if study.design == "rct":
            assert row["auto_risk_of_bias"] in ("low", "some_concerns", "high")
            assert row["risk_of_bias"] == (graded.rob or "")
            assert row["rob_random_sequence"] in ("low", "high", "unclear")
        elif study.design == "cohort_or_case_series":
            assert row["auto_risk_of_bias"] == "" and row["rob_blinding_outcome"] == ""
    curated = next(r for r in rows if r["pmid"] == "39900001")
    assert (curated["participants"], curated["curator_participants"]) == ("14", "14")
    assert curated["curator"] == "Dr Csv"
    # A note a spreadsheet would run as a formula is defused.
    assert curated["curator_note"] == "'=counted from table 1"
    retracted = next(r for r in rows if r["pmid"] == "39900006")
    assert (retracted["included"], retracted["excluded_because"]) == ("false", "retracted")


def test_json_holds_the_stored_profile_and_every_study(corpus: Engine) -> None:
    document = json.loads(exported(corpus, "json"))
    with store.session_scope(corpus) as session:
        summary = store.get_summary(session=session, claim_id=CLAIM)
    assert summary is not None
    assert document["profile"] == summary.profile
    assert document["claim"]["id"] == CLAIM
    assert document["records"] == len(document["studies"]) == len(linked(corpus)[CLAIM])
    assert dt.datetime.fromisoformat(document["exported_at"]).tzinfo is not None
    studies = stored_studies(corpus)
    for item in document["studies"]:
        study = studies[item["pmid"]]
        assert item["graded"]["included"] == study.graded().included
        assert item["automatic"]["assessment"] == study.assessment


def test_markdown_card_summarises_the_claim(corpus: Engine) -> None:
    card_text = exported(corpus, "md")
    with store.session_scope(corpus) as session:
        card = views.claim_card(session=session, claim_id=CLAIM)
    assert card is not None and card.profile is not None
    profile = card.profile
    assert card_text.startswith(f"# Evidence card: {card.text}")
    assert f"**{profile.verdict_label}**" in card_text
    assert f"**{profile.certainty.replace('_', ' ')}**" in card_text
    assert f"Records linked to the claim: {card.linked}" in card_text
    assert card.query.strip() in card_text
    reasons = card_text.split("## Why this rating")[1].split("## Key studies")[0]
    assert len([line for line in reasons.splitlines() if line.startswith("- ")]) == len(
        profile.reasons
    )
    # The hostile title is escaped, so no renderer sees a tag or emphasis.
    assert "<script>" not in card_text
    assert "\\<script\\>" in card_text or "39900005" not in card_text
    key = card_text.split("## Key studies")[1]
    assert "39900006" not in key  # retracted studies are never key studies


def test_unknown_claims_and_formats_are_clear_errors(corpus: Engine) -> None:
    with pytest.raises(ConfigError, match="no claim 'nope'"):
        exported(corpus, "csv", claim_id="nope")
    with store.session_scope(corpus) as session, pytest.raises(ConfigError, match="one of"):
        export.export_claim(session=session, claim_id=CLAIM, fmt="docx")  # type: ignore[arg-type]
    assert export.parse_format("BibTeX") == "bibtex"
    with pytest.raises(ConfigError, match="csv, ris, bibtex, json, md"):
        export.parse_format("xlsx")
    assert export.file_name(CLAIM, "bibtex") == "acne-scars-evidence.bib"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Doe J", export.Author("Doe", "J")),
        ("García-López MJ", export.Author("García-López", "MJ")),
        ("van der Berg AB", export.Author("van der Berg", "AB")),
        ("Smith J Jr", export.Author("Smith", "J", "Jr")),
        ("Acne Scar Study Group", export.Author("Acne Scar Study Group")),
        ("Plato", export.Author("Plato")),
        # Initials in other alphabets, as PubMed stores them: still people, not groups.
        ("Yağan Ö", export.Author("Yağan", "Ö")),
        ("García-Ropero Á", export.Author("García-Ropero", "Á")),
        ("Stroganova АМ", export.Author("Stroganova", "АМ")),
    ],
)
def test_pubmed_author_names_are_split(name: str, expected: export.Author) -> None:
    assert export.parse_author(name) == expected


def test_markdown_card_reads_in_words_and_sums_up_curator_labels(corpus: Engine) -> None:
    with store.session_scope(corpus) as session:
        study = next(iter(views.claim_studies(session=session, claim_id=CLAIM)))
        changed: Design = "rct" if study.graded().design != "rct" else "case_report"
        curation.curate(
            session=session, claim_id=CLAIM, pmid=study.pmid, by="Dr X", note="n", design=changed
        )
    card_text = exported(corpus, "md")
    reasons = card_text.split("## Why this rating")[1].split("## Key studies")[0]
    assert "- Starting point: " in reasons and "start:" not in reasons
    assert "- Curator labels: 1 study carries a curator label: 1 by Dr X" in reasons
    # No code where a person reads words: only the claim id and the query are left as written.
    prose = card_text.split("## PubMed query")[0].replace(f"`{CLAIM}`", "")
    assert not re.findall(r"\b[a-z]+\\?_[a-z_\\]+\b|\bNone\b|\bFalse\b|\bTrue\b", prose)
