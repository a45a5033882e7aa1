"""The `kgbuild` command line. Exit codes: 0 ok, 1 a check failed, 2 bad input or usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgbuild import export, pipeline
from kgbuild.cli import curate as cli_curate
from kgbuild.cli import report as cli_report
from kgbuild.cli import scale as cli_scale
from kgbuild.cli import store as cli_store
from kgbuild.cli.common import project_from
from kgbuild.errors import CheckFailed, InputErrors, KgError
from kgbuild.query import engines
from kgbuild.query.catalogue import load_queries
from kgbuild.query.results import render

FORMATS = ("table", "csv", "json")


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


@main.command()
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the exports (default: graph/dist).")
@click.pass_context
def build(ctx: click.Context, out: Path | None) -> None:
    """Validate the facts, build the graph, reason, check, and write every export."""
    project = project_from(ctx)
    written = pipeline.build_and_export(project, out or project.dist)
    for fmt, path in written.items():
        click.echo(f"wrote {fmt:7} {path}", err=True)


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Validate the facts and quotes, and run every violation query; write nothing."""
    project = project_from(ctx)
    ds = pipeline.check(project)
    checks = len(load_queries(project.checks_dir))
    click.echo(f"ok: {len(ds)} quads, {checks} violation queries return no rows", err=True)


@main.command("conflicts")
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True)
@click.pass_context
def conflicts_cmd(ctx: click.Context, fmt: str) -> None:
    """List where sources disagree: each value with its source, claim and quote.

    Disagreements are information, not errors: the exit code is 0 whatever is found.
    """
    from kgbuild.query.conflicts import conflicts, render_json, render_text

    project = project_from(ctx)
    found = conflicts(pipeline.check_with_engine(project)[1], project.queries_dir)
    click.echo((render_json if fmt == "json" else render_text)(found), nl=False)


@main.group()
def query() -> None:
    """List and run the stored queries in queries/."""


@query.command("list")
@click.pass_context
def query_list(ctx: click.Context) -> None:
    """Name, parameters and summary of each stored query."""
    for q in load_queries(project_from(ctx).queries_dir).values():
        params = " ".join(f"{p.name}=" + ("VALUE" if p.required else "[VALUE]")
                          for p in q.params)
        click.echo(f"{q.name:24} {q.summary}" + (f"  [{params}]" if params else ""))


@query.command("run")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--with-sources", is_flag=True,
              help="After the rows, print the quote behind every claim they cite.")
@click.option("--engine", "engine_name", type=click.Choice(engines.ENGINES), default="oxigraph",
              show_default=True, help="The embedded SPARQL engine.")
@click.option("--endpoint", metavar="URL",
              help="Run on this SPARQL endpoint (a store loaded with 'kgbuild load') instead "
                   "of on a graph built here. Credentials as for 'kgbuild load'.")
@click.pass_context
def query_run(ctx, name: str, params: tuple[str, ...], fmt: str, with_sources: bool,
              engine_name: str, endpoint: str | None) -> None:
    """Run the stored query NAME on the graph built from the current facts, or on a store."""
    from click.core import ParameterSource

    from kgbuild.query.catalogue import bind
    from kgbuild.query.evidence import evidence

    if endpoint and ctx.get_parameter_source("engine_name") == ParameterSource.COMMANDLINE:
        raise click.UsageError("--engine and --endpoint exclude each other")

    project = project_from(ctx)
    stored = load_queries(project.queries_dir)
    if name not in stored:
        raise click.UsageError(f"no stored query '{name}' (see 'kgbuild query list')")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes KEY=VALUE, got {item!r}")
        values[key] = value
    text = bind(stored[name], values)
    if endpoint:
        from kgbuild import stores

        engine = stores.RemoteEngine(endpoint, stores.Credentials.from_env())
    else:
        engine = engines.engine(pipeline.build(project), engine_name)
    result = engine.select(text)
    click.echo(render(result, fmt), nl=False)
    if with_sources:
        click.echo(evidence(engine, result), nl=False)


@main.command("export")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(export.FORMATS)),
              default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Build the graph and write one serialisation of it."""
    ds = pipeline.check(project_from(ctx))
    text = export.serialize(ds, fmt)
    if output:
        export.write_atomic(output, text)
        click.echo(f"wrote {fmt} {output}", err=True)
    else:
        click.echo(text, nl=False)


# Commands defined in their own modules (stores, report, curation).
for _command in (*cli_store.COMMANDS, *cli_report.COMMANDS, *cli_curate.COMMANDS,
                 *cli_scale.COMMANDS):
    main.add_command(_command)
