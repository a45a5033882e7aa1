"""The built dataset's terms numbered once, for everything that reads the whole graph.

Loading the embedded engine and writing the exports each used to look every term of every
triple up in a table of their own. rdflib's terms hash and compare in Python, so at a million
triples those lookups were most of both stages, and they grew faster than the data. Here each
term gets its number once; the engine is loaded from N-Quads lines made of numbered terms, and
the exports sort the same numbers. Once numbered, the build lets its sets of triples go:
`Terms` answers the same reading interface (`graphs`, `quads`, `len`, `to_dataset`) from the
numbers, at a fraction of the memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, Dataset, URIRef

from kgbuild.rdf.vocab import SMA

# The terms a reified claim triple is made of: numbered first, even when the data lacks them,
# so that the Turtle writer finds them at fixed numbers.
REIFICATION = (RDF.type, RDF.Statement, RDF.subject, RDF.predicate, RDF.object, SMA.assertedIn)
# Quads per piece of N-Quads text handed to the engine: small enough that the text of one
# piece, not of the whole graph, is held at a time.
CHUNK_QUADS = 100_000


class NumberedGraph:
    """One named graph of a `Terms`: iterate it for its triples of rdflib terms."""

    __slots__ = ("identifier", "_terms", "_flat")

    def __init__(self, identifier: URIRef, terms: list, flat: list[int]):
        self.identifier, self._terms, self._flat = identifier, terms, flat

    def __iter__(self) -> Iterator[tuple]:
        terms = self._terms
        return ((terms[s], terms[p], terms[o]) for s, p, o in spo(self._flat))

    def __len__(self) -> int:
        return len(self._flat) // 3


class Terms:
    """`terms[n]` is term n; `numbers` holds (graph's number, [s, p, o, s, p, o, ...]) for
    each named graph, in the order the dataset gives them (each triple once per graph, as in
    the dataset)."""

    def __init__(self, ds):
        ids: dict = {term: n for n, term in enumerate(REIFICATION)}
        add = ids.setdefault
        self.numbers: list[tuple[int, list[int]]] = []
        for graph in ds.graphs():
            flat: list[int] = []
            for s, p, o in graph:
                flat += (add(s, len(ids)), add(p, len(ids)), add(o, len(ids)))
            self.numbers.append((add(graph.identifier, len(ids)), flat))
        self.terms = list(ids)
        self.prefixes = dict(getattr(ds, "prefixes", {}))
        self._nt: list[str] | None = None

    def __len__(self) -> int:
        """The number of quads (a triple in two graphs counts twice)."""
        return sum(len(flat) for _g, flat in self.numbers) // 3

    def graphs(self) -> Iterator[NumberedGraph]:
        for g, flat in self.numbers:
            yield NumberedGraph(self.terms[g], self.terms, flat)

    def quads(self, pattern=None) -> Iterator[tuple]:
        """Every (s, p, o, graph) quad; only the all-wildcard pattern is supported."""
        if pattern is not None and any(term is not None for term in pattern):
            raise ValueError("Terms.quads takes no pattern; use to_dataset() to match")
        for graph in self.graphs():
            for s, p, o in graph:
                yield s, p, o, graph.identifier

    def to_dataset(self) -> Dataset:
        """An rdflib Dataset of the same quads, for rdflib's whole API."""
        ds = Dataset()
        for prefix, namespace in self.prefixes.items():
            ds.bind(prefix, namespace, override=True)
        for graph in self.graphs():
            target = ds.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
        return ds

    def nt(self) -> list[str]:
        """Each term in N-Triples syntax, by number."""
        if self._nt is None:
            from kgbuild.export.ranked import rdf_forms  # ranked reads Terms: import late

            self._nt = rdf_forms(self.terms, {})
        return self._nt

    def with_nt(self) -> Terms:
        """Itself, with each term's N-Triples form made (see `nt`)."""
        self.nt()
        return self

    def nquads(self, chunk: int = CHUNK_QUADS) -> Iterator[list[str]]:
        """The dataset as N-Quads lines in no particular order, in lists of about `chunk`."""
        nt = self.nt()
        lines: list[str] = []
        for g, flat in self.numbers:
            suffix = f" {nt[g]} .\n"
            for start in range(0, len(flat), 3 * chunk):
                lines += [f"{nt[s]} {nt[p]} {nt[o]}{suffix}"
                          for s, p, o in spo(flat[start:start + 3 * chunk])]
                if len(lines) >= chunk:
                    yield lines
                    lines = []
        if lines:
            yield lines


def numbered(ds) -> Terms:
    """`ds` itself if its terms are numbered already, else its terms numbered."""
    return ds if isinstance(ds, Terms) else Terms(ds)


def spo(flat: list[int]) -> Iterator[tuple[int, int, int]]:
    """A graph's numbers as (subject, predicate, object) triples."""
    it = iter(flat)
    return zip(it, it, it, strict=True)
