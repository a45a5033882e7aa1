"""The build's checks and exports side by side: the exports in a forked process, switched
into place only when both succeed; in one process (no second CPU, another thread running, or
`--one-process`), the checks first and then the exports."""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import threading

import pytest
from click.testing import CliRunner

from kgbuild import cores
from kgbuild.cli.main import main
from kgbuild.export import FORMATS, writers
from kgbuild.progress import Progress
from tests.conftest import ROOT, edit


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def generations(folder):
    return {p.name for p in folder.iterdir() if p.name.startswith(".out.")}


def build(root, out):
    return CliRunner().invoke(main, ["--root", str(root), "build", "-o", str(out), "--quiet"])


def test_two_processes_and_one_write_the_same_files(tmp_path, forks, fork_allowed):
    assert build(ROOT, tmp_path / "two").exit_code == 0
    assert len(forks) == 1
    done = CliRunner().invoke(main, ["--root", str(ROOT), "build", "-o", str(tmp_path / "one"),
                                     "--one-process"])
    assert done.exit_code == 0, done.output
    assert len(forks) == 1  # --one-process forked nothing
    assert sorted(digests(tmp_path / "two")) == sorted(FORMATS.values())
    assert digests(tmp_path / "two") == digests(tmp_path / "one")
    # In one process the exports come after the checks, as the stages show.
    stages = [line.rpartition(": ")[0] for line in done.stderr.splitlines()
              if re.fullmatch(r".+: \d+\.\d+ s", line)]
    assert stages.index("validate: checks") < stages.index("export: read the graph once")


def test_one_process_is_kept_to_its_block():
    with cores.one_process():
        assert not cores.can_fork()
    assert cores.can_fork() == (len(os.sched_getaffinity(0)) > 1
                                and threading.active_count() == 1)


def test_no_process_is_forked_while_another_thread_runs():
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not cores.can_fork()
    finally:
        release.set()
        other.join()


@pytest.mark.parametrize("side", ["process", "one process"])
def test_a_failed_check_keeps_the_old_exports(workspace, tmp_path, monkeypatch, side, forks):
    monkeypatch.setattr(cores, "can_fork", lambda: side == "process")
    out = tmp_path / "out"
    assert build(workspace, out).exit_code == 0
    before = digests(out)
    # A payment with no year passes the loader but not SHACL.
    edit(workspace / "graph/facts/000.yaml", '    says: {forYear: "2019"}\n',
         "    says: {changePercent: 8.2}\n")
    done = build(workspace, out)
    assert done.exit_code == 1, done.output
    assert "A payment is for a year" in done.output
    assert digests(out) == before
    assert generations(tmp_path) == {os.readlink(out)}  # the failed build's is gone
    assert len(forks) == (2 if side == "process" else 0)


def _failing_render(how):
    def render(prepared):
        if how == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        if how == "disk":
            raise OSError(28, "No space left on device")
        raise RuntimeError("a bug in a writer")
    return render


@pytest.mark.parametrize("how, message", [
    ("disk", "cannot write {out}: No space left on device"),
    ("bug", "writing the exports failed: RuntimeError('a bug in a writer')"),
    ("killed", "the export process ended without finishing"),
])
def test_a_failed_export_process_is_one_line_and_keeps_the_old_exports(
        tmp_path, monkeypatch, how, message, fork_allowed):
    out = tmp_path / "out"
    assert build(ROOT, out).exit_code == 0
    before = digests(out)
    # Set in this process, the failure happens in the forked one, which inherits it.
    monkeypatch.setattr(writers, "render_all", _failing_render(how))
    done = build(ROOT, out)
    assert done.exit_code == 2, done.output
    errors = done.output.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: "), done.output
    assert message.format(out=out) in errors[0]
    assert "Traceback" not in done.output
    assert digests(out) == before
    assert generations(tmp_path) == {os.readlink(out)}


def test_stages_on_two_threads_are_each_kept_with_their_seconds():
    out = io.StringIO()
    out.isatty = lambda: True
    stage = Progress("auto", out)
    started, finished = threading.Event(), threading.Event()

    def background():
        def wait():
            started.set()
            finished.wait(10)
        stage("load engine", wait)

    other = threading.Thread(target=background)
    other.start()
    started.wait(10)
    stage("export sma.ttl", lambda: None)
    finished.set()
    other.join()
    text = out.getvalue()
    kept = [line.split("\r\x1b[K")[-1] for line in text.split("\n")[:-1]]
    assert [line.split()[0:2] for line in kept] == [["export", "sma.ttl"], ["load", "engine"]]
    # Once the export's line is kept, the stage still running is drawn again below it.
    assert re.search(r"export sma\.ttl +\d+\.\d+ s\nload engine \.\.\.", text), text
