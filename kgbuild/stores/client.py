"""A SPARQL 1.1 client for external stores: queries, updates, the Graph Store protocol.

Queries and updates go through SPARQLWrapper with the request method and query type set
explicitly (its guess from the text is fooled by comments); the Graph Store HTTP Protocol goes
through urllib. Transient failures are retried.

Credentials come only from the environment (KGBUILD_STORE_USER, KGBUILD_STORE_PASSWORD,
KGBUILD_STORE_AUTH=basic|digest) and never appear in a message.
"""

from __future__ import annotations

import base64
import http.client
import json
import math
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from SPARQLWrapper import (
    BASIC,
    DIGEST,
    INSERT,
    JSON,
    POST,
    POSTDIRECTLY,
    SELECT,
    URLENCODED,
    SPARQLWrapper,
)

from kgbuild.errors import KgError, QueryError
from kgbuild.inputs.urls import url_problem
from kgbuild.query.results import Result, normalise_row
from kgbuild.query.terms import from_json
from kgbuild.stores import transport

ENV_USER = "KGBUILD_STORE_USER"
ENV_PASSWORD = "KGBUILD_STORE_PASSWORD"
ENV_AUTH = "KGBUILD_STORE_AUTH"

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5

_TRANSIENT = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, TimeoutError,
              http.client.RemoteDisconnected, http.client.IncompleteRead)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

T = TypeVar("T")


class StoreError(KgError):
    """The store could not be reached, or refused or misunderstood a request."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)
    auth: str = BASIC

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Credentials | None:
        env = os.environ if environ is None else environ
        user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
        auth = env.get(ENV_AUTH, "basic").strip().lower()
        if auth not in ("basic", "digest"):
            raise StoreError(f"{ENV_AUTH} must be 'basic' or 'digest', not {auth[:40]!r}")
        if not user and not password:
            return None
        if not (user and password):
            raise StoreError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
        for name, value in ((ENV_USER, user), (ENV_PASSWORD, password)):
            # A line break would end the Authorization header and start another.
            if _CONTROL.search(value):
                raise StoreError(f"{name} holds a control character or line break; set it "
                                 "to the text alone")
        if ":" in user:
            raise StoreError(f"{ENV_USER} must not contain ':' (basic authentication "
                             "separates user and password with it)")
        return cls(user, password, DIGEST if auth == "digest" else BASIC)


def _check_url(url: str, what: str) -> str:
    problem = url_problem(url, ascii_only=True)
    if problem:
        raise StoreError(f"the {what} URL {redact(url)!r} cannot be used: {problem}")
    if urllib.parse.urlsplit(url).username or urllib.parse.urlsplit(url).password:
        raise StoreError(f"the {what} URL must not carry credentials; set {ENV_USER} and "
                         f"{ENV_PASSWORD} instead")
    return url


def redact(url: str) -> str:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises for a malformed port
    except ValueError:
        return re.sub(r"//[^/@]*@", "//", url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


def default_update_endpoint(endpoint: str) -> str:
    """Where a store takes updates, guessed from its query URL (override when it differs)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path
    if path.endswith("/query"):           # Oxigraph, Fuseki's /dataset/query
        path = path[: -len("query")] + "update"
    elif re.search(r"/repositories/[^/]+/?$", path):   # GraphDB and RDF4J
        path = path.rstrip("/") + "/statements"
    return urllib.parse.urlunsplit(parts._replace(path=path))


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    store: str | None = None

    @classmethod
    def from_urls(cls, endpoint: str, update: str | None = None,
                  store: str | None = None) -> Endpoints:
        _check_url(endpoint, "query endpoint")
        update = _check_url(update, "update endpoint") if update else \
            default_update_endpoint(endpoint)
        if store:
            _check_url(store, "graph store endpoint")
        return cls(endpoint, update, store)


class Connection:
    """Requests to one store: retried when the failure is transient, each bounded by
    `timeout` seconds in all (its retries included), with clear errors."""

    def __init__(self, endpoints: Endpoints, credentials: Credentials | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 backoff: float = DEFAULT_BACKOFF,
                 notice: Callable[[str], None] | None = None):
        if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
            raise StoreError(f"the timeout must be a positive number of seconds, not {timeout}")
        self.endpoints = endpoints
        self.credentials = credentials
        self.timeout = float(timeout)
        self.retries = retries
        self.backoff = backoff
        self.notice = notice
        self.server = ""  # the store's name and version, from its answers' Server header
        urls = [u for u in (endpoints.store, endpoints.query, endpoints.update) if u]
        self._opener = transport.opener(
            credentials, urls, digest=bool(credentials and credentials.auth == DIGEST))

    def _open(self, request: urllib.request.Request, timeout: float) -> tuple[int, bytes]:
        """Send one request with the credentials; its status and body."""
        if self.credentials and self.credentials.auth == BASIC:
            request.add_header("Authorization", self._basic())
        try:
            with self._opener.open(request, timeout=timeout) as response:
                # The store's name tells the loader what else it accepts.
                self.server = response.headers.get("Server", "") or self.server
                return response.status, transport.read_reply(response)
        except (IndexError, KeyError) as exc:  # urllib, reading a malformed challenge
            raise ValueError("an authentication challenge it cannot read") from exc

    # SPARQL protocol ---------------------------------------------------------------------

    def _request(self, text: str, *, update: bool) -> urllib.request.Request:
        sparql = SPARQLWrapper(self.endpoints.query, updateEndpoint=self.endpoints.update)
        with warnings.catch_warnings():
            # Its regex guess of the query type warns on text it cannot classify; the type is
            # set below in any case.
            warnings.simplefilter("ignore", RuntimeWarning)
            sparql.setQuery(text)
        sparql.queryType = INSERT if update else SELECT
        sparql.setMethod(POST)
        # Updates as the request body (Fuseki needs it); queries URL-encoded, which every
        # SPARQL 1.1 store accepts and which keeps long queries out of the URL.
        sparql.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
        sparql.setReturnFormat(JSON)
        # SPARQLWrapper builds the request; we send it ourselves, since its own sending keeps
        # the Authorization header across redirects to any host, and for digest replaces
        # urllib's global opener.
        return sparql._createRequest()

    def select(self, text: str) -> dict:
        body = self._retrying("query", self.endpoints.query,
                              lambda t: self._open(self._request(text, update=False), t)[1])
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise StoreError(f"the store at {redact(self.endpoints.query)} did not answer with "
                             f"SPARQL JSON results: {self._snippet(body)}") from None
        problem = _results_problem(data)
        if problem:
            raise StoreError(f"the store at {redact(self.endpoints.query)} did not answer with "
                             f"SPARQL JSON results: {problem}")
        return data

    def update(self, text: str) -> None:
        self._retrying("update", self.endpoints.update,
                       lambda t: self._open(self._request(text, update=True), t))

    # Graph Store HTTP Protocol -----------------------------------------------------------

    def graph_url(self, graph: str) -> str:
        assert self.endpoints.store
        joiner = "&" if "?" in self.endpoints.store else "?"
        return f"{self.endpoints.store}{joiner}graph={urllib.parse.quote(graph, safe='')}"

    def graph_store(self, method: str, graph: str, ntriples: str | None = None) -> int:
        """One Graph Store request on one graph; the status (a missing graph's 404 included)."""
        return self.send(method, self.graph_url(graph), ntriples, "application/n-triples",
                         f"graph store {method}", self.endpoints.store or "")

    def send(self, method: str, url: str, body: str | None, content_type: str, what: str,
             where: str) -> int:
        """One plain HTTP request with the connection's credentials, timeout and retries."""

        def run(timeout: float) -> int:
            request = urllib.request.Request(
                url, data=body.encode("utf-8") if body is not None else None, method=method)
            if body is not None:
                request.add_header("Content-Type", content_type)
            try:
                return self._open(request, timeout)[0]
            except urllib.error.HTTPError as exc:
                if exc.code == 404 and method == "DELETE":
                    return 404
                raise

        return self._retrying(what, where, run)

    def _basic(self) -> str:
        assert self.credentials
        pair = f"{self.credentials.user}:{self.credentials.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    # Failures ----------------------------------------------------------------------------

    def _retrying(self, what: str, url: str, action: Callable[[float], T]) -> T:
        # Re-sending is safe: every request either inserts ground triples (a set: twice is
        # once) or starts by dropping the graph it writes.
        deadline = time.monotonic() + self.timeout
        attempt = 0
        text = (f"waiting for the store at {redact(url)} to answer the {what} (at most "
                f"{self.timeout:g} s; --timeout sets it)")
        with transport.waiting(self.notice, text, min(transport.NOTICE_AFTER,
                                                      self.timeout / 2)):
            while True:
                attempt += 1
                try:
                    return action(max(0.01, deadline - time.monotonic()))
                except Exception as exc:
                    transient, error = self._classify(exc, what, url, attempt)
                    if error is None:
                        raise
                    pause = self.backoff * 2 ** (attempt - 1)
                    if not transient or attempt > self.retries or \
                            time.monotonic() + pause >= deadline:
                        raise error from None
                time.sleep(pause)

    def _classify(self, exc: Exception, what: str, url: str,
                  attempts: int) -> tuple[bool, KgError | None]:
        """(transient?, the error to report); None for an exception that is a bug of ours."""
        where = redact(url)
        tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
        if isinstance(exc, transport.RedirectRefused):
            return False, StoreError(
                f"the store at {where} redirected the {what} to another origin (host, port or "
                f"scheme), {redact(exc.target)[:200]!r}, and the credentials are not sent "
                "there; give that address instead if it is the store")
        if isinstance(exc, transport.ReplyTooLarge):
            return False, StoreError(f"the store at {where} answered the {what} with more "
                                     f"than {transport.MAX_REPLY_BYTES} bytes")
        if isinstance(exc, urllib.error.HTTPError):
            try:
                body = exc.read()
            except (OSError, http.client.HTTPException):
                body = b""
            return exc.code >= 500, self._refusal(what, where, exc.code, body)
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            return True, StoreError(f"the store at {where} did not answer the {what} within "
                                    f"{self.timeout:g} s ({tries}); is it up? --timeout "
                                    "gives it longer")
        if isinstance(reason, _TRANSIENT):
            return True, StoreError(f"the store at {where} stopped answering during a {what} "
                                    f"({self._scrub(str(reason) or type(reason).__name__)}; "
                                    f"{tries})")
        if isinstance(reason, http.client.HTTPException):
            return False, StoreError(f"the store at {where} answered the {what} with something "
                                     f"that is not HTTP ({type(reason).__name__}); is this the "
                                     "URL of a SPARQL endpoint?")
        if isinstance(reason, OSError):
            return False, StoreError(f"cannot reach the store at {where}: "
                                     f"{self._scrub(str(reason))}; is it running, and is the "
                                     "URL right?")
        if isinstance(reason, ValueError):  # an unusable challenge, header or address
            return False, StoreError(f"the store at {where} asks for authentication, or sends "
                                     f"a reply, that kgbuild cannot handle: "
                                     f"{self._snippet(str(reason).encode())}")
        return False, None

    def _refusal(self, what: str, where: str, status: int, body: bytes) -> KgError:
        reason = http.client.responses.get(status, "")
        text = f"the store at {where} refused the {what}"
        if status:
            text += f": HTTP {status}" + (f" {reason}" if reason else "")
        if 300 <= status < 400:
            text += " (a redirect that could not be followed; give the address it points to)"
        snippet = self._snippet(body)
        if snippet:
            text += f": {snippet}"
        if status in (401, 403):
            text += (f" (set {ENV_USER} and {ENV_PASSWORD}, and {ENV_AUTH}=digest for a store "
                     "that asks for digest authentication, such as Virtuoso)")
        if what == "query" and status == 400:
            return QueryError(text)
        return StoreError(text)

    def _snippet(self, body: bytes, limit: int = 300) -> str:
        # Scrubbed before anything else: collapsing spaces or cutting the text could leave a
        # password that no longer matches, whole or in part.
        text = self._scrub(body.decode("utf-8", "replace"))
        text = self._scrub(" ".join(text.split()))
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def _scrub(self, text: str) -> str:
        """The text without the password: as given, with its spaces collapsed, or as the
        Basic token a server might echo."""
        if self.credentials and self.credentials.password:
            password = self.credentials.password
            for secret in (self._basic().removeprefix("Basic "), password,
                           " ".join(password.split())):
                if secret.strip():
                    text = text.replace(secret, "***")
        return text


def _results_problem(data) -> str | None:
    """What makes `data` no SPARQL 1.1 JSON results, or None."""
    if not isinstance(data, dict) or not isinstance(data.get("head"), dict):
        return "no 'head' object"
    names = data["head"].get("vars", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return "'head.vars' is not a list of names"
    if "results" not in data:
        return None if isinstance(data.get("boolean"), bool) else "neither results nor boolean"
    results = data["results"]
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        return "'results.bindings' is not a list"
    for row in results["bindings"]:
        if not isinstance(row, dict):
            return f"a row is {type(row).__name__}, not an object"
        for term in row.values():
            if not isinstance(term, dict) or not isinstance(term.get("type"), str) \
                    or not isinstance(term.get("value"), str):
                return "a term without a text 'type' and 'value'"
            if any(k in term and not isinstance(term[k], str) for k in ("datatype", "xml:lang")):
                return "a term whose datatype or language is not text"
            if term["type"] not in ("uri", "literal", "typed-literal", "bnode"):
                return f"a term of unknown type {term['type'][:40]!r}"
    return None


# Results -----------------------------------------------------------------------------------


class RemoteEngine:
    """Stored queries on a SPARQL endpoint, with rows as the embedded engines give them."""

    name = "remote"

    def __init__(self, endpoint: str, credentials: Credentials | None = None, **options):
        self.connection = Connection(Endpoints.from_urls(endpoint), credentials, **options)

    def select(self, text: str) -> Result:
        data = self.connection.select(text)
        if "results" not in data:
            raise QueryError(f"the store at {redact(self.connection.endpoints.query)} answered "
                             "yes or no, not rows; only SELECT queries are stored")
        columns = list(data["head"].get("vars", []))
        rows = [normalise_row(columns, [from_json(binding.get(c)) for c in columns])
                for binding in data["results"].get("bindings", [])]
        return Result(columns, rows)
