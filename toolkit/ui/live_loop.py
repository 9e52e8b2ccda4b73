"""One live loop per page: poll the store's change feed and hand new events to the page."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from toolkit.core.sessions import changes_since
from toolkit.core.store import Store

log = logging.getLogger(__name__)
# Kernels serve the facilitator and self-paced learners only (participants have a page without a
# kernel), so a page may poll often: one cheap query, ten times a second.
POLL_SECONDS = 0.1


class LiveLoop:
    """Polls ``changes_since`` about every 0.1 s and calls ``on_events(events)`` when something
    changed, plus ``on_tick()`` on every poll (for the countdown). Stops when the kernel shuts
    down (its event loop closes) or when :meth:`stop` is called."""

    def __init__(self, store: Store, code: str, version: int, on_events: Callable[[list[dict]], None],
                 on_tick: Callable[[], None] | None = None, interval: float = POLL_SECONDS) -> None:
        self.store = store
        self.code = code
        self.version = version
        self.on_events = on_events
        self.on_tick = on_tick
        self.interval = interval
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self._task is None or self._task.done():
            # Raises RuntimeError outside a running loop (plain Python): the caller then refreshes on demand.
            self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def poll_once(self) -> bool:
        """Fetch and hand over new events now; ``True`` when there were any."""
        changes = changes_since(self.store, self.code, self.version)
        if changes.version == self.version:
            return False
        self.version = changes.version
        self.on_events(changes.events)
        return True

    async def _run(self) -> None:
        while True:
            try:
                self.poll_once()
                if self.on_tick is not None:
                    self.on_tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # a bad poll must not end the page's live updates
                log.exception("live loop poll failed")
            await asyncio.sleep(self.interval)
