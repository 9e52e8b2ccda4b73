"""Every string the live pages show, in Dutch and English, and the one escaping helper.

ipywidgets ``HTML`` runs markup such as ``<img onerror=...>``, so every piece of text that came
from a person goes through :func:`esc` before it is put into an ``HTML`` or ``Label`` value.
"""
from __future__ import annotations

import html

from toolkit.core.i18n import translate

UI_TEXT: dict[str, dict[str, str]] = {
    "join_title": {"nl": "Doe mee met de workshop", "en": "Join the workshop"},
    "join_code": {"nl": "Sessiecode", "en": "Session code"},
    "join_name": {"nl": "Naam (mag leeg blijven)", "en": "Name (optional)"},
    "join_role": {"nl": "Je rol", "en": "Your role"},
    "join_submit": {"nl": "Meedoen", "en": "Join"},
    "joined_as": {"nl": "Je doet mee als {who}.", "en": "You take part as {who}."},
    "choose_role": {"nl": "Kies je rol", "en": "Choose your role"},
    "note_placeholder": {"nl": "Typ je bijdrage…", "en": "Type your contribution…"},
    "note_submit": {"nl": "Toevoegen", "en": "Add"},
    "note_prompt": {"nl": "Soort", "en": "Kind"},
    "form_submit": {"nl": "Opslaan", "en": "Save"},
    "edit": {"nl": "Wijzigen", "en": "Edit"},
    "save": {"nl": "Opslaan", "en": "Save"},
    "cancel": {"nl": "Annuleren", "en": "Cancel"},
    "delete": {"nl": "Verwijderen", "en": "Delete"},
    "votes_left": {"nl": "Nog {n} van {budget} stippen te verdelen.", "en": "{n} of {budget} dots left to place."},
    "dots": {"nl": "stippen", "en": "dots"},
    "rating_row": {"nl": "Onderdeel", "en": "Item"},
    "rating_saved": {"nl": "Opgeslagen.", "en": "Saved."},
    "rating_nothing": {"nl": "Er is nog niets om te beoordelen.", "en": "There is nothing to rate yet."},
    "timer_left": {"nl": "Nog {time}", "en": "{time} left"},
    "timer_over": {"nl": "De tijd is om", "en": "Time is up"},
    "phase_of": {"nl": "Fase {n} van {total}", "en": "Phase {n} of {total}"},
    "facilitator_title": {"nl": "Facilitator", "en": "Facilitator"},
    "facilitator_key": {"nl": "Facilitatorsleutel", "en": "Facilitator key"},
    "unlock": {"nl": "Ontgrendelen", "en": "Unlock"},
    "unlocked": {"nl": "Facilitatorweergave ontgrendeld.", "en": "Facilitator view unlocked."},
    "previous_phase": {"nl": "◀ Vorige fase", "en": "◀ Previous phase"},
    "next_phase": {"nl": "Volgende fase ▶", "en": "Next phase ▶"},
    "timer_minutes": {"nl": "Minuten", "en": "Minutes"},
    "timer_start": {"nl": "Start timer", "en": "Start timer"},
    "timer_stop": {"nl": "Stop timer", "en": "Stop timer"},
    "lock": {"nl": "Invoer sluiten", "en": "Close input"},
    "reveal": {"nl": "Alles tonen", "en": "Reveal all"},
    "anonymous": {"nl": "Anoniem", "en": "Anonymous"},
    "participants": {"nl": "Deelnemers", "en": "Participants"},
    "nobody_yet": {"nl": "Nog niemand", "en": "Nobody yet"},
    "join_link": {"nl": "Deelnemen via", "en": "Join at"},
    "code_is": {"nl": "code", "en": "code"},
    "facilitator_notes": {"nl": "Tip voor de facilitator", "en": "Facilitator tip"},
    "divergence_title": {"nl": "Waar de disciplines verschillen", "en": "Where the disciplines differ"},
    "results": {"nl": "Resultaten", "en": "Results"},
    "download": {"nl": "Download", "en": "Download"},
    "download_audit": {
        "nl": "Met het volledige auditlogboek (ook verwijderde en gewijzigde tekst)",
        "en": "With the full audit log (including deleted and edited text)",
    },
    "chart_failed": {
        "nl": "Deze grafiek kon niet worden getekend. De rest van de pagina werkt gewoon door.",
        "en": "This chart could not be drawn. Everything else on the page keeps working.",
    },
    "lobby_title": {"nl": "Workshops", "en": "Workshops"},
    "lobby_intro": {
        "nl": "Kies een workshop en start een sessie, of doe mee met de code die je facilitator toont.",
        "en": "Choose a workshop and start a session, or join with the code your facilitator shows.",
    },
    "lobby_start": {"nl": "Sessie starten", "en": "Start a session"},
    "lobby_join": {"nl": "Meedoen met code", "en": "Join with a code"},
    "lobby_go": {"nl": "Ga", "en": "Go"},
    "lobby_created": {
        "nl": "Sessie <b>{code}</b> staat klaar. Bewaar de facilitatorsleutel <code>{secret}</code> voor jezelf.",
        "en": "Session <b>{code}</b> is ready. Keep the facilitator key <code>{secret}</code> to yourself.",
    },
    "lobby_open_facilitator": {"nl": "Facilitatorweergave openen", "en": "Open the facilitator view"},
    "lobby_open_participant": {"nl": "Deelnemerslink", "en": "Participant link"},
    "lobby_self_paced": {"nl": "Zelf doorlopen", "en": "Work through it alone"},
    "lobby_start_title": {"nl": "Een sessie starten als facilitator", "en": "Start a session as facilitator"},
    "lobby_phases": {"nl": "{n} fasen", "en": "{n} phases"},
    "lobby_ready": {"nl": "Sessie {code} staat klaar", "en": "Session {code} is ready"},
    "lobby_key_intro": {"nl": "Je facilitatorsleutel:", "en": "Your facilitator key:"},
    "lobby_key_keep": {
        "nl": "Bewaar hem voor jezelf: je opent er de facilitatorweergave mee. Hij staat alleen op deze pagina.",
        "en": "Keep it to yourself: it unlocks the facilitator view. It is shown on this page only.",
    },
    "lobby_participant_intro": {"nl": "Deelnemers doen mee via", "en": "Participants join at"},
    "lobby_back": {"nl": "Terug naar de workshops", "en": "Back to the workshops"},
    "minutes": {"nl": "min", "en": "min"},
    "phase_count": {"nl": "{n} fasen", "en": "{n} phases"},
    "me": {"nl": "Ik", "en": "Me"},
    "roles": {"nl": "Rollen", "en": "Roles"},
    "language": {"nl": "Taal", "en": "Language"},
    "anonymous_session": {"nl": "Anonieme sessie", "en": "Anonymous session"},
    "no_session": {
        "nl": "Deze pagina hoort bij een sessie. Vul de code in die je facilitator toont.",
        "en": "This page belongs to a session. Enter the code your facilitator shows.",
    },
    "busy_title": {"nl": "Even geduld", "en": "Busy right now"},
    "busy_body": {
        "nl": "De server heeft het op dit moment te druk om deze pagina te openen. Probeer het over een ogenblik opnieuw.",
        "en": "The server is too busy to open this page right now. Please try again in a moment.",
    },
    "busy_retry": {"nl": "Opnieuw proberen", "en": "Try again"},
    "connection_lost": {
        "nl": "De verbinding met de server is verbroken. Laad de pagina opnieuw.",
        "en": "The connection to the server was lost. Reload the page.",
    },
    "connection_lost_drafts": {
        "nl": "Tekst die je nog niet had verstuurd, blijft bewaard en staat na het herladen weer in de tekstvakken.",
        "en": "Text you had not sent yet is kept and will be back in the text fields after the reload.",
    },
    "connection_lost_reload": {"nl": "Pagina herladen", "en": "Reload the page"},
    "unexpected": {
        "nl": "Er ging iets mis. Je invoer is niet verloren; probeer het opnieuw.",
        "en": "Something went wrong. Your input is not lost; please try again.",
    },
    # The participant web page (toolkit/web).
    "web_ask_title": {"nl": "Meedoen met een sessie", "en": "Join a session"},
    "web_ask_intro": {"nl": "Vul de code in die je facilitator laat zien.", "en": "Enter the code your facilitator shows."},
    "web_ask_submit": {"nl": "Verder", "en": "Continue"},
    "web_other_code": {"nl": "Andere code invullen", "en": "Enter another code"},
    "web_session_gone": {
        "nl": "Is de sessie al afgelopen? Dan is ze niet meer te openen; vraag je facilitator om de nieuwe code.",
        "en": "If the session has ended, it can no longer be opened; ask your facilitator for the new code.",
    },
    "web_csrf_invalid": {
        "nl": "Dit formulier is verlopen. Je invoer staat er nog: verstuur het opnieuw.",
        "en": "This form has expired. Your input is still here: please send it again.",
    },
    "web_too_large": {
        "nl": "Dit is te veel om in één keer te versturen (hooguit 64 kB). Maak het korter; je invoer staat er nog.",
        "en": "This is too much to send at once (at most 64 KB). Please shorten it; your input is still here.",
    },
    "web_not_joined": {
        "nl": "Meld je eerst aan voor deze sessie. Je invoer staat er nog.",
        "en": "Please join this session first. Your input is still here.",
    },
    "web_offline": {
        "nl": "Geen verbinding met de server. Je invoer blijft staan; probeer het zo opnieuw.",
        "en": "No connection to the server. Your input stays here; please try again shortly.",
    },
    "web_note_label": {"nl": "Je bijdrage", "en": "Your contribution"},
    "web_edit_label": {"nl": "Je bijdrage wijzigen", "en": "Edit your contribution"},
    "web_board": {"nl": "Bijdragen", "en": "Contributions"},
    "web_vote_add": {"nl": "Stip erbij voor: {text}", "en": "Add a dot to: {text}"},
    "web_vote_remove": {"nl": "Stip eraf bij: {text}", "en": "Take a dot from: {text}"},
    "web_your_dots": {"nl": "Jouw stippen: {n}", "en": "Your dots: {n}"},
    "web_rating_save": {"nl": "Scores opslaan", "en": "Save scores"},
    "web_no_score": {"nl": "geen score", "en": "no score"},
    "web_required": {"nl": "verplicht", "en": "required"},
    "web_choose": {"nl": "Kies…", "en": "Choose…"},
    "web_agreed": {"nl": "Afgesproken", "en": "Agreed"},
    # -- CSV upload and the service-maturity tools on the facilitator page ---------------------
    "csv_choose": {"nl": "CSV kiezen", "en": "Choose CSV"},
    "tools_title": {"nl": "Cijfers en berichten", "en": "Figures and messages"},
    "csv_figures": {
        "nl": "Maandcijfers (CSV: een kolom maand, een kolom per KPI)",
        "en": "Monthly figures (CSV: a month column, a column per KPI)",
    },
    "csv_messages": {
        "nl": "Eigen berichten (CSV: kolommen bericht en sleutel)",
        "en": "Own messages (CSV: columns message and key)",
    },
    "figures_loaded": {
        "nl": "'{file}' ingelezen: {months} maanden, {kpis} KPI's.",
        "en": "'{file}' loaded: {months} months, {kpis} KPIs.",
    },
    "messages_loaded": {
        "nl": "'{file}' ingelezen: {n} berichten met sleutel.",
        "en": "'{file}' loaded: {n} messages with their key.",
    },
    "persona_none": {
        "nl": "Er is nog geen brand-persona-sessie van deze organisatie.",
        "en": "There is no brand persona session of this organisation yet.",
    },
    "persona_found": {
        "nl": "Brand persona '{name}' uit sessie {code} van dezelfde organisatie:",
        "en": "Brand persona '{name}' from session {code} of the same organisation:",
    },
    "persona_link": {"nl": "Persona koppelen aan deze sessie", "en": "Link the persona to this session"},
    "persona_linked": {
        "nl": "Gekoppeld: het rapport toont de persona bij stap 2.",
        "en": "Linked: the report shows the persona under step 2.",
    },
}


def t(key: str, lang: str, **params: object) -> str:
    """The UI string ``key`` in ``lang`` with ``params`` filled in (params are not escaped)."""
    return translate(UI_TEXT, key, lang, **params)


def esc(text: object) -> str:
    """Text made safe to put inside HTML: ``<``, ``>``, ``&`` and both quotes escaped."""
    return html.escape("" if text is None else str(text), quote=True)
