import os
import shutil
from pathlib import Path

import pytest

from kgbuild import pipeline
from kgbuild.query import engines
from kgbuild.query.catalogue import bind, load_queries

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project():
    return pipeline.Project(ROOT)


@pytest.fixture(scope="session")
def dataset(project):
    return pipeline.build(project)


@pytest.fixture(scope="session")
def stored(project):
    return load_queries(project.queries_dir)


@pytest.fixture(scope="session")
def engine(dataset):
    return engines.engine(dataset)


@pytest.fixture(scope="session")
def run(engine, stored):
    """Run a stored query on the seed graph with the default engine; rows as dicts."""

    def _run(name, **params):
        result = engine.select(bind(stored[name], params))
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    return _run


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file of a test's copy of the project with `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def workspace(tmp_path):
    """A writable copy of the project's inputs, for tests that break them."""
    for part in ("graph/sources", "graph/facts", "ontology", "queries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


@pytest.fixture
def fork_allowed(monkeypatch):
    """Forking allowed whatever threads earlier tests left behind (idle servers' threads,
    which hold no lock a forked child could need); skipped where there is one CPU."""
    from kgbuild import cores

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one CPU here: the build does not fork")
    monkeypatch.setattr(cores, "_alone", lambda: True)


@pytest.fixture
def forks(monkeypatch):
    """The pids of the processes forked while the test runs."""
    pids = []
    real = os.fork

    def counted():
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return pids
