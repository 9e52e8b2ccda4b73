"""Languages and the small catalogue of user-facing strings that core itself produces."""
from __future__ import annotations

from typing import Literal

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
Language = Literal["nl", "en"]

ROLES: tuple[str, ...] = ("marketing", "specialist", "it", "service", "sales", "management", "other")

ROLE_LABELS: dict[str, dict[str, str]] = {
    "marketing": {"nl": "Marketing", "en": "Marketing"},
    "specialist": {"nl": "Specialist (techniek, lab, product)", "en": "Specialist (engineering, lab, product)"},
    "it": {"nl": "IT", "en": "IT"},
    "service": {"nl": "Klantenservice", "en": "Customer service"},
    "sales": {"nl": "Verkoop", "en": "Sales"},
    "management": {"nl": "Management", "en": "Management"},
    "other": {"nl": "Anders", "en": "Other"},
}

# Messages for errors raised by core. Every key exists in both languages (a test checks it).
MESSAGES: dict[str, dict[str, str]] = {
    "text_empty": {"nl": "Vul eerst een tekst in.", "en": "Please enter some text first."},
    "text_too_long": {
        "nl": "Deze tekst is te lang: {length} tekens, het maximum is {limit}.",
        "en": "This text is too long: {length} characters, the maximum is {limit}.",
    },
    "text_bad_chars": {
        "nl": "Deze tekst bevat tekens die niet kunnen worden opgeslagen.",
        "en": "This text contains characters that cannot be stored.",
    },
    "wrong_type": {
        "nl": "Het veld '{field}' heeft een ongeldige waarde.",
        "en": "The field '{field}' has an invalid value.",
    },
    "field_required": {"nl": "Het veld '{field}' is verplicht.", "en": "The field '{field}' is required."},
    "field_unknown": {"nl": "Onbekend veld: '{field}'.", "en": "Unknown field: '{field}'."},
    "choice_invalid": {
        "nl": "'{value}' is geen geldige keuze voor '{field}'.",
        "en": "'{value}' is not a valid choice for '{field}'.",
    },
    "score_out_of_range": {
        "nl": "Een score moet tussen {low} en {high} liggen.",
        "en": "A score must lie between {low} and {high}.",
    },
    "session_not_found": {
        "nl": "Er is geen sessie met code '{code}'. Controleer de code.",
        "en": "There is no session with code '{code}'. Please check the code.",
    },
    "workshop_not_found": {"nl": "Onbekende workshop: '{workshop}'.", "en": "Unknown workshop: '{workshop}'."},
    "language_invalid": {"nl": "Onbekende taal: '{value}'. Kies nl of en.", "en": "Unknown language: '{value}'. Choose nl or en."},
    "role_invalid": {"nl": "Kies een rol uit de lijst.", "en": "Please choose a role from the list."},
    "name_too_long": {
        "nl": "Een naam mag hooguit {limit} tekens hebben.",
        "en": "A name may have at most {limit} characters.",
    },
    "participant_not_found": {
        "nl": "Je deelname is niet gevonden. Meld je opnieuw aan.",
        "en": "Your participation was not found. Please join again.",
    },
    "facilitator_key_invalid": {
        "nl": "Deze facilitatorsleutel klopt niet.",
        "en": "This facilitator key is not correct.",
    },
    "phase_closed": {
        "nl": "In deze fase kun je dit niet invoeren.",
        "en": "This phase does not take this kind of input.",
    },
    "input_locked": {
        "nl": "De facilitator heeft de invoer gesloten.",
        "en": "The facilitator has closed input for now.",
    },
    "not_your_contribution": {
        "nl": "Je kunt alleen je eigen bijdragen wijzigen of verwijderen.",
        "en": "You can only edit or delete your own contributions.",
    },
    "contribution_not_found": {"nl": "Deze bijdrage bestaat niet (meer).", "en": "This contribution does not exist (any more)."},
    "vote_budget": {
        "nl": "Je hebt al je {budget} stippen verdeeld. Haal er eerst een weg.",
        "en": "You have placed all {budget} of your dots. Take one away first.",
    },
    "vote_target_invalid": {
        "nl": "Hierop kun je in deze fase niet stemmen.",
        "en": "You cannot vote on this in the current phase.",
    },
    "vote_points_invalid": {
        "nl": "Het aantal stippen moet een heel getal van 0 tot {budget} zijn.",
        "en": "The number of dots must be a whole number from 0 to {budget}.",
    },
    "phase_out_of_range": {"nl": "Er is geen fase {index}.", "en": "There is no phase {index}."},
    "timer_invalid": {
        "nl": "Een timer loopt van 1 tot 180 minuten.",
        "en": "A timer runs from 1 to 180 minutes.",
    },
    # The facilitator's curation of the board (toolkit.core.curation).
    "curation_target_invalid": {
        "nl": "Dat staat niet (meer) op het bord.",
        "en": "That is not on the board (any more).",
    },
    "merge_invalid": {
        "nl": "Samenvoegen kan alleen met andere briefjes uit dezelfde fase.",
        "en": "Only notes of the same phase can be merged.",
    },
    "cluster_exists": {
        "nl": "Er is in deze fase al een cluster '{label}'.",
        "en": "This phase already has a cluster called '{label}'.",
    },
    "cluster_not_found": {
        "nl": "Dat cluster bestaat niet (meer).",
        "en": "That cluster does not exist (any more).",
    },
    "cluster_phase_invalid": {
        "nl": "Een cluster bevat alleen briefjes uit zijn eigen fase.",
        "en": "A cluster holds notes of its own phase only.",
    },
    "cluster_limit": {
        "nl": "Een sessie kan hoogstens {limit} clusters hebben.",
        "en": "A session can have at most {limit} clusters.",
    },
    "nothing_to_undo": {
        "nl": "Er is niets meer om ongedaan te maken.",
        "en": "There is nothing left to undo.",
    },
    "list_invalid": {
        "nl": "De lijst '{field}' moet 1 tot 30 korte, verschillende namen hebben.",
        "en": "The list '{field}' needs 1 to 30 short, distinct names.",
    },
    "payload_too_large": {
        "nl": "Deze invoer is te groot om op te slaan.",
        "en": "This input is too large to store.",
    },
    "schema_unknown": {
        "nl": "De database heeft schemaversie {found}, deze versie van de toolkit kent {expected}. Werk de toolkit bij of gebruik een andere database.",
        "en": "The database has schema version {found}; this version of the toolkit knows {expected}. Update the toolkit or use another database.",
    },
    # -- limits and anonymity ------------------------------------------------------------------
    "write_rate_limited": {
        "nl": "Je stuurt sneller dan de sessie kan bijhouden. Wacht {seconds} seconden en probeer het "
              "opnieuw; wat je hebt getypt, staat er nog.",
        "en": "You are sending faster than the session can keep up with. Wait {seconds} seconds and "
              "try again; what you typed is still there.",
    },
    "note_cap": {
        "nl": "Je hebt in deze fase al {limit} bijdragen geplaatst, het maximum. Verwijder er een of "
              "voeg er twee samen; wat je hebt getypt, staat er nog.",
        "en": "You have already posted {limit} contributions in this phase, the maximum. Delete one or "
              "combine two; what you typed is still there.",
    },
    "facilitator_key_limited": {
        "nl": "Er zijn te veel verkeerde facilitatorsleutels geprobeerd voor deze sessie. Probeer het "
              "over {seconds} seconden opnieuw.",
        "en": "Too many wrong facilitator keys have been tried for this session. Try again in "
              "{seconds} seconds.",
    },
    "code_guesses_limited": {
        "nl": "Er zijn te veel onbekende sessiecodes geprobeerd. Controleer de code en probeer het over "
              "{seconds} seconden opnieuw.",
        "en": "Too many unknown session codes have been tried. Check the code and try again in "
              "{seconds} seconds.",
    },
    "anonymity_locked": {
        "nl": "Deze sessie blijft anoniem: er is al input gegeven in de wetenschap dat niemand ziet "
              "wie wat schreef.",
        "en": "This session stays anonymous: people have already contributed on the promise that "
              "no one sees who wrote what.",
    },
    # -- tables loaded from a CSV file (e.g. the service-maturity scorecard and messages) -------
    "csv_too_large": {
        "nl": "Het bestand '{file}' is te groot: het mag hooguit {limit} kB zijn.",
        "en": "The file '{file}' is too large: it may be at most {limit} kB.",
    },
    "csv_empty": {
        "nl": "Het bestand '{file}' is leeg: er staat geen kopregel en geen enkele rij in.",
        "en": "The file '{file}' is empty: it has no header row and no rows.",
    },
    "csv_no_rows": {
        "nl": "Het bestand '{file}' heeft een kopregel maar geen rijen met gegevens.",
        "en": "The file '{file}' has a header row but no rows of data.",
    },
    "csv_encoding": {
        "nl": "Het bestand '{file}' is geen UTF-8-tekst (rij {row}). Sla het op als 'CSV UTF-8' en "
              "probeer het opnieuw.",
        "en": "The file '{file}' is not UTF-8 text (row {row}). Save it as 'CSV UTF-8' and try again.",
    },
    "csv_delimiter": {
        "nl": "In '{file}' heeft rij 1 maar één kolom. Scheid de kolommen met een komma of een "
              "puntkomma.",
        "en": "In '{file}', row 1 has only one column. Separate the columns with a comma or a "
              "semicolon.",
    },
    "csv_ragged": {
        "nl": "In '{file}' heeft rij {row} {found} kolommen, maar de kopregel heeft er {expected}.",
        "en": "In '{file}', row {row} has {found} columns, but the header row has {expected}.",
    },
    "csv_too_many_rows": {
        "nl": "Het bestand '{file}' heeft meer dan {limit} rijen.",
        "en": "The file '{file}' has more than {limit} rows.",
    },
    "csv_too_many_columns": {
        "nl": "Het bestand '{file}' heeft meer dan {limit} kolommen.",
        "en": "The file '{file}' has more than {limit} columns.",
    },
    "csv_header_empty": {
        "nl": "In '{file}' heeft kolom {column} in rij 1 geen naam.",
        "en": "In '{file}', column {column} has no name in row 1.",
    },
    "csv_header_duplicate": {
        "nl": "In '{file}' staat de kolom '{name}' twee keer in rij 1 (kolom {column}).",
        "en": "In '{file}', the column '{name}' appears twice in row 1 (column {column}).",
    },
    "csv_cell_too_long": {
        "nl": "In '{file}', rij {row}, kolom {column}: de tekst is te lang ({length} tekens, hooguit {limit}).",
        "en": "In '{file}', row {row}, column {column}: the text is too long ({length} characters, at most {limit}).",
    },
    "csv_not_number": {
        "nl": "In '{file}', rij {row}, kolom {column}: '{value}' is geen getal.",
        "en": "In '{file}', row {row}, column {column}: '{value}' is not a number.",
    },
    "csv_no_month_column": {
        "nl": "In '{file}' ontbreekt de kolom 'maand' in rij 1 (ook 'month' mag).",
        "en": "In '{file}', row 1 has no 'month' column ('maand' is fine too).",
    },
    "csv_month_missing": {
        "nl": "In '{file}', rij {row}, kolom {column}: de maand ontbreekt.",
        "en": "In '{file}', row {row}, column {column}: the month is missing.",
    },
    "csv_month_invalid": {
        "nl": "In '{file}', rij {row}, kolom {column}: '{value}' is geen maand. Schrijf de maand als "
              "2024-01.",
        "en": "In '{file}', row {row}, column {column}: '{value}' is not a month. Write the month as "
              "2024-01.",
    },
    "csv_month_duplicate": {
        "nl": "In '{file}', rij {row}, kolom {column}: de maand {value} staat ook al in rij {first}.",
        "en": "In '{file}', row {row}, column {column}: the month {value} is also in row {first}.",
    },
    "csv_unknown_column": {
        "nl": "In '{file}', rij 1, kolom {column}: '{name}' is geen bekende KPI. Gebruik een van: {known}.",
        "en": "In '{file}', row 1, column {column}: '{name}' is not a known KPI. Use one of: {known}.",
    },
    "csv_no_kpi_column": {
        "nl": "In '{file}' staat naast de maand geen enkele KPI-kolom.",
        "en": "In '{file}', there is no KPI column next to the month.",
    },
    "csv_missing_column": {
        "nl": "In '{file}' ontbreekt de kolom '{name}' in rij 1.",
        "en": "In '{file}', row 1 has no '{name}' column.",
    },
    "csv_value_missing": {
        "nl": "In '{file}', rij {row}, kolom {column}: deze cel is leeg.",
        "en": "In '{file}', row {row}, column {column}: this cell is empty.",
    },
    "csv_choice_invalid": {
        "nl": "In '{file}', rij {row}, kolom {column}: '{value}' is geen geldige keuze. Kies uit: {allowed}.",
        "en": "In '{file}', row {row}, column {column}: '{value}' is not a valid choice. Choose from: {allowed}.",
    },
    "csv_value_duplicate": {
        "nl": "In '{file}', rij {row}, kolom {column}: dit staat ook al in rij {first}.",
        "en": "In '{file}', row {row}, column {column}: this is also in row {first}.",
    },
    "table_invalid": {
        "nl": "De tabel '{table}' kan zo niet worden opgeslagen.",
        "en": "The table '{table}' cannot be stored like this.",
    },
    # -- packaging and serving (toolkit session new --example) ---------------------------------
    "example_not_found": {
        "nl": "De workshop '{workshop}' heeft geen voorbeeldsessie.",
        "en": "The workshop '{workshop}' has no example session.",
    },
    "base_path_invalid": {
        "nl": "'{value}' is geen padvoorvoegsel. Gebruik letters, cijfers, '-', '_', '.' en '/', zoals /user/ann/workshop/.",
        "en": "'{value}' is not a path prefix. Use letters, digits, '-', '_', '.' and '/', such as /user/ann/workshop/.",
    },
    "public_url_invalid": {
        "nl": "'{value}' is geen basisadres. Geef het adres waarop deelnemers de server bereiken, zoals https://workshop.example.org of http://192.168.1.20:8866.",
        "en": "'{value}' is not a base address. Give the address at which participants reach the server, such as https://workshop.example.org or http://192.168.1.20:8866.",
    },
}


def check_language(value: object) -> str:
    """Return ``value`` if it is a supported language, else raise a ``ValidationError``."""
    from toolkit.core.errors import ValidationError

    if value not in LANGUAGES:
        raise ValidationError("language_invalid", "en", value=str(value)[:20])
    return value  # type: ignore[return-value]


def translate(catalogue: dict[str, dict[str, str]], key: str, lang: str, **params: object) -> str:
    """Entry ``key`` of a ``{key: {"nl": ..., "en": ...}}`` catalogue in ``lang`` (English when
    ``lang`` is unknown), with ``params`` filled in. Every module's strings are looked up here."""
    entry = catalogue[key]
    text = entry.get(lang, entry["en"])
    return text.format(**params) if params else text


def message(key: str, lang: str, **params: object) -> str:
    """The core message ``key`` in ``lang``, with ``params`` filled in."""
    return translate(MESSAGES, key, lang, **params)


def role_label(role: str, lang: str) -> str:
    """The label of a participant role in ``lang``."""
    return translate(ROLE_LABELS, role if role in ROLE_LABELS else "other", lang)


def decimal_mark(number: str, lang: str) -> str:
    """A formatted number with the decimal mark of ``lang`` (a comma in Dutch)."""
    return number.replace(".", ",") if lang == "nl" else number
