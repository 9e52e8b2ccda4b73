"""The report as a 16:9 slide deck (python-pptx).

Slides: title, agenda, summary, one slide per report section (its chart with the takeaway as
the slide's text, or the takeaway with the section's first table), decisions and actions,
and an appendix slide with a table per role. Every text, participant text included, goes in as
a plain text run: python-pptx escapes it for XML and nothing in it is interpreted.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from toolkit.export.content import (
    SLIDE_CHART_AREA_IN,
    ReportContent,
    Section,
    Table,
    clean_text,
    format_value,
    t,
)

WIDTH_IN, HEIGHT_IN = 13.333, 7.5
NAVY = RGBColor(0x12, 0x35, 0x5B)
BLUE = RGBColor(0x00, 0x72, 0xB2)
ORANGE = RGBColor(0xE6, 0x9F, 0x00)
LIGHT = RGBColor(0xEE, 0xF5, 0xFB)
PALE_BLUE = RGBColor(0x9C, 0xC7, 0xEA)
GREY = RGBColor(0x6B, 0x6B, 0x6B)
TEXT = RGBColor(0x22, 0x22, 0x22)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
STRIPE = RGBColor(0xF3, 0xF6, 0xFA)
ACTIONS_PER_SLIDE = 7
TABLE_ROWS = 7
CELL_CHARS = 90


def _shorten(text: str, limit: int) -> str:
    text = " ".join(clean_text(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(slide, left, top, width, height, text: str, size: float = 14, bold: bool = False,
          color: RGBColor = TEXT, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    """A text box with ``text`` as plain runs (one paragraph per line)."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(clean_text(text).split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
    return box


def _rect(slide, left, top, width, height, colour: RGBColor):
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = colour
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _slide(prs, content: ReportContent, title: str, number: int):
    """A blank slide with the house header and footer."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, WIDTH_IN, 0.12, NAVY)
    _text(slide, 0.5, 0.3, WIDTH_IN - 1.0, 0.8, _shorten(title, 90), size=26, bold=True, color=NAVY,
          anchor=MSO_ANCHOR.MIDDLE)
    _rect(slide, 0.5, 1.12, 1.4, 0.05, ORANGE)
    _text(slide, 0.5, HEIGHT_IN - 0.45, 10.0, 0.3, _shorten(content.subtitle, 140), size=9, color=GREY)
    _text(slide, WIDTH_IN - 1.5, HEIGHT_IN - 0.45, 1.0, 0.3, str(number), size=9, color=GREY, align=PP_ALIGN.RIGHT)
    return slide


def _table(slide, table: Table, left, top, width, max_height, lang: str, size: float = 11,
           rows: int = TABLE_ROWS) -> None:
    """The first ``rows`` rows of ``table`` as a native table (plain text in every cell)."""
    columns = table.columns[:7]
    body = [[_shorten(format_value(v, lang), CELL_CHARS) for v in row[:7]] for row in table.rows(rows)]
    if not columns:
        return
    n_rows = len(body) + 1
    row_height = min(0.4, max_height / n_rows)
    shape = slide.shapes.add_table(n_rows, len(columns), Inches(left), Inches(top), Inches(width),
                                   Inches(row_height * n_rows))
    grid = shape.table
    weights = [max(4, min(40, max([len(c)] + [len(r[j]) for r in body]))) for j, c in enumerate(columns)]
    total = sum(weights)
    for j, weight in enumerate(weights):
        grid.columns[j].width = Emu(int(Inches(width) * weight / total))
        # at most about two lines per cell, so the table keeps the height it was given
        per_line = width * weight / total * 72 / (size * 0.55)
        for row in body:
            row[j] = _shorten(row[j], max(12, int(2 * per_line)))
    for i in range(n_rows):
        grid.rows[i].height = Inches(row_height)
        for j in range(len(columns)):
            cell = grid.cell(i, j)
            value = _shorten(columns[j], 40) if i == 0 else body[i - 1][j]
            cell.text_frame.word_wrap = True
            paragraph = cell.text_frame.paragraphs[0]
            run = paragraph.add_run()
            run.text = value
            run.font.size = Pt(size)
            run.font.bold = i == 0
            run.font.color.rgb = WHITE if i == 0 else TEXT
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.fill.solid()
            cell.fill.fore_color.rgb = NAVY if i == 0 else (STRIPE if i % 2 == 0 else WHITE)
    if len(table) > rows:
        _text(slide, left, top + row_height * n_rows + 0.05, width, 0.3,
              t("rows_shown", lang, shown=rows, total=len(table)), size=9, color=GREY)


def _title_slide(prs, content: ReportContent) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, WIDTH_IN, HEIGHT_IN, NAVY)
    _text(slide, 0.9, 1.2, 11.5, 0.5, content.title.upper(), size=14, bold=True, color=PALE_BLUE)
    _text(slide, 0.9, 1.8, 11.5, 1.6, _shorten(content.workshop_title, 80), size=40, bold=True, color=WHITE,
          anchor=MSO_ANCHOR.BOTTOM)
    if content.organisation:
        _text(slide, 0.9, 3.5, 11.5, 0.6, _shorten(content.organisation, 100), size=22, color=WHITE)
    _rect(slide, 0.9, 4.35, 1.8, 0.08, ORANGE)
    lines = [content.date, f"{content.t('session_code')}: {content.code}"]
    _text(slide, 0.9, 4.7, 11.5, 0.9, "\n".join(lines), size=14, color=PALE_BLUE)
    if content.anonymous:
        _text(slide, 0.9, 6.3, 11.5, 0.5, content.t("anonymous_note"), size=12, color=ORANGE)


def _agenda_slide(prs, content: ReportContent, number: int) -> None:
    slide = _slide(prs, content, content.t("agenda"), number)
    table = content.agenda_table(with_instructions=False)
    size = 14 if len(table) <= 8 else 11
    _table(slide, table, 0.5, 1.5, 9.0, 5.3, content.lang, size=size, rows=14)
    _text(slide, 9.9, 1.5, 2.9, 5.0, _shorten(content.workshop_description, 400), size=13, color=GREY)


def _summary_slide(prs, content: ReportContent, number: int) -> None:
    slide = _slide(prs, content, content.t("summary"), number)
    width = (WIDTH_IN - 1.0 - 0.2 * (len(content.facts) - 1)) / max(len(content.facts), 1)
    for i, (label, value) in enumerate(content.facts):
        left = 0.5 + i * (width + 0.2)
        _rect(slide, left, 1.45, width, 1.0, LIGHT)
        _rect(slide, left, 1.45, width, 0.05, BLUE)
        _text(slide, left + 0.1, 1.52, width - 0.2, 0.5, value, size=24, bold=True, color=NAVY)
        _text(slide, left + 0.1, 2.02, width - 0.2, 0.35, label, size=11, color=GREY)
    count = len(content.sections)
    size = 14 if count <= 5 else (12 if count <= 8 else 10.5)
    limit = 190 if count <= 6 else 140
    box = slide.shapes.add_textbox(Inches(0.5), Inches(2.75), Inches(WIDTH_IN - 1.0), Inches(4.2))
    frame = box.text_frame
    frame.word_wrap = True
    for i, section in enumerate(content.sections):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(5)
        head = paragraph.add_run()
        head.text = f"{section.title}. "
        head.font.bold = True
        head.font.size = Pt(size)
        head.font.color.rgb = NAVY
        body = paragraph.add_run()
        body.text = _shorten(section.takeaway, limit)
        body.font.size = Pt(size)
        body.font.color.rgb = TEXT


def _takeaway_box(slide, left, top, width, height, text: str, size: float) -> None:
    shape = _rect(slide, left, top, width, height, LIGHT)
    _rect(slide, left, top, 0.07, height, BLUE)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = Inches(0.25)
    frame.margin_right = Inches(0.15)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = clean_text(text)
    run.font.size = Pt(size)
    run.font.color.rgb = TEXT


def _section_slide(prs, content: ReportContent, section: Section, number: int) -> None:
    slide = _slide(prs, content, section.title, number)
    takeaway = _shorten(section.takeaway, 600)
    if section.chart is not None:
        chart = section.chart
        area_w, area_h = SLIDE_CHART_AREA_IN
        scale = min(area_w / chart.width_in, area_h / chart.height_in)
        w, h = chart.width_in * scale, chart.height_in * scale
        left, top = 0.5 + (area_w - w) / 2, 1.4 + (area_h - h) / 2
        slide.shapes.add_picture(io.BytesIO(chart.png), Inches(left), Inches(top), Inches(w), Inches(h))
        size = 16 if len(takeaway) <= 260 else (14 if len(takeaway) <= 420 else 12)
        _takeaway_box(slide, 9.2, 1.5, 3.65, 5.3, takeaway, size)
        return
    size = 18 if len(takeaway) <= 220 else (15 if len(takeaway) <= 420 else 13)
    tables = [tbl for tbl in section.tables if len(tbl)]
    if not tables:
        _takeaway_box(slide, 0.5, 1.6, WIDTH_IN - 1.0, 3.0, takeaway, size + 2)
        return
    _takeaway_box(slide, 0.5, 1.45, WIDTH_IN - 1.0, 1.3, takeaway, min(size, 16))
    table = tables[0]
    _text(slide, 0.5, 2.9, WIDTH_IN - 1.0, 0.35, table.title, size=12, bold=True, color=NAVY)
    _table(slide, table, 0.5, 3.3, WIDTH_IN - 1.0, 3.5, content.lang, size=10.5, rows=TABLE_ROWS)


def _actions_slides(prs, content: ReportContent, number: int) -> int:
    actions = list(content.actions)
    chunks = [actions[i:i + ACTIONS_PER_SLIDE] for i in range(0, len(actions), ACTIONS_PER_SLIDE)] or [[]]
    for k, chunk in enumerate(chunks):
        title = content.t("actions") + (f" ({k + 1}/{len(chunks)})" if len(chunks) > 1 else "")
        slide = _slide(prs, content, title, number + k)
        if not chunk:
            _text(slide, 0.5, 1.6, WIDTH_IN - 1.0, 1.0, content.t("no_actions"), size=18, color=GREY)
            continue
        box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(WIDTH_IN - 1.0), Inches(5.4))
        frame = box.text_frame
        frame.word_wrap = True
        for i, (source, action) in enumerate(chunk):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(9)
            run = paragraph.add_run()
            run.text = f"{k * ACTIONS_PER_SLIDE + i + 1}.  "
            run.font.bold = True
            run.font.size = Pt(17)
            run.font.color.rgb = BLUE
            run = paragraph.add_run()
            run.text = _shorten(action, 220)
            run.font.size = Pt(17)
            run.font.color.rgb = TEXT
            run = paragraph.add_run()
            run.text = f"   ({_shorten(source, 60)})"
            run.font.size = Pt(11)
            run.font.color.rgb = GREY
    return len(chunks)


def _appendix_slide(prs, content: ReportContent, number: int) -> None:
    slide = _slide(prs, content, f"{content.t('appendix')}: {content.role_summary.title}", number)
    _table(slide, content.role_summary, 0.5, 1.5, WIDTH_IN - 1.0, 4.6, content.lang, size=13, rows=10)
    _text(slide, 0.5, 6.5, WIDTH_IN - 1.0, 0.4, content.t("appendix_intro"), size=11, color=GREY)


def render_pptx(content: ReportContent) -> bytes:
    """The deck as pptx bytes."""
    prs = Presentation()
    prs.slide_width = Emu(12_192_000)  # 13.333 x 7.5 inches: exactly 16:9
    prs.slide_height = Emu(6_858_000)
    _title_slide(prs, content)
    number = 2
    _agenda_slide(prs, content, number)
    number += 1
    _summary_slide(prs, content, number)
    number += 1
    for section in content.sections:
        _section_slide(prs, content, section, number)
        number += 1
    number += _actions_slides(prs, content, number)
    _appendix_slide(prs, content, number)
    props = prs.core_properties
    props.title = f"{content.title}: {content.workshop_title}"[:250]
    props.author = "Workshop toolkit"
    props.last_modified_by = "Workshop toolkit"
    props.subject = content.organisation or ""
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def slide_count(content: ReportContent) -> int:
    """How many slides :func:`render_pptx` makes for ``content``."""
    actions = max(1, -(-len(content.actions) // ACTIONS_PER_SLIDE))
    return 3 + len(content.sections) + actions + 1
