"""Commands for scale: synthetic projects of any size and the benchmark that measures them."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from kgbuild.cli.common import project_from
from kgbuild.scale import bench, synth


@click.command("synth")
@click.option("--agreements", "-n", type=click.IntRange(min=1), required=True,
              help=f"How many agreements (about {synth.TRIPLES_PER_AGREEMENT} triples each).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder for the synthetic project (its graph/ is replaced).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed gives byte-identical files.")
@click.pass_context
def synth_cmd(ctx: click.Context, agreements: int, out: Path, seed: int) -> None:
    """Generate a synthetic project: articles, metadata, facts, and the real ontology and
    queries, shaped like the curated data and passing the same checks.

    \b
    Example:
      kgbuild synth -n 97 -o /tmp/synth-100k
    """
    template = project_from(ctx).root
    if out.resolve() == template:
        raise click.UsageError("--out must not be the project itself")
    summary = synth.generate(agreements, out, seed=seed, template=template)
    click.echo(f"wrote {summary['sources']} sources, {summary['claims']} claims for "
               f"{agreements} agreements to {out} (about {summary['estimated_triples']:,} "
               "triples)", err=True)


@click.command("bench")
@click.option("--sizes", default="10k,100k,1m", show_default=True,
              help="Comma-separated sizes in triples (k and m suffixes).")
@click.option("--baseline-timeout", type=float, default=300, show_default=True,
              help="Seconds the naive baseline may run per size (0: skip it).")
@click.option("--query-timeout", type=float, default=5, show_default=True,
              help="Seconds rdflib's engine may take on one stored query, at least: it also "
                   "runs to 25 times the default engine's time, so a stopped run proves 25x.")
@click.option("--queries/--no-queries", default=True, show_default=True,
              help="Also time every stored query on three engines (at 1M, tens of minutes: "
                   "rdflib's engine runs each to its bound).")
@click.option("--one-process", is_flag=True,
              help="Build as `kgbuild build --one-process` does: no forked reader or export "
                   "process.")
@click.option("--server/--no-server", default=False, show_default=True,
              help="Also time loading an `oxigraph serve` over HTTP.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--work", type=click.Path(file_okay=False, path_type=Path),
              help="Where the synthetic projects go (default: a temporary folder).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the markdown report here, and the raw figures as JSON beside "
                   "it.")
@click.pass_context
def bench_cmd(ctx: click.Context, sizes: str, baseline_timeout: float, query_timeout: float,
              queries: bool, one_process: bool, server: bool, seed: int, work: Path | None,
              out: Path | None) -> None:
    """Build synthetic graphs of the given sizes and print, per stage, seconds, triples per
    second and peak memory, against the naive baseline, with stored-query latencies on three
    engines, as markdown.

    \b
    Example:
      kgbuild bench --sizes 10k,100k
    """
    template = project_from(ctx).root
    try:
        wanted = [bench.parse_size(s) for s in sizes.split(",") if s.strip()]
    except ValueError:
        raise click.BadParameter(f"{sizes!r}: write sizes such as 10k,100k,1m",
                                 param_hint="--sizes") from None
    if not wanted:
        raise click.BadParameter("no sizes given", param_hint="--sizes")
    with tempfile.TemporaryDirectory(prefix="kgbench-") as scratch:
        results = bench.run(wanted, template=template, work=work or Path(scratch),
                            baseline_timeout=baseline_timeout, query_timeout=query_timeout,
                            server=server, seed=seed, queries=queries,
                            one_process=one_process,
                            echo=lambda line: click.echo(line, err=True))
    text = bench.report(results, bench.machine())
    click.echo(text)
    if out:
        out.write_text(text, encoding="utf-8")
        out.with_suffix(".json").write_text(json.dumps(results, indent=1), encoding="utf-8")


COMMANDS: list[click.Command] = [synth_cmd, bench_cmd]
