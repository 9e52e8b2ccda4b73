"""Fixtures shared by the widget tests: a real SQLite store, pages to clean up, and a guard
against exceptions that ipywidgets would swallow in click handlers."""
from __future__ import annotations

import asyncio
import asyncio.events

import pytest

from toolkit.core.store import Store
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


@pytest.fixture
def pages():
    """Pages built by a test; their live loops are stopped afterwards."""
    built: list[LiveApp] = []
    yield built
    for page in built:
        if page.loop is not None:
            page.loop.stop()
