"""Issue 18, item 1: no frame on a kernel websocket can freeze ``toolkit serve``.

A real server, a kernel page opened the way a browser opens it, then its kernel websocket with
and without the v1 subprotocol and the two crafted frames. Afterwards ``/health`` answers within
1 s, the server's memory has not grown, and a well-formed v1 message still gets its reply.
"""
from __future__ import annotations

import json
import re
import struct
import threading
import time

import pytest
import websocket
from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

from tests.serve.conftest import kernel_id_of

V1 = "v1.kernel.websocket.jupyter.org"
MODEL_ID = r"model_id\W+([0-9a-f]{32})"


def legacy_widget_update(model_id: str) -> bytes:
    """A legacy-protocol widget update with one buffer: its echo froze Voila (see benchmarks/hardening.py)."""
    msg = {"channel": "shell",
           "header": {"msg_id": "t", "msg_type": "comm_msg", "username": "", "session": "t",
                      "date": "2026-01-01T00:00:00Z", "version": "5.3"},
           "parent_header": {}, "metadata": {},
           "content": {"comm_id": model_id, "data": {"method": "update", "state": {"box_style": None},
                                                     "buffer_paths": [["box_style"]]}}}
    body = json.dumps(msg).encode()
    return struct.pack("!III", 2, 12, 12 + len(body)) + body + b"x" * 16


def channels_url(served, kernel_id: str) -> str:
    return f"ws://127.0.0.1:{served.port}/api/kernels/{kernel_id}/channels?session_id=test"


def assert_still_serving(served, rss_before: float) -> None:
    started = time.monotonic()
    assert served.health(timeout=1.0)["status"] == "ok"
    assert time.monotonic() - started < 1.0
    peak = rss_before
    end = time.monotonic() + 2
    while time.monotonic() < end:
        peak = max(peak, served.rss_mb())
        time.sleep(0.1)
    assert peak - rss_before < 50, f"server RSS grew by {peak - rss_before:.0f} MB"


def close_code(ws) -> int | None:
    """Read until the server's close frame; its status code (``None``: the socket just ended)."""
    while True:
        try:
            opcode, frame = ws.recv_data_frame(True)
        except websocket.WebSocketConnectionClosedException:
            return None
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            return int.from_bytes(frame.data[:2], "big") if len(frame.data) >= 2 else None


def kernel_info(ws) -> dict:
    """Send a kernel_info_request over v1 and return the reply's header."""
    header = {"msg_id": "info-1", "msg_type": "kernel_info_request", "username": "", "session": "test",
              "date": "2026-01-01T00:00:00Z", "version": "5.3"}
    parts = [json.dumps(p).encode() for p in (header, {}, {}, {})]
    ws.send_binary(serialize_msg_to_ws_v1(parts, "shell"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        frame = ws.recv()
        if isinstance(frame, bytes):
            count = int.from_bytes(frame[:8], "little")
            offsets = [int.from_bytes(frame[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
            reply = json.loads(frame[offsets[1]:offsets[2]])
            if reply.get("msg_type") == "kernel_info_reply":
                return reply
    pytest.fail("no kernel_info_reply")


def test_crafted_frames_close_the_socket_and_the_server_keeps_serving(serve):
    served = serve()
    status, _headers, page = served.get("/voila/render/live.ipynb?session=NONE&view=facilitator")
    assert status == 200
    kernel = kernel_id_of(page)
    rss_before = served.rss_mb()

    # v1: 2**62 offsets announced in 8 bytes. The socket is closed, nothing is built.
    ws = websocket.create_connection(channels_url(served, kernel), subprotocols=[V1], timeout=10)
    assert ws.subprotocol == V1
    ws.send_binary((2**62).to_bytes(8, "little"))
    assert close_code(ws) == 1007
    assert_still_serving(served, rss_before)

    # Legacy (no subprotocol): refused before the upgrade, so its frames never reach Voila.
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(channels_url(served, kernel), timeout=10)
    assert refused.value.status_code == 400
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(channels_url(served, kernel), subprotocols=["other"], timeout=10)
    assert_still_serving(served, rss_before)

    # A text frame on v1 closes the socket too; a proper message still works afterwards.
    ws = websocket.create_connection(channels_url(served, kernel), subprotocols=[V1], timeout=10)
    ws.send(json.dumps({"channel": "shell"}))
    assert close_code(ws) == 1007
    ws = websocket.create_connection(channels_url(served, kernel), subprotocols=[V1], timeout=30)
    assert kernel_info(ws)["msg_type"] == "kernel_info_reply"
    ws.close()
    assert_still_serving(served, rss_before)


def test_the_legacy_widget_echo_cannot_be_sent(serve):
    served = serve()
    _status, _headers, page = served.get("/voila/render/live.ipynb?session=NONE&view=facilitator")
    model = re.search(MODEL_ID, page).group(1)
    kernel = kernel_id_of(page)
    rss_before = served.rss_mb()
    outcome = {}

    def attack():
        try:
            ws = websocket.create_connection(channels_url(served, kernel), timeout=5)
        except websocket.WebSocketBadStatusException as exc:
            outcome["refused"] = exc.status_code
            return
        ws.send_binary(legacy_widget_update(model))
        outcome["sent"] = True

    sender = threading.Thread(target=attack, daemon=True)
    sender.start()
    sender.join(timeout=10)
    assert outcome == {"refused": 400}
    assert_still_serving(served, rss_before)
