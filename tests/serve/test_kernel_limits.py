"""Issue 18, item 3: page loads cannot start unlimited kernels or drain the warm pool, and a
self-paced page leaves the shared store alone. Each test runs a real ``toolkit serve``."""
from __future__ import annotations

import json
import subprocess
import sys

import websocket

from tests.serve.conftest import kernel_id_of

V1 = "v1.kernel.websocket.jupyter.org"
PAGE = "/voila/render/tone-checker.ipynb"


def test_beyond_the_cap_every_get_gets_the_busy_page_and_no_kernel(serve):
    served = serve("--max-kernels", "2")
    assert served.health()["kernels"] == 1  # the warm facilitator page (the lobby needs none)
    status, _headers, _page = served.get(PAGE)
    assert status == 200
    assert served.health()["kernels"] == 2
    for n in range(6):
        headers = {"Accept-Language": "en-GB,en;q=0.8"} if n % 2 else {}
        status, response_headers, page = served.get(PAGE, source=f"127.0.0.{10 + n}", headers=headers)
        assert status == 503
        assert response_headers["Retry-After"]
        assert 'class="tk-error"' in page
        assert ("too busy" in page) if n % 2 else ("te druk" in page)
    status, _headers, page = served.get("/voila/render/live.ipynb?session=X&view=facilitator&lang=en",
                                        source="127.0.0.30")
    assert status == 503 and "too busy" in page and 'lang="en"' in page
    assert served.health()["kernels"] == 2
    assert served.get("/health")[0] == 200  # what starts no kernel is never refused


def test_one_client_gets_its_share_of_kernel_pages_others_still_get_theirs(serve):
    served = serve("--client-pages", "2")
    assert [served.get(PAGE, source="127.0.0.2")[0] for _ in range(3)] == [200, 200, 503]
    assert served.get(PAGE, source="127.0.0.3")[0] == 200
    assert served.health()["kernels"] == 1 + 3


def test_a_few_gets_cannot_take_every_warm_kernel(serve):
    served = serve("--client-pool-takes", "1", participants=3)
    warm = served.health()["warm"]
    assert warm == 3  # three facilitator pages
    for _ in range(3):
        assert served.get("/voila/render/live.ipynb?session=NONE&view=facilitator", source="127.0.0.2")[0] == 200
    # One warm kernel went to that client; its other pages started kernels of their own.
    assert served.health()["warm"] >= warm - 1
    assert served.health()["kernels"] >= 3 + 2


def test_a_kernel_no_page_connects_to_is_shut_down_soon(serve):
    served = serve("--unconnected-timeout", "10")  # room for a busy machine to connect the first
    baseline = served.health()["kernels"]
    _status, _headers, connected_page = served.get(PAGE, source="127.0.0.2")
    served.get(PAGE, source="127.0.0.3")  # fetched by a script, never run in a browser
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{served.port}/api/kernels/{kernel_id_of(connected_page)}/channels?session_id=t",
        subprotocols=[V1], timeout=10)
    try:
        assert served.health()["kernels"] == baseline + 2
        served.wait_for(lambda: served.health()["kernels"] == baseline + 1, timeout=60,
                        what="the unconnected kernel to be shut down")
        ws.ping()
    finally:
        ws.close()
    assert served.health()["warm"] == baseline  # the pool's kernels wait on


def test_self_paced_pages_leave_the_shared_store_alone(serve):
    served = serve()

    def sessions() -> list:
        out = subprocess.run([sys.executable, "-m", "toolkit", "session", "list", "--json", "--db", served.db_url],
                             capture_output=True, text=True, check=True, timeout=60)
        return json.loads(out.stdout)

    before = sessions()
    for n, notebook in enumerate(["dna-mapping", "brand-persona"]):
        status, _headers, page = served.get(f"/voila/render/self-paced/{notebook}.ipynb?lang=en",
                                            source=f"127.0.0.{2 + n}")
        assert status == 200 and "image/png" in page  # the charts of the example session it made
    assert sessions() == before
