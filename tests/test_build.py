"""The built dataset: every asserted triple traces to a source and a verbatim quote."""

from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import PROV

from kgbuild.rdf.vocab import (
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_PROVENANCE,
    GRAPH_SOURCES,
    ID,
    OA,
    SMA,
    claim_iri,
)

SYSTEM = {GRAPH_ONTOLOGY, GRAPH_SOURCES, GRAPH_PROVENANCE, GRAPH_INFERRED}


def _claim_graphs(ds):
    return [g for g in ds.graphs() if g.identifier not in SYSTEM and len(g)]


def test_every_claim_graph_has_source_and_quote_found_at_its_offsets(dataset):
    prov = dataset.graph(GRAPH_PROVENANCE)
    sources = dataset.graph(GRAPH_SOURCES)
    graphs = _claim_graphs(dataset)
    assert len(graphs) > 100
    for graph in graphs:
        claim = graph.identifier
        source = prov.value(claim, PROV.wasDerivedFrom)
        assert source is not None, claim
        text = str(sources.value(source, SMA.fullText))
        annotation = prov.value(None, OA.hasBody, claim)
        target = prov.value(annotation, OA.hasTarget)
        assert prov.value(target, OA.hasSource) == source
        selectors = list(prov.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in prov)
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in prov)
        start, end = int(prov.value(position, OA.start)), int(prov.value(position, OA.end))
        assert text[start:end] == str(prov.value(quote, OA.exact)), claim


def test_quote_keeps_the_articles_own_typography(dataset):
    prov = dataset.graph(GRAPH_PROVENANCE)
    claim = claim_iri("004", "us-position")
    annotation = prov.value(None, OA.hasBody, claim)
    target = prov.value(annotation, OA.hasTarget)
    exact = [prov.value(s, OA.exact) for s in prov.objects(target, OA.hasSelector)
             if prov.value(s, OA.exact)]
    assert exact == [Literal("the US has stressed the goal of reaching \u201ca mutually "
                             "acceptable\u201d deal")]


def test_inferred_claims_carry_reasoning_and_stated_ones_do_not(dataset):
    prov = dataset.graph(GRAPH_PROVENANCE)
    inferred = claim_iri("002", "sma12-round4-dates")
    assert prov.value(inferred, SMA.status) == SMA.Inferred
    assert "2024-06-24" in str(prov.value(inferred, SMA.reasoning))
    stated = claim_iri("002", "sma12-round4")
    assert prov.value(stated, SMA.status) == SMA.Stated
    assert prov.value(stated, SMA.reasoning) is None


def test_reasoning_adds_inverse_symmetric_and_chain_facts(dataset):
    inferred = dataset.graph(GRAPH_INFERRED)
    assert (ID["sma11"], SMA.hasRound, ID["sma11-round1"]) in inferred
    assert (ID["james-dehart"], SMA.counterpart, ID["jeong-eun-bo"]) in inferred
    assert (ID["lee-tae-woo"], SMA.negotiatedFor, ID["sma12"]) in inferred
    assert (ID["jeong-eun-bo"], RDF.type, URIRef("https://schema.org/Person")) in inferred


def test_inferred_graph_holds_no_owlrl_trivia_and_nothing_asserted(dataset):
    inferred = dataset.graph(GRAPH_INFERRED)
    assert len(inferred) > 50
    asserted = set()
    for graph in _claim_graphs(dataset):
        asserted.update(graph)
    for s, p, o in inferred:
        assert not isinstance(s, Literal)
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o in (OWL.Thing, RDFS.Resource))
        assert (s, p, o) not in asserted


def test_disagreeing_sources_are_all_kept(dataset):
    values = set()
    for graph in _claim_graphs(dataset):
        values.update(graph.objects(ID["payment-sma10"], SMA.usdEquivalent))
    assert {int(v.toPython()) for v in values} == {873000000, 871000000, 870000000}
