"""The pure parts of the guards: the frame check, the sliding window, the busy page's language."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1

from toolkit.guard.admission import SlidingWindow
from toolkit.guard.busy import busy_page, request_language
from toolkit.guard.frames import v1_frame_problem
from toolkit.guard.websocket import offered_subprotocols

PARTS = [b'{"msg_type": "kernel_info_request"}', b"{}", b"{}", b"{}"]


def test_a_real_v1_message_passes_and_deserialises():
    for buffers in ([], [b"\x00\x01"], [b"", b"abc" * 100]):
        frame = serialize_msg_to_ws_v1(PARTS + buffers, "shell")
        assert v1_frame_problem(frame) is None
        channel, parts = deserialize_msg_from_ws_v1(frame)
        assert channel == "shell" and parts == PARTS + buffers


@pytest.mark.parametrize("frame", [
    (2**62).to_bytes(8, "little"),
    (2**62).to_bytes(8, "little") + bytes(64),
    (7).to_bytes(8, "little") + bytes(40),  # 7 offsets announced, room for 5
    "a text frame",
    b"",
])
def test_crafted_frames_are_refused(frame):
    assert v1_frame_problem(frame)


def test_offsets_that_point_outside_or_backwards_are_refused():
    good = bytearray(serialize_msg_to_ws_v1(PARTS, "shell"))
    beyond = bytearray(good)
    beyond[8 * 6:8 * 7] = (len(good) + 10**12).to_bytes(8, "little")  # last offset past the end
    backwards = bytearray(good)
    backwards[8 * 3:8 * 4] = (1).to_bytes(8, "little")
    assert v1_frame_problem(bytes(beyond)) and v1_frame_problem(bytes(backwards))
    assert v1_frame_problem(bytes(good[:-1]))


@given(st.binary(max_size=512))
def test_any_bytes_get_an_answer_without_an_error(frame):
    assert v1_frame_problem(frame) is None or isinstance(v1_frame_problem(frame), str)


def test_offered_subprotocols():
    v1 = "v1.kernel.websocket.jupyter.org"
    assert offered_subprotocols(f"{v1}, other") == [v1, "other"]
    assert offered_subprotocols(None) == []


def test_sliding_window_counts_per_client_and_forgets_old_events():
    now = [0.0]
    window = SlidingWindow(limit=2, window=60, clock=lambda: now[0])
    assert window.take("a") and window.take("a") and not window.take("a")
    assert window.take("b")
    now[0] = 61
    assert window.take("a")
    assert SlidingWindow(limit=0).take("a")  # 0: no limit


@pytest.mark.parametrize(("query", "header", "expected"), [
    ("en", "nl", "en"),
    (None, "en-GB,en;q=0.9,nl;q=0.8", "en"),
    (None, "de-DE, nl;q=0.5, en;q=0.4", "nl"),
    (None, "nl-BE;q=0.3, en;q=0.7", "en"),
    (None, None, "nl"),
    ("xx", "fr", "nl"),
    (None, "en;q=abc, nl", "nl"),
])
def test_request_language(query, header, expected):
    assert request_language(query, header) == expected


def test_busy_page_speaks_the_language_and_escapes_the_address():
    page = busy_page("en", '/voila/render/x.ipynb?a="><script>alert(1)</script>')
    assert 'class="tk-error"' in page and "too busy" in page and "<script>alert" not in page
    assert "te druk" in busy_page("nl", "/")
