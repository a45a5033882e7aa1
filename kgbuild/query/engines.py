"""Embedded engines: stored queries on the built dataset, in this process, no server.

The default is pyoxigraph's in-memory store, loaded from N-Quads (unsorted: a store has
no use for the export's order); it answers the stored queries in milliseconds where rdflib's
SPARQL engine takes seconds to minutes on their GRAPH-heavy joins. rdflib's engine stays
available (`--engine rdflib`) as an independent implementation to cross-check answers against.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import Dataset

from kgbuild.errors import QueryError
from kgbuild.export.terms import Terms, numbered
from kgbuild.query.results import Result, normalise_row, normalise_texts
from kgbuild.query.terms import oxigraph_text

ENGINES = ("oxigraph", "rdflib")


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, ds: Dataset | Terms, step: Callable[[int], None] | None = None):
        """Load `ds`, piece by piece (`step(n)` after each piece of n quads), so that only
        one piece's N-Quads text is held at a time."""
        self.store = ox.Store()
        for lines in numbered(ds).nquads():
            # `load`, not `bulk_load`: on the in-memory store, pieces of 100,000 quads load
            # faster through a transaction each (1M quads: 4.5 s against 6.1 s, the same
            # peak memory).
            self.store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            if step is not None:
                step(len(lines))

    def select(self, text: str) -> Result:
        try:
            solutions = self.store.query(text)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only SELECT queries are stored")
        columns = [v.value for v in solutions.variables]
        # Rows end as text, so pyoxigraph's terms go straight to text: building rdflib terms
        # on the way would cost more than the query.
        rows = [normalise_texts(columns, [oxigraph_text(value) for value in solution])
                for solution in solutions]
        return Result(columns, rows)


class RdflibEngine:
    name = "rdflib"

    def __init__(self, ds: Dataset):
        self.ds = ds

    def select(self, text: str) -> Result:
        with warnings.catch_warnings():
            # rdflib's SPARQL engine calls its own deprecated Dataset API on every pattern.
            warnings.simplefilter("ignore", DeprecationWarning)
            answer = self.ds.query(text)
            if answer.type != "SELECT":
                raise QueryError("only SELECT queries are stored")
            columns = [str(v) for v in answer.vars]
            rows = [normalise_row(columns, [row[i] for i in range(len(columns))])
                    for row in answer]
        return Result(columns, rows)


def engine(ds: Dataset | Terms, name: str = "oxigraph",
           step: Callable[[int], None] | None = None):
    if name == "oxigraph":
        return OxigraphEngine(ds, step)
    if name == "rdflib":
        return RdflibEngine(ds)
    raise QueryError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


def select(ds: Dataset, text: str) -> Result:
    """One query on a fresh default engine (for one-off use; reuse an engine for many)."""
    return OxigraphEngine(ds).select(text)
