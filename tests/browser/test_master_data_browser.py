"""The parties pages in a real headless Chromium: bilingual search, inline validation in
Bangla, the division → district → upazila/thana selects, save and find by mobile."""

from __future__ import annotations

import random

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _search(page, text: str):
    """Type a query; htmx replaces the rows after its debounce, so callers wait for the
    rows they expect to appear or go."""
    page.fill("#party-search", text)
    return page.locator("#party-rows")


def test_search_validate_and_create_a_party_with_a_dhaka_thana(live_server, page):
    page.goto(live_server.url + "/master_data/parties")

    # English and Bangla prefixes find the same demo party; an unrelated word finds nothing of it
    rows = _search(page, "meghdoot")
    rows.locator("tr:has-text('Meghdoot Housing')").wait_for()
    rows = _search(page, "মেঘদূত")
    rows.locator("tr:has-text('Meghdoot Housing')").wait_for()
    rows = _search(page, "শীতলক্ষ্যা")
    rows.locator("tr:has-text('Shitalakshya Cement')").wait_for()
    rows.locator("tr:has-text('Meghdoot Housing')").wait_for(state="detached")

    # the new-party form validates the e-TIN inline, in English and, after switching, in Bangla
    page.click("a[href='/master_data/parties/new']")
    page.wait_for_selector("#party-form")
    page.fill("input[name=tin]", "12345")
    page.locator("input[name=tin]").dispatch_event("change")
    page.wait_for_function("() => document.querySelector('#err-tin').textContent.includes('12 digits')")
    with page.expect_navigation():
        page.click("#lang-switch")
    assert page.locator("html").get_attribute("lang") == "bn"
    page.fill("input[name=tin]", "12345")
    page.locator("input[name=tin]").dispatch_event("change")
    page.wait_for_function("() => document.querySelector('#err-tin').textContent.includes('১২ অঙ্কের')")

    # a valid party with a Dhaka address, chosen through the dependent selects
    mobile = "0171" + "".join(random.choices("0123456789", k=7))
    tin = "".join(random.choices("0123456789", k=12))
    name = f"Uttara Test Builders {mobile[-4:]}"
    page.fill("input[name=legal_name]", name)
    page.fill("input[name=legal_name_bn]", "উত্তরা টেস্ট বিল্ডার্স")
    page.fill("input[name=tin]", tin)
    page.locator("input[name=tin]").dispatch_event("change")
    page.wait_for_function("() => document.querySelector('#err-tin').textContent.trim() === ''")
    page.fill("input[name=mobile]", mobile)
    page.check("input[name=roles][value=customer]")
    page.fill("input[name=address_line1]", "House 12, Road 7, Sector 4")
    page.select_option("select[name=division]", "C")
    page.wait_for_selector("#district option[value='13']", state="attached")
    page.select_option("#district", "13")
    page.wait_for_selector("#upazila option[value='302695']", state="attached")
    # the thana is listed by its Bangla name on the Bangla page, beside Dhaka's upazilas
    assert page.locator("#upazila option[value='302695']").inner_text() == "উত্তরা"
    assert page.locator("#upazila option[value='365']").count() == 1  # Savar upazila
    page.select_option("#upazila", "302695")
    with page.expect_navigation():
        page.click("#party-form button[type=submit]")
    assert "saved=1" in page.url, page.locator("#form-error").all_inner_texts()
    assert page.locator("#upazila").input_value() == "302695"  # the saved address keeps the thana

    # found again by its mobile number, typed with a dash
    page.goto(live_server.url + "/master_data/parties?lang=en")
    rows = _search(page, f"{mobile[:5]}-{mobile[5:]}")
    rows.locator(f"tr:has-text('{name}')").wait_for()
    page.wait_for_function("() => document.querySelectorAll('#party-rows tr').length === 1")
    assert mobile[-8:] in rows.locator("tr").inner_text()
