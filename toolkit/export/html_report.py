"""The report as one self-contained HTML page: CSS inline, charts as base64 PNG, printable.

Built with a small Jinja2 template with autoescaping on, so every piece of text (participant
text above all) is HTML-escaped; nothing is marked safe except the base64 image data, which
is produced here.
"""
from __future__ import annotations

import base64
import functools

from jinja2 import Environment, select_autoescape

from toolkit.export.content import (
    CONTENT_WIDTH_IN,
    LANDSCAPE_CHART_HEIGHT_IN,
    LANDSCAPE_WIDTH_IN,
    MAX_CHART_HEIGHT_IN,
    WIDE_CHART_IN,
    ReportContent,
    Table,
    format_value,
)

# Rows shown per table. The PDF shows fewer rows than the HTML page (WeasyPrint's time grows with
# every line of text it lays out and draws); its appendix is a first look at the raw input, a few
# pages, and says so and where the rest is: the workbook always holds every row.
LIMITS = {
    "html": {"section": 60, "contributions": 2000, "votes": 500, "ratings": 500, "events": 500},
    "pdf": {"section": 25, "contributions": 25, "votes": 10, "ratings": 10, "events": 10},
}
# Longest text shown in one cell of these tables (the event log's raw data is for the workbook).
CELL_LIMITS = {"events": 160}

# A section with a wide chart (toolkit.export.content.WIDE_CHART_IN) or a wide table gets a
# landscape page.
WIDE_TABLE_COLUMNS = 8
# About how many characters fit on one line of a table: (landscape page, wide table) -> characters.
CAPACITY = {(False, False): 100, (False, True): 122, (True, False): 150, (True, True): 182}

CSS = """
@page {
  size: A4;
  margin: 18mm 17mm 20mm 17mm;
  @bottom-left { content: string(doctitle); font: 7.5pt 'DejaVu Sans', sans-serif; color: #777; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 7.5pt 'DejaVu Sans', sans-serif; color: #777; }
}
@page landscape { size: A4 landscape; }
@page :first { margin: 0; @bottom-left { content: none; } @bottom-right { content: none; } }
* { box-sizing: border-box; }
html { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 10pt; color: #222; }
body { margin: 0; background: #fff; line-height: 1.45; }
main { margin: 0; padding: 0; }
h1, h2, h3 { color: #12355b; line-height: 1.2; }
h2 { font-size: 16pt; margin: 0 0 3mm; padding-bottom: 1.5mm; border-bottom: 2px solid #0072B2;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
.cover { height: 297mm; display: flex; flex-direction: column; justify-content: space-between;
         background: #12355b; color: #fff; padding: 30mm 22mm 22mm; break-after: page; }
.cover .kicker { text-transform: uppercase; letter-spacing: 0.18em; font-size: 10pt; color: #9cc7ea; }
.cover h1 { color: #fff; font-size: 30pt; margin: 8mm 0 4mm; string-set: doctitle content(); }
.cover .workshop { font-size: 16pt; color: #fff; margin: 0 0 8mm; }
.cover .description { font-size: 11pt; color: #dbe8f5; max-width: 140mm; }
.cover .bar { height: 3mm; width: 40mm; background: #E69F00; margin: 6mm 0; }
.cover dl { display: grid; grid-template-columns: 38mm auto; gap: 2mm 4mm; font-size: 10.5pt; margin: 0; }
.cover dt { color: #9cc7ea; }
.cover dd { margin: 0; }
.cover .anonymous { margin-top: 6mm; font-size: 9.5pt; color: #ffd58a; }
section.part { margin: 10mm 0 4mm; }
section.break { break-before: page; }
section.landscape { page: landscape; }
table.wide { font-size: 7pt; }
table.wide th, table.wide td { padding: 1mm 1.2mm; }
.facts { display: flex; flex-wrap: wrap; gap: 3mm; margin: 3mm 0 5mm; }
.fact { flex: 1 1 28mm; border: 1px solid #d5dfea; border-top: 3px solid #0072B2; padding: 2.5mm 3mm; }
.fact .n { font-size: 17pt; font-weight: bold; color: #12355b; display: block; }
.fact .l { font-size: 8.5pt; color: #555; }
ol.takeaways { padding-left: 6mm; margin: 2mm 0; }
ol.takeaways li { margin-bottom: 2.5mm; break-inside: avoid; }
ol.takeaways strong { color: #12355b; }
.takeaway { background: #eef5fb; border-left: 4px solid #0072B2; padding: 3mm 4mm; margin: 0 0 4mm;
            font-size: 10.5pt; break-inside: avoid; }
.keep { break-inside: avoid; }
figure { margin: 0 0 4mm; text-align: center; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; font-size: 8.5pt; table-layout: fixed; }
caption { caption-side: top; text-align: left; font-weight: bold; color: #12355b; padding: 0 0 1.5mm;
          font-size: 9.5pt; }
th { background: #12355b; color: #fff; text-align: left; font-weight: bold; padding: 1.4mm 2mm;
     vertical-align: bottom; }
td { padding: 1.2mm 2mm; border-bottom: 1px solid #dde4ec; vertical-align: top;
     overflow-wrap: break-word; }
tr { break-inside: avoid; }
tbody tr:nth-child(even) td { background: #f6f8fb; }
td.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
.more, .empty { font-size: 8.5pt; color: #666; font-style: italic; margin: 0 0 4mm; }
.appendix table { font-size: 7.5pt; }
.appendix td.text { min-width: 45mm; }
ol.actions { padding-left: 6mm; }
ol.actions li { margin-bottom: 2mm; break-inside: avoid; }
ol.actions .from { color: #666; font-size: 8.5pt; }
footer.colophon { margin: 10mm 0 6mm; font-size: 8pt; color: #777; border-top: 1px solid #ccc; padding-top: 2mm; }
@media screen {
  body { background: #eef1f5; }
  main { max-width: 200mm; background: #fff; padding: 8mm 12mm; margin: 0 auto 10mm;
         box-shadow: 0 1px 6px rgba(0,0,0,.12); }
  .cover { height: auto; min-height: 200mm; max-width: 190mm; margin: 10mm auto 6mm; }
}
"""

TEMPLATE = """{% macro table(p) %}
<table{% if p.wide %} class="wide"{% endif %}>
<caption>{{ p.title }}</caption>
<colgroup>{% for w in p.widths %}<col style="width: {{ w }}%">{% endfor %}</colgroup>
<thead><tr>{% for col in p.columns %}<th>{{ col }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in p.rows %}<tr>
{%- for text, kind in row %}<td{% if kind %} class="{{ kind }}"{% endif %}>{{ text }}</td>{% endfor -%}
</tr>
{% endfor %}
</tbody>
</table>
{% if not p.rows %}<p class="empty">{{ c.t("empty_table") }}</p>
{% elif p.rows|length < p.total %}<p class="more">{{ c.t("rows_shown", shown=p.rows|length, total=p.total) }}</p>
{% endif %}
{% endmacro %}
<!DOCTYPE html>
<html lang="{{ c.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="workshop toolkit">
<title>{{ c.title }}: {{ c.workshop_title }}{% if c.organisation %} · {{ c.organisation }}{% endif %}</title>
<style>{% raw %}/*CSS*/{% endraw %}</style>
</head>
<body>
<header class="cover">
  <div>
    <div class="kicker">{{ c.title }}</div>
    <h1>{{ c.workshop_title }}</h1>
    {% if c.organisation %}<p class="workshop">{{ c.organisation }}</p>{% endif %}
    <div class="bar"></div>
    <p class="description">{{ c.workshop_description }}</p>
  </div>
  <div>
    <dl>
      {% if c.organisation %}<dt>{{ c.t("organisation") }}</dt><dd>{{ c.organisation }}</dd>{% endif %}
      <dt>{{ c.t("workshop") }}</dt><dd>{{ c.workshop_title }}</dd>
      <dt>{{ c.t("date") }}</dt><dd>{{ c.date }}</dd>
      <dt>{{ c.t("session_code") }}</dt><dd>{{ c.code }}</dd>
      {% for label, value in c.facts[:2] %}<dt>{{ label }}</dt><dd>{{ value }}</dd>{% endfor %}
    </dl>
    {% if c.anonymous %}<p class="anonymous">{{ c.t("anonymous_note") }}</p>{% endif %}
  </div>
</header>
<main>
<section class="part" id="summary">
  <h2>{{ c.t("summary") }}</h2>
  <div class="facts">
    {% for label, value in c.facts %}
    <div class="fact"><span class="n">{{ value }}</span><span class="l">{{ label }}</span></div>
    {% endfor %}
  </div>
  <p>{{ c.t("summary_intro") }}</p>
  <ol class="takeaways">
    {% for s in c.sections %}<li><strong>{{ s.title }}.</strong> {{ s.takeaway }}</li>{% endfor %}
  </ol>
</section>
<section class="part" id="agenda">
  <h2>{{ c.t("agenda") }}</h2>
  {{ table(prepare(c.agenda_table(), 40)) }}
  {{ table(prepare(c.participants, limits.section)) }}
</section>
{% for s in c.sections %}
{% set wide = landscape(s) %}
<section class="part{% if loop.first or s.chart %} break{% endif %}{% if wide %} landscape{% endif %}"
         id="section-{{ loop.index }}">
  <div class="keep">
    <h2>{{ s.title }}</h2>
    <p class="takeaway">{{ s.takeaway }}</p>
  </div>
  {% if s.chart %}
  <figure><img src="data:image/png;base64,{{ image(s.chart) }}" alt="{{ s.title }}"
               style="width: {{ width(s.chart, wide) }}"></figure>
  {% endif %}
  {% for tbl in s.tables %}{{ table(prepare(tbl, limits.section, wide)) }}{% endfor %}
</section>
{% endfor %}
<section class="part break" id="actions">
  <h2>{{ c.t("actions") }}</h2>
  {% if c.actions %}
  <p>{{ c.t("actions_intro") }}</p>
  <ol class="actions">
    {% for source, action in c.actions %}<li>{{ action }} <span class="from">({{ source }})</span></li>{% endfor %}
  </ol>
  {% else %}<p class="empty">{{ c.t("no_actions") }}</p>{% endif %}
</section>
<section class="part break appendix{% if appendix_wide %} landscape{% endif %}" id="appendix">
  <h2>{{ c.t("appendix") }}</h2>
  <p>{{ c.t("appendix_intro_pdf" if target == "pdf" else "appendix_intro") }}</p>
  {% for p in appendix %}{{ table(p) }}{% endfor %}
</section>
<footer class="colophon">{{ c.title }} · {{ c.subtitle }} · {{ c.t("session_code") }} {{ c.code }}</footer>
</main>
</body>
</html>
""".replace("/*CSS*/", CSS)


@functools.lru_cache(maxsize=1)
def _template():
    """The report template, compiled once, with autoescaping on for every expression."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    return env.from_string(TEMPLATE)


def _cell(value, lang: str, limit: int | None = None) -> tuple[str, str]:
    text = format_value(value, lang)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not numeric and hasattr(value, "dtype"):
        numeric = value.dtype.kind in "iuf"
    return text, ("num" if numeric else ("text" if len(text) > 60 else ""))


def column_widths(columns: list[str], rows: Cells, capacity: float) -> list[float]:
    """Column widths in percent for a fixed table layout (far quicker in WeasyPrint than an
    automatic one). Each column gets at least its longest word (so words are not split), the
    rest of the ``capacity`` (characters per line) goes to the columns with longer text."""
    mins, wants = [], []
    for j, name in enumerate(columns):
        cells = [row[j][0] for row in rows[:300]]
        words = [int(1.1 * len(w)) + 1 for text in [name, *cells] for w in text.split()]
        longest = min(max(words, default=2), 18)
        lengths = sorted(len(c) for c in cells) or [0]
        typical = min(lengths[int(0.9 * (len(lengths) - 1))], 70)
        mins.append(max(longest, 2) + 2)
        wants.append(max(typical, longest, 2) + 2)
    spare = capacity - sum(mins)
    room = [w - m for w, m in zip(wants, mins, strict=True)]
    if spare <= 0 or sum(room) <= 0:
        widths = mins
    elif sum(room) <= spare:
        widths = wants
    else:
        widths = [m + spare * r / sum(room) for m, r in zip(mins, room, strict=True)]
    total = sum(widths) or 1
    return [round(100 * w / total, 2) for w in widths]


Cells = list[list[tuple[str, str]]]  # rows of (text, CSS class) per cell


def shown_columns(columns: list[str], rows: Cells) -> tuple[list[str], Cells]:
    """``columns`` and ``rows`` without the columns that are empty in every row shown (a table
    without rows keeps its columns). A printed page has no room for a column with nothing in it;
    the workbook keeps every column."""
    keep = [j for j in range(len(columns)) if not rows or any(row[j][0] for row in rows)]
    if len(keep) == len(columns):
        return columns, rows
    return [columns[j] for j in keep], [[row[j] for j in keep] for row in rows]


def render_html(content: ReportContent, target: str = "html") -> str:
    """The report as an HTML string; ``target`` ``"pdf"`` shows fewer rows per table, leaves out
    the columns that are empty in every row shown and puts sections (and the appendix) with a
    wide chart or table on landscape pages."""
    limits = LIMITS[target]
    lang = content.lang

    def cells(tbl: Table, limit: int | None = None) -> tuple[list[str], Cells]:
        rows = [[_cell(v, lang, CELL_LIMITS.get(tbl.key)) for v in row] for row in tbl.rows(limit)]
        return shown_columns(tbl.columns, rows) if target == "pdf" else (tbl.columns, rows)

    def prepare(tbl: Table, limit: int | None = None, landscape: bool = False) -> dict:
        columns, rows = cells(tbl, limit)
        wide = len(columns) >= WIDE_TABLE_COLUMNS
        widths = column_widths(columns, rows, CAPACITY[(landscape, wide)])
        return {"title": tbl.title, "columns": columns, "rows": rows, "widths": widths, "wide": wide,
                "total": len(tbl)}

    def image(chart) -> str:
        return base64.b64encode(chart.png).decode("ascii")

    def width(chart, wide: bool = False) -> str:
        page_in = LANDSCAPE_WIDTH_IN if wide else CONTENT_WIDTH_IN
        height_in = LANDSCAPE_CHART_HEIGHT_IN if wide else MAX_CHART_HEIGHT_IN
        width_in = min(page_in, chart.width_in, chart.width_in * height_in / chart.height_in)
        return f"{100 * width_in / page_in:.1f}%"

    def landscape(section) -> bool:
        if target != "pdf":
            return False
        wide_chart = section.chart is not None and section.chart.width_in > WIDE_CHART_IN
        return wide_chart or any(len(cells(tbl, limits.get("section"))[0]) >= WIDE_TABLE_COLUMNS
                                 for tbl in section.tables)

    # In the PDF the appendix goes on landscape pages when one of its tables is wide, so that
    # long texts (a contribution's details) get room instead of a column of single words.
    appendix_wide = target == "pdf" and any(
        len(cells(tbl, limits[tbl.key])[0]) >= WIDE_TABLE_COLUMNS for tbl in content.appendix)
    appendix = [prepare(tbl, limits[tbl.key], appendix_wide) for tbl in content.appendix]
    return _template().render(
        c=content, target=target, limits=limits, prepare=prepare, image=image, width=width, landscape=landscape,
        appendix=appendix, appendix_wide=appendix_wide,
    )
