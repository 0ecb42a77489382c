"""Documents and attachments in a real headless Chromium: the Bangla payment voucher form generates a
document; its page shows the PDF and the attachments panel (holding the generated PDF, which cannot be
deleted), whose upload script streams a file as the
raw body (with the CSRF header) and swaps the panel, showing the file and its scan status in Bangla."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_generate_a_bangla_voucher_and_attach_a_scan(live_server, signed_in_page, tmp_path):
    page = signed_in_page
    page.goto(live_server.url + "/documents/types/payment_voucher/new?lang=bn")
    assert page.locator("h1").inner_text() == "নতুন পেমেন্ট ভাউচার"
    page.fill("input[name=payee]", "মেসার্স লক্ষ্মী ট্রেডার্স")
    page.select_option("select[name=lang]", "bn")
    page.click("#voucher-form button:not(.secondary)")
    page.wait_for_url("**/documents/0*")
    assert "PV/" in page.locator("h1").inner_text()
    assert page.locator("iframe[title=PDF]").get_attribute("src").endswith("/pdf")
    panel = page.locator("section.files-panel")
    panel.wait_for()  # loaded by htmx
    assert "PV-2025-26-" in panel.inner_text() and "তৈরি করা, পরিবর্তনযোগ্য নয়" in panel.inner_text()  # the PDF itself
    scan = tmp_path / "স্বাক্ষরিত কপি.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a signed scan\n" + b"0" * 5000 + b"\n%%EOF\n")
    panel.locator("input[type=file]").set_input_files(str(scan))
    page.wait_for_selector("section.files-panel a:has-text('স্বাক্ষরিত কপি.pdf')")
    row = page.locator("section.files-panel tbody tr", has_text="স্বাক্ষরিত কপি.pdf")
    assert "পরীক্ষা করা হয়নি" in row.inner_text()  # no virus scanner on the demo: said plainly
    assert row.locator("button").count() == 1  # the scan can be deleted; the generated PDF cannot
    assert page.locator("section.files-panel tbody tr").count() == 2
