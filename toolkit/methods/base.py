"""The one small interface through which a method contributes to reports, workbooks and slides.

Each method module (``toolkit/methods/<method>.py``) defines

``report_sections(snapshot, lang) -> list[ReportSection]``

and registers its workshop id in :data:`toolkit.methods.METHODS`. Exporters only ever see
``ReportSection`` objects, so a new method plugs in without touching them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class ReportSection:
    """One section of a report: a heading, a short takeaway, and optionally a chart and tables.

    Attributes
    ----------
    title
        The heading, in the report's language.
    takeaway
        One or two plain sentences saying what the reader should conclude (used as the slide's
        takeaway, too). Participant text inside it is plain text: exporters escape it.
    figure
        A function that builds the chart (a ``matplotlib.figure.Figure``), or ``None``.
    tables
        Named tables, in order: ``{sheet or caption: DataFrame}``. Column names are in the
        report's language.
    actions
        Decisions or next actions, one plain sentence each (collected on the actions slide).
    """

    title: str
    takeaway: str
    figure: Callable[[], Figure] | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    actions: tuple[str, ...] = ()
