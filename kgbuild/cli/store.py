"""Commands that talk to external triple stores (load, serve)."""

from __future__ import annotations

import signal
import sys
import time

import click

from kgbuild import pipeline, stores
from kgbuild.cli.common import notice, progress, project_from, quiet_option, timeout_option
from kgbuild.export.writers import nquads_unordered
from kgbuild.stores.server import verify_served


class _Progress:
    """A line on stderr: triples sent and the rate so far; on a terminal it is rewritten after
    every request, elsewhere (a log) written every few seconds and at the end."""

    def __init__(self, quiet: bool = False):
        self.started = self.last = time.monotonic()
        self.quiet = quiet
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        tty = sys.stderr.isatty()
        if not tty and done < total and now - self.last < 5:
            return
        self.last = now
        seconds = max(now - self.started, 1e-9)
        end = "\r" if tty else "\n"
        click.echo(f"loading: {done:,} of {total:,} triples, {done / seconds:,.0f} triples/s",
                   err=True, nl=False)
        click.echo(end, err=True, nl=False)
        self.shown = True

    def close(self) -> None:
        if self.shown and sys.stderr.isatty():
            click.echo("", err=True)


def _summary(report: stores.LoadReport) -> str:
    text = (f"loaded {report.triples} triples in {report.graphs} graphs into {report.endpoint} "
            f"({report.requests} requests, {report.seconds:.1f} s); "
            f"{report.replaced} graphs replaced, {len(report.dropped)} retracted graphs dropped")
    if report.verified:
        return text + "; verified: every graph's triple count matches"
    return text + "; not verified"


@click.command("load")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL query endpoint, such as http://localhost:7878/query.")
@click.option("--update-endpoint", metavar="URL",
              help="Where the store takes SPARQL updates (default: from --endpoint, "
                   ".../query becomes .../update, GraphDB's .../repositories/ID gets "
                   "/statements, any other URL is used as is).")
@click.option("--store-endpoint", metavar="URL",
              help="A Graph Store Protocol endpoint (such as http://localhost:7878/store): "
                   "write each graph by PUT and POST of N-Triples instead of SPARQL updates.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Triples per request (default: 2,000 in SPARQL updates and Graph Store "
                   "requests, 100,000 to a store that takes whole datasets, as Oxigraph).")
@click.option("--no-verify", is_flag=True,
              help="Do not compare each graph's triple count in the store with the dataset's.")
@timeout_option
@quiet_option
@click.pass_context
def load_cmd(ctx: click.Context, endpoint: str, update_endpoint: str | None,
             store_endpoint: str | None, chunk_size: int, no_verify: bool,
             timeout: float, quiet: bool) -> None:
    """Check the graph and load it into a SPARQL 1.1 store, replacing the project's graphs.

    Every graph under https://w3id.org/sma-kg/ on the server is the project's: those the
    dataset no longer has are dropped, the others replaced, and other graphs are left alone,
    so loading twice gives the same store as loading once. Afterwards each graph's triple
    count in the store is compared with the dataset's; a difference exits with code 1.

    Credentials, if the store needs them, come only from the environment:
    KGBUILD_STORE_USER and KGBUILD_STORE_PASSWORD, with KGBUILD_STORE_AUTH=digest for a store
    that asks for digest authentication (Virtuoso). They are never printed.

    \b
    Example:
      kgbuild load --endpoint http://127.0.0.1:7878/query
    """
    credentials = stores.Credentials.from_env()
    ds = pipeline.check(project_from(ctx), stage=progress(quiet))
    bar = _Progress(quiet)
    try:
        report = stores.load(ds, endpoint, update_endpoint, store_endpoint,
                            chunk_size=chunk_size, progress=bar, verify=not no_verify,
                            credentials=credentials, timeout=timeout, notice=notice)
    finally:
        bar.close()
    click.echo(_summary(report), err=True)


class _Stop(Exception):
    """SIGTERM, handled like Ctrl-C."""


def _raise_stop(signum, frame):
    raise _Stop()


@click.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on: bind to another address than the loopback only on "
                   "a network you trust.")
@click.option("--allow-updates", is_flag=True,
              help="Also take SPARQL updates and Graph Store writes, from anyone who can reach "
                   "the port, a web page open in a browser here included (default: read-only).")
@quiet_option
@click.pass_context
def serve_cmd(ctx: click.Context, port: int, host: str, allow_updates: bool,
              quiet: bool) -> None:
    """Check the graph and serve it over SPARQL from an Oxigraph server, until Ctrl-C.

    Needs the Oxigraph server ('pip install oxigraph'). Its data lives in a temporary folder,
    removed when it stops. The query URL is printed on standard output once the graph is
    loaded; queries need explicit GRAPH patterns, as the stored ones have, since the default
    graph is empty. The server is read-only unless --allow-updates is given.

    \b
    Example:
      kgbuild serve --port 7878
    """
    ds = pipeline.check(project_from(ctx), stage=progress(quiet))
    server = stores.OxigraphServer(host, port)
    previous = {signal.SIGINT: signal.getsignal(signal.SIGINT),
                signal.SIGTERM: signal.signal(signal.SIGTERM, _raise_stop)}
    try:
        started = time.monotonic()
        nquads = nquads_unordered(ds)  # the server has no use for the export's order
        server.start(nquads=nquads, writable=allow_updates)
        report = verify_served(ds, server.query_url)
        report.seconds = time.monotonic() - started
        click.echo(_summary(report), err=True)
        if allow_updates:
            click.echo(f"updates are taken, from anyone who can reach port {port}: SPARQL "
                       f"update {server.update_url}, graph store {server.store_url}", err=True)
        else:
            click.echo("read-only: updates are refused (--allow-updates takes them)", err=True)
        click.echo("serving; Ctrl-C stops the server and deletes its data", err=True)
        click.echo(server.query_url)
        sys.stdout.flush()
        code = server.wait()
        raise stores.StoreError(f"the Oxigraph server stopped by itself (exit code {code}): "
                               f"{server.log_tail()}")
    except (KeyboardInterrupt, _Stop):
        click.echo("stopping the server", err=True)
    finally:
        # A second Ctrl-C must not leave the server running or its folder behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            server.stop()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


COMMANDS: list[click.Command] = [load_cmd, serve_cmd]
