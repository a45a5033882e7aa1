"""The stored-query commands: list them, run one locally or on a store."""

from __future__ import annotations

import click

from kgbuild import pipeline
from kgbuild.cli.common import notice, project_from, timeout_option
from kgbuild.query import engines
from kgbuild.query.catalogue import load_queries
from kgbuild.query.results import render

FORMATS = ("table", "csv", "json")


@click.group()
def query() -> None:
    """List and run the stored queries in queries/."""


@query.command("list")
@click.pass_context
def query_list(ctx: click.Context) -> None:
    """Name, parameters and summary of each stored query.

    \b
    Example:
      kgbuild query list
    """
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
@timeout_option
@click.pass_context
def query_run(ctx, name: str, params: tuple[str, ...], fmt: str, with_sources: bool,
              engine_name: str, endpoint: str | None, timeout: float) -> None:
    """Run the stored query NAME on the graph built from the current facts, or on a store.

    \b
    Example:
      kgbuild query run entity-facts -p entity=jeong-eun-bo --with-sources
    """
    from click.core import ParameterSource

    from kgbuild.query.catalogue import bind
    from kgbuild.query.evidence import evidence

    chosen = ctx.get_parameter_source("engine_name") == ParameterSource.COMMANDLINE
    if endpoint is not None and chosen:
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
    if endpoint is not None:
        from kgbuild import stores

        engine = stores.RemoteEngine(endpoint, stores.Credentials.from_env(), timeout=timeout,
                                     notice=notice)
    else:
        engine = engines.engine(pipeline.build(project), engine_name)
    result = engine.select(text)
    click.echo(render(result, fmt), nl=False)
    if with_sources:
        click.echo(evidence(engine, result), nl=False)


COMMANDS: list[click.Command] = [query]
