"""The shared session store on SQLAlchemy 2 Core: SQLite by default, PostgreSQL by URL.

Every page of a live session writes here and follows the change feed from here. On SQLite the
file runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so that concurrent writers queue instead of failing with "database is locked".
"""
from __future__ import annotations

import copy
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    and_,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from toolkit.core.errors import SchemaVersionError
from toolkit.core.limits import DEFAULT_LIMITS, Guard, Limits

# 2: one live rating per participant, phase and cell is a unique index (uq_live_rating).
SCHEMA_VERSION = 2
DEFAULT_DB_FILE = Path("data") / "toolkit.sqlite"

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

organisations = Table(
    "organisations", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", Float, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("workshop", String(40), nullable=False),
    Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="SET NULL")),
    Column("facilitator_salt", String(64), nullable=False),
    Column("facilitator_hash", String(64), nullable=False),
    Column("language", String(2), nullable=False),
    Column("anonymous", Boolean, nullable=False, default=False),
    Column("phase_index", Integer, nullable=False, default=0),
    Column("locked", Boolean, nullable=False, default=False),
    Column("revealed", Boolean, nullable=False, default=False),
    Column("timer_deadline", Float),
    Column("settings", JSON, nullable=False),
    Column("version", Integer, nullable=False, default=0),
    Column("created_at", Float, nullable=False),
)

participants = Table(
    "participants", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(200)),
    Column("role", String(20), nullable=False),
    Column("joined_at", Float, nullable=False),
    Index("ix_participants_session", "session_id"),
)

contributions = Table(
    "contributions", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("phase", String(40), nullable=False),
    Column("kind", String(10), nullable=False),
    # For ratings: "row|column|dimension", one live rating per participant and cell.
    Column("item_key", String(200)),
    Column("payload", JSON, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("deleted_at", Float),
    Index("ix_contributions_session", "session_id", "phase"),
)
LIVE_RATING = and_(contributions.c.kind == "rating", contributions.c.deleted_at.is_(None))
# Ratings are checked and written under the participant's row lock; this index is the backstop.
live_rating_unique = Index(
    "uq_live_rating", contributions.c.participant_id, contributions.c.phase, contributions.c.item_key,
    unique=True, sqlite_where=LIVE_RATING, postgresql_where=LIVE_RATING,
)

votes = Table(
    "votes", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("contribution_id", Integer, ForeignKey("contributions.id", ondelete="CASCADE"), nullable=False),
    Column("phase", String(40), nullable=False),
    Column("points", Integer, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("participant_id", "contribution_id", "phase", name="uq_vote"),
    Index("ix_votes_session", "session_id"),
)

# Append-only: rows are inserted, never updated or deleted (but with their session).
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", Float, nullable=False),
    Column("actor", String(40), nullable=False),
    Column("type", String(40), nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_events_session_version", "session_id", "version"),
)


def _upgrade_1_to_2(conn: Connection) -> str:
    """Keep the newest live rating of each participant and cell (older duplicates, left by
    concurrent writes before ratings were locked, are soft-deleted), then add uq_live_rating."""
    rows = conn.execute(
        select(contributions.c.id, contributions.c.participant_id, contributions.c.phase, contributions.c.item_key)
        .where(LIVE_RATING).order_by(contributions.c.updated_at.desc(), contributions.c.id.desc())
    ).all()
    seen: set[tuple] = set()
    older = []
    for row in rows:
        cell = (row.participant_id, row.phase, row.item_key)
        if cell in seen:
            older.append(row.id)
        seen.add(cell)
    if older:
        conn.execute(update(contributions).where(contributions.c.id.in_(older)).values(deleted_at=time.time()))
    live_rating_unique.create(conn, checkfirst=True)
    return "2"


# Each step takes a store from the version it is keyed by to the next, in the caller's transaction.
UPGRADES = {"1": _upgrade_1_to_2}
SCHEMA_LOCK = 0x746B5343  # any fixed number: the advisory lock that guards schema changes


def resolve_url(url: str | None = None) -> str:
    """The store URL: ``url``, else ``TOOLKIT_DB``, else a SQLite file in ``./data/``."""
    url = url or os.environ.get("TOOLKIT_DB")
    if url:
        if url.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; a plain postgresql:// URL means it.
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    DEFAULT_DB_FILE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_FILE.resolve()}"


class StoreBusy(Exception):
    """Another connection holds SQLite's write lock, and this write was asked not to wait
    (:meth:`Store.without_waiting`). Nothing was written: the caller may try again elsewhere."""


# Whether a SQLite write in this context waits for another writer to finish (see Store.write).
_WAITS: ContextVar[bool] = ContextVar("toolkit_store_waits", default=True)


def _sqlite_engine(url: str, immediate: bool, wait_s: float = 60) -> Engine:
    engine = create_engine(url, connect_args={"timeout": wait_s, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, say when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(wait_s * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # Let SQLAlchemy say when a transaction begins, and how: the dialect's own begin is a no-op
    # for this driver. Sent to the driver directly, the BEGIN costs a tenth of a statement run
    # through SQLAlchemy's execution path (every page read and every write has one); an error
    # (SQLITE_BUSY) is still wrapped by SQLAlchemy as any other.
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
    engine.dialect.do_begin = lambda dbapi_connection: dbapi_connection.driver_connection.execute(begin)
    return engine


class Store:
    """A connection to one store. Cheap to keep for the life of a kernel; safe across threads.

    Use :meth:`write` for a transaction that changes data and :meth:`read` for queries.
    ``guard`` holds this process's counts of guesses and writes (see :mod:`toolkit.core.limits`).
    """

    def __init__(self, url: str | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.url = resolve_url(url)
        self.guard = Guard(limits)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            self._writer = _sqlite_engine(self.url, immediate=True)
            self._reader = _sqlite_engine(self.url, immediate=False)
            self._unwaiting_writer = _sqlite_engine(self.url, immediate=True, wait_s=0)  # connects on first use
        else:
            # No pre-ping: it would add a round trip to every poll of every page; stale
            # connections are recycled instead.
            self._writer = self._reader = create_engine(self.url, pool_recycle=1800, pool_size=2, max_overflow=4)
            self._unwaiting_writer = self._writer  # a PostgreSQL write never raises StoreBusy
        self._ensure_schema()

    def with_limits(self, limits: Limits) -> Store:
        """The same store (same connections) with other limits, e.g. for a bulk import."""
        other = copy.copy(self)
        other.guard = Guard(limits)
        return other

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed on success and rolled back on error.

        Inside :meth:`without_waiting` a SQLite write that finds another connection writing
        raises :class:`StoreBusy` at once (before anything is written) instead of waiting."""
        if not self.is_sqlite or _WAITS.get():
            with self._writer.begin() as conn:
                yield conn
            return
        with ExitStack() as stack:
            try:
                conn = stack.enter_context(self._unwaiting_writer.begin())
            except OperationalError as err:
                if getattr(err.orig, "sqlite_errorname", "") != "SQLITE_BUSY":
                    raise
                raise StoreBusy(str(err.orig)) from err  # BEGIN IMMEDIATE found the write lock taken
            yield conn

    @contextmanager
    def without_waiting(self) -> Iterator[None]:
        """Writes in this block never wait for another writer: they raise :class:`StoreBusy`
        (SQLite; elsewhere writes go on as always). For a caller that must not be held up, such
        as a server's event loop, which then hands the write to a thread that may wait."""
        token = _WAITS.set(False)
        try:
            yield
        finally:
            _WAITS.reset(token)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction."""
        with self._reader.connect() as conn:
            yield conn
            conn.rollback()

    def _ensure_schema(self) -> None:
        with self.write() as conn:
            if not self.is_sqlite:
                # One process at a time creates or upgrades the schema (SQLite: BEGIN IMMEDIATE).
                conn.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK)))
            metadata.create_all(conn, tables=[meta])
            found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            if found is None:
                metadata.create_all(conn)
                conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
                return
            if found not in UPGRADES and found != str(SCHEMA_VERSION):
                raise SchemaVersionError("schema_unknown", "en", found=found, expected=SCHEMA_VERSION)
            metadata.create_all(conn)
            while found in UPGRADES:
                found = UPGRADES[found](conn)
                conn.execute(update(meta).where(meta.c.key == "schema_version").values(value=found))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self._writer.dispose()
        self._reader.dispose()
        self._unwaiting_writer.dispose()

    def __repr__(self) -> str:
        shown = self.url.split("@")[-1] if "@" in self.url else self.url
        return f"Store({shown!r})"


_default: dict[str, Store] = {}


def get_store(url: str | None = None) -> Store:
    """One shared :class:`Store` per URL in this process."""
    resolved = resolve_url(url)
    if resolved not in _default:
        _default[resolved] = Store(resolved)
    return _default[resolved]


def open_stores() -> list[Store]:
    """The stores this process has opened through :func:`get_store`, oldest first (opens none)."""
    return list(_default.values())
