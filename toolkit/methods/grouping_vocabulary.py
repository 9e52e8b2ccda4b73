"""Workshop vocabulary for the grouping suggestions, in Dutch and English: synonyms, and the words
that mark a theme of the meetings of marketing, specialists, IT and customer service.

:data:`SYNONYMS`: on each line, every word stands for the first one. :data:`THEMES`: each theme
lists words that point to it; a note that uses them gets the theme as an extra feature, so
"hosting" and "homepage" meet under speed. Both are applied after stemming, so every inflected form
counts. Short lists for the ten themes of the tuning notes in ``tests/data/grouping/`` (site speed,
checkout and forms, budget and trust, tone of voice, social media, CRM, search, app, phone, KPIs),
not a dictionary: words they do not know simply add nothing.
"""
from __future__ import annotations

SYNONYMS: dict[str, tuple[str, ...]] = {
    "en": (
        "slow sluggish slowly ages",
        "website site homepage",
        "load loading",
        "customer client customers clients",
        "data information",
        "phone telephone call calls caller callers calling",
        "wait waiting",
        "answer reply replies respond response",
        "social facebook instagram twitter",
        "shop webshop store",
        "checkout cart basket",
        "abandon quit",
        "crash crashes freezes",
        "budget money funding",
        "trust distrust",
        "tool tools system systems application applications",
        "goal target targets",
        "measure track",
        "correct edit edits correction corrections contradict",
        "text copy texts",
        "style tone",
        "specialist specialists engineer engineers expert experts",
        "department team teams",
        "message messages question questions",
        "spread separate scattered",
        "view picture overview",
        "complete single full",
        "kpi kpis figures numbers metrics",
        "agree agreed",
    ),
    "nl": (
        "traag langzaam stroperig",
        "website site homepage",
        "laden laadt laadtijd",
        "klant klanten",
        "gegevens informatie data",
        "telefoon bellen bellers gesprek",
        "wachten wachttijd",
        "antwoord antwoorden reactie reageren beantwoorden reactietijd",
        "sociaal social facebook instagram twitter",
        "webwinkel winkel webshop",
        "afrekenen winkelwagen bestellen",
        "afhaken haken",
        "crasht vastlopen",
        "budget geld",
        "vertrouwen wantrouwen",
        "tool tools systeem systemen applicatie applicaties",
        "doel doelen",
        "meten bijhouden",
        "corrigeren correctie correcties tegenspreken",
        "tekst teksten",
        "stijl toon schrijfstijl",
        "specialist specialisten technici ingenieurs deskundige",
        "afdeling team teams",
        "bericht berichten vraag vragen",
        "verspreid los losse",
        "beeld klantbeeld overzicht",
        "compleet volledig",
        "zoekbalk zoekfunctie",
        "kpi kpi's cijfers aantallen",
        "afgesproken afspreken gezamenlijk gedeeld",
        "marketeer marketeers marketing",
    ),
}

THEMES: dict[str, dict[str, str]] = {
    "speed": {
        "en": "slow slowly sluggish fast faster speed load loading loads ages seconds performance hosting "
              "server traffic images compress down outage bounce lag",
        "nl": "traag langzaam stroperig snel sneller snelheid laden laadt laadtijd seconden prestaties hosting "
              "hostingpakket webserver server drukte foto's afbeeldingen verkleind eruit storing bouncepercentage",
    },
    "checkout": {
        "en": "checkout cart order ordering payment pay ideal form forms field fields booking request shipping "
              "account guest abandon basket web shop webshop",
        "nl": "afrekenen winkelwagen bestellen bestelling bestelformulier betalen betaling ideal formulier "
              "formulieren aanvraagformulier boekingsformulier velden gegevens verzendkosten account registreren "
              "webwinkel webshop afhaken",
    },
    "budget": {
        "en": "budget money pay pays bill cost licence licences funding allowed policy approve approved roadmap "
              "trust distrust security review permission",
        "nl": "budget geld betaalt rekening kosten licentie licenties financiering mag mogen beleid goedgekeurd "
              "planning vertrouwen wantrouwen beveiligingscontroles toestemming",
    },
    "tone": {
        "en": "tone voice style copy text texts wording jargon persona brand rewrite rewrites edit edits correct "
              "corrections review rounds readable brochure writes cheerful stiff formal",
        "nl": "toon stijl schrijfstijl tekst teksten formulering vakjargon jargon merkpersoonlijkheid persona merk "
              "herschrijven correctierondes corrigeren correcties leesbaar brochure schrijft vrolijk stijf "
              "aanspreken",
    },
    "social": {
        "en": "social facebook instagram twitter linkedin webcare post posts likes shares influencer messages "
              "channels followers",
        "nl": "sociaal sociale social facebook instagram twitter linkedin webcare posten posts likes shares "
              "influencers berichten kanalen volgers socialeteam",
    },
    "crm": {
        "en": "crm customer data record records contacts contact spreadsheet addresses export duplicate view "
              "picture mailings database systems",
        "nl": "crm klantgegevens klantinformatie klantdossier klantbeeld contactpersonen spreadsheet adressen "
              "exporteren dubbele overzicht mailings database systemen",
    },
    "search": {
        "en": "search find findability google seo rank ranks keywords meta filters results typos ads faq "
              "catalogue names",
        "nl": "zoeken zoekbalk zoekfunctie zoekmachines vinden vindbaarheid google seo scoren zoekwoorden "
              "metabeschrijvingen filters resultaten tikfouten advertenties catalogus productnamen",
    },
    "mobile": {
        "en": "app apps mobile phone iphone android ios tap buttons push notifications crash crashes store "
              "reviews location",
        "nl": "app apps mobiel telefoon iphone android ios tikken menuknoppen pushberichten crasht vastlopen "
              "appwinkel beoordelingen locatie",
    },
    "phone": {
        "en": "phone call calls caller callers callback helpdesk agents waiting wait transferred menu line "
              "hold evening",
        "nl": "telefoon bellen bellers terugbeloptie helpdesk medewerkers wachten wachttijd doorverbonden "
              "keuzemenu gesprek gespreksduur avonds",
    },
    "kpi": {
        "en": "kpi kpis measure measured metrics figures numbers dashboard report reports target targets goal "
              "goals conversion reach clicks satisfaction success",
        "nl": "kpi kpi's meten gemeten cijfers aantallen dashboard rapport maandrapport doel doelen conversie "
              "bereik kliks klanttevredenheid succes",
    },
}
