"""The hook every long step of the pipeline runs through: `stage(name, action)` runs `action`
and returns its result, so a caller can time it or show its progress. `untimed` just runs it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

Stage = Callable[[str, Callable[[], T]], T]


def untimed(_name: str, action: Callable[[], T]) -> T:
    return action()
