"""Inventory's consumption-vs-estimate page and the stores page's costing-method card in a real headless Chromium
(Debian chromium through Playwright, `vextrus serve --demo`), in English and in Bangla.

Consumption (docs/inventory.md, "Consumption vs estimate"; the demo's figures): the demo project's site issued 330
bags of cement to activity N03PI and 10 came back against an estimate of 15,500 kg = 310 bags: net 320, variance 10,
wastage 10 ÷ 310 = 3.23 % — over the default 3 % tolerance, so the row is marked and the activity listed; rod to
F08SR 5,200 kg against 5.1 ton = 5,100 kg: 1.96 %, not marked; bricks to N04BI 42,000 against 40,000: 5.00 %, marked
at 3 % and not at 5 % (over means above the tolerance). A tolerance of 101 is refused at its field; an estimate typed
on the page (Bangla digits on the Bangla page) is listed, a negative one refused at its field with the typed values
kept; the CSV link answers with the rows shown.

Costing method: the demo company has stock moves, so its card shows moving average locked, with no form, and a
forged post choosing FIFO is refused at the field in the page's language and changes nothing. (The card's form, shown
to a company with no move yet, is tested without a browser in tests/modules/inventory/test_inventory_costing_page.py:
the demo owner cannot give themself a role in a new company from the browser — auth hands out no more than one
holds there — so no such company is reachable here.)"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from test_bangla_walk import offending, user_phrases

pytestmark = pytest.mark.browser

PROJECT = "PADMA-RES"
BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
TEXT = {
    "en": {"tolerance": "Wastage tolerance %", "quantity": "Quantity", "moving_average": "moving average",
           "locked": "can no longer change", "method_label": "Costing method"},
    "bn": {"tolerance": "অপচয়ের সহনসীমা %", "quantity": "পরিমাণ", "moving_average": "চলমান গড়",
           "locked": "আর বদলানো যায় না", "method_label": "মূল্যায়ন পদ্ধতি"},
}


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _n(lang: str, text: str) -> str:
    """As the page shows (and a user types) it: Bangla digits on the Bangla page."""
    return text.translate(BN) if lang == "bn" else text


def _consumption_rows(page) -> dict[tuple[str, str], tuple[list[str], str]]:
    """The report's rows by (activity code, item code): the cells from the estimate on, and whether marked over."""
    out = {}
    for row in page.locator("#consumption tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        if len(cells) < 11 or not cells[0].startswith(PROJECT):
            continue
        out[(cells[1].split(" — ")[0], cells[2].split(" — ")[0])] = (cells[4:10], row.get_attribute("data-over"))
    return out


def _show(page, tolerance: str) -> None:
    page.fill("#consumption-form input[name=tolerance]", tolerance)
    with page.expect_navigation():
        page.click("#consumption-form button[type=submit]")


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_consumption_against_the_estimates_in_english_and_bangla(live_server, page, lang, tmp_path):
    n = lambda s: _n(lang, s)  # noqa: E731
    page.goto(live_server.url + f"/inventory?lang={lang}")
    page.click("#to-consumption")  # reached from the inventory page
    page.wait_for_selector("#consumption-form")
    assert page.locator("html").get_attribute("lang") == lang
    option = page.locator("#consumption-form select[name=project] option").filter(has_text=re.compile(rf"^{PROJECT} —"))
    page.select_option("#consumption-form select[name=project]", value=option.get_attribute("value"))
    _show(page, "")
    rows = _consumption_rows(page)
    cement, rod, bricks = (n("N03PI"), n("CEM-OPC-50")), (n("F08SR"), n("ROD-60G-10")), (n("N04BI"), n("BRICK-1ST"))
    # estimated, issued, returned, net consumed, variance, wastage
    assert rows[cement] == ([n("310.00"), n("330.00"), n("10.00"), n("320.00"), n("10.00"), n("3.23%")], "yes"), rows
    assert rows[rod] == ([n("5,100.00"), n("5,200.00"), n("0.00"), n("5,200.00"), n("100.00"), n("1.96%")], "no"), rows
    assert rows[bricks][0][5] == n("5.00%") and rows[bricks][1] == "yes"
    over = page.locator("#over-activities").inner_text()
    assert n("N03PI") in over and n("N04BI") in over and n("F08SR") not in over
    if lang == "bn":  # the page's own text is Bangla (codes and the demo's own names aside)
        words, numbers = offending(page.locator("main").inner_text(), user_phrases(str(live_server.workdir / "vextrus.db")))
        assert not words and not numbers, (words, numbers)

    # the CSV link answers with the rows shown (ASCII figures in the file, headings in the page's language)
    with page.expect_download() as got:
        page.click("#download-csv")
    path = tmp_path / "consumption.csv"
    got.value.save_as(path)
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert any("N03PI" in ln and "CEM-OPC-50" in ln and "3.23" in ln for ln in lines), lines[:6]

    _show(page, n("5"))  # at 5 % the bricks' 5.00 % is not over; the cement's 3.23 % neither
    rows = _consumption_rows(page)
    assert rows[bricks][1] == "no" and rows[cement][1] == "no"
    _show(page, n("101"))
    error = page.locator("#consumption-form .error[data-field=tolerance]")
    expect(error).to_be_visible()
    assert error.inner_text().startswith(TEXT[lang]["tolerance"] + ":"), error.inner_text()
    expect(page.locator("#consumption")).to_have_count(0)


@pytest.mark.parametrize("lang,quantity,shown", [("en", "1200", "1,200.00"), ("bn", "১৩৫০", "১,৩৫০.০০")])
def test_an_estimate_typed_on_the_page_is_listed_and_a_negative_one_refused(live_server, page, lang, quantity, shown):
    page.goto(live_server.url + f"/inventory/consumption?lang={lang}")
    form = "#estimate-form"
    project = page.locator(f"{form} select[name=project_id] option").filter(has_text=re.compile(rf"^{PROJECT}$"))
    page.select_option(f"{form} select[name=project_id]", value=project.get_attribute("value"))
    item = page.locator(f"{form} select[name=item_id] option").filter(has_text=re.compile(rf"^{_n(lang, 'BRICK-1ST')} —"))
    page.select_option(f"{form} select[name=item_id]", value=item.get_attribute("value"))
    page.fill(f"{form} input[name=activity_code]", "F08SR")  # bricks are not issued to the rod work: a row of its own
    page.fill(f"{form} input[name=quantity]", "-5")
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    error = page.locator(f"{form} p.error[data-field=quantity]")
    expect(error).to_be_visible()
    assert error.inner_text().startswith(TEXT[lang]["quantity"] + ":"), error.inner_text()
    assert page.locator(f"{form} input[name=quantity]").get_attribute("aria-invalid") == "true"
    assert page.locator(f"{form} input[name=activity_code]").input_value() == "F08SR"  # what was typed is kept

    page.fill(f"{form} input[name=quantity]", quantity)
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    expect(page.locator(f"{form} .error")).to_have_count(0)
    rows = [[c.strip() for c in r.locator("td").all_inner_texts()] for r in page.locator("#estimates tbody tr").all()]
    assert [_n(lang, PROJECT), _n(lang, "F08SR"), _n(lang, "BRICK-1ST"), shown] in [r[:4] for r in rows], rows
    if lang == "bn":
        words, numbers = offending(page.locator("main").inner_text(), user_phrases(str(live_server.workdir / "vextrus.db")))
        assert not words and not numbers, (words, numbers)


def _forge_costing(page, method: str) -> None:
    """Post the costing form the page does not offer (as a crafted request from the signed-in browser would)."""
    with page.expect_navigation():
        page.evaluate("""([method, company]) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers') || '{}')['X-CSRF-Token'];
            const f = document.createElement('form'); f.method = 'post';
            f.action = '/inventory/settings' + window.location.search;
            for (const [k, v] of [['csrf_token', token], ['company_id', company], ['costing_method', method],
                                  ['expected_version', '']]) {
                const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i);
            }
            document.body.appendChild(f); f.submit();
        }""", [method, page.locator("#company-id, input[name=company_id]").first.input_value()])


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_demo_companys_costing_method_is_locked(live_server, page, lang):
    page.goto(live_server.url + f"/inventory/stores?lang={lang}")
    card = page.locator("#costing")
    expect(card).to_be_visible()
    assert card.locator("h2").inner_text() == TEXT[lang]["method_label"]
    assert page.locator("#costing-method").inner_text() == TEXT[lang]["moving_average"]
    assert TEXT[lang]["locked"] in page.locator("#costing-locked").inner_text()
    expect(page.locator("#costing-form")).to_have_count(0)
    _forge_costing(page, "fifo")
    error = page.locator("#costing .error[data-field=costing_method]")
    expect(error).to_be_visible()
    assert TEXT[lang]["moving_average"] in error.inner_text() and "moving_average" not in error.inner_text()
    page.goto(live_server.url + f"/inventory/stores?lang={lang}")
    assert page.locator("#costing-method").inner_text() == TEXT[lang]["moving_average"]  # nothing changed
    if lang == "bn":
        words, numbers = offending(page.locator("main").inner_text(), user_phrases(str(live_server.workdir / "vextrus.db")))
        assert not words and not numbers, (words, numbers)
