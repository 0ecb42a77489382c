"""ORM <-> views of invoicing (reads in bulk live here too)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schemas import InvoiceLineView, InvoicePaymentView, InvoiceView
from .tables import InvoiceRow, LineRow, PaymentRow


def view(s: Session, row: InvoiceRow, party_name: str = "", full: bool = True) -> InvoiceView:
    lines = payments = []
    if full:
        lines = [InvoiceLineView(line_no=ln.line_no, description=ln.description, quantity=ln.quantity,
                          unit_price=ln.unit_price, discount=ln.discount, vat_code=ln.vat_code, vat_rate=ln.vat_rate,
                          net=ln.net, vat=ln.vat, gross=ln.gross, project_id=ln.project_id,
                          activity_code=ln.activity_code)
                 for ln in s.scalars(select(LineRow).where(LineRow.invoice_id == row.id).order_by(LineRow.line_no))]
        payments = [InvoicePaymentView(id=p.id, paid_on=p.paid_on, amount=p.amount, account_code=p.account_code,
                                entry_id=p.entry_id, entry_number=p.entry_number)
                    for p in s.scalars(select(PaymentRow).where(PaymentRow.invoice_id == row.id)
                                       .order_by(PaymentRow.paid_on, PaymentRow.created_at))]
    return InvoiceView(id=row.id, company_id=row.company_id, kind=row.kind, number=row.number,
                       fiscal_year=row.fiscal_year, status=row.status, party_id=row.party_id, party_name=party_name,
                       invoice_date=row.invoice_date, due_date=row.due_date, reference=row.reference,
                       narration=row.narration, net=row.net, vat=row.vat, gross=row.gross, paid=row.paid,
                       outstanding=row.gross - row.paid, entry_id=row.entry_id, entry_number=row.entry_number,
                       version=row.version, lines=lines, payments=payments)
