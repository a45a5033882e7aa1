"""Outputs that cannot be written, and builds killed half-way: one line and exit 2, the four
exports always of one build, and no temporary files left behind."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT
from .hostile import assert_clean, assert_one_line_error, kg, kg_process, snapshot

EXPORTS = ("sma.ttl", "sma.trig", "sma.nq", "sma.jsonld")


def _digests(folder) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in EXPORTS}


# 11. Output errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["build", "-o", "/proc/x"],
    ["build", "-o", "/proc/self/nothing/here"],
    ["export", "-o", "/proc/kg.ttl"],
    ["export", "-o", "/dev/full"],
    ["export", "-o", "/etc/hostname/kg.ttl"],
])
def test_an_output_that_cannot_be_written(args):
    if args[-1] == "/dev/full" and not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("/dev/full is not the full device here")
    done = kg(*args)
    assert_one_line_error(done, mentions=[args[-1]])
    if args[-1] == "/dev/full":
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "a device must never be replaced"


def test_a_report_that_cannot_be_written():
    done = kg("report", "-o", "/proc/site")
    assert_one_line_error(done, mentions=["/proc/"])


def test_build_into_a_file_not_a_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("keep me", encoding="utf-8")
    done = kg("build", "-o", str(target))
    assert_clean(done, codes=(2,))  # click's own usage error
    assert str(target) in done.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_export_onto_a_folder(tmp_path):
    done = kg("export", "-o", str(tmp_path))
    assert_clean(done, codes=(2,))
    assert str(tmp_path) in done.stderr


def _small_files(limit: int):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_a_full_disk_during_build_leaves_the_old_exports(tmp_path):
    out = tmp_path / "dist"
    assert kg("build", "-o", str(out)).exit_code == 0
    before = snapshot(out)
    done = kg_process("build", "-o", str(out), preexec=_small_files(200_000))
    assert_one_line_error(done, mentions=[str(out)])
    assert snapshot(out) == before


def test_a_full_disk_during_export_leaves_the_old_file(tmp_path):
    target = tmp_path / "kg.trig"
    target.write_text("old", encoding="utf-8")
    done = kg_process("export", "-o", str(target), preexec=_small_files(50_000))
    assert_one_line_error(done, mentions=[str(target)])
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.trig"]


@pytest.mark.parametrize("command", [["export"], ["query", "run", "sources"], ["conflicts"]])
def test_standard_output_on_a_full_disk(command):
    if not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("/dev/full is not the full device here")
    with open("/dev/full", "wb") as full:
        done = kg_process(*command, stdout=full)
    assert_one_line_error(done, mentions=["standard output"])


def test_standard_output_closed_early():
    process = subprocess.Popen([sys.executable, "-m", "kgbuild", "--root", str(ROOT), "export"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(100)
    process.stdout.close()
    errors = process.stderr.read().decode()
    code = process.wait(timeout=60)
    assert "Traceback" not in errors
    assert code in (0, 1, 2, -signal.SIGPIPE, 128 + signal.SIGPIPE), errors


# 12. A build killed half-way leaves the four exports of one build ------------------------------

KILLER = textwrap.dedent("""
    import os, signal, sys
    count = int(sys.argv[1])
    calls = [0]
    for name in ("replace", "rename"):
        real = getattr(os, name)
        def wrapped(*args, _real=real, **kwargs):
            _real(*args, **kwargs)
            calls[0] += 1
            if calls[0] == count:
                os.kill(os.getpid(), signal.SIGKILL)
        setattr(os, name, wrapped)
    import runpy
    sys.argv = ["kgbuild", *sys.argv[2:]]
    runpy.run_module("kgbuild", run_name="__main__")
""")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The seed project and a changed copy, each with its exports built cleanly."""
    import shutil

    base = tmp_path_factory.mktemp("builds")
    changed = base / "changed"
    for part in ("graph/sources", "graph/facts", "ontology", "queries"):
        shutil.copytree(ROOT / part, changed / part)
    facts = changed / "graph/facts/002.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "label: Next SMA, round 4", "label: Next SMA, the fourth round"), encoding="utf-8")
    old, new = base / "old", base / "new"
    assert kg("build", "-o", str(old)).exit_code == 0
    assert kg("build", "-o", str(new), root=changed).exit_code == 0
    return changed, _digests(old), _digests(new)


@pytest.mark.parametrize("kill_after", [1, 2, 3, 4, 5])
def test_a_build_killed_between_renames_leaves_one_generation(tmp_path, two_builds, kill_after):
    changed, old, new = two_builds
    out = tmp_path / "dist"
    assert kg("build", "-o", str(out)).exit_code == 0
    assert _digests(out) == old
    done = subprocess.run([sys.executable, "-c", KILLER, str(kill_after), "--root",
                           str(changed), "build", "-o", str(out)], capture_output=True,
                          timeout=120)
    assert done.returncode in (-signal.SIGKILL, 0), done.stderr.decode()
    now = _digests(out)
    assert now in (old, new), "the exports are of two different builds"
    # The next build cleans what the killed one left, and ends with exactly the exports.
    assert kg("build", "-o", str(out), root=changed).exit_code == 0
    assert _digests(out) == new
    leftovers = [p.name for p in out.parent.rglob("*")
                 if p.is_file() and p.name not in EXPORTS]
    assert leftovers == []


def test_stale_temporaries_of_an_old_layout_are_removed(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    for name in EXPORTS:
        (out / f".{name}.abc123").write_text("half", encoding="utf-8")
    assert kg("build", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORTS)


def test_a_build_leaves_nothing_else_beside_its_folder(tmp_path):
    out = tmp_path / "dist"
    for _ in range(3):
        assert kg("build", "-o", str(out)).exit_code == 0
    others = sorted(p.name for p in tmp_path.iterdir())
    assert len(others) <= 2, others  # the folder's name and at most one generation of it
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORTS)


def test_exports_readable_by_others(tmp_path):
    out = tmp_path / "dist"
    old = os.umask(0o022)
    try:
        assert kg("build", "-o", str(out)).exit_code == 0
    finally:
        os.umask(old)
    for name in EXPORTS:
        assert (out / name).stat().st_mode & 0o044 == 0o044
