"""The import prefilter: what each query requires, and that rejecting a record is always safe.

The property tests build real PubMed XML, hand it to `iter_records` with a `select` filter (so
the prefilter sees exactly the text an import gives it) and compare with the full parse and
the query evaluator: whenever a query matches a record, the prefilter must let it through.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests import corpus
from tests.eutils_server import make_article_xml
from tests.test_query import queries
from tracker import store
from tracker.claims import load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.ingest import ImportProgress, import_files
from tracker.pubmed.prefilter import Prefilter, haystack, requirement
from tracker.pubmed.query import Node, QuerySet, document_for, matches, parse
from tracker.pubmed.records import ArticleRecord, PassedOver, SkippedRecord
from tracker.pubmed.xml import iter_records

CLAIMS = load_claims(DEFAULT_QUERIES_DIR)


def _set(*conjunctions: set[str]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(c) for c in conjunctions)


# --- what a query requires ----------------------------------------------------------------


def test_terms_require_each_of_their_words() -> None:
    assert requirement(parse('"Derma Pen"[tiab]')) == {_set({"derma", "pen"})}
    assert requirement(parse("microneedl*[tiab]")) == {_set({"microneedl"})}
    # A MeSH name keeps its punctuation: it is compared whole.
    assert requirement(parse('"Administration, Cutaneous"[mh]')) == {
        _set({"administration,", "cutaneous"})
    }


def test_or_keeps_either_side_and_drops_what_is_implied() -> None:
    # "skin needling" cannot occur without "needling", so it adds nothing to the OR.
    query = parse('needling[tiab] OR "skin needling"[tiab] OR dermaroll*[tiab]')
    assert requirement(query) == {_set({"needling"}, {"dermaroll"})}


def test_and_requires_both_sides_and_not_only_its_left() -> None:
    query = parse("(needling[tiab] OR dermaroll*[tiab]) AND melasma[tiab] NOT rats[tiab]")
    assert requirement(query) == {_set({"needling"}, {"dermaroll"}), _set({"melasma"})}


def test_language_and_date_terms_require_nothing() -> None:
    assert requirement(parse("eng[la]")) == frozenset()
    assert requirement(parse("2010:2020[dp]")) == frozenset()
    assert requirement(parse("melasma[tiab] OR 2020[dp]")) == frozenset()
    assert requirement(parse("melasma[tiab] AND eng[la]")) == {_set({"melasma"})}
    # One query that requires nothing means no record can be ruled out.
    assert Prefilter.for_queries([parse("melasma"), parse("eng[la]")]) is None


def test_the_claim_queries_share_a_clause_checked_first() -> None:
    prefilter = Prefilter.for_queries({claim.id: claim.query for claim in CLAIMS})
    assert prefilter is not None
    first = {pieces for pieces in prefilter.clauses[0]}
    assert ("needling",) in first or any("microneedle" in pieces for pieces in first)
    assert not prefilter.might_match(haystack("Metformin for type 2 diabetes. Dermatology."))
    assert prefilter.might_match(haystack("Microneedling for MELASMA: a pilot study"))


# --- exactness: a rejected record is a record no query matches ----------------------------

# Words and spellings that stress case folding, punctuation and non-ASCII letters.
WORDS = [
    "acne",
    "Scar",
    "SCARS",
    "micro-needling",
    "Microneedling",
    "needling",
    "skin",
    "trial",
    "melasma",
    "Straße",
    "İstanbul",
    "ΟΔΟΣ",
    "café",
]
MESH = ["Acne", "Skin", "Scars", "Cicatrix, Hypertrophic", "Percutaneous Collagen Induction"]


def _xml_record(pmid: int, title: list[str], abstract: list[str], mesh: list[str]) -> bytes:
    # The first title word goes into inline markup, which the parser flattens without a space.
    head, *rest = title or [""]
    title_xml = f"<i>{escape(head)}</i>{escape(' '.join(rest))}"
    headings = "".join(
        f'<MeshHeading><DescriptorName UI="D0" MajorTopicYN="N">{escape(name)}</DescriptorName>'
        "</MeshHeading>"
        for name in mesh
    )
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">{pmid}</PMID>'
        f"<Article><Journal><Title>Journal of Invented Studies</Title></Journal>"
        f"<ArticleTitle>{title_xml}</ArticleTitle><Abstract><AbstractText>"
        f"{escape(' '.join(abstract))}</AbstractText></Abstract><Language>eng</Language>"
        f"<PublicationTypeList><PublicationType>Journal Article</PublicationType>"
        f"</PublicationTypeList></Article><MeshHeadingList>{headings}</MeshHeadingList>"
        f"</MedlineCitation></PubmedArticle>"
    ).encode()


class Declining:
    """A `select` filter that declines every record and remembers what it was shown."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, str]] = []

    def __call__(self, pmid: int, text: str) -> bool:
        self.calls.append((pmid, text))
        return False


def _seen_by_filter(document: bytes) -> tuple[str, ArticleRecord]:
    """The text `select` is given for the one record of `document`, and its full parse."""
    declining = Declining()
    events = list(iter_records(document, select=declining))
    assert isinstance(events[0], PassedOver)
    parsed = next(e for e in iter_records(document) if isinstance(e, ArticleRecord))
    return declining.calls[0][1], parsed


records = st.builds(
    _xml_record,
    st.just(1),
    st.lists(st.sampled_from(WORDS), max_size=5),
    st.lists(st.sampled_from(WORDS), max_size=8),
    st.lists(st.sampled_from(MESH), max_size=3),
)


@settings(max_examples=300)
@given(queries, records)
def test_a_record_a_query_matches_always_passes_the_prefilter(query: Node, xml: bytes) -> None:
    prefilter = Prefilter.for_queries([query])
    document = corpus.document([xml])
    text, record = _seen_by_filter(document)
    if prefilter is not None and matches(query, document_for(record)):
        assert prefilter.might_match(haystack(text))


@given(st.lists(queries, min_size=1, max_size=4), records)
def test_a_rejected_record_matches_no_query_of_the_set(many: list[Node], xml: bytes) -> None:
    prefilter = Prefilter.for_queries(many)
    text, record = _seen_by_filter(corpus.document([xml]))
    if prefilter is not None and not prefilter.might_match(haystack(text)):
        named = {f"q{i}": query for i, query in enumerate(many)}
        assert QuerySet(named).matching(document_for(record)) == []


# --- the parser's side: select, PassedOver, MathML ----------------------------------------

MATHML_TITLE = (
    b'<PubmedArticle><MedlineCitation><PMID Version="1">7</PMID><Article><ArticleTitle>'
    b'<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mi>micro</mml:mi>\n'
    b"  <mml:mi>needling</mml:mi></mml:math> in a formula</ArticleTitle></Article>"
    b"</MedlineCitation></PubmedArticle>"
)


def test_select_sees_pmid_and_citation_text_and_declined_records_are_passed_over() -> None:
    xml = make_article_xml(
        42, title="Microneedling for melasma", mesh=("Melanosis*",), journal="J Invented"
    )
    declining = Declining()
    events = list(iter_records(corpus.document([xml]), select=declining))
    assert events == [PassedOver(42)]
    pmid, text = declining.calls[0]
    assert pmid == 42
    for field in ("Microneedling for melasma", "Melanosis", "J Invented"):
        assert field in text
    accepted = list(iter_records(corpus.document([xml]), select=lambda _pmid, _text: True))
    assert isinstance(accepted[0], ArticleRecord)
    assert accepted[0].title == "Microneedling for melasma"


def test_records_with_mathml_or_an_unreadable_pmid_are_always_parsed() -> None:
    # MathML joins the tokens "micro" and "needling" in the parsed title, not in the raw text,
    # so such a record must never be judged on its raw text.
    no_pmid = b"<PubmedArticle><MedlineCitation><Article/></MedlineCitation></PubmedArticle>"
    events = list(
        iter_records(corpus.document([MATHML_TITLE, no_pmid]), select=lambda _p, _t: False)
    )
    assert isinstance(events[0], ArticleRecord)
    assert events[0].title == "microneedling in a formula"
    assert matches(parse("microneedling[ti]"), document_for(events[0]))
    assert isinstance(events[1], SkippedRecord)


# --- the import -------------------------------------------------------------------------


def test_filtered_import_links_exactly_what_a_full_import_links(
    engine: Engine, tmp_path: Path
) -> None:
    unrelated = [
        make_article_xml(
            800_000 + i,
            title=f"Metformin dosing in type 2 diabetes, cohort {i}",
            abstract="Patients attended a dermatology department for an unrelated reason.",
            mesh=("Diabetes Mellitus, Type 2", "Humans"),
        )
        for i in range(2_100)
    ]
    mixed = corpus.document([*corpus.records().values(), *unrelated, MATHML_TITLE])
    path = tmp_path / "mixed.xml"
    path.write_bytes(mixed)
    seen: list[ImportProgress] = []
    report = import_files(engine, [path], claims=CLAIMS, on_progress=seen.append)

    queries = QuerySet({claim.id: claim.query for claim in CLAIMS})
    expected: dict[str, set[int]] = {}
    for event in iter_records(mixed):
        if isinstance(event, ArticleRecord):
            for claim_id in queries.matching(document_for(event)):
                expected.setdefault(claim_id, set()).add(event.pmid)
    linked = {claim: set(pmids) for claim, pmids in report.counts.new_links.items()}
    assert linked == expected
    matched = set().union(*expected.values())
    assert report.counts.records == len(corpus.records()) + 2_100 + 1
    assert report.counts.unmatched == report.counts.records - len(matched)
    with store.session_scope(engine) as session:
        assert store.all_pmids(session=session) == matched
    # Progress is reported while records are being passed over, not only when batches fill.
    assert [event.records for event in seen[:2]] == [1_000, 2_000]
    assert seen[-1].bytes_read == seen[-1].bytes_total
