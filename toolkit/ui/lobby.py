"""The lobby: the workshops on offer, start a session as facilitator, or join one by code."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core import sessions as core
from toolkit.core.definitions import all_workshops
from toolkit.core.i18n import role_label
from toolkit.core.store import Store, get_store
from toolkit.ui.apps import NOTEBOOKS_DIR
from toolkit.ui.error_banner import ErrorBanner
from toolkit.ui.language_switch import LanguageSwitch
from toolkit.ui.text import esc, t

LIVE_PAGE = "live.ipynb"
JOIN_PAGE = "../../j"  # the participant page, from the lobby at /voila/render/


class Lobby:
    """Lists every workshop definition; **Start a session** creates one through core and shows
    the code, the key and the two links."""

    def __init__(self, store: Store | None = None, lang: str = "nl", only: str | None = None) -> None:
        self.store = store or get_store()
        self.lang = lang
        self.workshops = [wk for wk in all_workshops() if only is None or wk.id == only]
        self.errors = ErrorBanner(lang)
        self.switch = LanguageSwitch(lang, self.set_language)
        self.title = w.HTML()
        self.code = w.Text(layout=w.Layout(width="12em"))
        self.code.add_class("tk-join-code")
        self.go = w.Button(icon="sign-in", button_style="primary")
        self.go.add_class("tk-join-submit")
        self.go.on_click(lambda _b: self._join())
        self.join_link = w.HTML()
        self.join_link.add_class("tk-lobby-join-link")
        self.join_title = w.HTML()
        self.anonymous = w.Checkbox(value=False)
        self.anonymous.add_class("tk-lobby-anonymous")
        self.cards = w.VBox()
        self.created = w.HTML()
        self.created.add_class("tk-lobby-created")
        self.widget = w.VBox([
            w.HBox([self.title, self.switch.widget], layout=w.Layout(justify_content="space-between")),
            self.errors.widget,
            self.join_title, w.HBox([self.code, self.go]), self.join_link,
            self.created, self.anonymous, self.cards,
        ])
        self.widget.add_class("tk-lobby")
        self.set_language(lang)

    def _card(self, workshop) -> w.VBox:
        lang = self.lang
        roles = ", ".join(role_label(r, lang) for r in workshop.roles)
        info = w.HTML(
            f"<h3>{esc(workshop.title(lang))}</h3><p>{esc(workshop.description(lang))}</p>"
            f"<p><small>{workshop.duration_minutes} {esc(t('minutes', lang))} · "
            f"{esc(t('phase_count', lang, n=len(workshop.phases)))} · "
            f"{esc(t('roles', lang))}: {esc(roles)}</small></p>"
        )
        start = w.Button(description=t("lobby_start", lang), icon="play", button_style="success",
                         layout=w.Layout(width="auto"))
        start.add_class("tk-lobby-start")
        start.add_class(f"tk-lobby-start-{workshop.id}")
        start.on_click(lambda _b, wid=workshop.id: self.start(wid))
        parts = [info, start]
        self_paced = NOTEBOOKS_DIR / "self-paced" / f"{workshop.id}.ipynb"
        if self_paced.is_file():
            link = w.HTML(f"<a class='tk-lobby-self-paced' href='self-paced/{esc(workshop.id)}.ipynb?lang={lang}' "
                          f"target='_blank'>{esc(t('lobby_self_paced', lang))}</a>")
            parts.append(link)
        card = w.VBox(parts)
        card.add_class("tk-workshop-card")
        return card

    def start(self, workshop_id: str) -> core.CreatedSession | None:
        """Create a session of ``workshop_id`` in the lobby's language and show its links."""
        created = self.errors.guard(core.create_session, self.store, workshop_id, self.lang, self.anonymous.value)
        if created is None:
            return None
        lang = self.lang
        participant = f"{JOIN_PAGE}/{created.code}"
        facilitator = f"{LIVE_PAGE}?session={created.code}&view=facilitator"
        self.created.value = (
            f"<div class='tk-created'><p>{t('lobby_created', lang, code=esc(created.code), secret=esc(created.facilitator_key))}</p>"
            f"<p><a class='tk-open-facilitator' href='{esc(facilitator)}' target='_blank'>▶ {esc(t('lobby_open_facilitator', lang))}</a>"
            f" · <a class='tk-open-participant' href='{esc(participant)}' target='_blank'>{esc(t('lobby_open_participant', lang))}</a></p></div>"
        )
        self.last_created = created
        return created

    def _join(self) -> None:
        code = self.code.value.strip().upper()
        state = self.errors.guard(core.get_session, self.store, code)
        if state is None:
            self.join_link.value = ""
            return
        href = f"{JOIN_PAGE}/{state.code}"
        self.join_link.value = f"<a class='tk-open-join' href='{esc(href)}'>▶ {esc(t('join_submit', self.lang))}: {esc(state.code)}</a>"

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.errors.set_language(lang)
        self.title.value = f"<h1>{esc(t('lobby_title', lang))}</h1><p>{esc(t('lobby_intro', lang))}</p>"
        self.join_title.value = f"<h3>{esc(t('lobby_join', lang))}</h3>"
        self.code.placeholder = t("join_code", lang)
        self.go.description = t("lobby_go", lang)
        self.anonymous.description = t("anonymous_session", lang)
        self.cards.children = [self._card(wk) for wk in self.workshops]
