"""No raw id reads as a label: every example session's board cards, report, workbook and slides,
in Dutch and English, name fields, options and lists by their labels from the definition.

A raw id counts as shown when a piece of text (a table cell, a paragraph, a card line) is the
id itself or starts with ``id:`` (how a label introduces its value).
"""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import ipywidgets as w
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from toolkit.core import sessions as core
from toolkit.core import views
from toolkit.core.definitions import Workshop
from toolkit.core.examples import EXAMPLES_DIR, load_example, read_example, seed_session
from toolkit.core.store import Store
from toolkit.export import render_content
from toolkit.export.content import build_content
from toolkit.ui.board import Board

EXAMPLES = sorted(p.stem for p in EXAMPLES_DIR.glob("*.yaml"))
LANGS = ("nl", "en")


def raw_ids(workshop: Workshop, lang: str) -> set[str]:
    """Ids of fields, options, list items, lists, prompts and dimensions that are not also a label."""
    ids, labels = set(), set()
    for list_id, options in workshop.lists.items():
        ids.add(list_id)
        for o in options:
            ids.add(o.id)
            labels.add(o.label(lang))
    for phase in workshop.phases:
        for f in phase.fields:
            ids.add(f.id)
            labels.add(f.label(lang))
            for o in f.options:
                ids.add(o.id)
                labels.add(o.label(lang))
        for o in phase.prompts + (phase.rating.dimensions if phase.rating else ()):
            ids.add(o.id)
            labels.add(o.label(lang))
    return ids - labels


def offending(pieces: list[str], ids: set[str]) -> list[str]:
    """The pieces of text that are a raw id or introduce a value with one (``id: ...``)."""
    pattern = re.compile(r"(?:^|[;\n]\s*)(" + "|".join(re.escape(i) for i in sorted(ids)) + r")\s*:")
    return [p for p in pieces if p.strip() in ids or pattern.search(p)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.pieces.append(data.strip())


def html_pieces(markup: str) -> list[str]:
    parser = _Text()
    parser.feed(markup)
    return parser.pieces


def xlsx_pieces(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
            if isinstance(v, str)]


def pptx_pieces(data: bytes) -> list[str]:
    pieces = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                pieces += [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
            if getattr(shape, "has_table", False) and shape.has_table:
                pieces += [cell.text for row in shape.table.rows for cell in row.cells if cell.text.strip()]
    return pieces


def board_pieces(board: Board) -> list[str]:
    """Each line of each card (fields are separated by ``<br>``) and each group title."""
    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()) or ():
            yield from walk(child)

    markup = "\n".join(x.value for x in walk(board.widget) if isinstance(x, w.HTML))
    return [p for line in re.split(r"<br>|</div>|</h4>", markup) for p in html_pieces(line)]


@pytest.fixture(scope="module")
def contents():
    return {(name, lang): build_content(load_example(name), lang) for name in EXAMPLES for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_reports_workbooks_and_slides_show_labels_not_ids(contents, name, lang):
    content = contents[(name, lang)]
    ids = raw_ids(read_example(EXAMPLES_DIR / f"{name}.yaml").workshop, lang)
    details = [str(v) for table in content.appendix for row in table.rows() for v in row if isinstance(v, str)]
    assert offending(details, ids) == []
    assert offending(html_pieces(render_content(content, "html").decode("utf-8")), ids) == []
    assert offending(xlsx_pieces(render_content(content, "xlsx")), ids) == []
    assert offending(pptx_pieces(render_content(content, "pptx")), ids) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_board_cards_show_labels_not_ids_in_every_phase(tmp_path, name, lang):
    store = Store(f"sqlite:///{tmp_path}/t.sqlite")
    try:
        created = seed_session(store, name)
        workshop = core.get_session(store, created.code).workshop
        ids = raw_ids(workshop, lang)
        board = Board(lang)
        shown = 0
        for index, _phase in enumerate(workshop.phases):
            core.set_phase(store, created.code, created.facilitator_key, index)
            board.update(views.session_view(store, created.code, facilitator_key=created.facilitator_key,
                                            language=lang))
            pieces = board_pieces(board)
            shown += len(board.cards)
            assert offending(pieces, ids) == [], workshop.phases[index].id
        assert shown
    finally:
        store.dispose()


def test_the_check_finds_a_raw_id():
    ids = {"level", "organisation"}
    assert offending(["level: organisation"], ids) == ["level: organisation"]
    assert offending(["organisation"], ids) == ["organisation"]
    assert offending(["Niveau: Organisatiedoel; Bovenliggend: x"], ids) == []


# -- regressions: the report appendix and the board read a contribution the same way ---------------

def _appendix_rows(content, phase_title: str) -> list[dict]:
    table = next(t for t in content.appendix if t.key == "contributions")
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows()
            if row[table.columns.index(content.t("phase"))] == phase_title]


def test_appendix_rewrite_rows_keep_the_situation_and_show_the_original_once(contents):
    content = contents[("persona-energy", "en")]
    example = load_example("persona-energy")
    rows = _appendix_rows(content, example_phase_title("brand-persona", "rewrite", "en"))
    payloads = [p for p, phase in zip(example.contributions["payload"], example.contributions["phase"], strict=True)
                if phase == "rewrite"]
    assert len(rows) == len(payloads) > 0
    for row, payload in zip(rows, payloads, strict=True):
        assert row["Text"] == payload["original"]
        assert payload["original"] not in row["Details"]
        assert row["Details"].startswith("Situation: ") and payload["situation"] not in row["Details"].split("; ")[0]
        assert f"Rewritten reply: {payload['rewrite']}" in row["Details"]


def test_appendix_kpi_rows_show_the_linked_value(contents):
    content = contents[("dna-insurer", "nl")]
    rows = _appendix_rows(content, example_phase_title("dna-mapping", "kpis", "nl"))
    assert rows and all(row["Details"].startswith("Waarde: ") for row in rows)
    assert {row["Details"].split(";")[0] for row in rows} <= {f"Waarde: {v}" for v in
                                                              ("Snel", "Helder", "Persoonlijk", "Betrouwbaar")}


def example_phase_title(workshop_id: str, phase_id: str, lang: str) -> str:
    from toolkit.core.definitions import get_workshop

    return get_workshop(workshop_id).phase(phase_id).title(lang)


def test_a_kpi_target_that_equals_a_note_id_shows_the_target_on_the_board(tmp_path):
    """Regression: the board looked every string field up among contribution ids, so a KPI
    target of "40" showed the text of note #40."""
    store = Store(f"sqlite:///{tmp_path}/t.sqlite")
    try:
        created = seed_session(store, "dna-insurer")
        items = core.contributions(store, created.code)
        note = next(c for c in items if c.kind == "note" and c.text)
        value = next(c for c in items if c.phase == "values")
        kpis = [p.id for p in core.get_session(store, created.code).workshop.phases].index("kpis")
        core.set_phase(store, created.code, created.facilitator_key, kpis)
        person = core.join(store, created.code, "it", "Iris")
        added = core.add_contribution(store, created.code, person.token, "kpis", {
            "value": str(value.id), "channel": "website", "kpi": "Laadtijd", "target": str(note.id)})
        board = Board("nl")
        board.update(views.session_view(store, created.code, token=person.token, language="nl"))
        html = board.cards[added.id].html.value
        assert f"Streefwaarde:</span> {note.id}" in html
        assert note.text not in html and value.text in html
    finally:
        store.dispose()
