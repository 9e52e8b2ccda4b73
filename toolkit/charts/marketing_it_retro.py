"""Charts of the marketing and IT retrospective: the trust barometer before and after by side,
frustrations by kind and side, and the dots of each side per cluster."""
from __future__ import annotations

from textwrap import shorten, wrap

from matplotlib.figure import Figure

from toolkit.charts.style import (
    MUTED,
    ROLE_COLOURS,
    TEXT_COLOUR,
    empty_chart,
    new_figure,
    plain_lines,
    plain_text,
    style_axes,
)
from toolkit.core.i18n import translate
from toolkit.methods.marketing_it_retro import SIDES, side_label

_TEXT = {
    "no_scores": {"nl": "Nog geen scores.", "en": "No scores yet."},
    "no_frustrations": {"nl": "Nog geen frustraties.", "en": "No frustrations yet."},
    "no_dots": {"nl": "Nog geen groepen of stippen.", "en": "No groups or dots yet."},
    "trust_title": {"nl": "Vertrouwensbarometer: vooraf en achteraf", "en": "Trust barometer: before and after"},
    "trust_axis": {"nl": "Gemiddelde score (1 helemaal oneens, 5 helemaal eens)",
                   "en": "Mean score (1 strongly disagree, 5 strongly agree)"},
    "before": {"nl": "vooraf", "en": "before"},
    "after": {"nl": "achteraf", "en": "after"},
    "types_title": {"nl": "Frustraties per soort en kant", "en": "Frustrations by kind and side"},
    "count": {"nl": "Aantal frustraties", "en": "Number of frustrations"},
    "votes_title": {"nl": "Stippen per groep en kant", "en": "Dots by group and side"},
    "dots": {"nl": "Stippen", "en": "Dots"},
}


def _t(key: str, lang: str) -> str:
    return translate(_TEXT, key, lang)


def _colour(side: str) -> str:
    return ROLE_COLOURS.get(side, ROLE_COLOURS["other"])


def trust_chart(table, lang: str, labels: dict[str, str] | None = None) -> Figure:
    """One line per statement; per side a hollow dot before, a filled dot after and an arrow
    between them. ``table`` is :func:`toolkit.methods.marketing_it_retro.trust_barometer`."""
    if table is None or table.empty:
        return empty_chart(_t("no_scores", lang))
    labels = labels or {}
    sides = [s for s in SIDES if s in set(table["side"])]
    statements = list(dict.fromkeys(table["statement"]))
    fig = new_figure(8.0, 1.2 + 0.9 * len(statements))
    ax = fig.add_subplot()
    step = 0.8 / max(len(sides), 1)
    for n, side in enumerate(sides):
        colour = _colour(side)
        offset = 0.4 - step / 2 - n * step
        rows = table[table["side"] == side].set_index("statement")
        for i, statement in enumerate(statements):
            if statement not in rows.index:
                continue
            y = len(statements) - 1 - i + offset
            before, after = rows.loc[statement, "before"], rows.loc[statement, "after"]
            has_before = before is not None and before == before
            has_after = after is not None and after == after
            if has_before and has_after and before != after:
                ax.annotate("", xy=(after, y), xytext=(before, y),
                            arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.5})
            if has_before:
                ax.scatter([before], [y], s=60, facecolor="white", edgecolor=colour, linewidth=1.8, zorder=3)
            if has_after:
                ax.scatter([after], [y], s=60, color=colour, zorder=4)
        ax.scatter([], [], s=60, color=colour, label=plain_text(side_label(side, lang)))
    ax.scatter([], [], s=60, facecolor="white", edgecolor=MUTED, label=plain_text(_t("before", lang)))
    ax.scatter([], [], s=60, color=MUTED, label=plain_text(_t("after", lang)))
    ticks = list(range(len(statements)))[::-1]
    ax.set_yticks(ticks, [plain_lines(wrap(shorten(labels.get(s, s), 90, placeholder="…"), 34))
                          for s in statements])
    ax.set_ylim(-0.6, len(statements) - 0.4)
    ax.set_xlim(0.8, 5.2)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel(plain_text(_t("trust_axis", lang)), color=TEXT_COLOUR)
    ax.set_title(plain_text(_t("trust_title", lang)), loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    style_axes(ax)
    return fig


def _horizontal_bars(ax, table, categories: list[str], names: list[str], stacked: bool) -> None:
    ys = list(range(len(categories)))[::-1]
    sides = [s for s in SIDES if s in table.columns and table[s].sum()]
    height = 0.7 if stacked else 0.8 / max(len(sides), 1)
    left = [0] * len(categories)
    for n, side in enumerate(sides):
        values = [int(table.loc[c, side]) for c in categories]
        if stacked:
            ax.barh(ys, values, left=left, height=height, color=_colour(side), label=side)
            left = [a + b for a, b in zip(left, values, strict=True)]
        else:
            offset = 0.4 - height / 2 - n * height
            ax.barh([y + offset for y in ys], values, height=height, color=_colour(side), label=side)
    ax.set_yticks(ys, names)
    ax.xaxis.get_major_locator().set_params(integer=True)


def _side_legend(ax, lang: str) -> None:
    handles, sides = ax.get_legend_handles_labels()
    ax.legend(handles, [plain_text(side_label(s, lang)) for s in sides], loc="upper left",
              bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)


def frustration_types_chart(table, lang: str, labels: dict[str, str] | None = None) -> Figure:
    """Grouped bars: per kind of frustration, how many each side wrote. ``table`` is
    :func:`toolkit.methods.marketing_it_retro.frustration_types`."""
    if table is None or table.empty or not int(table.to_numpy().sum()):
        return empty_chart(_t("no_frustrations", lang))
    labels = labels or {}
    kinds = list(table.index)
    fig = new_figure(7.5, 1.2 + 0.7 * len(kinds))
    ax = fig.add_subplot()
    _horizontal_bars(ax, table, kinds, [plain_text(labels.get(k, k)) for k in kinds], stacked=False)
    ax.set_xlabel(plain_text(_t("count", lang)))
    ax.set_title(plain_text(_t("types_title", lang)), loc="left")
    _side_legend(ax, lang)
    style_axes(ax)
    return fig


def cluster_votes_chart(table, lang: str, limit: int = 10) -> Figure:
    """Stacked bars: per cluster (most dots on top), the dots of each side. ``table`` is
    :func:`toolkit.methods.marketing_it_retro.cluster_votes`."""
    if table is None or table.empty or not int(table["total"].sum()):
        return empty_chart(_t("no_dots", lang))
    table = table[table["total"] > 0].head(limit)
    clusters = list(table.index)
    fig = new_figure(8.0, 1.2 + 0.6 * len(clusters))
    ax = fig.add_subplot()
    names = [plain_lines(wrap(shorten(str(c), 80, placeholder="…"), 36)) for c in clusters]
    _horizontal_bars(ax, table, clusters, names, stacked=True)
    for y, total in zip(list(range(len(clusters)))[::-1], table["total"], strict=True):
        ax.text(int(total) + 0.2, y, str(int(total)), va="center", fontsize=9, color=TEXT_COLOUR)
    ax.set_xlim(0, int(table["total"].max()) * 1.15 + 0.5)
    ax.set_xlabel(plain_text(_t("dots", lang)))
    ax.set_title(plain_text(_t("votes_title", lang)), loc="left")
    _side_legend(ax, lang)
    style_axes(ax)
    return fig
