"""Advances (issue 16): a payment to a vendor or a receipt from a customer before the invoice exists, and its later
allocation to the party's posted invoices.

- Recorded: one journal through finance.api as invoicing on behalf of the user. Vendor (`kind` purchase): Dr advances
  to suppliers (the party, the project) / Cr bank, cash or MFS. Customer (`kind` sales): Dr bank / Cr advances from
  customers. Numbered gapless per company, kind and fiscal year (`next_seq`: ADP-2025-26-00001 paid, ADR-... received).
- Allocated: each allocation settles `amount` of an invoice exactly as a payment of it would (`_split`, the payment
  path's guard and deductions: VDS and AIT/TDS on a vendor bill, a customer's own deductions on a sales invoice), so
  the figures equal paying the invoice by cash; the advance gives that amount less the deductions. One journal per
  allocation call: vendor Dr payables (amount) / Cr advances to suppliers (applied) / Cr VDS and AIT payable; customer
  Dr advances from customers / Dr VDS and AIT receivable / Cr receivables. The invoice's payment row (method
  `advance`), status and certificates (Mushak 6.6) are the payment path's (`_store`).
- Reversed (only while nothing is allocated or refunded): a reversing journal; the posted entry is never edited.
- An allocation undone (`reverse_advance_allocation`): its journal reversed through finance.api (`reverse_entry` when
  the allocation had its journal alone; a journal of the allocation's own lines mirrored when one call allocated to
  several invoices and only this one is undone), the invoice's settlement taken back by a counter-payment row
  (negative, method `advance`, dated the undo) and its certificates by counter-certificates (same number, negative,
  dated the undo: the VAT return of that month shows the VDS taken back), the advance's part unallocated again.
- Refunded (`refund_advance`): part or all of what is unallocated given back by a bank, cash or MFS account: sales
  Dr advances from customers / Cr bank; purchase Dr bank / Cr advances to suppliers. Status `refunded` when nothing
  is left unallocated, `partly_refunded` while something is (it can still be allocated or refunded).
  Always amount = allocated + unallocated + refunded.

Advances are in taka (the book's base currency), like invoices. They move no cash when allocated, so the payment
workflow (`payment_approvals.check_direct`) does not hold an allocation; nor, yet, the advance itself.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError, NotFound, ValidationFailed
from vextrus.platform.money import ZERO, check_amount
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain
from ..events import (
    AdvanceAllocated,
    AdvanceAllocationReversed,
    AdvanceRecorded,
    AdvanceRefunded,
    AdvanceReversed,
)
from ..repository import due, view
from ..schemas import (
    AdvanceAllocateInput,
    AdvanceAllocationReverseInput,
    AdvanceAllocationView,
    AdvanceInput,
    AdvanceRefundInput,
    AdvanceRefundView,
    AdvanceView,
    InvoicePaymentInput,
    InvoiceView,
)
from ..tables import (
    AdvanceAllocationRow,
    AdvanceRefundRow,
    AdvanceRow,
    CertificateRow,
    InvoiceRow,
    PaymentRow,
)
from .invoices import (
    _load,
    _method,
    _party_lines,
    _party_name,
    _Split,
    _split,
    _store,
    check_company,
    next_seq,
)
from .party_names import party_names
from .settings import accounts_for

CURRENCY = "BDT"  # invoices and their journals are in the book's base currency, taka
PREFIX = {"purchase": "ADP", "sales": "ADR"}
SERIES = {"purchase": "adv_paid", "sales": "adv_recv"}
ROLE = {"purchase": "supplier_advance", "sales": "customer_advance"}
STATUS_BN = {"open": "খোলা", "partly_allocated": "আংশিক সমন্বিত", "allocated": "সম্পূর্ণ সমন্বিত",
             "partly_refunded": "আংশিক ফেরত", "refunded": "ফেরত দেওয়া", "reversed": "বাতিল (রিভার্স করা)"}


def _bad(code: str, en: str, bn: str, field: str) -> ValidationFailed:
    return ValidationFailed(f"invoicing.{code}", en, bn, field=field)


def status_of(amount, allocated, refunded=ZERO) -> str:  # noqa: ANN001
    """open (nothing allocated) → partly_allocated → allocated (all of it); once some was refunded:
    partly_refunded while something is left unallocated, refunded when nothing is."""
    if refunded > 0:
        return "refunded" if allocated + refunded >= amount else "partly_refunded"
    if allocated <= 0:
        return "open"
    return "allocated" if allocated >= amount else "partly_allocated"


def _view(uow: UnitOfWork, row: AdvanceRow, name: tuple[str, str] | None = None, full: bool = True) -> AdvanceView:
    en, bn = name or _party_name(row.party_id)
    allocs: list[AdvanceAllocationView] = []
    refunds: list[AdvanceRefundView] = []
    if full:
        s = uow.session
        rows = list(s.scalars(select(AdvanceAllocationRow).where(AdvanceAllocationRow.advance_id == row.id)
                              .order_by(AdvanceAllocationRow.allocated_on, AdvanceAllocationRow.created_at)))
        numbers = {i: n or "" for i, n in s.execute(select(InvoiceRow.id, InvoiceRow.number).where(
            InvoiceRow.id.in_([a.invoice_id for a in rows])))} if rows else {}
        allocs = [AdvanceAllocationView(id=a.id, invoice_id=a.invoice_id, invoice_number=numbers.get(a.invoice_id, ""),
                                        payment_id=a.payment_id, allocated_on=a.allocated_on, amount=a.amount,
                                        applied=a.applied, vds=a.vds, ait=a.ait, entry_id=a.entry_id,
                                        entry_number=a.entry_number, reversed_on=a.reversed_on,
                                        reversal_reason=a.reversal_reason, reversal_entry_id=a.reversal_entry_id,
                                        reversal_entry_number=a.reversal_entry_number) for a in rows]
        refunds = [AdvanceRefundView(id=r.id, refunded_on=r.refunded_on, amount=r.amount, account_code=r.account_code,
                                     method=r.method, instrument_no=r.instrument_no, reference=r.reference,
                                     reason=r.reason, entry_id=r.entry_id, entry_number=r.entry_number)
                   for r in s.scalars(select(AdvanceRefundRow).where(AdvanceRefundRow.advance_id == row.id)
                                      .order_by(AdvanceRefundRow.refunded_on, AdvanceRefundRow.created_at))]
    return AdvanceView(
        id=row.id, company_id=row.company_id, kind=row.kind, party_id=row.party_id, party_name=en, party_name_bn=bn,
        number=row.number, status=row.status, paid_on=row.paid_on, amount=row.amount, allocated=row.allocated,
        unallocated=row.amount - row.allocated - row.refunded, refunded=row.refunded, currency=row.currency, method=row.method, account_code=row.account_code,
        advance_account=row.advance_account, instrument_no=row.instrument_no, instrument_date=row.instrument_date,
        reference=row.reference, project_id=row.project_id, narration=row.narration, entry_id=row.entry_id,
        entry_number=row.entry_number, reversal_entry_id=row.reversal_entry_id,
        reversal_entry_number=row.reversal_entry_number, allocations=allocs, refunds=refunds,
        version=row.version)


def _load_advance(uow: UnitOfWork, advance_id: UUID) -> AdvanceRow:
    row = uow.session.get(AdvanceRow, advance_id)
    if row is None:
        raise NotFound("advance", advance_id, field="advance_id")
    context.require_company(row.company_id, "advance", advance_id)
    return row


def _post(company_id: UUID, entry, bank_at: int = -1):  # noqa: ANN001, ANN202
    """Post a journal through finance.api as invoicing on behalf of the user; a refused bank line is `account_code`."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            return finance.post_entry(company_id, entry)
        except DomainError as exc:
            if bank_at >= 0 and exc.field and exc.field.startswith(f"lines[{bank_at}].account_code"):
                raise ValidationFailed(exc.code, exc.message, exc.message_bn, field="account_code",
                                       details=exc.details) from exc
            raise


@command("invoicing.payment.record", scope="invoicing.record_advance")
def record_advance(uow: UnitOfWork, data: AdvanceInput) -> AdvanceView:
    """Record an advance paid to a vendor or received from a customer (see the module's docstring)."""
    from vextrus.modules.finance import api as finance

    kind = domain.kind(data.kind)
    check_company(data.company_id)
    try:
        name = _party_name(data.party_id)
    except DomainError as exc:
        raise _bad("party_unknown", f"No party {data.party_id}: pick one from the party list",
                   "এই পার্টি নেই: তালিকা থেকে বাছুন", "party_id") from exc
    check_amount(data.amount, "amount", places=2)
    if data.amount <= 0:
        raise _bad("advance_not_positive", "An advance must be more than zero", "অগ্রিম শূন্যের বেশি হতে হবে", "amount")
    if (data.currency or "").strip().upper() != CURRENCY:
        raise _bad("advance_currency", "An advance is in taka (BDT), the currency of invoices and the ledger",
                   "অগ্রিম টাকায় হবে, চালান ও খাতার মুদ্রায়", "currency")
    acc = accounts_for(uow.session, data.company_id)
    method, instrument, account = _method(data, acc)  # type: ignore[arg-type]  # the payment's method fields
    tenant = context.require_tenant()
    year = domain.fiscal_year(data.paid_on)
    number = f"{PREFIX[kind]}-{year}-{next_seq(uow, tenant, data.company_id, SERIES[kind], year):05d}"
    sales = kind == "sales"
    advance_account = acc[ROLE[kind]]
    memo = f"{number} {instrument} {data.reference}".strip()[:200]
    bank = finance.LineIn(account_code=account, memo=memo, **{"debit" if sales else "credit": data.amount})
    adv = finance.LineIn(account_code=advance_account, party_id=data.party_id, project_id=data.project_id,
                         memo=number, **{"credit" if sales else "debit": data.amount})
    lines = [bank, adv] if sales else [adv, bank]
    narration = data.narration.strip() or f"{'Advance received' if sales else 'Advance paid'} {number}"
    entry = _post(data.company_id, finance.EntryIn(journal_type="receipt" if sales else "payment",
                                                   entry_date=data.paid_on, lines=lines, narration=narration[:500],
                                                   reference=number), lines.index(bank))
    row = AdvanceRow(tenant_id=tenant, company_id=data.company_id, kind=kind, party_id=data.party_id, number=number,
                     fiscal_year=year, status="open", paid_on=data.paid_on, amount=data.amount, allocated=ZERO,
                     currency=CURRENCY, account_code=account, advance_account=advance_account, method=method,
                     instrument_no=instrument, instrument_date=data.cheque_date if method == "cheque" else None,
                     reference=data.reference.strip(), project_id=data.project_id, narration=data.narration.strip(),
                     entry_id=entry.id, entry_number=entry.number or "", reversal_entry_number="")
    uow.session.add(row)
    uow.session.flush()
    uow.emit(AdvanceRecorded(advance_id=row.id, company_id=row.company_id, kind=kind, number=number,
                             party_id=row.party_id, amount=row.amount, entry_id=entry.id))
    return _view(uow, row, name)


def _check(uow: UnitOfWork, adv: AdvanceRow, data: AdvanceAllocateInput) -> list[_Split]:
    """The guards of an allocation (each refused with its field, `allocations[1].amount`); the invoices' splits."""
    if adv.status == "reversed":
        raise Conflict("invoicing.advance_reversed", f"Advance {adv.number} was reversed: nothing to allocate",
                       "অগ্রিমটি রিভার্স করা হয়েছে: সমন্বয়ের কিছু নেই", field="status", details={"status": adv.status})
    left = adv.amount - adv.allocated - adv.refunded
    if left <= 0 and adv.status == "refunded":
        raise Conflict("invoicing.advance_refunded", f"Advance {adv.number} was refunded: nothing is left to allocate",
                       "অগ্রিমটি ফেরত দেওয়া হয়েছে: সমন্বয়ের কিছু বাকি নেই", field="status",
                       details={"status": adv.status})
    if left <= 0:
        raise Conflict("invoicing.advance_fully_allocated", f"Advance {adv.number} is fully allocated",
                       "অগ্রিমটি সম্পূর্ণ সমন্বয় করা হয়েছে", field="status", details={"status": adv.status})
    if data.currency is not None and data.currency.strip().upper() != adv.currency:
        raise _bad("advance_currency_mismatch", f"The advance is in {adv.currency}, not {data.currency}",
                   "অগ্রিমের মুদ্রা আলাদা", "currency")
    if data.allocated_on < adv.paid_on:
        raise _bad("allocation_before_advance", f"An allocation cannot be dated before its advance ({adv.paid_on})",
                   "অগ্রিমের তারিখের আগে সমন্বয় হতে পারে না", "allocated_on")
    if not data.allocations:
        raise _bad("allocations_missing", "Allocate the advance to at least one invoice",
                   "অন্তত একটি চালানে অগ্রিম সমন্বয় করুন", "allocations")
    splits: list[_Split] = []
    seen: set[UUID] = set()
    used = ZERO
    for i, a in enumerate(data.allocations):
        try:
            try:
                row = _load(uow, a.invoice_id)
            except DomainError as exc:
                raise _bad("allocation_invoice_unknown", "No such invoice or bill",
                           "এমন কোনো চালান বা বিল নেই", "invoice_id") from exc
            if (row.company_id, row.party_id, row.kind) != (adv.company_id, adv.party_id, adv.kind):
                raise _bad("allocation_other_party", f"Invoice {row.number or ''} is not the advance's party's "
                           f"{'bill' if adv.kind == 'purchase' else 'invoice'} in its company",
                           "চালানটি এই অগ্রিমের পার্টির, একই কোম্পানির নয়", "invoice_id")
            if adv.currency != CURRENCY:  # an invoice is in taka (its journal's amounts are the base currency's)
                raise _bad("advance_currency_mismatch", "The invoice's currency is not the advance's",
                           "চালান ও অগ্রিমের মুদ্রা আলাদা", "invoice_id")
            if a.invoice_id in seen:
                raise _bad("allocation_twice", "An invoice is named twice", "একটি চালান দুবার দেওয়া হয়েছে",
                           "invoice_id")
            seen.add(a.invoice_id)
            sp = _split(uow, row, InvoicePaymentInput(
                amount=a.amount, paid_on=data.allocated_on, withhold_vds=data.withhold_vds,
                ait_section=data.ait_section, vds=a.vds, ait=a.ait, certificate_no=data.certificate_no,
                reference=adv.number))
            used += sp.cash
            if used > left:
                raise _bad("advance_over_allocated", f"The allocations use {used} of the advance; "
                           f"{left} of it is unallocated", "সমন্বয় অগ্রিমের অসমন্বিত পরিমাণের বেশি", "amount")
            splits.append(sp)
        except DomainError as exc:
            if exc.field == "paid_on":
                exc.field = "allocated_on"
            elif exc.field in (None, "amount", "vds", "ait", "status", "invoice_id"):
                exc.field = f"allocations[{i}].{exc.field}" if exc.field else f"allocations[{i}]"
            raise
    return splits


@command("invoicing.payment.record", scope="invoicing.allocate_advance")
def allocate_advance(uow: UnitOfWork, advance_id: UUID, data: AdvanceAllocateInput) -> AdvanceView:
    """Apply an advance to posted invoices of its party (see the module's docstring); 409 when stale."""
    from vextrus.modules.finance import api as finance

    adv = _load_advance(uow, advance_id)
    check_version(adv, data.expected_version, f"advance {adv.number}")
    splits = _check(uow, adv, data)
    acc = accounts_for(uow.session, adv.company_id)
    sales = adv.kind == "sales"
    applied = sum((sp.cash for sp in splits), ZERO)
    numbers = ", ".join(sp.row.number or "" for sp in splits)
    others = [ln for sp in splits for ln in _party_lines(sp, acc)]
    adv_line = [finance.LineIn(account_code=adv.advance_account, party_id=adv.party_id, project_id=adv.project_id,
                               memo=f"{adv.number} → {numbers}"[:200], **{"debit" if sales else "credit": applied})]
    lines = [*adv_line, *others] if sales and applied else [*others, *adv_line] if applied else others
    entry = _post(adv.company_id, finance.EntryIn(
        journal_type="general", entry_date=data.allocated_on, lines=lines,
        narration=f"Advance {adv.number} allocated to {numbers}"[:500], reference=adv.number))
    s = uow.session
    for sp in splits:
        pay = _store(uow, sp, "advance", adv.number, adv.advance_account, entry)
        s.add(AdvanceAllocationRow(tenant_id=adv.tenant_id, advance_id=adv.id, invoice_id=sp.row.id, payment_id=pay.id,
                                   allocated_on=data.allocated_on, amount=sp.data.amount, applied=sp.cash, vds=sp.vds,
                                   ait=sp.ait, entry_id=entry.id, entry_number=entry.number or ""))
    adv.allocated += applied
    adv.status = status_of(adv.amount, adv.allocated, adv.refunded)
    touch(adv)
    s.flush()
    uow.emit(AdvanceAllocated(advance_id=adv.id, company_id=adv.company_id, number=adv.number,
                              invoice_ids=[sp.row.id for sp in splits], applied=applied,
                              unallocated=adv.amount - adv.allocated - adv.refunded, status=adv.status,
                              entry_id=entry.id))
    return _view(uow, adv)


@command("invoicing.payment.record", scope="invoicing.reverse_advance")
def reverse_advance(uow: UnitOfWork, advance_id: UUID, reversed_on: date, reason: str,
                    expected_version: int | None = None) -> AdvanceView:
    """Reverse an advance nothing has been allocated from (a reversing journal dated `reversed_on`; the posted entry
    stays). One partly allocated is refused (409): its allocations settled invoices."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    adv = _load_advance(uow, advance_id)
    check_version(adv, expected_version, f"advance {adv.number}")
    if adv.status != "open" or adv.allocated or adv.refunded:
        raise Conflict("invoicing.advance_not_open", f"Advance {adv.number} is {adv.status.replace('_', ' ')}: only "
                       "one with nothing allocated is reversed",
                       f"অগ্রিমটি {STATUS_BN.get(adv.status, '')}: শুধু অসমন্বিত অগ্রিম রিভার্স করা যায়",
                       field="status", details={"status": adv.status})
    reason = (reason or "").strip()
    if not reason:
        raise _bad("reason_missing", "Say why the advance is reversed", "অগ্রিম রিভার্সের কারণ লিখুন", "reason")
    if reversed_on < adv.paid_on:
        raise _bad("reversal_before_advance", "A reversal cannot be dated before its advance",
                   "অগ্রিমের তারিখের আগে রিভার্স হতে পারে না", "reversed_on")
    with context.calling_as(MODULE):
        rev = finance.reverse_entry(adv.company_id, adv.entry_id, reversed_on)
    adv.status, adv.reversal_entry_id, adv.reversal_entry_number = "reversed", rev.id, rev.number or ""
    adv.reversed_on = reversed_on
    adv.narration = f"{adv.narration} | reversed: {reason}"[:500] if adv.narration else f"reversed: {reason}"[:500]
    touch(adv)
    uow.session.flush()
    uow.emit(AdvanceReversed(advance_id=adv.id, company_id=adv.company_id, number=adv.number, amount=adv.amount,
                             reversed_on=reversed_on, reason=reason, entry_id=rev.id))
    return _view(uow, adv)


def _dated(exc: DomainError, field: str) -> DomainError:
    """finance's refusal of the journal's date (a closed or locked period, no fiscal year) at the form's date."""
    if exc.field in ("entry_date", "on", "reversal_date") or (exc.field or "").endswith("entry_date"):
        exc.field = field
    return exc


def _mirror(adv: AdvanceRow, alloc: AdvanceAllocationRow, inv: InvoiceRow, acc: dict[str, str]) -> list:
    """The allocation's own lines of its journal, each on the other side (the accounts mapped today)."""
    from vextrus.modules.finance import api as finance

    sales, number = adv.kind == "sales", inv.number or ""
    side, other = ("debit", "credit") if sales else ("credit", "debit")  # the invoice's line, then the advance's
    out = [finance.LineIn(account_code=acc["receivable" if sales else "payable"], party_id=inv.party_id,
                          memo=f"↩ {number}", **{side: alloc.amount})]
    if alloc.applied:
        out.append(finance.LineIn(account_code=adv.advance_account, party_id=adv.party_id, project_id=adv.project_id,
                                  memo=f"↩ {adv.number} → {number}"[:200], **{other: alloc.applied}))
    for amount, role in ((alloc.vds, "vds"), (alloc.ait, "ait")):
        if amount:
            out.append(finance.LineIn(account_code=acc[f"{role}_{'receivable' if sales else 'payable'}"],
                                      party_id=inv.party_id, memo=f"↩ {role.upper()} {number}", **{other: amount}))
    return out


@command("invoicing.payment.record", scope="invoicing.reverse_advance_allocation")
def reverse_advance_allocation(uow: UnitOfWork, advance_id: UUID, allocation_id: UUID,
                               data: AdvanceAllocationReverseInput) -> AdvanceView:
    """Undo one allocation of the advance (see the module's docstring): its journal reversed through finance.api,
    the invoice's open amount and the advance's unallocated amount restored, statuses recomputed (the invoice paid →
    partly_paid → posted; the advance allocated → partly_allocated → open), the VDS/AIT split out at it taken back.
    Refused: already undone (409 `allocation_id`), stale version (409), dated before the allocation
    (`reversed_on`), a period finance does not post into (finance's code at `reversed_on`), no reason."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    s = uow.session
    adv = _load_advance(uow, advance_id)
    check_version(adv, data.expected_version, f"advance {adv.number}")
    alloc = s.get(AdvanceAllocationRow, allocation_id)
    if alloc is None or alloc.advance_id != adv.id:
        raise NotFound("advance allocation", allocation_id, field="allocation_id")
    if alloc.reversed_on is not None:
        raise Conflict("invoicing.allocation_already_reversed",
                       f"This allocation of {adv.number} was already undone on {alloc.reversed_on}",
                       "অগ্রিমের এই সমন্বয় আগেই ফিরিয়ে নেওয়া হয়েছে", field="allocation_id",
                       details={"reversed_on": alloc.reversed_on.isoformat()})
    reason = (data.reason or "").strip()
    if not reason:
        raise _bad("reason_missing", "Say why the allocation is undone", "সমন্বয় ফিরিয়ে নেওয়ার কারণ লিখুন", "reason")
    if data.reversed_on < alloc.allocated_on:
        raise _bad("allocation_reversal_before_allocation",
                   f"An allocation cannot be undone before it was made ({alloc.allocated_on})",
                   "সমন্বয়ের তারিখের আগে তা ফিরিয়ে নেওয়া যায় না", "reversed_on")
    inv = _load(uow, alloc.invoice_id)
    acc = accounts_for(s, adv.company_id)
    alone = s.scalar(select(func.count()).select_from(AdvanceAllocationRow)
                     .where(AdvanceAllocationRow.entry_id == alloc.entry_id)) == 1
    with context.calling_as(MODULE):
        try:
            if alone and alloc.entry_id is not None:
                rev = finance.reverse_entry(adv.company_id, alloc.entry_id, data.reversed_on)
            else:
                rev = finance.post_entry(adv.company_id, finance.EntryIn(
                    journal_type="general", entry_date=data.reversed_on, lines=_mirror(adv, alloc, inv, acc),
                    narration=f"Allocation of advance {adv.number} to {inv.number or ''} undone: {reason}"[:500],
                    reference=adv.number))
        except DomainError as exc:
            raise _dated(exc, "reversed_on") from exc
    pay = s.get(PaymentRow, alloc.payment_id)
    back = PaymentRow(tenant_id=inv.tenant_id, invoice_id=inv.id, paid_on=data.reversed_on, amount=-alloc.amount,
                      account_code=pay.account_code if pay else adv.advance_account, method="advance",
                      instrument_no=pay.instrument_no if pay else adv.number, reference=f"↩ {adv.number}"[:60],
                      vds=-alloc.vds, ait=-alloc.ait, ait_section=pay.ait_section if pay else "",
                      cash_amount=-alloc.applied, entry_id=rev.id, entry_number=rev.number or "")
    s.add(back)
    s.flush()
    for c in list(s.scalars(select(CertificateRow).where(CertificateRow.payment_id == alloc.payment_id))):
        s.add(CertificateRow(tenant_id=c.tenant_id, company_id=c.company_id, invoice_id=c.invoice_id,
                             payment_id=back.id, party_id=c.party_id, tax=c.tax, direction=c.direction,
                             number=c.number, issued_on=data.reversed_on, invoice_number=c.invoice_number,
                             basis=c.basis, base=-c.base, amount=-c.amount))
    inv.paid -= alloc.amount
    inv.status = domain.status_after(due(inv), inv.paid, inv.credited)
    touch(inv)
    alloc.reversed_on, alloc.reversal_reason = data.reversed_on, reason
    alloc.reversal_payment_id, alloc.reversal_entry_id, alloc.reversal_entry_number = back.id, rev.id, rev.number or ""
    adv.allocated -= alloc.applied
    adv.status = status_of(adv.amount, adv.allocated, adv.refunded)
    touch(adv)
    s.flush()
    uow.emit(AdvanceAllocationReversed(
        advance_id=adv.id, company_id=adv.company_id, number=adv.number, allocation_id=alloc.id, invoice_id=inv.id,
        amount=alloc.amount, applied=alloc.applied, vds=alloc.vds, ait=alloc.ait, reversed_on=data.reversed_on,
        reason=reason, unallocated=adv.amount - adv.allocated - adv.refunded, status=adv.status,
        invoice_status=inv.status, entry_id=rev.id))
    return _view(uow, adv)


@command("invoicing.payment.record", scope="invoicing.refund_advance")
def refund_advance(uow: UnitOfWork, advance_id: UUID, data: AdvanceRefundInput) -> AdvanceView:
    """Give back part or all of the advance's unallocated remainder (see the module's docstring): to the client
    (sales: Dr advances from customers / Cr bank) or by the vendor (purchase: Dr bank / Cr advances to suppliers).
    Refused: a reversed advance (409 `status`), more than is unallocated (`amount`), not more than zero, dated before
    the advance (`refunded_on`), a period finance does not post into, a stale version (409)."""
    from vextrus.modules.finance import api as finance

    adv = _load_advance(uow, advance_id)
    check_version(adv, data.expected_version, f"advance {adv.number}")
    if adv.status == "reversed":
        raise Conflict("invoicing.advance_reversed", f"Advance {adv.number} was reversed: nothing to refund",
                       "অগ্রিমটি রিভার্স করা হয়েছে: ফেরতের কিছু নেই", field="status", details={"status": adv.status})
    check_amount(data.amount, "amount", places=2)
    if data.amount <= 0:
        raise _bad("refund_not_positive", "A refund must be more than zero", "ফেরত শূন্যের বেশি হতে হবে", "amount")
    left = adv.amount - adv.allocated - adv.refunded
    if data.amount > left:
        raise _bad("advance_over_refunded", f"Only {left} of advance {adv.number} is unallocated: refund at most that",
                   "অগ্রিমের অসমন্বিত পরিমাণের বেশি ফেরত দেওয়া যায় না", "amount")
    if data.refunded_on < adv.paid_on:
        raise _bad("refund_before_advance", f"A refund cannot be dated before its advance ({adv.paid_on})",
                   "অগ্রিমের তারিখের আগে ফেরত হতে পারে না", "refunded_on")
    acc = accounts_for(uow.session, adv.company_id)
    method, instrument, account = _method(data, acc)  # type: ignore[arg-type]  # the payment's method fields
    sales = adv.kind == "sales"
    reason = (data.reason or "").strip()
    memo = f"{adv.number} {instrument} {data.reference}".strip()[:200]
    bank = finance.LineIn(account_code=account, memo=memo, **{"credit" if sales else "debit": data.amount})
    back = finance.LineIn(account_code=adv.advance_account, party_id=adv.party_id, project_id=adv.project_id,
                          memo=f"↩ {adv.number}"[:200], **{"debit" if sales else "credit": data.amount})
    lines = [back, bank] if sales else [bank, back]
    narration = f"{'Advance refunded to the client' if sales else 'Advance refunded by the vendor'} {adv.number}"
    try:
        entry = _post(adv.company_id, finance.EntryIn(
            journal_type="payment" if sales else "receipt", entry_date=data.refunded_on, lines=lines,
            narration=(f"{narration}: {reason}" if reason else narration)[:500], reference=adv.number),
            lines.index(bank))
    except DomainError as exc:
        raise _dated(exc, "refunded_on") from exc
    row = AdvanceRefundRow(tenant_id=adv.tenant_id, advance_id=adv.id, refunded_on=data.refunded_on,
                           amount=data.amount, account_code=account, method=method, instrument_no=instrument,
                           instrument_date=data.cheque_date if method == "cheque" else None,
                           reference=data.reference.strip(), reason=reason, entry_id=entry.id,
                           entry_number=entry.number or "")
    uow.session.add(row)
    adv.refunded += data.amount
    adv.status = status_of(adv.amount, adv.allocated, adv.refunded)
    touch(adv)
    uow.session.flush()
    uow.emit(AdvanceRefunded(advance_id=adv.id, company_id=adv.company_id, number=adv.number, refund_id=row.id,
                             amount=data.amount, refunded_on=data.refunded_on,
                             unallocated=adv.amount - adv.allocated - adv.refunded, status=adv.status,
                             entry_id=entry.id))
    return _view(uow, adv)


@query("invoicing.invoice.view")
def get_advance(uow: UnitOfWork, advance_id: UUID) -> AdvanceView:
    return _view(uow, _load_advance(uow, advance_id))


@query("invoicing.invoice.view")
def list_advances(uow: UnitOfWork, company_id: UUID, kind: str | None = None, party_id: UUID | None = None,
                  open_only: bool = False) -> list[AdvanceView]:
    """The company's advances, newest first (500 at most); `open_only`: those with something left to allocate."""
    context.require_company(company_id, "company", company_id, field="company_id")
    stmt = select(AdvanceRow).where(AdvanceRow.company_id == company_id)
    if kind:
        stmt = stmt.where(AdvanceRow.kind == domain.kind(kind))
    if party_id:
        stmt = stmt.where(AdvanceRow.party_id == party_id)
    if open_only:
        stmt = stmt.where(AdvanceRow.status.in_(("open", "partly_allocated", "partly_refunded")))
    rows = list(uow.session.scalars(stmt.order_by(AdvanceRow.paid_on.desc(), AdvanceRow.number.desc()).limit(500)))
    names = party_names(r.party_id for r in rows)
    return [_view(uow, r, names[r.party_id], full=False) for r in rows]


@query("invoicing.invoice.view")
def advance_open_invoices(uow: UnitOfWork, advance_id: UUID) -> list[InvoiceView]:
    """The posted, not fully paid invoices (or bills) of the advance's party, company and kind, oldest first."""
    adv = _load_advance(uow, advance_id)
    rows = uow.session.scalars(select(InvoiceRow).where(
        InvoiceRow.company_id == adv.company_id, InvoiceRow.party_id == adv.party_id, InvoiceRow.kind == adv.kind,
        InvoiceRow.status.in_(("posted", "partly_paid"))).order_by(InvoiceRow.invoice_date, InvoiceRow.number).limit(200))
    name = _party_name(adv.party_id)
    return [view(uow.session, r, name, full=False) for r in rows]
