"""Invoices and bills: load → guard → pure rule (domain) → store → emit → view. Posting and payments post
their journal through finance.api as invoicing on behalf of the user (like payroll's run)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..events import InvoiceDrafted, InvoicePosted, PaymentRecorded
from ..repository import view
from ..schemas import (
    InvoiceAgingRow,
    InvoiceAgingView,
    InvoiceInput,
    InvoicePage,
    InvoicePaymentInput,
    InvoiceView,
)
from ..tables import InvoiceRow, LineRow, PaymentRow, SequenceRow

ACCOUNTS = {
    "receivable": "1130",  # Trade receivables (the demo chart, finance/data/bd_construction_coa.json)
    "revenue": "4100",  # Contract revenue
    "output_vat": "2140",  # Output VAT
    "expense": "5110",  # Materials consumed
    "input_vat": "1150",  # Input VAT
    "payable": "2110",  # Trade payables
}
"""The journal's accounts (the Bangladesh construction chart finance creates every book with)."""

DUE_DAYS = 30


def check_company(company_id: UUID) -> None:
    """Only the active company's invoices (organization's company; NotFound for another's)."""
    from vextrus.modules.organization import api as organization

    context.require_company(company_id, "company", company_id, field="company_id")
    if organization.get_company(company_id) is None:
        raise ValidationFailed("invoicing.company_unknown", f"Company {company_id} does not exist",
                               f"কোম্পানি {company_id} নেই", field="company_id")


def _party_name(party_id: UUID) -> str:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        p = master_data.get_party(party_id)
    return p.legal_name


def _vat(lines: tuple[domain.Line, ...], on: date) -> list[tuple[domain.Line, Decimal, object]]:
    """Each line's net and the tax module's VAT on it (VAT and SD Act 2012; rates as data, by date); an
    unknown code is refused with the line's path."""
    from vextrus.modules.tax import api as tax

    out = []
    for i, ln in enumerate(lines):
        net = domain.line_net(ln)
        try:
            r = tax.vat_for(ln.vat_code, net, on, inclusive=False)
        except ValidationFailed as exc:
            field = f"lines[{i}].vat_code" if exc.field in (None, "code") else f"lines[{i}].{exc.field}"
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=field, details=exc.details) from exc
        out.append((ln, net, r))
    return out


@command("invoicing.invoice.manage", scope="invoicing.create_invoice")
def create_invoice(uow: UnitOfWork, data: InvoiceInput) -> InvoiceView:
    kind = domain.kind(data.kind)
    check_company(data.company_id)
    lines = domain.check_lines([domain.Line(ln.description, ln.quantity, ln.unit_price, ln.discount, ln.vat_code,
                                            ln.project_id, ln.activity_code) for ln in data.lines])
    due = data.due_date or data.invoice_date + timedelta(days=DUE_DAYS)
    if due < data.invoice_date:
        raise ValidationFailed("invoicing.due_before_date", "The due date is before the invoice date",
                               "পরিশোধের তারিখ চালানের তারিখের আগে", field="due_date")
    try:
        name = _party_name(data.party_id)
    except DomainError as exc:
        raise ValidationFailed("invoicing.party_unknown", f"No party {data.party_id}: pick one from the party list",
                               f"পার্টি {data.party_id} নেই: তালিকা থেকে বাছুন", field="party_id") from exc
    priced = _vat(lines, data.invoice_date)
    totals = domain.document_totals(domain.line_totals(net, r.vat) for _, net, r in priced)
    if totals.gross <= 0:
        raise ValidationFailed("invoicing.total_zero", "The invoice's total is zero", "চালানের মোট শূন্য",
                               field="lines")
    tenant = context.require_tenant()
    row = InvoiceRow(tenant_id=tenant, company_id=data.company_id, kind=kind, party_id=data.party_id,
                     invoice_date=data.invoice_date, due_date=due, reference=data.reference.strip(),
                     narration=data.narration.strip(), net=totals.net, vat=totals.vat, gross=totals.gross,
                     paid=ZERO, status="draft", fiscal_year=domain.fiscal_year(data.invoice_date))
    uow.session.add(row)
    uow.session.flush()
    uow.session.add_all(LineRow(tenant_id=tenant, invoice_id=row.id, line_no=i + 1, description=ln.description,
                                quantity=ln.quantity, unit_price=ln.unit_price, discount=ln.discount,
                                vat_code=ln.vat_code, vat_rate=r.rate, net=net, vat=r.vat, gross=net + r.vat,
                                project_id=ln.project_id, activity_code=ln.activity_code)
                        for i, (ln, net, r) in enumerate(priced))
    uow.session.flush()
    uow.emit(InvoiceDrafted(invoice_id=row.id, company_id=row.company_id, kind=kind, gross=row.gross))
    return view(uow.session, row, name)


def _next_number(uow: UnitOfWork, row: InvoiceRow) -> str:
    """The next number of the company's series for the kind and fiscal year, in this transaction (the
    sequence row is locked on PostgreSQL; a rolled-back post gives its number back: no gaps)."""
    s = uow.session
    seq = s.scalar(select(SequenceRow).where(SequenceRow.company_id == row.company_id, SequenceRow.kind == row.kind,
                                             SequenceRow.fiscal_year == row.fiscal_year).with_for_update())
    if seq is None:
        seq = SequenceRow(tenant_id=row.tenant_id, company_id=row.company_id, kind=row.kind,
                          fiscal_year=row.fiscal_year, last=0)
        s.add(seq)
    seq.last += 1
    s.flush()
    return domain.number(row.kind, row.fiscal_year, seq.last)


@command("invoicing.invoice.post", scope="invoicing.post_invoice")
def post_invoice(uow: UnitOfWork, invoice_id: UUID, expected_version: int | None = None) -> InvoiceView:
    """Number the invoice and post its one journal. Sales: Dr receivable (the party) gross; Cr revenue per
    line net (with its project and activity); Cr output VAT. Purchase: Dr expense per line net (with its
    project and activity); Dr input VAT; Cr payable (the party) gross. VAT per line again from the tax
    module on the invoice date, so the journal equals the lines plus VAT to the poisha."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    row = _load(uow, invoice_id)
    check_version(row, expected_version, f"invoice {row.number or row.id}")
    domain.check_post(row.status, row.number or "draft")
    s = uow.session
    stored = list(s.scalars(select(LineRow).where(LineRow.invoice_id == row.id).order_by(LineRow.line_no)))
    lines = tuple(domain.Line(ln.description, ln.quantity, ln.unit_price, ln.discount, ln.vat_code, ln.project_id,
                              ln.activity_code) for ln in stored)
    priced = _vat(lines, row.invoice_date)
    for ln, (_, net, r) in zip(stored, priced, strict=True):
        ln.net, ln.vat, ln.gross, ln.vat_rate = net, r.vat, net + r.vat, r.rate
    totals = domain.document_totals(domain.line_totals(net, r.vat) for _, net, r in priced)
    row.net, row.vat, row.gross = totals.net, totals.vat, totals.gross
    number = _next_number(uow, row)
    sales = row.kind == "sales"
    side = "credit" if sales else "debit"
    other = "debit" if sales else "credit"
    body = [finance.LineIn(account_code=ACCOUNTS["revenue" if sales else "expense"], **{side: net},
                           project_id=ln.project_id, activity_code=ln.activity_code, memo=ln.description[:200])
            for ln, net, _ in priced if net]
    if totals.vat:
        body.append(finance.LineIn(account_code=ACCOUNTS["output_vat" if sales else "input_vat"],
                                   **{side: totals.vat}, memo=f"VAT on {number}"))
    party = finance.LineIn(account_code=ACCOUNTS["receivable" if sales else "payable"], **{other: totals.gross},
                           party_id=row.party_id, memo=number)
    with context.calling_as(MODULE):
        entry = finance.post_entry(row.company_id, finance.EntryIn(
            journal_type="sales" if sales else "purchase", entry_date=row.invoice_date,
            lines=[party, *body] if sales else [*body, party],
            narration=row.narration or f"{'Sales invoice' if sales else 'Vendor bill'} {number}",
            reference=number))
    row.number, row.status, row.entry_id, row.entry_number = number, "posted", entry.id, entry.number or ""
    s.flush()
    uow.emit(InvoicePosted(invoice_id=row.id, company_id=row.company_id, kind=row.kind, number=number,
                           party_id=row.party_id, entry_id=entry.id, net=row.net, vat=row.vat, gross=row.gross))
    return view(s, row, _party_name(row.party_id))


@command("invoicing.payment.record", scope="invoicing.record_payment")
def record_payment(uow: UnitOfWork, invoice_id: UUID, data: InvoicePaymentInput) -> InvoiceView:
    """A payment received (sales: Dr bank/cash, Cr receivable) or made (purchase: Dr payable, Cr
    bank/cash), the party on the receivable/payable line; the status moves to partly_paid or paid."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    row = _load(uow, invoice_id)
    domain.check_payment(row.status, data.amount, row.gross - row.paid, row.number or "draft")
    if data.paid_on < row.invoice_date:
        raise ValidationFailed("invoicing.payment_before_invoice", "A payment cannot be dated before its invoice",
                               "চালানের তারিখের আগে পরিশোধ হতে পারে না", field="paid_on")
    sales = row.kind == "sales"
    party = finance.LineIn(account_code=ACCOUNTS["receivable" if sales else "payable"], party_id=row.party_id,
                           memo=row.number or "", **{"credit" if sales else "debit": data.amount})
    bank = finance.LineIn(account_code=data.account_code.strip(), memo=row.number or "",
                          **{"debit" if sales else "credit": data.amount})
    with context.calling_as(MODULE):
        try:
            entry = finance.post_entry(row.company_id, finance.EntryIn(
                journal_type="receipt" if sales else "payment", entry_date=data.paid_on,
                lines=[bank, party] if sales else [party, bank],
                narration=f"{'Receipt against' if sales else 'Payment of'} {row.number}", reference=row.number or ""))
        except DomainError as exc:
            if exc.field and exc.field.startswith(f"lines[{0 if sales else 1}].account_code"):
                raise ValidationFailed(exc.code, exc.message, exc.message_bn, field="account_code",
                                       details=exc.details) from exc
            raise
    pay = PaymentRow(tenant_id=row.tenant_id, invoice_id=row.id, paid_on=data.paid_on, amount=data.amount,
                     account_code=data.account_code.strip(), entry_id=entry.id, entry_number=entry.number or "")
    uow.session.add(pay)
    row.paid += data.amount
    row.status = domain.status_after(row.gross, row.paid)
    uow.session.flush()
    uow.emit(PaymentRecorded(invoice_id=row.id, payment_id=pay.id, company_id=row.company_id, kind=row.kind,
                             amount=data.amount, status=row.status, entry_id=entry.id))
    return view(uow.session, row, _party_name(row.party_id))


@query("invoicing.invoice.view")
def get_invoice(uow: UnitOfWork, invoice_id: UUID) -> InvoiceView:
    row = _load(uow, invoice_id)
    return view(uow.session, row, _party_name(row.party_id))


@query("invoicing.invoice.view")
def list_invoices(uow: UnitOfWork, company_id: UUID, kind: str | None = None, first: int = 50,
                  after: str | None = None) -> InvoicePage:
    context.require_company(company_id, "company", company_id, field="company_id")
    stmt = select(InvoiceRow).where(InvoiceRow.company_id == company_id)
    if kind:
        stmt = stmt.where(InvoiceRow.kind == domain.kind(kind))
    page = paginate(uow.session, stmt, InvoiceRow.id, first=first, after=after)
    names: dict[UUID, str] = {}
    items = []
    for r in page.items:
        if r.party_id not in names:
            names[r.party_id] = _party_name(r.party_id)
        items.append(view(uow.session, r, names[r.party_id], full=False))
    return InvoicePage(items=items, end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@query("invoicing.report.view")
def aging(uow: UnitOfWork, company_id: UUID, kind: str, as_of: date) -> InvoiceAgingView:
    """What was outstanding on `as_of` (invoices posted on or before it, less payments on or before it),
    by party and by days past the due date: 0-30, 31-60, 61-90, over 90."""
    context.require_company(company_id, "company", company_id, field="company_id")
    k = domain.kind(kind)
    s = uow.session
    open_ = (InvoiceRow.company_id == company_id, InvoiceRow.kind == k, InvoiceRow.status != "draft",
             InvoiceRow.invoice_date <= as_of)
    paid: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for invoice_id, amount in s.execute(select(PaymentRow.invoice_id, PaymentRow.amount)
                                        .join(InvoiceRow, InvoiceRow.id == PaymentRow.invoice_id)
                                        .where(*open_, PaymentRow.paid_on <= as_of)):
        paid[invoice_id] += amount
    fields = dict(zip(domain.BUCKETS, ("days_0_30", "days_31_60", "days_61_90", "days_over_90"), strict=True))
    by_party: dict[UUID, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for invoice_id, party_id, due, gross in s.execute(
            select(InvoiceRow.id, InvoiceRow.party_id, InvoiceRow.due_date, InvoiceRow.gross).where(*open_)):
        due_amount = gross - paid[invoice_id]
        if due_amount:
            by_party[party_id][fields[domain.bucket(due, as_of)]] += due_amount
    out = []
    for pid, b in by_party.items():
        out.append(InvoiceAgingRow(party_id=pid, party_name=_party_name(pid), **b, total=sum(b.values(), ZERO)))
    out.sort(key=lambda r: (r.party_name, str(r.party_id)))
    totals = InvoiceAgingRow(**{f: sum((getattr(r, f) for r in out), ZERO) for f in (*fields.values(), "total")})
    return InvoiceAgingView(company_id=company_id, kind=k, as_of=as_of, rows=out, totals=totals)


def _load(uow: UnitOfWork, invoice_id: UUID) -> InvoiceRow:
    row = uow.session.get(InvoiceRow, invoice_id)
    if row is None:
        raise domain.InvoiceNotFound(invoice_id)
    context.require_company(row.company_id, "invoice", invoice_id)
    return row
