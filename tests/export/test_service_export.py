"""The service-maturity report in all four formats, from the example seeded into a real store: the
ladder by role, the blended index and lead spotting against 2% are in every one, read back."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.store import Store
from toolkit.export import render_report

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
EXPECTED = {
    "nl": ("De ladder per rol", "Gemengde KPI-index", "Leads spotten tegenover 2%", "Afspraken"),
    "en": ("The ladder by role", "Blended KPI index", "Lead spotting against 2%", "Agreements"),
}
EXAMPLE = {"nl": "service-telecom", "en": "service-telecom-en"}


@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('svc')}/s.sqlite")
    yield store, {lang: seed_session(store, EXAMPLE[lang]) for lang in EXAMPLE}
    store.dispose()


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_four_formats_show_ladder_index_and_leads(sessions, lang):
    store, created = sessions
    code = created[lang].code
    html = render_report(store, code, "html").decode("utf-8")
    for title in EXPECTED[lang]:
        assert title in html
    assert html.count("<img") >= 3  # the ladder, the index and the leads chart
    assert "2024-12" in html and "2%" in html

    text = " ".join(pdf_text(render_report(store, code, "pdf")).split())
    for title in EXPECTED[lang]:
        assert title in text

    book = load_workbook(io.BytesIO(render_report(store, code, "xlsx")), read_only=True)
    cells = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert ("Index per maand" if lang == "nl" else "Index by month") in cells or "2024-12" in cells
    assert ("Klanttevredenheid" if lang == "nl" else "Customer satisfaction") in cells

    deck = Presentation(io.BytesIO(render_report(store, code, "pptx")))
    slides = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    for title in EXPECTED[lang]:
        assert title in slides
    pictures = sum(1 for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13)
    assert pictures >= 3


def test_report_pages_as_images(sessions):
    """The Dutch PDF's pages as PNG files in tests/artifacts, for a look by eye."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed to look at the report")
    store, created = sessions
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / "service-telecom.pdf"
    source.write_bytes(render_report(store, created["nl"].code, "pdf"))
    for old in ARTIFACTS.glob("service-telecom-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(ARTIFACTS / "service-telecom-page")], check=True)
    assert len(list(ARTIFACTS.glob("service-telecom-page-*.png"))) >= 3


def test_markup_in_agreements_stays_text(sessions):
    store, _examples = sessions
    session = core.create_session(store, "service-maturity", "en")
    person = core.join(store, session.code, "service", "Ann")
    core.set_phase(store, session.code, session.facilitator_key, 7)
    core.add_contribution(store, session.code, person.token, "agreements",
                          {"kind": "action", "step": "s3", "text": "<script>alert(1)</script>", "owner": "=SUM(A1)"})
    html = render_report(store, session.code, "html").decode("utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    with zipfile.ZipFile(io.BytesIO(render_report(store, session.code, "xlsx"))) as book:
        sheets = " ".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/"))
    assert "<f>SUM(A1)</f>" not in sheets
