"""The facilitator bar: unlock with the key, then steer phases, timer, lock, reveal and anonymity,
and show the join link, a QR code and who joined."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.i18n import role_label
from toolkit.core.sessions import SessionState
from toolkit.ui.text import esc, t


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (large enough to scan from the back of a room)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=5, dark="#111111")


class FacilitatorBar:
    """``on_unlock(key)`` returns ``True`` when core accepted the key; every other button calls
    ``on_action(name, *args)``, and core checks the key again for each one."""

    def __init__(self, lang: str, join_url: str, code: str, on_unlock: Callable[[str], bool],
                 on_action: Callable[..., None]) -> None:
        self.lang = lang
        self.join_url = join_url
        self.code = code
        self._on_unlock = on_unlock
        self._on_action = on_action
        self.state: SessionState | None = None
        self.counts: dict[str, int] = {}
        self.key = w.Password(layout=w.Layout(width="min(100%, 22em)"), style={"description_width": "10em"})
        self.key.add_class("tk-facilitator-key")
        self.unlock = w.Button(button_style="warning", icon="unlock")
        self.unlock.add_class("tk-facilitator-unlock")
        self.unlock.on_click(lambda _b: self._unlock())
        self.login = w.HBox([self.key, self.unlock])

        # The controls are built when the key is accepted: the locked page is the key field only.
        self.controls = w.VBox(layout=w.Layout(display="none"))
        self._syncing = False
        self.title = w.HTML()
        self.widget = w.VBox([self.title, self.login, self.controls])
        self.widget.add_class("tk-facilitator-bar")
        self.set_language(lang)

    def _build_controls(self) -> None:
        def button(cls: str, action: str, icon: str = "", style: str = "") -> w.Button:
            b = w.Button(icon=icon, button_style=style, layout=w.Layout(width="auto"))
            b.add_class(cls)
            b.on_click(lambda _b: self._on_action(action))
            return b

        self.previous = button("tk-prev-phase", "previous", "step-backward")
        self.next = button("tk-next-phase", "next", "step-forward", "primary")
        self.minutes = w.BoundedIntText(value=5, min=1, max=180, layout=w.Layout(width="9em"))
        self.minutes.add_class("tk-timer-minutes")
        self.timer_start = w.Button(icon="play", layout=w.Layout(width="auto"))
        self.timer_start.add_class("tk-timer-start")
        self.timer_start.on_click(lambda _b: self._on_action("timer", self.minutes.value))
        self.timer_stop = button("tk-timer-stop", "timer_stop", "stop")
        self.lock = w.ToggleButton(icon="lock")
        self.lock.add_class("tk-lock")
        self.reveal = w.ToggleButton(icon="eye")
        self.reveal.add_class("tk-reveal")
        self.anonymous = w.ToggleButton(icon="user-secret")
        self.anonymous.add_class("tk-anonymous")
        for toggle, action in ((self.lock, "lock"), (self.reveal, "reveal"), (self.anonymous, "anonymous")):
            toggle.observe(self._toggled(action), "value")
        self.join = w.HTML()
        self.join.add_class("tk-join-link")
        self.qr = w.HTML()
        self.qr.add_class("tk-qr")
        self.people = w.HTML()
        self.people.add_class("tk-participants")
        self.projector = w.HTML()  # a link to the projector view: it carries no key
        self.projector.add_class("tk-projector-link-box")
        self.controls.children = [
            w.HBox([self.previous, self.next]),
            w.HBox([self.minutes, self.timer_start, self.timer_stop]),
            w.HBox([self.lock, self.reveal, self.anonymous]),
            w.HBox([w.VBox([self.join, self.projector, self.people]), self.qr]),
        ]
        self._label_controls()

    def _toggled(self, action: str):
        def handler(change) -> None:
            if not self._syncing:  # a change made by update() mirrors the store; it is not an action
                self._on_action(action, change["new"])

        return handler

    @property
    def unlocked(self) -> bool:
        return self.controls.layout.display != "none"

    def _unlock(self) -> None:
        if self._on_unlock(self.key.value):
            if not self.controls.children:
                self._build_controls()
            self.login.layout.display = "none"
            self.controls.layout.display = ""
            self.qr.value = qr_svg(self.join_url)
            self._render()

    def update(self, state: SessionState, counts: dict[str, int]) -> None:
        self.state = state
        self.counts = counts
        self._render()

    def _render(self) -> None:
        if not self.controls.children:
            return
        lang = self.lang
        self.join.value = (f"<div>{esc(t('join_link', lang))}: <a href='{esc(self.join_url)}' target='_blank'>"
                           f"{esc(self.join_url)}</a><br>{esc(t('code_is', lang))}: "
                           f"<b class='tk-code' style='font-size:2em;letter-spacing:.15em'>{esc(self.code)}</b></div>")
        self.projector.value = (f"<p><a class='tk-projector-open' href='{esc(self.join_url)}/screen' target='_blank' "
                                f"rel='noopener'>{esc(t('projector_open', lang))}</a><br>"
                                f"<small>{esc(t('projector_open_hint', lang))}</small></p>")
        total = sum(self.counts.values())
        parts = ", ".join(f"{esc(role_label(r, lang))}: {n}" for r, n in sorted(self.counts.items()))
        parts = parts or esc(t("nobody_yet", lang))
        self.people.value = f"<p><b>{esc(t('participants', lang))}: {total}</b><br>{parts}</p>"
        if self.state is not None:
            self._syncing = True
            try:
                self.lock.value = self.state.locked
                self.reveal.value = self.state.revealed
                self.anonymous.value = self.state.anonymous
            finally:
                self._syncing = False
            last = len(self.state.workshop.phases) - 1
            self.previous.disabled = self.state.phase_index == 0
            self.next.disabled = self.state.phase_index == last

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<h3>{esc(t('facilitator_title', lang))}</h3>"
        self.key.description = t("facilitator_key", lang)
        self.unlock.description = t("unlock", lang)
        if self.controls.children:
            self._label_controls()
            self._render()

    def _label_controls(self) -> None:
        lang = self.lang
        self.previous.description = t("previous_phase", lang)
        self.next.description = t("next_phase", lang)
        self.minutes.description = t("timer_minutes", lang)
        self.timer_start.description = t("timer_start", lang)
        self.timer_stop.description = t("timer_stop", lang)
        self.lock.description = t("lock", lang)
        self.reveal.description = t("reveal", lang)
        self.anonymous.description = t("anonymous", lang)
