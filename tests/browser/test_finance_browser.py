"""The ledger in a real headless Chromium: a journal entry typed with the keyboard, its project,
activity and party picked by name, posted (the page names its number), reversed after a
confirmation, and the trial balance still balanced; the running totals and the activity search."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PROJECT = "PADMA-RES"  # the demo building project
PARTY = "Shitalakshya Cement Industries Ltd."  # a demo vendor
ENTRY_DATE = "2026-06-28"  # inside the demo fiscal year 2025-26


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _open_ledger(live_server, page) -> str:
    """The demo book's journal page, reached from /finance as a user would; returns the book code."""
    page.goto(live_server.url + "/finance?lang=en")
    if "/accounts" not in page.url:  # several books: a list to choose from
        page.click("main ul a")
    book = re.search(r"/finance/([^/]+)/accounts", page.url)
    assert book, page.url
    page.click("nav.subnav a:text('Journal')")
    page.wait_for_selector("#entry-form")
    return book.group(1)


def _type_line(page, row, account: str, debit: str, credit: str) -> None:
    """Account, debit, credit typed into one line, moving between the fields with Tab."""
    row.locator("input[name=account]").click()
    page.keyboard.type(account)
    page.keyboard.press("Tab")
    page.keyboard.type(debit)
    page.keyboard.press("Tab")
    page.keyboard.type(credit)


def _cells(page, cls: str) -> list[str]:
    return [c.strip() for c in page.locator(f"#entry-lines td.{cls}").all_inner_texts()]


def test_post_an_entry_with_picked_dimensions_reverse_it_and_the_trial_balance_balances(live_server, page):
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))  # the confirmation before reversing
    book = _open_ledger(live_server, page)
    narration = f"Cement for the raft, browser {uuid4().hex[:8]}"
    page.fill("input[name=entry_date]", ENTRY_DATE)
    page.fill("input[name=narration]", narration)
    rows = page.locator("#entry-lines tbody tr")
    assert rows.count() == 2

    # line 1: the cost, on the project and one of its activities (refilled by htmx when the project changes)
    first = rows.nth(0)
    _type_line(page, first, "5110", "125000.50", "")
    project = first.locator("select[name=project_id] option", has_text=f"{PROJECT} — ")
    first.locator("select[name=project_id]").select_option(value=project.get_attribute("value"))
    activity = first.locator("select[name=activity_code] option").nth(1)
    expect(activity).to_be_attached()  # htmx refilled the select with the project's activities
    activity_text = activity.inner_text()
    first.locator("select[name=activity_code]").select_option(value=activity.get_attribute("value"))

    # line 2: the payable, to the vendor found by typing part of its name and picked with Enter
    second = rows.nth(1)
    _type_line(page, second, "2110", "", "125000.50")
    # one input event, so one search answers: keystroke by keystroke, a late answer could replace the list
    # between finding the option and pressing Enter, and Enter would then click a button no longer on the page
    second.locator(".party-search").fill("shitalak")
    second.locator(".party-option", has_text=PARTY).wait_for()
    page.keyboard.press("Enter")
    expect(second.locator("input[name=party_id]")).not_to_have_value("")  # htmx swapped in the picked cell
    picked = second.locator(".party-search").input_value()
    assert picked.endswith(f" — {PARTY}") and picked.startswith("P-")

    # Enter on the last line adds a line (left empty: the form skips it); Alt+N adds another
    second.locator("input[name=memo]").click()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(3)
    expect(rows.nth(2).locator("input[name=account]")).to_be_focused()
    page.keyboard.press("Alt+n")
    expect(rows).to_have_count(4)

    with page.expect_navigation():
        page.click("#entry-form button[value=post]")
    posted = re.match(r"Entry (JV/2025-26/\d{6}) posted\.", page.locator("#entry-done").inner_text())
    assert posted, page.locator("#entry-done").inner_text()  # the page names the number the entry got
    page.click("#entry-done a")
    number = re.match(r"JV/2025-26/\d{6}", page.locator("h1").inner_text())
    assert number and number.group(0) == posted.group(1), page.locator("h1").inner_text()
    assert _cells(page, "dim-project")[0].startswith(f"{PROJECT} — Padma Residency")
    assert _cells(page, "dim-activity")[0] == activity_text
    assert _cells(page, "dim-party") == ["", picked]

    # reverse it: the reversal opens, linked to the entry, lines swapped, same names
    with page.expect_navigation():
        page.click("#reverse-form button")
    reversal = re.match(r"RJ/2025-26/\d{6}", page.locator("h1").inner_text())
    assert reversal, page.locator("h1").inner_text()
    assert asked == [f"Reverse entry {number.group(0)}? A reversal entry on the date given cancels it; "
                     "the original stays, marked reversed."]
    assert page.locator("#entry-link").inner_text().startswith(f"Reversal of {number.group(0)}")
    amounts = [(r.locator("td").nth(4).inner_text(), r.locator("td").nth(5).inner_text())
               for r in page.locator("#entry-lines tbody tr").all()]
    assert amounts == [("0.00", "1,25,000.50"), ("1,25,000.50", "0.00")]
    assert _cells(page, "dim-project")[0].startswith(f"{PROJECT} — ")
    assert _cells(page, "dim-party") == ["", picked]
    with page.expect_navigation():
        page.click("#entry-link a")
    assert "reversed" in page.locator("h1").inner_text()
    assert page.locator("#entry-link").inner_text().startswith(f"Reversed by {reversal.group(0)}")
    assert page.locator("#reverse-form").count() == 0  # reversed once only

    # the trial balance: total debits equal total credits, in every column pair
    with page.expect_navigation():
        page.click("nav.subnav a:text('Trial balance')")
    expect(page.locator("#trial-balance tr.total td").first).to_be_visible()
    total = page.locator("#trial-balance tr.total td").all_inner_texts()
    opening_dr, opening_cr, dr, cr, closing_dr, closing_cr = total[2:8]
    assert dr == cr and closing_dr == closing_cr and opening_dr == opening_cr
    assert dr not in ("", "0.00")
    page.goto(live_server.url + f"/finance/{book}/journal")
    assert page.locator(f"#entries tr:has-text('Reversal of {number.group(0)}')").count() == 1


def test_a_refused_entry_comes_back_as_typed_and_can_be_mended(live_server, page):
    book = _open_ledger(live_server, page)
    page.fill("input[name=entry_date]", ENTRY_DATE)
    page.fill("input[name=narration]", "Rod delivery, browser")
    rows = page.locator("#entry-lines tbody tr")
    _type_line(page, rows.nth(0), "5110", "98000", "")
    _type_line(page, rows.nth(1), "2110", "", "89000")  # a typo: does not balance
    page.click("button[name=action][value=post]")
    expect(page.locator("p.error")).to_be_visible()
    assert page.input_value("input[name=narration]") == "Rod delivery, browser"
    assert page.locator("#entry-lines input[name=credit]").nth(1).input_value() == "89000"
    page.locator("#entry-lines input[name=credit]").nth(1).fill("98000")  # mend it in place
    page.click("button[name=action][value=post]")
    page.wait_for_url(re.compile(rf"/finance/{book}/journal\?done="))
    expect(page.locator("#entry-done")).to_contain_text("posted.")
    expect(page.locator("#entries")).to_contain_text("Rod delivery, browser")


def test_totals_follow_the_typing_and_the_activity_search_narrows_the_list(live_server, page):
    _open_ledger(live_server, page)
    rows = page.locator("#entry-lines tbody tr")
    expect(page.locator("#entry-difference")).to_have_text("Balanced")
    _type_line(page, rows.nth(0), "5110", "1,57,500", "")
    expect(page.locator("#total-debit")).to_have_text("1,57,500.00")
    expect(page.locator("#entry-difference")).to_have_text("Difference: 1,57,500.00")
    _type_line(page, rows.nth(1), "2110", "", "150000.25")
    expect(page.locator("#total-credit")).to_have_text("1,50,000.25")
    expect(page.locator("#entry-difference")).to_have_text("Difference: 7,499.75")
    rows.nth(1).locator("input[name=credit]").fill("157500")
    expect(page.locator("#entry-difference")).to_have_text("Balanced")

    first = rows.nth(0)
    project = first.locator("select[name=project_id] option", has_text=f"{PROJECT} — ")
    first.locator("select[name=project_id]").select_option(value=project.get_attribute("value"))
    expect(first.locator(".activity-search")).to_be_enabled()  # htmx brought the picker with the activities
    options = first.locator("select[name=activity_code] option:not([value=''])")
    assert options.count() > 100
    first.locator(".activity-search").fill("floor 5 slab casting")
    visible = [o for o in options.all() if not o.evaluate("o => o.hidden")]
    assert [o.get_attribute("value") for o in visible] == ["F05SC"]
    expect(first.locator("select[name=activity_code]")).to_have_value("F05SC")  # the one match is picked


def test_dismissing_the_reverse_confirmation_leaves_the_entry_alone(live_server, page):
    page.on("dialog", lambda d: d.dismiss())
    book = _open_ledger(live_server, page)
    page.fill("input[name=entry_date]", ENTRY_DATE)
    page.fill("input[name=narration]", f"Guard wages, browser {uuid4().hex[:8]}")
    rows = page.locator("#entry-lines tbody tr")
    _type_line(page, rows.nth(0), "5150", "12000", "")
    _type_line(page, rows.nth(1), "1111", "", "12000")
    page.click("button[name=action][value=post]")
    page.click("#entry-done a")
    url = page.url
    page.click("#reverse-form button")
    assert page.url == url and "posted" in page.locator("h1").inner_text()
    assert page.locator("#reverse-form").count() == 1
    assert book in url


def test_rates_are_imported_from_a_file_and_revaluation_says_when_there_is_nothing(live_server, page, tmp_path):
    book = _open_ledger(live_server, page)
    page.click("nav.subnav a:text('Exchange rates')")
    csv = tmp_path / "rates.csv"
    csv.write_text("currency,date,rate\nEUR,2026-06-30,131.75\nGBP,2026-06-30,154.20\n", encoding="utf-8")
    page.set_input_files("#rate-import input[type=file]", str(csv))
    page.click("#rate-import button")
    expect(page.locator("p.flash")).to_contain_text("Imported 2 rates (EUR, GBP; 2026-06-30 – 2026-06-30)")
    expect(page.locator("#rates")).to_contain_text("GBP")
    page.fill("#revaluation-form input[name=as_of]", "2026-06-30")
    page.click("#revaluation-form button")
    # the demo holds no foreign-currency balance: nothing is posted, and the page says so
    expect(page.locator("p.flash")).to_contain_text("No foreign-currency balance to revalue")
    assert page.url.endswith(f"/finance/{book}/revaluations")


def test_enter_the_moment_the_matches_appear_still_picks_the_party(live_server, page):
    """A fast typist's Enter can land just after the matches are put on the page: htmx must have wired
    them by then (by default it waits 20 ms, till the swap settles; base.html sets no delay) or the
    pick is lost. The page presses Enter from a MutationObserver, so the key lands at once."""
    _open_ledger(live_server, page)
    second = page.locator("#entry-lines tbody tr").nth(1)
    page.evaluate(
        """() => {
          const box = document.querySelectorAll('#entry-lines .party-search')[1];
          const list = box.closest('td').querySelector('.party-results');
          new MutationObserver((_, seen) => {
            if (!list.querySelector('.party-option')) return;
            seen.disconnect();
            box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
          }).observe(list, {childList: true});
        }"""
    )
    second.locator(".party-search").fill("shitalak")
    expect(second.locator("input[name=party_id]")).not_to_have_value("")
    assert second.locator(".party-search").input_value().endswith(f" — {PARTY}")
