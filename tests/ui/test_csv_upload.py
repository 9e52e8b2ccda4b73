"""The CSV upload and the persona link on the service-maturity facilitator page, without a browser:
a real store, the real facilitator app, files handed to the picker as a browser would."""
from __future__ import annotations

import datetime

import ipywidgets as w

from toolkit.core import sessions as core
from toolkit.core.examples import EXAMPLES_DIR, seed_session
from toolkit.methods import service_maturity as sm
from toolkit.ui.csv_upload import CsvUpload, PersonaLink
from toolkit.ui.session_app import LiveApp


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def with_class(widget, cls):
    return [x for x in walk(widget) if cls in getattr(x, "_dom_classes", ())]


def unlocked(store, created, pages) -> LiveApp:
    page = LiveApp(store, code=created.code, view="facilitator", join_url="http://h/j/X")
    pages.append(page)
    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    assert page.bar.unlocked
    return page


def pick(upload: CsvUpload, data: bytes, name: str) -> None:
    upload.picker.value = ({"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data),
                            "last_modified": datetime.datetime.now(datetime.UTC)},)


def test_facilitator_loads_figures_and_the_report_has_them(store, pages):
    created = core.create_session(store, sm.WORKSHOP_ID, "nl", organisation="Belnet")
    page = unlocked(store, created, pages)
    figures, _messages = with_class(page.widget, "tk-csv-upload")
    data = (EXAMPLES_DIR / "service-telecom-figures.csv").read_bytes()
    pick(figures, data, "cijfers.csv")
    assert not figures.errors.message
    assert "12 maanden" in figures.status.value
    snap = core.snapshot(store, created.code)
    assert sm.read_figures(snap.tables[sm.FIGURES_TABLE], "nl").shape == (12, 9)


def test_bad_file_is_refused_with_row_and_column_and_nothing_is_stored(store, pages):
    created = core.create_session(store, sm.WORKSHOP_ID, "en")
    page = unlocked(store, created, pages)
    figures = with_class(page.widget, "tk-csv-upload")[0]
    pick(figures, b"month,followers\n2024-01,100\n2024-02,lots\n", "bad.csv")
    assert "bad.csv" in figures.errors.message and "row 3" in figures.errors.message
    assert "column B ('followers')" in figures.errors.message
    assert figures.errors.widget.layout.display == ""
    assert sm.FIGURES_TABLE not in core.snapshot(store, created.code).tables
    figures.set_language("nl")
    assert "rij 3" in figures.errors.message


def test_oversized_file_is_refused_before_reading(store, pages):
    upload = CsvUpload("en", "csv_figures", lambda data, name, lang: "stored", max_bytes=10)
    assert not upload.load(b"month,likes\n2024-01,1\n", "big.csv")
    assert "too large" in upload.errors.message


def test_own_messages_replace_the_list_and_bring_the_key(store, pages):
    created = core.create_session(store, sm.WORKSHOP_ID, "en")
    page = unlocked(store, created, pages)
    messages = with_class(page.widget, "tk-csv-upload")[1]
    pick(messages, b"message;key\nWhat does fibre cost?;lead\nOutage in Leeds?;question\n", "own.csv")
    assert "2 messages" in messages.status.value, messages.errors.message
    state = core.get_session(store, created.code)
    items = state.list_items("messages")
    assert [label for _, label in items] == ["What does fibre cost?", "Outage in Leeds?"]
    assert sm.answer_key(core.snapshot(store, created.code)) == {items[0][0]: "lead", items[1][0]: "question"}


def test_other_workshops_get_no_tools(store, pages):
    created = core.create_session(store, "brainstorm", "nl")
    assert not with_class(unlocked(store, created, pages).widget, "tk-method-tools")


def test_persona_of_the_same_organisation_is_linked(store, pages):
    persona = seed_session(store, "persona-energy")
    created = core.create_session(store, sm.WORKSHOP_ID, "nl", organisation="Vonkel Energie (fictief)")
    link = PersonaLink("nl", store, created.code, created.facilitator_key, "Vonkel Energie (fictief)", lambda: None)
    assert persona.code in link.info.value
    assert link.button.layout.display == ""
    link.button.click()
    assert "tk-persona-linked" in link.info.value
    snap = core.snapshot(store, created.code)
    step2 = next(s for s in sm.report_sections(snap, "nl") if s.title.startswith("Stap 2"))
    assert persona.code in step2.takeaway


def test_no_persona_session_hides_the_button(store):
    created = core.create_session(store, sm.WORKSHOP_ID, "en", organisation="Nobody Ltd")
    link = PersonaLink("en", store, created.code, created.facilitator_key, "Nobody Ltd", lambda: None)
    assert "no brand persona session" in link.info.value
    assert link.button.layout.display == "none"
    assert isinstance(link, w.VBox)
