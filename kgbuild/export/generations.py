"""Writing outputs so that a reader never sees half of a build.

The exports of a build are one generation: they are written into a new hidden folder beside
the output folder (`.dist.gen-XXXX` beside `dist`), and the output folder is a symbolic link
that is switched to the new generation by one atomic rename. A build killed at any moment
leaves the link on the old generation or on the new one, never on a mix; what it left
half-written is removed by the next build, before it writes anything.

A single file (`export -o`) is written under a temporary name and renamed over the old one,
which is atomic in the same way.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kgbuild.errors import OutputError
from kgbuild.stages import Stage, untimed

_TEMP = ".kgbuild-tmp-"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _marks(out_dir: Path) -> tuple[str, str, str]:
    name = out_dir.name
    return f".{name}.gen-", f".{name}.link-", f".{name}.old-"


def write_generation(out_dir: Path, files: Mapping[str, Iterable[str]], *,
                     stage: Stage = untimed) -> None:
    """Write `files` (name -> text chunks) as the new generation behind `out_dir`."""
    with new_generation(out_dir, list(files)) as generation:
        write_files(generation, files, stage=stage)


@contextmanager
def new_generation(out_dir: Path, names: Collection[str]) -> Iterator[Path]:
    """A new, empty generation folder for the files `names`; switched into place behind
    `out_dir` when the block ends, removed instead if the block raises."""
    out_dir = Path(os.path.abspath(out_dir))
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _check_target(out_dir, names)
        clean_stale(out_dir, names)
        generation = Path(tempfile.mkdtemp(prefix=_marks(out_dir)[0], dir=parent))
    except OSError as exc:
        raise OutputError(out_dir, exc) from None
    try:
        yield generation
        os.chmod(generation, 0o777 & ~_umask())  # mkdtemp's 0700 would hide it from others
        _switch(out_dir, generation)
    except OSError as exc:
        shutil.rmtree(generation, ignore_errors=True)
        raise OutputError(out_dir, exc) from None
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise


def write_files(generation: Path, files: Mapping[str, Iterable[str]], *,
                stage: Stage = untimed) -> None:
    """Each file's chunks into `generation`, one stage per file."""
    mode = 0o666 & ~_umask()
    for name, chunks in files.items():
        with open(generation / name, "w", encoding="utf-8", newline="\n") as handle:
            stage(f"export {name}", lambda h=handle, c=chunks: h.writelines(c))
        os.chmod(generation / name, mode)


def _check_target(out_dir: Path, files: Collection[str]) -> None:
    if out_dir.is_symlink():
        return
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "it is a file, not a folder")
    if out_dir.is_dir():
        others = [p.name for p in out_dir.iterdir()
                  if p.name not in files and not _is_old_temporary(p.name, files)]
        if others:
            raise OutputError(out_dir, f"it holds other files than the exports ({others[0]}, "
                                       "...); give a new or empty folder, or one a build wrote")


def _is_old_temporary(name: str, files: Collection[str]) -> bool:
    # Before generations, each export was written as `.<name>.<random>` and renamed.
    return any(name.startswith(f".{export}.") for export in files)


def clean_stale(out_dir: Path, files: Collection[str]) -> None:
    """Remove what a killed build left: generations nobody points to, half-made links, and
    the temporary files of the layout before generations."""
    current = os.path.realpath(out_dir) if out_dir.is_symlink() else None
    for mark in _marks(out_dir):
        for path in out_dir.parent.glob(mark + "*"):
            if current and os.path.realpath(path) == current and not path.is_symlink():
                continue
            if path.is_symlink() or not path.is_dir():
                path.unlink(missing_ok=True)
            else:
                shutil.rmtree(path, ignore_errors=True)
    if out_dir.is_dir() and not out_dir.is_symlink():
        for path in out_dir.iterdir():
            if _is_old_temporary(path.name, files):
                path.unlink(missing_ok=True)


def _switch(out_dir: Path, generation: Path) -> None:
    gen_mark, link_mark, old_mark = _marks(out_dir)
    previous = os.path.realpath(out_dir) if out_dir.is_symlink() else None
    if out_dir.is_dir() and not out_dir.is_symlink():
        # A folder of an earlier layout (or an empty one) is moved aside first; a build
        # killed between the two renames leaves no folder, never a mixed one.
        aside = tempfile.mktemp(prefix=old_mark, dir=out_dir.parent)
        os.rename(out_dir, aside)
        previous = aside
    link = tempfile.mktemp(prefix=link_mark, dir=out_dir.parent)
    os.symlink(generation.name, link)
    os.replace(link, out_dir)
    if previous and Path(previous).name.startswith((gen_mark, old_mark)):
        shutil.rmtree(previous, ignore_errors=True)


def write_file(path: Path, chunks: Iterable[str]) -> None:
    """One file, written whole or not at all; a device or pipe (/dev/stdout) is written to
    directly, since it cannot be renamed over."""
    try:
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(chunks)
            return
        if path.is_dir():
            raise OutputError(path, "it is a folder; give a file name")
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f".{path.name}{_TEMP}*"):
            stale.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{_TEMP}", dir=path.parent)
    except OSError as exc:
        raise OutputError(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(chunks)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would hide exports from others
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
