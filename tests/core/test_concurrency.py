"""Many writers at once: 8 processes (like 8 Voila kernels) join one session and each add 250
notes at the same moment (without the per-participant write limits, which no person reaches).
Nothing may be lost or doubled, the version must count up without gaps, and no "database is
locked" may reach a participant. On SQLite and on PostgreSQL.
"""
from __future__ import annotations

import multiprocessing
import queue
import traceback

import pytest
from sqlalchemy import func, select

from toolkit.core import sessions as core
from toolkit.core import store as db

WRITERS = 8
NOTES_EACH = 250
TIMEOUT = 300  # seconds, only to turn a hang into a failure; not a performance target


def write_notes(url: str, code: str, writer: int, start, results) -> None:
    """One writer process: join, wait for the others, add ``NOTES_EACH`` notes."""
    try:
        from toolkit.core import sessions
        from toolkit.core.limits import NO_WRITE_LIMITS
        from toolkit.core.store import Store

        # One writer stands for a whole room here: no per-participant write limit.
        store = Store(url, limits=NO_WRITE_LIMITS)
        person = sessions.join(store, code, "it", f"writer {writer}")
        start.wait(timeout=TIMEOUT)
        for n in range(NOTES_EACH):
            sessions.add_contribution(store, code, person.token, "ideas", {"text": f"writer {writer} note {n}"})
        store.dispose()
        results.put((writer, None))
    except BaseException:  # everything, including a "database is locked", goes back to the test
        results.put((writer, traceback.format_exc()))


def test_eight_processes_write_at_once(store):
    created = core.create_session(store, "brainstorm", "en")
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WRITERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=write_notes, args=(store.url, created.code, i, start, results), daemon=True)
        for i in range(WRITERS)
    ]
    for process in processes:
        process.start()
    outcomes = {}
    try:
        for _ in range(WRITERS):
            writer, error = results.get(timeout=TIMEOUT)
            outcomes[writer] = error
    except queue.Empty:
        pytest.fail(f"only {len(outcomes)} of {WRITERS} writers finished within {TIMEOUT} s")
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
                process.join()
    errors = {w: e for w, e in outcomes.items() if e}
    assert not errors, "\n\n".join(f"writer {w}:\n{e}" for w, e in errors.items())
    assert all("database is locked" not in (e or "") for e in outcomes.values())
    assert [p.exitcode for p in processes] == [0] * WRITERS

    total = WRITERS * NOTES_EACH
    notes = core.contributions(store, created.code)
    assert len(notes) == total
    assert len({c.id for c in notes}) == total
    by_writer = {}
    for note in notes:
        by_writer.setdefault(note.author, []).append(note.text)
    assert sorted(by_writer) == sorted(f"writer {i}" for i in range(WRITERS))
    for i in range(WRITERS):
        # Each writer's notes arrived complete and in the order they were written.
        assert by_writer[f"writer {i}"] == [f"writer {i} note {n}" for n in range(NOTES_EACH)]

    log = core.event_log(store, created.code)
    added = [e for e in log if e["type"] == "contribution.added"]
    assert len(added) == total
    assert sorted(e["data"]["id"] for e in added) == sorted(c.id for c in notes)
    assert [e["type"] for e in log].count("participant.joined") == WRITERS
    versions = [e["version"] for e in log]
    assert versions == list(range(1, len(log) + 1)), "versions strictly increase with no gaps"
    assert len(log) == 1 + WRITERS + total
    assert core.session_version(store, created.code) == len(log)
    with store.read() as conn:
        # No duplicate versions hide behind the ordered log.
        distinct = conn.execute(select(func.count(func.distinct(db.events.c.version)))
                                .where(db.events.c.session_id == core.get_session(store, created.code).id)).scalar()
    assert distinct == len(log)
    assert core.list_sessions(store)[0]["contributions"] == total
