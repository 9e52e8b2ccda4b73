"""Workshop definitions: every shipped file validates; a broken file names the file, the field
path and the reason."""
from __future__ import annotations

import copy
import os
import string
import time
from pathlib import Path

import pytest
import yaml

from toolkit.core import definitions
from toolkit.core.definitions import (
    WORKSHOPS_DIR,
    Workshop,
    all_workshops,
    definition_paths,
    get_workshop,
    load_workshop,
)
from toolkit.core.errors import DefinitionError, NotFoundError
from toolkit.core.i18n import LANGUAGES, MESSAGES, ROLES

BRAINSTORM = WORKSHOPS_DIR / "brainstorm.yaml"
SHIPPED = definition_paths()


def brainstorm_raw() -> dict:
    return yaml.safe_load(BRAINSTORM.read_text(encoding="utf-8"))


def write(folder: Path, raw: object, name: str = "brainstorm") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def broken(path: Path) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        load_workshop(path)
    error = info.value
    assert error.path == str(path)
    assert error.problems, "a DefinitionError lists at least one problem"
    for line in str(error).splitlines():
        assert line.startswith(f"{path}: "), f"every line names the file: {line!r}"
    return error


# -- shipped definitions ------------------------------------------------------------------------

def test_brainstorm_is_shipped():
    assert BRAINSTORM in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_definition_validates(path):
    workshop = load_workshop(path)
    assert isinstance(workshop, Workshop)
    assert workshop.id == path.stem
    assert set(workshop.roles) <= set(ROLES)
    # Every user-facing text exists in both languages (the model forbids empty ones).
    for phase in workshop.phases:
        for lang in LANGUAGES:
            assert phase.title(lang).strip()
            assert phase.instructions(lang).strip()
    assert get_workshop(path.stem) == workshop


def test_all_workshops_lists_every_file():
    assert [w.id for w in all_workshops()] == [p.stem for p in SHIPPED]


def test_brainstorm_content():
    workshop = load_workshop(BRAINSTORM)
    assert [p.id for p in workshop.phases] == ["ideas", "vote", "rate", "results"]
    assert [p.input for p in workshop.phases] == ["note", "vote", "rating", "none"]
    assert workshop.phase("vote").vote_on == "ideas"
    assert workshop.scale("impact").low == 1 and workshop.scale("impact").high == 5
    assert workshop.title("nl") == "Brainstorm"
    with pytest.raises(KeyError):
        workshop.phase("nope")


def test_models_are_immutable():
    workshop = load_workshop(BRAINSTORM)
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its own ValidationError
        workshop.phases[0].title.nl = "changed"  # type: ignore[misc]


def test_valid_copy_in_another_folder(tmp_path):
    path = write(tmp_path, brainstorm_raw())
    assert load_workshop(path) == load_workshop(BRAINSTORM)
    assert [w.id for w in all_workshops(tmp_path)] == ["brainstorm"]


# -- broken definitions: file, field path and reason -----------------------------------------

def test_missing_dutch_text(tmp_path):
    raw = brainstorm_raw()
    del raw["phases"][1]["title"]["nl"]
    error = broken(write(tmp_path, raw))
    assert ("phases.1.title.nl", "Field required") in error.problems
    assert "phases.1.title.nl: Field required" in str(error)


def test_empty_english_text(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][0]["instructions"]["en"] = ""
    error = broken(write(tmp_path, raw))
    fields = [field for field, _ in error.problems]
    assert fields == ["phases.0.instructions.en"]
    assert "at least 1 character" in error.problems[0][1]


def test_unknown_role(tmp_path):
    raw = brainstorm_raw()
    raw["roles"] = ["marketing", "astronaut"]
    error = broken(write(tmp_path, raw))
    [(field, reason)] = error.problems
    assert field == "roles"
    assert "astronaut" in reason and "unknown role" in reason
    assert "marketing" in reason, "the reason lists the allowed roles"


def test_vote_on_a_later_phase(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][1]["vote_on"] = "rate"  # phase 2 comes after the vote phase
    error = broken(write(tmp_path, raw))
    assert "phases.1.vote_on" in str(error)
    assert "'rate' is not this or an earlier phase" in str(error)


def test_vote_on_an_unknown_phase(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][1]["vote_on"] = "nowhere"
    error = broken(write(tmp_path, raw))
    assert "phases.1.vote_on: 'nowhere'" in str(error)


def test_vote_phase_without_vote_on(tmp_path):
    raw = brainstorm_raw()
    del raw["phases"][1]["vote_on"]
    error = broken(write(tmp_path, raw))
    assert error.problems[0][0] == "phases.1"
    assert "vote_on" in error.problems[0][1]


def test_unknown_scale(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][2]["rating"]["scale"] = "stars"
    error = broken(write(tmp_path, raw))
    assert "phases.2.rating.scale: unknown scale 'stars'" in str(error)


def test_rating_rows_from_a_later_phase(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][2]["rating"]["rows"] = {"phase": "results"}
    error = broken(write(tmp_path, raw))
    assert "phases.2.rating.rows.phase: 'results' is not an earlier phase" in str(error)


def test_extra_unknown_field(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][0]["colour"] = "red"
    error = broken(write(tmp_path, raw))
    assert error.problems == [("phases.0.colour", "Extra inputs are not permitted")]


def test_extra_unknown_top_level_field(tmp_path):
    raw = brainstorm_raw()
    raw["author"] = "someone"
    error = broken(write(tmp_path, raw))
    assert error.problems == [("author", "Extra inputs are not permitted")]


def test_wrong_type_names_the_field(tmp_path):
    raw = brainstorm_raw()
    raw["duration_minutes"] = "an hour"
    error = broken(write(tmp_path, raw))
    assert [field for field, _ in error.problems] == ["duration_minutes"]


def test_bad_phase_id(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][3]["id"] = "Results Phase"
    error = broken(write(tmp_path, raw))
    assert [field for field, _ in error.problems] == ["phases.3.id"]


def test_duplicate_phase_ids(tmp_path):
    raw = brainstorm_raw()
    raw["phases"][3]["id"] = "ideas"
    error = broken(write(tmp_path, raw))
    assert "phase ids must be unique" in str(error)


def test_scale_in_wrong_order(tmp_path):
    raw = brainstorm_raw()
    raw["scales"][0]["low"], raw["scales"][0]["high"] = 5, 1
    error = broken(write(tmp_path, raw))
    assert error.problems[0][0] == "scales.0"
    assert "high must be greater than low" in error.problems[0][1]


def test_several_problems_are_all_listed(tmp_path):
    raw = brainstorm_raw()
    del raw["title"]["en"]
    raw["phases"][0]["input"] = "telepathy"
    error = broken(write(tmp_path, raw))
    fields = [field for field, _ in error.problems]
    assert "title.en" in fields
    assert "phases.0.input" in fields


def test_bad_yaml_names_line_and_column(tmp_path):
    path = tmp_path / "brainstorm.yaml"
    path.write_text("id: brainstorm\ntitle:\n  nl: Brainstorm\n   en: Brainstorm\n", encoding="utf-8")
    error = broken(path)
    [(where, reason)] = error.problems
    assert where == "line 4, column 6"
    assert reason.startswith("is not valid YAML")
    assert "mapping values are not allowed" in reason


def test_yaml_with_a_tab(tmp_path):
    path = tmp_path / "brainstorm.yaml"
    path.write_text("id: brainstorm\n\ttitle: x\n", encoding="utf-8")
    error = broken(path)
    assert error.problems[0][0] == "line 2, column 1"


@pytest.mark.parametrize("content", ["- a list\n- of things\n", "", "just a sentence\n", "42\n"])
def test_not_a_mapping(tmp_path, content):
    path = tmp_path / "brainstorm.yaml"
    path.write_text(content, encoding="utf-8")
    error = broken(path)
    assert error.problems == [("(top level)", "must be a mapping of fields")]


def test_not_utf8(tmp_path):
    path = tmp_path / "brainstorm.yaml"
    path.write_bytes("id: brainstorm\ntitle: {nl: Ideeën}\n".encode("latin-1"))
    error = broken(path)
    assert error.problems == [("(file)", "is not UTF-8 text")]


def test_missing_file(tmp_path):
    error = broken(tmp_path / "brainstorm.yaml")
    assert error.problems[0][0] == "(file)"
    assert "cannot be read" in error.problems[0][1]


def test_id_must_match_file_name(tmp_path):
    path = write(tmp_path, brainstorm_raw(), name="other-name")
    error = broken(path)
    assert error.problems == [("id", "'brainstorm' must match the file name 'other-name'")]


def test_all_workshops_raises_on_a_broken_file(tmp_path):
    write(tmp_path, brainstorm_raw())
    raw = brainstorm_raw()
    raw["id"] = "second"
    raw["phases"][0]["title"] = {"en": "only English"}
    write(tmp_path, raw, name="second")
    with pytest.raises(DefinitionError) as info:
        all_workshops(tmp_path)
    assert info.value.path == str(tmp_path / "second.yaml")
    assert "phases.0.title.nl" in str(info.value)


def test_get_workshop_unknown_id(tmp_path):
    with pytest.raises(NotFoundError) as info:
        get_workshop("no-such-workshop")
    assert "no-such-workshop" in str(info.value)
    for bad in ("", "../brainstorm"):
        with pytest.raises(NotFoundError):
            get_workshop(bad, tmp_path)


def test_get_workshop_reloads_a_changed_file(tmp_path, monkeypatch):
    # Within RECHECK_SECONDS of the last look the cached definition is used without a look at
    # the file (pages read it on every request); the change shows once that time has passed.
    monkeypatch.setattr(definitions, "RECHECK_SECONDS", 1.0)
    raw = brainstorm_raw()
    path = write(tmp_path, raw)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert get_workshop("brainstorm", tmp_path).title("en") == "Brainstorm"
    changed = copy.deepcopy(raw)
    changed["title"]["en"] = "Idea storm"
    write(tmp_path, changed)
    os.utime(path, (1_000_000_100, 1_000_000_100))
    assert get_workshop("brainstorm", tmp_path).title("en") == "Brainstorm"  # looked at just now
    time.sleep(1.05)
    assert get_workshop("brainstorm", tmp_path).title("en") == "Idea storm"


# -- the message catalogue ----------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_in_both_languages_with_the_same_fields(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES)
    fields = {
        lang: {name for _, name, _, _ in string.Formatter().parse(text) if name}
        for lang, text in entry.items()
    }
    assert fields["nl"] == fields["en"]
    assert all(text.strip() for text in entry.values())
