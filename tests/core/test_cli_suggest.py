"""``toolkit suggest``: notes on standard input, suggested groups and duplicates out."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTES = ["De website is traag", "Site laadt erg langzaam", "", "Klanten wachten te lang aan de telefoon",
         "<b>Bellers</b> moeten lang wachten $x$", "Het CRM bevat dubbele contacten"]


def run_suggest(args: list[str], stdin: bytes) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "toolkit", "suggest", *args], input=stdin, env=env,
                          capture_output=True, timeout=120)


def test_json_contract():
    result = run_suggest(["--lang", "nl", "--json"], "\n".join(NOTES).encode())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"clusters", "duplicates"}
    members = sorted(i for c in data["clusters"] for i in c["members"])
    assert members == list(range(len(NOTES)))
    for cluster in data["clusters"]:
        assert set(cluster) == {"label", "members"}
        assert isinstance(cluster["label"], str)
    for i, j, score in data["duplicates"]:
        assert isinstance(i, int) and isinstance(j, int) and i < j
        assert 0 < score <= 1
    assert [0, 1] in [pair[:2] for pair in data["duplicates"]]


def test_every_line_counts_even_a_trailing_blank_one():
    result = run_suggest(["--lang", "en", "--json"], b"one note\n\nanother note\n")
    data = json.loads(result.stdout)
    assert sorted(i for c in data["clusters"] for i in c["members"]) == [0, 1, 2]


NOTES_EN = ["The website is slow", "Site loads really slowly", "", "Customers wait too long on the phone",
            "<b>Callers</b> have to wait long $x$", "The CRM has duplicate contacts"]


@pytest.mark.parametrize(("lang", "notes", "heading", "pairs"), [
    ("nl", NOTES, "voorgestelde groepen", "Mogelijke dubbele"),
    ("en", NOTES_EN, "suggested groups", "Possible duplicates"),
])
def test_readable_listing_in_the_chosen_language(lang, notes, heading, pairs):
    result = run_suggest(["--lang", lang], "\n".join(notes).encode())
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert out.splitlines()[0].startswith("6 ") and heading in out
    assert pairs in out
    assert notes[4] in out


@pytest.mark.parametrize(("lang", "words"), [("nl", "geen UTF-8"), ("en", "not UTF-8")])
def test_input_that_is_not_utf8(lang, words):
    result = run_suggest(["--lang", lang], b"caf\xe9 is traag\n")
    assert result.returncode == 2
    assert words in result.stderr.decode()
    assert not result.stdout


def test_wrong_language():
    result = run_suggest(["--lang", "de"], b"note\n")
    assert result.returncode == 2
    assert "--lang" in result.stderr.decode()
