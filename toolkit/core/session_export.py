"""A session's content as plain data for ``toolkit session export``: JSON-ready tables and CSV.

An anonymous session's export carries no ``participant_id`` at all, nor the snapshot's opaque
per-person key: nothing in it ties one person's contributions or votes together.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from toolkit.core.store import Store

CSV_COLUMNS = ["id", "phase", "kind", "role", "author", "text", "payload", "created_at"]
PERSON_KEY = "participant_id"


def _records(frame, anonymous: bool) -> list[dict[str, Any]]:
    if anonymous and PERSON_KEY in frame.columns:
        frame = frame.drop(columns=[PERSON_KEY])
    return frame.to_dict(orient="records")


def session_export_dict(store: Store, code: str, audit_key: str | None = None) -> dict[str, Any]:
    """A session's content as it is now, as plain JSON-ready data; with ``audit_key`` (the
    facilitator key) its event log is the full audit log, with text deleted or edited away."""
    from toolkit.core.sessions import snapshot

    snap = snapshot(store, code, audit_key)
    anonymous = snap.anonymous
    return {
        "code": snap.code, "workshop": snap.workshop_id, "language": snap.language, "anonymous": anonymous,
        "organisation": snap.organisation,
        "participants": _records(snap.participants, anonymous),
        "contributions": _records(snap.contributions, anonymous),
        "votes": _records(snap.votes, anonymous),
        "events": snap.events.to_dict(orient="records"),
        "tables": snap.tables,
    }


def csv_safe(text: str) -> str:
    """Text that a spreadsheet opens as text, never as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def contributions_csv(data: dict[str, Any]) -> str:
    """The contributions of :func:`session_export_dict` as CSV (no participant column)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for c in data["contributions"]:
        writer.writerow([c["id"], c["phase"], c["kind"], c["role"], csv_safe(c["author"] or ""),
                         csv_safe(c["text"]), csv_safe(json.dumps(c["payload"], ensure_ascii=False)),
                         c["created_at"]])
    return buffer.getvalue()
