"""The demo buyer in the customer portal, in a real headless Chromium and in Bangla: signs in, sees the
home page and only *My bookings* in the menu, opens their booking's statement (schedule and receipts in
Bangla digits), and is refused every staff page (sales, ledger) with a Bangla error page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_demo_buyer_sees_their_own_booking_in_bangla_and_nothing_else(live_server, page):
    password = re.search(r"Demo sign-in: \S+ / (\S+)", live_server.output).group(1)  # the demo users share it
    page.goto(live_server.url + "/login?lang=bn")
    page.fill("input[name=email]", "buyer@padma.example")
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("#login-form button")
    assert "/login" not in page.url
    menu = [h.split("?")[0] for h in page.eval_on_selector_all("nav a[href^='/']", "els => els.map(e => e.getAttribute('href'))")]
    assert "/portal" in menu and not {"/sales", "/finance", "/projects", "/portal/accounts"} & set(menu), menu

    page.goto(live_server.url + "/portal")
    expect(page.locator("h1")).to_have_text("আমার বুকিং")
    rows = page.locator("#my-bookings tbody tr")
    expect(rows.first.locator("a")).to_be_visible()
    assert "৳" in rows.first.inner_text() and not any(c.isascii() and c.isdigit() for c in rows.first.inner_text())
    with page.expect_navigation():
        rows.first.locator("a").click()
    expect(page.locator("#schedule tbody tr").first).to_be_visible()
    expect(page.locator("#receipts tbody tr").first).to_be_visible()
    assert page.locator("form").count() == 0 or page.locator("form[action*='/receipts']").count() == 0
    for link in ("#statement-pdf a", "#receipts a.receipt-pdf"):  # the statement and a receipt as PDFs, in Bangla
        href = page.locator(link).first.get_attribute("href")
        assert href.endswith("?lang=bn"), href
        pdf = page.request.get(live_server.url + href)
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf", (href, pdf.status)

    for staff in ("/sales", "/finance", "/portal/accounts"):
        response = page.goto(live_server.url + staff)
        assert response is not None and response.status == 403, staff
        expect(page.locator("#error-page h1")).to_have_text("অনুমতি নেই")
