"""Virtuoso as a second real store: the default load, and the same rows on every engine.

The graph is loaded the README's way, with the default command: `kgbuild load --endpoint
.../sparql-auth`, digest credentials from the environment. Every stored query must then give
the same rows, in the same order and with the same lists, on the embedded engine, on Oxigraph
and on Virtuoso.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main
from kgbuild.query import results
from kgbuild.query.catalogue import bind, load_query
from kgbuild.rdf.vocab import BASE, SKOLEM
from kgbuild.stores import RemoteEngine

from .conftest import ROOT
from .oxigraph_server import OXIGRAPH, Server
from .virtuoso_server import ISQL, PASSWORD, SKIP_REASON, VIRTUOSO, VirtuosoServer

pytestmark = pytest.mark.skipif(
    (VIRTUOSO is None or ISQL is None or OXIGRAPH is None) and not os.environ.get("CI"),
    reason=SKIP_REASON)

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


def local_counts(ds) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in ds.graphs() if len(g)}


def invoke(*args, env=None):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args], env=env)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    running = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def stores_loaded(virtuoso, tmp_path_factory):
    """Virtuoso and Oxigraph, each loaded with the default command."""
    done = invoke("load", "--endpoint", virtuoso.auth_url, env=virtuoso.environment)
    assert done.exit_code == 0, done.output
    oxigraph = Server(tmp_path_factory.mktemp("oxigraph") / "db").start()
    again = invoke("load", "--endpoint", oxigraph.query_url)
    assert again.exit_code == 0, again.output
    yield virtuoso, oxigraph, done.output
    oxigraph.stop()


def test_default_load_with_digest_from_the_environment(stores_loaded, dataset):
    virtuoso, _, output = stores_loaded
    assert "verified: every graph's triple count matches" in output
    assert PASSWORD not in output
    assert virtuoso.counts(BASE) == local_counts(dataset)
    # The ontology's lists arrive as Skolem IRIs, which Virtuoso takes in INSERT DATA.
    rows = virtuoso.select(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                           f'FILTER (STRSTARTS(STR(?s), "{SKOLEM}")) }}')
    assert int(rows[0]["n"]["value"]) > 0


def test_loading_again_is_idempotent(stores_loaded, dataset):
    virtuoso, _, _ = stores_loaded
    done = invoke("load", "--endpoint", virtuoso.auth_url, env=virtuoso.environment)
    assert done.exit_code == 0, done.output
    assert "0 retracted graphs dropped" in done.output
    assert virtuoso.counts(BASE) == local_counts(dataset)


def test_writes_without_credentials_are_refused_in_one_line(virtuoso):
    # A process of its own, with no KGBUILD_STORE_* variables at all.
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGBUILD_STORE_")}
    done = subprocess.run([sys.executable, "-m", "kgbuild", "--root", str(ROOT), "load",
                           "--endpoint", virtuoso.auth_url, "--quiet"], env=env,
                          capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 2, done.stderr
    assert "401" in done.stderr and "KGBUILD_STORE_AUTH=digest" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_every_stored_query_is_compared():
    assert len(QUERIES) >= 20


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_stored_query_gives_identical_rows_on_three_engines(path, stores_loaded, engine,
                                                             monkeypatch):
    virtuoso, oxigraph, _ = stores_loaded
    # The rows as the stores return them: no list is sorted or cleaned by the reader.
    monkeypatch.setattr(results, "is_list_column", lambda name: False)
    query = load_query(path)
    text = bind(query, {p.name: "jeong-eun-bo" for p in query.params if p.required})
    here = engine.select(text)
    assert here.rows, f"{path.stem} answers nothing on the seed data"
    for url in (oxigraph.query_url, virtuoso.query_url):
        there = RemoteEngine(url).select(text)
        assert there.columns == here.columns
        assert there.rows == here.rows, url
