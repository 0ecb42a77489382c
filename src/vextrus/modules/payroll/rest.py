"""REST: /api/v1/payroll/... (thin: the service decides everything)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from vextrus.modules.workflow import api as workflow
from vextrus.platform.http import idempotency_key

from . import approvals, service
from .schemas import (
    AdvanceInput,
    AdvancePage,
    AdvanceView,
    DisbursementView,
    EmployeeChange,
    EmployeeInput,
    EmployeePage,
    EmployeeView,
    LabourCostView,
    PaymentInput,
    PaymentUndoInput,
    PaymentUndoView,
    PayslipView,
    PfLedgerView,
    ReversalInput,
    RunDifferencesView,
    RunInput,
    RunPage,
    RunView,
    SalaryRegisterView,
    SettingsChange,
    SettingsView,
    SettlementInput,
    SettlementView,
    StructureInput,
    StructureView,
    TaxDeductedView,
    TransferInput,
    TransferView,
    WageRunPage,
    WageRunView,
)

router = APIRouter()


class VersionBody(BaseModel):
    expected_version: int | None = None


class EmployeePatch(EmployeeChange):
    expected_version: int | None = None


class SettingsPatch(SettingsChange):
    expected_version: int | None = None


@router.get("/employees", response_model=EmployeePage)
def list_employees(company_id: UUID, first: int = 50, after: str | None = None) -> EmployeePage:
    return service.list_employees(company_id, first, after)


@router.get("/employees/{employee_id}", response_model=EmployeeView)
def get_employee(employee_id: UUID) -> EmployeeView:
    return service.get_employee(employee_id)


@router.post("/employees", response_model=EmployeeView, status_code=201)
def create_employee(body: EmployeeInput, response: Response,
                    key: str | None = Depends(idempotency_key)) -> EmployeeView:
    e = service.create_employee(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/payroll/employees/{e.id}"
    return e


@router.patch("/employees/{employee_id}", response_model=EmployeeView)
def change_employee(employee_id: UUID, body: EmployeePatch, key: str | None = Depends(idempotency_key)) -> EmployeeView:
    """Change the fields given; `expected_version` (from the view you edited) refuses a stale edit (409)."""
    data = EmployeeChange.model_validate(body.model_dump(exclude={"expected_version"}, exclude_unset=True))
    return service.change_employee(employee_id, data, body.expected_version, idempotency_key=key)


@router.get("/structures", response_model=list[StructureView])
def list_structures(company_id: UUID) -> list[StructureView]:
    return service.list_structures(company_id)


@router.put("/structures", response_model=StructureView)
def save_structure(body: StructureInput, key: str | None = Depends(idempotency_key)) -> StructureView:
    return service.save_structure(body, idempotency_key=key)


@router.get("/settings/{company_id}", response_model=SettingsView)
def get_settings(company_id: UUID) -> SettingsView:
    return service.get_settings(company_id)


@router.patch("/settings/{company_id}", response_model=SettingsView)
def change_settings(company_id: UUID, body: SettingsPatch, key: str | None = Depends(idempotency_key)) -> SettingsView:
    data = SettingsChange.model_validate(body.model_dump(exclude={"expected_version"}, exclude_unset=True))
    return service.change_settings(company_id, data, body.expected_version, idempotency_key=key)


@router.get("/runs", response_model=RunPage)
def list_runs(company_id: UUID, first: int = 50, after: str | None = None) -> RunPage:
    return service.list_runs(company_id, first, after)


@router.get("/runs/{run_id}", response_model=RunView)
def get_run(run_id: UUID) -> RunView:
    return service.get_run(run_id)


@router.get("/runs/{run_id}/differences", response_model=RunDifferencesView)
def run_differences(run_id: UUID) -> RunDifferencesView:
    """Per employee, this run's net against the last posted month's; new and left employees."""
    return service.run_differences(run_id)


@router.post("/runs", response_model=RunView, status_code=201)
def prepare_run(body: RunInput, response: Response, key: str | None = Depends(idempotency_key)) -> RunView:
    run = service.prepare_run(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/payroll/runs/{run.id}"
    return run


@router.post("/runs/{run_id}/approve", response_model=RunView)
def approve_run(run_id: UUID, body: VersionBody | None = None,
                key: str | None = Depends(idempotency_key)) -> RunView:
    return service.approve_run(run_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/runs/{run_id}/post", response_model=RunView)
def post_run(run_id: UUID, body: VersionBody | None = None, key: str | None = Depends(idempotency_key)) -> RunView:
    return service.post_run(run_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/runs/{run_id}/reverse", response_model=RunView)
def reverse_run(run_id: UUID, body: ReversalInput, key: str | None = Depends(idempotency_key)) -> RunView:
    """Reverse a posted run (reason required; `reversal_date` defaults to the run's posting date)."""
    return service.reverse_run(run_id, body.reason, body.reversal_date, body.expected_version, idempotency_key=key)


@router.get("/payslips/{payslip_id}/pdf")
def payslip_pdf(payslip_id: UUID, lang: str = "en") -> Response:
    """The payslip as a PDF in English or Bangla (`lang=en|bn`), numbered and stored by documents."""
    name, pdf = service.payslip_pdf(payslip_id, lang)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/reports/salary-register", response_model=SalaryRegisterView)
def salary_register(company_id: UUID, month: str) -> SalaryRegisterView:
    """The posted run of `month` (YYYY-MM) per employee: basic, each allowance, overtime, bonus, gross, PF,
    tax, advances, other deductions, net; its totals are the run's journal to the poisha."""
    return service.salary_register(company_id, service.parse_month(month))


@router.get("/reports/tax-deducted", response_model=TaxDeductedView)
def tax_deducted(company_id: UUID, tax_year: str) -> TaxDeductedView:
    """Tax deducted from salaries (ITA 2023 s.86) per employee with the e-TIN, by month of the income year
    (`tax_year` 2025-26: July 2025 – June 2026), and the year's totals."""
    return service.tax_deducted(company_id, tax_year)


@router.get("/reports/pf-ledger", response_model=PfLedgerView)
def pf_ledger(company_id: UUID, tax_year: str) -> PfLedgerView:
    """Provident fund per employee: opening balance, both shares by month, running and closing balance."""
    return service.pf_ledger(company_id, tax_year)


@router.get("/reports/labour-cost", response_model=LabourCostView)
def labour_cost(company_id: UUID, month: str) -> LabourCostView:
    """Headcount and labour cost per project for `month` (YYYY-MM): staff by their project, wage-run workers by
    the muster roll's site."""
    return service.labour_cost(company_id, service.parse_month(month))


@router.get("/reports/{report}.{fmt}")
def report_file(report: Literal["salary-register", "tax-deducted", "pf-ledger", "labour-cost"], fmt: str,
                company_id: UUID, month: str | None = None, tax_year: str | None = None, lang: str = "en") -> Response:
    """A report as `csv` or `xlsx` (`lang=bn` heads the columns in Bangla; amounts stay plain decimals)."""
    name, media, content = service.report_file(report, company_id, fmt, lang, month, tax_year)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/employees/{employee_id}/tax-certificate/{tax_year}.pdf")
def tax_certificate(employee_id: UUID, tax_year: str, lang: str = "en") -> Response:
    """The employee's certificate of tax deducted from salary for the income year (PDF, `lang=en|bn`), numbered
    and stored by documents."""
    name, pdf = service.tax_certificate_pdf(employee_id, tax_year, lang)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/payslips/{payslip_id}", response_model=PayslipView)
def get_payslip(payslip_id: UUID) -> PayslipView:
    return service.get_payslip(payslip_id)


@router.get("/wage-runs", response_model=WageRunPage)
def list_wage_runs(company_id: UUID, first: int = 50, after: str | None = None) -> WageRunPage:
    return service.list_wage_runs(company_id, first, after)


@router.get("/wage-runs/{run_id}", response_model=WageRunView)
def get_wage_run(run_id: UUID) -> WageRunView:
    return service.get_wage_run(run_id)


@router.post("/wage-runs/{run_id}/approve", response_model=WageRunView)
def approve_wage_run(run_id: UUID, body: VersionBody | None = None,
                     key: str | None = Depends(idempotency_key)) -> WageRunView:
    return service.approve_wage_run(run_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/wage-runs/{run_id}/post", response_model=WageRunView)
def post_wage_run(run_id: UUID, body: VersionBody | None = None,
                  key: str | None = Depends(idempotency_key)) -> WageRunView:
    return service.post_wage_run(run_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/wage-runs/{run_id}/reverse", response_model=WageRunView)
def reverse_wage_run(run_id: UUID, body: ReversalInput, key: str | None = Depends(idempotency_key)) -> WageRunView:
    """Reverse a posted wage run: its journal reversed, recoveries given back, its worker-days freed."""
    return service.reverse_wage_run(run_id, body.reason, body.reversal_date, body.expected_version,
                                    idempotency_key=key)


@router.get("/advances", response_model=AdvancePage)
def list_advances(company_id: UUID, employee_id: UUID | None = None, first: int = 50,
                  after: str | None = None) -> AdvancePage:
    return service.list_advances(company_id, employee_id, first, after)


@router.get("/advances/{advance_id}", response_model=AdvanceView)
def get_advance(advance_id: UUID) -> AdvanceView:
    """An advance or loan with its balance and its recovery schedule (each run's due, deducted, carried)."""
    return service.get_advance(advance_id)


@router.post("/advances", response_model=AdvanceView, status_code=201)
def give_advance(body: AdvanceInput, response: Response, key: str | None = Depends(idempotency_key)) -> AdvanceView:
    a = service.give_advance(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/payroll/advances/{a.id}"
    return a


@router.post("/advances/{advance_id}/cancel", response_model=AdvanceView)
def cancel_advance(advance_id: UUID, body: VersionBody | None = None,
                   key: str | None = Depends(idempotency_key)) -> AdvanceView:
    return service.cancel_advance(advance_id, body.expected_version if body else None, idempotency_key=key)


@router.get("/{kind}/{run_id}/disbursement", response_model=DisbursementView)
def disbursement(kind: Literal["runs", "wage-runs"], run_id: UUID) -> DisbursementView:
    """How a posted run's net is paid: the bank advice, the MFS files per provider, the cash list, and the
    employees left out for missing payment details (`errors`, their amount held)."""
    return service.disbursement(kind, run_id)


@router.get("/{kind}/{run_id}/disbursement/{name}.{fmt}")
def disbursement_file(kind: Literal["runs", "wage-runs"], run_id: UUID, name: str, fmt: str,
                      lang: str = "en") -> Response:
    """`bank-advice.csv|xlsx`, `cash.csv|xlsx`, `mfs-<provider>.csv|xlsx` of a posted run; `lang=bn` heads the
    columns in Bangla. `X-Disbursement-Errors`: how many employees are in no file (see the JSON's `errors`)."""
    fname, media, content, errors = service.disbursement_file(kind, run_id, name, fmt, lang)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{fname}"',
                                                        "X-Disbursement-Errors": str(errors)})


@router.post("/runs/{run_id}/submit-for-approval", response_model=workflow.InstanceView)
def submit_run_for_approval(run_id: UUID, key: str | None = Depends(idempotency_key)) -> workflow.InstanceView:
    """Send a draft monthly run to the payroll run approval workflow; on approval payroll approves it."""
    return approvals.submit_run("monthly", run_id, idempotency_key=key)


@router.post("/wage-runs/{run_id}/submit-for-approval", response_model=workflow.InstanceView)
def submit_wage_run_for_approval(run_id: UUID, key: str | None = Depends(idempotency_key)) -> workflow.InstanceView:
    """Send a draft wage run to the payroll run approval workflow; on approval payroll approves it."""
    return approvals.submit_run("wage", run_id, idempotency_key=key)


@router.post("/runs/{run_id}/pay", response_model=RunView)
def pay_run(run_id: UUID, body: PaymentInput, key: str | None = Depends(idempotency_key)) -> RunView:
    """Record that a posted monthly run was paid: the payment journal (Dr salaries payable / Cr bank, cash)."""
    return service.record_payment("runs", run_id, body, idempotency_key=key)


@router.post("/wage-runs/{run_id}/pay", response_model=WageRunView)
def pay_wage_run(run_id: UUID, body: PaymentInput, key: str | None = Depends(idempotency_key)) -> WageRunView:
    """Record that a posted wage run was paid: the payment journal (Dr salaries payable / Cr bank, cash)."""
    return service.record_payment("wage-runs", run_id, body, idempotency_key=key)


@router.post("/runs/{run_id}/undo-payment", response_model=RunView)
def undo_run_payment(run_id: UUID, body: PaymentUndoInput, key: str | None = Depends(idempotency_key)) -> RunView:
    """Undo a monthly run's payment recorded by mistake: its journal reversed through finance, the run posted
    again; `reason` required."""
    return service.undo_payment("runs", run_id, body, idempotency_key=key)


@router.post("/wage-runs/{run_id}/undo-payment", response_model=WageRunView)
def undo_wage_run_payment(run_id: UUID, body: PaymentUndoInput,
                          key: str | None = Depends(idempotency_key)) -> WageRunView:
    """Undo a wage run's payment recorded by mistake: its journal reversed through finance, the run posted again."""
    return service.undo_payment("wage-runs", run_id, body, idempotency_key=key)


@router.get("/{kind}/{run_id}/payment-undos", response_model=list[PaymentUndoView])
def payment_undos(kind: Literal["runs", "wage-runs"], run_id: UUID) -> list[PaymentUndoView]:
    """The run's payments that were undone (payment date, journal, net; undo date, reason, reversing journal)."""
    return service.payment_undos(kind, run_id)


class SettlementBody(SettlementInput):
    expected_version: int | None = None  # computing a draft again: the version read


@router.post("/employees/{employee_id}/settlement", response_model=SettlementView, status_code=201)
def draft_settlement(employee_id: UUID, body: SettlementBody, response: Response,
                     key: str | None = Depends(idempotency_key)) -> SettlementView:
    """The final settlement of a leaving employee (draft; computed again while a draft): each line with the law's
    section (BLA 2006, ITA 2023 §86); unavailed annual leave is read from hr's balance."""
    v = service.draft_settlement(employee_id, SettlementInput(**body.model_dump(exclude={"expected_version"})),
                                 body.expected_version, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/payroll/employees/{employee_id}/settlement"
    return v


@router.get("/employees/{employee_id}/settlement", response_model=SettlementView)
def get_settlement(employee_id: UUID) -> SettlementView:
    v = service.get_settlement(employee_id)
    if v is None:
        from . import domain

        raise domain.NotFoundInPayroll("settlement of employee", "কর্মীর চূড়ান্ত নিষ্পত্তি", employee_id)
    return v


@router.post("/employees/{employee_id}/settlement/reverse", response_model=SettlementView)
def reverse_settlement(employee_id: UUID, body: ReversalInput, key: str | None = Depends(idempotency_key)
                       ) -> SettlementView:
    """Reverse the posted settlement: finance reverses its journal, the recoveries are given back, the employee
    is active again; the settlement may then be computed again as a draft."""
    return service.reverse_settlement(employee_id, body.reason, body.reversal_date, body.expected_version,
                                      idempotency_key=key)


@router.post("/employees/{employee_id}/settlement/{action}", response_model=SettlementView)
def act_on_settlement(employee_id: UUID, action: Literal["approve", "post"], body: VersionBody | None = None,
                      key: str | None = Depends(idempotency_key)) -> SettlementView:
    """Approve the draft, then post it: one journal through finance, the employee separated on the last day."""
    fn = service.approve_settlement if action == "approve" else service.post_settlement
    return fn(employee_id, body.expected_version if body else None, idempotency_key=key)


@router.get("/employees/{employee_id}/settlement.pdf")
def settlement_pdf(employee_id: UUID, lang: str = "en") -> Response:
    """The settlement statement as a PDF (documents: numbered, stored, verifiable), English or Bangla."""
    doc = service.settlement_pdf(employee_id, lang)
    return Response(doc.content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{doc.number.replace("/", "-")}.pdf"'})


@router.post("/employees/{employee_id}/transfers", response_model=TransferView, status_code=201)
def transfer_employee(employee_id: UUID, body: TransferInput, response: Response,
                      key: str | None = Depends(idempotency_key)) -> TransferView:
    """Transfer the employee to a project (null: head office) from a date, with the reason; earlier months keep
    their project in the labour cost."""
    t = service.transfer_employee(employee_id, body.project_id, body.effective_on, body.reason,
                                  body.expected_version, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/payroll/employees/{employee_id}/transfers/{t.id}"
    return t


@router.get("/employees/{employee_id}/transfers", response_model=list[TransferView])
def list_transfers(employee_id: UUID) -> list[TransferView]:
    """The employee's postings, oldest first: the joining, then each transfer."""
    return service.list_transfers(employee_id)
