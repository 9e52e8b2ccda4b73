"""A real ``toolkit serve`` per test module, on a throwaway SQLite store, with the flags a test
needs; clients connect from loopback addresses of their own (127.0.0.2, ...) so that the
per-client limits see different visitors."""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from tests.conftest import free_port

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


@dataclass
class Served:
    port: int
    db_url: str
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, source: str = "127.0.0.2", headers: dict | None = None,
            timeout: float = 120.0) -> tuple[int, dict, str]:
        """GET ``path`` from the loopback address ``source``: status, headers, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=(source, 0))
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def health(self, timeout: float = 5.0) -> dict:
        status, _headers, body = self.get("/health", source="127.0.0.1", timeout=timeout)
        assert status == 200
        return json.loads(body)

    def rss_mb(self) -> float:
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    def wait_for(self, check, timeout: float = 120.0, what: str = "the server"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"toolkit serve exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}; log: {self.log.read_text()[-2000:]}")


def start_server(folder: Path, *flags: str, participants: int = 1) -> Served:
    db_url = f"sqlite:///{folder / 'toolkit.sqlite'}"
    port = free_port()
    log = folder / "serve.log"
    env = dict(os.environ, TOOLKIT_DB=db_url, PYTHONUNBUFFERED="1")
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "serve", "--port", str(port), "--participants", str(participants),
             *flags], cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    served = Served(port, db_url, process, log)

    def warm():
        with contextlib.suppress(OSError):
            return served.health(timeout=2)["warm"] >= participants
        return False

    try:
        served.wait_for(warm, timeout=180, what="the warm kernel pool")
    except BaseException:
        stop_server(served)
        raise
    return served


def stop_server(served: Served) -> None:
    """End the server and every kernel it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(served.process.pid, signal.SIGTERM)
    try:
        served.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(served.process.pid, signal.SIGKILL)
        served.process.wait(timeout=20)


@pytest.fixture
def serve(tmp_path):
    """A factory: ``serve(*flags, participants=1)`` starts ``toolkit serve``; all are stopped after
    the test."""
    started: list[Served] = []

    def make(*flags: str, participants: int = 1) -> Served:
        folder = tmp_path / f"serve{len(started)}"
        folder.mkdir()
        served = start_server(folder, *flags, participants=participants)
        started.append(served)
        return served

    yield make
    for served in started:
        stop_server(served)


def kernel_id_of(page: str) -> str:
    match = KERNEL_ID.search(page)
    assert match, "no kernel id in the page"
    return match.group(1)
