"""The change feed as a signal: every change tells the servers following the store.

On PostgreSQL :func:`notify` sends ``NOTIFY`` on :data:`CHANNEL` inside the writing transaction
(delivered on commit), so a watcher that ``LISTEN``\\ s wakes at once instead of polling. SQLite has
no such signal; its watchers poll :func:`~toolkit.core.sessions.changes_since` (one cheap query).
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

CHANNEL = "toolkit_feed"


def notify(conn: Connection, session_id: int, version: int) -> None:
    """Signal that session ``session_id`` reached ``version`` (a no-op on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_notify(CHANNEL, f"{session_id}:{version}")))


def parse(payload: str) -> tuple[int, int] | None:
    """``(session_id, version)`` from a notification payload, ``None`` when it is not ours."""
    try:
        session_id, version = payload.split(":")
        return int(session_id), int(version)
    except ValueError:
        return None
