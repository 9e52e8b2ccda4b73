"""The facilitator page's run sheet, votes and scores by role, what each role rates, invitation,
and the list editors' names: drawn from core, following the session."""
from __future__ import annotations

import pytest

from tests.ui.test_live_app import facilitator, participant, walk
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.ui.join_form import JoinForm
from toolkit.ui.rating_grid import RatingGrid


def with_class(widget, cls):
    return [x for x in walk(widget) if cls in getattr(x, "_dom_classes", ())]


@pytest.fixture
def brainstorm(store):
    created = core.create_session(store, "brainstorm", "en")
    core.set_revealed(store, created.code, created.facilitator_key, True)
    return created


def test_the_facilitator_sees_the_run_sheet_and_the_votes_by_role(store, brainstorm, pages):
    ann = participant(store, brainstorm.code, pages, "Ann", "marketing")
    cas = participant(store, brainstorm.code, pages, "Cas", "it")
    ideas = [core.add_contribution(store, brainstorm.code, p.me.token, "ideas", {"text": text}).id
             for p, text in ((ann, "<img src=x onerror=alert(1)>"), (cas, "Evening chat"))]
    fac = facilitator(store, brainstorm, pages, key=brainstorm.facilitator_key)
    fac.bar.next.click()  # the vote
    core.vote(store, brainstorm.code, ann.me.token, "vote", ideas[0], 3)
    core.vote(store, brainstorm.code, cas.me.token, "vote", ideas[1], 2)
    fac.refresh(full=True)
    for hook in ("tk-run-sheet", "tk-by-role", "tk-invitation"):
        assert with_class(fac.widget, hook), hook
    sheet = fac.run_sheet.sheet
    assert [r.planned for r in sheet.rows] == [12, 6, 12, 15]
    assert [r.status for r in sheet.rows] == ["done", "current", "todo", "todo"]
    assert sheet.rows[0].actual is not None and sheet.rows[2].actual is None
    html = fac.run_sheet.table.value
    assert "tk-run-sheet-current" in html and "Planned (min)" in html and "Collect ideas" in html
    result = fac.by_role.result
    assert fac.by_role.phase == "vote" and result.people == {"marketing": 1, "it": 1}
    assert list(result.table["marketing"]) == [3, 0] and list(result.table["it"]) == [0, 2]
    assert "<img" not in fac.by_role.takeaway.value and "&lt;img" in fac.by_role.takeaway.value
    assert with_class(fac.by_role.widget, "tk-chart")
    fac.set_language("nl")
    assert "Gepland (min)" in fac.run_sheet.table.value and "Stemmen en scores per rol" in fac.by_role.title.value


def test_the_invitation_names_the_link_and_code_never_the_key(store, pages):
    created = core.create_session(store, "brand-persona", "en")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    text = fac.invitation.text
    assert "real customer message" in text and created.code in text and created.facilitator_key not in text
    (copy,) = [x for x in walk(fac.invitation.widget) if "tk-invitation-copy" in getattr(x, "value", "")]
    assert "navigator.clipboard" in copy.value and created.facilitator_key not in copy.value
    fac.set_language("nl")
    assert "echt bericht van een klant" in fac.invitation.text


def test_the_facilitator_chooses_the_channels_each_role_rates(store, pages):
    created = seed_session(store, "dna-insurer")
    phases = [p.id for p in core.get_workshop("dna-mapping").phases]
    core.set_phase(store, created.code, created.facilitator_key, phases.index("alignment"))
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    control = fac.role_items
    assert control.widget.layout.display != "none"
    assert "Kanalen en afdelingen per rol" in control.title.value
    control.role.value = "service"
    control.items.value = ("social", "phone")
    control.save.click()
    assert fac.errors.message == ""
    chosen = core.get_session(store, created.code).settings["items_for_role"]["alignment"]
    assert chosen == {"service": ["social", "phone"]}
    assert "Klantenservice" in control.summary.value
    sam = participant(store, created.code, pages, "Sam", "service")
    grid = sam._input
    assert isinstance(grid, RatingGrid)
    assert [key for key, _ in grid.columns] == ["social", "phone"]
    control.all.click()
    assert "service" not in core.get_session(store, created.code).settings["items_for_role"]["alignment"]


def test_list_editors_show_the_lists_name_not_its_id(store, pages):
    created = core.create_session(store, "aida-journey", "en")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    assert "gadd_steps" not in " ".join(fac.lists.titles)
    assert "Customer data steps" in fac.lists.titles
    assert fac.list_editors == []  # a section's editor is built when it is opened
    for index in range(len(fac.lists.titles)):
        fac.lists.selected_index = index
    titles = " ".join(e.title.value for e in fac.list_editors)
    assert "gadd_steps" not in titles and "Customer data steps" in titles
    fac.set_language("nl")
    assert "Stappen van de klantdata" in fac.lists.titles
    assert "Stappen van de klantdata" in " ".join(e.title.value for e in fac.list_editors)


def test_a_language_switch_relabels_without_new_widgets(store, pages):
    from ipywidgets.widgets.widget import _instances

    created = seed_session(store, "dna-insurer")
    phases = [p.id for p in core.get_workshop("dna-mapping").phases]
    core.set_phase(store, created.code, created.facilitator_key, phases.index("alignment"))
    control = facilitator(store, created, pages, key=created.facilitator_key).role_items
    form = JoinForm("nl", lambda *args: None)
    widgets = len(_instances)
    for lang in ("en", "nl", "en"):
        control.set_language(lang)
        form.set_language(lang)
    assert len(_instances) == widgets  # each switch used to leave nine style and layout widgets
    assert control.role.description == "Role" and form.role.description == "Your role"
    assert control.role.style.description_width == "initial"
    assert (form.name.style.description_width, form.name.layout.width) == ("11em", "min(100%, 30em)")
