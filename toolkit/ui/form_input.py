"""A form for phases that collect structured input (fields of type text, choice, ref, number)."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.definitions import FormField, Phase
from toolkit.ui.text import esc, t


def _label_options(items: list[tuple[str, str]], required: bool) -> list[tuple[str, str]]:
    # Labels are shown by the Dropdown as plain text (not HTML), so they need no escaping.
    head = [] if required else [("—", "")]
    return head + [(label[:80], key) for key, label in items]


class FormInput:
    """Builds one widget per field; ``on_submit(payload)`` returns ``True`` when core accepted it.

    ``choices(field)`` gives the current ``(id, label)`` options of a choice or ref field; it is
    asked again on :meth:`refresh_choices` (new values or objectives appear for everybody).
    """

    def __init__(self, phase: Phase, lang: str, choices: Callable[[FormField], list[tuple[str, str]]],
                 on_submit: Callable[[dict], bool]) -> None:
        self.phase = phase
        self.lang = lang
        self._choices = choices
        self._on_submit = on_submit
        self.fields: dict[str, w.Widget] = {}
        self.labels: dict[str, w.HTML] = {}
        rows = []
        for field in phase.fields:
            widget = self._widget_for(field)
            widget.add_class("tk-form-field")
            widget.add_class(f"tk-field-{field.id}")
            self.fields[field.id] = widget
            # Labels above their fields: long Dutch labels stay readable on a phone.
            self.labels[field.id] = w.HTML()
            rows.append(w.VBox([self.labels[field.id], widget], layout=w.Layout(margin="0 0 6px 0")))
        self.submit = w.Button(button_style="primary", icon="check")
        self.submit.add_class("tk-form-submit")
        self.submit.on_click(self._submit)
        self.widget = w.VBox([*rows, self.submit])
        self.widget.add_class("tk-form")
        self.set_language(lang)

    def _widget_for(self, field: FormField) -> w.Widget:
        layout = w.Layout(width="min(98%, 40em)")
        if field.type == "longtext":
            return w.Textarea(layout=w.Layout(width="min(98%, 40em)", height="4em"))
        if field.type in ("choice", "ref"):
            return w.Dropdown(layout=layout)
        if field.type == "number":
            if field.low is not None and field.high is not None and field.high - field.low <= 20:
                # A short scale: pick a whole number, or leave it open ("—") when optional.
                steps = [(str(v), v) for v in range(int(field.low), int(field.high) + 1)]
                return w.Dropdown(options=([] if field.required else [("—", None)]) + steps, layout=layout)
            return w.FloatText(layout=layout)
        return w.Text(layout=layout)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for field in self.phase.fields:
            label = field.label(lang) + (" *" if field.required else "")
            self.labels[field.id].value = f"<label class='tk-form-label'>{esc(label)}</label>"
        self.submit.description = t("form_submit", lang)
        self.refresh_choices()

    def refresh_choices(self) -> None:
        for field in self.phase.fields:
            if field.type not in ("choice", "ref"):
                continue
            widget = self.fields[field.id]
            chosen = widget.value
            items = [(o.id, o.label(self.lang)) for o in field.options] if field.options else self._choices(field)
            options = _label_options(items, field.required)
            if list(widget.options) != options:
                widget.options = options
                keys = [k for _, k in options]
                widget.value = chosen if chosen in keys else (keys[0] if keys else None)

    def payload(self) -> dict:
        out = {}
        for field in self.phase.fields:
            value = self.fields[field.id].value
            if value in ("", None):
                continue
            out[field.id] = value
        return out

    def clear(self) -> None:
        for field in self.phase.fields:
            widget = self.fields[field.id]
            if field.type in ("text", "longtext"):
                widget.value = ""

    def _submit(self, _button=None) -> None:
        if self._on_submit(self.payload()):
            self.clear()
