"""Advances in a real headless Chromium, in Bangla (issue 16): an accountant records an advance paid to the demo's
steel supplier from the advances page; a wrong amount is refused at the amount field in Bangla and nothing is
stored; the advance is then allocated to the supplier's partly paid rod bill from its own page; the supplier's
statement lists the advance and its allocation with the unallocated rest; no page shows an English word or an
ASCII number (the demo's own typed text and codes aside)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect
from test_bangla_walk import offending, user_phrases

pytestmark = pytest.mark.browser

STEEL_BN = "কর্ণফুলী স্টিল রি-রোলিং মিলস লিমিটেড"  # the demo's steel supplier (master_data demo)
FROM_BN = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _taka(text: str) -> Decimal:
    """A Bangla page's amount (৳১,৬৫,০০০.০০) as a Decimal."""
    return Decimal(text.replace("৳", "").replace(",", "").translate(FROM_BN))


def _statement_unallocated(page, live_server, party_id: str) -> Decimal:
    page.goto(live_server.url + f"/invoicing/statement?party={party_id}&kind=purchase&date_to=2026-06-30&lang=bn")
    return _taka(page.locator("#unallocated").inner_text())


def _clean(page, live_server) -> None:
    words, numbers = offending(page.locator("main").inner_text(), user_phrases(str(live_server.workdir / "vextrus.db")))
    assert not words and not numbers, (page.url, words, numbers)


def _record(page, amount: str) -> None:
    page.select_option("#advance-form select[name=kind]", "purchase")
    page.select_option("#advance-form select[name=party_id]", label=STEEL_BN)
    page.fill("#advance-form input[name=paid_on]", "2026-03-01")
    page.fill("#advance-form input[name=amount]", amount)
    page.select_option("#advance-form select[name=method]", "bank_transfer")
    page.fill("#advance-form input[name=reference]", "BEFTN-260301-0042")
    with page.expect_navigation():
        page.click("#advance-form button[type=submit]")


def test_an_advance_is_recorded_refused_allocated_and_on_the_statement_in_bangla(live_server, page):
    page.goto(live_server.url + "/invoicing/advances?lang=bn")
    page.wait_for_selector("#advance-form")
    assert page.locator("html").get_attribute("lang") == "bn"
    before = page.locator("#advances tbody tr").count()
    _clean(page, live_server)
    party_id = page.locator("#advance-form select[name=party_id] option", has_text=STEEL_BN).first.get_attribute("value")
    held = _statement_unallocated(page, live_server, party_id)  # what the demo's own advance left
    _clean(page, live_server)
    page.goto(live_server.url + "/invoicing/advances?lang=bn")

    _record(page, "বারো হাজার")  # not a number: refused at the field, in Bangla, nothing stored
    message = page.locator("#error-amount")
    expect(message).to_be_visible()
    assert not offending(message.inner_text(), [])[0], message.inner_text()
    expect(page.locator("#advances tbody tr")).to_have_count(before)

    _record(page, "25000")
    assert "/invoicing/advances/" in page.url, page.url
    expect(page.locator("#status")).to_have_text("খোলা")
    assert page.locator("#amount").inner_text() == "৳২৫,০০০.০০", page.locator("#amount").inner_text()
    number = page.locator("h1").inner_text()
    assert "ADP-" in number, number
    _clean(page, live_server)

    first = page.locator("#open-invoices tbody tr").first  # the rod bill half settled by the demo's advance
    first.locator("input[name^=amount-]").fill("10000")
    page.fill("#allocate-form input[name=allocated_on]", "2026-03-02")
    page.fill("#allocate-form input[name=ait_section]", "89")
    with page.expect_navigation():
        page.click("#allocate-form button[type=submit]")
    expect(page.locator(".error")).to_have_count(0)
    expect(page.locator("#status")).to_have_text("আংশিক সমন্বিত")
    expect(page.locator("#allocations tbody tr")).to_have_count(1)
    # 10,000 of the bill settled: its VAT at 7.5 % (697.67) is withheld as VDS and 3 % of the rest under s.89
    # (279.07), so the advance gave 9,023.26 of its 25,000
    assert page.locator("#unallocated").inner_text() == "৳১৫,৯৭৬.৭৪", page.locator("#unallocated").inner_text()
    _clean(page, live_server)

    after = _statement_unallocated(page, live_server, party_id)
    statement = page.locator("#statement").inner_text()
    assert number.split()[-1] in statement, (number, statement)  # the new advance's number, in Bangla digits
    assert after - held == Decimal("15976.74"), (held, after)
    _clean(page, live_server)
