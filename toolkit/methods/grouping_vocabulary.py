"""Workshop vocabulary for the grouping suggestions, in Dutch and English: synonyms, and the words
that mark a theme of the meetings of marketing, specialists, IT and customer service.

:data:`SYNONYMS`: on each line, every word stands for the first one. :data:`THEMES`: each theme
lists words that point to it; a note that uses them gets the theme as an extra feature, so
"hosting" and "homepage" meet under speed. Both are applied after stemming, so every inflected form
counts. Short lists for the ten themes of the tuning notes in ``tests/data/grouping/`` (site speed,
checkout and forms, budget and trust, tone of voice, social media, CRM, search, app, phone, KPIs),
not a dictionary: words they do not know simply add nothing. :data:`WORKPLACE_THEMES`: broader
themes of working life, written from general knowledge, for the topics the board themes do not know.
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

# Themes of working life in any organisation where marketing, specialists, IT, sales and customer
# service meet, written from general knowledge of such workplaces (not from any labelled notes), so
# that notes on topics the lists above do not know still meet on what they are about. A word may
# point to a board theme and a workplace theme: the two lexicons are compared apart (see
# toolkit.methods.grouping), each theme weighed by how rare it is on the board.
WORKPLACE_THEMES: dict[str, dict[str, str]] = {
    "meetings": {
        "en": "meeting meetings agenda minutes calendar invite invites overrun overruns stand-up standup weekly "
              "monthly sync recurring attendees attend chair discuss discussion discussions decide decisions "
              "decision call video teams zoom slides presentation",
        "nl": "overleg vergadering vergaderingen vergaderen agenda notulen verslag agenda's uitnodiging uitloopt "
              "uitlopen stand-up wekelijks maandelijks wekelijkse maandelijkse terugkerend deelnemers voorzitter "
              "bespreken bespreking discussie besluit besluiten beslissen beslissing videogesprek zoom teams "
              "presentatie sheets",
    },
    "deadlines": {
        "en": "deadline deadlines late later delay delayed delays planning schedule scheduled rush rushed "
              "last-minute urgent urgency priority priorities prioritise timeline weeks months overdue postponed "
              "launch launches release releases sprint backlog queue",
        "nl": "deadline deadlines laat later vertraging vertraagd uitstel uitgesteld planning rooster haast "
              "gehaast last-minute spoed urgent prioriteit prioriteiten prioriteren tijdlijn weken maanden "
              "achterstand lancering lanceren release releases sprint backlog wachtrij",
    },
    "information": {
        "en": "inform informed informing update updates news newsletter intranet mail email emails e-mail inbox "
              "chat slack channel announcement announcements hear heard know knows knew aware unaware rumour "
              "communication communicate communicates loop cc forwarded",
        "nl": "informeren geïnformeerd update updates nieuws nieuwsbrief intranet mail mails e-mail inbox chat "
              "slack kanaal aankondiging aankondigingen horen hoort gehoord weten weet wist bewust onbewust "
              "geruchten communicatie communiceren communiceert rondmailen doorgestuurd",
    },
    "knowledge": {
        "en": "onboarding training trainings course courses learn learning explain explained explanation "
              "knowledge skills skill newcomer newcomers starter starters junior new hire hires mentor coach "
              "coaching manual manuals documentation documented wiki handbook guide guides workshop workshops",
        "nl": "inwerken ingewerkt onboarding training trainingen cursus cursussen leren uitleg uitleggen "
              "uitgelegd kennis vaardigheden nieuwkomer nieuwkomers starter starters junior nieuwe collega "
              "mentor coach coaching handleiding handleidingen documentatie gedocumenteerd wiki handboek "
              "instructie instructies workshop workshops",
    },
    "ownership": {
        "en": "owner owners ownership responsible responsibility responsibilities accountable role roles "
              "task tasks who decides mandate manager managers management approve approval approvals "
              "sign-off signoff escalate escalation handover handovers hand-off silo silos",
        "nl": "eigenaar eigenaren eigenaarschap verantwoordelijk verantwoordelijkheid verantwoordelijkheden "
              "aanspreekpunt rol rollen taak taken wie beslist mandaat manager managers leidinggevende "
              "management goedkeuring goedkeuren akkoord fiat escaleren escalatie overdracht overdrachten "
              "eilandjes silo silo's kokers",
    },
    "workload": {
        "en": "workload busy overloaded overtime stress stressed pressure capacity understaffed staff staffing "
              "hours evenings weekends holiday holidays sick absence vacancy vacancies hire hiring "
              "burnout firefighting tired exhausted",
        "nl": "werkdruk druk overbelast overuren stress gestrest drukte capaciteit onderbezet personeel "
              "bezetting uren avonden weekenden vakantie vakanties ziek verzuim vacature vacatures werven "
              "burn-out brandjes blussen moe uitgeput",
    },
    "tools": {
        "en": "tool tools software system systems platform platforms licence licences license integration "
              "integrations api link linked spreadsheet excel login password passwords access account "
              "accounts ticket tickets helpdesk upgrade update migration legacy",
        "nl": "tool tools software systeem systemen platform platforms licentie licenties koppeling "
              "koppelingen api gekoppeld spreadsheet excel inloggen wachtwoord wachtwoorden toegang "
              "account accounts ticket tickets servicedesk upgrade migratie verouderd",
    },
    "hardware": {
        "en": "laptop laptops computer computers screen screens printer printers wifi network headset "
              "headsets phone phones desk desks office offices hardware device devices",
        "nl": "laptop laptops computer computers scherm schermen printer printers wifi netwerk headset "
              "headsets telefoon toestel bureau bureaus kantoor kantoren hardware apparaat apparaten",
    },
    "complaints": {
        "en": "complaint complaints complain complains angry annoyed frustrated unhappy disappointed refund "
              "refunds compensation apology apologise escalated review reviews rating ratings stars "
              "satisfied dissatisfied churn",
        "nl": "klacht klachten klagen klaagt boos geïrriteerd gefrustreerd ontevreden teleurgesteld "
              "terugbetaling vergoeding compensatie excuses escalatie recensie recensies beoordeling "
              "beoordelingen sterren tevreden opzeggen opzeggingen",
    },
    "delivery": {
        "en": "delivery deliveries deliver delivered shipping shipment parcel parcels courier stock "
              "warehouse out-of-stock return returns returned track tracking order orders backorder",
        "nl": "levering leveringen leveren geleverd bezorging bezorgen verzending pakket pakketten koerier "
              "voorraad magazijn uitverkocht retour retouren retourneren track-and-trace bestelling "
              "bestellingen nalevering",
    },
    "sales": {
        "en": "sales lead leads prospect prospects quote quotes quotation proposal pricing price prices "
              "discount discounts deal deals contract contracts pipeline follow-up account-manager upsell "
              "renewal renewals",
        "nl": "verkoop sales lead leads prospect prospects offerte offertes voorstel prijs prijzen prijsstelling "
              "korting kortingen deal deals contract contracten pijplijn opvolging opvolgen accountmanager "
              "verlenging verlengingen",
    },
    "privacy": {
        "en": "privacy gdpr consent cookie cookies personal legal lawyer compliance compliant security "
              "secure breach hack hacked phishing permission permissions encryption",
        "nl": "privacy avg gdpr toestemming cookie cookies persoonsgegevens juridisch jurist compliance "
              "beveiliging veilig datalek hack gehackt phishing rechten autorisatie versleuteling",
    },
    "content": {
        "en": "content blog blogs article articles video videos photo photos image images brochure "
              "brochures whitepaper case campaign campaigns publish published publishing cms page pages "
              "copywriter translation translations translate",
        "nl": "content blog blogs artikel artikelen video video's foto foto's beeld beelden brochure "
              "brochures whitepaper case campagne campagnes publiceren gepubliceerd cms pagina pagina's "
              "copywriter vertaling vertalingen vertalen",
    },
    "product": {
        "en": "product products specification specifications specs feature features technical accuracy "
              "accurate facts fact claim claims datasheet manual engineering lab quality defect defects "
              "bug bugs",
        "nl": "product producten specificatie specificaties specs functie functies functionaliteit technisch "
              "technische nauwkeurig juistheid feiten feit bewering beweringen claims datasheet "
              "lab kwaliteit defect defecten fout fouten bug bugs",
    },
    "collaboration": {
        "en": "together collaborate collaboration cooperation cooperate colleague colleagues department "
              "departments understand understanding respect blame us-versus-them culture distrust "
              "misunderstanding misunderstandings conflict conflicts",
        "nl": "samen samenwerken samenwerking collega collega's afdeling afdelingen begrijpen begrip respect "
              "schuld wij-zij cultuur wantrouwen misverstand misverstanden conflict conflicten",
    },
    "strategy": {
        "en": "strategy strategic vision mission purpose values value promise promises brand positioning "
              "direction ambition roadmap plan plans long-term",
        "nl": "strategie strategisch visie missie bestaansrecht waarden waarde belofte beloftes merk "
              "positionering richting ambitie roadmap plan plannen lange-termijn",
    },
    "automation": {
        "en": "automation automate automated automatic manual manually copy-paste chatbot bot ai "
              "artificial intelligence script scripts workflow workflows",
        "nl": "automatisering automatiseren geautomatiseerd automatisch handmatig handwerk knippen plakken "
              "chatbot bot ai kunstmatige intelligentie script scripts workflow workflows",
    },
    "remote": {
        "en": "remote home hybrid office commute travel travelling location locations abroad "
              "international timezone",
        "nl": "thuiswerken thuis hybride kantoor reistijd reizen locatie locaties vestiging vestigingen "
              "buitenland internationaal tijdzone",
    },
}
