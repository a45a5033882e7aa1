"""Writing the report's folder: all at once, and never over someone else's files."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kgbuild.errors import InputError

GENERATOR = "kgbuild report"
PAGE = "index.html"


def write_site(out_dir: Path, files: dict[str, str]) -> None:
    """Replace out_dir by a folder holding files, all at once: build beside it, then rename.

    A folder that holds anything but an earlier report is refused rather than replaced, so
    that a mistyped --out cannot delete someone's files.
    """
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.exists():
        if not out_dir.is_dir():
            raise InputError("exists and is not a folder", file=str(out_dir),
                             hint="choose a new or empty folder for the report")
        foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in files)
        ours = (out_dir / PAGE).is_file() and _is_report(out_dir / PAGE)
        if foreign or (any(out_dir.iterdir()) and not ours):
            raise InputError("is not empty and does not hold an earlier report "
                             f"({', '.join(foreign) or PAGE})", file=str(out_dir),
                             hint="choose a new or empty folder for the report")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".new",
                                    dir=out_dir.parent))
    try:
        for name, text in files.items():
            with open(staging / name, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the report from a web server
        if not out_dir.exists():
            os.replace(staging, out_dir)
            return
        retired = out_dir.parent / f"{staging.name[:-4]}.old"
        os.replace(out_dir, retired)
        try:
            os.replace(staging, out_dir)
        except OSError:
            os.replace(retired, out_dir)
            raise
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _is_report(page: Path) -> bool:
    with open(page, encoding="utf-8", errors="replace") as handle:
        return f'<meta name="generator" content="{GENERATOR}">' in handle.read(4096)
