"""Stores that answer badly, URLs that are not URLs, servers that never answer: one line, exit
2, within the time asked for, and never the password."""

from __future__ import annotations

import time

import pytest

from .hostile import (
    CREDENTIALS,
    EMPTY_COUNTS,
    PASSWORD,
    FakeStore,
    Reply,
    assert_clean,
    assert_one_line_error,
    free_port,
    kg,
    sparql_json,
)

GRAPH = "https://w3id.org/sma-kg/graph/source/000"


def query_on(store: FakeStore, *extra, env=None):
    return kg("query", "run", "sources", "--endpoint", store.query_url, *extra, env=env)


def load_on(store: FakeStore, *extra, env=None):
    return kg("load", "--endpoint", store.query_url, *extra, env=env)


# 10. Malformed replies -------------------------------------------------------------------------

BAD_JSON = {
    "bindings-of-numbers": {"head": {"vars": ["x"]}, "results": {"bindings": [1]}},
    "head-a-list": {"head": [], "results": {"bindings": []}},
    "results-null": {"head": {"vars": ["x"]}, "results": None},
    "vars-a-text": {"head": {"vars": "x"}, "results": {"bindings": []}},
    "vars-of-numbers": {"head": {"vars": [1, None]}, "results": {"bindings": []}},
    "binding-a-text": {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": "seoul"}]}},
    "term-without-value": {"head": {"vars": ["x"]},
                           "results": {"bindings": [{"x": {"type": "uri"}}]}},
    "term-of-unknown-type": {"head": {"vars": ["x"]},
                             "results": {"bindings": [{"x": {"type": "blob", "value": "1"}}]}},
    "value-a-number": {"head": {"vars": ["x"]},
                       "results": {"bindings": [{"x": {"type": "literal", "value": 12}}]}},
    "datatype-a-list": {"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "1", "datatype": ["a"]}}]}},
    "lang-a-number": {"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "1", "xml:lang": 5}}]}},
    "top-a-list": [1, 2, 3],
    "top-a-number": 7,
    "boolean-only": {"head": {}, "boolean": True},
}


@pytest.mark.parametrize("body", BAD_JSON.values(), ids=BAD_JSON.keys())
def test_a_query_reply_that_is_not_sparql_results(body):
    with FakeStore(lambda m, p, h: sparql_json(body)) as store:
        done = query_on(store)
    assert_one_line_error(done, mentions=[store.query_url])


RAW = {
    "not-http": Reply(raw=b"SSH-2.0-OpenSSH_9.2\r\n"),
    "garbage-status": Reply(raw=b"HTTP/1.1 abc Nonsense\r\n\r\n"),
    "closed": Reply(close=True),
    "short-body": Reply(raw=b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"head\""),
    "bad-utf8": Reply(200, b"\xff\xfe{\"head\"", {"Content-Type": "application/json"}),
    "deep-json": Reply(200, "[" * 200000 + "]" * 200000),
    "huge-number": Reply(200, '{"head": {"vars": ["x"]}, "results": {"bindings": '
                              '[{"x": {"type": "literal", "value": "1", "n": '
                              + "9" * 100000 + "}}]}}"),
    "empty": Reply(200, b""),
    "html": Reply(200, "<html><body>It works!</body></html>"),
    "status-999": Reply(999, "what"),
    "status-100": Reply(raw=b"HTTP/1.1 100 Continue\r\n\r\n"),
}


@pytest.mark.parametrize("reply", RAW.values(), ids=RAW.keys())
def test_a_reply_that_is_not_http_or_not_json(reply):
    with FakeStore(lambda m, p, h: reply) as store:
        done = kg("query", "run", "sources", "--endpoint", store.query_url, "--timeout", "5",
                  env=CREDENTIALS)
    assert_one_line_error(done, mentions=[store.query_url])


@pytest.mark.parametrize("count", ['"lots"', '"-1"', '""', '"1e999"', '"' + "9" * 5000 + '"',
                                   "null", '{"x": 1}'])
def test_a_triple_count_that_is_not_a_number(count):
    def answer(method, path, headers):
        if path.startswith("/query"):
            return Reply(200, '{"head": {"vars": ["g", "triples"]}, "results": {"bindings": '
                              f'[{{"g": {{"type": "uri", "value": "{GRAPH}"}}, '
                              f'"triples": {{"type": "literal", "value": {count}}}}}]}}}}')
        return Reply(204)

    with FakeStore(answer) as store:
        done = load_on(store)
    assert_one_line_error(done, mentions=[store.query_url])


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:abc/query", "http://127.0.0.1:99999/query", "http://127.0.0.1:-1/query",
    "http://127.0.0.1/que ry", "http://127.0.0.1/query\n", "http://127.0.0.1/\r\nX-A: b",
    "http://[::1/query", "http://exa\x00mple.org/", "http:///query", "ftp://127.0.0.1/query",
    "file:///etc/passwd", "127.0.0.1:7878/query", "", "http://" + "a" * 300 + ".org/",
    "http://user:" + PASSWORD + "@127.0.0.1/query",
])
@pytest.mark.parametrize("command", ["query", "load"])
def test_a_store_url_that_is_not_one(url, command):
    if command == "query":
        done = kg("query", "run", "sources", "--endpoint", url, "--timeout", "3")
    else:
        done = kg("load", "--endpoint", url, "--timeout", "3")
    assert_one_line_error(done, mentions=["URL" if "a" * 300 not in url else "store"])


@pytest.mark.parametrize("option", ["--update-endpoint", "--store-endpoint"])
@pytest.mark.parametrize("url", ["http://127.0.0.1:abc/x", "http://127.0.0.1/a b",
                                 "gopher://127.0.0.1/"])
def test_other_store_urls_that_are_not_ones(option, url):
    with FakeStore() as store:
        done = load_on(store, option, url)
    assert_one_line_error(done, mentions=[option.removeprefix("--").replace("-", " ")
                                          .replace(" endpoint", "")])


CHALLENGES = {
    "negotiate": ("basic", 'Negotiate'),
    "ntlm-when-digest": ("digest", "NTLM"),
    "digest-sha512": ("digest", 'Digest realm="r", nonce="n", algorithm=SHA-512-256, qop="auth"'),
    "digest-unknown-algorithm": ("digest", 'Digest realm="r", nonce="n", algorithm=ROT13'),
    "digest-no-nonce": ("digest", 'Digest realm="r"'),
    "digest-garbage": ("digest", 'Digest ,,,=,="'),
    "bearer": ("digest", 'Bearer realm="r"'),
    "basic-when-digest": ("digest", 'Basic realm="r"'),
}


@pytest.mark.parametrize("auth,challenge", CHALLENGES.values(), ids=CHALLENGES.keys())
def test_an_authentication_challenge_we_cannot_answer(auth, challenge):
    reply = Reply(401, "who are you", {"WWW-Authenticate": challenge})
    with FakeStore(lambda m, p, h: reply) as store:
        done = query_on(store, env={**CREDENTIALS, "KGBUILD_STORE_AUTH": auth})
    line = assert_one_line_error(done, mentions=[store.query_url])
    assert "HTTP 401" in line or "authentication" in line
    assert len(store.seen) < 10


def test_store_credentials_from_a_broken_environment():
    with FakeStore() as store:
        done = query_on(store, env={**CREDENTIALS, "KGBUILD_STORE_AUTH": "ntlm\nX"})
    assert_one_line_error(done, mentions=["KGBUILD_STORE_AUTH"])
    assert store.seen == []


def test_a_password_that_cannot_go_in_a_header():
    with FakeStore() as store:
        done = query_on(store, env={"KGBUILD_STORE_USER": "u",
                                    "KGBUILD_STORE_PASSWORD": "a\r\nX-Evil: 1"})
    assert_one_line_error(done, mentions=["KGBUILD_STORE_PASSWORD"])
    assert all("X-Evil" not in s.headers for s in store.seen)


def test_a_load_whose_graph_store_refuses_every_write():
    def answer(method, path, headers):
        if path.startswith("/query"):
            return sparql_json(EMPTY_COUNTS)
        return Reply(405, "read only")

    with FakeStore(answer) as store:
        done = load_on(store, "--store-endpoint", store.store_url)
    assert_one_line_error(done, mentions=["HTTP 405"])


# 13. A server that never answers: bounded, and saying what is waited for ------------------------


def test_a_store_that_never_answers_is_given_up_on_within_the_timeout():
    with FakeStore(lambda m, p, h: Reply(delay=60)) as store:
        started = time.monotonic()
        done = query_on(store, "--timeout", "2")
        took = time.monotonic() - started
    assert took < 6, f"{took:.1f} s for a 2 s timeout"
    assert_clean(done, codes=(2,))
    assert "waiting" in done.stderr and store.query_url in done.stderr
    assert done.stderr.strip().split("\n")[-1].startswith("error: ")
    assert "2 s" in done.stderr.strip().split("\n")[-1]


def test_a_load_from_a_silent_store_is_bounded_too():
    with FakeStore(lambda m, p, h: Reply(delay=60)) as store:
        started = time.monotonic()
        done = load_on(store, "--timeout", "2")
        took = time.monotonic() - started
    assert took < 6
    assert_clean(done, codes=(2,))
    assert "error: " in done.stderr and "2 s" in done.stderr


def test_retries_stop_when_the_time_is_up():
    with FakeStore(lambda m, p, h: Reply(503, "busy", delay=0.8)) as store:
        started = time.monotonic()
        done = query_on(store, "--timeout", "2")
        took = time.monotonic() - started
    assert took < 4
    line = assert_one_line_error(done, mentions=[store.query_url])
    assert "HTTP 503" in line or "within 2 s" in line


@pytest.mark.parametrize("value", ["0", "-1", "abc", "nan", "inf", "1e999"])
def test_a_timeout_that_is_not_a_positive_number(value):
    with FakeStore() as store:
        done = query_on(store, "--timeout", value)
    assert_clean(done, codes=(2,))
    assert "--timeout" in done.stderr
    assert store.seen == []


def test_nothing_listens_where_the_store_should_be():
    url = f"http://127.0.0.1:{free_port()}/query"
    done = kg("query", "run", "sources", "--endpoint", url, "--timeout", "3", env=CREDENTIALS)
    assert_one_line_error(done, mentions=[url])


def test_digest_credentials_answer_the_stores_own_challenge_only():
    """Digest still works through our own opener, and the answer names our user and path."""
    rows = {"head": {"vars": ["x"]}, "results": {"bindings": []}}

    def answer(method, path, headers):
        sent = headers.get("Authorization", "")
        if sent.startswith("Digest ") and 'username="curator"' in sent \
                and 'uri="/query"' in sent:
            return sparql_json(rows)
        return Reply(401, "log in", {"WWW-Authenticate":
                                     'Digest realm="SPARQL", nonce="abc123", qop="auth", '
                                     'algorithm=MD5'})

    with FakeStore(answer) as store:
        done = query_on(store, env={**CREDENTIALS, "KGBUILD_STORE_AUTH": "digest"})
    assert_clean(done, codes=(0,))
    assert "(0 rows)" in done.stdout
    assert all(PASSWORD not in s.headers.get("Authorization", "") for s in store.seen)


def test_a_graph_name_from_the_store_cannot_forge_a_line_of_the_report():
    forged = "https://w3id.org/sma-kg/a\\nerror: forged line"  # sorts first: shown

    def answer(method, path, headers):
        if path.startswith("/query"):
            return Reply(200, '{"head": {"vars": ["g", "triples"]}, "results": {"bindings": '
                              f'[{{"g": {{"type": "uri", "value": "{forged}"}}, '
                              '"triples": {"type": "literal", "value": "1"}}]}}')
        return Reply(204)

    with FakeStore(answer) as store:
        done = load_on(store)
    assert_clean(done, codes=(1,))
    assert "does not hold what was loaded" in done.stderr
    assert not any(line.startswith("error: forged") for line in done.stderr.splitlines())
    assert "sma-kg/a\\nerror: forged line" in done.stderr  # shown, escaped, on its own line
