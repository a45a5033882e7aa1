"""The `kgbuild` command line. Exit codes: 0 ok, 1 a check failed, 2 bad input or usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgbuild.cli import curate as cli_curate
from kgbuild.cli import graph as cli_graph
from kgbuild.cli import query as cli_query
from kgbuild.cli import report as cli_report
from kgbuild.cli import scale as cli_scale
from kgbuild.cli import store as cli_store
from kgbuild.errors import CheckFailed, InputErrors, KgError


class _Group(click.Group):
    """Turns the project's own errors into one line on stderr and their exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputErrors as exc:
            for error in exc.errors:
                click.echo(f"error: {error}", err=True)
            click.echo(f"{len(exc.errors)} problems; nothing was written", err=True)
            sys.exit(exc.exit_code)
        except CheckFailed as exc:
            click.echo(exc.report, err=True)
            sys.exit(exc.exit_code)
        except KgError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


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
