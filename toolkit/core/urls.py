"""The addresses people are given: the join link (``BASE/j/CODE``, also in every QR code) and the
facilitator page, built on one base URL.

The base is, in this order: the configured public URL (``toolkit serve --public-url`` or
``TOOLKIT_PUBLIC_URL``, e.g. ``https://workshop.example.org`` behind a proxy), else the address the
server was reached at. ``toolkit serve`` also writes the address it serves at into the store, so
``toolkit session new`` on the same store prints links with the server's real port.
"""
from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from sqlalchemy import delete, insert, select

from toolkit.core.errors import ValidationError

PUBLIC_URL_ENV = "TOOLKIT_PUBLIC_URL"
LIVE_PAGE = "voila/render/live.ipynb"
SERVER_URL_KEY = "server_url"
MAX_URL_LENGTH = 200  # what the store's meta table holds


def check_public_url(value: str) -> str:
    """``value`` as a base URL (``http(s)://host[:port][/path]``, no trailing slash), or a
    ``ValidationError`` that says what a base URL looks like."""
    text = (value or "").strip().rstrip("/")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or len(text) > MAX_URL_LENGTH):
        raise ValidationError("public_url_invalid", "en", value=text[:80])
    return text


def check_base_path(path: str) -> str:
    """``path`` as ``/a/b/``: the prefix of every page (``toolkit serve --base-path``, e.g. behind
    jupyter-server-proxy), or a ``ValidationError``."""
    parts = [part for part in (path or "").split("/") if part]
    if any(not re.fullmatch(r"[A-Za-z0-9._~-]+", part) or part in (".", "..") for part in parts):
        raise ValidationError("base_path_invalid", "en", value=path[:80])
    return "/" + "".join(f"{part}/" for part in parts)


def configured_public_url() -> str | None:
    """``TOOLKIT_PUBLIC_URL`` when it is set (checked), else ``None``."""
    value = os.environ.get(PUBLIC_URL_ENV, "").strip()
    return check_public_url(value) if value else None


def public_base_url(seen: str) -> str:
    """The base URL for links and QR codes: the configured public URL, else ``seen`` (the address
    this request reached the server at)."""
    return configured_public_url() or seen.rstrip("/")


def join_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/j/{code}"


def facilitator_url(base: str, code: str, lang: str | None = None) -> str:
    """The facilitator page of session ``code`` (it asks for the key: never part of a URL)."""
    return f"{base.rstrip('/')}/{LIVE_PAGE}?session={code}&view=facilitator" + (f"&lang={lang}" if lang else "")


def announce_server(store, url: str) -> None:
    """Write the address ``toolkit serve`` serves ``store``'s sessions at (the last one to start wins)."""
    from toolkit.core.store import meta

    with store.write() as conn:
        conn.execute(delete(meta).where(meta.c.key == SERVER_URL_KEY))
        conn.execute(insert(meta).values(key=SERVER_URL_KEY, value=url[:MAX_URL_LENGTH]))


def announced_server(store) -> str | None:
    """The address the last ``toolkit serve`` on ``store`` announced, if any."""
    from toolkit.core.store import meta

    with store.read() as conn:
        return conn.execute(select(meta.c.value).where(meta.c.key == SERVER_URL_KEY)).scalar()
