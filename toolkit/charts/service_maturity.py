"""Charts of the service-maturity method: the ladder by role, the blended index over time with its
components, and lead spotting against the 2% line."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from toolkit.charts.style import (
    MUTED,
    PALETTE,
    ROLE_COLOURS,
    TEXT_COLOUR,
    empty_chart,
    new_figure,
    plain_text,
    style_axes,
)
from toolkit.core.i18n import decimal_mark, role_label
from toolkit.methods.service_maturity import (
    LEAD_FINDING,
    REACHED,
    REVENUE_KPI,
    SERVICE_KPI,
    STEPS,
    step_label,
    text,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from toolkit.methods.service_maturity import BlendedIndex, LeadResults, MaturityProfile


def maturity_ladder(profile: MaturityProfile, lang: str) -> Figure:
    """Grouped bars: each role's average per step, the line from which a step counts as reached,
    and each role's step reached in the legend."""
    if profile.raters == 0:
        return empty_chart(text("chart_empty", lang))
    fig = new_figure(8.5, 4.8)
    ax = fig.add_subplot()
    by_role = profile.by_role
    roles = [r for r in ROLE_COLOURS if r in set(by_role["role"])]
    width = 0.8 / max(len(roles), 1)
    for i, role in enumerate(roles):
        rows = by_role[by_role["role"] == role].set_index("step")
        xs = [s + (i - (len(roles) - 1) / 2) * width for s in range(len(STEPS))]
        heights = [float(rows.loc[step, "mean"]) if step in rows.index else 0.0 for step in STEPS]
        label = text("role_level", lang, role=role_label(role, lang), level=profile.levels.get(role, 0))
        ax.bar(xs, heights, width=width * 0.92, color=ROLE_COLOURS[role], label=plain_text(label))
    ax.axhline(REACHED, color=TEXT_COLOUR, linestyle="--", linewidth=1)
    reached = text("reached_line", lang, value=decimal_mark(f"{REACHED:g}", lang))
    ax.text(len(STEPS) - 0.5, REACHED + 0.05, plain_text(reached),
            ha="right", va="bottom", fontsize=8, color=TEXT_COLOUR)
    ax.set_xticks(range(len(STEPS)), [plain_text(step_label(s, lang)) for s in STEPS], fontsize=9)
    ax.set_ylim(0, 5.2)
    ax.set_ylabel(plain_text(text("ladder_axis", lang)))
    ax.set_title(plain_text(text("maturity_title", lang)))
    ax.legend(fontsize=8, frameon=False, loc="upper right", ncols=2)
    style_axes(ax)
    return fig


def _scaled(series: pd.Series) -> list[float]:
    values = [v for v in series if not math.isnan(v)]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    span = high - low
    return [math.nan if math.isnan(v) else (50.0 if span == 0 else (v - low) / span * 100) for v in series]


def index_chart(blend: BlendedIndex, labels: dict[str, str], lang: str, figures: pd.DataFrame | None = None) -> Figure:
    """The blended index month by month (thick) over its components (thin), the 100 line; below it,
    customer satisfaction and revenue scaled to 0-100 with the lag at which revenue follows."""
    if blend.index.dropna().empty:
        return empty_chart(text("chart_empty", lang))
    both = figures is not None and SERVICE_KPI in figures and REVENUE_KPI in figures
    fig = new_figure(9.0, 6.4 if both else 4.6)
    axes = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2]) if both else [fig.add_subplot()]
    ax = axes[0]
    months = list(blend.index.index)
    xs = range(len(months))
    for i, kpi in enumerate(blend.components.columns):
        ax.plot(xs, list(blend.components[kpi]), color=PALETTE[(i + 1) % len(PALETTE)], linewidth=1, alpha=0.8,
                label=plain_text(labels.get(kpi, kpi)))
    ax.plot(xs, list(blend.index), color=TEXT_COLOUR, linewidth=3, label=plain_text(text("index_line", lang)))
    ax.axhline(100, color=MUTED, linestyle="--", linewidth=1)
    ax.set_ylabel(plain_text(text("index_axis", lang)))
    ax.set_title(plain_text(text("index_title", lang)))
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    style_axes(ax)
    if both:
        low = axes[1]
        low.plot(xs, _scaled(figures[SERVICE_KPI]), color=PALETTE[3], linewidth=2, marker="o", markersize=3,
                 label=plain_text(labels.get(SERVICE_KPI, SERVICE_KPI)))
        low.plot(xs, _scaled(figures[REVENUE_KPI]), color=PALETTE[0], linewidth=2, linestyle="--",
                 label=plain_text(labels.get(REVENUE_KPI, REVENUE_KPI)))
        if blend.lag is not None:
            low.text(0.01, 0.95, plain_text(text("lag_note", lang, lag=blend.lag)), transform=low.transAxes,
                     ha="left", va="top", fontsize=9, color=TEXT_COLOUR)
        low.set_title(plain_text(text("lag_panel", lang)), fontsize=10)
        low.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        style_axes(low)
    axes[-1].set_xticks(list(xs), [plain_text(m) for m in months], rotation=45, ha="right", fontsize=8)
    return fig


def leads_chart(results: LeadResults, lang: str) -> Figure:
    """Per role (and for everyone): the share classified correctly and the share of leads
    recognised, against the 2% line of the study."""
    by_role = results.by_role
    if by_role.empty:
        return empty_chart(text("chart_empty", lang))
    fig = new_figure(8.0, 4.4)
    ax = fig.add_subplot()
    names = [text("everyone", lang) if r == "all" else role_label(r, lang) for r in by_role["role"]]
    xs = range(len(names))
    accuracy = [float(a) * 100 for a in by_role["accuracy"]]
    leads = [0.0 if math.isnan(s) else float(s) * 100 for s in by_role["lead_share"]]
    ax.bar([x - 0.2 for x in xs], accuracy, width=0.38, color=PALETTE[4], label=plain_text(text("accuracy_axis", lang)))
    ax.bar([x + 0.2 for x in xs], leads, width=0.38, color=PALETTE[1], label=plain_text(text("lead_share_axis", lang)))
    ax.axhline(LEAD_FINDING * 100, color=PALETTE[5], linewidth=2)
    ax.text(len(names) - 0.5, LEAD_FINDING * 100 + 1.5, plain_text(text("finding_label", lang)), ha="right",
            va="bottom", fontsize=9, color=PALETTE[5], bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xticks(list(xs), [plain_text(n) for n in names], fontsize=9)
    ax.set_ylim(0, 105)
    ax.set_ylabel(plain_text(text("share_axis", lang)))
    ax.set_title(plain_text(text("leads_title", lang)))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    style_axes(ax)
    return fig
