"""Payroll's settings page and a settlement's earlier attempts in a real headless Chromium, in English and in
Bangla: the owner opens the settings from the payroll page, changes the salaries payable account and the
employer's provident fund rate (Bangla digits on the Bangla page), saves and finds them saved; a rate out of
range or not a number is refused at its field in the page's language, nothing saved; the Bangla page has no
English word. A demo employee's settlement posted, reversed and drafted again shows the first attempt under
"Earlier attempts" with its journals and reason, in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_bangla_walk import offending

pytestmark = pytest.mark.browser

BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
TEXT = {
    "en": {"saved": "The settings are saved.", "out_of_range": ": out of range", "not_a_number": "is not a number"},
    "bn": {"saved": "সেটিং সংরক্ষিত হয়েছে।", "out_of_range": ": সীমার বাইরে", "not_a_number": "সংখ্যা নয়"},
}
HISTORY_HEADINGS = {
    "en": ["Attempt", "Kind of separation", "Last day worked", "Net payable", "Journal", "Reversed on",
           "Reversing journal", "Reason for the reversal"],
    "bn": ["প্রচেষ্টা", "চাকরি ছাড়ার ধরন", "শেষ কর্মদিবস", "নিট প্রদেয়", "জার্নাল", "রিভার্সের তারিখ", "রিভার্স জার্নাল",
           "রিভার্স করার কারণ"],
}


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _digits(lang: str, text: str) -> str:
    return text.translate(BN) if lang == "bn" else text


def _open_settings(live_server, page, lang: str) -> None:
    """The settings page, reached from the payroll page as a user would."""
    page.goto(live_server.url + f"/payroll?lang={lang}")
    with page.expect_navigation():
        page.locator("main a[href^='/payroll/settings']").first.click()
    page.wait_for_selector("#settings-form")
    assert page.locator("html").get_attribute("lang") == lang


def _save(page) -> None:
    with page.expect_navigation():
        page.click("#settings-form button[type=submit]")


def _other_option(page, select: str) -> str:
    """Another account the select offers than the one chosen."""
    chosen = page.input_value(select)
    values = [v for v in page.locator(f"{select} option").evaluate_all("os => os.map(o => o.value)") if v != chosen]
    assert values, f"{select} offers one account only"
    return values[0]


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_an_account_and_a_rate_are_changed_and_saved(live_server, page, lang):
    _open_settings(live_server, page, lang)
    account, rate = "#setting-salaries_payable_account", "#setting-pf_employer_rate"
    before_account, before_rate = page.input_value(account), page.input_value(rate)
    new_account = _other_option(page, account)
    new_rate = _digits(lang, "0.08") if before_rate != _digits(lang, "0.08") else _digits(lang, "0.07")
    page.select_option(account, new_account)
    page.fill(rate, new_rate)
    _save(page)
    expect(page.locator("#settings-saved")).to_have_text(TEXT[lang]["saved"])
    expect(page.locator(".field-error, p.error")).to_have_count(0)

    _open_settings(live_server, page, lang)  # read again: the change is stored, not only echoed
    assert page.input_value(account) == new_account
    assert page.input_value(rate) == new_rate
    assert page.locator(f"{account} option:checked").inner_text().startswith(_digits(lang, new_account) + " — ")

    # put them back as they were (other tests share the demo company), through the same form
    page.select_option(account, before_account)
    page.fill(rate, before_rate)
    _save(page)
    expect(page.locator("#settings-saved")).to_be_visible()
    assert page.input_value(account) == before_account and page.input_value(rate) == before_rate


@pytest.mark.parametrize("lang", ["en", "bn"])
@pytest.mark.parametrize("typed, says", [("1.5", "out_of_range"), ("abc", "not_a_number")])
def test_a_wrong_rate_is_refused_at_its_field_and_nothing_is_saved(live_server, page, lang, typed, says):
    _open_settings(live_server, page, lang)
    rate = "#setting-pf_employee_rate"
    label = page.locator("label[for=setting-pf_employee_rate]").inner_text().strip()
    before = page.input_value(rate)
    other = "#setting-salaries_payable_account"
    before_account = page.input_value(other)
    page.select_option(other, _other_option(page, other))  # a valid change alongside is not saved either
    page.fill(rate, _digits(lang, typed))
    _save(page)

    row = page.locator("tr[data-setting=pf_employee_rate]")
    message = row.locator(".field-error")
    expect(message).to_be_visible()
    assert message.inner_text().startswith(label), (label, message.inner_text())  # named by its label, not its code
    assert TEXT[lang][says] in message.inner_text(), message.inner_text()
    assert "pf_employee_rate" not in message.inner_text()
    assert page.locator(".field-error").count() == 1 and page.locator("p.error").count() == 0  # at the field only
    assert page.locator(rate).get_attribute("aria-invalid") == "true"
    assert page.input_value(rate) == _digits(lang, typed)  # what was typed is kept to mend
    expect(page.locator("#settings-saved")).to_have_count(0)
    if lang == "bn":
        words = offending(message.inner_text(), [typed])[0]
        assert not words, (words, message.inner_text())

    _open_settings(live_server, page, lang)
    assert page.input_value(rate) == before and page.input_value(other) == before_account


def test_the_bangla_settings_page_has_no_english_word(live_server, page):
    _open_settings(live_server, page, "bn")
    words, numbers = offending(page.locator("main").inner_text(), [])
    assert not words and not numbers, (words, numbers)
    # a refused save too (the message, the labels, every select's options)
    page.fill("#setting-overtime_divisor", "০")
    _save(page)
    expect(page.locator("tr[data-setting=overtime_divisor] .field-error")).to_be_visible()
    words, numbers = offending(page.locator("main").inner_text(), [])
    assert not words and not numbers, (words, numbers)


def _act(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    expect(page.locator("#settlement p.error, #settlement .field-error")).to_have_count(0)


def test_a_reversed_settlement_drafted_again_shows_its_earlier_attempt(live_server, page):
    page.goto(live_server.url + "/payroll?lang=en")
    # the list's last employee (the Bangla walk opens the first one of each kind)
    with page.expect_navigation():
        page.locator("main a[href^='/payroll/employees/']").last.click()
    employee = page.url.split("#")[0]
    expect(page.locator("#settlement-form")).to_be_visible()
    expect(page.locator("#settlement-history")).to_have_count(0)

    page.select_option("#settlement-form select[name=kind]", "resignation")
    page.fill("#settlement-form input[name=last_day]", "2026-11-30")
    page.fill("#settlement-form input[name=reason]", "")
    _act(page, "#settlement-form button")
    _act(page, "#settlement-act button")  # approve
    _act(page, "#settlement-act button")  # post
    expect(page.locator("#settlement-status")).to_have_text("Posted")
    net = page.locator("#settlement-net").inner_text().strip()
    journal = re.search(r"JV/\d{4}-\d{2}/\d{6}", page.locator("#settlement").inner_text())
    assert journal, page.locator("#settlement").inner_text()
    reason = "ভুল শেষ কর্মদিবস"  # the HR officer's reason, typed in Bangla (no Bangla twin would exist)
    page.fill("#settlement-reverse input[name=reason]", reason)
    page.fill("#settlement-reverse input[name=reversal_date]", "2026-12-01")
    _act(page, "#settlement-reverse button")
    expect(page.locator("#settlement-status")).to_have_text("Reversed")
    reversal = re.search(r"RJ/\d{4}-\d{2}/\d{6}", page.locator("#settlement-reversal").inner_text())
    assert reversal, page.locator("#settlement-reversal").inner_text()
    expect(page.locator("#settlement-history")).to_have_count(0)  # reversed, not yet drafted again

    page.fill("#settlement-form input[name=last_day]", "2026-11-27")  # the right last day this time
    _act(page, "#settlement-form button")
    expect(page.locator("#settlement-status")).to_have_text("Draft")

    for lang, day, on in (("en", "30 Nov 2026", "1 Dec 2026"), ("bn", "৩০ নভে ২০২৬", "১ ডিসে ২০২৬")):
        page.goto(f"{employee}?lang={lang}")
        history = page.locator("#settlement-history")
        assert [h.strip() for h in history.locator("thead th").all_inner_texts()] == HISTORY_HEADINGS[lang]
        rows = [[c.strip() for c in r.locator("td").all_inner_texts()] for r in history.locator("tbody tr").all()]
        kind = page.locator("#settlement-form select[name=kind] option[value=resignation]").inner_text().strip()
        assert rows == [[_digits(lang, "1"), kind, day, _digits(lang, net), _digits(lang, journal.group(0)), on,
                         _digits(lang, reversal.group(0)), reason]], rows
        if lang == "bn":
            words, numbers = offending(history.inner_text(), [])
            assert not words and not numbers, (words, numbers)
