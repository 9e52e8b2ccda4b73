"""What a rating phase asks of whom: the top-voted rows only (``top_voted``), and the items the
facilitator chose for each role (``set_items_for_role``). The participant's view and ``rate``
follow the same rule: a score on a row the participant is not shown is refused."""
from __future__ import annotations

import pytest

from toolkit.core import sessions as core
from toolkit.core.errors import PermissionDenied, ValidationError
from toolkit.core.views import session_view


def _brainstorm_at_rating(store, votes):
    """A brainstorm with seven ideas, dots placed as ``votes`` ({idea index: [(voter, dots)]}),
    now in the rating phase; returns (created, people, idea ids)."""
    created = core.create_session(store, "brainstorm", "en")
    code, key = created.code, created.facilitator_key
    people = [core.join(store, code, role, f"P{i}") for i, role in enumerate(("marketing", "it", "service"))]
    ideas = [core.add_contribution(store, code, people[i % 3].token, "ideas", {"text": f"idea {i}"}).id
             for i in range(7)]
    core.next_phase(store, code, key)
    for idea, placed in votes.items():
        for voter, dots in placed:
            core.vote(store, code, people[voter].token, "vote", ideas[idea], dots)
    core.next_phase(store, code, key)
    return created, people, ideas


def _rows(store, code, person):
    return [key for key, _label in session_view(store, code, token=person.token).input.rows]


def test_the_brainstorm_rates_only_the_five_ideas_with_the_most_dots_ties_at_the_cut_stay(store):
    # dots: idea 0: 5, ideas 1 and 2: 3, idea 3: 2, ideas 4 and 5: 1 each (tied at the cut), idea 6: 0
    votes = {0: [(0, 3), (1, 2)], 1: [(1, 2), (2, 1)], 2: [(2, 3)], 3: [(0, 2)], 4: [(2, 1)], 5: [(1, 1)]}
    created, people, ideas = _brainstorm_at_rating(store, votes)
    expected = [str(ideas[i]) for i in range(6)]
    for person in people:
        assert _rows(store, created.code, person) == expected
    core.rate(store, created.code, people[0].token, "rate", ideas[5], None, "customers", 4)
    with pytest.raises(ValidationError):
        core.rate(store, created.code, people[0].token, "rate", ideas[6], None, "customers", 4)
    scored = [c for c in core.contributions(store, created.code, "rate")]
    assert [c.payload["row"] for c in scored] == [str(ideas[5])]


def test_without_any_dots_every_idea_is_rated(store):
    created, people, ideas = _brainstorm_at_rating(store, {})
    assert _rows(store, created.code, people[1]) == [str(i) for i in ideas]
    core.rate(store, created.code, people[1].token, "rate", ideas[6], None, "work", 2)


def phase_ids(created) -> list[str]:
    return [p.id for p in core.get_workshop(created.workshop_id).phases]


def _persona_at_tone(store):
    created = core.create_session(store, "brand-persona", "en")
    code, key = created.code, created.facilitator_key
    service = core.join(store, code, "service", "Sam")
    marketing = core.join(store, code, "marketing", "Mo")
    core.set_phase(store, code, key, phase_ids(created).index("tone"))
    return created, service, marketing


def test_the_facilitator_narrows_what_a_role_rates(store):
    created, service, marketing = _persona_at_tone(store)
    code, key = created.code, created.facilitator_key
    everything = ["complaint-social", "product-launch", "technical-question", "outage"]
    assert _rows(store, code, service) == everything
    core.set_items_for_role(store, code, key, "tone", "service", ["outage", "complaint-social", "outage"])
    assert _rows(store, code, service) == ["complaint-social", "outage"]
    assert _rows(store, code, marketing) == everything
    core.rate(store, code, service.token, "tone", "outage", None, "funny_serious", 5)
    with pytest.raises(ValidationError):
        core.rate(store, code, service.token, "tone", "product-launch", None, "funny_serious", 1)
    core.rate(store, code, marketing.token, "tone", "product-launch", None, "funny_serious", 1)
    log = [e for e in core.event_log(store, code) if e["type"] == "items.for_role"]
    assert log[-1]["data"] == {"phase": "tone", "role": "service", "items": ["outage", "complaint-social"]}
    core.set_items_for_role(store, code, key, "tone", "service", None)
    assert _rows(store, code, service) == everything


@pytest.mark.parametrize("phase, role, items, error", [
    ("tone", "service", ["nowhere"], ValidationError),
    ("tone", "service", [], ValidationError),
    ("tone", "service", "outage", ValidationError),
    ("card", "service", ["outage"], ValidationError),  # not a rating phase
    ("tone", "astronaut", ["outage"], ValidationError),
])
def test_a_bad_choice_is_refused_and_changes_nothing(store, phase, role, items, error):
    created, _service, _ = _persona_at_tone(store)
    with pytest.raises(error) as info:
        core.set_items_for_role(store, created.code, created.facilitator_key, phase, role, items)
    assert info.value.in_language("nl") != info.value.in_language("en")
    assert "items_for_role" not in core.get_session(store, created.code).settings


def test_only_the_facilitator_narrows(store):
    created, service, _ = _persona_at_tone(store)
    with pytest.raises(PermissionDenied):
        core.set_items_for_role(store, created.code, service.token, "tone", "service", ["outage"])


def test_the_dna_channels_are_narrowed_per_role(store):
    created = core.create_session(store, "dna-mapping", "en")
    code, key = created.code, created.facilitator_key
    phases = phase_ids(created)
    service = core.join(store, code, "service", "Sam")
    core.set_phase(store, code, key, phases.index("values"))
    value = core.add_contribution(store, code, service.token, "values", {"value": "Fast", "promise": "Quick replies"})
    core.set_phase(store, code, key, phases.index("alignment"))
    core.set_items_for_role(store, code, key, "alignment", "service", ["social", "phone"])
    view = session_view(store, code, token=service.token).input
    assert [k for k, _ in view.rows] == [str(value.id)]
    assert [k for k, _ in view.columns] == ["social", "phone"]
    core.rate(store, code, service.token, "alignment", value.id, "phone", "practice", 3)
    with pytest.raises(ValidationError):
        core.rate(store, code, service.token, "alignment", value.id, "website", "practice", 3)
