"""The UI in a real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import os
import shutil

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("VEXTRUS_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
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


def test_home_page_opens_and_switches_to_bangla(live_server, page):
    page.goto(live_server.url + "/")
    assert page.title().startswith("Home")
    assert page.locator("h1").inner_text() == "Welcome to Vextrus"
    page.click("#lang-switch")
    page.wait_for_selector("text=ভেক্সট্রাসে স্বাগতম")
    assert page.locator("html").get_attribute("lang") == "bn"
    # the choice sticks across pages
    page.goto(live_server.url + "/status")
    assert page.locator("h1").inner_text() == "সিস্টেমের অবস্থা"


def test_status_page_shows_every_check_green(live_server, page):
    page.goto(live_server.url + "/status?lang=en")
    assert page.locator("#overall").inner_text() == "All systems ready"
    rows = page.locator("#checks tbody tr")
    assert rows.count() >= 3
    names = [rows.nth(i).get_attribute("data-check") for i in range(rows.count())]
    assert "database" in names and "module:configuration" in names
    assert page.locator("#checks td.bad").count() == 0


def _demo_sign_in(live_server) -> tuple[str, str]:
    import re

    m = re.search(r"Demo sign-in: (\S+) / (\S+)", live_server.output)
    assert m, "the server did not print the demo sign-in"
    return m.group(1), m.group(2)


def test_sign_in_shows_the_demo_company_and_settings_edit_inline(live_server, page):
    email, password = _demo_sign_in(live_server)
    page.goto(live_server.url + "/login?lang=en")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("#login-form button")
    page.wait_for_selector("#company")
    assert "Padma Builders Ltd." in page.locator("#company").inner_text()

    page.goto(live_server.url + "/configuration")
    row = page.locator("#setting-general-weekend_days")
    row.locator("input[name=value]").fill("Fri,Sat")
    row.locator("button").click()
    page.wait_for_selector("#setting-general-weekend_days .ok")  # swapped in by htmx: "changed"
    assert page.locator("#setting-general-weekend_days input[name=value]").input_value() == "Fri,Sat"

    flag = page.locator("tr[data-key='configuration.bangla_reports']")
    before = flag.locator("td").nth(1).inner_text()
    flag.locator("button").click()
    page.wait_for_function(
        "b => document.querySelector(\"tr[data-key='configuration.bangla_reports'] td:nth-child(2)\").innerText !== b",
        arg=before)


def test_bad_setting_shows_a_bangla_error_inline(live_server, page):
    email, password = _demo_sign_in(live_server)
    page.goto(live_server.url + "/login?lang=bn")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("#login-form button")
    page.wait_for_selector("#company")
    page.goto(live_server.url + "/configuration")
    row = page.locator("#setting-general-fiscal_year_start_month")
    row.locator("input[name=value]").fill("১৩")  # thirteen, in Bangla digits
    row.locator("button").click()
    page.wait_for_selector("#setting-general-fiscal_year_start_month .error")
    assert "সর্বোচ্চ" in page.locator("#setting-general-fiscal_year_start_month .error").inner_text()
