"""Loading a CSV file on a page: a file picker that hands the file's bytes to core or the method,
which check it; a refused file shows its message (file, row, column) and nothing is stored.

:class:`CsvUpload` is the generic part. :func:`facilitator_tools` builds what a method's
facilitator page adds (for ``service-maturity``: the monthly figures, own sample messages and
the link to the brand persona of the same organisation); other workshops get nothing.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.tables import MAX_BYTES
from toolkit.ui.error_banner import ErrorBanner
from toolkit.ui.text import esc, t


class CsvUpload(w.VBox):
    """A titled file picker for one ``.csv`` file of at most ``max_bytes``.

    ``on_file(data, name, lang)`` reads and stores the file and returns a short confirmation; it
    raises core's ``ValidationError`` for a bad file, which the banner shows in the page's
    language. Classes: ``tk-csv-upload`` (the box), ``tk-csv-file`` (the picker),
    ``tk-csv-status`` (the confirmation), ``tk-error`` (the banner).
    """

    def __init__(self, lang: str, title_key: str, on_file: Callable[[bytes, str, str], str],
                 max_bytes: int = MAX_BYTES) -> None:
        self.lang = lang
        self.title_key = title_key
        self.on_file = on_file
        self.max_bytes = max_bytes
        self.title = w.HTML()
        self.picker = w.FileUpload(accept=".csv,text/csv", multiple=False)
        self.picker.add_class("tk-csv-file")
        self.picker.observe(self._picked, names="value")
        self.status = w.HTML()
        self.status.add_class("tk-csv-status")
        self.errors = ErrorBanner(lang)
        super().__init__([self.title, self.picker, self.errors.widget, self.status])
        self.add_class("tk-csv-upload")
        self.set_language(lang)

    def _picked(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name") or "data.csv")
        data = bytes(upload.get("content") or b"")
        self.load(data, name)
        self.picker.value = ()  # the same file may be picked again after fixing it

    def load(self, data: bytes, name: str) -> bool:
        """Hand ``data`` to ``on_file``; ``True`` when it was accepted."""
        from toolkit.core.errors import ValidationError

        if len(data) > self.max_bytes:
            self.errors.show(ValidationError("csv_too_large", self.lang, file=name, limit=self.max_bytes // 1024))
            return False
        done = self.errors.guard(self.on_file, data, name, self.lang)
        self.status.value = f"<p>✓ {esc(done)}</p>" if done else ""
        return done is not None

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<b>{esc(t(self.title_key, lang))}</b>"
        self.picker.description = t("csv_choose", lang)
        self.errors.set_language(lang)


class PersonaLink(w.VBox):
    """The brand persona of the latest brand-persona session of the same organisation, and a
    button that keeps it with this session (so the report shows it under step 2)."""

    def __init__(self, lang: str, store, code: str, key: str, organisation: str | None, on_change) -> None:
        self.lang, self.store, self.code, self.key = lang, store, code, key
        self.organisation = organisation
        self.on_change = on_change
        self.info = w.HTML()
        self.info.add_class("tk-persona-link-info")
        self.button = w.Button(icon="link", layout=w.Layout(width="auto"))
        self.button.add_class("tk-persona-link")
        self.button.on_click(lambda _b: self.errors.guard(self._link))
        self.errors = ErrorBanner(lang)
        super().__init__([self.info, self.button, self.errors.widget])
        self.add_class("tk-persona-box")
        self._found = None
        self.set_language(lang)

    def _lookup(self):
        from toolkit.core import sessions as core
        from toolkit.methods.persona import agreed_persona

        codes = core.organisation_sessions(self.store, self.organisation, "brand-persona")
        if not codes:
            return None
        return codes[0], agreed_persona(core.snapshot(self.store, codes[0]))

    def _link(self) -> None:
        from toolkit.core import sessions as core
        from toolkit.methods.service_maturity import PERSONA_TABLE, persona_table

        found = self._lookup()
        if found is None:
            return
        code, persona = found
        core.set_table(self.store, self.code, self.key, PERSONA_TABLE, persona_table(persona, code, self.lang))
        self.info.value += f"<p class='tk-persona-linked'>✓ {esc(t('persona_linked', self.lang))}</p>"
        self.on_change()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.errors.set_language(lang)
        self.button.description = t("persona_link", lang)
        found = self.errors.guard(self._lookup)
        if found is None:
            self.info.value = f"<p>{esc(t('persona_none', lang))}</p>"
            self.button.layout.display = "none"
            return
        code, persona = found
        traits = ", ".join(persona.traits) or "–"
        self.info.value = (f"<p>{esc(t('persona_found', lang, name=persona.name or '–', code=code))}</p>"
                           f"<p><i>{esc(traits)}</i></p>")
        self.button.layout.display = ""


def facilitator_tools(lang: str, state, store, code: str, key: str, on_change: Callable[[], None]) -> list:
    """The extra components a method's facilitator page shows (an empty list for most)."""
    if state.workshop_id != "service-maturity":
        return []
    from toolkit.core import sessions as core
    from toolkit.core.tables import read_csv
    from toolkit.methods import service_maturity as sm

    def figures(data: bytes, name: str, lang: str) -> str:
        current = core.get_session(store, code)
        table, months = sm.read_figures_csv(data, name, lang, current.list_items("kpis"))
        core.set_table(store, code, key, sm.FIGURES_TABLE, table.to_dict())
        on_change()
        return t("figures_loaded", lang, file=name, months=len(months), kpis=len(months.columns))

    def messages(data: bytes, name: str, lang: str) -> str:
        table = read_csv(data, name, lang)
        rows = sm.read_messages(table, lang)
        core.set_list(store, code, key, "messages", [text for text, _ in rows])
        core.set_table(store, code, key, sm.MESSAGES_TABLE, table.to_dict())
        on_change()
        return t("messages_loaded", lang, file=name, n=len(rows))

    parts = [CsvUpload(lang, "csv_figures", figures), CsvUpload(lang, "csv_messages", messages),
             PersonaLink(lang, store, code, key, state.organisation, on_change)]
    box = w.Accordion(children=[w.VBox(parts)], titles=(t("tools_title", lang),), selected_index=0)
    box.add_class("tk-method-tools")
    box.parts = parts
    return [box]
