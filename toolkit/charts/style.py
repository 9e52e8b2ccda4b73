"""Shared look of every chart: a colour-blind safe palette, fonts, a figure factory, and
:func:`plain_text`, through which every label passes so that matplotlib draws it as written."""
from __future__ import annotations

from matplotlib.figure import Figure

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Diverging map for gaps (blue = practice keeps the promise, orange/red = practice falls short).
DIVERGING_CMAP = "PuOr_r"
SEQUENTIAL_CMAP = "cividis"
ROLE_COLOURS = {
    "marketing": "#E69F00", "specialist": "#0072B2", "it": "#009E73", "service": "#CC79A7",
    "sales": "#56B4E9", "management": "#D55E00", "other": "#7F7F7F",
}
TEXT_COLOUR = "#222222"
MUTED = "#8A8A8A"


def plain_text(value: object) -> str:
    """``value`` as a label that matplotlib draws exactly as written, never as mathtext.

    matplotlib reads a label with two unescaped ``$`` as a formula: ``price $\\evil$ here``
    or ``From $5 to $10`` would be typeset, or fail to draw at all with a ``ValueError``.
    With every ``$`` escaped, no label is a formula, and matplotlib shows each ``\\$`` as
    ``$``; backslashes, ``^``, ``_`` and braces are only special inside a formula. Every text,
    title, tick label, legend entry and annotation of a chart that is not a bare number goes
    through here (participant text, the facilitator's list labels, the catalogue's strings
    with their parameters); escape after wrapping or shortening, never before.
    """
    return str(value).replace("$", r"\$")


def plain_lines(lines) -> str:
    """Wrapped lines joined into one :func:`plain_text` label."""
    return plain_text("\n".join(lines))


def new_figure(width: float = 8.0, height: float = 5.0) -> Figure:
    """A figure with the house style (white background, readable default font sizes)."""
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.patch.set_facecolor("white")
    return fig


def style_axes(ax) -> None:
    """Quiet axes: no top/right spines, muted ticks, readable labels."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=TEXT_COLOUR, labelsize=9)
    ax.title.set_fontsize(12)
    ax.title.set_color(TEXT_COLOUR)


def empty_chart(message: str, width: float = 6.0, height: float = 2.5) -> Figure:
    """A figure that says there is nothing to show yet (instead of an empty plot)."""
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, plain_text(message), ha="center", va="center", fontsize=11, color=MUTED, wrap=True)
    return fig
