"""Random command lines against random store replies.

Whatever the arguments and whatever a fake store on 127.0.0.1 answers (garbage, silence,
redirects to another host, any status, any JSON), a run exits 0, 1 or 2, prints no traceback
and no piece of the password, sends the credentials to no other host, and changes no file but
its outputs. Bounded to about a minute, so it runs with the rest of the suite.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ROOT
from .hostile import (
    CREDENTIALS,
    EMPTY_COUNTS,
    FakeStore,
    Reply,
    assert_clean,
    kg,
    snapshot,
    sparql_json,
)

QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
PARAMS = ["source", "entity", "x", "", "source=", "entity\n"]

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
hostile_text = st.one_of(
    text,
    st.sampled_from(["\n", "\\", "\"", "'''", "\x85", "\u2028", "}", "{", "#", "<>", "\x00",
                     "DROP ALL", "\" } ; DROP ALL #", "\udcff", "..", "/dev/zero", "%00"]),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["head", "vars", "results", "bindings", "type", "value", "datatype",
                         "xml:lang", "g", "triples", "x", "boolean"]) | text, inner,
        max_size=4),
    max_leaves=12)


def _term(kind, value):
    return {"type": kind, "value": value}


plausible = st.builds(
    lambda names, rows: {"head": {"vars": names},
                         "results": {"bindings": [dict(zip(names, row, strict=False))
                                                  for row in rows]}},
    st.lists(st.sampled_from(["g", "triples", "source", "x"]), max_size=3, unique=True),
    st.lists(st.lists(st.builds(_term, st.sampled_from(["uri", "literal", "bnode",
                                                        "typed-literal", "blob"]),
                                text | st.integers()), max_size=3), max_size=3))


@st.composite
def replies(draw, elsewhere: str):
    kind = draw(st.sampled_from(["json", "plausible", "garbage", "raw", "close", "status",
                                 "slow", "redirect", "empty-counts"]))
    if kind == "json":
        return sparql_json(draw(json_values))
    if kind == "plausible":
        return sparql_json(draw(plausible))
    if kind == "garbage":
        return Reply(draw(st.sampled_from([200, 201, 204])), draw(st.binary(max_size=200)))
    if kind == "raw":
        return Reply(raw=draw(st.binary(min_size=1, max_size=100)))
    if kind == "close":
        return Reply(close=True)
    if kind == "status":
        status = draw(st.integers(400, 599))
        header = draw(st.sampled_from([{}, {"WWW-Authenticate": "Digest realm=\"r\""},
                                       {"WWW-Authenticate": "Negotiate"},
                                       {"Retry-After": "99999"}]))
        return Reply(status, draw(text), header)
    if kind == "slow":
        return Reply(delay=draw(st.floats(0.5, 1.6)), body=EMPTY_COUNTS)
    if kind == "redirect":
        target = draw(st.sampled_from([elsewhere + "/query", elsewhere + "/store", "/query",
                                       "ftp://127.0.0.1/x", "http://[::1", "", "\x00"]))
        return Reply(draw(st.sampled_from([301, 302, 303, 307, 308])),
                     headers={"Location": target})
    return sparql_json(EMPTY_COUNTS)


@pytest.fixture(scope="module")
def stores():
    with FakeStore() as elsewhere, FakeStore() as store:
        yield store, elsewhere


def command_lines(store: FakeStore, out: str):
    url = st.sampled_from([store.query_url, store.base + "/sparql", store.query_url + "?x=1"])
    query_name = st.sampled_from(QUERIES) | hostile_text
    param = st.builds(lambda k, v: ["-p", f"{k}={v}"], st.sampled_from(PARAMS), hostile_text)
    timeout = st.sampled_from([[], ["--timeout", "1"], ["--timeout", "1.5"]])
    remote = st.builds(lambda name, params, fmt, u, t: ["query", "run", name,
                                                         *sum(params, []), "-f", fmt,
                                                         "--endpoint", u, *t],
                       query_name, st.lists(param, max_size=2),
                       st.sampled_from(["table", "csv", "json"]), url, timeout)
    local = st.builds(lambda name, params: ["query", "run", name, *sum(params, [])],
                      query_name, st.lists(param, max_size=2))
    load = st.builds(lambda u, gs, size, t: ["load", "--endpoint", u, *gs,
                                             "--chunk-size", size, *t],
                     url, st.sampled_from([[], ["--store-endpoint", store.store_url]]),
                     st.sampled_from(["1", "500", "100000"]), timeout)
    export = st.builds(lambda fmt, name: ["export", "-f", fmt, "-o", f"{out}/{name}"],
                       st.sampled_from(["turtle", "trig", "nquads", "jsonld"]),
                       st.text(string.ascii_letters + ".-_", min_size=1, max_size=12))
    quote = st.builds(lambda s, t: ["quote", s, t],
                      st.sampled_from(["000", "003", "../000", "9"]) | hostile_text,
                      hostile_text)
    return st.one_of(remote, remote, load, load, local, export, quote)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_commands_against_random_store_replies(data, stores, tmp_path_factory):
    store, elsewhere = stores
    out = tmp_path_factory.mktemp("fuzz-out")
    reply_for = data.draw(st.lists(replies(elsewhere.base), min_size=1, max_size=3),
                          label="replies")
    seen = len(store.seen)
    store.answer = lambda m, p, h: reply_for[min(len(store.seen) - seen - 1,
                                                 len(reply_for) - 1)]
    args = data.draw(command_lines(store, str(out)), label="command")
    leaked_before = len(elsewhere.authorizations())
    before = _project()
    done = kg(*args, env=CREDENTIALS)
    assert_clean(done)
    assert len(elsewhere.authorizations()) == leaked_before, "credentials went to another host"
    assert _project() == before


def _project() -> dict[str, bytes]:
    files = {}
    for part in ("graph/facts", "graph/sources", "queries", "ontology"):
        files.update({f"{part}/{k}": v for k, v in snapshot(ROOT / part).items()})
    return files
