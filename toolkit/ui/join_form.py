"""The join form: session code (pre-filled from the link), optional name (none in an anonymous
session), role."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from toolkit.core.i18n import ROLES, role_label
from toolkit.ui.text import t


class JoinForm:
    """Calls ``on_join(code, name, role)`` when the participant presses Join.

    The form does no checking of its own: core decides whether code, name and role are valid.
    ``on_join`` returns something true once the participant has joined: from then on the button
    stays disabled, and a click on it (even one forged past the disabled button) joins no one.
    An anonymous session's form has no name field and sends no name.
    """

    def __init__(self, lang: str, on_join: Callable[[str, str, str], Any], code: str = "",
                 roles: tuple[str, ...] = ROLES, anonymous: bool = False) -> None:
        self.lang = lang
        self.roles = roles
        self.anonymous = anonymous
        self.joined = False
        self._on_join = on_join
        self.title = w.HTML()
        self.code = w.Text(value=code, continuous_update=False)
        self.code.add_class("tk-join-code")
        self.name = w.Text()
        self.name.add_class("tk-join-name")
        self.role = w.Dropdown()
        self.role.add_class("tk-join-role")
        for field in (self.code, self.name, self.role):  # set once: a language switch only relabels
            field.style.description_width = "11em"
            field.layout.width = "min(100%, 30em)"
        self.submit = w.Button(button_style="primary", icon="sign-in")
        self.submit.add_class("tk-join-submit")
        self.submit.on_click(self._submit)
        fields = [self.title, self.code, self.role, self.submit] if anonymous else \
            [self.title, self.code, self.name, self.role, self.submit]
        self.widget = w.VBox(fields)
        self.widget.add_class("tk-join")
        self.set_language(lang)

    def _submit(self, _button=None) -> None:
        if self.joined or self.submit.disabled:
            return
        self.submit.disabled = True  # until core has answered
        result = None
        try:
            result = self._on_join(self.code.value, "" if self.anonymous else self.name.value, self.role.value)
        finally:
            self.joined = bool(result)
            self.submit.disabled = self.joined

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<h3>{t('join_title', lang)}</h3>"
        self.code.description = t("join_code", lang)
        self.name.description = t("join_name", lang)
        self.role.description = t("join_role", lang)
        chosen = self.role.value
        self.role.options = [(t("choose_role", lang), "")] + [(role_label(r, lang), r) for r in self.roles]
        self.role.value = chosen if chosen in self.roles else ""
        self.submit.description = t("join_submit", lang)
