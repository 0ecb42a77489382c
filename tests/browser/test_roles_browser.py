"""Each demo role doing its daily job in a real headless Chromium, in a tenant of its own (made in the
live server's database, so the shared demo data is not changed): the site engineer records progress on
an activity and sees its new state; the accountant posts a journal entry and reverses it; the accounts
payable clerk posts a payable entry (until invoices exist); a viewer sees no Save, Post or Reverse
button; a page the user may not open answers with an HTML page in Bangla for a Bangla user."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PW = "Site-Diary-2026!"
ENTRY_DATE = "2026-01-15"  # fiscal year 2025-26, opened below


@pytest.fixture(scope="module")
def firm(live_server) -> Iterator[dict[str, str]]:
    """A tenant with one company (its roles and book made by the usual event handlers), a project with
    one activity, an open fiscal year, and one user per role tested; written straight into the live
    server's SQLite database by a runtime of this process (restored afterwards)."""
    from vextrus.modules.auth import service as auth
    from vextrus.modules.finance import service as finance
    from vextrus.modules.organization import api as org
    from vextrus.modules.projects import service as projects
    from vextrus.platform import context, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    tag = uuid4().hex[:6]
    previous = runtime._current
    runtime._current = None
    settings = load_settings(database_url=f"sqlite:///{live_server.workdir / 'vextrus.db'}",
                             data_dir=Path(live_server.workdir) / f"roles-{tag}", secret_key="r" * 48)
    rt = runtime.start(settings, consume=False)
    tid = new_id()
    try:
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code=f"roles{tag}", name="Roles Builders Ltd.", is_demo=False))
        with context.acting_as(context.system_context(tid, actor="roles-test")):
            company = org.create_company(org.CompanyInput(code=f"RB{tag.upper()}", name="Roles Builders Ltd."))
            auth.seed_default_roles(company.id)
            book = finance.ensure_book(company.code, company.name, company_id=company.id)
            finance.open_fiscal_year(book.code, date.fromisoformat(ENTRY_DATE))
            projects.create_project("ROLES-1", "Roles Tower", contract_value="5000000.00",
                                    start_date=date(2026, 1, 3), data_date=datetime(2026, 1, 3, 8),
                                    site_district_code="BD-13", company_id=company.id)
            projects.add_activity("ROLES-1", "A100", "Piling", 80)
            users = {}
            for role, lang in (("site_engineer", "en"), ("accountant", "en"), ("accounts_payable_clerk", "en"),
                               ("viewer", "en"), ("store_keeper", "bn")):
                email = f"{role.replace('_', '.')}@roles{tag}.example"
                auth.create_user(auth.UserInput(email=email, name=role, language=lang), PW, company.id, [role])
                users[role] = email
        yield {"book": book.code, "project": "ROLES-1", **users}
    finally:
        rt.close()
        runtime._current = previous


def sign_in(live_server, page, email: str) -> None:
    page.goto(live_server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PW)
    with page.expect_navigation():
        page.click("#login-form button")
    assert "/login" not in page.url, page.content()[:500]


def _type_line(page, row, account: str, debit: str, credit: str) -> None:
    row.locator("input[name=account]").fill(account)
    row.locator("input[name=debit]").fill(debit)
    row.locator("input[name=credit]").fill(credit)


def _post_entry(live_server, page, book: str, narration: str, debit_account: str, credit_account: str,
                amount: str) -> None:
    page.goto(live_server.url + f"/finance/{book}/journal?lang=en")
    page.fill("input[name=entry_date]", ENTRY_DATE)
    page.fill("input[name=narration]", narration)
    rows = page.locator("#entry-lines tbody tr")
    _type_line(page, rows.nth(0), debit_account, amount, "")
    _type_line(page, rows.nth(1), credit_account, "", amount)
    with page.expect_navigation():
        page.click("#entry-form button[value=post]")
    expect(page.locator("#entries")).to_contain_text(narration)


def test_the_site_engineer_records_progress_and_sees_the_new_state(live_server, page, firm):
    sign_in(live_server, page, firm["site_engineer"])
    page.goto(live_server.url + f"/projects/{firm['project']}/activities?lang=en")
    row = page.locator("#activities tbody tr[data-code=A100]")
    version = row.locator("input[name=version]").input_value()
    row.locator("input[aria-label='percent A100']").fill("40")
    row.locator("button[type=submit]").click()
    swapped = page.locator("#activities tbody tr[data-code=A100]")
    expect(swapped.locator("input[name=version]")).not_to_have_value(version)  # the row came back, saved
    expect(swapped.locator("input[aria-label='percent A100']")).to_have_value("40")
    assert swapped.locator("[role=alert]").count() == 0
    page.reload()
    expect(page.locator("#activities tbody tr[data-code=A100] input[aria-label='percent A100']")).to_have_value("40")
    # recording progress is all: the name and duration are shown read-only (the service refuses a change)
    again = page.locator("#activities tbody tr[data-code=A100]")
    expect(again.locator("input[aria-label='name A100']")).not_to_be_editable()
    expect(again.locator("input[aria-label='duration A100']")).not_to_be_editable()
    expect(again.locator("input[aria-label='percent A100']")).to_be_editable()
    # no button the engineer may not use: no Run schedule, no Save baseline
    page.goto(live_server.url + f"/projects/{firm['project']}?lang=en")
    assert page.locator("form[action$='/schedule'] button").count() == 0
    assert page.locator("form[action$='/baselines'] button").count() == 0


def test_the_accountant_posts_a_journal_entry_and_reverses_it(live_server, page, firm):
    page.on("dialog", lambda d: d.accept())  # a confirmation before reversing, if the page asks
    sign_in(live_server, page, firm["accountant"])
    narration = f"Site office rent {uuid4().hex[:6]}"
    _post_entry(live_server, page, firm["book"], narration, "5110", "2110", "45000")
    page.click(f"#entries tr:has-text('{narration}') a")
    number = re.match(r"JV/2025-26/\d{6}", page.locator("h1").inner_text())
    assert number, page.locator("h1").inner_text()
    with page.expect_navigation():
        page.click("#reverse-form button")
    assert re.match(r"RJ/2025-26/\d{6}", page.locator("h1").inner_text()), page.locator("h1").inner_text()
    page.click("#entry-link a")
    assert page.locator("#entry-link").inner_text().startswith("Reversed by")
    assert page.locator("#reverse-form").count() == 0


def test_the_ap_clerk_posts_a_payable_entry_but_is_offered_no_reversal(live_server, page, firm):
    sign_in(live_server, page, firm["accounts_payable_clerk"])
    narration = f"Vendor bill, rods {uuid4().hex[:6]}"
    _post_entry(live_server, page, firm["book"], narration, "5110", "2110", "98000")
    page.click(f"#entries tr:has-text('{narration}') a")
    assert re.match(r"JV/2025-26/\d{6}", page.locator("h1").inner_text())
    assert page.locator("#reverse-form").count() == 0  # reversing is the accountant's


def test_a_viewer_sees_no_save_post_or_reverse_button(live_server, page, firm):
    sign_in(live_server, page, firm["viewer"])
    page.goto(live_server.url + f"/finance/{firm['book']}/journal?lang=en")
    expect(page.locator("#entries")).to_be_visible()
    assert page.locator("#entry-form button[value=post]").count() == 0
    assert page.locator("#entry-form button[value=draft]").count() == 0
    assert page.locator("#entries form[action$='/reverse']").count() == 0
    page.goto(live_server.url + f"/projects/{firm['project']}/activities?lang=en")
    expect(page.locator("#activities tbody tr[data-code=A100]")).to_be_visible()
    assert page.locator("#activities button[type=submit]").count() == 0
    page.goto(live_server.url + f"/projects/{firm['project']}?lang=en")
    assert page.locator("main form[method=post] button").count() == 0


def test_a_page_without_permission_answers_in_bangla_for_a_bangla_user(live_server, page, firm):
    sign_in(live_server, page, firm["store_keeper"])  # the store keeper's language is Bangla
    response = page.goto(live_server.url + "/finance")
    assert response is not None and response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    expect(page.locator("#error-page h1")).to_have_text("অনুমতি নেই")
    expect(page.locator("#error-action")).to_have_text("হিসাবের তালিকা দেখা")
    assert "finance.account.view" not in page.content()
    page.click("#error-back")
    assert page.url.rstrip("/") == live_server.url
