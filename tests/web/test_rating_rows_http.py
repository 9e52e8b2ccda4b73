"""The participant page's rating phase shows the rows core allows: in the brainstorm the ideas with
the most dots only, and a score posted for another row is refused in the page's language."""
from __future__ import annotations

import pytest

from tests.web.conftest import Person
from toolkit.core import sessions as core
from toolkit.core.store import Store


@pytest.fixture
def rating_session(web_server):
    base, db_url = web_server
    store = Store(db_url)
    created = core.create_session(store, "brainstorm", "en")
    code, key = created.code, created.facilitator_key
    voter = core.join(store, code, "it", "Ivo")
    ideas = [core.add_contribution(store, code, voter.token, "ideas", {"text": f"Idea number {i}"}).id
             for i in range(7)]
    core.next_phase(store, code, key)
    for idea, dots in zip(ideas[:5], (1, 1, 1, 1, 1), strict=True):
        core.vote(store, code, voter.token, "vote", idea, dots)
    core.next_phase(store, code, key)
    person = Person(base, code)
    yield store, code, ideas, person
    person.close()
    store.dispose()


def test_only_the_top_voted_ideas_are_rated_on_the_page(rating_session):
    store, code, ideas, person = rating_session
    person.join("marketing", "Mira")
    page = person.page().text
    page = page.split('<section class="tk-rating">', 1)[1].split("</section>", 1)[0]  # the grid, not the board
    for i in range(5):
        assert f"Idea number {i}" in page
    assert "Idea number 5" not in page and "Idea number 6" not in page
    refused = person.post("rate", fetch=False, phase="rate", row=str(ideas[6]), **{"score::customers": "4"})
    assert refused.status_code in (400, 422)
    assert "is not a valid choice" in refused.text
    accepted = person.post("rate", fetch=False, phase="rate", row=str(ideas[0]), **{"score::customers": "4"})
    assert accepted.status_code in (200, 303)
    assert [c.payload["row"] for c in core.contributions(store, code, "rate")] == [str(ideas[0])]
