"""Input files read on two cores give what one process gives: the same sources and claims,
and for bad files the same errors, in the same order."""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time

import pytest
from click.testing import CliRunner

from kgbuild import pipeline
from kgbuild.cli.main import main
from kgbuild.inputs import parallel
from kgbuild.scale import synth
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("fork_allowed")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    out = tmp_path_factory.mktemp("parallel")
    synth.generate(3, out, seed=5, template=ROOT)
    return out


def load(root):
    return pipeline.load(pipeline.Project(root))


def test_two_readers_give_what_one_gives(project, monkeypatch, forks):
    alone = load(project)
    assert forks == []  # too few files to be worth a second process
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    steps = []
    shared = pipeline.load(pipeline.Project(project), steps.append)
    assert len(forks) == 2  # one for the sources, one for the fact files
    assert sum(steps) == pipeline.input_files(pipeline.Project(project))
    assert shared.claims == alone.claims
    assert shared.types == alone.types and shared.uncovered == alone.uncovered
    assert list(shared.sources) == list(alone.sources)
    for key, source in alone.sources.items():
        assert (shared.sources[key].text, shared.sources[key].refs) == (source.text, source.refs)


def _broken_copy(project, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    facts = sorted((copy / "graph" / "facts").glob("*.yaml"))
    metas = sorted((copy / "graph" / "sources").glob("*.yaml"))
    # Files in both shares: the first ones are read here, the last ones by the helper.
    for path in (facts[0], facts[-1], facts[-2]):
        path.write_text(path.read_text(encoding="utf-8").replace("claims:", "claimz:", 1),
                        encoding="utf-8")
    metas[-1].write_text(metas[-1].read_text(encoding="utf-8") + "colour: red\n",
                         encoding="utf-8")
    return copy


def test_errors_are_the_same_and_in_the_same_order(project, tmp_path, monkeypatch, forks):
    copy = _broken_copy(project, tmp_path)
    one = CliRunner().invoke(main, ["--root", str(copy), "check", "--quiet"])
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    two = CliRunner().invoke(main, ["--root", str(copy), "check", "--quiet"])
    assert forks, "the second reading did not fork"
    assert one.exit_code == two.exit_code == 2
    assert "unknown field 'colour'" in one.output
    assert one.output == two.output


def attempts_here():
    """An `attempt` that notes each item made in this process, and turns a ValueError into
    "refused" as a caller's error collector would."""
    here = []

    def attempt(function, item):
        here.append(item)
        try:
            return function(item)
        except ValueError:
            return "refused"
    return attempt, here


def test_a_helper_that_dies_leaves_its_files_to_this_process(monkeypatch):
    parent = os.getpid()

    def square(n):
        if os.getpid() != parent and n == 30:
            os.kill(os.getpid(), signal.SIGKILL)
        return n * n

    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    attempt, here = attempts_here()
    steps = []
    made = parallel.map_files(square, list(range(40)), steps.append, attempt)
    assert made == [n * n for n in range(40)]
    # This process's share, then what the helper never sent: 18 to 29 came in its chunks.
    assert here == [*range(18), *range(30, 40)]
    assert sum(steps) == 40


def test_what_fails_or_does_not_pickle_is_made_again_here_once(monkeypatch):
    def value(n):
        if n == 3 or n == 20:
            raise ValueError("refused")
        return threading.Lock() if n == 35 else n

    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    attempt, here = attempts_here()
    made = parallel.map_files(value, list(range(40)), None, attempt)
    with pytest.raises(TypeError):
        pickle.dumps(threading.Lock())
    # The helper takes 18 to 39, in chunks of 4 from 18: 20 failed there, and 34 to 37
    # would not pickle; each is made again here, once. This process's own 3 fails once.
    assert here == [*range(18), 20, 34, 35, 36, 37]
    assert made[3] == made[20] == "refused"
    assert isinstance(made[35], type(threading.Lock()))
    assert [made[n] for n in range(40) if n not in (3, 20, 35)] == \
        [n for n in range(40) if n not in (3, 20, 35)]


def test_an_interrupt_here_ends_the_helper_too(monkeypatch, forks):
    parent = os.getpid()

    def slow(n):
        if os.getpid() == parent and n == 5:
            raise KeyboardInterrupt
        time.sleep(0.05)  # the helper is still at work when this process stops
        return n

    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        parallel.map_files(slow, list(range(200)))
    assert time.perf_counter() - started < 3  # the helper's 110 files would take 5.5 s
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # reaped: no helper is left behind
        os.waitpid(forks[0], os.WNOHANG)
