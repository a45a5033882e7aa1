"""What every command module shares: finding the project from the click context."""

from __future__ import annotations

import click

from kgbuild import pipeline
from kgbuild.progress import Progress

quiet_option = click.option(
    "--quiet", "-q", is_flag=True,
    help="Show no progress. Otherwise each stage is shown on standard error: live on a "
         "terminal, one line per stage elsewhere.")


def progress(quiet: bool) -> Progress:
    """The stage hook that shows the pipeline's progress on standard error."""
    return Progress("quiet" if quiet else "auto")


def project_from(ctx: click.Context) -> pipeline.Project:
    root = ctx.find_root().obj.get("root") if ctx.find_root().obj else None
    return pipeline.find_project(root)


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value != value:  # NaN passes every range check
        raise click.BadParameter("not a number", ctx=ctx, param=param)
    return value


def timeout_option(command):
    """--timeout for the commands that talk to a store."""
    return click.option(
        "--timeout", type=click.FloatRange(min=0, min_open=True, max=86400), default=60.0,
        show_default=True, metavar="SECONDS", callback=_finite,
        help="Longest a request to the store may take, its retries included; after a few "
             "seconds the command says what it is waiting for.")(command)


def notice(text: str) -> None:
    """A word on stderr while something slow goes on."""
    click.echo(text, err=True)
