"""The curation commands are registered, documented, and run as a console script."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main

from .conftest import ROOT

COMMANDS = [["source"], ["source", "add"], ["quote"], ["suggest"], ["diff"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_curation_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_main_help_lists_them():
    listed = CliRunner().invoke(main, ["--help"]).output
    for name in ("source", "quote", "suggest", "diff"):
        assert f"  {name} " in listed


def test_quote_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "kgbuild", "--root", str(ROOT), "quote", "002",
                           "fourth round"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "fourth round" in done.stdout
