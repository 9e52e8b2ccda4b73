"""The projector's view: what a participant who wrote nothing sees, agreed items on top, and in
a silent phase only how much came in."""
from __future__ import annotations

import pytest

from toolkit.core import curation, views
from toolkit.core import sessions as core


@pytest.fixture
def dna(sqlite_store):
    created = core.create_session(sqlite_store, "dna-mapping", "en")
    a = core.join(sqlite_store, created.code, "marketing", "Anna")
    b = core.join(sqlite_store, created.code, "service", "Bram")
    return sqlite_store, created, a, b


def test_a_silent_phase_shows_counts_only_until_the_reveal(dna):
    store, created, a, b = dna
    core.add_contribution(store, created.code, a.token, "purpose", {"text": "Simple cover"})
    core.add_contribution(store, created.code, b.token, "purpose", {"text": "Fair claims"})
    shown = views.projector_view(store, created.code)
    assert shown.view.cards == () and shown.entries == 2
    assert shown.view.input.kind is None and shown.view.me is None
    core.set_revealed(store, created.code, created.facilitator_key, True)
    shown = views.projector_view(store, created.code)
    assert [c.text for c in shown.view.cards] == ["Simple cover", "Fair claims"] and shown.entries is None


def test_a_rating_phase_counts_the_people_who_scored(dna):
    store, created, a, _b = dna
    core.set_phase(store, created.code, created.facilitator_key, 1)
    value = core.add_contribution(store, created.code, a.token, "values", {"value": "Fast", "promise": "Within a day"})
    core.set_phase(store, created.code, created.facilitator_key, 3)  # alignment: silent rating
    phase = core.get_session(store, created.code).phase
    dim = phase.rating.dimensions[0].id
    core.rate(store, created.code, a.token, "alignment", str(value.id), "website", dim, 3)
    core.rate(store, created.code, a.token, "alignment", str(value.id), "social", dim, 4)
    assert views.projector_view(store, created.code).entries == 1


def test_agreed_items_of_every_phase_on_top_hidden_ones_never(dna):
    store, created, a, b = dna
    agreed = core.add_contribution(store, created.code, a.token, "purpose", {"text": "<b>Simple</b> cover"})
    hidden = core.add_contribution(store, created.code, b.token, "purpose", {"text": "Blame the broker"})
    key = created.facilitator_key
    curation.agree(store, created.code, key, agreed.id, "Simple cover, <i>fair</i> claims")
    curation.agree(store, created.code, key, hidden.id)
    curation.hide(store, created.code, key, [hidden.id])
    core.set_revealed(store, created.code, created.facilitator_key, True)
    core.next_phase(store, created.code, created.facilitator_key)
    shown = views.projector_view(store, created.code, "nl")
    assert [c.text for c in shown.agreed] == ["Simple cover, <i>fair</i> claims"]  # the agreed wording, plain text
    assert all(c.agreed for c in shown.agreed)
    assert "Blame the broker" not in {c.text for c in shown.view.cards}


def test_the_projector_never_shows_what_only_a_participant_or_the_facilitator_sees(dna):
    store, created, a, _b = dna
    own = views.session_view(store, created.code, token=a.token)
    with pytest.raises(ValueError):
        views.projector_of(own)
    facilitator = views.session_view(store, created.code, facilitator_key=created.facilitator_key)
    with pytest.raises(ValueError):
        views.projector_of(facilitator)
