"""The SHACL shapes pass on the curated graph and catch what they are written for."""

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV

from kgbuild import pipeline
from kgbuild.rdf.vocab import GRAPH_PROVENANCE, ID, SMA, claim_iri
from kgbuild.shacl.validate import load_shapes, validate

from .conftest import ROOT

PREFERENCE = URIRef(claim_iri("000", "sma10-payment") + "#preferred-usdEquivalent")


@pytest.fixture(scope="module")
def built():
    return pipeline.build_with_facts(pipeline.Project(ROOT))


def _copy(ds):
    copy = type(ds)()
    for s, p, o, g in ds.quads():
        copy.graph(g).add((s, p, o))
    return copy


def test_curated_graph_conforms(built):
    facts, ds = built
    assert validate(ds, facts, load_shapes(ROOT)) == []


BREAKS = {
    "claim without source": (
        lambda ds: ds.graph(GRAPH_PROVENANCE).remove((claim_iri("003", "usfk"),
                                                      PROV.wasDerivedFrom, None)),
        "Every claim cites exactly one source article", "graph/facts/003.yaml"),
    "negative amount": (
        lambda ds: ds.graph(claim_iri("002", "sma11-payment")).set(
            (ID["payment-sma11-2021"], SMA.amount, Literal(-5))),
        "An amount is a number, not negative", "graph/facts/002.yaml"),
    "round without agreement": (
        lambda ds: [ds.graph(g).remove((ID["sma11-round2"], SMA.ofAgreement, None))
                    for g in list(ds.graphs())],
        "Every round belongs to an agreement", "graph/facts/001.yaml"),
    "inferred without reasoning": (
        lambda ds: ds.graph(GRAPH_PROVENANCE).remove((claim_iri("002", "sma12-launch"),
                                                      SMA.reasoning, None)),
        "An inferred claim says why", "graph/facts/002.yaml"),
    "bad round status": (
        lambda ds: ds.graph(claim_iri("004", "round7")).set(
            (ID["sma12-round7"], SMA.roundStatus, Literal("postponed"))),
        "'planned' or 'held'", "graph/facts/004.yaml"),
    "negotiator for a place": (
        lambda ds: ds.graph(claim_iri("002", "lee-tae-woo")).set(
            (ID["lee-tae-woo"], SMA.represents, ID["seoul"])),
        "A negotiator represents a Party", "graph/facts/002.yaml"),
    "bad currency": (
        lambda ds: ds.graph(claim_iri("002", "sma11-payment")).set(
            (ID["payment-sma11-2021"], SMA.currency, Literal("dollars"))),
        "ISO 4217", "graph/facts/002.yaml"),
    "preference without reason": (
        lambda ds: [ds.graph(GRAPH_PROVENANCE).add((PREFERENCE, p, o)) for p, o in (
            (RDF.type, SMA.Preference), (SMA.preferredClaim, claim_iri("000", "sma10-payment")),
            (SMA.onProperty, SMA.usdEquivalent))],
        "A preference gives the curator's reason", "graph/facts/000.yaml"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_shape_catches_and_points_at_the_file(built, name):
    facts, ds = built
    mutate, message, file = BREAKS[name]
    broken = _copy(ds)
    mutate(broken)
    problems = validate(broken, facts, load_shapes(ROOT))
    matching = [p for p in problems if message in p.message]
    assert matching, problems
    assert any(p.file == file for p in matching), matching
