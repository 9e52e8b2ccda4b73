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
    # Run sheet, votes by role, items per role, invitation
    "by_role_title": {"nl": "Stemmen en scores per rol", "en": "Votes and scores by role"},
    "run_sheet_title": {"nl": "Draaiboek", "en": "Run sheet"},
    "run_sheet_phase": {"nl": "Fase", "en": "Phase"},
    "run_sheet_planned": {"nl": "Gepland (min)", "en": "Planned (min)"},
    "run_sheet_actual": {"nl": "Werkelijk (min)", "en": "Actual (min)"},
    "run_sheet_rebalanced": {"nl": "Bijgesteld (min)", "en": "Re-balanced (min)"},
    "run_sheet_not_started": {
        "nl": "Nog niet begonnen; gepland: {planned} minuten. De klok loopt vanaf de eerste deelnemer, "
              "timer of fasewissel.",
        "en": "Not started yet; planned: {planned} minutes. The clock starts with the first participant, "
              "timer or change of phase.",
    },
    "run_sheet_on_time": {
        "nl": "{elapsed} van {planned} minuten voorbij; het programma past.",
        "en": "{elapsed} of {planned} minutes gone; the programme fits.",
    },
    "run_sheet_short": {
        "nl": "{elapsed} van {planned} minuten voorbij; ook ingekort loopt de sessie {short} minuten uit.",
        "en": "{elapsed} of {planned} minutes gone; even trimmed, the session runs {short} minutes late.",
    },
    "role_items_title": {"nl": "{items} per rol", "en": "{items} per role"},
    "role_items_intro": {
        "nl": "Kies per rol wat die beoordeelt; deelnemers met die rol zien alleen dat.",
        "en": "Choose per role what it rates; participants with that role see only that.",
    },
    "role_items_save": {"nl": "Opslaan voor deze rol", "en": "Save for this role"},
    "role_items_reset": {"nl": "Alles voor deze rol", "en": "Everything for this role"},
    "role_items_all_roles": {"nl": "Elke rol beoordeelt alles.", "en": "Every role rates everything."},
    "invitation_title": {"nl": "Uitnodiging voor de deelnemers", "en": "Invitation for the participants"},
    "invitation_intro": {
        "nl": "Stuur deze tekst vooraf, per mail of chat.",
        "en": "Send this text beforehand, by email or chat.",
    },
    "invitation_copy": {"nl": "Tekst kopiëren", "en": "Copy the text"},
    # Curation on the board: hide, merge, cluster and agree (toolkit.ui.board, the participant page).
    "board_select": {"nl": "Selecteren", "en": "Select"},
    "board_hide": {"nl": "Verbergen", "en": "Hide"},
    "board_restore": {"nl": "Terugzetten", "en": "Restore"},
    "board_hidden_mark": {"nl": "verborgen", "en": "hidden"},
    "board_merge": {"nl": "Geselecteerde hierin samenvoegen", "en": "Merge selected into this one"},
    "board_agree": {"nl": "Markeren als afgesproken", "en": "Mark as agreed"},
    "board_disagree": {"nl": "Afspraak intrekken", "en": "Withdraw agreement"},
    "board_agreed_wording": {"nl": "Afgesproken formulering", "en": "Agreed wording"},
    "board_agree_save": {"nl": "Formulering opslaan", "en": "Save wording"},
    "board_cluster": {"nl": "Cluster", "en": "Cluster"},
    "board_no_cluster": {"nl": "(geen cluster)", "en": "(no cluster)"},
    "board_cluster_new": {"nl": "Nieuw cluster", "en": "New cluster"},
    "board_cluster_placeholder": {"nl": "naam van het cluster", "en": "name of the cluster"},
    "board_cluster_create": {"nl": "Cluster maken van selectie", "en": "Make a cluster of the selection"},
    "board_cluster_name": {"nl": "Clusternaam", "en": "Cluster name"},
    "board_cluster_rename": {"nl": "Naam wijzigen", "en": "Rename"},
    "board_cluster_dissolve": {"nl": "Cluster opheffen", "en": "Dissolve cluster"},
    "board_undo": {"nl": "Ongedaan maken", "en": "Undo"},
    "note_merged": {"nl": "Samengevoegd:", "en": "Merged:"},
    "note_original": {"nl": "Oorspronkelijk:", "en": "Originally:"},
    # Suggested groups and duplicates on the facilitator's board (toolkit/ui/suggestions.py)
    "suggest_groups": {"nl": "Groepen voorstellen", "en": "Suggest groups"},
    "suggest_duplicates": {"nl": "Mogelijke dubbele", "en": "Possible duplicates"},
    "suggest_label": {"nl": "Naam", "en": "Name"},
    "suggest_accept": {"nl": "Als cluster overnemen", "en": "Accept as a cluster"},
    "suggest_merge": {"nl": "Samenvoegen", "en": "Merge"},
    "suggest_reject": {"nl": "Afwijzen", "en": "Reject"},
    "suggest_score": {"nl": "gelijkenis {score}", "en": "similarity {score}"},
    "suggest_none_groups": {
        "nl": "Geen groepen te zien: de briefjes lijken niet genoeg op elkaar.",
        "en": "No groups to suggest: the notes are not alike enough.",
    },
    "suggest_none_duplicates": {"nl": "Geen mogelijke dubbele briefjes.", "en": "No possible duplicate notes."},
    # The projector view (toolkit/web/projector.py) and the button that opens it.
    "projector_title": {"nl": "Scherm", "en": "Screen"},
    "projector_open": {"nl": "Projectorweergave openen", "en": "Open the projector view"},
    "projector_open_hint": {
        "nl": "Opent in een nieuw tabblad, zonder sleutel: zet dat tabblad op de beamer.",
        "en": "Opens in a new tab, without the key: put that tab on the projector.",
    },
    "projector_agreed": {"nl": "Dit hebben we afgesproken", "en": "What we agreed"},
    "projector_join": {"nl": "Doe mee via", "en": "Join at"},
    "projector_qr_alt": {"nl": "QR-code naar {url}", "en": "QR code for {url}"},
    "projector_entries": {"nl": "Bijdragen tot nu toe: {n}", "en": "Contributions so far: {n}"},
    "projector_raters": {"nl": "Zoveel mensen gaven al scores: {n}", "en": "People who have given scores: {n}"},
    # Starting from an earlier session: the facilitator's panel and the lobby's choice.
    "carried_title": {"nl": "Voortgebouwd op sessie {code}", "en": "Builds on session {code}"},
    "carried_seeded": {"nl": "Overgenomen per fase:", "en": "Taken over, by phase:"},
    "carried_nothing": {"nl": "niets (alleen de punten hieronder)", "en": "nothing (only the points below)"},
    "carried_review": {
        "nl": "Afspraken en acties van de vorige keer: loop ze samen na. Wat is gedaan, wat staat nog open?",
        "en": "Agreements and actions from last time: go through them together. What is done, what is still open?",
    },
    "lobby_from_title": {"nl": "Voortbouwen op een eerdere sessie (mag leeg blijven)",
                         "en": "Build on an earlier session (optional)"},
    "lobby_from_intro": {
        "nl": "De nieuwe sessie neemt de uitkomsten over, zoals het verslag ze toont: bijvoorbeeld de waarden en "
              "KPI's van een DNA-sessie. Daarvoor is de facilitatorsleutel van die sessie nodig.",
        "en": "The new session takes over the results as the report shows them: for example a DNA session's "
              "values and KPIs. This needs that session's facilitator key.",
    },
    "lobby_from_code": {"nl": "Code van de eerdere sessie", "en": "Code of the earlier session"},
    "lobby_from_key": {"nl": "Facilitatorsleutel van de eerdere sessie", "en": "Facilitator key of the earlier session"},
    "lobby_carried": {"nl": "Voortgebouwd op sessie {code}: {n} bijdragen overgenomen.",
                      "en": "Builds on session {code}: {n} contributions taken over."},
    # Accessibility of the facilitator page: names for controls and charts.
    "chart": {"nl": "Grafiek", "en": "Chart"},
    "download_format": {"nl": "Formaat", "en": "Format"},
    "divergence_phase": {"nl": "Beoordelingsfase", "en": "Rating phase"},
    # Comparing two sessions, before and after (toolkit/ui/compare_app.py).
    "compare_before": {"nl": "Code van de eerdere sessie", "en": "Code of the earlier session"},
    "compare_before_key": {"nl": "Facilitatorsleutel van de eerdere", "en": "Facilitator key of the earlier one"},
    "compare_after": {"nl": "Code van de latere sessie", "en": "Code of the later session"},
    "compare_after_key": {"nl": "Facilitatorsleutel van de latere", "en": "Facilitator key of the later one"},
    "compare_run": {"nl": "Vergelijken", "en": "Compare"},
    "compare_nothing": {
        "nl": "Voor deze workshop valt er (nog) niets te vergelijken.",
        "en": "There is nothing to compare for this workshop (yet).",
    },
    "projector_silent": {
        "nl": "Iedereen schrijft eerst voor zich; de bijdragen komen op het scherm zodra de facilitator ze onthult.",
        "en": "Everyone writes on their own first; the contributions appear here once the facilitator reveals them.",
    },
    # Labels of the facilitator page's pickers (each control has an accessible name)
    "by_role_phase": {"nl": "Fase", "en": "Phase"},
    "role_items_phase": {"nl": "Fase", "en": "Phase"},
    "role_items_role": {"nl": "Rol", "en": "Role"},
    "role_items_items": {"nl": "Onderdelen", "en": "Items"},
}


def t(key: str, lang: str, **params: object) -> str:
    """The UI string ``key`` in ``lang`` with ``params`` filled in (params are not escaped)."""
    return translate(UI_TEXT, key, lang, **params)


def esc(text: object) -> str:
    """Text made safe to put inside HTML: ``<``, ``>``, ``&`` and both quotes escaped."""
    return html.escape("" if text is None else str(text), quote=True)
