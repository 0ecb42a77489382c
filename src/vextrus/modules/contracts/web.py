"""Pages of contracts (thin: the service decides everything): the contracts of a company with a new-contract
form, a contract with its items, bills, advance and releases, and the RA bill sheet per BOQ item (contract
quantity, rate, previous, this, cumulative, amount; deductions; net) with the project's earned value beside
the value billed."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.forms import model_from_form, refused
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import from_module, render

from . import domain, service
from .schemas import (
    ContractAdvanceInput,
    ContractInput,
    ContractReleaseInput,
    ContractVariationInput,
    RaBillInput,
    RaBillReversalInput,
    RaMeasureInput,
    RaReceiptInput,
    RaReceiptReversalInput,
    SubcontractAllocationInput,
    SubcontractInput,
    SubcontractItemInput,
    SubcontractPaymentInput,
    SubcontractPaymentReversalInput,
)

router = APIRouter(prefix="/contracts", include_in_schema=False)


def _company(company: UUID | None) -> UUID | None:
    from vextrus.modules.organization import api as organization

    if company is not None:
        return company
    active = context.current().company_id
    if active is not None:
        return active
    companies = sorted(organization.list_companies(), key=lambda c: c.code)
    return companies[0].id if companies else None


SUB_ROWS = 8  # item rows of the new-subcontract form


def _choices() -> dict[str, list]:
    """Projects (with the user's own rights), customers and approved active vendors (read by contracts) for the
    new-contract and new-subcontract forms."""
    from vextrus.modules.master_data import api as master_data
    from vextrus.modules.projects import api as projects

    from . import MODULE

    with context.calling_as(MODULE):
        clients = master_data.search_parties("", role="customer", limit=100)
        vendors = [p for p in master_data.search_parties("", role="vendor", limit=200)
                   if getattr(p, "vendor_status", None) == "approved" and getattr(p, "status", "active") == "active"]
    return {"projects": from_module("projects", lambda: projects.list_projects()) or [], "clients": clients,
            "vendors": vendors}


def _book(company_id: UUID) -> str:
    """Finance names a company's book by the company's code (as invoicing's pages do)."""
    from vextrus.modules.organization import api as organization

    c = organization.get_company(company_id)
    return c.code if c else str(company_id)


def _list(request: Request, cid: UUID | None, exc: DomainError | None = None, form: object = None) -> Response:
    values = dict(company_id=cid, contracts=service.list_contracts(cid, None, 100) if cid else None,
                  today=date.today().isoformat(), sub_rows=SUB_ROWS,
                  **(_choices() if context.current().can("contracts.contract.manage")
                     else {"projects": [], "clients": [], "vendors": []}))
    if exc is not None:
        return refused(request, "contracts/index.html", exc, form=form, **values)
    return render(request, "contracts/index.html", error=None, form={}, **values)


@router.get("", response_class=HTMLResponse)
def page(request: Request, company: UUID | None = None) -> Response:
    return _list(request, _company(company))


@router.post("/new", response_model=None)
def create(request: Request, form: FormBody) -> Response:
    cid = _company(None)
    try:
        data = model_from_form(ContractInput, form, only=(
            "project_id", "client_party_id", "code", "title", "title_bn", "contract_date", "retention_pct",
            "advance_amount", "advance_recovery_pct", "security_deposit_pct", "vat_code", "ait_section"),
            company_id=cid)
        c = service.create_contract(data)
    except DomainError as exc:
        return _list(request, cid, exc, form)
    return RedirectResponse(f"/contracts/{c.id}", status_code=303)


@router.post("/new-subcontract", response_model=None)
def create_subcontract(request: Request, form: FormBody) -> Response:
    """A subcontract: its terms and up to SUB_ROWS item rows (`item-<i>-item_no`, `-rate`, `-quantity`, `-free`,
    `-description`, `-unit`); a row without an item number is skipped; a bad value names its row."""
    cid = _company(None)
    try:
        its = []
        for i in range(SUB_ROWS):
            no = str(form.get(f"item-{i}-item_no", "")).strip()
            if not no:
                continue
            row = {k: str(form.get(f"item-{i}-{k}", "")).strip() for k in ("rate", "quantity", "description", "unit")}
            try:
                its.append(model_from_form(SubcontractItemInput, {"item_no": no, **row,
                                                                  "free": "on" if form.get(f"item-{i}-free") else ""},
                                           checkboxes=("free",)))
            except ValidationFailed as exc:
                raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=f"items[{len(its)}].{exc.field}",
                                       details=exc.details) from exc
        data = model_from_form(SubcontractInput, form, only=(
            "project_id", "vendor_party_id", "code", "title", "title_bn", "contract_date", "retention_pct",
            "advance_amount", "advance_recovery_pct", "vat_code", "ait_section"), company_id=cid, items=its)
        c = service.create_subcontract(data)
    except DomainError as exc:
        return _list(request, cid, exc, form)
    return RedirectResponse(f"/contracts/{c.id}", status_code=303)


def _project(project_id: UUID) -> object:
    """The contract's project (with the user's own rights; None when they may not read it)."""
    from vextrus.modules.projects import api as projects

    return from_module("projects", lambda: projects.get_project(project_id))


def _contract_page(request: Request, contract_id: UUID, exc: DomainError | None = None,
                   form: object = None) -> Response:
    c = service.get_contract(contract_id)
    values = dict(c=c, book=_book(c.company_id), today=date.today().isoformat(), project=_project(c.project_id),
                  history_of=("contracts.contract", c.id))
    if exc is not None:
        return refused(request, "contracts/contract.html", exc, form=form, **values)
    return render(request, "contracts/contract.html", error=None, form={}, **values)


@router.get("/{contract_id}", response_class=HTMLResponse)
def contract(request: Request, contract_id: UUID) -> Response:
    return _contract_page(request, contract_id)


@router.post("/{contract_id}/bills", response_model=None)
def draft(request: Request, contract_id: UUID, form: FormBody) -> Response:
    """The measurement sheet: per item `cum-<item no>` (cumulative quantity) or `pct-<item no>` (percent)."""
    try:
        c = service.get_contract(contract_id)
        measures = []
        for i, it in enumerate(c.items):
            cum, pct = str(form.get(f"cum-{it.item_no}", "")).strip(), str(form.get(f"pct-{it.item_no}", "")).strip()
            if not cum and not pct:
                continue
            try:
                measures.append(model_from_form(RaMeasureInput, {"item_no": it.item_no, "cumulative_quantity": cum,
                                                               "percent_complete": pct}))
            except ValidationFailed as exc:
                raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=f"measures[{i}].{exc.field}",
                                       details=exc.details) from exc
        data = model_from_form(RaBillInput, form, only=("bill_date", "final"), checkboxes=("final",),
                               measures=measures)
        b = service.draft_bill(contract_id, data)
    except DomainError as exc:
        return _contract_page(request, contract_id, exc, form)
    return RedirectResponse(f"/contracts/bills/{b.id}", status_code=303)


@router.post("/{contract_id}/advances", response_model=None)
def advance(request: Request, contract_id: UUID, form: FormBody) -> Response:
    try:
        service.receive_advance(contract_id, model_from_form(ContractAdvanceInput, form))
    except DomainError as exc:
        return _contract_page(request, contract_id, exc, form)
    return RedirectResponse(f"/contracts/{contract_id}", status_code=303)


@router.post("/{contract_id}/releases", response_model=None)
def release(request: Request, contract_id: UUID, form: FormBody) -> Response:
    try:
        service.release_retention(contract_id, model_from_form(ContractReleaseInput, form))
    except DomainError as exc:
        return _contract_page(request, contract_id, exc, form)
    return RedirectResponse(f"/contracts/{contract_id}", status_code=303)


@router.post("/{contract_id}/variations", response_model=None)
def variation(request: Request, contract_id: UUID, form: FormBody) -> Response:
    try:
        service.add_variation(contract_id, model_from_form(ContractVariationInput, form))
    except DomainError as exc:
        return _contract_page(request, contract_id, exc, form)
    return RedirectResponse(f"/contracts/{contract_id}", status_code=303)


def _bill_page(request: Request, bill_id: UUID, exc: DomainError | None = None, form: object = None) -> Response:
    from vextrus.modules.projects import api as projects

    b = service.get_bill(bill_id)
    c = service.get_contract(b.contract_id)
    values = dict(b=b, c=c, book=_book(c.company_id), billed=service.billed_to_date(c.project_id),
                  today=date.today().isoformat(), last=_is_last(c, b),
                  project=_project(c.project_id),
                  earned=from_module("projects", lambda: projects.earned_value(c.project_id)),
                  history_of=("contracts.bill", b.id))
    if exc is not None:
        return refused(request, "contracts/bill.html", exc, form=form, **values)
    return render(request, "contracts/bill.html", error=None, form={}, **values)


def _is_last(c: object, b: object) -> bool:
    """The bill is the contract's last one whose quantities count (only it may be reversed)."""
    live = [x for x in c.bills if x.status != "reversed"]  # type: ignore[attr-defined]
    return bool(live) and live[-1].id == b.id  # type: ignore[attr-defined]


@router.get("/bills/{bill_id}", response_class=HTMLResponse)
def bill(request: Request, bill_id: UUID) -> Response:
    return _bill_page(request, bill_id)


@router.get("/bills/{bill_id}/ra-bill.pdf", response_model=None)
def bill_pdf(request: Request, bill_id: UUID, lang: str | None = None) -> Response:
    """The RA bill's PDF in the page's language (or `lang`); a refusal (a draft) is shown on the bill page."""
    from .rest import bill_pdf_response

    if lang not in ("en", "bn"):
        lang = "bn" if context.current().locale == "bn" else "en"
    try:
        return bill_pdf_response(service.bill_pdf(bill_id, lang))
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            raise
        return _bill_page(request, bill_id, exc)


@router.post("/bills/{bill_id}/discard", response_model=None)
def discard(request: Request, bill_id: UUID) -> Response:
    try:
        contract_id = service.get_bill(bill_id).contract_id
        service.discard_bill(bill_id)
    except DomainError as exc:
        return _bill_page(request, bill_id, exc)
    return RedirectResponse(f"/contracts/{contract_id}", status_code=303)


@router.post("/bills/{bill_id}/certify", response_model=None)
def certify(request: Request, bill_id: UUID) -> Response:
    try:
        service.certify_bill(bill_id)
    except DomainError as exc:
        return _bill_page(request, bill_id, exc)
    return RedirectResponse(f"/contracts/bills/{bill_id}", status_code=303)


@router.post("/bills/{bill_id}/post", response_model=None)
def post(request: Request, bill_id: UUID) -> Response:
    try:
        service.post_bill(bill_id)
    except DomainError as exc:
        return _bill_page(request, bill_id, exc)
    return RedirectResponse(f"/contracts/bills/{bill_id}", status_code=303)


@router.post("/bills/{bill_id}/receipts", response_model=None)
def receipt(request: Request, bill_id: UUID, form: FormBody) -> Response:
    """The client's payment: date, cash amount, VDS deducted (blank 0), bank/cash account (blank: 1120),
    cheque/EFT reference; a bad value or a refusal is shown on the form."""
    try:
        data = model_from_form(RaReceiptInput, form, only=(
            "received_on", "amount", "vds", "certificate_no", "account_code", "reference"))
        service.record_receipt(bill_id, data)
    except DomainError as exc:
        return _bill_page(request, bill_id, exc, form)
    return RedirectResponse(f"/contracts/bills/{bill_id}", status_code=303)


@router.post("/bills/{bill_id}/reverse", response_model=None)
def reverse(request: Request, bill_id: UUID, form: FormBody) -> Response:
    try:
        service.reverse_bill(bill_id, model_from_form(RaBillReversalInput, form, only=("reversal_date",)))
    except DomainError as exc:
        return _bill_page(request, bill_id, exc, form)
    return RedirectResponse(f"/contracts/bills/{bill_id}", status_code=303)


@router.post("/bills/{bill_id}/receipts/{receipt_id}/reverse", response_model=None)
def reverse_receipt(request: Request, bill_id: UUID, receipt_id: UUID, form: FormBody) -> Response:
    """A receipt's reversal from the bill page: reason and date; a refusal is shown on the page."""
    try:
        if receipt_id not in {r.id for r in service.get_bill(bill_id).receipts}:
            raise domain.ContractNotFound(receipt_id, "receipt", "প্রাপ্তি")
        service.reverse_receipt(receipt_id, model_from_form(RaReceiptReversalInput, form,
                                                            only=("reason", "reversal_date")))
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            raise
        return _bill_page(request, bill_id, exc, form)
    return RedirectResponse(f"/contracts/bills/{bill_id}", status_code=303)


@router.post("/{contract_id}/payments", response_model=None)
def pay(request: Request, contract_id: UUID, form: FormBody) -> Response:
    """The payment to the subcontractor from the subcontract page: per posted bill `pay-<bill id>` the amount
    paid of it (blank: not paid by this payment), the date, bank or cash account and the cheque/transfer
    reference; a bad value or a refusal is shown on the form (the field named `allocations[i].amount` is the
    i-th bill given an amount)."""
    try:
        c = service.get_contract(contract_id)
        allocations = []
        for b in c.bills:
            raw = str(form.get(f"pay-{b.id}", "")).strip()
            if not raw:
                continue
            i = len(allocations)
            try:
                allocations.append(model_from_form(SubcontractAllocationInput, {"bill_id": str(b.id), "amount": raw}))
            except ValidationFailed as exc:
                raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=f"allocations[{i}].{exc.field}",
                                       details=exc.details) from exc
        data = model_from_form(SubcontractPaymentInput, form, only=("paid_on", "account_code", "reference"),
                               allocations=allocations)
        service.pay_subcontractor(contract_id, data)
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            raise
        return _contract_page(request, contract_id, exc, form)
    return RedirectResponse(f"/contracts/{contract_id}", status_code=303)


@router.post("/{contract_id}/payments/{payment_id}/reverse", response_model=None)
def reverse_payment(request: Request, contract_id: UUID, payment_id: UUID, form: FormBody) -> Response:
    """A payment's whole reversal from the subcontract page: reason and date; a refusal is shown on the page."""
    try:
        if service.get_payment(payment_id).contract_id != contract_id:
            raise domain.ContractNotFound(payment_id, "payment", "পরিশোধ")
        service.reverse_subcontract_payment(payment_id, model_from_form(SubcontractPaymentReversalInput, form,
                                                                        only=("reason", "reversal_date")))
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            raise
        return _contract_page(request, contract_id, exc, form)
    return RedirectResponse(f"/contracts/{contract_id}", status_code=303)
