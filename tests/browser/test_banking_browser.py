"""banking in a real headless Chromium, once in English and once in Bangla: the accountant adds a ledger
account for a new bank account and opens the bank account on it, pays a cheque from it in the journal,
imports the bank's statement file (the DBBL-style sample of tests/data/banking), sees the cheque suggested
against its statement line, matches it and reads the reconciliation report; an empty file, a file of another
kind and a statement with a wrong amount are refused with a clear message in the page's language (never a
500) and store nothing. The Bangla pages show no English outside what users typed, and Bangla digits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_bangla_walk import offending, user_phrases

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "banking"
DBBL = SAMPLES / "dbbl_statement.csv"  # 01–10 Mar 2026: opening 10,00,000.00, three lines, closing 19,84,452.89
CHEQUE_LINE = "CHQ PAID - Shitalakshya Cement"

# Per language: the ledger account and bank account the accountant opens, and what the pages say.
CASES = {
    "en": {"code": "1125", "number": "1101100012345", "name": "Dutch-Bangla Bank current account",
           "no_lines": "No statement lines yet", "matched": "Matched", "unmatched": "Not matched",
           "score": "(score 150)", "empty": "The statement has no lines",
           "no_header": "No header row with date, debit/withdrawal and credit/deposit columns was found",
           "bad_amount": "Line 7: 'abc' is not an amount", "png": "The file is a PNG image, not CSV text",
           "cheque": "-৳2,50,000.00", "opening": "৳10,00,000.00", "closing": "৳19,84,452.89", "lines": "3",
           "book": "-৳2,50,000.00", "brought_forward": "৳10,00,000.00", "not_in_books": "৳12,34,452.89",
           "zero": "৳0.00", "none": "None"},
    "bn": {"code": "1126", "number": "1101100012346", "name": "ডাচ্-বাংলা ব্যাংক চলতি হিসাব",
           "no_lines": "এখনো স্টেটমেন্টের কোনো লাইন নেই", "matched": "মেলানো হয়েছে", "unmatched": "মেলানো হয়নি",
           "score": "(স্কোর ১৫০)", "empty": "স্টেটমেন্টে কোনো লাইন নেই",
           "no_header": "তারিখ, ডেবিট/উত্তোলন ও ক্রেডিট/জমা কলামসহ শিরোনাম সারি পাওয়া যায়নি",
           "bad_amount": "লাইন ৭: 'abc'", "png": "ফাইলটি একটি PNG ছবি, CSV লেখা নয়",
           "cheque": "-৳২,৫০,০০০.০০", "opening": "৳১০,০০,০০০.০০", "closing": "৳১৯,৮৪,৪৫২.৮৯", "lines": "৩",
           "book": "-৳২,৫০,০০০.০০", "brought_forward": "৳১০,০০,০০০.০০", "not_in_books": "৳১২,৩৪,৪৫২.৮৯",
           "zero": "৳০.০০", "none": "কিছু নেই"},
}
TYPED = ("'abc'", "Save As")  # the refused value, shown back; the spreadsheet's menu item, as it reads there
BN_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def _password(live_server) -> str:
    creds = (live_server.workdir / "var" / "demo-credentials.txt").read_text()
    return re.search(r"password for all: (\S+)\)", creds).group(1)


def _sign_in(live_server, page, email: str, lang: str) -> None:
    page.goto(live_server.url + f"/login?lang={lang}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", _password(live_server))
    with page.expect_navigation():
        page.click("#login-form button")
    assert "/login" not in page.url


def _no_english(live_server, page, where: str, typed: tuple[str, ...] = ()) -> None:
    """No English in the main content beyond what users typed (the demo's, the bank's and this test's words)."""
    phrases = [*typed, *user_phrases(str(live_server.workdir / "vextrus.db"))]
    main = page.evaluate("""() => { document.querySelectorAll('main code, main kbd, main samp')
        .forEach(e => e.remove()); return document.querySelector('main').innerText; }""")  # as laid out
    words, numbers = offending(main, phrases)
    assert not words and not numbers, f"{where}: English {sorted(words)}, ASCII numbers {sorted(numbers)}"


def _upload(page, name: str, content: bytes, mime: str = "text/csv") -> int:
    form = page.locator("form[action$='/statements/import']")
    form.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    with page.expect_navigation() as nav:
        form.locator("button[type=submit]").click()
    return nav.value.status if nav.value else 0


def _report_value(page, label_row: int) -> str:
    return page.locator("#reconciliation tr").nth(label_row).locator("td").inner_text()


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_accountant_imports_a_statement_matches_the_cheque_and_reconciles(live_server, page, lang):
    case = CASES[lang]
    _sign_in(live_server, page, "accounts@padma.example", lang)

    # a ledger account for the new bank account, in the chart of accounts
    page.goto(live_server.url + "/finance/PBL/accounts")
    page.locator("#add-account summary").click()
    add = page.locator("#add-account form")
    add.locator("input[name=code]").fill(case["code"])
    add.locator("input[name=name]").fill(case["name"])
    add.locator("select[name=account_type]").select_option("asset")
    add.locator("select[name=subtype]").select_option("bank")
    add.locator("select[name=parent_code]").select_option("1100")
    with page.expect_navigation():
        add.locator("button").click()
    expect(page.locator("#accounts tbody tr").filter(has_text=case["name"])).to_have_count(1)

    # the bank account on it, from the banking page
    page.goto(live_server.url + "/banking")
    rows = page.locator("#bank-accounts tbody tr")
    expect(rows.filter(has_text="সোনালী ব্যাংক পিএলসি")).to_have_count(1)  # the demo's account
    before = rows.count()
    new = page.locator("form[action='/banking/accounts']")
    new.locator("input[name=bank_name]").fill("Dutch-Bangla Bank PLC")
    new.locator("input[name=branch]").fill("Motijheel")
    new.locator("input[name=account_number]").fill(case["number"])
    new.locator("input[name=ledger_account_code]").fill(case["code"])
    with page.expect_navigation():
        new.locator("button").click()
    account_url = page.url
    assert re.search(r"/banking/accounts/[0-9a-f-]{32,36}$", account_url), account_url
    def number_of(text: str) -> str:  # a number as the page writes it
        return text.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")) if lang == "bn" else text

    number = number_of(case["number"])
    expect(page.locator("h1")).to_have_text(f"Dutch-Bangla Bank PLC {number}")
    expect(page.locator("#statement-lines tbody")).to_have_text(case["no_lines"])

    # the cheque paid from it, posted in the journal two days into March
    page.goto(live_server.url + "/finance/PBL/journal")
    page.fill("input[name=entry_date]", "2026-03-02")
    page.fill("input[name=narration]", "Cheque 456789 to Shitalakshya Cement")
    lines = page.locator("#entry-lines tbody tr")
    for row, account, dr, cr in ((lines.nth(0), "2110", "250000", ""), (lines.nth(1), case["code"], "", "250000")):
        row.locator("input[name=account]").fill(account)
        row.locator("input[name=debit]").fill(dr)
        row.locator("input[name=credit]").fill(cr)
    with page.expect_navigation():
        page.click("#entry-form button[value=post]")
    posted = re.search(r"JV/[0-9০-৯]{4}-[0-9০-৯]{2}/[0-9০-৯]{6}", page.locator("#entry-done").inner_text())
    assert posted, page.locator("#entry-done").inner_text()
    entry_number = posted.group(0).translate(BN_DIGITS)

    # bad files first: each refused with its message at the form, nothing stored, never a 500
    page.goto(account_url)
    bad_amount = DBBL.read_bytes().replace(b'"2,50,000.00"', b"abc")
    for name, content, mime, says in (("empty.csv", b"", "text/csv", case["no_header"]),
                                      ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png",
                                       case["png"]),
                                      ("statement.xml", b"<?xml version='1.0'?><Document><x/></Document>",
                                       "application/xml", None),
                                      ("statement.csv", bad_amount, "text/csv", case["bad_amount"])):
        status = _upload(page, name, content, mime)
        assert status == 422, (name, status)
        error = page.locator("#banking-error").inner_text()
        assert error and "Traceback" not in error, (name, error)
        if says:
            assert error.startswith(says), (name, error)
        if lang == "bn":  # codes (CSV, UTF-8) and what was typed aside; "Save As" names the spreadsheet's menu
            assert not offending(error, list(TYPED))[0], (name, error)
            assert not re.findall(r"(?<![\w.-])[0-9][0-9,.]*(?![\w-])", error), (name, error)  # line numbers
            _no_english(live_server, page, f"refused {name}", TYPED)
        expect(page.locator("#statement-lines tbody")).to_have_text(case["no_lines"])
        expect(page.locator("#statements tbody tr")).to_have_count(0)

    # the bank's statement file
    assert _upload(page, DBBL.name, DBBL.read_bytes()) == 200
    assert page.url == account_url
    expect(page.locator("#banking-error")).to_have_count(0)
    statement = page.locator("#statements tbody tr").locator("td").all_inner_texts()
    assert statement[3:] == [case["opening"], case["closing"], case["lines"]], statement
    expect(page.locator("#statement-lines tbody tr")).to_have_count(3)
    cheque = page.locator("#statement-lines tbody tr").filter(has_text=CHEQUE_LINE)
    cells = cheque.locator("td").all_inner_texts()
    assert cells[3] == case["cheque"] and cells[4] == case["unmatched"], cells

    # the cheque is suggested: the entry just posted, same day, its cheque number in the narration
    suggestion = cheque.locator("form.suggestion")
    expect(suggestion).to_have_count(1)
    assert entry_number in suggestion.inner_text() and case["score"] in suggestion.inner_text(), suggestion.inner_text()
    if lang == "bn":
        _no_english(live_server, page, "reconciliation screen",
                    ("Dutch-Bangla Bank PLC", "Cheque 456789 to Shitalakshya Cement", "Opening Balance"))
    with page.expect_navigation():
        suggestion.locator("button").click()
    cheque = page.locator("#statement-lines tbody tr").filter(has_text=CHEQUE_LINE)
    expect(cheque.locator("td").nth(4)).to_have_text(case["matched"])
    expect(cheque.locator("form.suggestion")).to_have_count(0)
    others = page.locator("#statement-lines tbody tr").filter(has_not_text=CHEQUE_LINE)
    expect(others.filter(has_text=case["unmatched"])).to_have_count(2)

    # the report: books, brought forward, the two bank-only lines, the statement, no difference
    page.locator(f"a[href='{account_url.split(live_server.url)[1]}/report']").click()
    expect(page.locator("#reconciliation")).to_be_visible()
    assert [_report_value(page, i) for i in range(8)] == [
        case["book"], case["brought_forward"], case["zero"], case["zero"], case["not_in_books"],
        case["closing"], case["closing"], case["zero"]], page.locator("#reconciliation").inner_text()
    expect(page.locator("#statement-balance")).to_have_text(case["closing"])
    expect(page.locator("#difference")).to_have_text(case["zero"])
    lists = page.locator("main section.card table")
    expect(lists.nth(0)).to_have_text(case["none"])  # no outstanding cheque: it cleared
    expect(lists.nth(2).locator("tr")).to_have_count(2)  # the deposit and the SMS charge wait for the books
    if lang == "bn":
        _no_english(live_server, page, "reconciliation report", ("Dutch-Bangla Bank PLC",))

    # the accounts page lists the new account beside the demo's, its number in the page's digits
    page.goto(live_server.url + "/banking")
    expect(rows).to_have_count(before + 1)
    row = rows.filter(has=page.get_by_role("cell", name=number, exact=True))
    expect(row.locator("td")).to_have_text(["Dutch-Bangla Bank PLC", "Motijheel", number, "BDT", number_of(case["code"])])
