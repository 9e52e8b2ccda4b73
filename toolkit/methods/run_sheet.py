"""The run sheet as a report section: per phase the planned and actual minutes, for every workshop.

The numbers come from :mod:`toolkit.core.runsheet`; this module only words them for the report
(the facilitator page shows the same table live, :mod:`toolkit.ui.run_sheet`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.core.i18n import translate
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.definitions import Workshop
    from toolkit.core.runsheet import RunSheet
    from toolkit.core.snapshot import Snapshot

TEXT = {
    "title": {"nl": "Draaiboek: gepland en werkelijk", "en": "Run sheet: planned and actual"},
    "caption": {"nl": "Minuten per fase", "en": "Minutes per phase"},
    "phase": {"nl": "Fase", "en": "Phase"},
    "planned": {"nl": "Gepland", "en": "Planned"},
    "actual": {"nl": "Werkelijk", "en": "Actual"},
    "rebalanced": {"nl": "Bijgesteld", "en": "Re-balanced"},
    "on_time": {
        "nl": "Gepland {planned} minuten; de sessie liep {actual} minuten en bleef binnen de tijd.",
        "en": "Planned {planned} minutes; the session ran {actual} minutes and stayed within time.",
    },
    "over": {
        "nl": "Gepland {planned} minuten; de sessie liep {actual} minuten, {over} minuten langer. "
              "De meeste tijd ging erbij in: {phase}.",
        "en": "Planned {planned} minutes; the session ran {actual} minutes, {over} minutes longer. "
              "Most of the extra time went to: {phase}.",
    },
    "running": {
        "nl": "Nu in {phase}: {elapsed} van {planned} minuten. De rest van het programma past nog.",
        "en": "Now in {phase}: {elapsed} of {planned} minutes. The rest of the programme still fits.",
    },
    "running_short": {
        "nl": "Nu in {phase}: {elapsed} van {planned} minuten. Ook ingekort loopt de sessie {short} minuten uit.",
        "en": "Now in {phase}: {elapsed} of {planned} minutes. Even trimmed, the session runs {short} minutes late.",
    },
}


def text(key: str, lang: str, **params: object) -> str:
    """The run sheet string ``key`` in ``lang``."""
    return translate(TEXT, key, lang, **params)


def minutes(value: float | None, lang: str) -> str:
    """Minutes for reading: whole minutes, one decimal below ten (empty when unknown)."""
    from toolkit.core.views import format_number

    if value is None:
        return ""
    return format_number(round(value, 1) if value < 10 else float(round(value)), lang)


def sheet_table(sheet: RunSheet, workshop: Workshop, lang: str) -> pd.DataFrame:
    """The run sheet as a table: phase, planned, actual, re-balanced (minutes, as numbers)."""
    import pandas as pd

    def number(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    rows = [[workshop.phases[r.index].title(lang), number(r.planned), number(r.actual), number(r.rebalanced)]
            for r in sheet.rows]
    columns = [text(k, lang) for k in ("phase", "planned", "actual", "rebalanced")]
    return pd.DataFrame(rows, columns=columns)


def summary(sheet: RunSheet, workshop: Workshop, lang: str, finished: bool) -> str:
    """One sentence: how the session went against the plan (``finished``) or where it stands now."""
    planned = minutes(sheet.duration, lang)
    if finished:
        over = sheet.elapsed - sheet.duration
        if over < 0.5:
            return text("on_time", lang, planned=planned, actual=minutes(sheet.elapsed, lang))
        extra = max(sheet.rows, key=lambda r: (r.actual or 0) - (r.planned or 0))
        return text("over", lang, planned=planned, actual=minutes(sheet.elapsed, lang), over=minutes(over, lang),
                    phase=workshop.phases[extra.index].title(lang))
    current = sheet.current
    params = {"phase": workshop.phases[current.index].title(lang), "elapsed": minutes(sheet.current_elapsed, lang),
              "planned": minutes(current.planned, lang)}
    if sheet.shortfall >= 0.5:
        return text("running_short", lang, short=minutes(sheet.shortfall, lang), **params)
    return text("running", lang, **params)


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """The run sheet up to the session's last change; none for a session that never started."""
    from toolkit.core.definitions import get_workshop
    from toolkit.core.runsheet import snapshot_run_sheet

    sheet = snapshot_run_sheet(snapshot)
    if sheet.started_at is None:
        return []
    workshop = get_workshop(snapshot.workshop_id)
    finished = sheet.current_index == len(workshop.phases) - 1
    return [ReportSection(title=text("title", lang), takeaway=summary(sheet, workshop, lang, finished),
                          tables={text("caption", lang): sheet_table(sheet, workshop, lang)})]
