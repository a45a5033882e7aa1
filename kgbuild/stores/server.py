"""An `oxigraph serve` process of our own, on a temporary folder, for `kgbuild serve`."""


import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kgbuild.stores.client import Connection, Endpoints, StoreError
from kgbuild.stores.load import (
    LoadReport,
    VerificationFailed,
    compare,
    dataset_counts,
    server_counts,
)


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


class LocalServer:
    """A store server process of our own, on a temporary folder removed when it stops."""

    # How long a terminated server may take to stop before it is killed.
    stop_seconds = 10.0

    def __init__(self, query_url: str):
        self.query_url = query_url
        self.folder: Path | None = None
        self.process: subprocess.Popen | None = None

    def _answers(self) -> bool:
        url = self.query_url + "?query=" + urllib.parse.quote("ASK {}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.status == 200
        except (OSError, http.client.HTTPException):
            return False

    def stop(self) -> None:
        """Terminate the server, wait for it, and remove its folder (its data with it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(self.stop_seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


class OxigraphServer(LocalServer):
    """An `oxigraph serve` process on a temporary folder that is removed when it stops.

    Given N-Quads, it loads them into the folder before the server starts, and then serves
    read-only unless `writable`: an update or Graph Store write gets an error, so no page open
    in a browser on this machine can change or empty the store (a no-cors POST needs no
    permission from the server).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 7878):
        self.host = host
        self.port = port
        base = f"http://{_url_host(host)}:{port}"
        super().__init__(f"{base}/query")
        self.update_url = f"{base}/update"
        self.store_url = f"{base}/store"

    def start(self, timeout: float = 15.0, *, nquads: str | None = None,
              writable: bool = True) -> None:
        binary = oxigraph_binary()
        if self._port_taken():
            # Checked first: another server there would answer our readiness probe and take
            # the load meant for ours.
            raise StoreError(f"port {self.port} on {self.host} is already in use; choose "
                             "another with --port")
        self.folder = Path(tempfile.mkdtemp(prefix="kgbuild-serve-"))
        bind = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        if nquads is not None:
            self._load(binary, nquads)
        command = "serve" if writable else "serve-read-only"
        with open(self.folder / "server.log", "ab") as log:
            # Its own session: a Ctrl-C in the terminal reaches only us, and we stop it in order.
            self.process = subprocess.Popen(
                [binary, command, "--location", str(self.folder / "db"), "--bind", bind],
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

    def _load(self, binary: str, nquads: str) -> None:
        """The dataset into the store's folder, before any server opens it."""
        assert self.folder is not None
        data = self.folder / "dataset.nq"
        data.write_text(nquads, encoding="utf-8")
        with open(self.folder / "server.log", "ab") as log:
            done = subprocess.run([binary, "load", "--location", str(self.folder / "db"),
                                   "--file", str(data)], stdin=subprocess.DEVNULL, stdout=log,
                                  stderr=log)
        data.unlink()
        if done.returncode:
            raise StoreError(f"Oxigraph could not load the dataset: {self.log_tail()}")

    def _port_taken(self) -> bool:
        host = _url_host(self.host).strip("[]")
        try:
            with socket.create_connection((host, self.port), timeout=1):
                return True
        except OSError:
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



def verify_served(ds, endpoint: str) -> LoadReport:
    """Check that the server at `endpoint` holds exactly the dataset's graphs, as `load`
    verifies a load; the report of what it holds."""
    local = dataset_counts(ds)
    differences = compare(local, server_counts(Connection(Endpoints.from_urls(endpoint))))
    if differences:
        raise VerificationFailed(endpoint, differences)
    return LoadReport(endpoint=endpoint, graphs=len(local), triples=sum(local.values()),
                      requests=1, replaced=0, dropped=[], seconds=0.0, counts=local,
                      verified=True)
