"""The facilitator's results panel: the method's charts and takeaways, live, plus downloads.

Charts come from the method's ``report_sections`` (the same ones the report uses), so what the
facilitator sees in the room is what the sponsor reads afterwards. Each chart is drawn on its
own: one that fails shows an error in its place and the others still show. A redraw updates the
sections in place: while their titles stay the same, each keeps its widgets and only what changed
is sent to the browser.
"""
from __future__ import annotations

import base64
import logging

import ipywidgets as w

from toolkit.ui.error_banner import ErrorBanner
from toolkit.ui.figure_view import ChartSlot, chart_error, close_widgets, set_chart_error
from toolkit.ui.text import esc, t

log = logging.getLogger(__name__)
FORMATS = {
    "html": "text/html", "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _heading(section) -> str:
    return f"<h4>{esc(section.title)}</h4><p>{esc(section.takeaway)}</p>"


class ResultsPanel:
    """Charts of the session so far and a download button per export format.

    A download shows the session as it is now; the audit box adds the full audit log (with
    text participants deleted or edited away), which core gives only for the facilitator key.
    A download that fails says so in the panel's error banner.
    """

    def __init__(self, lang: str, store, code: str, key: str) -> None:
        self.lang = lang
        self.store = store
        self.code = code
        self.key = key
        self._snapshot = None
        self._layout: list[tuple[str, bool]] | None = []  # (title, has a chart) per section shown; None: the error
        self._parts: list[tuple[w.HTML, ChartSlot | None]] = []  # per section: its heading, its chart
        self.title = w.HTML()
        self.sections = w.VBox()
        self.sections.add_class("tk-charts")
        self.format = w.Dropdown(options=list(FORMATS), value="html", layout=w.Layout(width="auto"))
        self.format.add_class("tk-download-format")
        self.download = w.Button(icon="download")
        self.download.add_class("tk-download")
        self.download.on_click(lambda _b: self.errors.guard(self._prepare))
        self.audit = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
        self.audit.add_class("tk-download-audit")
        self.errors = ErrorBanner(lang)
        self.link = w.HTML()
        self.link.add_class("tk-download-link")
        self.widget = w.VBox([self.title, self.sections, w.HBox([self.format, self.download, self.audit]),
                              self.errors.widget, self.link])
        self.widget.add_class("tk-results-panel")
        self.set_language(lang)

    def update(self, snapshot) -> None:
        from toolkit.methods import method_module

        self._snapshot = snapshot
        module = method_module(snapshot.workshop_id)
        try:
            sections = module.report_sections(snapshot, self.lang) if module else []
        except Exception:  # an analysis bug: an error in the panel, the rest of the page keeps working
            log.exception("the results could not be computed")
            self._show_error()
            return
        layout = [(section.title, section.figure is not None) for section in sections]
        if layout != self._layout:
            self._build(sections, layout)
        for (head, slot), section in zip(self._parts, sections, strict=True):
            head.value = _heading(section)  # sent only when the takeaway changed
            if slot is not None:
                slot.show(section.figure, self.lang, alt=section.title)

    def _build(self, sections: list, layout: list[tuple[str, bool]]) -> None:
        """One box per section (its heading and takeaway, and a chart slot when it has a chart);
        the boxes shown before are closed."""
        parts, boxes = [], []
        for section, (_title, charted) in zip(sections, layout, strict=True):
            head = w.HTML(_heading(section))
            slot = ChartSlot() if charted else None
            parts.append((head, slot))
            boxes.append(w.VBox([head, slot.widget] if slot is not None else [head]))
        self._replace(boxes)
        self._layout, self._parts = layout, parts

    def _show_error(self) -> None:
        shown = self.sections.children
        if self._layout is None and len(shown) == 1:  # the error already shows: only its language may change
            set_chart_error(shown[0], self.lang)
            return
        self._replace([chart_error(self.lang)])
        self._layout, self._parts = None, []

    def _replace(self, children: list) -> None:
        old = self.sections.children
        self.sections.children = children
        for widget in old:
            close_widgets(widget)

    def _prepare(self) -> None:
        from toolkit.core.sessions import check_facilitator
        from toolkit.export import render_report

        self.link.value = ""
        check_facilitator(self.store, self.code, self.key)
        fmt = self.format.value if self.format.value in FORMATS else "html"
        data = render_report(self.store, self.code, fmt, lang=self.lang,
                             audit_key=self.key if self.audit.value else None)
        encoded = base64.b64encode(data).decode("ascii")
        name = f"workshop-{self.code}.{fmt}"
        self.link.value = (f"<a download='{esc(name)}' href='data:{FORMATS[fmt]};base64,{encoded}'>"
                           f"⬇ {esc(name)}</a>")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<h3>{esc(t('results', lang))}</h3>"
        self.format.description = t("download_format", lang)  # a label for screen readers too
        self.format.style.description_width = "initial"
        self.download.description = t("download", lang)
        self.audit.description = t("download_audit", lang)
        self.errors.set_language(lang)
        if self._snapshot is not None:
            self.update(self._snapshot)
