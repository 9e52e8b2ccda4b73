"""One participant, several writes at the same moment (two open tabs, a double click): the dot
budget and "one live rating per cell" must hold, on SQLite and on PostgreSQL.

Each trial starts four threads on one barrier; before the participant's row was locked, PostgreSQL
placed up to 20 dots against a budget of 5, and stored up to 4 live ratings for one cell, in
nearly every trial.
"""
from __future__ import annotations

import threading
from functools import partial

from sqlalchemy import and_, func, select

from toolkit.core import sessions as core
from toolkit.core import store as db
from toolkit.core.errors import ValidationError

TRIALS = 30
AT_ONCE = 4
BUDGET = 5  # brainstorm's vote phase
TIMEOUT = 60  # seconds, only to turn a hang into a failure


def all_at_once(actions) -> list[BaseException]:
    """Run ``actions`` in threads released together; returns what each raised."""
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action) -> None:
        barrier.wait(timeout=TIMEOUT)
        try:
            action()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
        assert not thread.is_alive(), "a write hung"
    return errors


def live_ratings(store, participant_id: int) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).where(and_(
            db.contributions.c.participant_id == participant_id, db.contributions.c.kind == "rating",
            db.contributions.c.deleted_at.is_(None),
        ))).scalar_one()


def one_participant(store, notes: int, phase: int):
    """A fresh brainstorm with one participant, their ``notes``, moved on to phase ``phase``."""
    created = core.create_session(store, "brainstorm", "en")
    person = core.join(store, created.code, "it")
    ids = [core.add_contribution(store, created.code, person.token, "ideas", {"text": f"idea {i}"}).id
           for i in range(notes)]
    core.set_phase(store, created.code, created.facilitator_key, phase)
    return created.code, person, ids


def test_the_dot_budget_holds_for_concurrent_votes(store):
    for _ in range(TRIALS):
        code, person, notes = one_participant(store, AT_ONCE, phase=1)
        errors = all_at_once([partial(core.vote, store, code, person.token, "vote", n, BUDGET) for n in notes])
        placed = core.my_votes(store, code, person.token, "vote")
        assert sum(placed.values()) == BUDGET and len(placed) == 1
        # Every other vote was refused for the budget, in the session's words.
        assert len(errors) == AT_ONCE - 1
        assert all(isinstance(e, ValidationError) and e.key == "vote_budget" for e in errors), errors
        assert [e["type"] for e in core.event_log(store, code)].count("vote.set") == 1


def test_concurrent_votes_on_one_note_leave_one_row(store):
    for _ in range(TRIALS):
        code, person, [note] = one_participant(store, 1, phase=1)
        errors = all_at_once([partial(core.vote, store, code, person.token, "vote", note, p) for p in (1, 2, 3, 4)])
        assert errors == []
        placed = core.my_votes(store, code, person.token, "vote")
        assert list(placed) == [note] and placed[note] in (1, 2, 3, 4)


def test_one_live_rating_per_cell_under_concurrent_ratings(store):
    for _ in range(TRIALS):
        code, person, [note] = one_participant(store, 1, phase=2)
        errors = all_at_once([partial(core.rate, store, code, person.token, "rate", note, None, "customers", s)
                              for s in (1, 2, 3, 4)])
        assert errors == []
        assert live_ratings(store, person.id) == 1
        [rating] = [c for c in core.contributions(store, code) if c.kind == "rating"]
        # The row holds the score of the last write of the four, as the event log says.
        last = [e for e in core.event_log(store, code) if e["type"] == "rating.set"][-1]
        assert rating.payload["score"] == last["data"]["payload"]["score"]
