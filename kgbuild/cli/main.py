"""The `kgbuild` command line. Exit codes: 0 ok, 1 a check failed, 2 bad input or usage."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from kgbuild.cli import curate as cli_curate
from kgbuild.cli import graph as cli_graph
from kgbuild.cli import query as cli_query
from kgbuild.cli import report as cli_report
from kgbuild.cli import scale as cli_scale
from kgbuild.cli import store as cli_store
from kgbuild.errors import (
    EXIT_BAD_INPUT,
    CheckFailed,
    InputErrors,
    KgError,
    one_line,
)


class _Group(click.Group):
    """Turns the project's own errors into one line on stderr and their exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Python hands over bytes that are not UTF-8 as lone surrogates, which no file, query
        # or store can take: refused here, once, for every command and option.
        for at, arg in enumerate(args):
            bad = re.search("[\udc80-\udcff]", arg)
            if bad:
                name = _argument_name(args, at)
                shown = one_line(arg[:60])
                click.echo(f"error: {name} ({shown!r}): the argument is not valid UTF-8 (byte "
                           f"0x{ord(bad.group()) - 0xdc00:02x}); give it in UTF-8", err=True)
                ctx.exit(EXIT_BAD_INPUT)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or closed pipe shows here, not at exit
            return result
        except InputErrors as exc:
            for error in exc.errors:
                click.echo(f"error: {error}", err=True)
            click.echo(f"{len(exc.errors)} problems; nothing was written", err=True)
            sys.exit(exc.exit_code)
        except CheckFailed as exc:
            click.echo(exc.report, err=True)
            sys.exit(exc.exit_code)
        except KgError as exc:
            # A message laid out on several lines made each line safe itself.
            text = str(exc) if exc.multiline else one_line(str(exc))
            click.echo(f"error: {text}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader has all it wanted (`kgbuild export | head`): stop without a word.
            _silence_stdout()
            sys.exit(0)
        except OSError as exc:
            click.echo(f"error: {_os_error(exc)}", err=True)
            _silence_stdout()
            sys.exit(EXIT_BAD_INPUT)


def _argument_name(args: list[str], at: int) -> str:
    """The option an argument belongs to, by its long name, or 'argument N'."""
    arg = args[at]
    if arg.startswith("--"):
        return one_line(arg.split("=", 1)[0])
    flag = args[at - 1] if at and args[at - 1].startswith("-") else None
    if flag is None:
        return f"argument {at + 1}"
    return _long_name(main, flag) or one_line(flag)


def _long_name(command: click.Command, flag: str) -> str | None:
    for param in command.params:
        if isinstance(param, click.Option) and flag in param.opts:
            return max(param.opts, key=len)
    for sub in getattr(command, "commands", {}).values():
        found = _long_name(sub, flag)
        if found:
            return found
    return None


def _os_error(exc: OSError) -> str:
    """One line for a file the system would not let us write or read."""
    if exc.filename is None:
        # Writes to a file of ours report their file; one without is standard output.
        return (f"cannot write to standard output: {exc.strerror or exc}; is the disk "
                "full?")
    return one_line(f"{exc.filename}: {exc.strerror or exc}; check the path and that it "
                    "can be written")


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what could
    not be written does not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner's buffer)


@click.group(cls=_Group)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="The project folder (default: the one around the current directory).")
@click.version_option(package_name="sma-kgbuild")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Build, check, query and export the SMA knowledge graph."""
    ctx.obj = {"root": root}


# Each command group lives in its own module.
for _module in (cli_graph, cli_query, cli_store, cli_report, cli_curate, cli_scale):
    for _command in _module.COMMANDS:
        main.add_command(_command)
