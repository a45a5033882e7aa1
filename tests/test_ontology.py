from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kgbuild.rdf.vocab import BASE, SMA

from .conftest import ROOT


def _ontology():
    return Graph().parse(ROOT / "ontology" / "sma.ttl")


def test_python_vocabulary_and_ontology_define_the_same_terms():
    graph = _ontology()
    ns = str(SMA._NS)
    declared = {str(s)[len(ns):] for s in graph.subjects() if str(s).startswith(ns)}
    python = set(SMA.__annotations__)
    assert python == declared, (python - declared, declared - python)


def test_misspelt_term_is_an_error():
    try:
        SMA.negociator  # noqa: B018
    except AttributeError:
        return
    raise AssertionError("a misspelt term must raise")


def test_every_class_and_property_has_label_and_definition():
    graph = _ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in graph.subjects(RDF.type, k)}
    assert len(terms) > 40
    for term in terms:
        assert graph.value(term, RDFS.label), term
        assert graph.value(term, SKOS.definition), term


def test_ontology_metadata_and_base_iri():
    graph = _ontology()
    onto = URIRef(BASE + "ontology")
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert graph.value(onto, OWL.versionIRI) is not None
    assert graph.value(onto, URIRef("http://purl.org/dc/terms/license")) is not None
    assert str(SMA._NS) == BASE + "ontology#"


def test_characteristics_that_drive_reasoning_are_declared():
    graph = _ontology()
    assert (SMA.counterpart, RDF.type, OWL.SymmetricProperty) in graph
    assert graph.value(SMA.ofAgreement, OWL.inverseOf) == SMA.hasRound
    assert graph.value(SMA.negotiatedFor, OWL.propertyChainAxiom) is not None
    assert (SMA.Negotiator, RDFS.subClassOf, URIRef("https://schema.org/Person")) in graph
