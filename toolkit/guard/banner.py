"""The "connection lost - reload the page" banner on every kernel page of ``toolkit serve``.

``template/`` holds a Voila template that extends Voila's ``lab`` template with one small script
(``tk_connection_lost.js``); :func:`page_config_hook` puts the banner's words, in every language,
into the page, so the script shows them in the page's language without asking the server.
"""
from __future__ import annotations

from pathlib import Path

from toolkit.core.i18n import LANGUAGES
from toolkit.ui.text import t

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
TEXT_KEY = "toolkitConnectionText"


def banner_text() -> dict[str, dict[str, str]]:
    """The banner's words per language (plain text: the script sets ``textContent``)."""
    return {lang: {"lost": t("connection_lost", lang), "drafts": t("connection_lost_drafts", lang),
                   "reload": t("connection_lost_reload", lang)} for lang in LANGUAGES}


def page_config_hook(page_config: dict, **_kwargs) -> dict:
    """Voila's ``page_config_hook``: add the banner's words to every rendered page."""
    return {**page_config, TEXT_KEY: banner_text()}
