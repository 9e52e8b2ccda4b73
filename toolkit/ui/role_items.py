"""The facilitator's choice of what each role rates: e.g. per role the DNA channels it knows.

One control for the rating phases whose narrowed axis is a list (:func:`toolkit.core.sessions.
narrowed_axis`): pick the phase (when there are several) and a role, tick the items, save; or
give the role every item back. Core checks and records each choice (an event in the log).
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.i18n import role_label
from toolkit.core.sessions import SessionState, narrowed_axis
from toolkit.ui.text import esc, t


def narrowable_phases(state: SessionState) -> list[tuple[str, str]]:
    """``(phase id, list id)`` of every rating phase whose narrowed axis is a list."""
    found = []
    for phase in state.workshop.phases:
        if phase.input == "rating":
            axis = getattr(phase.rating, narrowed_axis(phase))
            if axis.list:
                found.append((phase.id, axis.list))
    return found


class RoleItems:
    """``on_save(phase_id, role, item_ids)`` sends a choice to core (``None``: every item)."""

    def __init__(self, lang: str, state: SessionState,
                 on_save: Callable[[str, str, list[str] | None], None]) -> None:
        self.lang = lang
        self.state = state
        self.phases = narrowable_phases(state)
        self.title = w.HTML()
        self.phase = w.Dropdown(layout=w.Layout(width="min(100%, 24em)"))
        self.phase.add_class("tk-role-items-phase")
        self.role = w.Dropdown(layout=w.Layout(width="min(100%, 24em)"))
        self.role.add_class("tk-role-items-role")
        self.items = w.SelectMultiple(rows=8, layout=w.Layout(width="min(100%, 24em)"))
        self.items.add_class("tk-role-items-select")
        self.save = w.Button(icon="save", layout=w.Layout(width="auto"))
        self.save.add_class("tk-role-items-save")
        self.save.on_click(lambda _b: on_save(self.phase.value, self.role.value, list(self.items.value)))
        self.all = w.Button(icon="undo", layout=w.Layout(width="auto"))
        self.all.add_class("tk-role-items-all")
        self.all.on_click(lambda _b: on_save(self.phase.value, self.role.value, None))
        self.summary = w.HTML()
        self.summary.add_class("tk-role-items-summary")
        self.phase.observe(lambda _c: self._show(), "value")
        self.role.observe(lambda _c: self._show(), "value")
        self.widget = w.VBox([self.title, w.HBox([self.phase, self.role]), self.items,
                              w.HBox([self.save, self.all]), self.summary])
        self.widget.add_class("tk-role-items")
        self.widget.layout.display = "" if self.phases else "none"
        self.set_language(lang)

    def _list_of(self, phase_id: str | None) -> str | None:
        return dict(self.phases).get(phase_id)

    def _chosen(self) -> dict[str, list[str]]:
        return (self.state.settings.get("items_for_role") or {}).get(self.phase.value) or {}

    def update(self, state: SessionState) -> None:
        """Show the choices as they are in ``state`` (after a save, or someone else's)."""
        self.state = state
        self._show()

    def _show(self) -> None:
        list_id = self._list_of(self.phase.value)
        if list_id is None:
            return
        items = self.state.list_items(list_id)
        labels = dict(items)
        options = [(label, item) for item, label in items]
        if list(self.items.options) != options:
            self.items.options = options
        chosen = self._chosen()
        picked = chosen.get(self.role.value)
        self.items.value = tuple(i for i in (picked if picked is not None else labels) if i in labels)
        lines = []
        for role in self.state.workshop.roles:
            if role in chosen:
                names = ", ".join(labels.get(i, i) for i in chosen[role])
                lines.append(f"<li>{esc(role_label(role, self.lang))}: {esc(names)}</li>")
        self.summary.value = (f"<ul>{''.join(lines)}</ul>" if lines
                              else f"<p><i>{esc(t('role_items_all_roles', self.lang))}</i></p>")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        list_id = self._list_of(self.phase.value) or (self.phases[0][1] if self.phases else None)
        name = self.state.workshop.list_label(list_id, lang) if list_id else ""
        self.title.value = (f"<h4>{esc(t('role_items_title', lang, items=name))}</h4>"
                            f"<p>{esc(t('role_items_intro', lang))}</p>")
        titles = {p.id: p.title(lang) for p in self.state.workshop.phases}
        phase, role = self.phase.value, self.role.value
        self.phase.options = [(titles[pid], pid) for pid, _ in self.phases]
        self.phase.value = phase if phase in dict(self.phases) else (self.phases[0][0] if self.phases else None)
        self.phase.layout.display = "" if len(self.phases) > 1 else "none"
        roles = self.state.workshop.roles
        self.role.options = [(role_label(r, lang), r) for r in roles]
        self.role.value = role if role in roles else roles[0]
        self.save.description = t("role_items_save", lang)
        self.all.description = t("role_items_reset", lang)
        for picker, key in ((self.phase, "role_items_phase"), (self.role, "role_items_role"),
                            (self.items, "role_items_items")):
            picker.description = t(key, lang)  # a visible label, and the control's name for screen readers
            picker.style.description_width = "initial"  # the picker's own style: no new widget
        self._show()
