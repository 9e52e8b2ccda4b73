"""Voila's notebook page handler, admitting a kernel page only while the limits allow it.

A page that would start a kernel (or take one from the warm pool) is refused with the busy
page (HTTP 503) when its client has had its share of kernel pages this minute or when the
server runs as many kernels as ``--max-kernels`` allows. A client past its share of warm
kernels still gets its page, on a kernel started for it.
"""
from __future__ import annotations

from dataclasses import dataclass

from voila.tornado.handler import TornadoVoilaHandler

from toolkit.guard.admission import SlidingWindow
from toolkit.guard.busy import RETRY_AFTER_SECONDS, busy_page, request_language


@dataclass
class KernelGate:
    """The per-client windows shared by every page request of one server."""

    pages: SlidingWindow
    pool_takes: SlidingWindow


class GuardedVoilaHandler(TornadoVoilaHandler):
    """``/voila/render/<notebook>`` with the kernel limits of :class:`KernelGate` applied."""

    def initialize(self, gate: KernelGate, **kwargs):
        super().initialize(**kwargs)
        self.gate = gate
        self.pool_allowed = True
        self._reserved = False

    async def get(self, path=None):
        if not self._admit(path):
            return self._busy()
        return await super().get(path=path)

    def _admit(self, path: str | None) -> bool:
        if not (path or "").lower().endswith(".ipynb"):
            return True  # Voila sends other files to /voila/files: no kernel
        client = self.request.remote_ip or "?"
        manager = self.kernel_manager
        if not self.gate.pages.allows(client) or not manager.has_room():
            self.log.warning("Kernel page %s refused for %s (%d kernels)", path, client, manager.kernel_load())
            return False
        self.gate.pages.record(client)
        manager.reserve()
        self._reserved = True
        if manager.get_pool_size(path) > 0:
            self.pool_allowed = self.gate.pool_takes.take(client)
        return True

    def should_use_rendered_notebook(self, *args, **kwargs):
        return self.pool_allowed and super().should_use_rendered_notebook(*args, **kwargs)

    def _busy(self) -> None:
        lang = request_language(self.get_argument("lang", None), self.request.headers.get("Accept-Language"))
        self.set_status(503)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
        self.finish(busy_page(lang, self.request.uri or "/"))

    def write(self, chunk) -> None:
        # Voila writes the first chunk once the page's kernel has started (or its pool place has
        # been refilled): from then on the kernel itself counts, not this page's place.
        self._release()
        super().write(chunk)

    def _release(self) -> None:
        if self._reserved:
            self._reserved = False
            self.kernel_manager.release()

    def on_finish(self) -> None:
        self._release()
        super().on_finish()

    def on_connection_close(self) -> None:
        self._release()
        super().on_connection_close()
