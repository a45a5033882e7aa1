"""Running compiled SHACL checks on a pyoxigraph store that holds the dataset, each value
judged again on the terms as rdflib holds them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.query.terms import from_oxigraph
from kgbuild.shacl.compiled import Check, Result
from kgbuild.shacl.value_rules import Unsupported


def run(checks: list[Check], store: ox.Store, data) -> set[Result]:
    """Every check's results on `store`, which holds `data`: an rdflib Dataset, or the build's
    QuadSet (anything whose `graphs()` yields each named graph's triples of rdflib terms)."""
    held = RdflibLiterals(data, {c.predicate for c in checks if c.counted or c.report == "each"})
    for predicate in sorted({c.predicate for c in checks if c.counted and not c.inverse}):
        _check_no_merged_literals(store, held, predicate)
    results: set[Result] = set()
    for check in checks:
        results.update(_results(check, store, held))
    if any(isinstance(r.focus, BNode) or isinstance(r.value, BNode) for r in results):
        raise Unsupported("a result names a blank node, which the store relabelled")
    return results


class RdflibLiterals:
    """rdflib's own literals of a property over the union of the graphs: through the indexes
    of an rdflib Dataset, or, for a QuadSet, which has none, from one pass over its triples
    made the first time it is asked."""

    def __init__(self, data, predicates: set[URIRef]):
        self.data = data
        self.predicates = predicates
        self._index: dict | None = None

    def literals(self, subject: Node | None, predicate: URIRef) -> list[Literal]:
        """Each (subject, literal) pair once; a subject of None stands for any."""
        if isinstance(self.data, Graph):
            # A context of None asks rdflib's store for each triple once, whatever its graphs.
            return [o for (_, _, o), _ in self.data.store.triples((subject, predicate, None), None)
                    if isinstance(o, Literal)]
        index = self._indexed()[predicate]
        if subject is not None:
            return list(index.get(subject, ()))
        return [o for values in index.values() for o in values]

    def _indexed(self) -> dict:
        if self._index is None:
            index: dict = {p: defaultdict(set) for p in self.predicates}
            for graph in self.data.graphs():
                for s, p, o in graph:
                    if p in index and isinstance(o, Literal):
                        index[p][s].add(o)
            self._index = index
        return self._index


def _query(store: ox.Store, text: str):
    return store.query(text, use_default_graph_as_union=True)


def _check_no_merged_literals(store: ox.Store, held: RdflibLiterals, predicate: URIRef) -> None:
    stored = int(next(iter(_query(store, (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ "
        f"?s {predicate.n3()} ?o FILTER(isLITERAL(?o)) }} }}"))))["n"].value)
    if stored == 0:
        return  # the store holds every literal rdflib does, merged or not
    if stored != len(held.literals(None, predicate)):
        raise Unsupported(f"the store merged literals of {predicate} that rdflib keeps apart")


def _judge(test: Callable[[Node], bool], value: Node) -> bool:
    try:
        return test(value)
    except Exception as exc:
        # The restated test raises where pySHACL's would: let pySHACL say what it makes of it.
        raise Unsupported(f"the test of {value!r} raised {exc!r}") from exc


def _results(check: Check, store: ox.Store, held: RdflibLiterals):
    reread: set[Node] = set()
    for row in _query(store, check.query):
        focus = from_oxigraph(row["f"])
        if check.report == "none":
            yield Result(focus, check.path, None, check.message)
        elif check.report == "focus":
            if check.test is None or not _judge(check.test, focus):
                yield Result(focus, check.path, focus, check.message)
        elif isinstance(row["v"], ox.Literal):
            if isinstance(focus, BNode):
                raise Unsupported("a blank node's literals cannot be looked up in rdflib")
            reread.add(focus)
        else:
            # Blank nodes are judged here, where their label does not matter; one that fails
            # is caught by `run`.
            value = from_oxigraph(row["v"])
            if not _judge(check.test, value):
                yield Result(focus, check.path, value, check.message)
    for focus in reread:
        for value in held.literals(focus, check.predicate):
            if not _judge(check.test, value):
                yield Result(focus, check.path, value, check.message)
