"""REST: /api/v1/hr/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile
from pydantic import BaseModel

from vextrus.modules.payroll.api import WageRunRequest
from vextrus.platform.http import idempotency_key

from . import service
from .schemas import (
    BalanceView,
    ExpenseCategoryView,
    ExpenseClaimInput,
    ExpenseClaimPayInput,
    ExpenseClaimView,
    FiguresView,
    LeaveInput,
    LeaveTypeView,
    LeaveView,
    MonthView,
    MusterInput,
    MusterView,
    OfficeImportInput,
    OfficeImportView,
    OfficeMonthView,
    PaymentAccountView,
    PayrollFromMusterInput,
)

router = APIRouter()


class VersionBody(BaseModel):
    expected_version: int | None = None


@router.get("/muster", response_model=MusterView)
def get_muster(company_id: UUID, project_id: UUID, day: date) -> MusterView:
    return service.get_muster(company_id, project_id, day)


@router.put("/muster", response_model=MusterView)
def record_muster(body: MusterInput, key: str | None = Depends(idempotency_key)) -> MusterView:
    """Record a site's day for all its workers at once (a draft until approved)."""
    return service.record_muster(body, idempotency_key=key)


@router.post("/muster/{muster_id}/approve", response_model=MusterView)
def approve_muster(muster_id: UUID, body: VersionBody | None = None,
                   key: str | None = Depends(idempotency_key)) -> MusterView:
    return service.approve_muster(muster_id, body.expected_version if body else None, idempotency_key=key)


@router.get("/muster/month", response_model=MonthView)
def month_view(company_id: UUID, project_id: UUID, month: date) -> MonthView:
    return service.month_view(company_id, project_id, month)


@router.get("/attendance/figures", response_model=list[FiguresView])
def month_figures(company_id: UUID, month: date) -> list[FiguresView]:
    return service.month_figures(company_id, month)


@router.post("/office-attendance/import", response_model=OfficeImportView)
def import_office_attendance(company_id: UUID = Form(...), file: UploadFile = File(...), dry_run: bool = Form(True),
                             mode: Literal["all_or_nothing", "valid_only"] = Form("all_or_nothing"),
                             key: str | None = Depends(idempotency_key)) -> OfficeImportView:
    """A check-in/out device's CSV export (a punch per row, or a row per day with clock in and out; the
    columns accepted are in docs/hr.md). `dry_run=true` (default) checks and stores nothing; then
    `dry_run=false` imports: all or nothing, or `mode=valid_only` to store the valid rows. The same file
    again stores nothing (`duplicate`)."""
    return service.import_office_attendance(OfficeImportInput(
        company_id=company_id, filename=file.filename or "", content=file.file.read(), dry_run=dry_run, mode=mode),
        idempotency_key=key)


@router.get("/office-attendance", response_model=OfficeMonthView)
def office_month(company_id: UUID, month: date) -> OfficeMonthView:
    """The month's office attendance per employee and day (first in, last out, hours, overtime, late)."""
    return service.office_month(company_id, month)


@router.post("/payroll", status_code=201)
def prepare_payroll(body: PayrollFromMusterInput, response: Response,
                    key: str | None = Depends(idempotency_key)) -> dict:
    """Prepare payroll's run for the month with the approved muster rolls' overtime and absent days."""
    run = service.prepare_payroll(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/payroll/runs/{run.id}"
    return run.model_dump(mode="json")


@router.post("/wage-runs", status_code=201)
def prepare_wage_run(body: WageRunRequest, response: Response, key: str | None = Depends(idempotency_key)) -> dict:
    """Prepare payroll's wage run of daily-wage workers (1–31 days, a site or all) from the approved muster rolls."""
    from . import api

    run = api.prepare_wage_run(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/payroll/wage-runs/{run.id}"
    return run.model_dump(mode="json")


@router.get("/leave-types", response_model=list[LeaveTypeView])
def leave_types() -> list[LeaveTypeView]:
    return service.leave_types()


@router.get("/leave/balances", response_model=list[BalanceView])
def balances(employee_id: UUID, year: int) -> list[BalanceView]:
    return service.balances(employee_id, year)


@router.get("/leave", response_model=list[LeaveView])
def list_leave(company_id: UUID, status: str | None = None) -> list[LeaveView]:
    return service.list_leave(company_id, status)


@router.post("/leave", response_model=LeaveView, status_code=201)
def apply_leave(body: LeaveInput, response: Response, key: str | None = Depends(idempotency_key)) -> LeaveView:
    leave = service.apply_leave(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/hr/leave/{leave.id}"
    return leave


@router.post("/leave/{leave_id}/approve", response_model=LeaveView)
def approve_leave(leave_id: UUID, body: VersionBody | None = None,
                  key: str | None = Depends(idempotency_key)) -> LeaveView:
    return service.approve_leave(leave_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/leave/{leave_id}/reject", response_model=LeaveView)
def reject_leave(leave_id: UUID, body: VersionBody | None = None,
                 key: str | None = Depends(idempotency_key)) -> LeaveView:
    return service.reject_leave(leave_id, body.expected_version if body else None, idempotency_key=key)


# ---- expense claims: draft → submitted (approval workflow) → approved → posted ------------------------------

class WithdrawBody(BaseModel):
    comment: str = ""
    expected_version: int | None = None


@router.get("/expense-categories", response_model=list[ExpenseCategoryView])
def expense_categories() -> list[ExpenseCategoryView]:
    return service.expense_categories()


@router.get("/expense-claims", response_model=list[ExpenseClaimView])
def list_claims(company_id: UUID, employee_id: UUID | None = None, status: str | None = None,
                limit: int = 200) -> list[ExpenseClaimView]:
    """The company's claims (`hr.expense.view`), else the ones the user made (`hr.expense.submit`)."""
    return service.list_claims(company_id, employee_id, status, limit)


@router.get("/expense-claims/{claim_id}", response_model=ExpenseClaimView)
def get_claim(claim_id: UUID) -> ExpenseClaimView:
    return service.get_claim(claim_id)


@router.post("/expense-claims", response_model=ExpenseClaimView, status_code=201)
def create_claim(body: ExpenseClaimInput, response: Response,
                 key: str | None = Depends(idempotency_key)) -> ExpenseClaimView:
    """A draft claim (its lines checked: errors name the field, e.g. `lines.1.amount`)."""
    claim = service.create_claim(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/hr/expense-claims/{claim.id}"
    return claim


@router.put("/expense-claims/{claim_id}", response_model=ExpenseClaimView)
def update_claim(claim_id: UUID, body: ExpenseClaimInput, expected_version: int | None = None,
                 key: str | None = Depends(idempotency_key)) -> ExpenseClaimView:
    return service.update_claim(claim_id, body, expected_version, idempotency_key=key)


@router.post("/expense-claims/{claim_id}/submit", response_model=ExpenseClaimView)
def submit_claim(claim_id: UUID, body: VersionBody | None = None,
                 key: str | None = Depends(idempotency_key)) -> ExpenseClaimView:
    """To the expense claim approval workflow, or approved and posted at once when it has no step for the claim."""
    return service.submit_claim(claim_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/expense-claims/{claim_id}/withdraw", response_model=ExpenseClaimView)
def withdraw_claim(claim_id: UUID, body: WithdrawBody | None = None,
                   key: str | None = Depends(idempotency_key)) -> ExpenseClaimView:
    body = body or WithdrawBody()
    return service.withdraw_claim(claim_id, body.comment, body.expected_version, idempotency_key=key)


@router.post("/expense-claims/{claim_id}/cancel", response_model=ExpenseClaimView)
def cancel_claim(claim_id: UUID, body: VersionBody | None = None,
                 key: str | None = Depends(idempotency_key)) -> ExpenseClaimView:
    return service.cancel_claim(claim_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/expense-claims/{claim_id}/post", response_model=ExpenseClaimView)
def post_claim(claim_id: UUID, body: VersionBody | None = None,
               key: str | None = Depends(idempotency_key)) -> ExpenseClaimView:
    """Post an approved claim finance refused at first (a period closed or a fiscal year not open then)."""
    return service.post_claim(claim_id, body.expected_version if body else None, idempotency_key=key)


@router.get("/expense-payment-accounts", response_model=list[PaymentAccountView])
def payment_accounts(company_id: UUID) -> list[PaymentAccountView]:
    """The company's bank and cash accounts a claim may be paid from."""
    return service.payment_accounts(company_id)


@router.post("/expense-claims/pay", response_model=list[ExpenseClaimView])
def pay_claims(body: ExpenseClaimPayInput, key: str | None = Depends(idempotency_key)) -> list[ExpenseClaimView]:
    """Pay posted claims of one employee from a bank or cash account (one journal: Dr employee payable / Cr the
    account); each becomes `paid`. A retry with the same Idempotency-Key answers the first payment."""
    return service.pay_claims(body, idempotency_key=key)
