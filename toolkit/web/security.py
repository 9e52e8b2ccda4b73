"""Cookies and CSRF tokens of the participant page.

A participant is known by the secret token core issued on joining; it lives in an HttpOnly,
SameSite=Lax cookie named for the session code and scoped to that session's path. Before
joining, a random browser nonce (same flags) plays that part. The CSRF token of a form is an
HMAC keyed by that cookie's value: only a page that was served with the cookie can know it, any
server process can check it (nothing is stored), and it is compared in constant time.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

COOKIE_MAX_AGE = 12 * 3600
NONCE_COOKIE = "tk_nonce"
LANG_COOKIE = "tk_lang"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def participant_cookie(code: str) -> str:
    """The cookie that holds the participant's token for session ``code``."""
    return f"tk_{code}"


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def well_formed(value: str | None) -> bool:
    """A cookie value we could have issued (anything else is ignored, never looked up)."""
    return bool(value) and bool(_TOKEN.match(value))


def csrf_token(secret: str, code: str) -> str:
    """The CSRF token for forms of session ``code`` on a page holding the cookie ``secret``."""
    return hmac.new(secret.encode("ascii"), f"tk-csrf:{code}".encode("ascii"), hashlib.sha256).hexdigest()


def csrf_ok(secret: str | None, code: str, token: object) -> bool:
    """``True`` when ``token`` is the CSRF token for ``secret`` (constant-time comparison)."""
    if not well_formed(secret) or not isinstance(token, str) or not token.isascii():
        return False
    return hmac.compare_digest(csrf_token(secret, code), token)
