"""Charts of the content alignment method: depth per stage by discipline, the comment-type
matrix, the colliding passages and the correction rounds against their target."""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from matplotlib.colors import Normalize, to_rgb
from matplotlib.lines import Line2D

from toolkit.charts.style import (
    MUTED,
    PALETTE,
    ROLE_COLOURS,
    SEQUENTIAL_CMAP,
    TEXT_COLOUR,
    empty_chart,
    new_figure,
    plain_lines,
    plain_text,
    style_axes,
)
from toolkit.core.i18n import decimal_mark, role_label, translate
from toolkit.methods.content_alignment import text as method_text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from toolkit.methods.content_alignment import Conflict

_LABELS: dict[str, dict[str, str]] = {
    "depth_title": {"nl": "Gewenste diepgang per fase, per discipline", "en": "Depth wanted per stage, by discipline"},
    "depth_y": {"nl": "1 gewone taal … 5 specificaties en labdata",
                "en": "1 plain language … 5 specifications and lab data"},
    "agreed": {"nl": "Zaal (mediaan)", "en": "Room (median)"},
    "depth_empty": {"nl": "Er zijn nog geen scores voor diepgang.", "en": "No depth scores yet."},
    "matrix_title": {"nl": "Soort opmerking per discipline", "en": "Kind of remark by discipline"},
    "matrix_empty": {"nl": "Er is nog geen commentaar.", "en": "No comments yet."},
    "conflict_empty": {"nl": "Geen botsingen.", "en": "No collisions."},
    "conflict_head": {"nl": "{title} · alinea {paragraph}", "en": "{title} · paragraph {paragraph}"},
    "more": {"nl": "+{n} meer", "en": "+{n} more"},
    "rounds_title": {"nl": "Correctierondes: nu en het doel", "en": "Correction rounds: now and the target"},
    "rounds_now": {"nl": "Nu", "en": "Now"},
    "rounds_target": {"nl": "Doel", "en": "Target"},
    "rounds_x": {"nl": "Rondes", "en": "Rounds"},
    "rounds_empty": {"nl": "Er zijn nog geen afspraken over rondes.", "en": "No agreements on rounds yet."},
    "stereo_title": {"nl": "Wat we over elkaar zeggen, per discipline",
                     "en": "What we say about each other, by discipline"},
    "stereo_empty": {"nl": "Er zijn nog geen uitspraken.", "en": "No remarks yet."},
    "inventory_y": {"nl": "Bedoelde diepgang (1 gewone taal … 5 labdata)",
                    "en": "Intended depth (1 plain language … 5 lab data)"},
    "inventory_misfit": {"nl": "Past niet bij de fase", "en": "Does not fit the stage"},
    "inventory_no_owner": {"nl": "Zonder eigenaar", "en": "No owner"},
}
#: Pieces named at one stage and depth of the inventory chart; beyond that the spot says how many more.
INVENTORY_LABELS = 5
#: Colours of the comment types: style and fact far apart, the other two in between.
TYPE_COLOURS = {"style": PALETTE[1], "fact": PALETTE[0], "audience": PALETTE[2], "expectation": PALETTE[5]}


def _t(key: str, lang: str, **params: object) -> str:
    return translate(_LABELS, key, lang, **params)


def _num(value: float, lang: str) -> str:
    return decimal_mark(f"{value:.1f}".rstrip("0").rstrip("."), lang)


def _wrap(value: object, width: int, max_lines: int = 3) -> list[str]:
    lines = textwrap.wrap(" ".join(str(value).split()), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines


def depth_profile_chart(profile: pd.DataFrame, agreed: dict[str, float], lang: str) -> Figure:
    """One line per discipline across the journey stages, and the room's median dashed.

    Parameters
    ----------
    profile
        :func:`toolkit.methods.content_alignment.depth_by_role`.
    agreed
        :func:`toolkit.methods.content_alignment.agreed_depth`.
    """
    if profile is None or profile.empty:
        return empty_chart(_t("depth_empty", lang))
    stages = list(dict.fromkeys(profile["stage"]))
    labels = dict(zip(profile["stage"], profile["stage_label"], strict=True))
    fig = new_figure(8.5, 4.8)
    ax = fig.add_subplot()
    style_axes(ax)
    for role in dict.fromkeys(profile["role"]):
        rows = profile[profile["role"] == role]
        xs = [stages.index(s) for s in rows["stage"]]
        ax.plot(xs, list(rows["mean"]), marker="o", linewidth=2.2, color=ROLE_COLOURS.get(role, MUTED),
                label=plain_text(role_label(role, lang)))
    room = [(stages.index(s), v) for s, v in agreed.items() if s in stages]
    if room:
        ax.plot([x for x, _v in room], [v for _x, v in room], linestyle="--", color=TEXT_COLOUR, linewidth=1.5,
                marker="s", label=plain_text(_t("agreed", lang)))
    ax.set_xticks(range(len(stages)), [plain_lines(_wrap(labels[s], 14, 2)) for s in stages])
    ax.set_ylim(0.7, 5.3)
    ax.set_yticks(range(1, 6))
    ax.set_ylabel(plain_text(_t("depth_y", lang)), fontsize=9, color=TEXT_COLOUR)
    ax.grid(axis="y", color="#E6E6E6")
    ax.set_title(plain_text(_t("depth_title", lang)), loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    return fig


def _ink_on(colour) -> str:
    r, g, b = to_rgb(colour[:3] if isinstance(colour, tuple) else colour)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else TEXT_COLOUR


def comment_matrix_chart(matrix: pd.DataFrame, type_labels: dict[str, str], lang: str) -> Figure:
    """A heatmap of how many remarks of each kind (columns) each discipline (rows) made.

    Parameters
    ----------
    matrix
        :func:`toolkit.methods.content_alignment.comment_mix` (by role).
    type_labels
        The label of each comment type (the session's list).
    """
    from matplotlib import colormaps

    if matrix is None or matrix.empty or int(matrix.to_numpy().sum()) == 0:
        return empty_chart(_t("matrix_empty", lang))
    values = matrix.to_numpy(dtype=float)
    cmap = colormaps[SEQUENTIAL_CMAP]
    norm = Normalize(0, max(1.0, float(values.max())))
    fig = new_figure(min(2.8 + 1.5 * len(matrix.columns), 14.0), min(1.6 + 0.65 * len(matrix.index), 10.0))
    ax = fig.add_subplot()
    ax.imshow(values, cmap=cmap, norm=norm, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, str(int(values[i, j])), ha="center", va="center", fontsize=12, fontweight="bold",
                    color=_ink_on(cmap(norm(values[i, j]))))
    ax.set_xticks(range(len(matrix.columns)),
                  [plain_lines(_wrap(type_labels.get(c, c), 14, 2)) for c in matrix.columns], fontsize=9)
    ax.set_yticks(range(len(matrix.index)),
                  [plain_lines(_wrap(role_label(r, lang), 22, 2)) for r in matrix.index], fontsize=9)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(plain_text(_t("matrix_title", lang)), fontsize=12, color=TEXT_COLOUR, loc="left")
    return fig


def conflict_list_chart(conflicts: list[Conflict], type_labels: dict[str, str], lang: str,
                        max_conflicts: int = 6, max_remarks: int = 5) -> Figure:
    """The colliding paragraphs as a list: each paragraph's text, then its remarks, each marked
    with its kind's colour and the discipline that made it."""
    if not conflicts:
        return empty_chart(_t("conflict_empty", lang))
    shown = conflicts[:max_conflicts]
    lines: list[tuple[str, str, str, float]] = []  # (text, colour, weight, indent)
    for conflict in shown:
        lines.append((_t("conflict_head", lang, title=conflict.draft_title, paragraph=conflict.paragraph),
                      TEXT_COLOUR, "bold", 0.0))
        for line in _wrap(f"“{conflict.excerpt}”", 100, 2):
            lines.append((line, MUTED, "normal", 0.0))
        for role, kind, comment, _passage in conflict.remarks[:max_remarks]:
            label = f"{type_labels.get(kind, kind)} · {role_label(role, lang)}: {comment}"
            for line in _wrap(label, 92, 2):
                lines.append((line, TYPE_COLOURS.get(kind, TEXT_COLOUR), "normal", 0.03))
        if len(conflict.remarks) > max_remarks:
            lines.append((_t("more", lang, n=len(conflict.remarks) - max_remarks), MUTED, "normal", 0.03))
        lines.append(("", TEXT_COLOUR, "normal", 0.0))
    if len(conflicts) > max_conflicts:
        lines.append((_t("more", lang, n=len(conflicts) - max_conflicts), MUTED, "normal", 0.0))
    height = 0.6 + 0.24 * len(lines)
    fig = new_figure(10.0, height)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(len(lines), -1.2)
    ax.text(0, -0.9, plain_text(method_text("conflict_title", lang)), fontsize=12, color=TEXT_COLOUR, va="center")
    for i, (line, colour, weight, indent) in enumerate(lines):
        if line:
            ax.text(indent, i, plain_text(line), fontsize=9, color=colour, fontweight=weight, va="center")
    return fig


def rounds_chart(rounds: pd.DataFrame, lang: str) -> Figure:
    """Per kind of content, the correction rounds it takes now against the agreed target.

    Parameters
    ----------
    rounds
        :func:`toolkit.methods.content_alignment.rounds_against_target`.
    """
    if rounds is None or rounds.empty:
        return empty_chart(_t("rounds_empty", lang))
    fig = new_figure(8.0, 1.4 + 0.55 * len(rounds))
    ax = fig.add_subplot()
    style_axes(ax)
    ys = list(range(len(rounds)))
    now = [v if v is not None and v == v else 0 for v in rounds["rounds_now"]]
    target = [v if v is not None and v == v else 0 for v in rounds["target"]]
    ax.barh([y - 0.18 for y in ys], now, height=0.34, color=PALETTE[5], label=plain_text(_t("rounds_now", lang)))
    ax.barh([y + 0.18 for y in ys], target, height=0.34, color=PALETTE[2],
            label=plain_text(_t("rounds_target", lang)))
    for y, a, b in zip(ys, now, target, strict=True):
        ax.text(a + 0.1, y - 0.18, _num(a, lang), va="center", fontsize=8, color=TEXT_COLOUR)
        ax.text(b + 0.1, y + 0.18, _num(b, lang), va="center", fontsize=8, color=TEXT_COLOUR)
    ax.set_yticks(ys, [plain_lines(_wrap(k, 22, 2)) for k in rounds["kind_label"]])
    ax.invert_yaxis()
    ax.set_xlabel(plain_text(_t("rounds_x", lang)), fontsize=9)
    ax.set_xlim(0, max([*now, *target, 1]) * 1.15 + 0.5)
    ax.set_title(plain_text(_t("rounds_title", lang)), loc="left")
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    return fig


def stereotypes_chart(table: pd.DataFrame, prompt_labels: dict[str, str], lang: str, max_notes: int = 6) -> Figure:
    """The opening's remarks side by side: one row per discipline, one column per prompt.

    Parameters
    ----------
    table
        :func:`toolkit.methods.content_alignment.stereotypes_by_role`.
    prompt_labels
        The label of each prompt id (the column headings).
    """
    prompts = [c for c in table.columns if c != "role"] if table is not None else []
    if table is None or table.empty or not prompts:
        return empty_chart(_t("stereo_empty", lang))
    cells = {(row.role, p): [n for n in str(getattr(row, p) or "").split(" · ") if n][:max_notes]
             for row in table.itertuples() for p in prompts}
    heights = []
    for role in table["role"]:
        lines = max(sum(len(_wrap(n, 44, 2)) for n in cells[(role, p)]) for p in prompts)
        heights.append(max(1, lines) + 1.6)
    total = sum(heights) + 2
    fig = new_figure(4.0 + 4.2 * len(prompts), 0.8 + 0.22 * total)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(total, 0)
    width = 0.78 / len(prompts)
    ax.text(0, 0.5, plain_text(_t("stereo_title", lang)), fontsize=12, color=TEXT_COLOUR, va="center")
    for j, prompt in enumerate(prompts):
        ax.text(0.22 + j * width, 1.7, plain_text(prompt_labels.get(prompt, prompt)), fontsize=9.5,
                fontweight="bold", color=TEXT_COLOUR, va="center")
    y = 2.6
    for role, height in zip(table["role"], heights, strict=True):
        ax.axhline(y - 0.5, color="#E6E6E6", linewidth=1)
        ax.text(0, y + 0.3, plain_lines(_wrap(role_label(role, lang), 24, 2)), fontsize=9.5, va="top",
                color=ROLE_COLOURS.get(role, TEXT_COLOUR), fontweight="bold")
        for j, prompt in enumerate(prompts):
            line = y + 0.3
            for note in cells[(role, prompt)]:
                wrapped = _wrap(f"“{note}”", 44, 2)
                ax.text(0.22 + j * width, line, plain_lines(wrapped), fontsize=9, va="top", color=TEXT_COLOUR)
                line += len(wrapped)
        y += height
    return fig


def inventory_chart(pieces: pd.DataFrame, agreed: dict[str, float], stages: list[tuple[str, str]],
                    lang: str) -> Figure:
    """Every piece of content at its stage (x) and intended depth (y), against the agreed depth
    per stage; pieces whose depth does not fit are orange, pieces without an owner hollow.

    Parameters
    ----------
    pieces
        :func:`toolkit.methods.content_alignment.inventory`.
    agreed
        :func:`toolkit.methods.content_alignment.agreed_depth`.
    stages
        ``(stage id, label)`` in journey order.
    """
    placed = pieces[pieces["depth"].notna() & pieces["stage"].isin([s for s, _l in stages])] if pieces is not None \
        else None
    if placed is None or placed.empty:
        return empty_chart(method_text("inventory_empty", lang))
    order = [s for s, _label in stages]
    fig = new_figure(10.0, 5.6)
    ax = fig.add_subplot()
    style_axes(ax)
    room = [(order.index(s), v) for s, v in agreed.items() if s in order]
    if room:
        ax.plot([x for x, _v in room], [v for _x, v in room], linestyle="--", color=MUTED, marker="s",
                label=plain_text(method_text("col_agreed", lang)), zorder=1)
    seen: dict[tuple[int, float], int] = {}
    spots: dict[tuple[int, float], int] = {}
    for row in placed.itertuples():
        spot = (order.index(row.stage), float(row.depth))
        spots[spot] = spots.get(spot, 0) + 1
    labelled = set()
    markers: dict[tuple[str, bool], list[tuple[int, float]]] = {}  # (colour, hollow) -> points, one scatter each
    for row in placed.itertuples():
        x, depth = order.index(row.stage), float(row.depth)
        offset = seen.get((x, depth), 0)
        seen[(x, depth)] = offset + 1
        fits = row.fit in ("fits", "unknown")
        colour = PALETTE[0] if fits else PALETTE[5]
        key = "inventory_fits" if fits else "inventory_misfit"
        markers.setdefault((colour, not row.owner), []).append((x, depth))
        labelled.add(key)
        # A spot names at most INVENTORY_LABELS pieces; the rest are counted (the table lists them all).
        crowded = spots[(x, depth)] > INVENTORY_LABELS
        if crowded and offset == INVENTORY_LABELS - 1:
            label = _t("more", lang, n=spots[(x, depth)] - offset)
        elif crowded and offset >= INVENTORY_LABELS:
            continue
        else:
            label = plain_lines(_wrap(row.title, 26, 2))
        ax.text(x + 0.08, depth - 0.22 * offset, label, fontsize=7.5, va="center", color=TEXT_COLOUR, zorder=4)
    for (colour, hollow), points in markers.items():
        ax.scatter([x for x, _d in points], [d for _x, d in points], s=70, zorder=3,
                   color="white" if hollow else colour, edgecolors=colour, linewidths=2)
    ax.set_xticks(range(len(order)), [plain_lines(_wrap(label, 14, 2)) for _s, label in stages])
    ax.set_xlim(-0.4, len(order) - 0.1)
    ax.set_ylim(0.5, 5.5)
    ax.set_yticks(range(1, 6))
    ax.set_ylabel(plain_text(_t("inventory_y", lang)), fontsize=9)
    ax.grid(axis="y", color="#EEEEEE")
    ax.set_title(plain_text(method_text("inventory_title", lang)), loc="left")
    handles = ax.get_legend_handles_labels()[0]
    for key, colour, text in (("inventory_fits", PALETTE[0], method_text("col_fit", lang)),
                              ("inventory_misfit", PALETTE[5], _t("inventory_misfit", lang))):
        if key in labelled:
            handles.append(Line2D([], [], linestyle="", marker="o", markersize=8, color=colour,
                                  label=plain_text(text)))
    handles.append(Line2D([], [], linestyle="", marker="o", markersize=8, markerfacecolor="white",
                          markeredgecolor=MUTED, markeredgewidth=2, label=plain_text(_t("inventory_no_owner", lang))))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    return fig
