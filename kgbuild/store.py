"""External triple stores over SPARQL 1.1: load the built dataset, check what arrived, query it.

The only module that talks to the network. Queries and updates go through SPARQLWrapper with
the request method and query type set explicitly (its guess from the text is fooled by
comments); the Graph Store HTTP Protocol, when a store endpoint is given, goes through urllib.

Loading replaces the project's graphs, never anyone else's: every graph on the server whose IRI
starts with the project's base IRI and that the dataset no longer has is dropped, and every
graph of the dataset is dropped and written again, so a load is idempotent and a reload
removes what was retracted. The dataset is named graphs only, and the stored queries use
explicit GRAPH patterns, so nothing depends on whether a store's default graph is the union of
its named graphs.

Credentials come only from the environment (KGBUILD_STORE_USER, KGBUILD_STORE_PASSWORD,
KGBUILD_STORE_AUTH=basic|digest) and never appear in a message.
"""

from __future__ import annotations

import ast
import base64
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import XSD, BNode, Dataset, Literal, URIRef
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
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from .errors import EXIT_CHECK_FAILED, KgError, QueryError
from .export import to_nquads
from .results import Result, normalise_row
from .vocab import BASE

ENV_USER = "KGBUILD_STORE_USER"
ENV_PASSWORD = "KGBUILD_STORE_PASSWORD"
ENV_AUTH = "KGBUILD_STORE_AUTH"

DEFAULT_CHUNK_SIZE = 2000
DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5

COUNTS_QUERY = f"""SELECT ?g (COUNT(*) AS ?triples)
WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?g), "{BASE}"))
}}
GROUP BY ?g"""

_STATUS_OF = {QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414,
              EndPointInternalError: 500}
_TRANSIENT = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, TimeoutError,
              http.client.RemoteDisconnected, http.client.IncompleteRead)

T = TypeVar("T")
Progress = Callable[[int, int], None]


class StoreError(KgError):
    """The store could not be reached, or refused or misunderstood a request."""


class VerificationFailed(StoreError):
    """After a load, the store holds other triple counts than the dataset has."""

    exit_code = EXIT_CHECK_FAILED

    def __init__(self, endpoint: str, differences: dict[str, tuple[int, int]]):
        self.differences = differences
        lines = [f"  {g}: {local} loaded, {remote} in the store"
                 for g, (local, remote) in sorted(differences.items())[:20]]
        if len(differences) > 20:
            lines.append(f"  ... and {len(differences) - 20} more")
        super().__init__(f"the store at {endpoint} does not hold what was loaded; "
                         f"{len(differences)} graph(s) differ:\n" + "\n".join(lines))


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
            raise StoreError(f"{ENV_AUTH} must be 'basic' or 'digest', not {auth!r}")
        if not user and not password:
            return None
        if not (user and password):
            raise StoreError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
        return cls(user, password, DIGEST if auth == "digest" else BASIC)


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"the {what} must be an http:// or https:// URL, got {_redact(url)!r}")
    if parts.username or parts.password:
        raise StoreError(f"the {what} must not carry credentials; set {ENV_USER} and "
                         f"{ENV_PASSWORD} instead")
    return url


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
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
    """Requests to one store, with timeouts, retries of transient failures and clear errors."""

    def __init__(self, endpoints: Endpoints, credentials: Credentials | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 backoff: float = DEFAULT_BACKOFF):
        self.endpoints = endpoints
        self.credentials = credentials
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._opener = self._build_opener()

    # SPARQL protocol ---------------------------------------------------------------------

    def _wrapper(self, text: str, *, update: bool) -> SPARQLWrapper:
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
        sparql.setTimeout(max(1, round(self.timeout)))
        if self.credentials:
            sparql.setHTTPAuth(self.credentials.auth)
            sparql.setCredentials(self.credentials.user, self.credentials.password)
        return sparql

    def select(self, text: str) -> dict:
        def run() -> bytes:
            response = self._wrapper(text, update=False).query().response
            return response.read()

        body = self._retrying("query", self.endpoints.query, run)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise StoreError(f"the store at {self.endpoints.query} did not answer with SPARQL "
                             f"JSON results: {self._snippet(body)}") from None
        if not isinstance(data, dict) or "head" not in data:
            raise StoreError(f"the store at {self.endpoints.query} did not answer with SPARQL "
                             "JSON results")
        return data

    def update(self, text: str) -> None:
        def run() -> None:
            self._wrapper(text, update=True).query().response.read()

        self._retrying("update", self.endpoints.update, run)

    # Graph Store HTTP Protocol -----------------------------------------------------------

    def _build_opener(self) -> urllib.request.OpenerDirector:
        handlers: list = []
        if self.credentials and self.credentials.auth == DIGEST:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (self.endpoints.store, self.endpoints.query, self.endpoints.update):
                if url:
                    passwords.add_password(None, url, self.credentials.user,
                                           self.credentials.password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        return urllib.request.build_opener(*handlers)

    def graph_url(self, graph: str) -> str:
        assert self.endpoints.store
        joiner = "&" if "?" in self.endpoints.store else "?"
        return f"{self.endpoints.store}{joiner}graph={urllib.parse.quote(graph, safe='')}"

    def graph_store(self, method: str, graph: str, ntriples: str | None = None) -> int:
        """One Graph Store request on one graph; the status (a missing graph's 404 included)."""
        url = self.graph_url(graph)

        def run() -> int:
            request = urllib.request.Request(
                url, data=ntriples.encode("utf-8") if ntriples is not None else None,
                method=method)
            if ntriples is not None:
                request.add_header("Content-Type", "application/n-triples")
            if self.credentials and self.credentials.auth == BASIC:
                request.add_header("Authorization", self._basic())
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    response.read()
                    return response.status
            except urllib.error.HTTPError as exc:
                if exc.code == 404 and method == "DELETE":
                    return 404
                raise

        return self._retrying(f"graph store {method}", self.endpoints.store or "", run)

    def _basic(self) -> str:
        assert self.credentials
        pair = f"{self.credentials.user}:{self.credentials.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    # Failures ----------------------------------------------------------------------------

    def _retrying(self, what: str, url: str, action: Callable[[], T]) -> T:
        # Re-sending is safe: every request either inserts ground triples (a set: twice is
        # once) or starts by dropping the graph it writes.
        attempt = 0
        while True:
            try:
                return action()
            except Exception as exc:
                transient, error = self._classify(exc, what, url)
                if error is None:
                    raise
                if not transient or attempt >= self.retries:
                    raise error from None
            time.sleep(self.backoff * 2 ** attempt)
            attempt += 1

    def _classify(self, exc: Exception, what: str, url: str) -> tuple[bool, KgError | None]:
        """(transient?, the error to report); None for an exception that is a bug of ours."""
        where = _redact(url)
        if isinstance(exc, SPARQLWrapperException):
            status = next((code for cls, code in _STATUS_OF.items() if isinstance(exc, cls)), 0)
            return status >= 500, self._refusal(what, where, status, _wrapper_body(exc))
        if isinstance(exc, urllib.error.HTTPError):
            try:
                body = exc.read()
            except OSError:
                body = b""
            return exc.code >= 500, self._refusal(what, where, exc.code, body)
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, _TRANSIENT):
            attempts = self.retries + 1
            return True, StoreError(f"the store at {where} stopped answering during a {what} "
                                    f"({self._scrub(str(reason) or type(reason).__name__)}; "
                                    f"{attempts} attempt{'s' if attempts > 1 else ''})")
        if isinstance(exc, OSError):
            return False, StoreError(f"cannot reach the store at {where}: "
                                     f"{self._scrub(str(reason))}; is it running, and is the "
                                     "URL right?")
        return False, None

    def _refusal(self, what: str, where: str, status: int, body: bytes) -> KgError:
        reason = http.client.responses.get(status, "")
        text = f"the store at {where} refused the {what}"
        if status:
            text += f": HTTP {status}" + (f" {reason}" if reason else "")
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
        text = " ".join(body.decode("utf-8", "replace").split())
        text = text if len(text) <= limit else text[: limit - 1] + "…"
        return self._scrub(text)

    def _scrub(self, text: str) -> str:
        """The text without the password, plain or as the Basic token a server might echo."""
        if self.credentials and self.credentials.password:
            text = text.replace(self._basic().removeprefix("Basic "), "***")
            text = text.replace(self.credentials.password, "***")
        return text


def _wrapper_body(exc: SPARQLWrapperException) -> bytes:
    """The server's text, which SPARQLWrapper keeps only inside its message (as a repr)."""
    message = str(exc)
    _, sep, tail = message.partition("\n\nResponse:\n")
    if not sep:
        return b""
    try:
        value = ast.literal_eval(tail)
    except (ValueError, SyntaxError):
        return tail.encode("utf-8")
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


# Results -----------------------------------------------------------------------------------


def from_json(term: dict | None):
    """A SPARQL JSON results term as the rdflib term local engines give for it."""
    if term is None:
        return None
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind in ("literal", "typed-literal"):  # typed-literal: SPARQL 1.0 JSON, as Virtuoso
        lang = term.get("xml:lang")
        datatype = term.get("datatype")
        if lang:
            return Literal(value, lang=lang)
        if not datatype or datatype == str(XSD.string):
            return Literal(value)
        if datatype == str(XSD.decimal):
            value = _canonical_decimal(value)
        return Literal(value, datatype=URIRef(datatype))
    if kind == "bnode":
        return BNode(value)
    raise QueryError(f"the store answered with a term of unknown type {kind!r}")


def _canonical_decimal(text: str) -> str:
    # Oxigraph, the embedded engine, writes decimals without trailing zeros ("8.2", "100");
    # other stores may write "8.20", which would then not compare equal.
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    canonical = format(number.normalize(), "f")
    return "0" if canonical in ("-0", "0") else canonical


class RemoteEngine:
    """Stored queries on a SPARQL endpoint, with rows as the embedded engines give them."""

    name = "remote"

    def __init__(self, endpoint: str, credentials: Credentials | None = None, **options):
        self.connection = Connection(Endpoints.from_urls(endpoint), credentials, **options)

    def select(self, text: str) -> Result:
        data = self.connection.select(text)
        if "results" not in data:
            raise QueryError("only SELECT queries are stored")
        columns = list(data["head"].get("vars", []))
        rows = [normalise_row(columns, [from_json(binding.get(c)) for c in columns])
                for binding in data["results"].get("bindings", [])]
        return Result(columns, rows)


# Loading -----------------------------------------------------------------------------------


@dataclass
class Piece:
    """Triples of one graph sent in one request; the first piece replaces the graph."""

    graph: str
    first: bool
    lines: list[str]


@dataclass
class LoadReport:
    endpoint: str
    graphs: int
    triples: int
    requests: int
    replaced: int
    dropped: list[str]
    seconds: float
    counts: dict[str, int]
    verified: bool = False


@dataclass
class GraphTriples:
    """One graph's triples as N-Triples term text (valid in SPARQL too), blank-node ones first."""

    lines: list[str]
    blank: int   # how many of the first lines mention a blank node


def graph_lines(ds: Dataset) -> dict[str, GraphTriples]:
    """The dataset's graphs, read back from the N-Quads export, so that the store gets exactly
    what the embedded engine answers from."""
    graphs: dict[str, set[tuple[bool, str]]] = {}
    try:
        quads = list(ox.parse(to_nquads(ds), format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:  # a literal subject, say, which no store accepts
        raise StoreError(f"the dataset is not valid RDF 1.1 to send to a store: {exc}") from None
    for quad in quads:
        name = quad.graph_name
        if not isinstance(name, ox.NamedNode):
            raise StoreError("the dataset has triples in its default graph; only named graphs "
                             "are loaded")
        if not name.value.startswith(BASE):
            raise StoreError(f"graph {name.value} is not under {BASE}; a later load could not "
                             "tell it is ours to replace")
        blank = isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
        graphs.setdefault(name.value, set()).add(
            (not blank, f"{quad.subject} {quad.predicate} {quad.object}"))
    out = {}
    for graph in sorted(graphs):
        items = sorted(graphs[graph])
        out[graph] = GraphTriples([line for _, line in items],
                                  sum(1 for ground, _ in items if not ground))
    return out


def pieces(graphs: dict[str, GraphTriples], chunk_size: int) -> Iterator[Piece]:
    """Each graph cut into pieces of at most chunk_size triples.

    A blank node label means a new node in every request, so all of a graph's blank-node
    triples travel in its first piece (which may then be larger), the one that also drops the
    graph: sending that piece again after a failure gives the same graph, not a second copy of
    its RDF lists.
    """
    for graph, triples in graphs.items():
        lines = triples.lines
        head = max(chunk_size, triples.blank)
        yield Piece(graph, True, lines[:head])
        for start in range(head, len(lines), chunk_size):
            yield Piece(graph, False, lines[start:start + chunk_size])


def batches(parts: Iterator[Piece], chunk_size: int) -> Iterator[list[Piece]]:
    """Pieces packed into requests of about chunk_size triples (small claim graphs share)."""
    batch: list[Piece] = []
    size = 0
    for piece in parts:
        if batch and size + len(piece.lines) > chunk_size:
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece.lines)
    if batch:
        yield batch


def update_text(batch: list[Piece]) -> str:
    """One update request: drop the graphs that start here, then insert the batch's triples.

    A request is one transaction on stores that have them, so a small graph is replaced at
    once and a failed request leaves it as it was.
    """
    operations = [f"DROP SILENT GRAPH <{p.graph}>" for p in batch if p.first]
    blocks = [f"GRAPH <{p.graph}> {{\n" + "".join(f"{line} .\n" for line in p.lines) + "}"
              for p in batch if p.lines]
    if blocks:
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(operations)


def drop_text(graphs: list[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)


def server_counts(connection: Connection) -> dict[str, int]:
    """Triples per graph on the server, for the graphs under the project's base IRI."""
    data = connection.select(COUNTS_QUERY)
    counts = {}
    for binding in data.get("results", {}).get("bindings", []):
        graph, triples = binding.get("g"), binding.get("triples")
        if graph and triples and graph.get("type") == "uri":
            counts[graph["value"]] = int(triples["value"])
    return counts


def compare(local: dict[str, int], remote: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {g: (local.get(g, 0), remote.get(g, 0)) for g in set(local) | set(remote)
            if local.get(g, 0) != remote.get(g, 0)}


def load(ds: Dataset, endpoint: str, update_endpoint: str | None = None,
         store_endpoint: str | None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE,
         progress: Progress | None = None, verify: bool = True,
         credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT,
         retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF) -> LoadReport:
    """Replace the project's graphs in the store at `endpoint` with the dataset's.

    Updates go to `update_endpoint` (guessed from `endpoint` if not given) as SPARQL
    `INSERT DATA`, or, if `store_endpoint` is given, as Graph Store Protocol PUT and POST of
    N-Triples. `progress(done, total)` is called after every request, in triples. Afterwards
    the triple count of every graph is compared with the dataset's (unless `verify` is false):
    a difference raises VerificationFailed (exit code 1). Pass `Credentials.from_env()` for a
    store that needs them.
    """
    if chunk_size < 1:
        raise StoreError("the chunk size must be at least 1 triple")
    connection = Connection(Endpoints.from_urls(endpoint, update_endpoint, store_endpoint),
                            credentials, timeout=timeout, retries=retries, backoff=backoff)
    started = time.monotonic()
    graphs = graph_lines(ds)
    local = {g: len(triples.lines) for g, triples in graphs.items()}
    total = sum(local.values())
    before = server_counts(connection)
    stale = sorted(set(before) - set(graphs))
    done = requests = 0

    def step(sent: int) -> None:
        nonlocal done, requests
        done += sent
        requests += 1
        if progress:
            progress(done, total)

    if connection.endpoints.store:
        for graph in stale:
            connection.graph_store("DELETE", graph)
            step(0)
        for piece in pieces(graphs, chunk_size):
            body = "".join(f"{line} .\n" for line in piece.lines)
            connection.graph_store("PUT" if piece.first else "POST", piece.graph, body)
            step(len(piece.lines))
    else:
        for at in range(0, len(stale), 500):
            connection.update(drop_text(stale[at:at + 500]))
            step(0)
        for batch in batches(pieces(graphs, chunk_size), chunk_size):
            connection.update(update_text(batch))
            step(sum(len(p.lines) for p in batch))

    report = LoadReport(endpoint=_redact(endpoint), graphs=len(graphs), triples=total,
                        requests=requests, replaced=len(set(before) & set(graphs)),
                        dropped=stale, seconds=0.0, counts=local)
    if verify:
        differences = compare(local, server_counts(connection))
        if differences:
            raise VerificationFailed(report.endpoint, differences)
        report.verified = True
    report.seconds = time.monotonic() - started
    return report


# A server of our own ----------------------------------------------------------------------


def oxigraph_binary() -> str:
    """The `oxigraph` server command, preferably the one installed beside this Python."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("oxigraph", path=path)
    if not found:
        raise StoreError("the Oxigraph server is not installed; 'pip install oxigraph' provides "
                         "the 'oxigraph' command")
    return found


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class OxigraphServer:
    """An `oxigraph serve` process on a temporary folder that is removed when it stops."""

    def __init__(self, host: str = "127.0.0.1", port: int = 7878):
        self.host = host
        self.port = port
        base = f"http://{_url_host(host)}:{port}"
        self.query_url = f"{base}/query"
        self.update_url = f"{base}/update"
        self.store_url = f"{base}/store"
        self.folder: Path | None = None
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 15.0) -> None:
        binary = oxigraph_binary()
        if self._port_taken():
            # Checked first: another server there would answer our readiness probe and take
            # the load meant for ours.
            raise StoreError(f"port {self.port} on {self.host} is already in use; choose "
                             "another with --port")
        self.folder = Path(tempfile.mkdtemp(prefix="kgbuild-serve-"))
        bind = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        with open(self.folder / "server.log", "wb") as log:
            # Its own session: a Ctrl-C in the terminal reaches only us, and we stop it in order.
            self.process = subprocess.Popen(
                [binary, "serve", "--location", str(self.folder / "db"), "--bind", bind],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise StoreError(f"the Oxigraph server did not start on {bind}: {self.log_tail()}")
            if self._answers():
                return
            if time.monotonic() > deadline:
                raise StoreError(f"the Oxigraph server on {bind} did not answer within "
                                 f"{timeout:.0f} s")
            time.sleep(0.05)

    def _port_taken(self) -> bool:
        host = _url_host(self.host).strip("[]")
        try:
            with socket.create_connection((host, self.port), timeout=1):
                return True
        except OSError:
            return False

    def _answers(self) -> bool:
        url = self.query_url + "?query=" + urllib.parse.quote("ASK {}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.status == 200
        except (OSError, http.client.HTTPException):
            return False

    def log_tail(self, lines: int = 5) -> str:
        if not self.folder or not (self.folder / "server.log").exists():
            return "(no log)"
        text = (self.folder / "server.log").read_text(encoding="utf-8", errors="replace")
        errors = [line for line in text.splitlines() if line.startswith("Error:")]
        if errors:  # what follows such a line is a stack trace, of no use to the reader
            return errors[-1]
        tail = [line for line in text.splitlines() if line.strip()][-lines:]
        return " | ".join(tail) or "(empty log)"

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server, wait for it, and remove its folder (its data with it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
