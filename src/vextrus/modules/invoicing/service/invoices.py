"""Invoices and bills: load → guard → pure rule (domain) → store → emit → view. Posting and payments post
their journal through finance.api as invoicing on behalf of the user (like payroll's run)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import delete, func, select

from vextrus.platform import context, runtime, sequences
from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.i18n import format_number, to_bangla_digits
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import approvals, domain, payment_approvals
from ..events import InvoiceCancelled, InvoiceDrafted, InvoicePosted, InvoiceUpdated, PaymentRecorded
from ..repository import adjustments, certificate_view, due, view
from ..schemas import (
    InvoiceAgingRow,
    InvoiceAgingView,
    InvoiceCertificateView,
    InvoiceInput,
    InvoicePage,
    InvoicePaymentInput,
    InvoiceView,
    PaymentAllocationInput,
)
from ..tables import (
    AdvanceAllocationRow,
    AdvanceRefundRow,
    AdvanceRow,
    CertificateRow,
    InvoiceRow,
    LineRow,
    NoteRow,
    PaymentRow,
    SequenceRow,
)
from .party_names import party_names
from .settings import accounts_for, withholding_entity

DUE_DAYS = 30


def check_company(company_id: UUID) -> None:
    """Only the active company's invoices (organization's company; NotFound for another's)."""
    from vextrus.modules.organization import api as organization

    context.require_company(company_id, "company", company_id, field="company_id")
    if organization.get_company(company_id) is None:
        raise ValidationFailed("invoicing.company_unknown", f"Company {company_id} does not exist",
                               "কোম্পানিটি নেই", field="company_id")


def _party(party_id: UUID):  # noqa: ANN202  master data's PartySummary
    """The party's name, code and TIN (master data's summary: its contacts and documents are not read)."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        return master_data.party_summary(party_id)


def _party_name(party_id: UUID) -> tuple[str, str]:
    """The party's legal name in English and Bangla (empty when it has none)."""
    p = _party(party_id)
    return p.legal_name, p.legal_name_bn or ""


class _Vat(NamedTuple):
    """The VAT on a line: its rate and amount (negative on an adjustment line with a negative net)."""

    rate: Decimal
    vat: Decimal


def _vat(lines: Sequence[Any], on: date, price: Any = None) -> list[tuple[Any, Decimal, _Vat]]:
    """Each line's net and the tax module's VAT on it (VAT and SD Act 2012; rates as data, by date); an
    unknown code is refused with the line's path. An adjustment line's negative net takes the VAT of its
    size, negative (the tax module computes VAT on amounts, never below zero). `lines`: domain lines or
    stored lines (rows with the same attributes); `price`: a `tax.vat_pricer()` shared by many invoices
    (one rate look-up per code and day), else one for these lines."""
    if price is None:
        from vextrus.modules.tax import api as tax

        price = tax.vat_pricer()
    out = []
    line_net = domain.line_net
    for i, ln in enumerate(lines):
        net = line_net(ln)
        try:
            rate, vat = price(ln.vat_code, -net if net < 0 else net, on)
        except ValidationFailed as exc:
            field = f"lines[{i}].vat_code" if exc.field in (None, "code") else f"lines[{i}].{exc.field}"
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=field, details=exc.details) from exc
        out.append((ln, net, _Vat(rate, -vat if net < 0 else vat)))
    return out


def check_line_accounts(company_id: UUID, lines: tuple[domain.Line, ...]) -> None:
    """Each account a line names is in the company's chart, active and not a group (finance's chart,
    read through finance.api as invoicing on behalf of the user); refused with `lines[i].account_code`."""
    named = [(i, ln.account_code) for i, ln in enumerate(lines) if ln.account_code]
    if not named:
        return
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    with context.calling_as(MODULE):
        chart = {a.code: a for a in finance.list_accounts(company_id)}
    for i, code in named:
        a = chart.get(code)
        line_bn = to_bangla_digits(str(i + 1))
        if a is None:
            raise ValidationFailed("invoicing.account_unknown", f"Line {i + 1}: the ledger has no account {code}",
                                   f"লাইন {line_bn}: খাতায় {code} হিসাব নেই", field=f"lines[{i}].account_code",
                                   details={"account_code": code})
        if a.is_group or not a.is_active:
            raise ValidationFailed("invoicing.account_not_postable",
                                   f"Line {i + 1}: account {code} is a group or inactive: it takes no postings",
                                   f"লাইন {line_bn}: হিসাব {code} গ্রুপ বা নিষ্ক্রিয়, এতে পোস্টিং হয় না",
                                   field=f"lines[{i}].account_code", details={"account_code": code})


def _body_line(account_code: str, side: str, net: Decimal, **fields: object) -> object:
    """A journal line of `net` on `side`; a negative net (an adjustment line) on the other side."""
    from vextrus.modules.finance import api as finance

    if net < 0:
        side, net = ("credit" if side == "debit" else "debit"), -net
    return finance.LineIn(account_code=account_code, **{side: net}, **fields)


@dataclass(frozen=True)
class _Checked:
    """A draft's input as checked: its kind, due date, party's names and each line priced (VAT by date)."""

    kind: str
    due: date
    name: tuple[str, str]
    priced: list[tuple[domain.Line, Decimal, _Vat]]
    totals: domain.Totals


def _check_draft(data: InvoiceInput) -> _Checked:
    """The checks of a draft's input, the same for a new draft and an edited one: kind, company, lines and
    their accounts, due date, party, a total above zero (refused with the field's path)."""
    kind = domain.kind(data.kind)
    check_company(data.company_id)
    lines = domain.check_lines([domain.Line(ln.description, ln.quantity, ln.unit_price, ln.discount, ln.vat_code,
                                            ln.project_id, ln.activity_code, ln.account_code) for ln in data.lines])
    check_line_accounts(data.company_id, lines)
    due = data.due_date or data.invoice_date + timedelta(days=DUE_DAYS)
    if due < data.invoice_date:
        raise ValidationFailed("invoicing.due_before_date", "The due date is before the invoice date",
                               "পরিশোধের তারিখ চালানের তারিখের আগে", field="due_date")
    try:
        name = _party_name(data.party_id)
    except DomainError as exc:
        raise ValidationFailed("invoicing.party_unknown", f"No party {data.party_id}: pick one from the party list",
                               "পার্টিটি নেই: তালিকা থেকে বাছুন", field="party_id") from exc
    priced = _vat(lines, data.invoice_date)
    totals = domain.document_totals(domain.line_totals(net, r.vat) for _, net, r in priced)
    if totals.gross <= 0:
        raise ValidationFailed("invoicing.total_zero", "The invoice's total is zero", "চালানের মোট শূন্য",
                               field="lines")
    return _Checked(kind, due, name, priced, totals)


def _store_draft(uow: UnitOfWork, row: InvoiceRow, data: InvoiceInput, c: _Checked) -> None:
    """The draft's fields and lines as checked (an edited draft's old lines replaced)."""
    row.kind, row.party_id, row.invoice_date, row.due_date = c.kind, data.party_id, data.invoice_date, c.due
    row.reference, row.narration = data.reference.strip(), data.narration.strip()
    row.net, row.vat, row.gross = c.totals.net, c.totals.vat, c.totals.gross
    row.fiscal_year = domain.fiscal_year(data.invoice_date)
    uow.session.flush()
    uow.session.execute(delete(LineRow).where(LineRow.invoice_id == row.id))
    uow.session.add_all(LineRow(tenant_id=row.tenant_id, invoice_id=row.id, line_no=i + 1,
                                description=ln.description, quantity=ln.quantity, unit_price=ln.unit_price,
                                discount=ln.discount, vat_code=ln.vat_code, vat_rate=r.rate, net=net, vat=r.vat,
                                gross=net + r.vat, project_id=ln.project_id, activity_code=ln.activity_code,
                                account_code=ln.account_code)
                        for i, (ln, net, r) in enumerate(c.priced))
    uow.session.flush()


@command("invoicing.invoice.manage", scope="invoicing.create_invoice")
def create_invoice(uow: UnitOfWork, data: InvoiceInput) -> InvoiceView:
    c = _check_draft(data)
    row = InvoiceRow(tenant_id=context.require_tenant(), company_id=data.company_id, paid=ZERO, status="draft")
    uow.session.add(row)
    _store_draft(uow, row, data, c)
    uow.emit(InvoiceDrafted(invoice_id=row.id, company_id=row.company_id, kind=row.kind, gross=row.gross))
    return view(uow.session, row, c.name)


def _check_editable(row: InvoiceRow, action: str) -> None:
    """Only a draft is edited or cancelled (409 naming its status): a posted one is corrected or cancelled by a
    credit note."""
    if row.status == "draft":
        return
    what, what_bn = {"edit": ("edited", "সম্পাদনা করা যায়"), "cancel": ("cancelled", "বাতিল করা যায়")}[action]
    status_bn = {"posted": "পোস্ট করা", "partly_paid": "আংশিক পরিশোধিত", "paid": "পরিশোধিত",
                 "credited": "সম্পূর্ণ ক্রেডিট করা", "cancelled": "বাতিল"}.get(row.status, row.status)
    posted = row.status != "cancelled"
    raise Conflict(
        "invoicing.not_draft",
        f"Invoice {row.number or ''} is {row.status.replace('_', ' ')}: only a draft is {what}"
        + ("; a posted invoice is corrected or cancelled by a credit note" if posted else ""),
        f"চালান {row.number or ''} {status_bn}: শুধু খসড়া {what_bn}"
        + ("; পোস্ট করা চালান ক্রেডিট নোট দিয়ে সংশোধন বা বাতিল হয়" if posted else ""),
        field="status", details={"status": row.status})


@command("invoicing.invoice.manage", scope="invoicing.update_draft")
def update_draft(uow: UnitOfWork, invoice_id: UUID, data: InvoiceInput,
                 expected_version: int | None = None) -> InvoiceView:
    """Change a draft (its party, dates, reference, narration and lines, by the checks of a new one); refused
    for a posted or cancelled one and while its approval is waiting (it would decide the draft as it was)."""
    row = _load(uow, invoice_id)
    check_version(row, expected_version, f"invoice {row.number or row.id}")
    _check_editable(row, "edit")
    approvals.check_not_pending(row)
    if data.company_id != row.company_id:
        raise ValidationFailed("invoicing.company_fixed", "A draft stays in its company",
                               "খসড়া তার কোম্পানিতেই থাকে", field="company_id")
    c = _check_draft(data)
    _store_draft(uow, row, data, c)
    touch(row)
    uow.emit(InvoiceUpdated(invoice_id=row.id, company_id=row.company_id, kind=row.kind, gross=row.gross))
    return view(uow.session, row, c.name)


@command("invoicing.invoice.manage", scope="invoicing.cancel_draft")
def cancel_draft(uow: UnitOfWork, invoice_id: UUID, reason: str, expected_version: int | None = None) -> InvoiceView:
    """Cancel a draft: nothing was posted and it has no number (numbers are given at posting), so none is
    consumed; its waiting approval is withdrawn (workflow.api.withdraw_document, the reason its comment). A
    posted invoice is refused: it is cancelled by a credit note."""
    row = _load(uow, invoice_id)
    check_version(row, expected_version, f"invoice {row.number or row.id}")
    _check_editable(row, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("invoicing.reason_missing", "Say why the draft is cancelled",
                               "খসড়া বাতিলের কারণ লিখুন", field="reason")
    if len(reason) > 500:
        raise ValidationFailed("invoicing.reason_too_long", "The reason is longer than 500 characters",
                               "কারণ ৫০০ অক্ষরের বেশি", field="reason")
    approvals.withdraw_for_cancelled(row.id, reason)
    row.status = "cancelled"
    uow.session.flush()
    uow.emit(InvoiceCancelled(invoice_id=row.id, company_id=row.company_id, kind=row.kind, reason=reason))
    return view(uow.session, row, _party_name(row.party_id))


def next_seq(uow: UnitOfWork, tenant_id: UUID, company_id: UUID, kind: str, fiscal_year: str, count: int = 1) -> int:
    """The next number of the company's series for the kind (invoice, note, certificate) and fiscal year,
    in this transaction (the sequence row is locked on PostgreSQL; a rolled-back post gives its number
    back: no gaps); with `count`, the last of that many consecutive numbers (a bulk post)."""
    return sequences.next_value(uow.session, SequenceRow, {"tenant_id": tenant_id, "company_id": company_id,
                                                           "kind": kind, "fiscal_year": fiscal_year},
                                count=count, column="last")


def _next_number(uow: UnitOfWork, row: InvoiceRow) -> str:
    return domain.number(row.kind, row.fiscal_year, next_seq(uow, row.tenant_id, row.company_id, row.kind,
                                                             row.fiscal_year))


def stored_lines(stored: Sequence[Any]) -> tuple[domain.Line, ...]:
    """The domain lines of a draft's stored lines (rows or row tuples with the line's columns)."""
    return tuple(domain.Line(ln.description, ln.quantity, ln.unit_price, ln.discount, ln.vat_code, ln.project_id,
                             ln.activity_code, ln.account_code) for ln in stored)


def reprice(stored: Sequence[Any], on: date, price: Any = None) -> tuple[list[tuple[Any, Decimal, _Vat]], domain.Totals]:
    """Each stored line (a row with the domain line's attributes) priced again by the tax module on the
    invoice date (`_vat`; `price`: a `tax.vat_pricer()` shared by a bulk post) and the document's totals:
    what a post stores and journals."""
    priced = _vat(stored, on, price)
    return priced, domain.document_totals(domain.line_totals(net, r.vat) for _, net, r in priced)


def journal(row: Any, number: str, priced: list[tuple[domain.Line, Decimal, _Vat]], totals: domain.Totals,
            acc: dict[str, str]) -> Any:
    """The invoice's one journal (finance.EntryIn). Sales: Dr receivable (the party) gross; Cr revenue per
    line net (with its project and activity); Cr output VAT. Purchase: Dr expense per line net (with its
    project and activity); Dr input VAT; Cr payable (the party) gross. The same for a single and a bulk post."""
    from vextrus.modules.finance import api as finance

    sales = row.kind == "sales"
    side = "credit" if sales else "debit"
    other = "debit" if sales else "credit"
    body = [_body_line(ln.account_code or acc["revenue" if sales else "expense"], side, net,
                       project_id=ln.project_id, activity_code=ln.activity_code, memo=ln.description[:200])
            for ln, net, _ in priced if net]
    if totals.vat:
        body.append(_body_line(acc["output_vat" if sales else "input_vat"], side, totals.vat, memo=f"VAT on {number}"))
    party = finance.LineIn(account_code=acc["receivable" if sales else "payable"], **{other: totals.gross},
                           party_id=row.party_id, memo=number)
    return finance.EntryIn(journal_type="sales" if sales else "purchase", entry_date=row.invoice_date,
                           lines=[party, *body] if sales else [*body, party],
                           narration=row.narration or f"{'Sales invoice' if sales else 'Vendor bill'} {number}",
                           reference=number)


def posted_event(row: Any, number: str, entry_id: UUID, totals: domain.Totals) -> InvoicePosted:
    return InvoicePosted(invoice_id=row.id, company_id=row.company_id, kind=row.kind, number=number,
                         party_id=row.party_id, entry_id=entry_id, net=totals.net, vat=totals.vat, gross=totals.gross)


@command("invoicing.invoice.post", scope="invoicing.post_invoice")
def post_invoice(uow: UnitOfWork, invoice_id: UUID, expected_version: int | None = None) -> InvoiceView:
    """Number the invoice and post its one journal (`journal`), VAT per line again from the tax module on the
    invoice date, so the journal equals the lines plus VAT to the poisha. Many drafts at once: `post_invoices`
    (service/bulk_post.py), by the same functions."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    row = _load(uow, invoice_id)
    check_version(row, expected_version, f"invoice {row.number or row.id}")
    domain.check_post(row.status, row.number or "draft")
    s = uow.session
    stored = list(s.scalars(select(LineRow).where(LineRow.invoice_id == row.id).order_by(LineRow.line_no)))
    priced, totals = reprice(stored, row.invoice_date)
    for ln, (_, net, r) in zip(stored, priced, strict=True):
        ln.net, ln.vat, ln.gross, ln.vat_rate = net, r.vat, net + r.vat, r.rate
    row.net, row.vat, row.gross = totals.net, totals.vat, totals.gross
    party: list[Any] = []  # master data's summary, read once for the approval's party code and the view's name

    def summary(party_id: UUID) -> Any:
        if not party:
            party.append(_party(party_id))
        return party[0]

    # one the invoice workflow says needs approval waits for it (issue 13)
    approvals.check_may_post(s, row, stored, lambda pid: summary(pid).code or None)
    number = _next_number(uow, row)
    with context.calling_as(MODULE):
        entry = finance.post_entry(row.company_id, journal(row, number, priced, totals,
                                                           accounts_for(s, row.company_id)))
    row.number, row.status, row.entry_id, row.entry_number = number, "posted", entry.id, entry.number or ""
    s.flush()
    uow.emit(posted_event(row, number, entry.id, totals))
    p = summary(row.party_id)
    return view(s, row, (p.legal_name, p.legal_name_bn or ""), stored=stored, just_posted=True)


def _bill_deductions(uow: UnitOfWork, row: InvoiceRow, data: InvoicePaymentInput) -> tuple[Decimal, Decimal, str]:
    """A vendor bill's whole deductions at source, on the bill as it stands (its lines with their credit and
    debit notes), the rates of its date: VDS (tax.vds_for per line: the VAT the bill shows, VAT and SD Act
    2012 s.49) when the company is a withholding entity, and AIT/TDS (tax.withholding_for) under the
    section on the bill's value excluding VAT, the higher rate when the vendor shows no TIN."""
    from vextrus.modules.tax import api as tax

    s = uow.session
    adj = adjustments(s, row.id)
    entity = data.withhold_vds and withholding_entity(s, row.company_id)
    vds_total = net = ZERO
    codes = []
    for ln in s.scalars(select(LineRow).where(LineRow.invoice_id == row.id).order_by(LineRow.line_no)):
        _, dn, dv = adj.get(ln.line_no, (ZERO, ZERO, ZERO))
        lnet, lvat = ln.net + dn, ln.vat + dv
        net += lnet
        if entity and lnet + lvat > 0:
            r = tax.vds_for(ln.vat_code, lnet + lvat, lvat, row.invoice_date, withholding_entity=True)
            if r.amount:
                vds_total += r.amount
                codes.append(ln.vat_code)
        elif entity and lnet + lvat < 0:  # an adjustment line (a favourable price variance) lowers the VAT shown
            vds_total -= tax.vds_for(ln.vat_code, -(lnet + lvat), -lvat, row.invoice_date, withholding_entity=True).amount
    vds_total = max(vds_total, ZERO)
    ait_total = ZERO
    section = (data.ait_section or "").strip()
    if section:
        try:
            ait_total = tax.withholding_for(section, net, row.invoice_date, has_tin=bool(_party(row.party_id).tin)).amount
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field="ait_section",
                                   details=exc.details) from exc
    return vds_total, ait_total, ",".join(dict.fromkeys(codes))[:20]  # the codes deducted on (the column holds 20)


@dataclass(frozen=True)
class _Split:
    """One invoice's part of a payment: what it settles and the deductions split out of it."""

    row: InvoiceRow
    data: InvoicePaymentInput
    vds: Decimal
    ait: Decimal
    basis_vds: str
    total_due: Decimal

    @property
    def cash(self) -> Decimal:
        return self.data.amount - self.vds - self.ait


def _method(data: InvoicePaymentInput, acc: dict[str, str]) -> tuple[str, str, str]:
    """(method, instrument kept, bank/cash/MFS account) of a payment."""
    given = (data.account_code or "").strip()
    if data.method is None:
        method, instrument = ("cash" if given == acc["cash"] else "bank_transfer"), ""
    else:
        instrument = domain.check_method(data.method, data.cheque_no, data.cheque_date, data.reference,
                                         data.mfs_provider)
        method = data.method.strip().lower()
    return method, instrument, given or acc[{"cash": "cash", "mfs": "mfs"}.get(method, "bank")]


def _split(uow: UnitOfWork, row: InvoiceRow, data: InvoicePaymentInput) -> _Split:
    """Guard the payment of one invoice and split out its deductions (see `record_payment`)."""
    total_due = due(row)
    outstanding = total_due - row.paid
    domain.check_payment(row.status, data.amount, outstanding, row.number or "draft")
    if data.paid_on < row.invoice_date:
        raise ValidationFailed("invoicing.payment_before_invoice", "A payment cannot be dated before its invoice",
                               "চালানের তারিখের আগে পরিশোধ হতে পারে না", field="paid_on")
    if row.kind == "sales":
        vds, ait = data.vds or ZERO, data.ait or ZERO
        domain.check_deductions(data.amount, vds, ait)
        return _Split(row, data, vds, ait, "", total_due)
    if data.vds is not None or data.ait is not None:
        raise ValidationFailed("invoicing.deduction_computed", "A bill's deductions are computed: give the "
                               "AIT section, not amounts", "বিলের উৎসে কর্তন হিসাব করা হয়: পরিমাণ নয়, ধারা দিন",
                               field="vds" if data.vds is not None else "ait")
    vds_total, ait_total, basis_vds = _bill_deductions(uow, row, data)
    done_vds, done_ait = uow.session.execute(
        select(func.coalesce(func.sum(PaymentRow.vds), 0), func.coalesce(func.sum(PaymentRow.ait), 0))
        .where(PaymentRow.invoice_id == row.id)).one()
    settles = data.amount == outstanding
    return _Split(row, data, domain.share(vds_total, data.amount, total_due, Decimal(done_vds), settles),
                  domain.share(ait_total, data.amount, total_due, Decimal(done_ait), settles), basis_vds, total_due)


def _party_lines(sp: _Split, acc: dict[str, str]) -> list:
    """The invoice's receivable/payable line and its deduction lines (the bank line is the payment's)."""
    from vextrus.modules.finance import api as finance

    row, sales, number = sp.row, sp.row.kind == "sales", sp.row.number or ""
    out = [finance.LineIn(account_code=acc["receivable" if sales else "payable"], party_id=row.party_id,
                          memo=number, **{"credit" if sales else "debit": sp.data.amount})]
    for amount, role in ((sp.vds, "vds"), (sp.ait, "ait")):
        if amount:
            out.append(finance.LineIn(account_code=acc[f"{role}_{'receivable' if sales else 'payable'}"],
                                      party_id=row.party_id, memo=f"{role.upper()} {number}",
                                      **{"debit" if sales else "credit": amount}))
    return out


def _post_payment(row: InvoiceRow, paid_on: date, bank, others: list, narration: str, reference: str):  # noqa: ANN001, ANN202
    """One receipt or payment journal: the bank line (None when all was deducted) and the party lines."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    sales = row.kind == "sales"
    banks = [bank] if bank is not None else []
    lines = [*banks, *others] if sales else [*others, *banks]
    bank_at = lines.index(bank) if bank is not None else -1
    with context.calling_as(MODULE):
        try:
            return finance.post_entry(row.company_id, finance.EntryIn(
                journal_type="receipt" if sales else "payment", entry_date=paid_on, lines=lines,
                narration=narration[:500], reference=reference[:100]))
        except DomainError as exc:
            if bank_at >= 0 and exc.field and exc.field.startswith(f"lines[{bank_at}].account_code"):
                raise ValidationFailed(exc.code, exc.message, exc.message_bn, field="account_code",
                                       details=exc.details) from exc
            raise


def _store(uow: UnitOfWork, sp: _Split, method: str, instrument: str, account: str, entry) -> PaymentRow:  # noqa: ANN001
    """The payment row (returned), its certificates (issued ones numbered), the invoice's status, the event."""
    s, row, data = uow.session, sp.row, sp.data
    number = row.number or ""
    pay = PaymentRow(tenant_id=row.tenant_id, invoice_id=row.id, paid_on=data.paid_on, amount=data.amount,
                     account_code=account, method=method, instrument_no=instrument,
                     instrument_date=data.cheque_date if method == "cheque" else None,
                     reference=data.reference.strip(), vds=sp.vds, ait=sp.ait,
                     ait_section=(data.ait_section or "").strip() if sp.ait else "", cash_amount=sp.cash,
                     entry_id=entry.id, entry_number=entry.number or "")
    s.add(pay)
    s.flush()
    year = domain.fiscal_year(data.paid_on)
    for tax_, amount, basis, base in (("vds", sp.vds, sp.basis_vds, data.amount),
                                      ("ait", sp.ait, (data.ait_section or "").strip(), data.amount - sp.vds)):
        if not amount:
            continue
        if row.kind == "sales":
            cert_no, direction = data.certificate_no.strip(), "received"
        else:
            cert_no = domain.certificate_number(tax_, year, next_seq(uow, row.tenant_id, row.company_id,
                                                                     f"{tax_}_cert", year))
            direction = "issued"
        s.add(CertificateRow(tenant_id=row.tenant_id, company_id=row.company_id, invoice_id=row.id, payment_id=pay.id,
                             party_id=row.party_id, tax=tax_, direction=direction, number=cert_no,
                             issued_on=data.paid_on, invoice_number=number, basis=basis, base=base, amount=amount))
    row.paid += data.amount
    row.status = domain.status_after(sp.total_due, row.paid, row.credited)
    s.flush()
    uow.emit(PaymentRecorded(invoice_id=row.id, payment_id=pay.id, company_id=row.company_id, kind=row.kind,
                             amount=data.amount, status=row.status, entry_id=entry.id, vds=sp.vds, ait=sp.ait))
    return pay


@command("invoicing.payment.record", scope="invoicing.record_payment")
def record_payment(uow: UnitOfWork, invoice_id: UUID, data: InvoicePaymentInput) -> InvoiceView:
    """A payment received or made, settling `amount` of the document, with deductions at source split out.

    Vendor bill: Dr payables (the vendor) amount; Cr bank the amount less deductions; Cr VDS payable
    (Mushak 6.6 issued, VAT and SD Act 2012 s.49); Cr AIT/TDS payable (Income Tax Act 2023, the section
    given). Sales invoice: Dr bank; Dr VDS receivable and advance income tax for what the customer
    deducted (its certificate's number kept); Cr receivables (the customer) amount. The bill's deductions
    are computed once on the whole bill and shared out by `domain.share`, so paying in parts in any order
    deducts the same. Each deduction gets a certificate record (issued ones numbered gapless per company,
    tax and fiscal year). When the company's payment workflow says the payment needs approval it is refused
    (409 `invoicing.payment_approval_required`, nothing stored): it goes through a payment draft (issue 16)."""
    from vextrus.modules.finance import api as finance

    row = _load(uow, invoice_id)
    sp = _split(uow, row, data)
    acc = accounts_for(uow.session, row.company_id)
    method, instrument, account = _method(data, acc)
    payment_approvals.check_direct(row.kind, row.party_id, data.amount, method, sp.cash, 1)  # issue 16
    sales, number = row.kind == "sales", row.number or ""
    bank = finance.LineIn(account_code=account, memo=f"{number} {instrument} {data.reference}".strip()[:200],
                          **{"debit" if sales else "credit": sp.cash}) if sp.cash else None
    entry = _post_payment(row, data.paid_on, bank, _party_lines(sp, acc),
                          f"{'Receipt against' if sales else 'Payment of'} {number}", number)
    _store(uow, sp, method, instrument, account, entry)
    return view(uow.session, row, _party_name(row.party_id))


@command("invoicing.payment.record", scope="invoicing.allocate_payment")
def allocate_payment(uow: UnitOfWork, data: PaymentAllocationInput) -> list[InvoiceView]:
    """One payment (one bank movement, one journal) allocated to several invoices or bills of one party and
    kind: per invoice what it settles and its deductions (as `record_payment` would split them), one
    receivable/payable line each, one bank line for the cash of them all. Refused with the allocation's path
    (`allocations[1].amount`); nothing stored when any part is refused. A new cash movement, so held like
    `record_payment` when the payment workflow says it needs approval (`check_direct`)."""
    splits = check_allocations(uow, data)
    first = splits[0].row
    method, _, _ = _method(splits[0].data, accounts_for(uow.session, first.company_id))
    payment_approvals.check_direct(first.kind, first.party_id, sum((sp.data.amount for sp in splits), ZERO), method,
                                   sum((sp.cash for sp in splits), ZERO), len(splits))
    post_allocations(uow, data, splits)
    name = _party_name(splits[0].row.party_id)
    return [view(uow.session, sp.row, name) for sp in splits]


def check_allocations(uow: UnitOfWork, data: PaymentAllocationInput) -> list[_Split]:
    """The guards of a payment allocated to invoices (each invoice's split, one party and kind, the total);
    also what a payment draft is checked by when saved (service/payment_drafts.py)."""
    if not data.allocations:
        raise ValidationFailed("invoicing.allocations_missing", "Allocate the payment to at least one invoice",
                               "অন্তত একটি চালানে পরিশোধ বণ্টন করুন", field="allocations")
    splits: list[_Split] = []
    seen: set[UUID] = set()
    for i, a in enumerate(data.allocations):
        try:
            row = _load(uow, a.invoice_id)
            if a.invoice_id in seen:
                raise ValidationFailed("invoicing.allocation_twice", "An invoice is named twice",
                                       "একটি চালান দুবার দেওয়া হয়েছে", field="invoice_id")
            seen.add(a.invoice_id)
            if splits and (row.company_id, row.kind, row.party_id) != (
                    splits[0].row.company_id, splits[0].row.kind, splits[0].row.party_id):
                raise ValidationFailed("invoicing.allocation_mixed", "One payment settles invoices of one party "
                                       "and kind", "একটি পরিশোধ একই পার্টি ও ধরনের চালানের জন্য", field="invoice_id")
            one = data.model_copy(update={"amount": a.amount, "vds": a.vds, "ait": a.ait})
            splits.append(_split(uow, row, InvoicePaymentInput(**one.model_dump(exclude={"allocations"}))))
        except DomainError as exc:
            if exc.field in (None, "amount", "vds", "ait", "status", "invoice_id"):  # this allocation's own
                exc.field = f"allocations[{i}].{exc.field}" if exc.field else f"allocations[{i}]"
            raise
    total = sum((sp.data.amount for sp in splits), ZERO)
    if data.amount and data.amount != total:
        raise ValidationFailed("invoicing.allocation_total", f"The allocations add up to {total}, not {data.amount}",
                               f"বণ্টনের যোগফল {format_number(total, 2, 'bn')}, {format_number(data.amount, 2, 'bn')} নয়", field="amount")
    _method(splits[0].data, accounts_for(uow.session, splits[0].row.company_id))  # the method's own checks
    return splits


def post_allocations(uow: UnitOfWork, data: PaymentAllocationInput, splits: list[_Split]):  # noqa: ANN201
    """Post the checked allocations as one journal and store each invoice's payment; the journal entry."""
    from vextrus.modules.finance import api as finance

    first = splits[0].row
    acc = accounts_for(uow.session, first.company_id)
    method, instrument, account = _method(splits[0].data, acc)
    sales = first.kind == "sales"
    cash = sum((sp.cash for sp in splits), ZERO)
    numbers = ", ".join(sp.row.number or "" for sp in splits)
    bank = finance.LineIn(account_code=account, memo=f"{instrument} {data.reference}".strip()[:200] or numbers[:200],
                          **{"debit" if sales else "credit": cash}) if cash else None
    others = [ln for sp in splits for ln in _party_lines(sp, acc)]
    entry = _post_payment(first, data.paid_on, bank, others,
                          f"{'Receipt against' if sales else 'Payment of'} {numbers}", numbers)
    for sp in splits:
        _store(uow, sp, method, instrument, account, entry)
    return entry


@query("invoicing.report.view")
def list_certificates(uow: UnitOfWork, company_id: UUID, tax: str | None = None,
                      direction: str | None = None) -> list[InvoiceCertificateView]:
    """The company's deduction certificates (VDS Mushak 6.6 and AIT/TDS), by date and number."""
    context.require_company(company_id, "company", company_id, field="company_id")
    stmt = select(CertificateRow).where(CertificateRow.company_id == company_id)
    if tax:
        stmt = stmt.where(CertificateRow.tax == tax)
    if direction:
        stmt = stmt.where(CertificateRow.direction == direction)
    rows = uow.session.scalars(stmt.order_by(CertificateRow.issued_on, CertificateRow.number).limit(1000))
    return [certificate_view(c) for c in rows]


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
    names: dict[UUID, tuple[str, str]] = {}
    items = []
    for r in page.items:
        if r.party_id not in names:
            names[r.party_id] = _party_name(r.party_id)
        items.append(view(uow.session, r, names[r.party_id], full=False))
    return InvoicePage(items=items, end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@query("invoicing.report.view")
def aging(uow: UnitOfWork, company_id: UUID, kind: str, as_of: date) -> InvoiceAgingView:
    """What was outstanding on `as_of` (invoices posted on or before it, less payments on or before it),
    by party and by days past the due date: 0-30, 31-60, 61-90, over 90. Receivables also count the
    posted RA bills (and retention releases) of contracts, when it runs: a row of their own per client
    (`source` ra_bill), beside the client's invoices (`source` invoice)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    k = domain.kind(kind)
    s = uow.session
    open_ = (InvoiceRow.company_id == company_id, InvoiceRow.kind == k, InvoiceRow.status.not_in(domain.UNPOSTED),
             InvoiceRow.invoice_date <= as_of)
    paid: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for invoice_id, amount in s.execute(select(PaymentRow.invoice_id, PaymentRow.amount)
                                        .join(InvoiceRow, InvoiceRow.id == PaymentRow.invoice_id)
                                        .where(*open_, PaymentRow.paid_on <= as_of)):
        paid[invoice_id] += amount
    for invoice_id, nkind, gross in s.execute(select(NoteRow.invoice_id, NoteRow.kind, NoteRow.gross)
                                              .join(InvoiceRow, InvoiceRow.id == NoteRow.invoice_id)
                                              .where(*open_, NoteRow.note_date <= as_of)):
        paid[invoice_id] += gross if nkind == "credit" else -gross  # a credit note lowers what is due
    fields = dict(zip(domain.BUCKETS, ("days_0_30", "days_31_60", "days_61_90", "days_over_90"), strict=True))
    by_party: dict[tuple[UUID, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for invoice_id, party_id, due_on, gross in s.execute(
            select(InvoiceRow.id, InvoiceRow.party_id, InvoiceRow.due_date, InvoiceRow.gross).where(*open_)):
        due_amount = gross - paid[invoice_id]
        if due_amount:
            by_party[(party_id, "invoice")][fields[domain.bucket(due_on, as_of)]] += due_amount
    for party_id, due_on, due_amount in _ra_bills_due(company_id, as_of) if k == "sales" else []:
        by_party[(party_id, "ra_bill")][fields[domain.bucket(due_on, as_of)]] += due_amount
    advances = unallocated_advances(s, company_id, k, as_of)
    for pid in advances:
        if (pid, "invoice") not in by_party:
            by_party[(pid, "advance")]  # a party with nothing due but an advance: a row of its own
    out = []
    names = party_names(pid for pid, _source in by_party)
    for (pid, source), b in by_party.items():
        en, bn = names[pid]
        adv = advances.get(pid, ZERO) if source in ("invoice", "advance") else ZERO
        total = sum(b.values(), ZERO)
        out.append(InvoiceAgingRow(party_id=pid, party_name=en, party_name_bn=bn, source=source, **b,
                                   total=total, unallocated_advances=adv, net=total - adv))
    out.sort(key=lambda r: (r.party_name, str(r.party_id), r.source))
    totals = InvoiceAgingRow(**{f: sum((getattr(r, f) for r in out), ZERO)
                                for f in (*fields.values(), "total", "unallocated_advances", "net")})
    return InvoiceAgingView(company_id=company_id, kind=k, as_of=as_of, rows=out, totals=totals)


def unallocated_advances(s, company_id: UUID, kind: str, as_of: date,  # noqa: ANN001
                         party_id: UUID | None = None) -> dict[UUID, Decimal]:
    """Per party, its advances (of `kind`) recorded on or before `as_of` and not reversed by then, less what
    allocations on or before `as_of` (not undone by then) used of them and refunds by then (parties with nothing left are left out)."""
    where = [AdvanceRow.company_id == company_id, AdvanceRow.kind == kind, AdvanceRow.paid_on <= as_of]
    if party_id is not None:
        where.append(AdvanceRow.party_id == party_id)
    left: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for pid, amount, reversed_on in s.execute(select(AdvanceRow.party_id, AdvanceRow.amount, AdvanceRow.reversed_on)
                                              .where(*where)):
        if reversed_on is None or reversed_on > as_of:
            left[pid] += amount
    for pid, applied, undone in s.execute(select(AdvanceRow.party_id, AdvanceAllocationRow.applied,
                                                 AdvanceAllocationRow.reversed_on)
                                          .join(AdvanceRow, AdvanceRow.id == AdvanceAllocationRow.advance_id)
                                          .where(*where, AdvanceAllocationRow.allocated_on <= as_of)):
        if undone is None or undone > as_of:  # an allocation undone by then gave its part back (0007)
            left[pid] -= applied
    for pid, refunded in s.execute(select(AdvanceRow.party_id, AdvanceRefundRow.amount)
                                   .join(AdvanceRow, AdvanceRow.id == AdvanceRefundRow.advance_id)
                                   .where(*where, AdvanceRefundRow.refunded_on <= as_of)):
        left[pid] -= refunded
    return {pid: v for pid, v in left.items() if v}


def _ra_bills_due(company_id: UUID, as_of: date) -> list[tuple[UUID, date, Decimal]]:
    """(client, due date, outstanding) of each posted RA bill or retention release still unpaid on `as_of`
    (contracts.api.receivables, when contracts runs: nothing otherwise)."""
    if "contracts" not in runtime.current().registry.names:
        return []
    from vextrus.modules.contracts import api as contracts

    from .. import MODULE

    with context.calling_as(MODULE):
        docs = contracts.receivables(company_id, as_of)
    return [(d.client_party_id, d.due_date, d.outstanding) for d in docs if d.outstanding]


def _load(uow: UnitOfWork, invoice_id: UUID) -> InvoiceRow:
    row = uow.session.get(InvoiceRow, invoice_id)
    if row is None:
        raise domain.InvoiceNotFound(invoice_id)
    context.require_company(row.company_id, "invoice", invoice_id)
    return row
