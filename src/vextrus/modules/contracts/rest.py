"""REST: /api/v1/contracts/... (thin: the service decides everything)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import (
    ContractAdvanceInput,
    ContractInput,
    ContractPage,
    ContractReleaseInput,
    ContractVariationInput,
    ContractView,
    RaBillInput,
    RaBillReversalInput,
    RaBillView,
    RaReceiptInput,
    RaReceiptReversalInput,
    SubcontractInput,
    SubcontractPaymentInput,
    SubcontractPaymentReversalInput,
    SubcontractPaymentView,
)

router = APIRouter()


class ContractsActionBody(BaseModel):
    expected_version: int | None = None


class ContractVariationBody(ContractVariationInput):
    expected_version: int | None = None


class RaBillReversalBody(RaBillReversalInput):
    expected_version: int | None = None


class SubcontractPaymentBody(SubcontractPaymentInput):
    expected_version: int | None = None  # the subcontract's


class ContractsBilledView(BaseModel):
    project_id: UUID
    billed_to_date: str  # exact decimal text


@router.get("/contracts", response_model=ContractPage)
def list_contracts(company_id: UUID, project_id: UUID | None = None, first: int = 50,
                   after: str | None = None, kind: str | None = None) -> ContractPage:
    """The company's contracts; `kind` client or subcontract (both when not given)."""
    return service.list_contracts(company_id, project_id, first, after, kind)


@router.get("/contracts/{contract_id}", response_model=ContractView)
def get_contract(contract_id: UUID) -> ContractView:
    return service.get_contract(contract_id)


@router.post("/contracts", response_model=ContractView, status_code=201)
def create_contract(body: ContractInput, response: Response,
                    key: str | None = Depends(idempotency_key)) -> ContractView:
    """A contract with the client on a project; its items copied from the project's BOQ."""
    c = service.create_contract(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/contracts/contracts/{c.id}"
    return c


@router.post("/subcontracts", response_model=ContractView, status_code=201)
def create_subcontract(body: SubcontractInput, response: Response,
                       key: str | None = Depends(idempotency_key)) -> ContractView:
    """A subcontract with an approved subcontractor (vendor) on a project: BOQ items at the subcontract rate and
    free items. Its bills, advance and retention release use the same routes as a client contract's."""
    c = service.create_subcontract(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/contracts/contracts/{c.id}"
    return c


@router.post("/contracts/{contract_id}/variations", response_model=ContractView)
def add_variation(contract_id: UUID, body: ContractVariationBody, key: str | None = Depends(idempotency_key)) -> ContractView:
    data = ContractVariationInput.model_validate(body.model_dump(exclude={"expected_version"}))
    return service.add_variation(contract_id, data, body.expected_version, idempotency_key=key)


@router.post("/contracts/{contract_id}/advances", response_model=ContractView)
def receive_advance(contract_id: UUID, body: ContractAdvanceInput, key: str | None = Depends(idempotency_key)) -> ContractView:
    return service.receive_advance(contract_id, body, idempotency_key=key)


@router.post("/contracts/{contract_id}/releases", response_model=ContractView)
def release_retention(contract_id: UUID, body: ContractReleaseInput,
                      key: str | None = Depends(idempotency_key)) -> ContractView:
    return service.release_retention(contract_id, body, idempotency_key=key)


@router.get("/contracts/{contract_id}/bills", response_model=list[RaBillView])
def contract_bills(contract_id: UUID) -> list[RaBillView]:
    return service.contract_bills(contract_id)


@router.post("/contracts/{contract_id}/bills", response_model=RaBillView, status_code=201)
def draft_bill(contract_id: UUID, body: RaBillInput, response: Response,
               key: str | None = Depends(idempotency_key)) -> RaBillView:
    """The next RA bill, measured per item (cumulative quantity or percent complete)."""
    b = service.draft_bill(contract_id, body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/contracts/bills/{b.id}"
    return b


@router.get("/bills/{bill_id}", response_model=RaBillView)
def get_bill(bill_id: UUID) -> RaBillView:
    return service.get_bill(bill_id)


@router.get("/bills/{bill_id}/pdf")
def bill_pdf(bill_id: UUID, lang: str = "en") -> Response:
    """The RA bill as a PDF (`lang` en or bn) for a certified or posted bill (a draft or reversed one answers
    409 naming `status`); stored as a document once per content, so asking again returns the same file
    (`X-Document-Id`, `X-Document-Number`)."""
    return bill_pdf_response(service.bill_pdf(bill_id, lang))


def bill_pdf_response(printed: service.PrintedBill) -> Response:
    from vextrus.modules.files.api import content_disposition

    disposition = "inline" + content_disposition(printed.filename).removeprefix("attachment")
    return Response(printed.content, media_type="application/pdf", headers={
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
        "X-Document-Id": str(printed.document_id), "X-Document-Number": printed.number})


@router.delete("/bills/{bill_id}", status_code=204)
def discard_bill(bill_id: UUID, key: str | None = Depends(idempotency_key)) -> Response:
    """Delete a draft bill (a certified or posted one answers 409)."""
    service.discard_bill(bill_id, idempotency_key=key)
    return Response(status_code=204)


@router.post("/bills/{bill_id}/certify", response_model=RaBillView)
def certify_bill(bill_id: UUID, body: ContractsActionBody | None = None,
                 key: str | None = Depends(idempotency_key)) -> RaBillView:
    return service.certify_bill(bill_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/bills/{bill_id}/post", response_model=RaBillView)
def post_bill(bill_id: UUID, body: ContractsActionBody | None = None, key: str | None = Depends(idempotency_key)) -> RaBillView:
    """Post the certified bill's journal; `expected_version` refuses a stale post (409)."""
    return service.post_bill(bill_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/bills/{bill_id}/receipts", response_model=RaBillView)
def record_receipt(bill_id: UUID, body: RaReceiptInput, key: str | None = Depends(idempotency_key)) -> RaBillView:
    """The client's payment of a posted bill (cash and VDS); more than is outstanding answers 422."""
    return service.record_receipt(bill_id, body, idempotency_key=key)


@router.post("/bills/{bill_id}/reverse", response_model=RaBillView)
def reverse_bill(bill_id: UUID, body: RaBillReversalBody, key: str | None = Depends(idempotency_key)) -> RaBillView:
    """Reverse the contract's last posted bill (finance reverses its journal); with a receipt recorded, 409."""
    data = RaBillReversalInput.model_validate(body.model_dump(exclude={"expected_version"}))
    return service.reverse_bill(bill_id, data, body.expected_version, idempotency_key=key)


@router.post("/receipts/{receipt_id}/reverse", response_model=RaBillView)
def reverse_receipt(receipt_id: UUID, body: RaReceiptReversalInput,
                    key: str | None = Depends(idempotency_key)) -> RaBillView:
    """Reverse a receipt (finance reverses its journal; the bill is outstanding again): the bill. Already
    reversed 409; no reason or a date before the receipt 422."""
    return service.reverse_receipt(receipt_id, body, idempotency_key=key)


@router.get("/contracts/{contract_id}/payments", response_model=list[SubcontractPaymentView])
def subcontract_payments(contract_id: UUID) -> list[SubcontractPaymentView]:
    """The payments to the subcontractor of a subcontract (live and reversed), with their allocations."""
    return service.subcontract_payments(contract_id)


@router.post("/contracts/{contract_id}/payments", response_model=SubcontractPaymentView, status_code=201)
def pay_subcontractor(contract_id: UUID, body: SubcontractPaymentBody, response: Response,
                      key: str | None = Depends(idempotency_key)) -> SubcontractPaymentView:
    """Pay the subcontractor against posted bills of the subcontract (allocations per bill; Dr 2111 / Cr bank or
    cash): an allocation over a bill's outstanding answers 422 naming `allocations[i].amount`."""
    data = SubcontractPaymentInput.model_validate(body.model_dump(exclude={"expected_version"}))
    p = service.pay_subcontractor(contract_id, data, body.expected_version, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/contracts/payments/{p.id}"
    return p


@router.get("/payments/{payment_id}", response_model=SubcontractPaymentView)
def get_payment(payment_id: UUID) -> SubcontractPaymentView:
    return service.get_payment(payment_id)


@router.post("/payments/{payment_id}/reverse", response_model=SubcontractPaymentView)
def reverse_subcontract_payment(payment_id: UUID, body: SubcontractPaymentReversalInput,
                                key: str | None = Depends(idempotency_key)) -> SubcontractPaymentView:
    """Reverse a whole payment to a subcontractor (finance reverses its journal; its bills are outstanding
    again). Already reversed 409; no reason or a date before the payment 422."""
    return service.reverse_subcontract_payment(payment_id, body, idempotency_key=key)


@router.get("/projects/{project_id}/billed", response_model=ContractsBilledView)
def billed(project_id: UUID) -> ContractsBilledView:
    """Σ gross value of work of the project's posted RA bills (what EVM sets beside earned value)."""
    return ContractsBilledView(project_id=project_id, billed_to_date=str(service.billed_to_date(project_id)))
