"""The benchmark: the pipeline's stages on synthetic graphs of given sizes, with figures.

Each size is measured in a fresh subprocess, so peak memory (the maximum resident set size
the kernel reports for that process) belongs to that size alone. Beside the pipeline, the
same subprocess times each stored query on the default engine, on pyoxigraph used directly
and on rdflib's engine; a second subprocess runs the naive baseline (rdflib dataset, the full
owlrl closure, rdflib's serialisers) under a time bound.

`python -m kgbuild.scale.bench child ROOT` and `... baseline ROOT` are the subprocesses' entry
points; they print one JSON object.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from kgbuild.export.forked import Elsewhere
from kgbuild.scale import synth

QUERY_REPEATS = 3
# rdflib's engine may run this many times as long as the default engine before it is stopped,
# so that a stopped run still proves the ratio the targets ask for (20x).
PROOF_RATIO = 25
DEFAULT_PARAMS = {"entity": "sma1", "source": "s000001"}


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class _Clock:
    def __init__(self):
        self.stages: list[dict] = []

    def run(self, name: str, action, *args):
        started, cpu = time.perf_counter(), time.process_time()
        result = action(*args)
        # A stage of the export process reports its own CPU seconds.
        elsewhere = isinstance(result, Elsewhere)
        self.stages.append({
            "stage": name, "seconds": time.perf_counter() - started,
            "cpu": result.cpu if elsewhere else time.process_time() - cpu,
            "peak_mb": peak_mb(), "second_process": elsewhere})
        return result


def floor(nquads: Path) -> list[dict]:
    """What the build is measured against: pyoxigraph parsing the build's own N-Quads and
    writing the four formats from what it parsed (Turtle from the triples alone), timed as
    the stages are."""
    import pyoxigraph as ox

    clock = _Clock()
    quads = clock.run("parse N-Quads", lambda: list(ox.parse(
        nquads.read_bytes(), format=ox.RdfFormat.N_QUADS)))
    with tempfile.TemporaryDirectory(prefix="kgfloor-") as scratch:
        for name, fmt in (("sma.ttl", ox.RdfFormat.TURTLE), ("sma.trig", ox.RdfFormat.TRIG),
                          ("sma.nq", ox.RdfFormat.N_QUADS), ("sma.jsonld", ox.RdfFormat.JSON_LD)):
            rdf = (q.triple for q in quads) if fmt == ox.RdfFormat.TURTLE else quads
            clock.run(f"write {name}", lambda r=rdf, n=name, f=fmt: ox.serialize(
                r, output=Path(scratch) / n, format=f))
    return clock.stages


class _Timeout(Exception):
    pass


def _bounded(seconds: float, action):
    """Run `action`, giving up after `seconds`: rdflib's engine is pure Python, so a timer
    signal interrupts it between bytecodes."""
    def alarm(_signum, _frame):
        raise _Timeout
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return action()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _median(action, repeats: int = QUERY_REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def child(root: Path, query_timeout: float, server: bool, queries: bool = True,
          one_process: bool = False) -> dict:
    """Every stage of `kgbuild build` (`--one-process` if `one_process`), timed, then the
    stored queries on three engines."""
    from kgbuild import cores, pipeline
    from kgbuild.inputs.sources import Source
    from kgbuild.scale import memory

    project = pipeline.Project(root)
    clock = _Clock()
    # Quote verification happens inside fact loading; its time is taken out of that stage
    # by timing the one method that does it.
    quote_seconds = [0.0, 0.0]  # wall, CPU
    original_locate = Source.locate

    def timed_locate(self, quote):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original_locate(self, quote)
        finally:
            quote_seconds[0] += time.perf_counter() - started
            quote_seconds[1] += time.process_time() - cpu

    out = Path(tempfile.mkdtemp(prefix="kgbench-"))
    Source.locate = timed_locate
    try:
        # What `kgbuild build` does, keeping the graph and engine for the queries.
        sampler = memory.Sampler() if memory.available() else None
        started, cpu, others = time.perf_counter(), time.process_time(), _children_cpu()
        with cores.one_process() if one_process else contextlib.nullcontext():
            done = pipeline.checked_and_exported(project, out, stage=clock.run)[0]
        # The forked reader and export processes are the only children reaped so far (the
        # sampler is reaped after).
        total = {"seconds": time.perf_counter() - started,
                 "cpu": time.process_time() - cpu + _children_cpu() - others,
                 "forked_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                 "together_mb": sampler.stop() if sampler else None,
                 "one_process": one_process}
        ds, engine = done.terms, done.engine
        del done
    finally:
        Source.locate = original_locate
    loading = next(s for s in clock.stages if s["stage"] == "load facts")
    loading["seconds"] -= quote_seconds[0]
    loading["cpu"] -= quote_seconds[1]
    clock.stages.insert(clock.stages.index(loading) + 1, {
        "stage": "verify quotes", "seconds": quote_seconds[0], "cpu": quote_seconds[1],
        "peak_mb": loading["peak_mb"], "second_process": False})
    build_peak = peak_mb()
    triples = len(ds)
    result = {"root": str(root), "triples": triples, "stages": clock.stages, "total": total,
              "peak_mb": build_peak, "floor": floor(out / "sma.nq")}

    result["query_timeout"] = query_timeout
    result["queries"] = _queries(project, ds, engine, query_timeout) if queries else None
    if server:
        from kgbuild.scale.storebench import server_loads

        result["server"] = server_loads(ds)
    return result


def _queries(project, ds, engine, query_timeout: float) -> list[dict]:
    """Each stored query's median time on the default engine, on pyoxigraph used directly and
    on rdflib's engine (under a bound)."""
    from kgbuild.query import engines
    from kgbuild.query.catalogue import bind, load_queries

    queries = []
    rdflib_engine = engines.engine(ds.to_dataset(), "rdflib")
    for name, query in sorted(load_queries(project.queries_dir).items()):
        text = bind(query, {p.name: DEFAULT_PARAMS[p.name] for p in query.params
                            if p.required})
        row = {"query": name, "rows": len(engine.select(text).rows),
               "default": _median(lambda t=text: engine.select(t)),
               # pyoxigraph itself, reading every value of every solution as a caller would.
               "direct": _median(lambda t=text: [tuple(s) for s in engine.store.query(t)])}
        row["rdflib_bound"] = max(query_timeout, PROOF_RATIO * row["default"])
        try:
            row["rdflib"] = _bounded(row["rdflib_bound"], lambda t=text: _median(
                lambda: rdflib_engine.select(t), 1))
        except _Timeout:
            row["rdflib"] = None  # slower than the bound: the ratio is at least bound/default
        queries.append(row)
    return queries


def baseline(root: Path) -> dict:
    """The naive pipeline: rdflib's in-memory dataset, owlrl's full closure, rdflib's own
    serialisers."""
    import owlrl
    from rdflib import Graph

    from kgbuild import pipeline
    from kgbuild.rdf.builder import build_dataset, load_ontology
    from kgbuild.rdf.vocab import GRAPH_INFERRED

    started = time.perf_counter()
    facts = pipeline.load(pipeline.Project(root))
    ds = build_dataset(facts, load_ontology(root))
    closure = Graph()
    for s, p, o, _g in ds.quads():
        closure.add((s, p, o))
    before = len(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    inferred = ds.graph(GRAPH_INFERRED)
    for triple in closure:
        inferred.add(triple)
    out = Path(tempfile.mkdtemp(prefix="kgbase-"))
    for fmt, name in (("trig", "sma.trig"), ("nquads", "sma.nq"), ("json-ld", "sma.jsonld")):
        ds.serialize(out / name, format=fmt)
    closure.serialize(out / "sma.ttl", format="turtle")
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
            "closure_added": len(closure) - before}


def _spawn(args: list[str], timeout: float | None) -> dict | None:
    command = [sys.executable, "-m", "kgbuild.scale.bench", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:1])} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        pass
    versions = {}
    for package in ("rdflib", "pyoxigraph", "owlrl", "pyshacl"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return {"cpus": os.cpu_count(), "model": model, "memory": memory,
            "python": platform.python_version(), "system": platform.platform(), **versions}


def run(sizes: list[int], *, template: Path, work: Path, baseline_timeout: float,
        query_timeout: float, server: bool, seed: int, echo,
        queries: bool = True, one_process: bool = False) -> list[dict]:
    results = []
    for size in sizes:
        agreements = synth.agreements_for(size)
        root = work / f"synth-{agreements}"
        started = time.perf_counter()
        summary = synth.generate(agreements, root, seed=seed, template=template)
        echo(f"size {size:,}: {agreements} agreements, {summary['sources']} sources, "
             f"{summary['claims']} claims generated in {time.perf_counter() - started:.1f} s")
        args = ["child", str(root), "--query-timeout", str(query_timeout)]
        args += ["--server"] if server else []
        args += ["--one-process"] if one_process else []
        measured = _spawn(args + ([] if queries else ["--no-queries"]), None)
        measured["size"] = size
        measured["claims"] = summary["claims"]
        measured["agreements"] = agreements
        build, low = _build_totals(measured), _totals(measured["floor"])
        echo(f"  pipeline {build[0]:.1f} s ({build[1]:.1f} s CPU), "
             f"{measured['triples']:,} triples, peak {measured['peak_mb']:.0f} MB; floor "
             f"{low[0]:.1f} s ({low[1]:.1f} s CPU): {build[0] / low[0]:.1f}x")
        base = None
        if baseline_timeout > 0:
            base = _spawn(["baseline", str(root)], baseline_timeout)
            echo("  baseline " + (f"{base['seconds']:.1f} s" if base else
                                  f"did not finish within {baseline_timeout:.0f} s"))
        measured["baseline"] = base
        measured["baseline_timeout"] = baseline_timeout
        results.append(measured)
    return results


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.1f}" if seconds < 100 else \
        f"{seconds:.0f}"


def _rate(triples: int, seconds: float) -> str:
    return f"{triples / seconds:,.0f}" if seconds > 0 else "—"


def _totals(stages: list[dict]) -> tuple[float, float]:
    return sum(s["seconds"] for s in stages), sum(s["cpu"] for s in stages)


def _build_totals(result: dict) -> tuple[float, float]:
    """The build's wall and CPU seconds from start to end: with stages side by side, less
    than the sum of the stages'."""
    return result["total"]["seconds"], result["total"]["cpu"]


def _stage_name(stage: dict) -> str:
    return stage["stage"] + (" (second process)" if stage["second_process"] else "")


def _stage_table(results: list[dict], key: str, title: str) -> list[str]:
    header = f"| {title} | " + " | ".join(
        f"{r['triples']:,} triples: s | CPU s | triples/s | peak MB" for r in results) + " |"
    lines = [header, "|---|" + "---:|---:|---:|---:|" * len(results)]
    for first in results[0][key]:
        cells = []
        for r in results:
            stage = next(s for s in r[key] if s["stage"] == first["stage"])
            cells += [_fmt_s(stage["seconds"]), _fmt_s(stage["cpu"]),
                      _rate(r["triples"], stage["seconds"]), f"{stage['peak_mb']:.0f}"]
        lines.append(f"| {_stage_name(first)} | " + " | ".join(cells) + " |")
    cells = []
    for r in results:
        wall, cpu = _build_totals(r) if key == "stages" else _totals(r[key])
        peak = max(s["peak_mb"] for s in r[key])
        cells += [f"**{_fmt_s(wall)}**", f"**{_fmt_s(cpu)}**", _rate(r["triples"], wall),
                  f"**{peak:.0f}**"]
    return [*lines, "| **total** | " + " | ".join(cells) + " |"]


def report(results: list[dict], info: dict) -> str:
    lines = ["### Machine", "",
             f"{info['cpus']} CPUs ({info['model']}), {info['memory']} RAM; "
             f"Python {info['python']}, rdflib {info['rdflib']}, pyoxigraph "
             f"{info['pyoxigraph']}, owlrl {info['owlrl']}, pySHACL {info['pyshacl']}; "
             f"{info['system']}", ""]
    lines += ["### Build, stage by stage", "",
              "Wall seconds, CPU seconds of the process, triples per second (triples in the "
              "final dataset over the stage's wall time) and the process's peak RSS so far, "
              "in MB. The exports run beside the checks: stages marked \"second process\" ran in "
              "the forked export process (CPU seconds its own; peak MB this process's). The "
              "total is the build's own, from start to end, not the sum of its stages; its "
              "CPU seconds include the forked processes'. Source and fact files are read by two "
              "processes (`kgbuild/inputs/parallel.py`): \"verify quotes\" is the quotes "
              "checked in this one, taken out of \"load facts\"; the reader process checks "
              "the rest within \"load facts\".", ""]
    if any(r["total"]["one_process"] for r in results):
        lines += ["Built in one process (`--one-process`): no forked reader or export process.",
                  ""]
    lines += _stage_table(results, "stages", "stage")
    lines += _process_peaks(results)
    lines += ["", "### Against the floor", "",
              "pyoxigraph parsing the build's own N-Quads and writing the four formats, in the "
              "same process right after the build; the ratio is the build's total over the "
              "floor's.", ""]
    lines += _stage_table(results, "floor", "floor")
    lines += ["", "| triples | build s | floor s | build / floor | build CPU s | floor CPU s | "
              "build / floor (CPU) |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        build, low = _build_totals(r), _totals(r["floor"])
        lines.append(f"| {r['triples']:,} | {_fmt_s(build[0])} | {_fmt_s(low[0])} | "
                     f"{build[0] / low[0]:.1f}× | {_fmt_s(build[1])} | {_fmt_s(low[1])} | "
                     f"{build[1] / low[1]:.1f}× |")
    lines += ["", "### Against the naive baseline", "",
              "Baseline: rdflib in-memory dataset, owlrl's full OWL 2 RL closure, rdflib's "
              "serialisers (same facts, same size).", "",
              "| triples | agreements | claims | kgbuild s | peak MB | baseline s | baseline "
              "peak MB | speed-up |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        total = _build_totals(r)[0]
        base = r.get("baseline")
        if base:
            cells = [_fmt_s(base["seconds"]), f"{base['peak_mb']:.0f}",
                     f"{base['seconds'] / total:.1f}×"]
        elif r.get("baseline_timeout"):
            cells = [f"> {r['baseline_timeout']:.0f} (stopped)", "—",
                     f"> {r['baseline_timeout'] / total:.1f}×"]
        else:
            cells = ["not run", "—", "—"]
        lines.append(f"| {r['triples']:,} | {r['agreements']} | {r['claims']:,} | "
                     f"{_fmt_s(total)} | {r['peak_mb']:.0f} | " + " | ".join(cells) + " |")
    if any(r.get("queries") is None for r in results):
        lines += ["", "### Stored queries", "", "Not measured in this run (--no-queries)."]
    else:
        lines += _query_lines(results)
    from kgbuild.scale.storebench import server_lines

    lines += server_lines(results)
    return "\n".join(lines) + "\n"


def _process_peaks(results: list[dict]) -> list[str]:
    """Each process's own peak, and what they held together: the forked ones (reader,
    export) share their pages with this one until either writes, so the sum of the peaks
    overstates it; the sampled proportional set sizes do not."""
    lines = ["", "| triples | this process: peak MB | forked processes: largest peak MB | "
             "all together: largest sum of Pss, MB |", "|---:|---:|---:|---:|"]
    for r in results:
        total = r["total"]
        together = total.get("together_mb")
        lines.append(f"| {r['triples']:,} | {r['peak_mb']:.0f} | {total['forked_peak_mb']:.0f} | "
                     + (f"{together:.0f}" if together is not None else "not measured here")
                     + " |")
    return lines


def _query_lines(results: list[dict]) -> list[str]:
    lines = ["", "### Stored queries", "",
              "Median of 3 runs, in milliseconds: the default engine (pyoxigraph in memory, "
              "rows as text), pyoxigraph used directly (every value of every solution read), "
              "and rdflib's SPARQL engine (one run; — where it exceeded the bound).", ""]
    header = "| query | " + " | ".join(
        f"{r['triples']:,}: default | direct | default/direct | rdflib | rdflib/default"
        for r in results) + " |"
    lines += [header, "|---|" + "---:|---:|---:|---:|---:|" * len(results)]
    for i, row in enumerate(results[0]["queries"]):
        cells = []
        for r in results:
            q = r["queries"][i]
            rd, default = q["rdflib"], max(q["default"], 1e-9)
            bound = q["rdflib_bound"]
            cells += [f"{q['default'] * 1000:.1f}", f"{q['direct'] * 1000:.1f}",
                      f"{q['default'] / max(q['direct'], 1e-9):.2f}×",
                      f"> {bound * 1000:.0f}" if rd is None else f"{rd * 1000:.0f}",
                      f"> {bound / default:.0f}×" if rd is None else f"{rd / default:.0f}×"]
        lines.append(f"| `{row['query']}` | " + " | ".join(cells) + " |")
    lines += ["", f"rdflib's engine was stopped once it had run {PROOF_RATIO} times as long as "
              "the default engine (and at least the --query-timeout); where it was, its time "
              "and ratio are given as lower bounds."]
    return lines


def main(argv: list[str]) -> int:
    kind, root = argv[0], Path(argv[1])
    if kind == "child":
        timeout = float(argv[argv.index("--query-timeout") + 1])
        result = child(root, timeout, "--server" in argv, "--no-queries" not in argv,
                       "--one-process" in argv)
    elif kind == "baseline":
        result = baseline(root)
    else:
        raise SystemExit(f"unknown entry point {kind!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
