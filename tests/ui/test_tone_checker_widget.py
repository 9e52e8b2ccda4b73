"""The tone checker widget, without a browser: build it, type, click, read the HTML."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.core.examples import load_example
from toolkit.methods.persona import Persona, agreed_persona
from toolkit.ui.tone_checker import ToneChecker

ROOT = Path(__file__).resolve().parents[2]
ATTACK = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def noor():
    return agreed_persona(load_example("persona-energy"))


def test_css_hooks(noor):
    checker = ToneChecker(noor, "nl")
    assert "tk-tone-input" in checker.text_input._dom_classes
    assert "tk-tone-check" in checker.check_button._dom_classes
    assert "tk-tone-result" in checker.result._dom_classes
    assert "tk-error" in checker.error._dom_classes
    assert checker.error.layout.display == "none" and checker.error.value == ""
    assert checker.check_button.description == "Controleer de toon"
    assert "Noor" in checker.header.value


def test_user_text_is_escaped_in_the_result(noor):
    checker = ToneChecker(noor, "nl")
    checker.text_input.value = f"Helaas! {ATTACK} Je vastrecht gaat omhoog."
    checker.check_button.click()
    html = checker.result.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html
    assert "Past bij de persona:" in html
    # one word to avoid (helaas, 10) and one jargon term (vastrecht, 5): 100 - 15
    assert checker.report is not None and checker.report.score == 85
    assert "tk-tone-avoid" in html and "tk-tone-jargon" in html
    assert checker.error.layout.display == "none"


def test_persona_terms_are_escaped_too():
    persona = Persona(name="<b>Bold</b>", words_avoid=("<script>",), address="je")
    checker = ToneChecker(persona, "en")
    assert "&lt;b&gt;Bold&lt;/b&gt;" in checker.header.value and "<b>Bold" not in checker.header.value
    checker.text_input.value = "Do not write <script> here."
    checker.check()
    assert "<script>" not in checker.result.value
    assert "&lt;script&gt;" in checker.result.value


def test_empty_text_shows_the_error_and_switches_language(noor):
    checker = ToneChecker(noor, "nl")
    checker.text_input.value = "   "
    checker.check_button.click()
    assert checker.error.layout.display is None
    assert "Vul eerst een tekst in." in checker.error.value
    assert checker.result.value == ""
    checker.set_language("en")
    assert "Please enter some text first." in checker.error.value
    assert checker.check_button.description == "Check the tone"
    checker.text_input.value = "We will call you back today."
    checker.check_button.click()
    assert checker.error.layout.display == "none" and checker.error.value == ""
    assert "Fits the persona:" in checker.result.value


def test_switching_language_redraws_the_result(noor):
    checker = ToneChecker(noor, "en")
    checker.text_input.value = "Helaas is het zo."
    checker.check_button.click()
    assert "Words we avoid" in checker.result.value
    checker.set_language("nl")
    assert "Woorden die we vermijden" in checker.result.value
    checker.set_language("xx")  # an unknown language falls back to Dutch
    assert checker.lang == "nl"


def test_long_text_preview_is_cut(noor):
    checker = ToneChecker(noor, "nl")
    checker.text_input.value = "De klant belt. " * 13_334
    checker.check_button.click()
    assert checker.report.sentences == 13_334
    assert len(checker.result.value) < 10_000


def test_component_stays_small_and_logic_free():
    source = (ROOT / "toolkit" / "ui" / "tone_checker.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 200
    assert "pyphen" not in source and "import re" not in source


def test_notebook_is_thin_and_stripped():
    notebook = json.loads((ROOT / "notebooks" / "tone-checker.ipynb").read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert 1 <= len(code) <= 2
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    source = "".join("".join(c["source"]) for c in code)
    # The page reads ?lang= and ?session= through toolkit.ui.page (persona from a session or the example).
    assert "show_tone_checker(page)" in source
