"""The store: schema version check, SQLite settings, and where the store lives."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text, update

from toolkit.core import sessions as core
from toolkit.core import store as db
from toolkit.core.errors import SchemaVersionError
from toolkit.core.store import DEFAULT_DB_FILE, SCHEMA_VERSION, Store, StoreBusy, get_store, resolve_url


def test_new_database_gets_the_schema_version(sqlite_store):
    with sqlite_store.read() as conn:
        assert conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == str(SCHEMA_VERSION)
        tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
    assert tables >= {"meta", "organisations", "sessions", "participants", "contributions", "votes", "events"}


def test_reopening_keeps_the_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'toolkit.sqlite'}"
    first = Store(url)
    created = core.create_session(first, "brainstorm")
    first.dispose()
    second = Store(url)
    assert core.get_session(second, created.code).code == created.code
    with second.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM meta")).scalar() == 1
    second.dispose()


def test_unknown_schema_version_is_refused(tmp_path):
    path = tmp_path / "toolkit.sqlite"
    Store(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(SchemaVersionError) as info:
        Store(f"sqlite:///{path}")
    message = str(info.value)
    assert "999" in message and str(SCHEMA_VERSION) in message
    assert message == (f"The database has schema version 999; this version of the toolkit knows {SCHEMA_VERSION}. "
                       "Update the toolkit or use another database.")
    assert "999" in info.value.in_language("nl") and "schemaversie" in info.value.in_language("nl")


@pytest.mark.postgres
def test_unknown_schema_version_is_refused_on_postgres(postgres_url):
    from tests.conftest import reset_postgres

    reset_postgres(postgres_url)
    first = Store(postgres_url)
    with first.write() as conn:
        conn.execute(update(db.meta).where(db.meta.c.key == "schema_version").values(value="999"))
    first.dispose()
    try:
        with pytest.raises(SchemaVersionError) as info:
            Store(postgres_url)
        assert "999" in str(info.value) and f"knows {SCHEMA_VERSION}" in str(info.value)
    finally:
        reset_postgres(postgres_url)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_store, tmp_path):
    with sqlite_store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with sqlite_store.write() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    with sqlite3.connect(tmp_path / "toolkit.sqlite") as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    plain.close()


def test_write_rolls_back_on_error(sqlite_store):
    created = core.create_session(sqlite_store, "brainstorm")
    with pytest.raises(RuntimeError), sqlite_store.write() as conn:
        conn.execute(update(db.sessions).values(phase_index=3))
        raise RuntimeError("boom")
    assert core.get_session(sqlite_store, created.code).phase_index == 0


def test_a_write_that_must_not_wait_says_so_and_writes_nothing(sqlite_store, tmp_path):
    """Another process holds the write lock: inside ``without_waiting`` a join is refused at
    once with StoreBusy and leaves nothing behind; outside, the same join waits its turn."""
    created = core.create_session(sqlite_store, "brainstorm")
    other = sqlite3.connect(tmp_path / "toolkit.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy), sqlite_store.without_waiting():
            core.join(sqlite_store, created.code, "it", "Ivo")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert core.participant_counts(sqlite_store, created.code) == {}
    with sqlite_store.without_waiting():  # nobody else writing: it simply goes through
        core.join(sqlite_store, created.code, "it", "Ivo")
    assert core.participant_counts(sqlite_store, created.code) == {"it": 1}
    # A failing write inside the block still rolls back, as every write does.
    with pytest.raises(RuntimeError), sqlite_store.without_waiting(), sqlite_store.write() as conn:
        conn.execute(update(db.sessions).values(phase_index=3))
        raise RuntimeError("boom")
    assert core.get_session(sqlite_store, created.code).phase_index == 0


def test_repr_hides_credentials():
    store = Store.__new__(Store)
    store.url = "postgresql+psycopg://user:secret@db.example:5432/toolkit"
    assert "secret" not in repr(store) and "db.example" in repr(store)


# -- where the store lives: --db, else TOOLKIT_DB, else ./data/toolkit.sqlite ----------------

def test_default_is_a_file_in_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOOLKIT_DB", raising=False)
    assert not (tmp_path / "data").exists()
    url = resolve_url()
    assert url == f"sqlite:///{tmp_path / DEFAULT_DB_FILE}"
    assert (tmp_path / "data").is_dir(), "the data folder is created"
    assert resolve_url(None) == resolve_url("") == url
    store = Store()
    core.create_session(store, "brainstorm")
    store.dispose()
    assert (tmp_path / "data" / "toolkit.sqlite").is_file()


def test_environment_variable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env_url = f"sqlite:///{tmp_path / 'from-env.sqlite'}"
    monkeypatch.setenv("TOOLKIT_DB", env_url)
    assert resolve_url() == env_url
    assert not (tmp_path / "data").exists(), "no default folder when TOOLKIT_DB is set"
    store = Store()
    store.dispose()
    assert (tmp_path / "from-env.sqlite").is_file()


def test_argument_beats_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOOLKIT_DB", f"sqlite:///{tmp_path / 'from-env.sqlite'}")
    arg_url = f"sqlite:///{tmp_path / 'from-arg.sqlite'}"
    assert resolve_url(arg_url) == arg_url
    Store(arg_url).dispose()
    assert (tmp_path / "from-arg.sqlite").is_file() and not (tmp_path / "from-env.sqlite").exists()


def test_postgresql_urls_use_psycopg(monkeypatch):
    monkeypatch.delenv("TOOLKIT_DB", raising=False)
    assert resolve_url("postgresql://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert resolve_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    monkeypatch.setenv("TOOLKIT_DB", "postgresql://u@h/d")
    assert resolve_url() == "postgresql+psycopg://u@h/d"


def test_get_store_shares_one_store_per_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    first = get_store(url)
    try:
        assert get_store(url) is first
        assert get_store(f"sqlite:///{tmp_path / 'other.sqlite'}") is not first
    finally:
        for key in (url, f"sqlite:///{tmp_path / 'other.sqlite'}"):
            db._default.pop(key).dispose()
