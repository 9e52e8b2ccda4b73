"""Issue 17, item 4: a quiet, helpful ``toolkit serve``. One real server with a configured public
URL: it prints one line, no warning that means nothing to a facilitator (after a facilitator and a
self-paced page ran their kernels), compresses pages and static files but not event streams, and
puts the public URL in every link it gives out (``session new``, the lobby)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx
import pytest

from toolkit.core.data_files import package_dir

PUBLIC = "http://workshop.test:9000"
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
VOILA_STATIC = re.compile(r'(?:src|href)="(/voila/[^"?]+\.(?:js|css))')


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from tests.serve.conftest import start_server, stop_server

    server = start_server(tmp_path_factory.mktemp("quiet"), "--public-url", PUBLIC + "/")
    yield server
    stop_server(server)


def new_session(served, *extra: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "toolkit", "session", "new", "brainstorm", "--json", "--lang", "en",
                          "--db", served.db_url, *extra], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


def test_links_from_session_new_use_the_public_url(served):
    created = new_session(served)
    assert created["participant_url"] == f"{PUBLIC}/j/{created['code']}"
    assert created["facilitator_url"].startswith(f"{PUBLIC}/voila/render/live.ipynb?session={created['code']}&")
    other = new_session(served, "--base-url", "https://elsewhere.test/workshop/")
    assert other["participant_url"] == f"https://elsewhere.test/workshop/j/{other['code']}"


def test_a_bad_public_url_is_refused_in_both_languages():
    result = subprocess.run([sys.executable, "-m", "toolkit", "serve", "--public-url", "workshop.test:9000"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "'workshop.test:9000' is not a base address" in result.stderr and "Traceback" not in result.stderr


def test_the_lobby_gives_the_public_join_link(served):
    with httpx.Client(base_url=served.base, timeout=60) as http:
        csrf = CSRF.search(http.get("/lobby", params={"lang": "en"}).text).group(1)
        page = http.post("/lobby/start", data={"workshop": "brainstorm", "lang": "en", "csrf": csrf}).text
    link = re.search(r'class="tk-open-participant" href="([^"]+)"', page).group(1)
    assert re.fullmatch(rf"{re.escape(PUBLIC)}/j/[A-Z0-9]{{6}}", link)


def test_pages_and_static_files_are_compressed_event_streams_are_not(served):
    code = new_session(served)["code"]
    with httpx.Client(base_url=served.base, timeout=60, headers={"Accept-Encoding": "gzip"}) as http:
        script = http.get("/j/static/participant.js")
        assert script.headers["content-encoding"] == "gzip"
        assert script.content == (package_dir() / "web" / "static" / "participant.js").read_bytes()
        assert script.num_bytes_downloaded < len(script.content) / 2  # what was sent: compressed
        join = http.get(f"/j/{code}", params={"lang": "en"})
        assert join.headers["content-encoding"] == "gzip"
        voila = http.get("/voila/render/tone-checker.ipynb?lang=en")
        assert voila.headers["content-encoding"] == "gzip"
        for path in VOILA_STATIC.findall(voila.text)[:3]:
            assert http.get(path).headers["content-encoding"] == "gzip", path
        http.post(f"/j/{code}/join", data={"csrf": CSRF.search(join.text).group(1), "lang": "en", "role": "it"})
        with http.stream("GET", f"/j/{code}/live", params={"lang": "en"}) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            assert "content-encoding" not in stream.headers
            assert next(stream.iter_text()).startswith("retry:")


def test_one_line_and_no_meaningless_warnings(served):
    code = new_session(served)["code"]
    for page in (f"/voila/render/live.ipynb?session={code}&view=facilitator&lang=en",
                 "/voila/render/self-paced/dna-mapping.ipynb?lang=en"):
        status, _headers, _body = served.get(page, source="127.0.0.5")
        assert status == 200
    log = served.log.read_text()
    lines = [line for line in log.splitlines() if line.strip()]
    assert lines[0] == (f"Workshop toolkit: lobby at {served.base}/lobby  participants: {PUBLIC}/j  "
                        f"(store: {served.db_url})")
    assert lines[1:] == [], log


def test_behind_a_proxy_the_limits_see_each_visitor(serve):
    served = serve("--behind-proxy", "--client-pages", "1")
    page = "/voila/render/tone-checker.ipynb?lang=en"
    # Every request comes from the proxy's address (127.0.0.2 here); the header names the visitor.
    assert served.get(page, headers={"X-Real-Ip": "10.0.0.1"})[0] == 200
    assert served.get(page, headers={"X-Real-Ip": "10.0.0.1"})[0] == 503  # one kernel page a minute
    assert served.get(page, headers={"X-Real-Ip": "10.0.0.2"})[0] == 200  # another visitor
