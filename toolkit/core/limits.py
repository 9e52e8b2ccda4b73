"""Limits on guesses and writes: in-process moving windows, safe across threads.

Two kinds of limit, both kept in memory by the ``limits`` library (moving windows):

- :class:`GuessLimiter` counts *failures* (a wrong facilitator key, an unknown session code) per
  key; once a key has too many failures in its window, every attempt is refused until the window
  frees up, the right answer included, so guessing costs time instead of getting cheaper.
- :class:`WriteLimiter` counts every write of one participant and refuses the ones beyond the limit.

Each refusal raises :class:`~toolkit.core.errors.RateLimited` with a message in the caller's
language; refused guesses are logged on the ``toolkit.security`` logger. A store carries one
:class:`Guard` (``store.guard``), so every page of one process shares its counts; the participant
web page and the widget pages use the same objects through core.
"""
from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from toolkit.core.errors import RateLimited

log = logging.getLogger("toolkit.security")

SHARED_CLIENT = "shared"  # the client key of callers that do not say who is asking


@dataclass(frozen=True)
class Limits:
    """The numbers behind every limit (a store uses :data:`DEFAULT_LIMITS` unless told otherwise).

    Windows are whole seconds. ``notes_per_phase`` is checked against the store, not in memory,
    so it holds across processes and restarts.
    """

    key_failures: int = 10
    key_window: int = 60
    code_failures: int = 30
    code_window: int = 60
    writes: int = 20
    write_window: int = 10
    notes_per_phase: int = 50


DEFAULT_LIMITS = Limits()
# For load tests and bulk imports that write far faster than any person types.
NO_WRITE_LIMITS = Limits(writes=10**9, notes_per_phase=10**9)
# For tests that try one rule at a time, wrong keys and unknown codes included.
NO_LIMITS = Limits(key_failures=10**9, code_failures=10**9, writes=10**9, notes_per_phase=10**9)


class _MovingWindow:
    """At most ``amount`` hits per key in ``window`` seconds."""

    def __init__(self, amount: int, window: int) -> None:
        self._item = RateLimitItemPerSecond(amount, window)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def _wait(self, key: str) -> int:
        """Whole seconds until ``key`` has room again (at least 1)."""
        reset = self._limiter.get_window_stats(self._item, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def clear(self, key: str) -> None:
        self._limiter.clear(self._item, key)


class GuessLimiter(_MovingWindow):
    """At most ``failures`` failed guesses per key in ``window`` seconds; then every guess waits."""

    def __init__(self, what: str, failures: int, window: int, message_key: str) -> None:
        super().__init__(failures, window)
        self.what = what
        self.message_key = message_key

    def check(self, key: str, lang: str) -> None:
        """Refuse (and log) a guess for ``key`` while it has used up its failures."""
        if self._limiter.test(self._item, key):
            return
        seconds = self._wait(key)
        log.warning("refused %s guess for %r: too many failures, %d s to wait", self.what, key, seconds)
        raise RateLimited(self.message_key, lang, retry_after=seconds, seconds=seconds)

    def failed(self, key: str) -> None:
        """Count one failed guess for ``key`` (and log it)."""
        self._limiter.hit(self._item, key)
        left = self._limiter.get_window_stats(self._item, key).remaining
        log.warning("wrong %s for %r (%d more allowed in %d s)", self.what, key, left, self._item.multiples)


class WriteLimiter(_MovingWindow):
    """At most ``writes`` writes per key in ``window`` seconds."""

    def hit(self, key: str, lang: str) -> None:
        """Count one write for ``key``, or refuse it when the window is full."""
        if not self._limiter.hit(self._item, key):
            seconds = self._wait(key)
            raise RateLimited("write_rate_limited", lang, retry_after=seconds, seconds=seconds)


class Guard:
    """The limiters of one store in this process."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.facilitator_keys = GuessLimiter("facilitator key", limits.key_failures, limits.key_window,
                                             "facilitator_key_limited")
        self.session_codes = GuessLimiter("session code", limits.code_failures, limits.code_window,
                                          "code_guesses_limited")
        self.writes = WriteLimiter(limits.writes, limits.write_window)
