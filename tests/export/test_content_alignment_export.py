"""The content alignment report in all four formats: the example session seeded into a store (as
``toolkit session new content-alignment --example`` does), exported in Dutch and English and read
back. The report shows the depth gap, the collisions and the actions; hostile participant text
stays plain text; a brand-persona session of the same organisation links the drafts to the
tone checker."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from tests.export.test_export import html_text, pdf_text, pptx_texts, write_pdf_pages, xlsx_values
from toolkit.core import sessions as core
from toolkit.core.examples import example_for, seed_session
from toolkit.core.store import Store
from toolkit.export import FORMATS, render_report, session_content

EXPECTED = {
    "nl": {"gap": "De grootste kloof zit bij Interesse",
           "conflict": "Klopt niet: alleen bij leidingen van 40 en 63 mm.",
           "action": "Rondleiding door het lab voor het marketingteam", "owner": "Eva"},
    "en": {"gap": "The largest gap is at Interest", "conflict": "Not correct: only with 40 and 63 mm pipes.",
           "action": "A tour of the lab for the marketing team", "owner": "Eva"},
}
HOSTILE = ['=HYPERLINK("http://x","y")', "<script>alert(1)</script>", r"price $\evil$ here"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("content-export")
    store = Store(f"sqlite:///{folder / 'content.db'}")
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def codes(store):
    return {lang: seed_session(store, example_for("content-alignment", lang)).code for lang in ("nl", "en")}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_shows_the_gap_the_conflicts_and_the_actions(store, codes, lang):
    files = {fmt: render_report(store, codes[lang], fmt, lang=lang) for fmt in FORMATS}
    want = EXPECTED[lang]
    html, tags = html_text(files["html"])
    pdf = pdf_text(files["pdf"])
    deck = " ".join(pptx_texts(files["pptx"]))
    cells = " ".join(str(v) for rows in xlsx_values(files["xlsx"]).values() for row in rows for v in row)
    for text in (html, pdf, deck, cells):
        assert want["gap"] in text
        assert want["action"] in text
    for text in (html, pdf, cells):
        assert want["conflict"] in text
    assert "script" not in tags
    content = session_content(store, codes[lang], lang)
    charts = [s for s in content.sections if s.chart]
    assert len(charts) >= 5  # participation and the four of the method
    write_pdf_pages(files["pdf"], f"report-content-alignment-{lang}")


def test_hostile_text_stays_text(store):
    created = core.create_session(store, "content-alignment", "en", organisation="Hostile test")
    code, key = created.code, created.facilitator_key
    marketing = core.join(store, code, "marketing", "Ann").token
    specialist = core.join(store, code, "specialist", "Bob").token
    phases = [p.id for p in core.get_session(store, code).workshop.phases]
    core.set_phase(store, code, key, phases.index("draft"))
    draft = core.add_contribution(store, code, marketing, "draft", {
        "title": HOSTILE[0], "stage": "interest", "body": f"{HOSTILE[1]} first.\n\n{HOSTILE[2]} second."})
    core.set_phase(store, code, key, phases.index("review"))
    for token, kind, text in ((marketing, "style", HOSTILE[2]), (specialist, "fact", HOSTILE[0])):
        core.add_contribution(store, code, token, "review",
                              {"draft": str(draft.id), "type": kind, "passage": "2", "comment": text})
    files = {fmt: render_report(store, code, fmt, lang="en") for fmt in FORMATS}  # none raises
    html, tags = html_text(files["html"])
    assert HOSTILE[1] in html and "script" not in tags
    assert HOSTILE[2] in html and HOSTILE[2] in pdf_text(files["pdf"])
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    formulas = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    assert any(HOSTILE[0] in str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row)


def test_a_persona_session_of_the_same_organisation_links_the_drafts(tmp_path):
    from toolkit.core.store import get_store

    store = get_store(f"sqlite:///{tmp_path / 'linked.db'}")  # opened as `toolkit serve` and `report` do
    persona = seed_session(store, "persona-energy")
    organisation = core.get_session(store, persona.code).organisation
    created = core.create_session(store, "content-alignment", "nl", organisation=organisation)
    code, key = created.code, created.facilitator_key
    token = core.join(store, code, "marketing", "Anouk").token
    phases = [p.id for p in core.get_session(store, code).workshop.phases]
    core.set_phase(store, code, key, phases.index("depth"))
    core.rate(store, code, token, "depth", "attention", None, "depth", 1)
    core.set_phase(store, code, key, phases.index("draft"))
    core.add_contribution(store, code, token, "draft", {
        "title": "Bericht", "stage": "attention",
        "body": "Je EAN-code staat op je jaarafrekening. Het vastrecht blijft gelijk."})
    link = f"/voila/render/tone-checker.ipynb?session={persona.code}&amp;lang=nl"
    for fmt, found in (("html", lambda b: link in b.decode()),
                       ("xlsx", lambda b: link.replace("&amp;", "&") in str(xlsx_values(b)))):
        assert found(render_report(store, code, fmt, lang="nl")), fmt
    from toolkit.methods.content_alignment import report_sections

    drafts = next(s for s in report_sections(core.snapshot(store, code), "nl")
                  if s.title == "De tekst naast de afgesproken diepgang")
    table = next(iter(drafts.tables.values()))
    assert "EAN-code" in table["Vaktermen"].iloc[0]
    assert "vaktermen" in table["Oordeel"].iloc[0]
    assert "Noor" in drafts.takeaway


def test_session_new_example_fills_a_session(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    out = subprocess.run([sys.executable, "-m", "toolkit", "session", "new", "content-alignment", "--example",
                          "--lang", "en", "--json", "--db", db], capture_output=True, text=True, check=True)
    created = json.loads(out.stdout)
    store = Store(db)
    try:
        snap = core.snapshot(store, created["code"])
        assert snap.language == "en" and snap.organisation == "Helder Membrane Technology (fictional)"
        assert len(snap.of_kind("form", "review")) == 8
        report = tmp_path / "report.html"
        subprocess.run([sys.executable, "-m", "toolkit", "report", created["code"], "--format", "html",
                        "--out", str(report), "--db", db], check=True, capture_output=True)
        assert EXPECTED["en"]["gap"] in html_text(report.read_bytes())[0]
    finally:
        store.dispose()
