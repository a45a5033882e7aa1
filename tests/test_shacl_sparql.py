"""The shapes run as SPARQL on pyoxigraph give pySHACL's problems, to the value and the order."""

import re

import pyoxigraph as ox
import pytest
import rdflib.term
from owlrl.DatatypeHandling import AltXSDToPYTHON as OWLRL_READERS
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kgbuild import pipeline
from kgbuild.query.engines import OxigraphEngine
from kgbuild.rdf.vocab import ID, OA, SMA, SOURCE, claim_iri
from kgbuild.scale import synth
from kgbuild.shacl import compiled, execute, value_rules
from kgbuild.shacl import validate as validate_module
from kgbuild.shacl.validate import load_shapes, validate, validate_pyshacl

from .conftest import ROOT
from .test_shapes import BREAKS, _copy

# rdflib.XSD warns when pytest probes the module's names; a plain namespace does not.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
MUTATION = URIRef("urn:x-test:mutation")
SH = compiled.SH
PREFIXES = """
@prefix sh:    <http://www.w3.org/ns/shacl#> .
@prefix sma:   <https://w3id.org/sma-kg/ontology#> .
@prefix smash: <https://w3id.org/sma-kg/shapes#> .
@prefix id:    <https://w3id.org/sma-kg/id/> .
@prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture(scope="module")
def built():
    return pipeline.build_with_facts(pipeline.Project(ROOT))


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(ROOT)


@pytest.fixture
def no_fallback(monkeypatch):
    """validate() must answer by the compiled queries: reaching pySHACL is a failure."""

    def refuse(*_args):
        raise AssertionError("validate() fell back to pySHACL")

    monkeypatch.setattr(validate_module, "validate_pyshacl", refuse)


def _fast(ds, facts, shapes):
    return validate(ds, facts, shapes, store=OxigraphEngine(ds).store)


def _replace(ds, subject, prop, value):
    """`subject` says `value` for `prop`, and nothing else, in whichever graph."""
    for graph in list(ds.graphs()):
        graph.remove((subject, prop, None))
    ds.graph(MUTATION).add((subject, prop, value))


def _add(ds, *triples):
    for triple in triples:
        ds.graph(MUTATION).add(triple)


def _remove(ds, pattern):
    for graph in list(ds.graphs()):
        graph.remove(pattern)


def _exact_selector(ds, claim):
    """The node that holds the verbatim quote of `claim`."""
    annotation = next(ds.quads((None, OA.hasBody, claim, None)))[0]
    target = next(ds.quads((annotation, OA.hasTarget, None, None)))[2]
    for _, _, selector, _ in ds.quads((target, OA.hasSelector, None, None)):
        if next(ds.quads((selector, OA.exact, None, None)), None):
            return selector
    raise LookupError(claim)


USFK_CLAIM = claim_iri("003", "usfk")
UNKNOWN_STATUS = URIRef(str(SMA.Stated).replace("Stated", "Maybe"))

# Each breaks the curated graph so that pySHACL reports at least one problem; the first item
# names the shape parameters it exercises (every one shapes.ttl uses must be named).
EXTRA = {
    "two labels": ({SH.maxCount, SH.targetClass}, lambda ds: _add(
        ds, (ID.seoul, RDFS.label, Literal("Séoul")))),
    "label as a number": ({SH.datatype}, lambda ds: _replace(
        ds, ID.washington, RDFS.label, Literal(7))),
    "ordinal zero": ({SH.datatype}, lambda ds: _replace(
        ds, ID.sma10, SMA.ordinal, Literal("0", datatype=XSD.positiveInteger))),
    # The store folds "11"^^xsd:positiveInteger and "11"^^xsd:integer into one term.
    "ordinal as an integer beside the same positive integer": ({SH.datatype}, lambda ds: _add(
        ds, (ID.sma11, SMA.ordinal, Literal(11)))),
    "duration in words": ({SH.datatype}, lambda ds: _replace(
        ds, ID.sma10, SMA.duration, Literal("one year"))),
    "ill-formed duration": ({SH.datatype}, lambda ds: _replace(
        ds, ID.sma11, SMA.duration, Literal("P6", datatype=XSD.duration))),
    "amount in words": ({SH.datatype, SH.minInclusive}, lambda ds: _replace(
        ds, ID["payment-sma10"], SMA.amount, Literal("a trillion won"))),
    "ill-formed decimal": ({SH.datatype, SH.minInclusive}, lambda ds: _replace(
        ds, ID["payment-sma10"], SMA.amount, Literal("1,040", datatype=XSD.decimal))),
    # The store writes this value "-1.5"; the problem must say "-1.50", as rdflib does.
    "negative decimal with a trailing zero": ({SH.minInclusive}, lambda ds: _replace(
        ds, ID["payment-sma11-2021"], SMA.usdEquivalent, Literal("-1.50", datatype=XSD.decimal))),
    "year as an integer": ({SH.datatype}, lambda ds: _replace(
        ds, ID["payment-sma10"], SMA.forYear, Literal(2019))),
    "date out of the calendar": ({SH.datatype}, lambda ds: _replace(
        ds, SOURCE["001"], DCTERMS.issued, Literal("2020-02-30", datatype=XSD.date))),
    "two publication dates": ({SH.maxCount}, lambda ds: _add(
        ds, (SOURCE["002"], DCTERMS.issued, Literal("1999-01-01", datatype=XSD.date)))),
    "start date in words": ({SH["or"]}, lambda ds: _replace(
        ds, ID["sma11-washington-2020-01"], SMA.startDate, Literal("mid-January 2020"))),
    "end date as a date-time": ({SH["or"]}, lambda ds: _replace(
        ds, ID["sma12-round4"], SMA.endDate,
        Literal("2024-06-27T10:00:00", datatype=XSD.dateTime))),
    "negative troop strength": ({SH.datatype}, lambda ds: _replace(
        ds, ID.usfk, SMA.troopStrength, Literal("-5", datatype=XSD.nonNegativeInteger))),
    "party is a place": ({SH["class"]}, lambda ds: _add(ds, (ID.sma10, SMA.party, ID.seoul))),
    "party is a string": ({SH["class"]}, lambda ds: _add(
        ds, (ID.sma11, SMA.party, Literal("Korea", lang="en")))),
    "status outside the list": ({SH["in"]}, lambda ds: _replace(
        ds, USFK_CLAIM, SMA.status, UNKNOWN_STATUS)),
    "status as a string": ({SH["in"]}, lambda ds: _replace(
        ds, USFK_CLAIM, SMA.status, Literal("Stated"))),
    # rdflib tells "held"^^xsd:string from the list's "held"; the store does not.
    "round status typed as a string": ({SH["in"]}, lambda ds: _replace(
        ds, ID["sma12-round7"], SMA.roundStatus, Literal("held", datatype=XSD.string))),
    "lowercase currency": ({SH.pattern, SH.targetSubjectsOf}, lambda ds: _replace(
        ds, ID["payment-sma10"], SMA.currency, Literal("krw"))),
    "short hash": ({SH.pattern}, lambda ds: _replace(
        ds, SOURCE["001"], SMA.sha256, Literal("abc123"))),
    "empty quote": ({SH.minLength}, lambda ds: _replace(
        ds, _exact_selector(ds, USFK_CLAIM), OA.exact, Literal(""))),
    "two quote texts": ({SH.maxCount}, lambda ds: _add(
        ds, (_exact_selector(ds, USFK_CLAIM), OA.exact, Literal("another passage")))),
    "claim without annotation": ({SH.inversePath, SH.minCount}, lambda ds: _remove(
        ds, (None, OA.hasBody, USFK_CLAIM))),
    "payment without amounts": ({SH["or"], SH.minCount}, lambda ds: [
        _remove(ds, (ID["payment-sma11-2021"], p, None))
        for p in (SMA.amount, SMA.usdEquivalent)]),
    "amount without currency": ({SH.targetSubjectsOf, SH.minCount}, lambda ds: _remove(
        ds, (ID["us-demand-5-billion"], SMA.currency, None))),
    "demand typed only as a demand": ({SH.targetClass}, lambda ds: _add(
        ds, (ID["test-demand"], RDF.type, SMA.Demand),
        (ID["test-demand"], SMA.statement, Literal("more")))),
    "claim without status": ({SH.minCount, SH["or"], SH.hasValue}, lambda ds: _remove(
        ds, (USFK_CLAIM, SMA.status, None))),
    "claim with two sources": ({SH.maxCount}, lambda ds: _add(
        ds, (USFK_CLAIM, PROV.wasDerivedFrom, SOURCE["000"]))),
    "claim derived from a round": ({SH["class"]}, lambda ds: _replace(
        ds, USFK_CLAIM, PROV.wasDerivedFrom, ID["sma11-round1"])),
}

# Values pySHACL accepts although the store keeps them differently from rdflib.
QUIET = {
    # Python's `$` matches before a final newline; the store's REGEX does not.
    "currency with a newline": lambda ds: _replace(
        ds, ID["payment-sma10"], SMA.currency, Literal("KRW\n")),
    "decimal with a trailing zero": lambda ds: _replace(
        ds, ID["payment-sma10"], SMA.usdEquivalent, Literal("871000000.50", datatype=XSD.decimal)),
}


def test_curated_graph_same_as_pyshacl(built, shapes, no_fallback):
    facts, ds = built
    assert len(compiled.compile_shapes(shapes)) > 50
    assert _fast(ds, facts, shapes) == validate_pyshacl(ds, facts, shapes) == []


MUTATIONS = {**{name: mutate for name, (mutate, *_rest) in BREAKS.items()},
             **{name: mutate for name, (_params, mutate) in EXTRA.items()}}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_breaks_same_as_pyshacl(built, shapes, name, no_fallback):
    facts, ds = built
    broken = _copy(ds)
    MUTATIONS[name](broken)
    reference = validate_pyshacl(broken, facts, shapes)
    assert reference
    assert _fast(broken, facts, shapes) == reference


def test_extra_breaks_exercise_every_parameter_of_the_shapes(shapes):
    used = {p for _, p, _ in shapes if str(p).startswith(str(SH))}
    used -= {SH.path, SH.property, SH.message}
    exercised = set().union(*(kinds for kinds, _ in EXTRA.values()))
    assert len(EXTRA) >= 30
    assert used == exercised


@pytest.mark.parametrize("name", sorted(QUIET))
def test_values_pyshacl_accepts_pass(built, shapes, name, no_fallback):
    facts, ds = built
    changed = _copy(ds)
    QUIET[name](changed)
    assert validate_pyshacl(changed, facts, shapes) == []
    assert _fast(changed, facts, shapes) == []


def test_many_problems_in_one_file_come_in_one_order(built, shapes, no_fallback):
    facts, ds = built
    broken = _copy(ds)
    for _kinds, mutate in EXTRA.values():
        mutate(broken)
    reference = validate_pyshacl(broken, facts, shapes)
    assert len(reference) > 20
    assert len({(p.file, p.line, p.field) for p in reference}) < len(reference)
    assert _fast(broken, facts, shapes) == reference


class _TripleSets:
    """Named graphs as plain sets of triples, without rdflib's indexes, as the build keeps
    them: what validate() is handed in the pipeline."""

    def __init__(self, ds):
        self._graphs = [set(graph) for graph in ds.graphs()]

    def graphs(self):
        return iter(self._graphs)


def test_plain_triple_sets_same_as_pyshacl(built, shapes, no_fallback):
    facts, ds = built
    broken = _copy(ds)
    for _kinds, mutate in EXTRA.values():
        mutate(broken)
    store = OxigraphEngine(broken).store
    reference = validate_pyshacl(broken, facts, shapes)
    assert len(reference) > 20
    assert validate(_TripleSets(broken), facts, shapes, store=store) == reference


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "small"
    synth.generate(4, out, seed=3, template=ROOT)
    return pipeline.build_with_facts(pipeline.Project(out))


def test_synthetic_project_same_as_pyshacl(synthetic, shapes, no_fallback):
    facts, ds = synthetic
    assert len(ds) > 3000
    assert _fast(ds, facts, shapes) == validate_pyshacl(ds, facts, shapes) == []


def test_broken_synthetic_project_same_as_pyshacl(synthetic, shapes, no_fallback):
    facts, ds = synthetic
    broken = _copy(ds)
    for s, p, _o, g in list(broken.quads((None, SMA.roundStatus, None, None))):
        broken.graph(g).set((s, p, Literal("postponed")))
    for s, p, o, g in list(broken.quads((None, SMA.forYear, None, None))):
        broken.graph(g).remove((s, p, o))
    reference = validate_pyshacl(broken, facts, shapes)
    assert len(reference) > 10
    assert _fast(broken, facts, shapes) == reference


# Shapes near those of shapes.ttl, which the compiler takes too; each gives a problem.
NEARBY = PREFIXES + """
smash:NodeKind a sh:NodeShape ; sh:targetNode id:seoul , id:sma10 ;
    sh:nodeKind sh:Literal ; sh:message "near: node kind" .
smash:PartyLabels a sh:NodeShape ; sh:targetClass sma:Party ;
    sh:property [ sh:path rdfs:label ; sh:maxLength 5 ; sh:message "near: short label" ] ,
        [ sh:path rdfs:label ; sh:pattern "^south" ; sh:flags "i" ; sh:message "near: south" ] ,
        [ sh:path [ sh:inversePath sma:represents ] ; sh:maxCount 1 ;
          sh:message "near: one negotiator" ] ,
        [ sh:path sma:party ; sh:hasValue id:seoul ; sh:message "near: has value" ] .
smash:Amounts a sh:NodeShape ; sh:targetClass sma:Payment ;
    sh:property [ sh:path sma:usdEquivalent ; sh:maxInclusive 871000000 ;
                  sh:severity sh:Violation ; sh:message "near: max inclusive" ] ,
        [ sh:path sma:amount ; sh:minExclusive 1030000000 ; sh:message "near: min exclusive" ] ,
        [ sh:path sma:amount ; sh:maxExclusive 1040000000.0 ; sh:message "near: max exclusive" ] .
smash:Ordinals a sh:PropertyShape ; sh:targetClass sma:Agreement ; sh:path sma:ordinal ;
    sh:in ( 10 11 ) ; sh:message "near: a property shape with a target" .
smash:Parties a sh:NodeShape ; sh:targetClass sma:Agreement ;
    sh:property [ sh:path sma:party ; sh:minCount 3 ; sh:message "near: three parties" ] .
smash:RoundClass a sh:NodeShape ; sh:targetClass sma:Round ;
    sh:class sma:Agreement ; sh:message "near: node class" .
smash:OneNegotiator a sh:NodeShape ; sh:targetClass sma:Negotiator ;
    sh:hasValue id:lee-tae-woo ; sh:message "near: node has value" .
smash:NodeIn a sh:NodeShape ; sh:targetNode id:seoul ;
    sh:in ( id:washington "seoul" ) ; sh:message "near: node in" .
smash:PayerOr a sh:NodeShape ; sh:targetClass sma:Payment ;
    sh:or ( [ sh:path sma:payer ; sh:hasValue id:united-states ] [ sh:nodeKind sh:BlankNode ] ) ;
    sh:message "near: node or with a value member" .
smash:ClassLabels a sh:NodeShape ; sh:targetNode sma:Agreement ;
    sh:property [ sh:path rdfs:label ; sh:datatype xsd:string ;
                  sh:message "near: class label is a string" ] ,
        [ sh:path rdfs:label ; sh:datatype rdf:langString ; sh:minLength 30 ;
          sh:message "near: long language label" ] .
"""


def test_nearby_shapes_same_as_pyshacl(built, no_fallback):
    facts, ds = built
    nearby = Graph().parse(data=NEARBY, format="turtle")
    reference = validate_pyshacl(ds, facts, nearby)
    messages = {p.message.split(": ", 1)[1] for p in reference}
    expected = {m for _, p, m in nearby if p == SH.message}
    assert {str(m) for m in expected} == messages
    assert _fast(ds, facts, nearby) == reference


# Each is outside what the compiler takes, so validate() hands it to pySHACL.
UNSUPPORTED = {
    "xone": (True, """smash:X a sh:NodeShape ; sh:targetClass sma:Round ;
        sh:xone ( [ sh:path sma:ofAgreement ; sh:minCount 1 ]
                  [ sh:path sma:roundStatus ; sh:minCount 1 ] ) ;
        sh:message "exactly one of agreement and status" ."""),
    "sparql": (True, """smash:X a sh:NodeShape ; sh:targetClass sma:Agreement ;
        sh:sparql [ sh:message "sparql says no" ;
            sh:select "SELECT $this WHERE { $this a <https://w3id.org/sma-kg/ontology#Agreement> }"
        ] ."""),
    "no message": (True, """smash:X a sh:NodeShape ; sh:targetClass sma:Agreement ;
        sh:property [ sh:path sma:nothing ; sh:minCount 1 ] ."""),
    "objects target": (True, """smash:X a sh:NodeShape ; sh:targetObjectsOf sma:party ;
        sh:property [ sh:path sma:nothing ; sh:minCount 1 ; sh:message "nothing" ] ."""),
    "sequence path": (True, """smash:X a sh:NodeShape ; sh:targetClass sma:Round ;
        sh:property [ sh:path ( sma:ofAgreement sma:party ) ; sh:class sma:Round ;
                      sh:message "parties of the agreement" ] ."""),
    "warning": (False, """smash:X a sh:NodeShape ; sh:targetClass sma:Agreement ;
        sh:property [ sh:path sma:nothing ; sh:minCount 1 ; sh:severity sh:Warning ;
                      sh:message "nothing" ] ."""),
    "deactivated": (False, """smash:X a sh:NodeShape ; sh:targetClass sma:Agreement ;
        sh:deactivated true ;
        sh:property [ sh:path sma:nothing ; sh:minCount 1 ; sh:message "nothing" ] ."""),
    "pattern with a class escape": (True, """smash:X a sh:NodeShape ; sh:targetClass sma:Party ;
        sh:property [ sh:path rdfs:label ; sh:pattern "^\\\\d" ; sh:message "digits" ] ."""),
}


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_shapes_fall_back_to_pyshacl(built, shapes, name):
    facts, ds = built
    finds_problems, extra = UNSUPPORTED[name]
    with_extra = Graph()
    for triple in shapes:
        with_extra.add(triple)
    with_extra.parse(data=PREFIXES + extra, format="turtle")
    with pytest.raises(compiled.Unsupported):
        compiled.compile_shapes(with_extra)
    reference = validate_pyshacl(ds, facts, with_extra)
    assert bool(reference) == finds_problems
    assert validate(ds, facts, with_extra) == reference


def test_literals_the_store_merges_fall_back_to_pyshacl(built, shapes):
    facts, ds = built
    broken = _copy(ds)
    label = next(broken.quads((ID.seoul, RDFS.label, None, None)))[2]
    _add(broken, (ID.seoul, RDFS.label, Literal(str(label), datatype=XSD.string)))
    store = OxigraphEngine(broken).store
    with pytest.raises(compiled.Unsupported, match="merged"):
        execute.run(compiled.compile_shapes(shapes), store, broken)
    reference = validate_pyshacl(broken, facts, shapes)
    assert [p.field for p in reference] == ["label"]
    assert validate(broken, facts, shapes, store=store) == reference


def test_blank_node_in_a_result_falls_back_to_pyshacl(built, shapes):
    facts, ds = built
    broken = _copy(ds)
    _add(broken, (BNode(), RDF.type, SMA.Round))
    store = OxigraphEngine(broken).store
    with pytest.raises(compiled.Unsupported, match="blank node"):
        execute.run(compiled.compile_shapes(shapes), store, broken)
    reference = validate_pyshacl(broken, facts, shapes)
    assert reference
    assert validate(broken, facts, shapes, store=store) == reference


@pytest.mark.parametrize("owlrl_readers", [False, True])
def test_ill_formed_year_as_pyshacl_sees_it(built, shapes, owlrl_readers, monkeypatch,
                                            no_fallback):
    # rdflib checks no xsd:gYear by itself, but owlrl leaves its reader registered once it has
    # reasoned in the process, and pySHACL then rejects what it accepted before.
    if owlrl_readers:
        monkeypatch.setitem(rdflib.term._toPythonMapping, XSD.gYear, OWLRL_READERS[XSD.gYear])
    else:
        monkeypatch.delitem(rdflib.term._toPythonMapping, XSD.gYear, raising=False)
    facts, ds = built
    changed = _copy(ds)
    _replace(changed, ID["sma-series"], SMA.inPlaceSince,
             Literal("1991-ish", datatype=XSD.gYear))
    reference = validate_pyshacl(changed, facts, shapes)
    assert bool(reference) == owlrl_readers
    assert _fast(changed, facts, shapes) == reference


SAFE_SAMPLES = {XSD.gYear: ["1000", "2021", "9999"],
                XSD.gYearMonth: ["1000-01", "2021-06", "9999-12"]}


@pytest.mark.parametrize("datatype", sorted(value_rules.SAFE_FORMS))
def test_safe_forms_pass_either_reader_and_keep_their_datatype(datatype):
    for lexical in SAFE_SAMPLES[datatype]:
        assert re.fullmatch(value_rules.SAFE_FORMS[datatype], lexical)
        assert OWLRL_READERS[datatype](lexical) == lexical
        assert Literal(lexical, datatype=datatype).ill_typed is not True
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x-test:s"), ox.NamedNode("urn:x-test:p"),
                      ox.Literal("not a date", datatype=ox.NamedNode(str(datatype)))))
    [row] = store.query("SELECT (DATATYPE(?o) AS ?d) WHERE { ?s ?p ?o }")
    assert row["d"].value == str(datatype)
