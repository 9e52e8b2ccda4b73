"""Divergence by discipline: each role's mean score per item, items with the widest gap first."""
from __future__ import annotations

from textwrap import shorten

from matplotlib.figure import Figure

from toolkit.charts.style import MUTED, ROLE_COLOURS, empty_chart, new_figure, style_axes
from toolkit.core.i18n import role_label, translate

_TEXT = {
    "no_scores": {"nl": "Nog geen scores.", "en": "No scores yet."},
    "mean_score": {"nl": "Gemiddelde score", "en": "Mean score"},
    "title": {"nl": "Waar de disciplines verschillen", "en": "Where the disciplines differ"},
    "title_of": {"nl": "Waar de disciplines verschillen: {phase}", "en": "Where the disciplines differ: {phase}"},
}


def divergence_chart(table, lang: str, limit: int = 8, phase_title: str | None = None, scale=None) -> Figure:
    """A dot plot: one line per item, one coloured dot per role, widest spread on top.

    ``table`` is :func:`toolkit.methods.brainstorm.rating_divergence`'s result for one rating
    phase; ``phase_title`` names that phase in the title and ``scale`` (its
    :class:`~toolkit.core.definitions.Scale`) fixes the axis to the scale's range.
    """
    if table is None or table.empty:
        return empty_chart(translate(_TEXT, "no_scores", lang))
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
        ax.scatter(table[role], ys, s=70, color=ROLE_COLOURS.get(role, "#7F7F7F"), label=role_label(role, lang),
                   zorder=2, edgecolor="white")
    ax.set_yticks(ys, [shorten(str(i), 38, placeholder="…") for i in table.index])
    if scale is not None:
        ax.set_xlim(scale.low - 0.3, scale.high + 0.3)
    ax.set_xlabel(translate(_TEXT, "mean_score", lang))
    title = translate(_TEXT, "title_of", lang, phase=phase_title) if phase_title else translate(_TEXT, "title", lang)
    ax.set_title(title, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    style_axes(ax)
    return fig


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for an ipywidgets ``Image`` or an HTML report)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
