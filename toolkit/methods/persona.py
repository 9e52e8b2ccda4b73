"""Brand persona and tone of voice: the agreed persona, the tone profile and the tone checker."""
from __future__ import annotations

import functools
import re
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.core.errors import ValidationError
from toolkit.core.i18n import check_language, role_label, translate
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot

WORKSHOP_ID = "brand-persona"
CARD_PHASE = "card"
TRAITS_PHASE = "traits"
TONE_PHASE = "tone"
REWRITE_PHASE = "rewrite"
WRAP_UP_PHASE = "wrap-up"

#: The note prompts of the traits phase, in the order the persona card shows them.
CATEGORIES: tuple[str, ...] = ("trait", "we_are", "we_are_not", "words_use", "words_avoid", "jargon")
#: Categories whose notes hold words or phrases (a note may list several, separated by commas).
WORD_CATEGORIES: frozenset[str] = frozenset({"words_use", "words_avoid", "jargon"})
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "trait": {"nl": "Kenmerk", "en": "Trait"},
    "we_are": {"nl": "Wij zijn", "en": "We are"},
    "we_are_not": {"nl": "Wij zijn niet", "en": "We are not"},
    "words_use": {"nl": "Woorden die we gebruiken", "en": "Words we use"},
    "words_avoid": {"nl": "Woorden die we vermijden", "en": "Words we avoid"},
    "jargon": {"nl": "Vakjargon", "en": "Specialist terms"},
}

DIMENSIONS: tuple[str, ...] = (
    "funny_serious", "formal_casual", "respectful_irreverent", "enthusiastic_matter_of_fact",
)
#: The two poles of each tone dimension: a score at the low end of the scale means the first.
DIMENSION_POLES: dict[str, dict[str, tuple[str, str]]] = {
    "funny_serious": {"nl": ("grappig", "serieus"), "en": ("funny", "serious")},
    "formal_casual": {"nl": ("formeel", "informeel"), "en": ("formal", "casual")},
    "respectful_irreverent": {"nl": ("respectvol", "eigenwijs"), "en": ("respectful", "irreverent")},
    "enthusiastic_matter_of_fact": {"nl": ("enthousiast", "zakelijk"), "en": ("enthusiastic", "matter-of-fact")},
}

# The readability formula for a text in each language (Flesch-Douma is Flesch adapted to Dutch).
_FORMULAS = {"readability": {"nl": "Flesch-Douma", "en": "Flesch"}}

READABILITY_TARGET = 60.0
SENTENCE_LENGTH_TARGET = 20.0
LONG_SENTENCE_WORDS = 25

_FORMAL_WORDS = frozenset({"u", "uw", "uwe", "uzelf"})
_INFORMAL_WORDS = frozenset({"je", "jij", "jou", "jouw", "jouwe", "jullie", "jezelf"})
_STOPWORDS = {
    "nl": frozenset({
        "de", "het", "een", "en", "van", "dat", "op", "te", "je", "u", "uw", "wij", "ik", "niet", "met", "voor",
        "zijn", "er", "maar", "om", "ook", "als", "bij", "aan", "dan", "nog", "wat", "jullie", "deze", "die",
        "naar", "heeft", "hebben", "kunnen", "wordt", "worden", "ons", "onze", "jij", "hoe", "waar", "wel",
        "geen", "ze", "zij",
    }),
    "en": frozenset({
        "the", "a", "an", "and", "to", "that", "on", "you", "your", "i", "not", "with", "for", "are", "be",
        "it", "this", "but", "at", "or", "if", "our", "us", "have", "has", "will", "can", "were", "from", "by",
        "please", "thanks", "what", "how", "where", "they", "their", "there", "would", "could", "should",
    }),
}
_ABBREVIATIONS = frozenset({
    "bijv", "bv", "o.a", "d.w.z", "m.b.t", "i.p.v", "t.a.v", "z.s.m", "ca", "nr", "incl", "excl", "evt",
    "dhr", "mevr", "mr", "mrs", "ms", "dr", "vs", "e.g", "i.e", "approx", "no",
})
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_GLOSSARY_SPLIT = re.compile(r"\s*(?::|\s[-–—=]\s)\s*")
_TERM_SPLIT = re.compile(r"[,;\n]+")


# --------------------------------------------------------------------------- persona


@dataclass(frozen=True)
class Persona:
    """The brand persona a session agreed on.

    Attributes
    ----------
    name, story
        From the persona card with the most votes (else the latest card).
    address
        ``"u"`` (formal) or ``"je"`` (informal) for Dutch texts, ``None`` when not chosen.
    traits, we_are, we_are_not, words_use, words_avoid, jargon
        The chosen notes of each kind; words and jargon are single terms.
    glossary
        ``(term, explanation)`` for the jargon notes that came with an explanation.
    """

    name: str = ""
    story: str = ""
    address: str | None = None
    traits: tuple[str, ...] = ()
    we_are: tuple[str, ...] = ()
    we_are_not: tuple[str, ...] = ()
    words_use: tuple[str, ...] = ()
    words_avoid: tuple[str, ...] = ()
    jargon: tuple[str, ...] = ()
    glossary: tuple[tuple[str, str], ...] = ()


def _votes_per_contribution(snapshot: Snapshot) -> dict[int, int]:
    votes = snapshot.votes
    if votes.empty:
        return {}
    totals = votes.groupby("contribution_id")["points"].sum()
    return {int(cid): int(points) for cid, points in totals.items()}


def trait_votes(snapshot: Snapshot, min_share: float = 0.5) -> pd.DataFrame:
    """Every note of the traits phase with its points and whether it made the persona.

    A kind of note (trait, we are, ...) that received votes keeps the notes with at least
    ``min_share`` of the points of its most-voted note (and at least one point); a kind without
    any votes keeps all its notes.

    Parameters
    ----------
    snapshot
        A brand-persona session.
    min_share
        Share of the leader's points a note needs to be chosen.

    Returns
    -------
    DataFrame
        ``id, category, text, points, chosen``, ordered by category, then points (descending),
        then the order of writing.
    """
    import pandas as pd

    notes = snapshot.of_kind("note", TRAITS_PHASE)
    columns = ["id", "category", "text", "points", "chosen"]
    if notes.empty:
        return pd.DataFrame(columns=columns)
    points = _votes_per_contribution(snapshot)
    prompts = notes["prompt"] if "prompt" in notes.columns else pd.Series("trait", index=notes.index)
    table = pd.DataFrame({
        "id": notes["id"].astype(int),
        "category": [p if p in CATEGORIES else "trait" for p in prompts.fillna("trait")],
        "text": [str(t).strip() for t in notes["text"]],
    })
    table = table[table["text"] != ""]
    table["points"] = [points.get(int(i), 0) for i in table["id"]]
    top = table.groupby("category")["points"].transform("max")
    table["chosen"] = (top == 0) | ((table["points"] >= 1) & (table["points"] >= min_share * top))
    table["order"] = [CATEGORIES.index(c) for c in table["category"]]
    table = table.sort_values(["order", "points", "id"], ascending=[True, False, True], kind="stable")
    return table.drop(columns="order").reset_index(drop=True)


def _clean_term(term: str) -> str:
    return term.strip().strip("\"'“”‘’.!?").strip()


def _split_terms(text: str) -> list[str]:
    return [t for t in (_clean_term(part) for part in _TERM_SPLIT.split(text)) if t]


def _unique(items: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return tuple(kept)


def _chosen_card(snapshot: Snapshot) -> dict:
    cards = snapshot.of_kind("form", CARD_PHASE)
    if cards.empty:
        return {}
    points = _votes_per_contribution(snapshot)
    ranked = sorted(
        (dict(payload) | {"_points": points.get(int(cid), 0), "_id": int(cid)}
         for cid, payload in zip(cards["id"], cards["payload"], strict=True)),
        key=lambda card: (card["_points"], card["_id"]),
    )
    return ranked[-1]


def agreed_persona(snapshot: Snapshot, min_share: float = 0.5) -> Persona:
    """The persona a session agreed on.

    Parameters
    ----------
    snapshot
        A brand-persona session.
    min_share
        See :func:`trait_votes`.

    Returns
    -------
    Persona
        Name, story and address from the card with the most votes (ties and no votes: the latest
        card); each kind of note as chosen by :func:`trait_votes`. An empty session gives an empty
        persona.
    """
    card = _chosen_card(snapshot)
    address = card.get("address")
    chosen = trait_votes(snapshot, min_share)
    chosen = chosen[chosen["chosen"]] if not chosen.empty else chosen
    groups: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    glossary: list[tuple[str, str]] = []
    for category, text in zip(chosen.get("category", []), chosen.get("text", []), strict=True):
        if category == "jargon":
            term, explanation = _split_glossary(text)
            if term:
                groups["jargon"].append(term)
                if explanation:
                    glossary.append((term, explanation))
        elif category in WORD_CATEGORIES:
            groups[category].extend(_split_terms(text))
        else:
            groups[category].append(text)
    return Persona(
        name=str(card.get("name") or "").strip(),
        story=str(card.get("story") or "").strip(),
        address=address if address in ("u", "je") else None,
        traits=_unique(groups["trait"]),
        we_are=_unique(groups["we_are"]),
        we_are_not=_unique(groups["we_are_not"]),
        words_use=_unique(groups["words_use"]),
        words_avoid=_unique(groups["words_avoid"]),
        jargon=_unique(groups["jargon"]),
        glossary=tuple(glossary),
    )


def _split_glossary(text: str) -> tuple[str, str]:
    """``"vastrecht: het vaste bedrag"`` -> ``("vastrecht", "het vaste bedrag")``."""
    parts = _GLOSSARY_SPLIT.split(text, maxsplit=1)
    return _clean_term(parts[0]), parts[1].strip() if len(parts) > 1 else ""


# --------------------------------------------------------------------------- tone profile


@dataclass(frozen=True)
class ToneProfile:
    """How the persona should sound per situation, and how far the disciplines agree.

    Attributes
    ----------
    situations
        Situation ids in list order (only those that were rated).
    situation_labels
        ``{situation id: {"nl": label, "en": label}}``.
    dimensions
        Dimension ids in definition order.
    low, high
        The ends of the scale (a low score means the first pole).
    overall
        ``situation, dimension, n, median, q1, q3, iqr``: all scores together.
    by_role
        ``situation, dimension, role, n, median, iqr, std``: the scores of each discipline.
    disagreement
        ``situation, dimension, roles, spread, low_role, low_median, high_role, high_median``:
        ``spread`` is the highest minus the lowest median of the disciplines, largest first.
    raters
        Number of people who gave at least one score.
    """

    situations: tuple[str, ...]
    situation_labels: dict[str, dict[str, str]]
    dimensions: tuple[str, ...]
    low: int
    high: int
    overall: pd.DataFrame
    by_role: pd.DataFrame
    disagreement: pd.DataFrame
    raters: int = 0

    def situation_label(self, situation: str, lang: str) -> str:
        """The label of ``situation`` in ``lang`` (its id when unknown)."""
        if situation not in self.situation_labels:
            return situation
        return translate(self.situation_labels, situation, lang)


def dimension_poles(dimension: str, lang: str) -> tuple[str, str]:
    """The two poles of a tone dimension in ``lang``, e.g. ``("grappig", "serieus")``."""
    poles = DIMENSION_POLES.get(dimension)
    if poles is None:
        first, _, second = dimension.partition("_")
        return first, second or first
    return translate(DIMENSION_POLES, dimension, lang)


def _situation_labels(snapshot: Snapshot) -> tuple[list[str], dict[str, dict[str, str]]]:
    from toolkit.core.definitions import get_workshop

    try:
        defined = {o.id: o.label for o in get_workshop(WORKSHOP_ID).lists.get("situations", ())}
    except Exception:
        defined = {}
    session_items = snapshot.lists.get("situations") or [(k, v(snapshot.language)) for k, v in defined.items()]
    labels: dict[str, dict[str, str]] = {}
    for item_id, label in session_items:
        text = defined.get(item_id)
        if text is not None and text(snapshot.language) == label:
            labels[item_id] = {"nl": text.nl, "en": text.en}
        else:
            labels[item_id] = {"nl": label, "en": label}
    return [item_id for item_id, _ in session_items], labels


def _quartiles(scores: list[float]) -> tuple[float, float]:
    if len(scores) < 2:
        return scores[0], scores[0]
    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return q1, q3


def tone_profile(snapshot: Snapshot) -> ToneProfile:
    """The tone profile of a session: medians per situation and dimension, and the spread by role.

    Parameters
    ----------
    snapshot
        A brand-persona session.

    Returns
    -------
    ToneProfile
        With empty tables when nobody rated yet. Quartiles use the inclusive method (for
        scores 1, 2, 4, 5: q1 = 1.75, q3 = 4.25).
    """
    import pandas as pd

    ratings = snapshot.ratings(TONE_PHASE)
    order, labels = _situation_labels(snapshot)
    for row in ratings["row"].astype(str).unique() if not ratings.empty else []:
        if row not in labels:
            order.append(row)
            labels[row] = {"nl": row, "en": row}
    low, high = 1, 5
    overall_rows, role_rows, gap_rows = [], [], []
    extra_dimensions = sorted(set(ratings["dimension"]) - set(DIMENSIONS)) if not ratings.empty else []
    dimensions = list(DIMENSIONS) + extra_dimensions
    for situation in order:
        for dimension in dimensions:
            cell = ratings[(ratings["row"].astype(str) == situation) & (ratings["dimension"] == dimension)]
            if cell.empty:
                continue
            scores = sorted(cell["score"].astype(float))
            q1, q3 = _quartiles(scores)
            overall_rows.append((situation, dimension, len(scores), statistics.median(scores), q1, q3, q3 - q1))
            medians = []
            for role, group in cell.groupby("role", sort=False):
                values = sorted(group["score"].astype(float))
                r1, r3 = _quartiles(values)
                std = statistics.pstdev(values) if len(values) > 1 else 0.0
                median = statistics.median(values)
                role_rows.append((situation, dimension, role, len(values), median, r3 - r1, std))
                medians.append((median, role))
            lowest, highest = min(medians), max(medians)
            gap_rows.append((situation, dimension, len(medians), highest[0] - lowest[0],
                             lowest[1], lowest[0], highest[1], highest[0]))
    overall = pd.DataFrame(overall_rows, columns=["situation", "dimension", "n", "median", "q1", "q3", "iqr"])
    by_role = pd.DataFrame(role_rows, columns=["situation", "dimension", "role", "n", "median", "iqr", "std"])
    disagreement = pd.DataFrame(gap_rows, columns=[
        "situation", "dimension", "roles", "spread", "low_role", "low_median", "high_role", "high_median",
    ]).sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)
    rated = [s for s in order if s in set(overall["situation"])]
    return ToneProfile(
        situations=tuple(rated), situation_labels=labels,
        dimensions=tuple(d for d in dimensions if d in set(overall["dimension"])),
        low=low, high=high, overall=overall, by_role=by_role, disagreement=disagreement,
        raters=int(ratings["participant_id"].nunique()) if not ratings.empty else 0,
    )


# --------------------------------------------------------------------------- tone checker


@dataclass(frozen=True)
class WordHit:
    """One place where a persona term occurs in a text.

    ``start`` and ``end`` are character offsets into the checked text (``text[start:end] == found``).
    """

    term: str
    found: str
    start: int
    end: int


@dataclass(frozen=True)
class ToneReport:
    """How well a text fits the persona.

    Attributes
    ----------
    language, language_detected
        The text's language (``nl`` or ``en``) and whether it was detected rather than given.
    report_language
        The language of ``reasons``.
    sentences, words, syllables
        Counts; syllables are pyphen hyphenation points plus one per word part.
    readability, readability_formula
        Flesch-Douma (Dutch) or Flesch reading ease (English); ``None`` without words.
    avg_sentence_length, avg_word_length
        Words per sentence and letters per word.
    long_sentences
        Sentences with more than 25 words.
    avoid_found, jargon_found, preferred_found
        Where the persona's words to avoid, its jargon and its preferred words occur.
    formal_count, informal_count
        Dutch "u" forms (u, uw) and "je" forms (je, jij, jou, jouw, jullie).
    address_used
        ``"u"``, ``"je"``, ``"mixed"`` or ``None`` (Dutch only).
    address_issue
        ``"mixed"`` (both forms), ``"mismatch"`` (only the form the persona does not use) or ``None``.
    score, reasons
        Fit with the persona from 0 to 100, and plain sentences explaining it.
    """

    language: str
    language_detected: bool
    report_language: str
    sentences: int
    words: int
    syllables: int
    readability: float | None
    readability_formula: str
    avg_sentence_length: float
    avg_word_length: float
    long_sentences: int
    avoid_found: tuple[WordHit, ...]
    jargon_found: tuple[WordHit, ...]
    preferred_found: tuple[WordHit, ...]
    formal_count: int
    informal_count: int
    address_used: str | None
    address_issue: str | None
    score: int
    reasons: tuple[str, ...] = field(default=())


def detect_language(text: str) -> str:
    """``"nl"`` or ``"en"`` by counting common words of each language (ties: ``"nl"``)."""
    words = [w.lower() for w in _WORD.findall(text)]
    nl = sum(w in _STOPWORDS["nl"] for w in words)
    en = sum(w in _STOPWORDS["en"] for w in words)
    return "en" if en > nl else "nl"


@functools.lru_cache(maxsize=8)
def _hyphenator(lang: str):
    import pyphen

    return pyphen.Pyphen(lang="nl_NL" if lang == "nl" else "en_US")


@functools.lru_cache(maxsize=50_000)
def word_syllables(word: str, lang: str) -> int:
    """Syllables of one word: pyphen's hyphenation points plus one, summed over its parts.

    Parts are split at hyphens and apostrophes; a part without a vowel (the "s" of "auto's",
    a number) adds nothing, and every word counts at least one syllable. Parts longer than 60
    letters count their vowel groups instead (pyphen is slow on nonsense strings).
    """
    total = 0
    for part in re.split(r"[-'’]", word.lower()):
        if not _VOWELS.search(part):
            continue
        if len(part) > 60:
            total += len(re.findall(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", part))
        else:
            total += len(_hyphenator(lang).positions(part)) + 1
    return max(1, total)


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``: ends at ``.``, ``!``, ``?`` or ``…`` before a space, and at line breaks.

    A full stop after a known abbreviation (bijv., o.a., e.g., ...) does not end a sentence.
    Pieces without a word are dropped.
    """
    sentences = []
    for line in text.splitlines():
        start = 0
        for match in _SENTENCE_END.finditer(line):
            before = line[start:match.start()].split()
            last = before[-1].lower().lstrip("([\"'") if before else ""
            if match.group().startswith(".") and len(match.group()) == 1 and last.rstrip(".") in _ABBREVIATIONS:
                continue
            sentences.append(line[start:match.end()])
            start = match.end()
        sentences.append(line[start:])
    return [s.strip() for s in sentences if _WORD.search(s)]


def _term_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    longest_first = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(w) for w in t.split()) for t in longest_first]
    if not parts:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])", re.IGNORECASE)


def find_terms(text: str, terms: tuple[str, ...]) -> tuple[WordHit, ...]:
    """Whole-word, case-insensitive occurrences of ``terms`` in ``text``, in text order."""
    pattern = _term_pattern(terms)
    if pattern is None:
        return ()
    by_key = {" ".join(t.split()).casefold(): t for t in terms}
    return tuple(
        WordHit(by_key.get(" ".join(m.group().split()).casefold(), m.group()), m.group(), m.start(), m.end())
        for m in pattern.finditer(text)
    )


def readability_score(words: int, sentences: int, syllables: int, lang: str) -> float | None:
    """Flesch-Douma (``nl``) or Flesch reading ease (``en``); ``None`` without words.

    Flesch-Douma: ``206.84 - 0.77 * syllables per 100 words - 0.93 * words per sentence``.
    Flesch: ``206.835 - 1.015 * words per sentence - 84.6 * syllables per word``.
    """
    if words == 0 or sentences == 0:
        return None
    if lang == "nl":
        return 206.84 - 0.77 * (100.0 * syllables / words) - 0.93 * (words / sentences)
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


_REASONS: dict[str, dict[str, str]] = {
    "readable": {
        "nl": "De tekst is goed leesbaar ({formula} {score}; 60 of hoger is makkelijk).",
        "en": "The text is easy to read ({formula} {score}; 60 or more is easy).",
    },
    "hard": {
        "nl": "De tekst is lastig te lezen ({formula} {score}). Streef naar 60 of hoger met kortere zinnen en woorden.",
        "en": "The text is hard to read ({formula} {score}). Aim for 60 or more with shorter sentences and words.",
    },
    "short_sentences": {
        "nl": "De zinnen zijn gemiddeld {avg} woorden lang, dat is prettig kort.",
        "en": "Sentences average {avg} words, which is pleasantly short.",
    },
    "long_sentences": {
        "nl": "De zinnen zijn gemiddeld {avg} woorden lang. Houd het bij 20 woorden of minder.",
        "en": "Sentences average {avg} words. Keep them to 20 words or fewer.",
    },
    "avoid": {
        "nl": "Woorden die we vermijden: {terms}.",
        "en": "Words we avoid: {terms}.",
    },
    "jargon": {
        "nl": "Vakjargon dat klanten misschien niet kennen: {terms}. Leg het uit of kies een gewoon woord.",
        "en": "Specialist terms customers may not know: {terms}. Explain them or choose a plain word.",
    },
    "mixed": {
        "nl": "De tekst wisselt tussen u ({formal}x) en je ({informal}x). Kies er één; de persona zegt {address}.",
        "en": "The text switches between u ({formal}x) and je ({informal}x). Pick one; the persona says {address}.",
    },
    "mixed_free": {
        "nl": "De tekst wisselt tussen u ({formal}x) en je ({informal}x). Kies er één.",
        "en": "The text switches between u ({formal}x) and je ({informal}x). Pick one.",
    },
    "mismatch": {
        "nl": "De tekst spreekt de lezer aan met {used}, maar de persona zegt {address}.",
        "en": "The text addresses the reader with {used}, but the persona says {address}.",
    },
    "address_ok": {
        "nl": "De aanspreekvorm ({address}) past bij de persona.",
        "en": "The form of address ({address}) matches the persona.",
    },
    "preferred": {
        "nl": "Goed: je gebruikt woorden van de persona ({terms}).",
        "en": "Good: you use the persona's words ({terms}).",
    },
    "no_words": {
        "nl": "De tekst bevat geen woorden om te beoordelen.",
        "en": "The text contains no words to assess.",
    },
}


def format_number(value: float, lang: str, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and the decimal sign of ``lang`` (a comma in Dutch)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def _reason(key: str, lang: str, **params: object) -> str:
    return translate(_REASONS, key, lang, **params)


def _listed(hits: tuple[WordHit, ...], limit: int = 8) -> str:
    terms = list(dict.fromkeys(hit.term for hit in hits))
    shown = ", ".join(f"'{t}'" for t in terms[:limit])
    return shown + (f" (+{len(terms) - limit})" if len(terms) > limit else "")


def check_tone(text: str, persona: Persona, lang: str | None = None, report_lang: str | None = None) -> ToneReport:
    """Score a text against the persona.

    The text is read as plain text (HTML tags count as words). The score starts at 100 and
    loses: half a point per readability point below 60 (at most 30); one point per word that
    the average sentence is longer than 20 (at most 15); 10 per distinct word to avoid (at most
    40); 5 per distinct jargon term (at most 20); in Dutch 20 when only the other form of address
    is used, 15 when "u" and "je" are mixed. The result is rounded and kept within 0-100.

    Parameters
    ----------
    text
        Any text, up to hundreds of thousands of characters.
    persona
        The persona to check against.
    lang
        ``"nl"`` or ``"en"``; detected from common words when ``None``.
    report_lang
        Language of the reasons; the text's language when ``None``.

    Returns
    -------
    ToneReport

    Raises
    ------
    ValidationError
        ``text_empty`` when the text is empty or only white space, ``wrong_type`` when it is not
        a string, ``language_invalid`` for an unknown language.
    """
    if lang is not None:
        check_language(lang)
    if report_lang is not None:
        check_language(report_lang)
    message_lang = report_lang or lang or "nl"
    if not isinstance(text, str):
        raise ValidationError("wrong_type", message_lang, field="text")
    if not text.strip():
        raise ValidationError("text_empty", message_lang)
    language = lang or detect_language(text)
    out_lang = report_lang or language

    sentence_list = split_sentences(text)
    word_list = _WORD.findall(text)
    words = len(word_list)
    sentences = len(sentence_list)
    syllables = sum(word_syllables(w, language) for w in word_list)
    readability = readability_score(words, sentences, syllables, language)
    formula = translate(_FORMULAS, "readability", language)
    avg_sentence = words / sentences if sentences else 0.0
    avg_word = sum(len(w) for w in word_list) / words if words else 0.0
    long_sentences = sum(len(_WORD.findall(s)) > LONG_SENTENCE_WORDS for s in sentence_list)

    avoid = find_terms(text, persona.words_avoid)
    jargon = find_terms(text, persona.jargon)
    preferred = find_terms(text, persona.words_use)

    lowered = [w.lower() for w in word_list] if language == "nl" else []
    formal = sum(w in _FORMAL_WORDS for w in lowered)
    informal = sum(w in _INFORMAL_WORDS for w in lowered)
    used = "mixed" if formal and informal else "u" if formal else "je" if informal else None
    issue = None
    if used == "mixed":
        issue = "mixed"
    elif used and persona.address and used != persona.address:
        issue = "mismatch"

    penalty = 0.0
    reasons: list[str] = []
    if readability is None:
        penalty = 100.0
        reasons.append(_reason("no_words", out_lang))
    elif readability >= READABILITY_TARGET:
        reasons.append(_reason("readable", out_lang, formula=formula, score=format_number(readability, out_lang, 0)))
    else:
        penalty += min(30.0, (READABILITY_TARGET - readability) / 2)
        reasons.append(_reason("hard", out_lang, formula=formula, score=format_number(readability, out_lang, 0)))
    if sentences:
        if avg_sentence > SENTENCE_LENGTH_TARGET:
            penalty += min(15.0, avg_sentence - SENTENCE_LENGTH_TARGET)
            reasons.append(_reason("long_sentences", out_lang, avg=format_number(avg_sentence, out_lang)))
        else:
            reasons.append(_reason("short_sentences", out_lang, avg=format_number(avg_sentence, out_lang)))
    if avoid:
        penalty += min(40, 10 * len({h.term.casefold() for h in avoid}))
        reasons.append(_reason("avoid", out_lang, terms=_listed(avoid)))
    if jargon:
        penalty += min(20, 5 * len({h.term.casefold() for h in jargon}))
        reasons.append(_reason("jargon", out_lang, terms=_listed(jargon)))
    if issue == "mixed":
        penalty += 15
        key = "mixed" if persona.address else "mixed_free"
        reasons.append(_reason(key, out_lang, formal=formal, informal=informal, address=persona.address))
    elif issue == "mismatch":
        penalty += 20
        reasons.append(_reason("mismatch", out_lang, used=used, address=persona.address))
    elif used and persona.address:
        reasons.append(_reason("address_ok", out_lang, address=used))
    if preferred:
        reasons.append(_reason("preferred", out_lang, terms=_listed(preferred)))

    return ToneReport(
        language=language, language_detected=lang is None, report_language=out_lang,
        sentences=sentences, words=words, syllables=syllables,
        readability=readability, readability_formula=formula,
        avg_sentence_length=avg_sentence, avg_word_length=avg_word, long_sentences=long_sentences,
        avoid_found=avoid, jargon_found=jargon, preferred_found=preferred,
        formal_count=formal, informal_count=informal, address_used=used, address_issue=issue,
        score=int(max(0, min(100, round(100 - penalty)))), reasons=tuple(reasons),
    )


# --------------------------------------------------------------------------- report

_TEXT: dict[str, dict[str, str]] = {
    "persona_title": {"nl": "Brand persona: {name}", "en": "Brand persona: {name}"},
    "persona_title_empty": {"nl": "Brand persona", "en": "Brand persona"},
    "persona_takeaway": {
        "nl": "{name} is de stem van het merk: {traits}. Klanten worden aangesproken met '{address}'.",
        "en": "{name} is the voice of the brand: {traits}. Customers are addressed with '{address}'.",
    },
    "persona_takeaway_free": {
        "nl": "{name} is de stem van het merk: {traits}. De aanspreekvorm is nog niet gekozen.",
        "en": "{name} is the voice of the brand: {traits}. The form of address is not chosen yet.",
    },
    "persona_empty": {
        "nl": "Er is nog geen persona-kaart ingevuld.",
        "en": "No persona card has been filled in yet.",
    },
    "no_traits": {"nl": "nog zonder kenmerken", "en": "no traits yet"},
    "unnamed": {"nl": "De persona", "en": "The persona"},
    "tone_title": {"nl": "Toon per situatie", "en": "Tone per situation"},
    "tone_takeaway": {
        "nl": "Het meest {pole} klinken we bij '{situation}' (mediaan {median} op {dimension}). "
              "{raters} mensen gaven scores.",
        "en": "We sound most {pole} for '{situation}' (median {median} on {dimension}). {raters} people gave scores.",
    },
    "tone_empty": {"nl": "Er zijn nog geen toonscores gegeven.", "en": "No tone scores have been given yet."},
    "spread_title": {"nl": "Verschillen tussen disciplines", "en": "Differences between disciplines"},
    "spread_takeaway": {
        "nl": "Het grootste verschil zit bij '{situation}' op {dimension}: {low_role} zit op {low}, "
              "{high_role} op {high}. Bespreek dit voordat de persona live gaat.",
        "en": "The largest difference is for '{situation}' on {dimension}: {low_role} is at {low}, "
              "{high_role} at {high}. Discuss this before the persona goes live.",
    },
    "spread_none": {
        "nl": "De disciplines zitten op één lijn, of er heeft maar één discipline gescoord.",
        "en": "The disciplines agree, or only one discipline gave scores.",
    },
    "replies_title": {"nl": "Voorbeeldantwoorden", "en": "Sample replies"},
    "replies_takeaway": {
        "nl": "De herschreven antwoorden scoren gemiddeld {after:.0f} op de toonchecker, "
              "tegen {before:.0f} voor de originelen.",
        "en": "The rewritten replies score {after:.0f} on average on the tone checker, "
              "against {before:.0f} for the originals.",
    },
    "replies_empty": {"nl": "Er zijn nog geen antwoorden herschreven.", "en": "No replies have been rewritten yet."},
    "col_part": {"nl": "Onderdeel", "en": "Part"},
    "col_content": {"nl": "Inhoud", "en": "Content"},
    "col_kind": {"nl": "Soort", "en": "Kind"},
    "col_note": {"nl": "Briefje", "en": "Note"},
    "col_points": {"nl": "Stippen", "en": "Dots"},
    "col_chosen": {"nl": "Gekozen", "en": "Chosen"},
    "col_situation": {"nl": "Situatie", "en": "Situation"},
    "col_dimension": {"nl": "Dimensie", "en": "Dimension"},
    "col_role": {"nl": "Discipline", "en": "Discipline"},
    "col_median": {"nl": "Mediaan", "en": "Median"},
    "col_iqr": {"nl": "Interkwartielafstand", "en": "Interquartile range"},
    "col_n": {"nl": "Aantal", "en": "Count"},
    "col_spread": {"nl": "Verschil tussen disciplines", "en": "Difference between disciplines"},
    "col_original": {"nl": "Origineel", "en": "Original"},
    "col_rewrite": {"nl": "Herschreven", "en": "Rewritten"},
    "col_score_before": {"nl": "Score origineel", "en": "Score original"},
    "col_score_after": {"nl": "Score herschreven", "en": "Score rewritten"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "name": {"nl": "Naam", "en": "Name"},
    "story": {"nl": "Verhaal", "en": "Story"},
    "address": {"nl": "Aanspreekvorm", "en": "Form of address"},
    "table_persona": {"nl": "Persona", "en": "Persona"},
    "table_votes": {"nl": "Stemmen op kenmerken", "en": "Votes on traits"},
    "table_tone": {"nl": "Toon (mediaan)", "en": "Tone (median)"},
    "table_spread": {"nl": "Toon per discipline", "en": "Tone by discipline"},
    "table_replies": {"nl": "Voorbeeldantwoorden", "en": "Sample replies"},
}


def _g(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


def _t(key: str, lang: str, **params: object) -> str:
    return translate(_TEXT, key, lang, **params)


def dimension_label(dimension: str, lang: str) -> str:
    """A dimension as its two poles, e.g. ``"grappig – serieus"``."""
    first, second = dimension_poles(dimension, lang)
    return f"{first} – {second}"


def _persona_section(snapshot: Snapshot, persona: Persona, lang: str) -> ReportSection:
    import pandas as pd

    if not persona.name and not persona.traits:
        return ReportSection(title=_t("persona_title_empty", lang), takeaway=_t("persona_empty", lang))
    name = persona.name or _t("unnamed", lang)
    traits = ", ".join(t.lower() for t in persona.traits) or _t("no_traits", lang)
    from toolkit.core.definitions import get_workshop
    from toolkit.core.views import option_label

    key = "persona_takeaway" if persona.address else "persona_takeaway_free"
    address = ""
    if persona.address:
        address = option_label(get_workshop(WORKSHOP_ID), "card", "address", persona.address, lang)
    rows = [(_t("name", lang), persona.name), (_t("story", lang), persona.story),
            (_t("address", lang), address)]
    for category, values in (("trait", persona.traits), ("we_are", persona.we_are), ("we_are_not", persona.we_are_not),
                             ("words_use", persona.words_use), ("words_avoid", persona.words_avoid),
                             ("jargon", persona.jargon)):
        rows.append((translate(CATEGORY_LABELS, category, lang), ", ".join(values)))
    votes = trait_votes(snapshot)
    vote_table = pd.DataFrame({
        _t("col_kind", lang): [translate(CATEGORY_LABELS, c, lang) for c in votes["category"]],
        _t("col_note", lang): list(votes["text"]),
        _t("col_points", lang): list(votes["points"]),
        _t("col_chosen", lang): [_t("yes" if c else "no", lang) for c in votes["chosen"]],
    })

    def figure():
        from toolkit.charts.persona import persona_card

        return persona_card(persona, lang)

    return ReportSection(
        title=_t("persona_title", lang, name=name),
        takeaway=_t(key, lang, name=name, traits=traits, address=persona.address),
        figure=figure,
        tables={_t("table_persona", lang): pd.DataFrame(rows, columns=[_t("col_part", lang), _t("col_content", lang)]),
                _t("table_votes", lang): vote_table},
    )


def _tone_sections(profile: ToneProfile, lang: str) -> list[ReportSection]:
    import pandas as pd

    if profile.overall.empty:
        return [ReportSection(title=_t("tone_title", lang), takeaway=_t("tone_empty", lang))]
    overall = profile.overall
    centre = (profile.low + profile.high) / 2
    extreme = overall.loc[(overall["median"] - centre).abs().idxmax()]
    poles = dimension_poles(extreme["dimension"], lang)
    pole = poles[0] if extreme["median"] < centre else poles[1]
    tone_table = pd.DataFrame({
        _t("col_situation", lang): [profile.situation_label(s, lang) for s in overall["situation"]],
        _t("col_dimension", lang): [dimension_label(d, lang) for d in overall["dimension"]],
        _t("col_median", lang): list(overall["median"]),
        _t("col_iqr", lang): list(overall["iqr"]),
        _t("col_n", lang): list(overall["n"]),
    })

    def profile_figure():
        from toolkit.charts.persona import tone_profile_chart

        return tone_profile_chart(profile, lang)

    def spread_figure():
        from toolkit.charts.persona import tone_spread_chart

        return tone_spread_chart(profile, lang)

    tone = ReportSection(
        title=_t("tone_title", lang),
        takeaway=_t("tone_takeaway", lang, pole=pole, situation=profile.situation_label(extreme["situation"], lang),
                    median=_g(float(extreme["median"]), lang), dimension=dimension_label(extreme["dimension"], lang),
                    raters=profile.raters),
        figure=profile_figure, tables={_t("table_tone", lang): tone_table},
    )
    top = profile.disagreement.iloc[0]
    if top["spread"] > 0:
        spread_text = _t("spread_takeaway", lang, situation=profile.situation_label(top["situation"], lang),
                         dimension=dimension_label(top["dimension"], lang),
                         low_role=role_label(top["low_role"], lang), low=_g(float(top["low_median"]), lang),
                         high_role=role_label(top["high_role"], lang), high=_g(float(top["high_median"]), lang))
    else:
        spread_text = _t("spread_none", lang)
    by_role = profile.by_role
    spread_table = pd.DataFrame({
        _t("col_situation", lang): [profile.situation_label(s, lang) for s in by_role["situation"]],
        _t("col_dimension", lang): [dimension_label(d, lang) for d in by_role["dimension"]],
        _t("col_role", lang): [role_label(r, lang) for r in by_role["role"]],
        _t("col_median", lang): list(by_role["median"]),
        _t("col_iqr", lang): list(by_role["iqr"]),
        _t("col_n", lang): list(by_role["n"]),
    })
    spread = ReportSection(title=_t("spread_title", lang), takeaway=spread_text, figure=spread_figure,
                           tables={_t("table_spread", lang): spread_table})
    return [tone, spread]


def _replies_section(snapshot: Snapshot, persona: Persona, lang: str, actions: tuple[str, ...]) -> ReportSection:
    import pandas as pd

    forms = snapshot.of_kind("form", REWRITE_PHASE)
    labels = dict(snapshot.lists.get("situations", []))
    rows = []
    for payload in ([] if forms.empty else forms["payload"]):
        original, rewrite = str(payload.get("original") or ""), str(payload.get("rewrite") or "")
        before = check_tone(original, persona, report_lang=lang).score if original.strip() else None
        after = check_tone(rewrite, persona, report_lang=lang).score if rewrite.strip() else None
        situation = payload.get("situation") or ""
        rows.append((labels.get(situation, situation), original, rewrite, before, after))
    if not rows:
        return ReportSection(title=_t("replies_title", lang), takeaway=_t("replies_empty", lang), actions=actions)
    columns = ("col_situation", "col_original", "col_rewrite", "col_score_before", "col_score_after")
    table = pd.DataFrame(rows, columns=[_t(c, lang) for c in columns])
    befores = [r[3] for r in rows if r[3] is not None]
    afters = [r[4] for r in rows if r[4] is not None]
    takeaway = _t("replies_takeaway", lang, before=statistics.mean(befores) if befores else 0,
                  after=statistics.mean(afters) if afters else 0)
    return ReportSection(title=_t("replies_title", lang), takeaway=takeaway,
                         tables={_t("table_replies", lang): table}, actions=actions)


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """The persona card, the tone profile, the differences by discipline and the sample replies.

    Parameters
    ----------
    snapshot
        A brand-persona session (may be empty).
    lang
        Language of titles, takeaways and column names.

    Returns
    -------
    list of ReportSection
        Four sections (two when nobody rated the tone); the wrap-up notes become the actions.
    """
    check_language(lang)
    persona = agreed_persona(snapshot)
    notes = snapshot.of_kind("note", WRAP_UP_PHASE)
    actions = tuple(str(t).strip() for t in ([] if notes.empty else notes["text"]) if str(t).strip())
    sections = [_persona_section(snapshot, persona, lang)]
    sections.extend(_tone_sections(tone_profile(snapshot), lang))
    sections.append(_replies_section(snapshot, persona, lang, actions))
    return sections
