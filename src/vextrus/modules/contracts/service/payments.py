"""Paying the subcontractor (issues 16/17, the purchase side's money): one payment against one or more posted
bills of one subcontract, allocated per bill (each no more than its outstanding net), out of a bank or cash
account, posted as one journal through finance.api (Dr 2111 subcontractor payable, the subcontractor on it / Cr
bank), and its whole reversal (finance reverses the journal; the allocations no longer pay the bills). Shape:
load → guard → pure rule → claim → journal → store → emit."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.ids import new_id
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain
from ..events import SubcontractorPaid, SubcontractPaymentReversed
from ..repository import bills, contract_payments, paid_by_bill, payment_view
from ..schemas import SubcontractPaymentInput, SubcontractPaymentReversalInput, SubcontractPaymentView
from ..tables import AllocationRow, ContractRow, PaymentRow
from .contracts import load, post_journal


@command("contracts.bill.post", scope="contracts.pay_subcontractor")
def pay_subcontractor(uow: UnitOfWork, contract_id: UUID, data: SubcontractPaymentInput,
                      expected_version: int | None = None) -> SubcontractPaymentView:
    """Pay the subcontractor against posted bills of the subcontract: Dr subcontractor payable 2111 (the
    subcontractor) / Cr the bank or cash account given (1120 when blank; finance refuses an account the ledger
    lacks, on `account_code`), the entry's reference the payment's number `<code>/PAY-nn`. Each allocation is
    more than zero and no more than its bill's outstanding net; the payment is dated on or after the bills.
    `expected_version` is the subcontract's (a bill drafted, reversed or paid since answers 409)."""
    row = load(uow, contract_id)
    check_version(row, expected_version, f"contract {row.code}")
    domain.check_subcontract(row.kind, row.code)
    s = uow.session
    by_id = {b.id: b for b in bills(s, row.id)}
    paid = paid_by_bill(s, list(by_id))
    allocations = []
    for x in data.allocations:
        b = by_id.get(x.bill_id)
        if b is None:
            allocations.append(domain.Allocation(x.bill_id, str(x.bill_id), "", None, ZERO, x.amount))
            continue
        allocations.append(domain.Allocation(b.id, b.number, b.status, b.bill_date,
                                             b.net_payable - paid.get(b.id, ZERO), x.amount))
    total = domain.check_payment(allocations, data.paid_on)
    account = data.account_code.strip() or domain.ACCOUNTS["bank"]
    touch(row)  # claim the subcontract first (compare-and-set): two payments at once cannot both pass the check
    s.flush()
    done = contract_payments(s, row.id)
    seq = len(done) + 1  # a reversed payment keeps its number
    number = f"{row.code}/PAY-{seq:02d}"
    narration = f"Payment {number} to subcontractor ({row.title}) {data.reference.strip()}".strip()[:500]
    entry_id, entry_no = post_journal(row.company_id, data.paid_on, "payment",
                                      domain.subcontract_payment_journal(total), narration, number,
                                      row.client_party_id, row.project_id, account)
    p = PaymentRow(tenant_id=row.tenant_id, company_id=row.company_id, contract_id=row.id, seq=seq, number=number,
                   paid_on=data.paid_on, amount=total, account_code=account, reference=data.reference.strip(),
                   entry_id=entry_id, entry_number=entry_no, status="posted", reversal_reason="",
                   reversal_entry_number="")
    s.add(p)
    s.flush()
    s.add_all(AllocationRow(id=new_id(), tenant_id=row.tenant_id, payment_id=p.id, bill_id=a.bill_id,
                            amount=a.amount) for a in allocations)
    s.flush()
    uow.emit(SubcontractorPaid(payment_id=p.id, contract_id=row.id, number=number, paid_on=data.paid_on,
                               amount=total, bill_ids=[a.bill_id for a in allocations], entry_id=entry_id))
    return payment_view(s, p, row)


def _load_payment(uow: UnitOfWork, payment_id: UUID) -> tuple[PaymentRow, ContractRow]:
    p = uow.session.get(PaymentRow, payment_id)
    scope = context.company_scope()
    if p is None or p.tenant_id != context.current().tenant_id or (scope is not None and p.company_id != scope):
        raise domain.ContractNotFound(payment_id, "payment", "পরিশোধ")
    return p, load(uow, p.contract_id)


def _payment_reversed(uow: UnitOfWork, p: PaymentRow, row: ContractRow, on, reason: str,  # noqa: ANN001
                      rev_id: UUID, rev_no: str) -> SubcontractPaymentView:
    s = uow.session
    p.status, p.reversed_at, p.reversal_reason = "reversed", on, reason[:300]
    p.reversal_entry_id, p.reversal_entry_number = rev_id, rev_no
    s.flush()
    assert p.entry_id is not None
    uow.emit(SubcontractPaymentReversed(payment_id=p.id, contract_id=row.id, number=p.number, reversal_date=on,
                                        amount=p.amount, reason=p.reversal_reason, entry_id=p.entry_id,
                                        reversal_entry_id=rev_id))
    return payment_view(s, p, row)


@command("contracts.bill.post", scope="contracts.reverse_subcontract_payment")
def reverse_subcontract_payment(uow: UnitOfWork, payment_id: UUID,
                                data: SubcontractPaymentReversalInput) -> SubcontractPaymentView:
    """Undo a whole payment (a bounced cheque, a wrong amount): finance reverses its journal (Dr bank / Cr 2111)
    dated `reversal_date` (today when not given), the payment stays, status reversed with the date and reason, and
    every bill it paid is outstanding again by its allocation. Refused: already reversed (409), no reason, a date
    before the payment (422); finance refuses a closed period."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    p, row = _load_payment(uow, payment_id)
    on = data.reversal_date or clock.today()
    why = domain.check_payment_reversible(p.status, p.number, data.reason, on, p.paid_on)
    touch(row)  # claim the subcontract first: a second reversal (or a payment) at once stops here
    p.status = "reversed"
    uow.session.flush()
    assert p.entry_id is not None
    with context.calling_as(MODULE):
        rev = finance.reverse_entry(row.company_id, p.entry_id, on)
    return _payment_reversed(uow, p, row, on, why, rev.id, rev.number or "")


def finance_reversed_payment(uow: UnitOfWork, entry_id: UUID, reversal_id: UUID, reversal_number: str,  # noqa: ANN001
                             on) -> bool:
    """Finance reversed a payment's journal directly: the payment becomes reversed as
    `reverse_subcontract_payment` does (no reason). False when the entry is not a live payment's."""
    s = uow.session
    p = s.scalar(select(PaymentRow).where(PaymentRow.tenant_id == context.require_tenant(),
                                          PaymentRow.entry_id == entry_id))
    if p is None or p.status != "posted":
        return False
    row = s.get(ContractRow, p.contract_id)
    if row is None:
        return False
    touch(row)
    s.flush()
    _payment_reversed(uow, p, row, on, "", reversal_id, reversal_number)
    return True


@query("contracts.contract.read")
def subcontract_payments(uow: UnitOfWork, contract_id: UUID) -> list[SubcontractPaymentView]:
    row = load(uow, contract_id)
    return [payment_view(uow.session, p, row) for p in contract_payments(uow.session, row.id)]


@query("contracts.contract.read")
def get_payment(uow: UnitOfWork, payment_id: UUID) -> SubcontractPaymentView:
    p, row = _load_payment(uow, payment_id)
    return payment_view(uow.session, p, row)
