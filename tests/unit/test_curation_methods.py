"""Methods use what the room agreed on the board (hand-computed on small snapshots)."""
from __future__ import annotations

from toolkit.core.curation import Curation, curated
from toolkit.methods import aida, brainstorm, dna, persona
from toolkit.testing import snapshot_from

PEOPLE = [(1, "Ann", "marketing"), (2, "Bo", "it"), (3, "Cy", "customer_service")]


def agreed(snapshot, wordings: dict[int, str | None]):
    return curated(snapshot, curation=Curation(agreed=wordings))


def test_dna_reads_the_agreed_purpose_and_values():
    snap = snapshot_from("dna-mapping", PEOPLE, [
        (1, "purpose", "note", 1, {"prompt": "purpose", "text": "We insure homes."}),
        (2, "purpose", "note", 2, {"prompt": "purpose", "text": "We help people after damage."}),
        (10, "values", "form", 1, {"value": "Snel", "promise": "Within a day."}),
        (11, "values", "form", 2, {"value": "Helder", "promise": "Plain words."}),
        (12, "values", "form", 3, {"value": "Duur", "promise": "?"}),
    ], language="en")
    plain = dna.report_sections(snap, "en")[0].takeaway
    assert plain == "Purpose: “We insure homes”. 3 DNA values: Snel, Helder, Duur."
    assert dna.agreed_purpose(snap) is None

    snap = agreed(snap, {2: "We get people back on their feet, fast.", 10: None, 11: "Clear"})
    assert dna.agreed_purpose(snap) == "We get people back on their feet, fast."
    values = dna.values_table(snap)
    assert values["value"].tolist() == ["Snel", "Clear", "Duur"]
    assert values["agreed"].tolist() == [True, True, False]
    section = dna.report_sections(snap, "en")[0]
    assert section.takeaway == ("Agreed purpose: “We get people back on their feet, fast”. "
                                "2 agreed DNA values: Snel, Clear.")
    purpose_table = next(iter(section.tables.values()))
    assert purpose_table.iloc[:, 0].tolist() == ["We get people back on their feet, fast.", "We insure homes."]


def test_persona_takes_the_agreed_card_and_agreed_traits():
    snap = snapshot_from("brand-persona", PEOPLE, [
        (20, "card", "form", 1, {"name": "Sam", "story": "Helps.", "address": "je"}),
        (21, "card", "form", 2, {"name": "Max", "story": "Formal.", "address": "u"}),
        (30, "traits", "note", 1, {"prompt": "trait", "text": "friendly"}),
        (31, "traits", "note", 2, {"prompt": "trait", "text": "formal"}),
    ], votes=[(1, 21, 2), (2, 21, 1), (1, 30, 3)])
    before = persona.agreed_persona(snap)
    assert (before.name, before.address, before.traits) == ("Max", "u", ("friendly",))

    after = persona.agreed_persona(agreed(snap, {20: "Sam the helper", 31: "businesslike"}))
    # The agreed card wins over the voted one, in its agreed wording (its first text field).
    assert (after.name, after.story, after.address) == ("Sam the helper", "Helps.", "je")
    # An agreed note is chosen whatever its dots (0 of the leader's 3), in its agreed wording.
    assert after.traits == ("friendly", "businesslike")


def test_aida_puts_agreed_blockers_first_in_their_wording():
    snap = snapshot_from("aida-journey", PEOPLE, [
        (40, "blockers", "form", 1, {"blocker": "No budget", "action": "Ask the CFO"}),
        (41, "blockers", "form", 2, {"blocker": "Not allowed", "action": "Check with legal"}),
    ], votes=[(1, 40, 2)], language="en")
    assert aida.blocker_list(snap)["blocker_id"].tolist() == ["40", "41"]
    table = aida.blocker_list(agreed(snap, {41: "Legal checks the form this month"}))
    assert table["blocker_id"].tolist() == ["41", "40"]
    assert table["blocker"].tolist() == ["Legal checks the form this month", "No budget"]
    assert table["action"].tolist() == ["Check with legal", "Ask the CFO"]


def test_brainstorm_lists_agreed_ideas_first():
    snap = snapshot_from("brainstorm", PEOPLE, [
        (50, "ideas", "note", 1, {"prompt": "idea", "text": "Live chat"}),
        (51, "ideas", "note", 2, {"prompt": "idea", "text": "Call-back button"}),
    ], votes=[(1, 50, 3)], language="en")
    section = brainstorm.report_sections(agreed(snap, {51: "A call-back button on every page"}), "en")[0]
    assert section.actions == ("A call-back button on every page", "Live chat")
    assert section.takeaway == "Agreed: A call-back button on every page. Most dots went to: Live chat."
    only_agreed = agreed(snapshot_from("brainstorm", PEOPLE, [
        (50, "ideas", "note", 1, {"prompt": "idea", "text": "Live chat"})]), {50: None})
    assert brainstorm.report_sections(only_agreed, "nl")[0].takeaway == "Afgesproken: Live chat."
