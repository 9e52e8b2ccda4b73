"""The participant page (no kernel) in Chromium: every phase of every workshop at 390 and 1280 px,
live updates, injection payloads, reload mid-phase, a dropped connection, drafts and languages."""
from __future__ import annotations

import contextlib
import socket
import threading

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import WIDGET_TIMEOUT, add_note, join, wait_live
from tests.web.conftest import start_serve, stop
from toolkit.core import sessions as core
from toolkit.core.store import Store

pytestmark = pytest.mark.browser

INJECTIONS = ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>", "$\\alpha^2$ costs $5"]
LIVE = 15_000


@pytest.fixture(scope="module")
def light_server(tmp_path_factory):
    """``toolkit serve`` with a one-kernel pool: the participant page needs none."""
    folder = tmp_path_factory.mktemp("participant")
    db_url = f"sqlite:///{folder / 'toolkit.sqlite'}"
    process, base = start_serve(folder, db_url)
    yield base, Store(db_url)
    stop(process)


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def assert_nothing_ran(page: Page) -> None:
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("img[src=x], .tk-board script").count() == 0


def fill_form(page: Page, tag: str) -> None:
    """Fill every field of the open form: text fields with ``tag``, choices with an option."""
    for field in page.locator("form.tk-form .tk-form-field").all():
        kind = field.evaluate("el => el.tagName === 'SELECT' ? 'select' : (el.type || 'textarea')")
        if kind == "select":
            values = [v for v in field.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
            if values:
                field.select_option(values[-1])
        elif kind == "number":
            field.fill(field.get_attribute("min") or "3")
        elif kind == "textarea":
            field.fill(f"{tag} {INJECTIONS[0]}")
        else:  # short text fields: some take 40 characters at most
            field.fill(f"<b>{tag}</b> $x$")


def take_part_in_phase(page: Page, phase_index: int, width: int) -> str:
    """Do what the current phase asks; returns the input kind that was used."""
    tag = f"P{phase_index}"
    if page.locator("textarea.tk-note-input").count():
        add_note(page, f"{tag} {INJECTIONS[phase_index % len(INJECTIONS)]}")
        return "note"
    if page.locator("form.tk-form").count():
        before = page.locator(".tk-note-own").count()
        fill_form(page, tag)
        page.click("button.tk-form-submit")
        expect(page.locator(".tk-note-own")).to_have_count(before + 1, timeout=LIVE)
        expect(page.locator(".tk-error")).to_be_hidden()
        return "form"
    if page.locator(".tk-votes").count():
        budget = page.locator(".tk-vote-budget").inner_text()
        page.locator("button.tk-vote-plus").first.click()
        expect(page.locator(".tk-vote-budget")).not_to_have_text(budget, timeout=LIVE)
        expect(page.locator(".tk-vote-dots").first).to_have_text("●")
        return "vote"
    if page.locator("select.tk-rating-cell").count():
        cell = page.locator("select.tk-rating-cell").first
        cell.select_option(index=2)
        expect(page.locator(".tk-rating-status")).not_to_be_empty(timeout=LIVE)
        expect(page.locator(".tk-error")).to_be_hidden()
        return "rating"
    expect(page.locator(".tk-no-input, .tk-rating p i").first).to_be_visible()
    return "none"


@pytest.mark.parametrize("workshop", ["brainstorm", "dna-mapping", "aida-journey", "brand-persona"])
@pytest.mark.parametrize("width", [390, 1280])
def test_every_phase_of_every_workshop(light_server, new_page, artifacts, workshop, width):
    base, store = light_server
    created = core.create_session(store, workshop, "en")
    workshop_def = core.get_session(store, created.code).workshop
    page = new_page(width, 900)
    join(page, base, created.code, "it", "Iris <b>")
    used = set()
    for index, phase in enumerate(workshop_def.phases):
        expect(page.locator("h1.tk-phase")).to_have_text(phase.title("en"), timeout=LIVE)
        expect(page.locator(".tk-phase-step")).to_have_text(f"Phase {index + 1} of {len(workshop_def.phases)}")
        used.add(take_part_in_phase(page, index, width))
        assert no_horizontal_scroll(page), f"{workshop} {phase.id} scrolls sideways at {width} px"
        assert_nothing_ran(page)
        if index == 1:  # a reload mid-workshop resumes the participant where the room is
            page.reload(wait_until="domcontentloaded")
            wait_live(page)
            expect(page.locator("h1.tk-phase")).to_have_text(phase.title("en"))
        if width == 390:
            page.screenshot(path=str(artifacts / f"participant-{workshop}-{phase.id}.png"), full_page=True)
        core.next_phase(store, created.code, created.facilitator_key)
    kinds = {p.input for p in workshop_def.phases}
    assert used == kinds, (used, kinds)
    stored = core.contributions(store, created.code)
    assert any("<b>P" in str(c.payload) or INJECTIONS[0] in str(c.payload) for c in stored)  # kept as typed


def test_notes_reach_other_pages_live_and_nothing_runs(light_server, new_page):
    base, store = light_server
    created = core.create_session(store, "brainstorm", "en")
    core.set_revealed(store, created.code, created.facilitator_key, True)  # the silent idea phase, revealed
    writer, reader = new_page(390, 800), new_page(1280, 900)
    join(writer, base, created.code, "marketing", "Mira")
    join(reader, base, created.code, "service", "")
    for text in INJECTIONS:
        add_note(writer, text)
    for text in INJECTIONS:
        expect(reader.locator(".tk-board .tk-note-text", has_text=text)).to_have_count(1, timeout=LIVE)
    expect(reader.locator(".tk-board .tk-note").first).to_contain_text("Mira")
    assert reader.locator(".tk-note-own").count() == 0
    assert reader.locator(".tk-board .tk-note-delete").count() == 0
    for page in (writer, reader):
        assert_nothing_ran(page)
    # Edit and delete own notes; the other page follows.
    first = writer.locator(".tk-note-own").first
    first.locator("summary.tk-note-edit").click()
    first.locator("textarea.tk-note-editor").fill("Edited <b>text</b>")
    first.locator("button.tk-note-save").click()
    expect(reader.locator(".tk-note-text", has_text="Edited <b>text</b>")).to_have_count(1, timeout=LIVE)
    writer.locator(".tk-note-own", has_text="Edited").locator("button.tk-note-delete").click()
    expect(reader.locator(".tk-note-text", has_text="Edited")).to_have_count(0, timeout=LIVE)
    assert [c.text for c in core.contributions(store, created.code)] == INJECTIONS[1:]
    # The synced countdown.
    core.start_timer(store, created.code, created.facilitator_key, 5)
    for page in (writer, reader):
        expect(page.locator(".tk-timer .tk-timer-text")).to_contain_text(":", timeout=LIVE)
        expect(page.locator(".tk-timer")).to_contain_text("left")


def test_silent_phase_reveal_lock_and_anonymity(light_server, new_page):
    base, store = light_server
    created = core.create_session(store, "dna-mapping", "en")  # purpose: a silent note phase
    key = created.facilitator_key
    alice, bob = new_page(390, 800), new_page(390, 800)
    join(alice, base, created.code, "marketing", "Alice")
    join(bob, base, created.code, "it", "Bob")
    add_note(alice, "We keep the lights on")
    expect(bob.locator(".tk-board-notice")).to_contain_text("only your own")
    expect(bob.locator(".tk-board .tk-note")).to_have_count(0)
    core.set_revealed(store, created.code, key, True)
    expect(bob.locator(".tk-note-text", has_text="We keep the lights on")).to_be_visible(timeout=LIVE)
    core.set_anonymous(store, created.code, key, True)
    expect(bob.locator(".tk-note", has_text="lights")).not_to_contain_text("Alice", timeout=LIVE)
    # A draft typed before the facilitator locks input comes back when input opens again.
    alice.fill("textarea.tk-note-input", "half-typed thought")
    alice.wait_for_timeout(300)  # the draft is saved as it is typed
    core.set_locked(store, created.code, key, True)
    expect(alice.locator(".tk-locked")).to_be_visible(timeout=LIVE)
    expect(alice.locator("textarea.tk-note-input")).to_have_count(0)
    expect(alice.locator(".tk-note-delete")).to_have_count(0)
    core.set_locked(store, created.code, key, False)
    expect(alice.locator("textarea.tk-note-input")).to_have_value("half-typed thought", timeout=LIVE)


def test_a_refused_note_keeps_its_draft_and_explains_in_the_page_language(light_server, new_page):
    base, store = light_server
    created = core.create_session(store, "dna-mapping", "nl")  # purpose notes: at most 500 characters
    page = new_page(390, 800)
    join(page, base, created.code, "sales", "", lang="nl")
    too_long = "lang verhaal " * 60
    page.fill("textarea.tk-note-input", too_long)
    page.click("button.tk-note-submit")
    expect(page.locator(".tk-error .tk-error-text")).to_contain_text("Deze tekst is te lang", timeout=LIVE)
    expect(page.locator("textarea.tk-note-input")).to_have_value(too_long)
    assert core.contributions(store, created.code) == []
    # Switching the language keeps the draft and speaks English.
    page.locator(".tk-lang button", has_text="EN").click()
    expect(page.locator("h1.tk-phase")).to_have_text("Purpose", timeout=LIVE)
    expect(page.locator("textarea.tk-note-input")).to_have_value(too_long)
    page.click("button.tk-note-submit")
    expect(page.locator(".tk-error .tk-error-text")).to_contain_text("This text is too long", timeout=LIVE)


def test_a_join_is_refused_in_place_and_an_expired_form_comes_back_fresh(light_server, new_page):
    base, store = light_server
    created = core.create_session(store, "brainstorm", "nl")
    page = new_page(390, 800)
    page.goto(f"{base}/j/{created.code}?lang=nl")
    page.fill("input.tk-join-name", "Cas")
    page.locator("button.tk-join-submit").dblclick()  # no role: refused in place, typed text kept
    expect(page.locator(".tk-error .tk-error-text")).to_have_text("Kies een rol uit de lijst.", timeout=LIVE)
    expect(page.locator("input.tk-join-name")).to_have_value("Cas")
    page.select_option("select.tk-join-role", "it")
    page.context.clear_cookies()  # the cookie the form's token belongs to is gone
    page.click("button.tk-join-submit")
    expect(page.locator(".tk-error .tk-error-text")).to_contain_text("Dit formulier is verlopen", timeout=LIVE)
    expect(page.locator("input.tk-join-name")).to_have_value("Cas")
    expect(page.locator("select.tk-join-role")).to_have_value("it")
    page.click("button.tk-join-submit")  # the fresh form joins
    expect(page.locator("h1.tk-phase")).to_have_text("Ideeën verzamelen", timeout=LIVE)
    wait_live(page)
    assert page.url.endswith(f"/j/{created.code}?lang=nl")
    page.reload()  # reads the page: no second join
    expect(page.locator("h1.tk-phase")).to_be_visible(timeout=LIVE)
    assert core.participant_counts(store, created.code) == {"it": 1}


class Proxy:
    """A TCP relay in front of the server whose connections the test can cut (a dropped Wi-Fi)."""

    def __init__(self, target: str) -> None:
        self.target = ("127.0.0.1", int(target.rsplit(":", 1)[1]))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.close()

    def cut(self) -> None:
        """Close every connection and refuse new ones until :meth:`restore`."""
        self.open = False
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self.sockets = []

    def restore(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


def test_a_dropped_connection_reconnects_and_catches_up(light_server, new_page):
    base, store = light_server
    proxy = Proxy(base)
    try:
        created = core.create_session(store, "brainstorm", "en")
        core.set_revealed(store, created.code, created.facilitator_key, True)  # others' ideas show
        page = new_page(390, 800)
        join(page, proxy.base, created.code, "it", "Ivo")
        other = core.join(store, created.code, "sales", "Sara")
        proxy.cut()
        expect(page.locator("html")).to_have_attribute("data-tk-live", "off", timeout=WIDGET_TIMEOUT)
        core.add_contribution(store, created.code, other.token, "ideas", {"text": "While you were away"})
        page.fill("textarea.tk-note-input", "typed while offline")
        page.click("button.tk-note-submit")
        expect(page.locator(".tk-error")).to_contain_text("No connection to the server", timeout=LIVE)
        expect(page.locator("textarea.tk-note-input")).to_have_value("typed while offline")
        proxy.restore()
        wait_live(page)
        expect(page.locator(".tk-note-text", has_text="While you were away")).to_be_visible(timeout=LIVE)
        page.click("button.tk-note-submit")
        expect(page.locator(".tk-note-own .tk-note-text", has_text="typed while offline")).to_be_visible(timeout=LIVE)
        core.next_phase(store, created.code, created.facilitator_key)
        expect(page.locator("h1.tk-phase")).to_have_text("Vote", timeout=LIVE)
    finally:
        proxy.close()


def test_works_without_javascript(light_server, browser):
    base, store = light_server
    created = core.create_session(store, "brainstorm", "en")
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}/j/{created.code}?lang=en")
        page.locator("select.tk-join-role").select_option("management")
        page.click("button.tk-join-submit")
        page.fill("textarea.tk-note-input", "Plain form post")
        page.click("button.tk-note-submit")
        expect(page.locator(".tk-note-own .tk-note-text")).to_have_text("Plain form post")
        core.next_phase(store, created.code, created.facilitator_key)
        page.reload()
        page.locator("button.tk-vote-plus").first.click()
        expect(page.locator(".tk-vote-budget")).to_contain_text("4 of 5")
        assert page.locator("html").get_attribute("data-tk-live") == "off"
    finally:
        context.close()


def test_a_message_about_the_last_phase_goes_when_the_phase_changes(light_server, new_page):
    base, store = light_server
    created = core.create_session(store, "brainstorm", "en")
    page = new_page(390, 800)
    join(page, base, created.code, "service", "Sam")
    page.fill("textarea.tk-note-input", "   ")
    page.click("button.tk-note-submit")
    expect(page.locator(".tk-error")).to_be_visible()
    core.next_phase(store, created.code, created.facilitator_key)
    expect(page.locator(".tk-phase")).to_have_text("Vote", timeout=LIVE)
    expect(page.locator(".tk-error")).to_be_hidden()
