"""Vendor performance over a period, optionally for one project (the requisition's) or one store (the
order's): four set-based reads (orders, GRN lines with their due dates, matched bills with the order rates,
quotations with the selection), then the pure `domain.vendor_performance`. Each fact is dated by its own
document: orders by the order date, deliveries by the GRN date, bills by the bill date, quotations by the
requisition's date. Needs `procurement.purchase_order.view`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, select

from vextrus.platform import clock, context
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..schemas import (
    VendorBillFact,
    VendorDeliveryFact,
    VendorOrderFact,
    VendorPerformanceDetail,
    VendorPerformanceReport,
    VendorPerformanceView,
)
from ..tables import (
    BillMatchRow,
    GrnLineRow,
    GrnRow,
    OrderLineRow,
    OrderRow,
    QuotationRow,
    RequisitionLineRow,
    RequisitionRow,
    RfqRow,
    RfqVendorRow,
    SelectionRow,
)

PERMISSION = "procurement.purchase_order.view"
PLACED = ("approved", "partially_received", "received")
DEFAULT_DAYS = 365
MAX_DAYS = 3660


class _Filter:
    def __init__(self, company_id: UUID, start: date, end: date, project_id: UUID | None, store_id: UUID | None,
                 vendor_id: UUID | None) -> None:
        self.company_id, self.start, self.end = company_id, start, end
        self.project_id, self.store_id, self.vendor_id = project_id, store_id, vendor_id

    def orders(self, q: Select[Any]) -> Select[Any]:
        """The order's company, store, project (through its RFQ's requisition) and vendor; the caller joined
        OrderRow, and RfqRow/RequisitionRow as outer joins."""
        q = q.where(OrderRow.company_id == self.company_id)
        if self.store_id is not None:
            q = q.where(OrderRow.store_id == self.store_id)
        if self.project_id is not None:
            q = q.where(RequisitionRow.project_id == self.project_id)
        if self.vendor_id is not None:
            q = q.where(OrderRow.party_id == self.vendor_id)
        return q


def _with_requisition(q: Select[Any]) -> Select[Any]:
    return q.outerjoin(RfqRow, OrderRow.rfq_id == RfqRow.id).outerjoin(
        RequisitionRow, RfqRow.requisition_id == RequisitionRow.id)


def _period(company_id: UUID | None, date_from: date | None, date_to: date | None) -> tuple[UUID, date, date]:
    cid = company_id or context.current().company_id
    if cid is None:
        raise domain.bad("company_missing", "Choose a company", "একটি কোম্পানি বাছুন", field="company_id")
    context.require_company(cid, "company", cid, field="company_id")
    end = date_to or clock.today()
    start = date_from or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise domain.bad("period_invalid", "The period's start is after its end", "সময়ের শুরু শেষের পরে",
                         field="from")
    if (end - start).days >= MAX_DAYS:
        raise domain.bad("period_too_long", "At most ten years at a time", "একবারে সর্বোচ্চ দশ বছর", field="from")
    return cid, start, end


def _read(uow: UnitOfWork, f: _Filter) -> dict[str, Any]:
    s = uow.session
    names: dict[UUID, tuple[str, str]] = {}
    orders = s.execute(f.orders(_with_requisition(
        select(OrderRow.id, OrderRow.party_id, OrderRow.party_name, OrderRow.party_name_bn, OrderRow.number,
               OrderRow.order_date, OrderRow.status, OrderRow.total).select_from(OrderRow)))
        .where(OrderRow.order_date >= f.start, OrderRow.order_date <= f.end, OrderRow.status.in_(PLACED))
        .order_by(OrderRow.order_date, OrderRow.number)).all()
    for o in orders:
        names[o.party_id] = (o.party_name, o.party_name_bn)
    deliveries = s.execute(f.orders(_with_requisition(
        select(GrnRow.id.label("grn_id"), GrnRow.number.label("grn_number"), GrnRow.receipt_date,
               OrderRow.id.label("order_id"), OrderRow.number.label("order_number"), OrderRow.party_id,
               OrderRow.party_name, OrderRow.party_name_bn, OrderRow.order_date, GrnLineRow.line_no,
               GrnLineRow.received, GrnLineRow.accepted, GrnLineRow.rejected, QuotationRow.delivery_days,
               RequisitionLineRow.needed_by, OrderLineRow.item_code)
        .select_from(GrnLineRow).join(GrnRow, GrnLineRow.grn_id == GrnRow.id)
        .join(OrderRow, GrnRow.order_id == OrderRow.id)))
        .outerjoin(QuotationRow, and_(QuotationRow.rfq_id == OrderRow.rfq_id, QuotationRow.party_id == OrderRow.party_id,
                                      QuotationRow.item_id == GrnLineRow.item_id))
        .outerjoin(RequisitionLineRow, and_(RequisitionLineRow.requisition_id == RfqRow.requisition_id,
                                            RequisitionLineRow.item_id == GrnLineRow.item_id))
        .outerjoin(OrderLineRow, and_(OrderLineRow.order_id == OrderRow.id, OrderLineRow.line_no == GrnLineRow.line_no))
        .where(GrnRow.receipt_date >= f.start, GrnRow.receipt_date <= f.end)
        .order_by(GrnRow.receipt_date, GrnRow.number, GrnLineRow.line_no)).all()
    for d in deliveries:
        names.setdefault(d.party_id, (d.party_name, d.party_name_bn))
    bills = s.execute(f.orders(_with_requisition(
        select(BillMatchRow.id, BillMatchRow.reference, BillMatchRow.bill_date, BillMatchRow.lines,
               OrderRow.id.label("order_id"), OrderRow.number.label("order_number"), OrderRow.party_id,
               OrderRow.party_name, OrderRow.party_name_bn)
        .select_from(BillMatchRow).join(OrderRow, BillMatchRow.order_id == OrderRow.id)))
        .where(BillMatchRow.status == "matched", BillMatchRow.bill_date >= f.start, BillMatchRow.bill_date <= f.end)
        .order_by(BillMatchRow.bill_date, BillMatchRow.reference)).all()
    rates: dict[tuple[UUID, int], Decimal] = {}
    if bills:
        for r in s.execute(select(OrderLineRow.order_id, OrderLineRow.line_no, OrderLineRow.rate)
                           .where(OrderLineRow.order_id.in_({b.order_id for b in bills}))):
            rates[(r.order_id, r.line_no)] = r.rate
    for b in bills:
        names.setdefault(b.party_id, (b.party_name, b.party_name_bn))
    q = (select(QuotationRow.rfq_id, QuotationRow.item_id, QuotationRow.party_id, QuotationRow.rate,
                SelectionRow.party_id.label("selected_id"), RfqVendorRow.party_name, RfqVendorRow.party_name_bn)
         .select_from(QuotationRow).join(RfqRow, QuotationRow.rfq_id == RfqRow.id)
         .join(RequisitionRow, RfqRow.requisition_id == RequisitionRow.id)
         .outerjoin(SelectionRow, and_(SelectionRow.rfq_id == QuotationRow.rfq_id, SelectionRow.item_id == QuotationRow.item_id))
         .outerjoin(RfqVendorRow, and_(RfqVendorRow.rfq_id == QuotationRow.rfq_id, RfqVendorRow.party_id == QuotationRow.party_id))
         .where(RfqRow.company_id == f.company_id, RequisitionRow.requested_on >= f.start,
                RequisitionRow.requested_on <= f.end))
    if f.store_id is not None:
        q = q.where(RequisitionRow.store_id == f.store_id)
    if f.project_id is not None:
        q = q.where(RequisitionRow.project_id == f.project_id)
    quotes = s.execute(q).all()  # every vendor's quotations on those CSs: the lowest needs all of them
    lowest: dict[tuple[UUID, UUID], Decimal] = {}
    for r in quotes:
        k = (r.rfq_id, r.item_id)
        lowest[k] = min(lowest.get(k, r.rate), r.rate)
    quoted = [r for r in quotes if f.vendor_id is None or r.party_id == f.vendor_id]
    for r in quoted:
        names.setdefault(r.party_id, (r.party_name or "", r.party_name_bn or ""))
    return {"orders": orders, "deliveries": deliveries, "bills": bills, "rates": rates, "quotes": quoted,
            "lowest": lowest, "names": names}


def _due(d: Any) -> date | None:
    return domain.due_date(d.order_date, d.delivery_days, d.needed_by)


def _bill_lines(facts: dict[str, Any]) -> list[tuple[Any, dict[str, Any], Decimal]]:
    return [(b, ln, facts["rates"][(b.order_id, int(ln["line_no"]))]) for b in facts["bills"] for ln in b.lines
            if (b.order_id, int(ln["line_no"])) in facts["rates"]]


def _compute(facts: dict[str, Any]) -> list[VendorPerformanceView]:
    rows = domain.vendor_performance(
        [domain.PlacedOrder(o.party_id, o.id, o.total) for o in facts["orders"]],
        [domain.Delivery(d.party_id, d.receipt_date, _due(d), d.received, d.accepted, d.rejected)
         for d in facts["deliveries"]],
        [domain.BilledLine(b.party_id, Decimal(ln["quantity"]), Decimal(ln["rate"]), rate)
         for b, ln, rate in _bill_lines(facts)],
        [domain.QuotedItem(r.party_id, r.rate == facts["lowest"][(r.rfq_id, r.item_id)], r.selected_id == r.party_id)
         for r in facts["quotes"]])
    names = facts["names"]
    return [VendorPerformanceView(vendor_name=names.get(p.vendor_id, ("", ""))[0],
                                  vendor_name_bn=names.get(p.vendor_id, ("", ""))[1], **vars(p)) for p in rows]


@query(PERMISSION, scope="procurement.vendor_performance")
def vendor_performance(uow: UnitOfWork, company_id: UUID | None = None, date_from: date | None = None,
                       date_to: date | None = None, project_id: UUID | None = None,
                       store_id: UUID | None = None) -> VendorPerformanceReport:
    """Every vendor with an order, a delivery, a matched bill or a quotation in the period, best score first."""
    cid, start, end = _period(company_id, date_from, date_to)
    facts = _read(uow, _Filter(cid, start, end, project_id, store_id, None))
    return VendorPerformanceReport(company_id=cid, date_from=start, date_to=end, project_id=project_id,
                                   store_id=store_id, vendors=_compute(facts))


@query(PERMISSION, scope="procurement.vendor_performance_detail")
def vendor_performance_detail(uow: UnitOfWork, vendor_id: UUID, company_id: UUID | None = None,
                              date_from: date | None = None, date_to: date | None = None,
                              project_id: UUID | None = None, store_id: UUID | None = None) -> VendorPerformanceDetail:
    """One vendor's figures and the orders, GRN lines and bill lines behind them."""
    cid, start, end = _period(company_id, date_from, date_to)
    facts = _read(uow, _Filter(cid, start, end, project_id, store_id, vendor_id))
    rows = _compute(facts)
    if rows:
        perf = rows[0]
    else:
        name = _vendor_name(vendor_id)
        perf = VendorPerformanceView(vendor_name=name[0], vendor_name_bn=name[1],
                                     **vars(domain.VendorPerformance(vendor_id=vendor_id)))
    return VendorPerformanceDetail(
        company_id=cid, date_from=start, date_to=end, project_id=project_id, store_id=store_id, performance=perf,
        orders=[VendorOrderFact(order_id=o.id, number=o.number, order_date=o.order_date, status=o.status, total=o.total)
                for o in facts["orders"]],
        deliveries=[VendorDeliveryFact(grn_id=d.grn_id, grn_number=d.grn_number, order_id=d.order_id,
                                       order_number=d.order_number, line_no=d.line_no, item_code=d.item_code or "",
                                       receipt_date=d.receipt_date, due=_due(d),
                                       days_late=None if _due(d) is None else (d.receipt_date - _due(d)).days,
                                       received=d.received, accepted=d.accepted, rejected=d.rejected)
                    for d in facts["deliveries"] if d.received > 0],
        bills=[VendorBillFact(match_id=b.id, reference=b.reference, bill_date=b.bill_date, order_id=b.order_id,
                              order_number=b.order_number, line_no=int(ln["line_no"]), quantity=Decimal(ln["quantity"]),
                              bill_rate=Decimal(ln["rate"]), order_rate=rate) for b, ln, rate in _bill_lines(facts)])


def _vendor_name(vendor_id: UUID) -> tuple[str, str]:
    """A vendor with nothing in the period: its name from master data (404 when there is no such party)."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        p = master_data.get_party(vendor_id)
    return p.legal_name, p.legal_name_bn or ""


# ---- the table as a file (CSV exact decimals; XLSX through documents' xlsx_table) ------------------------

COLUMNS: tuple[tuple[str, str, str, str], ...] = (  # key, English, Bangla, kind (documents.Column)
    ("vendor_name", "Vendor", "বিক্রেতা", "text"),
    ("orders", "Orders", "ক্রয়াদেশ", "int"),
    ("order_value", "Order value", "ক্রয়াদেশের মূল্য", "money"),
    ("deliveries", "Deliveries", "সরবরাহ", "int"),
    ("on_time", "On time", "সময়মতো", "int"),
    ("late", "Late", "দেরিতে", "int"),
    ("on_time_pct", "On time %", "সময়মতো %", "number"),
    ("avg_days_late", "Average days late", "গড় দেরি (দিন)", "number"),
    ("received", "Received", "প্রাপ্ত", "number"),
    ("accepted", "Accepted", "গৃহীত", "number"),
    ("rejected", "Rejected", "বাতিল", "number"),
    ("rejection_pct", "Rejected %", "বাতিল %", "number"),
    ("price_variance", "Price variance", "দরের পার্থক্য", "money"),
    ("price_variance_pct", "Price variance %", "দরের পার্থক্য %", "number"),
    ("quoted", "Items quoted", "দর দেওয়া পণ্য", "int"),
    ("lowest", "Lowest", "সর্বনিম্ন", "int"),
    ("selected_not_lowest", "Selected, not lowest", "সর্বনিম্ন না হয়েও বাছাই", "int"),
    ("score", "Score", "স্কোর", "number"),
)
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def vendor_performance_file(report: VendorPerformanceReport, fmt: str = "csv", lang: str = "en") \
        -> tuple[str, str, bytes]:
    """(file name, media type, content) of the table, headers in English or Bangla; numbers stay plain
    decimals with a dot (a file is read by programs; the CSV is exact), names in the chosen language."""
    import csv
    import io

    if fmt not in ("csv", "xlsx"):
        raise domain.bad("format_unknown", "The file is csv or xlsx", "ফাইল csv বা xlsx হয়", field="format")
    if lang not in ("en", "bn"):
        raise domain.bad("lang_unknown", "The language is en or bn", "ভাষা en বা bn হয়", field="lang")
    bn = lang == "bn"
    rows = [{**v.model_dump(), "vendor_name": (v.vendor_name_bn or v.vendor_name) if bn else v.vendor_name}
            for v in report.vendors]
    base = f"vendor-performance_{report.date_from.isoformat()}_{report.date_to.isoformat()}"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([b if bn else e for _, e, b, _ in COLUMNS])
        for r in rows:
            w.writerow(["" if r[k] is None else format(r[k], "f") if isinstance(r[k], Decimal) else r[k]
                        for k, _, _, _ in COLUMNS])
        return f"{base}.csv", CSV_TYPE, buf.getvalue().encode("utf-8-sig" if bn else "utf-8")
    from vextrus.modules.documents import api as documents

    cols = [documents.Column(k, e, b, kind=kind) for k, e, b, kind in COLUMNS]  # type: ignore[arg-type]
    title = ("বিক্রেতার কার্যকারিতা" if bn else "Vendor performance") + \
        f" {report.date_from.isoformat()} – {report.date_to.isoformat()}"
    return f"{base}.xlsx", XLSX_TYPE, documents.xlsx_table(cols, rows, sheet="vendors", locale=lang, title=title)
