"""The export files: every format from one reading of the dataset, written atomically.

rdflib's own writers order graphs and subjects by hash, which changes between runs, and take
seconds per 100k triples, so all four formats are written here, with everything sorted (see
`ranked`). The four files are written as one generation and switched into place together
(`generations`), so a failed or killed run never leaves a half-written or mixed export behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from rdflib import RDF, Graph, URIRef

from kgbuild.export import forked
from kgbuild.export.generations import write_file, write_generation
from kgbuild.export.jsonld import jsonld
from kgbuild.export.ranked import NamedGraphs, RankedDataset
from kgbuild.export.rdf_text import nquads, trig, turtle
from kgbuild.export.terms import Terms, numbered
from kgbuild.rdf.vocab import SMA
from kgbuild.stages import Stage, untimed

T = TypeVar("T")

FORMATS = {
    "turtle": "sma.ttl",
    "trig": "sma.trig",
    "nquads": "sma.nq",
    "jsonld": "sma.jsonld",
}


def _reified_triples(prep: RankedDataset):
    terms, w = prep.terms, prep.width
    mask = (1 << w) - 1
    for g, keys in prep.claim_statements():
        claim = terms[g]
        for n, key in enumerate(keys, start=1):
            node = URIRef(f"{claim}#triple-{n}")
            yield node, RDF.type, RDF.Statement
            yield node, RDF.subject, terms[key >> 2 * w]
            yield node, RDF.predicate, terms[(key >> w) & mask]
            yield node, RDF.object, terms[key & mask]
            yield node, SMA.assertedIn, claim


def reified(ds: NamedGraphs) -> Graph:
    """Each claim graph's triples as rdf:Statement nodes tied to their claim (Turtle has no
    named graphs, so this is how a triple-only export keeps each triple's provenance)."""
    out = Graph()
    for triple in _reified_triples(RankedDataset(ds)):
        out.add(triple)
    return out


def union(ds: NamedGraphs) -> Graph:
    merged = Graph()
    for graph in ds.graphs():
        for triple in graph:
            merged.add(triple)
    return merged


RENDERERS = {"turtle": turtle, "trig": trig, "nquads": nquads, "jsonld": jsonld}


def to_turtle(ds: NamedGraphs) -> str:
    """All triples of all graphs, with each claim's triples also as rdf:Statement nodes."""
    return "".join(turtle(RankedDataset(ds)))


def to_trig(ds: NamedGraphs) -> str:
    return "".join(trig(RankedDataset(ds)))


def to_nquads(ds: NamedGraphs) -> str:
    return "".join(nquads(RankedDataset(ds)))


def to_jsonld(ds: NamedGraphs) -> str:
    return "".join(jsonld(RankedDataset(ds)))


WRITERS = {"turtle": to_turtle, "trig": to_trig, "nquads": to_nquads, "jsonld": to_jsonld}


def serialize(ds: NamedGraphs, fmt: str) -> str:
    return WRITERS[fmt](ds)


def write_atomic(path: Path, text: str) -> None:
    write_file(path, [text])


def write_all(ds: NamedGraphs, out_dir: Path, *, stage: Stage = untimed) -> dict[str, Path]:
    """Write every format from one reading of the dataset, each streamed to its file (no
    format's whole text is held in memory), as one new generation that replaces the old one
    at once (see `generations`). `stage` runs each step, as in `pipeline`."""
    prep = stage("export: read the graph once", lambda: RankedDataset(ds))
    # Generators: each format is rendered only while its own file is written.
    write_generation(out_dir, render_all(prep), stage=stage)
    return {fmt: out_dir / name for fmt, name in FORMATS.items()}


def render_all(prep: RankedDataset) -> dict[str, Iterator[str]]:
    """Each export's file name with its text, as generators: each format is rendered only
    while its own file is written."""
    return {FORMATS[fmt]: RENDERERS[fmt](prep) for fmt in FORMATS}


def write_all_beside(terms: Terms, out_dir: Path, work: Callable[[], T], *,
                     stage: Stage = untimed) -> tuple[T, dict[str, Path]]:
    """As `write_all`, in a second process while `work()` runs here (see `forked`); the
    exports are switched into place only if `work()` returns."""
    result = forked.write_beside(terms, out_dir, list(FORMATS.values()), render_all, work,
                                 stage=stage)
    return result, {fmt: out_dir / name for fmt, name in FORMATS.items()}


def nquads_unordered(ds: NamedGraphs | Terms) -> str:
    """The dataset as N-Quads in no particular order, for loading into a store: the same
    quads as `to_nquads` at a fraction of the cost, since nothing is sorted."""
    return "".join(line for lines in numbered(ds).nquads() for line in lines)
