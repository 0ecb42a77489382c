"""Vendor bills: the 3-way match against the order (rates) and its receipts (accepted, not yet billed),
within the tolerances the settings give. A blocked bill is stored with one reason per line and kind; a
matched one is drafted in invoicing (kind purchase, through invoicing.api as procurement on behalf of the
user) and its quantities count as billed on the order.

The drafted bill clears goods received not invoiced: per bill line, a line against GRNI (2115) for the
received part at the value inventory booked for it (the order rate × quantity), and a price-variance line
(5110) for what the vendor bills beyond or below that; so once the bill posts, Dr 2115 + Dr 1150 input VAT
(+/- the variance) / Cr 2110 the vendor, and a fully billed receipt leaves 2115 at zero."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.money import ZERO, round_amount
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import touch

from .. import domain, settings
from ..domain import Clearing
from ..events import BillMatched
from ..repository import bill_view, domain_lines, order_lines
from ..schemas import BillInput, BillMatchView
from ..tables import BillMatchRow
from .orders import load_order


@command("procurement.bill.create", scope="procurement.match_bill")
def match_bill(uow: UnitOfWork, data: BillInput) -> BillMatchView:
    s = uow.session
    order = load_order(uow, data.order_id, "order_id")
    ref = data.reference.strip()
    if not ref:
        raise domain.bad("reference_missing", "Give the vendor's bill number", "বিক্রেতার বিল নম্বর দিন",
                         field="reference")
    if s.scalar(select(BillMatchRow.id).where(BillMatchRow.order_id == order.id, BillMatchRow.reference == ref,
                                              BillMatchRow.status == "matched")) is not None:
        reference = ref  # the bill's reference, as typed
        raise domain.bad("bill_repeated", f"Bill {ref} was already matched on {order.number}",
                         f"বিল {reference} আগেই {order.number}-এ মেলানো হয়েছে", field="reference")
    touch(order)  # the order's compare-and-set first: two bills of one order cannot both take what is unbilled
    s.flush()
    stored = order_lines(s, order.id)
    qty_tol, price_tol = settings.tolerances()
    bill = [domain.BillLine(b.line_no, b.quantity, b.rate) for b in data.lines]
    mismatches = domain.match_bill(domain_lines(stored), bill, qty_tol, price_tol)
    net = sum((round_amount(b.quantity * b.rate) for b in bill), ZERO)
    row = BillMatchRow(tenant_id=context.require_tenant(), company_id=order.company_id, order_id=order.id,
                       reference=ref, bill_date=data.bill_date, status="blocked" if mismatches else "matched",
                       lines=[{"line_no": b.line_no, "quantity": str(b.quantity), "rate": str(b.rate),
                               "vat_code": b.vat_code} for b in data.lines],
                       reasons=[{"line_no": m.line_no, "kind": m.kind, "expected": str(m.expected),
                                 "billed": str(m.billed), "message": m.message, "message_bn": m.message_bn}
                                for m in mismatches], net=net)
    s.add(row)
    s.flush()
    if not mismatches:
        clearings = [domain.clear_grni(domain_lines([ln])[0], ln.received_value, ln.cleared_value, b)
                     for b in bill for ln in (stored[b.line_no - 1],)]
        row.invoice_id = _draft_bill(order, stored, data, clearings)
        for b, c in zip(data.lines, clearings, strict=True):
            ln = stored[b.line_no - 1]
            ln.billed += b.quantity
            ln.cleared_value += c.cleared
        row.lines = [{**d, "received": str(c.received), "cleared": str(c.cleared), "variance": str(c.variance)}
                     for d, c in zip(row.lines, clearings, strict=True)]
        s.flush()
    uow.emit(BillMatched(match_id=row.id, order_id=order.id, company_id=order.company_id, status=row.status,
                         net=net, invoice_id=row.invoice_id))
    return bill_view(row)


GRNI_ACCOUNT = "2115"  # Goods received not invoiced (finance's chart; inventory's receipt clearing account)
VARIANCE_ACCOUNT = "5110"  # Materials consumed: the purchase price variance


def _n(d: Decimal) -> str:
    return f"{d.normalize():f}"


def bill_lines(order_number: str, item: str, vat_code: str, rate: Decimal, bill_rate: Decimal,
               c: Clearing) -> list[Any]:
    """The drafted bill's lines for one matched bill line: the received part against GRNI at the value it
    was booked at (quantity × the order rate to the poisha; a second GRNI line for the poisha the receipts'
    own rounding or an earlier rate left), then the variance (bill amount − cleared) to materials consumed,
    negative when the vendor bills less."""
    from vextrus.modules.invoicing import api as invoicing

    out = []
    if c.received > 0:
        price = round_amount(rate)
        out.append(invoicing.InvoiceLineInput(
            description=f"{item} ({order_number}, received, at the order rate)"[:500], quantity=c.received,
            unit_price=price, vat_code=vat_code, account_code=GRNI_ACCOUNT))
        rest = c.cleared - round_amount(c.received * price)
        if rest:
            out.append(invoicing.InvoiceLineInput(
                description=f"{item} ({order_number}): value received, rounding"[:500], quantity=Decimal(1),
                unit_price=rest, vat_code=vat_code, account_code=GRNI_ACCOUNT))
    if c.variance:
        extra = c.quantity - c.received
        what = f"{_n(c.quantity)} billed at {_n(bill_rate)} against the order's {_n(rate)}" + (
            f", {_n(extra)} beyond what was received" if extra > 0 else "")
        out.append(invoicing.InvoiceLineInput(
            description=f"Price variance: {item} ({order_number}): {what}"[:500], quantity=Decimal(1),
            unit_price=c.variance, vat_code=vat_code, account_code=VARIANCE_ACCOUNT))
    return out


def _draft_bill(order, stored, data: BillInput, clearings: list[Clearing]) -> UUID:  # noqa: ANN001 (rows)
    from vextrus.modules.invoicing import api as invoicing

    from .. import MODULE

    lines = [ln for b, c in zip(data.lines, clearings, strict=True)
             for ln in bill_lines(order.number, f"{stored[b.line_no - 1].item_code} {stored[b.line_no - 1].item_name}",
                                  b.vat_code, stored[b.line_no - 1].rate, b.rate, c)]
    with context.calling_as(MODULE):
        inv = invoicing.create_invoice(invoicing.InvoiceInput(
            company_id=order.company_id, kind="purchase", party_id=order.party_id, invoice_date=data.bill_date,
            reference=data.reference.strip(), narration=f"Vendor bill {data.reference.strip()} for {order.number}",
            lines=lines))
    return inv.id


@query("procurement.bill.view")
def list_bill_matches(uow: UnitOfWork, order_id: UUID) -> list[BillMatchView]:
    load_order(uow, order_id)
    return [bill_view(r) for r in uow.session.scalars(
        select(BillMatchRow).where(BillMatchRow.order_id == order_id).order_by(BillMatchRow.created_at))]
