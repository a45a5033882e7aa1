"""Security under hostile stores and values: credentials stay with their store, the local
server takes no writes unless asked to, secrets never print, a parameter value stays data."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .conftest import ROOT
from .hostile import (
    CREDENTIALS,
    PASSWORD,
    FakeStore,
    Reply,
    assert_clean,
    assert_one_line_error,
    free_port,
    kg,
    sparql_json,
)
from .oxigraph_server import OXIGRAPH

ROWS = {"head": {"vars": ["x"]}, "results": {"bindings": []}}


# 1. Credentials never follow a redirect to another origin ------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_query_credentials_do_not_follow_a_redirect_to_another_host(status):
    with FakeStore(lambda m, p, h: sparql_json(ROWS)) as elsewhere, \
            FakeStore(lambda m, p, h: Reply(status, headers={
                "Location": elsewhere.query_url})) as store:
        done = kg("query", "run", "sources", "--endpoint", store.query_url, env=CREDENTIALS)
        assert store.authorizations(), "the store itself gets the credentials"
        assert elsewhere.authorizations() == []
        assert_clean(done)
        if done.exit_code:
            assert_one_line_error(done, mentions=["redirect", elsewhere.base])


def test_graph_store_credentials_do_not_follow_a_redirect_to_another_host():
    def answer(method, path, headers):
        if path.startswith("/query"):
            return sparql_json({"head": {"vars": ["g", "triples"]}, "results": {
                "bindings": [{"g": {"type": "uri",
                                    "value": "https://w3id.org/sma-kg/graph/gone"},
                              "triples": {"type": "literal", "value": "1"}}]}})
        return Reply(302, headers={"Location": elsewhere.base + "/store"})

    with FakeStore() as elsewhere, FakeStore(answer) as store:
        done = kg("load", "--endpoint", store.query_url, "--store-endpoint", store.store_url,
                  "--chunk-size", "1", env=CREDENTIALS)
        assert [s for s in store.seen if s.path.startswith("/store")]
        assert elsewhere.authorizations() == []
        assert_one_line_error(done, mentions=["redirect"])


def test_a_redirect_on_the_same_store_is_followed_with_the_credentials():
    def answer(method, path, headers):
        if path == "/old/query":
            return Reply(303, headers={"Location": "/query"})
        return sparql_json(ROWS)

    with FakeStore(answer) as store:
        done = kg("query", "run", "sources", "--endpoint", store.base + "/old/query",
                  env=CREDENTIALS)
        assert_clean(done, codes=(0,))
        assert [s.path for s in store.seen] == ["/old/query", "/query"]
        assert len(store.authorizations()) == 2


# 2. kgbuild serve is read-only unless asked --------------------------------------------------


def _serve(*extra):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kgbuild", "--root", str(ROOT), "serve", "--port", str(port),
         *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    try:
        url = lines.get(timeout=60).strip()
    except queue.Empty:
        process.kill()
        pytest.fail("kgbuild serve printed no URL: " + process.stderr.read())
    return process, url


def _stop(process) -> str:
    process.terminate()
    try:
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    return process.stderr.read()


def _count(url: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = urllib.request.Request(url + "?query=" + urllib.parse.quote(query),
                                     headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.read().decode().split()[1])


def _post_update(base: str, text: str) -> int:
    """As a web page's no-cors fetch would send it: form-encoded, with a foreign Origin."""
    data = urllib.parse.urlencode({"update": text}).encode()
    request = urllib.request.Request(base + "/update", data=data, headers={
        "Origin": "http://attacker.example", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.skipif(OXIGRAPH is None, reason="the Oxigraph server is not installed")
def test_serve_refuses_updates_from_anyone_by_default():
    process, url = _serve()
    try:
        before = _count(url)
        assert before > 3000
        base = url.removesuffix("/query")
        status = _post_update(base, "DROP ALL")
        assert status >= 400
        put = urllib.request.Request(base + "/store?default", data=b"<a:x> <a:y> <a:z> .",
                                     method="PUT", headers={"Content-Type": "text/turtle"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(put, timeout=10)
        assert _count(url) == before
    finally:
        errors = _stop(process)
    assert "Traceback" not in errors


@pytest.mark.skipif(OXIGRAPH is None, reason="the Oxigraph server is not installed")
def test_serve_takes_updates_only_with_the_flag():
    process, url = _serve("--allow-updates")
    try:
        assert _count(url) > 0
        assert _post_update(url.removesuffix("/query"), "DROP ALL") == 204
        assert _count(url) == 0
    finally:
        errors = _stop(process)
    assert "updates" in errors  # it says the store can be changed


# 3. Secrets are scrubbed from the raw text, before any shortening -----------------------------


@pytest.mark.parametrize("padding", [0, 280, 290, 296, 299, 320])
def test_a_password_echoed_anywhere_in_a_refusal_never_prints(padding):
    echoed = "x" * padding + " said: " + PASSWORD + " " + "y" * 50

    with FakeStore(lambda m, p, h: Reply(401, echoed)) as store:
        done = kg("query", "run", "sources", "--endpoint", store.query_url, env=CREDENTIALS)
    assert_one_line_error(done, mentions=["HTTP 401"])


def test_a_password_echoed_with_its_spaces_collapsed_never_prints():
    collapsed = " ".join(PASSWORD.split())
    with FakeStore(lambda m, p, h: Reply(500, f"bad login {collapsed}\n{PASSWORD}")) as store:
        done = kg("query", "run", "sources", "--endpoint", store.query_url, env=CREDENTIALS)
    assert_one_line_error(done, mentions=["HTTP 500"])
    assert collapsed not in done.output


# 4. A parameter value is data, whatever its characters ----------------------------------------

HOSTILE_VALUES = [
    "003\n\\\"",
    "003\\",
    "003\"",
    "'",
    "\"\"\"",
    "a'''b",
    "x\r\ny",
    "\\u0022 } ; DROP ALL ; {",
    "\" } } ; DROP ALL #",
    "tab\there",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_any_parameter_value_is_data_on_the_embedded_engine(value):
    done = kg("query", "run", "claim-evidence", "-p", f"source={value}")
    assert_clean(done, codes=(0,))
    assert "(0 rows)" in done.stdout


@pytest.mark.skipif(OXIGRAPH is None, reason="the Oxigraph server is not installed")
def test_any_parameter_value_is_data_on_a_store(tmp_path):
    from .oxigraph_server import Server

    server = Server(tmp_path / "db").start()
    try:
        assert kg("load", "--endpoint", server.query_url).exit_code == 0
        before = server.select("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        for value in HOSTILE_VALUES:
            done = kg("query", "run", "claim-evidence", "-p", f"source={value}",
                      "--endpoint", server.query_url)
            assert_clean(done, codes=(0,))
            assert "(0 rows)" in done.stdout, value
        after = server.select("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        assert before == after
    finally:
        server.stop()


def test_a_parameter_with_a_value_that_matches_rows_still_matches():
    done = kg("query", "run", "claim-evidence", "-p", "source=003")
    assert_clean(done, codes=(0,))
    assert "(0 rows)" not in done.stdout


def test_environment_is_not_changed_by_a_run():
    before = dict(os.environ)
    kg("query", "run", "sources", "--endpoint", "http://127.0.0.1:1/query", env=CREDENTIALS)
    assert dict(os.environ) == before
