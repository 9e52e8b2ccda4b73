"""The shape check of a kernel websocket frame (Jupyter's v1 protocol), before anything reads it.

A v1 frame is ``n`` (8 bytes, little-endian), ``n`` offsets (8 bytes each), then the channel name
and the message parts the offsets point at; the last offset is the frame's length. Jupyter
Server builds the list of offsets before checking any of it, so an 8-byte frame claiming 2**62
offsets froze the whole server. This module reads nothing it has not bounded first.
"""
from __future__ import annotations

from itertools import pairwise

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
# channel, header, parent header, metadata, content: five parts, so at least six offsets.
MIN_OFFSETS = 6
MAX_OFFSETS = 4096


def v1_frame_problem(frame: object) -> str | None:
    """Why ``frame`` is not a well-formed v1 kernel message, or ``None`` when it is."""
    if not isinstance(frame, bytes | bytearray | memoryview):
        return "text frame on a binary protocol"
    frame = memoryview(frame)
    if len(frame) < 8 * (MIN_OFFSETS + 1):
        return "frame too short"
    count = int.from_bytes(frame[:8], "little")
    if not MIN_OFFSETS <= count <= MAX_OFFSETS or 8 * (count + 1) > len(frame):
        return "offset count does not fit the frame"
    offsets = [int.from_bytes(frame[8 * i:8 * (i + 1)], "little") for i in range(1, count + 1)]
    if offsets[0] != 8 * (count + 1) or offsets[-1] != len(frame):
        return "offsets do not span the frame"
    if any(later < earlier for earlier, later in pairwise(offsets)):
        return "offsets out of order"
    return None
