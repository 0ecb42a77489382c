"""Inventory's stores page in a real headless Chromium, in Bangla: the demo's central warehouse and site store are
listed; a store keeper reaches the page from the inventory page, creates a site store of the demo project, sees it
listed with its Bangla name, kind and project, and the same code again is refused at the code field in Bangla with
nothing more stored; the page's own text has no English word and no ASCII number."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from test_bangla_walk import offending, user_phrases

pytestmark = pytest.mark.browser

PROJECT = "PADMA-RES"  # the demo building project


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _create(page, code: str) -> None:
    page.fill("#store-form input[name=code]", code)
    page.fill("#store-form input[name=name]", f"Browser site store {code}")
    page.fill("#store-form input[name=name_bn]", "ব্রাউজার সাইট গুদাম")
    page.select_option("#store-form select[name=kind]", "site")
    option = page.locator("#store-form select[name=project_id] option", has_text=f"{PROJECT} — ")
    page.select_option("#store-form select[name=project_id]", value=option.get_attribute("value"))
    with page.expect_navigation():
        page.click("#store-form button[type=submit]")


def test_a_site_store_is_created_on_the_bangla_page_and_a_repeated_code_is_refused_at_its_field(live_server, page):
    page.goto(live_server.url + "/inventory?lang=bn")
    page.click("#to-stores")
    page.wait_for_selector("#store-form")
    assert page.locator("html").get_attribute("lang") == "bn"
    listed = page.locator("#stores").inner_text()
    assert "CW-TEJGAON" in listed and "SITE-PADMA" in listed and "কেন্দ্রীয় গুদাম, তেজগাঁও" in listed  # the demo's

    code = "BRW-" + uuid4().hex[:6].upper().translate(str.maketrans("0123456789", "GHIJKLMNOP"))
    _create(page, code)
    assert re.search(r"/inventory/stores\?company=", page.url), page.url
    expect(page.locator(".error")).to_have_count(0)
    row = page.locator("#stores tbody tr", has_text=code)
    expect(row).to_have_count(1)
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[1:3] == ["ব্রাউজার সাইট গুদাম", "সাইট গুদাম"] and cells[3].startswith(PROJECT), cells
    words, numbers = offending(page.locator("main").inner_text(), user_phrases(str(live_server.workdir / "vextrus.db")))
    assert not words and not numbers, (words, numbers)

    _create(page, code.lower())  # the same code (codes are upper-cased): refused at the field, in Bangla
    message = page.locator("#store-form span.error[data-field=code]")
    expect(message).to_be_visible()
    assert message.inner_text().startswith("কোড: গুদাম") and "আগে থেকেই আছে" in message.inner_text(), message.inner_text()
    assert page.locator("#store-form input[name=code]").get_attribute("aria-invalid") == "true"
    assert not offending(message.inner_text(), [code])[0], message.inner_text()
    page.goto(live_server.url + "/inventory/stores?lang=bn")
    expect(page.locator("#stores tbody tr", has_text=code)).to_have_count(1)
