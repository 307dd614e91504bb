"""A real `warlog serve` subprocess on a free loopback port, for tests that need the real HTTP server.

TestClient drives the ASGI app directly; only a real uvicorn shows what raw request targets
(``/static/../..``), lying Content-Length headers, chunked uploads and concurrent clients do.
The subprocess inherits the environment, so it runs the working tree's code.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(base: str, path: str) -> dict:
    with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:
        return json.load(response)


@contextmanager
def warlog_serve(db: str, log_path: Path, *args: str, python: str | None = None, **env: str) -> Iterator[str]:
    """Base URL of `warlog serve --db db` (extra options ``args``, extra environment ``env``); its
    output goes to ``log_path``. ``python``: the interpreter to run it with (another venv's, for the
    user-install check)."""
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [python or sys.executable, "-m", "warlog", "serve", "--db", db, "--port", str(port), *args],
            env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        try:
            while True:
                try:
                    get_json(base, "/api/health")
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"warlog serve did not start: {log_path.read_text()}") from None
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
