"""What the ``toolkit`` command says, in Dutch and English.

The command speaks the language of ``TOOLKIT_LANG`` (``nl`` or ``en``), else of the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: Dutch for ``nl_*``), else English. Messages of core keep
the language core gives them (a session's own, say).
"""
from __future__ import annotations

import os
from collections.abc import Mapping

from toolkit.core.i18n import LANGUAGES, translate

_STRINGS: dict[str, dict[str, str]] = {
    # -- help ---------------------------------------------------------------------------------
    "description": {
        "nl": "Workshops bekijken, sessies beheren, rapporten schrijven en de apps aanbieden.",
        "en": "List the workshops, manage sessions, write reports and serve the apps.",
    },
    "db": {
        "nl": "adres van de opslag (sqlite:///bestand of postgresql://...); standaard TOOLKIT_DB of ./data",
        "en": "store URL (sqlite:///file or postgresql://...); default TOOLKIT_DB or ./data",
    },
    "json": {"nl": "druk JSON af", "en": "print JSON"},
    "audit": {
        "nl": "neem het volledige auditlog op, ook tekst die deelnemers hebben verwijderd of overschreven "
              "(vraagt --facilitator-key)",
        "en": "include the full audit log, with text participants deleted or edited away (needs --facilitator-key)",
    },
    "audit_key": {"nl": "de facilitatorsleutel van de sessie (voor --audit)",
                  "en": "the session's facilitator key (for --audit)"},
    "workshops": {"nl": "de workshopdefinities tonen en controleren",
                  "en": "list and validate the workshop definitions"},
    "workshops_lang": {"nl": "taal van de titels (standaard: de taal van dit commando)",
                       "en": "language of the titles (default: this command's language)"},
    "session": {"nl": "sessies aanmaken, tonen, exporteren of verwijderen",
                "en": "create, list, export or delete sessions"},
    "new": {"nl": "een sessie aanmaken", "en": "create a session"},
    "workshop_arg": {"nl": "de workshop (zie toolkit workshops)", "en": "the workshop (see toolkit workshops)"},
    "new_lang": {"nl": "standaard: nl, of die van de eerdere sessie bij --from",
                 "en": "default: nl, or the earlier session's with --from"},
    "anonymous": {"nl": "deelnemers doen mee zonder naam", "en": "participants take part without a name"},
    "organisation": {"nl": "de organisatie van de sessie (sessies worden binnen één organisatie vergeleken)",
                     "en": "the session's organisation (sessions are compared within one organisation)"},
    "example": {"nl": "vul de sessie met de voorbeeldsessie van de workshop (workshops/examples/)",
                "en": "fill the session with the workshop's example session (workshops/examples/)"},
    "from": {"nl": "begin bij een eerdere sessie: de uitkomsten daarvan zijn het vertrekpunt (vraagt --from-key)",
             "en": "start from an earlier session: its results seed this one (needs --from-key)"},
    "from_key": {"nl": "de facilitatorsleutel van de eerdere sessie (voor --from)",
                 "en": "the earlier session's facilitator key (for --from)"},
    "base_url": {
        "nl": "waar deelnemers `toolkit serve` bereiken (standaard: TOOLKIT_PUBLIC_URL, anders het adres van de "
              "laatste `toolkit serve` op deze opslag)",
        "en": "where participants reach `toolkit serve` (default: TOOLKIT_PUBLIC_URL, else the address the last "
              "`toolkit serve` on this store serves at)",
    },
    "list": {"nl": "sessies tonen", "en": "list sessions"},
    "export": {"nl": "een sessie exporteren zoals ze nu is", "en": "export a session as it is now"},
    "code_arg": {"nl": "de sessiecode", "en": "the session code"},
    "export_format": {"nl": "json (alles) of csv (de bijdragen); standaard: json",
                      "en": "json (everything) or csv (the contributions); default: json"},
    "export_out": {"nl": "schrijf naar dit bestand (standaard: de standaarduitvoer)",
                   "en": "write to this file (default: standard output)"},
    "delete": {"nl": "een sessie verwijderen", "en": "delete a session"},
    "delete_key": {"nl": "de facilitatorsleutel van de sessie", "en": "the session's facilitator key"},
    "report": {"nl": "een rapport van een sessie schrijven", "en": "write a report of a session"},
    "report_format": {"nl": "html, pdf, xlsx of pptx (standaard: html)",
                      "en": "html, pdf, xlsx or pptx (default: html)"},
    "report_out": {"nl": "het bestand om te schrijven", "en": "the file to write"},
    "report_lang": {"nl": "standaard: de taal van de sessie", "en": "default: the session's language"},
    "compare": {"nl": "sluit af met wat er veranderd is sinds EARLIER, een eerdere sessie van dezelfde workshop",
                "en": "end with what changed since EARLIER, an earlier session of the same workshop"},
    "serve": {"nl": "de lobby en alle apps aanbieden met Voila", "en": "serve the lobby and all apps with Voila"},
    "port": {"nl": "poort om op te luisteren (standaard: 8866)", "en": "port to listen on (default: 8866)"},
    "warm": {"nl": "kernels die klaarstaan voor facilitatorpagina's die tegelijk opengaan (standaard: 2)",
             "en": "kernels kept warm for facilitator pages opened at once (default: 2)"},
    "ip": {"nl": "adres om op te luisteren (0.0.0.0: elk netwerk, zodat telefoons in de zaal mee kunnen doen)",
           "en": "address to listen on (0.0.0.0: every network, so phones in the room can join)"},
    "public_url": {
        "nl": "het basisadres waarop deelnemers de server bereiken, in elke getoonde link en QR-code, bijvoorbeeld "
              "https://workshop.example.org achter een proxy (standaard: TOOLKIT_PUBLIC_URL, anders het "
              "netwerkadres van deze machine als --ip verder reikt dan deze machine)",
        "en": "the base address participants reach the server at, used in every printed link and QR code, e.g. "
              "https://workshop.example.org behind a proxy (default: TOOLKIT_PUBLIC_URL, else this machine's "
              "network address when --ip is beyond loopback)",
    },
    "base_path": {
        "nl": "bied elke pagina aan onder dit pad, bijvoorbeeld /user/ann/workshop/ achter jupyter-server-proxy "
              "(standaard: /)",
        "en": "serve every page under this path, e.g. /user/ann/workshop/ behind jupyter-server-proxy (default: /)",
    },
    "behind_proxy": {
        "nl": "een reverse proxy (nginx) stuurt elk verzoek door: neem het adres van elke bezoeker uit de header "
              "X-Real-Ip / X-Forwarded-For, zodat de limieten per client de bezoekers zien en niet de proxy "
              "(alleen als niets anders dan de proxy de server bereikt)",
        "en": "a reverse proxy (nginx) forwards every request: take each visitor's address from its X-Real-Ip / "
              "X-Forwarded-For header, so the per-client limits see visitors, not the proxy (only when nothing "
              "but the proxy reaches the server)",
    },
    "max_kernels": {"nl": "hoogstens zoveel kernels tegelijk, de klaarstaande meegeteld "
                          "(standaard: beschikbaar geheugen / 150 MB)",
                    "en": "most kernels at once, the warm pool included (default: available memory / 150 MB)"},
    "client_pages": {"nl": "kernelpagina's die één client (adres) per minuut mag openen; 0: geen limiet "
                           "(standaard: 2 x --warm + 10, minstens 30)",
                     "en": "kernel pages one client (address) may open per minute; 0: no limit "
                           "(default: 2 x --warm + 10, at least 30)"},
    "client_pool_takes": {"nl": "klaarstaande kernels die één client per minuut mag nemen, daarna starten zijn "
                                "pagina's een eigen kernel; 0: geen limiet "
                                "(standaard: de helft van --warm, minstens 2)",
                          "en": "warm kernels one client may take per minute, beyond that its pages start their "
                                "own; 0: no limit (default: half of --warm, at least 2)"},
    "unconnected_timeout": {"nl": "sluit een kernel af waar binnen deze tijd geen pagina verbinding mee maakte "
                                  "(standaard: 90)",
                            "en": "shut down a kernel no page connected to within this time (default: 90)"},
    "suggest": {"nl": "stel groepen en dubbele notities voor, gelezen van de standaardinvoer (één per regel)",
                "en": "suggest groups and duplicates for notes read one per line from stdin"},
    "suggest_lang": {"nl": "taal van de notities", "en": "language of the notes"},
    "suggest_json": {"nl": 'druk {"clusters": [...], "duplicates": [...]} af',
                     "en": 'print {"clusters": [...], "duplicates": [...]}'},
    "usage": {"nl": "gebruik: ", "en": "usage: "},
    "positionals": {"nl": "argumenten", "en": "positional arguments"},
    "options": {"nl": "opties", "en": "options"},
    "help": {"nl": "toon deze hulp en stop", "en": "show this help message and exit"},
    # -- what the commands print ------------------------------------------------------------------
    "phases": {"nl": "{n} fasen", "en": "{n} phases"},
    "keep_key": {"nl": "Houd de facilitatorsleutel voor jezelf: daarmee open je de facilitatorweergave.",
                 "en": "Keep the facilitator key to yourself: it unlocks the facilitator view."},
    "session_row": {
        "nl": "{code}  {workshop:<16} {language}  fase {phase}  {participants} deelnemers  {contributions} bijdragen",
        "en": "{code}  {workshop:<16} {language}  phase {phase}  {participants} participants  "
              "{contributions} contributions",
    },
    "deleted": {"nl": "Sessie {code} is verwijderd.", "en": "Deleted session {code}."},
    "invalid_definition": {"nl": "Ongeldige workshopdefinitie:\n{error}",
                           "en": "Invalid workshop definition:\n{error}"},
    "error": {"nl": "Fout: {error}", "en": "Error: {error}"},
    "from_needs_key": {"nl": "--from vraagt de facilitatorsleutel van de eerdere sessie: voeg --from-key SLEUTEL toe",
                       "en": "--from needs the earlier session's facilitator key: add --from-key KEY"},
    "audit_needs_key": {"nl": "--audit vraagt de facilitatorsleutel: voeg --facilitator-key SLEUTEL toe",
                        "en": "--audit needs the facilitator key: add --facilitator-key KEY"},
    "audit_json": {"nl": "--audit: het volledige auditlog hoort bij de JSON-export; gebruik --format json",
                   "en": "--audit: the full audit log is part of the JSON export; use --format json"},
    "not_whole": {"nl": "geen geheel getal: {text!r}", "en": "not a whole number: {text!r}"},
    "at_least": {"nl": "moet minstens {low} zijn: {value}", "en": "must be at least {low}: {value}"},
    "serving": {"nl": "Workshop toolkit: lobby op {lobby}{room}  (opslag: {store})",
                "en": "Workshop toolkit: lobby at {lobby}{room}  (store: {store})"},
    "serving_room": {"nl": "  deelnemers: {room}", "en": "  participants: {room}"},
}


def cli_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the command speaks (see the module's docstring)."""
    env = os.environ if environ is None else environ
    asked = env.get("TOOLKIT_LANG", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def say(key: str, lang: str | None = None, **params: object) -> str:
    """Entry ``key`` in ``lang`` (default: the command's language), with ``params`` filled in."""
    return translate(_STRINGS, key, lang or cli_language(), **params)
