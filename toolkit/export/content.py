"""What every export shows, gathered once per snapshot: text, tables and charts as PNG bytes.

:func:`build_content` turns a :class:`~toolkit.core.snapshot.Snapshot` into a
:class:`ReportContent`; the HTML, PDF, workbook and slide writers only format it. Each chart
is drawn once, the first time a format shows it (the workbook shows none), at a resolution
chosen for the largest place it is shown (:func:`chart_dpi`), and the same PNG bytes go into
every format.

Participant text is kept as plain text here; each writer escapes it for its own format.
In an anonymous session no participant name is put into the content at all.
"""
from __future__ import annotations

import io
import json
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from toolkit.core import views
from toolkit.core.definitions import Workshop, get_workshop
from toolkit.core.i18n import ROLES, check_language, role_label, translate
from toolkit.core.sessions import Contribution

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from toolkit.core.snapshot import Snapshot

# Every user-facing string of the exports, in both languages.
STRINGS: dict[str, dict[str, str]] = {
    "report": {"nl": "Workshopverslag", "en": "Workshop report"},
    "organisation": {"nl": "Organisatie", "en": "Organisation"},
    "date": {"nl": "Datum", "en": "Date"},
    "session_code": {"nl": "Sessiecode", "en": "Session code"},
    "workshop": {"nl": "Workshop", "en": "Workshop"},
    "anonymous_note": {
        "nl": "Anonieme sessie: dit verslag noemt geen namen van deelnemers.",
        "en": "Anonymous session: this report names no participants.",
    },
    "contents": {"nl": "Inhoud", "en": "Contents"},
    "summary": {"nl": "Samenvatting", "en": "Summary"},
    "summary_intro": {
        "nl": "De belangrijkste conclusies van de sessie, per onderdeel.",
        "en": "The main conclusions of the session, part by part.",
    },
    "key_figures": {"nl": "Kerncijfers", "en": "Key figures"},
    "participants": {"nl": "Deelnemers", "en": "Participants"},
    "disciplines": {"nl": "Disciplines", "en": "Disciplines"},
    "contributions": {"nl": "Bijdragen", "en": "Contributions"},
    "dots": {"nl": "Stippen", "en": "Dots"},
    "scores": {"nl": "Scores", "en": "Scores"},
    "agenda": {"nl": "Programma", "en": "Agenda"},
    "phase": {"nl": "Fase", "en": "Phase"},
    "minutes": {"nl": "Minuten", "en": "Minutes"},
    "input": {"nl": "Werkvorm", "en": "Input"},
    "instructions": {"nl": "Opdracht", "en": "Instructions"},
    "input_none": {"nl": "Bespreken", "en": "Discussion"},
    "input_note": {"nl": "Briefjes", "en": "Notes"},
    "input_form": {"nl": "Formulier", "en": "Form"},
    "input_rating": {"nl": "Scores geven", "en": "Scoring"},
    "input_vote": {"nl": "Stemmen met stippen", "en": "Dot voting"},
    "actions": {"nl": "Besluiten en acties", "en": "Decisions and actions"},
    "actions_intro": {
        "nl": "Wat de groep besloot of als volgende stap voorstelt. Vul eigenaar en datum in bij de opvolging.",
        "en": "What the group decided or proposes as the next step. Add an owner and a date when following up.",
    },
    "no_actions": {
        "nl": "Er zijn geen besluiten of acties vastgelegd.",
        "en": "No decisions or actions were recorded.",
    },
    "action": {"nl": "Actie", "en": "Action"},
    "owner": {"nl": "Eigenaar", "en": "Owner"},
    "due": {"nl": "Datum gereed", "en": "Due"},
    "section": {"nl": "Onderdeel", "en": "Section"},
    "appendix": {"nl": "Bijlagen", "en": "Appendix"},
    "appendix_intro": {
        "nl": "Alle invoer van de sessie. De werkmap (xlsx) bevat alle rijen van elke tabel.",
        "en": "Everything the session collected. The workbook (xlsx) holds every row of every table.",
    },
    "appendix_intro_pdf": {
        "nl": "Een eerste blik op alle invoer van de sessie: van een lange tabel staan hier de eerste rijen. "
              "De werkmap (xlsx) bevat alle rijen van elke tabel.",
        "en": "A first look at everything the session collected: of a long table, the first rows are shown here. "
              "The workbook (xlsx) holds every row of every table.",
    },
    "participants_by_role": {"nl": "Deelnemers per rol", "en": "Participants by role"},
    "role": {"nl": "Rol", "en": "Role"},
    "number": {"nl": "Aantal", "en": "Number"},
    "names": {"nl": "Namen", "en": "Names"},
    "author": {"nl": "Auteur", "en": "Author"},
    "kind": {"nl": "Soort", "en": "Kind"},
    "kind_note": {"nl": "Briefje", "en": "Note"},
    "kind_form": {"nl": "Formulier", "en": "Form"},
    "kind_rating": {"nl": "Score", "en": "Score"},
    "text": {"nl": "Tekst", "en": "Text"},
    "details": {"nl": "Details", "en": "Details"},
    "votes": {"nl": "Stemmen", "en": "Votes"},
    "ratings": {"nl": "Scores", "en": "Ratings"},
    "item": {"nl": "Onderdeel", "en": "Item"},
    "column": {"nl": "Kolom", "en": "Column"},
    "dimension": {"nl": "Dimensie", "en": "Dimension"},
    "score": {"nl": "Score", "en": "Score"},
    "note": {"nl": "Briefje", "en": "Note"},
    "event_log": {"nl": "Logboek", "en": "Event log"},
    "event_log_audit": {"nl": "Volledig auditlogboek", "en": "Full audit log"},
    "version": {"nl": "Versie", "en": "Version"},
    "time": {"nl": "Tijd", "en": "Time"},
    "actor": {"nl": "Door", "en": "By"},
    "event": {"nl": "Gebeurtenis", "en": "Event"},
    "facilitator": {"nl": "Facilitator", "en": "Facilitator"},
    "rows_shown": {
        "nl": "De eerste {shown} van {total} rijen; de werkmap bevat ze allemaal.",
        "en": "The first {shown} of {total} rows; the workbook holds them all.",
    },
    "empty_table": {"nl": "Nog geen gegevens.", "en": "No data yet."},
    "participation": {"nl": "Deelname", "en": "Participation"},
    "participation_chart": {"nl": "Invoer per fase en rol", "en": "Input per phase and role"},
    "participation_takeaway": {
        "nl": "{people} deelnemers uit {roles} disciplines leverden {items} bijdragen en {scores} scores; "
              "de meeste invoer kwam van {top}.",
        "en": "{people} participants from {roles} disciplines gave {items} contributions and {scores} scores; "
              "most input came from {top}.",
    },
    "no_input": {
        "nl": "{people} deelnemers deden mee; er is nog geen invoer.",
        "en": "{people} participants took part; there is no input yet.",
    },
    "overview": {"nl": "Overzicht", "en": "Overview"},
    "value": {"nl": "Waarde", "en": "Value"},
    "takeaway": {"nl": "Conclusie", "en": "Takeaway"},
    "summary_table": {"nl": "Deelname per rol", "en": "Participation by role"},
    "page": {"nl": "Pagina", "en": "Page"},
    # Curation of the board: what the room agreed, clustered and merged.
    "curation": {"nl": "Resultaat van het bord", "en": "Result of the board"},
    "curation_takeaway": {
        "nl": "Afgesproken punten: {agreed}. Bijdragen in een cluster: {clustered} (in {clusters} clusters). "
              "Samengevoegde dubbele bijdragen: {merged}.",
        "en": "Agreed items: {agreed}. Contributions in a cluster: {clustered} ({clusters} clusters). "
              "Duplicates merged: {merged}.",
    },
    "agreed_items": {"nl": "Afgesproken", "en": "Agreed"},
    "agreed_wording": {"nl": "Afgesproken formulering", "en": "Agreed wording"},
    "original_text": {"nl": "Oorspronkelijke tekst", "en": "Original text"},
    "clusters": {"nl": "Clusters", "en": "Clusters"},
    "cluster": {"nl": "Cluster", "en": "Cluster"},
    "merges": {"nl": "Samengevoegd", "en": "Merged"},
    "kept_note": {"nl": "Blijft staan", "en": "Kept"},
    "merged_note": {"nl": "Samengevoegd erin", "en": "Merged into it"},
    "agreed_mark": {"nl": "afgesproken", "en": "agreed"},
}

MONTHS = {  # by month number
    "1": {"nl": "januari", "en": "January"},
    "2": {"nl": "februari", "en": "February"},
    "3": {"nl": "maart", "en": "March"},
    "4": {"nl": "april", "en": "April"},
    "5": {"nl": "mei", "en": "May"},
    "6": {"nl": "juni", "en": "June"},
    "7": {"nl": "juli", "en": "July"},
    "8": {"nl": "augustus", "en": "August"},
    "9": {"nl": "september", "en": "September"},
    "10": {"nl": "oktober", "en": "October"},
    "11": {"nl": "november", "en": "November"},
    "12": {"nl": "december", "en": "December"},
}

FIGURE_DPI = 150
# Where a chart is shown, in inches: fitted into the HTML page and the PDF's portrait pages
# (content width x tallest chart), into a landscape PDF page when it is wider than
# WIDE_CHART_IN, and into the chart area of a slide (where a small chart is also scaled up).
CONTENT_WIDTH_IN = 6.9  # an A4 page: 210 mm - 2 x 17 mm margins
MAX_CHART_HEIGHT_IN = 7.6
LANDSCAPE_WIDTH_IN = 10.3
LANDSCAPE_CHART_HEIGHT_IN = 4.9
WIDE_CHART_IN = 10.5
SLIDE_CHART_AREA_IN = (8.4, 5.5)
# A chart gets at least this many pixels per inch where it is shown largest: a little more than a
# chart of page width gets at FIGURE_DPI (150 x 7.5 / 6.9 = 163), so a large chart drawn with
# fewer dots per inch is as sharp on the page as any other; never fewer than MIN_FIGURE_DPI.
PIXELS_PER_INCH = 170
MIN_FIGURE_DPI = 60
PNG_COMPRESSION = 3  # zlib level: as small as level 6 for charts, and quicker
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def t(key: str, lang: str, **params: object) -> str:
    """The export string ``key`` in ``lang`` with ``params`` filled in."""
    return translate(STRINGS, key, lang, **params)


def clean_text(value: str) -> str:
    """``value`` without control characters that XML-based formats cannot hold (tabs and newlines stay)."""
    return _CONTROL.sub("", value)


def format_value(value: Any, lang: str) -> str:
    """A cell value as text for reading (HTML, PDF, slides): numbers rounded, decimal comma in Dutch."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return views.format_number(value, lang)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(format_value(v, lang) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d %H:%M")
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        try:
            return format_value(value.item(), lang)
        except (TypeError, ValueError):
            pass
    return clean_text(str(value))


def plain_value(value: Any) -> Any:
    """A cell value for a spreadsheet: numbers stay numbers, everything else becomes text."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        try:
            return plain_value(value.item())
        except (TypeError, ValueError):
            pass
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return clean_text(str(value))


class Chart:
    """A chart, drawn the first time a format asks for it and then shared by every format that
    shows it (the workbook shows none): PNG bytes and the size in pixels at ``dpi``."""

    def __init__(self, figure: Callable[[], Figure]) -> None:
        self._figure: Callable[[], Figure] | None = figure
        self._drawn: tuple[bytes, int, int, int] | None = None
        self._lock = threading.Lock()

    def _get(self) -> tuple[bytes, int, int, int]:
        with self._lock:
            if self._drawn is None:
                self._drawn = draw_png(self._figure())
                self._figure = None  # the figure and its data are not needed any more
            return self._drawn

    @property
    def drawn(self) -> bool:
        """Whether a format has asked for the chart yet."""
        return self._drawn is not None

    @property
    def png(self) -> bytes:
        return self._get()[0]

    @property
    def width(self) -> int:
        return self._get()[1]

    @property
    def height(self) -> int:
        return self._get()[2]

    @property
    def dpi(self) -> int:
        return self._get()[3]

    @property
    def width_in(self) -> float:
        return self.width / self.dpi

    @property
    def height_in(self) -> float:
        return self.height / self.dpi


@dataclass(frozen=True)
class Table:
    """A named table; ``frame`` has display column names in the report's language."""

    key: str
    title: str
    frame: pd.DataFrame

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def rows(self, limit: int | None = None) -> list[list[Any]]:
        """The raw cell values, row by row (the first ``limit`` rows)."""
        frame = self.frame if limit is None else self.frame.head(limit)
        return [list(r) for r in frame.itertuples(index=False, name=None)]

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class Section:
    """One report section with its chart already drawn."""

    title: str
    takeaway: str
    chart: Chart | None
    tables: tuple[Table, ...] = ()
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str
    instructions: str
    minutes: int | None
    input: str


@dataclass(frozen=True)
class ReportContent:
    """Everything the four formats show, in one language."""

    lang: str
    title: str
    workshop_id: str
    workshop_title: str
    workshop_description: str
    organisation: str | None
    date: str
    code: str
    anonymous: bool
    facts: tuple[tuple[str, str], ...]
    participants: Table
    agenda: tuple[AgendaItem, ...]
    sections: tuple[Section, ...]
    actions: tuple[tuple[str, str], ...]
    appendix: tuple[Table, ...]
    role_summary: Table
    extra: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def agenda_table(self, with_instructions: bool = True) -> Table:
        """The agenda as a table: number, phase, input, minutes (and the instructions)."""
        import pandas as pd

        columns = ["#", self.t("phase"), self.t("input"), self.t("minutes")]
        rows = [[a.number, a.title, a.input, a.minutes] for a in self.agenda]
        if with_instructions:
            columns.append(self.t("instructions"))
            rows = [[*r, a.instructions] for r, a in zip(rows, self.agenda, strict=True)]
        return Table("agenda", self.t("agenda"), pd.DataFrame(rows, columns=columns))

    @property
    def subtitle(self) -> str:
        """``workshop title - organisation - date`` in one line."""
        return " · ".join(p for p in (self.workshop_title, self.organisation, self.date) if p)


# -- building -----------------------------------------------------------------------------------

def shown_width_in(width_in: float, height_in: float) -> float:
    """The widest, in inches, that a chart of ``width_in`` x ``height_in`` is shown in any format."""
    page = min(CONTENT_WIDTH_IN, width_in, width_in * MAX_CHART_HEIGHT_IN / height_in)
    landscape = (min(LANDSCAPE_WIDTH_IN, width_in, width_in * LANDSCAPE_CHART_HEIGHT_IN / height_in)
                 if width_in > WIDE_CHART_IN else 0.0)
    area_w, area_h = SLIDE_CHART_AREA_IN
    slide = width_in * min(area_w / width_in, area_h / height_in)
    return max(page, landscape, slide)


def chart_dpi(width_in: float, height_in: float) -> int:
    """Dots per inch to draw a chart of this size with: :data:`FIGURE_DPI`, or fewer for a chart
    that every format shows smaller than it is drawn (enough for :data:`PIXELS_PER_INCH` where it
    is shown largest, and at least :data:`MIN_FIGURE_DPI`)."""
    needed = PIXELS_PER_INCH * shown_width_in(width_in, height_in) / width_in
    return max(MIN_FIGURE_DPI, min(FIGURE_DPI, int(needed)))


def draw_png(fig: Figure) -> tuple[bytes, int, int, int]:
    """Draw a matplotlib figure on white to an RGB PNG (no alpha channel: nothing in a chart is
    transparent, and a PDF would have to split it off again): bytes, width, height and dpi."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    width_in, height_in = fig.get_size_inches()
    dpi = chart_dpi(width_in, height_in)
    fig.patch.set_facecolor("white")
    fig.patch.set_alpha(1.0)
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = canvas.buffer_rgba()
    height, width = rgba.shape[:2]
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_COMPRESSION, dpi=(dpi, dpi))
    return buffer.getvalue(), width, height, dpi


def _long_date(when: date, lang: str) -> str:
    return f"{when.day} {translate(MONTHS, str(when.month), lang)} {when.year}"


def _session_date(snapshot: Snapshot) -> date:
    events = snapshot.events
    if events is not None and len(events) and events["at"].notna().any():
        return datetime.fromtimestamp(float(events["at"].dropna().min())).date()
    return date.today()


def _lists_in(snapshot: Snapshot, lang: str) -> Snapshot:
    """The snapshot with the definition's default lists in ``lang`` (lists the facilitator
    edited stay as they are)."""
    if lang == snapshot.language:
        return snapshot
    lists = {k: list(v) for k, v in views.Reader.for_snapshot(snapshot, lang).lists.items()}
    return replace(snapshot, lists=lists)


def _method_sections(snapshot: Snapshot, lang: str):
    from toolkit.methods import method_module

    module = method_module(snapshot.workshop_id)
    if module is None:
        from toolkit.methods import brainstorm as module
    return module.report_sections(snapshot, lang)


def _facilitation_sections(snapshot: Snapshot, lang: str):
    """Sections every workshop's report has: votes and ratings by role, and the run sheet."""
    from toolkit.methods import by_role, run_sheet

    return [*by_role.report_sections(snapshot, lang), *run_sheet.report_sections(snapshot, lang)]


def _frame_for_table(frame) -> pd.DataFrame:
    """A section's DataFrame ready to show: a meaningful index becomes columns, names become text."""
    import pandas as pd

    if frame is None:
        return pd.DataFrame()
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(frame)
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" / ".join(str(p) for p in c if str(p)) for c in frame.columns]
    frame = frame.copy()
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _role_order(roles) -> list[str]:
    known = [r for r in ROLES if r in set(roles)]
    return known + sorted(set(roles) - set(ROLES))


def _participation(snapshot: Snapshot, workshop: Workshop, lang: str) -> Section:
    """A section every report starts with: who took part and how much input each phase got."""
    people = len(snapshot.participants)
    contributions = snapshot.contributions
    if contributions.empty:
        return Section(title=t("participation", lang), takeaway=t("no_input", lang, people=people), chart=None)
    counts = contributions.groupby(["phase", "role"]).size().unstack(fill_value=0)
    order = [p.id for p in workshop.phases if p.id in counts.index]
    order += [p for p in counts.index if p not in order]
    counts = counts.loc[order, _role_order(counts.columns)]
    by_role = counts.sum(axis=0).sort_values(ascending=False)
    items = int((contributions["kind"] != "rating").sum())
    scores = int((contributions["kind"] == "rating").sum())
    roles = snapshot.participants["role"].nunique()
    takeaway = t("participation_takeaway", lang, people=people, roles=roles, items=items, scores=scores,
                 top=role_label(str(by_role.index[0]), lang))
    titles = {p.id: p.title(lang) for p in workshop.phases}

    def draw():
        from textwrap import shorten

        from toolkit.charts.style import ROLE_COLOURS, new_figure, style_axes

        fig = new_figure(7.5, 1.3 + 0.42 * len(counts))
        ax = fig.add_subplot()
        ys = list(range(len(counts)))[::-1]
        left = [0] * len(counts)
        for role in counts.columns:
            values = [int(v) for v in counts[role]]
            ax.barh(ys, values, left=left, color=ROLE_COLOURS.get(role, "#7F7F7F"), label=role_label(role, lang),
                    edgecolor="white", height=0.65)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(ys, [shorten(titles.get(p, p), 34, placeholder="…") for p in counts.index])
        ax.set_xlabel(t("number", lang))
        ax.set_title(t("participation_chart", lang), loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        style_axes(ax)
        return fig

    return Section(title=t("participation", lang), takeaway=takeaway, chart=Chart(draw))


def _participants_table(snapshot: Snapshot, lang: str) -> Table:
    import pandas as pd

    people = snapshot.participants
    rows = []
    for role in _role_order(people["role"].unique()):
        group = people[people["role"] == role]
        row = {t("role", lang): role_label(role, lang), t("number", lang): len(group)}
        if not snapshot.anonymous:
            row[t("names", lang)] = ", ".join(str(n) for n in group["name"] if isinstance(n, str) and n)
        rows.append(row)
    columns = [t("role", lang), t("number", lang)] + ([] if snapshot.anonymous else [t("names", lang)])
    return Table("participants", t("participants_by_role", lang), pd.DataFrame(rows, columns=columns))


def _role_summary(snapshot: Snapshot, lang: str) -> Table:
    """Per role: participants, contributions, dots and scores (the appendix slide's table)."""
    import pandas as pd

    people = snapshot.participants
    contributions = snapshot.contributions
    votes = snapshot.votes
    rows = []
    for role in _role_order(set(people["role"])):
        mine = contributions[contributions["role"] == role]
        rows.append({
            t("role", lang): role_label(role, lang),
            t("participants", lang): int((people["role"] == role).sum()),
            t("contributions", lang): int((mine["kind"] != "rating").sum()),
            t("dots", lang): int(votes.loc[votes["role"] == role, "points"].sum()) if not votes.empty else 0,
            t("scores", lang): int((mine["kind"] == "rating").sum()),
        })
    columns = [t("role", lang), t("participants", lang), t("contributions", lang), t("dots", lang), t("scores", lang)]
    return Table("roles", t("summary_table", lang), pd.DataFrame(rows, columns=columns))


def _details_text(note: views.Card, payload: dict[str, Any], reader: views.Reader) -> str:
    """A contribution's group and labelled fields as ``label: value; ...``."""
    parts = [f"{reader.group_label(payload)}: {note.group}"] if note.group else []
    parts += [f"{d.label}: {d.value}" for d in note.details]
    return "; ".join(parts)


def _card(row, reader: views.Reader, anonymous: bool) -> views.Card:
    """How one snapshot row reads (the same card the board shows)."""
    payload = row.payload if isinstance(row.payload, dict) else {}
    author = row.author if isinstance(row.author, str) else None
    contribution = Contribution(int(row.id), int(row.participant_id), row.phase, row.kind, payload, author,
                                row.role, 0.0, 0.0)
    return views.card(contribution, reader, anonymous=anonymous)


def _curation_section(snapshot: Snapshot, workshop: Workshop, lang: str) -> Section | None:
    """What the facilitator made of the board: the agreed items (agreed wording and the original),
    the clusters with their notes, and each merge (the note kept and the notes merged into it)."""
    import pandas as pd

    cur = snapshot.curation
    if cur is None or cur.empty:
        return None
    titles = {p.id: p.title(lang) for p in workshop.phases}
    order = {p.id: i for i, p in enumerate(workshop.phases)}
    reader = views.Reader.for_snapshot(snapshot, lang)
    items = snapshot.contributions[snapshot.contributions["kind"] != "rating"]
    items = items.assign(_order=[order.get(p, len(order)) for p in items["phase"]]).sort_values(["_order", "id"])
    agreed, clustered, merges = [], [], []
    for r in items.itertuples(index=False):
        text = _card(r, reader, snapshot.anonymous).text
        if r.agreed:
            agreed.append({t("phase", lang): titles.get(r.phase, r.phase), t("agreed_wording", lang): r.agreed_text,
                           t("original_text", lang): text if r.agreed_text != text else ""})
        if r.cluster:
            clustered.append((r.cluster, r.phase, text))
        merges += [{t("kept_note", lang): text, t("merged_note", lang): m} for m in r.merged_texts]
    # Notes grouped by cluster, clusters in the order the facilitator made them.
    rank = {(c.label, c.phase): i for i, c in enumerate(cur.clusters)}
    clustered.sort(key=lambda x: rank.get((x[0], x[1]), len(rank)))
    cluster_rows = [{t("cluster", lang): c, t("phase", lang): titles.get(p, p), t("note", lang): text}
                    for c, p, text in clustered]
    tables = []
    if agreed:
        tables.append(("agreed", t("agreed_items", lang), agreed,
                       [t("phase", lang), t("agreed_wording", lang), t("original_text", lang)]))
    if cluster_rows:
        tables.append(("clusters", t("clusters", lang), cluster_rows,
                       [t("cluster", lang), t("phase", lang), t("note", lang)]))
    if merges:
        tables.append(("merges", t("merges", lang), merges, [t("kept_note", lang), t("merged_note", lang)]))
    takeaway = t("curation_takeaway", lang, agreed=len(agreed), clustered=len(cluster_rows),
                 clusters=len({(c, p) for c, p, _ in clustered}), merged=len(merges))
    return Section(title=t("curation", lang), takeaway=takeaway, chart=None,
                   tables=tuple(Table(f"curation-{key}", title, pd.DataFrame(rows, columns=columns))
                                for key, title, rows, columns in tables))


def _appendix(snapshot: Snapshot, workshop: Workshop, lang: str) -> tuple[Table, ...]:
    import pandas as pd

    titles = {p.id: p.title(lang) for p in workshop.phases}
    order = {p.id: i for i, p in enumerate(workshop.phases)}
    reader = views.Reader.for_snapshot(snapshot, lang)
    contributions = snapshot.contributions
    votes = snapshot.votes
    dots = votes.groupby("contribution_id")["points"].sum().to_dict() if not votes.empty else {}

    # Contributions (notes and forms)
    items = contributions[contributions["kind"] != "rating"]
    if not items.empty:
        items = items.assign(_order=[order.get(p, len(order)) for p in items["phase"]]).sort_values(["_order", "id"])
    kinds = {"note": t("kind_note", lang), "form": t("kind_form", lang)}
    rows = []
    for r in items.itertuples(index=False):
        note = _card(r, reader, snapshot.anonymous)
        row = {
            "#": int(r.id),
            t("phase", lang): titles.get(r.phase, r.phase),
            t("kind", lang): kinds.get(r.kind, r.kind),
            t("role", lang): role_label(r.role, lang),
        }
        if not snapshot.anonymous:
            row[t("author", lang)] = note.author or ""
        row[t("text", lang)] = note.text
        row[t("details", lang)] = _details_text(note, r.payload if isinstance(r.payload, dict) else {}, reader)
        row[t("dots", lang)] = int(dots.get(r.id, 0))
        row[t("cluster", lang)] = getattr(r, "cluster", None) or ""
        row[t("agreed_items", lang)] = t("agreed_mark", lang) if getattr(r, "agreed", False) else ""
        row[t("agreed_wording", lang)] = (getattr(r, "agreed_text", None) or "") if getattr(r, "agreed", False) else ""
        row[t("merges", lang)] = "\n".join(getattr(r, "merged_texts", ()) or ())
        rows.append(row)
    columns = ["#", t("phase", lang), t("kind", lang), t("role", lang)]
    columns += [] if snapshot.anonymous else [t("author", lang)]
    columns += [t("text", lang), t("details", lang), t("dots", lang), t("cluster", lang), t("agreed_items", lang),
                t("agreed_wording", lang), t("merges", lang)]
    contribution_table = Table("contributions", t("contributions", lang), pd.DataFrame(rows, columns=columns))

    # Votes
    vote_rows = [
        {t("phase", lang): titles.get(v.phase, v.phase), t("note", lang): reader.ref_text(v.contribution_id),
         t("role", lang): role_label(v.role, lang), t("dots", lang): int(v.points)}
        for v in votes.itertuples(index=False)
    ]
    vote_table = Table("votes", t("votes", lang), pd.DataFrame(
        vote_rows, columns=[t("phase", lang), t("note", lang), t("role", lang), t("dots", lang)]))

    # Ratings
    ratings = snapshot.ratings()
    dimension_labels = {
        (p.id, d.id): d.label(lang) for p in workshop.phases if p.rating for d in p.rating.dimensions
    }
    specs = {p.id: p.rating for p in workshop.phases if p.rating}
    rating_rows = [
        {t("phase", lang): titles.get(r.phase, r.phase),
         t("item", lang): reader.axis_label(specs[r.phase].rows, r.row) if r.phase in specs else r.row_label,
         t("column", lang): reader.axis_label(specs[r.phase].columns, r.column)
         if r.phase in specs and specs[r.phase].columns else "",
         t("dimension", lang): dimension_labels.get((r.phase, r.dimension), r.dimension),
         t("role", lang): role_label(r.role, lang), t("score", lang): r.score}
        for r in ratings.itertuples(index=False)
    ]
    rating_frame = pd.DataFrame(rating_rows, columns=[
        t("phase", lang), t("item", lang), t("column", lang), t("dimension", lang), t("role", lang), t("score", lang)])
    if not rating_frame.empty and (rating_frame[t("column", lang)] == "").all():
        rating_frame = rating_frame.drop(columns=[t("column", lang)])  # a grid without columns
    rating_table = Table("ratings", t("ratings", lang), rating_frame)

    # Event log
    people = {int(p.participant_id): p for p in snapshot.participants.itertuples(index=False)}
    event_rows = []
    events = snapshot.events
    if events is not None:
        for e in events.itertuples(index=False):
            event_rows.append({
                t("version", lang): int(e.version),
                t("time", lang): datetime.fromtimestamp(float(e.at)).strftime("%Y-%m-%d %H:%M:%S")
                if e.at is not None and not (isinstance(e.at, float) and math.isnan(e.at)) else "",
                t("actor", lang): _actor(str(e.actor), people, snapshot.anonymous, lang),
                t("event", lang): str(e.type),
                t("details", lang): json.dumps(_event_data(e.data, snapshot.anonymous), ensure_ascii=False,
                                               default=str),
            })
    # Without the audit key the events carry no text (toolkit.core.audit); say which log this is.
    event_title = t("event_log_audit" if snapshot.audit else "event_log", lang)
    event_table = Table("events", event_title, pd.DataFrame(event_rows, columns=[
        t("version", lang), t("time", lang), t("actor", lang), t("event", lang), t("details", lang)]))
    return contribution_table, vote_table, rating_table, event_table


def _event_data(data: Any, anonymous: bool) -> Any:
    if not isinstance(data, dict):
        return data
    if anonymous:
        return {k: v for k, v in data.items() if k != "name"}
    return data


def _actor(actor: str, people: dict[int, Any], anonymous: bool, lang: str) -> str:
    if actor == "facilitator":
        return t("facilitator", lang)
    if actor.startswith("p") and actor[1:].isdigit():
        person = people.get(int(actor[1:]))
        if person is None:
            return actor
        role = role_label(person.role, lang)
        if anonymous or not isinstance(person.name, str) or not person.name:
            return role
        return f"{person.name} ({role})"
    return actor


def drawn_sections(raws, first: int) -> list[Section]:
    """A method's :class:`~toolkit.methods.base.ReportSection` list with charts drawn and tables
    keyed from section number ``first`` on."""
    out = []
    for n, raw in enumerate(raws, start=first):
        chart = Chart(raw.figure) if raw.figure is not None else None
        tables = tuple(
            Table(f"s{n}-{i}", str(caption), _frame_for_table(frame))
            for i, (caption, frame) in enumerate(raw.tables.items())
        )
        out.append(Section(title=str(raw.title), takeaway=str(raw.takeaway), chart=chart, tables=tables,
                           actions=tuple(str(a) for a in raw.actions)))
    return out


def build_content(snapshot: Snapshot, lang: str | None = None) -> ReportContent:
    """Gather the content of every export of ``snapshot`` in ``lang`` (default: the session's)."""
    lang = check_language(lang or snapshot.language)
    workshop = get_workshop(snapshot.workshop_id)
    snapshot = views.without_names(_lists_in(snapshot, lang))

    sections = [_participation(snapshot, workshop, lang)]
    board = _curation_section(snapshot, workshop, lang)
    if board is not None:
        sections.append(board)
    sections += drawn_sections([*_method_sections(snapshot, lang), *_facilitation_sections(snapshot, lang)],
                               len(sections))
    actions = tuple((s.title, a) for s in sections for a in s.actions)

    people = snapshot.participants
    contributions = snapshot.contributions
    facts = (
        (t("participants", lang), str(len(people))),
        (t("disciplines", lang), str(people["role"].nunique())),
        (t("contributions", lang), str(int((contributions["kind"] != "rating").sum()))),
        (t("dots", lang), str(int(snapshot.votes["points"].sum())) if not snapshot.votes.empty else "0"),
        (t("scores", lang), str(int((contributions["kind"] == "rating").sum()))),
    )
    input_labels = {k: t(f"input_{k}", lang) for k in ("none", "note", "form", "rating", "vote")}
    agenda = tuple(
        AgendaItem(number=i + 1, title=p.title(lang), instructions=p.instructions(lang), minutes=p.timebox_minutes,
                   input=input_labels.get(p.input, p.input))
        for i, p in enumerate(workshop.phases)
    )
    return ReportContent(
        lang=lang,
        title=t("report", lang),
        workshop_id=workshop.id,
        workshop_title=workshop.title(lang),
        workshop_description=workshop.description(lang),
        organisation=snapshot.organisation,
        date=_long_date(_session_date(snapshot), lang),
        code=snapshot.code,
        anonymous=snapshot.anonymous,
        facts=facts,
        participants=_participants_table(snapshot, lang),
        agenda=agenda,
        sections=tuple(sections),
        actions=actions,
        appendix=_appendix(snapshot, workshop, lang),
        role_summary=_role_summary(snapshot, lang),
    )
