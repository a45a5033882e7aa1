"""A real Oxigraph server process for the store tests, on 127.0.0.1 and a free port.

Written apart from kgbuild.stores' own server helper, so that a fault there cannot hide
itself in the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

OXIGRAPH = shutil.which(
    "oxigraph", path=os.pathsep.join([str(Path(sys.executable).parent),
                                      os.environ.get("PATH", "")]))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nothing listens on the port: a new server could bind it (closed connections may linger
    in TIME_WAIT, which SO_REUSEADDR, as servers set it, lets a listener bind over)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class Server:
    def __init__(self, location: Path, port: int | None = None):
        self.location = location
        self.port = port or free_port()
        base = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{base}/query"
        self.update_url = f"{base}/update"
        self.store_url = f"{base}/store"
        self.process: subprocess.Popen | None = None
        self.log = location.with_name(location.name + ".log")

    def start(self, timeout: float = 10.0) -> Server:
        deadline = time.monotonic() + timeout
        while True:
            with open(self.log, "ab") as log:
                # A log file, not a pipe: a pipe nobody reads would block the server once full.
                self.process = subprocess.Popen(
                    [OXIGRAPH, "serve", "--location", str(self.location),
                     "--bind", f"127.0.0.1:{self.port}"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            while self.process.poll() is None:
                if self.answers():
                    return self
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"oxigraph did not answer on port {self.port}: "
                                       + self.log.read_text(errors="replace")[-500:])
                time.sleep(0.05)
            # A server stopped on the same folder keeps its lock for about 1.7 s: try again.
            if time.monotonic() > deadline:
                raise RuntimeError("oxigraph did not start: "
                                   + self.log.read_text(errors="replace")[-500:])
            time.sleep(0.2)

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, sig)
            self.process.wait(timeout=15)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    # Plain protocol requests, independent of kgbuild.stores, to check what the server holds.

    def select(self, query: str) -> list[dict]:
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(self.query_url, data=data, headers={
            "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["results"]["bindings"]

    def construct(self, query: str) -> str:
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(self.query_url, data=data, headers={
            "Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode("utf-8")

    def update(self, text: str) -> None:
        request = urllib.request.Request(self.update_url, data=text.encode(), headers={
            "Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def counts(self) -> dict[str, int]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                           "GROUP BY ?g")
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}

    def total(self) -> int:
        """Every quad in the store, default graph included."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                           "{ GRAPH ?g { ?s ?p ?o } } }")
        return int(rows[0]["n"]["value"])
