"""The report as PDF: the report's HTML laid out by WeasyPrint.

WeasyPrint needs Pango (Debian: ``libpango-1.0-0`` and ``libpangoft2-1.0-0``) and a font; the
stylesheet asks for DejaVu Sans (Debian: ``fonts-dejavu-core``). Participant text reaches the
PDF as escaped HTML text, so it is drawn as text and never interpreted.
"""
from __future__ import annotations

import logging

from toolkit.export.content import ReportContent
from toolkit.export.html_report import render_html


def render_pdf(content: ReportContent) -> bytes:
    """The report as PDF bytes."""
    import weasyprint

    # WeasyPrint logs every CSS property it does not know; the report's CSS is shared with
    # browsers, so keep those messages out of the user's console.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_html(content, target="pdf")
    return weasyprint.HTML(string=html, base_url=None).write_pdf()
