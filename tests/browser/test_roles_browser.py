"""Each demo role doing its daily job in a real headless Chromium, in a tenant of its own (made in the
live server's database, so the shared demo data is not changed): the site engineer records progress on
an activity and sees its new state; the accountant posts a journal entry and reverses it; the accounts
payable clerk posts a payable entry, and enters a vendor's bill with VAT and posts it to the ledger; a
sales officer books a flat from the availability grid in Bangla and the accountant records its booking
money; the
procurement officer sends an RFQ from an approved requisition, enters the vendor's quote, selects it and makes
the purchase order; the store keeper receives an approved order's goods (some rejected) and sees them in
stock; the HR officer records a worker's leave and approves it; the project manager runs the schedule and
saves a baseline; the auditor verifies the audit chain and is offered no Post or Reverse; a viewer
sees no Save, Post or Reverse button; a page the user may not open answers with an HTML page in Bangla for a Bangla user."""

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
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.modules.organization import api as org
    from vextrus.modules.projects import service as projects
    from vextrus.platform import context, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    tag = uuid4().hex[:6]
    previous = runtime._current
    runtime._current = None
    settings = load_settings(
        database_url=f"sqlite:///{live_server.workdir / 'vextrus.db'}",
        data_dir=Path(live_server.workdir) / f"roles-{tag}",
        secret_key="r" * 48,
    )
    rt = runtime.start(settings, consume=False)
    tid = new_id()
    try:
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code=f"roles{tag}", name="Roles Builders Ltd.", is_demo=False))
        with context.acting_as(context.system_context(tid, actor="roles-test")):
            company = org.create_company(
                org.CompanyInput(code=f"RB{tag.upper()}", name="Roles Builders Ltd.")
            )
            auth.seed_default_roles(company.id)
            book = finance.ensure_book(company.code, company.name, company_id=company.id)
            finance.open_fiscal_year(book.code, date.fromisoformat(ENTRY_DATE))
            projects.create_project(
                "ROLES-1",
                "Roles Tower",
                contract_value="5000000.00",
                start_date=date(2026, 1, 3),
                data_date=datetime(2026, 1, 3, 8),
                site_district_code="BD-13",
                company_id=company.id,
            )
            projects.add_activity("ROLES-1", "A100", "Piling", 80)
            master_data.create_party(
                PartyInput(legal_name="Bashundhara Rod Mills Ltd.", roles=["vendor"], bin="000123456-0101")
            )
            master_data.create_party(
                PartyInput(
                    legal_name="Farhana Akter",
                    legal_name_bn="ফারহানা আক্তার",
                    party_type="individual",
                    roles=["customer"],
                )
            )
            building = _flats_for_sale(projects.get_project("ROLES-1").id)
            projects.create_project(
                "ROLES-2",
                "Roles Annex",
                contract_value="2000000.00",
                start_date=date(2026, 1, 3),
                data_date=datetime(2026, 1, 3, 8),
                site_district_code="BD-13",
                company_id=company.id,
            )
            projects.add_activity("ROLES-2", "B100", "Excavation", 40)
            buying = _buying(company.id)
            worker = _worker(company.id)
            users = {}
            for role, lang in (
                ("site_engineer", "en"),
                ("accountant", "en"),
                ("accounts_payable_clerk", "en"),
                ("viewer", "en"),
                ("store_keeper", "bn"),
                ("sales_officer", "bn"),
                ("procurement_officer", "en"),
                ("hr_officer", "en"),
                ("project_manager", "en"),
                ("auditor", "en"),
                ("managing_director", "en"),
                ("project_director", "en"),
            ):
                email = f"{role.replace('_', '.')}@roles{tag}.example"
                auth.create_user(
                    auth.UserInput(email=email, name=role, language=lang), PW, company.id, [role]
                )
                users[role] = email
            # a contractor holds the role scoped to the one project it builds (docs/auth.md)
            users["contractor"] = f"contractor@roles{tag}.example"
            builder = auth.create_user(auth.UserInput(email=users["contractor"], name="contractor"), PW)
            auth.assign_role(
                builder.id, company.id, "contractor", "project", projects.get_project("ROLES-1").id
            )
        yield {
            "book": book.code,
            "project": "ROLES-1",
            "building": str(building),
            "worker": worker,
            **buying,
            **users,
        }
    finally:
        rt.close()
        runtime._current = previous


def _flats_for_sale(project_id):
    """Building A of the project: two flats of 1,250 sft on the first floor at ৳9,000 a sft (+ ৳1,50,000
    utility connection each); its id."""
    from decimal import Decimal

    from vextrus.modules.sales import service as sales
    from vextrus.modules.sales.schemas import BuildingInput, PriceInput, UnitInput

    b = sales.create_building(
        BuildingInput(project_id=project_id, code="A", name="Building A", name_bn="ভবন এ", floors=5)
    )
    for code in ("1A", "1B"):
        sales.create_unit(
            UnitInput(building_id=b.id, code=code, kind="flat", floor=1, size_sft=Decimal(1250))
        )
    sales.set_price(
        PriceInput(
            project_id=project_id,
            effective_from=date(2025, 7, 1),
            rate_per_sft=Decimal(9000),
            utility_charge=Decimal(150000),
        )
    )
    return b.id


def _buying(company_id) -> dict[str, str]:
    """A site store, two items and an approved vendor; an approved requisition waiting for its RFQ (the
    procurement officer's), and an approved purchase order waiting for its goods (the store keeper's)."""
    from decimal import Decimal

    from vextrus.modules.inventory import service as inventory
    from vextrus.modules.inventory.schemas import StoreInput
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import ItemInput, PartyInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.modules.procurement import service as procurement
    from vextrus.modules.procurement.schemas import (
        QuotationInput,
        QuotationLineInput,
        RequisitionInput,
        RequisitionLineInput,
        RfqInput,
        SelectionInput,
    )

    store = inventory.create_store(
        StoreInput(
            company_id=company_id, code="SITE-R", name="Roles site store", name_bn="রোলস সাইট গুদাম", kind="site"
        )
    )
    cement = item_service.create_item(
        ItemInput(code="CEM-R", name="Portland composite cement", name_bn="সিমেন্ট", base_unit="bag")
    ).id
    vendor = master_data.create_party(
        PartyInput(
            legal_name="Akij Cement Co. Ltd.",
            legal_name_bn="আকিজ সিমেন্ট",
            roles=["vendor"],
            vendor_categories=["supplier"],
        )
    ).id
    master_data.change_vendor_status(vendor, "approved")

    def approved_requisition(quantity: str, approve: bool = True):
        r = procurement.create_requisition(
            RequisitionInput(
                company_id=company_id,
                store_id=store.id,
                requested_on=date(2026, 1, 10),
                lines=[
                    RequisitionLineInput(
                        item_id=cement, quantity=Decimal(quantity), needed_by=date(2026, 1, 20)
                    )
                ],
            )
        )
        submitted = procurement.submit_requisition(r.id)
        return procurement.approve_requisition(r.id) if approve else submitted

    def ordered(quantity: str):
        rfq = procurement.create_rfq(
            RfqInput(requisition_id=approved_requisition(quantity).id, vendor_ids=[vendor])
        )
        procurement.enter_quotation(
            rfq.id,
            QuotationInput(
                party_id=vendor,
                lines=[QuotationLineInput(item_id=cement, rate=Decimal("520"), delivery_days=3)],
            ),
        )
        procurement.select_vendors(rfq.id, [SelectionInput(item_id=cement, party_id=vendor, reason="lowest")])
        (order,) = procurement.create_orders(rfq.id, date(2026, 1, 12))
        return order

    waiting = approved_requisition("300")
    submitted = approved_requisition("120", approve=False)
    order = ordered("500")
    procurement.approve_order(order.id)
    draft = ordered("2000")  # ৳10,40,000: beyond the procurement officer's approval limit
    return {
        "requisition": str(waiting.id),
        "order": str(order.id),
        "vendor": str(vendor),
        "submitted_requisition": str(submitted.id),
        "draft_order": str(draft.id),
    }


def _worker(company_id) -> str:
    """A site worker on the payroll (grade W1); their id."""
    from decimal import Decimal

    from vextrus.modules.payroll import service as payroll
    from vextrus.modules.payroll.schemas import EmployeeInput, StructureInput

    payroll.save_structure(
        StructureInput(company_id=company_id, grade="W1", basic=Decimal(12_000), components=[])
    )
    return str(
        payroll.create_employee(
            EmployeeInput(
                company_id=company_id,
                code="W-101",
                name="Abdul Karim",
                name_bn="আব্দুল করিম",
                grade="W1",
                workplace="site",
                employment_type="contractual",
                payment_method="cash",
                joining_date=date(2024, 1, 1),
            )
        ).id
    )


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


def _post_entry(
    live_server, page, book: str, narration: str, debit_account: str, credit_account: str, amount: str
) -> None:
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
    expect(
        page.locator("#activities tbody tr[data-code=A100] input[aria-label='percent A100']")
    ).to_have_value("40")
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


def test_the_ap_clerk_enters_a_vendor_bill_and_posts_it_to_the_ledger(live_server, page, firm):
    """The job issue 12 names for the clerk once invoices exist: a vendor's bill typed with its VAT, saved
    as a draft, posted; the ledger entry it made opens from the bill and carries the gross."""
    sign_in(live_server, page, firm["accounts_payable_clerk"])
    page.goto(live_server.url + "/invoicing/new?kind=purchase&lang=en")
    page.select_option("select[name=party_id]", label="Bashundhara Rod Mills Ltd.")
    page.fill("input[name=invoice_date]", ENTRY_DATE)
    reference = f"BRM-{uuid4().hex[:6]}"
    page.fill("input[name=reference]", reference)
    page.fill("input[name=lines-0-description]", "MS rod 500W, 16 mm")
    page.fill("input[name=lines-0-quantity]", "2.5")
    page.fill("input[name=lines-0-unit_price]", "92000")
    page.fill("input[name=lines-0-vat_code]", "VAT15")
    with page.expect_navigation():
        page.click("form[action='/invoicing/new'] button[type=submit]")
    assert "/invoicing/invoices/" in page.url, page.locator("p.error").all_inner_texts()
    expect(page.locator("#gross")).to_contain_text(
        "2,64,500.00"
    )  # 2,30,000 + 15 % VAT 34,500 (lakh grouping)
    with page.expect_navigation():
        page.click("form[action$='/post'] button")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    expect(page.locator("#status")).to_have_text("Posted")
    page.click("#entry")
    assert re.match(r"[A-Z]+/2025-26/\d{6}", page.locator("h1").inner_text()), page.locator("h1").inner_text()
    expect(page.locator("main")).to_contain_text("2,64,500.00")
    assert page.locator("#reverse-form").count() == 0  # reversing stays the accountant's


def test_the_sales_officer_books_a_flat_in_bangla_and_the_accountant_takes_the_booking_money(
    live_server, page, firm
):
    sign_in(live_server, page, firm["sales_officer"])  # the sales officer's language is Bangla
    page.goto(live_server.url + f"/sales/buildings/{firm['building']}")
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    with page.expect_navigation():
        page.click("#unit-grid a:text-is('১A')")
    buyer = page.locator("select[name=buyer_party_id] option", has_text="ফারহানা আক্তার")  # "code — name"
    page.select_option("select[name=buyer_party_id]", buyer.get_attribute("value"))
    page.fill("input[name=booking_date]", ENTRY_DATE)
    page.fill("input[name=booking_money]", "200000")
    page.fill("input[name=down_payment]", "1000000")
    page.fill("input[name=monthly_count]", "12")
    with page.expect_navigation():
        page.click("button[value=book]")
    assert "/sales/bookings/" in page.url, page.locator("[role=alert], .error").all_inner_texts()
    # 1,250 sft × ৳9,000 + ৳1,50,000 utility = ৳1,14,00,000, written with Bangla digits and lakh/crore groups
    expect(page.locator("#totals")).to_contain_text("৳১,১৪,০০,০০০.০০")
    expect(page.locator("#schedule tbody tr")).to_have_count(14)  # booking money, down payment, 12 months
    assert page.locator("#receipt-form").count() == 0  # taking the money is the accounts team's (segregation)
    statement = page.url
    page.goto(live_server.url + f"/sales/buildings/{firm['building']}")
    assert page.locator("#unit-grid a:text-is('১A')").count() == 0  # booked: no longer offered

    page.context.clear_cookies()
    sign_in(live_server, page, firm["accountant"])
    page.goto(statement)
    page.fill("input[name=receipt_date]", ENTRY_DATE)
    page.fill("input[name=amount]", "200000")
    with page.expect_navigation():
        page.click("#receipt-form button[type=submit]")
    expect(page.locator("#receipts")).to_contain_text("2,00,000.00")
    expect(page.locator("#totals")).to_contain_text("1,12,00,000.00")  # the balance still owed


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


def test_the_procurement_officer_sends_an_rfq_enters_the_quote_and_makes_the_order(live_server, page, firm):
    sign_in(live_server, page, firm["procurement_officer"])
    page.goto(live_server.url + f"/procurement/requisitions/{firm['requisition']}?lang=en")
    page.check(f"#rfq-form input[name=vendor_id][value='{firm['vendor']}']")
    with page.expect_navigation():
        page.click("#rfq-form button[type=submit]")
    assert "/procurement/rfqs/" in page.url, page.locator("p.error").all_inner_texts()
    rfq = page.url.split("?")[0]
    page.select_option("#quotation-form select[name=party_id]", firm["vendor"])
    page.locator("#quotation-form input[name^=rate_]").fill("515")
    page.locator("#quotation-form input[name^=days_]").fill("4")
    with page.expect_navigation():
        page.click("#quotation-form button[type=submit]")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    page.locator("#cs-form input[type=radio]").first.check()
    page.locator("#cs-form input[name^=reason_]").fill("only quote, on time")
    with page.expect_navigation():
        page.click("#cs-form button[type=submit]")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    page.fill("#orders-form input[name=order_date]", ENTRY_DATE)
    with page.expect_navigation():
        page.click("#orders-form button[type=submit]")
    assert "/procurement/orders" in page.url, page.locator("p.error").all_inner_texts()
    expect(page.locator("main")).to_contain_text("1,54,500.00")  # 300 bags at ৳515 (lakh grouping)
    page.goto(rfq)
    assert page.locator("#orders-form").count() == 0  # ordered once


def test_the_store_keeper_receives_the_goods_of_an_approved_order(live_server, page, firm):
    sign_in(live_server, page, firm["store_keeper"])
    page.goto(live_server.url + f"/procurement/orders/{firm['order']}?lang=en")
    expect(page.locator("#status")).to_have_text("Approved")
    page.fill("#grn-form input[name=receipt_date]", ENTRY_DATE)
    page.fill("#grn-form input[name=challan_no]", "CH-2041")
    page.fill("#grn-form input[name=vehicle_no]", "Dhaka Metro-Ta 11-2041")
    page.fill("#grn-form input[name=received_1]", "500")
    page.fill("#grn-form input[name=rejected_1]", "20")
    with page.expect_navigation():
        page.click("#grn-form button[type=submit]")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    expect(page.locator("#receipts")).to_contain_text("CH-2041")
    expect(page.locator("#lines")).to_contain_text("480.00")  # accepted: 500 received less 20 rejected
    expect(page.locator("#status")).to_have_text("Partly received")
    page.goto(live_server.url + "/inventory?lang=en")
    expect(page.locator("#stock")).to_contain_text("SITE-R")
    expect(page.locator("#stock tr:has-text('SITE-R')")).to_contain_text("480.00")
    assert page.locator("#bill-form").count() == 0  # matching the vendor's bill is accounts' job


def test_the_hr_officer_records_a_workers_leave_and_approves_it(live_server, page, firm):
    sign_in(live_server, page, firm["hr_officer"])
    page.goto(live_server.url + "/hr/leave?lang=en")
    page.select_option("#apply select[name=employee_id]", firm["worker"])
    page.select_option("#apply select[name=leave_type]", "casual")
    page.fill("#apply input[name=start]", "2026-02-02")
    page.fill("#apply input[name=end]", "2026-02-03")
    page.fill("#apply input[name=reason]", "Daughter's school admission")
    with page.expect_navigation():
        page.click("#apply button[type=submit]")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    row = page.locator("#applications tbody tr", has_text="Abdul Karim")
    expect(row).to_contain_text("Applied")
    with page.expect_navigation():
        row.locator("form[action$='/approve'] button").click()
    row = page.locator("#applications tbody tr", has_text="Abdul Karim")
    expect(row).to_contain_text("Approved")
    assert row.locator("form").count() == 0


def test_the_project_manager_schedules_and_saves_a_baseline(live_server, page, firm):
    sign_in(live_server, page, firm["project_manager"])
    page.goto(live_server.url + "/projects/ROLES-2?lang=en")
    with page.expect_navigation():
        page.click("form[action='/projects/ROLES-2/schedule'] button")
    expect(page.locator("#finish")).to_contain_text("2026-01-")  # 40 working hours from 3 January
    page.fill("form[action='/projects/ROLES-2/baselines'] input[name=name]", "Contract baseline")
    with page.expect_navigation():
        page.click("form[action='/projects/ROLES-2/baselines'] button")
    expect(page.locator("main")).to_contain_text("Contract baseline — 2026-01-03")


def test_the_auditor_verifies_the_audit_chain_and_changes_nothing(live_server, page, firm):
    sign_in(live_server, page, firm["auditor"])
    page.goto(live_server.url + "/audit?lang=en")
    with page.expect_navigation():
        page.click("a[href='/audit/verify']")
    expect(page.locator("#audit-verify p.ok")).to_be_visible()
    page.goto(live_server.url + f"/finance/{firm['book']}/journal?lang=en")
    expect(page.locator("#entries")).to_be_visible()
    assert page.locator("#entry-form button[value=post]").count() == 0
    assert page.locator("#entries form[action$='/reverse']").count() == 0


def test_the_project_director_approves_a_sites_requisition(live_server, page, firm):
    sign_in(live_server, page, firm["project_director"])
    page.goto(live_server.url + f"/procurement/requisitions/{firm['submitted_requisition']}?lang=en")
    expect(page.locator("#status")).to_have_text("Submitted")
    with page.expect_navigation():
        page.click("form[action$='/approve'] button")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    expect(page.locator("#status")).to_have_text("Approved")
    assert page.locator("#rfq-form").count() == 0  # asking vendors for prices is the procurement officer's


def test_the_managing_director_approves_a_purchase_order_beyond_the_officers_limit(live_server, page, firm):
    sign_in(live_server, page, firm["procurement_officer"])
    page.goto(live_server.url + f"/procurement/orders/{firm['draft_order']}?lang=en")
    expect(page.locator("#status")).to_have_text("Draft")
    assert page.locator("form[action$='/approve']").count() == 0  # ৳10,40,000 is beyond its ৳50,000

    page.context.clear_cookies()
    sign_in(live_server, page, firm["managing_director"])
    page.goto(live_server.url + f"/procurement/orders/{firm['draft_order']}?lang=en")
    with page.expect_navigation():
        page.click("form[action$='/approve'] button")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    expect(page.locator("#status")).to_have_text("Approved")


def test_the_contractor_reports_progress_on_the_project_it_builds(live_server, page, firm):
    sign_in(live_server, page, firm["contractor"])
    page.goto(live_server.url + f"/projects/{firm['project']}/activities?lang=en")
    row = page.locator("#activities tbody tr[data-code=A100]")
    version = row.locator("input[name=version]").input_value()
    row.locator("input[aria-label='percent A100']").fill("55")
    row.locator("button[type=submit]").click()
    swapped = page.locator("#activities tbody tr[data-code=A100]")
    expect(swapped.locator("input[name=version]")).not_to_have_value(version)
    expect(swapped.locator("input[aria-label='percent A100']")).to_have_value("55")
    assert swapped.locator("[role=alert]").count() == 0
    expect(swapped.locator("input[aria-label='name A100']")).not_to_be_editable()  # reporting, not planning
    # the role is assigned scoped to ROLES-1; pages still apply scoped roles coarsely (docs/auth.md), so
    # keeping a contractor off the company's other projects is not yet enforced (docs/everyday-use.md)
