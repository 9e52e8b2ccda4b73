"""Tables a facilitator or learner loads from a CSV file: read, checked, stored with a session.

:func:`read_csv` turns the bytes of an uploaded file into a :class:`Table` of text cells and
refuses a file it cannot read with a message in the user's language that names the file and,
where it can, the row (counted from 1, as a spreadsheet shows it, the header being row 1) and
the column (its letter and name). It accepts what spreadsheets write: a comma or a semicolon
between columns, UTF-8 with or without a byte order mark. :func:`parse_number` reads a number
as Dutch and English spreadsheets write it (``1.234,5`` and ``1,234.5``, a decimal comma).

What the cells must hold (a month, a KPI, a number) is for the method that uses the table.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from typing import Any

from toolkit.core.errors import ValidationError

MAX_BYTES = 512 * 1024
MAX_ROWS = 400
MAX_COLUMNS = 30
MAX_CELL = 600


@dataclass(frozen=True)
class Table:
    """A table of text cells with a header row; ``name`` is the file it came from."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON-ready data (how a session stores it)."""
        return {"name": self.name, "columns": list(self.columns), "rows": [list(r) for r in self.rows]}

    @classmethod
    def from_dict(cls, data: Any, lang: str = "en", table_id: str = "table") -> Table:
        """A table from stored or sent data, checked for shape and size (``ValidationError``)."""
        if not isinstance(data, dict):
            raise ValidationError("table_invalid", lang, table=table_id[:40])
        name, columns, rows = data.get("name", ""), data.get("columns"), data.get("rows")
        ok = (isinstance(name, str) and len(name) <= 200 and isinstance(columns, list)
              and 1 <= len(columns) <= MAX_COLUMNS and isinstance(rows, list) and len(rows) <= MAX_ROWS
              and all(isinstance(c, str) and len(c) <= MAX_CELL for c in columns)
              and all(isinstance(r, list) and len(r) == len(columns)
                      and all(isinstance(v, str) and len(v) <= MAX_CELL and "\x00" not in v for v in r)
                      for r in rows))
        if not ok:
            raise ValidationError("table_invalid", lang, table=table_id[:40])
        return cls(name=name, columns=tuple(columns), rows=tuple(tuple(r) for r in rows))


def column_name(index: int, header: str | None = None) -> str:
    """A column as a spreadsheet names it: ``C`` for index 2, ``C ('likes')`` with its header."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters} ('{header}')" if header else letters


def _decode(data: bytes, name: str, lang: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise ValidationError("csv_encoding", lang, file=name, row=row) from None


def _delimiter(header_line: str) -> str:
    """``;`` when the header holds more semicolons than commas (Dutch spreadsheets), else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv(data: bytes, name: str, lang: str, max_bytes: int = MAX_BYTES) -> Table:
    """The CSV file ``data`` (called ``name``) as a :class:`Table` of stripped text cells.

    Empty lines are skipped. Raises :class:`ValidationError` for a file that is too large,
    empty, not UTF-8, not split by a comma or semicolon, has rows of another width than its
    header, unnamed or duplicate column names, or too many rows or columns.
    """
    name = str(name or "data.csv")[:120]
    if len(data) > max_bytes:
        raise ValidationError("csv_too_large", lang, file=name, limit=max_bytes // 1024)
    text = _decode(data, name, lang)
    if not text.strip():
        raise ValidationError("csv_empty", lang, file=name)
    first_line = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header: list[str] | None = None
    rows: list[tuple[str, ...]] = []
    try:
        for raw in reader:
            if not any(cell.strip() for cell in raw):
                continue
            cells = [cell.strip() for cell in raw]
            line = reader.line_num
            if header is None:
                header = _check_header(cells, name, lang)
                continue
            if len(cells) != len(header):
                raise ValidationError("csv_ragged", lang, file=name, row=line, found=len(cells), expected=len(header))
            if len(rows) >= MAX_ROWS:
                raise ValidationError("csv_too_many_rows", lang, file=name, limit=MAX_ROWS)
            for i, cell in enumerate(cells):
                if len(cell) > MAX_CELL:
                    raise ValidationError("csv_cell_too_long", lang, file=name, row=line,
                                          column=column_name(i, header[i]), length=len(cell), limit=MAX_CELL)
            rows.append(tuple(cells))
    except csv.Error:
        raise ValidationError("csv_ragged", lang, file=name, row=reader.line_num, found="?",
                              expected=len(header or [])) from None
    assert header is not None
    if not rows:
        raise ValidationError("csv_no_rows", lang, file=name)
    return Table(name=name, columns=tuple(header), rows=tuple(rows))


def _check_header(cells: list[str], name: str, lang: str) -> list[str]:
    if len(cells) == 1:
        raise ValidationError("csv_delimiter", lang, file=name)
    if len(cells) > MAX_COLUMNS:
        raise ValidationError("csv_too_many_columns", lang, file=name, limit=MAX_COLUMNS)
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        if not cell:
            raise ValidationError("csv_header_empty", lang, file=name, column=column_name(i))
        if cell.casefold() in seen:
            raise ValidationError("csv_header_duplicate", lang, file=name, name=cell, column=column_name(i))
        seen.add(cell.casefold())
    return cells


_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}([.,]\d{3})+$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(cell: str) -> float | None:
    """A number as a spreadsheet writes it, or ``None`` when ``cell`` is not one.

    ``12,5`` and ``12.5`` are twelve and a half; ``1.234,5`` and ``1,234.5`` have a thousands
    separator; ``12.500`` and ``12,500`` (groups of three digits) are twelve thousand five
    hundred. Spaces, a ``%`` and a ``€`` or ``$`` sign are ignored.
    """
    text = _SPACES.sub("", cell).strip("%€$")
    if not text:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif _GROUPED.match(text):
        text = text.replace(",", "").replace(".", "")
    else:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
