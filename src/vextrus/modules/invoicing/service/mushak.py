"""Mushak forms from posted documents: the tax invoice (6.3) and VDS certificate (6.6) as PDFs through the
documents module (stored once per content: a second request for the same form gets the same stored PDF),
and the purchase (6.1) and sales (6.2) registers of a month (pure `domain.registers` over two reads), with
their XLSX and CSV downloads."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select

from vextrus.platform import context, runtime
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..domain import registers as reg
from ..domain import vat_return as vr
from ..mushak import (
    MUSHAK_6_3,
    MUSHAK_6_6,
    Mushak63Data,
    Mushak63Line,
    Mushak66Data,
    RegisterRowView,
    RegisterView,
)
from ..tables import CertificateRow, InvoiceRow, LineRow, NoteLineRow, NoteRow

DHAKA = ZoneInfo("Asia/Dhaka")
LANGS = ("en", "bn")


def _lang(lang: str) -> str:
    if lang not in LANGS:
        shown = lang  # the language asked for, as typed
        raise ValidationFailed("invoicing.lang_unknown", f"Forms are printed in English (en) or Bangla (bn), not '{lang}'",
                               f"ফরম ইংরেজি বা বাংলায় ছাপা হয়, '{shown}' এ নয়", field="lang")
    return lang


def _company(company_id: UUID) -> Any:
    from vextrus.modules.organization import api as organization

    return organization.get_company(company_id)


def _parties(ids: set[Any]) -> dict[Any, Any]:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    out = {}
    with context.calling_as(MODULE):
        for pid in ids:
            try:
                out[pid] = master_data.get_party(pid)
            except NotFound:
                out[pid] = None
    return out


def _address(party: Any) -> str:
    if party is None or not party.addresses:
        return ""
    a = next((x for x in party.addresses if x.kind == "registered"), party.addresses[0])
    return ", ".join(p for p in (a.line1, a.line2, a.upazila, a.city or a.district, a.postcode) if p)


def _name(party: Any, lang: str) -> str:
    if party is None:
        return ""
    return (party.legal_name_bn or party.legal_name) if lang == "bn" else party.legal_name


# --- Mushak 6.3 --------------------------------------------------------------------------------------------

@query("invoicing.invoice.view")
def mushak_6_3_data(uow: UnitOfWork, invoice_id: UUID, lang: str = "en") -> Mushak63Data:
    """The tax invoice's content from a posted sales invoice (a draft or a vendor bill has none)."""
    row = uow.session.get(InvoiceRow, invoice_id)
    if row is None:
        raise NotFound("invoice", invoice_id)
    context.require_company(row.company_id, "invoice", invoice_id)
    if row.kind != "sales" or row.status in domain.UNPOSTED or not row.number:
        raise ValidationFailed("invoicing.not_a_tax_invoice",
                               "A tax invoice (Mushak 6.3) is issued for a posted sales invoice only",
                               "কর চালানপত্র (মূসক ৬.৩) শুধু পোস্ট করা বিক্রয় চালানের জন্য দেওয়া হয়", field="invoice_id")
    company = _company(row.company_id)
    party = _parties({row.party_id})[row.party_id]
    lines = [Mushak63Line(serial=ln.line_no, description=ln.description, quantity=ln.quantity,
                          unit_price=ln.unit_price, value=ln.net, vat_rate=ln.vat_rate, vat=ln.vat, total=ln.gross)
             for ln in uow.session.scalars(select(LineRow).where(LineRow.invoice_id == row.id)
                                           .order_by(LineRow.line_no))]
    # the time of issue: when the invoice was recorded (the posting time is not kept apart), in Dhaka
    created = row.created_at
    issued = (created if created.tzinfo else created.replace(tzinfo=ZoneInfo("UTC"))).astimezone(DHAKA)
    seller = (company.name_bn or company.name) if (company and lang == "bn") else (company.name if company else "")
    return Mushak63Data(doc_date=row.invoice_date, issued_at=issued.strftime("%H:%M"), invoice_number=row.number,
                        seller_name=seller, seller_address=(company.address or "") if company else "",
                        seller_bin=(company.bin or "") if company else "", buyer_name=_name(party, lang),
                        buyer_address=_address(party), buyer_bin=(party.bin or "") if party else "",
                        lines=lines, value=row.net, vat=row.vat, total=row.gross)


def _print(doc_type: str, lang: str, data: Any, source_id: UUID, company_id: UUID, filename: str) -> bytes:
    """The stored form (found again when its content is unchanged) within the document's company, its PDF."""
    from vextrus.modules.documents import api as documents

    from .. import MODULE

    with context.calling_as(MODULE):
        return documents.print_document(doc_type, lang, data, company_id=company_id, source_id=source_id,
                                        filename=filename).content


def mushak_6_3_pdf(invoice_id: UUID, lang: str = "en") -> tuple[str, bytes]:
    """(file name, PDF) of the tax invoice of a posted sales invoice, in English or Bangla."""
    data = mushak_6_3_data(invoice_id, _lang(lang))
    company_id = _invoice_company(invoice_id)
    name = f"Mushak-6.3-{data.invoice_number}-{lang}.pdf"
    return name, _print(MUSHAK_6_3.code, lang, data, invoice_id, company_id, name)


@query("invoicing.invoice.view")
def _invoice_company(uow: UnitOfWork, invoice_id: UUID) -> UUID:
    row = uow.session.get(InvoiceRow, invoice_id)
    if row is None:
        raise NotFound("invoice", invoice_id)
    context.require_company(row.company_id, "invoice", invoice_id)
    return row.company_id


# --- Mushak 6.6 --------------------------------------------------------------------------------------------

@query("invoicing.invoice.view")
def mushak_6_6_data(uow: UnitOfWork, certificate_id: UUID, lang: str = "en") -> tuple[UUID, Mushak66Data]:
    """A VDS certificate's content: a VDS deduction the company made paying a vendor (`issued`)."""
    c = uow.session.get(CertificateRow, certificate_id)
    if c is None:
        raise NotFound("certificate", certificate_id)
    context.require_company(c.company_id, "certificate", certificate_id)
    if c.tax != "vds" or c.direction != "issued":
        raise ValidationFailed("invoicing.not_a_vds_certificate",
                               "Mushak 6.6 is printed for VAT the company deducted at source paying a vendor",
                               "মূসক ৬.৬ শুধু সরবরাহকারীকে পরিশোধে কোম্পানির উৎসে কর্তিত মূসকের জন্য ছাপা হয়",
                               field="certificate_id")
    inv = uow.session.get(InvoiceRow, c.invoice_id)
    company = _company(c.company_id)
    party = _parties({c.party_id})[c.party_id]
    withholder = (company.name_bn or company.name) if (company and lang == "bn") else (company.name if company else "")
    return c.company_id, Mushak66Data(
        doc_date=c.issued_on, certificate_number=c.number, withholder_name=withholder,
        withholder_address=(company.address or "") if company else "", withholder_bin=(company.bin or "") if company else "",
        supplier_name=_name(party, lang), supplier_address=_address(party), supplier_bin=(party.bin or "") if party else "",
        invoice_number=(inv.reference or c.invoice_number) if inv else c.invoice_number,
        invoice_date=inv.invoice_date if inv else c.issued_on, vat_code=c.basis, value=c.base, vat=c.amount)


def mushak_6_6_pdf(certificate_id: UUID, lang: str = "en") -> tuple[str, bytes]:
    company_id, data = mushak_6_6_data(certificate_id, _lang(lang))
    name = f"Mushak-6.6-{data.certificate_number}-{lang}.pdf"
    return name, _print(MUSHAK_6_6.code, lang, data, certificate_id, company_id, name)


# --- registers 6.1 / 6.2 ---------------------------------------------------------------------------------

def _side(side: str) -> str:
    if side not in reg.FORMS:
        raise ValidationFailed("invoicing.register_unknown", "The register is 'purchase' (6.1) or 'sales' (6.2)",
                               "রেজিস্টার হয় 'purchase' (৬.১) নয়তো 'sales' (৬.২)", field="side")
    return side


@query("invoicing.report.view")
def register_rows(uow: UnitOfWork, company_id: UUID, side: str, month: str) -> tuple[reg.Register, dict[Any, Any]]:
    """The month's register of a side and the parties it names (id → master data's party or None)."""
    side = _side(side)
    context.require_company(company_id, "company", company_id, field="company_id")
    start, end = vr.period_of(month)
    s = uow.session
    entries = [reg.Entry("invoice", d, num, num, pid, ln, desc, qty, code, rate, net, vat)
               for d, num, pid, ln, desc, qty, code, rate, net, vat in s.execute(
                   select(InvoiceRow.invoice_date, InvoiceRow.number, InvoiceRow.party_id, LineRow.line_no,
                          LineRow.description, LineRow.quantity, LineRow.vat_code, LineRow.vat_rate, LineRow.net,
                          LineRow.vat)
                   .join(LineRow, LineRow.invoice_id == InvoiceRow.id)
                   .where(InvoiceRow.company_id == company_id, InvoiceRow.kind == side, InvoiceRow.status.not_in(domain.UNPOSTED),
                          InvoiceRow.invoice_date >= start, InvoiceRow.invoice_date <= end))]
    entries += [reg.Entry(kind, d, num, inum or "", pid, ln, desc, qty, code, rate, net, vat)
                for kind, d, num, inum, pid, ln, desc, qty, code, rate, net, vat in s.execute(
                    select(NoteRow.kind, NoteRow.note_date, NoteRow.number, InvoiceRow.number, InvoiceRow.party_id,
                           NoteLineRow.invoice_line_no, LineRow.description, NoteLineRow.quantity, LineRow.vat_code,
                           LineRow.vat_rate, NoteLineRow.net, NoteLineRow.vat)
                    .join(NoteLineRow, NoteLineRow.note_id == NoteRow.id)
                    .join(InvoiceRow, InvoiceRow.id == NoteRow.invoice_id)
                    .join(LineRow, and_(LineRow.invoice_id == NoteRow.invoice_id,
                                        LineRow.line_no == NoteLineRow.invoice_line_no))
                    .where(NoteRow.company_id == company_id, NoteRow.side == side, NoteRow.note_date >= start,
                           NoteRow.note_date <= end))]
    if side == "sales":
        entries += _running_bills(company_id, start, end)
    r = reg.register(side, start.strftime("%Y-%m"), entries)
    return r, _parties({e.party_id for e in entries})


def _running_bills(company_id: UUID, start: date, end: date) -> list[reg.Entry]:
    """Posted RA bills are supplies of the sales register as they are of the 9.1 (contracts.api, when it runs):
    one row each, the contract named in the description."""
    if "contracts" not in runtime.current().registry.names:
        return []
    from vextrus.modules.contracts import api as contracts

    from .. import MODULE

    with context.calling_as(MODULE):
        bills = contracts.vat_supply_bills(company_id, start, end)
    return [reg.Entry("ra_bill", b.bill_date, b.number, b.number, b.client_party_id, 1,
                      f"{b.contract_code} — {b.contract_title}", None, b.vat_code, b.vat_rate, b.value, b.vat)
            for b in bills]


COLUMNS = (  # key, English, Bangla, kind
    ("serial", "Sl.", "ক্রমিক", "int"),
    ("doc_date", "Date", "তারিখ", "date"),
    ("doc", "Document", "দলিল", "text"),
    ("number", "Number", "নম্বর", "text"),
    ("invoice_number", "Invoice number", "চালানপত্র নম্বর", "text"),
    ("party", "Party", "পক্ষ", "text"),
    ("party_bin", "BIN", "বিআইএন", "text"),
    ("description", "Description", "বিবরণ", "text"),
    ("quantity", "Quantity", "পরিমাণ", "number"),
    ("vat_code", "VAT code", "মূসক কোড", "text"),
    ("vat_rate", "VAT rate (%)", "মূসকের হার (%)", "number"),
    ("value", "Value", "মূল্য", "money"),
    ("sd", "SD", "সম্পূরক শুল্ক", "money"),
    ("vat", "VAT", "মূসক", "money"),
    ("total", "Total", "মোট", "money"),
)
DOC_NAMES = {"en": {"invoice": "Invoice", "ra_bill": "Running bill", "credit": "Credit note (6.7)",
                    "debit": "Debit note (6.8)"},
             "bn": {"invoice": "চালানপত্র", "ra_bill": "চলতি বিল", "credit": "ক্রেডিট নোট (৬.৭)",
                    "debit": "ডেবিট নোট (৬.৮)"}}


def register_table(company_id: UUID, side: str, month: str, lang: str = "en") -> tuple[reg.Register, list[dict]]:
    """The register and its rows as dicts (party names in the language), the same for page and files."""
    r, parties = register_rows(company_id, side, month)
    rows = []
    for x in r.rows:
        p = parties.get(x.party_id)
        rows.append({"serial": x.serial, "doc_date": x.doc_date, "doc": DOC_NAMES[lang][x.doc], "doc_kind": x.doc,
                     "number": x.number, "invoice_number": x.invoice_number, "party": _name(p, lang),
                     "party_bin": (p.bin or "") if p else "", "description": x.description, "quantity": x.quantity,
                     "vat_code": x.vat_code, "vat_rate": x.vat_rate, "value": x.value, "sd": x.sd, "vat": x.vat,
                     "total": x.total})
    return r, rows


def _title(r: reg.Register, lang: str) -> str:
    if lang == "bn":
        name = "ক্রয় হিসাব পুস্তক" if r.side == "purchase" else "বিক্রয় হিসাব পুস্তক"
        from vextrus.platform.i18n import to_bangla_digits

        return to_bangla_digits(f"{name} (মূসক-{r.form}) — {r.period}")
    return f"{'Purchase' if r.side == 'purchase' else 'Sales'} register (Mushak-{r.form}) — {r.period}"


def register_xlsx(company_id: UUID, side: str, month: str, lang: str = "en") -> tuple[str, bytes]:
    from vextrus.modules.documents import api as documents

    r, rows = register_table(company_id, side, month, _lang(lang))
    totals = {"description": "মোট" if lang == "bn" else "Total", "value": r.value, "sd": r.sd, "vat": r.vat,
              "total": r.total}
    cols = [documents.Column(k, en, bn, kind) for k, en, bn, kind in COLUMNS]  # type: ignore[arg-type]
    data = documents.xlsx_table(cols, [*rows, totals], sheet=f"Mushak {r.form}", locale=lang, title=_title(r, lang))
    return f"Mushak-{r.form}-{r.period}-{lang}.xlsx", data


def _csv_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def register_csv(company_id: UUID, side: str, month: str, lang: str = "en") -> tuple[str, bytes]:
    """UTF-8 with a byte-order mark (Excel opens Bangla right); amounts as plain decimals, a total line last;
    a cell starting with = + - @ is prefixed with ' so a spreadsheet does not run it."""
    r, rows = register_table(company_id, side, month, _lang(lang))
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([bn if lang == "bn" else en for _k, en, bn, _kind in COLUMNS])
    totals = {"description": "মোট" if lang == "bn" else "Total", "value": r.value, "sd": r.sd, "vat": r.vat,
              "total": r.total}
    for row in [*rows, totals]:
        cells = []
        for k, *_ in COLUMNS:
            v = row.get(k)
            text = _csv_value(v)
            if not isinstance(v, Decimal) and text[:1] in ("=", "+", "-", "@"):
                text = "'" + text
            cells.append(text)
        w.writerow(cells)
    return f"Mushak-{r.form}-{r.period}-{lang}.csv", ("\ufeff" + out.getvalue()).encode("utf-8")


def register_view(company_id: UUID, side: str, month: str, lang: str = "en") -> RegisterView:
    r, rows = register_table(company_id, side, month, _lang(lang))
    return RegisterView(company_id=str(company_id), side=r.side, form=r.form, period=r.period,
                        rows=[RegisterRowView(**{**x, "doc": x["doc_kind"]}) for x in rows], value=r.value, sd=r.sd,
                        vat=r.vat, total=r.total)
