"""OWL 2 RL reasoning with owlrl, kept apart from what the claims assert.

owlrl writes its closure into the graph it is given, so it reasons over a copy; what it
adds is stored in the inferred graph after its trivia are dropped: reflexive owl:sameAs,
`rdf:type owl:Thing`/`rdfs:Resource`, literals as subjects, and anything not about the
graph's own entities (axioms about the vocabularies themselves).
"""

from __future__ import annotations

import owlrl
from rdflib import OWL, RDF, RDFS, BNode, Dataset, Graph, Literal

from .vocab import BASE, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_PROVENANCE

TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


def asserted_graph(ds: Dataset) -> Graph:
    """The triples reasoning starts from: ontology, sources and claim assertions."""
    merged = Graph()
    for graph in ds.graphs():
        if graph.identifier in (GRAPH_PROVENANCE, GRAPH_INFERRED):
            continue
        for triple in graph:
            merged.add(triple)
    return merged


def keep(triple) -> bool:
    s, p, o = triple
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return False
    if not str(s).startswith(BASE) or str(s).startswith(str(GRAPH_ONTOLOGY)):
        return False
    if str(s).startswith(BASE + "ontology"):
        return False
    if p == OWL.sameAs and (s == o or isinstance(o, Literal)):
        return False
    if p == RDF.type and o in TRIVIAL_TYPES:
        return False
    return True


def infer(ds: Dataset) -> Graph:
    """Run the OWL 2 RL closure; return only the new, non-trivial triples."""
    base = asserted_graph(ds)
    closure = Graph()
    for triple in base:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    inferred = Graph()
    for triple in closure:
        if triple not in base and keep(triple):
            inferred.add(triple)
    return inferred


def add_inferred(ds: Dataset) -> Graph:
    inferred = infer(ds)
    target = ds.graph(GRAPH_INFERRED)
    for triple in inferred:
        target.add(triple)
    return target
