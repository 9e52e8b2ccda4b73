"""The locked facilitator page is only the key field: everything else on the page is built when the
key is accepted (or, on a participant's page, when they join), and then works as before.

Every widget a kernel creates is sent to the browser before the page is interactive, shown or
not; a locked page that built the board, the phase header and the bar's controls sent 143 widgets
where it shows about 30.
"""
from __future__ import annotations

import asyncio

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances  # the registry behind the deprecated Widget.widgets

from toolkit.core import sessions as core
from toolkit.ui.preload import chart_modules, preload
from toolkit.ui.session_app import LiveApp
from toolkit.ui.text import t


def reachable(widget: w.Widget) -> set[int]:
    """The ids of ``widget`` and of every widget it refers to (children, layouts, styles)."""
    seen: set[int] = set()
    todo = [widget]
    while todo:
        x = todo.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        for name in x.keys:
            value = getattr(x, name, None)
            values = value if isinstance(value, (tuple, list)) else (value,)
            todo.extend(v for v in values if isinstance(v, w.Widget))
    return seen


def widget_ids() -> set[int]:
    """Every widget alive in this process (what a kernel would have sent to the browser)."""
    return {id(x) for x in _instances.values()}


@pytest.fixture
def created(store):
    return core.create_session(store, "brainstorm", "en")


def facilitator_page(store, created, pages, key: str | None = None) -> LiveApp:
    """The facilitator's page of ``created``, unlocked with ``key`` when one is given."""
    page = LiveApp(store, code=created.code, view="facilitator", join_url=f"http://h/j/{created.code}")
    pages.append(page)
    if key is not None:
        page.bar.key.value = key
        page.bar.unlock.click()
    return page


def test_locked_facilitator_page_builds_only_what_it_shows(store, created, pages):
    before = widget_ids()
    page = facilitator_page(store, created, pages)
    built = widget_ids() - before
    assert built <= reachable(page.widget), "a widget was built that the locked page does not show"
    assert len(built) <= 40
    assert page.bar.controls.children == ()
    for part in ("board", "header", "input_area", "extra"):
        assert page._built(part) is None, part
    page.set_language("nl")  # switching language builds nothing either
    assert widget_ids() - before <= reachable(page.widget)


def test_unlocking_builds_the_controls_board_and_header_and_they_work(store, created, pages):
    ann = core.join(store, created.code, "marketing", "Ann")
    core.add_contribution(store, created.code, ann.token, "ideas", {"text": "Live chat <b>now</b>"})
    page = facilitator_page(store, created, pages, key="wrong")
    assert page.bar.controls.children == () and page._built("board") is None
    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    assert page.bar.unlocked
    assert page._built("board") is not None and page._built("header") is not None
    assert page.board.texts == ["Live chat <b>now</b>"]
    assert "Live chat &lt;b&gt;now&lt;/b&gt;" in next(iter(page.board.cards.values())).html.value
    assert "<svg" in page.bar.qr.value and created.code in page.bar.join.value
    page.bar.next.click()
    assert core.get_session(store, created.code).phase_index == 1
    assert page.header.title.value == f"<h2>{page.state.phase.title('en')}</h2>"
    page.set_language("nl")
    assert page.bar.next.description == t("next_phase", "nl")
    page.refresh(full=True)  # without a live loop, the charts wait for their libraries and draw
    assert not page._chart_libraries.is_alive()
    assert page.extra.children, "the results panel is drawn"


def test_joining_builds_the_participant_parts(store, created, pages):
    page = LiveApp(store, code=created.code, lang="en")
    pages.append(page)
    assert page._built("board") is None
    page.join_form.role.value = "it"
    page.join_form.submit.click()
    assert page.me is not None
    assert page._built("board") is not None and page._built("input_area") is not None


def test_chart_libraries_load_on_a_thread():
    names = chart_modules("dna-mapping")
    assert {"pandas", "matplotlib.figure", "toolkit.methods.dna", "toolkit.charts.dna"} <= set(names)
    assert "toolkit.charts.brainstorm" not in chart_modules("brainstorm")  # it has no chart module
    thread = preload(names)
    thread.join(timeout=120)
    assert not thread.is_alive()
    import sys

    assert set(names) <= set(sys.modules)


def test_charts_wait_for_their_libraries_while_the_live_loop_runs(store, created, pages):
    """With the loop running, a tick never blocks on the libraries: it draws once they loaded."""
    page = facilitator_page(store, created, pages)

    async def unlock_and_wait() -> bool:
        page.bar.key.value = created.facilitator_key
        page.bar.unlock.click()
        assert page.loop.running and page.bar.unlocked
        for _ in range(600):
            if page._built("extra") is not None and page.extra.children:
                return True
            await asyncio.sleep(0.1)
        return False

    assert asyncio.run(unlock_and_wait())
    assert not page._chart_libraries.is_alive()


def test_a_list_editor_is_built_when_its_section_opens_and_saves(store, pages):
    created = core.create_session(store, "aida-journey", "en")
    page = facilitator_page(store, created, pages, key=created.facilitator_key)
    lists = page.lists
    assert lists.selected_index is None and lists.built == {} and page.list_editors == []
    assert all(section.children == () for section in lists.children)
    list_ids = list(page.state.workshop.lists)
    index = list_ids.index("gadd_steps")
    lists.selected_index = index
    (editor,) = page.list_editors
    assert lists.children[index].children == (editor.widget,)
    assert editor.list_id == "gadd_steps"
    assert editor.text.value.splitlines() == [label for _, label in page.state.list_items("gadd_steps")]
    editor.text.value = "Collect\nStudy <b>it</b>\n"
    editor.save.click()
    assert page.errors.message == ""
    assert [label for _, label in core.get_session(store, created.code).list_items("gadd_steps")] == [
        "Collect", "Study <b>it</b>"]
    lists.selected_index = None
    lists.selected_index = index  # opened again: the same editor, not a second one
    assert page.list_editors == [editor]
    page.set_language("nl")
    assert "Stappen van de klantdata" in editor.title.value
