"""The participant page over real HTTP against a real ``toolkit serve``: join, act, refusals."""
from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.web.conftest import CSRF, Person
from toolkit.core import sessions as core
from toolkit.core.store import Store

XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> $\\alpha$'


@pytest.fixture
def session(web_server):
    base, db_url = web_server
    store = Store(db_url)
    created = core.create_session(store, "brainstorm", "nl")
    people: list[Person] = []

    def person(lang: str = "en") -> Person:
        p = Person(base, created.code, lang)
        people.append(p)
        return p

    yield store, created, person
    for p in people:
        p.close()
    store.dispose()


def notes(store: Store, code: str) -> list[str]:
    return [c.text for c in core.contributions(store, code)]


def test_ask_for_a_code_and_explain_an_unknown_one(web_server):
    base, _db = web_server
    asked = httpx.get(f"{base}/j", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert asked.status_code == 200
    assert 'class="tk-join-code"' in asked.text and "Enter the code your facilitator shows." in asked.text
    assert httpx.get(f"{base}/j", params={"code": " ab c12 "}).headers["location"] == "/j/ABC12"
    assert httpx.get(f"{base}/j/abc12", params={"lang": "en"}).headers["location"] == "/j/ABC12?lang=en"
    unknown = httpx.get(f"{base}/j/ZZZZZZ", headers={"Accept-Language": "nl"})
    assert unknown.status_code == 404
    assert "Er is geen sessie met code &#39;ZZZZZZ&#39;" in unknown.text
    assert "afgelopen" in unknown.text  # an ended session is explained too
    english = httpx.get(f"{base}/j/ZZZZZZ", params={"lang": "en"}, headers={"Accept-Language": "nl"})
    assert "There is no session with code" in english.text


def test_join_sets_a_safe_cookie_and_shows_the_phase(session):
    store, created, person = session
    p = person()
    joined = p.join("it", "Ivo")
    cookie = next(h for h in joined.headers.get_list("set-cookie") if h.startswith(f"tk_{created.code}="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and f"Path=/j/{created.code}" in cookie
    page = p.page()
    assert 'class="tk-phase"' in page.text and "Collect ideas" in page.text
    assert "You take part as Ivo." in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    # A reload resumes the same person (no second join).
    assert "tk-join-submit" not in p.page().text
    assert core.participant_counts(store, created.code) == {"it": 1}


def test_the_scripts_join_gets_the_page_in_its_answer(session):
    store, created, person = session
    p = person()
    refused = p.http.post(f"/j/{created.code}/join", data={"csrf": p.csrf(), "lang": "en", "role": "astronaut",
                                                            "name": "Ivo"}, headers={"X-TK-Fetch": "1"})
    assert refused.status_code == 422 and refused.json()["ok"] is False
    assert "role" in refused.json()["error"].lower() and "<" not in refused.json()["error"]
    assert core.participant_counts(store, created.code) == {}
    answer = p.http.post(f"/j/{created.code}/join", data={"csrf": p.csrf(), "lang": "en", "role": "it",
                                                           "name": "<b>Ivo</b>"}, headers={"X-TK-Fetch": "1"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["ok"] is True and body["url"] == f"/j/{created.code}?lang=en"
    assert body["v"] == core.get_session(store, created.code).version
    page = body["page"]
    assert 'class="tk-phase"' in page and "Collect ideas" in page and 'data-live="' in page
    assert "&lt;b&gt;Ivo&lt;/b&gt;" in page and "<b>Ivo</b>" not in page  # the name is escaped
    csrf = re.search(r'data-csrf="([0-9a-f]+)"', page).group(1)
    assert p.post("add", csrf=csrf, phase="ideas", text="From the answer's own page").json()["ok"] is True
    assert p.page().text.count("tk-join-submit") == 0  # the cookie came with the answer: no second join
    assert core.participant_counts(store, created.code) == {"it": 1}


def test_anonymous_session_asks_no_name(web_server):
    base, db_url = web_server
    created = core.create_session(Store(db_url), "brainstorm", "en", anonymous=True)
    page = Person(base, created.code).page()
    assert 'class="tk-join-role"' in page.text
    assert "tk-join-name" not in page.text


def test_note_add_edit_delete_as_plain_form_posts(session):
    store, created, person = session
    p = person()
    p.join()
    added = p.post("add", fetch=False, phase="ideas", text=XSS, prompt="pain")
    assert added.status_code == 303 and added.headers["location"].startswith(f"/j/{created.code}")
    page = p.page().text
    assert "&lt;img src=x onerror=" in page and "<img src=x" not in page and "<script>window" not in page
    [note] = core.contributions(store, created.code)
    assert note.payload == {"text": XSS, "prompt": "pain"}
    assert p.post("edit", fetch=False, id=str(note.id), text="Better idea").status_code == 303
    [edited] = core.contributions(store, created.code)
    assert edited.payload == {"text": "Better idea", "prompt": "pain"}  # the prompt stays
    assert p.post("delete", fetch=False, id=str(note.id)).status_code == 303
    assert notes(store, created.code) == []


def test_script_posts_get_the_card_back(session):
    _store, _created, person = session
    p = person()
    p.join("service", "Sam")
    answer = p.post("add", phase="ideas", text="Call back within a day")
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is True
    [op] = body["ops"]
    assert op["op"] == "note" and "Call back within a day" in op["html"] and "tk-note-own" in op["html"]


def test_a_post_without_csrf_token_is_refused_and_the_draft_kept(session):
    store, created, person = session
    p = person()
    p.join()
    for csrf in ("", "0" * 64):
        refused = p.post("add", fetch=False, csrf=csrf, phase="ideas", text="my precious draft")
        assert refused.status_code == 403
        assert "This form has expired" in refused.text
        assert "my precious draft" in refused.text  # the page comes back with the text in the box
    assert p.post("add", csrf="", phase="ideas", text="x").json()["error"].startswith("This form has expired")
    assert notes(store, created.code) == []


def test_another_participants_cookie_and_notes_are_refused(session):
    store, created, person = session
    alice, bob = person(), person("nl")
    alice.join("marketing", "Alice")
    bob.join("it", "Bob")
    alice.post("add", phase="ideas", text="Alice's note")
    [note] = core.contributions(store, created.code)
    for action, fields in (("edit", {"text": "Bob was here"}), ("delete", {})):
        refused = bob.post(action, id=str(note.id), **fields)
        assert refused.status_code == 403
        assert refused.json()["error"] == "Je kunt alleen je eigen bijdragen wijzigen of verwijderen."
    # Bob's token with Alice's cookie: the token is tied to the cookie it was made for.
    bob_token = bob.csrf()
    assert alice.post("add", csrf=bob_token, phase="ideas", text="forged").status_code == 403
    assert notes(store, created.code) == ["Alice's note"]


def test_a_2mb_body_is_refused_with_a_clear_message(session):
    store, created, person = session
    p = person()
    p.join()
    big = "x" * (2 * 1024 * 1024)
    refused = p.post("add", phase="ideas", text=big)
    assert refused.status_code == 413
    assert "at most 64 KB" in refused.json()["error"]
    plain = p.post("add", fetch=False, phase="ideas", text=big)
    assert plain.status_code == 413 and "at most 64 KB" in plain.text
    assert notes(store, created.code) == []
    # The page still works afterwards.
    assert p.post("add", phase="ideas", text="short").json()["ok"] is True


def test_fifty_notes_a_second_each_stored_or_refused_with_a_message(session):
    store, created, person = session
    p = person()
    p.join()
    csrf = p.csrf()
    texts = [f"burst note {i}" for i in range(50)]

    def send(text: str) -> httpx.Response:
        time.sleep(texts.index(text) / 50)  # 50 in one second
        return p.post("add", csrf=csrf, phase="ideas", text=text)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(send, texts))
    stored = set(notes(store, created.code))
    for text, answer in zip(texts, answers, strict=True):
        body = answer.json()
        if body["ok"]:
            assert text in stored
        else:
            assert answer.status_code in (409, 422, 429) and body["error"], body
            assert text not in stored
    assert all(a.status_code != 500 for a in answers)
    assert len(stored) == sum(a.json()["ok"] for a in answers)


def test_old_participant_link_goes_to_the_new_page(web_server):
    base, db_url = web_server
    created = core.create_session(Store(db_url), "brainstorm", "nl")
    moved = httpx.get(f"{base}/voila/render/live.ipynb", params={"session": created.code, "lang": "en"})
    assert moved.status_code == 303 and moved.headers["location"] == f"/j/{created.code}?lang=en"
    assert httpx.get(f"{base}/voila/render/live.ipynb").headers["location"] == "/j"


def read_events(response: httpx.Response, until, timeout: float = 10.0) -> list[dict]:
    """Server-sent events from ``response`` until ``until(events)`` holds."""
    events, buffer = [], ""
    deadline = time.monotonic() + timeout
    for chunk in response.iter_text():
        buffer += chunk
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            data = [line[6:] for line in block.splitlines() if line.startswith("data: ")]
            ids = [line[4:] for line in block.splitlines() if line.startswith("id: ")]
            kinds = [line[7:] for line in block.splitlines() if line.startswith("event: ")]
            if data:
                events.append({"id": int(ids[0]) if ids else None, "event": kinds[0] if kinds else "message",
                               **json.loads(data[0])})
        if until(events) or time.monotonic() > deadline:
            break
    return events


def test_the_scripts_join_answers_with_the_page_and_goes_on_as_its_live_channel(session):
    store, created, person = session
    p, other = person(), person("nl")
    other.join("marketing", "Mira")
    core.set_revealed(store, created.code, created.facilitator_key, True)  # others' ideas show
    streamed = {"X-TK-Fetch": "1", "Accept": "text/event-stream, application/json"}
    refused = p.http.post(f"/j/{created.code}/join", data={"csrf": p.csrf(), "lang": "en", "role": "astronaut"},
                          headers=streamed)
    assert refused.status_code == 422 and refused.json()["ok"] is False and "role" in refused.json()["error"]
    with p.http.stream("POST", f"/j/{created.code}/join", data={"csrf": p.csrf(), "lang": "en", "role": "it",
                                                                 "name": "<b>Ivo</b>"}, headers=streamed,
                       timeout=30) as stream:
        assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
        cookie = next(h for h in stream.headers.get_list("set-cookie") if h.startswith(f"tk_{created.code}="))
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        threading.Timer(0.5, lambda: other.post("add", phase="ideas", text=XSS)).start()
        events = read_events(stream, lambda ev: any(op["op"] == "note" for e in ev for op in e.get("ops", ())))
    joined, *later = events
    assert joined["event"] == "joined" and joined["ok"] is True and joined["url"] == f"/j/{created.code}?lang=en"
    assert 'class="tk-phase"' in joined["page"] and "&lt;b&gt;Ivo&lt;/b&gt;" in joined["page"]
    assert joined["v"] < later[-1]["id"] == later[-1]["v"] == core.get_session(store, created.code).version
    [note] = [op for e in later for op in e["ops"] if op["op"] == "note"]
    assert "&lt;img" in note["html"] and "<img" not in note["html"] and "Mira" in note["html"]
    assert p.page().text.count("tk-join-submit") == 0  # the cookie came with the answer
    assert core.participant_counts(store, created.code) == {"it": 1, "marketing": 1}


def test_live_stream_pushes_other_peoples_notes_and_steering(session):
    store, created, person = session
    watcher, writer = person(), person("nl")
    watcher.join("it")
    writer.join("marketing", "Mira")
    core.set_revealed(store, created.code, created.facilitator_key, True)  # the silent idea phase, revealed
    version = core.get_session(store, created.code).version
    with watcher.http.stream("GET", f"/j/{created.code}/live", params={"lang": "en", "v": version},
                             timeout=30) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        threading.Timer(0.5, lambda: writer.post("add", phase="ideas", text=XSS)).start()
        threading.Timer(1.5, lambda: core.start_timer(store, created.code, created.facilitator_key, 5)).start()
        threading.Timer(2.5, lambda: core.next_phase(store, created.code, created.facilitator_key)).start()
        events = read_events(stream, lambda ev: any(op["op"] == "refresh" for e in ev for op in e["ops"]))
    ops = [op for e in events for op in e["ops"]]
    [note] = [op for op in ops if op["op"] == "note"]
    assert "&lt;img" in note["html"] and "<img" not in note["html"] and "Mira" in note["html"]
    assert "tk-note-own" not in note["html"] and "tk-note-delete" not in note["html"]
    assert any(op["op"] == "timer" and op["deadline"] for op in ops)
    assert ops[-1] == {"op": "refresh"}


def test_a_reconnecting_page_catches_up(session):
    store, created, person = session
    p = person()
    p.join()
    core.next_phase(store, created.code, created.facilitator_key)
    with p.http.stream("GET", f"/j/{created.code}/live", params={"lang": "en"},
                       headers={"Last-Event-ID": "1"}, timeout=30) as stream:
        events = read_events(stream, lambda ev: bool(ev))
    assert events[0]["ops"] == [{"op": "refresh"}]
    assert events[0]["id"] == core.get_session(store, created.code).version


@contextlib.contextmanager
def page_read_late(session, watched: bool):
    """A participant (``late``) who joined and read their page, and its version, while the
    session's watcher runs (another participant's stream is open) or before it exists."""
    _store, created, person = session
    first, late = person(), person()
    first.join("it")
    with contextlib.ExitStack() as stack:
        if watched:
            warm = stack.enter_context(first.http.stream("GET", f"/j/{created.code}/live", params={"lang": "en"},
                                                         timeout=30))
            held = warm.iter_text()  # the stream stays open (and the session's watcher runs) while held
            next(held)
        late.join("sales")
        yield late, int(re.search(r'data-version="(\d+)"', late.page().text).group(1))


@pytest.mark.parametrize("watched", [True, False], ids=["watcher-running", "first-page-of-the-session"])
def test_a_page_read_while_others_arrive_is_not_re_read(session, watched):
    """A room arriving moves the feed at every join; a page read meanwhile missed nothing it
    shows, so its stream opens without a re-read (a refresh would fetch the page again), whether
    the session's watcher was running or starts with this page; the next change that shows
    reaches it as an operation."""
    store, created, person = session
    with page_read_late(session, watched) as (late, version):
        for _ in range(3):
            person().join("marketing")
        time.sleep(0.5)  # a running watcher has polled the arrivals
        assert core.get_session(store, created.code).version == version + 3
        with late.http.stream("GET", f"/j/{created.code}/live", params={"lang": "en", "v": version},
                              timeout=30) as stream:
            threading.Timer(1.0, lambda: core.start_timer(store, created.code, created.facilitator_key, 5)).start()
            events = read_events(stream, lambda ev: bool(ev))
    assert [op["op"] for op in events[0]["ops"]] == ["timer"]


@pytest.mark.parametrize("watched", [True, False], ids=["watcher-running", "first-page-of-the-session"])
def test_a_page_that_missed_a_change_it_shows_is_re_read(session, watched):
    store, created, person = session
    with page_read_late(session, watched) as (late, version):
        person().join("marketing")
        core.start_timer(store, created.code, created.facilitator_key, 5)
        person().join("marketing")
        time.sleep(0.5)  # a running watcher has polled all three
        with late.http.stream("GET", f"/j/{created.code}/live", params={"lang": "en", "v": version},
                              timeout=30) as stream:
            events = read_events(stream, lambda ev: bool(ev))
    assert events[0]["ops"] == [{"op": "refresh"}]


def test_live_stream_needs_a_participant(session):
    _store, created, person = session
    assert person().http.get(f"/j/{created.code}/live").status_code == 403


def test_a_deleted_sessions_stream_is_refused_after_its_page_was_read(session):
    store, created, person = session
    p = person()
    p.join()
    assert p.page().status_code == 200  # the server now knows this participant
    core.delete_session(store, created.code, created.facilitator_key)
    assert p.http.get(f"/j/{created.code}/live").status_code == 403
    assert p.page().status_code == 404


def test_a_join_right_after_its_form_is_still_checked_by_core(session):
    """The join form was just served (the server knows the session): a forged role or an
    enormous name is refused with the message, and the form keeps what was typed."""
    store, created, person = session
    p = person()

    def join(role: str, name: str) -> httpx.Response:
        return p.http.post(f"/j/{created.code}/join", data={"csrf": p.csrf(), "lang": "en", "role": role,
                                                             "name": name})

    refused = join("root", "Ivo")
    assert refused.status_code == 422 and 'class="tk-error"' in refused.text and 'value="Ivo"' in refused.text
    long = join("it", "N" * 5000)
    assert long.status_code == 422 and 'class="tk-error"' in long.text
    assert core.participant_counts(store, created.code) == {}
    assert join("it", "Ivo").status_code == 303
    assert core.participant_counts(store, created.code) == {"it": 1}


def test_every_browser_gets_its_own_token_on_the_same_join_form(session):
    """The join form is drawn once per session and language; each browser still finds its own
    CSRF token in it, and one browser's token does not let another one in."""
    store, created, person = session
    first, second = person(), person()
    first_form, second_form = first.page().text, second.page().text
    first_token, second_token = CSRF.search(first_form).group(1), CSRF.search(second_form).group(1)
    assert first_token != second_token
    assert first_form.replace(first_token, "") == second_form.replace(second_token, "")
    assert "<tk-csrf>" not in first_form
    stolen = second.http.post(f"/j/{created.code}/join", data={"csrf": first_token, "lang": "en", "role": "it",
                                                               "name": "Mallory"})
    assert stolen.status_code == 403 and 'class="tk-error"' in stolen.text and 'value="Mallory"' in stolen.text
    assert core.participant_counts(store, created.code) == {}
    first.join("it", "Ivo")
    second.join("service", "Sam")
    assert core.participant_counts(store, created.code) == {"it": 1, "service": 1}
    # Each language has its own form: a Dutch visitor reads Dutch, with a token of their own.
    dutch = person("nl").page().text
    assert "Doe mee met de workshop" in dutch and "Join the workshop" not in dutch
    assert CSRF.search(dutch).group(1) not in (first_token, second_token)


def test_a_note_posted_while_another_process_writes_waits_and_the_pages_go_on(session):
    """A kernel (here a plain connection) holds SQLite's write lock: a note posted meanwhile is
    neither lost nor refused but stored once the lock is free, and the server keeps serving
    pages and joins its form meanwhile (the waiting write is not on its event loop)."""
    store, created, person = session
    ann = person()
    ann.join("it", "Ann")
    db_file = store.url.removeprefix("sqlite:///")
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    posted: dict = {}
    writer = threading.Thread(target=lambda: posted.update(r=ann.post("add", phase="ideas", prompt="idea",
                                                                      text="Written while locked")))
    try:
        writer.start()
        time.sleep(0.5)  # the post is in, waiting for the lock
        assert writer.is_alive()
        bob = person()
        assert bob.page().status_code == 200 and "tk-join-submit" in bob.page().text
        assert ann.page().status_code == 200
        assert writer.is_alive()  # still waiting: only the lock's end lets it through
    finally:
        other.execute("ROLLBACK")
        other.close()
    writer.join(30)
    assert posted["r"].status_code == 200, posted["r"].text
    assert notes(store, created.code) == ["Written while locked"]


def test_the_page_is_light(session):
    """The join form and a phase page with their stylesheet and script: well under 100 KB."""
    _store, _created, person = session
    p = person()
    join_form = len(p.page().content)
    p.join()
    page = p.page().text
    assets = [p.http.get(url.replace("&amp;", "&")).content for url in
              re.findall(r'(?:href|src)="(/j/static/[^"]+)"', page)]
    assert len(assets) == 2
    total = len(page.encode()) + sum(len(a) for a in assets)
    assert join_form + sum(len(a) for a in assets) < 40_000
    assert total < 40_000, total


def test_forms_with_every_field_kind(web_server):
    base, db_url = web_server
    store = Store(db_url)
    created = core.create_session(store, "aida-journey", "nl")
    phases = [p.id for p in core.get_session(store, created.code).workshop.phases]
    p = Person(base, created.code, "nl")
    p.join("it")
    core.set_phase(store, created.code, created.facilitator_key, phases.index("touchpoints"))
    page = p.page().text
    for name in ("f:touchpoint", "f:stage", "f:owner", "f:importance"):
        assert f'name="{name}"' in page
    answer = p.post("add", phase="touchpoints", **{"f:touchpoint": "Checkout <b>", "f:stage": "action",
                                                   "f:owner": "it", "f:importance": "3,5", "f:kpi": ""})
    assert answer.json()["ok"], answer.text
    [touchpoint] = core.contributions(store, created.code, "touchpoints")
    assert touchpoint.payload == {"touchpoint": "Checkout <b>", "stage": "action", "owner": "it", "importance": 3.5}
    card = answer.json()["ops"][0]["html"]
    assert "Checkout &lt;b&gt;" in card and "Actie" in card and "3,5" in card  # labels, not ids
    refused = p.post("add", phase="touchpoints", **{"f:touchpoint": "x", "f:stage": "nowhere"})
    assert refused.status_code == 422 and "is geen geldige keuze" in refused.json()["error"]
    missing = p.post("add", fetch=False, phase="touchpoints", **{"f:touchpoint": "kept draft"})
    assert missing.status_code == 422 and "is verplicht" in missing.text and 'value="kept draft"' in missing.text
    core.set_phase(store, created.code, created.facilitator_key, phases.index("blockers"))
    ref = p.post("add", phase="blockers", **{"f:blocker": "No budget", "f:touchpoint": str(touchpoint.id),
                                             "f:category": "no_budget", "f:action": "Ask the board"})
    assert ref.json()["ok"], ref.text
    assert "Checkout &lt;b&gt;" in ref.json()["ops"][0]["html"]  # the reference reads as its text
    p.close()
    store.dispose()


def test_unknown_codes_are_limited_per_client_with_a_clear_message(web_server):
    base, _db = web_server
    # A client of its own (another loopback address), so no other test shares its count.
    guesser = httpx.Client(base_url=base, transport=httpx.HTTPTransport(local_address="127.0.0.7"), timeout=30)
    try:
        statuses = [guesser.get(f"/j/ZQ{n:04d}", params={"lang": "en"}).status_code for n in range(30)]
        assert statuses == [404] * 30
        refused = guesser.get("/j/ZQ9999", params={"lang": "nl"})
        assert refused.status_code == 429
        assert "te veel onbekende sessiecodes" in refused.text
        posted = guesser.post("/j/ZQ9998/join", data={"role": "it"}, headers={"X-TK-Fetch": "1"})
        assert posted.status_code == 429 and posted.json()["ok"] is False
    finally:
        guesser.close()
    # Everyone else still gets the plain "unknown code" answer.
    assert httpx.get(f"{base}/j/ZQ9999", params={"lang": "en"}, timeout=30).status_code == 404
