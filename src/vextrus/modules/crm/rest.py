"""REST: /api/v1/crm/... (thin: the service decides everything). Every mutation takes `Idempotency-Key`."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import VersionCheck, created, merged, patch_of

from . import service
from .schemas import (
    CrmActivityInput,
    CrmActivityView,
    LeadInput,
    LeadMatch,
    LeadPage,
    LeadView,
    OpportunityInput,
    OpportunityPage,
    OpportunityView,
    PipelineBoard,
    QuotationAction,
    QuotationInput,
    QuotationProjectInput,
    QuotationUpdate,
    QuotationView,
    StageInput,
    TenderInput,
    TenderPage,
    TenderProjectInput,
    TenderStatusInput,
    TenderView,
)

router = APIRouter()
LeadPatch = patch_of(LeadInput, "CrmLeadPatch")


class LeadCreateBody(LeadInput):
    confirm_duplicate: bool = False  # register although it matches an existing lead or party


class LeadConvertBody(VersionCheck):
    party_id: UUID | None = None  # link to this existing party instead of creating a customer


@router.get("/leads", response_model=LeadPage)
def list_leads(first: int = 50, after: str | None = None, status: str | None = None) -> LeadPage:
    return service.list_leads(first, after, status)


@router.post("/leads", response_model=LeadView, status_code=201)
def create_lead(body: LeadCreateBody, request: Request, response: Response,
                key: str | None = Depends(idempotency_key)) -> LeadView:
    """A duplicate (same mobile, e-mail or NID as a lead or party) answers 409 `crm.duplicate_lead` with the
    matches in `details.matches`, unless `confirm_duplicate`."""
    view = service.create_lead(LeadInput.model_validate(body.model_dump(exclude={"confirm_duplicate"})),
                               body.confirm_duplicate, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.post("/leads/duplicates", response_model=list[LeadMatch])
def lead_duplicates(body: LeadInput) -> list[LeadMatch]:
    """What registering this lead would match (nothing is written)."""
    return service.find_duplicates(body)


@router.get("/leads/{lead_id}", response_model=LeadView)
def get_lead(lead_id: UUID) -> LeadView:
    return service.get_lead(lead_id)


@router.patch("/leads/{lead_id}", response_model=LeadView)
def update_lead(lead_id: UUID, body: LeadPatch, key: str | None = Depends(idempotency_key)) -> LeadView:  # type: ignore[valid-type]
    data = merged(service.get_lead(lead_id), body, LeadInput)
    return service.update_lead(lead_id, data, body.expected_version, idempotency_key=key)  # type: ignore[attr-defined]


@router.post("/leads/{lead_id}/convert", response_model=LeadView)
def convert_lead(lead_id: UUID, body: LeadConvertBody, key: str | None = Depends(idempotency_key)) -> LeadView:
    return service.convert_lead(lead_id, body.party_id, body.expected_version, idempotency_key=key)


@router.get("/opportunities", response_model=OpportunityPage)
def list_opportunities(first: int = 50, after: str | None = None, stage: str | None = None) -> OpportunityPage:
    return service.list_opportunities(first, after, stage)


@router.post("/opportunities", response_model=OpportunityView, status_code=201)
def create_opportunity(body: OpportunityInput, request: Request, response: Response,
                       key: str | None = Depends(idempotency_key)) -> OpportunityView:
    view = service.create_opportunity(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/opportunities/{opportunity_id}", response_model=OpportunityView)
def get_opportunity(opportunity_id: UUID) -> OpportunityView:
    return service.get_opportunity(opportunity_id)


@router.post("/opportunities/{opportunity_id}/stage", response_model=OpportunityView)
def change_stage(opportunity_id: UUID, body: StageInput, key: str | None = Depends(idempotency_key)) -> OpportunityView:
    return service.change_stage(opportunity_id, body.stage, body.lost_reason, body.expected_version,
                                idempotency_key=key)


@router.get("/opportunities/{opportunity_id}/activities", response_model=list[CrmActivityView])
def activities_of(opportunity_id: UUID) -> list[CrmActivityView]:
    return service.activities_of(opportunity_id)


@router.post("/opportunities/{opportunity_id}/activities", response_model=CrmActivityView, status_code=201)
def add_activity(opportunity_id: UUID, body: CrmActivityInput, response: Response,
                 key: str | None = Depends(idempotency_key)) -> CrmActivityView:
    view = service.add_activity(opportunity_id, body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/crm/activities/{view.id}"
    return view


@router.post("/activities/{activity_id}/done", response_model=CrmActivityView)
def complete_activity(activity_id: UUID, key: str | None = Depends(idempotency_key)) -> CrmActivityView:
    return service.complete_activity(activity_id, idempotency_key=key)


@router.get("/activities/overdue", response_model=list[CrmActivityView])
def overdue_activities() -> list[CrmActivityView]:
    return service.overdue_activities()


@router.get("/activities/{activity_id}", response_model=CrmActivityView)
def get_activity(activity_id: UUID) -> CrmActivityView:
    return service.get_activity(activity_id)


@router.get("/pipeline", response_model=PipelineBoard)
def pipeline_board(per_stage: int = 30) -> PipelineBoard:
    return service.pipeline_board(per_stage)


@router.get("/tenders", response_model=TenderPage)
def list_tenders(first: int = 50, after: str | None = None, status: str | None = None) -> TenderPage:
    return service.list_tenders(first, after, status)


@router.post("/tenders", response_model=TenderView, status_code=201)
def create_tender(body: TenderInput, request: Request, response: Response,
                  key: str | None = Depends(idempotency_key)) -> TenderView:
    view = service.create_tender(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/tenders/{tender_id}", response_model=TenderView)
def get_tender(tender_id: UUID) -> TenderView:
    return service.get_tender(tender_id)


@router.post("/tenders/{tender_id}/project", response_model=TenderView, status_code=201)
def start_tender_project(tender_id: UUID, body: TenderProjectInput,
                         key: str | None = Depends(idempotency_key)) -> TenderView:
    """A won tender becomes a project (needs projects.project.create too); the tender's `project_id` names it."""
    return service.start_project(tender_id, body, idempotency_key=key)


@router.post("/tenders/{tender_id}/status", response_model=TenderView)
def change_tender_status(tender_id: UUID, body: TenderStatusInput,
                         key: str | None = Depends(idempotency_key)) -> TenderView:
    return service.change_tender_status(tender_id, body, idempotency_key=key)


# ---- quotations ----------------------------------------------------------------------------------

@router.get("/quotations", response_model=list[QuotationView])
def list_quotations(opportunity_id: UUID | None = None, tender_id: UUID | None = None) -> list[QuotationView]:
    """Every version of the quotations of an opportunity or a tender (name one)."""
    return service.list_quotations(opportunity_id, tender_id)


@router.post("/quotations", response_model=QuotationView, status_code=201)
def create_quotation(body: QuotationInput, request: Request, response: Response,
                     key: str | None = Depends(idempotency_key)) -> QuotationView:
    """Version 1, a draft: lines typed, or copied from a project's BOQ (`boq_project_id`)."""
    view = service.create_quotation(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/quotations/{quotation_id}", response_model=QuotationView)
def get_quotation(quotation_id: UUID) -> QuotationView:
    return service.get_quotation(quotation_id)


@router.put("/quotations/{quotation_id}", response_model=QuotationView)
def update_quotation(quotation_id: UUID, body: QuotationUpdate,
                     key: str | None = Depends(idempotency_key)) -> QuotationView:
    """A draft's content replaced (another status answers 422 `crm.quotation_not_draft`)."""
    return service.update_quotation(quotation_id, body, idempotency_key=key)


def _action(name: str):  # type: ignore[no-untyped-def]
    command = getattr(service, f"{name}_quotation")

    def act(quotation_id: UUID, body: QuotationAction | None = None,
            key: str | None = Depends(idempotency_key)) -> QuotationView:
        return command(quotation_id, body.expected_version if body else None, idempotency_key=key)

    act.__name__ = f"{name}_quotation"
    act.__doc__ = {"send": "A draft sent to the customer (read-only from now on).",
                   "accept": "A sent version accepted; its opportunity becomes won.",
                   "reject": "A sent version rejected by the customer.",
                   "revise": "Version n+1 as a draft with the same lines; version n superseded (201)."}[name]
    router.add_api_route(f"/quotations/{{quotation_id}}/{name}", act, methods=["POST"], response_model=QuotationView,
                         status_code=201 if name == "revise" else 200)


for _name in ("send", "accept", "reject", "revise"):
    _action(_name)


@router.post("/quotations/{quotation_id}/project", response_model=QuotationView, status_code=201)
def start_quotation_project(quotation_id: UUID, body: QuotationProjectInput,
                            key: str | None = Depends(idempotency_key)) -> QuotationView:
    """An accepted version starts the project (its BOQ the lines) and the client contract (needs
    projects.project.create too); the quotation's `started_project_id` and `contract_id` name them."""
    return service.start_quotation_project(quotation_id, body, idempotency_key=key)


@router.get("/quotations/{quotation_id}/pdf")
def quotation_pdf(quotation_id: UUID, lang: str = "en") -> Response:
    """The quotation version as a PDF (`lang` en or bn), stored as a document once per content."""
    from vextrus.modules.files.api import content_disposition

    printed = service.quotation_pdf(quotation_id, lang)
    disposition = "inline" + content_disposition(printed.filename).removeprefix("attachment")
    return Response(printed.content, media_type="application/pdf", headers={
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
        "X-Document-Id": str(printed.document_id), "X-Document-Number": printed.number})
