"""Reading many input files on two cores.

Each source file and each fact file is read and checked on its own, so a forked process can
take the later part of a list while this one reads the earlier part. The forked process sends
back what it made, pickled; whatever it could not make (an input error, anything unexpected,
a value that will not pickle, a helper that died) is read again here, through the caller's
own `attempt`, so that what is refused, every message and their order are exactly what one
process would give.
"""

from __future__ import annotations

import os
import pickle
import struct
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from kgbuild import cores

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741
Attempt = Callable[[Callable[[I], T], I], object]

# Below this many files one process reads them all: a fork costs more than it saves.
MIN_FILES = 200
# The share of the files this process reads: less than half, since it also unpickles what
# the other one sends.
OWN_SHARE = 0.45
CHUNK = 256
_HEADER = struct.Struct("<II")  # items in the chunk, bytes of the pickle


def _call(function: Callable[[I], T], item: I) -> T:
    return function(item)


def map_files(function: Callable[[I], T], items: Sequence[I],
              step: Callable[[int], None] | None = None,
              attempt: Attempt = _call) -> list[object]:
    """`attempt(function, item)` for each item, in order (`attempt` is where the caller
    collects errors; by default the call itself): the later part made by a forked process
    where there are enough items and a second CPU, and made again here only where it failed
    there. `step(n)` after each n items are done."""
    step = step or (lambda _n: None)

    def here(item: I) -> object:
        made = attempt(function, item)
        step(1)
        return made

    split = int(len(items) * OWN_SHARE)
    if len(items) < MIN_FILES or not cores.can_fork():
        return [here(item) for item in items]
    other = _Helper(function, items[split:], step)
    try:
        made = [here(item) for item in items[:split]]
        received = other.results()
        for at, item in enumerate(items[split:]):
            if at >= len(received):  # never sent: the helper died before it
                made.append(here(item))
            elif isinstance(received[at], _RedoMark):
                made.append(attempt(function, item))  # counted when the helper sent it
            else:
                made.append(received[at])
        return made
    finally:
        other.close()


class _Helper:
    def __init__(self, function, items: Sequence, step: Callable[[int], None]):
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_end)
            _helper_process(write_end, function, items)
        os.close(write_end)
        self.reader = os.fdopen(read_end, "rb")
        self.chunks: list[bytes] = []
        self.step = step
        # Reading the pipe on a thread keeps the helper from blocking on a full pipe while
        # this process reads its own share, and moves the bar as the helper's files arrive.
        self.thread = threading.Thread(target=self._receive, name="kgbuild-reader",
                                       daemon=True)
        self.thread.start()

    def _receive(self) -> None:
        while True:
            header = self.reader.read(_HEADER.size)
            if len(header) < _HEADER.size:
                return
            count, size = _HEADER.unpack(header)
            data = self.reader.read(size)
            if len(data) < size:
                return
            self.chunks.append(data)
            self.step(count)

    def results(self) -> list[object]:
        """What the helper sent, in order: fewer than its items if it died part-way."""
        self.thread.join()
        return [value for data in self.chunks for value in pickle.loads(data)]

    def close(self) -> None:
        cores.end_child(self.pid, self.thread, self.reader)


class _RedoMark:
    """What the helper sends for an item it could not make."""


def _helper_process(fd: int, function, items: Sequence) -> None:
    try:
        with os.fdopen(fd, "wb") as out:
            for start in range(0, len(items), CHUNK):
                made = []
                for item in items[start:start + CHUNK]:
                    try:
                        made.append(function(item))
                    except Exception:
                        made.append(_RedoMark())
                try:
                    data = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:
                    data = pickle.dumps([_RedoMark() for _ in made])
                out.write(_HEADER.pack(len(made), len(data)))
                out.write(data)
                out.flush()  # each chunk as soon as it is made: the bar moves with it
    finally:
        os._exit(0)
