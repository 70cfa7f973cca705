"""Property tests: random valid PubMed documents round-trip, and broken bytes never crash.

The documents are built here as plain strings with `xml.sax.saxutils` escaping, independent of
lxml. The expected record comes from the same random values and the parser's documented rules:
markup dropped with no spaces added, whitespace runs collapsed and stripped, MathML tokens
concatenated, sections joined as "LABEL: text" paragraphs.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.pubmed.records import AbstractSection, ArticleRecord, MeshTerm
from tracker.pubmed.xml import PubmedXMLError, parse_bytes

MATHML = "http://www.w3.org/1998/Math/MathML"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------
# Rich text: plain runs, inline markup (nested), MathML


@dataclass(frozen=True)
class Run:
    text: str

    def xml(self) -> str:
        return escape(self.text)

    def plain(self) -> str:
        return self.text


@dataclass(frozen=True)
class Tagged:
    tag: str
    children: tuple[Run | Tagged | Math, ...]

    def xml(self) -> str:
        return f"<{self.tag}>{''.join(c.xml() for c in self.children)}</{self.tag}>"

    def plain(self) -> str:
        return "".join(c.plain() for c in self.children)


@dataclass(frozen=True)
class Math:
    tokens: tuple[tuple[str, str], ...]  # (mi | mn | mo, token text without whitespace)

    def xml(self) -> str:
        # Layout whitespace between tokens, as real files have it.
        inner = "\n      ".join(
            f"<mml:{kind}>{escape(text)}</mml:{kind}>" for kind, text in self.tokens
        )
        return f'<mml:math xmlns:mml="{MATHML}">\n      {inner}\n    </mml:math>'

    def plain(self) -> str:
        return "".join(text for _kind, text in self.tokens)


Segment = Run | Tagged | Math

texts = st.text(
    alphabet=st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
    | st.sampled_from(" \n\t<>&\"']]>"),
    max_size=25,
)
tokens = st.text(alphabet=st.characters(categories=("L", "N", "Sm")), min_size=1, max_size=4)
maths = st.lists(
    st.tuples(st.sampled_from(("mi", "mn", "mo")), tokens), min_size=1, max_size=4
).map(lambda items: Math(tuple(items)))
segments: st.SearchStrategy[Segment] = st.recursive(
    texts.map(Run) | maths,
    lambda children: st.builds(
        Tagged,
        st.sampled_from(("i", "b", "sup", "sub", "u")),
        st.lists(children, max_size=3).map(tuple),
    ),
    max_leaves=8,
)
rich_texts = st.lists(segments, max_size=5).map(tuple)


def rich_xml(parts: tuple[Segment, ...]) -> str:
    return "".join(p.xml() for p in parts)


def rich_plain(parts: tuple[Segment, ...]) -> str:
    return norm("".join(p.plain() for p in parts))


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class PubDate:
    xml: str
    year: int | None
    display: str | None


@st.composite
def pub_dates(draw: st.DrawFn) -> PubDate:
    year = draw(st.integers(1900, 2030))
    month = draw(st.integers(1, 12))
    name = MONTHS[month - 1]
    form = draw(st.sampled_from(("ymd", "ym", "numeric", "season", "medline", "year")))
    if form == "ymd":
        day = draw(st.integers(1, 28))
        return PubDate(
            f"<Year>{year}</Year><Month>{name}</Month><Day>{day:02d}</Day>",
            year,
            f"{year} {name} {day}",
        )
    if form == "ym":
        return PubDate(f"<Year>{year}</Year><Month>{name}</Month>", year, f"{year} {name}")
    if form == "numeric":
        return PubDate(f"<Year>{year}</Year><Month>{month:02d}</Month>", year, f"{year} {name}")
    if form == "season":
        season = draw(st.sampled_from(("Spring", "Summer", "Fall", "Winter", "May-Jun")))
        return PubDate(f"<Year>{year}</Year><Season>{season}</Season>", year, f"{year} {season}")
    if form == "medline":
        end = MONTHS[draw(st.integers(0, 11))]
        separator = draw(st.sampled_from(("-", "/")))
        raw = f"{year} {name}{separator}{end}"
        return PubDate(f"<MedlineDate>{raw}</MedlineDate>", year, raw)
    return PubDate(f"<Year>{year}</Year>", year, str(year))


@dataclass(frozen=True)
class Section:
    label: str | None
    category: str | None
    text: tuple[Segment, ...]


labels = st.text(
    alphabet=st.characters(categories=("Lu", "Ll")) | st.sampled_from(" &:"), max_size=12
)
sections = st.builds(
    Section,
    st.none() | labels.filter(lambda s: norm(s) != "UNLABELLED"),
    st.none() | st.sampled_from(("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS", "UNASSIGNED")),
    rich_texts,
)


@dataclass(frozen=True)
class Heading:
    descriptor: str
    ui: str
    major: bool
    qualifiers: tuple[tuple[str, bool], ...]


plain_names = texts.filter(lambda s: norm(s) != "")
headings = st.builds(
    Heading,
    plain_names,
    st.from_regex(r"D[0-9]{6}", fullmatch=True),
    st.booleans(),
    st.lists(st.tuples(plain_names, st.booleans()), max_size=3).map(tuple),
)


@dataclass(frozen=True)
class Article:
    pmid: int
    version: int
    title: tuple[Segment, ...]
    date: PubDate
    sections: tuple[Section, ...]
    headings: tuple[Heading, ...]
    publication_types: tuple[str, ...]
    keywords: tuple[tuple[Segment, ...], ...] = field(default=())

    def xml(self) -> str:
        abstract = ""
        if self.sections:
            parts = []
            for s in self.sections:
                attributes = ""
                if s.label is not None:
                    attributes += f" Label={quoteattr(s.label)}"
                if s.category is not None:
                    attributes += f' NlmCategory="{s.category}"'
                parts.append(f"<AbstractText{attributes}>{rich_xml(s.text)}</AbstractText>")
            abstract = f"<Abstract>{''.join(parts)}</Abstract>"
        mesh = ""
        if self.headings:
            items = []
            for h in self.headings:
                qualifiers = "".join(
                    f'<QualifierName MajorTopicYN="{"Y" if major else "N"}">'
                    f"{escape(q)}</QualifierName>"
                    for q, major in h.qualifiers
                )
                items.append(
                    f'<MeshHeading><DescriptorName UI="{h.ui}" '
                    f'MajorTopicYN="{"Y" if h.major else "N"}">{escape(h.descriptor)}'
                    f"</DescriptorName>{qualifiers}</MeshHeading>"
                )
            mesh = f"<MeshHeadingList>{''.join(items)}</MeshHeadingList>"
        types = "".join(
            f"<PublicationType>{escape(t)}</PublicationType>" for t in self.publication_types
        )
        keywords = "".join(f"<Keyword>{rich_xml(k)}</Keyword>" for k in self.keywords)
        return (
            f'<PubmedArticle>\n  <MedlineCitation Status="MEDLINE" Owner="NLM">\n'
            f'    <PMID Version="{self.version}">{self.pmid}</PMID>\n'
            f'    <Article PubModel="Print">\n'
            f"      <Journal><JournalIssue><PubDate>{self.date.xml}</PubDate></JournalIssue>"
            f"<Title>Random journal</Title></Journal>\n"
            f"      <ArticleTitle>{rich_xml(self.title)}</ArticleTitle>\n"
            f"      {abstract}\n"
            f"      <PublicationTypeList>{types}</PublicationTypeList>\n"
            f"    </Article>\n    {mesh}\n"
            f'    <KeywordList Owner="NOTNLM">{keywords}</KeywordList>\n'
            f"  </MedlineCitation>\n</PubmedArticle>\n"
        )

    def expected(self) -> ArticleRecord:
        kept = [
            AbstractSection(
                text=rich_plain(s.text),
                label=norm(s.label) if s.label is not None and norm(s.label) else None,
                category=s.category,
            )
            for s in self.sections
            if rich_plain(s.text)
        ]
        abstract = "\n\n".join(
            f"{s.label.rstrip(':')}: {s.text}" if s.label else s.text for s in kept
        )
        keywords = list(dict.fromkeys(k for k in map(rich_plain, self.keywords) if k))
        return ArticleRecord(
            pmid=self.pmid,
            version=self.version,
            title=rich_plain(self.title),
            abstract=abstract,
            abstract_sections=kept,
            journal="Random journal",
            pub_year=self.date.year,
            pub_date=self.date.display,
            publication_types=[norm(t) for t in self.publication_types if norm(t)],
            mesh_terms=[
                MeshTerm(
                    descriptor=norm(h.descriptor),
                    ui=h.ui,
                    major=h.major or any(major for _q, major in h.qualifiers),
                    qualifiers=tuple(norm(q) for q, _major in h.qualifiers),
                )
                for h in self.headings
            ],
            keywords=keywords,
            status="MEDLINE",
        )


articles = st.builds(
    Article,
    pmid=st.integers(1, 99_999_999),
    version=st.integers(1, 5),
    title=rich_texts,
    date=pub_dates(),
    sections=st.lists(sections, max_size=4).map(tuple),
    headings=st.lists(headings, max_size=3).map(tuple),
    publication_types=st.lists(texts, max_size=3).map(tuple),
    keywords=st.lists(rich_texts, max_size=3).map(tuple),
)


def document(items: list[Article]) -> bytes:
    body = "".join(a.xml() for a in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
        '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
        f"<PubmedArticleSet>\n{body}</PubmedArticleSet>\n"
    ).encode()


# The nct_ids regex may legitimately find an NCT number in random text; keep it out of play.
def _without_nct(record: ArticleRecord) -> ArticleRecord:
    record.nct_ids = []
    return record


@SETTINGS
@given(st.lists(articles, min_size=1, max_size=3))
def test_random_documents_round_trip(items: list[Article]) -> None:
    events = parse_bytes(document(items))
    assert all(isinstance(e, ArticleRecord) for e in events)
    assert [_without_nct(e) for e in events if isinstance(e, ArticleRecord)] == [
        a.expected() for a in items
    ]


@SETTINGS
@given(st.lists(articles, min_size=1, max_size=3), st.booleans())
def test_gzip_round_trip_matches_plain(items: list[Article], compress_level_fast: bool) -> None:
    data = document(items)
    compressed = gzip.compress(data, compresslevel=1 if compress_level_fast else 9, mtime=0)
    assert parse_bytes(compressed) == parse_bytes(data)


# --------------------------------------------------------------------------------------------
# Broken bytes


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = document(draw(st.lists(articles, min_size=1, max_size=2)))
    if draw(st.booleans()):
        data = gzip.compress(data, compresslevel=1, mtime=0)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(("truncate", "flip", "insert", "delete")))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "truncate":
            data = data[:at]
        elif kind == "flip":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(), st.binary(max_size=200)))
def test_broken_bytes_raise_only_pubmed_xml_error(data: bytes) -> None:
    try:
        events = parse_bytes(data, name="mutant")
    except PubmedXMLError as error:
        assert str(error).startswith("mutant: ")
    else:
        assert isinstance(events, list)
