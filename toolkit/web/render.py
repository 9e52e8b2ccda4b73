"""The participant page's HTML: Jinja2 templates with autoescape, drawn from ``core.views``.

The full page and every live update come from the same templates (``templates/macros.html``
holds the fragments), so a card pushed to a page reads exactly as it does after a reload.
Participant text is escaped by Jinja2's autoescape everywhere; nothing here marks text safe.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from toolkit.core import views
from toolkit.ui.text import t as ui_text

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Where a cached join form takes its CSRF token. Text from definitions and translations is
# escaped on the way in, so this markup can only stand where the template put the token.
_CSRF_SLOT = Markup("<tk-csrf>")


def remaining(seconds: float) -> str:
    """``m:ss`` left on a countdown (never negative)."""
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def countdown(deadline: float | None, lang: str, now: float) -> str | None:
    """What the timer says at ``now`` ("4:59 left", "Time is up"); ``None`` without a timer."""
    if deadline is None:
        return None
    left = deadline - now
    return ui_text("timer_left", lang, time=remaining(left)) if left > 0 else ui_text("timer_over", lang)


@dataclass(frozen=True)
class FormContext:
    """What every form on a page carries: where it posts, its CSRF token, the page language."""

    base: str
    code: str
    lang: str
    csrf: str = ""  # left empty in pushed fragments: the script adds the page's token
    max_length: int = 0

    def t(self, key: str, **params: Any) -> str:
        """A UI string in the page language (for the templates)."""
        return ui_text(key, self.lang, **params)


class Renderer:
    """Renders pages and fragments for a server mounted at ``base`` (``""`` for the root)."""

    def __init__(self, base: str = "") -> None:
        self.base = base.rstrip("/")
        self.env = Environment(
            loader=PackageLoader("toolkit.web", "templates"),
            autoescape=select_autoescape(["html"], default_for_string=True, default=True),
            trim_blocks=True, lstrip_blocks=True,
            auto_reload=False,  # templates ship with the package: no file check on every render
        )
        self.env.globals["static_url"] = self.static_url
        self._macros = self.env.get_template("macros.html").module
        # Compiled now, while the server starts: not by the first visitors of a room that joins at once.
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)

    @cached_property
    def _versions(self) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in STATIC_DIR.iterdir() if p.is_file()}

    def static_url(self, name: str) -> str:
        return f"{self.base}/j/static/{name}?v={self._versions.get(name, '0')}"

    def page(self, template: str, lang: str, **context: Any) -> str:
        """A whole page in ``lang``; ``context`` goes to the template as is."""
        context.setdefault("error", None)
        context.setdefault("draft", {})
        return self.env.get_template(template).render(
            lang=lang, base=self.base, t=lambda key, **p: ui_text(key, lang, **p), **context,
        )

    def join_form(self, lang: str, code: str, csrf: str, roles: tuple[tuple[str, str], ...], anonymous: bool,
                  workshop_title: str) -> str:
        """The join form as everyone arriving sees it (no message, nothing typed yet): drawn once
        per session and language, only the visitor's CSRF token differs."""
        return self._blank_join_form(lang, code, roles, anonymous, workshop_title).replace(_CSRF_SLOT, csrf, 1)

    @lru_cache(maxsize=512)  # noqa: B019 (one renderer per server process, kept for its lifetime)
    def _blank_join_form(self, lang: str, code: str, roles: tuple[tuple[str, str], ...], anonymous: bool,
                         workshop_title: str) -> str:
        return self.page("join.html", lang, code=code, csrf=_CSRF_SLOT, roles=roles, anonymous=anonymous,
                         workshop_title=workshop_title)

    def participant_page(self, view: views.SessionView, ctx: FormContext, *, ref_phases: dict[str, str],
                         error: str | None = None, draft: dict[str, str] | None = None) -> str:
        """The page of a participant who joined: phase header, input, board."""
        now = time.time()
        timer_text = countdown(view.phase.timer_deadline, view.language, now)
        return self.page(
            "page.html", view.language, view=view, ctx=ctx, code=view.code, csrf=ctx.csrf, now=f"{now:.3f}",
            timer_text=timer_text, ref_phases=ref_phases, error=error, draft=draft or {},
            empty_notice=views.text("board_empty", view.language),
        )

    # -- fragments for live updates and for script-posted actions -------------------------------

    def _call(self, macro: str, *args: Any) -> str:
        return str(getattr(self._macros, macro)(*args))

    def card_op(self, card: views.Card, ctx: FormContext) -> dict[str, Any]:
        """Show (or replace) one card on the pages of one kind of viewer."""
        return {
            "op": "note", "id": card.id, "phase": card.phase, "group": card.group or "",
            "html": self._call("card", card, ctx),
            "group_html": self._call("group", card.group, [], ctx),
            "label": card.text[:90],
        }

    @staticmethod
    def gone_op(contribution_id: int) -> dict[str, Any]:
        return {"op": "gone", "id": contribution_id}

    def votes_op(self, view: views.SessionView, ctx: FormContext) -> dict[str, Any]:
        """The vote panel redrawn for this viewer (their dots and budget)."""
        return {"op": "html", "sel": "#tk-votes", "html": self._call("votes", view.input, ctx, view.phase.id)}

    @staticmethod
    def timer_op(deadline: float | None) -> dict[str, Any]:
        return {"op": "timer", "deadline": deadline, "now": time.time()}
