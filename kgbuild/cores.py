"""Whether work can be split across processes here."""

from __future__ import annotations

import os
import threading


def can_fork() -> bool:
    """Whether a second process can take part of the work: a system with fork, a second CPU
    to run it on, and no other thread in this process (a thread holding a lock at the moment
    of the fork would leave that lock held forever in the child)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return hasattr(os, "fork") and (cpus or 1) > 1 and threading.active_count() == 1
