"""Charts of the brand persona method: the persona card, the tone profile and the spread by discipline."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch, Rectangle

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
from toolkit.core.i18n import decimal_mark, role_label, translate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from toolkit.methods.persona import Persona, ToneProfile

# The card is drawn in points on a 13.33 x 7.5 inch (16:9) canvas: 960 x 540 points.
CARD_WIDTH, CARD_HEIGHT = 960.0, 540.0
_LEFT_PANEL = 330.0
_PAD = 26.0
_RIGHT_X = _LEFT_PANEL + 30.0
_RIGHT_WIDTH = CARD_WIDTH - _RIGHT_X - _PAD
_BLUE = PALETTE[0]
_CHIP_COLOURS = {
    "trait": ("#DCEBF5", "#0B3C5D"),
    "use": ("#D3EFE5", "#04533D"),
    "avoid": ("#FBE2D2", "#7A3300"),
    "jargon": ("#ECECEC", "#333333"),
}

_LABELS: dict[str, dict[str, str]] = {
    "brand_persona": {"nl": "BRAND PERSONA", "en": "BRAND PERSONA"},
    "no_name": {"nl": "Nog zonder naam", "en": "No name yet"},
    "no_story": {
        "nl": "Het verhaal van de persona is nog niet geschreven.",
        "en": "The persona's story has not been written yet.",
    },
    "address_u": {"nl": "We zeggen u (formeel)", "en": "We say \"u\" (formal Dutch)"},
    "address_je": {"nl": "We zeggen je (informeel)", "en": "We say \"je\" (informal Dutch)"},
    "address_none": {"nl": "Aanspreekvorm: nog niet gekozen", "en": "Form of address: not chosen yet"},
    "traits": {"nl": "Kenmerken", "en": "Traits"},
    "we_are": {"nl": "Wij zijn", "en": "We are"},
    "we_are_not": {"nl": "Wij zijn niet", "en": "We are not"},
    "words_use": {"nl": "Woorden die we gebruiken", "en": "Words we use"},
    "words_avoid": {"nl": "Woorden die we vermijden", "en": "Words we avoid"},
    "jargon": {"nl": "Vakjargon: uitleggen of vermijden", "en": "Specialist terms: explain or avoid"},
    "none": {"nl": "nog niets gekozen", "en": "nothing chosen yet"},
    "more": {"nl": "en nog {n}", "en": "+{n} more"},
    "no_tone": {"nl": "Er zijn nog geen toonscores gegeven.", "en": "No tone scores have been given yet."},
    "profile_title": {"nl": "Toon per situatie", "en": "Tone per situation"},
    "profile_x": {
        "nl": "Punt = mediaan, balk = middelste helft van de scores ({low} = linkerwoord, {high} = rechterwoord)",
        "en": "Dot = median, bar = middle half of the scores ({low} = left word, {high} = right word)",
    },
    "spread_title": {"nl": "Waar de disciplines verschillen", "en": "Where the disciplines differ"},
    "spread_x": {
        "nl": "Mediaan per discipline ({low} = linkerwoord, {high} = rechterwoord); Δ = verschil",
        "en": "Median per discipline ({low} = left word, {high} = right word); Δ = difference",
    },
}


def _label(key: str, lang: str, **params: object) -> str:
    return translate(_LABELS, key, lang, **params)


# --------------------------------------------------------------------------- text measuring


@functools.lru_cache(maxsize=8192)
def _char_width(char: str, bold: bool) -> float:
    """Advance width of one character at font size 1, in points (0.6 for a glyph the font lacks)."""
    from matplotlib.font_manager import findfont, get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(findfont(FontProperties(weight="bold" if bold else "normal")))
    if font.get_char_index(ord(char)) == 0:
        return 0.6
    font.set_size(100, 72)  # the font object is shared with the renderer: set the size every time
    return font.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 100


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at font ``size``: the sum of the characters' advance widths.

    A 6% margin covers hinting, which makes small type up to about 3% wider on screen.
    """
    return 1.06 * size * sum(_char_width(char, bold) for char in text)


def wrap_text(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points; over-long words are split."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if _text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while _text_width(word, size, bold) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and _text_width(word[:cut] + "-", size, bold) > width:
                    cut -= 1
                lines.append(word[:cut] + "-")
                word = word[cut:]
            line = word
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _fit_lines(text: str, width: float, size: float, max_lines: int, bold: bool = False) -> list[str]:
    """Wrapped lines, cut to ``max_lines`` with an ellipsis on the last one."""
    lines = wrap_text(text, width, size, bold)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max(1, max_lines)]
    last = kept[-1]
    while last and _text_width(last + " …", size, bold) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + " …"
    return kept


# --------------------------------------------------------------------------- persona card


def _chip_rows(items: list[str], width: float, size: float) -> list[list[tuple[str, float]]]:
    """Chips (text, chip width) flowed into rows that fit ``width``."""
    pad, gap = size * 0.7, size * 0.5
    rows: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for item in items:
        text = (_fit_lines(item, width - 2 * pad, size, 1) or ["–"])[0]
        chip = _text_width(text, size) + 2 * pad
        if rows[-1] and used + gap + chip > width:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0) + chip
        rows[-1].append((text, chip))
    return [r for r in rows if r]


class _Card:
    """Collects drawing operations for the card's right-hand panel and measures their height."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.ops: list[tuple] = []
        self.y = _PAD

    def heading(self, x: float, y: float, text: str) -> float:
        size = 13 * self.scale
        self.ops.append(("text", x, y, text, size, True, TEXT_COLOUR))
        return y + size * 1.6

    def chips(self, x: float, y: float, width: float, items: list[str], style: str) -> float:
        size = 11 * self.scale
        height, gap = size * 1.9, size * 0.5
        for row in _chip_rows(items, width, size):
            cx = x
            for text, chip in row:
                self.ops.append(("chip", cx, y, chip, height, text, size, style))
                cx += chip + gap
            y += height + gap
        return y

    def bullets(self, x: float, y: float, width: float, items: list[str], mark: str, colour: str) -> float:
        size = 11 * self.scale
        indent = size * 1.4
        for item in items:
            lines = _fit_lines(item, width - indent, size, 3)
            self.ops.append(("text", x, y, mark, size, True, colour))
            for line in lines:
                self.ops.append(("text", x + indent, y, line, size, False, TEXT_COLOUR))
                y += size * 1.35
            y += size * 0.35
        return y


def _limited(items: tuple[str, ...], limit: int | None, lang: str) -> list[str]:
    if limit is None or len(items) <= limit:
        return list(items)
    return [*items[:limit], _label("more", lang, n=len(items) - limit)]


def _right_panel(persona: Persona, lang: str, scale: float, limit: int | None) -> _Card:
    card = _Card(scale)
    none = [_label("none", lang)]
    column = (_RIGHT_WIDTH - 24) / 2
    x2 = _RIGHT_X + column + 24
    section_gap = 14 * scale

    y = card.heading(_RIGHT_X, _PAD, _label("traits", lang))
    y = card.chips(_RIGHT_X, y, _RIGHT_WIDTH, _limited(persona.traits, limit, lang) or none, "trait") + section_gap

    left = card.heading(_RIGHT_X, y, _label("we_are", lang))
    right = card.heading(x2, y, _label("we_are_not", lang))
    left = card.bullets(_RIGHT_X, left, column, _limited(persona.we_are, limit, lang) or none, "✓", PALETTE[2])
    right = card.bullets(x2, right, column, _limited(persona.we_are_not, limit, lang) or none, "✗", PALETTE[5])
    y = max(left, right) + section_gap

    left = card.heading(_RIGHT_X, y, _label("words_use", lang))
    right = card.heading(x2, y, _label("words_avoid", lang))
    left = card.chips(_RIGHT_X, left, column, _limited(persona.words_use, limit, lang) or none, "use")
    right = card.chips(x2, right, column, _limited(persona.words_avoid, limit, lang) or none, "avoid")
    y = max(left, right) + section_gap

    if persona.jargon:
        y = card.heading(_RIGHT_X, y, _label("jargon", lang))
        y = card.chips(_RIGHT_X, y, _RIGHT_WIDTH, _limited(persona.jargon, limit, lang), "jargon")
    card.y = y
    return card


def _fitted_right_panel(persona: Persona, lang: str) -> _Card:
    """The largest layout that fits the card: shrink the type first, then shorten the lists."""
    bottom = CARD_HEIGHT - _PAD
    for limit in (None, 8, 6, 4, 3, 2, 1):
        for scale in (1.3, 1.2, 1.1, 1.0, 0.92, 0.85, 0.78, 0.72):
            card = _right_panel(persona, lang, scale, limit)
            if card.y <= bottom:
                return card
    return card


def _draw_ops(ax, ops: list[tuple]) -> None:
    for op in ops:
        if op[0] == "text":
            _, x, y, text, size, bold, colour = op
            ax.text(x, y, plain_text(text), fontsize=size, fontweight="bold" if bold else "normal", color=colour,
                    va="top", ha="left")
        else:
            _, x, y, width, height, text, size, style = op
            fill, ink = _CHIP_COLOURS[style]
            ax.add_patch(FancyBboxPatch((x, y), width, height, boxstyle=f"round,pad=0,rounding_size={height / 2}",
                                        facecolor=fill, edgecolor="none"))
            ax.text(x + width / 2, y + height / 2, plain_text(text), fontsize=size, color=ink, va="center_baseline",
                    ha="center")


def _left_panel(ax, persona: Persona, lang: str) -> None:
    ax.add_patch(Rectangle((0, 0), _LEFT_PANEL, CARD_HEIGHT, facecolor=_BLUE, edgecolor="none"))
    width = _LEFT_PANEL - 2 * _PAD
    ax.text(_PAD, _PAD, plain_text(_label("brand_persona", lang)), fontsize=10, color="white", alpha=0.85,
            fontweight="bold", va="top")
    name = persona.name.strip() or _label("no_name", lang)
    size = 52.0
    while size > 18 and len(wrap_text(name, width, size, bold=True)) > 2:
        size -= 2
    name_lines = _fit_lines(name, width, size, 2, bold=True)
    y = _PAD + 24
    for line in name_lines:
        ax.text(_PAD, y, plain_text(line), fontsize=size, color="white", fontweight="bold", va="top")
        y += size * 1.2
    y += 8
    address = {"u": "address_u", "je": "address_je"}.get(persona.address or "", "address_none")
    badge = _label(address, lang)
    badge_size = 11.0
    badge_width = min(width, _text_width(badge, badge_size, bold=True) + 20)
    ax.add_patch(FancyBboxPatch((_PAD, y), badge_width, 24, boxstyle="round,pad=0,rounding_size=12",
                                facecolor="white", edgecolor="none"))
    badge_line = _fit_lines(badge, badge_width - 16, badge_size, 1, bold=True)[0]
    ax.text(_PAD + badge_width / 2, y + 12, plain_text(badge_line),
            fontsize=badge_size, fontweight="bold", color=_BLUE, ha="center", va="center_baseline")
    y += 24 + 18
    story = persona.story.strip() or _label("no_story", lang)
    room = CARD_HEIGHT - _PAD - y
    for story_size in (15.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.5):
        if len(wrap_text(story, width, story_size)) * story_size * 1.4 <= room:
            break
    max_lines = max(1, int(room // (story_size * 1.4)))
    for line in _fit_lines(story, width, story_size, max_lines):
        ax.text(_PAD, y, plain_text(line), fontsize=story_size, color="white", va="top")
        y += story_size * 1.4


def persona_card(persona: Persona, lang: str) -> Figure:
    """The persona card as one 16:9 image to put on a slide.

    Name in large type, the story, the form of address, traits as chips, "we are / we are not"
    columns, words to use and avoid, and the specialist terms. Long texts wrap; when everything
    does not fit, the type shrinks and then the lists end in "+N more".

    Parameters
    ----------
    persona
        The agreed persona (:func:`toolkit.methods.persona.agreed_persona`).
    lang
        Language of the labels (``nl`` or ``en``); the persona's own text is shown as written.

    Returns
    -------
    Figure
        13.33 x 7.5 inches.
    """
    fig = new_figure(CARD_WIDTH / 72, CARD_HEIGHT / 72)
    fig.set_layout_engine("none")
    fig.set_dpi(100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, CARD_WIDTH)
    ax.set_ylim(CARD_HEIGHT, 0)
    ax.axis("off")
    _left_panel(ax, persona, lang)
    _draw_ops(ax, _fitted_right_panel(persona, lang).ops)
    return fig


# --------------------------------------------------------------------------- tone charts


def _poles(dimension: str, lang: str) -> tuple[str, str]:
    from toolkit.methods.persona import dimension_poles

    return dimension_poles(dimension, lang)


def tone_profile_chart(profile: ToneProfile, lang: str) -> Figure:
    """The agreed tone per situation: one panel per situation, one row per dimension.

    Each row runs from the first pole (left) to the second (right); the dot is the median of all
    scores, the bar the middle half (first to third quartile).

    Parameters
    ----------
    profile
        From :func:`toolkit.methods.persona.tone_profile`.
    lang
        Language of labels and titles.

    Returns
    -------
    Figure
    """
    overall = profile.overall
    if overall.empty:
        return empty_chart(_label("no_tone", lang))
    situations = list(profile.situations)
    dimensions = list(profile.dimensions)
    fig = new_figure(11.0, 1.0 + 0.42 * len(dimensions) * len(situations) + 0.35 * len(situations))
    axes = fig.subplots(len(situations), 1, sharex=True, squeeze=False)[:, 0]
    for ax, situation in zip(axes, situations, strict=True):
        style_axes(ax)
        ax.spines["left"].set_visible(False)
        rows = overall[overall["situation"] == situation].set_index("dimension")
        for i, dimension in enumerate(dimensions):
            ax.plot([profile.low, profile.high], [i, i], color="#DDDDDD", linewidth=1.5, zorder=1)
            if dimension not in rows.index:
                continue
            row = rows.loc[dimension]
            ax.plot([row["q1"], row["q3"]], [i, i], color=PALETTE[4], linewidth=7, alpha=0.55,
                    solid_capstyle="round", zorder=2)
            ax.scatter([row["median"]], [i], s=70, color=PALETTE[0], zorder=3)
        ax.set_ylim(len(dimensions) - 0.5, -0.5)
        ax.set_yticks(range(len(dimensions)), [plain_text(_poles(d, lang)[0]) for d in dimensions])
        right = ax.twinx()
        right.set_ylim(ax.get_ylim())
        right.set_yticks(range(len(dimensions)), [plain_text(_poles(d, lang)[1]) for d in dimensions])
        for side in ("top", "left", "right"):
            right.spines[side].set_visible(False)
        right.tick_params(length=0, labelsize=9, colors=TEXT_COLOUR)
        ax.tick_params(axis="y", length=0)
        ax.set_title(plain_text(profile.situation_label(situation, lang)), loc="left", fontweight="bold", fontsize=11)
        ax.set_xlim(profile.low - 0.3, profile.high + 0.3)
    axes[-1].set_xticks(range(profile.low, profile.high + 1))
    axes[-1].set_xlabel(plain_text(_label("profile_x", lang, low=profile.low, high=profile.high)), fontsize=9,
                        color=MUTED)
    fig.suptitle(plain_text(_label("profile_title", lang)), fontsize=13, color=TEXT_COLOUR, x=0.02, ha="left")
    return fig


def tone_spread_chart(profile: ToneProfile, lang: str) -> Figure:
    """Where the disciplines differ: the median of each discipline per situation and dimension.

    One row per situation and dimension, largest difference on top; a grey line joins the lowest
    and highest discipline, and the difference is written at the right.

    Parameters
    ----------
    profile
        From :func:`toolkit.methods.persona.tone_profile`.
    lang
        Language of labels and titles.

    Returns
    -------
    Figure
    """
    if profile.by_role.empty:
        return empty_chart(_label("no_tone", lang))
    gaps = profile.disagreement
    roles = [r for r in ROLE_COLOURS if r in set(profile.by_role["role"])]
    roles += sorted(set(profile.by_role["role"]) - set(roles))
    fig = new_figure(11.0, 1.8 + 0.48 * len(gaps))
    ax = fig.add_subplot()
    style_axes(ax)
    step = min(0.14, 0.8 / max(1, len(roles)))
    offsets = {role: (i - (len(roles) - 1) / 2) * step for i, role in enumerate(roles)}
    labels = []
    for i, gap in enumerate(gaps.itertuples()):
        first, second = _poles(gap.dimension, lang)
        labels.append(f"{profile.situation_label(gap.situation, lang)}: {first} – {second}")
        ax.plot([gap.low_median, gap.high_median], [i, i], color="#BBBBBB", linewidth=2, zorder=1)
        cell = profile.by_role[(profile.by_role["situation"] == gap.situation)
                               & (profile.by_role["dimension"] == gap.dimension)]
        for role, median in zip(cell["role"], cell["median"], strict=True):
            ax.scatter([median], [i + offsets[role]], s=40, color=ROLE_COLOURS.get(role, MUTED),
                       edgecolor="white", linewidth=0.6, zorder=3)
        spread = decimal_mark(f"{gap.spread:g}", lang)
        ax.text(profile.high + 0.45, i, plain_text(f"Δ {spread}"), va="center", fontsize=9,
                color=TEXT_COLOUR if gap.spread >= 1 else MUTED)
    ax.set_yticks(range(len(labels)), [plain_text(label) for label in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(profile.low - 0.3, profile.high + 0.9)
    ax.set_xticks(range(profile.low, profile.high + 1))
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#EEEEEE", zorder=0)
    ax.set_xlabel(plain_text(_label("spread_x", lang, low=profile.low, high=profile.high)), fontsize=9, color=MUTED)
    ax.set_title(plain_text(_label("spread_title", lang)), loc="left")
    handles = [ax.scatter([], [], s=46, color=ROLE_COLOURS.get(r, MUTED)) for r in roles]
    fig.legend(handles, [plain_text(role_label(r, lang)) for r in roles], loc="outside lower center",
               ncols=min(4, len(roles)), frameon=False, fontsize=9)
    return fig
