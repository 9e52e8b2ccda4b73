"""Rules the facilitator's board leans on: whether there is anything to undo, and a merge that
names no other note (on SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest

from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.core.errors import ValidationError


@pytest.fixture
def room(store):
    s = core.create_session(store, "brainstorm", "nl")
    person = core.join(store, s.code, "it", "Bo")
    ids = [core.add_contribution(store, s.code, person.token, "ideas", {"prompt": "idea", "text": t}).id
           for t in ("a", "b")]
    return store, s, ids


def test_undoable_follows_the_curation_events(room):
    store, s, (a, b) = room
    key = s.facilitator_key
    assert not curation.undoable(store, s.code)
    curation.hide(store, s.code, key, [a])
    curation.agree(store, s.code, key, b)
    assert curation.undoable(store, s.code)
    curation.undo(store, s.code, key)
    assert curation.undoable(store, s.code)
    curation.undo(store, s.code, key)
    assert not curation.undoable(store, s.code)
    core.next_phase(store, s.code, key)  # other events leave it as it is
    assert not curation.undoable(store, s.code)


def test_a_merge_without_other_notes_asks_to_tick_them(room):
    store, s, (a, _b) = room
    for others in ([], [a]):
        with pytest.raises(ValidationError) as err:
            curation.merge(store, s.code, s.facilitator_key, a, others)
        assert err.value.in_language("nl") == "Vink eerst de briefjes aan die in dit briefje moeten opgaan."
        assert err.value.in_language("en") == "First tick the notes that should go into this one."
    assert not curation.undoable(store, s.code)  # nothing was written
