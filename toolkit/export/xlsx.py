"""The report as an xlsx workbook: one sheet per table, ready for filtering and follow-up.

Sheets: a summary (report facts, each section's takeaway), the agenda, participants by role,
decisions and actions, every table of every section, then contributions, votes, ratings and the
event log. Each sheet has a bold, frozen header row, an autofilter and set column widths.

Formula injection: a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be taken as a formula by a spreadsheet program. Such text is stored as a string cell with
the "quote prefix" style, so Excel and LibreOffice show it as text and never evaluate it.
"""
from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from toolkit.export.content import ReportContent, Table, plain_value

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_767  # characters Excel keeps in one cell
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="12355B")
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_BAD.sub(" ", title).strip().strip("'") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.casefold())
    return name


def set_cell(cell, value) -> None:
    """Write ``value``: numbers as numbers, everything else as text that is never a formula."""
    value = plain_value(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = value


def workbook_tables(content: ReportContent) -> list[tuple[str, Table]]:
    """The sheets of the workbook, in order: ``(sheet name, table)``."""
    import pandas as pd

    used: set[str] = set()
    summary_rows = [
        (content.t("workshop"), content.workshop_title),
        (content.t("organisation"), content.organisation or ""),
        (content.t("date"), content.date),
        (content.t("session_code"), content.code),
        *content.facts,
    ]
    if content.anonymous:
        summary_rows.append(("", content.t("anonymous_note")))
    summary_rows += [(s.title, s.takeaway) for s in content.sections]
    summary = Table("summary", content.t("summary"), pd.DataFrame(
        summary_rows, columns=[content.t("item"), content.t("value")]))
    agenda = content.agenda_table()
    actions = Table("actions", content.t("actions"), pd.DataFrame(
        [(i + 1, action, source, "", "") for i, (source, action) in enumerate(content.actions)],
        columns=["#", content.t("action"), content.t("section"), content.t("owner"), content.t("due")]))
    tables = [summary, agenda, content.participants, actions]
    tables += [tbl for s in content.sections for tbl in s.tables]
    tables += list(content.appendix)
    return [(sheet_name(tbl.title, used), tbl) for tbl in tables]


def _width(values: list[str]) -> float:
    longest = max((len(line) for v in values for line in v.split("\n")), default=0)
    return float(min(max(longest + 2, 8), 70))


def _write_sheet(ws, table: Table) -> None:
    columns = table.columns
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        set_cell(cell, name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    wide = set()
    sample: list[list[str]] = [[c] for c in columns]
    for i, row in enumerate(table.rows(), start=2):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j)
            set_cell(cell, value)
            if i <= 300 and cell.value is not None:
                text = str(cell.value)
                sample[j - 1].append(text)
                if len(text) > 70:
                    wide.add(j)
    for j, values in enumerate(sample, start=1):
        ws.column_dimensions[get_column_letter(j)].width = _width(values)
    if wide and len(table):
        for j in wide:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.alignment = WRAP
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(table) + 1, 1)}"


def render_xlsx(content: ReportContent) -> bytes:
    """The workbook as xlsx bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, table in workbook_tables(content):
        _write_sheet(wb.create_sheet(title=name), table)
    wb.properties.creator = "Workshop toolkit"
    wb.properties.title = f"{content.title}: {content.workshop_title}"[:250]
    wb.properties.subject = content.organisation or ""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
