"""The data's one-way path: sources -> facts -> RDF -> reasoning -> checks -> exports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from . import export, local
from .errors import CheckFailed, InputError
from .facts import Facts, load_facts
from .queries import StoredQuery, load_queries
from .rdfbuild import build_dataset, load_ontology
from .reasoning import add_inferred
from .results import Result, table
from .sources import load_sources
from .validate import load_shapes, validate


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


def load(project: Project) -> Facts:
    return load_facts(project.root, load_sources(project.root))


def build_with_facts(project: Project, *, reason: bool = True) -> tuple[Facts, Dataset]:
    facts = load(project)
    ds = build_dataset(facts, load_ontology(project.root))
    if reason:
        add_inferred(ds)
    return facts, ds


def build(project: Project, *, reason: bool = True) -> Dataset:
    """Validated facts as an RDF dataset, with the OWL 2 RL inferences in their own graph."""
    return build_with_facts(project, reason=reason)[1]


def run_checks(project: Project, engine) -> list[tuple[StoredQuery, Result]]:
    """Each violation query with the rows it returned (a passing check returns none)."""
    return [(query, engine.select(query.text))
            for query in load_queries(project.checks_dir).values()]


def check(project: Project) -> Dataset:
    """Build, then run the SHACL shapes and every violation query; raise one report."""
    return check_with_engine(project)[0]


def check_with_engine(project: Project) -> tuple[Dataset, local.OxigraphEngine]:
    """As `check`, also handing back the embedded engine the checks ran on, so that callers
    which go on to query do not load the graph into a second one."""
    facts, ds = build_with_facts(project)
    problems = validate(ds, facts, load_shapes(project.root))
    engine = local.engine(ds)
    failures = [(q, r) for q, r in run_checks(project, engine) if r.rows]
    if problems or failures:
        lines = [f"check failed: {len(problems)} shape violation(s), {len(failures)} violation "
                 "query(ies) with rows"]
        lines += [str(p) for p in problems]
        lines += [f"{q.path.relative_to(project.root)}: {q.summary}\n{table(r)}"
                  for q, r in failures]
        raise CheckFailed("\n".join(lines))
    return ds, engine


def build_and_export(project: Project, out_dir: Path) -> dict[str, Path]:
    ds = check(project)
    return export.write_all(ds, out_dir)
