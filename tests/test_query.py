"""The PubMed query subset: parsing, printing, errors with positions, local evaluation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.pubmed.query import (
    BoolOp,
    DateRange,
    Node,
    Operator,
    QuerySet,
    QuerySyntaxError,
    SearchDocument,
    Term,
    matches,
    parse,
    to_string,
)


def doc(**fields: object) -> SearchDocument:
    return SearchDocument.build(**fields)  # type: ignore[arg-type]


# --- parsing ----------------------------------------------------------------------------


def test_operators_are_evaluated_left_to_right_like_pubmed() -> None:
    assert parse("a OR b AND c") == BoolOp("AND", BoolOp("OR", Term("a"), Term("b")), Term("c"))
    assert parse("a OR (b AND c)") == BoolOp("OR", Term("a"), BoolOp("AND", Term("b"), Term("c")))


def test_terms_phrases_truncation_and_tags() -> None:
    node = parse('"collagen induction therapy"[tiab] OR dermaroll*[Title/Abstract]')
    assert node == BoolOp(
        "OR",
        Term("collagen induction therapy", "tiab", phrase=True),
        Term("dermaroll", "tiab", truncated=True),
    )


def test_year_ranges() -> None:
    assert parse("2010:2025[dp]") == DateRange(2010, 2025)
    assert parse("2019[dp]") == DateRange(2019, 2019)


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ("acne scars[tiab]", 6, "missing operator"),
        ("acne and scars", 6, "upper case"),
        ("acne[tw]", 5, "[tw] is not supported"),
        ("scar*[tiab] AND ac*[tiab]", 17, "at least 4 characters"),
        ('"acne scar*"[tiab]', 1, "truncation inside a quoted phrase"),
        ('"acne scars', 1, "unclosed quote"),
        ("(acne OR scars", 1, "never closed"),
        ("acne OR scars)", 14, "without a matching '('"),
        ('"Cicatrix/therapy"[mh] AND acne/scar[tiab]', 32, "character '/'"),
        ("acne AND", 9, "ends where a term was expected"),
        ("", 1, "empty"),
        ("acne[dp]", 1, "year"),
        ("2020:2010[dp]", 1, "ends before it starts"),
        ("acne[tiab:~3]", 5, "not supported"),
    ],
)
def test_errors_name_the_position(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as excinfo:
        parse(query)
    assert excinfo.value.position == position
    assert fragment in str(excinfo.value)
    assert str(excinfo.value).startswith(f"position {position}:")


# --- evaluation -------------------------------------------------------------------------


def test_word_boundaries_and_case() -> None:
    record = doc(title="Microneedling for ACNE scarring", abstract="")
    assert matches(parse("acne[ti]"), record)
    assert not matches(parse("acn[ti]"), record)  # no partial words without *
    assert matches(parse("scar*[ti]"), record)
    assert not matches(parse("scars[ti]"), record)


def test_phrases_match_consecutive_words_across_punctuation() -> None:
    record = doc(title="Skin micro-needling: a pilot study")
    assert matches(parse('"micro needling"[tiab]'), record)
    assert matches(parse("micro-needling[tiab]"), record)
    assert not matches(parse('"needling micro"[tiab]'), record)


def test_fields_are_kept_apart() -> None:
    record = doc(
        title="Dermaroller trial",
        abstract="Atrophic acne scars improved.",
        keywords=["collagen induction therapy"],
        mesh=[("Acne Vulgaris", True), ("Cicatrix", False)],
        publication_types=["Randomized Controlled Trial"],
        languages=["eng"],
        year=2016,
    )
    assert matches(parse("acne[ab]"), record)
    assert not matches(parse("acne[ti]"), record)
    assert matches(parse('"collagen induction therapy"[tiab]'), record)
    assert matches(parse('"Acne Vulgaris"[mh]'), record)
    assert matches(parse('"Acne Vulgaris"[majr]'), record)
    assert not matches(parse("Cicatrix[majr]"), record)
    assert not matches(parse("Acne[mh]"), record)  # exact descriptor, no explosion
    assert matches(parse('"randomized controlled trial"[pt]'), record)
    assert matches(parse("english[la] AND eng[la]"), record)
    assert matches(parse("2010:2020[dp] NOT 2017:2030[dp]"), record)
    assert matches(parse("cicatrix"), record)  # untagged: all fields


# --- properties -------------------------------------------------------------------------

WORDS = ["acne", "scar", "scars", "microneedling", "needling", "skin", "trial", "melasma"]
TAGS = [None, "tiab", "ti", "ab", "mh", "majr", "pt"]

terms_strategy = st.builds(
    lambda words, tag, truncate: Term(
        " ".join(words),
        tag,
        phrase=len(words) > 1,
        truncated=truncate and len(words) == 1 and len(words[0]) >= 4,
    ),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    st.sampled_from(TAGS),
    st.booleans(),
)
leaves = st.one_of(
    terms_strategy,
    st.builds(
        lambda a, b: DateRange(min(a, b), max(a, b)),
        st.integers(1990, 2030),
        st.integers(1990, 2030),
    ),
)
queries: st.SearchStrategy[Node] = st.recursive(
    leaves,
    lambda children: st.builds(BoolOp, st.sampled_from(["AND", "OR", "NOT"]), children, children),
    max_leaves=8,
)
documents = st.builds(
    lambda title, abstract, mesh, year: doc(
        title=" ".join(title),
        abstract=" ".join(abstract),
        mesh=[(name, major) for name, major in mesh],
        publication_types=["Journal Article"],
        year=year,
    ),
    st.lists(st.sampled_from(WORDS), max_size=6),
    st.lists(st.sampled_from(WORDS), max_size=10),
    st.lists(st.tuples(st.sampled_from(["Acne", "Skin", "Scars"]), st.booleans()), max_size=3),
    st.one_of(st.none(), st.integers(1990, 2030)),
)


@given(queries)
def test_print_parse_round_trip(query: Node) -> None:
    assert parse(to_string(query)) == query


@settings(max_examples=200)
@given(queries, queries, queries, documents)
def test_de_morgan_for_pubmeds_binary_not(
    x: Node, a: Node, b: Node, record: SearchDocument
) -> None:
    # PubMed's NOT is binary (x NOT y = x AND not y), so De Morgan reads:
    #   x NOT (a OR b)  ==  (x NOT a) NOT b
    #   x NOT (a AND b) ==  (x NOT a) OR (x NOT b)
    assert matches(BoolOp("NOT", x, BoolOp("OR", a, b)), record) == matches(
        BoolOp("NOT", BoolOp("NOT", x, a), b), record
    )
    assert matches(BoolOp("NOT", x, BoolOp("AND", a, b)), record) == matches(
        BoolOp("OR", BoolOp("NOT", x, a), BoolOp("NOT", x, b)), record
    )


@given(queries, queries, documents)
def test_and_or_are_commutative(a: Node, b: Node, record: SearchDocument) -> None:
    operators: tuple[Operator, ...] = ("AND", "OR")
    for op in operators:
        assert matches(BoolOp(op, a, b), record) == matches(BoolOp(op, b, a), record)


@given(st.text(max_size=40))
def test_parser_only_ever_raises_query_syntax_errors(query: str) -> None:
    try:
        node = parse(query)
    except QuerySyntaxError as exc:
        assert 1 <= exc.position <= len(query) + 1
    else:
        assert parse(to_string(node)) == node


@given(st.lists(queries, min_size=1, max_size=5), documents)
def test_a_query_set_agrees_with_each_query_alone(many: list[Node], record: SearchDocument) -> None:
    named = {f"q{i}": query for i, query in enumerate(many)}
    expected = [name for name, query in named.items() if matches(query, record)]
    assert QuerySet(named).matching(record) == expected
