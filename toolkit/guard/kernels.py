"""How many kernels ``toolkit serve`` may run, and the quick end of kernels nobody connected to.

:class:`CappedKernelManager` is the base class Voila builds its pooling kernel manager on
(``VoilaConfiguration.multi_kernel_manager_class``). It counts the kernels that are running,
starting or promised to the pool, so the page handler can refuse a page before its kernel
would pass ``max_kernels``, and it shuts down a kernel that no page connected to within
``unconnected_timeout`` quiet seconds (a GET whose page never ran in a browser, e.g. a script's).
"""
from __future__ import annotations

from datetime import timedelta

from jupyter_core.utils import ensure_async
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Int

MB = 2**20
KERNEL_BUDGET_MB = 150
MIN_KERNELS = 8
MAX_KERNELS = 200


def default_max_kernels(pool: int = 0) -> int:
    """Available memory / 150 MB, at least the warm pool plus a few and at most 200."""
    import psutil

    fits = int(psutil.virtual_memory().available // (KERNEL_BUDGET_MB * MB))
    return max(pool + 1 + MIN_KERNELS // 2, MIN_KERNELS, min(fits, MAX_KERNELS))


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager with a kernel count to check against and a short cull of
    kernels that never got a websocket connection."""

    max_kernels = Int(50, config=True, help="Most kernels running at once (the warm pool included).")
    unconnected_timeout = Float(
        90.0, config=True,
        help="Seconds after which a kernel that never had a websocket connection is shut down.",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cold_starts = 0
        self._reserved = 0
        self._ever_connected: set[str] = set()

    def kernel_load(self) -> int:
        """Kernels running or starting, pool places not started yet, and admitted pages whose
        kernel has not started yet."""
        pending_pool = sum(not task.done() for pool in getattr(self, "_pools", {}).values() for task in pool)
        return len(self.list_kernel_ids()) + self._cold_starts + pending_pool + self._reserved

    def warm_kernels(self) -> int:
        """Kernels started for the pool and still waiting there for a visitor."""
        return sum(task.done() and not task.cancelled() and task.exception() is None
                   for pool in getattr(self, "_pools", {}).values() for task in pool)

    def reserve(self) -> None:
        """Hold a place for an admitted page until its kernel has started."""
        self._reserved += 1

    def release(self) -> None:
        self._reserved = max(0, self._reserved - 1)

    def has_room(self) -> bool:
        """Whether one more kernel may start now."""
        return self.kernel_load() < self.max_kernels

    async def start_kernel(self, *args, **kwargs):
        # Pool kernels are counted as pool places until they are running; the rest here.
        cold = (kwargs.get("env") or {}).get("VOILA_PREHEAT") != "True"
        self._cold_starts += cold
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        finally:
            self._cold_starts -= cold
        return kernel_id

    def notify_connect(self, kernel_id):
        self._ever_connected.add(kernel_id)
        return super().notify_connect(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._ever_connected.discard(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    def never_connected(self, kernel_id: str) -> bool:
        """Whether no page ever connected to ``kernel_id`` and it has been quiet for
        ``unconnected_timeout`` seconds. Quiet, not old: a warm kernel leaves the pool after a
        long wait and runs its visitor's request first."""
        if kernel_id in self._ever_connected or kernel_id not in self:
            return False
        last = getattr(self.get_kernel(kernel_id), "last_activity", None)
        return last is not None and utcnow() - last > timedelta(seconds=self.unconnected_timeout)

    async def cull_kernel_if_idle(self, kernel_id):
        # Voila's pool manager returns before this for kernels still waiting in the pool.
        if self.never_connected(kernel_id):
            self.log.warning("Shutting down kernel %s: no page connected to it within %d s",
                             kernel_id, self.unconnected_timeout)
            await ensure_async(self.shutdown_kernel(kernel_id))
            return
        await super().cull_kernel_if_idle(kernel_id)
