"""Actions carried to the next session of the same workshop and organisation."""
from __future__ import annotations

from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.followup import carry_over, outcome, previous_session
from toolkit.methods import marketing_it_retro as retro

ORG = "Polderzeker Verzekeringen (fictief)"


def test_the_next_retro_of_an_organisation_starts_with_the_agreed_actions(store):
    first = seed_session(store, "retro-insurer")
    other_org = core.create_session(store, "marketing-it-retro", "nl", organisation="Iemand anders B.V.")
    other_workshop = core.create_session(store, "brainstorm", "nl", organisation=ORG)
    no_org = core.create_session(store, "marketing-it-retro", "nl")
    second = core.create_session(store, "marketing-it-retro", "en", organisation=ORG)

    assert previous_session(store, second.code).code == first.code
    assert previous_session(store, other_org.code) is None
    assert previous_session(store, no_org.code) is None
    assert previous_session(store, other_workshop.code) is None  # no earlier brainstorm of ORG
    items = core.get_session(store, second.code).list_items("previous_actions")
    # The three agreed actions, cut to the length of a list label.
    assert [label for _, label in items] == [
        "Eén klantprofiel voor de gezinsmailing",
        "Een vaste wijzigingskalender die met de campagnes meeloopt",
        "De privacycheck voor nieuwe klantdatakoppelingen vooraf inp…",
    ]
    assert core.get_session(store, other_org.code).list_items("previous_actions") == []

    # The room scores how far each first step got; the report shows it.
    people = [core.join(store, second.code, role) for role in ("marketing", "it", "it")]
    core.set_phase(store, second.code, second.facilitator_key, 1)
    for person, score in zip(people, (3, 3, 1), strict=True):
        core.rate(store, second.code, person.token, "followup", items[0][0], None, "progress", score)
    section = retro.report_sections(core.snapshot(store, second.code), "en")[0]
    assert section.takeaway == "Of the 3 actions from last time, 1 had their first step taken."


def test_without_agreed_items_the_last_phase_is_carried(store):
    created = core.create_session(store, "marketing-it-retro", "en", organisation="Webwinkel X")
    code, key = created.code, created.facilitator_key
    person = core.join(store, code, "it")
    core.set_phase(store, code, key, 6)  # actions
    ids = [core.add_contribution(store, code, person.token, "actions", {"action": text}).id
           for text in ("Change calendar", "change calendar", "File space")]
    assert outcome(store, code) == ["Change calendar", "File space"]  # repeats once
    curation.agree(store, code, key, ids[2], "A shared file space")
    assert outcome(store, code) == ["A shared file space"]
    follow = core.create_session(store, "marketing-it-retro", "en", organisation="Webwinkel X")
    assert [label for _, label in core.get_session(store, follow.code).list_items("previous_actions")] == [
        "A shared file space"]
    # A workshop without the list carries nothing.
    brainstorm = core.create_session(store, "brainstorm", "en", organisation="Webwinkel X")
    assert carry_over(store, brainstorm.code, brainstorm.facilitator_key) == []
