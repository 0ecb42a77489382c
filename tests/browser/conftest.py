"""Shared by the browser tests: Debian's chromium driven by Playwright, and a signed-in page."""

from __future__ import annotations

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("VEXTRUS_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Without the background-networking flags chromium keeps dialling out, which this machine refuses.
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    yield pg
    ctx.close()


def demo_sign_in(live_server) -> tuple[str, str]:
    """The demo owner's e-mail and password, as `vextrus serve --demo` printed them."""
    m = re.search(r"Demo sign-in: (\S+) / (\S+)", live_server.output)
    assert m, "the server did not print the demo sign-in"
    return m.group(1), m.group(2)


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, lang="en"): sign the page in as the demo owner through the login form."""

    def go(page, lang: str = "en") -> None:
        email, password = demo_sign_in(live_server)
        page.goto(live_server.url + f"/login?lang={lang}")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("#login-form button")
        page.wait_for_selector("#company")

    return go


@pytest.fixture
def signed_in_page(page, sign_in):
    sign_in(page)
    return page
