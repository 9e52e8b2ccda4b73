"""A warm kernel's live page: the notebook's cells end at once, and the app is built on the
kernel's event loop when Voila sends the visitor's request over its request-info socket (here a
real Tornado websocket server speaking that protocol: one JSON message of environment values)."""
from __future__ import annotations

import asyncio
import json

import pytest
import tornado.web
import tornado.websocket

from toolkit.core import sessions as core
from toolkit.core.store import get_store
from toolkit.ui import page as page_module
from toolkit.ui.page import root, show_live_on_request

KERNEL = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"


class RequestInfo(tornado.websocket.WebSocketHandler):
    """Voila's ``voila/query/<kernel id>``: sends the request's details once the page is asked for."""

    def initialize(self, message: str, opened: asyncio.Event) -> None:
        self.message, self.opened = message, opened

    def open(self, kernel_id: str) -> None:
        assert kernel_id == KERNEL
        self.opened.set()
        self.write_message(self.message)


async def build_page(monkeypatch, message: str) -> tuple:
    opened = asyncio.Event()
    app = tornado.web.Application([(r"/voila/query/(.*)", RequestInfo, {"message": message, "opened": opened})])
    server = app.listen(0, "127.0.0.1")
    port = next(iter(server._sockets.values())).getsockname()[1]
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.setenv("VOILA_KERNEL_ID", KERNEL)
    try:
        container = root(warm=False)
        assert show_live_on_request(container) is None  # the cell ends before the visitor arrives
        assert len(container.children) == 1
        await asyncio.wait_for(opened.wait(), 10)
        pending = set(page_module._BUILDS)
        await asyncio.wait_for(asyncio.gather(*pending), 10)
        return container, pending
    finally:
        server.stop()


@pytest.fixture
def session(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/t.sqlite"
    monkeypatch.setenv("TOOLKIT_DB", url)
    for name in ("QUERY_STRING", "HTTP_COOKIE", "SERVER_NAME", "SERVER_PORT"):
        monkeypatch.delenv(name, raising=False)
    store = get_store(url)
    yield core.create_session(store, "brainstorm", "en")
    store.dispose()


def test_a_warm_kernel_builds_the_facilitator_page_when_its_visitor_arrives(session, monkeypatch):
    message = json.dumps({"QUERY_STRING": f"session={session.code}&view=facilitator&lang=en",
                          "SERVER_NAME": "room.example.org", "SERVER_PORT": "8866"})
    container, builds = asyncio.run(build_page(monkeypatch, message))
    assert builds and not page_module._BUILDS  # nothing pending is kept
    app_widget = container.children[1]
    classes = {c for widget in walk(app_widget) for c in widget._dom_classes}
    assert {"tk-facilitator-unlock", "tk-facilitator-key"} <= classes


def test_a_garbled_request_shows_an_error_in_the_page_language(session, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en")  # as a kernel started with the page's address
    container, _builds = asyncio.run(build_page(monkeypatch, "{not json"))
    error = container.children[1]
    assert "tk-error" in error._dom_classes and error.layout.display != "none"
    assert "went wrong" in error.value


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
