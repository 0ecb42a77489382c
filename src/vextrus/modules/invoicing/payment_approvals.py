"""Payments that need approval (issues 13 and 16): invoicing's side of the workflow contract for payment drafts,
the pattern of approvals.py (invoices).

- invoicing declares the `invoicing.payment` subject (the fields a workflow step's condition may use);
- posting a payment draft the active `invoicing.payment` workflow says needs approval is refused until its
  approval is approved (`check_may_post`, called by `post_payment_draft`);
- `submit_payment` sends a draft to the workflow (as invoicing on behalf of the user), with the drafter as the
  document's creator and the vendor's (or customer's) creator as `related_creators`, so the seeded segregation
  of duties (`workflow.sod`: the creator may not approve; who created the vendor may not approve paying it) holds;
- on `workflow.instance.approved` invoicing posts the draft, as the module on behalf of the submitter (once: a
  second delivery finds it no longer submitted); rejected or withdrawn: the draft is a draft again.

With no active `invoicing.payment` workflow (or the workflow module not running) a draft is posted by a person
directly. The direct `record_payment` / `allocate_payment` are held by the same rule (`check_direct`): a payment the
workflow says needs approval is refused there (nothing stored), to be saved as a draft and submitted
(docs/invoicing.md, "Payment drafts").
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID

import structlog
from fastapi import APIRouter, Depends, Response

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.modules.workflow.events import InstanceApproved, InstanceRejected, InstanceWithdrawn
from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError
from vextrus.platform.http import idempotency_key
from vextrus.platform.i18n import format_number
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import touch

from . import MODULE
from .approvals import ApprovalState, ApprovalStateView, state_of_latest, subscriptions
from .events import PaymentApprovedNotPosted, PaymentDraftReturned
from .schemas import PaymentAllocationInput, PaymentDraftView
from .tables import PaymentDraftRow

log = structlog.get_logger("vextrus.invoicing.payment_approvals")
SUBJECT = "invoicing.payment"
CURRENCY = "BDT"
F = rules.SubjectField
# every field but amount and currency may be absent, so the workflow page's preview (by amount) still answers
rules.declare_subject(SUBJECT, [
    F("amount", "money", "What the payment settles, deductions included (BDT)", "কর্তনসহ পরিশোধের পরিমাণ (টাকা)"),
    F("currency", "string", "Currency", "মুদ্রা"),
    F("kind", "string", "Kind: purchase (a payment to a vendor) or sales (a receipt from a customer)",
      "ধরন: ক্রয় (বিক্রেতাকে পরিশোধ) বা বিক্রয় (গ্রাহকের কাছ থেকে প্রাপ্তি)", nullable=True),
    F("party_code", "string", "The vendor's or customer's code", "বিক্রেতা বা গ্রাহকের কোড", nullable=True),
    F("method", "string", "Method: cash, cheque, bank_transfer or mfs", "পদ্ধতি: নগদ, চেক, ব্যাংক ট্রান্সফার বা এমএফএস",
      nullable=True),
    F("cash_amount", "money", "What the bank, cash or MFS account moves (less deductions)",
      "ব্যাংক, নগদ বা এমএফএস হিসাবে যা যায় (কর্তন বাদে)", nullable=True),
    F("invoice_count", "int", "Number of invoices or bills it settles", "যত চালান বা বিল পরিশোধ করে", nullable=True),
], "Payment or receipt", "পরিশোধ বা প্রাপ্তি", owner="invoicing")


def _party_code(party_id: UUID) -> str | None:
    from vextrus.modules.master_data import api as master_data

    with context.calling_as(MODULE):
        return master_data.party_summary(party_id).code or None


def payment_fields(kind: str, party_id: UUID, amount: Decimal, method: str, cash_amount: Decimal,
                   invoice_count: int) -> dict[str, object]:
    """What a workflow step's condition sees of a payment, drafted or direct."""
    return {"amount": Decimal(amount).quantize(Decimal("0.01")), "currency": CURRENCY, "kind": kind,
            "party_code": _party_code(party_id), "method": method,
            "cash_amount": Decimal(cash_amount).quantize(Decimal("0.01")), "invoice_count": invoice_count}


def fields(row: PaymentDraftRow) -> dict[str, object]:
    """What a workflow step's condition sees of the payment draft (its stored split)."""
    return payment_fields(row.kind, row.party_id, row.amount, row.method, row.cash_amount,
                          len((row.payment or {}).get("allocations", [])))


def needs_approval(row: PaymentDraftRow) -> bool:
    return workflow.running() and workflow.needs_approval(SUBJECT, fields(row))


def _what(row: PaymentDraftRow) -> tuple[str, str]:
    return ("receipt", "প্রাপ্তি") if row.kind == "sales" else ("payment", "পরিশোধ")


def check_may_post(row: PaymentDraftRow) -> None:
    """Refuse posting a draft that needs approval and is not approved (`invoicing.payment_approval_required`)."""
    if context.current().system or not workflow.running():
        return
    data = fields(row)
    if not workflow.needs_approval(SUBJECT, data):
        return
    last = workflow.latest(SUBJECT, row.id)
    if last is not None and last.status == "approved":
        return
    state = last.status if last is not None else None
    en, bn = _what(row)
    amount_bn = f"{format_number(data['amount'], 2, 'bn')} টাকা"  # type: ignore[arg-type]
    raise Conflict(
        "invoicing.payment_approval_required",
        f"This {en} ({data['amount']} {CURRENCY}) must be approved before it is posted: "
        + {"pending": "its approval is waiting",
           "rejected": "its approval was rejected; correct it if need be and submit it again"}.get(
            state or "", "submit it for approval"),
        f"এই {bn} ({amount_bn}) পোস্ট করার আগে অনুমোদন প্রয়োজন: "
        + {"pending": "অনুমোদন অপেক্ষমাণ",
           "rejected": "অনুমোদন প্রত্যাখ্যাত হয়েছে; প্রয়োজনে সংশোধন করে আবার জমা দিন"}.get(
            state or "", "অনুমোদনের জন্য জমা দিন"),
        field="status", details={"approval": state, "instance_id": str(last.id) if last else None})


def check_direct(kind: str, party_id: UUID, amount: Decimal, method: str, cash_amount: Decimal,
                 invoice_count: int) -> None:
    """The direct path (`record_payment`, `allocate_payment`, the invoice page's Record payment) posts at once
    only what the payment workflow would let a draft post at once: a payment it says needs approval is refused
    (409 `invoicing.payment_approval_required`, field `amount`, nothing stored) — there is no document to
    approve: save it as a payment draft and submit that. As `check_may_post`, system work is not held."""
    if context.current().system or not workflow.running():
        return
    data = payment_fields(kind, party_id, amount, method, cash_amount, invoice_count)
    if not workflow.needs_approval(SUBJECT, data):
        return
    en, bn = ("receipt", "প্রাপ্তি") if kind == "sales" else ("payment", "পরিশোধ")
    amount_bn = f"{format_number(data['amount'], 2, 'bn')} টাকা"  # type: ignore[arg-type]
    raise Conflict(
        "invoicing.payment_approval_required",
        f"This {en} ({data['amount']} {CURRENCY}) must be approved before it is posted: save it as a draft and "
        "submit it for approval; it is posted once approved",
        f"এই {bn} ({amount_bn}) পোস্ট করার আগে অনুমোদন প্রয়োজন: খসড়া হিসেবে রাখুন ও অনুমোদনের জন্য জমা দিন; "
        "অনুমোদনের পরে পোস্ট হবে",
        field="amount",
        details={"approval": None, "instance_id": None, "subject": SUBJECT, "amount": str(data["amount"]),
                 "draft": "POST /api/v1/invoicing/payment-drafts",
                 "submit": "POST /api/v1/invoicing/payment-drafts/{id}/submit-for-approval",
                 "draft_and_submit": "POST /api/v1/invoicing/payments/submit-for-approval"})


def withdraw_for_cancelled(draft_id: UUID, reason: str) -> None:
    """A cancelled draft takes its waiting approval with it (as invoicing, for the user who cancels)."""
    if not workflow.running():
        return
    with context.calling_as(MODULE):
        workflow.withdraw_document(SUBJECT, draft_id, reason)


def _related_creators(party_id: UUID) -> list[UUID]:
    """Who created the party the payment goes to or comes from (master data), for segregation of duties."""
    from vextrus.modules.master_data import api as master_data

    creator = master_data.party_creator(party_id)
    return [creator] if creator is not None else []


@command("invoicing.payment.record", scope="invoicing.submit_payment")
def submit_payment(uow: UnitOfWork, draft_id: UUID) -> workflow.InstanceView:
    """Send a payment draft to the payment approval workflow (as invoicing, for the user); it waits as
    `submitted` until the decision."""
    from .service.payment_drafts import _not_in, load_draft

    row = load_draft(uow, draft_id)
    _not_in(row, ("draft",), "submitted for approval", "অনুমোদনের জন্য জমা দেওয়া যায় না")
    data = fields(row)
    if not workflow.running() or not workflow.needs_approval(SUBJECT, data):
        raise Conflict("invoicing.approval_not_needed", "No approval is needed: post it",
                       "অনুমোদনের প্রয়োজন নেই: সরাসরি পোস্ট করুন", field="status")
    ctx = context.current()
    en, _ = _what(row)
    name = (row.payment or {}).get("reference") or ""
    label = f"{en.title()} {data['party_code'] or ''} {name}".strip()
    with context.calling_as(MODULE):
        inst = workflow.submit(workflow.SubmitInput(
            subject=SUBJECT, document_id=row.id, document_label=label[:200], amount=data["amount"],
            currency=CURRENCY, data=data, company_id=row.company_id, creator_id=row.created_by,
            related_creators=_related_creators(row.party_id),
            context={"payment_draft_id": str(row.id), "submitted_by": ctx.actor[:100]}))
    row.status = "submitted"
    row.error = row.error_bn = ""
    touch(row)
    uow.session.flush()
    return inst


@command("invoicing.payment.record", scope="invoicing.submit_direct_payment")
def submit_direct_payment(uow: UnitOfWork, data: PaymentAllocationInput) -> PaymentDraftView:
    """The invoice page's answer to a payment that needs approval: save it as a payment draft and submit that, in
    one transaction (refused as a draft or a submission is refused: nothing stored); the draft waits as
    `submitted` and is posted on approval."""
    from .service import payment_drafts

    draft = payment_drafts.create_payment_draft(data)
    submit_payment(draft.id)
    return payment_drafts.get_payment_draft(draft.id)


def _submitter(event: InstanceApproved | InstanceRejected | InstanceWithdrawn) -> SimpleNamespace:
    return SimpleNamespace(tenant_id=event.envelope.tenant_id,
                           actor=event.context.get("submitted_by") or event.envelope.actor)


@subscriptions.on(InstanceApproved)
def post_approved_payment(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The approval is through: post the draft as invoicing, on behalf of whoever submitted it (once: a second
    delivery finds it no longer `submitted`). A failed post leaves it `approved` with the reason, announced."""
    if event.subject != SUBJECT or "payment_draft_id" not in event.context:
        return
    from .service import payment_drafts

    with context.reacting_as(MODULE, _submitter(event)):
        row = uow.session.get(PaymentDraftRow, event.document_id)
        if row is None or row.status != "submitted":  # once, even if delivered twice
            return
        row.status = "approved"
        touch(row)
        uow.session.flush()
        try:
            with uow.session.begin_nested():  # a failed post leaves nothing of itself
                payment_drafts.post_payment_draft(row.id)
        except DomainError as exc:  # not retried for ever: said once, and the approved draft waits for a person
            log.warning("approved payment not posted", draft_id=str(row.id), code=exc.code)
            uow.session.refresh(row)
            row.error, row.error_bn = exc.message[:500], (exc.message_bn or exc.message)[:500]
            uow.session.flush()
            uow.emit(PaymentApprovedNotPosted(draft_id=row.id, instance_id=event.instance_id, code=exc.code,
                                              message=row.error, message_bn=row.error_bn))


def _back_to_draft(event: InstanceRejected | InstanceWithdrawn, uow: UnitOfWork, outcome: str) -> None:
    if event.subject != SUBJECT or "payment_draft_id" not in event.context:
        return
    with context.reacting_as(MODULE, _submitter(event)):
        row = uow.session.get(PaymentDraftRow, event.document_id)
        if row is None or row.status != "submitted":  # cancelled meanwhile, or already back
            return
        row.status = "draft"
        touch(row)
        uow.session.flush()
        uow.emit(PaymentDraftReturned(draft_id=row.id, company_id=row.company_id, kind=row.kind,
                                      instance_id=event.instance_id, outcome=outcome, reason=event.reason[:500],
                                      submitted_by=event.context.get("submitted_by", "")))


@subscriptions.on(InstanceRejected)
def return_rejected_payment(event: InstanceRejected, uow: UnitOfWork) -> None:
    """The approval was rejected: the draft is a draft again (its page shows the approver's comment)."""
    _back_to_draft(event, uow, "rejected")


@subscriptions.on(InstanceWithdrawn)
def return_withdrawn_payment(event: InstanceWithdrawn, uow: UnitOfWork) -> None:
    """The approval was withdrawn (by its submitter): the draft is a draft again."""
    _back_to_draft(event, uow, "withdrawn")


@query("invoicing.invoice.view", scope="invoicing.payment_approval_state")
def payment_approval_state(uow: UnitOfWork, draft_id: UUID) -> ApprovalState:
    from .service.payment_drafts import load_draft

    row = load_draft(uow, draft_id)
    if not workflow.running():
        return ApprovalState(False, None)
    needed = row.status in ("draft", "submitted", "approved") and workflow.needs_approval(SUBJECT, fields(row))
    return state_of_latest(SUBJECT, row.id, needed)


router = APIRouter()  # joins invoicing.rest.router (prefix /api/v1/invoicing)


@router.get("/payment-drafts/{draft_id}/approval", response_model=ApprovalStateView)
def get_payment_approval(draft_id: UUID) -> ApprovalStateView:
    """Whether the payment draft needs approval and its latest approval (steps, history)."""
    st = payment_approval_state(draft_id)
    return ApprovalStateView(needed=st.needed, approval=st.approval, rejection=st.rejection,
                                    timed_out=st.timed_out)


@router.post("/payment-drafts/{draft_id}/submit-for-approval", response_model=workflow.InstanceView,
             status_code=201)
def submit_payment_for_approval(draft_id: UUID, key: str | None = Depends(idempotency_key)) -> workflow.InstanceView:
    """Send a payment draft to the payment approval workflow; once approved, invoicing posts it."""
    return submit_payment(draft_id, idempotency_key=key)


@router.post("/payments/submit-for-approval", response_model=PaymentDraftView, status_code=201)
def submit_payment_as_draft(body: PaymentAllocationInput, response: Response,
                            key: str | None = Depends(idempotency_key)) -> PaymentDraftView:
    """The one-call answer to 409 `invoicing.payment_approval_required`: save the payment (as POST /payments takes
    it) as a draft and submit it, in one transaction; the draft waits as `submitted` and is posted on approval."""
    d = submit_direct_payment(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/invoicing/payment-drafts/{d.id}"
    return d
