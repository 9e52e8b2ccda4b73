"""The marketing and IT retrospective's report in all four formats, from the seeded examples:
the barometer before and after, the clusters with their dots by role, and the owned actions."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.export.test_export import html_text, pdf_text, pptx_texts, squash, write_pdf_pages, xlsx_values
from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.store import Store
from toolkit.export import FORMATS, render_report, session_content

EXAMPLES = {"retro-insurer": "nl", "retro-webshop": "en"}
EXPECTED = {
    "nl": ["Vertrouwensbarometer voor en na", "Marketing van 1,9 naar 2,8", "Groepen en stippen per rol",
           "Klantdata zit vast in losse systemen", "Acties met een eigenaar van elke kant",
           "Eén klantprofiel voor de gezinsmailing", "Frustraties per soort en kant"],
    "en": ["Trust barometer before and after", "Marketing from 1.9 to 2.8", "Groups and dots by role",
           "Customer data is stuck in separate systems", "Actions with an owner on each side",
           "One customer view for the newsletter", "Frustrations by kind and side"],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('retro') / 'export.db'}")
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def sessions(store):
    return {name: seed_session(store, name) for name in EXAMPLES}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_format_shows_barometer_clusters_and_actions(store, sessions, name):
    lang = EXAMPLES[name]
    code = sessions[name].code
    files = {fmt: render_report(store, code, fmt, lang=lang) for fmt in FORMATS}
    html, _tags = html_text(files["html"])
    pdf = pdf_text(files["pdf"])
    deck = " ".join(pptx_texts(files["pptx"]))
    workbook = xlsx_values(files["xlsx"])
    sheets = " ".join(str(v) for rows in workbook.values() for row in rows for v in row if v is not None)
    for text in EXPECTED[lang]:
        assert text in html, text
        assert squash(text) in pdf, text
        assert text in sheets, text
    for text in EXPECTED[lang][::2]:  # the slides carry titles, takeaways and the actions
        assert text in deck, text
    # The dots by role per cluster, counted by hand from the example: notes, marketing, IT, others, total.
    dots = workbook["Stippen per groep en kant" if lang == "nl" else "Dots by group and side"]
    assert dots[1][:6] == [EXPECTED[lang][3], 4, 9, 6, 2, 17]
    content = session_content(store, code, lang)
    assert sum(1 for s in content.sections if s.chart) >= 3
    pages = write_pdf_pages(files["pdf"], f"report-{name}-{lang}")
    assert pages == len(PdfReader(io.BytesIO(files["pdf"])).pages)


def test_participant_text_stays_plain_in_the_report(store, sessions):
    created = sessions["retro-webshop"]
    code, key = created.code, created.facilitator_key
    frustration = next(c for c in core.contributions(store, code, "frustrations"))
    curation.create_cluster(store, code, key, "frustrations", "<b>Loud</b> =SUM(A1)", [frustration.id])
    html, tags = html_text(render_report(store, code, "html", lang="en"))
    assert "<b>Loud</b> =SUM(A1)" in html and "b" not in tags
    sheets = xlsx_values(render_report(store, code, "xlsx", lang="en"))
    cells = [v for rows in sheets.values() for row in rows for v in row if isinstance(v, str)]
    assert "<b>Loud</b> =SUM(A1)" in cells  # kept as text, never a formula
    curation.undo(store, code, key)
