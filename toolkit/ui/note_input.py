"""The note input: a text area, the kind of note (when the phase has prompts) and an Add button."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.definitions import Phase
from toolkit.ui.text import t


class NoteInput:
    """Calls ``on_submit(payload)``; clears the text only when the callback reports success."""

    def __init__(self, phase: Phase, lang: str, on_submit: Callable[[dict], bool]) -> None:
        self.phase = phase
        self.lang = lang
        self._on_submit = on_submit
        self.text = w.Textarea(layout=w.Layout(width="min(100%, 40em)", height="5em"))
        self.text.add_class("tk-note-input")
        self.prompt = w.Dropdown(layout=w.Layout(width="min(100%, 20em)"))
        self.prompt.add_class("tk-note-prompt")
        self.submit = w.Button(button_style="primary", icon="plus")
        self.submit.add_class("tk-note-submit")
        self.submit.on_click(self._submit)
        children = [self.text, w.HBox([self.prompt, self.submit])] if phase.prompts else [self.text, self.submit]
        self.widget = w.VBox(children)
        self.widget.add_class("tk-note-form")
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.text.placeholder = t("note_placeholder", lang)
        chosen = self.prompt.value
        self.prompt.options = [(p.label(lang), p.id) for p in self.phase.prompts]
        ids = [p.id for p in self.phase.prompts]
        if ids:
            self.prompt.value = chosen if chosen in ids else ids[0]
        self.submit.description = t("note_submit", lang)

    def payload(self) -> dict:
        payload = {"text": self.text.value}
        if self.phase.prompts:
            payload["prompt"] = self.prompt.value
        return payload

    def _submit(self, _button=None) -> None:
        if self._on_submit(self.payload()):
            self.text.value = ""
