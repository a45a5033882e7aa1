"""Progress of long commands, as the pipeline's `stage(name, action)` hook.

On a terminal each stage shows while it runs (with a bar where its size is known: fact files
read, triples loaded) and is replaced by its seconds when done; off a terminal, one line per
finished stage; quiet, nothing. Everything goes to standard error, so data on standard output
is untouched.
"""

from __future__ import annotations

import itertools
import re
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

MODES = ("auto", "terminal", "lines", "quiet")
# What a finished stage looks like off a terminal: "validate: SHACL: 0.16 s".
STAGE_LINE = re.compile(r"(?!error: ).+: \d+\.\d+ s")
BAR_WIDTH = 24
# A bar is redrawn at most this often: drawing is cheaper than the work, but not free.
REDRAW_SECONDS = 0.1
_CLEAR = "\r\x1b[K"

Step = Callable[[int], None]


def seconds_text(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def _no_step(_count: int = 1) -> None:
    pass


class Progress:
    """Call it as `stage(name, action)`; `sized(name, total, action)` runs `action(step)`,
    where `step(n)` says n more of `total` units are done. Stages may run at once on several
    threads (the checks beside the exports): on a terminal the newest running stage is drawn,
    and each finished stage is kept above it, in the order they finish."""

    def __init__(self, mode: str = "auto", stream: TextIO | None = None,
                 clock: Callable[[], float] = time.perf_counter):
        if mode not in MODES:
            raise ValueError(f"unknown progress mode {mode!r}")
        self.stream = stream if stream is not None else sys.stderr
        if mode == "auto":
            isatty = getattr(self.stream, "isatty", None)
            mode = "terminal" if isatty is not None and isatty() else "lines"
        self.mode = mode
        self.clock = clock
        self._lock = threading.RLock()
        self._running: dict[int, str] = {}  # what each running stage shows, oldest first
        self._tokens = itertools.count()

    def __call__(self, name: str, action: Callable):
        return self._run(name, None, lambda _step: action())

    def sized(self, name: str, total: int, action: Callable[[Step], object]):
        return self._run(name, total, action)

    def _run(self, name: str, total: int | None, action: Callable[[Step], object]):
        if self.mode == "quiet":
            return action(_no_step)
        started = self.clock()
        token = next(self._tokens)
        step = _no_step
        if self.mode == "terminal":
            step = _Bar(self, token, name, total) if total else _no_step
            self._draw(token, f"{name} ..." if not total else _bar_text(name, 0, total))
        try:
            result = action(step)
        except BaseException:
            with self._lock:
                self._running.pop(token, None)
                if self.mode == "terminal":
                    self._write(_CLEAR)  # the error message starts on a clean line
            raise
        took = seconds_text(self.clock() - started)
        with self._lock:
            self._running.pop(token, None)
            if self.mode == "terminal":
                live = next(reversed(self._running.values()), None)
                self._write(f"{_CLEAR}{name:<30} {took:>8}\n" + (live or ""))
            else:
                self._write(f"{name}: {took}\n")
        return result

    def _draw(self, token: int, text: str) -> None:
        with self._lock:
            self._running[token] = text
            if token == next(reversed(self._running)):  # only the newest stage is drawn
                self._write(_CLEAR + text)

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


class _Bar:
    def __init__(self, progress: Progress, token: int, name: str, total: int):
        self.progress, self.token, self.name, self.total = progress, token, name, total
        self.done = 0
        self.drawn = progress.clock()

    def __call__(self, count: int = 1) -> None:
        with self.progress._lock:  # a stage's work may be counted from two threads
            self.done += count
            now = self.progress.clock()
            if now - self.drawn >= REDRAW_SECONDS:
                self.drawn = now
                self.progress._draw(self.token, _bar_text(self.name, self.done, self.total))


def _bar_text(name: str, done: int, total: int) -> str:
    filled = BAR_WIDTH * min(done, total) // total
    return f"{name:<30} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done:,}/{total:,}"


def sized(stage, name: str, total: int, action: Callable[[Step], object]):
    """Run `action(step)` as a stage of known size through any `stage` hook: one that has no
    `sized` (a plain function, the benchmark's clock) runs it with a step that does nothing."""
    run = getattr(stage, "sized", None)
    if run is not None:
        return run(name, total, action)
    return stage(name, lambda: action(_no_step))
