"""The built graph as plain sets of triples, one per named graph.

rdflib's in-memory Dataset keeps three indexes and a context map per triple and fires an
event on every add: at a million triples it takes most of a minute to fill and about two
gigabytes. The build only ever adds triples, walks each graph whole and writes it out, so it
keeps them in sets of tuples (of rdflib terms) instead, at a fraction of the time and
memory. `QuadSet` answers the part of rdflib's Dataset interface that the pipeline, the
writers and the loaders use (`graph`, `graphs`, `quads`, `len`); `to_dataset()` gives a real
rdflib Dataset for anything that wants rdflib's full API.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Dataset, Graph, URIRef


class GraphView:
    """One named graph of a QuadSet: iterate it for its triples."""

    __slots__ = ("identifier", "_triples")

    def __init__(self, identifier: URIRef, triples: set):
        self.identifier = identifier
        self._triples = triples

    def add(self, triple: tuple) -> None:
        self._triples.add(triple)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def to_graph(self) -> Graph:
        graph = Graph(identifier=self.identifier)
        for triple in self._triples:
            graph.add(triple)
        return graph


class QuadSet:
    """Named graphs of triples, in the order they were first written to."""

    def __init__(self, prefixes: dict[str, str] | None = None):
        self.prefixes = dict(prefixes or {})
        self._graphs: dict[URIRef, set] = {}

    def graph(self, identifier: URIRef) -> GraphView:
        return GraphView(identifier, self._graphs.setdefault(identifier, set()))

    def graphs(self) -> Iterator[GraphView]:
        for identifier, triples in self._graphs.items():
            yield GraphView(identifier, triples)

    def add_all(self, identifier: URIRef, triples: Iterable[tuple]) -> None:
        self._graphs.setdefault(identifier, set()).update(triples)

    def quads(self, pattern=None) -> Iterator[tuple]:
        """Every (s, p, o, graph) quad; only the all-wildcard pattern is supported."""
        if pattern is not None and any(term is not None for term in pattern):
            raise ValueError("QuadSet.quads takes no pattern; use to_dataset() to match")
        for identifier, triples in self._graphs.items():
            for s, p, o in triples:
                yield s, p, o, identifier

    def __len__(self) -> int:
        """The number of quads (a triple in two graphs counts twice)."""
        return sum(len(triples) for triples in self._graphs.values())

    def to_dataset(self) -> Dataset:
        ds = Dataset()
        for prefix, namespace in self.prefixes.items():
            ds.bind(prefix, namespace, override=True)
        for identifier, triples in self._graphs.items():
            graph = ds.graph(identifier)
            for triple in triples:
                graph.add(triple)
        return ds
