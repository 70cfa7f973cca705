"""The PubMed query subset: parsing, printing, errors with positions, local evaluation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.pubmed.prefilter import Prefilter, haystack
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
    terms,
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


# --- no recursion limit: long chains, deep nesting ---------------------------------------


def chain(operators: list[Operator], operands: list[Node]) -> Node:
    """`operands[0] OP operands[1] OP ...`, left to right, as the parser builds it."""
    node = operands[0]
    for op, operand in zip(operators, operands[1:], strict=True):
        node = BoolOp(op, node, operand)
    return node


def flat_or(count: int) -> str:
    return " OR ".join(f"term{n}[tiab]" for n in range(count))


def test_a_flat_or_chain_of_a_thousand_terms_parses_prints_and_evaluates() -> None:
    text = flat_or(1000)
    node = parse(text)
    assert to_string(node) == text
    assert parse(to_string(node)) == node
    assert len(list(terms(node))) == 1000
    assert repr(node).startswith("BoolOp('term0[tiab] OR")
    for hit in ("term0", "term500", "term999"):
        assert matches(node, doc(title=f"about {hit}"))
        assert QuerySet({"q": node}).matching(doc(abstract=hit)) == ["q"]
    assert not matches(node, doc(title="term1000"))
    assert QuerySet({"q": node}).matching(doc(title="term1000")) == []


def test_a_long_chain_of_mixed_operators_evaluates_left_to_right() -> None:
    # ((((t0 OR t1) AND t2) OR t3) AND t4) ...: a tree as deep as the chain is long.
    operators: list[Operator] = ["OR" if n % 2 else "AND" for n in range(1, 1500)]
    node = chain(operators, [Term(f"t{n}", "tiab") for n in range(1500)])
    assert parse(to_string(node)) == node
    # Left to right, the result is decided by the last operator and its operand.
    assert matches(node, doc(title="t1499"))  # ... OR t1499
    assert not matches(node, doc(title="t1498"))  # (... AND t1498) OR t1499
    assert QuerySet({"q": node}).matching(doc(title="t1497 t1498")) == ["q"]


def test_ten_thousand_nested_parentheses_parse_and_errors_inside_keep_their_position() -> None:
    assert parse("(" * 10_000 + "acne" + ")" * 10_000) == Term("acne")
    unclosed = "(" * 10_000 + "acne" + ")" * 9_999
    with pytest.raises(QuerySyntaxError) as never_closed:
        parse(unclosed)
    assert never_closed.value.position == 1  # the inner ones are closed: the first is not
    with pytest.raises(QuerySyntaxError, match="without a matching") as stray:
        parse("(" * 5_000 + "acne" + ")" * 5_001)
    assert stray.value.position == 2 * 5_000 + 5


def right_nested(depth: int) -> Node:
    """`t0 OR (t1 AND (t2 OR (...)))`: one level of parentheses per operator."""
    node: Node = Term(f"t{depth}")
    for n in reversed(range(depth)):
        node = BoolOp("OR" if n % 2 == 0 else "AND", Term(f"t{n}"), node)
    return node


def test_a_deeply_nested_query_round_trips_and_evaluates() -> None:
    deep = right_nested(5_000)
    text = to_string(deep)
    assert text.count("(") == 4_999 and parse(text) == deep
    # t0 OR (t1 AND (t2 OR (t3 AND ...))): t0 alone suffices, t1 needs t2 or more.
    assert matches(deep, doc(title="t0")) and QuerySet({"q": deep}).matching(doc(title="t0"))
    assert not matches(deep, doc(title="t1"))
    assert matches(deep, doc(title="t1 t2"))
    assert QuerySet({"q": deep}).matching(doc(title="t1 t2")) == ["q"]


def test_equal_deep_trees_are_equal_and_hash_alike_without_recursion() -> None:
    first, second = parse(flat_or(3000)), parse(flat_or(3000))
    assert first is not second and first == second and hash(first) == hash(second)
    assert first != parse(flat_or(2999) + " OR other[tiab]")
    assert first != parse(flat_or(3000).replace(" OR ", " AND ", 1))


operator_lists = st.lists(st.sampled_from(["AND", "OR", "NOT"]), min_size=1, max_size=12)


@st.composite
def long_queries(draw: st.DrawFn) -> Node:
    """A pattern of operators and small queries repeated into a chain of hundreds of operands,
    set as the right operand of up to a few hundred levels of parentheses."""
    pattern_ops = draw(operator_lists)
    pattern = draw(st.lists(queries, min_size=len(pattern_ops), max_size=len(pattern_ops)))
    repeats = draw(st.integers(20, 120))
    operators: list[Operator] = [op for _ in range(repeats) for op in pattern_ops]  # type: ignore[misc]
    node = chain(operators, [draw(queries), *(pattern * repeats)])
    for op in draw(st.lists(st.sampled_from(["AND", "OR", "NOT"]), max_size=300)):
        node = BoolOp(op, draw(leaves), node)  # type: ignore[arg-type]
    return node


@settings(max_examples=60)
@given(long_queries(), documents)
def test_long_queries_round_trip_and_every_evaluator_agrees(
    query: Node, record: SearchDocument
) -> None:
    assert parse(to_string(query)) == query
    found = matches(query, record)
    assert QuerySet({"q": query}).matching(record) == (["q"] if found else [])
    needed = Prefilter.for_queries([query])
    if found and needed is not None:
        text = " ".join(
            [
                " ".join(record.title.split()),
                " ".join(record.abstract.split()),
                " ".join(record.mesh),
                " ".join(record.publication_types),
            ]
        )
        assert needed.might_match(haystack(text))
