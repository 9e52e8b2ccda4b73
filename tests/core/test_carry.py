"""Starting a session from an earlier one: what carries over, who may do it, and the command."""
from __future__ import annotations

import json

import pytest

from tests.core.test_cli import ok, run
from toolkit.core import carry, curation, views
from toolkit.core import sessions as core
from toolkit.core.errors import PermissionDenied, ValidationError
from toolkit.core.examples import seed_session
from toolkit.core.store import Store
from toolkit.methods import aida, dna, persona


@pytest.fixture
def earlier(sqlite_store):
    """A finished DNA mapping of an organisation (the insurer example)."""
    return sqlite_store, seed_session(sqlite_store, "dna-insurer")


def test_a_dna_session_started_from_an_earlier_one_shows_its_values_and_kpis(earlier):
    store, old = earlier
    before = core.snapshot(store, old.code)
    started = carry.start_from(store, "dna-mapping", old.code, old.facilitator_key)
    code = started.created.code
    after = core.snapshot(store, code)
    assert list(dna.values_table(after)["value"]) == list(dna.values_table(before)["value"])
    old_kpis = dna.kpi_table(before)[["value", "kpi", "target"]].values.tolist()
    assert dna.kpi_table(after)[["value", "kpi", "target"]].values.tolist() == old_kpis  # still linked to its value
    assert started.seeded == {"values": len(dna.values_table(before)), "kpis": len(old_kpis)}
    # Participants see them as ordinary cards, from the earlier session.
    core.set_phase(store, code, started.created.facilitator_key, 1)
    somebody = core.join(store, code, "it")
    board = views.session_view(store, code, token=somebody.token, language="en").cards
    assert [c.text for c in board] == list(dna.values_table(before)["value"])
    assert {c.author for c in board} == {f"Uit sessie {old.code}"}  # named in the session language
    state = core.get_session(store, code)
    assert state.organisation == core.get_session(store, old.code).organisation
    assert carry.carried(state)["from"] == old.code and carry.carried(state)["review"]
    assert state.phase_index == 1 and [e["type"] for e in core.event_log(store, code)].count("phase.changed") <= 1


def test_an_aida_journey_started_from_a_dna_session_starts_with_the_kpi_rows(earlier):
    store, old = earlier
    rows = aida.kpis_from_dna(core.snapshot(store, old.code), "nl")
    started = carry.start_from(store, "aida-journey", old.code, old.facilitator_key)
    journey = aida.journey_table(core.snapshot(store, started.created.code), "nl")
    expected = [(k, t) for k, t in zip(rows["kpi"], rows["target"], strict=True) if k]
    assert sorted(zip(journey["kpi"], journey["target"], strict=True)) == sorted(expected)
    assert all(journey["stage"] != "")


def test_the_persona_starts_with_the_agreed_values_and_hidden_notes_never_carry(earlier):
    store, old = earlier
    before = core.snapshot(store, old.code)
    for cid in before.contributions.loc[before.contributions["agreed"], "id"]:  # the example agreed some
        curation.disagree(store, old.code, old.facilitator_key, int(cid))
    values = dna.values_table(core.snapshot(store, old.code))
    first, second = (int(v) for v in values["value_id"][:2])
    curation.agree(store, old.code, old.facilitator_key, first, "Snel en zeker")
    curation.hide(store, old.code, old.facilitator_key, [second])
    started = carry.start_from(store, "brand-persona", old.code, old.facilitator_key, language="en")
    notes = core.contributions(store, started.created.code, "traits")
    assert [c.payload for c in notes] == [{"text": "Snel en zeker", "prompt": "we_are"}]  # the agreed wording
    assert persona.agreed_persona(core.snapshot(store, started.created.code)) is not None
    assert started.review[0] == "Snel en zeker"  # the agreed item heads the list to review


def test_the_earlier_key_is_required_and_the_organisation_kept(earlier):
    store, old = earlier
    with pytest.raises(PermissionDenied):
        carry.start_from(store, "dna-mapping", old.code, "not-the-key")
    with pytest.raises(ValidationError) as refused:
        carry.start_from(store, "dna-mapping", old.code, old.facilitator_key, organisation="Another company")
    assert "Vlotwijk" in str(refused.value)
    assert len(core.list_sessions(store)) == 1  # nothing was created


def test_an_anonymous_new_session_names_no_one(earlier):
    store, old = earlier
    started = carry.start_from(store, "dna-mapping", old.code, old.facilitator_key, anonymous=True)
    assert {c.author for c in core.contributions(store, started.created.code)} == {None}


def test_session_new_from_an_earlier_session_on_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    store = Store(url)
    old = seed_session(store, "dna-insurer")
    refused = run(["session", "new", "dna-mapping", "--db", url, "--from", old.code], tmp_path)
    assert refused.returncode == 2 and "--from-key" in refused.stderr
    wrong = run(["session", "new", "dna-mapping", "--db", url, "--from", old.code, "--from-key", "nope"], tmp_path)
    assert wrong.returncode == 2 and "Error" in wrong.stderr
    out = json.loads(ok(run(["session", "new", "aida-journey", "--db", url, "--json", "--from", old.code,
                             "--from-key", old.facilitator_key], tmp_path)))
    assert out["from"] == old.code and out["seeded"]["touchpoints"] >= 1 and out["review"]
    assert out["language"] == "nl"  # the earlier session's language by default
    assert old.facilitator_key not in json.dumps({k: v for k, v in out.items() if k != "facilitator_key"})
    store.dispose()
