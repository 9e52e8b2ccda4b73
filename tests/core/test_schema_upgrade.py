"""A store written by schema version 1 opens and is upgraded in place: duplicate live ratings left
by the old race are reduced to the newest, and the unique index guards every later write; on
SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from toolkit.core import sessions as core
from toolkit.core import store as db
from toolkit.core.store import SCHEMA_VERSION, Store


def as_version_1(store: Store) -> None:
    """Turn ``store`` back into what schema version 1 left: no unique index on live ratings."""
    with store.write() as conn:
        db.live_rating_unique.drop(conn)
        conn.execute(update(db.meta).where(db.meta.c.key == "schema_version").values(value="1"))


def rating_row(participant_id: int, session_id: int, score: int, at: float) -> dict:
    return dict(session_id=session_id, participant_id=participant_id, phase="rate", kind="rating",
                item_key="1||customers", payload={"row": "1", "column": None, "dimension": "customers", "score": score},
                created_at=at, updated_at=at)


def test_a_version_1_store_is_upgraded_and_keeps_the_newest_rating(store):
    created = core.create_session(store, "brainstorm", "en")
    ann = core.join(store, created.code, "it")
    core.add_contribution(store, created.code, ann.token, "ideas", {"text": "idea"})
    session_id = core.get_session(store, created.code).id
    as_version_1(store)
    with store.write() as conn:
        for score, at in ((2, 10.0), (5, 30.0), (3, 20.0)):
            conn.execute(insert(db.contributions).values(**rating_row(ann.id, session_id, score, at)))
    upgraded = Store(store.url)
    try:
        with upgraded.read() as conn:
            version = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "schema_version")).scalar()
            live = conn.execute(select(db.contributions.c.payload).where(and_(
                db.contributions.c.kind == "rating", db.contributions.c.deleted_at.is_(None)))).scalars().all()
            kept = conn.execute(select(func.count()).where(db.contributions.c.kind == "rating")).scalar()
        assert version == str(SCHEMA_VERSION) == "2"
        assert [p["score"] for p in live] == [5], "the newest rating stays live"
        assert kept == 3, "the older ones are soft-deleted, not removed"
        with pytest.raises(IntegrityError), upgraded.write() as conn:
            conn.execute(insert(db.contributions).values(**rating_row(ann.id, session_id, 1, 40.0)))
        # The session goes on as before.
        core.set_phase(upgraded, created.code, created.facilitator_key, 2)
        [note] = [c for c in core.contributions(upgraded, created.code) if c.kind == "note"]
        core.rate(upgraded, created.code, ann.token, "rate", note.id, None, "customers", 4)
        assert [c.payload["score"] for c in core.contributions(upgraded, created.code) if c.kind == "rating"] == [4]
        # Opening it again changes nothing.
        Store(store.url).dispose()
    finally:
        upgraded.dispose()
