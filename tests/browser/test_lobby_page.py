"""The lobby is a plain page: no kernel starts for it, a session is started from it, and its
start form refuses forged posts."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import health, settled_kernels

pytestmark = pytest.mark.browser


def post(url: str, fields: dict[str, str], cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST")  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own http URL)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


@pytest.mark.parametrize("width", [390, 1280])
def test_lobby_starts_a_session_without_a_kernel(server, new_page, artifacts, width):
    base, _db = server
    kernels = settled_kernels(base)
    page = new_page(width, 900)
    page.goto(f"{base}/?lang=en")
    expect(page.locator("h1")).to_have_text("Workshops")
    from toolkit.core.definitions import all_workshops

    expect(page.locator(".tk-workshop-card")).to_have_count(len(all_workshops()))
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    page.screenshot(path=str(artifacts / f"lobby-{width}.png"), full_page=True)
    assert health(base)["kernels"] == kernels  # the lobby started none

    page.check(".tk-lobby-anonymous")
    page.click(".tk-lobby-start-brainstorm")
    created = page.locator(".tk-created")
    expect(created).to_contain_text("is ready")
    key = created.locator(".tk-key code").inner_text()
    assert len(key) >= 12
    participant = page.locator(".tk-open-participant")
    code = participant.inner_text().rsplit("/", 1)[-1]
    assert len(code) == 6
    assert f"session={code}&view=facilitator" in page.locator(".tk-open-facilitator").get_attribute("href")
    participant.click()
    expect(page.locator(".tk-join-code")).to_have_value(code)
    expect(page.locator(".tk-join-name")).to_have_count(0)  # an anonymous session asks no name


def test_lobby_in_dutch_and_the_old_address(server, new_page):
    base, _db = server
    page = new_page()
    page.goto(f"{base}/voila/render/lobby.ipynb?lang=nl")
    assert page.url.startswith(f"{base}/lobby")
    expect(page.locator(".tk-lobby-start").first).to_have_text("Sessie starten")
    page.locator(".tk-lang button", has_text="EN").click()
    expect(page.locator(".tk-lobby-start").first).to_have_text("Start a session")


def test_lobby_refuses_forged_starts(server):
    base, _db = server
    status, body = post(f"{base}/lobby/start", {"workshop": "brainstorm", "lang": "en", "csrf": "x" * 64})
    assert status == 403
    assert "This form has expired" in body
    # A real token, then a forged workshop id: core's message, in the page language.
    with urllib.request.urlopen(f"{base}/lobby?lang=en", timeout=10) as response:  # noqa: S310
        cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie"))
        html = response.read().decode()
    csrf = html.split('name="csrf" value="')[1].split('"')[0]
    status, body = post(f"{base}/lobby/start", {"workshop": "../../etc/passwd", "lang": "en", "csrf": csrf}, cookie)
    assert status == 422
    error = body.split('class="tk-error"', 1)[1].split("</div>", 1)[0]
    assert "hidden" not in error.split(">", 1)[0]  # the message is shown
    assert "Unknown workshop" in error
    status, _ = post(f"{base}/lobby/start", {"workshop": "brainstorm", "lang": "en", "csrf": csrf, "pad": "x" * 5000},
                     cookie)
    assert status == 413
