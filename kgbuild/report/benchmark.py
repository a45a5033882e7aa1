"""How long the report takes to render, and (given an older revision) beside that revision.

    python -m kgbuild.report.benchmark [--agreements 97] [--reference REV] [--repeat 3]

Collecting the rows (building and checking the graph, running the queries) is done once per
graph and not timed: the figures are for `render` alone, the median of --repeat runs, the
first (which compiles the templates) apart. With --reference, the renderer of that git
revision (its kgbuild/report/page.py, read with `git show`) renders the same rows, and the
two pages are compared byte for byte. The graphs are the curated one and a synthetic one
of --agreements agreements (97 make about 100k triples).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kgbuild import pipeline
from kgbuild.query.catalogue import load_queries
from kgbuild.report import model, page

ROOT = Path(__file__).resolve().parents[2]


def rows_of(project_root: Path) -> dict:
    project = pipeline.Project(project_root)
    engine = pipeline.check_with_engine(project)[1]
    return model.collect(engine, load_queries(project.queries_dir))


def reference_renderer(revision: str):
    """The `render` function of kgbuild/report/page.py at a git revision, loaded apart."""
    source = subprocess.run(["git", "show", f"{revision}:kgbuild/report/page.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="kgbuild-report-reference-"))
    path = folder / "reference_page.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("reference_page", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["reference_page"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module.render


def timed(render, data: dict, repeat: int) -> tuple[float, float, str]:
    """Seconds of the first run, the median of the next `repeat`, and the page."""
    start = time.perf_counter()
    html = render(data)
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        render(data)
        runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=97)
    parser.add_argument("--reference", help="git revision to compare with, e.g. main")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    reference = reference_renderer(args.reference) if args.reference else None
    with tempfile.TemporaryDirectory() as tmp:
        synth = Path(tmp) / "synth"
        subprocess.run([sys.executable, "-m", "kgbuild", "synth", "-n", str(args.agreements),
                        "-o", str(synth)], check=True, capture_output=True)
        graphs = [("curated", ROOT), (f"synthetic, {args.agreements} agreements", synth)]
        print(f"{'graph':<28} {'page':>9} {'render':>8} {'first':>8}"
              + (f" {'reference':>10} {'ratio':>6} {'same bytes':>10}" if reference else ""))
        for name, root in graphs:
            data = rows_of(root)
            first, median, html = timed(page.render, data, args.repeat)
            line = f"{name:<28} {len(html.encode()) / 1e6:>7.2f}MB {median:>7.3f}s {first:>7.3f}s"
            if reference:
                _, old_median, old_html = timed(reference, data, args.repeat)
                line += (f" {old_median:>9.3f}s {median / old_median:>5.1f}x"
                         f" {'yes' if old_html == html else 'NO':>10}")
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
