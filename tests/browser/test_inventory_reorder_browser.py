"""Inventory's reorder and slow-moving pages in a real headless Chromium, in English and in Bangla: a storekeeper
sets reorder levels for a site store (Bangla digits typed on the Bangla page), sees them listed and the items
below their point suggested with the quantity to buy, makes a draft requisition from the suggestions and lands
on it; a refused level is named at its field; the slow-moving report narrows with its days filter and its CSV
and Excel links answer with the report's file.

Each test makes its own site store of the demo project through REST with the signed-in user's session, as a REST
client would: its figures stay apart from the demo's stores, stock and suggestions (the stores page is tested in
test_inventory_stores_browser.py)."""

from __future__ import annotations

import csv
import io
import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from test_bangla_walk import offending, user_phrases

pytestmark = pytest.mark.browser

PROJECT = "PADMA-RES"  # the demo building project
CEMENT = "CEM-OPC-50"  # demo items
SAND = "SAND-SYLHET"
ROD = "ROD-60G-12"
BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
TEXT = {
    "en": {"quantity_label": "Reorder quantity", "draft": "Draft", "requisition": "Requisition PR-",
           "days_refused": "No issue in (days): Days must be between 1 and 3650", "csv_head": "Store,Item,Last issue",
           "last_issue": "1 Oct 2026"},
    "bn": {"quantity_label": "পুনঃক্রয় পরিমাণ", "draft": "খসড়া", "requisition": "অধিযাচন PR-",
           "days_refused": "যত দিন প্রদান নেই: দিন ১ থেকে ৩৬৫০ এর মধ্যে হতে হবে", "csv_head": "গুদাম,পণ্য,শেষ প্রদান",
           "last_issue": "১ অক্টো ২০২৬"},
}


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _as_typed(lang: str, text: str) -> str:
    """What a user of the page writes: Bangla digits on the Bangla page."""
    return text.translate(BN) if lang == "bn" else text


def _site_store(live_server, page) -> str:
    """A new site store of the demo project (letters only, so its code reads the same in both languages)."""
    page.goto(live_server.url + "/inventory?lang=en")
    company = page.locator("#move-form input[name=company_id]").input_value()
    project = page.locator("#move-form select[name=project_id] option", has_text=f"{PROJECT} — ").get_attribute("value")
    code = "BRS-" + uuid4().hex[:6].upper().translate(str.maketrans("0123456789", "GHIJKLMNOP"))
    answer = page.request.post(live_server.url + "/api/v1/inventory/stores", data={
        "company_id": company, "code": code, "name": f"Browser site store {code}", "name_bn": f"সাইট গুদাম {code}",
        "kind": "site", "project_id": project})
    assert answer.status == 201, answer.text()
    return code


def _pick(page, form: str, name: str, code: str) -> None:
    """Choose the option of a select whose text starts with the code (store or item)."""
    option = page.locator(f"{form} select[name={name}] option").filter(has_text=re.compile(rf"^{re.escape(code)}( —|$)"))
    page.select_option(f"{form} select[name={name}]", value=option.get_attribute("value"))


def _set_level(page, lang: str, store: str, item: str, point: str, quantity: str, maximum: str = "") -> None:
    _pick(page, "#level-form", "store_id", store)
    _pick(page, "#level-form", "item_id", item)
    page.fill("#level-form input[name=reorder_point]", _as_typed(lang, point))
    page.fill("#level-form input[name=reorder_quantity]", _as_typed(lang, quantity))
    page.fill("#level-form input[name=max_quantity]", _as_typed(lang, maximum))
    with page.expect_navigation():
        page.click("#level-form button[type=submit]")


def _rows(page, table: str, store: str) -> dict[str, list[str]]:
    """A table's rows of one store by item code, each row's cells as shown (Bangla digits on the Bangla page)."""
    out = {}
    for row in page.locator(f"{table} tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        if cells and cells[0] == store:
            out[cells[1].split(" — ")[0]] = cells
    return out


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_level_below_its_point_is_suggested_and_becomes_a_draft_requisition(live_server, page, lang):
    store = _site_store(live_server, page)
    page.goto(live_server.url + f"/inventory?lang={lang}")
    page.click("a[href^='/inventory/reorder']")  # reached from the inventory page
    page.wait_for_selector("#level-form")
    assert page.locator("html").get_attribute("lang") == lang
    # cement with a maximum: buy up to it; sand without: the reorder quantity raised to reach the point
    _set_level(page, lang, store, CEMENT, "100", "40", "150")
    _set_level(page, lang, store, SAND, "1200", "500.5")
    assert re.search(r"/inventory/reorder\?company=", page.url), page.url  # saved: back on the page, no refusal
    expect(page.locator(".error")).to_have_count(0)

    num = lambda s: _as_typed(lang, s)  # noqa: E731
    cement, sand = num(CEMENT), num(SAND)
    levels = _rows(page, "#levels", store)
    assert levels[cement][2:5] == [num("100.00"), num("40.00"), num("150.00")], levels
    assert levels[sand][2:5] == [num("1,200.00"), num("500.50"), ""], levels

    form = page.locator(f"form.suggestions[data-store='{store}']")
    expect(form).to_be_visible()  # no stock in the new store: both items at or below their point
    suggested = {}
    for row in form.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        suggested[cells[1].split(" — ")[0]] = cells[2:]
    # on hand, in transit, on order (nothing requisitioned or ordered for the new store), point, quantity, max, to buy
    assert suggested == {cement: [num("0.00"), num("0.00"), num("0.00"), num("100.00"), num("40.00"), num("150.00"),
                                  num("150.00")],
                         sand: [num("0.00"), num("0.00"), num("0.00"), num("1,200.00"), num("500.50"), "",
                                num("1,200.00")]}, suggested
    if lang == "bn":  # the page's own text is Bangla (codes, units and the user's own phrases aside)
        words, numbers = offending(page.locator("main").inner_text(), user_phrases(str(live_server.workdir / "vextrus.db")))
        assert not words and not numbers, (words, numbers)

    # only the cement is wanted now: the draft carries it alone, at its suggested quantity
    form.locator(f"input[type=checkbox][aria-label='{SAND}']").uncheck()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert re.search(r"/procurement/requisitions/[0-9a-f-]{36}$", page.url), page.url
    expect(page.locator("h1")).to_contain_text(TEXT[lang]["requisition"])
    expect(page.locator("main")).to_contain_text(TEXT[lang]["draft"])
    lines = [[c.strip() for c in r.locator("td").all_inner_texts()] for r in page.locator("main table tbody tr").all()]
    assert len(lines) == 1 and lines[0][0].startswith(cement) and lines[0][1] == num("150.00"), lines


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_refused_level_is_named_at_its_field_and_nothing_is_stored(live_server, page, lang):
    store = _site_store(live_server, page)
    page.goto(live_server.url + f"/inventory/reorder?lang={lang}")
    _set_level(page, lang, store, ROD, "25", "0")
    message = page.locator("#level-form span.error[data-field=reorder_quantity]")
    expect(message).to_be_visible()
    assert message.inner_text().startswith(TEXT[lang]["quantity_label"] + ": "), message.inner_text()
    assert page.locator("#level-form input[name=reorder_quantity]").get_attribute("aria-invalid") == "true"
    assert page.locator("#level-form .error").count() == 1  # at that field only, not at the top of the form
    assert page.input_value("#level-form input[name=reorder_point]") == _as_typed(lang, "25")  # kept as typed
    if lang == "bn":
        assert not offending(message.inner_text(), [])[0], message.inner_text()
    page.goto(live_server.url + f"/inventory/reorder?lang={lang}")
    assert store not in page.locator("#levels").inner_text()
    assert page.locator(f"form.suggestions[data-store='{store}']").count() == 0


def test_a_maximum_below_the_point_is_refused_in_bangla_digits(live_server, page):
    store = _site_store(live_server, page)
    page.goto(live_server.url + "/inventory/reorder?lang=bn")
    _set_level(page, "bn", store, ROD, "10", "5", "5")
    message = page.locator("#level-form span.error[data-field=max_quantity]")
    expect(message).to_be_visible()
    assert "১০" in message.inner_text() and not re.search("[0-9]", message.inner_text()), message.inner_text()


def _move(live_server, page, lang: str, kind: str, store: str, day: str, quantity: str, cost: str = "") -> None:
    page.goto(live_server.url + f"/inventory?lang={lang}")
    page.select_option("#move-form select[name=kind]", kind)
    _pick(page, "#move-form", "item_id", ROD)
    _pick(page, "#move-form", "store_id", store)
    page.fill("#move-form input[name=move_date]", day)
    page.fill("#move-form input[name=quantity]", quantity)
    page.fill("#move-form input[name=unit_cost]", cost)
    if kind == "issue":
        _pick(page, "#move-form", "project_id", PROJECT)
    with page.expect_navigation():
        page.click("#move-form button[type=submit]")
    expect(page.locator("p.error")).to_have_count(0)


def _report(page, as_of: str, days: str) -> None:
    page.fill("#slow-form input[name=as_of]", as_of)
    page.fill("#slow-form input[name=days]", days)
    with page.expect_navigation():
        page.click("#slow-form button[type=submit]")


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_slow_moving_items_follow_the_days_filter_and_download(live_server, page, lang, tmp_path):
    store = _site_store(live_server, page)
    _move(live_server, page, lang, "receipt", store, "2026-09-01", "90", "500")
    _move(live_server, page, lang, "issue", store, "2026-10-01", "10")  # 61 days before 1 December
    page.click("a[href^='/inventory/slow-moving']")
    page.wait_for_selector("#slow-form")
    num = lambda s: _as_typed(lang, s)  # noqa: E731

    _report(page, "2026-12-01", "60")
    rows = _rows(page, "#slow", store)
    assert rows.get(num(ROD)) == [store, num(ROD), TEXT[lang]["last_issue"], num("61"), TEXT[lang]["last_issue"],
                                  num("61"), num("80.00"), num("৳40,000.00")], rows
    if lang == "bn":
        words, numbers = offending(page.locator("main").inner_text(), [])
        assert not words and not numbers, (words, numbers)

    # the downloads answer with the report as shown: the same date, days and line
    with page.expect_download() as csv_download:
        page.click("#download-csv")
    assert csv_download.value.suggested_filename == "slow_moving_2026-12-01_60d.csv"
    saved = tmp_path / "slow.csv"
    csv_download.value.save_as(saved)
    content = saved.read_text(encoding="utf-8-sig")
    assert content.startswith(TEXT[lang]["csv_head"]), content[:200]
    lines = [r for r in csv.reader(io.StringIO(content)) if r and r[0] == store]
    assert lines == [[store, ROD, "2026-10-01", "61", "2026-10-01", "61", "80.000000", "40000.00"]], lines
    with page.expect_download() as xlsx_download:
        page.click("#download-xlsx")
    assert xlsx_download.value.suggested_filename == "slow_moving_2026-12-01_60d.xlsx"
    book = tmp_path / "slow.xlsx"
    xlsx_download.value.save_as(book)
    from openpyxl import load_workbook

    sheet = load_workbook(book, read_only=True).active
    found = [list(r) for r in sheet.iter_rows(values_only=True) if r and r[0] == store]
    assert len(found) == 1 and found[0][1] == ROD and str(found[0][-2]).startswith("80"), found

    # one more day of patience: the rod was issued 61 days before, so it is not slow any more
    _report(page, "2026-12-01", "62")
    assert num(ROD) not in _rows(page, "#slow", store)
    assert page.input_value("#slow-form input[name=days]") == "62"

    # a days figure out of range, from an edited address: the message at the field, in the page's language
    answer = page.goto(live_server.url + f"/inventory/slow-moving?lang={lang}&days=0")
    assert answer is not None and answer.status == 422
    expect(page.locator("#slow-form span.error[data-field=days]")).to_have_text(TEXT[lang]["days_refused"])
