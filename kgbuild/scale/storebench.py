"""Loading real servers, for `kgbuild bench --server`: `kgbuild load` beside the store's own
fastest online path, measured in the same run on the same graph.

- Oxigraph: one POST of the whole N-Quads export to `/store` (the reference), then
  `kgbuild load` (N-Quads POSTs after dropping the project's graphs), the same load again
  (every graph replaced), and the portable `INSERT DATA` path other stores get.
- Virtuoso, where `virtuoso-t` is installed: `kgbuild load` at `/sparql-auth` with digest.
Each load ends with the count check, as the command does.
"""

from __future__ import annotations

import secrets
import socket
import time
import urllib.request

from kgbuild import stores
from kgbuild.export.writers import to_nquads
from kgbuild.stores import virtuoso
from kgbuild.stores.client import DIGEST

# (key, label) in the order they are printed.
COLUMNS = [
    ("post", "one POST of the N-Quads to /store"),
    ("load", "kgbuild load"),
    ("reload", "kgbuild load again"),
    ("insert", "INSERT DATA, 2,000 a request"),
    ("virtuoso", "Virtuoso: kgbuild load"),
    ("virtuoso_reload", "Virtuoso: again"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _post(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=3600) as response:
        response.read()


def _oxigraph(action) -> float | str:
    server = stores.OxigraphServer(port=_free_port())
    try:
        server.start()
        return action(server)
    except Exception as exc:  # a failed measurement is reported, not fatal
        return str(exc)
    finally:
        server.stop()


class _Figures(dict):
    def __init__(self, echo):
        super().__init__()
        self.echo = echo

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.echo(key, value)


def server_loads(ds, echo=lambda key, value: None) -> dict:
    """Seconds per way of loading (or the error's text), and the triples loaded; `echo` hears
    each figure as it is measured."""
    body = to_nquads(ds).encode("utf-8")
    out = _Figures(echo)
    out["triples"] = sum(1 for line in body.split(b"\n") if line and not line.startswith(b"#"))
    out["post"] = _oxigraph(lambda s: _timed(lambda: _post(s.store_url, body)))

    def load_twice(server):
        first = _timed(lambda: stores.load(ds, server.query_url))
        out["reload"] = _timed(lambda: stores.load(ds, server.query_url))
        return first

    out["load"] = _oxigraph(load_twice)
    if virtuoso.available():
        password = secrets.token_urlsafe(12)
        server = virtuoso.VirtuosoServer(_free_port(), _free_port(), password)
        credentials = stores.Credentials("dba", password, DIGEST)
        try:
            server.start()
            out["virtuoso"] = _timed(lambda: stores.load(ds, server.auth_url,
                                                         credentials=credentials))
            out["virtuoso_reload"] = _timed(lambda: stores.load(ds, server.auth_url,
                                                                credentials=credentials))
        except Exception as exc:
            out["virtuoso"] = str(exc)
        finally:
            server.stop()
    out["insert"] = _oxigraph(lambda s: _timed(
        lambda: stores.load(ds, s.query_url, whole_datasets=False)))
    return dict(out)


def server_lines(results: list[dict]) -> list[str]:
    """The markdown table: seconds and triples per second, per size and way of loading."""
    measured = [r for r in results if r.get("server")]
    if not measured:
        return []
    keys = [(k, label) for k, label in COLUMNS if any(k in r["server"] for r in measured)]
    lines = ["", "#### Loading servers over HTTP", "",
             "Wall seconds (triples per second), each into a fresh server and ending with the "
             "per-graph count check, except the POST; `kgbuild load` / POST is the ratio to "
             "the store's own one-request load, measured in the same run.", "",
             "| triples | " + " | ".join(label for _, label in keys)
             + " | `kgbuild load` / POST |",
             "|---:|" + "---:|" * (len(keys) + 1)]
    for r in measured:
        srv = r["server"]
        cells = []
        for key, _ in keys:
            value = srv.get(key)
            if isinstance(value, float):
                cells.append(f"{value:.1f} ({srv['triples'] / max(value, 1e-9):,.0f})")
            else:
                cells.append("—" if value is None else f"failed: {value[:80]}")
        post, load = srv.get("post"), srv.get("load")
        ratio = (f"{load / post:.2f}×" if isinstance(post, float) and isinstance(load, float)
                 else "—")
        lines.append(f"| {srv['triples']:,} | " + " | ".join(cells) + f" | {ratio} |")
    return lines
