"""Workshop vocabulary for the grouping suggestions: the words that mark a theme of the meetings of
marketing, specialists, IT and customer service, in Dutch and English.

Each theme lists words (any inflection: they are stemmed before use) that point to it; a note that
uses them gets the theme as an extra feature, so "hosting" and "homepage" meet under speed. Short
lists of the themes the source articles name, not a dictionary: unknown words simply add nothing.
"""
from __future__ import annotations

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
