"""A real Virtuoso server process for the store tests, on 127.0.0.1 and two free ports.

Debian's `virtuoso-opensource` (Virtuoso 7.2), started in the foreground on a generated
`virtuoso.ini` whose database, logs and web root all live in a temporary folder. Written apart
from kgbuild's store client, like `oxigraph_server`, so that a fault there cannot hide itself.
Writes go, as the README says, to `/sparql-auth` with digest authentication as `dba`, whose
password the fixture sets to a value of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kgbuild.stores.virtuoso import CONFIG  # the server settings, not the code under test

from .oxigraph_server import free_port

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
USER = "dba"
PASSWORD = "vt-Pw7!never-shown"
SKIP_REASON = ("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource, "
               "which provides virtuoso-t and isql-vt)")



class VirtuosoServer:
    def __init__(self, folder: Path, buffers: int = 20000):
        self.folder = folder
        self.buffers = buffers
        self.sql_port = free_port()
        self.http_port = free_port()
        base = f"http://127.0.0.1:{self.http_port}"
        self.query_url = f"{base}/sparql"
        self.auth_url = f"{base}/sparql-auth"
        self.crud_url = f"{base}/sparql-graph-crud-auth"
        self.process: subprocess.Popen | None = None
        self.log = folder / "server.out"

    @property
    def environment(self) -> dict[str, str]:
        """The variables a user sets for `kgbuild load` to write to this server."""
        return {"KGBUILD_STORE_USER": USER, "KGBUILD_STORE_PASSWORD": PASSWORD,
                "KGBUILD_STORE_AUTH": "digest"}

    def start(self, timeout: float = 60.0) -> VirtuosoServer:
        assert VIRTUOSO and ISQL, SKIP_REASON
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(CONFIG.format(folder=self.folder, sql_port=self.sql_port,
                                  http_port=self.http_port, buffers=self.buffers,
                                  dirty=self.buffers * 3 // 4), encoding="utf-8")
        with open(self.log, "ab") as log:
            # A log file, not a pipe: a pipe nobody reads would block the server once full.
            self.process = subprocess.Popen(
                [VIRTUOSO, "+foreground", "+configfile", str(ini)],
                cwd=self.folder, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"virtuoso did not answer on port {self.http_port}: "
                                   + self.log.read_text(errors="replace")[-800:])
            time.sleep(0.1)
        # A fresh database's dba password is "dba"; the tests use one of their own, which must
        # never appear in anything kgbuild prints.
        self.isql(f"USER_SET_PASSWORD('{USER}', '{PASSWORD}');", password="dba")
        return self

    def isql(self, statement: str, password: str = PASSWORD) -> str:
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", USER, password, f"exec={statement}"],
            capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed on {statement!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    # Plain protocol requests, independent of kgbuild, to check what the server holds.

    def select(self, query: str) -> list[dict]:
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(self.query_url, data=data, headers={
            "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())["results"]["bindings"]

    def counts(self, prefix: str) -> dict[str, int]:
        """Triples per graph, for the graphs whose IRI starts with prefix (Virtuoso keeps its
        own system graphs beside ours)."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                           f'FILTER (STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g')
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
