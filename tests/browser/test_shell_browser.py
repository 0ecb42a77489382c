"""The UI in a real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

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


def test_sign_in_shows_the_demo_company_and_settings_edit_inline(live_server, page, sign_in):
    sign_in(page)
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


def test_bad_setting_shows_a_bangla_error_inline(live_server, page, sign_in):
    sign_in(page, lang="bn")
    page.goto(live_server.url + "/configuration")
    row = page.locator("#setting-general-fiscal_year_start_month")
    row.locator("input[name=value]").fill("১৩")  # thirteen, in Bangla digits
    row.locator("button").click()
    page.wait_for_selector("#setting-general-fiscal_year_start_month .error")
    assert "সর্বোচ্চ" in page.locator("#setting-general-fiscal_year_start_month .error").inner_text()
