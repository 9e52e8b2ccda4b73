"""Fixtures shared by the widget tests: a real SQLite store, pages to clean up, and a guard
against exceptions that ipywidgets would swallow in click handlers."""
from __future__ import annotations

import pytest

from toolkit.core.store import Store
from toolkit.ui.session_app import LiveApp


@pytest.fixture(autouse=True)
def no_swallowed_callback_errors(caplog):
    """ipywidgets logs (and swallows) an exception raised in a click handler: fail on it instead."""
    yield
    swallowed = [r for r in caplog.get_records("call") if r.getMessage().startswith("Exception in callback")]
    assert not swallowed, swallowed[0].getMessage()


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
