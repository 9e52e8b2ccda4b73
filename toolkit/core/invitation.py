"""The invitation a facilitator sends participants before a session: what it is, what to bring,
and how to join (the definition's ``invitation`` text, then the link and the code)."""
from __future__ import annotations

from toolkit.core.definitions import Workshop
from toolkit.core.i18n import translate

TEXT = {
    "subject": {"nl": "Uitnodiging: {title}", "en": "Invitation: {title}"},
    "join": {
        "nl": "Meedoen kan via {url} (code {code}). Je hebt alleen een telefoon of laptop met een browser nodig.",
        "en": "Join at {url} (code {code}). All you need is a phone or laptop with a browser.",
    },
}


def invitation_text(workshop: Workshop, lang: str, participant_url: str | None = None,
                    code: str | None = None) -> str:
    """The invitation in ``lang`` as plain text (the renderer escapes it): a subject line, the
    definition's text (its description when it has none) and, once a session exists, how to join."""
    body = workshop.invitation(lang) if workshop.invitation is not None else workshop.description(lang)
    parts = [translate(TEXT, "subject", lang, title=workshop.title(lang)), body]
    if participant_url and code:
        parts.append(translate(TEXT, "join", lang, url=participant_url, code=code))
    return "\n\n".join(parts)
