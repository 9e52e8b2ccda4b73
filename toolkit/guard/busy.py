"""The "busy, try again in a moment" page (HTTP 503) and the language a request asks for."""
from __future__ import annotations

from toolkit.core.i18n import LANGUAGES
from toolkit.ui.text import esc, t

RETRY_AFTER_SECONDS = 10


def request_language(query_lang: str | None, accept_language: str | None, default: str = "nl") -> str:
    """The page's ``?lang=`` when supported, else the best supported ``Accept-Language`` entry."""
    if query_lang in LANGUAGES:
        return query_lang
    best, best_q = default, 0.0
    for position, part in enumerate((accept_language or "").split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        q -= position * 1e-6  # equal weights: the first listed wins
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


def busy_page(lang: str, retry_url: str) -> str:
    """A small page in ``lang`` saying the server is busy, with a link to try ``retry_url`` again."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(t('busy_title', lang))}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em}"
        ".tk-error{border-left:4px solid #b3261e;background:#fdecea;padding:.8em 1em}</style></head>"
        f"<body><h1>{esc(t('busy_title', lang))}</h1>"
        f'<div class="tk-error" role="alert"><p class="tk-error-text">{esc(t("busy_body", lang))}</p></div>'
        f'<p><a class="tk-busy-retry" href="{esc(retry_url)}">{esc(t("busy_retry", lang))}</a></p>'
        "</body></html>\n"
    )
