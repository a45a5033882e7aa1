"""The report command: a static page generated from the graph."""

from __future__ import annotations

from pathlib import Path

import click

from kgbuild.cli.common import progress, project_from, quiet_option


@click.command("report")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the page (default: site/ in the project). It is replaced "
                   "whole, so it must be new, empty or an earlier report.")
@quiet_option
@click.pass_context
def report_cmd(ctx: click.Context, out: Path | None, quiet: bool) -> None:
    """Check the graph and write a static web page of it to DIR/index.html.

    The page (timeline, payments, negotiators, every quote in its article, the ontology) is
    generated from the stored queries alone, opens from disk and needs no network. It is
    built in a temporary folder and moved into place only when complete, so a failed run
    leaves the previous report as it was.

    \b
    Example:
      kgbuild report -o site
    """
    # Imported here: the page's templates and Jinja2 cost every other command 80 ms at start.
    from kgbuild import report

    project = project_from(ctx)
    page = report.generate(project, out if out is not None else project.root / "site",
                           stage=progress(quiet))
    click.echo(f"wrote {page}", err=True)


COMMANDS: list[click.Command] = [report_cmd]
