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
