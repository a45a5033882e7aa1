"""The memory a build's processes hold together, sampled from outside them.

A forked process shares its pages with its parent until either writes to one, so the two
processes' peak resident sizes add up to more than they held at once. The proportional set
size (Linux's Pss) counts a page shared by two processes half in each, so the sum over the
processes is what they held together. A separate process samples it, because a sampling
thread inside the build would keep the build from forking (see `kgbuild.cores`).

`python -m kgbuild.scale.memory PID` samples PID and its children every 0.1 s until its
standard input closes, then prints the largest sum seen, in kB.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

INTERVAL = 0.1


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (OSError, ValueError):
        pass
    return found


def together_kb(pid: int, leave_out: int) -> int:
    """The Pss of `pid` and its children (not `leave_out`, the sampler itself), in kB."""
    return _pss_kb(pid) + sum(_pss_kb(c) for c in _children(pid) if c != leave_out)


def available() -> bool:
    return Path(f"/proc/{os.getpid()}/smaps_rollup").exists()


class Sampler:
    """Samples this process and its children from a process of its own until `stop()`."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kgbuild.scale.memory", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def stop(self) -> float:
        """The largest sum seen, in MB."""
        out, _ = self.process.communicate()
        return int(out.strip() or 0) / 1024


def main(pid: int) -> int:
    largest, me = 0, os.getpid()
    while True:
        largest = max(largest, together_kb(pid, me))
        ready, _, _ = select.select([sys.stdin], [], [], INTERVAL)
        if ready and not sys.stdin.read(1):  # the build closed our input: it is done
            break
    print(largest)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
