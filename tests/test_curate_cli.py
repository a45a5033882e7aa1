"""The curation commands are registered, documented, and run as a console script."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main

from .conftest import ROOT

COMMANDS = [["source"], ["source", "add"], ["quote"], ["suggest"], ["diff"], ["entities"],
            ["suggest-score"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_curation_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_main_help_lists_them():
    listed = CliRunner().invoke(main, ["--help"]).output
    for name in ("source", "quote", "suggest", "diff", "entities", "suggest-score"):
        assert f"  {name} " in listed


def test_quote_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "kgbuild", "--root", str(ROOT), "quote", "002",
                           "fourth round"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "fourth round" in done.stdout


def entities(*args):
    return CliRunner().invoke(main, ["--root", str(ROOT), "entities", *args])


def test_entities_lists_ids_with_labels_and_other_names():
    result = entities("--type", "Party", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0] == "id,type,label,other_names,sources"
    assert any(r.startswith("united-states,Party,United States,Washington; US; U.S.,")
               for r in rows)
    assert all(",Party," in r for r in rows[1:])


def test_entities_finds_an_entity_by_another_name_ignoring_case():
    result = entities("ians", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert [r.split(",")[0] for r in result.stdout.splitlines()[1:]] == ["ians"]
    assert entities("no such thing", "-f", "csv").stdout.splitlines()[1:] == []


def test_entities_refuses_an_unknown_type():
    result = entities("--type", "Person")
    assert result.exit_code == 2 and "Person" in result.output


def test_suggest_score_prints_each_article_and_the_group():
    result = CliRunner().invoke(main, ["--root", str(ROOT), "suggest-score", "--group",
                                       "heldout"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "heldout: 5 articles"
    assert sum(1 for line in lines if line.startswith("h0")) == 5
    assert any(line.startswith("all ") for line in lines)
