"""Browser tests: a real ``toolkit serve`` on a real SQLite file, driven by Debian's Chromium.

Missing Chromium is a failure, not a skip: CI installs it (``.ci/run``).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
POOL = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(base: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"{base}/health", timeout=2) as response:  # noqa: S310 (our own http URL)
            return json.loads(response.read())
    except OSError:
        return None


def settled_kernels(base: str, quiet_s: float = 3.0, timeout_s: float = 90.0) -> int:
    """The server's kernel count once it has stayed the same for ``quiet_s``: the tests share one
    server, and a kernel an earlier test left is culled, or the warm pool refills, in the
    background (a refill starts every 2 s). A count taken meanwhile could change by itself."""
    count, since = health(base)["kernels"], time.monotonic()
    deadline = since + timeout_s
    while time.monotonic() - since < quiet_s and time.monotonic() < deadline:
        time.sleep(0.25)
        now = health(base)["kernels"]
        if now != count:
            count, since = now, time.monotonic()
    return count


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """``toolkit serve`` on a fresh SQLite store; yields ``(base_url, db_url)``."""
    folder = tmp_path_factory.mktemp("serve")
    db_url = f"sqlite:///{folder / 'toolkit.sqlite'}"
    port = free_port()
    env = dict(os.environ, TOOLKIT_DB=db_url, PYTHONUNBUFFERED="1")
    log = open(folder / "serve.log", "w")  # noqa: SIM115 (open for the server's whole life)
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "serve", "--port", str(port), "--participants", str(POOL)],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        state = health(base)
        if state and state["kernels"] >= POOL:
            break
        if process.poll() is not None:
            pytest.fail(f"toolkit serve exited: {(folder / 'serve.log').read_text()[-2000:]}")
        time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail("toolkit serve did not warm its kernel pool within 180 s")
    yield base, db_url
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """A factory of pages, each in its own browser context (its own cookies: its own person)."""
    contexts = []

    def make(width: int = 1100, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
