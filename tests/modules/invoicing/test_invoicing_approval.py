"""Invoices and vendor bills through the seeded invoice workflow (issues 13 and 16): a bill the workflow says
needs approval stays a draft until approved by users with the seed's roles; the approval posts it (once)
as invoicing on behalf of the submitter; a rejection keeps the draft; a sales invoice skips accounts
payable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from sqlalchemy import select

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.tables import JournalEntry
from vextrus.modules.invoicing import approvals
from vextrus.modules.invoicing import service as invoicing
from vextrus.modules.invoicing.schemas import InvoiceInput, InvoiceLineInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.modules.workflow.events import InstanceApproved
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.relay import to_envelope
from vextrus.platform.tables import OutboxEvent
from vextrus.platform.uow import unit_of_work

ROLES = {"clerk": ["accounts_payable_clerk"], "clerk2": ["accounts_payable_clerk"], "pm": ["project_manager"],
         "acct": ["accountant"], "acct2": ["accountant"]}


@dataclass
class Firm:
    tenant_id: UUID
    company_id: UUID
    customer_id: UUID
    vendor_id: UUID
    ids: dict[str, UUID]

    def acting(self, who: str):  # noqa: ANN201
        from vextrus.platform.modules import available_modules

        auth = available_modules()["auth"]
        return context.acting_as(auth.load(auth.acts_for)(self.ids[who], self.tenant_id, company_id=self.company_id))

    def system(self):  # noqa: ANN201
        return context.acting_as(context.system_context(self.tenant_id))


@pytest.fixture
def firm(db, tenant_id) -> Firm:
    """A company with its book, a customer, a vendor, users with the default roles, and the seeded invoice
    workflow active (only it: the seeded journal workflow would hold the bill's journal too, see
    docs/invoicing.md)."""
    from vextrus.modules.auth import service as auth
    from vextrus.modules.organization import api as org
    from vextrus.modules.rules import api as rules
    from vextrus.modules.workflow import seeds

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="MBL", name="Meghna Builders Ltd."))
        auth.seed_default_roles(c.id)
        finance.ensure_book("MBL", "Meghna Builders Ltd.", c.id)
        finance.open_fiscal_year("MBL", "2025-26")
        cust = master_data.create_party(PartyInput(legal_name="Jamuna Housing Ltd.", roles=["customer"]))
        vend = master_data.create_party(PartyInput(legal_name="KSRM Steels Ltd.", roles=["vendor"]))
        ids = {who: auth.create_user(auth.UserInput(email=f"{who}.{tenant_id.hex[-10:]}@mbl.example", name=who.title()),
                                     "Pass-word-123", c.id, roles).id for who, roles in ROLES.items()}
        rules.seed_rule_set("workflow.sod", seeds.SOD_RULE_SET)
        workflow.save_definition("invoice", seeds.INVOICE)
    return Firm(tenant_id, c.id, cust.id, vend.id, ids)


def _bill(firm: Firm, net: str, kind: str = "purchase") -> InvoiceInput:
    return InvoiceInput(company_id=firm.company_id, kind=kind,
                        party_id=firm.vendor_id if kind == "purchase" else firm.customer_id,
                        invoice_date=date(2025, 8, 10), reference="KSRM-0917",
                        lines=[InvoiceLineInput(description="MS rod 500W", quantity=D("1"), unit_price=D(net),
                                                vat_code="VAT15")])


def _journals(db, firm: Firm, number: str) -> int:  # noqa: ANN001
    with firm.system(), db.session_factory() as s:
        return len(list(s.scalars(select(JournalEntry.id).where(JournalEntry.reference == number))))


def test_a_six_lakh_bill_waits_for_the_seeded_steps_and_the_last_approval_posts_it_once(db, firm):
    with firm.acting("clerk"):
        bill = invoicing.create_invoice(_bill(firm, "521739.13"))  # + 15 % VAT 78,260.87 = 6,00,000.00
        assert bill.gross == D("600000.00")
        with pytest.raises(DomainError) as e:
            invoicing.post_invoice(bill.id)
        assert e.value.code == "invoicing.approval_required" and e.value.field == "status"
        assert "৬,০০,০০০.০০ টাকা" in e.value.message_bn and e.value.details["approval"] is None
        inst = approvals.submit_invoice(bill.id)
        assert inst.definition_code == "invoice" and inst.amount == D("600000.00")
        assert [t.step_key for t in inst.tasks] == ["accounts_payable", "department_head", "finance_manager"]
        with pytest.raises(DomainError) as e:
            invoicing.post_invoice(bill.id)
        assert e.value.details == {"approval": "pending", "instance_id": str(inst.id)}
        with pytest.raises(DecisionRefused) as e:
            workflow.decide(inst.id, "approve")
        assert e.value.code == "self_approval"
    for who in ("clerk2", "pm"):
        with firm.acting(who):
            assert workflow.decide(inst.id, "approve").status == "pending"
            assert invoicing.get_invoice(bill.id).status == "draft"
    with firm.acting("acct"):
        assert workflow.decide(inst.id, "approve", "GRN and PO match").status == "approved"
        posted = invoicing.get_invoice(bill.id)
    assert posted.status == "posted" and posted.number and posted.entry_id
    assert _journals(db, firm, posted.number) == 1
    with firm.system(), db.session_factory() as s:
        [ev] = [e for e in s.scalars(select(OutboxEvent).where(OutboxEvent.name == "invoicing.invoice.posted"))
                if e.payload["invoice_id"] == str(bill.id)]
        approved = [e for e in s.scalars(select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.approved"))
                    if e.payload["instance_id"] == str(inst.id)]
    assert ev.actor.startswith("clerk.") and ev.actor.endswith(" via invoicing")  # for the submitter
    [row] = approved
    event = InstanceApproved.from_envelope(to_envelope(row))
    with firm.system(), unit_of_work() as uow:  # the same approval delivered again
        approvals.post_approved_invoice(event, uow)
    with firm.acting("acct"):
        assert invoicing.get_invoice(bill.id).number == posted.number
    assert _journals(db, firm, posted.number) == 1


def test_a_sales_invoice_needs_no_accounts_payable_and_a_small_bill_only_accounts_payable(db, firm):
    with firm.acting("acct"):
        sale = invoicing.create_invoice(_bill(firm, "200000", kind="sales"))  # 2,30,000 with VAT
        s_inst = approvals.submit_invoice(sale.id)
        assert [t.step_key for t in s_inst.tasks] == ["department_head"]
        small_sale = invoicing.create_invoice(_bill(firm, "50000", kind="sales"))
        assert invoicing.post_invoice(small_sale.id).status == "posted"  # no step applies: posted at once
        with pytest.raises(DomainError) as e:
            approvals.submit_invoice(small_sale.id)
        assert e.value.code == "invoicing.not_draft"
    with firm.acting("clerk"):
        small = invoicing.create_invoice(_bill(firm, "40000"))
        with pytest.raises(DomainError) as e:
            invoicing.post_invoice(small.id)
        assert e.value.code == "invoicing.approval_required"
        inst = approvals.submit_invoice(small.id)
        assert [t.step_key for t in inst.tasks] == ["accounts_payable"]
    with firm.acting("clerk2"):
        assert workflow.decide(inst.id, "approve").status == "approved"
        assert invoicing.get_invoice(small.id).status == "posted"
    with firm.acting("pm"):
        assert workflow.decide(s_inst.id, "approve").status == "approved"
    with firm.acting("acct"):
        assert invoicing.get_invoice(sale.id).status == "posted"


def test_a_rejected_bill_stays_a_draft_shows_the_comment_and_can_be_submitted_again(db, firm):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    with firm.acting("clerk"):
        bill = invoicing.create_invoice(_bill(firm, "80000"))  # 92,000 with VAT: accounts payable only
        first = approvals.submit_invoice(bill.id)
    with firm.acting("clerk2"):
        assert workflow.decide(first.id, "reject", "wrong vendor BIN").status == "rejected"
    with firm.acting("clerk"):
        assert invoicing.get_invoice(bill.id).status == "draft"
        with pytest.raises(DomainError) as e:
            invoicing.post_invoice(bill.id)
        assert e.value.details["approval"] == "rejected"
    with firm.system(), db.session_factory() as s:
        [told] = [e for e in s.scalars(select(OutboxEvent).where(
            OutboxEvent.name == "invoicing.invoice.approval_rejected")) if e.payload["invoice_id"] == str(bill.id)]
    assert told.payload["reason"] == "wrong vendor BIN" and told.payload["instance_id"] == str(first.id)
    from vextrus.platform.modules import available_modules

    auth = available_modules()["auth"]
    ctx = auth.load(auth.acts_for)(firm.ids["clerk"], firm.tenant_id, company_id=firm.company_id)
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        page = c.get(f"/invoicing/invoices/{bill.id}?lang=bn")
        assert page.status_code == 200
        assert "প্রত্যাখ্যাত" in page.text and "wrong vendor BIN" in page.text
        assert f"/workflow/instances/{first.id}" in page.text and "অনুমোদনের জন্য জমা দিন" in page.text
        r = c.post(f"/invoicing/invoices/{bill.id}/submit-for-approval",
                   data={"csrf_token": c.cookies.get("vx_csrf")}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/workflow/instances/")
        second = r.headers["location"].rsplit("/", 1)[1]
        assert second != str(first.id)
        page = c.get(f"/invoicing/invoices/{bill.id}?lang=en")
        assert "Waiting for approval" in page.text and f"/workflow/instances/{second}" in page.text
        assert f"/invoicing/invoices/{bill.id}/post" not in page.text  # no post button while it waits
    with firm.acting("clerk2"):
        assert workflow.decide(UUID(second), "approve").status == "approved"
        assert invoicing.get_invoice(bill.id).status == "posted"


def test_rest_and_graphql_submit_with_an_idempotency_key(db, firm):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.platform.modules import available_modules

    with firm.acting("clerk"):
        bill = invoicing.create_invoice(_bill(firm, "150000"))
        other = invoicing.create_invoice(_bill(firm, "160000"))
    auth = available_modules()["auth"]
    ctx = auth.load(auth.acts_for)(firm.ids["clerk"], firm.tenant_id, company_id=firm.company_id)
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        r = c.post(f"/api/v1/invoicing/invoices/{bill.id}/post", json={})
        assert r.status_code == 409 and r.json()["code"] == "invoicing.approval_required" and r.json()["message_bn"]
        url = f"/api/v1/invoicing/invoices/{bill.id}/submit-for-approval"
        first = c.post(url, headers={"Idempotency-Key": "sub-1"})
        again = c.post(url, headers={"Idempotency-Key": "sub-1"})
        assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
        assert [t["step_key"] for t in first.json()["tasks"]] == ["accounts_payable", "department_head"]
        state = c.get(f"/api/v1/invoicing/invoices/{bill.id}/approval").json()
        assert state["needed"] is True and state["approval"]["id"] == first.json()["id"]
        assert state["approval"]["status"] == "pending" and state["rejection"] == ""
        q = (f'mutation {{ submitInvoiceForApproval(invoiceId: "{other.id}", idempotencyKey: "g-1") '
             '{ id invoiceId status definitionCode } }')
        data = c.post("/graphql", json={"query": q}).json()
        assert data["data"]["submitInvoiceForApproval"]["status"] == "pending", data
        assert data["data"]["submitInvoiceForApproval"]["definitionCode"] == "invoice"
        dup = c.post("/graphql", json={"query": q}).json()
        assert dup["data"]["submitInvoiceForApproval"]["id"] == data["data"]["submitInvoiceForApproval"]["id"]


def test_no_active_workflow_and_system_work_post_as_before(db, firm):
    from vextrus.modules.workflow import seeds

    with firm.system():
        bill = invoicing.create_invoice(_bill(firm, "900000"))
        assert invoicing.post_invoice(bill.id).status == "posted"  # the demo loader, jobs: not held up
        workflow.save_definition("invoice", seeds.INVOICE.model_copy(update={"active": False}))
    with firm.acting("clerk"):
        other = invoicing.create_invoice(_bill(firm, "900000"))
        assert invoicing.post_invoice(other.id).status == "posted"  # no active workflow: as before
        with pytest.raises(DomainError) as e:
            approvals.submit_invoice(invoicing.create_invoice(_bill(firm, "900000")).id)
        assert e.value.code == "invoicing.approval_not_needed"


def test_a_bill_nobody_decided_in_time_shows_the_timeout_in_bangla(db, firm):
    from datetime import UTC, datetime

    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.modules.workflow import seeds
    from vextrus.modules.workflow.schemas import StepModel
    from vextrus.platform import clock
    from vextrus.platform.modules import available_modules

    ap = seeds.INVOICE.steps[0].model_copy(update={"timeout_hours": 24, "timeout_action": "reject"})
    fc = clock.FrozenClock(datetime(2026, 1, 5, 4, 0, tzinfo=UTC))
    clock.set_clock(fc)
    try:
        with firm.system():
            workflow.save_definition("invoice", seeds.INVOICE.model_copy(update={"steps": [StepModel(**ap.model_dump())]}))
        with firm.acting("clerk"):
            bill = invoicing.create_invoice(_bill(firm, "40000"))
            approvals.submit_invoice(bill.id)
        fc.advance(hours=24)
        with firm.system():
            assert workflow.process_timeouts() == 1
    finally:
        clock.set_clock(None)
    auth = available_modules()["auth"]
    ctx = auth.load(auth.acts_for)(firm.ids["clerk"], firm.tenant_id, company_id=firm.company_id)
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        bn = c.get(f"/invoicing/invoices/{bill.id}?lang=bn").text
        en = c.get(f"/invoicing/invoices/{bill.id}?lang=en").text
    assert "প্রত্যাখ্যাত" in bn and "সময়মতো কোনো সিদ্ধান্ত হয়নি" in bn and "no decision in time" not in bn
    assert "Rejected" in en and "no decision in time" in en
    with firm.acting("clerk"):
        assert invoicing.get_invoice(bill.id).status == "draft"


def test_with_every_seeded_workflow_an_approved_bill_is_not_held_again_by_the_journal_workflow(db, firm):
    with firm.system():
        assert "journal_entry" in workflow.seed_defaults()  # journals above 5,00,000 need approval too
    with firm.acting("clerk"):
        bill = invoicing.create_invoice(_bill(firm, "521739.13"))
        inst = approvals.submit_invoice(bill.id)
    for who in ("clerk2", "pm", "acct"):
        with firm.acting(who):
            workflow.decide(inst.id, "approve")
    with firm.acting("acct"):
        posted = invoicing.get_invoice(bill.id)
    assert posted.status == "posted" and _journals(db, firm, posted.number) == 1


def test_an_approved_bill_whose_period_closed_meanwhile_waits_as_an_approved_draft_and_is_said_once(db, firm):
    """Posting after the approval fails (August was closed while the bill waited): the approval is not retried
    for ever; the bill stays a draft, one event says why, and a person posts it once the period is open."""
    with firm.acting("clerk"):
        bill = invoicing.create_invoice(_bill(firm, "40000"))  # 46,000 with VAT: accounts payable only
        inst = approvals.submit_invoice(bill.id)
    with firm.system():
        finance.close_period("MBL", "2025-26", 1)  # books close in order: July, then August (the bill's month)
        finance.close_period("MBL", "2025-26", 2)
    with firm.acting("clerk2"):
        assert workflow.decide(inst.id, "approve").status == "approved"
        assert invoicing.get_invoice(bill.id).status == "draft"
    with firm.system(), db.session_factory() as s:
        told = [e.payload for e in s.scalars(select(OutboxEvent).where(
            OutboxEvent.name == "invoicing.invoice.approved_not_posted")) if e.payload["invoice_id"] == str(bill.id)]
        [approved] = [e for e in s.scalars(select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.approved"))
                      if e.payload["instance_id"] == str(inst.id)]
    assert len(told) == 1 and told[0]["instance_id"] == str(inst.id) and told[0]["message_bn"]
    assert approved.last_error is None  # delivered: nothing left to retry
    assert _journals(db, firm, "") == 0
    # the submitter is told (notifications' invoicing.invoice.approved_not_posted template, bell and e-mail) with the
    # reason, and the bill's page says it is approved but not posted, in English and Bangla
    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.modules.notifications.tables import Delivery
    from vextrus.platform.modules import available_modules

    with firm.system(), db.session_factory() as s:
        mine = [d for d in s.scalars(select(Delivery).where(Delivery.event == "invoicing.invoice.approved_not_posted"))
                if str(bill.id) in d.link]
    assert {(d.channel, d.user_id) for d in mine} == {("in_app", firm.ids["clerk"]), ("email", firm.ids["clerk"])}
    auth = available_modules()["auth"]
    ctx = auth.load(auth.acts_for)(firm.ids["clerk"], firm.tenant_id, company_id=firm.company_id)
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        en, bn = c.get(f"/invoicing/invoices/{bill.id}"), c.get(f"/invoicing/invoices/{bill.id}?lang=bn")
    assert en.status_code == 200 and 'id="approved-not-posted"' in en.text and "Approved, but not posted" in en.text
    assert bn.status_code == 200 and "অনুমোদিত, কিন্তু পোস্ট হয়নি" in bn.text
    with firm.system():
        finance.reopen_period("MBL", "2025-26", 2, "the approved KSRM bill")
    with firm.acting("clerk"):
        posted = invoicing.post_invoice(bill.id)  # its approval is approved: a person posts it
    assert posted.status == "posted" and _journals(db, firm, posted.number) == 1


def test_a_draft_waiting_for_approval_is_not_edited_and_cancelling_it_withdraws_the_approval(db, firm):
    with firm.acting("clerk"):
        bill = invoicing.create_invoice(_bill(firm, "521739.13"))
        inst = approvals.submit_invoice(bill.id)
        with pytest.raises(DomainError) as e:  # the approvers would decide the bill as it was
            invoicing.update_draft(bill.id, _bill(firm, "40000"), bill.version)
        assert (e.value.status, e.value.code, e.value.field) == (409, "invoicing.invoice_in_approval", "status")
        assert e.value.details["instance_id"] == str(inst.id) and e.value.message_bn != e.value.message
        assert invoicing.get_invoice(bill.id) == bill
        gone = invoicing.cancel_draft(bill.id, "Vendor sent a corrected bill", bill.version)
        assert (gone.status, gone.number) == ("cancelled", None)
        withdrawn = workflow.get_instance(inst.id)
    assert withdrawn.status == "withdrawn"
    assert any("Vendor sent a corrected bill" in (h.comment or "") for h in withdrawn.history)
    with firm.acting("clerk2"), pytest.raises(DomainError):  # no approver is left deciding a cancelled bill
        workflow.decide(inst.id, "approve")
    with firm.acting("acct"):
        assert invoicing.get_invoice(bill.id).status == "cancelled"
    with firm.system(), db.session_factory() as s:
        assert list(s.scalars(select(JournalEntry.id).where(JournalEntry.reference.like("PB-%")))) == []


def test_a_bulk_post_holds_the_bill_that_needs_approval_and_posts_the_rest(db, firm):
    from vextrus.modules.invoicing.schemas import InvoicesPostInput

    with firm.acting("acct"):
        bill = invoicing.create_invoice(_bill(firm, "521739.13"))  # 6,00,000.00 with VAT: three steps
        small = invoicing.create_invoice(_bill(firm, "50000", kind="sales"))  # no step applies
        with pytest.raises(DomainError) as single:
            invoicing.post_invoice(bill.id)
        res = invoicing.post_invoices(InvoicesPostInput(company_id=firm.company_id))  # every draft of the company
        assert [p.invoice_id for p in res.posted] == [small.id]
        [r] = res.refused
        assert (r.invoice_id, r.code, r.field, r.message, r.message_bn) == (
            bill.id, "invoicing.approval_required", "status", single.value.message, single.value.message_bn)
        assert invoicing.get_invoice(bill.id).status == "draft"
