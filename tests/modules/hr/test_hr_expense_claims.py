"""Employees' expense claims (issues 13 and 18) on both databases, with real users holding the default roles and
the seeded "Expense claim" workflow (a project manager decides every claim, an accountant as well above
50,000): a claim submitted waits for its approval, which posts one balanced journal through finance for the
submitter (once, even when the event comes twice); rejected or withdrawn it is a draft again; bad lines are
refused naming the field with nothing stored; nobody approves their own claim; without a workflow step submitting
approves and posts at once; the journal's total is the lines' sum to the poisha."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from approval_people import People, approvers
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import handlers, service
from vextrus.modules.hr.domain import expense as rules
from vextrus.modules.hr.schemas import ExpenseClaimInput, ExpenseLineInput
from vextrus.modules.hr.tables import ExpenseClaimRow, ExpenseLineRow
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import service as payroll
from vextrus.modules.payroll.schemas import EmployeeInput, StructureInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.events import Envelope
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch
from vextrus.platform.tables import OutboxEvent

ROLES = {"emp": ["site_engineer"], "pm": ["project_manager"], "pm2": ["project_manager"], "acct": ["accountant"]}
DAY = date(2026, 1, 20)


@pytest.fixture
def co(db, admin):  # noqa: ANN001, ANN201
    from types import SimpleNamespace

    c = org.create_company(org.CompanyInput(code="XPC", name="Expense Builders Ltd."))
    finance.ensure_book("XPC", "Expense Builders Ltd.", c.id)
    finance.open_fiscal_year("XPC", "2025-26")
    payroll.save_structure(StructureInput(company_id=c.id, grade="G1", basic=D(30_000), components=[]))
    e = payroll.create_employee(EmployeeInput(company_id=c.id, code="E7", name="Rahim Uddin", name_bn="রহিম উদ্দিন",
                                              grade="G1", joining_date=date(2024, 1, 1), account_no="1"))
    return SimpleNamespace(id=c.id, employee=e)


@pytest.fixture
def people(db, tenant_id, co) -> People:  # noqa: ANN001
    return approvers(tenant_id, co.id, ROLES, "exp")


@pytest.fixture
def seeded(people):  # noqa: ANN001, ANN201
    with context.acting_as(context.system_context(people.tenant_id)):
        assert "expense_claim" in workflow.seed_defaults()
    return people


def claim_input(co, lines=None, **kw) -> ExpenseClaimInput:  # noqa: ANN001
    lines = lines if lines is not None else [
        ExpenseLineInput(day=date(2026, 1, 18), category="conveyance", description="CNG to site", amount=D("350.50")),
        ExpenseLineInput(day=date(2026, 1, 19), category="food", description="Lunch, site visit", amount=D("420.00")),
        ExpenseLineInput(day=DAY, category="site_purchase", description="Binding wire", amount=D("1229.50"))]
    return ExpenseClaimInput(employee_id=co.employee.id, claim_date=kw.pop("claim_date", DAY), lines=lines,
                             purpose="Site visits, January", **kw)


def outbox(db, tenant_id, name: str, claim_id) -> list[OutboxEvent]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return [e for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == name)
                                     .order_by(OutboxEvent.occurred_at, OutboxEvent.id)).scalars()
                if e.payload.get("claim_id", e.payload.get("document_id")) == str(claim_id)]


def test_a_claim_waits_for_its_approval_which_posts_one_balanced_journal_for_the_submitter(db, co, seeded):
    people = seeded
    with people.acting("emp"):
        draft = service.create_claim(claim_input(co), idempotency_key="exp-create-1")
        assert service.create_claim(claim_input(co), idempotency_key="exp-create-1").id == draft.id  # a retry
        assert (draft.status, draft.total, [ln.line_no for ln in draft.lines]) == ("draft", D("2000.00"), [1, 2, 3])
        sent = service.submit_claim(draft.id, draft.version)
        assert sent.status == "submitted" and sent.approval_id is not None and sent.entry_id is None
        inst = workflow.get_instance(sent.approval_id)
        assert (inst.definition_code, inst.amount, inst.subject) == ("expense_claim", D("2000.00"), "hr.expense_claim")
        assert [t.step_key for t in inst.tasks] == ["manager"]  # up to 50,000 the project manager alone
    with people.acting("pm"):
        assert service.get_claim(draft.id).status == "submitted"  # the approver sees the claim (hr.expense.view)
        assert workflow.decide(inst.id, "approve", "ok").status == "approved"
        workflow.decide(inst.id, "approve")  # the same decision again: no further effect
    with people.acting("emp"):
        done = service.get_claim(draft.id)
    assert done.status == "posted" and done.entry_id is not None and done.decided_by.endswith("(approval)")
    with people.acting("acct"):
        je = finance.get_entry("XPC", done.entry_id)
    debits = {ln.account_code: ln.debit for ln in je.lines if ln.debit}
    credits = {ln.account_code: ln.credit for ln in je.lines if ln.credit}
    # no project: conveyance → travel and conveyance, food → salaries and allowances, site purchase → site expenses
    assert debits == {"5240": D("350.50"), "5210": D("420.00"), "5150": D("1229.50")}
    assert credits == {rules.EMPLOYEE_PAYABLE: D("2000.00")}
    assert je.status == "posted" and je.entry_date == DAY and sum(debits.values()) == sum(credits.values())
    assert len(outbox(db, people.tenant_id, "hr.expense_claim.posted", draft.id)) == 1


def test_the_approved_event_delivered_twice_posts_once(db, co, seeded):
    people = seeded
    with people.acting("emp"):
        c = service.create_claim(claim_input(co))
        c = service.submit_claim(c.id)
    with people.acting("pm"):
        workflow.decide(c.approval_id, "approve")
    [row] = outbox(db, people.tenant_id, "workflow.instance.approved", c.id)
    env = Envelope(id=row.id, name=row.name, version=row.version, tenant_id=row.tenant_id,
                   occurred_at=row.occurred_at, actor=row.actor, payload=row.payload)
    [sub] = [x for x in handlers.subscriptions.items if x.event_name == "workflow.instance.approved"
             and x.fn.__module__.endswith("expense_approvals")]
    dispatch = make_dispatch(db.session_factory)
    dispatch(sub, env)  # the same event again (the inbox)
    dispatch(sub, Envelope(**{**env.__dict__, "id": new_id()}))  # a copy under a new id (the claim's state)
    with people.acting("emp"):
        view = service.get_claim(c.id)
    assert view.status == "posted"
    assert len(outbox(db, people.tenant_id, "hr.expense_claim.posted", c.id)) == 1
    with people.acting("acct"):
        tb = {ln.account_code: ln for ln in finance.trial_balance("XPC").lines}
    assert tb[rules.EMPLOYEE_PAYABLE].closing_credit - tb[rules.EMPLOYEE_PAYABLE].closing_debit == D("2000.00")


def test_a_rejected_claim_is_a_draft_again_and_can_be_changed_and_submitted_again(db, co, seeded):
    people = seeded
    with people.acting("emp"):
        c = service.submit_claim(service.create_claim(claim_input(co)).id)
    with people.acting("pm"):
        workflow.decide(c.approval_id, "reject", "attach the wire's receipt")
    with people.acting("emp"):
        back = service.get_claim(c.id)
        assert (back.status, back.comment, back.entry_id) == ("draft", "attach the wire's receipt", None)
        fixed = service.update_claim(c.id, claim_input(co, lines=[ExpenseLineInput(
            day=DAY, category="mobile", description="Site calls", amount=D("300"))]), back.version)
        assert fixed.total == D("300.00") and len(fixed.lines) == 1
        again = service.submit_claim(c.id)
    assert again.approval_id not in (None, c.approval_id) and again.status == "submitted"
    assert [e.payload["status"] for e in outbox(db, people.tenant_id, "hr.expense_claim.decided", c.id)] == ["rejected"]


def test_a_withdrawn_claim_is_a_draft_again_and_a_draft_can_be_cancelled(db, co, seeded):
    from vextrus.modules.workflow.domain import InstanceClosed

    people = seeded
    with people.acting("emp"):
        c = service.submit_claim(service.create_claim(claim_input(co)).id)
        back = service.withdraw_claim(c.id, "wrong month")
        assert back.status == "draft"
        assert workflow.get_instance(c.approval_id).status == "withdrawn"
    with people.acting("pm"), pytest.raises(InstanceClosed):
        workflow.decide(c.approval_id, "approve")
    with people.acting("emp"):
        assert service.get_claim(c.id).status == "draft"
        # withdrawn from the workflow's own pages: hr hears it and makes it a draft again
        c2 = service.submit_claim(c.id)
        workflow.withdraw(c2.approval_id, "changed my mind")
        assert service.get_claim(c.id).status == "draft"
        gone = service.cancel_claim(c.id)
        assert gone.status == "cancelled"
        with pytest.raises(DomainError) as e:
            service.submit_claim(c.id)
    assert e.value.code == "hr.expense_state" and e.value.field == "status" and "বাতিল" in e.value.message_bn


def test_nobody_approves_their_own_claim(db, co, seeded):
    people = seeded
    with people.acting("pm"):
        c = service.submit_claim(service.create_claim(claim_input(co)).id)
        with pytest.raises(DecisionRefused) as e:
            workflow.decide(c.approval_id, "approve")
        assert e.value.code == "self_approval"
        assert service.get_claim(c.id).status == "submitted"
    with people.acting("pm2"):
        workflow.decide(c.approval_id, "approve")
        assert service.get_claim(c.id).status == "posted"


def _count(db, tenant_id) -> tuple[int, int]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return (s.scalar(select(func.count()).select_from(ExpenseClaimRow)),
                s.scalar(select(func.count()).select_from(ExpenseLineRow)))


@pytest.mark.parametrize(("lines", "code", "field"), [
    ([], "hr.expense_no_lines", "lines"),
    ([("conveyance", "Rickshaw", "0")], "hr.expense_amount_not_positive", "lines[0].amount"),
    ([("conveyance", "Rickshaw", "50"), ("food", "Tea", "-5")], "hr.expense_amount_not_positive", "lines[1].amount"),
    ([("conveyance", "Rickshaw", "10.005")], "hr.expense_amount_poisha", "lines[0].amount"),
    ([("taxi", "Uber", "500")], "hr.expense_category_unknown", "lines[0].category"),
    ([("food", "  ", "500")], "hr.expense_description_missing", "lines[0].description"),
    ([("food", "Dinner", "500", date(2026, 1, 21))], "hr.expense_line_after_claim", "lines[0].day"),
])
def test_bad_lines_are_refused_naming_the_field_with_nothing_stored(db, co, people, lines, code, field):
    before = _count(db, people.tenant_id)
    with people.acting("emp"), pytest.raises(ValidationFailed) as e:
        service.create_claim(claim_input(co, lines=[ExpenseLineInput(
            day=x[3] if len(x) > 3 else DAY, category=x[0], description=x[1], amount=D(x[2])) for x in lines]))
    assert (e.value.code, e.value.field) == (code, field)
    assert e.value.message_bn and e.value.message_bn != e.value.message
    assert _count(db, people.tenant_id) == before


def test_without_a_workflow_step_submitting_approves_and_posts_at_once(db, co, people):
    with people.acting("emp"):  # no definition seeded
        c = service.submit_claim(service.create_claim(claim_input(co)).id)
        assert (c.status, c.approval_id) == ("posted", None) and c.entry_id is not None
        others = service.list_claims(co.id)
    assert [x.id for x in others] == [c.id]
    with people.acting("pm"):  # another user sees the company's claims only with hr.expense.view (the manager has it)
        assert [x.id for x in service.list_claims(co.id)] == [c.id]


def test_a_claim_of_another_user_is_not_theirs_to_see_or_change(db, co, seeded):
    people = approvers(seeded.tenant_id, co.id, {"emp2": ["site_engineer"]}, "exp2")
    with seeded.acting("emp"):
        c = service.create_claim(claim_input(co))
    with people.acting("emp2"):
        assert service.list_claims(co.id) == []
        with pytest.raises(DomainError) as e:
            service.submit_claim(c.id)
    assert e.value.status == 404


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(list(rules.CATEGORIES)), st.integers(1, 5_000_000), st.integers(0, 30)),
                min_size=1, max_size=8), st.booleans())
def test_the_journal_is_the_sum_of_the_lines_to_the_poisha(items, has_project):
    """Pure: whatever the lines, the journal balances and its total is their sum in poisha."""
    lines = [rules.ClaimLine(date(2026, 1, 31 - d), c, "x", D(p) / 100) for c, p, d in items]
    posting = rules.journal_lines(rules.check_lines(date(2026, 1, 31), lines), has_project=has_project, label="E1")
    total = sum(D(p) for _, p, _ in items) / 100
    assert sum(p.debit for p in posting) == sum(p.credit for p in posting) == total
    assert all(p.debit.as_tuple().exponent >= -2 and p.credit.as_tuple().exponent >= -2 for p in posting)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 9_999_999), min_size=1, max_size=4))
def test_the_posted_journal_equals_the_lines_to_the_poisha(db, co, people, poisha):
    with people.acting("emp"):
        c = service.submit_claim(service.create_claim(claim_input(co, lines=[
            ExpenseLineInput(day=DAY, category="conveyance", description=f"trip {i}", amount=D(p) / 100)
            for i, p in enumerate(poisha)])).id)
    with people.acting("acct"):
        je = finance.get_entry("XPC", c.entry_id)
    expected = sum(D(p) for p in poisha) / 100
    assert c.total == expected == sum(ln.debit for ln in je.lines) == sum(ln.credit for ln in je.lines)


@pytest.fixture
def client(db, admin, co):  # noqa: ANN001, ANN201
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_graphql_and_pages_in_english_and_bangla(db, co, client):
    body = claim_input(co).model_dump(mode="json")
    bad = {**body, "lines": [{**body["lines"][0], "amount": "-1"}]}
    r = client.post("/api/v1/hr/expense-claims", json=bad, headers={"Idempotency-Key": "exp-rest-bad"})
    j = r.json()
    assert r.status_code == 422 and (j["code"], j["field"]) == ("hr.expense_amount_not_positive", "lines[0].amount")
    assert "শূন্যের বেশি" in j["message_bn"] and client.get(f"/api/v1/hr/expense-claims?company_id={co.id}").json() == []
    r = client.post("/api/v1/hr/expense-claims", json=body, headers={"Idempotency-Key": "exp-rest-1"})
    assert r.status_code == 201 and r.headers["Location"].endswith(r.json()["id"])
    claim = r.json()
    again = client.post("/api/v1/hr/expense-claims", json=body, headers={"Idempotency-Key": "exp-rest-1"}).json()
    assert again["id"] == claim["id"] and len(client.get(f"/api/v1/hr/expense-claims?company_id={co.id}").json()) == 1
    q = "query($c: ID!) { hrExpenseClaims(companyId: $c) { id status total lines { category amount } } }"
    g = client.post("/graphql", json={"query": q, "variables": {"c": str(co.id)}}).json()
    assert g["data"]["hrExpenseClaims"][0]["status"] == "draft" and len(g["data"]["hrExpenseClaims"][0]["lines"]) == 3

    page = client.get("/hr/expenses/new?lang=bn")
    assert page.status_code == 200 and "নতুন খরচের দাবি" in page.text and "যাতায়াত ও ভ্রমণ" in page.text
    csrf = client.cookies.get("vx_csrf")
    form = {"csrf_token": csrf, "company_id": str(co.id), "employee_id": str(co.employee.id), "claim_date": "2026-01-20",
            "project_id": "", "purpose": "Site visit", "day_0": "2026-01-22", "category_0": "conveyance",
            "description_0": "CNG", "amount_0": "250", "day_1": "", "description_1": "", "amount_1": "",
            "category_1": "food", "then": "submit"}
    refused = client.post("/hr/expenses?lang=bn", data=form)  # a line after the claim's date
    assert refused.status_code == 422 and "দাবির তারিখ" in refused.text
    saved = client.post("/hr/expenses", data={**form, "day_0": "2026-01-19"}, follow_redirects=False)
    assert saved.status_code == 303
    view = client.get(saved.headers["location"] + "?lang=bn").text
    assert "অনুমোদিত ও খাতায় পোস্ট করা" in view  # no workflow: posted at once
    listing = client.get("/hr/expenses?lang=en").text
    assert "Approved and posted" in listing and "Draft" in listing


def test_a_receipt_is_attached_to_the_claim_through_files(db, co, client):
    claim = client.post("/api/v1/hr/expense-claims", json=claim_input(co).model_dump(mode="json")).json()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = client.post(f"/api/v1/files/objects/hr.expense_claim/{claim['id']}/import?name=রসিদ.png", content=png,
                    headers={"Idempotency-Key": "exp-receipt-1"})
    assert r.status_code == 200, r.text
    files = client.get(f"/api/v1/files/objects/hr.expense_claim/{claim['id']}").json()
    assert [f["name"] for f in files] == ["রসিদ.png"]
    page = client.get(f"/hr/expenses/{claim['id']}?lang=bn").text
    assert 'id="receipts"' in page and "রসিদ" in page and f"/files/panel/hr.expense_claim/{claim['id']}" in page


def test_a_manager_who_sees_the_claims_does_not_change_anothers(db, co, seeded):
    with seeded.acting("emp"):
        c = service.create_claim(claim_input(co))
    with seeded.acting("pm"):
        assert service.get_claim(c.id).status == "draft"  # hr.expense.view: seen
        for act in (service.submit_claim, service.cancel_claim):
            with pytest.raises(DomainError) as e:
                act(c.id)
            assert e.value.status == 404
    with seeded.acting("emp"):
        assert service.get_claim(c.id).status == "draft"
