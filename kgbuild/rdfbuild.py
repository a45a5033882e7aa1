"""Claims to RDF: one named graph per claim (the assertion) plus shared graphs for the
ontology, the sources and the claims' provenance (nanopublication style).

Every triple in a claim graph is what that claim's quote says; the provenance graph says
which source, which passage (Web Annotation selectors, with offsets in the original text)
and whether a curator inferred it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV, SKOS

from . import schema
from .facts import Claim, Facts, Value
from .sources import Source
from .vocab import (
    CLAIM,
    GRAPH_ONTOLOGY,
    GRAPH_PROVENANCE,
    GRAPH_SOURCES,
    GRAPHS,
    ID,
    OA,
    SCHEMA,
    SMA,
    SOURCE,
    claim_iri,
    entity_iri,
    source_iri,
)

CLASSES = {
    "Agreement": SMA.Agreement,
    "AgreementSeries": SMA.AgreementSeries,
    "Round": SMA.Round,
    "Negotiator": SMA.Negotiator,
    "Party": SMA.Party,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Payment": SMA.Payment,
    "Position": SMA.Position,
    "Demand": SMA.Demand,
    "CostItem": SMA.CostItem,
}
SPECIAL = {"label": RDFS.label, "altLabel": SKOS.altLabel}
PREFIXES = {
    "sma": str(SMA._NS), "id": str(ID), "claim": str(CLAIM), "src": str(SOURCE),
    "graph": str(GRAPHS), "prov": str(PROV), "schema": str(SCHEMA), "oa": str(OA),
    "dcterms": str(DCTERMS), "skos": str(SKOS), "xsd": str(XSD), "owl": "http://www.w3.org/2002/07/owl#",
}
CONTEXT_CHARS = 32


def predicate(name: str) -> URIRef:
    return SPECIAL.get(name) or SMA[name]


def literal(value: Value) -> Literal:
    kind = value.kind
    if kind in (schema.POS_INT, schema.NONNEG_INT):
        return Literal(str(value.value), datatype=XSD[kind])
    if kind in (schema.DECIMAL, schema.AMOUNT):
        return Literal(_decimal_lexical(value.value), datatype=XSD.decimal)
    if kind in ("date", "gYearMonth", "gYear"):
        return Literal(value.value, datatype=XSD[kind])
    if kind == schema.DURATION:
        return Literal(value.value, datatype=XSD.duration)
    return Literal(value.value)


def _decimal_lexical(number) -> str:
    return format(number.normalize(), "f")


def object_term(value: Value):
    return entity_iri(value.value) if value.kind == schema.REF else literal(value)


def new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def load_ontology(root: Path) -> Graph:
    graph = Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):
        if path.name == "shapes.ttl":
            continue
        graph.parse(path, format="turtle")
    # Canonical blank-node labels (the ontology's RDF lists) keep exports byte-identical.
    return to_canonical_graph(graph)


def claim_triples(claim: Claim):
    subject = entity_iri(claim.about)
    if claim.entity_type:
        yield subject, RDF.type, CLASSES[claim.entity_type]
    for name, values in claim.says.items():
        for value in values:
            yield subject, predicate(name), object_term(value)


def build_dataset(facts: Facts, ontology: Graph) -> Dataset:
    ds = new_dataset()
    onto = ds.graph(GRAPH_ONTOLOGY)
    for triple in ontology:
        onto.add(triple)
    sources_graph = ds.graph(GRAPH_SOURCES)
    for source in facts.sources.values():
        _add_source(sources_graph, source)
    prov = ds.graph(GRAPH_PROVENANCE)
    for claim in facts.claims:
        graph = ds.graph(claim_iri(claim.source_id, claim.id))
        for triple in claim_triples(claim):
            graph.add(triple)
        _add_provenance(prov, claim, facts.sources[claim.source_id])
    return ds


def _add_source(graph: Graph, source: Source) -> None:
    s = source_iri(source.id)
    graph.add((s, RDF.type, SMA.SourceArticle))
    graph.add((s, SMA.sourceId, Literal(source.id)))
    graph.add((s, SMA.textFile, Literal(source.text_file)))
    graph.add((s, SMA.sha256, Literal(source.sha256)))
    graph.add((s, SMA.fullText, Literal(source.text)))
    if source.title:
        graph.add((s, DCTERMS.title, Literal(source.title)))
    if source.url:
        graph.add((s, SCHEMA.url, URIRef(source.url)))
    if source.issued:
        graph.add((s, DCTERMS.issued, Literal(source.issued, datatype=XSD.date)))
    if source.issued_inferred:
        kind = XSD.gYear if len(source.issued_inferred) == 4 else XSD.date
        graph.add((s, SMA.inferredIssued, Literal(source.issued_inferred, datatype=kind)))
    if source.issued_reasoning:
        graph.add((s, SMA.reasoning, Literal(source.issued_reasoning)))
    for note in source.notes:
        graph.add((s, RDFS.comment, Literal(note)))
    predicates = {"publisher": DCTERMS.publisher, "credit": DCTERMS.creator,
                  "cites": DCTERMS.source}
    for key, (entity, quote) in source.refs.items():
        graph.add((s, predicates[key], entity_iri(entity)))
        if key == "credit":
            graph.add((s, SMA.creditLine, Literal(quote)))


def _add_provenance(graph: Graph, claim: Claim, source: Source) -> None:
    c = claim_iri(claim.source_id, claim.id)
    src = source_iri(claim.source_id)
    graph.add((c, RDF.type, SMA.Claim))
    graph.add((c, SMA.claimId, Literal(claim.key)))
    graph.add((c, PROV.wasDerivedFrom, src))
    graph.add((c, DCTERMS.subject, entity_iri(claim.about)))
    graph.add((c, SMA.status, SMA.Inferred if claim.inferred else SMA.Stated))
    graph.add((c, SMA.factFile, Literal(f"{claim.file}:{claim.line}")))
    if claim.reasoning:
        graph.add((c, SMA.reasoning, Literal(" ".join(claim.reasoning.split()))))
    if claim.qualifier:
        graph.add((c, SMA.qualifier, Literal(claim.qualifier)))
    if claim.note:
        graph.add((c, RDFS.comment, Literal(" ".join(claim.note.split()))))
    for name, reason in sorted(claim.preferred.items()):
        preference = URIRef(f"{c}#preferred-{name}")
        graph.add((preference, RDF.type, SMA.Preference))
        graph.add((preference, SMA.preferredClaim, c))
        graph.add((preference, SMA.onProperty, predicate(name)))
        graph.add((preference, SMA.reasoning, Literal(" ".join(reason.split()))))
    annotation, target = URIRef(c + "#annotation"), URIRef(c + "#target")
    quote_sel, pos_sel = URIRef(c + "#quote"), URIRef(c + "#position")
    text, start, end = source.text, claim.match.start, claim.match.end
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.hasBody, c))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((annotation, OA.motivatedBy, OA.describing))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, src))
    graph.add((target, OA.hasSelector, quote_sel))
    graph.add((target, OA.hasSelector, pos_sel))
    graph.add((quote_sel, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_sel, OA.exact, Literal(text[start:end])))
    graph.add((quote_sel, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start])))
    graph.add((quote_sel, OA.suffix, Literal(text[end:end + CONTEXT_CHARS])))
    graph.add((pos_sel, RDF.type, OA.TextPositionSelector))
    graph.add((pos_sel, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((pos_sel, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
