"""The phase header: phase title, instructions and a countdown synced to the session's deadline."""
from __future__ import annotations

import time

import ipywidgets as w

from toolkit.core.sessions import SessionState
from toolkit.ui.text import esc, t


def format_remaining(seconds: float) -> str:
    """``m:ss`` for a countdown (never negative)."""
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class PhaseHeader:
    """Shows where the session is. :meth:`tick` updates the countdown; call it about every second."""

    def __init__(self, lang: str, facilitator: bool = False) -> None:
        self.lang = lang
        self.facilitator = facilitator
        self.state: SessionState | None = None
        self.step = w.HTML()
        self.step.add_class("tk-phase-step")
        self.title = w.HTML()
        self.title.add_class("tk-phase")
        self.instructions = w.HTML()
        self.instructions.add_class("tk-instructions")
        self.notes = w.HTML()
        self.notes.add_class("tk-facilitator-notes")
        self.timer = w.HTML()
        self.timer.add_class("tk-timer")
        self.widget = w.VBox([w.HBox([self.step, self.timer], layout=w.Layout(justify_content="space-between")),
                              self.title, self.instructions, self.notes])
        self.widget.add_class("tk-phase-header")

    def update(self, state: SessionState) -> None:
        self.state = state
        self._render()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._render()

    def _render(self) -> None:
        if self.state is None:
            return
        phase = self.state.phase
        lang = self.lang
        total = len(self.state.workshop.phases)
        self.step.value = f"<span>{esc(t('phase_of', lang, n=self.state.phase_index + 1, total=total))}</span>"
        self.title.value = f"<h2>{esc(phase.title(lang))}</h2>"
        self.instructions.value = f"<p>{esc(phase.instructions(lang))}</p>"
        show_notes = self.facilitator and phase.facilitator_notes is not None
        self.notes.value = (
            f"<p><i>{esc(t('facilitator_notes', lang))}:</i> {esc(phase.facilitator_notes(lang))}</p>"
            if show_notes else ""
        )
        self.tick()

    def tick(self, now: float | None = None) -> None:
        """Refresh the countdown from the shared deadline."""
        deadline = self.state.timer_deadline if self.state else None
        if deadline is None:
            value = ""
        else:
            left = deadline - (time.time() if now is None else now)
            text = t("timer_left", self.lang, time=format_remaining(left)) if left > 0 else t("timer_over", self.lang)
            value = f'<span class="tk-timer-text">⏱ {esc(text)}</span>'
        if self.timer.value != value:
            self.timer.value = value
