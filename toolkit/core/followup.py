"""Carrying a session's outcome into the next session of the same workshop and organisation.

A workshop that defines the list ``previous_actions`` starts each new session of an organisation
with that list filled from the organisation's previous session of the same workshop: what the room
agreed on there (the facilitator's agreed marks, in the agreed wording), or, when nothing was
marked, every contribution of its last note or form phase. A phase can then rate those items (did
the first step happen?), and the report reads them from the snapshot's lists.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import and_, select

from toolkit.core import store as db

if TYPE_CHECKING:
    from toolkit.core.sessions import SessionState
    from toolkit.core.store import Store

LIST_ID = "previous_actions"
LABEL_LIMIT = 60  # the length of a list label (:func:`toolkit.core.sessions.set_list`)
MAX_ITEMS = 30


def previous_session(store: Store, code: str) -> SessionState | None:
    """The latest session of the same workshop and organisation created before ``code``, or
    ``None`` (also for a session without an organisation)."""
    from toolkit.core import sessions as core

    s = db.sessions
    with store.read() as conn:
        me = conn.execute(select(s.c.id, s.c.workshop, s.c.organisation_id, s.c.created_at)
                          .where(s.c.code == core._normal_code(code))).first()
        if me is None or me.organisation_id is None:
            return None
        earlier = conn.execute(select(s.c.code).where(and_(
            s.c.workshop == me.workshop, s.c.organisation_id == me.organisation_id, s.c.id != me.id,
            s.c.created_at <= me.created_at,
        )).order_by(s.c.created_at.desc(), s.c.id.desc()).limit(1)).scalar()
    return core.get_session(store, earlier) if earlier else None


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def outcome(store: Store, code: str) -> list[str]:
    """What a session leaves for the next one: its agreed items (agreed wording), else every
    contribution of its last note or form phase; in board order, without repeats."""
    from toolkit.core import sessions as core

    snap = core.snapshot(store, code)
    rows = snap.contributions
    if rows.empty:
        return []
    agreed = rows[rows["agreed"]]
    if not agreed.empty:
        texts = list(agreed["agreed_text"])
    else:
        phases = [p.id for p in core.get_session(store, code).workshop.phases if p.input in ("note", "form")]
        last = next((p for p in reversed(phases) if (rows["phase"] == p).any()), None)
        texts = list(rows[rows["phase"] == last]["text"]) if last else []
    seen, out = set(), []
    for text in (_short(t) for t in texts if isinstance(t, str) and t.strip()):
        if text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out[:MAX_ITEMS]


def carry_over(store: Store, code: str, key: str) -> list[str]:
    """Fill the session's ``previous_actions`` list from the previous session of its workshop and
    organisation (when the workshop has that list and there is such a session with an outcome);
    returns the items carried."""
    from toolkit.core import sessions as core

    state = core.check_facilitator(store, code, key)
    if LIST_ID not in state.workshop.lists:
        return []
    previous = previous_session(store, code)
    items = outcome(store, previous.code) if previous is not None else []
    if items:
        core.set_list(store, code, key, LIST_ID, items)
    return items
