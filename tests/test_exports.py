"""Exports: each parses back to the same graph, with rdflib and with independent parsers."""

import json
import os
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kgbuild import export
from kgbuild.rdf.vocab import SMA

from .conftest import ROOT


@pytest.fixture(scope="module")
def texts(dataset):
    return {fmt: export.serialize(dataset, fmt) for fmt in export.FORMATS}


def _assert_same(expected: Graph, actual: Graph, what: str):
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        raise AssertionError(f"{what} differs:\nonly in the build:\n"
                             f"{only_expected.serialize(format='nt')[:2000]}\nonly in the "
                             f"export:\n{only_actual.serialize(format='nt')[:2000]}")


def _quads(ds: Dataset) -> set:
    return {(s, p, o, g.identifier) for g in ds.graphs() for s, p, o in g}


@pytest.mark.parametrize("fmt,rdflib_format", [("trig", "trig"), ("nquads", "nquads"),
                                               ("jsonld", "json-ld")])
def test_dataset_formats_round_trip(dataset, texts, fmt, rdflib_format):
    parsed = Dataset()
    parsed.parse(data=texts[fmt], format=rdflib_format)
    assert len(_quads(parsed)) == len(_quads(dataset))
    for graph in dataset.graphs():
        if len(graph):
            _assert_same(graph, parsed.graph(graph.identifier), f"{fmt} graph {graph.identifier}")


def test_turtle_holds_every_triple_and_each_claims_statements(dataset, texts):
    parsed = Graph().parse(data=texts["turtle"], format="turtle")
    expected = export.union(dataset)
    for triple in export.reified(dataset):
        expected.add(triple)
    _assert_same(expected, parsed, "turtle")
    statements = set(parsed.subjects(SMA.assertedIn, None))
    claim_triples = sum(len(g) for g in dataset.graphs()
                        if g.identifier not in export.SYSTEM_GRAPHS)
    assert len(statements) == claim_triples


@pytest.mark.parametrize("fmt,ox_format", [("trig", ox.RdfFormat.TRIG),
                                           ("nquads", ox.RdfFormat.N_QUADS),
                                           ("turtle", ox.RdfFormat.TURTLE),
                                           ("jsonld", ox.RdfFormat.JSON_LD)])
def test_oxigraph_parses_every_export(dataset, texts, fmt, ox_format):
    quads = list(ox.parse(texts[fmt].encode(), format=ox_format))
    if fmt == "turtle":
        assert len(quads) >= len(export.union(dataset))
    else:
        assert len(quads) == len(_quads(dataset))


RAPPER = shutil.which("rapper")


@pytest.mark.rapper
@pytest.mark.skipif(RAPPER is None and not os.environ.get("CI"),
                    reason="Debian's rapper (raptor2-utils) is not installed; .ci/run installs it")
@pytest.mark.parametrize("fmt,syntax", [("turtle", "turtle"), ("trig", "trig"),
                                        ("nquads", "nquads")])
def test_rapper_parses_exports(dataset, texts, tmp_path, fmt, syntax):
    assert RAPPER, "rapper must be installed in CI (raptor2-utils)"
    path = tmp_path / export.FORMATS[fmt]
    path.write_text(texts[fmt], encoding="utf-8")
    done = subprocess.run([RAPPER, "-i", syntax, "-c", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    counted = int(done.stderr.strip().split()[-2])
    expected = len(export.union(dataset)) if fmt == "turtle" else len(_quads(dataset))
    assert counted >= expected


def _expander(context: dict):
    def expand(text: str):
        if text.startswith("_:"):
            return BNode(text[2:])
        prefix, _, local = text.partition(":")
        if prefix in context and not local.startswith("//"):
            return URIRef(context[prefix] + local)
        return URIRef(text)

    return expand


def _value(value, expand):
    if isinstance(value, str):
        return Literal(value)
    if "@id" in value:
        return expand(value["@id"])
    if "@language" in value:
        return Literal(value["@value"], lang=value["@language"])
    return Literal(value["@value"], datatype=expand(value["@type"]))


def _term_key(term) -> tuple:
    # IRIs by their text, then blank nodes and literals by text, datatype and language.
    return (not isinstance(term, URIRef), str(term), str(getattr(term, "datatype", "") or ""),
            getattr(term, "language", "") or "")


def _increasing(items, key) -> bool:
    keys = [key(i) for i in items]
    return all(a < b for a, b in zip(keys, keys[1:], strict=False))


def test_jsonld_is_canonically_ordered(dataset, texts):
    """Graphs as in the TriG (system graphs first, then by name); in each, subjects in term
    order; in each node, @id, @type, then the predicates (rdf:type first) and their values in
    term order."""
    data = json.loads(texts["jsonld"])
    assert list(data) == ["@context", "@graph"]
    context = data["@context"]
    assert list(context) == sorted(context) and context["sma"] == str(SMA._NS)
    expand = _expander(context)
    names = [expand(g["@id"]) for g in data["@graph"]]
    system = [g for g in export.SYSTEM_GRAPHS if len(dataset.graph(g))]
    assert names[:len(system)] == system
    assert _increasing(names[len(system):], str)
    assert len(names) == sum(1 for g in dataset.graphs() if len(g))
    for graph in data["@graph"]:
        assert list(graph) == ["@id", "@graph"]
        nodes = graph["@graph"]
        assert _increasing([expand(n["@id"]) for n in nodes], _term_key)
        for node in nodes:
            keys = list(node)
            props = [k for k in keys if not k.startswith("@")]
            assert keys == ["@id", *(["@type"] if "@type" in node else []), *props]
            assert _increasing([expand(k) for k in props], lambda p: (p != RDF.type, str(p)))
            assert _increasing([expand(t) for t in node.get("@type", [])], _term_key)
            for prop in props:
                assert _increasing([_value(v, expand) for v in node[prop]], _term_key)


def test_builds_are_byte_identical_across_processes(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "kgbuild", "--root", str(ROOT), "build",
                               "-o", str(out)], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0].keys() == set(export.FORMATS.values())
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name


def test_exports_carry_the_generated_header(texts):
    for fmt in ("turtle", "trig", "nquads"):
        assert texts[fmt].startswith("# Generated by kgbuild")
