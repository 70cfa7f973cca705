"""A cheap, exact-safe test that rules records out before they are parsed.

A MEDLINE baseline file holds about 30,000 records of which a handful concern microneedling.
Parsing every record in full only to find that no claim query matches it is most of the cost of
an import, so `tracker import` first asks a `Prefilter` built from the claim queries.

For each query the prefilter knows substrings that *must* occur in a record's text if the query
matches it: a necessary condition, never a sufficient one. The condition is an AND of clauses;
a clause is an OR of conjunctions; a conjunction is a set of substrings that must all occur.

- a text term (`"derma pen"[tiab]`, `microneedl*`) needs each of its words;
- a MeSH or publication-type term needs each white-space separated piece of the name;
- `a AND b` needs what `a` needs and what `b` needs;
- `a OR b` needs one clause of `a` or one clause of `b` (the most selective of each);
- `a NOT b` needs what `a` needs;
- a language or date term needs nothing, and neither does an OR with such a branch.

The test runs on the case-folded text of the whole citation element, which holds every field a
query searches (title, abstract, keywords, MeSH names, publication types, journal). A record the
prefilter rejects is therefore a record no query matches: the answer stays exact; only the work
for records that cannot match is skipped. A record that passes is parsed and matched as usual.

Every claim query shares the microneedling block, so that clause is checked once per record
and settles almost every record at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tracker.pubmed.query import BoolOp, DateRange, Node, Term, chain_heads, chain_operands, words

Conjunction = frozenset[str]  # substrings that must all occur
Clause = frozenset[Conjunction]  # at least one conjunction must hold
Requirement = frozenset[Clause]  # every clause must hold; empty: nothing is known

__all__ = ["Prefilter", "haystack", "requirement"]


def haystack(text: str) -> str:
    """The form of a record's text that `Prefilter.might_match` expects."""
    # casefold, unlike lower, is context-free, so folding the whole text gives the same
    # characters as folding each field alone: a word found in a field is a substring here.
    return text.casefold()


def requirement(node: Node) -> Requirement:
    """What must occur in a record's text for `node` to match it."""
    # Bottom-up over the query's chains, without recursion: a claim may OR a thousand terms.
    # Claim blocks are long OR chains: each chain is taken at once, so that its clause is
    # simplified once rather than at every level.
    known: dict[int, Requirement] = {}

    def of(operand: Node) -> Requirement:
        if isinstance(operand, BoolOp):
            return known[id(operand)]
        if isinstance(operand, DateRange):
            return frozenset()
        return _term_requirement(operand)

    for head in chain_heads(node):
        operands = chain_operands(head)
        if head.op == "NOT":  # `a NOT b NOT c` needs what `a` needs
            known[id(head)] = of(operands[0])
        elif head.op == "AND":
            known[id(head)] = frozenset().union(*map(of, operands))
        else:
            known[id(head)] = _either([of(operand) for operand in operands])
    return of(node)


def _either(alternatives: list[Requirement]) -> Requirement:
    """What an OR of operands needing `alternatives` needs: one clause of each, the best."""
    either: set[Conjunction] = set()
    for needed in alternatives:
        if not needed:  # an OR with a branch that needs nothing needs nothing
            return frozenset()
        either.update(_best(needed))
    return frozenset({_simplify(frozenset(either))})


def _term_requirement(term: Term) -> Requirement:
    if term.field == "la":  # a code or an English name matches: no single substring is needed
        return frozenset()
    if term.field in ("mh", "majr", "pt"):
        # Names are compared whole (or by prefix when truncated), so each white-space separated
        # piece of the name occurs in the record's text.
        pieces = term.text.casefold().split()
    else:
        pieces = [word.casefold() for word in words(term.text)]
    if not pieces:
        return frozenset()
    return frozenset({frozenset({_minimal(pieces)})})


def _minimal(pieces: Iterable[str]) -> Conjunction:
    """Drop pieces that are substrings of other pieces: they are implied."""
    unique = set(pieces)
    return frozenset(p for p in unique if not any(p != q and p in q for q in unique))


def _implies(stronger: Conjunction, weaker: Conjunction) -> bool:
    """Whenever every piece of `stronger` occurs, every piece of `weaker` occurs too."""
    return all(any(w in s for s in stronger) for w in weaker)


def _simplify(clause: Clause) -> Clause:
    """Drop conjunctions that imply another one of the clause: in an OR they add nothing."""
    kept: list[Conjunction] = []
    for candidate in sorted(clause, key=lambda c: (len(c), sorted(c))):
        if not any(_implies(candidate, other) for other in kept):
            kept = [other for other in kept if not _implies(other, candidate)]
            kept.append(candidate)
    return frozenset(kept)


def _strength(clause: Clause) -> tuple[int, int]:
    # A clause lets through whatever its weakest conjunction lets through, and a conjunction is
    # roughly as rare as its longest piece. Fewer conjunctions break ties.
    weakest = min(max(len(piece) for piece in conjunction) for conjunction in clause)
    return weakest, -len(clause)


def _best(requirement: Requirement) -> Clause:
    return max(requirement, key=lambda clause: (_strength(clause), _sort_key(clause)))


class Prefilter:
    """Rules records out for a set of queries: `might_match` False means none matches."""

    def __init__(self, requirements: Iterable[Requirement]) -> None:
        needed = list(requirements)
        if not all(needed):
            raise ValueError("every query must require something (see Prefilter.for_queries)")
        # A clause shared by many queries is checked first; all the claims share one.
        shared: dict[Clause, int] = {}
        for requirement in needed:
            for clause in requirement:
                shared[clause] = shared.get(clause, 0) + 1
        clauses = sorted(shared, key=lambda c: (-shared[c], _strength(c), _sort_key(c)))
        conjunctions = sorted({c for clause in clauses for c in clause}, key=sorted)
        conjunction_number = {c: n for n, c in enumerate(conjunctions)}
        clause_number = {c: n for n, c in enumerate(clauses)}
        self._conjunctions = tuple(_longest_first(c) for c in conjunctions)
        self._clauses = tuple(
            tuple(sorted(conjunction_number[c] for c in clause)) for clause in clauses
        )
        self._queries = tuple(
            tuple(sorted(clause_number[clause] for clause in requirement)) for requirement in needed
        )
        # A record can only pass if the first clause of some query holds: one flat OR of
        # those clauses' conjunctions rules out most records without any bookkeeping.
        gate = _simplify(frozenset(c for query in self._queries for c in clauses[query[0]]))
        self._gate = tuple(_longest_first(c) for c in sorted(gate, key=sorted))

    @classmethod
    def for_queries(cls, queries: Mapping[str, Node] | Iterable[Node]) -> Prefilter | None:
        """A prefilter for all of `queries`, or None when one of them requires nothing."""
        nodes = list(queries.values() if isinstance(queries, Mapping) else queries)
        needed = [requirement(node) for node in nodes]
        if not needed or not all(needed):
            return None
        return cls(needed)

    @property
    def clauses(self) -> list[list[tuple[str, ...]]]:
        """Each distinct clause as its conjunctions, most shared first."""
        return [[self._conjunctions[n] for n in clause] for clause in self._clauses]

    def might_match(self, text: str) -> bool:
        """`text` is `haystack(record text)`; False means that no query can match the record."""
        # This runs for every record of a baseline file, so it is plain loops with each
        # conjunction and clause decided at most once per record.
        if not self._any_holds(self._gate, text):
            return False
        conjunction_holds: dict[int, bool] = {}
        clause_holds: dict[int, bool] = {}
        for query in self._queries:
            for clause in query:
                holds = clause_holds.get(clause)
                if holds is None:
                    holds = clause_holds[clause] = self._clause(clause, text, conjunction_holds)
                if not holds:
                    break
            else:
                return True
        return False

    @staticmethod
    def _any_holds(conjunctions: tuple[tuple[str, ...], ...], text: str) -> bool:
        for pieces in conjunctions:
            for piece in pieces:
                if piece not in text:
                    break
            else:
                return True
        return False

    def _clause(self, clause: int, text: str, known: dict[int, bool]) -> bool:
        for number in self._clauses[clause]:
            holds = known.get(number)
            if holds is None:  # only records past the gate get here: no need for bare loops
                holds = known[number] = all(p in text for p in self._conjunctions[number])
            if holds:
                return True
        return False


def _longest_first(conjunction: Conjunction) -> tuple[str, ...]:
    # The longest piece is usually the rarest, so it settles a conjunction soonest.
    return tuple(sorted(conjunction, key=lambda piece: (-len(piece), piece)))


def _sort_key(clause: Clause) -> list[list[str]]:
    return sorted(map(sorted, clause))
