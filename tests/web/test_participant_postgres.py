"""The participant page on PostgreSQL: the watcher wakes on LISTEN/NOTIFY, not on a poll."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import reset_postgres
from tests.web.conftest import Person, start_serve, stop
from tests.web.test_participant_http import read_events
from toolkit.core import feed
from toolkit.core import sessions as core
from toolkit.core.store import Store, resolve_url

pytestmark = pytest.mark.postgres


def test_notes_from_another_process_arrive_through_listen_notify(postgres_url, tmp_path):
    reset_postgres(postgres_url)
    store = Store(postgres_url)
    process, base = start_serve(tmp_path, postgres_url)
    try:
        created = core.create_session(store, "brainstorm", "en")
        core.set_revealed(store, created.code, created.facilitator_key, True)  # the silent idea phase, revealed
        watcher = Person(base, created.code)
        watcher.join("it")
        writer = core.join(store, created.code, "sales", "Sara")
        version = core.get_session(store, created.code).version
        with watcher.http.stream("GET", f"/j/{created.code}/live", params={"lang": "en", "v": version},
                                 timeout=30) as stream:
            # This test process writes: the server learns of it only from the store.
            threading.Timer(0.5, lambda: core.add_contribution(store, created.code, writer.token, "ideas",
                                                               {"text": "From another process"})).start()
            events = read_events(stream, lambda ev: any(op["op"] == "note" for e in ev for op in e["ops"]))
            engine = create_engine(resolve_url(postgres_url))
            with engine.connect() as conn:
                listening = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE query = :q"), {"q": f"LISTEN {feed.CHANNEL}"}).scalar()
            engine.dispose()
        [note] = [op for e in events for op in e["ops"] if op["op"] == "note"]
        assert "From another process" in note["html"] and "Sara" in note["html"]
        assert listening == 1, "one LISTEN connection for the whole server process"
        watcher.close()
    finally:
        stop(process)
        store.dispose()
