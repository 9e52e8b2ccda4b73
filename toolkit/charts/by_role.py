"""Votes and scores split by role: one chart per vote phase or rating phase.

A vote phase draws, per contribution, one bar per role: the share of that role's dots it got, so
that a small role weighs as much as a large one. A rating phase draws, per row and dimension,
one dot per role at its mean score, joined by a line that shows the gap. Every label passes
through :func:`~toolkit.charts.style.plain_text`.
"""
from __future__ import annotations

from textwrap import shorten

from matplotlib.figure import Figure

from toolkit.charts.style import MUTED, ROLE_COLOURS, empty_chart, new_figure, plain_text, style_axes
from toolkit.core.i18n import translate

_TEXT = {
    "no_input": {"nl": "Nog geen stemmen of scores.", "en": "No votes or scores yet."},
    "title": {"nl": "Per rol: {phase}", "en": "By role: {phase}"},
    "title_plain": {"nl": "Per rol", "en": "By role"},
    "share": {"nl": "Aandeel van de stippen van de rol (%)", "en": "Share of the role's dots (%)"},
    "mean": {"nl": "Gemiddelde score", "en": "Mean score"},
    "voters": {"nl": "{role} ({n} stemmers)", "en": "{role} ({n} voters)"},
    "voter": {"nl": "{role} (1 stemmer)", "en": "{role} (1 voter)"},
    "raters": {"nl": "{role} ({n} beoordelaars)", "en": "{role} ({n} raters)"},
    "rater": {"nl": "{role} (1 beoordelaar)", "en": "{role} (1 rater)"},
}
OTHER_COLOUR = "#7F7F7F"


def _t(key: str, lang: str, **params: object) -> str:
    return translate(_TEXT, key, lang, **params)


def legend_label(role: str, people: int, kind: str, lang: str) -> str:
    """``Marketing (3 voters)``: a role and how many of its people voted or rated."""
    from toolkit.core.i18n import role_label

    one, many = ("voter", "voters") if kind == "vote" else ("rater", "raters")
    return _t(one if people == 1 else many, lang, role=role_label(role, lang), n=people)


def by_role_chart(result, lang: str, phase_title: str | None = None, dimensions: dict[str, str] | None = None,
                  scale=None, limit: int = 8) -> Figure:
    """The chart of a :class:`~toolkit.methods.by_role.RoleSplit`: grouped bars for a vote
    phase, a dot plot for a rating phase (its axis fixed to ``scale``'s range when given)."""
    if result is None or result.empty:
        return empty_chart(_t("no_input", lang))
    title = _t("title", lang, phase=phase_title) if phase_title else _t("title_plain", lang)
    if result.kind == "vote":
        return _vote_chart(result, lang, title, limit)
    return _rating_chart(result, lang, title, dimensions or {}, scale, limit)


def _vote_chart(result, lang: str, title: str, limit: int) -> Figure:
    table = result.table.head(limit)
    roles = result.roles
    totals = result.table[roles].sum(axis=0)
    fig = new_figure(7.5, 1.2 + 0.3 * len(table) * max(1, len(roles)) ** 0.6)
    ax = fig.add_subplot()
    height = 0.8 / max(1, len(roles))
    ys = list(range(len(table)))[::-1]
    widest = 0.0
    for k, role in enumerate(roles):
        shares = [100.0 * v / totals[role] if totals[role] else 0.0 for v in table[role]]
        widest = max([widest, *shares])
        offset = 0.4 - height * (k + 0.5)
        ax.barh([y + offset for y in ys], shares, height=height * 0.92, color=ROLE_COLOURS.get(role, OTHER_COLOUR),
                label=plain_text(legend_label(role, result.people[role], "vote", lang)), edgecolor="white")
    ax.set_yticks(ys, [plain_text(shorten(str(item), 40, placeholder="…")) for item in table["item"]])
    ax.set_xlim(0, min(100.0, widest * 1.15 + 1))
    ax.set_xlabel(plain_text(_t("share", lang)))
    ax.set_title(plain_text(title), loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    style_axes(ax)
    return fig


def _rating_chart(result, lang: str, title: str, dimensions: dict[str, str], scale, limit: int) -> Figure:
    table = result.table.head(limit)
    roles = result.roles
    fig = new_figure(7.5, 1.0 + 0.45 * len(table))
    ax = fig.add_subplot()
    ys = list(range(len(table)))[::-1]
    for y, (_key, row) in zip(ys, table.iterrows(), strict=True):
        values = row[roles].dropna().astype(float)
        if len(values) > 1:
            ax.plot([values.min(), values.max()], [y, y], color=MUTED, linewidth=2, zorder=1)
    for role in roles:
        ax.scatter(table[role].astype(float), ys, s=70, color=ROLE_COLOURS.get(role, OTHER_COLOUR), zorder=2,
                   edgecolor="white", label=plain_text(legend_label(role, result.people[role], "rating", lang)))
    labels = [f"{shorten(str(item), 30, placeholder='…')} · {shorten(dimensions.get(dim, dim), 26, placeholder='…')}"
              for item, dim in zip(table["item"], table["dimension"], strict=True)]
    ax.set_yticks(ys, [plain_text(label) for label in labels])
    if scale is not None:
        ax.set_xlim(scale.low - 0.3, scale.high + 0.3)
    ax.set_xlabel(plain_text(_t("mean", lang)))
    ax.set_title(plain_text(title), loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    style_axes(ax)
    return fig
