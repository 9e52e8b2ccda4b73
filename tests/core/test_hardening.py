"""Rules against abuse, in core: anonymity that holds, limits on guesses and writes, names that
cannot turn the text around them; on SQLite and on PostgreSQL.

Limits are tested with short windows (one or two seconds) so a test can wait one out; the
defaults are the numbers in :class:`toolkit.core.limits.Limits`.
"""
from __future__ import annotations

import json
import logging
import re
import time

import pytest

from toolkit.core import sessions as core
from toolkit.core.errors import LimitReached, NotFoundError, PermissionDenied, RateLimited
from toolkit.core.examples import seed_session
from toolkit.core.i18n import MESSAGES
from toolkit.core.limits import DEFAULT_LIMITS, Limits
from toolkit.core.session_export import contributions_csv, session_export_dict
from toolkit.core.validation import BIDI_CONTROLS, check_name
from toolkit.methods import dna

SECURITY = "toolkit.security"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def limited(store, **numbers) -> object:
    """``store`` with the default limits, some replaced (windows in whole seconds)."""
    return store.with_limits(Limits(**{**DEFAULT_LIMITS.__dict__, **numbers}))


def wait_out(window: int) -> None:
    time.sleep(window + 0.2)


def both_languages(error, key: str, **params) -> None:
    assert error.key == key
    for lang in ("nl", "en"):
        assert error.in_language(lang) == MESSAGES[key][lang].format(**params)


# -- anonymity ---------------------------------------------------------------------------------

def test_an_anonymous_session_stores_no_name(store):
    created = core.create_session(store, "brainstorm", "en", anonymous=True)
    ann = core.join(store, created.code, "it", "Ann Secret")
    assert ann.name is None
    assert core.resume(store, created.code, ann.token).name is None
    core.add_contribution(store, created.code, ann.token, "ideas", {"text": "an idea"})
    assert "Ann Secret" not in repr(core.event_log(store, created.code))
    assert "Ann Secret" not in json.dumps(session_export_dict(store, created.code), default=str)


def test_anonymity_cannot_be_turned_off_once_anyone_contributed(store):
    created = core.create_session(store, "brainstorm", "nl", anonymous=True)
    code, key = created.code, created.facilitator_key
    # Before any input the facilitator may still change their mind, both ways.
    assert core.set_anonymous(store, code, key, False).anonymous is False
    assert core.set_anonymous(store, code, key, True).anonymous is True
    bob = core.join(store, code, "it")
    core.add_contribution(store, code, bob.token, "ideas", {"text": "idee"})
    version = core.session_version(store, code)
    with pytest.raises(PermissionDenied) as refused:
        core.set_anonymous(store, code, key, False)
    both_languages(refused.value, "anonymity_locked")
    assert str(refused.value) == MESSAGES["anonymity_locked"]["nl"]
    assert core.get_session(store, code).anonymous is True
    assert core.session_version(store, code) == version, "a refused change adds no event"
    # A deleted note was still given on the promise of anonymity.
    [note] = core.contributions(store, code)
    core.delete_contribution(store, code, bob.token, note.id)
    with pytest.raises(PermissionDenied):
        core.set_anonymous(store, code, key, False)
    assert core.set_anonymous(store, code, key, True).anonymous is True, "turning it on stays allowed"


def test_anonymity_turned_on_later_cannot_be_turned_off_either(store):
    created = core.create_session(store, "brainstorm", "en")
    ann = core.join(store, created.code, "it", "Ann")
    core.add_contribution(store, created.code, ann.token, "ideas", {"text": "idea"})
    core.set_anonymous(store, created.code, created.facilitator_key, True)
    with pytest.raises(PermissionDenied):
        core.set_anonymous(store, created.code, created.facilitator_key, False)


def anonymous_brainstorm(store):
    created = core.create_session(store, "brainstorm", "en", anonymous=True)
    code, key = created.code, created.facilitator_key
    people = [core.join(store, code, role) for role in ("it", "it", "marketing")]
    ids = [core.add_contribution(store, code, p.token, "ideas", {"text": f"idea {i}"}).id
           for i, p in enumerate(people) for _ in range(2)]
    core.next_phase(store, code, key)
    for i, p in enumerate(people):
        core.vote(store, code, p.token, "vote", ids[i], 2)
        core.vote(store, code, p.token, "vote", ids[-1], 1)
    core.next_phase(store, code, key)
    for p in people:
        core.rate(store, code, p.token, "rate", ids[0], None, "customers", 4)
    return created


def test_the_export_of_an_anonymous_session_links_no_contributions(store):
    created = anonymous_brainstorm(store)
    data = session_export_dict(store, created.code)
    for table in ("participants", "contributions", "votes"):
        assert data[table], table
        assert all("participant_id" not in row for row in data[table]), table
    assert all(row["author"] is None for row in data["contributions"])
    for event in data["events"]:
        assert event["actor"] in ("facilitator", "participant")
        assert "participant" not in event["data"] and "name" not in event["data"]
    text = json.dumps(data, default=str)
    assert "participant_id" not in text and not re.search(r'"p\d+"', text)
    header = contributions_csv(data).splitlines()[0]
    assert header == "id,phase,kind,role,author,text,payload,created_at"


def test_the_snapshot_of_an_anonymous_session_keeps_only_an_opaque_key(store):
    created = anonymous_brainstorm(store)
    snap = core.snapshot(store, created.code)
    keys = set(snap.participants["participant_id"])
    assert keys == {1, 2, 3}, "numbers that tell raters apart, nothing more"
    assert set(snap.contributions["participant_id"]) <= keys and set(snap.votes["participant_id"]) <= keys
    assert snap.participants["name"].isna().all()
    assert set(snap.events["actor"]) <= {"facilitator", "participant"}
    # Three raters are still three raters.
    assert snap.ratings("rate")["participant_id"].nunique() == 3
    # The key is drawn again for every snapshot: two exports cannot be joined on it.
    draws = {tuple(core.snapshot(store, created.code).contributions["participant_id"]) for _ in range(12)}
    assert len(draws) > 1


def test_analyses_give_the_same_results_for_an_anonymous_session(store):
    created = seed_session(store, "dna-insurer")
    before = dna.alignment_matrix(core.snapshot(store, created.code))
    core.set_anonymous(store, created.code, created.facilitator_key, True)
    after = dna.alignment_matrix(core.snapshot(store, created.code))
    assert before.equals(after)


# -- facilitator key guesses -------------------------------------------------------------------

def test_facilitator_key_guesses_are_limited_per_session(store, caplog):
    store = limited(store, key_failures=3, key_window=2)
    created = core.create_session(store, "brainstorm", "nl")
    other = core.create_session(store, "brainstorm", "nl")
    code, key = created.code, created.facilitator_key
    caplog.set_level(logging.WARNING, logger=SECURITY)
    for guess in ("a", "b", "c"):
        with pytest.raises(PermissionDenied):
            core.check_facilitator(store, code, guess)
    for attempt in (lambda: core.check_facilitator(store, code, "d"),
                    lambda: core.check_facilitator(store, code, key),  # even the right key waits
                    lambda: core.next_phase(store, code, key),
                    lambda: core.delete_session(store, code, key)):
        with pytest.raises(RateLimited) as refused:
            attempt()
        seconds = refused.value.params["seconds"]
        assert 1 <= seconds <= 2 and refused.value.retry_after == seconds
        both_languages(refused.value, "facilitator_key_limited", seconds=seconds)
        assert str(refused.value) == MESSAGES["facilitator_key_limited"]["nl"].format(seconds=seconds)
    records = [r for r in caplog.records if r.name == SECURITY]
    assert len(records) == 3 + 4, "one log line per wrong or refused guess"
    assert all(code in r.getMessage() for r in records)
    assert core.get_session(store, code).phase_index == 0
    # Another session is not affected, and the window passes.
    assert core.check_facilitator(store, other.code, other.facilitator_key).code == other.code
    wait_out(2)
    assert core.next_phase(store, code, key).phase_index == 1


def test_the_default_limit_allows_ten_wrong_keys_a_minute(store):
    store = store.with_limits(DEFAULT_LIMITS)
    created = core.create_session(store, "brainstorm", "en")
    for _ in range(DEFAULT_LIMITS.key_failures):
        with pytest.raises(PermissionDenied):
            core.check_facilitator(store, created.code, "guess")
    with pytest.raises(RateLimited):
        core.check_facilitator(store, created.code, created.facilitator_key)
    assert (DEFAULT_LIMITS.key_failures, DEFAULT_LIMITS.key_window) == (10, 60)


# -- session code guesses ----------------------------------------------------------------------

def test_unknown_codes_are_limited_per_client(store, caplog):
    store = limited(store, code_failures=3, code_window=2)
    created = core.create_session(store, "brainstorm", "en")
    caplog.set_level(logging.WARNING, logger=SECURITY)
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
        with pytest.raises(NotFoundError):
            core.join(store, guess, "it", client="198.51.100.7")
    with pytest.raises(RateLimited) as refused:
        core.join(store, created.code, "it", client="198.51.100.7")  # a right code waits too
    both_languages(refused.value, "code_guesses_limited", seconds=refused.value.params["seconds"])
    with pytest.raises(RateLimited):
        core.find_session(store, created.code, client="198.51.100.7")
    # Someone else joins as usual, and the default client is its own key.
    assert core.join(store, created.code, "it", client="203.0.113.9").code == created.code
    assert core.find_session(store, created.code).code == created.code
    records = [r.getMessage() for r in caplog.records if r.name == SECURITY]
    assert len(records) == 5 and all("198.51.100.7" in m for m in records)
    assert core.participant_counts(store, created.code) == {"it": 1}
    wait_out(2)
    assert core.join(store, created.code, "it", client="198.51.100.7").code == created.code


def test_known_codes_do_not_count_as_guesses(store):
    store = limited(store, code_failures=2, code_window=60)
    created = core.create_session(store, "brainstorm", "en")
    for _ in range(10):
        core.find_session(store, created.code, client="room")
    assert core.join(store, created.code, "it", client="room").code == created.code


# -- writes per participant --------------------------------------------------------------------

def test_writes_beyond_the_rate_are_refused_and_lose_nothing(store):
    store = limited(store, writes=5, write_window=3)
    created = core.create_session(store, "brainstorm", "nl")
    code, key = created.code, created.facilitator_key
    ann, bob = core.join(store, code, "it"), core.join(store, code, "marketing")
    first = core.add_contribution(store, code, ann.token, "ideas", {"text": "1"})
    core.edit_contribution(store, code, ann.token, first.id, {"text": "1 edited"})
    for n in (2, 3, 4):
        core.add_contribution(store, code, ann.token, "ideas", {"text": str(n)})
    version = core.session_version(store, code)
    for write in (lambda: core.add_contribution(store, code, ann.token, "ideas", {"text": "a draft"}),
                  lambda: core.edit_contribution(store, code, ann.token, first.id, {"text": "x"}),
                  lambda: core.delete_contribution(store, code, ann.token, first.id)):
        with pytest.raises(RateLimited) as refused:
            write()
        seconds = refused.value.params["seconds"]
        both_languages(refused.value, "write_rate_limited", seconds=seconds)
        assert str(refused.value) == MESSAGES["write_rate_limited"]["nl"].format(seconds=seconds)
        assert "wat je hebt getypt, staat er nog" in str(refused.value)
    assert core.session_version(store, code) == version, "refused writes add no event"
    assert [c.text for c in core.contributions(store, code)] == ["1 edited", "2", "3", "4"]
    # The limit is per participant.
    core.add_contribution(store, code, bob.token, "ideas", {"text": "bob"})
    wait_out(3)
    core.add_contribution(store, code, ann.token, "ideas", {"text": "a draft"})
    # Votes and ratings count too.
    core.next_phase(store, code, key)
    wait_out(3)
    ids = [c.id for c in core.contributions(store, code)]
    for cid in ids[:5]:
        core.vote(store, code, ann.token, "vote", cid, 1)
    with pytest.raises(RateLimited):
        core.vote(store, code, ann.token, "vote", ids[0], 0)
    core.next_phase(store, code, key)
    wait_out(3)
    for score in (1, 2, 3, 4, 5):
        core.rate(store, code, ann.token, "rate", ids[0], None, "work", score)
    with pytest.raises(RateLimited):
        core.rate(store, code, ann.token, "rate", ids[0], None, "work", 1)


def test_a_burst_of_notes_from_one_participant_is_cut_off(store):
    store = store.with_limits(DEFAULT_LIMITS)
    created = core.create_session(store, "brainstorm", "en")
    ann = core.join(store, created.code, "it")
    accepted = refused = 0
    for n in range(100):
        try:
            core.add_contribution(store, created.code, ann.token, "ideas", {"text": f"flood {n}"})
            accepted += 1
        except RateLimited:
            refused += 1
    assert accepted == DEFAULT_LIMITS.writes == 20 and refused == 80
    assert len(core.contributions(store, created.code)) == 20


def test_notes_per_participant_and_phase_are_capped(store):
    store = limited(store, notes_per_phase=3, writes=1000)
    created = core.create_session(store, "brainstorm", "en")
    ann, bob = core.join(store, created.code, "it"), core.join(store, created.code, "it")
    notes = [core.add_contribution(store, created.code, ann.token, "ideas", {"text": str(n)}) for n in range(3)]
    with pytest.raises(LimitReached) as refused:
        core.add_contribution(store, created.code, ann.token, "ideas", {"text": "one too many"})
    assert not isinstance(refused.value, RateLimited)
    both_languages(refused.value, "note_cap", limit=3)
    assert "what you typed is still there" in refused.value.in_language("en")
    core.add_contribution(store, created.code, bob.token, "ideas", {"text": "bob's"})
    # Deleting one makes room; editing never counts against the cap.
    core.edit_contribution(store, created.code, ann.token, notes[0].id, {"text": "0 edited"})
    core.delete_contribution(store, created.code, ann.token, notes[1].id)
    core.add_contribution(store, created.code, ann.token, "ideas", {"text": "one more"})
    assert len([c for c in core.contributions(store, created.code) if c.participant_id == ann.id]) == 3


def test_the_default_limits(limited_store):
    assert limited_store.guard.limits == DEFAULT_LIMITS
    assert (DEFAULT_LIMITS.writes, DEFAULT_LIMITS.write_window, DEFAULT_LIMITS.notes_per_phase) == (20, 10, 50)


# -- names and direction -----------------------------------------------------------------------

@pytest.mark.parametrize("control", list(BIDI))
def test_direction_controls_are_removed_from_names(control):
    assert check_name(f"{control}Marketing{control}", "en") == "Marketing"
    assert check_name(f"  {control} ", "en") is None
    assert ord(control) in BIDI_CONTROLS


def test_a_name_cannot_turn_the_text_after_it(store):
    created = core.create_session(store, "brainstorm", "en")
    eve = core.join(store, created.code, "marketing", "\u202egnitekraM\u202c \u2067Eve\u2069")
    assert eve.name == "gnitekraM Eve"
    assert core.snapshot(store, created.code).participants["name"].tolist() == ["gnitekraM Eve"]
    # Right-to-left letters themselves are names like any other.
    assert check_name("مرحبا", "en") == "مرحبا"


def test_facilitator_keys_never_start_like_a_command_line_option(store):
    # `toolkit session export CODE --facilitator-key KEY` must take any key the session was given.
    keys = [core.create_session(store, "brainstorm").facilitator_key for _ in range(300)]
    assert not [k for k in keys if k.startswith("-")]
