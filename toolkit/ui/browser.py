"""What a live page learns from, and tells, the browser: the query string, cookies, links.

The participant's secret lives in a cookie so that a page reload resumes them. Voila passes the
``Cookie`` header to the kernel (``http_header_envs``); the cookie is set by a one-off snippet in
an ``HTML`` widget whose content is made only of values this module generated and checked.
"""
from __future__ import annotations

import os
import re
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

import ipywidgets as w

_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def query_params() -> dict[str, str]:
    """The page's query string as a dict (first value of each key)."""
    return {k: v[0] for k, v in parse_qs(os.environ.get("QUERY_STRING", "")).items() if v}


def cookie(name: str) -> str | None:
    """The value of cookie ``name`` sent with the page request, if any."""
    jar = SimpleCookie()
    try:
        jar.load(os.environ.get("HTTP_COOKIE", ""))
    except Exception:  # a malformed Cookie header is simply ignored
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def cookie_name(code: str) -> str:
    return f"tk_{code}"


def set_cookie_widget(name: str, value: str, max_age_s: int = 12 * 3600) -> w.HTML:
    """An invisible widget that stores ``name=value`` in the browser's cookies when shown."""
    if not (_SAFE.match(name) and _SAFE.match(value)):
        raise ValueError("cookie names and values must be URL-safe tokens")
    snippet = (
        f'<img alt="" src="data:," style="display:none" '
        f'onerror="document.cookie=\'{name}={value}; path=/; max-age={max_age_s}; SameSite=Strict\'">'
    )
    widget = w.HTML(snippet, layout=w.Layout(display="none"))
    widget.add_class("tk-cookie")
    return widget


def server_base_url() -> str:
    """The base of links and QR codes: the configured public URL (``toolkit serve --public-url``,
    or the network address when it listens beyond loopback), else ``http://host:port`` as the
    browser reached this server."""
    from toolkit.core.urls import public_base_url

    host = os.environ.get("SERVER_NAME") or "127.0.0.1"
    port = os.environ.get("SERVER_PORT") or ""
    path = (os.environ.get("VOILA_BASE_URL") or "/").rstrip("/")  # toolkit serve --base-path
    return public_base_url((f"http://{host}:{port}" if port else f"http://{host}") + path)
