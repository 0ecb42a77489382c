"""hr's day sheet in a real headless Chromium on a phone-sized screen: the site engineer opens today's sheet
of the demo site, marks workers, saves, and sees the sheet in Bangla with Bangla digits."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_site_engineer_records_todays_sheet_on_a_phone(live_server, page, sign_in):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page)
    page.goto(live_server.url + "/hr?lang=bn")
    # the demo site (other browser tests add projects to the same server, some sorting before it)
    site = page.locator("#open-sheet select[name=project] option", has_text="PADMA-RES").get_attribute("value")
    page.select_option("#open-sheet select[name=project]", site)
    with page.expect_navigation():
        page.click("#open-sheet button")
    rows = page.locator("#lines tbody tr")
    assert rows.count() >= 10
    rows.nth(0).locator("select").select_option("present")
    rows.nth(0).locator("input[name^=ot_]").fill("2")
    rows.nth(1).locator("select").select_option("absent")
    with page.expect_navigation():
        page.click("#sheet button[type=submit]")
    assert page.locator("#muster-status").inner_text() == "খসড়া"
    assert page.locator("#lines tbody tr").nth(1).locator("select").input_value() == "absent"
    text = page.locator("main").inner_text()
    assert "অধিকাল ঘণ্টা ২.০০" in text.replace("\n", " ") or "২.০০" in text
    width = page.evaluate("document.querySelector('#lines').getBoundingClientRect().width")
    assert width <= 390  # the sheet fits a phone's width
