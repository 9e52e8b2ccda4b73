"""The optional definition fields: ``top_voted`` on a rating phase's rows, ``list_labels`` and
``invitation``; a wrong one names the field path."""
from __future__ import annotations

import copy

import pytest
import yaml

from toolkit.core.definitions import WORKSHOPS_DIR, load_workshop
from toolkit.core.errors import DefinitionError


def raw(name: str = "brainstorm") -> dict:
    return yaml.safe_load((WORKSHOPS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def write(folder, data: dict, name: str = "brainstorm"):
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems(path) -> list[tuple[str, str]]:
    with pytest.raises(DefinitionError) as info:
        load_workshop(path)
    return info.value.problems


def test_the_brainstorm_rates_its_five_top_voted_ideas():
    workshop = load_workshop(WORKSHOPS_DIR / "brainstorm.yaml")
    assert workshop.phase("ideas").silent
    assert workshop.phase("rate").rating.rows.top_voted == 5
    assert workshop.vote_phase_on("ideas", before="rate").id == "vote"


def test_top_voted_needs_rows_from_a_phase_and_a_vote_on_it(tmp_path):
    data = raw()
    data["phases"][2]["rating"]["rows"] = {"list": "x", "top_voted": 3}
    data["lists"] = {"x": [{"id": "a", "label": {"nl": "A", "en": "A"}}]}
    assert any("top_voted" in reason for _path, reason in problems(write(tmp_path, data)))
    data = raw()
    data["phases"] = [p for p in data["phases"] if p["id"] != "vote"]
    found = problems(write(tmp_path, data))
    assert any(path.endswith("rating.rows.top_voted") and "no earlier phase votes" in reason for path, reason in found)


def test_list_labels_name_known_lists(tmp_path):
    data = raw("dna-mapping")
    data["list_labels"] = {**data["list_labels"], "nowhere": {"nl": "N", "en": "N"}}
    assert any(path == "list_labels.nowhere" for path, _ in problems(write(tmp_path, data, "dna-mapping")))


@pytest.mark.parametrize("name", ["brainstorm", "dna-mapping", "aida-journey", "brand-persona"])
def test_every_list_has_a_label_and_every_workshop_an_invitation(name):
    workshop = load_workshop(WORKSHOPS_DIR / f"{name}.yaml")
    assert set(workshop.list_labels) == set(workshop.lists), "add list_labels for every list"
    assert workshop.invitation is not None
    for lang in ("nl", "en"):
        assert workshop.invitation(lang).strip()


def test_the_persona_invitation_asks_for_a_real_customer_message():
    invitation = load_workshop(WORKSHOPS_DIR / "brand-persona.yaml").invitation
    assert "echt bericht van een klant" in invitation("nl") and "real customer message" in invitation("en")


def test_a_definition_without_the_new_fields_still_loads(tmp_path):
    data = copy.deepcopy(raw())
    data.pop("invitation")
    data["phases"][2]["rating"]["rows"].pop("top_voted")
    workshop = load_workshop(write(tmp_path, data))
    assert workshop.invitation is None and workshop.list_label("x", "en") == "x"
