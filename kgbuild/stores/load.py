"""Load the built dataset into a SPARQL 1.1 store, then check what arrived.

Loading replaces the project's graphs, never anyone else's: every graph on the server whose IRI
starts with the project's base IRI and that the dataset no longer has is dropped, and every
graph of the dataset is dropped and written again, so a load is idempotent and a reload
removes what was retracted. The dataset is named graphs only, and the stored queries use
explicit GRAPH patterns, so nothing depends on whether a store's default graph is the union of
its named graphs.
"""

import re
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kgbuild.errors import EXIT_CHECK_FAILED, one_line
from kgbuild.export.writers import to_nquads
from kgbuild.rdf.vocab import BASE
from kgbuild.stores.client import (
    DEFAULT_BACKOFF,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    Connection,
    Credentials,
    Endpoints,
    StoreError,
    redact,
)

DEFAULT_CHUNK_SIZE = 2000
# Quads per request when the store takes whole datasets: large enough that the store's own
# write, not the request, is the cost; small enough for a progress line every few seconds.
DATASET_CHUNK_SIZE = 100_000

COUNTS_QUERY = f"""SELECT ?g (COUNT(*) AS ?triples)
WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?g), "{BASE}"))
}}
GROUP BY ?g"""

Progress = Callable[[int, int], None]


class VerificationFailed(StoreError):
    """After a load, the store holds other triple counts than the dataset has."""

    exit_code = EXIT_CHECK_FAILED
    multiline = True  # a graph a line; each name comes from the store, so made one line

    def __init__(self, endpoint: str, differences: dict[str, tuple[int, int]]):
        self.differences = differences
        lines = [f"  {one_line(g)}: {local} loaded, {remote} in the store"
                 for g, (local, remote) in sorted(differences.items())[:20]]
        if len(differences) > 20:
            lines.append(f"  ... and {len(differences) - 20} more")
        super().__init__(f"the store at {one_line(endpoint)} does not hold what was loaded; "
                         f"{len(differences)} graph(s) differ:\n" + "\n".join(lines))



@dataclass
class GraphChunk:
    """Triples of one graph sent in one request; the first chunk replaces the graph."""

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
    quads = _parse(to_nquads(ds))
    for quad in quads:
        name = _graph_name(quad)
        blank = isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
        graphs.setdefault(name, set()).add(
            (not blank, f"{quad.subject} {quad.predicate} {quad.object}"))
    out = {}
    for graph in sorted(graphs):
        items = sorted(graphs[graph])
        out[graph] = GraphTriples([line for _, line in items],
                                  sum(1 for ground, _ in items if not ground))
    return out


def _parse(text: str) -> list:
    try:
        return list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:  # a literal subject, say, which no store accepts
        raise StoreError(f"the dataset is not valid RDF 1.1 to send to a store: {exc}") from None


def _graph_name(quad) -> str:
    name = quad.graph_name
    if not isinstance(name, ox.NamedNode):
        raise StoreError("the dataset has triples in its default graph; only named graphs "
                         "are loaded")
    if not name.value.startswith(BASE):
        raise StoreError(f"graph {name.value} is not under {BASE}; a later load could not "
                         "tell it is ours to replace")
    return name.value


def dataset_quads(ds) -> tuple[list[str], dict[str, int]]:
    """The N-Quads export's lines, as sent whole, and each graph's triple count.

    Nothing is parsed or formatted again: the store parses what it is sent, and refuses what
    is not RDF with its own words. The graph names are checked here, from the dataset.
    """
    counts = dataset_counts(ds)
    text = to_nquads(ds)
    # Split at "\n" alone: str.splitlines would also split at characters such as U+2028,
    # which N-Quads keeps unescaped inside literals. The export's header is a comment.
    lines = [line + "\n" for line in text.split("\n") if line and not line.startswith("#")]
    if len(lines) != sum(counts.values()):
        raise StoreError("the N-Quads export does not hold the dataset's triples one a line")
    return lines, counts


def dataset_counts(ds) -> dict[str, int]:
    """Each non-empty graph's triple count, from the dataset itself; its name is checked to
    be one a later load can replace."""
    counts: dict[str, int] = {}
    for graph in ds.graphs():
        size = len(graph)
        if not size:
            continue
        name = str(graph.identifier)
        if name == str(DATASET_DEFAULT_GRAPH_ID):
            raise StoreError("the dataset has triples in its default graph; only named graphs "
                             "are loaded")
        if not name.startswith(BASE):
            raise StoreError(f"graph {name} is not under {BASE}; a later load could not tell "
                             "it is ours to replace")
        counts[name] = size
    return counts


def graph_chunks(graphs: dict[str, GraphTriples], chunk_size: int) -> Iterator[GraphChunk]:
    """Each graph cut into chunks of at most chunk_size triples.

    A blank node label means a new node in every request, so all of a graph's blank-node
    triples travel in its first chunk (which may then be larger), the one that also drops the
    graph: sending that chunk again after a failure gives the same graph, not a second copy of
    its RDF lists.
    """
    for graph, triples in graphs.items():
        lines = triples.lines
        head = max(chunk_size, triples.blank)
        yield GraphChunk(graph, True, lines[:head])
        for start in range(head, len(lines), chunk_size):
            yield GraphChunk(graph, False, lines[start:start + chunk_size])


def batches(parts: Iterator[GraphChunk], chunk_size: int) -> Iterator[list[GraphChunk]]:
    """Chunks packed into requests of about chunk_size triples (small claim graphs share)."""
    batch: list[GraphChunk] = []
    size = 0
    for chunk in parts:
        if batch and size + len(chunk.lines) > chunk_size:
            yield batch
            batch, size = [], 0
        batch.append(chunk)
        size += len(chunk.lines)
    if batch:
        yield batch


# Literals of these types go as computed values, not constants: Virtuoso 7 refuses a duration
# constant in an update ("SR553: Literal of type xsd:duration can not be created from SQL
# value") but stores one that STRDT makes.
_COMPUTED = tuple(f"^^<http://www.w3.org/2001/XMLSchema#{name}>"
                  for name in ("duration", "yearMonthDuration", "dayTimeDuration"))


def update_text(batch: list[GraphChunk]) -> str:
    """One update request: drop the graphs that start here, then insert the batch's triples.

    A request is one transaction on stores that have them, so a small graph is replaced at
    once and a failed request leaves it as it was.
    """
    operations = [f"DROP SILENT GRAPH <{p.graph}>" for p in batch if p.first]
    blocks, computed = [], []
    for p in batch:
        lines = [line for line in p.lines if not line.endswith(_COMPUTED)]
        computed += [(p.graph, line) for line in p.lines if line.endswith(_COMPUTED)]
        if lines:
            blocks.append(f"GRAPH <{p.graph}> {{\n" + "".join(f"{line} .\n" for line in lines)
                          + "}")
    if blocks:
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    if computed:
        operations.append(_computed_insert(computed))
    return " ;\n".join(operations)


def _computed_insert(lines: list[tuple[str, str]]) -> str:
    """INSERT { ... } WHERE { BIND (STRDT(...)) } for triples whose object is such a literal."""
    names: dict[str, str] = {}
    template = []
    for graph, line in lines:
        subject, predicate, literal = line.split(" ", 2)
        name = names.setdefault(literal, f"?v{len(names)}")
        template.append(f"GRAPH <{graph}> {{ {subject} {predicate} {name} }}")
    binds = []
    for literal, name in names.items():
        text, _, datatype = literal.rpartition("^^")
        binds.append(f"BIND (STRDT({text}, {datatype}) AS {name})")
    return ("INSERT {\n" + "\n".join(template) + "\n} WHERE {\n" + "\n".join(binds)
            + "\n}")


def dataset_url(connection: Connection) -> str | None:
    """Where the store takes N-Quads of many graphs in one request, if it says it can.

    Oxigraph (its `Server` header) adds a POST of N-Quads to `/store` to the graphs the quads
    name, about four times as fast as the same triples in `INSERT DATA` (measured at 100k).
    Other stores, or a load given its own Graph Store endpoint, keep the portable requests.
    """
    if connection.endpoints.store or not connection.server.startswith("Oxigraph/"):
        return None
    parts = urllib.parse.urlsplit(connection.endpoints.query)
    if not parts.path.endswith("/query"):
        return None
    return urllib.parse.urlunsplit(parts._replace(path=parts.path[: -len("query")] + "store",
                                                  query=""))


def quad_chunks(lines: list[str], size: int) -> Iterator[tuple[str, int]]:
    """N-Quads lines in requests of `size` quads."""
    for start in range(0, len(lines), size):
        part = lines[start:start + size]
        yield "".join(part), len(part)


def drop_text(graphs: list[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)


def server_counts(connection: Connection) -> dict[str, int]:
    """Triples per graph on the server, for the graphs under the project's base IRI."""
    data = connection.select(COUNTS_QUERY)
    counts = {}
    for binding in data.get("results", {}).get("bindings", []):
        graph, triples = binding.get("g"), binding.get("triples")
        if graph and triples and graph.get("type") == "uri":
            value = triples["value"].strip()
            if not re.fullmatch(r"\d{1,15}", value):
                raise StoreError(f"the store at {redact(connection.endpoints.query)} gave "
                                 f"{value[:40]!r} as the triple count of {graph['value'][:200]}"
                                 "; a count is a whole number")
            counts[graph["value"]] = int(value)
    return counts


def compare(local: dict[str, int], remote: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {g: (local.get(g, 0), remote.get(g, 0)) for g in set(local) | set(remote)
            if local.get(g, 0) != remote.get(g, 0)}


def load(ds: Dataset, endpoint: str, update_endpoint: str | None = None,
         store_endpoint: str | None = None, *, chunk_size: int | None = None,
         progress: Progress | None = None, verify: bool = True,
         credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT,
         retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
         notice: Callable[[str], None] | None = None,
         whole_datasets: bool = True) -> LoadReport:
    """Replace the project's graphs in the store at `endpoint` with the dataset's.

    Updates go to `update_endpoint` (guessed from `endpoint` if not given) as SPARQL
    `INSERT DATA` in requests of `chunk_size` triples (default 2,000), or, if `store_endpoint`
    is given, as Graph Store Protocol PUT and POST of N-Triples; to a store that takes whole
    datasets (Oxigraph's `/store`), as POSTs of N-Quads (default 100,000 quads a request),
    after dropping the project's graphs (`whole_datasets=False`, or an `update_endpoint` given,
    keeps to `INSERT DATA`).
    `progress(done, total)` is called after every
    request, in triples. Afterwards
    the triple count of every graph is compared with the dataset's (unless `verify` is false):
    a difference raises VerificationFailed (exit code 1). Pass `Credentials.from_env()` for a
    store that needs them.
    """
    if chunk_size is not None and chunk_size < 1:
        raise StoreError("the chunk size must be at least 1 triple")
    connection = Connection(Endpoints.from_urls(endpoint, update_endpoint, store_endpoint),
                            credentials, timeout=timeout, retries=retries, backoff=backoff,
                            notice=notice)
    started = time.monotonic()
    before = server_counts(connection)  # first: it also tells which store answers
    target = None
    if whole_datasets and not update_endpoint:
        target = dataset_url(connection)
    if target:
        lines, local = dataset_quads(ds)
    else:
        graphs = graph_lines(ds)
        local = {g: len(triples.lines) for g, triples in graphs.items()}
    total = sum(local.values())
    stale = sorted(set(before) - set(local))
    done = requests = 0

    def step(sent: int) -> None:
        nonlocal done, requests
        done += sent
        requests += 1
        if progress:
            progress(done, total)

    if connection.endpoints.store:
        chunk_size = chunk_size or DEFAULT_CHUNK_SIZE
        for graph in stale:
            connection.graph_store("DELETE", graph)
            step(0)
        for chunk in graph_chunks(graphs, chunk_size):
            body = "".join(f"{line} .\n" for line in chunk.lines)
            connection.graph_store("PUT" if chunk.first else "POST", chunk.graph, body)
            step(len(chunk.lines))
    elif target:
        # Every project graph on the server goes first (the stale and those written again);
        # then the quads, which a store keeps as a set, so a request sent twice is sent once.
        present = sorted(before)
        for at in range(0, len(present), 500):
            connection.update(drop_text(present[at:at + 500]))
            step(0)
        for body, count in quad_chunks(lines, chunk_size or DATASET_CHUNK_SIZE):
            connection.send("POST", target, body, "application/n-quads", "dataset POST",
                            target)
            step(count)
    else:
        chunk_size = chunk_size or DEFAULT_CHUNK_SIZE
        for at in range(0, len(stale), 500):
            connection.update(drop_text(stale[at:at + 500]))
            step(0)
        for batch in batches(graph_chunks(graphs, chunk_size), chunk_size):
            connection.update(update_text(batch))
            step(sum(len(p.lines) for p in batch))

    report = LoadReport(endpoint=redact(endpoint), graphs=len(local), triples=total,
                        requests=requests, replaced=len(set(before) & set(local)),
                        dropped=stale, seconds=0.0, counts=local)
    if verify:
        differences = compare(local, server_counts(connection))
        if differences:
            raise VerificationFailed(report.endpoint, differences)
        report.verified = True
    report.seconds = time.monotonic() - started
    return report
