"""Every command is in the README's command table and has --help with an example."""

import click
import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND_TABLE = README.split("## The command line")[1].split("\n## ")[0]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield " ".join(path)


COMMANDS = list(_commands(main))


def test_there_are_commands_to_check():
    # A count check: a broken walk of the command tree must not pass vacuously.
    assert len(COMMANDS) >= 15, COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_commands_are_documented(command):
    assert f"kgbuild {command}" in COMMAND_TABLE, (
        f"`kgbuild {command}` is missing from the README's command table")


@pytest.mark.parametrize("command", COMMANDS)
def test_commands_have_help_with_an_example(command):
    result = CliRunner().invoke(main, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    examples = result.output.split("Example:")
    assert len(examples) > 1, f"`kgbuild {command} --help` shows no example"
    assert f"kgbuild {command}" in examples[1], examples[1]
