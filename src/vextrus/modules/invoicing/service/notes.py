"""Credit notes (Mushak 6.7) and debit notes (Mushak 6.8): load the invoice → guard → price the note's
lines (domain.notes) with VAT from the tax module → number → post the journal through finance.api → store
→ emit → view. A credit note's journal mirrors the invoice's for the part credited; a debit note's
repeats it for the part added."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query

from .. import domain
from ..events import NoteIssued
from ..repository import adjustments, due, note_view
from ..schemas import NoteInput, NoteView
from ..tables import LineRow, NoteLineRow, NoteRow
from .invoices import _load, next_seq
from .settings import accounts_for


@command("invoicing.invoice.post", scope="invoicing.issue_note")
def issue_note(uow: UnitOfWork, invoice_id: UUID, data: NoteInput) -> NoteView:
    """Issue and post a note against a posted invoice or bill (VAT and SD Act 2012 s.44/s.45).

    Sales credit note: Dr revenue per line (its project and activity), Dr output VAT, Cr receivables (the
    customer) gross. Purchase credit note (the vendor's, recorded): Dr payables, Cr expense per line, Cr
    input VAT. Debit notes post as their invoice does. A credit lowers what is due, never beyond what is
    outstanding; the invoice's status follows (credited when nothing is left and nothing was paid)."""
    from vextrus.modules.finance import api as finance
    from vextrus.modules.tax import api as tax

    from .. import MODULE

    s = uow.session
    row = _load(uow, invoice_id)
    kind = domain.note_kind(data.kind)
    domain.check_noteable(row.status, row.number or "draft")
    reason = data.reason.strip()
    if not reason:
        raise ValidationFailed("invoicing.note_reason_missing", "A note needs its reason (Mushak 6.7/6.8)",
                               "নোটের কারণ লিখুন", field="reason")
    if data.note_date < row.invoice_date:
        raise ValidationFailed("invoicing.note_before_invoice", "A note cannot be dated before its invoice",
                               "চালানের তারিখের আগে নোট হতে পারে না", field="note_date")
    stored = {ln.line_no: ln for ln in s.scalars(select(LineRow).where(LineRow.invoice_id == row.id))}
    adj = adjustments(s, row.id)
    open_ = {}
    for no, ln in stored.items():
        dq, dn, dv = adj.get(no, (ZERO, ZERO, ZERO))
        open_[no] = domain.OpenLine(no, ln.quantity + dq, ln.unit_price, ln.net + dn, ln.vat + dv, ln.vat_code)
    for i, a in enumerate(data.lines):
        if a.line_no in stored and stored[a.line_no].net < 0:
            raise ValidationFailed("invoicing.note_on_adjustment_line",
                                   f"Line {a.line_no} is an adjustment (negative): note the item's own line instead",
                                   f"লাইন {a.line_no} একটি ঋণাত্মক সমন্বয়: পণ্যের নিজের লাইনে নোট দিন",
                                   field=f"lines[{i}].line_no")
    priced = domain.price_note(kind, [domain.NoteAsk(a.line_no, a.quantity, a.amount) for a in data.lines], open_)
    vats = []
    for i, p in enumerate(priced):
        ol = open_[p.line_no]
        try:
            computed = tax.vat_for(ol.vat_code, p.net, row.invoice_date).vat
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=f"lines[{i}].line_no",
                                   details=exc.details) from exc
        vats.append(domain.note_vat(kind, ol, p, computed))
    net = sum((p.net for p in priced), ZERO)
    vat = sum(vats, ZERO)
    gross = net + vat
    if gross <= 0:
        raise ValidationFailed("invoicing.amount_not_positive", "Nothing is left on these lines to credit",
                               "এই লাইনগুলোতে ক্রেডিট করার কিছু নেই", field="lines")
    if kind == "credit":
        domain.check_credit_total(gross, due(row) - row.paid)
    year = domain.fiscal_year(data.note_date)
    seq = next_seq(uow, row.tenant_id, row.company_id, domain.NOTE_SEQUENCE[(row.kind, kind)], year)
    number = domain.note_number(row.kind, kind, year, seq)
    acc = accounts_for(s, row.company_id)
    sales = row.kind == "sales"
    # the invoice's own sides; a credit note swaps them
    body_side = "credit" if sales else "debit"
    if kind == "credit":
        body_side = "debit" if body_side == "credit" else "credit"
    party_side = "debit" if body_side == "credit" else "credit"
    body = [finance.LineIn(account_code=stored[p.line_no].account_code or acc["revenue" if sales else "expense"],
                           **{body_side: p.net},
                           project_id=stored[p.line_no].project_id, activity_code=stored[p.line_no].activity_code,
                           memo=f"{number}: {stored[p.line_no].description}"[:200]) for p in priced if p.net]
    if vat:
        body.append(finance.LineIn(account_code=acc["output_vat" if sales else "input_vat"], **{body_side: vat},
                                   memo=f"VAT on {number}"))
    party = finance.LineIn(account_code=acc["receivable" if sales else "payable"], **{party_side: gross},
                           party_id=row.party_id, memo=f"{number} / {row.number}")
    lines = [party, *body] if party_side == "debit" else [*body, party]
    with context.calling_as(MODULE):
        entry = finance.post_entry(row.company_id, finance.EntryIn(
            journal_type="sales" if sales else "purchase", entry_date=data.note_date, lines=lines,
            narration=f"{'Credit' if kind == 'credit' else 'Debit'} note {number} on {row.number}: {reason}"[:500],
            reference=number))
    note = NoteRow(tenant_id=row.tenant_id, company_id=row.company_id, invoice_id=row.id, side=row.kind, kind=kind,
                   number=number, fiscal_year=year, note_date=data.note_date, reason=reason, net=net, vat=vat,
                   gross=gross, entry_id=entry.id, entry_number=entry.number or "")
    s.add(note)
    s.flush()
    s.add_all(NoteLineRow(tenant_id=row.tenant_id, note_id=note.id, invoice_line_no=p.line_no, quantity=p.quantity,
                          net=p.net, vat=v, gross=p.net + v) for p, v in zip(priced, vats, strict=True))
    if kind == "credit":
        row.credited += gross
    else:
        row.debited += gross
    row.status = domain.status_after(due(row), row.paid, row.credited)
    s.flush()
    uow.emit(NoteIssued(note_id=note.id, invoice_id=row.id, company_id=row.company_id, side=row.kind, kind=kind,
                        number=number, entry_id=entry.id, net=net, vat=vat, gross=gross))
    return note_view(s, note)


@query("invoicing.invoice.view")
def get_note(uow: UnitOfWork, note_id: UUID) -> NoteView:
    n = uow.session.get(NoteRow, note_id)
    if n is None:
        raise domain.InvoiceNotFound(note_id)
    context.require_company(n.company_id, "note", note_id)
    return note_view(uow.session, n)
