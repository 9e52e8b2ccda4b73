"""Suggested groups and duplicates for a board of short notes, in Dutch and English, offline.

``suggest(texts, lang)`` returns :class:`Suggestions`: every note in exactly one :class:`Cluster`
(a lone note is a cluster of one), each cluster with a short label drawn from its notes, and pairs
of notes that probably say the same thing, with a score from 0 to 1. Nothing is grouped or merged
here: the facilitator accepts, renames or rejects each suggestion.

How: each note becomes TF-IDF vectors over stemmed content words (Snowball stemmers, stop words
without the negations, a small thesaurus of workshop vocabulary so "traag" meets "langzaam", and
compounds split into the words of the board they are made of, so "marketingteam" meets
"marketing"), over character n-grams of the content words, and over the themes their words point
to, in two lexicons compared each on its own (:mod:`toolkit.methods.grouping_vocabulary`): the
board themes of the workshops and the broader workplace themes (meetings, deadlines, ownership,
tools, complaints, ...). Their weighted cosine similarity drives an average-linkage clustering cut
at a fixed distance; the duplicate pairs are similar enough in words and characters, and both or
neither negated ("works" is no duplicate of "does not work"). The same input always gives
the same output. Note text is only ever read as text: HTML and ``$math$`` are never interpreted.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.i18n import check_language, translate

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

__all__ = [
    "Cluster",
    "Evaluation",
    "LabelledNotes",
    "Suggestions",
    "evaluate",
    "read_labelled_notes",
    "suggest",
    "text",
]

# Only the start of a very long note is analysed: enough to know what it is about, and it keeps
# 3,000 notes of a page each as fast as 3,000 short ones.
MAX_ANALYSED_CHARS = 1000
# Cut the average-linkage tree here (1 - similarity).
GROUP_DISTANCE = 0.85
# Pairs at least this similar (and of the same polarity) are suggested as duplicates.
DUPLICATE_SIMILARITY = 0.4
# ... and at this much more when the two are not each other's most similar note.
DUPLICATE_MARGIN = 0.5
# Share of the word vector in the similarity; the rest is the character n-gram vector.
WORD_WEIGHT = 0.8
# Share of the workshop themes (toolkit.methods.grouping_vocabulary) in the similarity for groups;
# duplicates are judged on words and characters alone.
THEME_WEIGHT = 0.5

_STEMMER_NAMES = {"nl": "dutch", "en": "english"}
_TAG = re.compile(r"<[^>]{0,200}>")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")

# Words that turn a statement around. They are kept out of the features (they say nothing about
# the topic) but two notes of opposite polarity are never suggested as duplicates.
NEGATIONS: dict[str, frozenset[str]] = {
    "en": frozenset({
        "not", "no", "never", "nothing", "nobody", "none", "nowhere", "without", "hardly", "cannot",
        "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "won't", "shouldn't", "lack",
        "lacks", "missing", "neither", "nor", "little", "few", "wrong",
    }),
    "nl": frozenset({
        "niet", "geen", "nooit", "niets", "niemand", "nergens", "zonder", "nauwelijks", "ontbreekt",
        "ontbreken", "noch", "amper", "weinig", "missen", "mist", "verkeerd", "verkeerde",
    }),
}

# Words too common in workshop notes to tell one topic from another, on top of the stop lists.
_EXTRA_STOP: dict[str, frozenset[str]] = {
    "en": frozenset({"we", "us", "our", "they", "anyone", "everyone", "everybody", "really", "far", "get", "gets",
                     "each", "every", "other", "others", "same", "own", "end", "ends", "take", "takes", "set",
                     "whether", "only", "also", "still", "even", "just", "there", "anything", "something"}),
    "nl": frozenset({"we", "wij", "ons", "onze", "je", "jij", "iedereen", "iemand", "erg", "heel", "echt",
                     "veel", "wel", "dus", "gaat", "zit", "zitten", "staan", "staat", "elke", "elk", "ieder",
                     "via", "moet", "moeten", "laat", "laten", "tussen", "voordat", "steeds", "eigen", "dezelfde",
                     "hetzelfde", "krijgen", "krijgt", "komen", "komt", "terecht", "totaal", "ander", "andere",
                     "elkaar", "elkaars", "daar", "hier", "maar", "pas", "nog", "al", "alle", "alles", "maken",
                     "maakt"}),
}

_STRINGS: dict[str, dict[str, str]] = {
    "heading": {
        "nl": "{notes} notities in {clusters} voorgestelde groepen",
        "en": "{notes} notes in {clusters} suggested groups",
    },
    "cluster": {"nl": "Groep {number}: {label} ({size})", "en": "Group {number}: {label} ({size})"},
    "no_label": {"nl": "(zonder woorden)", "en": "(no words)"},
    "duplicates": {"nl": "Mogelijke dubbele notities:", "en": "Possible duplicates:"},
    "no_duplicates": {"nl": "Geen mogelijke dubbele notities.", "en": "No possible duplicates."},
    "pair": {"nl": "  {i} en {j} (score {score:.2f})", "en": "  {i} and {j} (score {score:.2f})"},
    "not_utf8": {
        "nl": "De invoer is geen UTF-8-tekst. Sla de notities op als UTF-8 en probeer het opnieuw.",
        "en": "The input is not UTF-8 text. Save the notes as UTF-8 and try again.",
    },
}


def text(key: str, lang: str, **params: object) -> str:
    """A user-facing string of this module in ``lang``."""
    return translate(_STRINGS, key, lang, **params)


@dataclass(frozen=True)
class Cluster:
    """A suggested group: a short label drawn from its notes and the indexes of its notes."""

    label: str
    members: tuple[int, ...]


@dataclass(frozen=True)
class Suggestions:
    """Suggested groups (every note in exactly one) and duplicate pairs ``(i, j, score)``, ``i < j``."""

    clusters: tuple[Cluster, ...]
    duplicates: tuple[tuple[int, int, float], ...]

    def as_dict(self) -> dict:
        """The JSON shape of ``toolkit suggest --json``."""
        return {
            "clusters": [{"label": c.label, "members": list(c.members)} for c in self.clusters],
            "duplicates": [[i, j, score] for i, j, score in self.duplicates],
        }


@dataclass(frozen=True)
class _Analysis:
    """What the features are built from: per note its concept terms, content words and polarity."""

    terms: list[list[str]]
    themes: list[list[str]]
    workplace: list[list[str]]  # the workplace themes (grouping_vocabulary.WORKPLACE_THEMES)
    surfaces: list[list[tuple[str, str]]]  # (concept term, word as written) per content word
    content: list[str]
    negated: list[bool]


@cache
def _language_tools(lang: str):
    import snowballstemmer
    from stop_words import get_stop_words

    from toolkit.methods.grouping_vocabulary import SYNONYMS, THEMES, WORKPLACE_THEMES

    # Boards repeat their words: remember each stem (the pure-Python stemmer is the slowest step).
    stemmer = lru_cache(maxsize=200_000)(snowballstemmer.stemmer(_STEMMER_NAMES[lang]).stemWord)
    stop = (frozenset(get_stop_words(_STEMMER_NAMES[lang])) | _EXTRA_STOP[lang]) - NEGATIONS[lang]
    concepts: dict[str, str] = {}
    for line in SYNONYMS[lang]:
        words = line.split()
        head = stemmer(words[0])
        for word in words:
            concepts.setdefault(stemmer(word), head)
    theme_maps: list[dict[str, list[str]]] = []
    for lexicon in (THEMES, WORKPLACE_THEMES):
        themes: dict[str, list[str]] = {}
        for theme, words in lexicon.items():
            for word in words[lang].split():
                themes.setdefault(stemmer(word), []).append(theme)
        theme_maps.append(themes)
    known = frozenset(w for line in SYNONYMS[lang] for w in line.split()) | frozenset(
        w for lexicon in (THEMES, WORKPLACE_THEMES) for words in lexicon.values() for w in words[lang].split())
    return stemmer, stop, concepts, tuple(theme_maps), known


def _compound_parts(word: str, known: frozenset[str] | set[str]) -> list[str]:
    """The words a compound is made of, when both are known: "it-afdeling" -> it, afdeling;
    "marketingteam" -> marketing, team; "klantenservice" -> klanten, service (also with a linking
    s: "bedrijfsleven" -> bedrijf, leven). The most even split wins; ``[]`` when there is none."""
    if "-" in word:
        return [part for part in word.split("-") if len(part) > 1]
    if not word.islower():
        word = word.lower()
    best: list[str] = []
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        for head_word in (head, head[:-1] if head.endswith("s") else None):
            if head_word and len(head_word) >= 3 and head_word in known and tail in known and (
                    not best or min(len(head_word), len(tail)) > min(len(p) for p in best)):
                best = [head_word, tail]
    return best


def _analyse(texts: Sequence[str], lang: str) -> _Analysis:
    stemmer, stop, concepts, (theme_of, workplace_of), vocabulary = _language_tools(lang)
    negations = NEGATIONS[lang]
    notes = []
    for raw in texts:
        plain = html.unescape(_TAG.sub(" ", raw[:MAX_ANALYSED_CHARS]))
        words = [w.replace("’", "'") for w in _WORD.findall(plain)]
        notes.append((words, [w.lower() for w in words]))
    known = set(vocabulary)
    known.update(low for _, lowered in notes for low in lowered if len(low) >= 3 and low not in stop)
    terms, themes, workplace, surfaces, content, negated = [], [], [], [], [], []
    for words, lowered in notes:
        negated.append(any(w in negations or w.endswith("n't") for w in lowered))
        # A word in capitals is an acronym, never a stop word: "IT" is a department, not "it".
        kept = [(w, low) for w, low in zip(words, lowered, strict=True) if len(low) > 1 and low not in negations
                and (low not in stop or w.isupper())]
        if len(kept) < 40:  # parts of compounds, for notes of a normal length
            kept += [(written, part) for w, low in kept if len(low) >= 6
                     for written, part in zip(_compound_parts(w, known), _compound_parts(low, known), strict=True)
                     if part not in stop or written.isupper()]
        stems = [stemmer(low) for _, low in kept]
        note_terms = [concepts.get(s, s) for s in stems]
        terms.append(note_terms)
        themes.append([theme for s in stems for theme in theme_of.get(s, ())])
        workplace.append([theme for s in stems for theme in workplace_of.get(s, ())])
        surfaces.append([(t, w) for t, (w, _) in zip(note_terms, kept, strict=True)])
        content.append(" ".join(low for _, low in kept))
    return _Analysis(terms, themes, workplace, surfaces, content, negated)


def _similarity(analysis: _Analysis):
    """Similarity of every pair of notes for groups and for duplicates (cosines of TF-IDF vectors),
    and the word TF-IDF matrix with its vocabulary (for the labels)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    def cosines(documents, **options):
        if not any(documents):
            return None, None
        vectorizer = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **options)
        matrix = vectorizer.fit_transform(documents)
        return matrix, vectorizer

    n = len(analysis.terms)
    word_matrix, words = cosines(analysis.terms, analyzer=_identity)
    if word_matrix is None:
        return np.eye(n, dtype=np.float32), np.eye(n, dtype=np.float32), None, []
    char_matrix, _ = cosines(analysis.content, analyzer="char_wb", ngram_range=(3, 5))
    duplicate = WORD_WEIGHT * (word_matrix @ word_matrix.T) + (1 - WORD_WEIGHT) * (char_matrix @ char_matrix.T)
    duplicate = np.asarray(duplicate.todense(), dtype=np.float32)
    group = duplicate.copy()
    # Themes weigh in where both notes have one; two notes without a known theme are compared on
    # their words alone, not on a similarity cut down by the missing theme. The board themes and
    # the workplace themes are compared each on their own (a note's words may point to both) and
    # averaged where both notes have both.
    theme_sum = np.zeros_like(group)
    theme_count = np.zeros_like(group)
    for documents in (analysis.themes, analysis.workplace):
        theme_matrix, _ = cosines(documents, analyzer=_identity)
        if theme_matrix is None:
            continue
        has_theme = np.asarray(theme_matrix.getnnz(axis=1) > 0)
        both = np.outer(has_theme, has_theme).astype(np.float32)
        theme_sum += both * np.asarray((theme_matrix @ theme_matrix.T).todense(), dtype=np.float32)
        theme_count += both
    themes = theme_sum / np.maximum(theme_count, 1.0)
    group = np.where(theme_count > 0, (1 - THEME_WEIGHT) * group + THEME_WEIGHT * themes, group)
    for matrix in (duplicate, group):
        np.clip(matrix, 0.0, 1.0, out=matrix)
        np.fill_diagonal(matrix, 1.0)
    return group, duplicate, word_matrix, list(words.get_feature_names_out())


def _identity(terms: list[str]) -> list[str]:
    return terms


def _cluster_ids(similarity: np.ndarray, distance: float) -> list[int]:
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = similarity.shape[0]
    if n == 1:
        return [1]
    distances = 1.0 - similarity.astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    return [int(c) for c in fcluster(tree, t=distance, criterion="distance")]


def _label(members: list[int], analysis: _Analysis, word_matrix, vocabulary: list[str]) -> str:
    """The term most notes of a cluster share (then the highest summed weight), as they write it."""
    if word_matrix is None or not any(analysis.terms[i] for i in members):
        return ""
    weights = word_matrix[members].sum(axis=0).A1
    present = Counter(t for i in members for t in set(analysis.terms[i]))
    best = max(present, key=lambda t: (present[t], weights[vocabulary.index(t)] if t in vocabulary else 0.0, t))
    # The most frequent form, where "Afrekenen" at the start of a sentence counts as "afrekenen";
    # acronyms (IT) and names written with a capital everywhere (Google) keep theirs.
    written = Counter(w for i in members for t, w in analysis.surfaces[i] if t == best)
    lowered = Counter()
    for form, count in written.items():
        lowered[form.lower() if form.lower() in written else form] += count
    return max(lowered, key=lambda w: (lowered[w], w.islower(), w))


def suggest(texts: Sequence[str], lang: str, *, group_distance: float = GROUP_DISTANCE,
            duplicate_similarity: float = DUPLICATE_SIMILARITY) -> Suggestions:
    """Suggested groups and duplicate pairs for ``texts`` (notes in ``lang``, ``"nl"`` or ``"en"``).

    Clusters are ordered by size (largest first), then by their first note; members ascending.
    A note without any word (empty, only numbers or punctuation) is a cluster of one with an empty
    label and never a duplicate.
    """
    check_language(lang)
    texts = [str(t) for t in texts]
    if not texts:
        return Suggestions((), ())
    analysis = _analyse(texts, lang)
    similarity, duplicate, word_matrix, vocabulary = _similarity(analysis)
    for i, terms in enumerate(analysis.terms):
        if not terms:  # no word to go by: on its own, and nobody's duplicate
            for matrix in (similarity, duplicate):
                matrix[i, :] = 0.0
                matrix[:, i] = 0.0
                matrix[i, i] = 1.0

    groups: dict[int, list[int]] = {}
    for index, cluster_id in enumerate(_cluster_ids(similarity, group_distance)):
        groups.setdefault(cluster_id, []).append(index)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    clusters = tuple(Cluster(_label(m, analysis, word_matrix, vocabulary), tuple(m)) for m in ordered)

    duplicates = _duplicate_pairs(duplicate, analysis.negated, duplicate_similarity)
    return Suggestions(clusters, duplicates)


def _duplicate_pairs(similarity: np.ndarray, negated: list[bool], threshold: float):
    """Pairs of the same polarity that are each other's nearest note and similar enough; a pair
    this similar that is not mutual is kept only at a margin above the threshold."""
    import numpy as np

    n = similarity.shape[0]
    if n < 2:
        return ()
    others = similarity.copy()
    np.fill_diagonal(others, -1.0)
    nearest = others.max(axis=1) - 1e-6
    rows, cols = np.nonzero(np.triu(others >= threshold, k=1))
    scores = others[rows, cols]
    polarity = np.asarray(negated)
    mutual = (scores >= nearest[rows]) & (scores >= nearest[cols])
    keep = (polarity[rows] == polarity[cols]) & (mutual | (scores >= threshold + DUPLICATE_MARGIN))
    return tuple((i, j, round(score, 3)) for i, j, score in
                 zip(rows[keep].tolist(), cols[keep].tolist(), scores[keep].tolist(), strict=True))


# --- Evaluation on labelled notes (the tests and benchmarks/grouping.py) -------------------------

@dataclass(frozen=True)
class LabelledNotes:
    """Notes with their topic and, for notes marked as saying the same thing, a duplicate key."""

    texts: tuple[str, ...]
    topics: tuple[str, ...]
    duplicate_keys: tuple[str, ...]

    def duplicate_pairs(self) -> set[tuple[int, int]]:
        keys: dict[str, list[int]] = {}
        for index, key in enumerate(self.duplicate_keys):
            if key:
                keys.setdefault(key, []).append(index)
        return {(a, b) for members in keys.values() for a in members for b in members if a < b}


def read_labelled_notes(path: str | Path) -> LabelledNotes:
    """Read a ``topic | duplicate | text`` file (``#`` starts a comment line)."""
    texts, topics, keys = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic, key, note = (part.strip() for part in line.split("|", 2))
        topics.append(topic)
        keys.append(key)
        texts.append(note)
    return LabelledNotes(tuple(texts), tuple(topics), tuple(keys))


@dataclass(frozen=True)
class Evaluation:
    """Pairwise precision, recall and F1 of the groups; precision and recall of the duplicates."""

    group_precision: float
    group_recall: float
    group_f1: float
    duplicate_precision: float
    duplicate_recall: float


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def evaluate(suggestions: Suggestions, labelled: LabelledNotes) -> Evaluation:
    """Score ``suggestions`` against ``labelled``: a pair of notes counts as grouped when both are
    in one cluster, and as right when both have the same topic."""
    n = len(labelled.texts)
    cluster_of = {member: number for number, c in enumerate(suggestions.clusters) for member in c.members}
    predicted = {(a, b) for a in range(n) for b in range(a + 1, n) if cluster_of[a] == cluster_of[b]}
    actual = {(a, b) for a in range(n) for b in range(a + 1, n) if labelled.topics[a] == labelled.topics[b]}
    hits = len(predicted & actual)
    precision, recall = _ratio(hits, len(predicted)), _ratio(hits, len(actual))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    found = {(i, j) for i, j, _ in suggestions.duplicates}
    marked = labelled.duplicate_pairs()
    # Finding nothing when there was something to find is no precision at all.
    duplicate_precision = _ratio(len(found & marked), len(found)) if found or not marked else 0.0
    return Evaluation(round(precision, 3), round(recall, 3), round(f1, 3), round(duplicate_precision, 3),
                      round(_ratio(len(found & marked), len(marked)), 3))


@dataclass(frozen=True)
class BoardSuggestions:
    """Suggestions for notes on a board, by contribution id: groups of two or more notes (a lone
    note is no suggestion) and possible duplicates ``(id, id, score)``."""

    groups: tuple[tuple[str, tuple[int, ...]], ...]
    duplicates: tuple[tuple[int, int, float], ...]


def for_board(notes: Sequence[tuple[int, str]], lang: str) -> BoardSuggestions:
    """:func:`suggest` for ``(contribution id, text)`` pairs, e.g. the facilitator's cards of one
    phase. Nothing here changes the board: accepting a group or a duplicate is the facilitator's
    cluster or merge operation (:mod:`toolkit.core.curation`)."""
    ids = [i for i, _ in notes]
    found = suggest([t for _, t in notes], lang)
    groups = tuple((c.label, tuple(ids[m] for m in c.members)) for c in found.clusters if len(c.members) > 1)
    duplicates = tuple((ids[i], ids[j], score) for i, j, score in found.duplicates)
    return BoardSuggestions(groups, duplicates)
