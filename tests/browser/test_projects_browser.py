"""The projects pages in a real headless Chromium: Gantt, inline edit + reschedule, XER upload."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest

pytestmark = pytest.mark.browser

TOWER = Path(__file__).parents[1] / "modules" / "projects" / "data" / "tower_a.xer"
DEMO = "PADMA-RES"
DEMO_BN = "পদ্মা রেসিডেন্সি (বি+১০ আবাসিক ভবন), বসুন্ধরা আ/এ"


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def test_gantt_inline_edit_and_reschedule_moves_the_finish(live_server, page):
    page.goto(live_server.url + "/projects")
    page.click(f"#projects a:text('{DEMO}')")
    page.wait_for_selector("#finish")
    finish_before = page.locator("#finish").inner_text()

    page.goto(live_server.url + f"/projects/{DEMO}/gantt")
    assert page.locator("svg .bar.critical").count() > 0  # critical path highlighted
    assert page.locator("svg .rel").count() > 0  # relationship lines

    page.goto(live_server.url + f"/projects/{DEMO}/activities")
    # the last critical activity that has not started drives the finish: lengthen it by 30 working days
    rows = page.locator("#activities tbody tr.critical[data-status=not_started][data-type=task]")
    row = rows.nth(rows.count() - 1)
    code = row.locator("td").first.inner_text()
    duration = row.locator(f"input[aria-label='duration {code}']")
    new = float(duration.input_value()) + 240
    duration.fill(f"{new:g}")
    version = row.locator("input[name=version]").input_value()
    row.locator("button").click()
    # htmx swaps the row in place with the saved version
    page.wait_for_function(
        "([code, v]) => { const i = document.querySelector(`input[aria-label='duration ${code}']`);"
        " const f = i && i.form; return f && f.querySelector('input[name=version]').value !== v; }",
        arg=[code, version])
    assert page.locator(f"input[aria-label='duration {code}']").input_value() == f"{new:g}"

    page.goto(live_server.url + f"/projects/{DEMO}")
    with page.expect_navigation():  # POST, then redirected back to the dashboard
        page.click("button:text('Run schedule (CPM)')")
    finish_after = page.locator("#finish").inner_text()
    assert finish_after > finish_before  # "YYYY-MM-DD HH:MM" sorts as time


def test_xer_upload(live_server, page):
    page.goto(live_server.url + "/projects?lang=en")
    page.set_input_files("input[name=file]", str(TOWER))
    page.click("form[action='/projects/import'] button")
    status = page.wait_for_selector("[role=status]")
    assert "TOWER-A" in status.inner_text()
    assert page.locator("#projects a:text('TOWER-A')").count() == 1
    page.click("#projects a:text('TOWER-A')")
    with page.expect_navigation():
        page.click("button:text('Run schedule (CPM)')")
    # the hand-worked finish of tower_a: M9999 after A1020, Wed 7 Jan 2026 17:00
    assert page.locator("#finish").inner_text() == "2026-01-07 17:00"


def test_the_dashboard_shows_and_saves_the_bangla_name(live_server, page):
    page.goto(live_server.url + f"/projects/{DEMO}?lang=bn")
    assert page.locator("h1").inner_text() == f"{DEMO} — {DEMO_BN}"

    def save_bangla_name(text: str) -> None:
        page.locator("#names input[name=name_bn]").fill(text)
        with page.expect_navigation():  # POST, then redirected back to the dashboard
            page.locator("#names button").click()

    save_bangla_name("পদ্মা রেসিডেন্সি, বসুন্ধরা")
    assert page.locator("h1").inner_text() == f"{DEMO} — পদ্মা রেসিডেন্সি, বসুন্ধরা"
    page.goto(live_server.url + "/projects?lang=bn")
    row = page.locator(f"#projects tr:has(a:text('{DEMO}'))")
    assert row.locator("td").nth(1).inner_text() == "পদ্মা রেসিডেন্সি, বসুন্ধরা"
    page.goto(live_server.url + f"/projects/{DEMO}?lang=en")
    assert page.locator("h1").inner_text().startswith(f"{DEMO} — Padma Residency")
    save_bangla_name(DEMO_BN)  # as the demo had it (other browser tests share the server)
    assert page.locator("#names input[name=name_bn]").input_value() == DEMO_BN


def test_a_project_made_by_hand_and_its_details_edited(live_server, page):
    """The new-project form: client picked by name, district → upazila, lakh commas; then the details
    form on the dashboard. A unique code: the server is shared and the demo project stays as it is."""
    code = f"HAND-{uuid4().hex[:6].upper()}"
    page.goto(live_server.url + "/projects?lang=en")
    page.click("#new-project summary")
    form = page.locator("#new-project form")
    form.locator("input[name=code]").fill(code)
    form.locator("input[name=name]").fill("Meghdoot tower, Vatara")
    form.locator("input[name=party_q]").press_sequentially("Meghdoot")
    form.locator(".party-option").first.wait_for()
    form.locator("input[name=party_q]").press("Enter")  # picks the first match, does not submit
    page.wait_for_function("() => document.querySelector('#new-project input[name=client_party_id]').value !== ''")
    assert form.locator("input[name=party_q]").input_value().endswith("Meghdoot Housing Ltd.")
    form.locator("select[name=site_district_code]").select_option(label="Dhaka")
    page.wait_for_selector("#new-project select[name=site_upazila_code] option:text('Vatara')", state="attached")
    form.locator("select[name=site_upazila_code]").select_option(label="Vatara")
    form.locator("input[name=contract_value]").fill("1,25,00,000")
    form.locator("input[name=start_date]").fill("2026-02-01")
    form.locator("input[name=finish_date]").fill("2026-01-01")  # before the start: refused, all kept
    form.locator("button").click()
    page.wait_for_selector("#form-error")
    assert "finish date is before the start date" in page.locator("#form-error").inner_text()
    form = page.locator("#new-project form")
    assert form.locator("input[name=contract_value]").input_value() == "1,25,00,000"
    assert form.locator("input[name=finish_date]").get_attribute("aria-invalid") == "true"
    form.locator("input[name=finish_date]").fill("2027-06-30")
    with page.expect_navigation():
        form.locator("button").click()
    assert page.url.endswith(f"/projects/{code}")
    assert page.locator("h1").inner_text() == f"{code} — Meghdoot tower, Vatara"
    assert page.locator("#site").inner_text() == "Dhaka › Vatara"
    assert "Meghdoot Housing Ltd." in page.locator("#client").inner_text()
    assert page.locator("#no-activities").count() == 1

    page.click("#details summary")
    page.locator("#details input[name=contract_value]").fill("1,30,00,000.50")
    page.locator("#details select[name=status]").select_option("active")
    with page.expect_navigation():
        page.locator("#details button").click()
    assert page.locator("#status").inner_text() == "Active"
    assert "1,30,00,000.50" in page.locator("dl.facts").inner_text()
    page.goto(live_server.url + f"/projects/{code}/gantt?lang=bn")
    assert page.locator("#gantt-empty").inner_text() == "এখনও কোনো কার্যক্রম নেই"
