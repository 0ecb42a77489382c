"""Pages of procurement (thin: the service decides everything): requisitions (list, form, the requisition
with its actions and RFQs), the CS sheet side by side with quotation entry and selection, purchase orders
(list; an order with its lines, history, receipts (GRN form) and vendor bills), vendor performance (the
table best score first, a vendor's orders and GRNs, the table as CSV/XLSX)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.modules.workflow import api as workflow
from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import approvals, approvals_requisition, service
from .schemas import (
    BillInput,
    BillLineInput,
    GrnInput,
    GrnLineInput,
    QuotationInput,
    QuotationLineInput,
    RequisitionInput,
    RequisitionLineInput,
    RfqInput,
    SelectionInput,
)

router = APIRouter(prefix="/procurement", include_in_schema=False)
FORM_LINES = 5


def _company(company: UUID | None) -> UUID | None:
    from vextrus.modules.organization import api as organization

    if company is not None:
        return company
    active = context.current().company_id
    if active is not None:
        return active
    companies = sorted(organization.list_companies(), key=lambda c: c.code)
    return companies[0].id if companies else None


def _items() -> list:
    """Items to choose from, read with the user's own rights (none when they may not read them)."""
    from vextrus.modules.master_data import api as master_data

    try:
        return master_data.search_items("", limit=200)
    except DomainError:
        return []


def _vendors() -> list:
    from vextrus.modules.master_data import api as master_data

    try:
        return master_data.search_parties("", role="vendor", limit=200)
    except DomainError:
        return []


def _stores(cid: UUID) -> list:
    from vextrus.modules.inventory import api as inventory

    try:
        return inventory.list_stores(cid)
    except DomainError:
        return []


def _dec(raw: str, field: str) -> Decimal:
    try:
        return Decimal(raw.strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationFailed("procurement.number_invalid", f"'{raw}' is not a number", f"'{raw}' সংখ্যা নয়",
                               field=field) from None


def _day(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationFailed("procurement.date_invalid", f"'{raw}' is not a date", f"'{raw}' তারিখ নয়",
                               field=field) from None


def _id(raw: str, field: str) -> UUID:
    try:
        return UUID(raw.strip())
    except ValueError:
        raise ValidationFailed("procurement.id_invalid", "Choose from the list", "তালিকা থেকে বাছুন", field=field) from None


# ---- requisitions


def _index(request: Request, cid: UUID | None, status_code: int = 200, error: str | None = None,
           form: dict | None = None) -> HTMLResponse:
    reqs = service.list_requisitions(cid, first=200).items if cid else []
    return render(request, "procurement/index.html", status_code=status_code, company_id=cid, requisitions=reqs,
                  stores=_stores(cid) if cid else [], items=_items() if cid else [], lines=range(FORM_LINES),
                  error=error, form=form or {})


@router.get("", response_class=HTMLResponse)
def page(request: Request, company: UUID | None = None) -> HTMLResponse:
    return _index(request, _company(company))


@router.post("/requisitions")
def create_requisition(request: Request, company_id: str = Form(""), store_id: str = Form(""),
                       requested_on: str = Form(""), activity_code: str = Form(""), note: str = Form(""),
                       item_id: list[str] = Form([]), quantity: list[str] = Form([]),
                       needed_by: list[str] = Form([])) -> Response:
    cid = _company(UUID(company_id) if company_id else None)
    form = {"store_id": store_id, "requested_on": requested_on, "activity_code": activity_code, "note": note}
    try:
        lines = [RequisitionLineInput(item_id=_id(i, f"lines[{n}].item_id"), quantity=_dec(q, f"lines[{n}].quantity"),
                                      needed_by=_day(d, f"lines[{n}].needed_by"))
                 for n, (i, q, d) in enumerate(zip(item_id, quantity, needed_by, strict=False)) if i and q.strip()]
        r = service.create_requisition(RequisitionInput(
            company_id=cid, store_id=_id(store_id, "store_id"), requested_on=_day(requested_on, "requested_on"),
            activity_code=activity_code or None, note=note, lines=lines))
    except DomainError as exc:
        return _index(request, cid, 422, error_text(request, exc), form)
    return RedirectResponse(f"/procurement/requisitions/{r.id}", status_code=303)


@router.post("/requisitions/from-suggestions")
def requisition_from_suggestions(request: Request, form: FormBody) -> Response:
    """Inventory's suggestions page (`/inventory/reorder`) posts the chosen items of one store here: a DRAFT
    requisition at the suggested quantities, then its page; a refusal is shown with its field and a way back."""
    from .schemas import RequisitionFromSuggestionsInput

    cid = _company(_uuid_or_none(str(form.get("company_id", ""))))
    key = str(form.get("idempotency_key", "")).strip() or None
    try:
        if cid is None:
            raise ValidationFailed("procurement.company_unknown", "No company yet", "এখনও কোনো কোম্পানি নেই",
                                   field="company_id")
        items = [_id(str(v), f"item_ids[{n}]") for n, v in enumerate(form.getlist("item_id"))]
        r = service.create_requisition_from_suggestions(RequisitionFromSuggestionsInput(
            company_id=cid, store_id=_id(str(form.get("store_id", "")), "store_id"), item_ids=items),
            idempotency_key=key)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        field = {"store_id": "procurement.from_suggestions_store", "item_ids": "procurement.from_suggestions_items"
                 }.get((exc.field or "").split("[")[0])
        return render(request, "procurement/from_suggestions.html", status_code=422 if exc.status < 500 else exc.status,
                      company_id=cid, error=error_text(request, exc), field=exc.field or "", field_key=field)
    return RedirectResponse(f"/procurement/requisitions/{r.id}", status_code=303)


def _uuid_or_none(raw: str) -> UUID | None:
    try:
        return UUID(raw) if raw else None
    except ValueError:
        return None


def _requisition(request: Request, requisition_id: UUID, status_code: int = 200,
                 error: str | None = None) -> HTMLResponse:
    r = service.get_requisition(requisition_id)
    rfqs = service.list_rfqs(r.id) if context.current().can("procurement.rfq.view") else []
    approval, needs = approvals_requisition.latest(r.id), False
    if r.status in ("draft", "submitted", "rejected") and workflow.running():
        needs = service.requisition_needs_approval(r.id)
    return render(request, "procurement/requisition.html", status_code=status_code, r=r, rfqs=rfqs,
                  vendors=_vendors() if r.status == "approved" else [], error=error, approval=approval,
                  needs_approval=needs)


@router.get("/requisitions/{requisition_id}", response_class=HTMLResponse)
def requisition(request: Request, requisition_id: UUID) -> HTMLResponse:
    return _requisition(request, requisition_id)


@router.post("/requisitions/{requisition_id}/{action}")
def requisition_action(request: Request, requisition_id: UUID, action: str, version: int = Form(0),
                       reason: str = Form(""), vendor_id: list[str] = Form([])) -> Response:
    try:
        if action == "submit":
            service.submit_requisition(requisition_id, version or None)
        elif action == "submit-for-approval":
            inst = approvals_requisition.submit_requisition_for_approval(requisition_id)
            return RedirectResponse(f"/workflow/instances/{inst.id}", status_code=303)
        elif action == "cancel":
            service.cancel_requisition(requisition_id, reason, version or None)
        elif action == "approve":
            service.approve_requisition(requisition_id, version or None)
        elif action == "reject":
            service.reject_requisition(requisition_id, reason, version or None)
        elif action == "rfq":
            rfq = service.create_rfq(RfqInput(requisition_id=requisition_id,
                                              vendor_ids=[_id(v, "vendor_ids") for v in vendor_id]))
            return RedirectResponse(f"/procurement/rfqs/{rfq.id}", status_code=303)
        else:
            return Response(status_code=404)
    except DomainError as exc:
        return _requisition(request, requisition_id, 422, error_text(request, exc))
    return RedirectResponse(f"/procurement/requisitions/{requisition_id}", status_code=303)


# ---- the comparative statement


def _cs(request: Request, rfq_id: UUID, status_code: int = 200, error: str | None = None) -> HTMLResponse:
    cs = service.comparative_statement(rfq_id)
    return render(request, "procurement/cs.html", status_code=status_code, cs=cs, error=error)


@router.get("/rfqs/{rfq_id}", response_class=HTMLResponse)
def comparative_statement(request: Request, rfq_id: UUID) -> HTMLResponse:
    return _cs(request, rfq_id)


@router.get("/rfqs/{rfq_id}/vendors/{vendor_id}/rfq.pdf", response_model=None)
def rfq_pdf(request: Request, rfq_id: UUID, vendor_id: UUID, lang: str | None = None) -> Response:
    """The RFQ's letter to one vendor (PDF) in the page's language (or `lang`); a refusal shows the CS page."""
    from .rest import rfq_pdf_response

    if lang not in ("en", "bn"):
        lang = "bn" if context.current().locale == "bn" else "en"
    try:
        return rfq_pdf_response(service.issue_rfq_pdf(rfq_id, vendor_id, lang))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return _cs(request, rfq_id, 422, error_text(request, exc))


@router.post("/rfqs/{rfq_id}/vendors/{vendor_id}/send")
def send_rfq(request: Request, rfq_id: UUID, vendor_id: UUID, lang: str = Form("")) -> Response:
    """E-mail the RFQ (PDF attached) to the vendor, in the chosen language (the page's by default)."""
    if lang not in ("en", "bn"):
        lang = "bn" if context.current().locale == "bn" else "en"
    try:
        service.send_rfq(rfq_id, vendor_id, lang)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return _cs(request, rfq_id, 422, error_text(request, exc))
    return RedirectResponse(f"/procurement/rfqs/{rfq_id}", status_code=303)


@router.post("/rfqs/{rfq_id}/quotations")
def enter_quotation(request: Request, rfq_id: UUID, form: FormBody) -> Response:
    try:
        party = _id(str(form.get("party_id", "")), "party_id")
        cs = service.comparative_statement(rfq_id)
        lines = []
        for n, row in enumerate(cs.rows):
            rate = str(form.get(f"rate_{row.item_id}", "")).strip()
            if rate:
                days = str(form.get(f"days_{row.item_id}", "") or "0").strip()
                lines.append(QuotationLineInput(item_id=row.item_id, rate=_dec(rate, f"lines[{n}].rate"),
                                                delivery_days=int(_dec(days, f"lines[{n}].delivery_days")),
                                                terms=str(form.get(f"terms_{row.item_id}", ""))[:200]))
        service.enter_quotation(rfq_id, QuotationInput(party_id=party, lines=lines))
    except DomainError as exc:
        return _cs(request, rfq_id, 422, error_text(request, exc))
    return RedirectResponse(f"/procurement/rfqs/{rfq_id}", status_code=303)


@router.post("/rfqs/{rfq_id}/select")
def select_vendors(request: Request, rfq_id: UUID, form: FormBody) -> Response:
    try:
        cs = service.comparative_statement(rfq_id)
        sels = [SelectionInput(item_id=row.item_id, party_id=_id(str(form.get(f"pick_{row.item_id}", "")),
                                                                  f"selections[{n}].party_id"),
                               reason=str(form.get(f"reason_{row.item_id}", ""))[:500])
                for n, row in enumerate(cs.rows)]
        service.select_vendors(rfq_id, sels, int(str(form.get("version", "0")) or 0) or None)
    except DomainError as exc:
        return _cs(request, rfq_id, 422, error_text(request, exc))
    return RedirectResponse(f"/procurement/rfqs/{rfq_id}", status_code=303)


@router.post("/rfqs/{rfq_id}/orders")
def create_orders(request: Request, rfq_id: UUID, order_date: str = Form("")) -> Response:
    try:
        orders = service.create_orders(rfq_id, _day(order_date, "order_date"))
    except DomainError as exc:
        return _cs(request, rfq_id, 422, error_text(request, exc))
    return RedirectResponse(f"/procurement/orders?company={orders[0].company_id}" if orders else "/procurement/orders",
                            status_code=303)


# ---- purchase orders, receipts, bills


@router.get("/orders", response_class=HTMLResponse)
def orders(request: Request, company: UUID | None = None) -> HTMLResponse:
    cid = _company(company)
    return render(request, "procurement/orders.html", company_id=cid,
                  orders=service.list_orders(cid, first=200).items if cid else [])


def _order(request: Request, order_id: UUID, status_code: int = 200, error: str | None = None,
           form: dict | None = None) -> HTMLResponse:
    po = service.get_order(order_id)
    ctx = context.current()
    grns = service.list_grns(po.id) if ctx.can("procurement.receipt.view") else []
    bills = service.list_bill_matches(po.id) if ctx.can("procurement.bill.view") else []
    approval, needs = approvals.latest(po.id), False
    if po.status == "draft" and workflow.running():
        needs = service.order_needs_approval(po.id)
    return render(request, "procurement/order.html", status_code=status_code, po=po, grns=grns, bills=bills,
                  error=error, form=form or {}, history_of=("procurement.purchase_order", po.id),
                  approval=approval, needs_approval=needs,
                  may_approve=po.status == "draft" and service.may_approve_order(po.id),
                  rejection=next((h for h in reversed(approval.history) if h.kind == "rejected"), None)
                  if approval is not None and approval.status == "rejected" else None)


@router.get("/orders/{order_id}", response_class=HTMLResponse)
def order(request: Request, order_id: UUID) -> HTMLResponse:
    return _order(request, order_id)


@router.get("/orders/{order_id}/work-order.docx", response_model=None)
def work_order(request: Request, order_id: UUID, lang: str | None = None) -> Response:
    """The order's work order letter (Word) in the page's language (or `lang`); a refusal shows the order."""
    from .rest import work_order_response

    if lang not in ("en", "bn"):
        lang = "bn" if context.current().locale == "bn" else "en"
    try:
        return work_order_response(service.issue_work_order(order_id, lang))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return _order(request, order_id, 422, error_text(request, exc))


@router.post("/orders/{order_id}/approve")
def approve_order(request: Request, order_id: UUID, version: int = Form(0)) -> Response:
    try:
        service.approve_order(order_id, version or None)
    except DomainError as exc:
        return _order(request, order_id, 422, error_text(request, exc))
    return RedirectResponse(f"/procurement/orders/{order_id}", status_code=303)


@router.post("/orders/{order_id}/submit-for-approval")
def submit_order_for_approval(request: Request, order_id: UUID) -> Response:
    """The order page's button on a draft that needs approval: send it, then show the approval's page."""
    try:
        inst = approvals.submit_order(order_id)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return _order(request, order_id, 422, error_text(request, exc))
    return RedirectResponse(f"/workflow/instances/{inst.id}", status_code=303)


@router.post("/orders/{order_id}/receipts")
def receive_goods(request: Request, order_id: UUID, body: FormBody) -> Response:
    form = {k: str(v) for k, v in body.items()}
    try:
        po = service.get_order(order_id)
        lines = []
        for n, ln in enumerate(po.lines):
            got = form.get(f"received_{ln.line_no}", "").strip()
            if got:
                rej = form.get(f"rejected_{ln.line_no}", "").strip() or "0"
                received, rejected = _dec(got, f"lines[{n}].received"), _dec(rej, f"lines[{n}].rejected")
                lines.append(GrnLineInput(line_no=ln.line_no, received=received, accepted=received - rejected,
                                          rejected=rejected))
        service.receive_goods(GrnInput(order_id=order_id, receipt_date=_day(form.get("receipt_date", ""), "receipt_date"),
                                       challan_no=form.get("challan_no", "")[:60],
                                       vehicle_no=form.get("vehicle_no", "")[:40], lines=lines))
    except DomainError as exc:
        return _order(request, order_id, 422, error_text(request, exc), form)
    return RedirectResponse(f"/procurement/orders/{order_id}", status_code=303)


def _grn(request: Request, grn_id: UUID, status_code: int = 200, error: DomainError | None = None,
         section_only: bool = False) -> HTMLResponse:
    """A goods receipt note with its lines and photos. get_grn checks `procurement.receipt.view` (and the
    company and project) before anything is read; the order is read only for its item codes."""
    grn = service.get_grn(grn_id)
    photos = service.list_grn_photos(grn.id)
    try:
        po = service.get_order(grn.order_id)
    except DomainError:
        po = None
    items = {ln.line_no: ln for ln in po.lines} if po else {}
    return render(request, "procurement/grn_photos.html" if section_only else "procurement/grn.html",
                  status_code=status_code, grn=grn, po=po, items=items, photos=photos,
                  error=error_text(request, error) if error else None, error_field=error.field if error else None,
                  error_code=error.code if error else None, can_attach=context.current().can("procurement.receipt.create"))


@router.get("/receipts/{grn_id}", response_class=HTMLResponse)
def grn(request: Request, grn_id: UUID) -> HTMLResponse:
    return _grn(request, grn_id)


@router.post("/receipts/{grn_id}/photos/import", response_class=HTMLResponse)
async def attach_grn_photo(request: Request, grn_id: UUID, name: str | None = None) -> HTMLResponse:
    """The page's upload of one photo (the raw body, sent by the page's script with the CSRF header; one request
    a chosen photo), answered with the photos section; a refusal is shown in it with the field (422)."""
    from starlette.concurrency import run_in_threadpool

    from .rest import body_chunks

    error: DomainError | None = None
    try:
        await run_in_threadpool(service.attach_grn_photo, grn_id, name, body_chunks(request))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        error = exc
    return await run_in_threadpool(_grn, request, grn_id, 200 if error is None else 422, error, True)


@router.post("/orders/{order_id}/bills")
def match_bill(request: Request, order_id: UUID, body: FormBody) -> Response:
    form = {k: str(v) for k, v in body.items()}
    try:
        po = service.get_order(order_id)
        lines = [BillLineInput(line_no=ln.line_no, quantity=_dec(form[f"bill_qty_{ln.line_no}"], f"lines[{n}].quantity"),
                               rate=_dec(form.get(f"bill_rate_{ln.line_no}", ""), f"lines[{n}].rate"))
                 for n, ln in enumerate(po.lines) if form.get(f"bill_qty_{ln.line_no}", "").strip()]
        service.match_bill(BillInput(order_id=order_id, reference=form.get("reference", "")[:100],
                                     bill_date=_day(form.get("bill_date", ""), "bill_date"), lines=lines))
    except DomainError as exc:
        return _order(request, order_id, 422, error_text(request, exc), form)
    return RedirectResponse(f"/procurement/orders/{order_id}", status_code=303)


# ---- vendor performance


def _opt_day(raw: str, field: str) -> date | None:
    return _day(raw, field) if raw.strip() else None


def _opt_id(raw: str, field: str) -> UUID | None:
    return _id(raw, field) if raw.strip() else None


def _perf_args(company: UUID | None, date_from: str, date_to: str, project_id: str, store_id: str) -> dict:
    return {"company_id": _company(company), "date_from": _opt_day(date_from, "from"),
            "date_to": _opt_day(date_to, "to"), "project_id": _opt_id(project_id, "project_id"),
            "store_id": _opt_id(store_id, "store_id")}


def _query(report) -> str:  # noqa: ANN001 (a report or a detail)
    from urllib.parse import urlencode

    q = {"company": report.company_id, "from": report.date_from.isoformat(), "to": report.date_to.isoformat()}
    if report.project_id:
        q["project_id"] = report.project_id
    if report.store_id:
        q["store_id"] = report.store_id
    return urlencode(q)


@router.get("/vendors", response_class=HTMLResponse)
def vendors(request: Request, company: UUID | None = None, date_from: str = Query("", alias="from"),
            date_to: str = Query("", alias="to"), project_id: str = "", store_id: str = "") -> HTMLResponse:
    """Vendor performance: a table best score first, each vendor linking to the orders and GRNs behind it."""
    args = _perf_args(company, date_from, date_to, project_id, store_id)
    try:
        report, error, code = service.vendor_performance(**args), None, 200
    except ValidationFailed as exc:
        report, error, code = None, error_text(request, exc), 422
    cid = args["company_id"]
    return render(request, "procurement/vendors.html", status_code=code, report=report, error=error,
                  query=_query(report) if report else "", company_id=cid, stores=_stores(cid) if cid else [],
                  form={"from": date_from, "to": date_to, "store_id": store_id, "project_id": project_id})


@router.get("/vendors/export", response_model=None)
def vendors_export(company: UUID | None = None, date_from: str = Query("", alias="from"),
                   date_to: str = Query("", alias="to"), project_id: str = "", store_id: str = "",
                   format: str = "csv", lang: str | None = None) -> Response:  # noqa: A002
    """The table as CSV or XLSX in the page's language (or `lang`)."""
    from .rest import file_response

    if lang not in ("en", "bn"):
        lang = "bn" if context.current().locale == "bn" else "en"
    report = service.vendor_performance(**_perf_args(company, date_from, date_to, project_id, store_id))
    return file_response(*service.vendor_performance_file(report, format, lang))


@router.get("/vendors/{vendor_id}", response_class=HTMLResponse)
def vendor(request: Request, vendor_id: UUID, company: UUID | None = None, date_from: str = Query("", alias="from"),
           date_to: str = Query("", alias="to"), project_id: str = "", store_id: str = "") -> HTMLResponse:
    detail = service.vendor_performance_detail(vendor_id, **_perf_args(company, date_from, date_to, project_id,
                                                                       store_id))
    return render(request, "procurement/vendor.html", d=detail, p=detail.performance, query=_query(detail))
