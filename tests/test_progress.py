"""The progress display: a live line per stage on a terminal, one line per stage off it, and
nothing when quiet; always on standard error."""

import io

import pytest

from kgbuild import progress
from kgbuild.progress import Progress


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
