"""The progress display: a live line per stage on a terminal, one line per stage off it, and
nothing when quiet; always on standard error."""

import io
import os
import pty
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgbuild import progress
from kgbuild.cli.main import main
from kgbuild.export import FORMATS
from kgbuild.progress import Progress

from .conftest import ROOT


class Clock:
    """Seconds that advance by a fixed step each time they are read."""

    def __init__(self, step: float):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_each_stage_is_one_line_with_its_seconds():
    out = io.StringIO()
    stage = Progress("lines", out, clock=Clock(1.5))
    assert stage("build RDF", lambda: 42) == 42
    assert stage.sized("load facts", 3, lambda step: [step(1) for _ in range(3)]) == [None] * 3
    assert out.getvalue() == "build RDF: 1.50 s\nload facts: 1.50 s\n"


def test_on_a_terminal_a_stage_shows_while_it_runs_then_its_seconds():
    out = Terminal()
    seen = []
    stage = Progress("terminal", out, clock=Clock(12.25))
    stage("reason", lambda: seen.append(out.getvalue()))
    assert seen == ["\r\x1b[Kreason ..."]
    assert out.getvalue().endswith("\r\x1b[K" + f"{'reason':<30} {'12.2 s':>8}\n")


def test_a_stage_of_known_size_draws_a_bar_as_it_advances():
    out = Terminal()
    stage = Progress("terminal", out, clock=Clock(1.0))  # every step is worth a redraw

    def work(step):
        for _ in range(4):
            step(1)

    stage.sized("load facts", 4, work)
    frames = out.getvalue().split("\r\x1b[K")[1:]
    assert frames[0].startswith("load facts") and frames[0].endswith("] 0/4")
    half = progress.BAR_WIDTH // 2
    assert any(f.endswith("[" + "#" * half + "-" * half + "] 2/4") for f in frames)
    assert frames[-2].endswith("[" + "#" * progress.BAR_WIDTH + "] 4/4")
    assert frames[-1].startswith("load facts") and frames[-1].endswith(" s\n")


def test_a_bar_is_not_redrawn_more_often_than_its_interval():
    out = Terminal()
    stage = Progress("terminal", out, clock=Clock(progress.REDRAW_SECONDS / 10))
    stage.sized("load facts", 100, lambda step: [step(1) for _ in range(100)])
    assert 5 <= out.getvalue().count("] ") <= 12


def test_quiet_writes_nothing_and_still_runs_every_stage():
    out = Terminal()
    stage = Progress("quiet", out)
    assert stage("a", lambda: 1) == 1
    assert stage.sized("b", 2, lambda step: step(2) or "done") == "done"
    assert out.getvalue() == ""


def test_auto_picks_the_terminal_display_only_on_a_terminal():
    assert Progress("auto", Terminal()).mode == "terminal"
    assert Progress("auto", io.StringIO()).mode == "lines"


def test_a_failing_stage_leaves_the_terminal_on_a_clean_line():
    out = Terminal()
    stage = Progress("terminal", out)

    def fail():
        raise RuntimeError("bad input")

    with pytest.raises(RuntimeError):
        stage("load facts", fail)
    assert out.getvalue().endswith("\r\x1b[K")


def test_a_plain_stage_hook_runs_a_sized_stage_without_steps():
    calls = []

    def plain(name, action):
        calls.append(name)
        return action()

    assert progress.sized(plain, "load facts", 5, lambda step: step(5) or "ok") == "ok"
    assert calls == ["load facts"]


def test_seconds_are_shown_to_three_figures():
    assert progress.seconds_text(0.0412) == "0.04 s"
    assert progress.seconds_text(3.456) == "3.46 s"
    assert progress.seconds_text(37.44) == "37.4 s"


# The commands ---------------------------------------------------------------------------------

STAGES = ["load facts", "build RDF", "reason", "number terms", "load engine", "validate: SHACL",
          "validate: checks"]
EXPORTS = ["export: read the graph once", *(f"export {name}" for name in FORMATS.values())]


def invoke(*args):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args])


def stage_names(stderr: str) -> list[str]:
    return [line.rpartition(": ")[0] for line in stderr.splitlines()
            if re.fullmatch(r".+: \d+\.\d+ s", line)]


def is_merge(names: list[str], *sequences: list[str]) -> bool:
    """Whether `names` is the sequences interleaved, each kept in its own order."""
    rests = [list(seq) for seq in sequences]
    for name in names:
        for rest in rests:
            if rest and rest[0] == name:
                rest.pop(0)
                break
        else:
            return False
    return not any(rests)


def test_build_off_a_terminal_gives_one_line_per_stage_on_stderr(tmp_path):
    done = invoke("build", "-o", str(tmp_path))
    assert done.exit_code == 0, done.output
    names = stage_names(done.stderr)
    # The checks and the exports run side by side once the terms are numbered: each keeps
    # its own order, and the lines come as the stages finish.
    assert names[:4] == STAGES[:4]
    assert is_merge(names[4:], STAGES[4:], EXPORTS), names
    assert done.stdout == ""


def test_is_merge_holds_each_sequence_to_its_order():
    assert is_merge(["a", "x", "b", "y"], ["a", "b"], ["x", "y"])
    assert not is_merge(["b", "a", "x", "y"], ["a", "b"], ["x", "y"])
    assert not is_merge(["a", "x", "b"], ["a", "b"], ["x", "y"])


def test_quiet_shows_no_stage(tmp_path):
    for command in (["build", "-o", str(tmp_path)], ["check"],
                    ["report", "-o", str(tmp_path / "site")]):
        done = invoke(*command, "--quiet")
        assert done.exit_code == 0, done.output
        assert stage_names(done.stderr) == [] and done.stderr.strip(), command


def test_check_and_report_show_their_stages(tmp_path):
    assert stage_names(invoke("check").stderr) == STAGES
    done = invoke("report", "-o", str(tmp_path / "site"))
    assert stage_names(done.stderr) == [*STAGES, "report: queries", "report: page"]


def test_data_on_stdout_is_untouched_by_the_progress(tmp_path):
    assert invoke("build", "-o", str(tmp_path)).exit_code == 0
    done = invoke("export", "-f", "nquads")
    assert done.exit_code == 0, done.output
    assert done.stdout == (tmp_path / "sma.nq").read_text(encoding="utf-8")
    assert stage_names(done.stderr) == [*STAGES, "export nquads"]


def on_a_terminal(*args: str) -> tuple[subprocess.CompletedProcess, str, list[str]]:
    """Run kgbuild with standard error on a terminal: the run, all it drew there, and the
    stages kept on screen (each stage's last drawing, without its seconds)."""
    main_side, terminal = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "kgbuild", "--root", str(ROOT), *args],
                              stdout=subprocess.PIPE, stderr=terminal, timeout=120)
    finally:
        os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main_side, 65536)
        except OSError:  # the terminal's other side is closed: all is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_side)
    text = shown.decode()
    # The terminal ends lines with \r\n; each stage's last drawing is what stays on screen.
    kept = [re.sub(r"\s+\d+\.\d+ s$", "", line.rstrip("\r").split("\r\x1b[K")[-1])
            for line in text.split("\n") if "\x1b[K" in line]
    return done, text, kept


def test_on_a_terminal_each_stage_is_drawn_over_then_kept_with_its_seconds():
    done, text, kept = on_a_terminal("check")
    assert done.returncode == 0, text
    assert done.stdout == b""
    assert "\r\x1b[Kload facts" in text and "] 0/" in text  # the input files' bar
    assert kept == STAGES
    assert all(re.search(rf"{re.escape(name)} +\d+\.\d+ s\r?\n", text) for name in STAGES)
    assert "violation queries return no rows" in text


def test_a_build_on_a_terminal_keeps_every_stage_of_both_processes(tmp_path):
    done, text, kept = on_a_terminal("build", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, text
    assert kept[:4] == STAGES[:4]
    assert is_merge(kept[4:], STAGES[4:], EXPORTS), kept


def test_the_stage_line_pattern_is_what_a_finished_stage_prints_and_no_error():
    out = io.StringIO()
    Progress("lines", out, clock=Clock(0.5))("validate: SHACL", lambda: None)
    assert progress.STAGE_LINE.fullmatch(out.getvalue().rstrip("\n"))
    assert not progress.STAGE_LINE.fullmatch("error: graph/facts/001.yaml:3: took 1.50 s")
