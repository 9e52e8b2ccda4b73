"""The event log as an export shows it: the session as it is now, or the full audit log.

The store's log is append-only and keeps every text a participant typed, also text they later
deleted or edited away: undo and audit need it. An export shows the session as it is now, so
its events keep their type, actor, time and ids ("contribution 12 edited") but not the text
they carried; the current text of every contribution is in the export's own tables. Only the
facilitator, with the session's key, gets the full log (:func:`toolkit.core.sessions.snapshot`
with ``audit_key``).
"""
from __future__ import annotations

from typing import Any

# Event data that holds what someone typed: a contribution's payload, the payload before an
# edit, and any text. Left out of every event, whatever its type, so a new kind of event that
# carries text is covered too.
TEXT_KEYS = frozenset({"payload", "before", "text"})


def without_text(data: Any) -> Any:
    """An event's ``data`` without the text it carried (what was typed, before and after)."""
    if not isinstance(data, dict):
        return data
    return {key: value for key, value in data.items() if key not in TEXT_KEYS}
