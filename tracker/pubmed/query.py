"""The subset of PubMed's query language that claim files use: parse, print, evaluate.

The same claim query is sent to PubMed by `tracker fetch` and evaluated here by `tracker
import`, so offline files and live fetches link the same records to a claim. The subset:

- boolean operators AND, OR, NOT (upper case, as PubMed requires), evaluated **left to
  right without precedence**, exactly like PubMed: `a OR b AND c` means `(a OR b) AND c`;
- parentheses; double-quoted phrases; truncation with a trailing `*` after at least four
  characters (`scar*`);
- field tags [tiab] [ti] [ab] [mh] [majr] [pt] [la] [dp] (and their long forms such as
  [Title/Abstract]); [dp] takes years, `2015[dp]` or `2010:2025[dp]`;
- untagged terms search all fields.

Anything else (implicit AND between bare words, lower-case operators, unknown tags,
proximity searches, MeSH subheadings, wildcards inside phrases) is a `QuerySyntaxError`
naming the 1-based character position.

A chain of operators (`a OR b OR c ...`) is a tree as deep as it is long, and so is its printed
form when operators alternate (`((a OR b) AND c) OR d ...`). So nothing here walks a query by
recursion: parsing, printing, comparing, hashing, evaluating and compiling use explicit stacks,
and a claim may OR a thousand terms or nest parentheses as deep as it likes.

How local evaluation differs from PubMed (documented so nobody is surprised):
- Matching is on words: case-insensitive, punctuation splits words (`micro-needling`
  matches the phrase "micro needling"), phrases must appear as consecutive words.
- [tiab] covers title, abstract and author keywords, as PubMed's does.
- [mh] matches a MeSH descriptor by its exact name **without tree explosion**: PubMed's
  `Alopecia[mh]` also finds records indexed only with the narrower `Alopecia Areata`; here
  it does not. Claim queries therefore name the narrower descriptors they need.
- [majr] matches descriptors that are major topics (the descriptor or a qualifier starred).
- Untagged terms search title, abstract, keywords, MeSH descriptors, publication types and
  the journal title, without PubMed's automatic term mapping.
- [la] accepts the three-letter code or the English language name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from tracker.errors import ConfigError
from tracker.pubmed.records import ArticleRecord

FieldTag = Literal["tiab", "ti", "ab", "mh", "majr", "pt", "la", "dp"]
Operator = Literal["AND", "OR", "NOT"]

MIN_TRUNCATION_STEM = 4  # PubMed ignores truncation on shorter stems

_TAG_ALIASES: dict[str, FieldTag] = {
    "tiab": "tiab",
    "title/abstract": "tiab",
    "ti": "ti",
    "title": "ti",
    "ab": "ab",
    "abstract": "ab",
    "mh": "mh",
    "mesh": "mh",
    "mesh terms": "mh",
    "majr": "majr",
    "mesh major topic": "majr",
    "pt": "pt",
    "publication type": "pt",
    "la": "la",
    "lang": "la",
    "language": "la",
    "dp": "dp",
    "pdat": "dp",
    "publication date": "dp",
    "date - publication": "dp",
}

_LANGUAGE_NAMES: dict[str, str] = {
    "english": "eng",
    "french": "fre",
    "german": "ger",
    "italian": "ita",
    "spanish": "spa",
    "portuguese": "por",
    "chinese": "chi",
    "japanese": "jpn",
    "korean": "kor",
    "russian": "rus",
    "polish": "pol",
    "turkish": "tur",
    "persian": "per",
    "arabic": "ara",
    "dutch": "dut",
}

_WORD_RE = re.compile(r"[^\W_]+")
# Characters a bare (unquoted) term may contain; anything else is outside the subset.
_BARE_TERM_RE = re.compile(r"[^\W_](?:[\w\-'.+]*[^\W_])?\*?|[^\W_]\*?")


class QuerySyntaxError(ConfigError):
    """A query outside the supported subset; `position` is 1-based."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"position {position}: {message}")
        self.reason = message
        self.position = position


# --- the syntax tree --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase, optionally truncated and restricted to one field."""

    text: str
    field: FieldTag | None = None
    phrase: bool = False
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class DateRange:
    """`start:end[dp]`, inclusive publication years."""

    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class BoolOp:
    """`left OP right`. Equality, hashing and repr never recurse (see the module docstring)."""

    op: Operator
    left: Node
    right: Node
    _hash: int = field(init=False)

    def __post_init__(self) -> None:
        # Children are built first and cache their own hash, so this is constant time.
        object.__setattr__(self, "_hash", hash((self.op, self.left, self.right)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BoolOp):
            return NotImplemented
        pending: list[tuple[Node, Node]] = [(self, other)]
        while pending:
            mine, theirs = pending.pop()
            if mine is theirs:
                continue
            if isinstance(mine, BoolOp) and isinstance(theirs, BoolOp):
                if mine._hash != theirs._hash or mine.op != theirs.op:
                    return False
                pending.append((mine.right, theirs.right))
                pending.append((mine.left, theirs.left))
            elif isinstance(mine, BoolOp) or isinstance(theirs, BoolOp) or mine != theirs:
                return False
        return True

    def __repr__(self) -> str:
        return f"BoolOp({to_string(self)!r})"


Node = Term | DateRange | BoolOp


def words(text: str) -> list[str]:
    """Lower-case words of `text`, split at punctuation and white space."""
    return _WORD_RE.findall(text.lower())


# --- printing ---------------------------------------------------------------------------


def to_string(node: Node) -> str:
    """Canonical text of a query; `parse(to_string(q)) == q` for every query."""
    parts: list[str] = []
    pending: list[Node | str] = [node]  # popped from the end: pushed in reverse order
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, BoolOp):
            # Left-to-right evaluation means only a compound right operand needs parentheses;
            # a left operand with another operator gets them too, for the reader's sake.
            pending.extend(_parenthesised(item.right, isinstance(item.right, BoolOp)))
            pending.append(f" {item.op} ")
            left_apart = isinstance(item.left, BoolOp) and item.left.op != item.op
            pending.extend(_parenthesised(item.left, left_apart))
        else:
            parts.append(_leaf_string(item))
    return "".join(parts)


def _parenthesised(node: Node, apart: bool) -> list[Node | str]:
    """`node`, in parentheses when `apart`, as items for `to_string`'s stack (reversed)."""
    return [")", node, "("] if apart else [node]


def _leaf_string(node: Term | DateRange) -> str:
    if isinstance(node, DateRange):
        if node.start == node.end:
            return f"{node.start}[dp]"
        return f"{node.start}:{node.end}[dp]"
    body = f'"{node.text}"' if node.phrase else node.text
    if node.truncated:
        body += "*"
    return f"{body}[{node.field}]" if node.field else body


# --- tokenising -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["(", ")", "op", "term", "end"]
    text: str
    position: int  # 1-based
    phrase: bool = False
    tag: str | None = None
    tag_position: int = 0


def _tokenise(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
            continue
        start = i + 1
        if char in "()":
            tokens.append(_Token(char, char, start))  # type: ignore[arg-type]
            i += 1
            continue
        if char == "]":
            raise QuerySyntaxError("']' without a matching '['", start)
        if char == "[":
            raise QuerySyntaxError("field tag without a term before it", start)
        if char == '"':
            end = query.find('"', i + 1)
            if end == -1:
                raise QuerySyntaxError("unclosed quote", start)
            text = query[i + 1 : end]
            i = end + 1
            phrase = True
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()[]"':
                j += 1
            text = query[i:j]
            i = j
            phrase = False
        tag, tag_position = None, 0
        if i < n and query[i] == "[":
            close = query.find("]", i)
            if close == -1:
                raise QuerySyntaxError("unclosed field tag", i + 1)
            tag, tag_position = query[i + 1 : close], i + 1
            i = close + 1
        if not phrase and tag is None and text in ("AND", "OR", "NOT"):
            tokens.append(_Token("op", text, start))
        else:
            tokens.append(_Token("term", text, start, phrase, tag, tag_position))
    tokens.append(_Token("end", "", n + 1))
    return tokens


# --- parsing ----------------------------------------------------------------------------


_YEAR_RANGE_RE = re.compile(r"(\d{4})(?::(\d{4}))?")


def _lowercase_operator(token: _Token) -> QuerySyntaxError:
    return QuerySyntaxError(
        f"{token.text!r} looks like an operator: PubMed needs AND, OR, NOT in upper case",
        token.position,
    )


def _make_term(token: _Token) -> Node:
    field: FieldTag | None = None
    if token.tag is not None:
        field = _TAG_ALIASES.get(token.tag.strip().lower())
        if field is None:
            raise QuerySyntaxError(
                f"field tag [{token.tag}] is not supported "
                f"(use one of [tiab] [ti] [ab] [mh] [majr] [pt] [la] [dp])",
                token.tag_position,
            )
    text = token.text
    if field == "dp":
        match = _YEAR_RANGE_RE.fullmatch(text)
        if not match:
            raise QuerySyntaxError(
                f"[dp] takes a year or a year range like 2010:2025, not {text!r}", token.position
            )
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if end < start:
            raise QuerySyntaxError(f"year range {text} ends before it starts", token.position)
        return DateRange(start, end)
    if token.phrase:
        inner = " ".join(text.split())
        if not inner:
            raise QuerySyntaxError("empty phrase", token.position)
        if "*" in inner:
            raise QuerySyntaxError(
                "truncation inside a quoted phrase is not supported", token.position
            )
        if not words(inner):
            raise QuerySyntaxError(f"phrase {text!r} has no words", token.position)
        return Term(inner, field, phrase=True)
    if text.upper() in ("AND", "OR", "NOT"):
        raise _lowercase_operator(token)
    if not _BARE_TERM_RE.fullmatch(text):
        bad = next(
            (k for k, c in enumerate(text) if not (c.isalnum() or c in "-'.+*")), len(text) - 1
        )
        raise QuerySyntaxError(
            f"{text!r} is outside the supported syntax (character {text[bad]!r}); "
            "quote phrases and use only letters, digits, hyphens and a trailing *",
            token.position + bad,
        )
    truncated = text.endswith("*")
    stem = text[:-1] if truncated else text
    if truncated and len(stem) < MIN_TRUNCATION_STEM:
        raise QuerySyntaxError(
            f"truncation needs at least {MIN_TRUNCATION_STEM} characters before '*' ({text!r})",
            token.position,
        )
    return Term(stem, field, phrase=False, truncated=truncated)


@dataclass(slots=True)
class _Group:
    """One level of parentheses being parsed: what it holds so far and the operator waiting
    for its right operand."""

    opened: _Token | None  # its "(" (None for the whole query)
    node: Node | None = None
    op: Operator | None = None

    def add(self, operand: Node) -> None:
        # Left to right without precedence: the operator joins all so far and the operand.
        if self.node is None or self.op is None:
            self.node = operand
        else:
            self.node = BoolOp(self.op, self.node, operand)


class _Parser:
    """Left to right over the tokens with a stack of open parentheses, never recursing: a
    query nested ten thousand deep parses, and so does whatever `to_string` prints."""

    def __init__(self, query: str) -> None:
        self.tokens = _tokenise(query)
        self.index = 0
        self.groups = [_Group(None)]

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise QuerySyntaxError("the query is empty", 1)
        while True:
            operand = self.operand()
            while True:  # after an operand: an operator, a ")" closing a group, or the end
                self.groups[-1].add(operand)
                token = self.peek()
                if token.kind == "op":
                    self.take()
                    self.groups[-1].op = token.text  # type: ignore[assignment]
                    break
                if token.kind == "term" and token.text.upper() in ("AND", "OR", "NOT"):
                    raise _lowercase_operator(token)
                if token.kind in ("term", "("):
                    raise QuerySyntaxError(
                        "missing operator: join terms with AND, OR or NOT, or quote a phrase",
                        token.position,
                    )
                closed = self.groups.pop()
                if token.kind == ")":
                    if not self.groups:
                        raise QuerySyntaxError("')' without a matching '('", token.position)
                    self.take()
                    assert closed.node is not None
                    operand = closed.node  # the group is an operand of the one around it
                    continue
                if self.groups:  # the end, inside parentheses
                    assert closed.opened is not None
                    raise QuerySyntaxError("'(' is never closed", closed.opened.position)
                assert closed.node is not None
                return closed.node

    def operand(self) -> Node:
        """The next term, after opening the groups of any "(" before it."""
        while True:
            token = self.take()
            if token.kind == "(":
                if self.peek().kind == ")":
                    raise QuerySyntaxError("empty parentheses", token.position)
                self.groups.append(_Group(token))
            elif token.kind == "term":
                return _make_term(token)
            elif token.kind == "end":
                raise QuerySyntaxError("the query ends where a term was expected", token.position)
            else:
                raise QuerySyntaxError(f"{token.text!r} where a term was expected", token.position)


def parse(query: str) -> Node:
    """Parse `query`; raises `QuerySyntaxError` for anything outside the subset."""
    return _Parser(query).parse()


def terms(node: Node) -> Iterable[Term | DateRange]:
    """Every leaf of the query, left to right."""
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, BoolOp):
            pending.append(item.right)
            pending.append(item.left)
        else:
            yield item


def chain_heads(root: Node) -> list[BoolOp]:
    """The chains of `root` (root itself and every compound operand of a chain, see
    `chain_operands`), each one listed after the chains among its operands: the order in which
    a bottom-up pass over a query runs without recursion. A shared subtree is listed once."""
    order: list[BoolOp] = []
    seen: set[int] = set()
    pending: list[tuple[Node, bool]] = [(root, False)]
    while pending:
        item, operands_listed = pending.pop()
        if not isinstance(item, BoolOp):
            continue
        if operands_listed:
            order.append(item)
        elif id(item) not in seen:
            seen.add(id(item))
            pending.append((item, True))
            pending.extend((operand, False) for operand in chain_operands(item))
    return order


# --- evaluating -------------------------------------------------------------------------


def _joined(parts: Iterable[str]) -> str:
    # Words separated by single spaces, with a space at both ends, so that a phrase match
    # is a substring test anchored at word boundaries.
    tokens = [word for part in parts for word in words(part)]
    return " " + " ".join(tokens) + " " if tokens else " "


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """A record prepared once for evaluating many queries against it."""

    title: str
    abstract: str
    keywords: str
    tiab: str  # title, abstract and keywords, separated so no phrase spans two of them
    other: str  # journal title, for all-fields searches
    mesh: frozenset[str]
    mesh_major: frozenset[str]
    mesh_text: str
    publication_types: frozenset[str]
    pt_text: str
    languages: frozenset[str]
    year: int | None

    @classmethod
    def build(
        cls,
        *,
        title: str = "",
        abstract: str = "",
        keywords: Iterable[str] = (),
        mesh: Iterable[tuple[str, bool]] = (),
        publication_types: Iterable[str] = (),
        languages: Iterable[str] = (),
        journal: str | None = None,
        year: int | None = None,
    ) -> SearchDocument:
        mesh = list(mesh)
        types = list(publication_types)
        title_words = _joined([title])
        abstract_words = _joined([abstract])
        keyword_words = _joined(keywords)
        return cls(
            title=title_words,
            abstract=abstract_words,
            keywords=keyword_words,
            tiab=f"{title_words}|{abstract_words}|{keyword_words}",
            other=_joined([journal or ""]),
            mesh=frozenset(name.strip().lower() for name, _ in mesh),
            mesh_major=frozenset(name.strip().lower() for name, major in mesh if major),
            mesh_text=_joined(name for name, _ in mesh),
            publication_types=frozenset(pt.strip().lower() for pt in types),
            pt_text=_joined(types),
            languages=frozenset(code.strip().lower() for code in languages),
            year=year,
        )


def document_for(record: ArticleRecord) -> SearchDocument:
    """A parsed record as the evaluator sees it."""
    return SearchDocument.build(
        title=record.title,
        abstract=record.abstract,
        keywords=record.keywords,
        mesh=[(term.descriptor, term.major) for term in record.mesh_terms],
        publication_types=record.publication_types,
        languages=record.languages,
        journal=record.journal,
        year=record.pub_year,
    )


@functools.cache
def _needle(text: str) -> str:
    return " " + " ".join(words(text))


def _text_match(term: Term, haystack: str) -> bool:
    needle = _needle(term.text)
    # A truncated term matches any word starting with its last word; otherwise the last
    # word must end where the needle ends.
    return needle in haystack if term.truncated else needle + " " in haystack


def _name_match(term: Term, names: frozenset[str]) -> bool:
    wanted = " ".join(term.text.lower().split())
    if term.truncated:
        return any(name.startswith(wanted) for name in names)
    return wanted in names


def _term_match(term: Term, doc: SearchDocument) -> bool:
    field = term.field
    if field == "tiab":
        return _text_match(term, doc.tiab)
    if field == "ti":
        return _text_match(term, doc.title)
    if field == "ab":
        return _text_match(term, doc.abstract)
    if field == "mh":
        return _name_match(term, doc.mesh)
    if field == "majr":
        return _name_match(term, doc.mesh_major)
    if field == "pt":
        return _name_match(term, doc.publication_types)
    if field == "la":
        code = term.text.lower()
        return _LANGUAGE_NAMES.get(code, code) in doc.languages
    texts = (
        doc.title,
        doc.abstract,
        doc.keywords,
        doc.mesh_text,
        doc.pt_text,
        doc.other,
    )
    return any(_text_match(term, text) for text in texts)


def _leaf_match(node: Term | DateRange, doc: SearchDocument) -> bool:
    if isinstance(node, Term):
        return _term_match(node, doc)
    return doc.year is not None and node.start <= doc.year <= node.end


def matches(node: Node, doc: SearchDocument) -> bool:
    """Whether the record behind `doc` is found by the query `node`."""
    # The operators whose left operand (False) or right operand (True) is being evaluated.
    pending: list[tuple[BoolOp, bool]] = []
    current = node
    while True:
        while isinstance(current, BoolOp):
            pending.append((current, False))
            current = current.left
        value = _leaf_match(current, doc)
        while pending:
            operator, right_done = pending.pop()
            if right_done:
                value = not value if operator.op == "NOT" else value
            elif (operator.op == "OR") != value:  # the left operand does not decide it
                pending.append((operator, True))
                current = operator.right
                break
        else:
            return value


class QuerySet:
    """Several named queries evaluated together against one record at a time.

    Claim queries share large subtrees (every claim repeats the same microneedling block),
    so identical subtrees are merged once and each is evaluated at most once per record;
    chains of one operator (`a OR b OR c ...`) are evaluated as one n-ary step.
    """

    def __init__(self, queries: dict[str, Node]) -> None:
        table: dict[Node, Node] = {}
        chains: dict[int, _Chain | _Alternatives] = {}
        self._queries = {
            name: _compile(_intern(node, table), chains) for name, node in queries.items()
        }

    def matching(self, doc: SearchDocument) -> list[str]:
        """The names of the queries that find `doc`, in the order they were given."""
        memo: dict[int, bool] = {}
        return [name for name, node in self._queries.items() if _run(node, doc, memo)]


@dataclass(frozen=True, slots=True, eq=False)
class _Chain:
    """`first OP rest[0] OP rest[1] ...` for one operator, evaluated left to right."""

    op: Operator
    first: _Compiled
    rest: tuple[_Compiled, ...]


@dataclass(frozen=True, slots=True, eq=False)
class _Alternatives:
    """An OR of plain words and phrases in one text field, as one regular expression."""

    field: FieldTag | None
    pattern: re.Pattern[str]


_Compiled = Term | DateRange | _Chain | _Alternatives
_TEXT_FIELDS = ("tiab", "ti", "ab")


def chain_operands(node: BoolOp) -> list[Node]:
    """The operands of the left-deep run of `node`'s operator, in order: `a OR b OR c` is
    `((a OR b) OR c)`, and left-to-right evaluation makes it the flat list [a, b, c]."""
    operands: list[Node] = []
    head: Node = node
    while isinstance(head, BoolOp) and head.op == node.op:
        operands.append(head.right)
        head = head.left
    operands.append(head)
    operands.reverse()
    return operands


def _alternatives(field: FieldTag | None, terms: list[Term]) -> _Alternatives:
    """Many claim blocks are long ORs of [tiab] words: one regex search beats many finds."""
    parts = [re.escape(_needle(t.text)) + ("" if t.truncated else "(?= )") for t in terms]
    return _Alternatives(field, re.compile("|".join(parts)))


def _or_operands(
    operands: list[Node], chains: dict[int, _Chain | _Alternatives]
) -> list[_Compiled]:
    """An OR chain's operands, with its words and phrases of each text field merged into one
    regular expression (an OR's result does not depend on the order of its operands)."""
    by_field: dict[FieldTag | None, list[Term]] = {}
    for operand in operands:
        if isinstance(operand, Term) and operand.field in _TEXT_FIELDS:
            by_field.setdefault(operand.field, []).append(operand)
    merged = {field: terms for field, terms in by_field.items() if len(terms) > 1}
    rest = [
        _compiled(operand, chains)
        for operand in operands
        if not (isinstance(operand, Term) and operand.field in merged)
    ]
    return [_alternatives(field, terms) for field, terms in merged.items()] + rest


def _intern(node: Node, table: dict[Node, Node]) -> Node:
    """`node` with every subtree replaced by the first equal one in `table` (bottom-up)."""
    done: dict[int, Node] = {}
    pending: list[tuple[Node, bool]] = [(node, False)]
    while pending:
        item, children_done = pending.pop()
        if not isinstance(item, BoolOp):
            done[id(item)] = table.setdefault(item, item)
        elif children_done:
            rebuilt = BoolOp(item.op, done[id(item.left)], done[id(item.right)])
            done[id(item)] = table.setdefault(rebuilt, rebuilt)
        elif id(item) not in done:
            pending.append((item, True))
            pending.append((item.right, False))
            pending.append((item.left, False))
    return done[id(node)]


def _compiled(node: Node, chains: dict[int, _Chain | _Alternatives]) -> _Compiled:
    return chains[id(node)] if isinstance(node, BoolOp) else node


def _compile(node: Node, chains: dict[int, _Chain | _Alternatives]) -> _Compiled:
    for head in chain_heads(node):  # operands' chains before their own
        if id(head) in chains:
            continue
        operands = chain_operands(head)
        if head.op == "OR":
            compiled = _or_operands(operands, chains)
        else:
            compiled = [_compiled(child, chains) for child in operands]
        result: _Chain | _Alternatives
        if len(compiled) == 1 and isinstance(compiled[0], _Alternatives):
            result = compiled[0]
        else:
            result = _Chain(head.op, compiled[0], tuple(compiled[1:]))
        chains[id(head)] = result
    return _compiled(node, chains)


def _leaf_run(node: Term | DateRange | _Alternatives, doc: SearchDocument) -> bool:
    if isinstance(node, _Alternatives):
        text = {"tiab": doc.tiab, "ti": doc.title, "ab": doc.abstract}[node.field or "tiab"]
        return node.pattern.search(text) is not None
    return _leaf_match(node, doc)


class _Frame:
    """A chain being evaluated by `_run`: its result so far and its next operand."""

    __slots__ = ("chain", "result", "taken")

    def __init__(self, chain: _Chain) -> None:
        self.chain = chain
        self.taken = -1  # operands after `first` folded in; -1 before `first` is
        self.result = False

    def fold(self, value: bool) -> _Compiled | None:
        """Fold in the last operand's value; the next operand to evaluate, or None when the
        chain is decided. A chain goes on only while its result is True (AND, NOT) or False
        (OR), so the result so far never needs combining: an operand's value is the result."""
        chain = self.chain
        self.result = not value if self.taken >= 0 and chain.op == "NOT" else value
        self.taken += 1
        if (chain.op == "OR") == self.result or self.taken == len(chain.rest):
            return None
        return chain.rest[self.taken]


def _run(node: _Compiled, doc: SearchDocument, memo: dict[int, bool]) -> bool:
    # Memo keyed by identity: after interning, equal subtrees are the same object.
    frames: list[_Frame] = []
    current = node
    while True:
        known = memo.get(id(current))
        if known is not None:
            value = known
        elif isinstance(current, _Chain):
            frames.append(_Frame(current))
            current = current.first
            continue
        else:
            value = memo[id(current)] = _leaf_run(current, doc)
        while frames:
            following = frames[-1].fold(value)
            if following is not None:
                current = following
                break
            done = frames.pop()
            value = memo[id(done.chain)] = done.result
        else:
            return value
