"""Session operations: create, join, contribute, vote, steer, follow the change feed, snapshot.

Every function takes a :class:`~toolkit.core.store.Store` and checks its input and the caller's
rights here, in core: a participant is known only by the secret token issued on joining, a
facilitator only by the session's key. Every change bumps the session's version and appends
an event in the same transaction, so the change feed and the event log never disagree.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from toolkit.core import feed
from toolkit.core import store as db
from toolkit.core.definitions import Phase, Workshop, get_workshop
from toolkit.core.errors import LimitReached, NotFoundError, PermissionDenied, PhaseError, ValidationError
from toolkit.core.i18n import check_language
from toolkit.core.limits import SHARED_CLIENT
from toolkit.core.store import Store
from toolkit.core.validation import (
    check_choice,
    check_form,
    check_int,
    check_name,
    check_note,
    check_role,
    check_text,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud from a projector
CODE_LENGTH = 6
FACILITATOR = "facilitator"
MAX_ID = 2**31 - 1  # ids are INTEGER columns (32 bits on PostgreSQL): a larger forged id never exists


@dataclass(frozen=True)
class CreatedSession:
    """What the facilitator gets once: the join code and the secret key."""

    code: str
    facilitator_key: str
    workshop_id: str
    language: str


@dataclass(frozen=True)
class SessionState:
    """The steering state of a session, cheap to read on every change."""

    code: str
    workshop_id: str
    language: str
    anonymous: bool
    phase_index: int
    locked: bool
    revealed: bool
    timer_deadline: float | None
    version: int
    settings: dict[str, Any]
    organisation: str | None = None
    id: int = 0

    @property
    def workshop(self) -> Workshop:
        return get_workshop(self.workshop_id)

    @property
    def phase(self) -> Phase:
        return self.workshop.phases[self.phase_index]

    def list_items(self, list_id: str) -> list[tuple[str, str]]:
        """A list's ``(id, label)`` items in the session language, with the facilitator's edits."""
        edited = self.settings.get("lists", {}).get(list_id)
        if edited is not None:
            return [(item["id"], item["label"]) for item in edited]
        return [(o.id, o.label(self.language)) for o in self.workshop.lists.get(list_id, ())]


@dataclass(frozen=True)
class Participant:
    """A participant as their own page knows them (``token`` is their secret)."""

    id: int
    token: str
    name: str | None
    role: str
    code: str


@dataclass(frozen=True)
class Contribution:
    """One live contribution as pages show it."""

    id: int
    participant_id: int
    phase: str
    kind: str
    payload: dict[str, Any]
    author: str | None
    role: str
    created_at: float
    updated_at: float
    item_key: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Changes:
    """The answer of :func:`changes_since`: the current version and the events after ``since``."""

    version: int
    events: list[dict[str, Any]] = field(default_factory=list)


def _text(payload: dict[str, Any], phase: Phase | None) -> str:
    from toolkit.core.snapshot import payload_text

    return payload_text(payload, phase)


def _phase_or_none(workshop: Workshop, phase_id: str) -> Phase | None:
    try:
        return workshop.phase(phase_id)
    except KeyError:
        return None


def _hash(salt: str, secret: str) -> str:
    # "surrogatepass": a forged secret with a lone surrogate hashes (and never matches) instead of crashing.
    return hashlib.sha256((salt + secret).encode("utf-8", "surrogatepass")).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> float:
    return time.time()


# Built once: every write of every session runs them.
_BUMP_VERSION = (update(db.sessions).where(db.sessions.c.id == bindparam("session_id"))
                 .values(version=db.sessions.c.version + 1).returning(db.sessions.c.version))
_APPEND_EVENT = insert(db.events)
_ADD_PARTICIPANT = insert(db.participants).returning(db.participants.c.id)
_ADD_CONTRIBUTION = insert(db.contributions).returning(db.contributions.c.id)
_NOTES_OF_PARTICIPANT = select(func.count()).where(and_(
    db.contributions.c.participant_id == bindparam("participant_id"), db.contributions.c.phase == bindparam("phase"),
    db.contributions.c.deleted_at.is_(None),
))


def _bump(conn: Connection, session_id: int, actor: str, type_: str, data: dict[str, Any]) -> int:
    """Bump the session version and append one event, in the caller's transaction."""
    version = conn.execute(_BUMP_VERSION, {"session_id": session_id}).scalar_one()
    conn.execute(_APPEND_EVENT, {"session_id": session_id, "version": version, "at": _now(), "actor": actor,
                                 "type": type_, "data": data})
    feed.notify(conn, session_id, version)
    return version


def _state_from_row(row) -> SessionState:
    return SessionState(
        code=row.code, workshop_id=row.workshop, language=row.language, anonymous=bool(row.anonymous),
        phase_index=row.phase_index, locked=bool(row.locked), revealed=bool(row.revealed),
        timer_deadline=row.timer_deadline, version=row.version, settings=row.settings or {},
        organisation=getattr(row, "organisation", None), id=row.id,
    )


def _normal_code(code: Any) -> str:
    if not isinstance(code, str):
        raise NotFoundError("session_not_found", "en", code=str(code)[:12])
    code = code.strip().upper()[:12]
    if not (code.isascii() and code.isalnum()):
        # Codes are letters and digits; anything else (NUL, lone surrogates) never reaches the database.
        raise NotFoundError("session_not_found", "en", code=code.encode("ascii", "replace").decode("ascii"))
    return code


# Built once: the session lookup runs several times for every page a participant opens.
_SESSION_BY_CODE = (
    select(db.sessions, db.organisations.c.name.label("organisation"))
    .select_from(db.sessions.outerjoin(db.organisations))
    .where(db.sessions.c.code == bindparam("code"))
)
# Lock the session row only (PostgreSQL cannot lock the nullable side of an outer join); SQLite
# ignores this and serialises writers with BEGIN IMMEDIATE instead.
_SESSION_BY_CODE_FOR_UPDATE = _SESSION_BY_CODE.with_for_update(of=db.sessions)


def _session_row(conn: Connection, code: Any, for_update: bool = False):
    code = _normal_code(code)
    row = conn.execute(_SESSION_BY_CODE_FOR_UPDATE if for_update else _SESSION_BY_CODE, {"code": code}).first()
    if row is None:
        raise NotFoundError("session_not_found", "en", code=code)
    return row


def create_session(
    store: Store, workshop_id: str, language: str = "nl", anonymous: bool = False, organisation: str | None = None,
) -> CreatedSession:
    """Create a session of ``workshop_id``; returns its join code and the facilitator key."""
    workshop = get_workshop(workshop_id)
    language = check_language(language)
    if organisation is not None:
        organisation = check_text(organisation, language, 200, field="organisation")
    key = secrets.token_urlsafe(12)
    while key.startswith("-"):  # a key that starts with "-" reads as an option on a command line
        key = secrets.token_urlsafe(12)
    salt = secrets.token_hex(16)
    with store.write() as conn:
        org_id = None
        if organisation:
            org_id = conn.execute(select(db.organisations.c.id).where(db.organisations.c.name == organisation)).scalar()
            if org_id is None:
                org_id = conn.execute(insert(db.organisations).values(name=organisation, created_at=_now())
                                      .returning(db.organisations.c.id)).scalar_one()
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if conn.execute(select(db.sessions.c.id).where(db.sessions.c.code == code)).first() is None:
                break
        session_id = conn.execute(insert(db.sessions).values(
            code=code, workshop=workshop.id, organisation_id=org_id, facilitator_salt=salt,
            facilitator_hash=_hash(salt, key), language=language, anonymous=bool(anonymous),
            phase_index=0, locked=False, revealed=False, timer_deadline=None, settings={},
            version=0, created_at=_now(),
        ).returning(db.sessions.c.id)).scalar_one()
        _bump(conn, session_id, FACILITATOR, "session.created",
              {"workshop": workshop.id, "language": language, "anonymous": bool(anonymous)})
    if org_id is not None:
        from toolkit.core.followup import carry_over

        carry_over(store, code, key)
    return CreatedSession(code=code, facilitator_key=key, workshop_id=workshop.id, language=language)


def get_session(store: Store, code: str) -> SessionState:
    """The steering state of the session ``code``."""
    with store.read() as conn:
        return read_state(conn, code)


def read_state(conn: Connection, code: Any) -> SessionState:
    """:func:`get_session` in the caller's transaction, so that one page reads it once."""
    return _state_from_row(_session_row(conn, code))


def _guessed_row(store: Store, conn: Connection, code: Any, client: str):
    """The session row of a code someone typed or followed; an unknown code counts as a guess of
    ``client``, and a client with too many wrong guesses is refused for a while."""
    guesses = store.guard.session_codes
    guesses.check(client, "en")
    try:
        return _session_row(conn, code)
    except NotFoundError:
        guesses.failed(client)
        raise


def find_session(store: Store, code: Any, client: str = SHARED_CLIENT) -> SessionState:
    """The session a join page names by ``code``: like :func:`get_session`, but unknown codes
    count as guesses of ``client`` (e.g. the remote address) and are limited per client."""
    with store.read() as conn:
        return read_found_state(store, conn, code, client)


def read_found_state(store: Store, conn: Connection, code: Any, client: str = SHARED_CLIENT) -> SessionState:
    """:func:`find_session` in the caller's transaction."""
    return _state_from_row(_guessed_row(store, conn, code, client))


def watched_state(store: Store, code: str, unseen: frozenset[str]) -> tuple[SessionState, int]:
    """The session's state and the version of its newest event whose type is not in ``unseen``
    (0 when there is none), read together: for a watcher that starts following the feed and
    must tell which pages read before it missed a change they show. Events of the types in
    ``unseen`` (arrivals, say) change no page but their author's."""
    with store.read() as conn:
        state = read_state(conn, code)
        shown = conn.execute(
            select(db.events.c.version)
            .where(and_(db.events.c.session_id == state.id, db.events.c.type.not_in(sorted(unseen))))
            .order_by(db.events.c.version.desc()).limit(1)
        ).scalar()
    return state, shown or 0


def session_version(store: Store, code: str) -> int:
    """The session's current version: one indexed lookup, for pages that poll."""
    with store.read() as conn:
        version = conn.execute(select(db.sessions.c.version).where(db.sessions.c.code == _normal_code(code))).scalar()
    if version is None:
        raise NotFoundError("session_not_found", "en", code=_normal_code(code))
    return version


# Built once: every live page's watcher asks this many times a second.
_VERSION_BY_CODE = select(db.sessions.c.id, db.sessions.c.version, db.sessions.c.anonymous).where(
    db.sessions.c.code == bindparam("code"))
_EVENTS_AFTER = (
    select(db.events.c.version, db.events.c.type, db.events.c.actor, db.events.c.data)
    .where(and_(db.events.c.session_id == bindparam("session_id"), db.events.c.version > bindparam("since")))
    .order_by(db.events.c.version)
)


def changes_since(store: Store, code: str, since: int) -> Changes:
    """The events after version ``since``; an empty list when nothing changed (one cheap query)."""
    with store.read() as conn:
        row = conn.execute(_VERSION_BY_CODE, {"code": _normal_code(code)}).first()
        if row is None:
            raise NotFoundError("session_not_found", "en", code=_normal_code(code))
        if row.version <= since:
            return Changes(version=row.version)
        rows = conn.execute(_EVENTS_AFTER, {"session_id": row.id, "since": since}).all()
    events = [dict(r._mapping) for r in rows]
    if row.anonymous:
        events = [{**e, "data": _without_names(e["data"])} for e in events]
    return Changes(version=row.version, events=events)


# -- participants -------------------------------------------------------------------------------

def join(store: Store, code: str, role: str, name: str | None = None, client: str = SHARED_CLIENT) -> Participant:
    """Join the session ``code`` with a role and an optional display name.

    An anonymous session stores no name: one sent anyway (a stale or forged form) is dropped.
    Unknown codes count as guesses of ``client`` (see :func:`find_session`).
    """
    store.guard.session_codes.check(client, "en")  # before the write lock: a flood of guesses never takes it
    with store.write() as conn:
        state = read_found_state(store, conn, code, client)
        lang = state.language
        role = check_role(role, state.workshop, lang)
        name = None if state.anonymous else check_name(name, lang)
        token = secrets.token_urlsafe(18)
        pid = conn.execute(_ADD_PARTICIPANT, {"session_id": state.id, "token_hash": _token_hash(token), "name": name,
                                              "role": role, "joined_at": _now()}).scalar_one()
        _bump(conn, state.id, f"p{pid}", "participant.joined", {"participant": pid, "role": role, "name": name})
    return Participant(id=pid, token=token, name=name, role=role, code=state.code)


def resume(store: Store, code: str, token: str) -> Participant:
    """The participant whose secret is ``token``, after a page reload."""
    with store.read() as conn:
        return _participant(conn, read_state(conn, code), token)


_PARTICIPANT_BY_TOKEN = select(db.participants).where(and_(
    db.participants.c.token_hash == bindparam("token_hash"), db.participants.c.session_id == bindparam("session_id"),
))
_PARTICIPANT_BY_TOKEN_FOR_UPDATE = _PARTICIPANT_BY_TOKEN.with_for_update()


def _participant(conn: Connection, state: SessionState, token: Any, lock: bool = False) -> Participant:
    if not isinstance(token, str) or not token:
        raise NotFoundError("participant_not_found", state.language)
    row = conn.execute(_PARTICIPANT_BY_TOKEN_FOR_UPDATE if lock else _PARTICIPANT_BY_TOKEN,
                       {"token_hash": _token_hash(token), "session_id": state.id}).first()
    if row is None:
        raise NotFoundError("participant_not_found", state.language)
    return Participant(id=row.id, token=token, name=row.name, role=row.role, code=state.code)


def read_participant(conn: Connection, state: SessionState, token: Any) -> Participant:
    """The participant of ``state``'s session whose secret is ``token``, read in the caller's
    transaction (``NotFoundError`` when there is none)."""
    return _participant(conn, state, token)


def participant_counts(store: Store, code: str) -> dict[str, int]:
    """How many participants joined, by role."""
    with store.read() as conn:
        state = _state_from_row(_session_row(conn, code))
        rows = conn.execute(
            select(db.participants.c.role, func.count()).where(db.participants.c.session_id == state.id)
            .group_by(db.participants.c.role)
        ).all()
    return {role: n for role, n in rows}


def _writer(store: Store, conn: Connection, code: Any, token: Any) -> tuple[SessionState, Participant]:
    """The session and the participant of a write, with the participant's row locked until the
    transaction ends, so that one person's concurrent writes (two tabs) check their budget, caps
    and uniqueness one after the other; the write counts against the participant's rate limit."""
    state = _state_from_row(_session_row(conn, code))
    person = _participant(conn, state, token, lock=True)
    store.guard.writes.hit(f"{state.id}:{person.id}", state.language)
    return state, person


# -- contributions ------------------------------------------------------------------------------

def _open_phase(state: SessionState, phase_id: Any, kinds: tuple[str, ...]) -> Phase:
    """The current phase if it is ``phase_id``, takes one of ``kinds`` and is not locked."""
    phase = state.phase
    if phase_id != phase.id or phase.input not in kinds:
        raise PhaseError("phase_closed", state.language)
    if state.locked:
        raise PhaseError("input_locked", state.language)
    return phase


def _live_ids(conn: Connection, session_id: int, phase_id: str) -> set[str]:
    rows = conn.execute(select(db.contributions.c.id).where(and_(
        db.contributions.c.session_id == session_id, db.contributions.c.phase == phase_id,
        db.contributions.c.deleted_at.is_(None), db.contributions.c.kind != "rating",
    ))).scalars()
    return {str(r) for r in rows}


def _shown_ids(conn: Connection, state: SessionState, phase_id: str) -> set[str]:
    """The live contributions of a phase that are on the board: not hidden by the facilitator
    and not merged into another (:mod:`toolkit.core.curation`)."""
    from toolkit.core.curation import curation_of

    cur = curation_of(state.settings)
    return {i for i in _live_ids(conn, state.id, phase_id) if cur.shows(int(i))}


def _clean_payload(conn: Connection, state: SessionState, phase: Phase, payload: Any) -> dict[str, Any]:
    lang = state.language
    if phase.input == "note":
        return check_note(payload, phase, lang)
    options_of = {list_id: [i for i, _ in state.list_items(list_id)] for list_id in state.workshop.lists}
    refs_of = {f.ref_phase: _shown_ids(conn, state, f.ref_phase) for f in phase.fields if f.ref_phase}
    return check_form(payload, phase, lang, options_of, refs_of)


def add_contribution(store: Store, code: str, token: str, phase_id: str, payload: Any) -> Contribution:
    """Add a note or a form to the current phase ``phase_id`` (at most ``notes_per_phase`` each)."""
    with store.write() as conn:
        state, person = _writer(store, conn, code, token)
        phase = _open_phase(state, phase_id, ("note", "form"))
        clean = _clean_payload(conn, state, phase, payload)
        cap = store.guard.limits.notes_per_phase
        mine = conn.execute(_NOTES_OF_PARTICIPANT, {"participant_id": person.id, "phase": phase.id}).scalar_one()
        if mine >= cap:
            raise LimitReached("note_cap", state.language, limit=cap)
        now = _now()
        cid = conn.execute(_ADD_CONTRIBUTION, {"session_id": state.id, "participant_id": person.id, "phase": phase.id,
                                               "kind": phase.input, "payload": clean, "created_at": now,
                                               "updated_at": now}).scalar_one()
        _bump(conn, state.id, f"p{person.id}", "contribution.added",
              {"id": cid, "phase": phase.id, "kind": phase.input, "payload": clean,
               "role": person.role, "name": person.name})
    return Contribution(cid, person.id, phase.id, phase.input, clean, person.name, person.role, now, now,
                        text=_text(clean, phase))


def _own_live(conn: Connection, state: SessionState, person: Participant, contribution_id: Any):
    if isinstance(contribution_id, bool) or not isinstance(contribution_id, int) \
            or not 0 < contribution_id <= MAX_ID:
        raise NotFoundError("contribution_not_found", state.language)
    row = conn.execute(select(db.contributions).where(and_(
        db.contributions.c.id == contribution_id, db.contributions.c.session_id == state.id,
        db.contributions.c.deleted_at.is_(None),
    ))).first()
    if row is None:
        raise NotFoundError("contribution_not_found", state.language)
    if row.participant_id != person.id:
        raise PermissionDenied("not_your_contribution", state.language)
    return row


def edit_contribution(store: Store, code: str, token: str, contribution_id: int, payload: Any) -> Contribution:
    """Replace the payload of one's own note or form (while its phase is open)."""
    with store.write() as conn:
        state, person = _writer(store, conn, code, token)
        row = _own_live(conn, state, person, contribution_id)
        phase = _open_phase(state, row.phase, ("note", "form"))
        clean = _clean_payload(conn, state, phase, payload)
        now = _now()
        conn.execute(
            update(db.contributions).where(db.contributions.c.id == row.id).values(payload=clean, updated_at=now)
        )
        _bump(conn, state.id, f"p{person.id}", "contribution.edited",
              {"id": row.id, "phase": row.phase, "kind": row.kind, "before": row.payload, "payload": clean,
               "role": person.role, "name": person.name})
    return Contribution(row.id, person.id, row.phase, row.kind, clean, person.name, person.role, row.created_at, now,
                        text=_text(clean, phase))


def delete_contribution(store: Store, code: str, token: str, contribution_id: int) -> None:
    """Soft-delete one's own contribution (while its phase is open); the event log keeps it."""
    with store.write() as conn:
        state, person = _writer(store, conn, code, token)
        row = _own_live(conn, state, person, contribution_id)
        _open_phase(state, row.phase, ("note", "form", "rating"))
        conn.execute(update(db.contributions).where(db.contributions.c.id == row.id).values(deleted_at=_now()))
        conn.execute(delete(db.votes).where(db.votes.c.contribution_id == row.id))
        _bump(conn, state.id, f"p{person.id}", "contribution.deleted", {"id": row.id, "phase": row.phase})


def rating_axis(state: SessionState, conn: Connection, axis) -> dict[str, str]:
    """The keys (and labels) a rating axis allows: list item ids, or live contribution ids."""
    if axis.list:
        return dict(state.list_items(axis.list))
    rows = conn.execute(select(db.contributions.c.id, db.contributions.c.payload).where(and_(
        db.contributions.c.session_id == state.id, db.contributions.c.phase == axis.phase,
        db.contributions.c.deleted_at.is_(None),
    )).order_by(db.contributions.c.id)).all()
    phase = _phase_or_none(state.workshop, axis.phase)
    shown = _shown_ids(conn, state, axis.phase)
    return {str(r.id): _text(r.payload, phase) for r in rows if str(r.id) in shown}


def narrowed_axis(phase: Phase) -> str:
    """The axis of a rating phase the facilitator narrows per role: its columns when it has
    them (e.g. the DNA channels), else its rows."""
    return "columns" if phase.rating.columns is not None else "rows"


def shown_items(state: SessionState, phase: Phase, role: str | None, axis: str, items: list[tuple[str, str]],
                votes: dict[int, int] | None = None) -> list[tuple[str, str]]:
    """The ``items`` of the ``axis`` (``"rows"`` or ``"columns"``) of rating phase ``phase``
    that a participant of ``role`` rates.

    Rows with ``top_voted``: the contributions with the most dots (``votes`` by contribution id,
    from the vote phase on the rows' phase; ties at the cut stay in; every row while nobody has
    voted). The narrowed axis (:func:`narrowed_axis`): only the items the facilitator chose for
    the role (:func:`set_items_for_role`). ``role=None`` (the facilitator) sees every role's."""
    spec = phase.rating.rows if axis == "rows" else phase.rating.columns
    if spec is None:
        return []
    if spec.top_voted is not None and votes and any(votes.values()):
        ranked = sorted((votes.get(int(key), 0) for key, _ in items if key.isdigit()), reverse=True)
        cut = max(ranked[min(spec.top_voted, len(ranked)) - 1], 1) if ranked else 1
        items = [(k, label) for k, label in items if k.isdigit() and votes.get(int(k), 0) >= cut]
    chosen = (state.settings.get("items_for_role") or {}).get(phase.id) or {}
    if role is not None and axis == narrowed_axis(phase) and role in chosen:
        allowed = set(chosen[role])
        items = [(k, label) for k, label in items if k in allowed]
    return items


def _row_votes(conn: Connection, state: SessionState, phase: Phase) -> dict[int, int]:
    """Dots per contribution of the vote phase that ranks ``phase``'s rows (empty without ``top_voted``)."""
    axis = phase.rating.rows
    voting = state.workshop.vote_phase_on(axis.phase, before=phase.id) if axis.top_voted is not None else None
    if voting is None:
        return {}
    rows = conn.execute(
        select(db.votes.c.contribution_id, func.sum(db.votes.c.points))
        .where(and_(db.votes.c.session_id == state.id, db.votes.c.phase == voting.id))
        .group_by(db.votes.c.contribution_id)
    ).all()
    return {cid: int(n) for cid, n in rows}


def set_items_for_role(store: Store, code: str, key: str, phase_id: Any, role: Any, item_ids: Any) -> SessionState:
    """Narrow what participants of ``role`` rate in rating phase ``phase_id`` to ``item_ids`` of
    its narrowed axis (:func:`narrowed_axis`: the DNA channels, say, so that each role scores
    the channels it knows); ``None`` gives the role every item again."""
    state = check_facilitator(store, code, key)
    lang = state.language
    phases = {p.id: p for p in state.workshop.phases if p.input == "rating"}
    phase_id = check_choice(phase_id, list(phases), "phase", lang)
    role = check_role(role, state.workshop, lang)
    chosen = {phase: dict(roles) for phase, roles in (state.settings.get("items_for_role") or {}).items()}
    roles = chosen.setdefault(phase_id, {})
    if item_ids is None:
        roles.pop(role, None)
    else:
        phase = phases[phase_id]
        with store.read() as conn:
            known = rating_axis(state, conn, getattr(phase.rating, narrowed_axis(phase)))
        if not isinstance(item_ids, (list, tuple)) or not item_ids:
            raise ValidationError("items_for_role_empty", lang)
        ids: list[str] = []
        for item in item_ids:
            item = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
            item = check_choice(item, known, "row", lang)
            if item not in ids:
                ids.append(item)
        roles[role] = ids
    settings = {**state.settings, "items_for_role": chosen}
    return _steer(store, code, key, "items.for_role", {"settings": settings},
                  {"phase": phase_id, "role": role, "items": roles.get(role)})


def rate(
    store: Store, code: str, token: str, phase_id: str, row: Any, column: Any, dimension: Any, score: Any,
) -> None:
    """Give (or change) one's score for one cell of the current rating grid."""
    with store.write() as conn:
        state, person = _writer(store, conn, code, token)
        phase = _open_phase(state, phase_id, ("rating",))
        spec = phase.rating
        lang = state.language
        if isinstance(row, int) and not isinstance(row, bool):
            row = str(row)
        rows = shown_items(state, phase, person.role, "rows", list(rating_axis(state, conn, spec.rows).items()),
                           _row_votes(conn, state, phase))
        row = check_choice(row, [k for k, _ in rows], "row", lang)
        if spec.columns is not None:
            columns = shown_items(state, phase, person.role, "columns",
                                  list(rating_axis(state, conn, spec.columns).items()))
            column = check_choice(column, [k for k, _ in columns], "column", lang)
        elif column is not None:
            raise ValidationError("field_unknown", lang, field="column")
        dimension = check_choice(dimension, [d.id for d in spec.dimensions], "dimension", lang)
        scale = state.workshop.scale(spec.scale)
        score = check_int(score, scale.low, scale.high, lang)
        payload = {"row": row, "column": column, "dimension": dimension, "score": score}
        item_key = f"{row}|{column or ''}|{dimension}"
        now = _now()
        existing = conn.execute(select(db.contributions.c.id).where(and_(
            db.contributions.c.participant_id == person.id, db.contributions.c.phase == phase.id,
            db.contributions.c.item_key == item_key, db.contributions.c.deleted_at.is_(None),
        ))).scalar()
        if existing is None:
            cid = conn.execute(insert(db.contributions).values(
                session_id=state.id, participant_id=person.id, phase=phase.id, kind="rating",
                item_key=item_key, payload=payload, created_at=now, updated_at=now,
            ).returning(db.contributions.c.id)).scalar_one()
        else:
            cid = existing
            conn.execute(
                update(db.contributions).where(db.contributions.c.id == cid).values(payload=payload, updated_at=now)
            )
        _bump(conn, state.id, f"p{person.id}", "rating.set", {"id": cid, "phase": phase.id, "payload": payload})


def vote(store: Store, code: str, token: str, phase_id: str, contribution_id: Any, points: Any) -> None:
    """Put ``points`` dots (0 takes them away) on a contribution, within the phase's budget."""
    with store.write() as conn:
        state, person = _writer(store, conn, code, token)
        phase = _open_phase(state, phase_id, ("vote",))
        lang = state.language
        budget = phase.vote_budget
        points = check_int(points, 0, budget, lang, key="vote_points_invalid", budget=budget)
        if isinstance(contribution_id, bool) or not isinstance(contribution_id, int):
            raise ValidationError("vote_target_invalid", lang)
        # A dot on a note merged since the page was drawn goes to the note it was merged into.
        from toolkit.core.curation import curation_of

        contribution_id = curation_of(state.settings).survivor(contribution_id)
        if str(contribution_id) not in _shown_ids(conn, state, phase.vote_on):
            raise ValidationError("vote_target_invalid", lang)
        spent = conn.execute(select(func.coalesce(func.sum(db.votes.c.points), 0)).where(and_(
            db.votes.c.participant_id == person.id, db.votes.c.phase == phase.id,
            db.votes.c.contribution_id != contribution_id,
        ))).scalar_one()
        if spent + points > budget:
            raise ValidationError("vote_budget", lang, budget=budget)
        conn.execute(delete(db.votes).where(and_(
            db.votes.c.participant_id == person.id, db.votes.c.phase == phase.id,
            db.votes.c.contribution_id == contribution_id,
        )))
        if points:
            conn.execute(insert(db.votes).values(
                session_id=state.id, participant_id=person.id, contribution_id=contribution_id,
                phase=phase.id, points=points, updated_at=_now(),
            ))
        _bump(conn, state.id, f"p{person.id}", "vote.set",
              {"phase": phase.id, "contribution": contribution_id, "points": points})


_LIVE_CONTRIBUTIONS = (
    select(db.contributions, db.participants.c.name, db.participants.c.role)
    .join(db.participants, db.participants.c.id == db.contributions.c.participant_id)
    .where(and_(db.contributions.c.session_id == bindparam("session_id"), db.contributions.c.deleted_at.is_(None)))
    .order_by(db.contributions.c.id)
)
_LIVE_CONTRIBUTIONS_OF_PHASE = _LIVE_CONTRIBUTIONS.where(db.contributions.c.phase == bindparam("phase"))
_VOTE_TOTALS = (
    select(db.votes.c.contribution_id, func.sum(db.votes.c.points))
    .where(and_(db.votes.c.session_id == bindparam("session_id"),
                db.votes.c.phase.in_(bindparam("phases", expanding=True))))
    .group_by(db.votes.c.contribution_id)
)
_MY_VOTES = select(db.votes.c.contribution_id, db.votes.c.points).where(and_(
    db.votes.c.participant_id == bindparam("participant_id"), db.votes.c.phase == bindparam("phase"),
))


def contributions(store: Store, code: str, phase: str | None = None) -> list[Contribution]:
    """The live contributions of a session (or of one phase), oldest first."""
    with store.read() as conn:
        return read_contributions(conn, read_state(conn, code), phase)


def read_contributions(conn: Connection, state: SessionState, phase: str | None = None) -> list[Contribution]:
    """:func:`contributions` of ``state``'s session in the caller's transaction."""
    if phase is None:
        rows = conn.execute(_LIVE_CONTRIBUTIONS, {"session_id": state.id}).all()
    else:
        rows = conn.execute(_LIVE_CONTRIBUTIONS_OF_PHASE, {"session_id": state.id, "phase": phase}).all()
    workshop = state.workshop
    return [
        Contribution(r.id, r.participant_id, r.phase, r.kind, r.payload, None if state.anonymous else r.name,
                     r.role, r.created_at, r.updated_at, r.item_key,
                     text="" if r.kind == "rating" else _text(r.payload, _phase_or_none(workshop, r.phase)))
        for r in rows
    ]


def vote_totals(store: Store, code: str, phase: str) -> dict[int, int]:
    """Dots per contribution in a vote phase."""
    with store.read() as conn:
        return read_vote_totals(conn, read_state(conn, code), [phase])


def read_vote_totals(conn: Connection, state: SessionState, phases: list[str]) -> dict[int, int]:
    """Dots per contribution over the vote phases ``phases``, in the caller's transaction."""
    if not phases:
        return {}
    rows = conn.execute(_VOTE_TOTALS, {"session_id": state.id, "phases": list(phases)}).all()
    return {cid: int(n) for cid, n in rows}


def my_votes(store: Store, code: str, token: str, phase: str) -> dict[int, int]:
    """The dots a participant placed in a vote phase, by contribution."""
    with store.read() as conn:
        state = read_state(conn, code)
        return read_my_votes(conn, _participant(conn, state, token), phase)


def read_my_votes(conn: Connection, person: Participant, phase: str) -> dict[int, int]:
    """:func:`my_votes` of ``person`` in the caller's transaction."""
    rows = conn.execute(_MY_VOTES, {"participant_id": person.id, "phase": phase}).all()
    return {cid: n for cid, n in rows}


# -- facilitator --------------------------------------------------------------------------------

def _facilitated(store: Store, conn: Connection, code: str, key: Any, for_update: bool = False) -> SessionState:
    """The session if ``key`` is its facilitator key. Wrong keys are counted per session; after
    too many, every key (the right one too) is refused for a while, so guessing gains nothing."""
    row = _session_row(conn, code, for_update=for_update)
    state = _state_from_row(row)
    guesses = store.guard.facilitator_keys
    guesses.check(state.code, state.language)
    if not isinstance(key, str) or not hmac.compare_digest(_hash(row.facilitator_salt, key), row.facilitator_hash):
        guesses.failed(state.code)
        raise PermissionDenied("facilitator_key_invalid", state.language)
    return state


def check_facilitator(store: Store, code: str, key: str) -> SessionState:
    """The session state if ``key`` is its facilitator key, else ``PermissionDenied``."""
    with store.read() as conn:
        return _facilitated(store, conn, code, key)


def read_facilitated_state(store: Store, conn: Connection, code: str, key: Any) -> SessionState:
    """:func:`check_facilitator` in the caller's transaction."""
    return _facilitated(store, conn, code, key)


def _steer(store: Store, code: str, key: str, type_: str, values: dict[str, Any], data: dict[str, Any],
           check: Callable[[Connection, SessionState], None] | None = None) -> SessionState:
    """A facilitator's change of the session row; ``check`` may refuse it, with the row locked."""
    with store.write() as conn:
        state = _facilitated(store, conn, code, key, for_update=True)
        if check is not None:
            check(conn, state)
        conn.execute(update(db.sessions).where(db.sessions.c.id == state.id).values(**values))
        _bump(conn, state.id, FACILITATOR, type_, data)
        return _state_from_row(_session_row(conn, code))


def set_phase(store: Store, code: str, key: str, index: Any) -> SessionState:
    """Go to phase ``index``; the timer stops, input opens and the reveal resets."""
    state = check_facilitator(store, code, key)
    count = len(state.workshop.phases)
    shown = index if isinstance(index, int) else "?"
    index = check_int(index, 0, count - 1, state.language, key="phase_out_of_range", index=shown)
    return _steer(store, code, key, "phase.changed",
                  {"phase_index": index, "timer_deadline": None, "locked": False, "revealed": False},
                  {"from": state.phase_index, "to": index, "phase": state.workshop.phases[index].id})


def next_phase(store: Store, code: str, key: str) -> SessionState:
    """Go to the next phase (stays on the last)."""
    state = check_facilitator(store, code, key)
    return set_phase(store, code, key, min(state.phase_index + 1, len(state.workshop.phases) - 1))


def previous_phase(store: Store, code: str, key: str) -> SessionState:
    """Go back one phase (stays on the first)."""
    state = check_facilitator(store, code, key)
    return set_phase(store, code, key, max(state.phase_index - 1, 0))


def start_timer(store: Store, code: str, key: str, minutes: Any) -> SessionState:
    """Start a countdown of ``minutes`` (1-180); every page counts down to the same deadline."""
    state = check_facilitator(store, code, key)
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 1 <= minutes <= 180:
        raise ValidationError("timer_invalid", state.language)
    deadline = _now() + float(minutes) * 60
    return _steer(store, code, key, "timer.started", {"timer_deadline": deadline}, {"deadline": deadline})


def stop_timer(store: Store, code: str, key: str) -> SessionState:
    """Stop the countdown."""
    return _steer(store, code, key, "timer.stopped", {"timer_deadline": None}, {})


def set_locked(store: Store, code: str, key: str, locked: bool) -> SessionState:
    """Close (or open) input for everyone."""
    return _steer(store, code, key, "input.locked", {"locked": bool(locked)}, {"locked": bool(locked)})


def set_revealed(store: Store, code: str, key: str, revealed: bool) -> SessionState:
    """Show (or hide) everyone's input in a silent phase."""
    return _steer(store, code, key, "reveal.changed", {"revealed": bool(revealed)}, {"revealed": bool(revealed)})


def set_anonymous(store: Store, code: str, key: str, anonymous: bool) -> SessionState:
    """Hide (or show) who wrote what, on every page and in every export.

    Anonymity can be turned off only while nobody has contributed: input given on the promise
    of anonymity stays anonymous.
    """
    anonymous = bool(anonymous)

    def promise_kept(conn: Connection, state: SessionState) -> None:
        if not state.anonymous or anonymous:
            return
        for table in (db.contributions, db.votes):
            if conn.execute(select(table.c.id).where(table.c.session_id == state.id).limit(1)).first():
                raise PermissionDenied("anonymity_locked", state.language)

    return _steer(store, code, key, "anonymity.changed", {"anonymous": anonymous}, {"anonymous": anonymous},
                  check=promise_kept)


def set_list(store: Store, code: str, key: str, list_id: str, labels: Any) -> SessionState:
    """Replace a list of the workshop (e.g. the channels) for this session.

    Labels already in the list keep their ids, so ratings given earlier stay attached.
    """
    state = check_facilitator(store, code, key)
    lang = state.language
    if not isinstance(list_id, str) or list_id not in state.workshop.lists:
        raise ValidationError("list_invalid", lang, field=str(list_id)[:40])
    if not isinstance(labels, list) or not 1 <= len(labels) <= 30:
        raise ValidationError("list_invalid", lang, field=list_id)
    clean = [check_text(label, lang, 60, field=list_id).strip() for label in labels]
    if len({c.casefold() for c in clean}) != len(clean):
        raise ValidationError("list_invalid", lang, field=list_id)
    known = {label.casefold(): item_id for item_id, label in state.list_items(list_id)}
    items, used = [], set(known.values())
    for i, label in enumerate(clean):
        item_id = known.get(label.casefold())
        if item_id is None:
            item_id = f"custom-{i}"
            while item_id in used:
                item_id += "x"
            used.add(item_id)
        items.append({"id": item_id, "label": label})
    settings = dict(state.settings)
    settings["lists"] = {**settings.get("lists", {}), list_id: items}
    return _steer(store, code, key, "list.changed", {"settings": settings}, {"list": list_id, "items": items})


def set_table(store: Store, code: str, key: str, table_id: Any, table: Any) -> SessionState:
    """Store a table with the session (e.g. monthly KPI figures read from a CSV), or remove it
    with ``table=None``; the report and the results panel read it from the snapshot's ``tables``.

    ``table`` is :meth:`toolkit.core.tables.Table.to_dict` data; its shape and size are checked
    here, what its cells must hold by the method that reads them.
    """
    from toolkit.core.tables import Table

    state = check_facilitator(store, code, key)
    lang = state.language
    if not isinstance(table_id, str) or not table_id.isidentifier() or len(table_id) > 40:
        raise ValidationError("table_invalid", lang, table=str(table_id)[:40])
    tables = dict(state.settings.get("tables", {}))
    if table is None:
        tables.pop(table_id, None)
        data = {"table": table_id, "removed": True}
    else:
        clean = Table.from_dict(table, lang, table_id)
        tables[table_id] = clean.to_dict()
        data = {"table": table_id, "name": clean.name, "rows": len(clean.rows)}
    settings = {**state.settings, "tables": tables}
    return _steer(store, code, key, "table.changed", {"settings": settings}, data)


def organisation_sessions(store: Store, organisation: str | None, workshop_id: str) -> list[str]:
    """The codes of the sessions of ``workshop_id`` held for ``organisation``, newest first."""
    if not organisation:
        return []
    with store.read() as conn:
        rows = conn.execute(
            select(db.sessions.c.code).select_from(db.sessions.join(db.organisations))
            .where(and_(db.organisations.c.name == organisation, db.sessions.c.workshop == workshop_id))
            .order_by(db.sessions.c.created_at.desc(), db.sessions.c.id.desc())
        ).all()
    return [r.code for r in rows]


def delete_session(store: Store, code: str, key: str) -> None:
    """Delete a session and everything in it (the facilitator's key is required)."""
    with store.write() as conn:
        state = _facilitated(store, conn, code, key)
        for table in (db.votes, db.events, db.contributions, db.participants):
            conn.execute(delete(table).where(table.c.session_id == state.id))
        conn.execute(delete(db.sessions).where(db.sessions.c.id == state.id))


def list_sessions(store: Store) -> list[dict[str, Any]]:
    """Every session with its workshop, language, participant and contribution counts."""
    people = select(func.count()).where(db.participants.c.session_id == db.sessions.c.id).scalar_subquery()
    notes = select(func.count()).where(and_(
        db.contributions.c.session_id == db.sessions.c.id, db.contributions.c.deleted_at.is_(None),
    )).scalar_subquery()
    with store.read() as conn:
        rows = conn.execute(select(
            db.sessions.c.code, db.sessions.c.workshop, db.sessions.c.language, db.sessions.c.anonymous,
            db.sessions.c.phase_index, db.sessions.c.created_at,
            people.label("participants"), notes.label("contributions"),
        ).order_by(db.sessions.c.created_at)).all()
    return [dict(r._mapping) for r in rows]


def event_log(store: Store, code: str) -> list[dict[str, Any]]:
    """The whole append-only event log of a session, oldest first."""
    return changes_since(store, code, -1).events


def snapshot(store: Store, code: str, audit_key: str | None = None):
    """The session as a :class:`~toolkit.core.snapshot.Snapshot` of pandas DataFrames.

    Its event log shows the session as it is now: no event carries text that was deleted or
    edited away (:mod:`toolkit.core.audit`). With ``audit_key``, the facilitator key, the log
    is the full audit log; a wrong key is refused (``PermissionDenied``).

    In an anonymous session nothing in it names anyone or leads back to the store: names and
    authors are empty, ``participant_id`` is an opaque number drawn afresh for each snapshot (the
    analyses still need to tell raters apart, e.g. to pair one person's promise and practice),
    and the event log keeps no actor but "participant" and no participant ids.
    """
    import pandas as pd

    from toolkit.core.audit import without_text
    from toolkit.core.curation import curated
    from toolkit.core.snapshot import (
        CONTRIBUTION_COLUMNS,
        PARTICIPANT_COLUMNS,
        VOTE_COLUMNS,
        Snapshot,
        payload_text,
    )

    audit = audit_key is not None
    state = check_facilitator(store, code, audit_key) if audit else get_session(store, code)
    anonymous = state.anonymous
    with store.read() as conn:
        people = conn.execute(select(db.participants).where(db.participants.c.session_id == state.id)
                              .order_by(db.participants.c.id)).all()
        rows = conn.execute(select(db.contributions).where(and_(
            db.contributions.c.session_id == state.id, db.contributions.c.deleted_at.is_(None),
        )).order_by(db.contributions.c.id)).all()
        vote_rows = conn.execute(select(db.votes).where(db.votes.c.session_id == state.id)
                                 .order_by(db.votes.c.id)).all()
        event_rows = conn.execute(select(db.events.c.version, db.events.c.at, db.events.c.actor, db.events.c.type,
                                         db.events.c.data).where(db.events.c.session_id == state.id)
                                  .order_by(db.events.c.version)).all()
    person = {p.id: p for p in people}
    key = _opaque_keys(list(person)) if anonymous else {pid: pid for pid in person}
    participants = pd.DataFrame(
        sorted((key[p.id], None if anonymous else p.name, p.role, p.joined_at) for p in people),
        columns=PARTICIPANT_COLUMNS,
    )
    contributions_df = pd.DataFrame([
        {"id": r.id, "phase": r.phase, "kind": r.kind, "participant_id": key[r.participant_id],
         "role": person[r.participant_id].role, "author": None if anonymous else person[r.participant_id].name,
         "payload": r.payload,
         "text": "" if r.kind == "rating" else payload_text(r.payload, _phase_or_none(state.workshop, r.phase)),
         "created_at": r.created_at, "updated_at": r.updated_at}
        for r in rows
    ], columns=CONTRIBUTION_COLUMNS)
    votes_df = pd.DataFrame(
        [(key[v.participant_id], person[v.participant_id].role, v.contribution_id, v.phase, v.points)
         for v in vote_rows],
        columns=VOTE_COLUMNS,
    )
    events_df = pd.DataFrame([dict(e._mapping) for e in event_rows], columns=["version", "at", "actor", "type", "data"])
    if anonymous:
        events_df["actor"] = [a if a == FACILITATOR else "participant" for a in events_df["actor"]]
        events_df["data"] = [_without_people(d) for d in events_df["data"]]
    if not audit:
        events_df["data"] = [without_text(d) for d in events_df["data"]]
    lists = {list_id: state.list_items(list_id) for list_id in state.workshop.lists}
    return curated(Snapshot(
        workshop_id=state.workshop_id, code=state.code, language=state.language, anonymous=anonymous,
        organisation=state.organisation, lists=lists, participants=participants,
        contributions=contributions_df, votes=votes_df, events=events_df, audit=audit,
        tables=dict(state.settings.get("tables", {})),
    ), state.settings)


def _without_names(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "name"}


def _without_people(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("name", "participant")}


def _opaque_keys(ids: list[int]) -> dict[int, int]:
    """Each id mapped to a number from 1, in an order drawn at random: it tells people apart
    within one snapshot and nothing else."""
    order = list(ids)
    secrets.SystemRandom().shuffle(order)
    return {pid: n for n, pid in enumerate(order, start=1)}
