"""Loading into a real Oxigraph server, and the stored queries answered by it.

Every server here is a real process on 127.0.0.1; the few scripted HTTP servers at the end
stand in for stores we cannot run here (digest-protected Virtuoso, a failing proxy) and speak
real HTTP.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import BNode, Graph

from kgbuild import pipeline, stores
from kgbuild.cli.main import main
from kgbuild.errors import QueryError
from kgbuild.query import terms
from kgbuild.query.catalogue import bind, load_query, parse_header
from kgbuild.rdf.vocab import BASE, GRAPH_ONTOLOGY, GRAPH_SOURCES, SKOLEM

from .conftest import ROOT
from .oxigraph_server import OXIGRAPH, Server, free_port, port_is_free

pytestmark = pytest.mark.skipif(
    OXIGRAPH is None and not os.environ.get("CI"),
    reason="the Oxigraph server is not installed (pip install oxigraph)")

QUERIES = sorted((ROOT / "queries").glob("*.rq"))
PASSWORD = "pw-Zq8!never-shown"


def local_counts(ds) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in ds.graphs() if len(g)}


def params_for(query) -> dict[str, str]:
    return {p.name: "jeong-eun-bo" for p in query.params if p.required}


@pytest.fixture
def server(tmp_path):
    assert OXIGRAPH, "the oxigraph server must be installed in CI (pip install oxigraph)"
    running = Server(tmp_path / "db").start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def loaded(tmp_path_factory, dataset):
    """One server holding the seed graph, for the tests that only read."""
    assert OXIGRAPH, "the oxigraph server must be installed in CI (pip install oxigraph)"
    running = Server(tmp_path_factory.mktemp("loaded") / "db").start()
    stores.load(dataset, running.query_url)
    yield running
    running.stop()


# Loading ------------------------------------------------------------------------------------


def test_load_puts_every_graph_on_the_server_and_verifies_it(server, dataset):
    report = stores.load(dataset, server.query_url)
    assert report.verified
    assert server.counts() == local_counts(dataset)
    assert report.triples == sum(local_counts(dataset).values())
    assert report.graphs == len(local_counts(dataset)) > 100
    assert server.total() == report.triples  # nothing in the default graph


def test_loading_twice_is_idempotent_and_leaves_other_graphs_alone(server, dataset):
    server.update("INSERT DATA { GRAPH <http://example.org/theirs> { "
                  "<http://example.org/a> <http://example.org/b> 'c' } "
                  "<http://example.org/a> <http://example.org/b> 'in the default graph' }")
    first = stores.load(dataset, server.query_url)
    after_first = server.counts()
    second = stores.load(dataset, server.query_url, chunk_size=300)
    assert server.counts() == after_first
    assert (first.replaced, second.replaced) == (0, second.graphs)
    assert second.dropped == []
    assert after_first.pop("http://example.org/theirs") == 1
    assert after_first == local_counts(dataset)
    assert server.total() == first.triples + 2


def test_graph_store_protocol_load_gives_the_same_graphs(server, dataset):
    report = stores.load(dataset, server.query_url, store_endpoint=server.store_url,
                        chunk_size=500)
    assert report.verified
    assert server.counts() == local_counts(dataset)
    stores.load(dataset, server.query_url, store_endpoint=server.store_url)
    assert server.counts() == local_counts(dataset)


@pytest.mark.parametrize("way", ["update", "graph-store", "dataset"])
def test_rdf_lists_survive_small_chunks(server, dataset, way):
    # The ontology's lists travel as Skolem IRIs: a list cut across requests stays one list,
    # and a request sent again adds nothing.
    report = stores.load(dataset, server.query_url, chunk_size=40,
                         store_endpoint=server.store_url if way == "graph-store" else None,
                         whole_datasets=way == "dataset")
    assert report.requests > 50
    text = server.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> "
                            "{ ?s ?p ?o } }")
    remote = Graph().parse(data=text, format="nt")
    local = dataset.graph(GRAPH_ONTOLOGY)
    assert not any(isinstance(t, BNode) for triple in local for t in triple)
    assert any(str(s).startswith(SKOLEM) for s in local.subjects())
    assert set(remote) == set(local)


def test_skolem_iris_are_the_same_in_every_build(project, dataset):
    again = pipeline.build(project)
    skolem = {s for s in dataset.graph(GRAPH_ONTOLOGY).subjects() if str(s).startswith(SKOLEM)}
    assert skolem and skolem == {s for s in again.graph(GRAPH_ONTOLOGY).subjects()
                                 if str(s).startswith(SKOLEM)}


def test_oxigraph_takes_the_whole_dataset_in_few_requests(server, dataset):
    report = stores.load(dataset, server.query_url)
    assert report.verified and report.requests == 1  # a first load: nothing to drop
    again = stores.load(dataset, server.query_url)
    assert again.verified and again.replaced == report.graphs
    assert server.counts() == local_counts(dataset)


def _drop_claim(workspace: Path, fact_file: str, claim_id: str) -> None:
    path = workspace / "graph" / "facts" / fact_file
    text = path.read_text(encoding="utf-8")
    block = re.compile(rf"^  - id: {re.escape(claim_id)}\n(?:    .*\n)+", re.M)
    edited, n = block.subn("", text)
    assert n == 1, f"claim {claim_id} not found once in {fact_file}"
    path.write_text(edited, encoding="utf-8")


def test_reload_after_a_retraction_removes_the_claim_graph(server, workspace):
    project = pipeline.Project(workspace)
    stores.load(pipeline.check(project), server.query_url)
    retracted = f"{BASE}claim/003/troops"
    assert retracted in server.counts()

    _drop_claim(workspace, "003.yaml", "troops")
    smaller = pipeline.check(project)
    report = stores.load(smaller, server.query_url)
    assert report.dropped == [retracted]
    assert retracted not in server.counts()
    assert server.counts() == local_counts(smaller)


def test_a_load_cut_short_by_a_dead_server_is_repaired_by_the_next(tmp_path, dataset):
    location = tmp_path / "db"
    first = Server(location).start()
    calls = []

    def kill_after_first_chunk(done, total):
        calls.append(done)
        if len(calls) == 1:
            first.kill()

    try:
        with pytest.raises(stores.StoreError, match="cannot reach the store"):
            stores.load(dataset, first.query_url, chunk_size=200,
                       progress=kill_after_first_chunk)
    finally:
        first.stop()
    assert len(calls) == 1

    second = Server(location, port=first.port).start()  # waits for the folder's lock
    try:
        expected = local_counts(dataset)
        partial = sum(second.counts().values())
        assert 0 < partial < sum(expected.values())
        report = stores.load(dataset, second.query_url)
        assert report.verified and report.replaced > 0
        assert second.counts() == expected
    finally:
        second.stop()


def test_verification_failure_lists_the_graph_and_exits_1(server, dataset):
    def meddle(done, total):
        if done == total:  # another writer, between the last chunk and the check
            server.update(f"INSERT DATA {{ GRAPH <{GRAPH_SOURCES}> {{ "
                          "<http://example.org/x> <http://example.org/y> 'z' } }")

    with pytest.raises(stores.VerificationFailed) as caught:
        stores.load(dataset, server.query_url, progress=meddle)
    assert caught.value.exit_code == 1
    local = local_counts(dataset)[str(GRAPH_SOURCES)]
    assert caught.value.differences == {str(GRAPH_SOURCES): (local, local + 1)}
    assert str(GRAPH_SOURCES) in str(caught.value)


def invoke(*args, env=None):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args], env=env)


def test_cli_load_and_query_on_the_store(server):
    done = invoke("load", "--endpoint", server.query_url, "--chunk-size", "1000")
    assert done.exit_code == 0, done.output
    assert "verified: every graph's triple count matches" in done.output
    assert "validate: checks: " in done.stderr, "the check before the load shows its stages"
    local = invoke("query", "run", "source-disagreements", "--with-sources")
    remote = invoke("query", "run", "source-disagreements", "--with-sources",
                    "--endpoint", server.query_url)
    assert remote.exit_code == 0, remote.output
    assert "Sources:" in remote.output
    assert remote.output == local.output


@pytest.mark.parametrize("command", ["load", "serve"])
def test_store_commands_have_help(command):
    done = invoke(command, "--help")
    assert done.exit_code == 0 and "Usage:" in done.output


def test_cli_engine_and_endpoint_exclude_each_other(server):
    done = invoke("query", "run", "sources", "--engine", "rdflib", "--endpoint",
                  server.query_url)
    assert done.exit_code == 2
    assert "exclude each other" in done.output


@pytest.mark.parametrize("args", [
    ["load", "--endpoint", "URL"],
    ["query", "run", "troop-strength", "--endpoint", "URL"],
], ids=["load", "query"])
def test_unreachable_store_is_one_line_exit_2(args):
    url = f"http://127.0.0.1:{free_port()}/query"
    env = {stores.ENV_USER: "admin", stores.ENV_PASSWORD: PASSWORD}
    done = invoke(*[url if a == "URL" else a for a in args], env=env)
    assert done.exit_code == 2, done.output
    assert f"error: cannot reach the store at {url}" in done.output
    assert "Traceback" not in done.output and isinstance(done.exception, SystemExit)
    assert PASSWORD not in done.output


def test_refusal_gives_status_and_the_servers_words(server):
    env = {stores.ENV_USER: "admin", stores.ENV_PASSWORD: PASSWORD}
    # Oxigraph's query URL refuses updates: the message must say so, with the status.
    done = invoke("load", "--endpoint", server.query_url, "--update-endpoint",
                  server.query_url, env=env)
    assert done.exit_code == 2
    assert "refused the update: HTTP 415" in done.output
    assert "application/sparql-update" in done.output  # Oxigraph's own explanation
    assert PASSWORD not in done.output and "Traceback" not in done.output


def test_credentials_are_read_from_the_environment_only():
    assert stores.Credentials.from_env({}) is None
    creds = stores.Credentials.from_env({stores.ENV_USER: "dba", stores.ENV_PASSWORD: PASSWORD,
                                        stores.ENV_AUTH: "Digest"})
    assert (creds.user, creds.auth) == ("dba", "DIGEST")
    assert PASSWORD not in repr(creds)
    with pytest.raises(stores.StoreError, match="both"):
        stores.Credentials.from_env({stores.ENV_USER: "dba"})
    with pytest.raises(stores.StoreError, match="basic' or 'digest"):
        stores.Credentials.from_env({stores.ENV_AUTH: "kerberos"})
    with pytest.raises(stores.StoreError, match="must not carry credentials") as caught:
        stores.load(None, f"http://dba:{PASSWORD}@127.0.0.1:1/sparql")
    assert PASSWORD not in str(caught.value)
    assert "--password" not in invoke("load", "--help").output


@pytest.mark.parametrize("endpoint,update", [
    ("http://h:7878/query", "http://h:7878/update"),
    ("http://h:3030/ds/query", "http://h:3030/ds/update"),
    ("http://h:7200/repositories/sma", "http://h:7200/repositories/sma/statements"),
    ("http://h:8890/sparql", "http://h:8890/sparql"),
])
def test_update_endpoint_guessed_from_the_query_endpoint(endpoint, update):
    assert stores.default_update_endpoint(endpoint) == update


# Stored queries on the server --------------------------------------------------------------


def test_every_stored_query_is_compared():
    assert len(QUERIES) >= 12
    assert QUERIES == sorted((ROOT / "queries").glob("*.rq"))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_stored_query_answers_the_same_remotely(path, loaded, engine):
    query = load_query(path)
    text = bind(query, params_for(query))
    here = engine.select(text)
    there = stores.RemoteEngine(loaded.query_url).select(text)
    assert there.columns == here.columns
    assert here.rows, f"{path.stem} answers nothing on the seed data"
    assert set(there.rows) == set(here.rows)


HOSTILE = ['"} ; DROP ALL ; {', "} ; DROP ALL ; {", "x' } UNION { ?s ?p ?o", "a\nb\r\nc",
           "<http://evil> } #", "\\\" ) }", "jeong-eun-bo> . ?s ?p ?o . <x", "'''", '"""',
           "\\u0022 } ; DROP ALL ; { \\u0022", "{{}}", "http://x y", "http://evil.example/x",
           "CLEAR DEFAULT", "\x00", "ü\u202e"]


def test_hostile_values_cannot_change_a_query_on_the_store(loaded, stored):
    remote = stores.RemoteEngine(loaded.query_url)
    before = loaded.counts()
    for value in HOSTILE:
        # A literal parameter: every value reaches the store, as a string that matches nothing.
        assert remote.select(bind(stored["claim-evidence"], {"source": value})).rows == [], value
    reached = 0
    for value in HOSTILE:
        # An IRI parameter: what is not an IRI is refused here; the rest matches nothing.
        try:
            text = bind(stored["entity-facts"], {"entity": value})
        except QueryError:
            continue
        assert remote.select(text).rows == [], value
        reached += 1
    assert 0 < reached < len(HOSTILE)
    assert loaded.counts() == before


@pytest.mark.parametrize("whole_datasets", [False, True], ids=["update", "dataset"])
def test_hostile_text_in_the_data_arrives_unchanged(server, whole_datasets):
    from rdflib import Dataset, Literal, URIRef

    ds = Dataset()
    graph = ds.graph(URIRef(BASE + "claim/999/hostile"))
    subject = URIRef(BASE + "id/hostile")
    for n, value in enumerate(HOSTILE + ['"} } ; DROP ALL ; INSERT DATA { GRAPH <x> { <a> <b> '
                                         '"c" } } #', "tab\there", "\\u0022"]):
        graph.add((subject, URIRef(f"{BASE}ontology#p{n}"), Literal(value)))
        graph.add((subject, URIRef(f"{BASE}ontology#q{n}"), Literal(value, lang="ko")))
    stores.load(ds, server.query_url, chunk_size=7, whole_datasets=whole_datasets)
    text = server.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert set(Graph().parse(data=text, format="nt")) == set(graph)
    assert server.total() == len(graph)


def test_the_query_endpoint_never_runs_an_update(loaded):
    before = loaded.total()
    with pytest.raises(QueryError, match="HTTP 400"):
        stores.RemoteEngine(loaded.query_url).select("SELECT * WHERE { ?s ?p ?o } ; DROP ALL")
    assert loaded.total() == before


# kgbuild serve -----------------------------------------------------------------------------


def test_serve_answers_queries_and_stops_cleanly_on_ctrl_c(tmp_path, engine, stored):
    port = free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kgbuild", "--root", str(ROOT), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                              daemon=True)
    reader.start()
    try:
        try:
            url = lines.get(timeout=60).strip()
        except queue.Empty:
            pytest.fail("kgbuild serve printed no URL")
        assert url == f"http://127.0.0.1:{port}/query"
        assert list(temp.iterdir()), "the server's data lives in a temporary folder"
        text = bind(stored["troop-strength"], {})
        assert set(stores.RemoteEngine(url).select(text).rows) == set(engine.select(text).rows)
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(timeout=5)
        process.stdout.close()
        with process.stderr:
            errors = process.stderr.read()
    assert code == 0, errors
    assert "stopping the server" in errors and "Traceback" not in errors
    assert "load engine: " in errors and "validate: checks: " in errors  # one line per stage
    assert port_is_free(port)
    assert list(temp.iterdir()) == []


def test_serve_reports_a_port_in_use(server):
    done = invoke("serve", "--port", str(server.port))
    assert done.exit_code == 2, done.output
    assert f"port {server.port} on 127.0.0.1 is already in use" in done.output
    assert "Traceback" not in done.output and "loaded" not in done.output


# Query headers as grlc reads them -----------------------------------------------------------

GRLC_DECORATORS = {"summary", "description", "endpoint", "pagination", "method", "tags",
                   "defaults", "enumerate", "endpoint_in_url", "transform"}
# grlc's own pattern for parameter variables (gquery.get_parameters).
GRLC_VARIABLE = re.compile(r"(?P<required>[_]{1,2})(?P<name>[^_]+)_?(?P<type>[a-zA-Z0-9]+)?"
                           r"_?(?P<userdefined>[a-zA-Z0-9]+)?.*$")
GRLC_TYPES = {None: "literal", "iri": "iri", "integer": "integer", "en": "en"}


def grlc_decorators(text: str):
    """As grlc's gquery.get_yaml_decorators reads them: every line that starts with '#+',
    with the '#+' stripped, is YAML. grlc turns invalid YAML into empty metadata silently,
    so here anything but a mapping fails."""
    return yaml.safe_load("\n".join(row.lstrip("#+") for row in text.split("\n")
                                    if row.startswith("#+")))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_grlc_reads_the_header_and_parameters_as_we_do(path):
    text = path.read_text(encoding="utf-8")
    header = grlc_decorators(text)
    assert isinstance(header, dict), "grlc would see no metadata"
    assert set(header) <= GRLC_DECORATORS
    assert isinstance(header["summary"], str) and header["summary"].strip()
    assert all(isinstance(tag, str) for tag in header.get("tags", []))
    assert header == parse_header(path, text)

    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    seen = {}
    for variable in set(re.findall(r"[?$](__?[A-Za-z0-9_]+)", body)):
        match = GRLC_VARIABLE.match(variable)
        seen[match["name"]] = (match["required"] == "_", GRLC_TYPES.get(match["type"]))
    ours = {p.name: (p.required, p.kind) for p in load_query(path).params}
    assert seen == ours


# Stores we cannot run here: real HTTP, scripted answers --------------------------------------


def _scripted(responses):
    """A local HTTP server answering POSTs with `responses` in turn (the last repeats)."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(dict(self.headers))
            status, body, delay = responses[min(len(seen), len(responses)) - 1]
            if callable(body):
                status, body = body(self.headers)
            time.sleep(delay)
            payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/sparql", seen


XSD = "http://www.w3.org/2001/XMLSchema#"
VIRTUOSO_JSON = {
    "head": {"vars": ["amount", "count", "name", "label", "thing"]},
    "results": {"bindings": [{
        "amount": {"type": "typed-literal", "datatype": XSD + "decimal", "value": "8.20"},
        "count": {"type": "typed-literal", "datatype": XSD + "integer", "value": "05"},
        "name": {"type": "typed-literal", "datatype": XSD + "string", "value": "Seoul"},
        "label": {"type": "literal", "xml:lang": "en", "value": "Seoul"},
        "thing": {"type": "uri", "value": BASE + "id/seoul"},
    }]},
}


@pytest.fixture
def scripted():
    servers = []

    def start(*responses):
        httpd, url, seen = _scripted(list(responses))
        servers.append(httpd)
        return url, seen

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def test_sparql_1_0_json_terms_are_normalised_like_local_ones(scripted):
    url, _ = scripted((200, VIRTUOSO_JSON, 0))
    result = stores.RemoteEngine(url).select("SELECT * WHERE { ?s ?p ?o }")
    assert result.rows == [("8.2", "5", "Seoul", "Seoul", "id:seoul")]


@pytest.mark.parametrize(("answer", "iso"), [
    ("12", "P1Y"), ("72", "P6Y"), ("18", "P1Y6M"), ("-12", "-P1Y"), ("259200.0", "P3D"),
    ("90061.5", "P1DT1H1M1.5S"), ("P1Y", "P1Y"), ("P3D", "P3D")])
def test_a_duration_kept_as_a_number_is_read_back_in_iso_form(answer, iso):
    # Virtuoso 7 answers durations as months (whole numbers) or seconds (decimals).
    term = {"type": "typed-literal", "value": answer,
            "datatype": "http://www.w3.org/2001/XMLSchema#duration"}
    assert str(terms.from_json(term)) == iso


def test_basic_credentials_are_sent_and_kept_out_of_errors(scripted):
    import base64

    expected = "Basic " + base64.b64encode(f"dba:{PASSWORD}".encode()).decode()

    def check(headers):
        sent = headers.get("Authorization", "")
        if sent == expected:
            return 200, VIRTUOSO_JSON
        # A careless server that echoes what it was sent, encoded and decoded.
        decoded = base64.b64decode(sent.removeprefix("Basic ")).decode()
        return 401, f"bad credentials {sent} ({decoded})"

    url, seen = scripted((0, check, 0))
    good = stores.Credentials("dba", PASSWORD)
    assert stores.RemoteEngine(url, good).select("SELECT * {}").rows
    with pytest.raises(stores.StoreError) as caught:
        stores.RemoteEngine(url, stores.Credentials("dba", "wrong")).select("SELECT * {}")
    assert "HTTP 401" in str(caught.value) and "KGBUILD_STORE_USER" in str(caught.value)
    done = invoke("query", "run", "sources", "--endpoint", url,
                  env={stores.ENV_USER: "dba", stores.ENV_PASSWORD: PASSWORD + "x"})
    assert done.exit_code == 2
    assert "HTTP 401" in done.output and "bad credentials Basic *** (dba:***)" in done.output
    assert PASSWORD not in done.output
    assert seen[0]["Content-Type"] == "application/x-www-form-urlencoded"


def test_transient_server_errors_are_retried_then_reported(scripted):
    url, seen = scripted((503, "busy", 0), (502, "bad gateway", 0), (200, VIRTUOSO_JSON, 0))
    engine = stores.RemoteEngine(url, backoff=0.01)
    assert engine.select("SELECT * {}").rows and len(seen) == 3

    url, seen = scripted((503, "still busy", 0))
    with pytest.raises(stores.StoreError, match="HTTP 503 Service Unavailable: still busy"):
        stores.RemoteEngine(url, retries=2, backoff=0.01).select("SELECT * {}")
    assert len(seen) == 3


def test_a_store_that_does_not_answer_in_time(scripted):
    url, seen = scripted((200, VIRTUOSO_JSON, 3))
    started = time.monotonic()
    # The timeout bounds the request with its retries: no second attempt starts after it.
    with pytest.raises(stores.StoreError, match="did not answer the query within 1 s"):
        stores.RemoteEngine(url, timeout=1, retries=1, backoff=0.01).select("SELECT * {}")
    assert time.monotonic() - started < 2
    assert len(seen) == 1
