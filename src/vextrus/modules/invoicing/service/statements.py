"""A party's statement (issue 16): a customer's or vendor's invoices, notes, payments and advances by date with
their running balance.

Presented as Odoo's partner ledger and ERPNext's party statement are: debit and credit columns, a running
balance. An advance is a line on its date (a customer's advance received: a credit, what the customer owes falls,
below zero while it is held; a vendor's advance paid: a debit, what is owed to the vendor falls). Its reversal is a
line of its own on its date, the opposite. An allocation is one line per invoice settled: the invoice's settled
amount on one side, the advance used on the other, so it moves nothing net unless VDS/AIT was withheld (the
difference, the party's tax deducted at source, then moves the balance as it would on a payment). A payment the
allocation recorded on the invoice (method `advance`) is that line, not a payment line. A client's statement holds
its construction billing too (contracts.api.receivables, when contracts runs): each posted RA bill and retention
release on its date (what it made receivable: the bill's net payable, the release's retention and deposit) and
each ledger credit against it on its date (a receipt; a receipt's reversal is a negative credit), their
outstanding counted in `open_invoices`. So the closing balance is (open invoices and RA bills) - (unallocated
advances) on date_to, to the poisha."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context, runtime
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..schemas import PartyStatementLine, PartyStatementView
from ..statement_print import PARTY_STATEMENT, SOURCE_TYPE, PartyStatementPrintData, StatementPrintLine
from ..tables import AdvanceAllocationRow, AdvanceRefundRow, AdvanceRow, InvoiceRow, NoteRow, PaymentRow
from .invoices import _party_name, unallocated_advances

ORDER = {"invoice": 0, "ra_bill": 0, "release": 0, "debit_note": 1, "credit_note": 2, "payment": 3,
         "ra_receipt": 3, "advance": 4, "advance_allocation": 5, "advance_allocation_reversal": 6, "advance_refund": 7,
         "advance_reversal": 8}
RA_DOCS = {"ra_bill": ("RA bill", "চলতি বিল"), "release": ("Retention released", "জামানত ফেরত")}


@query("invoicing.report.view")
def party_statement(uow: UnitOfWork, company_id: UUID, kind: str, party_id: UUID, date_to: date,
                    date_from: date | None = None) -> PartyStatementView:
    """The party's statement (see the module's docstring); lines before `date_from` make the opening balance."""
    context.require_company(company_id, "company", company_id, field="company_id")
    k = domain.kind(kind)
    if date_from is not None and date_from > date_to:
        raise ValidationFailed("invoicing.statement_dates", "The statement's start is after its end",
                               "বিবরণীর শুরুর তারিখ শেষের তারিখের পরে", field="date_from")
    try:
        en, bn = _party_name(party_id)
    except DomainError as exc:
        raise ValidationFailed("invoicing.party_unknown", f"No party {party_id}: pick one from the party list",
                               "এই পার্টি নেই: তালিকা থেকে বাছুন", field="party_id") from exc
    s = uow.session
    sales = k == "sales"
    raw: list[tuple[date, str, str, str, str, str, Decimal, Decimal]] = []  # date, doc, no, inv, en, bn, up, down

    def add(on: date, doc: str, number: str, inv: str, den: str, dbn: str, up: Decimal = ZERO,
            down: Decimal = ZERO) -> None:
        raw.append((on, doc, number, inv, den, dbn, up, down))

    inv_where = (InvoiceRow.company_id == company_id, InvoiceRow.kind == k, InvoiceRow.party_id == party_id,
                 InvoiceRow.status.not_in(domain.UNPOSTED), InvoiceRow.invoice_date <= date_to)
    numbers: dict[UUID, str] = {}
    open_invoices = ZERO
    for iid, number, on, gross in s.execute(select(InvoiceRow.id, InvoiceRow.number, InvoiceRow.invoice_date,
                                                   InvoiceRow.gross).where(*inv_where)):
        numbers[iid] = number or ""
        open_invoices += gross
        add(on, "invoice", number or "", "", "Bill" if not sales else "Invoice", "বিল" if not sales else "চালান",
            up=gross)
    if numbers:
        for iid, nkind, number, on, gross in s.execute(select(NoteRow.invoice_id, NoteRow.kind, NoteRow.number,
                                                              NoteRow.note_date, NoteRow.gross)
                                                       .where(NoteRow.invoice_id.in_(numbers), NoteRow.note_date <= date_to)):
            credit = nkind == "credit"
            open_invoices += -gross if credit else gross
            add(on, f"{nkind}_note", number, numbers[iid], "Credit note" if credit else "Debit note",
                "ক্রেডিট নোট" if credit else "ডেবিট নোট", **{"down" if credit else "up": gross})
        for iid, method, on, amount, ref in s.execute(select(PaymentRow.invoice_id, PaymentRow.method,
                                                             PaymentRow.paid_on, PaymentRow.amount, PaymentRow.reference)
                                                      .where(PaymentRow.invoice_id.in_(numbers),
                                                             PaymentRow.paid_on <= date_to)):
            open_invoices -= amount
            if method != "advance":  # an allocation's payment is its allocation line
                add(on, "payment", ref, numbers[iid], "Receipt" if sales else "Payment",
                    "প্রাপ্তি" if sales else "পরিশোধ", down=amount)
    if sales:
        for doc in _ra_documents(company_id, party_id, date_to):
            en_doc, bn_doc = RA_DOCS[doc.kind]
            add(doc.document_date, doc.kind, doc.number, doc.contract_code, en_doc, bn_doc, up=doc.receivable)
            for c in doc.credits:
                add(c.entry_date, "ra_receipt", c.entry_number, doc.number, "Receipt", "প্রাপ্তি", down=c.amount)
            open_invoices += doc.outstanding
    adv_where = (AdvanceRow.company_id == company_id, AdvanceRow.kind == k, AdvanceRow.party_id == party_id,
                 AdvanceRow.paid_on <= date_to)
    adv_numbers: dict[UUID, str] = {}
    for aid, number, on, amount, reversed_on in s.execute(select(AdvanceRow.id, AdvanceRow.number, AdvanceRow.paid_on,
                                                                 AdvanceRow.amount, AdvanceRow.reversed_on)
                                                          .where(*adv_where)):
        adv_numbers[aid] = number
        add(on, "advance", number, "", "Advance received" if sales else "Advance paid",
            "অগ্রিম প্রাপ্তি" if sales else "অগ্রিম প্রদান", down=amount)
        if reversed_on is not None and reversed_on <= date_to:
            add(reversed_on, "advance_reversal", number, "", "Advance reversed", "অগ্রিম রিভার্স", up=amount)
    if adv_numbers:
        for aid, iid, on, amount, applied, undone in s.execute(
                select(AdvanceAllocationRow.advance_id, AdvanceAllocationRow.invoice_id,
                       AdvanceAllocationRow.allocated_on, AdvanceAllocationRow.amount, AdvanceAllocationRow.applied,
                       AdvanceAllocationRow.reversed_on)
                .where(AdvanceAllocationRow.advance_id.in_(adv_numbers), AdvanceAllocationRow.allocated_on <= date_to)):
            add(on, "advance_allocation", adv_numbers[aid], numbers.get(iid, ""), "Advance allocated",
                "অগ্রিম সমন্বয়", up=applied, down=amount)
            if undone is not None and undone <= date_to:  # its undo: the invoice open again, the advance back (0007)
                add(undone, "advance_allocation_reversal", adv_numbers[aid], numbers.get(iid, ""),
                    "Advance allocation undone", "অগ্রিম সমন্বয় ফেরত", up=amount, down=applied)
        for aid, on, amount in s.execute(select(AdvanceRefundRow.advance_id, AdvanceRefundRow.refunded_on,
                                                AdvanceRefundRow.amount)
                                         .where(AdvanceRefundRow.advance_id.in_(adv_numbers),
                                                AdvanceRefundRow.refunded_on <= date_to)):
            add(on, "advance_refund", adv_numbers[aid], "", "Advance refunded", "অগ্রিম ফেরত", up=amount)
    raw.sort(key=lambda r: (r[0], ORDER[r[1]], r[2]))
    opening = balance = ZERO
    lines: list[PartyStatementLine] = []
    for on, doc, number, inv, den, dbn, up, down in raw:
        balance += up - down
        if date_from is not None and on < date_from:
            opening = balance
            continue
        debit, credit = (up, down) if sales else (down, up)
        lines.append(PartyStatementLine(entry_date=on, doc=doc, number=number, invoice_number=inv, description=den,
                                        description_bn=dbn, debit=debit, credit=credit, balance=balance))
    advances = unallocated_advances(s, company_id, k, date_to, party_id).get(party_id, ZERO)
    return PartyStatementView(company_id=company_id, kind=k, party_id=party_id, party_name=en, party_name_bn=bn,
                              date_from=date_from, date_to=date_to, opening_balance=opening, lines=lines,
                              closing_balance=balance, open_invoices=open_invoices, unallocated_advances=advances)


def _ra_documents(company_id: UUID, party_id: UUID, date_to: date) -> list:
    """The client's RA bills and retention releases with their dated credits (contracts.api; none when
    contracts does not run in this deployment)."""
    if "contracts" not in runtime.current().registry.names:
        return []
    from vextrus.modules.contracts import api as contracts

    from .. import MODULE

    with context.calling_as(MODULE):
        return [d for d in contracts.receivables(company_id, date_to) if d.client_party_id == party_id]


MAX_PRINTED_LINES = 5000


def statement_pdf(company_id: UUID, kind: str, party_id: UUID, date_to: date, date_from: date | None = None,
                  lang: str = "en") -> tuple[str, bytes]:
    """(file name, PDF) of the party's statement in English or Bangla, stored by the documents module (found
    again while the statement is unchanged) within the company; the reader needs the statement's own right."""
    from vextrus.modules.documents import api as documents

    from .. import MODULE

    lang = "bn" if lang == "bn" else "en"
    st = party_statement(company_id, kind, party_id, date_to, date_from)
    if len(st.lines) > MAX_PRINTED_LINES:
        raise ValidationFailed("invoicing.statement_too_long",
                               f"The statement has {len(st.lines)} lines; print at most {MAX_PRINTED_LINES} by "
                               "giving a later start date",
                               f"বিবরণীতে {to_bangla_digits(str(len(st.lines)))}টি লাইন; একবারে সর্বোচ্চ "
                               f"{to_bangla_digits(str(MAX_PRINTED_LINES))}টি ছাপা যায়: শুরুর তারিখ পরে দিন",
                               field="date_from")
    bn = lang == "bn"
    data = PartyStatementPrintData(
        doc_date=st.date_to, kind=st.kind, party_name=(st.party_name_bn if bn and st.party_name_bn else st.party_name),
        date_from=st.date_from, opening_balance=st.opening_balance, closing_balance=st.closing_balance,
        open_invoices=st.open_invoices, unallocated_advances=st.unallocated_advances,
        lines=[StatementPrintLine(entry_date=ln.entry_date, description=ln.description_bn if bn else ln.description,
                                  number=ln.number, against=ln.invoice_number, debit=ln.debit, credit=ln.credit,
                                  balance=ln.balance) for ln in st.lines])
    name = f"Statement-{st.kind}-{date_to.isoformat()}-{lang}.pdf"
    with context.calling_as(MODULE):
        printed = documents.print_document(PARTY_STATEMENT.code, lang, data, company_id=company_id,
                                           source_type=SOURCE_TYPE, source_id=party_id, filename=name,
                                           key=f"{company_id}:{st.kind}:{party_id}:{date_from}:{date_to}")
    return name, printed.content
