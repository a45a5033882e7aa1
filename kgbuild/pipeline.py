"""The data's one-way path: sources -> facts -> RDF -> reasoning -> checks -> exports."""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from kgbuild import cores, export
from kgbuild.errors import CheckFailed, InputError
from kgbuild.export.terms import Terms
from kgbuild.inputs.facts import Facts, fact_files, load_facts
from kgbuild.inputs.sources import load_sources, metadata_files
from kgbuild.progress import sized
from kgbuild.query import engines
from kgbuild.query.catalogue import StoredQuery, load_queries
from kgbuild.query.results import Result, table
from kgbuild.rdf import builder
from kgbuild.rdf.builder import load_ontology
from kgbuild.rdf.quadset import QuadSet
from kgbuild.rdf.reasoning import add_inferred
from kgbuild.shacl.validate import load_shapes, validate
from kgbuild.stages import Stage, untimed


@dataclass
class Project:
    root: Path

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.root / "queries" / "checks"

    @property
    def dist(self) -> Path:
        return self.root / "graph" / "dist"


def find_project(root: Path | None = None) -> Project:
    root = (root or Path.cwd()).resolve()
    for candidate in (root, *root.parents):
        if (candidate / "graph" / "facts").is_dir() and (candidate / "ontology").is_dir():
            return Project(candidate)
    raise InputError("not inside an SMA graph project (no graph/facts and ontology/ here or "
                     "above)", file=str(root), hint="run from the repository, or pass --root")


def load(project: Project, step: Callable[[int], None] | None = None) -> Facts:
    """The sources and facts, checked; `step(1)` after each file read."""
    return load_facts(project.root, load_sources(project.root, step), step)


def input_files(project: Project) -> int:
    """How many files `load` reads: the size of its progress bar."""
    return len(metadata_files(project.root)) + len(fact_files(project.root))


@contextmanager
def no_cycle_collection():
    """The build allocates millions of tuples that live to its end; Python's cycle collector
    would rescan them all again and again (a third of the time at a million triples). Nothing
    the build makes is garbage in a cycle, so collection waits until it is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_quads(project: Project, *, reason: bool = True,
                stage: Stage = untimed) -> tuple[Facts, QuadSet]:
    """Validated facts as RDF (plain sets of triples per named graph), with the OWL 2 RL
    inferences in their own graph. `stage(name, action)` runs each step; the benchmark
    passes one that times them."""
    with no_cycle_collection():
        facts = sized(stage, "load facts", input_files(project), lambda step: load(project, step))
        quads = stage("build RDF", lambda: builder.build_quads(facts,
                                                                load_ontology(project.root)))
        if reason:
            stage("reason", lambda: add_inferred(quads))
    return facts, quads


def build_with_facts(project: Project, *, reason: bool = True) -> tuple[Facts, Dataset]:
    facts, quads = build_quads(project, reason=reason)
    return facts, quads.to_dataset()


def build(project: Project, *, reason: bool = True) -> Dataset:
    """Validated facts as an rdflib Dataset, with the OWL 2 RL inferences in their own
    graph (for rdflib's API; the build itself keeps the lighter QuadSet)."""
    return build_with_facts(project, reason=reason)[1]


def run_checks(project: Project, engine) -> list[tuple[StoredQuery, Result]]:
    """Each violation query with the rows it returned (a passing check returns none)."""
    return [(query, engine.select(query.text))
            for query in load_queries(project.checks_dir).values()]


def check(project: Project, *, stage: Stage = untimed) -> Terms:
    """Build, then run the SHACL shapes and every violation query; raise one report. The
    graph comes back with its terms numbered (`graphs()`, `quads()`, `len`, `to_dataset()`
    as on the build's QuadSet)."""
    return checked(project, stage=stage).terms


def check_with_engine(project: Project, *,
                      stage: Stage = untimed) -> tuple[Terms, engines.OxigraphEngine]:
    """As `check`, also handing back the embedded engine the checks ran on, so that callers
    which go on to query do not load the graph into a second one."""
    done = checked(project, stage=stage)
    return done.terms, done.engine


@dataclass
class Checked:
    """A checked build: its graph, with the terms numbered once (for the exports), and the
    embedded engine the checks ran on."""

    terms: Terms
    engine: engines.OxigraphEngine


def checked(project: Project, *, stage: Stage = untimed) -> Checked:
    """Build, load the embedded engine, run the SHACL shapes and every violation query."""
    with no_cycle_collection():
        facts, terms = _numbered_build(project, stage)
        return _validated(project, facts, terms, stage)


def _numbered_build(project: Project, stage: Stage) -> tuple[Facts, Terms]:
    facts, quads = build_quads(project, stage=stage)
    # The N-Triples forms are made here, once, for the engine and the exports alike.
    terms = stage("number terms", lambda q=quads: Terms(q).with_nt())
    # The numbered terms answer everything the sets of triples did, in less memory, by the
    # time the engine takes its share.
    del quads
    return facts, terms


def _validated(project: Project, facts: Facts, terms: Terms, stage: Stage) -> Checked:
    engine = sized(stage, "load engine", len(terms),
                   lambda step: engines.engine(terms, step=step))
    problems = stage("validate: SHACL", lambda: validate(
        terms, facts, load_shapes(project.root), store=engine.store))
    failures = stage("validate: checks", lambda: [
        (q, r) for q, r in run_checks(project, engine) if r.rows])
    if problems or failures:
        lines = [f"check failed: {len(problems)} shape violation(s), {len(failures)} violation "
                 "query(ies) with rows"]
        lines += [str(p) for p in problems]
        lines += [f"{q.path.relative_to(project.root)}: {q.summary}\n{table(r)}"
                  for q, r in failures]
        raise CheckFailed("\n".join(lines))
    return Checked(terms, engine)


def build_and_export(project: Project, out_dir: Path, *,
                     stage: Stage = untimed) -> dict[str, Path]:
    return checked_and_exported(project, out_dir, stage=stage)[1]


def checked_and_exported(project: Project, out_dir: Path, *,
                         stage: Stage = untimed) -> tuple[Checked, dict[str, Path]]:
    """Build, check and export. Where a second process can be forked (`cores`), it writes
    the exports while this one runs the checks (`export/forked.py`): both halves are mostly
    Python, which one process runs one thread at a time. The exports are written into a new
    generation that is switched into place only once the checks have passed; a failed check
    leaves the previous exports as they were. Otherwise the checks run first, then the
    exports, as one process holds the least memory that way."""
    with no_cycle_collection():
        facts, terms = _numbered_build(project, stage)
        if cores.can_fork():
            return export.write_all_beside(
                terms, out_dir, lambda: _validated(project, facts, terms, stage), stage=stage)
        done = _validated(project, facts, terms, stage)
        return done, export.write_all(terms, out_dir, stage=stage)
