"""The facilitator's list editor: change a workshop list (e.g. the channels) for this session."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.i18n import translate
from toolkit.ui.text import esc

LABELS = {
    "title": {"nl": "Lijst '{name}' aanpassen (één per regel)", "en": "Edit the list '{name}' (one per line)"},
    "save": {"nl": "Lijst opslaan", "en": "Save list"},
}


class ListEditor:
    """One text area per list; ``on_save(list_id, labels)`` sends the lines to core, which checks them."""

    def __init__(self, list_id: str, items: list[tuple[str, str]], lang: str,
                 on_save: Callable[[str, list[str]], None], name: str | None = None) -> None:
        self.list_id = list_id
        self.name = name or list_id  # what the list is called (the definition's label)
        self.lang = lang
        self.title = w.HTML()
        self.text = w.Textarea(value="\n".join(label for _, label in items),
                               layout=w.Layout(width="min(100%, 30em)", height="10em"))
        self.text.add_class("tk-list-editor")
        self.save = w.Button(icon="save", layout=w.Layout(width="auto"))
        self.save.add_class("tk-list-save")
        self.save.on_click(lambda _b: on_save(list_id, [line for line in self.text.value.splitlines() if line.strip()]))
        self.widget = w.VBox([self.title, self.text, self.save])
        self.widget.add_class("tk-list")
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<b>{esc(translate(LABELS, 'title', lang, name=self.name))}</b>"
        self.save.description = translate(LABELS, "save", lang)
