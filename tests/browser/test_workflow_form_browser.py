"""The approval definition editor as a form in a real headless Chromium (issue 13): the demo owner adds a step
with the form (htmx re-renders it), picks its role, saves, and sees the new version."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_step_added_with_the_form_is_saved_as_a_new_version(live_server, signed_in_page):
    page = signed_in_page
    page.goto(live_server.url + "/workflow/definitions/purchase_order?lang=en")
    version = int(page.locator("#current-version").inner_text())
    steps = page.locator("#step-list li.step-form").count()
    page.click("#add-step")
    page.wait_for_function(f"document.querySelectorAll('#step-list li.step-form').length === {steps + 1}")
    new = f"steps-{steps}-"
    page.fill(f"#{new}name", "Site engineer check")
    page.fill(f"#{new}name_bn", "সাইট প্রকৌশলীর যাচাই")
    page.select_option(f"#{new}role", "accountant")
    page.fill(f"#{new}timeout", "2")
    page.select_option(f"#{new}timeout_action", "escalate")
    # the live preview follows the unsaved form: the new step (always needed) is listed
    page.fill("#preview-amount", "1000")
    page.wait_for_function("[...document.querySelectorAll('#preview-steps li')].some(li => "
                           "li.textContent.includes('Site engineer check') && li.className === 'needed')")
    page.click("#save-definition")
    page.wait_for_selector("#saved")
    assert int(page.locator("#current-version").inner_text()) == version + 1
    assert page.locator(f"#{new}name").input_value() == "Site engineer check"
    assert page.locator(f"#{new}role").input_value() == "accountant"
