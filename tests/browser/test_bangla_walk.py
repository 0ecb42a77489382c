"""Every page in Bangla: sign in as the demo owner with language Bangla, walk every page the navigation
reaches and one object page of each kind it links to (a party, an item, a user, a project and its pages,
an account, an entry, each report), and fail on any Latin word in the visible text outside the allowed
terms, and on ASCII digits where the Bangla locale writes Bangla ones (dates, amounts, counts).

Allowed: codes (account, activity, party codes: anything with a digit, a hyphen or all capitals), units,
brand and format names, ISO currency codes, e-mail addresses, and text a user typed into the demo that
has no Bangla twin (journal narrations, activity and BOQ descriptions, names whose name_bn is empty):
those are read from the server's own database, so a record that has a Bangla name must show it.
"""

from __future__ import annotations

import re
import sqlite3
from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit
from uuid import UUID

import pytest

pytestmark = pytest.mark.browser

# Brand, format, unit and standard terms a Bangla page may show as they are.
ALLOWED = {
    "Vextrus", "English", "P6", "XER", "XML", "MSPDI", "MS", "Project", "CSV", "XLSX", "PDF", "JSON", "hledger",
    "Beancount", "ledger", "beancount", "SQLite", "PostgreSQL", "NATS", "GraphQL", "REST", "API", "TOTP",
    "BDT", "USD", "EUR", "GBP", "INR", "CNY", "JPY",
    "kg", "ton", "cum", "cft", "sqm", "sft", "m", "rft", "mm", "MPa", "h",
    "TIN", "BIN", "NID", "VAT", "VDS", "AIT", "TDS", "BOQ", "WBS", "EVM", "PV", "EV", "AC", "BAC", "EAC", "ETC",
    "Alt", "Enter", "Ctrl", "Shift", "Esc", "Tab",  # keys on the keyboard
    "VAC", "CPI", "SPI", "TCPI", "CV", "SV", "ES", "EF", "LS", "LF", "TF", "FF", "FS", "SS", "SF", "S",
}
# Pages the walk does not open: they change state, download a file or leave the Bangla UI.
SKIP = re.compile(r"/logout|/lang/|export|\.csv|\.xlsx|\.xer|\.xml|/api/|/docs|/graphql|/redoc|format=|lang=|/static/"
                  r"|/health"
                  r"|/documents/types/[^/]+/edit/")  # a template's editor shows its HTML source (tested in its own test)
# Pages no link leads to in one step from the walk (one of each kind is walked; these add what a query or a
# menu of the user's own opens), and an object that does not exist: its error page is Bangla too.
NOT_FOUND = ["/projects/NO-SUCH-PROJECT", "/finance/PBL/entries/01a20000-0000-7000-8000-000000000000"]
EXTRA = ["/finance/PBL/reports/general-ledger?account=1110", "/auth/profile", "/auth/password", *NOT_FOUND]
# Text a user typed into the demo, with no Bangla twin: (table, column, condition).
USER_TEXT = [
    ("finance_journal_entry", "narration", "1=1"), ("finance_journal_entry", "reference", "1=1"),
    ("finance_journal_entry", "payee", "1=1"), ("finance_journal_line", "memo", "1=1"),
    ("finance_book", "name", "1=1"), ("project_baseline", "name", "1=1"),
    ("project", "name", "name_bn IS NULL OR name_bn = ''"), ("project_activity", "name", "1=1"), ("project_wbs", "name", "1=1"),
    ("project_boq_item", "description", "1=1"), ("project_calendar", "name", "1=1"),
    ("project_calendar_exception", "name", "1=1"), ("project_monsoon_period", "name", "1=1"),
    # the holiday table shows a holiday's English and Bangla names side by side, both editable
    ("project_holiday", "name", "1=1"), ("project_resource", "name", "1=1"), ("project_boq_item", "unit", "1=1"),
    ("project_activity_code", "value", "1=1"),
    ("master_data_party", "legal_name", "legal_name_bn IS NULL OR legal_name_bn = ''"),
    ("master_data_party", "payment_terms_text", "1=1"), ("master_data_party", "status_reason", "1=1"),
    ("master_data_item", "specification", "1=1"),
    ("organization_company", "name", "name_bn IS NULL OR name_bn = ''"), ("organization_company", "address", "1=1"),
    ("organization_branch", "name", "name_bn IS NULL OR name_bn = ''"), ("organization_branch", "address", "1=1"),
    ("organization_department", "name", "name_bn IS NULL OR name_bn = ''"),
    ("organization_cost_centre", "name", "name_bn IS NULL OR name_bn = ''"),
    ("auth_user", "name", "name_bn IS NULL OR name_bn = ''"),
    # an employee's profile shows the English and Bangla names side by side, both editable
    ("payroll_employee", "name", "1=1"),
    # the employee's bank and branch as the bank prints them (the bank advice carries them as they are)
    ("payroll_employee", "bank_name", "1=1"), ("payroll_employee", "bank_branch", "1=1"),
    # the reason an HR officer typed when giving an advance
    ("payroll_advance", "note", "1=1"),
    # a rule set version's note is its author's comment (the seeds cite the Acts by their English titles)
    ("rules_rule_set_version", "note", "1=1"),
    # what a salesperson typed: a lead's name as given, opportunity and activity titles, a tender as advertised
    ("crm_lead", "name", "1=1"), ("crm_opportunity", "title", "1=1"), ("crm_opportunity", "lost_reason", "1=1"),
    ("crm_activity", "subject", "1=1"), ("crm_tender", "title", "1=1"), ("crm_tender", "procuring_entity", "1=1"),
    ("crm_tender", "winner_name", "1=1"), ("crm_quotation_line", "description", "1=1"),
    # a bank's own words: its name and branch as printed, a statement line's particulars
    ("banking_account", "bank_name", "1=1"), ("banking_account", "branch", "1=1"),
    ("banking_statement_line", "description", "1=1"),
    # a sale's agreement reference, deed number and sub-registry office as written on the papers
    ("sales_booking", "agreement_ref", "1=1"), ("sales_booking", "deed_number", "1=1"),
    ("sales_booking", "registry_office", "1=1"),
]
BANGLA_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
EMAIL = re.compile(r"\S+@\S+")
# A code or identifier: letters and digits joined by hyphens, dots, slashes or underscores (PADMA-RES, P-0001,
# CEM-OPC-50, general.timezone, Asia/Dhaka, parties.csv), a word with a digit (X080, P6), or all capitals (ACC, HO).
CODE = re.compile(r"(?<![A-Za-z0-9_.-])(?:[A-Za-z0-9]+(?:[._/:-][A-Za-z0-9]+)+|[A-Za-z]*[0-9][A-Za-z0-9]*|[A-Z]+)"
                  r"(?![A-Za-z0-9_]|-[A-Za-z0-9])")
# ASCII numbers the Bangla locale writes in Bangla digits: ISO dates, grouped or decimal numbers, percentages.
ASCII_NUMBER = re.compile(r"(?<![\w.-])([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,3}(?:,[0-9]{2,3})+(?:\.[0-9]+)?"
                          r"|[0-9]+\.[0-9]+|[0-9]+\s?%)(?![\w.-]?[0-9A-Za-z])")


def user_phrases(database: str) -> list[str]:
    """The demo's user-typed text, longest first so a phrase is removed before any phrase inside it."""
    out: set[str] = set()
    with sqlite3.connect(database) as db:
        for table, column, where in USER_TEXT:
            for (value,) in db.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {where}"):  # noqa: S608
                if value and re.search("[A-Za-z]", value):
                    out.add(value.strip())
                    out.add(value.strip().translate(BANGLA_DIGITS))  # as a Bangla page writes its digits
    return sorted(out, key=len, reverse=True)


def offending(text: str, phrases: list[str]) -> tuple[set[str], set[str]]:
    """(Latin words, ASCII numbers) in `text` outside the allowed terms and the user's own phrases."""
    for phrase in phrases:  # whole words only: a unit "m" must not eat the m of "month"
        if phrase in text:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(phrase)}(?![A-Za-z0-9])", " ", text)
    text = EMAIL.sub(" ", text)
    numbers = set(ASCII_NUMBER.findall(text))
    text = CODE.sub(" ", text)
    words = {w for w in LATIN_WORD.findall(text) if w not in ALLOWED}
    return words, numbers


def test_offending_finds_english_and_ascii_numbers_but_not_codes():
    words, numbers = offending("অবস্থা: active · PADMA-RES X080 ৳১,২০০.০০ 1,200.50 kg 2025-07-01 owner@padma.example "
                               "Cement (Shah Cement, 4,000 bags) month m Vextrus 0.1.0 general.timezone Ltd. closed. P০১ M000-এর",
                               ["Cement (Shah Cement, 4,000 bags)", "m"])
    assert words == {"active", "Ltd", "closed", "month"}
    assert numbers == {"1,200.50", "2025-07-01"}


def visible_text(page) -> str:
    """The page's visible text and its charts' hover text (SVG <title>), without literal machine text (<code>,
    <kbd>, <samp>: formats, examples, keys). Title attributes are left out: they hold codes for the curious."""
    return page.evaluate("""() => {
        document.querySelectorAll('code, kbd, samp').forEach(e => e.remove());
        const hover = [...document.querySelectorAll('svg title')].map(e => e.textContent);
        return document.body.innerText + '\\n' + hover.join('\\n'); }""")


def walk(page, base: str, on_page: Callable[[str], None], limit_per_kind: int = 1) -> list[str]:
    """Every page the navigation reaches, then `limit_per_kind` pages of each kind of link found on them
    (a path with its ids and numbers made generic is one kind); `on_page(path)` reads each page while it is
    open, so no page is loaded twice."""
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    queue = deque(["/"])
    order: list[str] = []
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        if "html" not in (response.headers.get("content-type") or ""):
            continue
        order.append(path)
        on_page(path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(base).netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(target) or target in seen:
                continue
            kind = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", parts.path)
            if kinds.get(kind, 0) >= limit_per_kind:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(target)
    return order


def test_every_page_reads_in_bangla(live_server, page, sign_in):
    sign_in(page, lang="bn")
    phrases = user_phrases(str(live_server.workdir / "vextrus.db"))
    bad: dict[str, str] = {}
    with sqlite3.connect(str(live_server.workdir / "vextrus.db")) as db:  # a vendor of each status the demo has
        vendors = [str(UUID(i)) for (i,) in db.execute(
            "SELECT MIN(id) FROM master_data_party WHERE vendor_status IS NOT NULL GROUP BY vendor_status")]
    assert vendors

    def read(path: str) -> None:
        assert page.locator("html").get_attribute("lang") == "bn", path
        words, numbers = offending(visible_text(page), phrases)
        if words or numbers:
            bad[path] = " ".join(sorted(words)) + (f" | ASCII numbers: {' '.join(sorted(numbers))}" if numbers else "")

    walked = walk(page, live_server.url, read)
    extra = EXTRA + [f"/master_data/parties/{v}" for v in vendors]
    for path in extra:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == (404 if path in NOT_FOUND else 200), path
        read(path)
    paths = walked + extra
    expected = {"/finance", "/projects", "/master_data/parties", "/master_data/items", "/auth/users",
                "/organization", "/configuration"}
    assert expected <= set(paths), f"the navigation did not reach {expected - set(paths)}"
    kinds = {re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "#", p) for p in paths}
    for must in ("/master_data/parties/#", "/master_data/items/#", "/finance/PBL/entries/#",
                 "/finance/PBL/reports/trial-balance", "/finance/PBL/reports/balance-sheet",
                 "/finance/PBL/reports/income-statement", "/finance/PBL/reports/cash-flow",
                 "/finance/PBL/reports/general-ledger", "/projects/PADMA-RES/evm", "/projects/PADMA-RES/gantt"):
        assert must in kinds, f"the walk did not reach {must}: {sorted(kinds)}"
    assert not bad, "English or ASCII numbers on Bangla pages:\n" + "\n".join(f"{p}: {w}" for p, w in bad.items())


def _post_entry(page, base: str, day: str, debit: str, credit: str) -> str:
    """A two-line entry typed into the Bangla journal page and posted; the refusal's text."""
    page.goto(base + "/finance/PBL/journal")
    page.fill("input[name=entry_date]", day)
    page.fill("input[name=narration]", "বাংলা পরীক্ষা")
    rows = page.locator("#entry-lines tbody tr")
    for row, account, dr, cr in ((rows.nth(0), "5110", debit, ""), (rows.nth(1), "2110", "", credit)):
        row.locator("input[name=account]").fill(account)
        row.locator("input[name=debit]").fill(dr)
        row.locator("input[name=credit]").fill(cr)
    typed = page.inner_text("#entry-form")  # what the form says while typing (totals, differences) is Bangla too
    words, numbers = offending(typed, [])
    assert not words and not re.findall(r"(?<![\w-])[0-9][0-9,.]*(?![\w-])", typed), (words, numbers, typed)
    page.click("button[name=action][value=post]")
    page.wait_for_selector("p.error")
    return page.inner_text("p.error")


def test_refusals_read_in_bangla(live_server, page, sign_in):
    """What the ledger says when it refuses (an unbalanced entry, a closed period) has no English in it."""
    sign_in(page, lang="bn")
    with sqlite3.connect(str(live_server.workdir / "vextrus.db")) as db:
        days = dict(db.execute("SELECT state, MIN(start_date) FROM finance_period GROUP BY state").fetchall())
    assert "open" in days, days
    said = [_post_entry(page, live_server.url, days["open"], "1000", "900")]
    if "closed" in days:  # the demo closes the year's first half
        said.append(_post_entry(page, live_server.url, days["closed"], "1000", "1000"))
    # English words, and amounts in ASCII digits (codes such as "2025-26 P01" keep theirs)
    bad = {text: offending(text, [])[0] | set(re.findall(r"(?<![\w-])[0-9][0-9,.]*(?![\w-])", text)) for text in said}
    assert all(said) and not any(bad.values()), bad


def test_signed_out_pages_read_in_bangla(live_server, page):
    """Before signing in: the sign-in page, a wrong password's refusal, the password-reset request."""
    bad = {}
    for path in ("/login?lang=bn", "/forgot-password"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "bn", path
        words, numbers = offending(visible_text(page), [])
        if words or numbers:
            bad[path] = words | numbers
    page.goto(live_server.url + "/login")
    page.fill("input[name=email]", "nobody@padma.example")
    page.fill("input[name=password]", "not-the-password")
    page.click("#login-form button")
    refusal = page.inner_text("p.error")
    assert refusal and not offending(refusal, [])[0], refusal
    assert not bad, bad
