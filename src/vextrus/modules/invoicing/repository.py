"""ORM <-> views of invoicing (reads in bulk live here too)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schemas import (
    InvoiceCertificateView,
    InvoiceLineView,
    InvoicePaymentView,
    InvoiceView,
    NoteLineView,
    NoteView,
)
from .tables import CertificateRow, InvoiceRow, LineRow, NoteLineRow, NoteRow, PaymentRow


def due(row: InvoiceRow) -> Decimal:
    """All that is due on the document: its gross plus debit notes less credit notes."""
    return row.gross + row.debited - row.credited


def certificate_view(c: CertificateRow) -> InvoiceCertificateView:
    return InvoiceCertificateView(id=c.id, company_id=c.company_id, invoice_id=c.invoice_id, payment_id=c.payment_id,
                                  party_id=c.party_id, tax=c.tax, direction=c.direction, number=c.number,
                                  issued_on=c.issued_on, invoice_number=c.invoice_number, basis=c.basis, base=c.base,
                                  amount=c.amount)


def note_view(s: Session, n: NoteRow) -> NoteView:
    lines = [NoteLineView(invoice_line_no=ln.invoice_line_no, quantity=ln.quantity, net=ln.net, vat=ln.vat,
                          gross=ln.gross)
             for ln in s.scalars(select(NoteLineRow).where(NoteLineRow.note_id == n.id)
                                 .order_by(NoteLineRow.invoice_line_no))]
    return NoteView(id=n.id, company_id=n.company_id, invoice_id=n.invoice_id, side=n.side, kind=n.kind,
                    number=n.number, fiscal_year=n.fiscal_year, note_date=n.note_date, reason=n.reason, net=n.net,
                    vat=n.vat, gross=n.gross, entry_id=n.entry_id, entry_number=n.entry_number, lines=lines)


def view(s: Session, row: InvoiceRow, party_name: str | tuple[str, str] = "", full: bool = True,
         stored: list[LineRow] | None = None, just_posted: bool = False) -> InvoiceView:
    """The invoice as the API shows it (`full`: with lines, payments and notes). `stored`: its lines already
    read in this transaction (not read again); `just_posted`: posted in this transaction from a draft, which
    has no payment, certificate or note yet (none is read)."""
    name, name_bn = party_name if isinstance(party_name, tuple) else (party_name, "")
    lines = payments = notes = []
    if full:
        if stored is None:
            stored = list(s.scalars(select(LineRow).where(LineRow.invoice_id == row.id).order_by(LineRow.line_no)))
        lines = [InvoiceLineView(line_no=ln.line_no, description=ln.description, quantity=ln.quantity,
                          unit_price=ln.unit_price, discount=ln.discount, vat_code=ln.vat_code, vat_rate=ln.vat_rate,
                          net=ln.net, vat=ln.vat, gross=ln.gross, project_id=ln.project_id,
                          activity_code=ln.activity_code, account_code=ln.account_code)
                 for ln in stored]
    if full and not just_posted:
        certs: dict[object, list[InvoiceCertificateView]] = defaultdict(list)
        for c in s.scalars(select(CertificateRow).where(CertificateRow.invoice_id == row.id)
                           .order_by(CertificateRow.tax)):
            certs[c.payment_id].append(certificate_view(c))
        payments = [InvoicePaymentView(id=p.id, paid_on=p.paid_on, amount=p.amount, account_code=p.account_code,
                                       method=p.method, instrument_no=p.instrument_no,
                                       instrument_date=p.instrument_date, reference=p.reference, vds=p.vds, ait=p.ait,
                                       ait_section=p.ait_section, cash_amount=p.cash_amount, entry_id=p.entry_id,
                                       entry_number=p.entry_number, certificates=certs.get(p.id, []))
                    for p in s.scalars(select(PaymentRow).where(PaymentRow.invoice_id == row.id)
                                       .order_by(PaymentRow.paid_on, PaymentRow.created_at))]
        notes = [note_view(s, n) for n in s.scalars(select(NoteRow).where(NoteRow.invoice_id == row.id)
                                                      .order_by(NoteRow.note_date, NoteRow.created_at))]
    return InvoiceView(id=row.id, company_id=row.company_id, kind=row.kind, number=row.number,
                       fiscal_year=row.fiscal_year, status=row.status, party_id=row.party_id, party_name=name,
                       party_name_bn=name_bn,
                       invoice_date=row.invoice_date, due_date=row.due_date, reference=row.reference,
                       narration=row.narration, net=row.net, vat=row.vat, gross=row.gross, paid=row.paid,
                       credited=row.credited, debited=row.debited, outstanding=due(row) - row.paid,
                       entry_id=row.entry_id, entry_number=row.entry_number,
                       version=row.version, lines=lines, payments=payments, notes=notes)


def adjustments(s: Session, invoice_id: object) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """Per invoice line, what its notes changed: (quantity, net, VAT), debits added and credits taken away."""
    out: dict[int, tuple[Decimal, Decimal, Decimal]] = {}
    zero = Decimal(0)
    for kind, line_no, qty, net, vat in s.execute(
            select(NoteRow.kind, NoteLineRow.invoice_line_no, NoteLineRow.quantity, NoteLineRow.net, NoteLineRow.vat)
            .join(NoteRow, NoteRow.id == NoteLineRow.note_id).where(NoteRow.invoice_id == invoice_id)):
        sign = 1 if kind == "debit" else -1
        q0, n0, v0 = out.get(line_no, (zero, zero, zero))
        out[line_no] = (q0 + sign * (qty or zero), n0 + sign * net, v0 + sign * vat)
    return out
