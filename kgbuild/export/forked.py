"""The exports written by a second process while this one runs the checks.

The exports are Python from end to end, and so is much of the checking (the engine's N-Quads
text, each checked value judged again as pySHACL would judge it): on two threads they would
take turns on one interpreter. A forked process has an interpreter of its own and starts with
the numbered graph already in its memory (shared with this process until either writes to
it). It writes the four files into the new generation and reports each of its stages over a
pipe; here they run through the caller's `stage` hook as if they were this process's own,
so progress and timings show them as they happen. The generation is switched into place only
once both the checks and the files are done.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kgbuild import cores
from kgbuild.errors import KgError, OutputError
from kgbuild.export.generations import new_generation, write_files
from kgbuild.export.ranked import RankedDataset
from kgbuild.export.terms import Terms
from kgbuild.stages import Stage

T = TypeVar("T")


@dataclass(frozen=True)
class Elsewhere:
    """What a stage run in the export process returns here: its CPU seconds there."""

    cpu: float


class ExportFailed(KgError):
    """The export process stopped without writing every file."""


Render = Callable[[RankedDataset], Mapping[str, Iterable[str]]]


def write_beside(terms: Terms, out_dir: Path, names: list[str], files: Render,
                 work: Callable[[], T], *, stage: Stage) -> T:
    """`work()` here while a forked process writes `files(prepared)` (each of `names` with
    its text chunks) into a new generation behind `out_dir`; the generation replaces the old
    one only if both succeed. Returns what `work` returned, and raises what it raised before
    anything the export process met."""
    with new_generation(out_dir, names) as generation:
        child = _ExportProcess(terms, generation, files, stage)
        try:
            result = work()
        except BaseException:
            child.stop()
            raise
        child.wait(out_dir)
    return result


class _ExportProcess:
    def __init__(self, terms: Terms, generation: Path, files: Render, stage: Stage):
        self.stage = stage
        self.outcome: list | None = None
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the export process: never returns
            os.close(read_end)
            _export_process(write_end, terms, generation, files)
        os.close(write_end)
        self.reader = os.fdopen(read_end, "r", encoding="utf-8")
        self.listener = threading.Thread(target=self._listen, name="kgbuild-exports",
                                         daemon=True)
        self.listener.start()

    def _listen(self) -> None:
        try:
            for line in self.reader:
                message = json.loads(line)
                if message[0] != "start":
                    self.outcome = message
                    return
                self.stage(message[1], self._until_done)
        except _Stopped:
            return
        except (OSError, ValueError) as exc:
            self.outcome = ["error", "internal", f"unreadable report ({exc})"]

    def _until_done(self) -> Elsewhere:
        message = json.loads(self.reader.readline() or '["ended"]')
        if message[0] == "done":
            return Elsewhere(message[1])
        self.outcome = message
        raise _Stopped

    def stop(self) -> None:
        """End the export process: what it wrote goes with the generation."""
        cores.end_child(self.pid, self.listener, self.reader)

    def wait(self, out_dir: Path) -> None:
        self.listener.join()
        self.reader.close()
        _, status = os.waitpid(self.pid, 0)
        outcome = self.outcome or ["ended"]
        if outcome[0] == "ok":
            return
        if outcome[0] == "error" and outcome[1] == "output":
            raise OutputError(out_dir, outcome[2])
        if outcome[0] == "error":
            raise ExportFailed(f"writing the exports failed: {outcome[2]}")
        raise ExportFailed(f"the export process ended without finishing (status {status}); "
                           "run the build again, or with less else running if memory is short")


class _Stopped(Exception):
    pass


def _export_process(fd: int, terms: Terms, generation: Path, files: Render) -> None:
    """The child's whole life: write the files, say how it went, and leave at once (no exit
    handlers, no flushing of buffers that belong to the parent's output)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent decides; an interrupt ends us
        report = os.fdopen(fd, "w", encoding="utf-8", buffering=1)

        def stage(name: str, action):
            report.write(json.dumps(["start", name]) + "\n")
            cpu = time.process_time()
            result = action()
            report.write(json.dumps(["done", time.process_time() - cpu]) + "\n")
            return result

        try:
            prepared = stage("export: read the graph once", lambda: RankedDataset(terms))
            write_files(generation, files(prepared), stage=stage)
            report.write(json.dumps(["ok"]) + "\n")
            code = 0
        except OSError as exc:
            report.write(json.dumps(["error", "output", exc.strerror or str(exc)]) + "\n")
        except KgError as exc:
            report.write(json.dumps(["error", "project", str(exc)]) + "\n")
        except BaseException as exc:  # reported by the parent, which has the terminal
            report.write(json.dumps(["error", "internal", repr(exc)]) + "\n")
        report.close()
    finally:
        os._exit(code)
