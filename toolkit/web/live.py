"""Live updates: one watcher per server process per active session, pushing to its open pages.

A :class:`SessionWatcher` follows the store's change feed for one session while at least one
page of that session is connected: on SQLite it polls ``changes_since`` (one cheap query) every
:data:`POLL_SECONDS`, on PostgreSQL it sleeps until the process's single ``LISTEN`` connection
hears the session's ``NOTIFY`` (with a slow poll as a safety net). A write made through this
process wakes the watcher at once (:meth:`Hub.nudge`).

New events are turned into page operations once per kind of viewer (language, and whether the
viewer wrote the change), not once per page, and the same text is queued to every page of that
kind. Each page is one server-sent-events stream (:class:`LivePage`); its messages carry the
session version as their id, so a reconnecting browser says where it stopped.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from toolkit.core import feed
from toolkit.core import sessions as core
from toolkit.core.errors import NotFoundError
from toolkit.core.store import Store, StoreBusy

log = logging.getLogger(__name__)
POLL_SECONDS = 0.05
LISTEN_FALLBACK_SECONDS = 2.0
KEEPALIVE_SECONDS = 20.0
RETRY_MS = 1000

# One small pool for the store calls of the web layer that may wait (on a lock, on the network):
# the event loop must keep serving the other pages meanwhile.
executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="toolkit-web")
# SQLite lets one writer in at a time: this process's writers queue here, in order, instead of
# retrying in SQLite's busy handler (which sleeps up to 100 ms between tries).
sqlite_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="toolkit-web-write")


async def in_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a (blocking) core call off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(executor, lambda: fn(*args))


async def read(store: Store, fn: Callable[..., Any], *args: Any) -> Any:
    """Run a core call that only reads. On SQLite in WAL mode a read never waits for a writer and
    takes a fraction of a millisecond, less than handing it to a thread and back (which, under
    the GIL, also slows the event loop for everyone else): it runs here. Elsewhere (a database
    across the network) it runs in the pool."""
    if store.is_sqlite:
        return fn(*args)
    return await in_thread(fn, *args)


async def write(store: Store, fn: Callable[..., Any], *args: Any) -> Any:
    """Run a core call that writes without holding up the event loop.

    On SQLite a write takes a fraction of a millisecond, less than handing it to a thread and
    back (which, under the GIL, costs the loop more than the write itself): it runs here, as
    long as it need not wait. When another connection is writing (a kernel, another server
    process), core raises :class:`StoreBusy` before writing anything, and the call goes to the
    writer thread, which waits its turn (one at a time, see above). Elsewhere (a database
    across the network) every write runs in the pool."""
    if store.is_sqlite:
        try:
            with store.without_waiting():
                return fn(*args)
        except StoreBusy:
            pass
    pool = sqlite_writer if store.is_sqlite else executor
    return await asyncio.get_running_loop().run_in_executor(pool, lambda: fn(*args))


def sse(version: int, ops: list[dict[str, Any]]) -> str:
    """One server-sent event: the version as its id and the operations as JSON."""
    data = json.dumps({"v": version, "ops": ops}, ensure_ascii=False, separators=(",", ":"))
    return f"id: {version}\ndata: {data}\n\n"


@dataclass(eq=False)
class LivePage:
    """One connected page: who looks (participant id, language) and its outgoing queue."""

    participant_id: int
    lang: str
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)

    def send(self, text: str | None) -> None:
        """Queue ``text`` for the page (``None`` closes the stream)."""
        self.queue.put_nowait(text)


class Push(Protocol):
    """Turns a batch of events into page operations (see :class:`toolkit.web.push.SessionPush`)."""

    async def prepare(self, state: core.SessionState, events: list[dict[str, Any]], langs: set[str]) -> None: ...

    def ops(self, lang: str, viewer: int | None) -> list[dict[str, Any]]: ...

    @property
    def changes_pages(self) -> bool:
        """Whether the batch just prepared changes what any page shows (arrivals, say, do not)."""
        ...


class SessionWatcher:
    """Follows one session's change feed while it has open pages."""

    def __init__(self, hub: Hub, state: core.SessionState, shown_version: int) -> None:
        self.hub = hub
        self.code = state.code
        self.state = state
        self.version = state.version
        # The last version that changed what a page shows. A page read at or after it has missed
        # nothing that it would show, even when the feed has moved on since (a room arriving
        # moves it at every join): it needs no re-read when its stream opens.
        self.shown_version = shown_version
        self.pages: set[LivePage] = set()
        self.push = hub.make_push(state.code)
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while self.pages:
            interval = LISTEN_FALLBACK_SECONDS if self.hub.listening else POLL_SECONDS
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=interval)
            self._wake.clear()
            try:
                await self.poll()
            except NotFoundError:  # the session was deleted: pages re-read and explain
                self.broadcast(self.version + 1, lambda _lang, _viewer: [{"op": "refresh"}])
                break
            except Exception:  # a failed poll must not end the live updates
                log.exception("live watcher poll failed for %s", self.code)
                await asyncio.sleep(1.0)
        self.hub.forget(self)

    async def poll(self) -> None:
        changes = await read(self.hub.store, core.changes_since, self.hub.store, self.code, self.version)
        if changes.version <= self.version:
            return
        self.version = changes.version
        events = changes.events
        if self.hub.needs_state(events):
            self.state = await read(self.hub.store, core.get_session, self.hub.store, self.code)
        actors = {int(e["actor"][1:]) for e in events if str(e.get("actor", "")).startswith("p")}
        await self.push.prepare(self.state, events, {page.lang for page in self.pages})
        if self.push.changes_pages:
            self.shown_version = changes.version
        self.broadcast(changes.version, self.push.ops, actors)

    def broadcast(self, version: int, ops_for: Callable[[str, int | None], list[dict]],
                  actors: set[int] = frozenset()) -> None:
        """Queue the event for every page, composed once per (language, author-or-not)."""
        texts: dict[tuple[str, int | None], str | None] = {}
        for page in list(self.pages):
            key = (page.lang, page.participant_id if page.participant_id in actors else None)
            if key not in texts:
                ops = ops_for(*key)
                texts[key] = sse(version, ops) if ops else None
            if texts[key] is not None:
                page.send(texts[key])


class Hub:
    """The watchers of this server process, by session code."""

    def __init__(self, store: Store, make_push: Callable[[str], Push],
                 needs_state: Callable[[list[dict[str, Any]]], bool], unseen: frozenset[str] = frozenset()) -> None:
        self.store = store
        self.make_push = make_push
        self.needs_state = needs_state
        self.unseen = unseen  # event types that change no page but their author's (see Push.changes_pages)
        self.watchers: dict[str, SessionWatcher] = {}
        self.listening = False
        self._listener: asyncio.Task | None = None

    async def connect(self, code: str, participant_id: int, lang: str, since: int) -> LivePage:
        """Register a page; it gets a refresh at once when it missed an event since ``since`` that
        changes what it shows (events the watcher has not polled yet reach it with the next poll)."""
        watcher = self.watchers.get(code)
        if watcher is None:
            state, shown = await read(self.store, core.watched_state, self.store, code, self.unseen)
            watcher = self.watchers.get(code)  # another page may have started it meanwhile
            if watcher is None:
                watcher = self.watchers[code] = SessionWatcher(self, state, shown)
        self._ensure_listener()
        page = LivePage(participant_id, lang)
        watcher.pages.add(page)
        watcher.start()
        if since < watcher.shown_version:
            page.send(sse(watcher.version, [{"op": "refresh"}]))
        return page

    def disconnect(self, code: str, page: LivePage) -> None:
        watcher = self.watchers.get(code)
        if watcher is not None:
            watcher.pages.discard(page)
            watcher.wake()  # lets an idle watcher notice it has no pages left

    def forget(self, watcher: SessionWatcher) -> None:
        if self.watchers.get(watcher.code) is watcher and not watcher.pages:
            del self.watchers[watcher.code]
        elif watcher.pages:  # a page connected while it was stopping
            watcher.start()

    def nudge(self, code: str) -> None:
        """A write went through this process: look at the feed now."""
        watcher = self.watchers.get(code)
        if watcher is not None:
            watcher.wake()

    def page_count(self) -> int:
        return sum(len(w.pages) for w in self.watchers.values())

    # -- PostgreSQL: one LISTEN connection per process ------------------------------------------

    def _ensure_listener(self) -> None:
        if self.store.is_sqlite or (self._listener is not None and not self._listener.done()):
            return
        self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(self.store.url).set(drivername="postgresql").render_as_string(hide_password=False)
        while self.watchers:
            try:
                async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {feed.CHANNEL}")
                    self.listening = True
                    for watcher in list(self.watchers.values()):
                        watcher.wake()  # catch up on anything sent before LISTEN took effect
                    async for note in conn.notifies():
                        parsed = feed.parse(note.payload)
                        if parsed is None:
                            continue
                        for watcher in list(self.watchers.values()):
                            if watcher.state.id == parsed[0] and parsed[1] > watcher.version:
                                watcher.wake()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("LISTEN connection lost; watchers poll until it is back")
            self.listening = False
            await asyncio.sleep(1.0)
