"""Fixtures shared by the widget tests: a real SQLite store, pages to clean up, and a guard
against exceptions that ipywidgets would swallow in click handlers."""
from __future__ import annotations

import asyncio
import asyncio.events
from types import SimpleNamespace

import ipywidgets as w
import pytest

from toolkit.core import sessions as core
from toolkit.core.store import Store
from toolkit.ui import session_app
from toolkit.ui.session_app import LiveApp


@pytest.fixture(autouse=True)
def no_swallowed_callback_errors(caplog):
    """ipywidgets logs (and swallows) an exception raised in a click handler: fail on it instead."""
    yield
    swallowed = [r for r in caplog.get_records("call") if r.getMessage().startswith("Exception in callback")]
    assert not swallowed, swallowed[0].getMessage()


@pytest.fixture(autouse=True)
def plain_python():
    """Widget tests run as plain Python, with no event loop running in this thread. Playwright's
    sync API (the browser tests of the same run) leaves its loop marked as running here, and a
    page would then start its live loop on it."""
    left = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    yield
    asyncio.events._set_running_loop(left)


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/t.sqlite")
    yield s
    s.dispose()


def rated_brainstorm(store: Store, notes: tuple[str, ...]) -> core.CreatedSession:
    """A brainstorm in its results phase: Ann (marketing) wrote ``notes``, she and Bob (IT) rated them."""
    created = core.create_session(store, "brainstorm", "en")
    code, key = created.code, created.facilitator_key
    tokens = [core.join(store, code, role, name).token for name, role in (("Ann", "marketing"), ("Bob", "it"))]
    ids = [core.add_contribution(store, code, tokens[0], "ideas", {"text": text}).id for text in notes]
    core.next_phase(store, code, key)
    core.next_phase(store, code, key)
    for n, token in enumerate(tokens):
        for i, cid in enumerate(ids):
            core.rate(store, code, token, "rate", cid, None, "customers", 1 + (n * 3 + i) % 5)
    return created


@pytest.fixture
def pages():
    """Pages built by a test; their live loops are stopped afterwards."""
    built: list[LiveApp] = []
    yield built
    for page in built:
        if page.loop is not None:
            page.loop.stop()


class WidgetMessages:
    """The messages the kernel's widgets send to the browser while counting: each widget opened
    (its whole state), each state update and each widget closed."""

    def __init__(self, monkeypatch) -> None:
        self.opened: list[w.Widget] = []
        self.updates: list[tuple[w.Widget, tuple[str, ...]]] = []  # the widget and the traits sent
        self.closed: list[w.Widget] = []
        open_, send, close = w.Widget.open, w.Widget._send, w.Widget.close

        def opening(widget):
            if widget.comm is None:
                self.opened.append(widget)
            return open_(widget)

        def sending(widget, msg, buffers=None):
            self.updates.append((widget, tuple(msg.get("state") or (msg.get("method"),))))
            return send(widget, msg, buffers)

        def closing(widget):
            if widget.comm is not None:
                self.closed.append(widget)
            return close(widget)

        monkeypatch.setattr(w.Widget, "open", opening)
        monkeypatch.setattr(w.Widget, "_send", sending)
        monkeypatch.setattr(w.Widget, "close", closing)

    @property
    def total(self) -> int:
        return len(self.opened) + len(self.updates) + len(self.closed)

    def reset(self) -> None:
        self.opened.clear()
        self.updates.clear()
        self.closed.clear()

    def __repr__(self) -> str:
        sent = [f"{type(x).__name__}.{'/'.join(keys)}" for x, keys in self.updates]
        return (f"<{self.total} messages: opened {[type(x).__name__ for x in self.opened]}, updates {sent}, "
                f"closed {[type(x).__name__ for x in self.closed]}>")


@pytest.fixture
def widget_messages(monkeypatch):
    """Counts what the widgets send from here on (see :class:`WidgetMessages`)."""
    return WidgetMessages(monkeypatch)


class Clock:
    """The live page's clock (``time.monotonic`` in :mod:`toolkit.ui.session_app`), moved on by
    the test: what waits for a moment to pass is tested without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(session_app, "time", SimpleNamespace(monotonic=c.monotonic))
    return c


@pytest.fixture
def drawn(monkeypatch):
    """One item per chart drawn (clear it to count from there)."""
    import toolkit.charts.divergence

    count: list[int] = []
    figure_png = toolkit.charts.divergence.figure_png
    monkeypatch.setattr(toolkit.charts.divergence, "figure_png",
                        lambda *a, **k: count.append(1) or figure_png(*a, **k))
    return count
