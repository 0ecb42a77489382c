"""Issue 18's gaps in expense claims, on both databases with real users holding the default roles: a posted claim
is paid to the employee (Dr employee payable / Cr a bank or cash account the user chose, one journal for several
claims of one employee) once, refused with the field named and nothing changed otherwise; a new claim's employee
defaults to the signed-in user's employee record, and that user may not decide a claim of their own employee
record (the seeded segregation-of-duties rule set); a claim's receipts are reached only by its claimant, the
company's claim viewers and its approvers (others: 404); and the page pays a claim."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace
from uuid import UUID

import pytest
from sqlalchemy import func, select

from approval_people import People, approvers
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import service
from vextrus.modules.hr.domain import expense as rules
from vextrus.modules.hr.schemas import ExpenseClaimInput, ExpenseClaimPayInput, ExpenseLineInput
from vextrus.modules.hr.tables import ExpenseClaimRow
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import service as payroll
from vextrus.modules.payroll.schemas import EmployeeInput, StructureInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent

ROLES = {"emp": ["site_engineer"], "emp2": ["site_engineer"], "pm": ["project_manager"],
         "pm2": ["project_manager"], "acct": ["accountant"], "sk": ["store_keeper"]}
DAY = date(2026, 1, 20)


@pytest.fixture
def co(db, admin):  # noqa: ANN001, ANN201
    c = org.create_company(org.CompanyInput(code="XPP", name="Expense Payers Ltd."))
    finance.ensure_book("XPP", "Expense Payers Ltd.", c.id)
    finance.open_fiscal_year("XPP", "2025-26")
    payroll.save_structure(StructureInput(company_id=c.id, grade="G1", basic=D(30_000), components=[]))
    return SimpleNamespace(id=c.id)


@pytest.fixture
def people(db, tenant_id, co) -> People:  # noqa: ANN001
    p = approvers(tenant_id, co.id, ROLES, "pay")
    with context.acting_as(context.system_context(tenant_id)):
        co.e7 = payroll.create_employee(EmployeeInput(
            company_id=co.id, code="E7", name="Rahim Uddin", name_bn="রহিম উদ্দিন", grade="G1",
            joining_date=date(2024, 1, 1), account_no="1"))
        co.e8 = payroll.create_employee(EmployeeInput(  # the project manager's own employee record
            company_id=co.id, code="E8", name="Karim Mia", name_bn="করিম মিয়া", grade="G1",
            joining_date=date(2024, 1, 1), account_no="2", user_id=p.ids["pm"]))
    return p


def claim_input(employee_id: UUID | None, total: str = "2000.00", day: date = DAY) -> ExpenseClaimInput:
    return ExpenseClaimInput(employee_id=employee_id, claim_date=day, purpose="Site visits", lines=[
        ExpenseLineInput(day=day, category="conveyance", description="CNG to site", amount=D(total))])


def posted_claim(people: People, employee_id: UUID, total: str = "2000.00", who: str = "emp"):  # noqa: ANN201
    with people.acting(who):  # no workflow seeded: submitting approves and posts at once
        c = service.submit_claim(service.create_claim(claim_input(employee_id, total)).id)
    assert c.status == "posted"
    return c


def state(db, tenant_id) -> tuple:  # noqa: ANN001
    """Every claim's payment state and every event written: what a refused payment must leave alone."""
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        claims = sorted((str(r.id), r.status, r.paid_entry_id, r.paid_account, r.version)
                        for r in s.scalars(select(ExpenseClaimRow)))
        return claims, s.scalar(select(func.count()).select_from(OutboxEvent))


def events(db, tenant_id, name: str) -> list[OutboxEvent]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return list(s.scalars(select(OutboxEvent).where(OutboxEvent.name == name)))


# ---- 1. paying the employee ----------------------------------------------------------------------------------

def test_a_posted_claim_is_paid_from_a_bank_account_once(db, co, people):
    c = posted_claim(people, co.e7.id)
    with people.acting("acct"):
        accounts = {a.code: a.subtype for a in service.payment_accounts(co.id)}
        assert accounts["1110"] == "cash" and accounts["1120"] == "bank" and rules.EMPLOYEE_PAYABLE not in accounts
        assert "1100" not in accounts  # a group account is not paid from
        [paid] = service.pay_claims(ExpenseClaimPayInput(claim_ids=[c.id], account_code="1120",
                                                         paid_on=date(2026, 1, 25)), idempotency_key="pay-1")
        assert (paid.status, paid.paid_on, paid.paid_account) == ("paid", date(2026, 1, 25), "1120")
        assert paid.paid_entry_id not in (None, c.entry_id) and paid.paid_entry_number and paid.paid_by
        again = service.pay_claims(ExpenseClaimPayInput(claim_ids=[c.id], account_code="1120",
                                                        paid_on=date(2026, 1, 25)), idempotency_key="pay-1")
        assert [x.paid_entry_id for x in again] == [paid.paid_entry_id]  # a retry answers the first payment
        je = finance.get_entry("XPP", paid.paid_entry_id)
        tb = {ln.account_code: ln for ln in finance.trial_balance("XPP").lines}
    assert {(ln.account_code, ln.debit, ln.credit) for ln in je.lines} == {
        (rules.EMPLOYEE_PAYABLE, D("2000.00"), D(0)), ("1120", D(0), D("2000.00"))}
    assert je.journal_type == "payment" and je.entry_date == date(2026, 1, 25)
    owed = tb[rules.EMPLOYEE_PAYABLE]
    assert owed.closing_credit - owed.closing_debit == 0  # the employee is owed nothing now
    assert len(events(db, people.tenant_id, "hr.expense_claim.paid")) == 1
    before = state(db, people.tenant_id)
    with people.acting("acct"), pytest.raises(DomainError) as e:  # paid already: refused, not paid twice
        service.pay_claims(ExpenseClaimPayInput(claim_ids=[c.id], account_code="1110"), idempotency_key="pay-2")
    assert (e.value.code, e.value.field, e.value.status) == ("hr.expense_already_paid", "claim_ids[0]", 409)
    assert "পরিশোধ" in e.value.message_bn and state(db, people.tenant_id) == before


def test_several_claims_of_one_employee_are_paid_in_one_journal(db, co, people):
    a, b = posted_claim(people, co.e7.id, "350.50"), posted_claim(people, co.e7.id, "1229.50")
    with people.acting("acct"):
        paid = service.pay_claims(ExpenseClaimPayInput(claim_ids=[a.id, b.id], account_code="1110",
                                                       paid_on=date(2026, 1, 31)))
        je = finance.get_entry("XPP", paid[0].paid_entry_id)
    assert [p.status for p in paid] == ["paid", "paid"] and paid[0].paid_entry_id == paid[1].paid_entry_id
    assert sum(ln.debit for ln in je.lines) == sum(ln.credit for ln in je.lines) == D("1580.00")
    assert [ln.account_code for ln in je.lines if ln.credit] == ["1110"]


@pytest.mark.parametrize(("case", "code", "field"), [
    ("none", "hr.expense_pay_none", "claim_ids"),
    ("twice", "hr.expense_pay_twice", "claim_ids[1]"),
    ("two_employees", "hr.expense_pay_one_employee", "claim_ids[1]"),
    ("draft", "hr.expense_pay_not_posted", "claim_ids[1]"),
    ("unknown_claim", "not_found", "claim_ids[1]"),
    ("payable_account", "hr.expense_pay_account", "account_code"),
    ("group_account", "hr.expense_pay_account", "account_code"),
    ("no_such_account", "hr.expense_pay_account", "account_code"),
    ("before_claim", "hr.expense_paid_before_claim", "paid_on"),
])
def test_a_bad_payment_is_refused_naming_the_field_with_nothing_changed(db, co, people, case, code, field):
    c = posted_claim(people, co.e7.id)
    with people.acting("pm"):  # the manager's own claim: another employee's
        other = service.submit_claim(service.create_claim(claim_input(None, "100")).id)
    with people.acting("emp"):
        draft = service.create_claim(claim_input(co.e7.id, "50"))
    ids = {"none": [], "twice": [c.id, c.id], "two_employees": [c.id, other.id], "draft": [c.id, draft.id],
           "unknown_claim": [c.id, new_id()]}.get(case, [c.id])
    account = {"payable_account": rules.EMPLOYEE_PAYABLE, "group_account": "1100", "no_such_account": "9999"}.get(
        case, "1120")
    before = state(db, people.tenant_id)
    with people.acting("acct"), pytest.raises(DomainError) as e:
        service.pay_claims(ExpenseClaimPayInput(claim_ids=ids, account_code=account,
                                                paid_on=date(2026, 1, 19) if case == "before_claim" else DAY))
    assert (e.value.code, e.value.field) == (code, field)
    assert e.value.message_bn and e.value.message_bn != e.value.message
    assert state(db, people.tenant_id) == before


def test_paying_needs_the_permission(db, co, people):
    c = posted_claim(people, co.e7.id)
    before = state(db, people.tenant_id)
    with people.acting("emp"), pytest.raises(PermissionDenied):  # a site engineer makes claims, pays none
        service.pay_claims(ExpenseClaimPayInput(claim_ids=[c.id], account_code="1120"))
    with people.acting("emp"), pytest.raises(PermissionDenied):
        service.payment_accounts(co.id)
    assert state(db, people.tenant_id) == before


def test_nobody_pays_out_their_own_claim(db, co, people):
    with context.acting_as(context.system_context(people.tenant_id)):  # the accountant is also an employee
        e9 = payroll.create_employee(EmployeeInput(
            company_id=co.id, code="E9", name="Salma Akter", name_bn="সালমা আক্তার", grade="G1",
            joining_date=date(2024, 1, 1), account_no="3", user_id=people.ids["acct"]))
    own = posted_claim(people, e9.id)
    before = state(db, people.tenant_id)
    with people.acting("acct"), pytest.raises(PermissionDenied) as e:
        service.pay_claims(ExpenseClaimPayInput(claim_ids=[own.id], account_code="1120", paid_on=DAY))
    assert (e.value.code, e.value.field) == ("hr.expense_pay_own", "claim_ids[0]") and "নিজের" in e.value.message_bn
    assert state(db, people.tenant_id) == before
    other = posted_claim(people, co.e7.id)  # the same accountant pays someone else's claim
    with people.acting("acct"):
        assert service.pay_claims(ExpenseClaimPayInput(claim_ids=[other.id], account_code="1120", paid_on=DAY))[0].status == "paid"


# ---- 2. the employee ↔ user link -----------------------------------------------------------------------------

def test_a_new_claim_is_the_users_own_employee_records_by_default(db, co, people):
    with people.acting("pm"):
        mine = service.create_claim(claim_input(None))
        assert (mine.employee_id, mine.employee_code) == (co.e8.id, "E8")
        assert service.own_employee_id(co.id) == co.e8.id
    before = state(db, people.tenant_id)
    with people.acting("emp"), pytest.raises(DomainError) as e:  # no employee record: say whose claim it is
        service.create_claim(claim_input(None))
    assert (e.value.code, e.value.field) == ("hr.expense_employee_missing", "employee_id") and "কর্মী" in e.value.message_bn
    assert state(db, people.tenant_id) == before


def test_an_approver_does_not_decide_a_claim_of_their_own_employee_record(db, co, people):
    with context.acting_as(context.system_context(people.tenant_id)):
        assert "expense_claim" in workflow.seed_defaults()
    with people.acting("emp"):  # someone else makes and submits the project manager's claim
        c = service.submit_claim(service.create_claim(claim_input(co.e8.id)).id)
    assert c.status == "submitted"
    with people.acting("pm"), pytest.raises(DecisionRefused) as e:
        workflow.decide(c.approval_id, "approve")
    assert e.value.code == "segregation_of_duties"
    with people.acting("pm"):
        assert service.get_claim(c.id).status == "submitted"  # nothing decided
        assert workflow.get_instance(c.approval_id).status == "pending"
    with people.acting("pm2"):
        workflow.decide(c.approval_id, "approve")
        assert service.get_claim(c.id).status == "posted"


# ---- 3. receipts ---------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_receipts_are_reached_by_the_claimant_viewers_and_approvers_only(db, co, people):
    from vextrus.modules.files import service as files

    with context.acting_as(context.system_context(people.tenant_id)):  # the store keeper decides every claim
        workflow.save_definition("expense_claim", DefinitionInput(
            subject="hr.expense_claim", name="Expense claim", name_bn="খরচের দাবি", steps=[StepModel(
                key="sk", name="Store", name_bn="ভান্ডার",
                approver=ApproverModel(kind="user", user_ids=[people.ids["sk"]]))]))
    with people.acting("emp"):
        c = service.create_claim(claim_input(co.e7.id))
        f = files.attach("hr.expense_claim", c.id, "receipt.png", [PNG])
        assert [x.id for x in files.list_files("hr.expense_claim", c.id)] == [f.id]
    for who in ("emp2", "sk"):  # another claimant, and the approver before it is submitted: it does not exist
        with people.acting(who):
            for look in (lambda: files.list_files("hr.expense_claim", c.id), lambda: files.get_file(f.id),
                         lambda: files.open_version(f.id)):
                with pytest.raises(DomainError) as e:
                    look()
                assert e.value.status == 404
    with people.acting("pm"):  # hr.expense.view
        assert [x.id for x in files.list_files("hr.expense_claim", c.id)] == [f.id]
    with people.acting("emp"):
        service.submit_claim(c.id)
    with people.acting("sk"):  # now its approver: sees the receipts, attaches none
        assert [x.id for x in files.list_files("hr.expense_claim", c.id)] == [f.id]
        assert files.open_version(f.id).read() == PNG
        with pytest.raises(DomainError) as e:
            files.attach("hr.expense_claim", c.id, "mine.png", [PNG])
        assert e.value.status == 404
    with people.acting("emp2"), pytest.raises(DomainError) as e:
        files.list_files("hr.expense_claim", c.id)
    assert e.value.status == 404
    with people.acting("emp"):
        assert len(files.list_files("hr.expense_claim", c.id)) == 1  # nothing attached by the refused


# ---- the page and REST / GraphQL -----------------------------------------------------------------------------

def _client(db, ctx):  # noqa: ANN001, ANN202
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))


def test_the_page_rest_and_graphql_pay_a_claim_in_english_and_bangla(db, co, people):
    c = posted_claim(people, co.e7.id)
    with _client(db, people.ctx("emp")) as emp:
        page = emp.get(f"/hr/expenses/{c.id}")
        assert page.status_code == 200 and 'id="pay-claim"' not in page.text  # a claimant does not pay
        assert emp.get(f"/api/v1/hr/expense-payment-accounts?company_id={co.id}").status_code == 403
        new = emp.get(f"/hr/expenses/new?company={co.id}").text  # no employee record: nothing chosen for them
        assert f'value="{co.e7.id}" selected' not in new
    with _client(db, people.ctx("pm")) as pm:
        new = pm.get(f"/hr/expenses/new?company={co.id}").text  # their own employee record chosen at first
        assert f'value="{co.e8.id}" selected' in new
    with _client(db, people.ctx("acct")) as acct:
        page = acct.get(f"/hr/expenses/{c.id}?lang=bn")
        assert page.status_code == 200 and 'id="pay-claim"' in page.text and "কর্মীকে পরিশোধ করুন" in page.text
        assert 'value="1120"' in page.text and f'value="{rules.EMPLOYEE_PAYABLE}"' not in page.text
        csrf = acct.cookies.get("vx_csrf")
        form = {"csrf_token": csrf, "pay_key": "page-pay-1", "account_code": rules.EMPLOYEE_PAYABLE,
                "paid_on": "2026-01-25"}
        refused = acct.post(f"/hr/expenses/{c.id}/pay?lang=bn", data=form)
        assert refused.status_code == 422 and "ব্যাংক বা নগদ" in refused.text
        done = acct.post(f"/hr/expenses/{c.id}/pay", data={**form, "account_code": "1120"}, follow_redirects=False)
        assert done.status_code == 303
        view = acct.get(f"/hr/expenses/{c.id}?lang=en").text
        assert "Paid to the employee" in view and 'id="claim-paid"' in view and 'id="pay-claim"' not in view
        twice = acct.post(f"/hr/expenses/{c.id}/pay", data={**form, "account_code": "1120", "pay_key": "page-pay-2"})
        assert twice.status_code == 409 and "paid already" in twice.text
        # REST: the same refusal with the field; GraphQL: the accounts and a payment
        r = acct.post("/api/v1/hr/expense-claims/pay", json={"claim_ids": [str(c.id)], "account_code": "1110"},
                      headers={"Idempotency-Key": "rest-pay-1"})
        assert r.status_code == 409 and (r.json()["code"], r.json()["field"]) == ("hr.expense_already_paid",
                                                                                  "claim_ids[0]")
        c2 = posted_claim(people, co.e7.id, "99.99")
        q = ("mutation($i: HrExpenseClaimPayInput!) { hrPayExpenseClaims(input: $i, idempotencyKey: \"gql-pay-1\") "
             "{ id status paidAccount paidEntryNumber } }")
        g = acct.post("/graphql", json={"query": q, "variables": {"i": {"claimIds": [str(c2.id)],
                                                                         "accountCode": "1110",
                                                                         "paidOn": "2026-01-26"}}}).json()
        assert g["data"]["hrPayExpenseClaims"][0]["status"] == "paid", g
        a = acct.post("/graphql", json={"query": "query($c: ID!) { hrExpensePaymentAccounts(companyId: $c) { code subtype } }",
                                        "variables": {"c": str(co.id)}}).json()
        assert {"code": "1120", "subtype": "bank"} in a["data"]["hrExpensePaymentAccounts"]
    with _client(db, people.ctx("emp2")) as emp2:  # receipts over REST: not theirs, 404
        assert emp2.get(f"/api/v1/files/objects/hr.expense_claim/{c.id}").status_code == 404
