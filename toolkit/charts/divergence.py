"""Divergence by discipline: each role's mean score per item, items with the widest gap first."""
from __future__ import annotations

from textwrap import shorten

from matplotlib.figure import Figure

from toolkit.charts.style import MUTED, ROLE_COLOURS, empty_chart, new_figure, plain_text, style_axes
from toolkit.core.i18n import role_label, translate

_LABELS: dict[str, dict[str, str]] = {
    "empty": {"nl": "Nog geen scores.", "en": "No scores yet."},
    "axis": {"nl": "Gemiddelde score", "en": "Mean score"},
    "title": {"nl": "Waar de disciplines verschillen", "en": "Where the disciplines differ"},
}


def divergence_chart(table, lang: str, limit: int = 8) -> Figure:
    """A dot plot: one line per item, one coloured dot per role, widest spread on top.

    ``table`` is :func:`toolkit.methods.brainstorm.rating_divergence`'s result.
    """
    if table is None or table.empty:
        return empty_chart(translate(_LABELS, "empty", lang))
    table = table.head(limit)
    roles = [c for c in table.columns if c != "spread"]
    fig = new_figure(7.5, 0.9 + 0.45 * len(table))
    ax = fig.add_subplot()
    ys = list(range(len(table)))[::-1]
    for y, (_item, row) in zip(ys, table.iterrows(), strict=True):
        values = row[roles].dropna()
        if len(values):
            ax.plot([values.min(), values.max()], [y, y], color=MUTED, linewidth=2, zorder=1)
    for role in roles:
        ax.scatter(table[role], ys, s=70, color=ROLE_COLOURS.get(role, "#7F7F7F"),
                   label=plain_text(role_label(role, lang)), zorder=2, edgecolor="white")
    ax.set_yticks(ys, [plain_text(shorten(str(i), 38, placeholder="…")) for i in table.index])
    ax.set_xlabel(plain_text(translate(_LABELS, "axis", lang)))
    ax.set_title(plain_text(translate(_LABELS, "title", lang)), loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    style_axes(ax)
    return fig


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for an ipywidgets ``Image`` or an HTML report)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
