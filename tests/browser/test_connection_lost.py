"""Issue 18, item 7: a kernel page says so when its kernel or the server goes away, in the page's
language, and gives back what was typed after the reload."""
from __future__ import annotations

import os
import signal

import psutil
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, unlock
from tests.serve.conftest import start_server, stop_server
from toolkit.ui.text import t

pytestmark = pytest.mark.browser
BANNER_TIMEOUT = 30_000


def kernel_process(kernel_id: str) -> psutil.Process:
    for process in psutil.process_iter(["cmdline"]):
        if any(kernel_id in part for part in process.info["cmdline"] or ()):
            return process
    pytest.fail(f"no process for kernel {kernel_id}")


def page_kernel(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_a_killed_kernel_shows_the_banner_and_typed_text_survives_the_reload(server, new_page):
    base, _db = server
    page = new_page(900, 900)
    open_app(page, f"{base}/voila/render/tone-checker.ipynb?lang=en", ".tk-tone-check")
    banner = page.locator(".tk-connection-lost")
    expect(banner).to_have_count(0)
    field = page.locator(".tk-tone-input textarea")
    field.fill("Typed before the kernel went away.")

    os.kill(kernel_process(page_kernel(page)).pid, signal.SIGKILL)
    expect(banner).to_be_visible(timeout=BANNER_TIMEOUT)
    expect(banner).to_contain_text(t("connection_lost", "en"))
    expect(banner).to_contain_text(t("connection_lost_drafts", "en"))
    assert banner.get_attribute("lang") == "en"

    draft = "Typed before the kernel went away. And after: we help you within the hour."
    field.fill(draft)
    page.click(".tk-connection-reload")
    page.wait_for_selector(".tk-tone-check", timeout=60_000)
    expect(page.locator(".tk-tone-input textarea")).to_have_value(draft, timeout=10_000)
    expect(page.locator(".tk-connection-lost")).to_have_count(0)
    page.click(".tk-tone-check")  # the restored text reached the new kernel
    expect(page.locator(".tk-tone-result")).to_contain_text("/100", timeout=10_000)


def test_a_stopped_server_shows_the_banner_in_the_page_language(tmp_path, new_page):
    served = start_server(tmp_path)
    try:
        page = new_page(900, 900)
        open_app(page, f"{served.base}/voila/render/tone-checker.ipynb?lang=nl", ".tk-tone-check")
        expect(page.locator(".tk-connection-lost")).to_have_count(0)
    finally:
        stop_server(served)
    banner = page.locator(".tk-connection-lost")
    expect(banner).to_be_visible(timeout=BANNER_TIMEOUT)
    expect(banner).to_contain_text(t("connection_lost", "nl"))
    expect(banner.locator(".tk-connection-reload")).to_have_text(t("connection_lost_reload", "nl"))


def test_the_facilitator_page_speaks_its_session_language(server, new_page):
    from toolkit.core.sessions import create_session
    from toolkit.core.store import Store

    base, db_url = server
    created = create_session(Store(db_url), "brainstorm", "en")  # no ?lang=: the session's language
    page = new_page()
    unlock(page, base, created.code, created.facilitator_key)
    os.kill(kernel_process(page_kernel(page)).pid, signal.SIGKILL)
    banner = page.locator(".tk-connection-lost")
    expect(banner).to_be_visible(timeout=BANNER_TIMEOUT)
    expect(banner).to_contain_text(t("connection_lost", "en"))
    assert page.locator(".tk-next-phase").is_visible()  # the controls stay where they were
