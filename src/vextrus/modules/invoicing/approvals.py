"""Invoices and bills that need approval (issues 13 and 16): invoicing's side of the workflow contract,
the pattern of finance/approvals.py.

- invoicing declares the `invoicing.invoice` subject (the fields a workflow step's condition may use);
- posting an invoice the active `invoicing.invoice` workflow says needs approval is refused until its
  approval is approved (`check_may_post`, called by `post_invoice`): the draft waits;
- `submit_invoice` sends a draft to the workflow (as invoicing on behalf of the user);
- on `workflow.instance.approved` invoicing posts the draft, as the module on behalf of the submitter
  (once: a second delivery finds it posted); on `workflow.instance.rejected` the draft stays a draft and
  its page shows the rejection and the approver's comment (read from the approval).

With no active `invoicing.invoice` workflow (or the workflow module not running) nothing changes.
System work (the demo loader, scheduled jobs) is not held up: it acts for no person who could approve.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import structlog
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.modules.workflow.events import InstanceApproved, InstanceRejected
from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError
from vextrus.platform.events import Subscriptions
from vextrus.platform.http import idempotency_key
from vextrus.platform.i18n import format_number
from vextrus.platform.uow import UnitOfWork, command, query

from . import MODULE
from .events import InvoiceApprovedNotPosted
from .tables import InvoiceRow, LineRow

log = structlog.get_logger("vextrus.invoicing.approvals")
SUBJECT = "invoicing.invoice"
CURRENCY = "BDT"  # invoices and bills are in taka: their journal's amounts are the base currency's
F = rules.SubjectField
# every field but amount and currency may be absent, so the workflow page's preview (by amount) still answers
rules.declare_subject(SUBJECT, [
    F("amount", "money", "Invoice total with VAT (BDT)", "ভ্যাটসহ চালানের মোট (টাকা)"),
    F("currency", "string", "Currency", "মুদ্রা"),
    F("kind", "string", "Kind: sales (invoice) or purchase (vendor bill)", "ধরন: বিক্রয় (চালান) বা ক্রয় (বিল)",
      nullable=True),
    F("party_code", "string", "The customer's or vendor's code", "গ্রাহক বা বিক্রেতার কোড", nullable=True),
    F("project", "string", "The project of the lines (when one)", "লাইনগুলোর প্রকল্প (একটি হলে)", nullable=True),
    F("vat_total", "money", "VAT on the invoice", "চালানের ভ্যাট", nullable=True),
    F("line_count", "int", "Number of lines", "লাইনের সংখ্যা", nullable=True),
], "Invoice or vendor bill", "চালান বা বিক্রেতার বিল", owner="invoicing")

subscriptions = Subscriptions()



def _party_code(party_id: UUID) -> str | None:
    from vextrus.modules.master_data import api as master_data

    with context.calling_as(MODULE):
        return master_data.party_summary(party_id).code or None


def fields(session: Session, row: InvoiceRow, lines: Sequence[Any] | None = None,
           party_code: Callable[[UUID], str | None] = _party_code) -> dict[str, object]:
    """What a workflow step's condition sees of the invoice (its stored totals and lines; `lines` when the
    caller already read them, `party_code` a caller's cached lookup of the party's code)."""
    if lines is None:
        lines = list(session.scalars(select(LineRow).where(LineRow.invoice_id == row.id)))
    projects = {ln.project_id for ln in lines if ln.project_id is not None}
    return {"amount": Decimal(row.gross).quantize(Decimal("0.01")), "currency": CURRENCY, "kind": row.kind,
            "party_code": party_code(row.party_id), "project": str(projects.pop()) if len(projects) == 1 else None,
            "vat_total": Decimal(row.vat).quantize(Decimal("0.01")), "line_count": len(lines)}


def needing_approval(session: Session, drafts: Sequence[tuple[Any, Sequence[Any]]],
                     party_code: Callable[[UUID], str | None] = _party_code) -> list[bool]:
    """Which of the drafts (row, its lines) the active workflow says need approval, the workflow read once
    (a bulk post); `check_may_post(..., needed=)` then refuses those not approved."""
    if context.current().system or not workflow.running():
        return [False] * len(drafts)
    return workflow.needs_approval_many(SUBJECT, [fields(session, row, lines, party_code) for row, lines in drafts])


def check_may_post(session: Session, row: InvoiceRow, lines: Sequence[Any] | None = None,
                   party_code: Callable[[UUID], str | None] = _party_code, needed: bool | None = None) -> None:
    """Refuse posting an invoice that needs approval and is not approved (`invoicing.approval_required`);
    `lines` and `party_code` as `fields` takes them, `needed` when `needing_approval` already said."""
    if context.current().system or not workflow.running() or needed is False:
        return
    data = fields(session, row, lines, party_code)
    if needed is None and not workflow.needs_approval(SUBJECT, data):
        return
    last = workflow.latest(SUBJECT, row.id)
    if last is not None and last.status == "approved":
        return
    state = last.status if last is not None else None
    amount = f"{data['amount']} {data['currency']}"
    amount_bn = f"{format_number(data['amount'], 2, 'bn')} টাকা"  # type: ignore[arg-type]
    raise Conflict(
        "invoicing.approval_required",
        f"This {'invoice' if row.kind == 'sales' else 'bill'} ({amount}) must be approved before it is posted: "
        + {"pending": "its approval is waiting",
           "rejected": "its approval was rejected; correct it if need be and submit it again"}.get(
            state or "", "submit it for approval"),
        f"এই {'চালান' if row.kind == 'sales' else 'বিল'} ({amount_bn}) পোস্ট করার আগে অনুমোদন প্রয়োজন: "
        + {"pending": "অনুমোদন অপেক্ষমাণ",
           "rejected": "অনুমোদন প্রত্যাখ্যাত হয়েছে; প্রয়োজনে সংশোধন করে আবার জমা দিন"}.get(
            state or "", "অনুমোদনের জন্য জমা দিন"),
        field="status", details={"approval": state, "instance_id": str(last.id) if last else None})


def check_not_pending(row: InvoiceRow) -> None:
    """An edit waits for the waiting approval's decision (it would decide the draft as it was):
    `invoicing.invoice_in_approval` (409), like procurement refuses revising an order in approval."""
    if context.current().system or not workflow.running():
        return
    last = workflow.latest(SUBJECT, row.id)
    if last is not None and last.status == "pending":
        raise Conflict("invoicing.invoice_in_approval",
                       "This draft is waiting for approval: change it after the decision, or cancel it",
                       "এই খসড়া অনুমোদনের অপেক্ষায়: সিদ্ধান্তের পরে বদলান, অথবা বাতিল করুন", field="status",
                       details={"approval": last.status, "instance_id": str(last.id)})


def withdraw_for_cancelled(invoice_id: UUID, reason: str) -> None:
    """A cancelled draft takes its waiting approval with it (workflow.api.withdraw_document, as invoicing, for
    the user who cancels; the reason is the approval's comment). Nothing to withdraw without workflow."""
    if not workflow.running():
        return
    with context.calling_as(MODULE):
        workflow.withdraw_document(SUBJECT, invoice_id, reason)


@command("invoicing.invoice.manage", scope="invoicing.submit_invoice")
def submit_invoice(uow: UnitOfWork, invoice_id: UUID) -> workflow.InstanceView:
    """Send a draft invoice or bill to the invoice approval workflow (as invoicing, for the user)."""
    from .service.invoices import _load

    row = _load(uow, invoice_id)
    if row.status != "draft":
        raise Conflict("invoicing.not_draft", f"Invoice {row.number} is already {row.status}",
                       f"চালান {row.number} আর খসড়া নয়", field="status", details={"status": row.status})
    data = fields(uow.session, row)
    if not workflow.running() or not workflow.needs_approval(SUBJECT, data):
        raise Conflict("invoicing.approval_not_needed", "No approval is needed: post it",
                       "অনুমোদনের প্রয়োজন নেই: সরাসরি পোস্ট করুন", field="status")
    ctx = context.current()
    label = f"{'Sales invoice' if row.kind == 'sales' else 'Vendor bill'} {row.reference or row.narration or ''}"
    with context.calling_as(MODULE):
        return workflow.submit(workflow.SubmitInput(
            subject=SUBJECT, document_id=row.id, document_label=label.strip()[:200], amount=data["amount"],
            currency=CURRENCY, data=data, company_id=row.company_id,
            context={"invoice_id": str(row.id), "submitted_by": ctx.actor[:100]}))


@subscriptions.on(InstanceApproved)
def post_approved_invoice(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The approval is through: post the draft as invoicing, on behalf of whoever submitted it."""
    if event.subject != SUBJECT or "invoice_id" not in event.context:
        return
    from . import service

    submitter = SimpleNamespace(tenant_id=event.envelope.tenant_id,
                                actor=event.context.get("submitted_by") or event.envelope.actor)
    with context.reacting_as(MODULE, submitter):
        if service.get_invoice(event.document_id).status != "draft":  # once, even if delivered twice
            return
        try:
            with uow.session.begin_nested():  # a failed post leaves nothing of itself
                service.post_invoice(event.document_id)
        except DomainError as exc:  # not retried for ever: said once, and the approved draft waits for a person
            log.warning("approved invoice not posted", invoice_id=str(event.document_id), code=exc.code)
            uow.emit(InvoiceApprovedNotPosted(invoice_id=event.document_id, instance_id=event.instance_id,
                                              code=exc.code, message=exc.message[:500],
                                              message_bn=(exc.message_bn or exc.message)[:500]))


@dataclass(frozen=True)
class ApprovalState:
    """What the invoice page shows: whether a draft needs approval, its latest approval, a rejection's comment."""

    needed: bool
    approval: workflow.InstanceView | None
    rejection: str = ""  # the approver's comment when the latest approval was rejected
    timed_out: bool = False  # rejected because no one decided in time (the page says so in its language)


@query("invoicing.invoice.view", scope="invoicing.approval_state")
def approval_state(uow: UnitOfWork, invoice_id: UUID) -> ApprovalState:
    from .service.invoices import _load

    row = _load(uow, invoice_id)
    if not workflow.running():
        return ApprovalState(False, None)
    needed = row.status == "draft" and workflow.needs_approval(SUBJECT, fields(uow.session, row))
    return state_of_latest(SUBJECT, row.id, needed)


def state_of_latest(subject: str, document_id: UUID, needed: bool) -> ApprovalState:
    """A document's latest approval on `subject`, with the rejecting approver's comment (none when it timed out):
    what an invoice's or a payment draft's page shows."""
    last = workflow.latest(subject, document_id)
    said = [h for h in last.history if h.kind in ("rejected", "timed_out")] if last is not None else []
    if last is None or last.status != "rejected" or not said:
        return ApprovalState(needed, last)
    timed_out = said[-1].kind == "timed_out"
    return ApprovalState(needed, last, "" if timed_out else said[-1].comment, timed_out)


@subscriptions.on(InstanceRejected)
def announce_rejected_invoice(event: InstanceRejected, uow: UnitOfWork) -> None:
    """The approval was rejected: the draft stays a draft (its page reads the rejection and the comment from
    the approval); invoicing announces it (`invoicing.invoice.approval_rejected`) for whoever submitted it."""
    if event.subject != SUBJECT or "invoice_id" not in event.context:
        return
    from .events import InvoiceApprovalRejected

    submitter = SimpleNamespace(tenant_id=event.envelope.tenant_id,
                                actor=event.context.get("submitted_by") or event.envelope.actor)
    with context.reacting_as(MODULE, submitter):
        row = uow.session.get(InvoiceRow, event.document_id)
        if row is None or row.status != "draft":
            return
        uow.emit(InvoiceApprovalRejected(invoice_id=row.id, company_id=row.company_id, kind=row.kind,
                                         instance_id=event.instance_id, reason=event.reason[:500],
                                         submitted_by=event.context.get("submitted_by", "")))


router = APIRouter()  # joins invoicing.rest.router (prefix /api/v1/invoicing)


class ApprovalStateView(BaseModel):
    needed: bool = Field(description="a draft (invoice or payment) the active workflow says needs approval before posting")
    approval: workflow.InstanceView | None = Field(None, description="the latest approval: /workflow/instances/{id}")
    rejection: str = Field("", description="the approver's comment when the latest approval was rejected")
    timed_out: bool = Field(False, description="rejected because nobody decided in time")


@router.get("/invoices/{invoice_id}/approval", response_model=ApprovalStateView)
def get_approval(invoice_id: UUID) -> ApprovalStateView:
    """Whether the invoice needs approval and its latest approval (steps, history)."""
    st = approval_state(invoice_id)
    return ApprovalStateView(needed=st.needed, approval=st.approval, rejection=st.rejection, timed_out=st.timed_out)


@router.post("/invoices/{invoice_id}/submit-for-approval", response_model=workflow.InstanceView, status_code=201)
def submit_for_approval(invoice_id: UUID, key: str | None = Depends(idempotency_key)) -> workflow.InstanceView:
    """Send a draft to the invoice approval workflow; once approved, invoicing posts it."""
    return submit_invoice(invoice_id, idempotency_key=key)


from . import payment_approvals  # noqa: E402, F401  payment drafts' handlers join `subscriptions` (issue 13)
