"""What the hostile-input tests share: the command line run in-process or as a process, a
fake HTTP store on 127.0.0.1 that answers as it is told, and the checks every run must pass.

The fake store speaks real HTTP over a real socket; it stands in for the stores and proxies
that misbehave (redirects, garbage, silence), which a real store cannot be made to do.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from click.testing import CliRunner

from kgbuild.progress import STAGE_LINE

from .conftest import ROOT

PASSWORD = "pw-Xk7  Qz9  Wv4-nevershown"
USER = "curator"
CREDENTIALS = {"KGBUILD_STORE_USER": USER, "KGBUILD_STORE_PASSWORD": PASSWORD}
# Text that only a Python traceback or a leaked repr prints.
TRACE_MARKS = ("Traceback (most recent call last)", "Error(", "Exception:", "\n  File \"")

EMPTY_COUNTS = {"head": {"vars": ["g", "triples"]}, "results": {"bindings": []}}


def cli_main():
    """The click group, wherever the package keeps it."""
    try:
        from kgbuild.cli.main import main
    except ImportError:
        from kgbuild.cli import main
    return main


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def kg(*args: str, root: Path = ROOT, env: dict | None = None) -> Run:
    """The command line in this process (click's runner), --root first."""
    base = {"KGBUILD_STORE_USER": None, "KGBUILD_STORE_PASSWORD": None,
            "KGBUILD_STORE_AUTH": None}
    done = CliRunner().invoke(cli_main(), ["--root", str(root), *args],
                              env={**base, **(env or {})})
    exception = done.exception if not isinstance(done.exception, SystemExit) else None
    return Run(done.exit_code, done.stdout, done.stderr, exception)


def kg_process(*args, root: Path = ROOT, env: dict | None = None, timeout: float = 60,
               preexec=None, stdout=None) -> Run:
    """The command line as its own process: for bytes arguments, limits and signals."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KGBUILD_STORE_")}
    environ.update(env or {})
    command = [sys.executable, "-m", "kgbuild", "--root", str(root), *args]
    done = subprocess.run(command, stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, env=environ, timeout=timeout,
                          preexec_fn=preexec)
    out = done.stdout.decode("utf-8", "replace") if done.stdout else ""
    return Run(done.returncode, out, done.stderr.decode("utf-8", "replace"))


def assert_clean(run: Run, *, codes=(0, 1, 2), secrets=(PASSWORD,)) -> None:
    """Exit 0, 1 or 2, no traceback, no secret in any output."""
    assert run.exception is None, f"uncaught {run.exception!r}\n{run.output}"
    assert run.exit_code in codes, f"exit {run.exit_code}\n{run.output}"
    for mark in TRACE_MARKS:
        assert mark not in run.output, run.output
    for secret in secrets:
        for part in _pieces(secret):
            assert part not in run.output, f"{part!r} of a secret printed:\n{run.output}"


def _pieces(secret: str, size: int = 6) -> set[str]:
    """Every run of `size` characters of the secret (a password cut short still leaks)."""
    words = [w for w in secret.split() if len(w) >= 3]
    return {secret[i:i + size] for i in range(len(secret) - size + 1)} | set(words[:1])


def assert_one_line_error(run: Run, *, mentions=()) -> str:
    """Exit 2 with exactly one line on stderr, 'error: ...', that says each of `mentions`
    (after any notice of what a slow store is waited for, and the progress of the stages
    that finished before it)."""
    assert_clean(run, codes=(2,))
    lines = [line for line in run.stderr.strip("\n").split("\n")
             if not line.startswith("waiting for the store at ")
             and not STAGE_LINE.fullmatch(line)]  # the stages that finished before it
    assert len(lines) == 1 and lines[0].startswith("error: "), run.stderr
    for word in mentions:
        assert word in lines[0], f"{word!r} not in: {lines[0]}"
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes, hidden ones included."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# A store that answers as it is told ----------------------------------------------------------


@dataclass
class Reply:
    """One answer: an HTTP status with headers and a body, raw bytes instead of HTTP, or a
    closed connection; after `delay` seconds."""

    status: int = 200
    body: bytes | str | dict | list | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    raw: bytes | None = None
    close: bool = False

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        if self.body is None:
            return b""
        return json.dumps(self.body).encode("utf-8")


def sparql_json(body) -> Reply:
    return Reply(200, body, {"Content-Type": "application/sparql-results+json"})


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: bytes


class FakeStore:
    """An HTTP server on 127.0.0.1 whose `answer(method, path, headers)` gives each Reply.

    By default it is an empty, well-behaved store: SELECTs get no rows, updates 204, Graph
    Store writes 201.
    """

    def __init__(self, answer=None):
        self.seen: list[Seen] = []
        self.answer = answer or self.default
        store = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                store.seen.append(Seen(self.command, self.path, dict(self.headers), body))
                reply = store.answer(self.command, self.path, self.headers)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    if reply.close:
                        self.close_connection = True
                        return
                    if reply.raw is not None:
                        self.wfile.write(reply.raw)
                        self.close_connection = True
                        return
                    payload = reply.payload()
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up

            do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815 - http.server's naming

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base + "/query"
        self.store_url = self.base + "/store"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    @staticmethod
    def default(method: str, path: str, headers) -> Reply:
        if path.startswith("/query"):
            return sparql_json(EMPTY_COUNTS)
        if path.startswith("/store"):
            return Reply(201 if method in ("PUT", "POST") else 204)
        return Reply(204)

    def authorizations(self) -> list[str]:
        return [s.headers.get("Authorization", "") for s in self.seen
                if s.headers.get("Authorization")]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FakeStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
