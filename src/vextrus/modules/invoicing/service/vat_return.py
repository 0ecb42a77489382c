"""Mushak 9.1 preview: the month's posted invoices, bills, notes and RA bills summed by VAT code and rate in the
database (one GROUP BY each), the codes' kinds from the tax module, VDS from the certificates, then the
pure `domain.vat_return.mushak_9_1`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import and_, func, select

from vextrus.platform import context, runtime
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..domain import vat_return as vr
from ..schemas import VatReturnLineView, VatReturnView
from ..tables import CertificateRow, InvoiceRow, LineRow, NoteLineRow, NoteRow


def _kind(kinds: dict[str, str], code: str, rate: Decimal) -> str:
    """The code's kind from the tax module's table; a code no longer in it by its rate."""
    if code.upper() in kinds:
        return kinds[code.upper()]
    return "exempt" if not rate else ("standard" if rate == 15 else "reduced")


def _running_bills(company_id: UUID, start: date, end: date, kinds: dict[str, str]) -> list[vr.Figure]:
    """Posted RA bills of the month are supplies too (a contractor's main output VAT): read from contracts
    when it runs, as sales figures beside the invoices'."""
    if "contracts" not in runtime.current().registry.names:
        return []
    from vextrus.modules.contracts import api as contracts

    from .. import MODULE

    with context.calling_as(MODULE):
        return [vr.Figure("sales", "invoice", _kind(kinds, s.vat_code, s.vat_rate), s.vat_rate, s.value, s.vat)
                for s in contracts.vat_supplies(company_id, start, end)]


@query("invoicing.report.view")
def vat_return(uow: UnitOfWork, company_id: UUID, month: str) -> VatReturnView:
    from vextrus.modules.tax import api as tax

    context.require_company(company_id, "company", company_id, field="company_id")
    start, end = vr.period_of(month)
    kinds = {c.code.upper(): c.kind for c in tax.vat_codes(start)}
    s = uow.session
    figures = []
    for side, code, rate, net, vat in s.execute(
            select(InvoiceRow.kind, LineRow.vat_code, LineRow.vat_rate, func.sum(LineRow.net), func.sum(LineRow.vat))
            .join(LineRow, LineRow.invoice_id == InvoiceRow.id)
            .where(InvoiceRow.company_id == company_id, InvoiceRow.status.not_in(domain.UNPOSTED),
                   InvoiceRow.invoice_date >= start, InvoiceRow.invoice_date <= end)
            .group_by(InvoiceRow.kind, LineRow.vat_code, LineRow.vat_rate)):
        figures.append(vr.Figure(side, "invoice", _kind(kinds, code, rate), Decimal(rate), Decimal(net), Decimal(vat)))
    for side, doc, code, rate, net, vat in s.execute(
            select(NoteRow.side, NoteRow.kind, LineRow.vat_code, LineRow.vat_rate, func.sum(NoteLineRow.net),
                   func.sum(NoteLineRow.vat))
            .join(NoteLineRow, NoteLineRow.note_id == NoteRow.id)
            .join(LineRow, and_(LineRow.invoice_id == NoteRow.invoice_id,
                                LineRow.line_no == NoteLineRow.invoice_line_no))
            .where(NoteRow.company_id == company_id, NoteRow.note_date >= start, NoteRow.note_date <= end)
            .group_by(NoteRow.side, NoteRow.kind, LineRow.vat_code, LineRow.vat_rate)):
        figures.append(vr.Figure(side, doc, _kind(kinds, code, rate), Decimal(rate), Decimal(net), Decimal(vat)))
    figures.extend(_running_bills(company_id, start, end, kinds))
    vds = dict(s.execute(select(CertificateRow.direction, func.sum(CertificateRow.amount))
                         .where(CertificateRow.company_id == company_id, CertificateRow.tax == "vds",
                                CertificateRow.issued_on >= start, CertificateRow.issued_on <= end)
                         .group_by(CertificateRow.direction)).all())
    r = vr.mushak_9_1(start.strftime("%Y-%m"), figures, Decimal(vds.get("issued") or 0),
                      Decimal(vds.get("received") or 0))

    def v(lines: list[vr.ReturnLine]) -> list[VatReturnLineView]:
        return [VatReturnLineView(key=ln.key, note=ln.note, rate=ln.rate, value=ln.value, vat=ln.vat) for ln in lines]

    return VatReturnView(company_id=company_id, period=r.period, supplies=v(r.supplies), purchases=v(r.purchases),
                         increasing=v(r.increasing), decreasing=v(r.decreasing), output_tax=r.output_tax,
                         input_credit=r.input_credit, increasing_total=r.increasing_total,
                         decreasing_total=r.decreasing_total, net_payable=r.net_payable)
