"""Claims to RDF: one named graph per claim (the assertion) plus shared graphs for the
ontology, the sources and the claims' provenance (nanopublication style).

Every triple in a claim graph is what that claim's quote says; the provenance graph says
which source, which passage (Web Annotation selectors, with offsets in the original text)
and whether a curator inferred it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV, SKOS

from kgbuild.inputs import schema
from kgbuild.inputs.facts import Claim, Facts, Value
from kgbuild.inputs.sources import Source
from kgbuild.rdf.quadset import QuadSet
from kgbuild.rdf.vocab import (
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


_new_str = str.__new__


def plain(text: str) -> Literal:
    """`Literal(text)` for plain text, made directly. rdflib's constructor looks for a
    datatype, a language and a value to convert, in Python, at twenty times the cost; for
    plain text it finds none and keeps the text as its value, as here."""
    if type(text) is not str:
        return Literal(text)
    made = _new_str(Literal, text)
    made._language = made._datatype = made._ill_typed = None
    made._value = text
    return made


@lru_cache(maxsize=1 << 16)
def typed(lexical, datatype: URIRef) -> Literal:
    """`Literal(lexical, datatype=datatype)`, made once for each value a build repeats
    (dates, amounts, offsets)."""
    return Literal(lexical, datatype=datatype)


def literal(value: Value) -> Literal:
    kind = value.kind
    if kind in (schema.POS_INT, schema.NONNEG_INT):
        return typed(str(value.value), XSD[kind])
    if kind in (schema.DECIMAL, schema.AMOUNT):
        return typed(_decimal_lexical(value.value), XSD.decimal)
    if kind in ("date", "gYearMonth", "gYear"):
        return typed(value.value, XSD[kind])
    if kind == schema.DURATION:
        return typed(value.value, XSD.duration)
    return plain(value.value)


def _decimal_lexical(number) -> str:
    return format(number.normalize(), "f")


def object_term(value: Value):
    return entity_iri(value.value) if value.kind == schema.REF else literal(value)


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


def build_quads(facts: Facts, ontology: Graph) -> QuadSet:
    quads = QuadSet(PREFIXES)
    quads.add_all(GRAPH_ONTOLOGY, ontology)
    sources_graph = quads.graph(GRAPH_SOURCES)
    for source in facts.sources.values():
        _add_source(sources_graph, source)
    prov = quads.graph(GRAPH_PROVENANCE)
    for claim in facts.claims:
        quads.add_all(claim_iri(claim.source_id, claim.id), claim_triples(claim))
        _add_provenance(prov, claim, facts.sources[claim.source_id])
    return quads


def build_dataset(facts: Facts, ontology: Graph) -> Dataset:
    """As `build_quads`, as an rdflib Dataset (slower and larger, with all of rdflib's API)."""
    return build_quads(facts, ontology).to_dataset()


def _add_source(graph, source: Source) -> None:
    s = source_iri(source.id)
    graph.add((s, RDF.type, SMA.SourceArticle))
    graph.add((s, SMA.sourceId, plain(source.id)))
    graph.add((s, SMA.textFile, plain(source.text_file)))
    graph.add((s, SMA.sha256, plain(source.sha256)))
    graph.add((s, SMA.fullText, plain(source.text)))
    if source.title:
        graph.add((s, DCTERMS.title, plain(source.title)))
    if source.url:
        graph.add((s, SCHEMA.url, URIRef(source.url)))
    if source.issued:
        graph.add((s, DCTERMS.issued, typed(source.issued, XSD.date)))
    if source.issued_inferred:
        kind = XSD.gYear if len(source.issued_inferred) == 4 else XSD.date
        graph.add((s, SMA.inferredIssued, typed(source.issued_inferred, kind)))
    if source.issued_reasoning:
        graph.add((s, SMA.reasoning, plain(source.issued_reasoning)))
    for note in source.notes:
        graph.add((s, RDFS.comment, plain(note)))
    predicates = {"publisher": DCTERMS.publisher, "credit": DCTERMS.creator,
                  "cites": DCTERMS.source}
    for key, (entity, quote) in source.refs.items():
        graph.add((s, predicates[key], entity_iri(entity)))
        if key == "credit":
            graph.add((s, SMA.creditLine, plain(quote)))


# Looked up once: a namespace attribute costs a method call per triple otherwise.
_CLAIM, _STATUS = SMA.Claim, SMA.status
_STATUSES = {"stated": SMA.Stated, "reported": SMA.Reported, "inferred": SMA.Inferred}
_CLAIM_ID, _FACT_FILE, _REASONING, _QUALIFIER = (SMA.claimId, SMA.factFile, SMA.reasoning,
                                                 SMA.qualifier)
_PREFERENCE, _PREFERRED_CLAIM, _ON_PROPERTY = SMA.Preference, SMA.preferredClaim, SMA.onProperty
_DERIVED, _SUBJECT, _COMMENT, _TYPE = PROV.wasDerivedFrom, DCTERMS.subject, RDFS.comment, RDF.type
_ANNOTATION, _HAS_BODY, _HAS_TARGET, _MOTIVATED, _DESCRIBING = (
    OA.Annotation, OA.hasBody, OA.hasTarget, OA.motivatedBy, OA.describing)
_SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = OA.SpecificResource, OA.hasSource, OA.hasSelector
_QUOTE_SEL, _EXACT, _PREFIX, _SUFFIX = (OA.TextQuoteSelector, OA.exact, OA.prefix, OA.suffix)
_POSITION_SEL, _START, _END = OA.TextPositionSelector, OA.start, OA.end
_NONNEG = XSD.nonNegativeInteger


def _add_provenance(graph, claim: Claim, source: Source) -> None:
    c = claim_iri(claim.source_id, claim.id)
    src = source_iri(claim.source_id)
    add = graph.add
    add((c, _TYPE, _CLAIM))
    add((c, _CLAIM_ID, plain(claim.key)))
    add((c, _DERIVED, src))
    add((c, _SUBJECT, entity_iri(claim.about)))
    add((c, _STATUS, _STATUSES[claim.status]))
    add((c, _FACT_FILE, plain(f"{claim.file}:{claim.line}")))
    if claim.reasoning:
        add((c, _REASONING, plain(" ".join(claim.reasoning.split()))))
    if claim.qualifier:
        add((c, _QUALIFIER, plain(claim.qualifier)))
    if claim.note:
        add((c, _COMMENT, plain(" ".join(claim.note.split()))))
    for name, reason in sorted(claim.preferred.items()):
        preference = URIRef(f"{c}#preferred-{name}")
        add((preference, _TYPE, _PREFERENCE))
        add((preference, _PREFERRED_CLAIM, c))
        add((preference, _ON_PROPERTY, predicate(name)))
        add((preference, _REASONING, plain(" ".join(reason.split()))))
    annotation, target = URIRef(c + "#annotation"), URIRef(c + "#target")
    quote_sel, pos_sel = URIRef(c + "#quote"), URIRef(c + "#position")
    text, start, end = source.text, claim.match.start, claim.match.end
    add((annotation, _TYPE, _ANNOTATION))
    add((annotation, _HAS_BODY, c))
    add((annotation, _HAS_TARGET, target))
    add((annotation, _MOTIVATED, _DESCRIBING))
    add((target, _TYPE, _SPECIFIC))
    add((target, _HAS_SOURCE, src))
    add((target, _HAS_SELECTOR, quote_sel))
    add((target, _HAS_SELECTOR, pos_sel))
    add((quote_sel, _TYPE, _QUOTE_SEL))
    add((quote_sel, _EXACT, plain(text[start:end])))
    add((quote_sel, _PREFIX, plain(text[max(0, start - CONTEXT_CHARS):start])))
    add((quote_sel, _SUFFIX, plain(text[end:end + CONTEXT_CHARS])))
    add((pos_sel, _TYPE, _POSITION_SEL))
    add((pos_sel, _START, typed(start, _NONNEG)))
    add((pos_sel, _END, typed(end, _NONNEG)))
