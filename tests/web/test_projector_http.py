"""The projector view over real HTTP: what a visitor may see, no key, no input, live updates."""
from __future__ import annotations

import threading

import httpx
import pytest

from tests.web.conftest import Person
from tests.web.test_participant_http import XSS, read_events
from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.core.store import Store


@pytest.fixture
def room(web_server):
    base, db_url = web_server
    store = Store(db_url)
    created = core.create_session(store, "brainstorm", "en")
    core.set_revealed(store, created.code, created.facilitator_key, True)  # the idea phase is silent
    writer = Person(base, created.code)
    writer.join("marketing", "Mira")
    screen = httpx.Client(base_url=base, timeout=30)
    yield store, created, writer, screen
    writer.close()
    screen.close()
    store.dispose()


def test_the_screen_shows_link_qr_phase_and_board_and_never_the_key(room):
    _store, created, writer, screen = room
    writer.post("add", phase="ideas", text=XSS)
    page = screen.get(f"/j/{created.code}/screen")
    assert page.status_code == 200
    html = page.text
    assert f"/j/{created.code}</p>" in html  # the short link, as text
    assert 'class="tk-projector-qr" src="data:image/svg+xml' in html
    assert 'class="tk-phase"' in html and "tk-timer" in html
    assert "&lt;img" in html and "<img src=x" not in html  # participant text escaped
    assert created.facilitator_key not in html
    assert "<form" not in html.replace('<form class="tk-lang"', "")  # no input form, only the language switch
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "set-cookie" not in {k.lower() for k in page.headers}


def test_a_silent_phase_shows_only_how_much_came_in(web_server):
    base, db_url = web_server
    store = Store(db_url)
    created = core.create_session(store, "dna-mapping", "en")  # its purpose phase is silent
    writer = Person(base, created.code)
    writer.join("marketing")
    writer.post("add", phase="purpose", text="We make insurance simple")
    with httpx.Client(base_url=base, timeout=30) as screen:
        html = screen.get(f"/j/{created.code}/screen").text
        assert "We make insurance simple" not in html
        assert "Contributions so far: 1" in html
        core.set_revealed(store, created.code, created.facilitator_key, True)
        assert "We make insurance simple" in screen.get(f"/j/{created.code}/screen").text
    writer.close()
    store.dispose()


def test_hidden_notes_never_and_agreed_notes_on_top(room):
    store, created, writer, screen = room
    kept = writer.post("add", phase="ideas", text="Shared KPI board").json()
    gone = writer.post("add", phase="ideas", text="Blame IT").json()
    ids = [int(op["id"]) for op in kept["ops"] + gone["ops"]]
    curation.agree(store, created.code, created.facilitator_key, ids[0])
    curation.hide(store, created.code, created.facilitator_key, [ids[1]])
    html = screen.get(f"/j/{created.code}/screen").text
    assert "Blame IT" not in html
    top = html.index('class="tk-projector-agreed"')
    assert html.index("Shared KPI board") > top and 'class="tk-agreed"' in html


def test_the_screen_stream_needs_no_cookie_and_follows_the_room(room):
    store, created, writer, screen = room
    version = core.get_session(store, created.code).version
    with screen.stream("GET", f"/j/{created.code}/screen/live", params={"lang": "en", "v": version}) as stream:
        assert stream.status_code == 200
        threading.Timer(0.5, lambda: writer.post("add", phase="ideas", text="Pair on the web shop")).start()
        events = read_events(stream, lambda ev: any(op["op"] == "note" for e in ev for op in e["ops"]))
    [note] = [op for e in events for op in e["ops"] if op["op"] == "note"]
    assert "Pair on the web shop" in note["html"] and "tk-note-delete" not in note["html"]


def test_an_unknown_code_gets_the_ask_page(web_server):
    base, _db = web_server
    with httpx.Client(base_url=base, timeout=30) as screen:
        assert screen.get("/j/NOSUCH/screen").status_code == 404
        assert screen.get("/j/NOSUCH/screen/live").status_code == 403
