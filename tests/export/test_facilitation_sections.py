"""Every workshop's report holds the votes and scores by role and the run sheet, in all four formats."""
from __future__ import annotations

import pytest

from tests.export.test_export import html_text, pdf_text, pptx_texts, xlsx_values
from toolkit.core import sessions as core
from toolkit.core.store import Store
from toolkit.export import FORMATS, render_report

SECTIONS = {
    "en": ("By role: Vote", "By role: Rate the favourites", "Run sheet: planned and actual"),
    "nl": ("Per rol: Stemmen", "Per rol: Impact van de favorieten", "Draaiboek: gepland en werkelijk"),
}
ROLE_COLUMNS = {"en": ("Marketing (2)", "IT (1)"), "nl": ("Marketing (2)", "IT (1)")}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('facilitation') / 't.sqlite'}")
    created = core.create_session(store, "brainstorm", "en")
    code, key = created.code, created.facilitator_key
    people = [core.join(store, code, role, name) for name, role in (("Ann", "marketing"), ("Bo", "marketing"),
                                                                    ("Cas", "it"))]
    ideas = [core.add_contribution(store, code, people[i].token, "ideas", {"text": text}).id
             for i, text in enumerate(("Evening chat", "One customer view", "<b>Faster quotes</b>"))]
    core.set_revealed(store, code, key, True)
    core.next_phase(store, code, key)
    for person, idea in zip(people, ideas, strict=True):
        core.vote(store, code, person.token, "vote", idea, 2)
    core.next_phase(store, code, key)
    for person in people:
        core.rate(store, code, person.token, "rate", ideas[0], None, "customers", 4)
    core.next_phase(store, code, key)
    found = {lang: {fmt: render_report(store, code, fmt, lang=lang) for fmt in FORMATS} for lang in ("en", "nl")}
    store.dispose()
    return found


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_format_has_the_by_role_and_run_sheet_sections(reports, lang):
    data = reports[lang]
    html, _tags = html_text(data["html"])
    pdf = pdf_text(data["pdf"])
    slides = " ".join(pptx_texts(data["pptx"]))
    sheets = xlsx_values(data["xlsx"])
    cells = " ".join(str(v) for rows in sheets.values() for row in rows for v in row if v is not None)
    for title in SECTIONS[lang]:
        assert title in html and title in pdf and title in slides, title
    for column in ROLE_COLUMNS[lang]:
        assert column in html and column in cells
    planned = "Planned" if lang == "en" else "Gepland"
    assert planned in html and planned in cells and planned in slides
    assert "<b>Faster quotes</b>" in html  # participant text as text, escaped in the markup
