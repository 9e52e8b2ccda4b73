"""Who may start a kernel now: a sliding window of kernel page loads per client.

One visitor (one remote address) gets at most ``page_limit`` kernel-starting page loads and
at most ``pool_limit`` warm kernels from the pool per ``window`` seconds. Beyond the first they
get the busy page; beyond the second their page still loads, on a kernel started for it, so a
few GETs cannot take every warm kernel meant for the people arriving next.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW_SECONDS = 60.0


@dataclass
class SlidingWindow:
    """At most ``limit`` events per ``window`` seconds per key (``limit`` 0: no limit)."""

    limit: int
    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _events: dict[str, deque] = field(default_factory=dict)

    def _recent(self, key: str) -> deque:
        events = self._events.setdefault(key, deque())
        horizon = self.clock() - self.window
        while events and events[0] <= horizon:
            events.popleft()
        return events

    def allows(self, key: str) -> bool:
        """Whether ``key`` may have one more event now (records nothing)."""
        return self.limit <= 0 or len(self._recent(key)) < self.limit

    def record(self, key: str) -> None:
        self._recent(key).append(self.clock())
        if len(self._events) > 4 * 1024:  # forget clients with nothing in the window
            for stale in [k for k, events in self._events.items() if not events or
                          events[-1] <= self.clock() - self.window]:
                del self._events[stale]

    def take(self, key: str) -> bool:
        """Record an event for ``key`` if the window allows one; whether it did."""
        if not self.allows(key):
            return False
        self.record(key)
        return True


def default_client_pages(participants: int) -> int:
    """Kernel page loads per client per minute: a room behind one address fits twice over."""
    return max(30, 2 * participants + 10)


def default_client_pool_takes(participants: int) -> int:
    """Warm kernels one client may take per minute: half the pool, at least 2."""
    return max(2, participants // 2)
