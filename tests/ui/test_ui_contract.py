"""The CSS hooks other tools rely on (DESIGN.md, docs/ui-contract.md).

1. Every required hook is on the widget tree of a participant page and a facilitator page (walking
   ``.children`` and collecting ``._dom_classes``), in the states where a test would look for it.
2. docs/ui-contract.md and the code in toolkit/ui (and the server's own pages and scripts in
   toolkit/guard) agree: every class the page mentions exists in the source, and every class the
   source sets with ``add_class`` (or writes into markup) is documented.
"""
from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w
import pytest

from toolkit.core import sessions as core
from toolkit.ui.session_app import LiveApp

ROOT = Path(__file__).resolve().parents[2]
UI_SOURCE = ROOT / "toolkit" / "ui"
GUARD_SOURCE = ROOT / "toolkit" / "guard"
WEB_SOURCE = ROOT / "toolkit" / "web"  # the participant page: templates, script, handlers
CONTRACT = ROOT / "docs" / "ui-contract.md"

# The hooks DESIGN.md ("Contracts other tools rely on") requires at least.
REQUIRED = {
    "tk-join-code", "tk-join-name", "tk-join-role", "tk-join-submit", "tk-note-input", "tk-note-submit",
    "tk-board", "tk-note", "tk-vote", "tk-phase", "tk-timer", "tk-facilitator-key", "tk-facilitator-unlock",
    "tk-next-phase", "tk-error", "tk-lang",
}
# Which view shows which required hook (over the page's life: join form, note phase, vote phase;
# locked and unlocked facilitator page).
PARTICIPANT = {
    "tk-join-code", "tk-join-name", "tk-join-role", "tk-join-submit", "tk-note-input", "tk-note-submit",
    "tk-board", "tk-note", "tk-vote", "tk-phase", "tk-timer", "tk-error", "tk-lang",
}
FACILITATOR = {
    "tk-facilitator-key", "tk-facilitator-unlock", "tk-next-phase", "tk-board", "tk-note", "tk-phase",
    "tk-timer", "tk-error", "tk-lang",
}
FACILITATOR_ONLY = {"tk-facilitator-key", "tk-facilitator-unlock", "tk-next-phase"}


def walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def classes(widget: w.Widget) -> set[str]:
    """Every CSS class on the widget tree under ``widget``."""
    return {cls for x in walk(widget) for cls in getattr(x, "_dom_classes", ())}


def visible_classes(widget: w.Widget) -> set[str]:
    """The classes on the part of the tree that is shown (not under ``display: none``)."""
    if widget.layout.display == "none":
        return set()
    found = set(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()) or ():
        found |= visible_classes(child)
    return found


def with_class(widget: w.Widget, cls: str) -> list[w.Widget]:
    return [x for x in walk(widget) if cls in getattr(x, "_dom_classes", ())]


def visible(widget: w.Widget) -> bool:
    return widget.layout.display != "none"


@pytest.fixture
def created(store):
    return core.create_session(store, "brainstorm", "en")


def test_design_hooks_are_split_between_the_views():
    assert PARTICIPANT | FACILITATOR == REQUIRED


def test_required_hooks_on_a_participant_page(store, created, pages):
    page = LiveApp(store, code=created.code)
    pages.append(page)
    seen = classes(page.widget)  # the join form
    assert {"tk-join-code", "tk-join-name", "tk-join-role", "tk-join-submit", "tk-error", "tk-lang"} <= seen
    assert not seen & FACILITATOR_ONLY
    assert not {"tk-board", "tk-note"} & seen  # nothing of the session before joining

    page.join_form.role.value = "it"
    page.join_form.submit.click()
    assert page.me is not None
    page._input.text.value = "First note"
    page._input.submit.click()
    other = core.join(store, created.code, "sales", "Bob")
    core.add_contribution(store, created.code, other.token, "ideas", {"text": "<b>Second</b>"})
    core.start_timer(store, created.code, created.facilitator_key, 5)
    page.refresh()
    now = classes(page.widget)
    assert {"tk-note-input", "tk-note-submit", "tk-board", "tk-note", "tk-phase", "tk-timer", "tk-error",
            "tk-lang"} <= now
    seen |= now

    core.next_phase(store, created.code, created.facilitator_key)
    page.refresh()
    now = classes(page.widget)
    assert "tk-vote" in now
    seen |= now

    assert seen >= PARTICIPANT
    assert not seen & FACILITATOR_ONLY


def test_required_hooks_on_a_facilitator_page(store, created, pages):
    ann = core.join(store, created.code, "marketing", "Ann")
    core.add_contribution(store, created.code, ann.token, "ideas", {"text": "A note"})
    page = LiveApp(store, code=created.code, view="facilitator", join_url="http://h/live.ipynb?session=X")
    pages.append(page)
    seen = classes(page.widget)  # locked: the key field only
    assert {"tk-facilitator-key", "tk-facilitator-unlock", "tk-error", "tk-lang"} <= seen
    assert not {"tk-board", "tk-note", "tk-phase", "tk-join-code"} & seen
    # the controls are built once the key is accepted
    assert "tk-next-phase" not in visible_classes(page.widget)
    assert {"tk-facilitator-key", "tk-facilitator-unlock"} <= visible_classes(page.widget)

    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    core.start_timer(store, created.code, created.facilitator_key, 5)
    page.refresh()
    now = classes(page.widget)
    assert {"tk-next-phase", "tk-board", "tk-note", "tk-phase", "tk-timer", "tk-error", "tk-lang"} <= now
    assert "tk-next-phase" in visible_classes(page.widget)
    assert "tk-facilitator-key" not in visible_classes(page.widget)
    seen |= now
    assert seen >= FACILITATOR
    assert "tk-view-facilitator" in seen


def test_required_hooks_behave_as_documented(store, created, pages):
    page = LiveApp(store, code=created.code, lang="en")
    pages.append(page)
    (error,) = with_class(page.widget, "tk-error")
    assert not visible(error)  # hidden while all is well
    page.join_form.submit.click()  # no role chosen
    assert visible(error)
    assert "tk-error-text" in error.value and "Please choose a role" in error.value

    page.join_form.role.value = "it"
    page.join_form.submit.click()
    assert not visible(error)
    for text in ("One", "Two <i>"):
        page._input.text.value = text
        page._input.submit.click()
    notes = with_class(page.widget, "tk-note")
    assert len(notes) == 2  # one per shown note, its text inside .tk-note-text
    bodies = [x.value for n in notes for x in walk(n) if isinstance(x, w.HTML)]
    assert "<div class='tk-note-text'>One</div>" in bodies[0]
    assert "<div class='tk-note-text'>Two &lt;i&gt;</div>" in bodies[1]
    (phase,) = with_class(page.widget, "tk-phase")
    assert "Collect ideas" in phase.value
    (timer,) = with_class(page.widget, "tk-timer")
    assert timer.value == ""
    (lang,) = with_class(page.widget, "tk-lang")
    assert [v for _, v in lang.options] == ["nl", "en"]


# -- the contract page and the code agree -------------------------------------------------------------

CLASS_NAME = r"tk-[a-z0-9]+(?:-[a-z0-9]+)*"


def ui_sources() -> str:
    paths = [*UI_SOURCE.glob("*.py"), *GUARD_SOURCE.glob("*.py"), *GUARD_SOURCE.glob("template/*"),
             *WEB_SOURCE.glob("*.py"), *WEB_SOURCE.glob("templates/*.html"), *WEB_SOURCE.glob("static/*.js")]
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(paths))


def source_widget_classes() -> tuple[set[str], set[str]]:
    """Classes the code sets on widgets: ``(literal classes, prefixes of computed ones)``."""
    text = ui_sources()
    literal = set(re.findall(rf'add_class\(\s*"({CLASS_NAME})"\s*\)', text))
    # facilitator_bar builds its buttons with a helper: button("tk-next-phase", "next", ...)
    literal |= set(re.findall(rf'\bbutton\(\s*"({CLASS_NAME})"', text))
    prefixes = set(re.findall(r'add_class\(\s*f"(tk-[a-z0-9-]*-)\{', text))
    return literal, prefixes


def source_markup_classes() -> tuple[set[str], set[str]]:
    """Classes written into HTML markup: ``(literal classes, prefixes of computed ones)``."""
    text = ui_sources()
    literal, prefixes = set(), set()
    for value in re.findall(r"""class(?:Name\s*)?=\s*\\?["']([^"'\\]*)""", text):
        for name in value.split():
            if name.startswith("tk-") and "{" in name:
                prefixes.add(name.split("{", 1)[0])
            elif re.fullmatch(CLASS_NAME, name):
                literal.add(name)
    return literal, prefixes


def documented() -> tuple[set[str], set[str]]:
    """Classes named in docs/ui-contract.md: ``(literal classes, prefixes of patterns like tk-field-<id>)``."""
    text = CONTRACT.read_text(encoding="utf-8")
    names = re.findall(r"`(tk-[a-z0-9<>\- ]+)`", text)
    literal = {n for n in names if re.fullmatch(CLASS_NAME, n)}
    prefixes = {n.split("<", 1)[0] for n in names if "<" in n}
    return literal, prefixes


def test_contract_page_lists_the_required_hooks():
    literal, _ = documented()
    assert literal >= REQUIRED
    required_section = CONTRACT.read_text(encoding="utf-8").split("## Required hooks", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(rf"^\| `({CLASS_NAME})` \|", required_section, flags=re.M))
    assert rows == REQUIRED


def test_every_documented_class_exists_in_the_source():
    doc_literal, doc_prefixes = documented()
    widget_literal, widget_prefixes = source_widget_classes()
    markup_literal, markup_prefixes = source_markup_classes()
    prefixes = widget_prefixes | markup_prefixes
    missing = {c for c in doc_literal
               if c not in widget_literal | markup_literal and not any(c.startswith(p) for p in prefixes)}
    assert not missing, f"documented in docs/ui-contract.md but set nowhere in toolkit/ui: {sorted(missing)}"
    unknown_patterns = doc_prefixes - prefixes
    assert not unknown_patterns, f"documented patterns with no computed class in toolkit/ui: {sorted(unknown_patterns)}"


def test_every_class_in_the_source_is_documented():
    doc_literal, doc_prefixes = documented()
    widget_literal, widget_prefixes = source_widget_classes()
    markup_literal, markup_prefixes = source_markup_classes()
    assert "tk-next-phase" in widget_literal and "tk-prev-phase" in widget_literal  # the helper is seen
    undocumented = (widget_literal | markup_literal) - doc_literal
    assert not undocumented, f"add to docs/ui-contract.md: {sorted(undocumented)}"
    assert (widget_prefixes | markup_prefixes) <= doc_prefixes


def test_the_dynamic_examples_in_the_contract_are_real(store, created, pages):
    page = LiveApp(store, code=created.code, view="participant")
    pages.append(page)
    assert "tk-view-participant" in classes(page.widget)
    page.join_form.role.value = "it"
    page.join_form.submit.click()
    page._input.text.value = "x"
    page._input.submit.click()
    core.set_phase(store, created.code, created.facilitator_key, 2)  # the rating phase
    page.refresh()
    assert {"tk-rating-cell", "tk-rating-item-customers", "tk-rating-item-work"} <= classes(page.widget)
