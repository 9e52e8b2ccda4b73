"""The invitation on the facilitator page: the text to send participants beforehand, with a copy
button (it names the join link and code, never the facilitator key)."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.definitions import Workshop
from toolkit.core.invitation import invitation_text
from toolkit.ui.text import esc, t

# Copies the text area next to the button; selecting it first keeps a manual copy possible where
# the clipboard is not allowed (a page not served over https or from localhost).
_COPY = ("var a=this.parentNode.querySelector('textarea');a.select();"
         "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(a.value);}"
         "else{document.execCommand('copy');}")


class InvitationView:
    """The invitation text (``.tk-invitation-text``) and its copy button (``.tk-invitation-copy``)."""

    def __init__(self, lang: str, workshop: Workshop, participant_url: str, code: str) -> None:
        self.workshop = workshop
        self.url = participant_url
        self.code = code
        self.html = w.HTML()
        self.widget = w.Accordion(children=[self.html], selected_index=None)
        self.widget.add_class("tk-invitation")
        self.set_language(lang)

    @property
    def text(self) -> str:
        return invitation_text(self.workshop, self.lang, self.url, self.code)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.widget.titles = (t("invitation_title", lang),)
        self.html.value = (
            f"<p>{esc(t('invitation_intro', lang))}</p>"
            f"<textarea class='tk-invitation-text' readonly rows='9' style='width:min(100%,40em)' "
            f"aria-label='{esc(t('invitation_title', lang))}'>{esc(self.text)}</textarea><br>"
            f"<button type='button' class='tk-invitation-copy' onclick=\"{_COPY}\">"
            f"{esc(t('invitation_copy', lang))}</button>"
        )
