"""The core tests' ``store``: the shared fixture's store (SQLite and PostgreSQL) without limits.

Most tests here send input far faster than a person types and try wrong keys on purpose, one
rule at a time; the limits themselves are tested in ``test_hardening.py`` with a store that keeps
its defaults (``limited_store``).
"""
from __future__ import annotations

import pytest

from toolkit.core.limits import DEFAULT_LIMITS, NO_LIMITS


@pytest.fixture
def store(store):
    return store.with_limits(NO_LIMITS)


@pytest.fixture
def limited_store(store):
    """The same store with the default limits, as every page uses it."""
    return store.with_limits(DEFAULT_LIMITS)
