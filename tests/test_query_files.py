"""The stored query files: headers grlc can read, valid SPARQL, checks that can fail."""

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kgbuild.errors import QueryError
from kgbuild.query import engines
from kgbuild.query.catalogue import bind, load_queries, parse_header
from kgbuild.rdf.vocab import GRAPH_PROVENANCE, ID, SMA, claim_iri

from .conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))
CHECKS = sorted((ROOT / "queries" / "checks").glob("*.rq"))


def test_query_counts():
    assert len(QUERIES) >= 12
    assert len(CHECKS) >= 6


@pytest.mark.parametrize("path", QUERIES + CHECKS, ids=lambda p: p.stem)
def test_header_and_sparql_are_valid(path):
    text = path.read_text(encoding="utf-8")
    header = parse_header(path, text)
    assert header["summary"]
    assert isinstance(header.get("tags", []), list)
    prepareQuery(text)  # rdflib's parser: valid SPARQL 1.1
    for prefix in ("sma:", "graph:", "rdfs:", "prov:", "oa:", "id:", "dcterms:", "owl:", "rdf:"):
        if prefix in text.split("SELECT", 1)[1]:
            assert f"PREFIX {prefix}" in text, f"{path.name} uses {prefix} without declaring it"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_stored_query_runs_on_both_engines_alike(path, dataset, engine):
    query = load_queries(ROOT / "queries")[path.stem]
    params = {p.name: "jeong-eun-bo" for p in query.params if p.required}
    text = bind(query, params)
    rows = engine.select(text)
    assert rows.rows, f"{path.stem} answers nothing on the seed data"
    if path.stem in SLOW_ON_RDFLIB:
        return
    assert set(engines.RdflibEngine(dataset).select(text).rows) == set(rows.rows)


# rdflib's engine needs tens of seconds to minutes on these GRAPH-heavy joins.
SLOW_ON_RDFLIB = {"claim-evidence", "counterparts", "delegation-leads", "round-timeline",
                  "source-disagreements"}


def test_bad_header_is_an_error_not_empty_metadata(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ summary: who: whom\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="invalid '#\\+' header"):
        parse_header(path, path.read_text())
    path.write_text("#+ sumary: typo\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown header key"):
        parse_header(path, path.read_text())
    path.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="no '#\\+' header"):
        parse_header(path, path.read_text())


HOSTILE = ['"} ; DROP ALL ; {', "x' } UNION { ?s ?p ?o", "a\nb", "<http://evil> } #",
           "\\\" ) }", "jeong-eun-bo> . ?s ?p ?o . <x"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameter_values_cannot_change_the_query(value, engine, stored):
    query = stored["claim-evidence"]
    rows = engine.select(bind(query, {"source": value}))
    assert rows.rows == []  # a literal that matches no source, not a rewritten query


@pytest.mark.parametrize("value", ["http://x y", "<http://x>", 'http://x"', "not an iri"])
def test_hostile_iri_parameters_are_refused(value, stored):
    with pytest.raises(QueryError):
        bind(stored["entity-facts"], {"entity": value})


def test_bound_parameter_is_an_rdf_term(stored):
    text = bind(stored["entity-facts"], {"entity": "jeong-eun-bo"})
    assert f"VALUES ?_entity_iri {{ {ID['jeong-eun-bo'].n3()} }}" in text
    text = bind(stored["claim-evidence"], {"source": 'a"b'})
    assert 'VALUES ?__source { "a\\"b" }' in text


def _corrupt(dataset, mutate):
    copy = type(dataset)()
    for s, p, o, g in dataset.quads():
        copy.graph(g).add((s, p, o))
    mutate(copy)
    return engines.engine(copy)


CORRUPTIONS = {
    "claim-without-source-violation": lambda ds: ds.graph(GRAPH_PROVENANCE).remove(
        (claim_iri("000", "usfk"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None)),
    "claim-without-quote-violation": lambda ds: ds.graph(GRAPH_PROVENANCE).remove(
        (URIRef(claim_iri("000", "usfk") + "#annotation"), None, None)),
    "quote-not-in-source-violation": lambda ds: ds.graph(GRAPH_PROVENANCE).set(
        (URIRef(claim_iri("000", "usfk") + "#position"),
         URIRef("http://www.w3.org/ns/oa#start"), Literal(3))),
    "round-without-agreement-violation": lambda ds: ds.graph(claim_iri("001", "x")).add(
        (ID["sma11-round1"], SMA.ofAgreement, ID["sma12"])),
    "inferred-without-reasoning-violation": lambda ds: ds.graph(GRAPH_PROVENANCE).remove(
        (claim_iri("002", "sma12-launch"), SMA.reasoning, None)),
    "agreement-cycle-violation": lambda ds: ds.graph(claim_iri("000", "x")).add(
        (ID["sma10"], SMA.precededBy, ID["sma12"])),
    "untyped-entity-violation": lambda ds: ds.graph(claim_iri("000", "usfk")).add(
        (ID["usfk"], SMA.affiliation, ID["nobody"])),
    "label-conflict-violation": lambda ds: ds.graph(claim_iri("000", "usfk")).add(
        (ID["usfk"], URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("USFK"))),
}


def test_every_check_has_a_corruption_test():
    assert {p.stem for p in CHECKS} == set(CORRUPTIONS)


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_each_check_passes_on_seed_data_and_fails_on_corruption(name, dataset, engine):
    query = load_queries(ROOT / "queries" / "checks")[name]
    assert engine.select(query.text).rows == []
    broken = _corrupt(dataset, CORRUPTIONS[name])
    assert broken.select(query.text).rows, f"{name} did not catch its corruption"
