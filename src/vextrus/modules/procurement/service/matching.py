"""Vendor bills: the 3-way match against the order (rates) and its receipts (accepted, not yet billed),
within the tolerances the settings give. A blocked bill is stored with one reason per line and kind; a
matched one is drafted in invoicing (kind purchase, through invoicing.api as procurement on behalf of the
user) and its quantities count as billed on the order."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.money import ZERO, round_amount
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import touch

from .. import domain, settings
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
        raise domain.bad("bill_repeated", f"Bill {ref} was already matched on {order.number}",
                         f"বিল {ref} আগেই {order.number}-এ মেলানো হয়েছে", field="reference")
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
        row.invoice_id = _draft_bill(order, stored, data)
        for b in data.lines:
            stored[b.line_no - 1].billed += b.quantity
        s.flush()
    uow.emit(BillMatched(match_id=row.id, order_id=order.id, company_id=order.company_id, status=row.status,
                         net=net, invoice_id=row.invoice_id))
    return bill_view(row)


def _draft_bill(order, stored, data: BillInput) -> UUID:  # noqa: ANN001 (rows)
    from vextrus.modules.invoicing import api as invoicing

    from .. import MODULE

    lines = [invoicing.InvoiceLineInput(description=f"{stored[b.line_no - 1].item_code} {stored[b.line_no - 1].item_name}"
                                        f" ({order.number})"[:500], quantity=b.quantity, unit_price=b.rate,
                                        vat_code=b.vat_code) for b in data.lines]
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
