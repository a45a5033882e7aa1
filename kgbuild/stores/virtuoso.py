"""A Virtuoso 7 server of our own, for the benchmark: Debian's `virtuoso-t` on a generated
configuration whose database lives in a temporary folder, removed when it stops."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from kgbuild.stores.client import StoreError
from kgbuild.stores.server import LocalServer

CONFIG = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
; 8 KB pages: Virtuoso's guide gives about 85,000 per 1 GB of memory for the database.
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4

[SPARQL]
; The per-graph counts of a large graph have more rows than Debian's default of 10,000.
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 3600
MaxQueryCostEstimationTime = 0
"""


def available() -> bool:
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


class VirtuosoServer(LocalServer):
    """`virtuoso-t +foreground` on free ports; writes at /sparql-auth as dba with a password
    set at start."""

    stop_seconds = 60.0  # the time the benchmark has always given it

    def __init__(self, http_port: int, sql_port: int, password: str, buffers: int = 170_000):
        self.http_port, self.sql_port, self.password = http_port, sql_port, password
        self.buffers = buffers
        base = f"http://127.0.0.1:{http_port}"
        super().__init__(f"{base}/sparql")
        self.auth_url = f"{base}/sparql-auth"

    def start(self, timeout: float = 120.0) -> None:
        if not available():
            raise StoreError("Virtuoso is not installed (Debian: virtuoso-opensource)")
        self.folder = Path(tempfile.mkdtemp(prefix="kgbuild-virtuoso-"))
        config = self.folder / "virtuoso.ini"
        config.write_text(CONFIG.format(folder=self.folder, sql_port=self.sql_port,
                                        http_port=self.http_port, buffers=self.buffers,
                                        dirty=self.buffers * 3 // 4), encoding="utf-8")
        with open(self.folder / "server.log", "wb") as log:
            self.process = subprocess.Popen(
                ["virtuoso-t", "+foreground", "+configfile", str(config)], cwd=self.folder,
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise StoreError("the Virtuoso server did not start")
            time.sleep(0.2)
        # A fresh database's dba password is "dba".
        subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba",
                        f"exec=USER_SET_PASSWORD('dba', '{self.password}');"],
                       capture_output=True, timeout=60, check=True)
