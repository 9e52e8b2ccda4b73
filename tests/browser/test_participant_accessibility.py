"""axe-core on the participant page: no serious or critical violation on the join form and on a
page of each input kind (note, form with every field kind, vote, rating grid, discussion)."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import join, wait_live
from tests.browser.test_participant_page import light_server  # noqa: F401 (a fixture)
from toolkit.core import sessions as core

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser):
    """A phone-sized page that may inject axe-core despite the page's script policy."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make install-test` installs axe-core with npm")
    contexts = []

    def make(width: int = 360):
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result if v["impact"] in ("serious", "critical")]


def small_targets(page: Page) -> list[str]:
    """Visible controls smaller than 44 x 44 px (a finger's width)."""
    return page.evaluate("""() => [...document.querySelectorAll(
            'button, input:not([type=hidden]), select, textarea, summary, a')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el, el.getBoundingClientRect()])
        .filter(([el, r]) => r.height < 44 || r.width < 44)
        .map(([el, r]) => `${el.tagName}.${el.className} ${Math.round(r.width)}x${Math.round(r.height)}`)""")


def phone_ready(page: Page) -> None:
    """Usable at 360 px: no sideways scrolling, big enough targets, no serious axe finding."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
    assert small_targets(page) == []
    assert serious_violations(page) == []


def test_join_and_ask_forms(light_server, axe_page):  # noqa: F811 (the fixture)
    base, store = light_server
    created = core.create_session(store, "brainstorm", "nl")
    page = axe_page()
    for url in (f"{base}/j", f"{base}/j/{created.code}", f"{base}/j/ZZZZZZ?lang=en"):  # the last: an error
        page.goto(url)
        phone_ready(page)


@pytest.mark.parametrize("workshop, phase", [
    ("brainstorm", "ideas"), ("dna-mapping", "cascade"), ("dna-mapping", "kpis"), ("aida-journey", "touchpoints"),
    ("brainstorm", "vote"), ("dna-mapping", "alignment"), ("brainstorm", "rate"), ("brainstorm", "results"),
])
def test_each_input_kind(light_server, axe_page, workshop, phase):  # noqa: F811 (the fixture)
    base, store = light_server
    created = core.create_session(store, workshop, "en")
    phases = [p.id for p in core.get_session(store, created.code).workshop.phases]
    host = core.join(store, created.code, "management", "Host")
    # Something on the board to vote on, rate and refer to.
    for source in ("ideas", "values", "cascade"):
        if source in phases:
            core.set_phase(store, created.code, created.facilitator_key, phases.index(source))
            payload = {"text": "A note <b>"} if source == "ideas" else (
                {"value": "Fast"} if source == "values" else {"level": "organisation", "text": "Grow"})
            core.add_contribution(store, created.code, host.token, source, payload)
    core.set_phase(store, created.code, created.facilitator_key, phases.index(phase))
    page = axe_page()
    join(page, base, created.code, "it", "Iris")
    wait_live(page)
    phone_ready(page)
