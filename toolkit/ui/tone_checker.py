"""The tone checker widget: paste a text, press the button, see how well it fits the brand persona."""
from __future__ import annotations

import html

import ipywidgets as widgets

from toolkit.core.errors import ToolkitError
from toolkit.core.i18n import translate
from toolkit.methods.persona import Persona, ToneReport, check_tone, format_number

STRINGS: dict[str, dict[str, str]] = {
    "title": {"nl": "Toonchecker", "en": "Tone checker"},
    "intro": {
        "nl": "Plak een tekst, bijvoorbeeld een antwoord aan een klant, en kijk hoe goed die past bij {name}.",
        "en": "Paste a text, for example a reply to a customer, and see how well it fits {name}.",
    },
    "unnamed": {"nl": "de persona", "en": "the persona"},
    "placeholder": {"nl": "Plak of typ hier je tekst…", "en": "Paste or type your text here…"},
    "check": {"nl": "Controleer de toon", "en": "Check the tone"},
    "score": {"nl": "Past bij de persona", "en": "Fits the persona"},
    "language": {"nl": "Taal van de tekst", "en": "Language of the text"},
    "lang_nl": {"nl": "Nederlands", "en": "Dutch"},
    "lang_en": {"nl": "Engels", "en": "English"},
    "sentences": {"nl": "Zinnen", "en": "Sentences"},
    "words": {"nl": "Woorden", "en": "Words"},
    "syllables": {"nl": "Lettergrepen", "en": "Syllables"},
    "readability": {"nl": "Leesbaarheid", "en": "Readability"},
    "sentence_length": {"nl": "Woorden per zin", "en": "Words per sentence"},
    "word_length": {"nl": "Letters per woord", "en": "Letters per word"},
    "address": {"nl": "u / je", "en": "u / je"},
    "avoid": {"nl": "Woorden die we vermijden", "en": "Words we avoid"},
    "jargon": {"nl": "Vakjargon", "en": "Specialist terms"},
    "none": {"nl": "geen", "en": "none"},
    "at": {"nl": "bij teken", "en": "at character"},
    "marked": {"nl": "Je tekst, met gemarkeerde woorden", "en": "Your text, with marked words"},
}
PREVIEW_CHARS = 3000
_MARK_STYLE = {"avoid": "background:#FBE2D2", "jargon": "background:#ECECEC"}


def _s(key: str, lang: str, **params: object) -> str:
    return translate(STRINGS, key, lang, **params)


def _e(value: object) -> str:
    """Escape anything that may hold user text before it goes into an HTML widget."""
    return html.escape(str(value), quote=True)


class ToneChecker(widgets.VBox):
    """A text box, a check button and the tone report of :func:`~toolkit.methods.persona.check_tone`.

    Parameters
    ----------
    persona
        The persona to check against.
    lang
        Language of the interface (``nl`` or ``en``); the text's own language is detected.

    Attributes
    ----------
    text_input, check_button, result, error
        The parts, with the CSS classes ``tk-tone-input``, ``tk-tone-check``, ``tk-tone-result``
        and ``tk-error``.
    report
        The last :class:`~toolkit.methods.persona.ToneReport`, or ``None``.
    """

    def __init__(self, persona: Persona, lang: str = "nl", **kwargs) -> None:
        self.persona = persona
        self.lang = lang if lang in ("nl", "en") else "nl"
        self.report: ToneReport | None = None
        self._error: ToolkitError | None = None
        self.header = widgets.HTML()
        self.text_input = widgets.Textarea(layout=widgets.Layout(width="100%", height="10em"))
        self.text_input.add_class("tk-tone-input")
        self.check_button = widgets.Button(button_style="primary")
        self.check_button.add_class("tk-tone-check")
        self.check_button.on_click(self._on_check)
        self.error = widgets.HTML(layout=widgets.Layout(display="none"))
        self.error.add_class("tk-error")
        self.result = widgets.HTML()
        self.result.add_class("tk-tone-result")
        super().__init__(children=[self.header, self.text_input, self.check_button, self.error, self.result], **kwargs)
        self.add_class("tk-tone-checker")
        self.set_language(self.lang)

    def set_language(self, lang: str) -> None:
        """Show every label, and the last result, in ``lang`` (``nl`` or ``en``)."""
        self.lang = lang if lang in ("nl", "en") else "nl"
        name = self.persona.name or _s("unnamed", self.lang)
        self.header.value = (f"<h3>{_e(_s('title', self.lang))}</h3>"
                             f"<p>{_e(_s('intro', self.lang, name=name))}</p>")
        self.text_input.placeholder = _s("placeholder", self.lang)
        self.check_button.description = _s("check", self.lang)
        if self._error is not None:
            self._show_error(self._error)
        elif self.report is not None:
            self.check()

    def check(self) -> ToneReport | None:
        """Check the current text; show the report, or the error when there is no text."""
        try:
            self.report = check_tone(self.text_input.value, self.persona, report_lang=self.lang)
        except ToolkitError as error:
            self.report = None
            self.result.value = ""
            self._show_error(error)
            return None
        self._error = None
        self.error.value = ""
        self.error.layout.display = "none"
        self.result.value = self._render(self.report) + self._marked_text(self.text_input.value, self.report)
        return self.report

    def _on_check(self, _button) -> None:
        self.check()

    def _show_error(self, error: ToolkitError) -> None:
        self._error = error
        self.error.value = f'<div role="alert">{_e(error.in_language(self.lang))}</div>'
        self.error.layout.display = None

    def _render(self, report: ToneReport) -> str:
        lang = self.lang
        colour = "#009E73" if report.score >= 80 else "#E69F00" if report.score >= 50 else "#D55E00"
        readability = (f"{report.readability_formula} {format_number(report.readability, lang, 0)}"
                       if report.readability is not None else "–")
        address = {"u": "u", "je": "je", "mixed": "u + je"}.get(report.address_used or "", "–")
        rows = [
            ("language", _s(f"lang_{report.language}", lang)),
            ("readability", readability),
            ("sentences", report.sentences), ("words", report.words), ("syllables", report.syllables),
            ("sentence_length", format_number(report.avg_sentence_length, lang)),
            ("word_length", format_number(report.avg_word_length, lang)),
        ]
        if report.language == "nl":
            rows.append(("address", f"{address} ({report.formal_count} u, {report.informal_count} je)"))
        rows += [("avoid", self._hits(report.avoid_found)), ("jargon", self._hits(report.jargon_found))]
        table = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{_e(_s(key, lang))}</th>"
                        f"<td>{_e(value)}</td></tr>" for key, value in rows)
        reasons = "".join(f"<li>{_e(reason)}</li>" for reason in report.reasons)
        return (f"<div class='tk-tone-score' style='font-size:1.4em;font-weight:bold;color:{colour}'>"
                f"{_e(_s('score', lang))}: {report.score}/100</div>"
                f"<ul class='tk-tone-reasons'>{reasons}</ul><table class='tk-tone-stats'>{table}</table>")

    def _marked_text(self, text: str, report: ToneReport) -> str:
        """The text (escaped, cut to PREVIEW_CHARS) with words to avoid and jargon marked."""
        marks = sorted([(h.start, h.end, "avoid") for h in report.avoid_found]
                       + [(h.start, h.end, "jargon") for h in report.jargon_found])
        parts, at = [], 0
        for start, end, kind in marks:
            if start < at or end > PREVIEW_CHARS:
                continue
            parts.append(_e(text[at:start]))
            parts.append(f"<mark class='tk-tone-{kind}' style='{_MARK_STYLE[kind]}'>{_e(text[start:end])}</mark>")
            at = end
        parts.append(_e(text[at:PREVIEW_CHARS]) + ("…" if len(text) > PREVIEW_CHARS else ""))
        return (f"<details><summary>{_e(_s('marked', self.lang))}</summary>"
                f"<div class='tk-tone-text' style='white-space:pre-wrap'>{''.join(parts)}</div></details>")

    def _hits(self, hits) -> str:
        if not hits:
            return _s("none", self.lang)
        shown = [f"{hit.found} ({_s('at', self.lang)} {hit.start + 1})" for hit in hits[:12]]
        return ", ".join(shown) + (f" (+{len(hits) - 12})" if len(hits) > 12 else "")
