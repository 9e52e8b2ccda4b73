"""Exports of a session: an HTML report, a PDF, an xlsx workbook and a pptx deck.

``render_report(store, code, fmt)`` returns the bytes, ``write_report(store, code, fmt, path)``
writes a file and ``render_snapshot(snapshot, fmt)`` works without a store (examples,
self-paced notebooks). The content of all four is gathered once by
:func:`toolkit.export.content.build_content`; each format module only lays it out.

Every export shows the session as it is now: text a participant deleted or edited away is in
none of them. The full audit log takes the facilitator key (``audit_key``).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.core.snapshot import Snapshot
    from toolkit.core.store import Store
    from toolkit.export.content import ReportContent

FORMATS: tuple[str, ...] = ("html", "pdf", "xlsx", "pptx")
MEDIA_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

# Content of the last few (store, session, version, language) exported: downloading the four
# formats one after another gathers the content and draws the charts only once.
_CACHE_SIZE = 4
_cache: OrderedDict[tuple, ReportContent] = OrderedDict()
_lock = threading.Lock()


def check_format(fmt: object) -> str:
    """``fmt`` if it is one of :data:`FORMATS`, else a ``ValueError``."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    return fmt  # type: ignore[return-value]


def render_content(content: ReportContent, fmt: str) -> bytes:
    """Lay out gathered content in one format."""
    fmt = check_format(fmt)
    if fmt == "html":
        from toolkit.export.html_report import render_html

        return render_html(content).encode("utf-8")
    if fmt == "pdf":
        from toolkit.export.pdf import render_pdf

        return render_pdf(content)
    if fmt == "xlsx":
        from toolkit.export.xlsx import render_xlsx

        return render_xlsx(content)
    from toolkit.export.pptx import render_pptx

    return render_pptx(content)


def render_snapshot(snapshot: Snapshot, fmt: str, lang: str | None = None) -> bytes:
    """The report of ``snapshot`` in ``fmt`` (html, pdf, xlsx or pptx); ``lang`` defaults to the
    session's language."""
    from toolkit.export.content import build_content

    check_format(fmt)
    return render_content(build_content(snapshot, lang), fmt)


def session_content(store: Store, code: str, lang: str | None = None, audit_key: str | None = None) -> ReportContent:
    """The gathered content of session ``code``, reused while the session does not change.

    The event log shows the session as it is now; with ``audit_key`` (the facilitator key,
    checked on every call) it is the full audit log, with text deleted or edited away.
    """
    from toolkit.core.i18n import check_language
    from toolkit.core.sessions import check_facilitator, get_session, snapshot
    from toolkit.export.content import build_content

    audit = audit_key is not None
    state = check_facilitator(store, code, audit_key) if audit else get_session(store, code)
    lang = check_language(lang or state.language)
    key = (store.url, state.code, state.version, lang, audit)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    content = build_content(snapshot(store, state.code, audit_key), lang)
    with _lock:
        _cache[key] = content
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return content


def with_comparison(content: ReportContent, before: Snapshot, after: Snapshot) -> ReportContent:
    """``content`` with the sections that compare ``after`` with the earlier session ``before``
    (:mod:`toolkit.methods.compare`) at the end."""
    from dataclasses import replace

    from toolkit.export.content import drawn_sections
    from toolkit.methods.compare import report_sections

    added = drawn_sections(report_sections(before, after, content.lang), len(content.sections))
    return replace(content, sections=content.sections + tuple(added),
                   actions=content.actions + tuple((s.title, a) for s in added for a in s.actions))


def render_report(store: Store, code: str, fmt: str, lang: str | None = None, audit_key: str | None = None,
                  compare: str | None = None) -> bytes:
    """The report of session ``code`` in ``fmt``; ``lang`` defaults to the session's language.

    With ``audit_key``, the facilitator key, its event log is the full audit log. With
    ``compare``, the code of an earlier session of the same workshop, the report ends with what
    changed since then (before: ``compare``, after: ``code``).
    """
    check_format(fmt)
    content = session_content(store, code, lang, audit_key)
    if compare:
        from toolkit.core.sessions import snapshot

        content = with_comparison(content, snapshot(store, compare), snapshot(store, code))
    return render_content(content, fmt)


def write_report(store: Store, code: str, fmt: str, path: str | Path, lang: str | None = None,
                 audit_key: str | None = None, compare: str | None = None) -> Path:
    """Write the report of session ``code`` to ``path`` (folders are created); returns the path."""
    data = render_report(store, code, fmt, lang, audit_key, compare)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
