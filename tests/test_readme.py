"""The README stays true: its query catalogue and examples match the project."""

import re

from click.testing import CliRunner

from kgbuild.cli.main import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_catalogue_lists_exactly_the_stored_queries():
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", README, flags=re.M))
    stored = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert listed == stored


def test_make_run_queries_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for name in re.findall(r"query run ([a-z][a-z-]*)", makefile + README):
        assert (ROOT / "queries" / f"{name}.rq").exists(), name


def test_error_example_is_what_the_tool_prints(workspace):
    facts = workspace / "graph/facts/002.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("currency: USD", "currency: USX", 1),
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(workspace), "check"])
    line = result.output.strip()
    assert line in README, line


def test_fact_example_is_in_the_data():
    example = README.split("This fact, in `graph/facts/002.yaml`:")[1].split("```yaml\n")[1]
    example = example.split("```")[0]
    assert example in (ROOT / "graph/facts/002.yaml").read_text(encoding="utf-8")


def test_conflicts_example_is_what_the_tool_prints():
    shown = README.split("and `kgbuild conflicts` lists them:\n\n```\n")[1].split("```")[0]
    result = CliRunner().invoke(main, ["--root", str(ROOT), "conflicts"])
    assert result.exit_code == 0
    assert result.stdout.strip() == shown.strip()
