"""ORM <-> domain values and views of contracts; bulk reads of a contract's figures (one query each)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vextrus.platform.money import ZERO

from . import domain
from .schemas import (
    ContractItemView,
    ContractMovementView,
    ContractView,
    RaBillLineView,
    RaBillPaymentView,
    RaBillView,
    RaReceiptView,
    SubcontractAllocationView,
    SubcontractPayablesView,
    SubcontractPaymentView,
)
from .tables import (
    AllocationRow,
    BillLineRow,
    BillRow,
    ContractRow,
    ItemRow,
    MovementRow,
    PaymentRow,
    ReceiptRow,
)


def terms(row: ContractRow) -> domain.Terms:
    return domain.Terms(row.retention_pct, row.advance_amount, row.advance_recovery_pct, row.security_deposit_pct)


def items(s: Session, contract_id: UUID) -> list[ItemRow]:
    return list(s.scalars(select(ItemRow).where(ItemRow.contract_id == contract_id).order_by(ItemRow.line_no)))


def domain_items(rows: list[ItemRow]) -> list[domain.Item]:
    return [domain.Item(r.item_no, r.description, r.unit, r.quantity, r.rate, r.kind) for r in rows]


def bills(s: Session, contract_id: UUID) -> list[BillRow]:
    return list(s.scalars(select(BillRow).where(BillRow.contract_id == contract_id).order_by(BillRow.seq)))


def last_counting(rows: list[BillRow]) -> BillRow | None:
    """The contract's last bill whose quantities count (a reversed bill's do not)."""
    live = [b for b in rows if b.status != "reversed"]
    return live[-1] if live else None


def receipts(s: Session, bill_id: UUID) -> list[ReceiptRow]:
    return list(s.scalars(select(ReceiptRow).where(ReceiptRow.bill_id == bill_id).order_by(ReceiptRow.seq)))


def live(rows: list[ReceiptRow]) -> list[ReceiptRow]:
    """The receipts that settle the bill (a reversed one does not)."""
    return [r for r in rows if r.status != "reversed"]


def received_by_bill(s: Session, bill_ids: list[UUID]) -> dict[UUID, Decimal]:
    """Cash + VDS of the live (not reversed) receipts recorded against each bill (one query); for a
    subcontractor's bill (which has no receipts) what live payments allocated to it."""
    if not bill_ids:
        return {}
    got = {b: (a or ZERO) + (v or ZERO) for b, a, v in s.execute(  # summed apart: each keeps its column type
        select(ReceiptRow.bill_id, func.sum(ReceiptRow.amount), func.sum(ReceiptRow.vds))
        .where(ReceiptRow.bill_id.in_(bill_ids), ReceiptRow.status != "reversed")
        .group_by(ReceiptRow.bill_id)).all()}
    for b, paid in paid_by_bill(s, bill_ids).items():
        got[b] = got.get(b, ZERO) + paid
    return got


def paid_by_bill(s: Session, bill_ids: list[UUID]) -> dict[UUID, Decimal]:
    """What live (not reversed) payments to the subcontractor allocated to each bill (one query)."""
    if not bill_ids:
        return {}
    return {b: a or ZERO for b, a in s.execute(
        select(AllocationRow.bill_id, func.sum(AllocationRow.amount))
        .join(PaymentRow, PaymentRow.id == AllocationRow.payment_id)
        .where(AllocationRow.bill_id.in_(bill_ids), PaymentRow.status != "reversed")
        .group_by(AllocationRow.bill_id)).all()}


def bill_payments(s: Session, bill_id: UUID) -> list[RaBillPaymentView]:
    """Every payment (live or reversed) that allocated something to the bill, in order."""
    rows = s.execute(select(AllocationRow, PaymentRow).join(PaymentRow, PaymentRow.id == AllocationRow.payment_id)
                     .where(AllocationRow.bill_id == bill_id).order_by(PaymentRow.paid_on, PaymentRow.seq)).all()
    return [RaBillPaymentView(payment_id=p.id, number=p.number, paid_on=p.paid_on, amount=a.amount,
                              payment_amount=p.amount, account_code=p.account_code, reference=p.reference,
                              entry_number=p.entry_number, status=p.status, reversed_at=p.reversed_at)
            for a, p in rows]


def contract_payments(s: Session, contract_id: UUID) -> list[PaymentRow]:
    return list(s.scalars(select(PaymentRow).where(PaymentRow.contract_id == contract_id).order_by(PaymentRow.seq)))


def payment_view(s: Session, p: PaymentRow, contract: ContractRow) -> SubcontractPaymentView:
    allocs = s.execute(select(AllocationRow, BillRow.number).join(BillRow, BillRow.id == AllocationRow.bill_id)
                       .where(AllocationRow.payment_id == p.id).order_by(BillRow.seq)).all()
    return SubcontractPaymentView(
        id=p.id, contract_id=p.contract_id, contract_code=contract.code, seq=p.seq, number=p.number,
        paid_on=p.paid_on, amount=p.amount, account_code=p.account_code, reference=p.reference, entry_id=p.entry_id,
        entry_number=p.entry_number, status=p.status, reversed_at=p.reversed_at, reversal_reason=p.reversal_reason,
        reversal_entry_id=p.reversal_entry_id, reversal_entry_number=p.reversal_entry_number,
        allocations=[SubcontractAllocationView(bill_id=a.bill_id, bill_number=n, amount=a.amount) for a, n in allocs])


def receipt_view(r: ReceiptRow) -> RaReceiptView:
    return RaReceiptView(id=r.id, number=r.number, received_on=r.received_on, amount=r.amount, vds=r.vds,
                         certificate_no=r.certificate_no, settled=r.amount + r.vds, account_code=r.account_code,
                         reference=r.reference, entry_id=r.entry_id, entry_number=r.entry_number,
                         status=r.status, reversed_at=r.reversed_at, reversal_reason=r.reversal_reason,
                         reversal_entry_id=r.reversal_entry_id, reversal_entry_number=r.reversal_entry_number)


def cumulative_of(s: Session, bill_id: UUID | None) -> dict[UUID, Decimal]:
    """Each item's cumulative quantity on a bill (by item id); empty for no bill."""
    if bill_id is None:
        return {}
    return dict(s.execute(select(BillLineRow.item_id, BillLineRow.cumulative_quantity)
                          .where(BillLineRow.bill_id == bill_id)).all())


def posted_sums(s: Session, contract_id: UUID) -> dict[str, Decimal]:
    cols = (BillRow.gross, BillRow.retention, BillRow.advance_recovered, BillRow.security_deposit)
    row = s.execute(select(*(func.sum(c) for c in cols)).where(BillRow.contract_id == contract_id,
                                                                 BillRow.status == "posted")).one()
    out = {k: v or ZERO for k, v in zip(("gross", "retention", "advance", "deposit"), row, strict=True)}
    for kind, amount, deposit in s.execute(select(MovementRow.kind, func.sum(MovementRow.amount),
                                                  func.sum(MovementRow.security_deposit))
                                           .where(MovementRow.contract_id == contract_id).group_by(MovementRow.kind)):
        out[f"{kind}_amount"] = amount or ZERO
        out[f"{kind}_deposit"] = deposit or ZERO
    return out


def bill_view(row: BillRow, contract: ContractRow, lines: list[RaBillLineView] | None = None,
              received: Decimal = ZERO, receipt_rows: list[ReceiptRow] | None = None,
              payments: list[RaBillPaymentView] | None = None) -> RaBillView:
    """The bill of `contract`; `received` what its receipts settled (with `receipt_rows` given, the sum of the live ones;
    all are listed, a reversed one with its reversal)."""
    if receipt_rows is not None:
        received = sum((r.amount + r.vds for r in live(receipt_rows)), ZERO)
    if payments is not None:  # a subcontractor's bill: what live payments paid of it
        received = sum((p.amount for p in payments if p.status != "reversed"), ZERO)
    outstanding = row.net_payable - received if row.status == "posted" else ZERO
    return RaBillView(id=row.id, contract_id=row.contract_id, contract_code=contract.code,
                    contract_kind=contract.kind, seq=row.seq, number=row.number,
                    bill_date=row.bill_date, final=row.final, status=row.status, gross=row.gross,
                    vat_rate=row.vat_rate, vat=row.vat, retention=row.retention,
                    advance_recovered=row.advance_recovered, security_deposit=row.security_deposit,
                    ait_rate=row.ait_rate, ait=row.ait, vds_rate=row.vds_rate, vds=row.vds,
                    deductions=row.retention + row.advance_recovered + row.security_deposit + row.ait + row.vds,
                    net_payable=row.net_payable, certified_by=row.certified_by, entry_id=row.entry_id,
                    entry_number=row.entry_number, version=row.version, received=received,
                    outstanding=outstanding, paid=row.status == "posted" and outstanding == 0,
                    reversal_entry_id=row.reversal_entry_id, reversal_entry_number=row.reversal_entry_number,
                    lines=lines or [], receipts=[receipt_view(r) for r in receipt_rows or []],
                    payments=payments or [])


def bill_lines(s: Session, bill_id: UUID) -> list[RaBillLineView]:
    rows = s.execute(select(BillLineRow, ItemRow).join(ItemRow, ItemRow.id == BillLineRow.item_id)
                     .where(BillLineRow.bill_id == bill_id).order_by(BillLineRow.line_no)).all()
    return [RaBillLineView(line_no=ln.line_no, item_no=it.item_no, description=it.description, unit=it.unit,
                         kind=it.kind, contract_quantity=it.quantity, rate=it.rate,
                         previous_quantity=ln.previous_quantity, cumulative_quantity=ln.cumulative_quantity,
                         this_quantity=ln.this_quantity, previous_amount=ln.previous_amount,
                         cumulative_amount=ln.cumulative_amount, this_amount=ln.this_amount) for ln, it in rows]


def movement_view(m: MovementRow) -> ContractMovementView:
    return ContractMovementView(id=m.id, kind=m.kind, number=m.number, on_date=m.on_date, amount=m.amount,
                        security_deposit=m.security_deposit, account_code=m.account_code, memo=m.memo,
                        entry_id=m.entry_id, entry_number=m.entry_number)


def contract_view(s: Session, row: ContractRow, client: tuple[str, str], full: bool = True) -> ContractView:
    sums = posted_sums(s, row.id)
    item_views: list[ContractItemView] = []
    bill_views: list[RaBillView] = []
    moves: list[ContractMovementView] = []
    if full:
        all_bills = bills(s, row.id)
        last = last_counting(all_bills)
        cum = cumulative_of(s, last.id if last else None)
        item_views = [ContractItemView(id=it.id, line_no=it.line_no, item_no=it.item_no, description=it.description,
                                       unit=it.unit, quantity=it.quantity, rate=it.rate, amount=it.amount,
                                       kind=it.kind, billed_quantity=cum.get(it.id, ZERO),
                                       billed_amount=domain.Item(it.item_no, "", "", cum.get(it.id, ZERO),
                                                                 it.rate).amount)
                      for it in items(s, row.id)]
        got = received_by_bill(s, [b.id for b in all_bills])
        bill_views = [bill_view(b, row, received=got.get(b.id, ZERO)) for b in all_bills]
        moves = [movement_view(m) for m in s.scalars(select(MovementRow).where(MovementRow.contract_id == row.id)
                                                     .order_by(MovementRow.on_date, MovementRow.number))]
    return ContractView(
        id=row.id, company_id=row.company_id, project_id=row.project_id, client_party_id=row.client_party_id,
        client_name=client[0], client_name_bn=client[1], code=row.code, title=row.title, title_bn=row.title_bn,
        contract_date=row.contract_date,
        currency=row.currency, contract_value=row.contract_value, retention_pct=row.retention_pct,
        advance_amount=row.advance_amount, advance_recovery_pct=row.advance_recovery_pct,
        security_deposit_pct=row.security_deposit_pct, vat_code=row.vat_code, ait_section=row.ait_section,
        status=row.status, kind=row.kind, version=row.version, billed_to_date=sums["gross"],
        retention_held=sums["retention"] - sums.get("release_amount", ZERO),
        security_deposit_held=sums["deposit"] - sums.get("release_deposit", ZERO),
        advance_received=sums.get("advance_amount", ZERO), advance_recovered=sums["advance"],
        advance_outstanding=row.advance_amount - sums["advance"], items=item_views, bills=bill_views,
        movements=moves, payables=_payables(bill_views) if full and row.kind == "subcontract" else None,
        payments=[payment_view(s, p, row) for p in contract_payments(s, row.id)]
        if full and row.kind == "subcontract" else [])


def _payables(views: list[RaBillView]) -> SubcontractPayablesView:
    posted = [b for b in views if b.status == "posted"]
    billed = sum((b.net_payable for b in posted), ZERO)
    outstanding = sum((b.outstanding for b in posted), ZERO)
    return SubcontractPayablesView(billed=billed, paid=billed - outstanding, outstanding=outstanding)
