"""The tone checker: counts checked by hand, readability formulas, words to avoid, u/je and the score."""
from __future__ import annotations

import pytest

from toolkit.core.errors import ValidationError
from toolkit.methods.persona import (
    Persona,
    check_tone,
    detect_language,
    find_terms,
    readability_score,
    split_sentences,
    word_syllables,
)

NOOR = Persona(
    name="Noor", address="je", words_use=("graag", "we regelen het"),
    words_avoid=("helaas", "zo spoedig mogelijk"), jargon=("vastrecht", "EAN-code"),
)


def test_dutch_counts_by_hand():
    # De(1) klant(1) belt(1). Wij(1) hel-pen(2) snel(1).  -> 2 sentences, 6 words, 7 syllables
    report = check_tone("De klant belt. Wij helpen snel.", NOOR)
    assert (report.sentences, report.words, report.syllables) == (2, 6, 7)
    assert report.language == "nl" and report.language_detected
    # Flesch-Douma: 206.84 - 0.77 * (7 / 6 * 100) - 0.93 * (6 / 2) = 206.84 - 89.8333 - 2.79
    assert report.readability_formula == "Flesch-Douma"
    assert report.readability == pytest.approx(114.2167, abs=1e-3)
    assert report.avg_sentence_length == 3.0
    # letters: De 2, klant 5, belt 4, Wij 3, helpen 6, snel 4 = 24 over 6 words
    assert report.avg_word_length == 4.0
    assert report.score == 100


def test_english_counts_by_hand():
    # The(1) cus-tomer(2) calls(1). We(1) help(1) quick-ly(2).  -> 2 sentences, 6 words, 8 syllables
    # (pyphen's en_US dictionary splits "customer" only once)
    report = check_tone("The customer calls. We help quickly.", NOOR)
    assert (report.sentences, report.words, report.syllables) == (2, 6, 8)
    assert report.language == "en"
    # Flesch: 206.835 - 1.015 * 3 - 84.6 * 8 / 6 = 206.835 - 3.045 - 112.8
    assert report.readability_formula == "Flesch"
    assert report.readability == pytest.approx(90.99, abs=1e-6)
    assert report.formal_count == report.informal_count == 0
    assert report.address_used is None and report.address_issue is None


@pytest.mark.parametrize(("word", "syllables"), [
    ("helpen", 2),            # hel-pen
    ("zonnepanelen", 5),      # zon-ne-pa-ne-len
    ("energierekening", 5),   # pyphen: ener-gie-re-ke-ning (it keeps "ener" together)
    ("auto's", 2),            # au-to + the "s" without a vowel adds nothing
    ("e-mail", 2),            # e + mail
    ("2024", 1),              # a number counts as one
])
def test_word_syllables(word, syllables):
    assert word_syllables(word, "nl") == syllables


def test_readability_formulas():
    # 100 words, 4 sentences, 180 syllables: 206.84 - 0.77 * 180 - 0.93 * 25 = 44.99
    assert readability_score(100, 4, 180, "nl") == pytest.approx(44.99)
    # 206.835 - 1.015 * 25 - 84.6 * 1.8 = 206.835 - 25.375 - 152.28 = 29.18
    assert readability_score(100, 4, 180, "en") == pytest.approx(29.18)
    assert readability_score(0, 0, 0, "nl") is None


def test_sentences_abbreviations_and_line_breaks():
    assert split_sentences("Bel bijv. morgen terug. Dank!") == ["Bel bijv. morgen terug.", "Dank!"]
    assert split_sentences("Hoi Sanne\nWe helpen je graag") == ["Hoi Sanne", "We helpen je graag"]
    assert split_sentences("Wat?! Echt... Ja.") == ["Wat?!", "Echt...", "Ja."]
    assert split_sentences("Het kost 3.50 euro.") == ["Het kost 3.50 euro."]
    assert split_sentences("!!! ...") == []


def test_words_to_avoid_and_jargon_with_positions():
    text = "Helaas is je vastrecht hoger. We bellen je zo  spoedig mogelijk. Helaasheid telt niet."
    report = check_tone(text, NOOR)
    avoid = [(h.term, h.found, h.start, h.end) for h in report.avoid_found]
    # "Helaas" at 0-6; "zo  spoedig mogelijk" (two spaces) starts at 43; "Helaasheid" is another word
    assert avoid == [("helaas", "Helaas", 0, 6), ("zo spoedig mogelijk", "zo  spoedig mogelijk", 43, 63)]
    assert [(h.term, h.start, h.end) for h in report.jargon_found] == [("vastrecht", 13, 22)]
    for hit in report.avoid_found + report.jargon_found:
        assert text[hit.start:hit.end] == hit.found


def test_find_terms_whole_words_only():
    assert find_terms("EAN-codes en de EAN-code.", ("ean-code",))[0].start == 16
    assert find_terms("nietszeggend", ("niets",)) == ()
    assert find_terms("alles", ()) == ()


def test_score_with_penalties_by_hand():
    # He-laas(2) is(1) het(1) vast-recht(2) ho-ger(2). U(1) krijgt(1) een(1) brief(1).
    # 9 words, 2 sentences, 12 syllables: Flesch-Douma 206.84 - 0.77*133.33 - 0.93*4.5 = 99.99 (no penalty)
    report = check_tone("Helaas is het vastrecht hoger. U krijgt een brief.", NOOR)
    assert (report.words, report.sentences, report.syllables) == (9, 2, 12)
    # one word to avoid (10), one jargon term (5), only "u" while the persona says "je" (20)
    assert report.address_issue == "mismatch"
    assert report.score == 100 - 10 - 5 - 20
    assert len(report.reasons) == 5
    assert any("helaas" in r for r in report.reasons)


def test_readability_and_sentence_length_penalties_by_hand():
    # 30 x "energierekening" in one sentence: 30 words, 150 syllables (5 each)
    # Flesch-Douma 206.84 - 0.77 * 500 - 0.93 * 30 = -206.06 -> readability penalty capped at 30
    # 30 words per sentence is 10 over 20 -> 10; score 100 - 30 - 10 = 60
    report = check_tone(" ".join(["energierekening"] * 30) + ".", NOOR, lang="nl")
    assert (report.words, report.sentences, report.syllables) == (30, 1, 150)
    assert report.readability == pytest.approx(-206.06)
    assert report.long_sentences == 1
    assert report.score == 60


def test_address_forms():
    formal = check_tone("U kunt uw meter zelf aflezen.", NOOR)
    assert (formal.formal_count, formal.informal_count, formal.address_used) == (2, 0, "u")
    assert formal.address_issue == "mismatch"
    mixed = check_tone("Je kunt uw meter zelf aflezen, jij en jullie allemaal.", NOOR)
    assert (mixed.formal_count, mixed.informal_count, mixed.address_used) == (1, 3, "mixed")
    assert mixed.address_issue == "mixed" and mixed.score == 85
    fits = check_tone("Je kunt je meter zelf aflezen.", NOOR)
    assert fits.address_used == "je" and fits.address_issue is None and fits.score == 100
    formal_persona = Persona(address="u")
    assert check_tone("Je kunt je meter zelf aflezen.", formal_persona).address_issue == "mismatch"
    # no persona choice: only a mix is reported
    assert check_tone("U kunt uw meter aflezen.", Persona()).address_issue is None
    assert check_tone("U en je.", Persona()).address_issue == "mixed"


def test_language_detection_and_override():
    assert detect_language("We will call you back, thanks for your patience") == "en"
    assert detect_language("We bellen je vandaag nog terug, bedankt voor je geduld") == "nl"
    assert detect_language("Stroomstoring") == "nl"
    report = check_tone("De klant belt.", NOOR, lang="en")
    assert report.language == "en" and not report.language_detected
    assert report.formal_count == 0


def test_reasons_in_the_report_language():
    report = check_tone("Helaas is het zo.", NOOR, report_lang="en")
    assert report.language == "nl" and report.report_language == "en"
    assert any(r.startswith("Words we avoid") for r in report.reasons)
    dutch = check_tone("Helaas is het zo.", NOOR)
    assert any(r.startswith("Woorden die we vermijden") for r in dutch.reasons)


def test_empty_and_wrong_input():
    with pytest.raises(ValidationError) as empty:
        check_tone("", NOOR)
    assert empty.value.key == "text_empty"
    with pytest.raises(ValidationError) as blank:
        check_tone("  \n\t ", NOOR, report_lang="en")
    assert str(blank.value) == "Please enter some text first."
    with pytest.raises(ValidationError) as wrong:
        check_tone(None, NOOR)  # type: ignore[arg-type]
    assert wrong.value.key == "wrong_type"
    with pytest.raises(ValidationError) as language:
        check_tone("Hallo", NOOR, lang="de")
    assert language.value.key == "language_invalid"


def test_text_without_words_gives_zero_counts():
    report = check_tone("!!! ... ???", NOOR)
    assert (report.sentences, report.words, report.syllables, report.score) == (0, 0, 0, 0)
    assert report.readability is None
    assert report.reasons == ("De tekst bevat geen woorden om te beoordelen.",)


def test_html_is_plain_text():
    # "<b>Helaas</b> daar." -> words b, Helaas, b, daar
    report = check_tone("<b>Helaas</b> daar.", NOOR)
    assert report.words == 4
    assert [(h.found, h.start) for h in report.avoid_found] == [("Helaas", 3)]


def test_enormous_text():
    # 13,333 x "De klant belt. " (15 characters) + "Goed." = 200,000 characters
    text = "De klant belt. " * 13_333 + "Goed."
    assert len(text) == 200_000
    report = check_tone(text, NOOR)
    assert report.sentences == 13_334
    assert report.words == 13_333 * 3 + 1
    assert report.syllables == 13_333 * 3 + 1
    one_word = check_tone("a" * 200_000, NOOR)
    assert one_word.words == 1 and one_word.sentences == 1
