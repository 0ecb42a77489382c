"""Payment drafts (issues 13 and 16): a payment to a vendor or receipt from a customer saved before it is posted,
as `allocate_payment` takes it (one or many invoices of one party and kind, withholding split out), so that it can
be approved through workflow (`invoicing.payment`, payment_approvals.py) or posted by a person when no approval
is needed. Posting a draft is `allocate_payment`'s path (one journal through finance.api as invoicing on behalf of
the user, or of the submitter when the approval posts it). The direct `record_payment` / `allocate_payment` post
at once only what needs no approval (`payment_approvals.check_direct`); the rest goes through a draft.

load → guard → store → emit → view, like the invoice's draft (service/invoices.py).
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import payment_approvals
from ..events import PaymentDraftCancelled, PaymentDraftPosted, PaymentDraftSaved
from ..schemas import PaymentAllocationInput, PaymentDraftAllocationView, PaymentDraftView
from ..tables import InvoiceRow, PaymentDraftRow
from .invoices import _method, _party_name, _Split, check_allocations, post_allocations
from .settings import accounts_for

STATUS_BN = {"draft": "খসড়া", "submitted": "অনুমোদনের অপেক্ষায়", "approved": "অনুমোদিত, পোস্ট হয়নি",
             "posted": "পোস্ট করা", "cancelled": "বাতিল"}


def _fill(uow: UnitOfWork, row: PaymentDraftRow, data: PaymentAllocationInput, splits: list[_Split]) -> None:
    """The draft's columns from its checked input: the party, kind and company of its invoices, the total it
    settles and the split as computed now."""
    first = splits[0].row
    total = sum((sp.data.amount for sp in splits), ZERO)
    method, _, _ = _method(splits[0].data, accounts_for(uow.session, first.company_id))
    row.company_id, row.kind, row.party_id, row.paid_on = first.company_id, first.kind, first.party_id, data.paid_on
    row.amount, row.method = total, method
    row.vds = sum((sp.vds for sp in splits), ZERO)
    row.ait = sum((sp.ait for sp in splits), ZERO)
    row.cash_amount = sum((sp.cash for sp in splits), ZERO)
    row.payment = data.model_copy(update={"amount": total}).model_dump(mode="json")


def _input(row: PaymentDraftRow) -> PaymentAllocationInput:
    return PaymentAllocationInput.model_validate(row.payment)


def draft_view(uow: UnitOfWork, row: PaymentDraftRow) -> PaymentDraftView:
    data = _input(row)
    numbers = {r.id: r.number or "" for r in uow.session.scalars(
        select(InvoiceRow).where(InvoiceRow.id.in_([a.invoice_id for a in data.allocations])))}
    en, bn = _party_name(row.party_id)
    return PaymentDraftView(
        id=row.id, company_id=row.company_id, kind=row.kind, party_id=row.party_id, party_name=en, party_name_bn=bn,
        status=row.status, paid_on=row.paid_on, amount=row.amount, vds=row.vds, ait=row.ait,
        cash_amount=row.cash_amount, method=row.method, account_code=data.account_code, cheque_no=data.cheque_no,
        cheque_date=data.cheque_date, reference=data.reference, mfs_provider=data.mfs_provider,
        withhold_vds=data.withhold_vds, ait_section=data.ait_section, certificate_no=data.certificate_no,
        allocations=[PaymentDraftAllocationView(invoice_id=a.invoice_id, invoice_number=numbers.get(a.invoice_id, ""),
                                                amount=a.amount, vds=a.vds, ait=a.ait) for a in data.allocations],
        entry_id=row.entry_id, entry_number=row.entry_number, error=row.error, error_bn=row.error_bn,
        reason=row.reason, version=row.version)


def load_draft(uow: UnitOfWork, draft_id: UUID) -> PaymentDraftRow:
    row = uow.session.get(PaymentDraftRow, draft_id)
    if row is None:
        raise NotFound("payment draft", draft_id, field="draft_id")
    context.require_company(row.company_id, "payment draft", draft_id)
    return row


def _not_in(row: PaymentDraftRow, allowed: tuple[str, ...], what: str, what_bn: str) -> None:
    """Refuse (409 `invoicing.payment_not_draft`, naming the status) what the draft's status does not allow."""
    if row.status in allowed:
        return
    raise Conflict("invoicing.payment_not_draft",
                   f"This payment is {row.status.replace('_', ' ')}: it cannot be {what}",
                   f"এই পরিশোধ {STATUS_BN.get(row.status, row.status)}: এটি {what_bn}",
                   field="status", details={"status": row.status})


@command("invoicing.payment.record", scope="invoicing.create_payment_draft")
def create_payment_draft(uow: UnitOfWork, data: PaymentAllocationInput) -> PaymentDraftView:
    """Save a payment or receipt as a draft, checked as `allocate_payment` checks it (refused with the same
    codes and fields; nothing stored); nothing is posted."""
    splits = check_allocations(uow, data)
    row = PaymentDraftRow(tenant_id=context.require_tenant(), status="draft", created_by=context.current().user_id,
                          entry_number="", error="", error_bn="", reason="")
    _fill(uow, row, data, splits)
    uow.session.add(row)
    uow.session.flush()
    uow.emit(PaymentDraftSaved(draft_id=row.id, company_id=row.company_id, kind=row.kind, party_id=row.party_id,
                               amount=row.amount))
    return draft_view(uow, row)


@command("invoicing.payment.record", scope="invoicing.update_payment_draft")
def update_payment_draft(uow: UnitOfWork, draft_id: UUID, data: PaymentAllocationInput,
                         expected_version: int | None = None) -> PaymentDraftView:
    """Change a draft (the whole of it, checked as when saved); refused once submitted (its approval decides the
    draft as it was: withdraw it first), posted or cancelled. It stays in its company."""
    row = load_draft(uow, draft_id)
    check_version(row, expected_version, "payment draft")
    _not_in(row, ("draft",), "changed", "বদলানো যায় না")
    splits = check_allocations(uow, data)
    if splits[0].row.company_id != row.company_id:
        raise ValidationFailed("invoicing.company_fixed", "A draft stays in its company",
                               "খসড়া তার কোম্পানিতেই থাকে", field="allocations")
    _fill(uow, row, data, splits)
    touch(row)
    uow.session.flush()
    uow.emit(PaymentDraftSaved(draft_id=row.id, company_id=row.company_id, kind=row.kind, party_id=row.party_id,
                               amount=row.amount, created=False))
    return draft_view(uow, row)


@command("invoicing.payment.record", scope="invoicing.cancel_payment_draft")
def cancel_payment_draft(uow: UnitOfWork, draft_id: UUID, reason: str,
                         expected_version: int | None = None) -> PaymentDraftView:
    """Cancel a draft (waiting for approval or not, or approved and not posted): nothing was posted; a waiting
    approval is withdrawn (workflow.api.withdraw_document, the reason its comment)."""
    row = load_draft(uow, draft_id)
    check_version(row, expected_version, "payment draft")
    _not_in(row, ("draft", "submitted", "approved"), "cancelled", "বাতিল করা যায় না")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("invoicing.reason_missing", "Say why the draft is cancelled",
                               "খসড়া বাতিলের কারণ লিখুন", field="reason")
    if len(reason) > 500:
        raise ValidationFailed("invoicing.reason_too_long", "The reason is longer than 500 characters",
                               "কারণ ৫০০ অক্ষরের বেশি", field="reason")
    if row.status == "submitted":
        payment_approvals.withdraw_for_cancelled(row.id, reason)
    row.status, row.reason = "cancelled", reason
    touch(row)
    uow.session.flush()
    uow.emit(PaymentDraftCancelled(draft_id=row.id, company_id=row.company_id, kind=row.kind, reason=reason))
    return draft_view(uow, row)


@command("invoicing.payment.record", scope="invoicing.post_payment_draft")
def post_payment_draft(uow: UnitOfWork, draft_id: UUID, expected_version: int | None = None) -> PaymentDraftView:
    """Post a draft as `allocate_payment` posts a payment (checked again on today's state of its invoices): when
    the payment workflow says it needs approval, only once approved (`invoicing.payment_approval_required`).
    Invoicing's approval handler posts an approved draft itself, for the submitter."""
    row = load_draft(uow, draft_id)
    check_version(row, expected_version, "payment draft")
    _not_in(row, ("draft", "approved"), "posted", "পোস্ট করা যায় না")
    payment_approvals.check_may_post(row)
    data = _input(row)
    splits = check_allocations(uow, data)
    entry = post_allocations(uow, data, splits)
    _fill(uow, row, data, splits)
    row.status, row.entry_id, row.entry_number, row.error, row.error_bn = "posted", entry.id, entry.number or "", "", ""
    touch(row)
    uow.session.flush()
    uow.emit(PaymentDraftPosted(draft_id=row.id, company_id=row.company_id, kind=row.kind, amount=row.amount,
                                entry_id=entry.id))
    return draft_view(uow, row)


@query("invoicing.invoice.view")
def get_payment_draft(uow: UnitOfWork, draft_id: UUID) -> PaymentDraftView:
    return draft_view(uow, load_draft(uow, draft_id))


@query("invoicing.invoice.view")
def list_payment_drafts(uow: UnitOfWork, company_id: UUID, invoice_id: UUID | None = None,
                        open_only: bool = True) -> list[PaymentDraftView]:
    """The company's payment drafts, newest first (at most 200): not yet posted or cancelled (`open_only`), and
    those allocated to `invoice_id` when given (the invoice page's list)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    stmt = select(PaymentDraftRow).where(PaymentDraftRow.company_id == company_id)
    if invoice_id is not None:
        inv = uow.session.get(InvoiceRow, invoice_id)
        if inv is None:
            return []
        stmt = stmt.where(PaymentDraftRow.party_id == inv.party_id, PaymentDraftRow.kind == inv.kind)
    if open_only:
        stmt = stmt.where(PaymentDraftRow.status.in_(("draft", "submitted", "approved")))
    rows = uow.session.scalars(stmt.order_by(PaymentDraftRow.created_at.desc(), PaymentDraftRow.id).limit(200))
    key = str(invoice_id) if invoice_id is not None else None
    return [draft_view(uow, r) for r in rows
            if key is None or any(a.get("invoice_id") == key for a in (r.payment or {}).get("allocations", []))]
