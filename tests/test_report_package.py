"""A non-editable install ships the report's template and static files.

`pip install .` into a temporary folder (no dependencies, no build isolation: the build
backend comes from the test environment), then a fresh interpreter that imports kgbuild from
that folder reads every template and static file through the package's own loader.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from .conftest import ROOT

REPORT = ROOT / "kgbuild" / "report"
CHECK = """
import json, sys
import kgbuild
from kgbuild.report.templating import environment, static_text
names = json.loads(sys.argv[1])
for name in names["templates"]:
    environment().get_template(name)
print(json.dumps({"package": kgbuild.__file__,
                  "static": {n: len(static_text(n)) for n in names["static"]}}))
"""


def _files(folder: str) -> list[str]:
    base = REPORT / folder
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())


def test_installed_package_has_the_report_templates_and_static_files(tmp_path):
    source, target = tmp_path / "source", tmp_path / "installed"
    shutil.copytree(ROOT / "kgbuild", source / "kgbuild",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(source)],
                   check=True, capture_output=True, text=True)

    templates, static = _files("templates"), _files("static")
    assert "page.html" in templates and static == ["report.css", "report.js"]
    installed = target / "kgbuild" / "report"
    for folder, names in (("templates", templates), ("static", static)):
        for name in names:
            assert (installed / folder / name).read_bytes() == \
                (REPORT / folder / name).read_bytes(), name

    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps({"templates": templates, "static": static})],
        cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    seen = json.loads(result.stdout)
    assert seen["package"].startswith(str(target)), seen["package"]
    assert all(size > 1000 for size in seen["static"].values()), seen["static"]
