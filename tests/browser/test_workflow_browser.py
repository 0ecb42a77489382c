"""Approvals and rules in a real headless Chromium (issue 13), as the demo owner: the workflow page's
live preview answers "which steps would this document need?" as the amount is typed, in Bangla; the
rules page tests and explains the seeded VAT categories."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_invoice_workflow_previews_its_steps_as_the_amount_is_typed(live_server, signed_in_page):
    page = signed_in_page
    page.goto(live_server.url + "/workflow/definitions/invoice?lang=bn")
    assert "এই নথির কোন ধাপগুলো লাগবে?" in page.locator("main").inner_text()
    page.fill("#preview-form input[name=amount]", "600000")
    page.wait_for_selector("#preview-steps li.needed")
    page.wait_for_function("document.querySelectorAll('#preview-steps li.needed').length === 3")
    assert page.locator("#preview-steps li.skipped").count() == 2
    page.fill("#preview-form input[name=amount]", "6000000")
    page.wait_for_function("document.querySelectorAll('#preview-steps li.needed').length === 5")
    page.goto(live_server.url + "/workflow?lang=bn")
    assert page.locator("h1").inner_text() == "অনুমোদনের ইনবক্স"


def test_the_rules_page_explains_a_vat_category(live_server, signed_in_page):
    page = signed_in_page
    page.goto(live_server.url + "/rules/bd.vat_category?lang=en")
    page.fill("#test-form input[name=supply]", "local")
    page.fill("#test-form input[name=service_code]", "S004.00")
    page.fill("#test-form input[name=reduced_rate]", "0")
    page.fill("#test-form input[name=on]", "2025-08-01")
    page.click("#test-form button")
    page.wait_for_selector("#test-result")
    assert "construction_2025" in page.locator("#test-result").inner_text()
    rows = page.locator("#checked tbody tr")
    assert rows.count() == 8
