"""Whether work can be split across processes here."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

_one_process = False


def can_fork() -> bool:
    """Whether a second process can take part of the work: a system with fork, a second CPU
    to run it on, and no other thread in this process (a thread holding a lock at the moment
    of the fork would leave that lock held forever in the child)."""
    if _one_process:
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return hasattr(os, "fork") and (cpus or 1) > 1 and _alone()


def _alone() -> bool:
    return threading.active_count() == 1


@contextmanager
def one_process() -> Iterator[None]:
    """No forked process within the block: for a machine short of memory, where the second
    process's copies of the pages it touches cost more than its time saves."""
    global _one_process
    was, _one_process = _one_process, True
    try:
        yield
    finally:
        _one_process = was


def end_child(pid: int, listener: threading.Thread, reader: IO) -> None:
    """Stop a forked child whose pipe `listener` reads through `reader`. The child goes
    first: its end of the pipe closes with it, so the listener sees the end and lets go of
    the reader, which only then can be closed (closing it first would wait for the child)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    listener.join()
    reader.close()
