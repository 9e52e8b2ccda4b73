"""Every session operation and every rule it enforces, on SQLite and on PostgreSQL.

A visitor of a Voila page can forge any widget value, so these tests call core the way a forged
page would: wrong keys, other people's ids, bools and floats where whole numbers belong, phases
that are not open. Every change must add exactly one event to the append-only log; a refused
change adds none.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from toolkit.core import sessions as core
from toolkit.core.errors import NotFoundError, PermissionDenied, PhaseError, ValidationError
from toolkit.core.examples import EXAMPLES_DIR, example_path, load_example, seed_session
from toolkit.core.i18n import MESSAGES
from toolkit.core.sessions import CODE_ALPHABET, CODE_LENGTH
from toolkit.core.store import Store

# brainstorm: 0 ideas (note, prompts idea/pain), 1 vote (on ideas, budget 5), 2 rate (rows: ideas,
# dimensions customers/work, scale impact 1-5), 3 results (none).
# dna-mapping: 0 purpose (note), 1 values (form), 2 cascade (form, ref to itself), 3 alignment
# (rating: rows values x columns list channels), 4 evidence (form: ref, list choice), 5 kpis,
# 6 gaps (note), 7 priorities (vote on gaps, budget 3), 8 wrap-up.


@dataclass
class S:
    """A session under test: its store, code and facilitator key."""

    store: Store
    code: str
    key: str

    @property
    def state(self) -> core.SessionState:
        return core.get_session(self.store, self.code)

    def join(self, role: str = "marketing", name: str | None = None) -> core.Participant:
        return core.join(self.store, self.code, role, name)

    def phase(self, index: int) -> None:
        core.set_phase(self.store, self.code, self.key, index)

    def note(self, who: core.Participant, text: str, phase: str = "ideas") -> core.Contribution:
        return core.add_contribution(self.store, self.code, who.token, phase, {"text": text})

    def log(self) -> list[dict]:
        return core.event_log(self.store, self.code)


def new(store: Store, workshop: str = "brainstorm", lang: str = "nl", **kw) -> S:
    created = core.create_session(store, workshop, lang, **kw)
    return S(store, created.code, created.facilitator_key)


@pytest.fixture
def s(store) -> S:
    return new(store)


def one_event(s: S, type_: str, action):
    """Run ``action``; assert it added exactly one event of ``type_`` (and changed none before)."""
    before = s.log()
    version = core.session_version(s.store, s.code)
    assert before[-1]["version"] == version
    result = action()
    changes = core.changes_since(s.store, s.code, version)
    assert changes.version == version + 1
    assert [(e["version"], e["type"]) for e in changes.events] == [(version + 1, type_)]
    after = s.log()
    # Names are shown or hidden by the session's anonymity; the events themselves never change.
    assert _nameless(after[:-1]) == _nameless(before), "earlier events never change"
    assert after[-1] == changes.events[0]
    return result, changes.events[0]


def _nameless(log: list[dict]) -> list[dict]:
    return [{**e, "data": {k: v for k, v in e["data"].items() if k != "name"}} for e in log]


def refused(s: S, error: type[Exception], action, key: str | None = None, lang: str | None = None):
    """Run ``action``; assert it raises ``error`` (with message ``key``) and changes nothing."""
    before = s.log()
    version = core.session_version(s.store, s.code)
    with pytest.raises(error) as info:
        action()
    assert str(info.value).strip(), "every error has a message"
    if key is not None:
        assert info.value.key == key
        language = lang or s.state.language
        if not info.value.params:
            assert str(info.value) == MESSAGES[key][language]
    assert core.session_version(s.store, s.code) == version
    assert s.log() == before
    return info.value


# -- create, get, list, delete ------------------------------------------------------------------

def test_create_session(store):
    created = core.create_session(store, "brainstorm", "en", anonymous=True, organisation="Acme")
    assert len(created.code) == CODE_LENGTH and set(created.code) <= set(CODE_ALPHABET)
    assert created.facilitator_key and created.facilitator_key not in created.code
    assert (created.workshop_id, created.language) == ("brainstorm", "en")
    state = core.get_session(store, created.code)
    assert (state.code, state.workshop_id, state.language, state.anonymous) == (created.code, "brainstorm", "en", True)
    assert (state.phase_index, state.locked, state.revealed, state.timer_deadline) == (0, False, False, None)
    assert state.organisation == "Acme"
    assert state.version == 1
    assert state.phase.id == "ideas" and state.workshop.id == "brainstorm"
    [event] = core.event_log(store, created.code)
    assert event["type"] == "session.created" and event["version"] == 1 and event["actor"] == "facilitator"
    assert event["data"] == {"workshop": "brainstorm", "language": "en", "anonymous": True}


def test_facilitator_key_is_not_stored_in_clear(store):
    from sqlalchemy import select

    from toolkit.core import store as db

    created = core.create_session(store, "brainstorm")
    with store.read() as conn:
        row = conn.execute(select(db.sessions).where(db.sessions.c.code == created.code)).one()
    assert created.facilitator_key not in (row.facilitator_hash, row.facilitator_salt)
    assert created.facilitator_key not in str(tuple(row))


def test_codes_are_unique(store):
    codes = {core.create_session(store, "brainstorm").code for _ in range(20)}
    assert len(codes) == 20


def test_same_organisation_is_shared(store):
    a = core.create_session(store, "brainstorm", organisation="Acme")
    b = core.create_session(store, "dna-mapping", organisation="Acme")
    assert core.get_session(store, a.code).organisation == core.get_session(store, b.code).organisation == "Acme"
    assert core.get_session(store, core.create_session(store, "brainstorm").code).organisation is None


def test_create_session_refuses_bad_input(store):
    with pytest.raises(NotFoundError):
        core.create_session(store, "no-such-workshop")
    with pytest.raises(ValidationError) as info:
        core.create_session(store, "brainstorm", "fr")
    assert "fr" in str(info.value)
    with pytest.raises(ValidationError):
        core.create_session(store, "brainstorm", "nl", organisation="x" * 201)
    assert core.list_sessions(store) == []


def test_code_is_case_and_space_insensitive(s):
    assert core.get_session(s.store, f"  {s.code.lower()} ").code == s.code
    person = core.join(s.store, s.code.lower(), "it")
    assert core.resume(s.store, f" {s.code} ", person.token).id == person.id


UNKNOWN_CODES = ["ZZZZZZ", "", "   ", None, 123456, ["ABCDEF"], "x" * 500, "'; DROP TABLE sessions;--",
                 "AB\x00CD", "\ud800", "ÄBCDEF"]


def test_unknown_session_code(store):
    existing = core.create_session(store, "brainstorm")
    for bad_code, action in ((c, a) for c in UNKNOWN_CODES for a in _code_actions(store, c, existing)):
        with pytest.raises(NotFoundError) as info:
            action()
        assert info.value.key == "session_not_found", bad_code
        assert "Please check the code" in str(info.value)
    assert [r["code"] for r in core.list_sessions(store)] == [existing.code]


def _code_actions(store, code, existing):
    return (
        lambda: core.get_session(store, code),
        lambda: core.session_version(store, code),
        lambda: core.changes_since(store, code, 0),
        lambda: core.join(store, code, "it"),
        lambda: core.resume(store, code, "token"),
        lambda: core.participant_counts(store, code),
        lambda: core.add_contribution(store, code, "token", "ideas", {"text": "x"}),
        lambda: core.vote(store, code, "token", "vote", 1, 1),
        lambda: core.rate(store, code, "token", "rate", "1", None, "work", 3),
        lambda: core.contributions(store, code),
        lambda: core.check_facilitator(store, code, existing.facilitator_key),
        lambda: core.set_phase(store, code, existing.facilitator_key, 1),
        lambda: core.delete_session(store, code, existing.facilitator_key),
        lambda: core.snapshot(store, code),
    )


def test_list_sessions(store):
    assert core.list_sessions(store) == []
    a = new(store, "brainstorm", "nl")
    b = new(store, "dna-mapping", "en", anonymous=True)
    ann = a.join("it", "Ann")
    a.join("service")
    a.note(ann, "one")
    gone = a.note(ann, "two")
    core.delete_contribution(store, a.code, ann.token, gone.id)
    rows = {r["code"]: r for r in core.list_sessions(store)}
    assert set(rows) == {a.code, b.code}
    assert rows[a.code]["workshop"] == "brainstorm" and rows[a.code]["language"] == "nl"
    assert (rows[a.code]["participants"], rows[a.code]["contributions"]) == (2, 1)
    assert (rows[b.code]["participants"], rows[b.code]["contributions"]) == (0, 0)
    assert bool(rows[b.code]["anonymous"]) is True and rows[b.code]["phase_index"] == 0


def test_delete_session(store):
    keep = new(store)
    s = new(store)
    for target in (keep, s):
        person = target.join("it", "Ann")
        note = target.note(person, "an idea")
        target.phase(1)
        core.vote(store, target.code, person.token, "vote", note.id, 2)
    refused(s, PermissionDenied, lambda: core.delete_session(store, s.code, keep.key), "facilitator_key_invalid")
    core.delete_session(store, s.code, s.key)
    with pytest.raises(NotFoundError):
        core.get_session(store, s.code)
    assert [r["code"] for r in core.list_sessions(store)] == [keep.code]
    # Nothing of the deleted session is left in any table; the other session is untouched.
    from sqlalchemy import func, select

    from toolkit.core import store as db

    with store.read() as conn:
        for table in (db.participants, db.contributions, db.votes, db.events):
            ids = set(conn.execute(select(table.c.session_id).group_by(table.c.session_id)).scalars())
            assert ids == {keep.state.id}, table.name
        assert conn.execute(select(func.count()).select_from(db.sessions)).scalar_one() == 1
    assert len(core.contributions(store, keep.code)) == 1
    assert core.vote_totals(store, keep.code, "vote") == {core.contributions(store, keep.code)[0].id: 2}
    with pytest.raises(NotFoundError):
        core.delete_session(store, s.code, s.key)


# -- facilitator key ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_wrong_key_is_refused_in_the_session_language(store, lang):
    s = new(store, lang=lang)
    other = new(store, lang=lang)
    person = s.join()
    note = s.note(person, "idea")
    expected = MESSAGES["facilitator_key_invalid"][lang]
    wrong_keys = ["", "wrong", s.key + "x", s.key[:-1], s.key.upper() if s.key.upper() != s.key else s.key.lower(),
                  other.key, None, 42, True, [s.key], {"key": s.key}, "\x00", "\ud800"]
    facilitator_actions = [
        lambda k: core.check_facilitator(store, s.code, k),
        lambda k: core.set_phase(store, s.code, k, 1),
        lambda k: core.next_phase(store, s.code, k),
        lambda k: core.previous_phase(store, s.code, k),
        lambda k: core.start_timer(store, s.code, k, 5),
        lambda k: core.stop_timer(store, s.code, k),
        lambda k: core.set_locked(store, s.code, k, True),
        lambda k: core.set_revealed(store, s.code, k, True),
        lambda k: core.set_anonymous(store, s.code, k, True),
        lambda k: core.set_list(store, s.code, k, "channels", ["Web"]),
        lambda k: core.delete_session(store, s.code, k),
    ]
    for key in wrong_keys:
        for action in facilitator_actions:
            error = refused(s, PermissionDenied, lambda a=action, k=key: a(k), "facilitator_key_invalid")
            assert str(error) == expected
            assert error.in_language("en" if lang == "nl" else "nl") == \
                MESSAGES["facilitator_key_invalid"]["en" if lang == "nl" else "nl"]
    # The participant token is not a facilitator key either.
    refused(s, PermissionDenied, lambda: core.next_phase(store, s.code, person.token), "facilitator_key_invalid")
    assert core.contributions(store, s.code)[0].id == note.id
    assert core.check_facilitator(store, s.code, s.key).code == s.code


# -- participants -------------------------------------------------------------------------------

def test_join_and_resume_after_reload(s):
    ann, event = one_event(s, "participant.joined", lambda: s.join("specialist", "  Ann  "))
    assert (ann.name, ann.role, ann.code) == ("Ann", "specialist", s.code)
    assert event["actor"] == f"p{ann.id}"
    assert event["data"] == {"participant": ann.id, "role": "specialist", "name": "Ann"}
    first = s.note(ann, "first idea")
    second = s.note(ann, "second idea")
    # "Reload": the page forgets everything but the code and the token in the browser.
    again = core.resume(s.store, s.code, ann.token)
    assert again == ann
    mine = [c for c in core.contributions(s.store, s.code) if c.participant_id == again.id]
    assert [c.id for c in mine] == [first.id, second.id]
    # The resumed participant still owns the notes.
    edited = core.edit_contribution(s.store, s.code, again.token, first.id, {"text": "first, edited"})
    assert edited.text == "first, edited"


def test_join_without_a_name(s):
    for name in (None, "", "   "):
        assert s.join("it", name).name is None


def test_tokens_are_secret_and_distinct(s):
    people = [s.join("it", "Same name") for _ in range(5)]
    assert len({p.token for p in people}) == 5 and len({p.id for p in people}) == 5
    from sqlalchemy import select

    from toolkit.core import store as db

    with s.store.read() as conn:
        hashes = set(conn.execute(select(db.participants.c.token_hash)).scalars())
    assert not {p.token for p in people} & hashes, "tokens are stored hashed"


UNKNOWN_TOKENS = ["", "not-a-token", None, 7, ["x"], "\ud800", "\x00", "x" * 10_000]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unknown_token(store, lang):
    s = new(store, lang=lang)
    ann = s.join()
    note = s.note(ann, "idea")
    for token in UNKNOWN_TOKENS:
        for action in (
            lambda t=token: core.resume(store, s.code, t),
            lambda t=token: core.add_contribution(store, s.code, t, "ideas", {"text": "x"}),
            lambda t=token: core.edit_contribution(store, s.code, t, note.id, {"text": "x"}),
            lambda t=token: core.delete_contribution(store, s.code, t, note.id),
            lambda t=token: core.my_votes(store, s.code, t, "vote"),
        ):
            error = refused(s, NotFoundError, action, "participant_not_found")
            assert str(error) == MESSAGES["participant_not_found"][lang]
    s.phase(1)
    for token in UNKNOWN_TOKENS:
        refused(s, NotFoundError, lambda t=token: core.vote(store, s.code, t, "vote", note.id, 1),
                "participant_not_found")
    s.phase(2)
    for token in UNKNOWN_TOKENS:
        refused(s, NotFoundError, lambda t=token: core.rate(store, s.code, t, "rate", note.id, None, "work", 3),
                "participant_not_found")


def test_token_of_another_session(store):
    a, b = new(store), new(store)
    ann = a.join()
    refused(b, NotFoundError, lambda: core.resume(store, b.code, ann.token), "participant_not_found")
    refused(b, NotFoundError, lambda: core.add_contribution(store, b.code, ann.token, "ideas", {"text": "x"}))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_join_refuses_bad_role_and_name(store, lang):
    s = new(store, lang=lang)
    for role in ("astronaut", "", None, 3, ["it"], "IT", "facilitator"):
        error = refused(s, ValidationError, lambda r=role: s.join(r), "role_invalid")
        assert str(error) == MESSAGES["role_invalid"][lang]
    error = refused(s, ValidationError, lambda: s.join("it", "x" * 81), "name_too_long")
    assert str(error) == MESSAGES["name_too_long"][lang].format(limit=80)
    refused(s, ValidationError, lambda: s.join("it", 12), "wrong_type")
    refused(s, ValidationError, lambda: s.join("it", "nul\x00byte"), "text_bad_chars")
    refused(s, ValidationError, lambda: s.join("it", "half \ud83d"), "text_bad_chars")
    assert s.join("it", "x" * 80).name == "x" * 80
    assert core.participant_counts(store, s.code) == {"it": 1}


def test_role_must_be_allowed_by_the_workshop(lab_workshop, store):
    s = new(store, lab_workshop)
    refused(s, ValidationError, lambda: s.join("service"), "role_invalid")
    assert s.join("specialist").role == "specialist"


def test_participant_counts(s):
    assert core.participant_counts(s.store, s.code) == {}
    for role in ("it", "it", "marketing", "service", "it"):
        s.join(role)
    assert core.participant_counts(s.store, s.code) == {"it": 3, "marketing": 1, "service": 1}


# -- notes: add, edit, delete -------------------------------------------------------------------

def test_add_note(s):
    ann = s.join("it", "Ann")
    note, event = one_event(s, "contribution.added", lambda: core.add_contribution(
        s.store, s.code, ann.token, "ideas", {"text": "  Faster checkout  ", "prompt": "pain"}))
    assert note.text == "  Faster checkout  ", "text is stored as typed"
    assert note.payload == {"text": "  Faster checkout  ", "prompt": "pain"}
    assert (note.kind, note.phase, note.author, note.role) == ("note", "ideas", "Ann", "it")
    assert event["actor"] == f"p{ann.id}"
    assert event["data"] == {"id": note.id, "phase": "ideas", "kind": "note", "payload": note.payload,
                             "role": note.role, "name": note.author}
    [listed] = core.contributions(s.store, s.code)
    assert listed == note


def test_note_defaults_to_the_first_prompt(s):
    ann = s.join()
    assert s.note(ann, "x").payload == {"text": "x", "prompt": "idea"}
    note = core.add_contribution(s.store, s.code, ann.token, "ideas", {"text": "y", "cluster": "Speed"})
    assert note.payload == {"text": "y", "prompt": "idea", "cluster": "Speed"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_note_validation(store, lang):
    s = new(store, lang=lang)
    ann = s.join()

    def add(payload):
        return lambda: core.add_contribution(store, s.code, ann.token, "ideas", payload)

    assert str(refused(s, ValidationError, add({"text": ""}), "text_empty")) == MESSAGES["text_empty"][lang]
    refused(s, ValidationError, add({"text": " \n\t "}), "text_empty")
    refused(s, ValidationError, add({}), "text_empty")
    refused(s, ValidationError, add({"text": None}), "text_empty")
    error = refused(s, ValidationError, add({"text": "x" * 1001}), "text_too_long")
    assert str(error) == MESSAGES["text_too_long"][lang].format(length=1001, limit=1000)
    for forged in (5, 1.5, True, ["a"], {"text": "a"}):
        refused(s, ValidationError, add({"text": forged}), "wrong_type")
    for payload in ("just text", ["text"], None, 3):
        refused(s, ValidationError, add(payload), "wrong_type")
    refused(s, ValidationError, add({"text": "a", "author": "Bob"}), "field_unknown")
    refused(s, ValidationError, add({"text": "a", "prompt": "nonsense"}), "choice_invalid")
    refused(s, ValidationError, add({"text": "a", "prompt": 1}), "choice_invalid")
    refused(s, ValidationError, add({"text": "a", "cluster": "c" * 81}), "text_too_long")
    refused(s, ValidationError, add({"text": "a\x00b"}), "text_bad_chars")
    refused(s, ValidationError, add({"text": "lone \udc00 surrogate"}), "text_bad_chars")
    assert core.add_contribution(store, s.code, ann.token, "ideas", {"text": "x" * 1000}).text == "x" * 1000
    assert len(core.contributions(store, s.code)) == 1


def test_edit_own_note(s):
    ann = s.join("it", "Ann")
    note = s.note(ann, "before")
    edited, event = one_event(s, "contribution.edited", lambda: core.edit_contribution(
        s.store, s.code, ann.token, note.id, {"text": "after", "prompt": "pain"}))
    assert edited.text == "after" and edited.id == note.id and edited.created_at == note.created_at
    assert event["data"]["before"] == note.payload, "the event log keeps what was there before"
    assert event["data"]["payload"] == {"text": "after", "prompt": "pain"}
    [listed] = core.contributions(s.store, s.code)
    assert listed.payload == {"text": "after", "prompt": "pain"}
    refused(s, ValidationError, lambda: core.edit_contribution(s.store, s.code, ann.token, note.id, {"text": ""}),
            "text_empty")
    assert core.contributions(s.store, s.code)[0].text == "after"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_editing_or_deleting_anothers_note_is_refused(store, lang):
    s = new(store, lang=lang)
    ann, bob = s.join("it", "Ann"), s.join("marketing", "Bob")
    note = s.note(ann, "Ann's idea")
    for action in (
        lambda: core.edit_contribution(store, s.code, bob.token, note.id, {"text": "Bob was here"}),
        lambda: core.delete_contribution(store, s.code, bob.token, note.id),
    ):
        error = refused(s, PermissionDenied, action, "not_your_contribution")
        assert str(error) == MESSAGES["not_your_contribution"][lang]
    # The facilitator key is not a participant token either.
    refused(s, NotFoundError, lambda: core.delete_contribution(store, s.code, s.key, note.id), "participant_not_found")
    assert core.contributions(store, s.code)[0].text == "Ann's idea"


def test_contribution_of_another_session_is_not_found(store):
    a, b = new(store), new(store)
    ann_a, ann_b = a.join(), b.join()
    note = a.note(ann_a, "in A")
    refused(b, NotFoundError, lambda: core.edit_contribution(store, b.code, ann_b.token, note.id, {"text": "x"}),
            "contribution_not_found")
    refused(b, NotFoundError, lambda: core.delete_contribution(store, b.code, ann_b.token, note.id),
            "contribution_not_found")


def test_forged_contribution_ids(s):
    ann = s.join()
    note = s.note(ann, "idea")
    for forged_id in (999_999, -1, 0, str(note.id), float(note.id), True, None, [note.id], 2**31, 2**70, -(2**70)):
        refused(s, NotFoundError,
                lambda f=forged_id: core.edit_contribution(s.store, s.code, ann.token, f, {"text": "x"}),
                "contribution_not_found")
        refused(s, NotFoundError, lambda f=forged_id: core.delete_contribution(s.store, s.code, ann.token, f),
                "contribution_not_found")
    assert core.contributions(s.store, s.code)[0].text == "idea"


def test_soft_delete_keeps_the_event(s):
    ann = s.join("it", "Ann")
    keep = s.note(ann, "keep me")
    gone = s.note(ann, "delete me")
    _, event = one_event(s, "contribution.deleted",
                         lambda: core.delete_contribution(s.store, s.code, ann.token, gone.id))
    assert event["data"] == {"id": gone.id, "phase": "ideas"}
    assert [c.id for c in core.contributions(s.store, s.code)] == [keep.id]
    assert core.snapshot(s.store, s.code).contributions["id"].tolist() == [keep.id]
    added = [e for e in s.log() if e["type"] == "contribution.added" and e["data"]["id"] == gone.id]
    assert added and added[0]["data"]["payload"]["text"] == "delete me", "nothing typed is ever lost"
    # The row itself is kept, marked deleted.
    from sqlalchemy import select

    from toolkit.core import store as db

    with s.store.read() as conn:
        row = conn.execute(select(db.contributions).where(db.contributions.c.id == gone.id)).one()
    assert row.deleted_at is not None and row.payload["text"] == "delete me"
    # A deleted note cannot be edited, deleted again or voted on.
    refused(s, NotFoundError, lambda: core.edit_contribution(s.store, s.code, ann.token, gone.id, {"text": "x"}),
            "contribution_not_found")
    refused(s, NotFoundError, lambda: core.delete_contribution(s.store, s.code, ann.token, gone.id),
            "contribution_not_found")
    s.phase(1)
    refused(s, ValidationError, lambda: core.vote(s.store, s.code, ann.token, "vote", gone.id, 1),
            "vote_target_invalid")


def test_deleting_a_note_removes_its_votes(s):
    ann = s.join()
    note = s.note(ann, "idea")
    s.phase(1)
    core.vote(s.store, s.code, ann.token, "vote", note.id, 3)
    s.phase(0)
    core.delete_contribution(s.store, s.code, ann.token, note.id)
    assert core.vote_totals(s.store, s.code, "vote") == {}
    assert core.my_votes(s.store, s.code, ann.token, "vote") == {}


# -- phases and locking -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_input_to_a_phase_that_is_not_current(store, lang):
    s = new(store, lang=lang)
    ann = s.join()
    note = s.note(ann, "idea")
    closed = MESSAGES["phase_closed"][lang]
    # Current phase is "ideas": no votes, no ratings, no notes for other phases.
    assert str(refused(s, PhaseError, lambda: core.vote(store, s.code, ann.token, "vote", note.id, 1),
                       "phase_closed")) == closed
    refused(s, PhaseError, lambda: core.rate(store, s.code, ann.token, "rate", note.id, None, "work", 3),
            "phase_closed")
    for phase_id in ("vote", "rate", "results", "nope", None, 0, ["ideas"]):
        refused(s, PhaseError, lambda p=phase_id: core.add_contribution(store, s.code, ann.token, p, {"text": "x"}),
                "phase_closed")
    s.phase(1)
    # Notes go to "ideas" only while it is the current phase; old notes are frozen too.
    refused(s, PhaseError, lambda: s.note(ann, "late idea"), "phase_closed")
    refused(s, PhaseError, lambda: core.edit_contribution(store, s.code, ann.token, note.id, {"text": "x"}),
            "phase_closed")
    refused(s, PhaseError, lambda: core.delete_contribution(store, s.code, ann.token, note.id), "phase_closed")
    # A vote phase takes votes, not notes.
    refused(s, PhaseError, lambda: core.add_contribution(store, s.code, ann.token, "vote", {"text": "x"}),
            "phase_closed")
    s.phase(3)
    refused(s, PhaseError, lambda: core.add_contribution(store, s.code, ann.token, "results", {"text": "x"}),
            "phase_closed")
    refused(s, PhaseError, lambda: core.vote(store, s.code, ann.token, "results", note.id, 1), "phase_closed")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_input_while_locked(store, lang):
    s = new(store, lang=lang)
    ann = s.join()
    note = s.note(ann, "idea")
    state, event = one_event(s, "input.locked", lambda: core.set_locked(store, s.code, s.key, True))
    assert state.locked is True and event["data"] == {"locked": True}
    locked = MESSAGES["input_locked"][lang]
    assert str(refused(s, PhaseError, lambda: s.note(ann, "more"), "input_locked")) == locked
    refused(s, PhaseError, lambda: core.edit_contribution(store, s.code, ann.token, note.id, {"text": "x"}),
            "input_locked")
    refused(s, PhaseError, lambda: core.delete_contribution(store, s.code, ann.token, note.id), "input_locked")
    one_event(s, "input.locked", lambda: core.set_locked(store, s.code, s.key, False))
    assert s.note(ann, "more").text == "more"
    # A new phase opens input again.
    core.set_locked(store, s.code, s.key, True)
    s.phase(1)
    assert s.state.locked is False
    core.set_locked(store, s.code, s.key, True)
    refused(s, PhaseError, lambda: core.vote(store, s.code, ann.token, "vote", note.id, 1), "input_locked")
    s.phase(2)
    core.set_locked(store, s.code, s.key, True)
    refused(s, PhaseError, lambda: core.rate(store, s.code, ann.token, "rate", note.id, None, "work", 3),
            "input_locked")


def test_set_phase(s):
    core.start_timer(s.store, s.code, s.key, 5)
    core.set_locked(s.store, s.code, s.key, True)
    core.set_revealed(s.store, s.code, s.key, True)
    state, event = one_event(s, "phase.changed", lambda: core.set_phase(s.store, s.code, s.key, 2))
    assert state.phase_index == 2 and state.phase.id == "rate"
    assert (state.locked, state.revealed, state.timer_deadline) == (False, False, None), "a new phase starts clean"
    assert event["data"] == {"from": 0, "to": 2, "phase": "rate"}
    assert s.state.phase_index == 2
    assert core.set_phase(s.store, s.code, s.key, 3.0).phase_index == 3, "a whole float is a whole number"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_set_phase_out_of_range(store, lang):
    s = new(store, lang=lang)
    for index in (-1, 4, 99, 1.5, True, False, "1", None, [1], float("nan"), float("inf"), 2**70):
        error = refused(s, ValidationError, lambda i=index: core.set_phase(store, s.code, s.key, i),
                        "phase_out_of_range")
        assert str(error).startswith(MESSAGES["phase_out_of_range"][lang].split("{")[0])
    assert str(refused(s, ValidationError, lambda: core.set_phase(store, s.code, s.key, 4))) == \
        MESSAGES["phase_out_of_range"][lang].format(index=4)
    assert s.state.phase_index == 0


def test_next_and_previous_phase(s):
    indexes = []
    for _ in range(5):
        state, _ = one_event(s, "phase.changed", lambda: core.next_phase(s.store, s.code, s.key))
        indexes.append(state.phase_index)
    assert indexes == [1, 2, 3, 3, 3], "stays on the last phase"
    indexes = []
    for _ in range(5):
        state, _ = one_event(s, "phase.changed", lambda: core.previous_phase(s.store, s.code, s.key))
        indexes.append(state.phase_index)
    assert indexes == [2, 1, 0, 0, 0], "stays on the first phase"


def test_timer(s):
    import time

    before = time.time()
    state, event = one_event(s, "timer.started", lambda: core.start_timer(s.store, s.code, s.key, 5))
    after = time.time()
    assert before + 300 <= state.timer_deadline <= after + 300
    assert event["data"] == {"deadline": state.timer_deadline}
    assert s.state.timer_deadline == state.timer_deadline
    state = core.start_timer(s.store, s.code, s.key, 0.5 + 1)
    assert before + 90 <= state.timer_deadline
    state, event = one_event(s, "timer.stopped", lambda: core.stop_timer(s.store, s.code, s.key))
    assert state.timer_deadline is None and event["data"] == {}
    assert core.start_timer(s.store, s.code, s.key, 180).timer_deadline is not None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_timer_refuses_bad_minutes(store, lang):
    s = new(store, lang=lang)
    for minutes in (0, -5, 181, 0.5, True, "5", None, float("nan"), float("inf"), 2**70, [5]):
        error = refused(s, ValidationError, lambda m=minutes: core.start_timer(store, s.code, s.key, m),
                        "timer_invalid")
        assert str(error) == MESSAGES["timer_invalid"][lang]
    assert s.state.timer_deadline is None


def test_reveal_and_anonymity_toggles(s):
    state, event = one_event(s, "reveal.changed", lambda: core.set_revealed(s.store, s.code, s.key, True))
    assert state.revealed is True and event["data"] == {"revealed": True}
    state, _ = one_event(s, "reveal.changed", lambda: core.set_revealed(s.store, s.code, s.key, False))
    assert state.revealed is False
    state, event = one_event(s, "anonymity.changed", lambda: core.set_anonymous(s.store, s.code, s.key, True))
    assert state.anonymous is True and event["data"] == {"anonymous": True}
    assert s.state.anonymous is True
    state, _ = one_event(s, "anonymity.changed", lambda: core.set_anonymous(s.store, s.code, s.key, False))
    assert state.anonymous is False


# -- anonymity ----------------------------------------------------------------------------------

def test_anonymous_session_hides_names(store):
    s = new(store, anonymous=True)
    ann = s.join("it", "Ann Secret")
    assert ann.name is None, "an anonymous session stores no name, even one sent anyway"
    s.note(ann, "an idea")
    [note] = core.contributions(store, s.code)
    assert note.author is None and note.role == "it"
    snap = core.snapshot(store, s.code)
    assert snap.anonymous is True
    assert snap.participants["name"].isna().all()
    assert snap.contributions["author"].isna().all()
    assert snap.contributions["role"].tolist() == ["it"]
    assert "Ann Secret" not in repr(snap.events["data"].tolist())
    assert "Ann Secret" not in snap.participants.to_csv() + snap.contributions.to_csv() + snap.events.to_csv()
    assert "Ann Secret" not in repr(core.event_log(store, s.code))


def test_switching_anonymity_on_hides_names_afterwards(s):
    ann = s.join("it", "Ann")
    s.note(ann, "an idea")
    assert core.contributions(s.store, s.code)[0].author == "Ann"
    assert core.snapshot(s.store, s.code).participants["name"].tolist() == ["Ann"]
    core.set_anonymous(s.store, s.code, s.key, True)
    assert core.contributions(s.store, s.code)[0].author is None
    snap = core.snapshot(s.store, s.code)
    assert snap.participants["name"].isna().all() and snap.contributions["author"].isna().all()
    assert "Ann" not in repr(snap.events["data"].tolist())
    # Once anyone contributed, the promise of anonymity holds (test_hardening.py has the details).
    with pytest.raises(PermissionDenied):
        core.set_anonymous(s.store, s.code, s.key, False)
    assert core.contributions(s.store, s.code)[0].author is None


# -- votes --------------------------------------------------------------------------------------

def test_vote(s):
    ann, bob = s.join("it"), s.join("marketing")
    a, b, c = (s.note(ann, t) for t in ("a", "b", "c"))
    s.phase(1)
    _, event = one_event(s, "vote.set", lambda: core.vote(s.store, s.code, ann.token, "vote", a.id, 3))
    assert event["data"] == {"phase": "vote", "contribution": a.id, "points": 3}
    assert event["actor"] == f"p{ann.id}"
    core.vote(s.store, s.code, ann.token, "vote", b.id, 2)
    core.vote(s.store, s.code, bob.token, "vote", a.id, 1)
    assert core.my_votes(s.store, s.code, ann.token, "vote") == {a.id: 3, b.id: 2}
    assert core.my_votes(s.store, s.code, bob.token, "vote") == {a.id: 1}
    assert core.vote_totals(s.store, s.code, "vote") == {a.id: 4, b.id: 2}
    # Changing a vote replaces it (so it does not count twice against the budget).
    core.vote(s.store, s.code, ann.token, "vote", a.id, 1)
    core.vote(s.store, s.code, ann.token, "vote", c.id, 2)
    assert core.my_votes(s.store, s.code, ann.token, "vote") == {a.id: 1, b.id: 2, c.id: 2}
    # Zero takes the dots away.
    one_event(s, "vote.set", lambda: core.vote(s.store, s.code, ann.token, "vote", b.id, 0))
    assert core.my_votes(s.store, s.code, ann.token, "vote") == {a.id: 1, c.id: 2}
    assert core.vote_totals(s.store, s.code, "vote") == {a.id: 2, c.id: 2}
    assert core.vote_totals(s.store, s.code, "rate") == {}
    snap = core.snapshot(s.store, s.code)
    assert sorted(snap.votes[["contribution_id", "points", "role"]].values.tolist()) == sorted(
        [[a.id, 1, "it"], [c.id, 2, "it"], [a.id, 1, "marketing"]])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_vote_over_budget(store, lang):
    s = new(store, lang=lang)
    ann = s.join()
    a, b = s.note(ann, "a"), s.note(ann, "b")
    s.phase(1)
    core.vote(store, s.code, ann.token, "vote", a.id, 4)
    error = refused(s, ValidationError, lambda: core.vote(store, s.code, ann.token, "vote", b.id, 2), "vote_budget")
    assert str(error) == MESSAGES["vote_budget"][lang].format(budget=5)
    core.vote(store, s.code, ann.token, "vote", b.id, 1)
    refused(s, ValidationError, lambda: core.vote(store, s.code, ann.token, "vote", b.id, 2), "vote_budget")
    # Moving dots within the budget is fine.
    core.vote(store, s.code, ann.token, "vote", a.id, 0)
    core.vote(store, s.code, ann.token, "vote", b.id, 5)
    assert core.my_votes(store, s.code, ann.token, "vote") == {b.id: 5}


def test_vote_refuses_forged_points(s):
    ann = s.join()
    note = s.note(ann, "a")
    s.phase(1)
    for points in (-1, 6, 1.5, True, False, "2", None, [1], float("nan"), 2**70):
        error = refused(s, ValidationError,
                        lambda p=points: core.vote(s.store, s.code, ann.token, "vote", note.id, p),
                        "vote_points_invalid")
        assert str(error) == MESSAGES["vote_points_invalid"]["nl"].format(budget=5)
    core.vote(s.store, s.code, ann.token, "vote", note.id, 2.0)
    assert core.my_votes(s.store, s.code, ann.token, "vote") == {note.id: 2}


def test_vote_on_an_invalid_target(store):
    s = new(store)
    other = new(store)
    ann = s.join()
    note = s.note(ann, "a")
    stranger = other.join()
    foreign = other.note(stranger, "in another session")
    s.phase(2)
    core.rate(store, s.code, ann.token, "rate", note.id, None, "work", 3)
    rating_id = core.contributions(store, s.code, "rate")[0].id
    s.phase(1)
    for target in (foreign.id, rating_id, 999_999, -1, str(note.id), float(note.id), True, None, [note.id], 2**70):
        error = refused(s, ValidationError, lambda t=target: core.vote(store, s.code, ann.token, "vote", t, 1),
                        "vote_target_invalid")
        assert str(error) == MESSAGES["vote_target_invalid"]["nl"]
    assert core.vote_totals(store, s.code, "vote") == {}


# -- ratings ------------------------------------------------------------------------------------

def test_rate_and_change_a_rating(s):
    ann = s.join("it")
    a, b = s.note(ann, "a"), s.note(ann, "b")
    s.phase(2)
    with s.store.read() as conn:
        axis = core.rating_axis(s.state, conn, s.state.phase.rating.rows)
    assert axis == {str(a.id): "a", str(b.id): "b"}
    _, event = one_event(s, "rating.set",
                         lambda: core.rate(s.store, s.code, ann.token, "rate", a.id, None, "customers", 4))
    assert event["data"]["payload"] == {"row": str(a.id), "column": None, "dimension": "customers", "score": 4}
    core.rate(s.store, s.code, ann.token, "rate", str(b.id), None, "work", 1)
    # Rating the same cell again replaces the score: one live rating per person and cell.
    _, event = one_event(s, "rating.set",
                         lambda: core.rate(s.store, s.code, ann.token, "rate", str(a.id), None, "customers", 2.0))
    ratings = core.contributions(s.store, s.code, "rate")
    assert sorted((r.item_key, r.payload["score"]) for r in ratings) == [
        (f"{a.id}||customers", 2), (f"{b.id}||work", 1)]
    assert all(r.kind == "rating" and r.text == "" for r in ratings)
    snap = core.snapshot(s.store, s.code)
    table = snap.ratings("rate")
    assert sorted(table[["row_label", "dimension", "score"]].values.tolist()) == [["a", "customers", 2.0],
                                                                                 ["b", "work", 1.0]]
    # A participant may withdraw a rating while the phase is open.
    core.delete_contribution(s.store, s.code, ann.token, ratings[0].id)
    assert len(core.contributions(s.store, s.code, "rate")) == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rating_out_of_the_scale(store, lang):
    s = new(store, lang=lang)
    ann = s.join()
    note = s.note(ann, "a")
    s.phase(2)
    for score in (0, 6, -1, 2.5, True, False, "3", None, float("nan"), float("inf"), [3], 2**70):
        error = refused(s, ValidationError,
                        lambda sc=score: core.rate(store, s.code, ann.token, "rate", note.id, None, "work", sc),
                        "score_out_of_range")
        assert str(error) == MESSAGES["score_out_of_range"][lang].format(low=1, high=5)
    assert core.contributions(store, s.code, "rate") == []


def test_rating_row_not_in_the_axis(store):
    s = new(store)
    other = new(store)
    ann = s.join()
    note = s.note(ann, "a")
    gone = s.note(ann, "deleted")
    core.delete_contribution(store, s.code, ann.token, gone.id)
    foreign = other.note(other.join(), "elsewhere")
    s.phase(2)

    def rate(row, column=None, dimension="work"):
        return lambda: core.rate(store, s.code, ann.token, "rate", row, column, dimension, 3)

    for row in (gone.id, foreign.id, 999_999, "nonsense", None, True, 1.5, [note.id], 2**70):
        error = refused(s, ValidationError, rate(row), "choice_invalid")
        assert "row" in str(error)
    refused(s, ValidationError, rate(note.id, dimension="taste"), "choice_invalid")
    refused(s, ValidationError, rate(note.id, dimension=None), "choice_invalid")
    refused(s, ValidationError, rate(note.id, column="website"), "field_unknown")


def test_rating_grid_with_list_columns(store):
    s = new(store, "dna-mapping", "en")
    ann = s.join("service", "Ann")
    s.phase(1)
    value = core.add_contribution(store, s.code, ann.token, "values", {"value": "Fast", "promise": "Within an hour"})
    s.phase(3)
    core.rate(store, s.code, ann.token, "alignment", value.id, "phone", "promise", 5)
    core.rate(store, s.code, ann.token, "alignment", value.id, "phone", "practice", 2)
    for column in (None, "tiktok", 3, ["phone"]):
        refused(s, ValidationError,
                lambda c=column: core.rate(store, s.code, ann.token, "alignment", value.id, c, "promise", 3),
                "choice_invalid")
    table = core.snapshot(store, s.code).ratings("alignment")
    assert sorted(table[["row_label", "column", "dimension", "score"]].values.tolist()) == [
        ["Fast", "phone", "practice", 2.0], ["Fast", "phone", "promise", 5.0]]


# -- forms --------------------------------------------------------------------------------------

def test_forms_with_choices_lists_and_references(store):
    s = new(store, "dna-mapping", "en")
    ann = s.join("marketing", "Ann")
    s.phase(1)
    value, event = one_event(s, "contribution.added", lambda: core.add_contribution(
        store, s.code, ann.token, "values", {"value": "Fast service", "promise": "   "}))
    assert value.kind == "form" and value.payload == {"value": "Fast service"}, "blank optional fields are left out"
    assert value.text == "Fast service"
    assert event["data"]["kind"] == "form"
    s.phase(2)
    top = core.add_contribution(store, s.code, ann.token, "cascade", {"level": "organisation", "text": "Grow"})
    child = core.add_contribution(store, s.code, ann.token, "cascade",
                                  {"level": "marketing", "text": "Leads", "parent": top.id})
    assert child.payload == {"level": "marketing", "text": "Leads", "parent": str(top.id)}
    assert child.text == "Leads", "the text of a form is its first text field, not the choice"
    s.phase(4)
    evidence = core.add_contribution(store, s.code, ann.token, "evidence", {
        "value": str(value.id), "channel": "social", "evidence": "Replies take 2 days", "supports": "no"})
    assert evidence.payload["value"] == str(value.id) and evidence.text == "Replies take 2 days"
    of_kind = core.snapshot(store, s.code).of_kind("form", "cascade")
    assert of_kind["level"].tolist() == ["organisation", "marketing"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_form_validation(store, lang):
    s = new(store, "dna-mapping", lang)
    ann = s.join()
    s.phase(1)
    value = core.add_contribution(store, s.code, ann.token, "values", {"value": "Fast"})
    s.phase(4)

    def add(payload):
        return lambda: core.add_contribution(store, s.code, ann.token, "evidence", payload)

    good = {"value": str(value.id), "channel": "social", "evidence": "Replies take 2 days", "supports": "no"}
    channel_label = {"nl": "Kanaal of afdeling", "en": "Channel or department"}[lang]
    error = refused(s, ValidationError, add({**good, "channel": None}), "field_required")
    assert str(error) == MESSAGES["field_required"][lang].format(field=channel_label)
    refused(s, ValidationError, add({**good, "channel": "tiktok"}), "choice_invalid")
    refused(s, ValidationError, add({**good, "channel": ["social"]}), "choice_invalid")
    refused(s, ValidationError, add({**good, "supports": "maybe"}), "choice_invalid")
    refused(s, ValidationError, add({**good, "supports": True}), "choice_invalid")
    refused(s, ValidationError, add({**good, "value": "999999"}), "choice_invalid")
    refused(s, ValidationError, add({**good, "value": True}), "choice_invalid")
    refused(s, ValidationError, add({**good, "evidence": "x" * 801}), "text_too_long")
    refused(s, ValidationError, add({**good, "evidence": 12}), "wrong_type")
    refused(s, ValidationError, add({**good, "extra": "field"}), "field_unknown")
    refused(s, ValidationError, add({}), "field_required")
    refused(s, ValidationError, add(["not", "a", "dict"]), "wrong_type")
    assert core.add_contribution(store, s.code, ann.token, "evidence", good).payload == good
    # A reference to a deleted contribution is refused.
    s.phase(1)
    core.delete_contribution(store, s.code, ann.token, value.id)
    s.phase(4)
    refused(s, ValidationError, add(good), "choice_invalid")


def test_number_fields(lab_workshop, store):
    s = new(store, lab_workshop, "en")
    ann = s.join("it")
    s.phase(1)

    def add(score):
        return lambda: core.add_contribution(store, s.code, ann.token, "form", {"title": "t", "score": score})

    for score in (0, 5.5, -1, True, False, "3", [3], float("nan"), float("inf"), 2**70, -(2**70), 10**400):
        refused(s, ValidationError, add(score), "wrong_type")
    assert core.add_contribution(store, s.code, ann.token, "form", {"title": "t", "score": 3}).payload["score"] == 3.0
    assert core.add_contribution(store, s.code, ann.token, "form", {"title": "t", "score": 4.5}).payload["score"] == 4.5


def test_edit_form(store):
    s = new(store, "dna-mapping", "en")
    ann = s.join()
    s.phase(1)
    value = core.add_contribution(store, s.code, ann.token, "values", {"value": "Fast"})
    edited = core.edit_contribution(store, s.code, ann.token, value.id, {"value": "Quick", "promise": "An hour"})
    assert edited.payload == {"value": "Quick", "promise": "An hour"} and edited.text == "Quick"
    refused(s, ValidationError,
            lambda: core.edit_contribution(store, s.code, ann.token, value.id, {"promise": "no value"}),
            "field_required")


# -- lists --------------------------------------------------------------------------------------

def test_set_list_keeps_ids_of_known_labels(store):
    s = new(store, "dna-mapping", "nl")
    assert s.state.list_items("channels")[:2] == [("website", "Website"), ("social", "Social media / webcare")]
    state, event = one_event(s, "list.changed", lambda: core.set_list(
        store, s.code, s.key, "channels", ["  website ", "TikTok", "Telefonische helpdesk"]))
    assert state.list_items("channels") == [("website", "website"), ("custom-1", "TikTok"),
                                            ("phone", "Telefonische helpdesk")]
    assert event["data"] == {"list": "channels", "items": [
        {"id": "website", "label": "website"}, {"id": "custom-1", "label": "TikTok"},
        {"id": "phone", "label": "Telefonische helpdesk"}]}
    # Again, reordered, with a new label at a position whose default id is taken.
    state = core.set_list(store, s.code, s.key, "channels", ["Radio", "tiktok", "Website"])
    assert state.list_items("channels") == [("custom-0", "Radio"), ("custom-1", "tiktok"), ("website", "Website")]
    state = core.set_list(store, s.code, s.key, "channels", ["Radio", "Podcast", "tiktok"])
    items = dict(state.list_items("channels"))
    assert items["custom-0"] == "Radio" and items["custom-1"] == "tiktok"
    assert len(set(items)) == 3 and "Podcast" in items.values()
    assert core.snapshot(store, s.code).lists["channels"] == state.list_items("channels")


def test_ratings_stay_attached_after_editing_a_list(store):
    s = new(store, "dna-mapping", "en")
    ann = s.join()
    s.phase(1)
    value = core.add_contribution(store, s.code, ann.token, "values", {"value": "Fast"})
    s.phase(3)
    core.rate(store, s.code, ann.token, "alignment", value.id, "phone", "promise", 4)
    core.set_list(store, s.code, s.key, "channels", ["Phone helpdesk", "Chat"])
    assert dict(s.state.list_items("channels"))["phone"] == "Phone helpdesk"
    core.rate(store, s.code, ann.token, "alignment", value.id, "phone", "practice", 2)
    refused(s, ValidationError,
            lambda: core.rate(store, s.code, ann.token, "alignment", value.id, "website", "promise", 3),
            "choice_invalid")
    assert set(core.snapshot(store, s.code).ratings("alignment")["column"]) == {"phone"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_set_list_refuses_bad_lists(store, lang):
    s = new(store, "dna-mapping", lang)

    def set_list(list_id, labels):
        return lambda: core.set_list(store, s.code, s.key, list_id, labels)

    error = refused(s, ValidationError, set_list("channels", []), "list_invalid")
    assert str(error) == MESSAGES["list_invalid"][lang].format(field="channels")
    refused(s, ValidationError, set_list("channels", [f"c{i}" for i in range(31)]), "list_invalid")
    refused(s, ValidationError, set_list("channels", ["Web", "web"]), "list_invalid")
    refused(s, ValidationError, set_list("channels", "Web, Phone"), "list_invalid")
    refused(s, ValidationError, set_list("channels", None), "list_invalid")
    refused(s, ValidationError, set_list("colours", ["Red"]), "list_invalid")
    refused(s, ValidationError, set_list(["channels"], ["Web"]), "list_invalid")
    refused(s, ValidationError, set_list(None, ["Web"]), "list_invalid")
    refused(s, ValidationError, set_list("channels", ["ok", ""]), "text_empty")
    refused(s, ValidationError, set_list("channels", ["x" * 61]), "text_too_long")
    refused(s, ValidationError, set_list("channels", [3]), "wrong_type")
    assert core.set_list(store, s.code, s.key, "channels", ["x" * 30 for _ in range(1)]).list_items("channels")


# -- change feed and event log ------------------------------------------------------------------

def test_watched_state_names_the_newest_event_that_pages_show(s):
    arrivals = frozenset({"participant.joined", "vote.set", "rating.set"})
    state, shown = core.watched_state(s.store, s.code, arrivals)
    assert (state.version, shown) == (1, 1)  # session.created
    ann = s.join("it")
    s.join("sales")
    state, shown = core.watched_state(s.store, s.code, arrivals)
    assert (state.version, shown) == (3, 1)  # arrivals change no page
    s.note(ann, "idea")
    s.join("service")
    state, shown = core.watched_state(s.store, s.code, arrivals)
    assert (state.version, shown) == (5, 4)
    assert core.watched_state(s.store, s.code, frozenset())[1] == 5
    with pytest.raises(NotFoundError):
        core.watched_state(s.store, "NOPE99", arrivals)


def test_changes_since(s):
    created = core.changes_since(s.store, s.code, 0)
    assert created.version == 1 and [e["type"] for e in created.events] == ["session.created"]
    assert core.changes_since(s.store, s.code, 1) == core.Changes(version=1, events=[])
    assert core.changes_since(s.store, s.code, 50) == core.Changes(version=1, events=[])
    ann = s.join("it")
    note = s.note(ann, "idea")
    s.phase(1)
    core.vote(s.store, s.code, ann.token, "vote", note.id, 1)
    changes = core.changes_since(s.store, s.code, 1)
    assert changes.version == 5 == core.session_version(s.store, s.code) == s.state.version
    assert [(e["version"], e["type"]) for e in changes.events] == [
        (2, "participant.joined"), (3, "contribution.added"), (4, "phase.changed"), (5, "vote.set")]
    assert set(changes.events[0]) == {"version", "type", "actor", "data"}
    assert core.changes_since(s.store, s.code, 3).events == changes.events[2:]
    assert core.changes_since(s.store, s.code, 5).events == []
    assert core.event_log(s.store, s.code) == created.events + changes.events


def test_change_feed_is_per_session(store):
    a, b = new(store), new(store)
    a.join()
    a.join()
    assert core.changes_since(store, b.code, 0).version == 1
    assert [e["type"] for e in core.changes_since(store, b.code, 0).events] == ["session.created"]
    assert core.changes_since(store, a.code, 1).version == 3


def test_every_change_adds_exactly_one_event(store):
    """A whole workshop, step by step: each change is one event, versions 1, 2, 3, ... without gaps."""
    s = new(store)
    steps = [
        ("participant.joined", lambda: s.join("it", "Ann")),
        ("participant.joined", lambda: s.join("service", "Bob")),
    ]
    for type_, action in steps:
        one_event(s, type_, action)
    ann = s.join("marketing", "Cas")
    a, _ = one_event(s, "contribution.added", lambda: s.note(ann, "a"))
    b, _ = one_event(s, "contribution.added", lambda: s.note(ann, "b"))
    one_event(s, "contribution.edited", lambda: core.edit_contribution(store, s.code, ann.token, a.id, {"text": "a2"}))
    one_event(s, "contribution.deleted", lambda: core.delete_contribution(store, s.code, ann.token, b.id))
    one_event(s, "reveal.changed", lambda: core.set_revealed(store, s.code, s.key, True))
    one_event(s, "timer.started", lambda: core.start_timer(store, s.code, s.key, 3))
    one_event(s, "timer.stopped", lambda: core.stop_timer(store, s.code, s.key))
    one_event(s, "phase.changed", lambda: core.next_phase(store, s.code, s.key))
    one_event(s, "vote.set", lambda: core.vote(store, s.code, ann.token, "vote", a.id, 2))
    one_event(s, "input.locked", lambda: core.set_locked(store, s.code, s.key, True))
    one_event(s, "phase.changed", lambda: core.set_phase(store, s.code, s.key, 2))
    one_event(s, "rating.set", lambda: core.rate(store, s.code, ann.token, "rate", a.id, None, "work", 5))
    one_event(s, "anonymity.changed", lambda: core.set_anonymous(store, s.code, s.key, True))
    one_event(s, "phase.changed", lambda: core.previous_phase(store, s.code, s.key))
    # Reads change nothing.
    version = core.session_version(store, s.code)
    core.get_session(store, s.code)
    core.contributions(store, s.code)
    core.snapshot(store, s.code)
    core.check_facilitator(store, s.code, s.key)
    core.my_votes(store, s.code, ann.token, "vote")
    core.vote_totals(store, s.code, "vote")
    core.participant_counts(store, s.code)
    core.list_sessions(store)
    core.resume(store, s.code, ann.token)
    assert core.session_version(store, s.code) == version
    log = s.log()
    assert [e["version"] for e in log] == list(range(1, version + 1))
    snap = core.snapshot(store, s.code)
    assert snap.events["version"].tolist() == list(range(1, version + 1))
    assert snap.events["type"].tolist() == [e["type"] for e in log]


def test_failed_changes_add_no_event(s):
    ann = s.join()
    note = s.note(ann, "a")
    refused(s, ValidationError, lambda: s.note(ann, ""))
    refused(s, PhaseError, lambda: core.vote(s.store, s.code, ann.token, "vote", note.id, 1))
    refused(s, PermissionDenied, lambda: core.set_phase(s.store, s.code, "nope", 1))
    refused(s, ValidationError, lambda: core.set_phase(s.store, s.code, s.key, 10))
    refused(s, ValidationError, lambda: s.join("astronaut"))


# -- snapshot -----------------------------------------------------------------------------------

def test_snapshot(store):
    s = new(store, "brainstorm", "en", organisation="Acme")
    ann, bob = s.join("it", "Ann"), s.join("service", "Bob")
    a = s.note(ann, "<img src=x onerror=alert(1)>")
    b = s.note(bob, "=SUM(A1:A9)")
    s.phase(1)
    core.vote(store, s.code, bob.token, "vote", a.id, 2)
    snap = core.snapshot(store, s.code)
    assert (snap.workshop_id, snap.code, snap.language, snap.anonymous, snap.organisation) == (
        "brainstorm", s.code, "en", False, "Acme")
    assert snap.participants[["participant_id", "name", "role"]].values.tolist() == [
        [ann.id, "Ann", "it"], [bob.id, "Bob", "service"]]
    assert snap.contributions["id"].tolist() == [a.id, b.id]
    assert snap.contributions["text"].tolist() == ["<img src=x onerror=alert(1)>", "=SUM(A1:A9)"]
    assert snap.contributions["author"].tolist() == ["Ann", "Bob"]
    assert snap.votes[["participant_id", "role", "contribution_id", "phase", "points"]].values.tolist() == [
        [bob.id, "service", a.id, "vote", 2]]
    assert snap.events["version"].tolist() == list(range(1, 8))
    assert snap.lists == {}
    empty = core.snapshot(store, new(store).code)
    assert empty.contributions.empty and empty.participants.empty and empty.votes.empty
    assert empty.ratings().empty


# -- examples: seeded through the ordinary operations -------------------------------------------

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


def _compare_seeded_with_example(store, path):
    expected = load_example(path)
    created = seed_session(store, path)
    snap = core.snapshot(store, created.code)
    assert (snap.workshop_id, snap.language, snap.organisation) == (
        expected.workshop_id, expected.language, expected.organisation)
    assert sorted(snap.participants["role"]) == sorted(expected.participants["role"])
    assert snap.contributions[["phase", "kind"]].values.tolist() == \
        expected.contributions[["phase", "kind"]].values.tolist()
    assert snap.contributions["text"].tolist() == expected.contributions["text"].tolist()
    assert sorted(snap.votes["points"]) == sorted(expected.votes["points"])
    log = core.event_log(store, created.code)
    assert [e["version"] for e in log] == list(range(1, len(log) + 1))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_seeds_through_the_rules(sqlite_store, path):
    _compare_seeded_with_example(sqlite_store, path)


def test_example_seeds_on_both_stores(store):
    _compare_seeded_with_example(store, example_path("dna-insurer"))
