"""Charts of the DNA mapping workshop: the promise-practice heatmap, the cascade tree and disagreement by discipline."""
from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from matplotlib.colors import Normalize, to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch

from toolkit.charts.style import (
    DIVERGING_CMAP,
    MUTED,
    ROLE_COLOURS,
    TEXT_COLOUR,
    empty_chart,
    new_figure,
    style_axes,
)
from toolkit.core.i18n import ROLES, translate

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

ORPHAN_COLOUR = "#D55E00"  # Okabe-Ito vermillion
NO_ACTION_COLOUR = "#0072B2"  # Okabe-Ito blue
MISSING_COLOUR = "#EDEDED"
LEVELS = ("organisation", "marketing", "communication", "action")
LEVEL_FILL = {"organisation": "#D6E9F5", "marketing": "#FBEBCC", "communication": "#CFEDE3", "action": "#F2E0EC"}

_TEXT: dict[str, dict[str, str]] = {
    "heatmap_title": {
        "nl": "Belofte en praktijk per waarde en kanaal",
        "en": "Promise and practice per value and channel",
    },
    "heatmap_bar": {
        "nl": "Gat = belofte − praktijk\n(oranje: praktijk blijft achter,\npaars: praktijk overtreft belofte)",
        "en": "Gap = promise − practice\n(orange: practice falls short,\npurple: practice exceeds promise)",
    },
    "heatmap_note": {
        "nl": "Groot getal: het gat. Klein: belofte → praktijk (gemiddelden, 1–5). Grijs: niet gescoord.",
        "en": "Large number: the gap. Small: promise → practice (means, 1–5). Grey: not scored.",
    },
    "heatmap_empty": {
        "nl": "Nog geen scores voor belofte en praktijk.",
        "en": "No promise and practice scores yet.",
    },
    "tree_title": {
        "nl": "Van organisatiedoelstelling tot actie per kanaal",
        "en": "From organisation objective to channel action",
    },
    "tree_empty": {
        "nl": "De keten van doel naar actie is nog leeg.",
        "en": "The cascade from objective to action is still empty.",
    },
    "tree_linked": {"nl": "Verbonden met een organisatiedoelstelling", "en": "Linked to an organisation objective"},
    "tree_orphan": {"nl": "Niet verbonden met een doelstelling", "en": "Not linked to an objective"},
    "tree_no_action": {"nl": "Doelstelling zonder actie", "en": "Objective without an action"},
    "tree_orphan_area": {"nl": "Los van de doelstellingen", "en": "Not linked to the objectives"},
    "dis_title": {
        "nl": "Waar zien de disciplines de praktijk anders?",
        "en": "Where do the disciplines see practice differently?",
    },
    "dis_x": {"nl": "Gemiddelde score voor de praktijk (1–5)", "en": "Mean practice score (1–5)"},
    "dis_spread": {"nl": "verschil {spread}", "en": "spread {spread}"},
    "dis_empty": {
        "nl": "Vergelijken kan zodra minstens twee disciplines de praktijk hebben gescoord.",
        "en": "A comparison appears once at least two disciplines have scored practice.",
    },
}

LEVEL_LABELS = {
    "organisation": {"nl": "Organisatiedoelstelling", "en": "Organisation objective"},
    "marketing": {"nl": "Marketingdoelstelling", "en": "Marketing objective"},
    "communication": {"nl": "Communicatiestrategie", "en": "Communication strategy"},
    "action": {"nl": "Actie per kanaal", "en": "Channel action"},
}
ROLE_NAMES = {
    "marketing": {"nl": "Marketing", "en": "Marketing"},
    "specialist": {"nl": "Specialist", "en": "Specialist"},
    "it": {"nl": "IT", "en": "IT"},
    "service": {"nl": "Klantenservice", "en": "Customer service"},
    "sales": {"nl": "Verkoop", "en": "Sales"},
    "management": {"nl": "Management", "en": "Management"},
    "other": {"nl": "Anders", "en": "Other"},
}


def _t(key: str, lang: str, **params: object) -> str:
    return translate(_TEXT, key, lang, **params)


def _num(value: float, lang: str, decimals: int = 1, sign: bool = False) -> str:
    if round(value, decimals) == 0:
        value, sign = 0.0, False
    shown = f"{value:+.{decimals}f}" if sign else f"{value:.{decimals}f}"
    shown = shown.replace("-", "−")
    return shown.replace(".", ",") if lang == "nl" else shown


def _wrap(label: object, width: int, max_lines: int = 3) -> str:
    lines = textwrap.wrap(" ".join(str(label).split()), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return "\n".join(lines)


def _ink_on(colour) -> str:
    """Dark or white text, whichever reads better on ``colour``."""
    r, g, b = to_rgb(colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.5 else TEXT_COLOUR


# ------------------------------------------------------------------------------------------------
# Heatmap
# ------------------------------------------------------------------------------------------------


def alignment_heatmap(matrix: pd.DataFrame, lang: str) -> Figure:
    """The gap between promise and practice per DNA value (rows) and channel (columns).

    Parameters
    ----------
    matrix
        The output of :func:`toolkit.methods.dna.alignment_matrix`.
    lang
        ``nl`` or ``en``.

    Returns
    -------
    Figure
        A diverging, colour-blind safe heatmap centred on zero; each cell shows the gap and,
        smaller, the mean promise and practice. Unscored cells are grey.
    """
    import numpy as np

    if matrix is None or matrix.empty or matrix["gap"].notna().sum() == 0:
        return empty_chart(_t("heatmap_empty", lang))
    value_ids = sorted(matrix["value_id"].unique(), key=lambda v: list(matrix["value_id"]).index(v))
    value_names = dict(zip(matrix["value_id"], matrix["value"], strict=True))
    channel_keys = (
        matrix.drop_duplicates("channel")
        .sort_values(["channel_order", "channel"], kind="stable")[["channel", "channel_label"]]
    )
    channels = list(channel_keys["channel"])
    channel_names = dict(zip(channel_keys["channel"], channel_keys["channel_label"], strict=True))
    cells = {(v, c): row for v, c, row in zip(matrix["value_id"], matrix["channel"], matrix.itertuples(), strict=True)}

    gaps = np.full((len(value_ids), len(channels)), np.nan)
    for i, v in enumerate(value_ids):
        for j, c in enumerate(channels):
            row = cells.get((v, c))
            if row is not None and row.gap == row.gap:
                gaps[i, j] = row.gap
    limit = max(2.0, min(4.0, math.ceil(float(np.nanmax(np.abs(gaps))))))
    norm = Normalize(-limit, limit)
    from matplotlib import colormaps

    cmap = colormaps[DIVERGING_CMAP].with_extremes(bad=MISSING_COLOUR)

    width = min(2.6 + 1.2 * len(channels) + 1.9, 22.0)
    height = min(1.9 + 0.8 * len(value_ids), 16.0)
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(gaps), cmap=cmap, norm=norm, aspect="auto")
    for i, v in enumerate(value_ids):
        for j, c in enumerate(channels):
            row = cells.get((v, c))
            if np.isnan(gaps[i, j]):
                ax.text(j, i, "–", ha="center", va="center", color=MUTED, fontsize=11)
                continue
            ink = _ink_on(cmap(norm(gaps[i, j])))
            ax.text(j, i - 0.1, _num(gaps[i, j], lang, sign=True), ha="center", va="center",
                    color=ink, fontsize=12, fontweight="bold")
            ax.text(j, i + 0.24, f"{_num(row.promise, lang)} → {_num(row.practice, lang)}",
                    ha="center", va="center", color=ink, fontsize=7.5)
    ax.set_xticks(range(len(channels)), [_wrap(channel_names[c], 13, 3) for c in channels], fontsize=9)
    ax.set_yticks(range(len(value_ids)), [_wrap(value_names[v], 22, 2) for v in value_ids], fontsize=10)
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, len(channels), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(value_ids), 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(_t("heatmap_title", lang), fontsize=12, color=TEXT_COLOUR, loc="left")
    bar = fig.colorbar(image, ax=ax, shrink=0.9, fraction=0.05, pad=0.02)
    bar.set_label(_t("heatmap_bar", lang), fontsize=8.5, color=TEXT_COLOUR)
    bar.ax.tick_params(labelsize=8)
    bar.ax.yaxis.set_major_formatter(lambda x, _pos: _num(x, lang, decimals=0, sign=x != 0))
    bar.outline.set_visible(False)
    fig.supxlabel(_t("heatmap_note", lang), fontsize=8, color=MUTED)
    return fig


# ------------------------------------------------------------------------------------------------
# Cascade tree
# ------------------------------------------------------------------------------------------------


def _tree_layout(tree: pd.DataFrame) -> tuple[dict[int, float], float | None, float]:
    """Vertical position per item: linked trees first, then unlinked ones below a separator.

    Leaves take consecutive slots; a parent sits level with the middle of its children.
    Returns the positions, the y of the separator (``None`` when nothing is unlinked or nothing
    is linked) and the height used, in slots.
    """
    ids = [int(i) for i in tree["id"]]
    linked = dict(zip(ids, tree["linked"], strict=True))
    children: dict[int, list[int]] = {}
    tops: list[int] = []
    for item, parent, found, level in zip(ids, tree["parent"], tree["parent_found"], tree["level"], strict=True):
        if found and level != "organisation":  # organisation objectives are always roots
            children.setdefault(int(parent), []).append(item)
        else:
            tops.append(item)
    positions: dict[int, float] = {}
    visited: set[int] = set()
    slot = 0.0

    def place(start: int) -> None:
        nonlocal slot
        # Iterative post-order walk: long chains cannot exhaust the stack, circles end.
        stack: list[tuple[int, list[int] | None]] = [(start, None)]
        while stack:
            node, kids = stack.pop()
            if kids is not None:
                done = [positions[k] for k in kids if k in positions]
                if done:
                    positions[node] = sum(done) / len(done)
                else:
                    positions[node] = slot
                    slot += 1
                continue
            if node in visited:
                continue
            visited.add(node)
            fresh = [k for k in sorted(children.get(node, [])) if k not in visited]
            stack.append((node, fresh))
            stack.extend((kid, None) for kid in reversed(fresh))

    for top in sorted(t for t in tops if linked[t]):
        place(top)
    rest = sorted(t for t in tops if not linked[t]) + [i for i in ids if i not in tops]
    separator = None
    if any(i not in visited for i in rest):
        if positions:
            separator = slot - 0.2
            slot += 0.6
        for top in rest:
            if top not in visited:
                place(top)
    return positions, separator, slot


def cascade_tree_chart(tree: pd.DataFrame, lang: str) -> Figure:
    """The cascade drawn as a tree, one column per level, each item linked to its parent.

    Parameters
    ----------
    tree
        The output of :func:`toolkit.methods.dna.cascade_tree`.
    lang
        ``nl`` or ``en``.

    Returns
    -------
    Figure
        Items not linked to an organisation objective have a dashed vermillion outline and sit
        below a separator; objectives without any action have a dotted blue outline. A legend
        explains both.
    """
    if tree is None or tree.empty:
        return empty_chart(_t("tree_empty", lang))
    positions, separator, slots = _tree_layout(tree)
    column = {lv: i for i, lv in enumerate(LEVELS)}
    width = 14.0
    height = min(1.9 + 0.62 * max(slots, 2), 60.0)
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    ax.set_xlim(-0.52, len(LEVELS) - 0.48)
    ax.set_ylim(slots - 0.45, -1.05)
    ax.axis("off")
    box_w, box_h = 0.86, 0.8
    # Corner rounding in data units differs per axis; correct it with the axes' aspect.
    axes_w = width * 0.95
    axes_h = max(height - 1.3, 0.5)
    aspect = (slots + 0.6) / axes_h / ((len(LEVELS) + 0.04) / axes_w)

    for lv in LEVELS:
        ax.text(column[lv], -0.75, translate(LEVEL_LABELS, lv, lang), ha="center", va="center", fontsize=10,
                fontweight="bold", color=TEXT_COLOUR)
    if separator is not None:
        ax.axhline(separator, color=ORPHAN_COLOUR, linewidth=1, linestyle=(0, (4, 3)), alpha=0.6)
        ax.text(-0.5, separator + 0.04, _t("tree_orphan_area", lang), ha="left", va="top", fontsize=8.5,
                color=ORPHAN_COLOUR, style="italic")

    x_of = {int(i): column.get(lv, len(LEVELS) - 1) for i, lv in zip(tree["id"], tree["level"], strict=True)}
    for item, parent, found in zip(tree["id"], tree["parent"], tree["parent_found"], strict=True):
        item = int(item)
        if not found or int(parent) not in positions or item not in positions:
            continue
        parent = int(parent)
        x0, y0 = x_of[parent] + box_w / 2, positions[parent]
        x1, y1 = x_of[item] - box_w / 2, positions[item]
        if x1 > x0:
            mid = (x0 + x1) / 2
            ax.plot([x0, mid, mid, x1], [y0, y0, y1, y1], color=MUTED, linewidth=1.1, zorder=1)
        else:
            ax.plot([x_of[parent], x_of[item]], [y0, y1], color=MUTED, linewidth=1.1, zorder=1, linestyle=":")

    for row in tree.itertuples():
        item = int(row.id)
        if item not in positions:
            continue
        x, y = x_of[item], positions[item]
        if row.orphan:
            edge, style, lw = ORPHAN_COLOUR, (0, (4, 2)), 2.0
        elif row.without_action:
            edge, style, lw = NO_ACTION_COLOUR, (0, (1, 1.5)), 2.0
        else:
            edge, style, lw = "#6B6B6B", "-", 0.9
        box = FancyBboxPatch(
            (x - box_w / 2, y - box_h / 2), box_w, box_h, boxstyle="round,pad=0,rounding_size=0.04",
            mutation_aspect=aspect, facecolor=LEVEL_FILL.get(row.level, "#F2F2F2"), edgecolor=edge,
            linewidth=lw, linestyle=style, zorder=2,
        )
        ax.add_patch(box)
        ax.text(x, y, _wrap(row.text, 40, 3), ha="center", va="center", fontsize=8, color=TEXT_COLOUR,
                zorder=3, linespacing=1.15)

    handles = [
        Patch(facecolor="white", edgecolor="#6B6B6B", linewidth=0.9, label=_t("tree_linked", lang)),
        Patch(facecolor="white", edgecolor=ORPHAN_COLOUR, linewidth=2, linestyle="--", label=_t("tree_orphan", lang)),
        Patch(
            facecolor="white", edgecolor=NO_ACTION_COLOUR, linewidth=2, linestyle=":", label=_t("tree_no_action", lang)
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    ax.set_title(_t("tree_title", lang), fontsize=12, color=TEXT_COLOUR, loc="left")
    return fig


# ------------------------------------------------------------------------------------------------
# Disagreement by discipline
# ------------------------------------------------------------------------------------------------


def disagreement_chart(disagreement: pd.DataFrame, lang: str, top: int = 8) -> Figure:
    """Mean practice score per discipline for the value x channel cells where they differ most.

    Parameters
    ----------
    disagreement
        The output of :func:`toolkit.methods.dna.disagreement_by_role`.
    lang
        ``nl`` or ``en``.
    top
        Show at most this many cells (largest spread first).

    Returns
    -------
    Figure
        One row per cell: a line from the lowest to the highest discipline, a dot per
        discipline in its colour, and the spread at the right.
    """
    if disagreement is None or disagreement.empty or disagreement["spread"].notna().sum() == 0:
        return empty_chart(_t("dis_empty", lang))
    rows = disagreement[disagreement["spread"].notna()]
    order = rows.drop_duplicates(["value_id", "channel"]).sort_values("spread", ascending=False, kind="stable")
    order = order.head(top)
    role_rank = {r: i for i, r in enumerate(ROLES)}
    present = sorted(set(rows["role"]), key=lambda r: (role_rank.get(r, 99), str(r)))

    fig = new_figure(9.5, 1.7 + 0.62 * len(order))
    ax = fig.add_subplot()
    style_axes(ax)
    labels = []
    for y, cell in enumerate(order.itertuples()):
        group = rows[(rows["value_id"] == cell.value_id) & (rows["channel"] == cell.channel)]
        group = group.assign(_r=[role_rank.get(r, 99) for r in group["role"]]).sort_values("_r")
        low, high = group["mean_practice"].min(), group["mean_practice"].max()
        ax.plot([low, high], [y, y], color="#BDBDBD", linewidth=3, zorder=1, solid_capstyle="round")
        k = len(group)
        for i, r in enumerate(group.itertuples()):
            offset = (i - (k - 1) / 2) * min(0.1, 0.5 / max(k, 1))
            ax.scatter(r.mean_practice, y + offset, s=70, color=ROLE_COLOURS.get(r.role, MUTED),
                       edgecolor="white", linewidth=0.8, zorder=3)
        ax.text(5.35, y, _t("dis_spread", lang, spread=_num(cell.spread, lang)), va="center", ha="left",
                fontsize=8.5, color=TEXT_COLOUR)
        labels.append(_wrap(f"{cell.value} · {cell.channel_label}", 30, 2))
    ax.set_yticks(range(len(order)), labels, fontsize=9)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(0.8, 5.2)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_xlabel(_t("dis_x", lang), fontsize=9, color=TEXT_COLOUR)
    ax.grid(axis="x", color="#EEEEEE", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title(_t("dis_title", lang), loc="left")
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=ROLE_COLOURS.get(r, MUTED),
               markeredgecolor="white", label=translate(ROLE_NAMES, r if r in ROLE_NAMES else "other", lang))
        for r in present
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), frameon=False, fontsize=9)
    return fig


