"""An RA bill printed as a PDF (English or Bangla) through the documents module (`ra_bill`, declared in
`contracts/ra_bill.py`), as invoicing prints its Mushak 6.3: the bill's stored figures are copied into the
document's data (nothing recomputed: the sheet's amounts, the gross, VAT, deductions and net payable are the
bill's to the poisha) and the document is generated within the bill's company (its letterhead and archive
numbering). Stored once per content: the idempotency key names the bill, the language and a digest of the
data, so asking again gives back the same stored PDF.

Only a certified or posted bill is printed: its figures are fixed from certification, so the copy printed
when it was certified is the one returned after it is posted (the status is not printed). A draft (still
being measured) and a reversed bill (no longer owed) are refused, naming `status` (409).

Who may print: whoever may read contracts (`contracts.contract.read`); contracts generates the document and
reads the stored file back as itself (its `uses`: documents.document.create/view, files.file.view; a nested
call keeps them, so documents storing the file through files is still contracts' call). No documents
permission of the user's own is needed; without `contracts.contract.read` the bill is refused (403)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, round_amount
from vextrus.platform.uow import UnitOfWork, query

from ..ra_bill import RA_BILL, SOURCE_TYPE, RaBillPrintData, RaBillPrintLine
from ..repository import bill_lines, bills
from .bills import _load_bill

LANGS = ("en", "bn")
PRINTABLE = ("certified", "posted")
STATUS_BN = {"draft": "খসড়া", "certified": "প্রত্যয়িত", "posted": "পোস্ট করা", "reversed": "রিভার্স করা"}


@dataclass(frozen=True)
class PrintedBill:
    """The stored RA bill document (id, archive number, SHA-256 of the PDF) and the PDF itself."""

    document_id: UUID
    number: str
    sha256: str
    bill_number: str
    lang: str
    filename: str
    content: bytes


def _lang(lang: str) -> str:
    if lang not in LANGS:
        value = lang  # as typed
        raise ValidationFailed("contracts.lang_unknown", f"A bill is printed in English (en) or Bangla (bn), not "
                               f"'{lang}'", f"বিল ইংরেজি (en) বা বাংলায় (bn) ছাপা হয়, '{value}' এ নয়", field="lang")
    return lang


def _client(party_id: UUID, lang: str) -> tuple[str, str, str]:
    """The client's name (Bangla when it has one, on the Bangla page), registered address and BIN."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            p = master_data.get_party(party_id)
        except NotFound:
            return "", "", ""
    name = (p.legal_name_bn or p.legal_name) if lang == "bn" else p.legal_name
    address = ""
    if p.addresses:
        a = next((x for x in p.addresses if x.kind == "registered"), p.addresses[0])
        address = ", ".join(x for x in (a.line1, a.line2, a.upazila, a.city or a.district, a.postcode) if x)
    return name, address, p.bin or ""


def _project(project_id: UUID, lang: str) -> str:
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        p = projects.get_project(project_id)
    if p is None:
        return ""
    return f"{p.code} — {(p.name_bn or p.name) if lang == 'bn' else p.name}"


@query("contracts.contract.read")
def bill_print_data(uow: UnitOfWork, bill_id: UUID, lang: str = "en") -> tuple[UUID, RaBillPrintData]:
    """(company, the printed bill's data) of a certified or posted bill; a draft or reversed one is refused
    naming `status`."""
    lang = _lang(lang)
    b, row = _load_bill(uow, bill_id)
    if b.status not in PRINTABLE:
        raise Conflict("contracts.bill_not_printable",
                       f"Bill {b.number} is {b.status}: only a certified or posted bill is printed",
                       f"বিল {to_bangla_digits(b.number)} এখন {STATUS_BN.get(b.status, b.status)}: শুধু প্রত্যয়িত বা "
                       "পোস্ট করা বিল ছাপা যায়", field="status", details={"status": b.status})
    if row.kind != "client":
        raise Conflict("contracts.bill_not_printable", f"Bill {b.number} is a subcontractor's bill: it has no printed "
                       "form yet", f"বিল {to_bangla_digits(b.number)} উপ-ঠিকাদারের বিল: এর ছাপা রূপ এখনও নেই",
                       field="contract_kind", details={"contract_kind": row.kind})
    s = uow.session
    lines = bill_lines(s, b.id)
    earlier = [x for x in bills(s, row.id) if x.seq < b.seq and x.status != "reversed"]
    period_from = earlier[-1].bill_date + timedelta(days=1) if earlier else row.contract_date
    out = [RaBillPrintLine(serial=i + 1, item_no=ln.item_no, description=ln.description, unit=ln.unit,
                           variation=ln.kind == "variation", rate=ln.rate, contract_quantity=ln.contract_quantity,
                           previous_quantity=ln.previous_quantity, this_quantity=ln.this_quantity,
                           cumulative_quantity=ln.cumulative_quantity, previous_amount=ln.previous_amount,
                           this_amount=ln.this_amount, cumulative_amount=ln.cumulative_amount)
           for i, ln in enumerate(lines)]
    this = sum((ln.this_amount for ln in lines), ZERO)
    deductions = b.retention + b.advance_recovered + b.security_deposit + b.ait
    if this != b.gross or b.gross + b.vat - deductions != b.net_payable:  # the bill's own promise, kept visible
        raise Conflict("contracts.bill_figures", f"Bill {b.number}'s sheet does not add up to its stored figures",
                       f"বিল {to_bangla_digits(b.number)} এর পরিমাপ তালিকা সংরক্ষিত অঙ্কের সাথে মেলে না", field="gross")
    client_name, client_address, client_bin = _client(row.client_party_id, lang)
    title = (row.title_bn or row.title) if lang == "bn" else row.title
    data = RaBillPrintData(
        doc_date=b.bill_date, bill_number=b.number, final=b.final, period_from=period_from, period_to=b.bill_date,
        client_name=client_name[:200], client_address=client_address[:500], client_bin=client_bin[:20],
        contract_code=row.code, contract_title=title[:200], contract_date=row.contract_date,
        contract_value=sum((round_amount(ln.contract_quantity * ln.rate) for ln in lines), ZERO),
        project=_project(row.project_id, lang)[:260], currency=row.currency or "BDT", lines=out,
        previous_amount=sum((ln.previous_amount for ln in lines), ZERO),
        cumulative_amount=sum((ln.cumulative_amount for ln in lines), ZERO), gross=b.gross, vat_rate=b.vat_rate,
        vat=b.vat, retention_pct=row.retention_pct, retention=b.retention, advance_recovered=b.advance_recovered,
        security_deposit_pct=row.security_deposit_pct, security_deposit=b.security_deposit, ait_rate=b.ait_rate,
        ait=b.ait, deductions=deductions, net_payable=b.net_payable, certified_by=(b.certified_by or "")[:200])
    return row.company_id, data


def bill_pdf(bill_id: UUID, lang: str = "en") -> PrintedBill:
    """The RA bill as a PDF in English or Bangla, generated once per content and stored by the documents
    module (source `contracts.ra_bill`, the bill's id) within the bill's company."""
    from vextrus.modules.documents import api as documents

    from .. import MODULE

    company_id, data = bill_print_data(bill_id, lang)
    safe = data.bill_number.replace("/", "-")
    with context.calling_as(MODULE):
        p = documents.print_document(RA_BILL.code, lang, data, company_id=company_id, source_type=SOURCE_TYPE,
                                     source_id=bill_id, filename=f"RA-bill-{safe}-{lang}.pdf")
    return PrintedBill(document_id=p.document_id, number=p.number, sha256=p.sha256, bill_number=data.bill_number,
                       lang=lang, filename=p.filename, content=p.content)
