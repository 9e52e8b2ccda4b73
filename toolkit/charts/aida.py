"""Charts of the AIDA journey mapping: swimlane map, emotion curve, readiness heatmap, blockers."""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from matplotlib import colormaps
from matplotlib.colors import Normalize, to_rgb
from matplotlib.patches import FancyBboxPatch, Rectangle

from toolkit.charts.style import (
    MUTED,
    PALETTE,
    SEQUENTIAL_CMAP,
    TEXT_COLOUR,
    empty_chart,
    new_figure,
    plain_lines,
    plain_text,
    style_axes,
)
from toolkit.core.i18n import translate
from toolkit.methods.aida import (
    DEFAULT_IMPORTANCE,
    EMOTION_HIGH,
    EMOTION_LOW,
    NO_OWNER,
    READINESS_HIGH,
    READINESS_LOW,
    option_label,
    text,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

_LABELS: dict[str, dict[str, str]] = {
    "swimlane_title": {
        "nl": "De klantreis: contactpunten, techniek, eigenaar en gereedheid",
        "en": "The customer journey: touchpoints, technology, owner and readiness",
    },
    "lane_touchpoint": {"nl": "Contactpunt", "en": "Touchpoint"},
    "lane_technology": {"nl": "Techniek", "en": "Technology"},
    "lane_owner": {"nl": "Eigenaar", "en": "Owner"},
    "lane_readiness": {"nl": "Gereedheid (1-5)", "en": "Readiness (1-5)"},
    "no_touchpoints": {"nl": "(geen contactpunten)", "en": "(no touchpoints)"},
    "more": {"nl": "(+{n} in de tabel)", "en": "(+{n} in the table)"},
    "not_scored": {"nl": "geen score", "en": "not scored"},
    "scores": {"nl": "{n} scores", "en": "{n} scores"},
    "score_1": {"nl": "1 score", "en": "1 score"},
    "legend": {
        "nl": "Gereedheid:  1 = niet klaar   ...   5 = helemaal klaar",
        "en": "Readiness:  1 = not ready   ...   5 = fully ready",
    },
    "empty_journey": {"nl": "Nog geen contactpunten ingevoerd.", "en": "No touchpoints entered yet."},
    "emotion_title": {"nl": "Hoe voelt de klant zich per fase?", "en": "How does the customer feel at each stage?"},
    "emotion_axis": {"nl": "Gemiddelde emotie (-2 tot +2)", "en": "Mean emotion (-2 to +2)"},
    "frustrating": {"nl": "frustrerend", "en": "frustrating"},
    "delightful": {"nl": "prettig", "en": "delightful"},
    "low_point": {"nl": "dieptepunt", "en": "low point"},
    "no_scores": {"nl": "(geen scores)", "en": "(no scores)"},
    "empty_emotion": {"nl": "Nog geen emotiescores gegeven.", "en": "No emotion scores given yet."},
    "heatmap_title": {
        "nl": "Gereedheid van de techniek per fase en eigenaar",
        "en": "Technology readiness by stage and owner",
    },
    "heatmap_bar": {"nl": "Gemiddelde gereedheid (1-5)", "en": "Mean readiness (1-5)"},
    "heatmap_note": {
        "nl": "1 = niet klaar, 5 = helemaal klaar; – = geen score",
        "en": "1 = not ready, 5 = fully ready; – = no score",
    },
    "empty_readiness": {"nl": "Nog geen gereedheidsscores gegeven.", "en": "No readiness scores given yet."},
    "blockers_title": {"nl": "Blokkades per soort", "en": "Blockers by kind"},
    "blockers_axis": {"nl": "Aantal blokkades", "en": "Number of blockers"},
    "with_action": {"nl": "met actie", "en": "with an action"},
    "without_action": {"nl": "nog zonder actie", "en": "no action yet"},
    "empty_blockers": {"nl": "Nog geen blokkades genoemd.", "en": "No blockers named yet."},
}

_FONT = 8.5
_LINE = _FONT * 1.3 / 72  # inches per text line
_MAX_LINES = 6
_GREY = "#EEEEEE"
_LANE_COLOURS = ("#F4F8FB", "#FFFFFF")


def _t(key: str, lang: str, **params) -> str:
    return translate(_LABELS, key, lang, **params)


def _num(value: float, lang: str, signed: bool = False) -> str:
    shown = f"{value:+.1f}" if signed else f"{value:.1f}"
    return shown.replace(".", ",") if lang == "nl" else shown


@functools.lru_cache(maxsize=4)
def _hyphenator(lang: str | None):
    """A Dutch or English hyphenator (pyphen), or ``None`` without a language."""
    if not lang:
        return None
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency, but wrapping must not fail
        return None
    return pyphen.Pyphen(lang="nl" if lang == "nl" else "en")


def _wrap(value: str, width: int, max_lines: int = _MAX_LINES, lang: str | None = None) -> list[str]:
    """``value`` broken into lines of at most ``width`` characters.

    Words longer than a line are hyphenated (Dutch or English patterns when ``lang`` is given,
    else cut); beyond ``max_lines`` lines the last one ends in an ellipsis.
    """
    width = max(int(width), 4)
    hyphenator = _hyphenator(lang)
    lines: list[str] = []
    current = ""
    for word in str(value).split():
        while word:
            sep = " " if current else ""
            if len(current) + len(sep) + len(word) <= width:
                current += sep + word
                word = ""
            elif len(word) <= width:
                lines.append(current)
                current = ""
            else:
                room = width - len(current) - len(sep)
                split = hyphenator.wrap(word, room) if hyphenator and room >= 4 else None
                if split:
                    lines.append(current + sep + split[0])
                    current, word = "", split[1]
                elif current:
                    lines.append(current)
                    current = ""
                else:
                    lines.append(word[: width - 1] + "-")
                    word = word[width - 1 :]
    if current or not lines:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last if len(last) <= width - 2 else last[: width - 2].rstrip()) + " …"
    return lines


def _chars(width_in: float, fontsize: float, bold: bool = False) -> int:
    """How many characters of ``fontsize`` fit on a line ``width_in`` inches wide (conservative:
    DejaVu Sans averages about 0.55 em per character, bold about 0.62)."""
    return int(width_in * 72 / (fontsize * (0.68 if bold else 0.6)))


def _ink(rgb) -> str:
    """Black or white text, whichever reads better on a background colour."""
    r, g, b = to_rgb(rgb)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.5 else "#FFFFFF"


def _fixed_figure(width: float, height: float) -> Figure:
    """A house-style figure without a layout engine, for charts laid out in inches by hand."""
    fig = new_figure(width, height)
    fig.set_layout_engine("none")
    return fig


# ---------------------------------------------------------------- swimlane


def journey_swimlane(journey: pd.DataFrame, lang: str, max_per_stage: int = 6) -> Figure:
    """The journey as a swimlane map: stages across, one column per touchpoint.

    Parameters
    ----------
    journey
        The output of :func:`toolkit.methods.aida.journey_table`.
    lang
        ``"nl"`` or ``"en"``.
    max_per_stage
        At most this many touchpoints per stage, the most important ones (empty importance
        counts as 3); the stage header says how many more the journey table holds.

    Returns
    -------
    matplotlib.figure.Figure
        Lanes top to bottom: touchpoint (with its channel), technology, owner and readiness
        (a cividis-coloured box with the mean score and the number of scores). A stage without
        touchpoints keeps an empty column so gaps in the journey stay visible. The figure grows
        with the number of touchpoints and with the longest text, so nothing is cut off; text
        beyond six lines per box ends in an ellipsis (the journey table holds all of it).
    """
    if journey is None or journey.empty:
        return empty_chart(_t("empty_journey", lang))
    from toolkit.methods.aida import STAGES

    stages = list(dict.fromkeys(list(STAGES) + [s for s in journey["stage"] if s not in STAGES]))
    columns: list[tuple[str, object]] = []  # (stage, row or None)
    hidden: dict[str, int] = {}
    for stage in stages:
        rows = journey[journey["stage"] == stage]
        if rows.empty:
            if stage in STAGES:
                columns.append((stage, None))
            continue
        if len(rows) > max_per_stage:
            ranked = rows["importance"].fillna(DEFAULT_IMPORTANCE).sort_values(ascending=False, kind="stable")
            rows = rows.loc[sorted(ranked.index[:max_per_stage])]
            hidden[stage] = int((journey["stage"] == stage).sum()) - max_per_stage
        columns.extend((stage, row) for _, row in rows.iterrows())

    written = journey.attrs.get("content_language") or lang  # participants' text is hyphenated in its own language
    n = len(columns)
    col_w = 1.9 if n <= 12 else max(1.35, 22.0 / n)
    label_w, margin, gap = 1.35, 0.15, 0.06
    inner = col_w - 2 * gap - 0.16
    chars = _chars(inner, _FONT)
    bold_chars = _chars(inner, _FONT, bold=True)

    def cell_lines(row, lane: str) -> list[str]:
        if row is None:
            return _wrap(_t("no_touchpoints", lang), chars, lang=lang) if lane == "touchpoint" else [""]
        if lane == "touchpoint":
            lines = _wrap(row["touchpoint"], bold_chars, lang=written)
            if row["channel"]:
                lines += _wrap(f"({row['channel']})", chars, 2, written)
            return lines
        if lane == "technology":
            return _wrap(row["technology"] or "–", chars, lang=written)
        if lane == "owner":
            label = option_label("owners", row["owner"], lang, row["owner_label"]) if row["owner"] else None
            label = label or text("no_owner", lang)
            return _wrap(label, chars, 2, lang)
        if math.isnan(row["readiness"]):
            return [_t("not_scored", lang)]
        count = int(row["readiness_n"])
        return [_num(row["readiness"], lang), _t("score_1", lang) if count == 1 else _t("scores", lang, n=count)]

    lanes = ["touchpoint", "technology", "owner", "readiness"]
    lane_lines = {lane: [cell_lines(row, lane) for _, row in columns] for lane in lanes}
    lane_h = {lane: max(0.5, max(len(lines) for lines in lane_lines[lane]) * _LINE + 0.3) for lane in lanes}

    # stage header bands: one per run of columns of the same stage
    x0 = margin + label_w
    stage_colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(stages)}
    bands = []  # (stage, first column, last column, label lines)
    start = 0
    while start < n:
        stage = columns[start][0]
        end = start
        while end + 1 < n and columns[end + 1][0] == stage:
            end += 1
        span = (end - start + 1) * col_w - 2 * gap
        label = option_label("stages", stage, lang, _stage_label(columns, start)) if stage else text("no_stage", lang)
        if stage in hidden:
            label += " " + _t("more", lang, n=hidden[stage])
        bands.append((stage, start, end, _wrap(label, _chars(span - 0.1, 10.5, bold=True), 3, lang)))
        start = end + 1
    header_lines = max(len(band[3]) for band in bands)

    title_h, legend_h = 0.45, 0.45
    header_h = max(0.42, header_lines * 10.5 * 1.3 / 72 + 0.2)
    width = label_w + n * col_w + 2 * margin
    height = title_h + header_h + sum(lane_h.values()) + legend_h + 2 * margin
    fig = _fixed_figure(width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")

    top = height - margin
    ax.text(
        margin,
        top - title_h / 2,
        plain_text(_t("swimlane_title", lang)),
        fontsize=12,
        fontweight="bold",
        color=TEXT_COLOUR,
        va="center",
        ha="left",
    )
    top -= title_h

    for stage, first, last, lines in bands:
        left = x0 + first * col_w + gap
        span = (last - first + 1) * col_w - 2 * gap
        colour = stage_colours[stage]
        ax.add_patch(
            FancyBboxPatch(
                (left + 0.02, top - header_h + 0.07),
                span - 0.04,
                header_h - 0.14,
                boxstyle="round,pad=0.02,rounding_size=0.04",
                facecolor=colour,
                edgecolor="none",
            )
        )
        ax.text(
            left + span / 2,
            top - header_h / 2,
            plain_lines(lines),
            fontsize=10.5,
            fontweight="bold",
            color=_ink(colour),
            ha="center",
            va="center",
            linespacing=1.2,
        )
    top -= header_h

    cmap = colormaps[SEQUENTIAL_CMAP]
    norm = Normalize(READINESS_LOW, READINESS_HIGH)
    for index, lane in enumerate(lanes):
        h = lane_h[lane]
        ax.add_patch(
            Rectangle(
                (margin, top - h),
                label_w + n * col_w,
                h,
                facecolor=_LANE_COLOURS[index % 2],
                edgecolor="none",
                zorder=0,
            )
        )
        ax.text(
            margin + 0.08,
            top - h / 2,
            plain_lines(_wrap(_t(f"lane_{lane}", lang), _chars(label_w - 0.15, 9.5, bold=True), 3, lang)),
            fontsize=9.5,
            fontweight="bold",
            color=TEXT_COLOUR,
            ha="left",
            va="center",
        )
        for i, (_, row) in enumerate(columns):
            left = x0 + i * col_w + gap
            box_w, box_h = col_w - 2 * gap, h - 0.12
            face, ink, weight = "white", TEXT_COLOUR, "normal"
            if row is None:
                face, ink = _GREY, MUTED
            elif lane == "touchpoint":
                weight = "bold"
            elif lane == "readiness":
                if math.isnan(row["readiness"]):
                    face, ink = _GREY, MUTED
                else:
                    face = cmap(norm(row["readiness"]))
                    ink = _ink(face)
            if row is None and lane != "touchpoint":
                continue
            ax.add_patch(
                FancyBboxPatch(
                    (left + 0.03, top - h + 0.06 + 0.03),
                    box_w - 0.06,
                    box_h - 0.06,
                    boxstyle="round,pad=0.02,rounding_size=0.05",
                    facecolor=face,
                    edgecolor="#CCCCCC",
                    linewidth=0.6,
                )
            )
            lines = lane_lines[lane][i]
            if lane == "touchpoint" and row is not None:
                name_lines = _wrap(row["touchpoint"], bold_chars, lang=written)
                channel_lines = lines[len(name_lines) :]
                block = len(lines) * _LINE
                y_top = top - h / 2 + block / 2
                ax.text(
                    left + box_w / 2,
                    y_top - len(name_lines) * _LINE / 2,
                    plain_lines(name_lines),
                    fontsize=_FONT,
                    fontweight="bold",
                    color=ink,
                    ha="center",
                    va="center",
                    linespacing=1.2,
                )
                if channel_lines:
                    ax.text(
                        left + box_w / 2,
                        y_top - len(name_lines) * _LINE - len(channel_lines) * _LINE / 2,
                        plain_lines(channel_lines),
                        fontsize=_FONT - 0.5,
                        style="italic",
                        color=MUTED,
                        ha="center",
                        va="center",
                        linespacing=1.2,
                    )
                continue
            ax.text(
                left + box_w / 2,
                top - h / 2,
                plain_lines(lines),
                fontsize=_FONT if lane != "readiness" else 9,
                fontweight="bold" if lane == "readiness" else weight,
                color=ink,
                ha="center",
                va="center",
                linespacing=1.2,
            )
        top -= h

    # legend: five swatches for the readiness scale
    legend_y = margin + 0.08
    ax.text(x0, legend_y + 0.14, plain_text(_t("legend", lang)), fontsize=8.5, color=TEXT_COLOUR, ha="left",
            va="center")
    swatch_x = x0 + _text_width(_t("legend", lang), 8.5) + 0.2
    if swatch_x + 5 * 0.32 > width - margin:  # too narrow: put the swatches in the lane-label column
        swatch_x = margin
    for k, score in enumerate(range(READINESS_LOW, READINESS_HIGH + 1)):
        colour = cmap(norm(score))
        ax.add_patch(Rectangle((swatch_x + k * 0.32, legend_y), 0.3, 0.28, facecolor=colour, edgecolor="none"))
        ax.text(
            swatch_x + k * 0.32 + 0.15,
            legend_y + 0.14,
            str(score),
            fontsize=8,
            color=_ink(colour),
            ha="center",
            va="center",
        )
    return fig


def _stage_label(columns, index: int) -> str | None:
    row = columns[index][1]
    return None if row is None else row["stage_label"]


def _text_width(value: str, fontsize: float) -> float:
    return len(value) * fontsize * 0.55 / 72


# ---------------------------------------------------------------- emotion curve


def emotion_curve_chart(curve: pd.DataFrame, lang: str) -> Figure:
    """The customer's mean emotion per stage as a line, with each stage's low point named.

    Parameters
    ----------
    curve
        The output of :func:`toolkit.methods.aida.emotion_curve`.
    lang
        ``"nl"`` or ``"en"``.

    Returns
    -------
    matplotlib.figure.Figure
        Stages along the x axis in journey order; y from -2 (frustrating) to +2 (delightful),
        the negative half shaded. Each point carries its value; under each stage the touchpoint
        with the lowest emotion is named. Stages without scores leave a gap in the line.
    """
    if curve is None or curve.empty or curve["emotion"].notna().sum() == 0:
        return empty_chart(_t("empty_emotion", lang))
    fig = new_figure(9.0, 5.0)
    ax = fig.add_subplot()
    style_axes(ax)
    x = list(range(len(curve)))
    y = [float(v) for v in curve["emotion"]]
    ax.axhspan(EMOTION_LOW - 0.4, 0, color=PALETTE[5], alpha=0.07, zorder=0)
    ax.axhspan(0, EMOTION_HIGH + 0.4, color=PALETTE[0], alpha=0.06, zorder=0)
    ax.axhline(0, color=MUTED, linewidth=0.8, zorder=1)
    ax.plot(x, y, color=PALETTE[0], linewidth=2.2, marker="o", markersize=8, zorder=3)
    for xi, yi in zip(x, y, strict=True):
        if math.isnan(yi):
            continue
        offset = 12 if yi >= 0 else -16
        ax.annotate(
            _num(yi, lang, signed=True),
            (xi, yi),
            xytext=(0, offset),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color=TEXT_COLOUR,
        )
    ticks = []
    for _, row in curve.iterrows():
        label = option_label("stages", row["stage"], lang, row["stage_label"])
        if isinstance(row["low_point"], str) and row["low_point"] and not math.isnan(row["low_emotion"]):
            low = "\n".join(
                _wrap(
                    f"{row['low_point']} ({_num(row['low_emotion'], lang, signed=True)})",
                    20,
                    4,
                    curve.attrs.get("content_language") or lang,
                )
            )
            label = f"{label}\n\n{_t('low_point', lang)}:\n{low}"
        elif math.isnan(row["emotion"]):
            label = f"{label}\n\n{_t('no_scores', lang)}"
        ticks.append(label)
    ax.set_xticks(x, [plain_text(tick) for tick in ticks], fontsize=9)
    for tick in ax.get_xticklabels():
        tick.set_verticalalignment("top")
    ax.set_xlim(-0.5, len(curve) - 0.5)
    ax.set_ylim(EMOTION_LOW - 0.4, EMOTION_HIGH + 0.4)
    ax.set_yticks(
        range(EMOTION_LOW, EMOTION_HIGH + 1), [f"{v:+d}" if v else "0" for v in range(EMOTION_LOW, EMOTION_HIGH + 1)]
    )
    ax.set_ylabel(plain_text(_t("emotion_axis", lang)), fontsize=10)
    ax.text(
        1.01, 0.98, plain_text(_t("delightful", lang)), transform=ax.transAxes, ha="left", va="top", fontsize=9,
        color=PALETTE[0],
    )
    ax.text(
        1.01,
        0.02,
        plain_text(_t("frustrating", lang)),
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=9,
        color=PALETTE[5],
    )
    ax.set_title(plain_text(_t("emotion_title", lang)), loc="left")
    return fig


# ---------------------------------------------------------------- readiness heatmap


def readiness_heatmap(matrix: pd.DataFrame, lang: str) -> Figure:
    """Mean technology readiness per owner (rows) and stage (columns, journey order).

    Parameters
    ----------
    matrix
        The output of :func:`toolkit.methods.aida.readiness_by_stage_and_owner` (stages as
        index, owners as columns).
    lang
        ``"nl"`` or ``"en"``.

    Returns
    -------
    matplotlib.figure.Figure
        A cividis heatmap (readable with colour blindness and in grey print), 1 to 5, each cell
        with its value; empty cells are light grey with a dash.
    """
    import numpy as np

    if matrix is None or matrix.empty or matrix.isna().all().all():
        return empty_chart(_t("empty_readiness", lang))
    stage_labels = matrix.attrs.get("stage_labels", {})
    owner_labels = matrix.attrs.get("owner_labels", {})
    grid = matrix.T  # owners down, stages across
    values = grid.to_numpy(dtype=float)
    width = max(6.5, 1.5 + 1.35 * grid.shape[1] + 1.3)
    height = max(3.2, 1.4 + 0.55 * grid.shape[0])
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    cmap = colormaps[SEQUENTIAL_CMAP].with_extremes(bad=_GREY)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=READINESS_LOW, vmax=READINESS_HIGH, aspect="auto")
    norm = Normalize(READINESS_LOW, READINESS_HIGH)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if math.isnan(v):
                ax.text(j, i, "–", ha="center", va="center", color=MUTED, fontsize=10)
            else:
                ax.text(
                    j,
                    i,
                    _num(v, lang),
                    ha="center",
                    va="center",
                    fontsize=10,
                    fontweight="bold",
                    color=_ink(cmap(norm(v))),
                )
    xlabels = [
        plain_lines(_wrap(option_label("stages", s, lang, stage_labels.get(s)), 14, 3, lang)) for s in grid.columns
    ]
    ylabels = []
    for owner in grid.index:
        if owner == NO_OWNER:
            label = owner_labels.get(owner) or text("no_owner", lang)
        else:
            label = option_label("owners", owner, lang, owner_labels.get(owner))
        ylabels.append(plain_lines(_wrap(label, 18, 2, lang)))
    ax.set_xticks(range(values.shape[1]), xlabels, fontsize=9.5)
    ax.set_yticks(range(values.shape[0]), ylabels, fontsize=9.5)
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks([j - 0.5 for j in range(1, values.shape[1])], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, values.shape[0])], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    bar = fig.colorbar(image, ax=ax, shrink=0.85, ticks=range(READINESS_LOW, READINESS_HIGH + 1))
    bar.set_label(plain_text(_t("heatmap_bar", lang)), fontsize=9)
    bar.ax.tick_params(labelsize=8.5)
    ax.set_title(plain_text(_t("heatmap_title", lang)), loc="left", fontsize=12, color=TEXT_COLOUR, pad=12)
    ax.set_xlabel(plain_text(_t("heatmap_note", lang)), fontsize=8.5, color=MUTED)
    return fig


# ---------------------------------------------------------------- blockers


def blockers_chart(blockers: pd.DataFrame, lang: str) -> Figure:
    """Blockers per kind as horizontal bars, split into those with and without an action.

    Parameters
    ----------
    blockers
        The output of :func:`toolkit.methods.aida.blockers_by_category`.
    lang
        ``"nl"`` or ``"en"``.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per kind (list order, top to bottom, kinds without blockers included), blue for
        blockers with an action and vermillion for those still without, total at the bar's end.
    """
    if blockers is None or blockers.empty or int(blockers["blockers"].sum()) == 0:
        return empty_chart(_t("empty_blockers", lang))
    fig = new_figure(8.0, max(3.0, 1.4 + 0.5 * len(blockers)))
    ax = fig.add_subplot()
    style_axes(ax)
    labels = [
        plain_lines(_wrap(option_label("blocker_categories", c, lang, lab), 22, 2, lang))
        for c, lab in zip(blockers["category"], blockers["category_label"], strict=True)
    ]
    y = list(range(len(blockers)))[::-1]
    with_action = [int(v) for v in blockers["with_action"]]
    without_action = [int(v) for v in blockers["without_action"]]
    ax.barh(y, with_action, color=PALETTE[0], label=plain_text(_t("with_action", lang)), height=0.6)
    ax.barh(
        y,
        without_action,
        left=with_action,
        color=PALETTE[5],
        label=plain_text(_t("without_action", lang)),
        height=0.6,
        hatch="//",
        edgecolor="white",
        linewidth=0,
    )
    total_max = max(a + b for a, b in zip(with_action, without_action, strict=True))
    for yi, a, b in zip(y, with_action, without_action, strict=True):
        ax.text(
            a + b + total_max * 0.02,
            yi,
            str(a + b),
            va="center",
            ha="left",
            fontsize=10,
            fontweight="bold",
            color=TEXT_COLOUR,
        )
    ax.set_yticks(y, labels, fontsize=10)
    ax.set_xlim(0, total_max * 1.15 + 0.3)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(plain_text(_t("blockers_axis", lang)), fontsize=10)
    ax.set_title(plain_text(_t("blockers_title", lang)), loc="left")
    fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    return fig
