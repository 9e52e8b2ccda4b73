"""The kernel websocket of ``toolkit serve``: Voila's handler, refusing what could freeze the server.

Registered by :class:`toolkit.serve` for ``/api/kernels/<id>/channels`` in place of Voila's own
(until upstream checks frames itself):

- a connection that does not offer the v1 subprotocol is refused before the upgrade. On the
  legacy protocol Voila reads every binary reply of the kernel with the v1 reader, so one widget
  update carrying a buffer made it build a list of about 10**18 offsets. The Voila and JupyterLab
  front ends offer v1 (and keep it when they reconnect);
- every incoming frame is checked by :func:`toolkit.guard.frames.v1_frame_problem` before
  Jupyter Server deserialises it; a malformed frame closes the socket.
"""
from __future__ import annotations

import tornado.web
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from toolkit.guard.frames import V1_PROTOCOL, v1_frame_problem

# RFC 6455: 1007 = "inconsistent data within a message".
CLOSE_BAD_FRAME = 1007


def offered_subprotocols(header: str | None) -> list[str]:
    """The subprotocols a ``Sec-WebSocket-Protocol`` header offers."""
    return [part.strip() for part in (header or "").split(",") if part.strip()]


class GuardedKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket, v1 only, with every frame's offsets checked first."""

    async def get(self, *args, **kwargs):
        if V1_PROTOCOL not in offered_subprotocols(self.request.headers.get("Sec-WebSocket-Protocol")):
            self.log.warning("Kernel websocket without the %s subprotocol refused (%s)", V1_PROTOCOL,
                             self.request.remote_ip)
            raise tornado.web.HTTPError(400, reason=f"the {V1_PROTOCOL} subprotocol is required")
        return await super().get(*args, **kwargs)

    def select_subprotocol(self, subprotocols):
        return V1_PROTOCOL if V1_PROTOCOL in subprotocols else None

    def on_message(self, ws_message):
        if getattr(self, "connection", None) is None:  # already closed: frames still in flight
            return None
        problem = v1_frame_problem(ws_message)
        if problem is not None:
            self.log.warning("Kernel websocket closed: %s (%s)", problem, self.request.remote_ip)
            self.close(CLOSE_BAD_FRAME, "malformed frame")
            return None
        return super().on_message(ws_message)
