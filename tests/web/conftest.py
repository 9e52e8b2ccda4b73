"""Server-level tests of the participant page: a real ``toolkit serve``, real HTTP."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port


def start_serve(folder: Path, db_url: str) -> tuple[subprocess.Popen, str]:
    """``toolkit serve`` on ``db_url``; returns the process and its base URL once /j answers."""
    port = free_port()
    env = dict(os.environ, TOOLKIT_DB=db_url, PYTHONUNBUFFERED="1")
    log = open(folder / "serve.log", "w")  # noqa: SIM115 (open for the server's whole life)
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "serve", "--port", str(port), "--participants", "1", "--db", db_url],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"toolkit serve exited: {(folder / 'serve.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/j", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.terminate()
    pytest.fail("toolkit serve did not answer on /j within 120 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def web_server(tmp_path_factory):
    """``toolkit serve`` on a fresh SQLite store; yields ``(base_url, db_url)``."""
    folder = tmp_path_factory.mktemp("web")
    db_url = f"sqlite:///{folder / 'toolkit.sqlite'}"
    process, base = start_serve(folder, db_url)
    yield base, db_url
    stop(process)


CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


class Person:
    """One browser without JavaScript: its own cookies, posting the page's forms."""

    def __init__(self, base: str, code: str, lang: str = "en") -> None:
        self.base, self.code, self.lang = base, code, lang
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)

    def page(self, **params) -> httpx.Response:
        return self.http.get(f"/j/{self.code}", params={"lang": self.lang, **params})

    def csrf(self) -> str:
        return CSRF.search(self.page().text).group(1)

    def join(self, role: str = "marketing", name: str = "") -> httpx.Response:
        csrf = self.csrf()
        response = self.http.post(f"/j/{self.code}/join", data={"csrf": csrf, "lang": self.lang, "role": role,
                                                                 "name": name})
        assert response.status_code == 303, response.text
        return response

    def post(self, action: str, fetch: bool = True, csrf: str | None = None, **fields) -> httpx.Response:
        data = {"csrf": self.csrf() if csrf is None else csrf, "lang": self.lang, **fields}
        headers = {"X-TK-Fetch": "1"} if fetch else {}
        return self.http.post(f"/j/{self.code}/{action}", data=data, headers=headers)

    def close(self) -> None:
        self.http.close()
