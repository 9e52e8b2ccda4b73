"""The report as PDF: the report's HTML laid out by WeasyPrint.

WeasyPrint needs Pango (Debian: ``libpango-1.0-0`` and ``libpangoft2-1.0-0``) and a font; the
stylesheet asks for DejaVu Sans (Debian: ``fonts-dejavu-core``). Participant text reaches the
PDF as escaped HTML text, so it is drawn as text and never interpreted.
"""
from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator

from toolkit.export.content import ReportContent
from toolkit.export.html_report import render_html


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the duration of the block.

    WeasyPrint allocates hundreds of thousands of small objects while it lays out a report; each
    of them counts towards the collector's thresholds, and every full collection walks every
    object the process holds (the session's DataFrames, matplotlib's caches, a server's state).
    Paused, the layout takes about a fifth less time; reference counting still frees what is not
    in a cycle, and the collector runs again as soon as the block ends. When the collector was
    already off it stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(content: ReportContent) -> bytes:
    """The report as PDF bytes."""
    import weasyprint

    # WeasyPrint logs every CSS property it does not know; the report's CSS is shared with
    # browsers, so keep those messages out of the user's console.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_html(content, target="pdf")
    with cyclic_gc_paused():
        return weasyprint.HTML(string=html, base_url=None).write_pdf()
