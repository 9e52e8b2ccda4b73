"""Exports (HTML, PDF, xlsx, pptx) of real sessions in a SQLite store, read back with readers.

Every example session and a brainstorm built through the core operations is exported in Dutch
and English; each file is opened again (html.parser, pypdf, openpyxl, python-pptx) and checked
for its content. Participant text that looks like markup or a formula must stay plain text, and
an anonymous session must not name anyone in any format. The PDF pages are written as PNG files
to ``tests/artifacts`` for a look by eye.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from toolkit.core import sessions as core
from toolkit.core import views
from toolkit.core.examples import example_path, load_example, read_example, seed_session
from toolkit.core.limits import NO_WRITE_LIMITS
from toolkit.core.store import Store
from toolkit.export import FORMATS, render_report, render_snapshot, session_content, write_report
from toolkit.export.pptx import slide_count
from toolkit.export.xlsx import workbook_tables

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
LANGS = ("nl", "en")
EXAMPLES = ("dna-insurer", "aida-manufacturer", "persona-energy", "brainstorm")
KNOWN_NOTE = {
    "dna-insurer": "Wij helpen mensen na schade snel weer op weg",
    "aida-manufacturer": "Binnen een werkdag een offerte",
    "persona-energy": "Eerlijk over prijzen",
    "brainstorm": "Chatbot die ook 's avonds antwoordt",
}
SCRIPT_NOTE = "<script>alert(1)</script>"
IMG_NOTE = "<img src=x onerror=alert(1)>"
FORMULA_NOTES = ('=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)")
# Names nobody would write in a note, so finding one in an export can only be a leak.
PEOPLE = [("Quirijn Zoutewelle", "marketing"), ("Ysolde Brakkenburg", "specialist"), ("Wigbold Terpstra", "it"),
          ("Xandra Vlietenga", "service"), ("Olof Kwakernaat", "sales")]
IDEAS = [
    "Chatbot die ook 's avonds antwoordt", "Eén klantbeeld voor marketing en service", SCRIPT_NOTE, IMG_NOTE,
    *FORMULA_NOTES, "Productteksten laten controleren door de specialist", "Snellere offerte via de website",
]


# -- sessions -------------------------------------------------------------------------------------

def build_brainstorm(store: Store, anonymous: bool = False, people=PEOPLE, ideas=IDEAS):
    """A brainstorm through the ordinary operations: notes, dot votes, impact scores."""
    created = core.create_session(store, "brainstorm", "nl", anonymous=anonymous, organisation="Testbedrijf B.V.")
    code, key = created.code, created.facilitator_key
    tokens = [core.join(store, code, role, name).token for name, role in people]
    ids = []
    for i, text in enumerate(ideas):
        ids.append(core.add_contribution(store, code, tokens[i % len(tokens)], "ideas", {"text": text}).id)
    core.next_phase(store, code, key)
    for i, token in enumerate(tokens):
        core.vote(store, code, token, "vote", ids[i % 3], 3)
        core.vote(store, code, token, "vote", ids[3], 1)  # the image note among the rated favourites
        if (i + 4) % len(ids) != 3:
            core.vote(store, code, token, "vote", ids[(i + 4) % len(ids)], 1)
    core.next_phase(store, code, key)
    for i, token in enumerate(tokens):
        for j, cid in enumerate(ids[:4]):  # notes among the top-voted (the ones rated)
            core.rate(store, code, token, "rate", cid, None, "customers", 1 + (i + j) % 5)
            core.rate(store, code, token, "rate", cid, None, "work", 1 + (i * j) % 5)
    core.next_phase(store, code, key)
    return created


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    store = Store(f"sqlite:///{folder / 'export.db'}")
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def sessions(store):
    codes = {name: seed_session(store, name).code for name in EXAMPLES if name != "brainstorm"}
    codes["brainstorm"] = build_brainstorm(store).code
    return codes


@pytest.fixture(scope="module")
def exports(store, sessions):
    """Every format of every session in both languages, rendered once per module."""
    cache: dict[tuple[str, str], dict[str, bytes]] = {}

    def get(example: str, lang: str) -> dict[str, bytes]:
        if (example, lang) not in cache:
            cache[(example, lang)] = {fmt: render_report(store, sessions[example], fmt, lang=lang) for fmt in FORMATS}
        return cache[(example, lang)]

    return get


# -- readers --------------------------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def html_text(data: bytes) -> tuple[str, list[str]]:
    """The visible text of an HTML page (entities decoded) and the tags it contains."""
    parser = _Text()
    parser.feed(data.decode("utf-8"))
    return squash(" ".join(parser.parts)), parser.tags


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return squash(" ".join(page.extract_text() or "" for page in reader.pages))


def pptx_texts(data: bytes) -> list[str]:
    """The text of each slide (text boxes and table cells)."""
    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        slides.append(squash(" ".join(parts)))
    return slides


def xlsx_values(data: bytes) -> dict[str, list[list[object]]]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def zip_xml(data: bytes) -> str:
    """Every XML part of an Office file, decoded (to search for leaks in the raw file)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                         if n.endswith((".xml", ".rels")))


# -- every example, both languages ------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_format_has_the_content(example, lang, store, sessions, exports):
    content = session_content(store, sessions[example], lang)
    files = exports(example, lang)
    note = KNOWN_NOTE[example]
    sections = [s.title for s in content.sections]
    assert len(sections) >= 2  # participation plus at least one section of the method

    text, tags = html_text(files["html"])
    assert files["html"].startswith(b"<!DOCTYPE html>")
    assert content.workshop_title in text and note in text and content.title in text
    assert all(title in text for title in sections)
    assert all(s.takeaway in text for s in content.sections)
    assert "script" not in tags and "link" not in tags  # self-contained: no scripts, no external files
    assert b"data:image/png;base64," in files["html"]
    assert files["html"].count(b"<img ") == sum(1 for s in content.sections if s.chart)

    pdf = pdf_text(files["pdf"])
    assert content.workshop_title in pdf and note in pdf
    assert all(squash(title) in pdf for title in sections)
    assert PdfReader(io.BytesIO(files["pdf"])).metadata.title.startswith(content.title)

    sheets = xlsx_values(files["xlsx"])
    expected = [name for name, _ in workbook_tables(content)]
    assert list(sheets) == expected
    assert len(sheets) == 4 + sum(len(s.tables) for s in content.sections) + 4
    summary = [v for row in sheets[expected[0]] for v in row]
    assert content.workshop_title in summary and all(title in summary for title in sections)
    assert any(note in str(v) for rows in sheets.values() for row in rows for v in row)
    wb = load_workbook(io.BytesIO(files["xlsx"]))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1] if cell.value is not None)
        assert ws.column_dimensions["A"].width > 0

    slides = pptx_texts(files["pptx"])
    assert len(slides) == slide_count(content)
    assert content.workshop_title in slides[0]
    deck = " ".join(slides)
    assert all(title[:80] in deck for title in sections)
    deck_file = Presentation(io.BytesIO(files["pptx"]))
    assert deck_file.slide_width * 9 == deck_file.slide_height * 16
    for slide in deck_file.slides:  # nothing placed off the slide
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= deck_file.slide_width + 12700
            assert shape.top + shape.height <= deck_file.slide_height + 12700
    for section, slide in zip(content.sections, slides[3:], strict=False):
        assert section.title[:80] in slide  # one slide per section, in order, with its takeaway
        assert section.takeaway[:60] in slide

    pages = write_pdf_pages(files["pdf"], f"report-{example}-{lang}")
    assert pages == len(PdfReader(io.BytesIO(files["pdf"])).pages) > 3


def write_pdf_pages(pdf: bytes, stem: str) -> int:
    """The PDF as PNG pages in tests/artifacts (``pdftoppm -png -r 60``); returns the page count."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{stem}-page-*.png"):
        old.unlink()
    source = ARTIFACTS / f"{stem}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(ARTIFACTS / f"{stem}-page")], check=True)
    source.unlink()
    pages = sorted(ARTIFACTS.glob(f"{stem}-page-*.png"))
    for page in pages:  # pdftoppm pads the number (page-01); keep it plain: page-1
        number = int(page.stem.rsplit("-", 1)[1])
        page.rename(ARTIFACTS / f"{stem}-page-{number}.png")
    return len(pages)


def test_language_defaults_to_the_session_language(store, sessions):
    dutch, _ = html_text(render_report(store, sessions["aida-manufacturer"], "html"))
    assert "Workshopverslag" in dutch and "Besluiten en acties" in dutch
    english, _ = html_text(render_report(store, sessions["aida-manufacturer"], "html", lang="en"))
    assert "Workshop report" in english and "Decisions and actions" in english


def test_default_lists_follow_the_report_language(store, sessions, exports):
    """The DNA channels were seeded in Dutch; the English report names them in English."""
    english, _ = html_text(exports("dna-insurer", "en")["html"])
    dutch, _ = html_text(exports("dna-insurer", "nl")["html"])
    assert "Phone helpdesk" in english and "Telefonische helpdesk" not in english
    assert "Telefonische helpdesk" in dutch


# -- participant text stays text ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_markup_in_notes_is_escaped(lang, exports):
    files = exports("brainstorm", lang)
    raw = files["html"].decode("utf-8")
    assert "<script" not in raw.lower() and "<img src=x" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw
    text, tags = html_text(files["html"])
    assert SCRIPT_NOTE in text and IMG_NOTE in text
    assert "script" not in tags
    assert raw.count("<img ") == raw.count('src="data:image/png;base64,')  # every image is one of our charts

    pdf = pdf_text(files["pdf"])
    assert SCRIPT_NOTE in pdf and IMG_NOTE in pdf

    slides_xml = zip_xml(files["pptx"])
    assert "<script>" not in slides_xml and "<img src=x" not in slides_xml


def test_markup_in_notes_is_plain_text_on_slides(store, sessions):
    """The top-voted notes (the injection ones get dots) land on the actions slide as text runs."""
    content = session_content(store, sessions["brainstorm"], "en")
    actions = [a for _, a in content.actions]
    assert SCRIPT_NOTE in actions or IMG_NOTE in actions
    deck = " ".join(pptx_texts(render_report(store, sessions["brainstorm"], "pptx", lang="en")))
    assert any(a in deck for a in (SCRIPT_NOTE, IMG_NOTE) if a in actions)


@pytest.mark.parametrize("lang", LANGS)
def test_formulas_in_notes_are_text_in_the_workbook(lang, exports):
    data = exports("brainstorm", lang)["xlsx"]
    wb = load_workbook(io.BytesIO(data))
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in FORMULA_NOTES:
                    found.setdefault(cell.value, []).append(cell)
    assert set(found) == set(FORMULA_NOTES)
    for cells in found.values():
        for cell in cells:
            assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
            assert isinstance(cell.value, str)
            assert cell.quotePrefix
    sheets_xml = zip_xml(data)
    assert "<f>" not in sheets_xml and "<f " not in sheets_xml  # no formula anywhere in the file


# -- anonymous sessions ----------------------------------------------------------------------------

def test_anonymous_session_names_nobody(store):
    created = build_brainstorm(store, anonymous=True)
    names = [name for name, _ in PEOPLE] + [part for name, _ in PEOPLE for part in name.split()]
    dna = seed_session(store, "dna-insurer")
    core.set_anonymous(store, dna.code, dna.facilitator_key, True)
    # Participants may name a colleague as an owner (that is content, not authorship): check only
    # the names that nobody typed into the example.
    example = read_example(example_path("dna-insurer"))
    typed = " ".join(str(v) for c in example.contributions for v in c["payload"].values())
    dna_names = [p["name"] for p in example.participants if p["name"] not in typed]
    assert len(dna_names) >= 3
    for code, hidden, lang in ((created.code, names, "nl"), (dna.code, dna_names, "en")):
        content = session_content(store, code, lang)
        assert content.anonymous
        for fmt in FORMATS:
            data = render_report(store, code, fmt, lang=lang)
            if fmt == "html":
                texts = [data.decode("utf-8"), html_text(data)[0]]
            elif fmt == "pdf":
                reader = PdfReader(io.BytesIO(data))
                texts = [pdf_text(data), str(reader.metadata)]
            else:
                texts = [zip_xml(data)]
            for text in texts:
                leaked = [n for n in hidden if re.search(rf"\b{re.escape(n)}\b", text)]
                assert not leaked, (fmt, leaked)
        html, _ = html_text(render_report(store, code, "html", lang=lang))
        assert content.t("anonymous_note") in html


def test_names_are_shown_when_not_anonymous(exports):
    text, _ = html_text(exports("brainstorm", "nl")["html"])
    assert all(name in text for name, _ in PEOPLE)


# -- API ---------------------------------------------------------------------------------------------

def test_unknown_format_is_a_value_error(store, sessions):
    with pytest.raises(ValueError, match="docx"):
        render_report(store, sessions["brainstorm"], "docx")
    with pytest.raises(ValueError):
        render_snapshot(load_example("aida-manufacturer"), "csv")


def test_write_report_and_the_cli(store, sessions, tmp_path):
    from toolkit.cli import main

    path = write_report(store, sessions["persona-energy"], "xlsx", tmp_path / "out" / "report.xlsx", lang="en")
    assert path.exists() and load_workbook(path).sheetnames[0] == "Summary"
    out = tmp_path / "report.html"
    assert main(["report", sessions["brainstorm"], "--format", "html", "--out", str(out), "--db", store.url]) == 0
    assert "Brainstorm" in html_text(out.read_bytes())[0]


def test_render_snapshot_without_a_store():
    snapshot = load_example("persona-energy")
    data = render_snapshot(snapshot, "pptx", lang="en")
    assert any("Sample replies" in s for s in pptx_texts(data))
    text, _ = html_text(render_snapshot(snapshot, "html"))
    assert "Workshopverslag" in text and "Vonkel Energie" in text


def test_empty_session_exports(store):
    created = core.create_session(store, "brainstorm", "en")
    for fmt in FORMATS:
        assert render_report(store, created.code, fmt)
    text, _ = html_text(render_report(store, created.code, "html"))
    assert "No decisions or actions were recorded." in text


# -- 1,000 contributions -------------------------------------------------------------------------------

def test_thousand_contributions_export(store):
    store = store.with_limits(NO_WRITE_LIMITS)  # 50 notes each in a burst: a load, not a person
    people = [(f"Deelnemer {i}", ("marketing", "specialist", "it", "service")[i % 4]) for i in range(20)]
    started = time.perf_counter()
    created = core.create_session(store, "brainstorm", "nl")
    code, key = created.code, created.facilitator_key
    tokens = [core.join(store, code, role, name).token for name, role in people]
    ids = [
        core.add_contribution(store, code, token, "ideas", {"text": f"Idee {n} van deelnemer {i}: {'x' * (n % 40)}"}).id
        for i, token in enumerate(tokens) for n in range(50)
    ]
    core.next_phase(store, code, key)
    for i, token in enumerate(tokens):
        core.vote(store, code, token, "vote", ids[(i * 37) % 40], 3)
        core.vote(store, code, token, "vote", ids[(i * 11) % 40], 2)
    core.next_phase(store, code, key)
    for token in tokens[:8]:
        shown = [int(key) for key, _ in views.session_view(store, code, token=token).input.rows]  # the top-voted
        for j, cid in enumerate(shown[:5]):
            core.rate(store, code, token, "rate", cid, None, "customers", 1 + j % 5)
    core.next_phase(store, code, key)
    built = time.perf_counter() - started
    assert len(core.contributions(store, code, "ideas")) == 1000

    timings = {}
    started = time.perf_counter()
    content = session_content(store, code)
    timings["content"] = time.perf_counter() - started
    sizes = {}
    for fmt in FORMATS:
        started = time.perf_counter()
        data = render_report(store, code, fmt)
        timings[fmt] = time.perf_counter() - started
        sizes[fmt] = len(data)
    print(f"\n1,000 contributions (session built in {built:.1f} s): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
          + f"; total {sum(timings.values()):.2f} s")
    assert len(content.appendix[0]) == 1000
    sheets = load_workbook(io.BytesIO(render_report(store, code, "xlsx")), read_only=True)
    contributions = sheets[next(n for n, tbl in workbook_tables(content) if tbl.key == "contributions")]
    assert contributions.max_row == 1001
    assert all(size > 1000 for size in sizes.values())
