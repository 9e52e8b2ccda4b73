"""Compare two sessions of one workshop, before and after: two codes and their facilitator keys
in, the sections of :mod:`toolkit.methods.compare` out (takeaway and table each)."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.carry import comparison_snapshots
from toolkit.core.store import Store, get_store
from toolkit.methods.compare import report_sections
from toolkit.ui.error_banner import ErrorBanner
from toolkit.ui.text import esc, t


def _field(password: bool = False) -> w.Text:
    return (w.Password if password else w.Text)(layout=w.Layout(width="min(100%, 26em)"),
                                                style={"description_width": "16em"})


class CompareApp(w.VBox):
    """The comparison page; ``before`` and ``after`` fill in the two codes."""

    def __init__(self, lang: str = "nl", before: str = "", after: str = "", store: Store | None = None) -> None:
        super().__init__()
        self.add_class("tk-compare")
        self.lang = lang if lang in ("nl", "en") else "nl"
        self.store = store
        self.errors = ErrorBanner(self.lang)
        self.before, self.before_key = _field(), _field(password=True)
        self.after, self.after_key = _field(), _field(password=True)
        self.before.add_class("tk-compare-before")
        self.before_key.add_class("tk-compare-before-key")
        self.after.add_class("tk-compare-after")
        self.after_key.add_class("tk-compare-after-key")
        self.before.value, self.after.value = before, after
        self.run = w.Button(button_style="primary")
        self.run.add_class("tk-compare-run")
        self.run.on_click(lambda _b: self.compare())
        self.result = w.HTML()
        self.result.add_class("tk-compare-result")
        self.children = [self.errors.widget, self.before, self.before_key, self.after, self.after_key, self.run,
                         self.result]
        self.set_language(self.lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.errors.set_language(lang)
        for box, key in ((self.before, "compare_before"), (self.before_key, "compare_before_key"),
                         (self.after, "compare_after"), (self.after_key, "compare_after_key")):
            box.description = t(key, lang)
        self.run.description = t("compare_run", lang)

    def compare(self) -> None:
        """Read both sessions (core checks the keys) and show what changed."""
        found = self.errors.guard(comparison_snapshots, self.store or get_store(), self.before.value.strip(),
                                  self.before_key.value, self.after.value.strip(), self.after_key.value)
        if found is None:
            return
        sections = self.errors.guard(report_sections, *found, self.lang)
        if sections is None:
            return
        parts = []
        for section in sections:
            parts.append(f"<section><h3>{esc(section.title)}</h3><p>{esc(section.takeaway)}</p>")
            for caption, frame in section.tables.items():
                table = frame.to_html(index=False, escape=True, na_rep="–", border=0)
                parts.append(f"<h4>{esc(caption)}</h4><div class='tk-compare-table'>{table}</div>")
            parts.append("</section>")
        self.result.value = "".join(parts) or f"<p>{esc(t('compare_nothing', self.lang))}</p>"
