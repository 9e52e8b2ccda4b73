"""The participant page shows the curated board, server-rendered (no script needed): agreed
items first and marked, merged texts under their survivor, clusters as headed groups, hidden
notes gone; and every curation makes open pages fetch a fresh view."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import Person
from toolkit.core import curation, views
from toolkit.core import sessions as core
from toolkit.core.store import Store

XSS = "<script>alert(1)</script>"


@pytest.fixture
def curated(web_server):
    base, db_url = web_server
    store = Store(db_url)
    s = core.create_session(store, "brainstorm", "en")
    phases = [p.id for p in core.get_session(store, s.code).workshop.phases]
    core.set_phase(store, s.code, s.facilitator_key, phases.index("ideas"))
    core.set_revealed(store, s.code, s.facilitator_key, True)
    author = core.join(store, s.code, "it", "Bo")
    ids = {t: core.add_contribution(store, s.code, author.token, "ideas", {"prompt": "idea", "text": t}).id
           for t in ("Live chat", XSS, "Fax number", "Portal", "Newsletter")}
    key = s.facilitator_key
    curation.merge(store, s.code, key, ids["Live chat"], [ids[XSS]])
    curation.hide(store, s.code, key, [ids["Fax number"]])
    curation.create_cluster(store, s.code, key, "ideas", "Online", [ids["Live chat"], ids["Portal"]])
    curation.agree(store, s.code, key, ids["Portal"], "A self-service portal")
    people = []
    yield base, s, ids, people, store
    for p in people:
        p.close()
    store.dispose()


def test_the_page_without_script_shows_the_curated_board(curated):
    base, s, ids, people, _store = curated
    viewer = Person(base, s.code, "en")
    people.append(viewer)
    viewer.join("marketing", "Ann")
    html = viewer.page().text
    board = html[html.index('class="tk-board"'):]
    cards = re.findall(r'<li class="([^"]*)" id="tk-note-(\d+)"', board)
    assert [int(i) for _c, i in cards] == [ids["Portal"], ids["Live chat"], ids["Newsletter"]]  # hidden gone
    assert "tk-agreed" in cards[0][0] and "tk-agreed" not in cards[1][0]
    assert "✔ Agreed" in board and "A self-service portal" in board and "Originally: Portal" in board
    online = board[board.index('data-group="Online"'):]
    assert online.index("<h3>Online</h3>") < online.index("A self-service portal") < online.index("Live chat")
    assert "Merged:" in board and "&lt;script&gt;alert(1)&lt;/script&gt;" in board
    assert XSS not in html and "Fax number" not in html


def test_the_page_reads_in_dutch(curated):
    base, s, _ids, people, _store = curated
    viewer = Person(base, s.code, "nl")
    people.append(viewer)
    viewer.join("it")
    html = viewer.page().text
    assert "✔ Afgesproken" in html and "Oorspronkelijk: Portal" in html and "Samengevoegd:" in html


def test_every_curation_event_asks_for_a_fresh_view(curated):
    _base, s, _ids, _people, store = curated
    view = views.session_view(store, s.code, facilitator_key=s.facilitator_key, viewer="facilitator")
    curation.undo(store, s.code, s.facilitator_key)
    events = core.changes_since(store, s.code, view.version).events
    assert [e["type"] for e in events] == ["curation.undone"]
    assert views.apply_events(view, events) is None
    for op in ("hidden", "merged", "cluster.created", "agreed"):
        assert views.apply_events(view, [{"type": f"curation.{op}", "version": view.version + 1,
                                          "actor": "facilitator", "data": {}}]) is None
