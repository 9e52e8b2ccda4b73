"""The facilitator's panel of what a session took over from an earlier one: where it came from,
what it seeded, and the earlier agreed items and actions to review with the room."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.carry import carried
from toolkit.core.sessions import SessionState
from toolkit.ui.text import esc, t


class CarriedPanel(w.VBox):
    """Shown on the unlocked facilitator page of a session started from an earlier one."""

    def __init__(self, state: SessionState, lang: str) -> None:
        super().__init__()
        self.add_class("tk-carried")
        self.state = state
        self.body = w.HTML()
        self.children = [self.body]
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        info = carried(self.state) or {}
        phases = {p.id: p.title(lang) for p in self.state.workshop.phases}
        seeded = ", ".join(f"{esc(phases.get(p, p))}: {n}" for p, n in (info.get("seeded") or {}).items())
        review = "".join(f"<li>{esc(item)}</li>" for item in info.get("review") or [])
        self.body.value = (
            f"<section aria-labelledby='tk-carried-title'><h3 id='tk-carried-title'>"
            f"{esc(t('carried_title', lang, code=info.get('from', '')))}</h3>"
            f"<p>{esc(t('carried_seeded', lang))} {seeded or esc(t('carried_nothing', lang))}</p>"
            + (f"<p>{esc(t('carried_review', lang))}</p><ul class='tk-carried-review'>{review}</ul>" if review else "")
            + "</section>"
        )
