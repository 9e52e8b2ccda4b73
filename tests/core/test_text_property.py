"""Property tests: whatever a participant types (or a forged page sends) is either stored exactly
or refused with a clear ValidationError; on SQLite and on PostgreSQL.

The ``lab`` workshop (tests/conftest.py) has a note phase and a form text field that take up to
100,000 characters, the largest limit a definition may set.
"""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core import sessions as core
from toolkit.core.errors import ToolkitError, ValidationError
from toolkit.core.validation import PAYLOAD_MAX_BYTES

# A failing example of 100,000 characters is too long for Hypothesis to print without a warning;
# as an error (the suite's setting) that warning would stand in for the failure it reports.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

SETTINGS = dict(
    deadline=None,  # no timing here (that is for `make bench`); max_examples bounds the time
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces that tend to break text handling: emoji (with skin tones and ZWJ sequences, outside the
# BMP), right-to-left scripts and controls, combining marks, odd whitespace, NUL, lone surrogates.
PIECES = [
    "😀", "👩‍👩‍👧‍👦", "👍🏽", "🇳🇱", "مرحبا بالعالم", "שלום", "\u202e", "\u200f", "\u200b", "e\u0301",
    "Z̤͔ͧ̑̓ä͖̭̈̇", "ﷺ", "\ufeff", "\u00a0", "\u3000", "\r\n", "\t", " ", "\n", "ß", "İ", "ǅ", "ﬃ", "\x00",
    "\ud800", "\udfff", "<script>alert(1)</script>", "=1+1", "'; DROP TABLE contributions;--", "\\u0000",
    "\U0010ffff", "\ufffe", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]

ANY_CHAR = st.characters(exclude_categories=())  # every code point, surrogates included
MIXED_TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ANY_CHAR, max_size=20), st.text(max_size=20)),
                      max_size=12).map("".join)


@st.composite
def big_text(draw) -> str:
    """0 to 100,001 characters: a short unit repeated, sometimes with a piece spliced in."""
    length = draw(st.one_of(st.integers(0, 100_001), st.sampled_from([0, 1, 1000, 1001, 99_999, 100_000, 100_001])))
    unit = draw(st.text(ANY_CHAR, min_size=1, max_size=8) | st.sampled_from(PIECES))
    text = (unit * (length // len(unit) + 1))[:length]
    if text and draw(st.booleans()):
        at = draw(st.integers(0, len(text) - 1))
        piece = draw(st.sampled_from(PIECES))
        text = (text[:at] + piece + text[at:])[:length]
    return text


def storable(text: str) -> bool:
    return "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def text_accepted(text: str, limit: int) -> bool:
    return bool(text.strip()) and len(text) <= limit and storable(text)


def _note_round_trip(store, code, who, phase, limit, text, check_snapshot=True):
    version = core.session_version(store, code)
    try:
        added = core.add_contribution(store, code, who.token, phase, {"text": text})
    except ValidationError as error:
        assert str(error).strip(), "a refusal explains itself"
        assert error.in_language("nl").strip() and error.in_language("en").strip()
        assert not text_accepted(text, limit), f"refused a valid text ({error.key})"
        assert core.session_version(store, code) == version, "a refusal changes nothing"
        if len(text) > limit:
            assert error.key == "text_too_long" and str(len(text)) in str(error) and str(limit) in str(error)
        return
    assert text_accepted(text, limit), "accepted a text that cannot be stored or is empty"
    assert added.text == text
    [stored] = [c for c in core.contributions(store, code, phase) if c.id == added.id]
    assert stored.text == text and stored.payload["text"] == text
    assert stored.text.encode("utf-8") == text.encode("utf-8")
    [event] = core.changes_since(store, code, version).events
    assert event["data"]["payload"]["text"] == text, "the event log keeps the exact text"
    if check_snapshot:
        snap = core.snapshot(store, code)
        row = snap.contributions[snap.contributions["id"] == added.id].iloc[0]
        assert row["text"] == text and row["payload"]["text"] == text
    # Keep the session small, so reading it stays cheap for the next example.
    core.delete_contribution(store, code, who.token, added.id)


def test_note_text_round_trips_or_is_refused(store):
    created = core.create_session(store, "brainstorm", "en")
    ann = core.join(store, created.code, "it", "Ann")

    @settings(max_examples=80, **SETTINGS)
    @given(text=MIXED_TEXT)
    def check(text):
        _note_round_trip(store, created.code, ann, "ideas", 1000, text)

    check()


def test_texts_up_to_100000_characters(store, lab_workshop):
    created = core.create_session(store, lab_workshop, "nl")
    ann = core.join(store, created.code, "it", "Ann")

    @settings(max_examples=12, **SETTINGS)
    @given(text=big_text())
    def check(text):
        _note_round_trip(store, created.code, ann, "notes", 100_000, text)

    check()
    # The largest texts, explicitly: 100,000 four-byte emoji; one character more is refused.
    _note_round_trip(store, created.code, ann, "notes", 100_000, "😀" * 100_000)
    _note_round_trip(store, created.code, ann, "notes", 100_000, "👍🏽" * 50_000)
    _note_round_trip(store, created.code, ann, "notes", 100_000, "مرحبا" * 20_000 + "x")


# -- arbitrary payloads --------------------------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(2**80), 2**80), st.floats(), st.text(max_size=15),
    st.text(ANY_CHAR, max_size=5),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _note_expected(payload, prompts=("idea", "pain"), limit=1000):
    """The stored payload of a brainstorm note, or None when it must be refused."""
    if not isinstance(payload, dict) or set(payload) - {"text", "prompt", "cluster"}:
        return None
    text = payload.get("text")
    text = "" if text is None else text
    if not isinstance(text, str) or not text_accepted(text, limit):
        return None
    clean = {"text": text}
    prompt = payload.get("prompt")
    if prompt is None:
        clean["prompt"] = prompts[0]
    elif isinstance(prompt, str) and prompt in prompts:
        clean["prompt"] = prompt
    else:
        return None
    cluster = payload.get("cluster")
    if cluster not in (None, ""):
        if not isinstance(cluster, str) or not text_accepted(cluster, 80):
            return None
        clean["cluster"] = cluster
    return clean


_NOTE_FIELDS = {
    "text": st.one_of(MIXED_TEXT, MIXED_TEXT, JSON_VALUES),
    "prompt": st.one_of(st.sampled_from(["idea", "pain", "", " ", "Idea", None]), JSON_VALUES),
    "cluster": st.one_of(MIXED_TEXT, st.sampled_from(["", " ", "c" * 80, "c" * 81]), JSON_VALUES),
}
NOTE_PAYLOADS = st.one_of(
    JSON_VALUES,  # not even a dict, mostly
    st.fixed_dictionaries({"text": st.text(min_size=1, max_size=50)},  # mostly valid
                          optional={"prompt": st.sampled_from(["idea", "pain", None]),
                                    "cluster": st.text(max_size=20)}),
    st.fixed_dictionaries({}, optional=_NOTE_FIELDS),
    st.fixed_dictionaries({"text": MIXED_TEXT}, optional={"prompt": _NOTE_FIELDS["prompt"]}),
    st.fixed_dictionaries({"text": MIXED_TEXT}, optional={k: v for k, v in _NOTE_FIELDS.items() if k != "text"}),
    st.builds(lambda fields, extra: {**fields, **extra}, st.fixed_dictionaries({}, optional=_NOTE_FIELDS),
              st.dictionaries(st.text(max_size=6), JSON_VALUES, min_size=1, max_size=2)),
)


def test_note_payloads(store):
    created = core.create_session(store, "brainstorm", "nl")
    ann = core.join(store, created.code, "it")

    @settings(max_examples=100, **SETTINGS)
    @given(payload=NOTE_PAYLOADS)
    def check(payload):
        expected = _note_expected(payload)
        try:
            added = core.add_contribution(store, created.code, ann.token, "ideas", payload)
        except ValidationError as error:
            assert str(error).strip()
            assert expected is None, f"refused a valid note: {error.key}"
            return
        assert expected is not None, "accepted a note that breaks a rule"
        assert added.payload == expected
        [stored] = [c for c in core.contributions(store, created.code) if c.id == added.id]
        assert stored.payload == expected
        core.delete_contribution(store, created.code, ann.token, added.id)

    check()


def _form_expected(payload, live: set[str]):
    """The stored payload of a lab form, or None when it must be refused."""
    if not isinstance(payload, dict):
        return None
    order = ["title", "body", "size", "colour", "score", "about"]
    if set(payload) - set(order):
        return None
    clean = {}
    for field in order:
        value = payload.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field == "title":
                return None
            continue
        if field in ("title", "body"):
            limit = 100_000 if field == "title" else 300
            if not isinstance(value, str) or not text_accepted(value, limit):
                return None
            clean[field] = value
        elif field in ("size", "colour"):
            allowed = ("s", "l") if field == "size" else ("red", "blue")
            if not isinstance(value, str) or value not in allowed:
                return None
            clean[field] = value
        elif field == "score":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return None
            try:
                number = float(value)
            except OverflowError:
                return None
            if not math.isfinite(number) or not 1 <= number <= 5:
                return None
            clean[field] = number
        else:  # about: a reference to a live note
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or value not in live:
                return None
            clean[field] = value
    if len(json.dumps(clean, ensure_ascii=False).encode("utf-8")) > PAYLOAD_MAX_BYTES:
        return None
    return clean


def test_form_payloads_match_the_phase_fields(store, lab_workshop):
    created = core.create_session(store, lab_workshop, "en")
    code, key = created.code, created.facilitator_key
    ann = core.join(store, code, "marketing")
    live = core.add_contribution(store, code, ann.token, "notes", {"text": "live"}).id
    gone = core.add_contribution(store, code, ann.token, "notes", {"text": "gone"}).id
    core.delete_contribution(store, code, ann.token, gone)
    other = core.create_session(store, lab_workshop, "en")
    foreign = core.add_contribution(store, other.code, core.join(store, other.code, "it").token, "notes",
                                    {"text": "elsewhere"}).id
    core.set_phase(store, code, key, 1)

    plausible = {
        "title": st.one_of(MIXED_TEXT, big_text()),
        "body": MIXED_TEXT,
        "size": st.sampled_from(["s", "l", "m", "S", ""]),
        "colour": st.sampled_from(["red", "blue", "green", "Red"]),
        "score": st.one_of(st.integers(-1, 7), st.floats(0, 6), st.floats(), st.booleans(), st.just(10**400),
                           st.sampled_from(["3", 3.0, 2**70])),
        "about": st.sampled_from([live, str(live), gone, str(gone), foreign, str(foreign), 999, "x", True, 1.0 * live]),
    }
    with_title = st.fixed_dictionaries({"title": plausible["title"]},
                                       optional={k: v for k, v in plausible.items() if k != "title"})
    mostly_valid = st.fixed_dictionaries({"title": st.text(min_size=1, max_size=50)}, optional={
        "body": st.text(max_size=300), "size": st.sampled_from(["s", "l"]), "colour": st.sampled_from(["red", "blue"]),
        "score": st.one_of(st.integers(1, 5), st.floats(1, 5)), "about": st.sampled_from([live, str(live)]),
    })
    payloads = st.one_of(
        JSON_VALUES,  # not even a dict, mostly
        mostly_valid,
        mostly_valid,
        st.fixed_dictionaries({}, optional={name: st.one_of(strategy, JSON_VALUES)
                                            for name, strategy in plausible.items()}),
        with_title,
        with_title,
        st.builds(lambda fields, extra: {**fields, **extra}, with_title,
                  st.dictionaries(st.text(max_size=6), JSON_VALUES, min_size=1, max_size=2)),
    )

    @settings(max_examples=100, **SETTINGS)
    @given(payload=payloads)
    def check(payload):
        expected = _form_expected(payload, {str(live)})
        version = core.session_version(store, code)
        try:
            added = core.add_contribution(store, code, ann.token, "form", payload)
        except ToolkitError as error:
            assert isinstance(error, ValidationError), f"{type(error).__name__}: {error}"
            assert str(error).strip()
            assert expected is None, f"refused a valid form: {error.key} {error}"
            assert core.session_version(store, code) == version
            return
        assert expected is not None, f"accepted a form that breaks a rule: {payload!r}"
        assert added.payload == expected
        [stored] = [c for c in core.contributions(store, code, "form") if c.id == added.id]
        assert stored.payload == expected
        assert stored.kind == "form"
        core.delete_contribution(store, code, ann.token, added.id)

    check()


@pytest.mark.parametrize("text", ["", " ", "\x00", "\ud800", "x" * 1001])
def test_refusals_name_the_problem_in_both_languages(store, text):
    created = core.create_session(store, "brainstorm", "nl")
    ann = core.join(store, created.code, "it")
    with pytest.raises(ValidationError) as info:
        core.add_contribution(store, created.code, ann.token, "ideas", {"text": text})
    nl, en = info.value.in_language("nl"), info.value.in_language("en")
    assert str(info.value) == nl and nl != en and nl.strip() and en.strip()
