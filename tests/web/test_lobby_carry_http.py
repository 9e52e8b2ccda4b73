"""Building on an earlier session from the lobby: the earlier key is asked for, nothing typed is lost."""
from __future__ import annotations

import re

import httpx

from tests.web.conftest import CSRF
from toolkit.core import carry
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.store import Store


def _start(http: httpx.Client, **fields) -> httpx.Response:
    csrf = CSRF.search(http.get("/lobby", params={"lang": "en"}).text).group(1)
    return http.post("/lobby/start", data={"csrf": csrf, "lang": "en", **fields})


def test_the_lobby_starts_a_session_that_builds_on_an_earlier_one(web_server):
    base, db_url = web_server
    store = Store(db_url)
    old = seed_session(store, "dna-insurer")
    with httpx.Client(base_url=base, timeout=60) as http:
        lobby = http.get("/lobby", params={"lang": "en"}).text
        assert 'name="from_code"' in lobby and 'name="from_key"' in lobby and 'type="password"' in lobby

        no_key = _start(http, workshop="aida-journey", from_code=old.code)
        assert no_key.status_code == 422 and "earlier session&#39;s facilitator key" in no_key.text
        assert f'value="{old.code}"' in no_key.text  # what was typed is still there

        wrong = _start(http, workshop="aida-journey", from_code=old.code, from_key="not-the-key")
        assert wrong.status_code == 403 and "tk-error" in wrong.text and f'value="{old.code}"' in wrong.text

        done = _start(http, workshop="aida-journey", from_code=old.code.lower(), from_key=old.facilitator_key)
        assert done.status_code == 200 and f"Builds on session {old.code}" in done.text
        assert "tk-carried-review" in done.text
        code = re.search(r'/j/([A-Z0-9]{6})"', done.text).group(1)
    state = core.get_session(store, code)
    assert carry.carried(state)["from"] == old.code and carry.carried(state)["seeded"]["touchpoints"] >= 1
    assert old.facilitator_key not in done.text  # the earlier key is never shown back
    store.dispose()
