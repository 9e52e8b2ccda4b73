"""The ``toolkit`` command, run as ``python -m toolkit`` in a subprocess on a temporary SQLite file."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.core import sessions as core
from toolkit.core.i18n import MESSAGES
from toolkit.core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "TOOLKIT_DB"}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    environment["TOOLKIT_LANG"] = "en"  # whatever this machine's locale says (see test_the_command_speaks_dutch)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result.stdout


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def new_session(tmp_path, db, *extra) -> dict:
    return json.loads(ok(run(["session", "new", "brainstorm", "--db", db, "--json", *extra], tmp_path)))


def test_workshops_json(tmp_path):
    workshops = json.loads(ok(run(["workshops", "--json"], tmp_path)))
    by_id = {w["id"]: w for w in workshops}
    assert "brainstorm" in by_id
    brainstorm = by_id["brainstorm"]
    assert brainstorm["title"] == {"nl": "Brainstorm", "en": "Brainstorm"}
    assert brainstorm["phases"] == ["ideas", "vote", "rate", "results"]
    assert set(brainstorm) >= {"id", "title", "description", "duration_minutes", "roles", "phases"}
    text = ok(run(["workshops"], tmp_path))
    assert any(line.startswith("brainstorm") for line in text.splitlines())
    assert not (tmp_path / "data").exists(), "listing workshops needs no store"


def test_session_new_json(tmp_path, db):
    out = new_session(tmp_path, db, "--lang", "en", "--anonymous")
    assert {"code", "facilitator_key", "participant_url", "facilitator_url"} <= set(out)
    code, key = out["code"], out["facilitator_key"]
    assert out["participant_url"].endswith(f"/j/{code}")
    assert out["participant_url"].startswith("http")
    for url in (out["participant_url"], out["facilitator_url"]):
        assert key not in url, "the facilitator key is never part of a URL"
    assert code in out["facilitator_url"]
    store = Store(db)
    state = core.get_session(store, code)
    store.dispose()
    assert (state.workshop_id, state.language, state.anonymous) == ("brainstorm", "en", True)
    text = ok(run(["session", "new", "brainstorm", "--db", db], tmp_path))
    assert "facilitator_key" in text and "participant_url" in text


def test_session_new_unknown_workshop(tmp_path, db):
    result = run(["session", "new", "no-such-workshop", "--db", db, "--json"], tmp_path)
    assert result.returncode != 0
    assert "Unknown workshop: 'no-such-workshop'" in result.stderr
    assert "Traceback" not in result.stderr


def test_session_list_export_and_delete(tmp_path, db):
    out = new_session(tmp_path, db, "--organisation", "Acme")
    code, key = out["code"], out["facilitator_key"]
    other = new_session(tmp_path, db)["code"]
    store = Store(db)
    ann = core.join(store, code, "it", "Ann")
    notes = ["=HYPERLINK(\"http://evil\")", "+31 20 123", "-minus", "@sum", "plain, with \"quotes\"\nand a line",
             "Ideeën 😀"]
    for text in notes:
        core.add_contribution(store, code, ann.token, "ideas", {"text": text})
    store.dispose()

    listing = ok(run(["session", "list", "--db", db], tmp_path))
    assert code in listing and other in listing
    line = next(row for row in listing.splitlines() if row.startswith(code))
    assert "brainstorm" in line and "1 participants" in line and f"{len(notes)} contributions" in line
    rows = {r["code"]: r for r in json.loads(ok(run(["session", "list", "--db", db, "--json"], tmp_path)))}
    assert rows[code]["contributions"] == len(notes) and rows[other]["participants"] == 0

    exported = json.loads(ok(run(["session", "export", code.lower(), "--db", db, "--format", "json"], tmp_path)))
    assert exported["code"] == code and exported["organisation"] == "Acme"
    assert [c["text"] for c in exported["contributions"]] == notes, "JSON keeps the text exactly"
    assert [e["version"] for e in exported["events"]] == list(range(1, len(notes) + 3))

    out_file = tmp_path / "export.csv"
    ok(run(["session", "export", code, "--db", db, "--format", "csv", "--out", str(out_file)], tmp_path))
    table = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert [row["text"] for row in table] == [
        "'=HYPERLINK(\"http://evil\")", "'+31 20 123", "'-minus", "'@sum", "plain, with \"quotes\"\nand a line",
        "Ideeën 😀"], "a cell that a spreadsheet would run as a formula starts with a quote"
    assert {row["author"] for row in table} == {"Ann"} and {row["role"] for row in table} == {"it"}
    assert all(not row["payload"].startswith(("=", "+", "-", "@")) for row in table)
    assert ok(run(["session", "export", code, "--db", db, "--format", "csv"], tmp_path)).startswith("id,phase,kind")

    wrong = run(["session", "delete", code, "--db", db, "--facilitator-key", "WRONG"], tmp_path)
    assert wrong.returncode != 0
    assert MESSAGES["facilitator_key_invalid"]["nl"] in wrong.stderr, "the message, in the session's language"
    assert "Traceback" not in wrong.stderr
    assert code in ok(run(["session", "list", "--db", db], tmp_path)), "a wrong key deletes nothing"

    assert code in ok(run(["session", "delete", code, "--db", db, "--facilitator-key", key], tmp_path))
    listing = ok(run(["session", "list", "--db", db], tmp_path))
    assert code not in listing and other in listing

    gone = run(["session", "export", code, "--db", db], tmp_path)
    assert gone.returncode != 0 and f"There is no session with code '{code}'" in gone.stderr


def test_toolkit_db_environment_variable(tmp_path):
    env_db = tmp_path / "from-env.sqlite"
    env = {"TOOLKIT_DB": f"sqlite:///{env_db}"}
    code = json.loads(ok(run(["session", "new", "brainstorm", "--json"], tmp_path, env)))["code"]
    assert env_db.is_file() and not (tmp_path / "data").exists()
    assert code in ok(run(["session", "list"], tmp_path, env))
    # --db beats TOOLKIT_DB.
    arg_db = f"sqlite:///{tmp_path / 'from-arg.sqlite'}"
    assert code not in ok(run(["session", "list", "--db", arg_db], tmp_path, env))
    # Neither: a file in ./data.
    default_code = json.loads(ok(run(["session", "new", "brainstorm", "--json"], tmp_path)))["code"]
    assert (tmp_path / "data" / "toolkit.sqlite").is_file()
    listing = ok(run(["session", "list"], tmp_path))
    assert default_code in listing and code not in listing


def test_csv_export_neutralises_formulas_in_names(tmp_path, db):
    code = new_session(tmp_path, db)["code"]
    store = Store(db)
    person = core.join(store, code, "it", "=HYPERLINK(\"http://evil\",\"click\")")
    core.add_contribution(store, code, person.token, "ideas", {"text": "harmless"})
    store.dispose()
    table = list(csv.DictReader(io.StringIO(ok(run(["session", "export", code, "--db", db, "--format", "csv"],
                                                   tmp_path)))))
    assert table[0]["author"] == "'=HYPERLINK(\"http://evil\",\"click\")"


def test_the_command_speaks_dutch(tmp_path, db):
    dutch = {"TOOLKIT_LANG": "nl"}
    helped = ok(run(["session", "new", "--help"], tmp_path, dutch))
    assert helped.startswith("gebruik: toolkit session new")
    assert "toon deze hulp en stop" in helped and "de workshop (zie toolkit workshops)" in helped
    assert "show this help" not in helped and "usage:" not in helped
    assert "Brainstorm  (4 fasen)" in ok(run(["workshops"], tmp_path, dutch))
    created = ok(run(["session", "new", "brainstorm", "--db", db], tmp_path, dutch))
    assert "Houd de facilitatorsleutel voor jezelf" in created
    code = next(line.split()[1] for line in created.splitlines() if line.startswith("code "))
    key = next(line.split()[1] for line in created.splitlines() if line.startswith("facilitator_key "))
    assert f"{code}  brainstorm       nl  fase 1  0 deelnemers  0 bijdragen" in ok(
        run(["session", "list", "--db", db], tmp_path, dutch))
    refused = run(["serve", "--warm", "nul"], tmp_path, dutch)
    assert refused.returncode == 2 and "geen geheel getal: 'nul'" in refused.stderr
    assert ok(run(["session", "delete", code, "--db", db, "--facilitator-key", key], tmp_path, dutch)) == (
        f"Sessie {code} is verwijderd.\n")
    gone = run(["session", "delete", code, "--db", db, "--facilitator-key", key], tmp_path, dutch)
    assert gone.returncode == 2 and gone.stderr.startswith("Fout: ")


@pytest.mark.parametrize(("environ", "lang"), [
    ({"TOOLKIT_LANG": "nl", "LANG": "en_GB.UTF-8"}, "nl"),
    ({"TOOLKIT_LANG": "EN", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"TOOLKIT_LANG": "de", "LANG": "nl_BE.UTF-8"}, "nl"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"LC_MESSAGES": "nl_NL", "LANG": "C.UTF-8"}, "nl"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_command_speaks_the_language_asked_else_the_locales(environ, lang):
    from toolkit.cli_text import cli_language

    assert cli_language(environ) == lang
