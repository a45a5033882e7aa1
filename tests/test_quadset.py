"""The build's light dataset holds what rdflib's Dataset would, and hands one over."""

import pytest
from rdflib import Literal, URIRef

from kgbuild import export, pipeline
from kgbuild.export.terms import Terms
from kgbuild.rdf.quadset import QuadSet

from .conftest import ROOT

A, B, C = URIRef("urn:a"), URIRef("urn:b"), Literal("c")
G1, G2 = URIRef("urn:g1"), URIRef("urn:g2")


def test_a_triple_in_two_graphs_is_two_quads():
    quads = QuadSet()
    quads.graph(G1).add((A, B, C))
    quads.graph(G1).add((A, B, C))
    quads.add_all(G2, [(A, B, C)])
    assert len(quads) == 2
    assert sorted(quads.quads()) == [(A, B, C, G1), (A, B, C, G2)]
    assert [g.identifier for g in quads.graphs()] == [G1, G2]
    assert (A, B, C) in quads.graph(G2)


def test_patterns_are_refused_rather_than_ignored():
    with pytest.raises(ValueError):
        list(QuadSet().quads((A, None, None, None)))


def test_the_rdflib_dataset_holds_the_same_quads():
    _facts, quads = pipeline.build_quads(pipeline.Project(ROOT))
    ds = quads.to_dataset()
    assert set(ds.quads((None, None, None, None))) == set(quads.quads())
    assert dict(ds.namespaces())["sma"] == URIRef(quads.prefixes["sma"])


def test_numbered_terms_read_as_the_quadset_they_come_from():
    _facts, quads = pipeline.build_quads(pipeline.Project(ROOT))
    quads.graph(URIRef("urn:empty"))  # a graph with no triples is kept, as in the QuadSet
    terms = Terms(quads)
    assert len(terms) == len(quads)
    assert sorted(terms.quads()) == sorted(quads.quads())
    assert [(g.identifier, len(g)) for g in terms.graphs()] == [
        (g.identifier, len(g)) for g in quads.graphs()]
    ds = terms.to_dataset()
    assert set(ds.quads((None, None, None, None))) == set(quads.quads())
    assert dict(ds.namespaces())["sma"] == URIRef(quads.prefixes["sma"])
    with pytest.raises(ValueError):
        list(terms.quads((A, None, None, None)))


def test_numbered_terms_load_and_export_as_the_quadset_does():
    _facts, quads = pipeline.build_quads(pipeline.Project(ROOT))
    terms = Terms(quads)
    assert sorted(line for lines in terms.nquads(chunk=100) for line in lines) == sorted(
        export.nquads_unordered(quads).splitlines(keepends=True))
    assert all(len(lines) >= 100 for lines in list(terms.nquads(chunk=100))[:-1])
    for fmt in export.FORMATS:
        assert export.serialize(terms, fmt) == export.serialize(quads, fmt), fmt
