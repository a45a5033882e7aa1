"""Synthetic projects, the fast reasoning path and the scale commands (no timing here: the
benchmark measures time)."""

import filecmp
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, Graph, Literal, URIRef

from kgbuild import pipeline
from kgbuild.cli.main import main
from kgbuild.cli.scale import COMMANDS
from kgbuild.query.catalogue import bind, load_queries
from kgbuild.rdf import reasoning
from kgbuild.rdf.builder import load_ontology
from kgbuild.rdf.vocab import GRAPH_ONTOLOGY, SMA
from kgbuild.scale import synth

# The benchmark's build forks its export process where it has a second CPU.
SEVERAL_CPUS = len(os.sched_getaffinity(0)) > 1

ROOT = Path(__file__).resolve().parent.parent
for _command in COMMANDS:
    if _command.name not in main.commands:
        main.add_command(_command)


def _files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "small"
    synth.generate(4, out, seed=3, template=ROOT)
    return pipeline.Project(out)


@pytest.fixture(scope="module")
def ten_k(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "ten-k"
    synth.generate(synth.agreements_for(10_000), out, seed=0, template=ROOT)
    return pipeline.Project(out)


def test_synth_is_reproducible(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synth.generate(3, first, seed=7, template=ROOT)
    synth.generate(3, second, seed=7, template=ROOT)
    synth.generate(3, other, seed=8, template=ROOT)
    names = _files(first)
    assert names == _files(second)
    assert len([n for n in names if n.parts[:2] == ("graph", "facts")]) > 10
    match, mismatch, errors = filecmp.cmpfiles(first, second, [str(n) for n in names],
                                               shallow=False)
    assert not mismatch and not errors
    graph = [str(n) for n in names if n.parts[0] == "graph"]
    assert filecmp.cmpfiles(first, other, graph, shallow=False)[1]


def test_synth_size_estimate_is_close(small):
    ds = pipeline.build(small)
    estimate = synth.estimate_triples(4)
    assert 0.6 * estimate < len(ds) < 1.4 * estimate


def test_synthetic_project_passes_the_checks(small):
    ds = pipeline.check(small)
    assert len(ds) > 3000


def test_synthetic_project_checks_via_cli(small):
    result = CliRunner().invoke(main, ["--root", str(small.root), "check"])
    assert result.exit_code == 0, result.output


def test_every_stored_query_answers_on_synthetic_data(small):
    ds = pipeline.build(small)
    from kgbuild.query import engines

    engine = engines.engine(ds)
    stored = load_queries(small.queries_dir)
    assert len(stored) >= 17
    empty = []
    for name, query in stored.items():
        params = {p.name: {"entity": "sma2", "source": "s000001"}[p.name]
                  for p in query.params if p.required}
        if not engine.select(bind(query, params)).rows:
            empty.append(name)
    assert empty == []


def test_synthetic_sources_disagree_somewhere(small):
    ds = pipeline.build(small)
    from kgbuild.query import engines

    stored = load_queries(small.queries_dir)
    rows = engines.engine(ds).select(bind(stored["source-disagreements"], {})).rows
    assert rows


def _substantive(ds, inferred) -> set:
    """owlrl's inferences less what it copies through literal `owl:sameAs`: it reads two
    values of a functional datatype property as equal literals (prp-fp) and then hands each
    value to every other subject that has the other (eq-rep-o), which OWL semantics does not
    allow (two distinct data values are a contradiction, not an identity)."""
    functional = set(ds.graph(URIRef("https://w3id.org/sma-kg/graph/ontology")).subjects(
        RDF.type, OWL.FunctionalProperty))
    return {t for t in inferred if not (isinstance(t[2], Literal) and t[1] in functional)}


@pytest.mark.parametrize("which", ["seed", "ten_k"])
def test_fast_reasoning_equals_owlrl(which, request, project):
    chosen = project if which == "seed" else request.getfixturevalue("ten_k")
    ds = pipeline.build(chosen, reason=False)
    if which == "ten_k":
        assert 8_000 < len(ds) < 14_000
    reference = set(reasoning.infer_owlrl(ds))
    fast = set(reasoning.infer_fast(ds))
    assert len(reference) > 100
    assert _substantive(ds, reference) == _substantive(ds, fast)
    # The fast path derives no value of a functional datatype property at all.
    assert _substantive(ds, fast) == fast
    if which == "seed":
        assert reference == fast
    # The build reasons over its own light dataset: the same inferences.
    assert reasoning.infer_fast(pipeline.build_quads(chosen, reason=False)[1]) == fast


def test_fast_reasoning_covers_every_axiom_kind(project):
    ds = pipeline.build(project, reason=False)
    inferred = set(reasoning.infer_fast(ds))
    predicates = {p for _, p, _ in inferred}
    assert {SMA.hasRound, SMA.ledRound, SMA.negotiatedFor, SMA.counterpart,
            RDF.type} <= predicates


def test_unsupported_axiom_falls_back_to_owlrl(project):
    ontology = Graph()
    for triple in load_ontology(project.root):
        ontology.add(triple)
    ontology.add((SMA.Round, OWL.someValuesFrom, SMA.Agreement))
    with pytest.raises(reasoning.Unsupported):
        reasoning.Rules(ontology)


def test_two_entities_for_one_functional_property_fall_back(project):
    ds = pipeline.build(project, reason=False)
    graph = ds.graph(URIRef("https://w3id.org/sma-kg/claim/test/extra"))
    # The ontology makes no object property of the data functional (tests/test_single_valued.py);
    # an ontology that does, with two values in the data, is owlrl's to reason over.
    ds.graph(GRAPH_ONTOLOGY).add((SMA.ofAgreement, RDF.type, OWL.FunctionalProperty))
    round_ = URIRef("https://w3id.org/sma-kg/id/sma12-round4")
    graph.add((round_, SMA.ofAgreement, URIRef("https://w3id.org/sma-kg/id/sma11")))
    with pytest.raises(reasoning.Unsupported):
        reasoning.infer_fast(ds)
    assert set(reasoning.infer(ds)) == set(reasoning.infer_owlrl(ds))


def test_synth_command(tmp_path):
    out = tmp_path / "p"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "synth", "--agreements", "2",
                                       "--out", str(out), "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "ontology" / "sma.ttl").is_file()
    assert list((out / "graph" / "facts").glob("*.yaml"))
    refused = CliRunner().invoke(main, ["--root", str(ROOT), "synth", "-n", "1", "-o",
                                        str(ROOT)])
    assert refused.exit_code == 2


def test_bench_command_prints_a_table(tmp_path):
    report = tmp_path / "bench.md"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "bench", "--sizes", "2k",
                                       "--baseline-timeout", "120", "--query-timeout", "0.5",
                                       "--work", str(tmp_path / "work"), "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text()
    for needle in ("| load facts |", "| verify quotes |", "| reason |",
                   "| export sma.nq (second process) |" if SEVERAL_CPUS else "| export sma.nq |",
                   "| validate: SHACL |", "| **total** |", "speed-up", "`round-timeline`",
                   "default/direct", "CPUs", "| number terms |", "| parse N-Quads |",
                   "| write sma.ttl |", "| write sma.jsonld |", "build / floor"):
        assert needle in text
    figures = json.loads(report.with_suffix(".json").read_text())[0]
    assert [s["stage"] for s in figures["floor"]] == [
        "parse N-Quads", "write sma.ttl", "write sma.trig", "write sma.nq", "write sma.jsonld"]
    assert all(s["seconds"] > 0 and s["cpu"] >= 0 for s in figures["stages"] + figures["floor"])
    ratio = re.search(rf"\| {figures['triples']:,} \| [\d.]+ \| [\d.]+ \| ([\d.]+)×", text)
    # The exports ran beside the checks: the build took less than its stages added up.
    build = figures["total"]["seconds"]
    assert build < sum(s["seconds"] for s in figures["stages"])
    assert figures["total"]["forked_peak_mb"] > 0
    low = sum(s["seconds"] for s in figures["floor"])
    assert ratio and float(ratio[1]) == pytest.approx(build / low, abs=0.06)


def test_bench_without_queries_times_the_build_alone(tmp_path):
    report = tmp_path / "bench.md"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "bench", "--sizes", "2k",
                                       "--baseline-timeout", "0", "--no-queries",
                                       "--work", str(tmp_path / "work"), "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text()
    assert "Not measured in this run (--no-queries)." in text and "`round-timeline`" not in text
    assert "| **total** |" in text and "build / floor" in text
    figures = json.loads(report.with_suffix(".json").read_text())[0]
    assert figures["queries"] is None
    # Sampled from outside: at least the build's own process, as it was when it ended.
    assert figures["total"]["together_mb"] >= 30


def test_bench_in_one_process_forks_nothing(tmp_path):
    report = tmp_path / "bench.md"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "bench", "--sizes", "2k",
                                       "--baseline-timeout", "0", "--no-queries",
                                       "--one-process", "--work", str(tmp_path / "work"),
                                       "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text()
    assert "Built in one process (`--one-process`)" in text
    assert "(second process)" not in text and "| export sma.nq |" in text
    stages = json.loads(report.with_suffix(".json").read_text())[0]["stages"]
    names = [s["stage"] for s in stages]
    assert names.index("validate: checks") < names.index("export: read the graph once")


def test_the_memory_sampler_counts_a_child_once_it_holds_its_own_pages():
    from kgbuild.scale import memory

    if not memory.available():
        pytest.skip("no /proc/PID/smaps_rollup here")
    ballast = bytearray(64 * 2**20)  # shared with the child until the child writes it
    alone = memory.together_kb(os.getpid(), leave_out=-1)
    # One pipe each way: the child says when its pages are copied, the parent when it has
    # measured (on one pipe, the child could read back its own word).
    ready_read, ready_write = os.pipe()
    done_read, done_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_read)
        os.close(done_write)
        for at in range(0, len(ballast), 4096):
            ballast[at] = 1  # every page copied: now the child's own
        os.write(ready_write, b"x")
        os.read(done_read, 1)
        os._exit(0)
    os.close(ready_write)  # each side keeps only its own ends: a dead child reads as the end
    os.close(done_read)
    try:
        assert os.read(ready_read, 1) == b"x"
        with_child = memory.together_kb(os.getpid(), leave_out=-1)
    finally:
        os.write(done_write, b"x")
        os.waitpid(pid, 0)
        os.close(ready_read)
        os.close(done_write)
    # The child's private copy of the 64 MB adds about 64 MB to what they hold together.
    assert with_child - alone > 50 * 1024


def test_bench_sizes_parse():
    from kgbuild.scale.bench import parse_size

    assert [parse_size(s) for s in ("10k", "100K", "1m", "2500")] == [10_000, 100_000,
                                                                      1_000_000, 2500]
