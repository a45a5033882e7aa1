"""The export writers against a slow reference, and round trips of awkward terms.

The reference below formats and sorts term by term, the plain way. Turtle, TriG and N-Quads
must come out byte for byte as it writes them, so that making the writers faster never shows
up as a diff in committed exports."""

import json
import os
import random
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _quote_encode

from kgbuild import export, pipeline
from kgbuild.rdf.builder import PREFIXES
from kgbuild.rdf.vocab import GRAPH_PROVENANCE, ID, SMA
from kgbuild.scale import synth

from .conftest import ROOT
from .test_exports import _assert_same


def every_format(ds) -> dict[str, str]:
    return {fmt: export.serialize(ds, fmt) for fmt in export.FORMATS}

# --- the reference writer -----------------------------------------------------------------


class _RefTerms:
    def __init__(self, prefixes):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def iri(self, iri):
        text = str(iri)
        for prefix, ns in self.prefixes:
            if text.startswith(ns):
                local = text[len(ns):]
                if local and local[-1] != "." and local[0] not in "-." and all(
                        c.isalnum() or c in "_-" for c in local):
                    return f"{prefix}:{local}"
        return "<" + text.replace("\\", "\\u005C").replace(">", "\\u003E") + ">"

    def term(self, term):
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, BNode):
            return f"_:{term}"
        text = _quote_encode(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^{self.iri(term.datatype)}"
        return text


def _ref_key(term):
    return (0 if isinstance(term, URIRef) else 1, str(term),
            str(getattr(term, "datatype", "") or ""), getattr(term, "language", "") or "")


def _ref_graphs(ds):
    rank = {g: i for i, g in enumerate(export.SYSTEM_GRAPHS)}
    return sorted((g for g in ds.graphs() if len(g)),
                  key=lambda g: (rank.get(g.identifier, len(rank)), str(g.identifier)))


def _ref_block(triples, terms, indent):
    by_subject = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    lines = []
    for subject in sorted(by_subject, key=_ref_key):
        preds = by_subject[subject]
        parts = []
        for p in sorted(preds, key=lambda p: (p != RDF.type, _ref_key(p))):
            objects = " , ".join(terms.term(o) for o in sorted(preds[p], key=_ref_key))
            parts.append(f"{'a' if p == RDF.type else terms.iri(p)} {objects}")
        lines.append(f"{indent}{terms.term(subject)} " + f" ;\n{indent}    ".join(parts) + " .")
    return lines


def _ref_prefixes(prefixes):
    return [f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefixes.items())]


def ref_trig(ds):
    terms = _RefTerms(PREFIXES)
    out = [export.HEADER.rstrip("\n"), *_ref_prefixes(PREFIXES), ""]
    for graph in _ref_graphs(ds):
        out += [f"{terms.term(graph.identifier)} {{", *_ref_block(graph, terms, "    "), "}", ""]
    return "\n".join(out)


def ref_turtle(ds):
    prefixes = {**PREFIXES, "rdf": str(RDF)}
    terms = _RefTerms(prefixes)
    merged = {(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))}
    for graph in _ref_graphs(ds):
        if graph.identifier in export.SYSTEM_GRAPHS:
            continue
        claim = graph.identifier
        ordered = sorted(graph, key=lambda t: tuple(_ref_key(x) for x in t))
        for n, (s, p, o) in enumerate(ordered, start=1):
            node = URIRef(f"{claim}#triple-{n}")
            merged |= {(node, RDF.type, RDF.Statement), (node, RDF.subject, s),
                       (node, RDF.predicate, p), (node, RDF.object, o),
                       (node, SMA.assertedIn, claim)}
    out = [export.HEADER.rstrip("\n"),
           "# Claim graphs are kept as rdf:Statement nodes (sma:assertedIn).",
           *_ref_prefixes(prefixes), "", *_ref_block(merged, terms, "")]
    return "\n".join(out) + "\n"


def ref_nquads(ds):
    nt = _RefTerms({}).term
    lines = {f"{nt(s)} {nt(p)} {nt(o)} {nt(g.identifier)} ." for g in ds.graphs()
             for s, p, o in g}
    return export.HEADER + "\n".join(sorted(lines)) + "\n"


REFERENCE = {"turtle": ref_turtle, "trig": ref_trig, "nquads": ref_nquads}

# --- datasets -----------------------------------------------------------------------------

EX = "http://example.org/"
CLAIM = URIRef("https://w3id.org/sma-kg/claim/c1/awkward")
TRICKY_LITERALS = [
    Literal('He said "no" twice'),
    Literal("C:\\path\\to\\"),
    Literal("two\nlines\r\nand a\ttab"),
    Literal("방위비 분담금 협정 — ₩1.03 trillion 💴"),
    Literal("주한미군", lang="ko"),
    Literal("1.50", datatype=XSD.decimal),
    Literal("2019-02-10", datatype=XSD.date),
    Literal("explicitly a string", datatype=XSD.string),
    Literal("12.5", datatype=URIRef(str(SMA._NS) + "amount.usd")),
    Literal(""),
]
# Each of these fails Turtle's (and so our) rules for a prefixed name's local part.
AWKWARD_IRIS = [
    URIRef(str(ID) + "a/b"), URIRef(str(ID) + "x.y"), URIRef(str(ID) + "-lead"),
    URIRef(str(ID) + "ends."), URIRef(str(ID)), URIRef(str(ID) + "//double"),
    URIRef(str(ID) + "q?x=1&y=%20"), URIRef(EX + "elsewhere"),
    URIRef("urn:isbn:0451450523"), URIRef("mailto:someone@example.org"),
]


def tricky_dataset() -> Dataset:
    ds = Dataset()
    claim = ds.graph(CLAIM)
    subject = ID["tricky"]
    for n, lit in enumerate(TRICKY_LITERALS):
        claim.add((subject, SMA.status if n % 2 else URIRef(EX + "says"), lit))
    for iri in AWKWARD_IRIS:
        claim.add((iri, URIRef(EX + "p"), subject))
        claim.add((subject, URIRef(EX + "links"), iri))
    claim.add((subject, URIRef(EX + "links"), ID["é-accent"]))  # a valid prefixed name
    blank = BNode("b0")
    claim.add((subject, URIRef(EX + "via"), blank))
    claim.add((blank, RDF.type, URIRef(EX + "Thing")))
    claim.add((blank, RDF.type, Literal("a literal type")))
    claim.add((blank, RDF.type, BNode("b1")))
    claim.add((subject, RDF.type, SMA.Claim))
    prov = ds.graph(GRAPH_PROVENANCE)
    prov.add((CLAIM, SMA.factFile, Literal("graph/facts/c1.yaml:3")))
    prov.add((CLAIM, URIRef(EX + "p"), Literal("3", datatype=XSD.integer)))
    return ds


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "small"
    synth.generate(4, out, seed=3, template=ROOT)
    return pipeline.build(pipeline.Project(out))


@pytest.fixture(params=["curated", "synthetic", "tricky"])
def any_ds(request, dataset, synthetic):
    return {"curated": dataset, "synthetic": synthetic, "tricky": tricky_dataset()}[request.param]

# --- byte identity ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(REFERENCE))
def test_writers_match_the_reference_byte_for_byte(any_ds, fmt):
    assert export.serialize(any_ds, fmt) == REFERENCE[fmt](any_ds)


def test_unordered_nquads_hold_the_same_quads(any_ds):
    ordered = export.to_nquads(any_ds).splitlines()
    quads = [line for line in ordered if line and not line.startswith("#")]
    assert quads
    assert sorted(export.nquads_unordered(any_ds).splitlines()) == sorted(quads)


@pytest.mark.parametrize("labels", [("b", "b\tc"), ("b", "b c"), ("b", "b\x01")])
def test_nquads_order_when_one_term_prefixes_another(labels):
    # "_:b" sorts before "_:b\tc", but the line that has "_:b " sorts after.
    ds = Dataset()
    graph = ds.graph(CLAIM)
    for label in labels:
        graph.add((BNode(label), URIRef(EX + "p"), Literal(label)))
        graph.add((ID["x"], URIRef(EX + "p"), BNode(label)))
    assert export.to_nquads(ds) == ref_nquads(ds)


def test_empty_dataset():
    ds = Dataset()
    for fmt, ref in REFERENCE.items():
        assert export.serialize(ds, fmt) == ref(ds), fmt
    data = json.loads(export.to_jsonld(ds))
    assert data["@graph"] == []


def test_output_does_not_depend_on_insertion_order(synthetic):
    quads = sorted(((s, p, o, g.identifier) for g in synthetic.graphs() for s, p, o in g),
                   key=lambda q: tuple(_ref_key(t) for t in q))
    random.Random(5).shuffle(quads)
    shuffled = Dataset()
    for s, p, o, g in quads:
        shuffled.graph(g).add((s, p, o))
    assert every_format(shuffled) == every_format(synthetic)

# --- round trips --------------------------------------------------------------------------


def _plain(term):
    # RDF 1.1 has no untyped literal: xsd:string and no datatype are the same term.
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _by_graph(quads) -> dict:
    graphs: dict = defaultdict(Graph)
    for s, p, o, g in quads:
        graphs[g].add((_plain(s), p, _plain(o)))
    return dict(graphs)


def _rdflib_quads(ds: Dataset):
    return [(s, p, o, g.identifier) for g in ds.graphs() for s, p, o in g]


def _from_ox(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _ox_quads(text: str, fmt):
    return [(_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object),
             _from_ox(q.graph_name)) for q in ox.parse(text.encode(), format=fmt)]


def _assert_same_dataset(expected: dict, actual: dict, what: str):
    assert sorted(map(str, actual)) == sorted(map(str, expected)), what
    for g, graph in expected.items():
        _assert_same(graph, actual[g], f"{what}, graph {g}")


@pytest.mark.parametrize("fmt,rdflib_format,ox_format", [
    ("trig", "trig", ox.RdfFormat.TRIG),
    ("nquads", "nquads", ox.RdfFormat.N_QUADS),
    ("jsonld", "json-ld", ox.RdfFormat.JSON_LD),
])
def test_dataset_formats_parse_back_to_the_input(any_ds, fmt, rdflib_format, ox_format):
    text = export.serialize(any_ds, fmt)
    expected = _by_graph(_rdflib_quads(any_ds))
    parsed = Dataset()
    parsed.parse(data=text, format=rdflib_format)
    _assert_same_dataset(expected, _by_graph(_rdflib_quads(parsed)), f"{fmt} read by rdflib")
    _assert_same_dataset(expected, _by_graph(_ox_quads(text, ox_format)),
                         f"{fmt} read by pyoxigraph")


def test_turtle_parses_back_to_the_union_and_the_statements(any_ds):
    text = export.to_turtle(any_ds)
    expected = Graph()
    for triple in [*export.union(any_ds), *export.reified(any_ds)]:
        expected.add(tuple(map(_plain, triple)))
    for what, triples in [
        ("rdflib", Graph().parse(data=text, format="turtle")),
        ("pyoxigraph", [q[:3] for q in _ox_quads(text, ox.RdfFormat.TURTLE)]),
    ]:
        actual = Graph()
        for triple in triples:
            actual.add(tuple(map(_plain, triple)))
        _assert_same(expected, actual, f"turtle read by {what}")


def test_tricky_terms_are_in_every_format_unchanged():
    ds = tricky_dataset()
    texts = every_format(ds)
    parsed = Dataset()
    parsed.parse(data=texts["jsonld"], format="json-ld")
    objects = set(parsed.graph(CLAIM).objects())
    for lit in TRICKY_LITERALS:
        assert _plain(lit) in {_plain(o) for o in objects}, lit
    for iri in AWKWARD_IRIS:
        assert iri in objects, iri
        # Never a prefixed name: the full IRI, as JSON-LD and as Turtle.
        assert json.dumps(str(iri)) in texts["jsonld"]
        assert f"<{iri}>" in texts["turtle"] and f"<{iri}>" in texts["trig"]


RAPPER = shutil.which("rapper")


@pytest.mark.rapper
@pytest.mark.skipif(RAPPER is None, reason="Debian's rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("fmt,syntax", [("turtle", "turtle"), ("trig", "trig"),
                                        ("nquads", "nquads")])
def test_rapper_reads_the_tricky_terms(tmp_path, fmt, syntax):
    ds = tricky_dataset()
    path = tmp_path / export.FORMATS[fmt]
    path.write_text(export.serialize(ds, fmt), encoding="utf-8")
    done = subprocess.run([RAPPER, "-i", syntax, "-c", str(path)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    counted = int(done.stderr.strip().split()[-2])
    assert counted == (len(export.union(ds)) + len(export.reified(ds)) if fmt == "turtle"
                       else len(_rdflib_quads(ds)))

# --- JSON-LD specifics --------------------------------------------------------------------


def test_every_prefix_works_as_a_jsonld_prefix_in_both_parsers():
    # JSON-LD 1.1 expands "p:x" with a simple term only if its IRI ends in a gen-delim.
    ds = Dataset()
    graph = ds.graph(CLAIM)
    for ns in PREFIXES.values():
        graph.add((URIRef(ns + "s"), URIRef(ns + "p"), URIRef(ns + "o")))
    text = export.to_jsonld(ds)
    data = json.loads(text)
    assert data["@context"] == dict(sorted(PREFIXES.items()))
    written = {n["@id"] for n in data["@graph"][0]["@graph"]}
    assert written == {f"{prefix}:s" for prefix in PREFIXES}
    parsed = Dataset()
    parsed.parse(data=text, format="json-ld")
    expected = _by_graph(_rdflib_quads(ds))
    _assert_same_dataset(expected, _by_graph(_rdflib_quads(parsed)), "rdflib")
    _assert_same_dataset(expected, _by_graph(_ox_quads(text, ox.RdfFormat.JSON_LD)), "oxigraph")


@pytest.mark.parametrize("iri", ["sma:not-a-prefixed-name", "relative/iri", "_:looks-blank"])
def test_jsonld_refuses_iris_it_would_change(iri):
    ds = Dataset()
    ds.graph(CLAIM).add((ID["x"], URIRef(EX + "p"), URIRef(iri)))
    with pytest.raises(ValueError, match="JSON-LD cannot write"):
        export.to_jsonld(ds)


def test_jsonld_shape():
    data = json.loads(export.to_jsonld(tricky_dataset()))
    assert list(data) == ["@context", "@graph"]
    assert [g["@id"] for g in data["@graph"]] == ["graph:provenance", str(CLAIM)]
    nodes = {n["@id"]: n for n in data["@graph"][1]["@graph"]}
    tricky = nodes["id:tricky"]
    assert tricky["@type"] == ["sma:Claim"]
    assert {"@value": "1.50", "@type": "xsd:decimal"} in tricky["sma:status"]
    assert {"@value": "주한미군", "@language": "ko"} in tricky[EX + "says"]
    assert 'He said "no" twice' in tricky[EX + "says"]
    blank = nodes["_:b0"]
    assert blank["@type"] == [EX + "Thing"]
    assert blank[str(RDF.type)] == ["a literal type", {"@id": "_:b1"}]

# --- writing files ------------------------------------------------------------------------


def test_write_all_writes_what_each_writer_gives(synthetic, tmp_path):
    paths = export.write_all(synthetic, tmp_path)
    texts = every_format(synthetic)
    assert {fmt: p.name for fmt, p in paths.items()} == export.FORMATS
    for fmt, path in paths.items():
        assert path.read_bytes() == texts[fmt].encode("utf-8"), fmt
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(export.FORMATS.values())


def test_a_failing_format_leaves_the_old_exports(tmp_path, monkeypatch):
    ds = tricky_dataset()
    export.write_all(ds, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(prep):
        yield "{"
        raise RuntimeError("disk full")

    monkeypatch.setitem(export.RENDERERS, "jsonld", broken)
    ds.graph(CLAIM).add((ID["new"], URIRef(EX + "p"), Literal("new")))
    with pytest.raises(RuntimeError, match="disk full"):
        export.write_all(ds, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_write_all_creates_the_folder(tmp_path):
    out = tmp_path / "a" / "b"
    paths = export.write_all(tricky_dataset(), out)
    assert all(Path(p).is_file() for p in paths.values())


_HASH_SCRIPT = """
import hashlib
from kgbuild import export
from kgbuild import pipeline
from tests.conftest import ROOT
from tests.test_export_writers import every_format, tricky_dataset
for ds in (tricky_dataset(), pipeline.build(pipeline.Project(ROOT))):
    for fmt, text in every_format(ds).items():
        print(fmt, hashlib.sha256(text.encode()).hexdigest())
"""


def test_exports_are_byte_identical_across_hash_seeds():
    outputs = [subprocess.run([sys.executable, "-c", _HASH_SCRIPT], cwd=ROOT, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True,
                              text=True).stdout for seed in ("1", "2")]
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") == 2 * len(export.FORMATS)
