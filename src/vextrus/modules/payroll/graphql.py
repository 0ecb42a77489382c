"""The payroll subgraph: types and inputs derive from the DTOs (schemas.py; test_dto_parity holds them)."""

from __future__ import annotations

from datetime import date

import strawberry

from vextrus.platform.graphql import Connection, Subgraph, dto_input, dto_type, to_connection
from vextrus.platform.ids import parse_id

from . import approvals, schemas, service


@dto_type(schemas.EmployeeView, name="PayrollEmployee", keys=["id"])
class PayrollEmployee:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PayrollEmployee:  # noqa: A002
        return cls.of(service.get_employee(parse_id(id, "id")))


@dto_type(schemas.PayslipView, name="PayrollPayslip")
class PayrollPayslip:
    pass


@dto_type(schemas.RunView, name="PayrollRun")
class PayrollRun:
    pass


@dto_type(schemas.WageSlipView, name="PayrollWageSlip")
class PayrollWageSlip:
    pass


@dto_type(schemas.WageWarning, name="PayrollWageWarning")
class PayrollWageWarning:
    pass


@dto_type(schemas.WageRunView, name="PayrollWageRun")
class PayrollWageRun:
    pass


@dto_type(schemas.AdvanceRecoveryView, name="PayrollAdvanceRecovery")
class PayrollAdvanceRecovery:
    pass


@dto_type(schemas.AdvanceView, name="PayrollAdvance")
class PayrollAdvance:
    pass


@dto_type(schemas.SalaryRegisterLine, name="PayrollSalaryRegisterLine")
class PayrollSalaryRegisterLine:
    pass


@dto_type(schemas.SalaryRegisterView, name="PayrollSalaryRegister")
class PayrollSalaryRegister:
    pass


@dto_type(schemas.DisbursementLine, name="PayrollDisbursementLine")
class PayrollDisbursementLine:
    pass


@dto_type(schemas.DisbursementProblem, name="PayrollDisbursementProblem")
class PayrollDisbursementProblem:
    pass


@dto_type(schemas.MfsFileView, name="PayrollMfsFile")
class PayrollMfsFile:
    pass


@dto_type(schemas.DisbursementView, name="PayrollDisbursement")
class PayrollDisbursement:
    pass


@dto_type(schemas.TaxMonthView, name="PayrollTaxMonth")
class PayrollTaxMonth:
    pass


@dto_type(schemas.TaxDeductedLine, name="PayrollTaxDeductedLine")
class PayrollTaxDeductedLine:
    pass


@dto_type(schemas.TaxDeductedView, name="PayrollTaxDeducted")
class PayrollTaxDeducted:
    pass


@dto_type(schemas.PfMonthView, name="PayrollPfMonth")
class PayrollPfMonth:
    pass


@dto_type(schemas.PfLedgerLine, name="PayrollPfLedgerLine")
class PayrollPfLedgerLine:
    pass


@dto_type(schemas.PfLedgerView, name="PayrollPfLedger")
class PayrollPfLedger:
    pass


@dto_type(schemas.LabourCostLine, name="PayrollLabourCostLine")
class PayrollLabourCostLine:
    pass


@dto_type(schemas.LabourCostView, name="PayrollLabourCost")
class PayrollLabourCost:
    pass


@dto_type(schemas.RunDifferenceLine, name="PayrollRunDifferenceLine")
class PayrollRunDifferenceLine:
    pass


@dto_type(schemas.RunDifferencesView, name="PayrollRunDifferences")
class PayrollRunDifferences:
    pass


@dto_type(schemas.SettlementLineView, name="PayrollSettlementLine")
class PayrollSettlementLine:
    pass


@dto_type(schemas.SettlementDraftRun, name="PayrollSettlementDraftRun")
class PayrollSettlementDraftRun:
    pass


@dto_type(schemas.SettlementAttemptView, name="PayrollSettlementAttempt")
class PayrollSettlementAttempt:
    pass


@dto_type(schemas.SettlementView, name="PayrollSettlement")
class PayrollSettlement:
    pass


@dto_type(schemas.TransferView, name="PayrollTransfer")
class PayrollTransfer:
    pass


@dto_input(schemas.SettlementInput, name="PayrollSettlementInput")
class PayrollSettlementInput:
    pass


@dto_input(schemas.AdvanceInput, name="PayrollAdvanceInput")
class PayrollAdvanceInput:
    pass


@dto_input(schemas.OvertimeInput, name="PayrollOvertimeInput")
class PayrollOvertimeInput:
    pass


@dto_input(schemas.EncashInput, name="PayrollEncashInput")
class PayrollEncashInput:
    pass


@dto_input(schemas.RunInput, name="PayrollRunInput")
class PayrollRunInput:
    pass


@dto_input(schemas.EmployeeInput, name="PayrollEmployeeInput")
class PayrollEmployeeInput:
    pass


@strawberry.type
class PayrollRunApproval:
    """The approval a run was sent to (`/workflow/instances/{id}`)."""

    id: strawberry.ID
    status: str
    definition_code: str
    steps: list[str]


def _approval(inst) -> PayrollRunApproval:  # noqa: ANN001
    return PayrollRunApproval(id=strawberry.ID(str(inst.id)), status=inst.status,
                              definition_code=inst.definition_code, steps=[t.step_key for t in inst.tasks])


@strawberry.type
class PayrollQuery:
    @strawberry.field
    def payroll_employees(self, company_id: strawberry.ID, first: int = 50,
                          after: str | None = None) -> Connection[PayrollEmployee]:
        return to_connection(service.list_employees(parse_id(company_id, "company_id"), first, after),
                             PayrollEmployee.of)

    @strawberry.field
    def payroll_runs(self, company_id: strawberry.ID, first: int = 50,
                     after: str | None = None) -> Connection[PayrollRun]:
        return to_connection(service.list_runs(parse_id(company_id, "company_id"), first, after), PayrollRun.of)

    @strawberry.field
    def payroll_run(self, id: strawberry.ID) -> PayrollRun:  # noqa: A002
        return PayrollRun.of(service.get_run(parse_id(id, "id")))

    @strawberry.field
    def payroll_wage_runs(self, company_id: strawberry.ID, first: int = 50,
                          after: str | None = None) -> Connection[PayrollWageRun]:
        return to_connection(service.list_wage_runs(parse_id(company_id, "company_id"), first, after),
                             PayrollWageRun.of)

    @strawberry.field
    def payroll_wage_run(self, id: strawberry.ID) -> PayrollWageRun:  # noqa: A002
        return PayrollWageRun.of(service.get_wage_run(parse_id(id, "id")))

    @strawberry.field
    def payroll_advances(self, company_id: strawberry.ID, employee_id: strawberry.ID | None = None, first: int = 50,
                         after: str | None = None) -> Connection[PayrollAdvance]:
        emp = parse_id(employee_id, "employee_id") if employee_id else None
        return to_connection(service.list_advances(parse_id(company_id, "company_id"), emp, first, after),
                             PayrollAdvance.of)

    @strawberry.field
    def payroll_advance(self, id: strawberry.ID) -> PayrollAdvance:  # noqa: A002
        return PayrollAdvance.of(service.get_advance(parse_id(id, "id")))

    @strawberry.field
    def payroll_settlement(self, employee_id: strawberry.ID) -> PayrollSettlement | None:
        """An employee's final settlement (each line with the law's section), or null."""
        v = service.get_settlement(parse_id(employee_id, "employee_id"))
        return None if v is None else PayrollSettlement.of(v)

    @strawberry.field
    def payroll_transfers(self, employee_id: strawberry.ID) -> list[PayrollTransfer]:
        """An employee's postings, oldest first: the joining, then each transfer between sites."""
        return [PayrollTransfer.of(t) for t in service.list_transfers(parse_id(employee_id, "employee_id"))]

    @strawberry.field
    def payroll_run_differences(self, id: strawberry.ID) -> PayrollRunDifferences:  # noqa: A002
        """Per employee, the run's net against the last posted month's; new and left employees."""
        return PayrollRunDifferences.of(service.run_differences(parse_id(id, "id")))

    @strawberry.field
    def payroll_salary_register(self, company_id: strawberry.ID, month: date) -> PayrollSalaryRegister:
        """The month's posted run per employee; its totals are the run's journal to the poisha."""
        return PayrollSalaryRegister.of(service.salary_register(parse_id(company_id, "company_id"), month))

    @strawberry.field
    def payroll_disbursement(self, run_id: strawberry.ID, wage_run: bool = False) -> PayrollDisbursement:
        """How a posted monthly run (or, `wageRun: true`, a wage run) is paid: the bank advice, the MFS files per
        provider, the cash list, and the employees held back for missing payment details."""
        return PayrollDisbursement.of(service.disbursement("wage-runs" if wage_run else "runs",
                                                           parse_id(run_id, "run_id")))

    @strawberry.field
    def payroll_tax_deducted(self, company_id: strawberry.ID, tax_year: str) -> PayrollTaxDeducted:
        """Tax deducted from salaries (ITA 2023 s.86) per employee by month of the income year (2025-26)."""
        return PayrollTaxDeducted.of(service.tax_deducted(parse_id(company_id, "company_id"), tax_year))

    @strawberry.field
    def payroll_pf_ledger(self, company_id: strawberry.ID, tax_year: str) -> PayrollPfLedger:
        """Provident fund per employee over the income year: both shares by month, running balance."""
        return PayrollPfLedger.of(service.pf_ledger(parse_id(company_id, "company_id"), tax_year))

    @strawberry.field
    def payroll_labour_cost(self, company_id: strawberry.ID, month: date) -> PayrollLabourCost:
        """Headcount and labour cost per project for the month (staff by project, workers by muster-roll site)."""
        return PayrollLabourCost.of(service.labour_cost(parse_id(company_id, "company_id"), month))


@strawberry.type
class PayrollMutation:
    @strawberry.mutation
    def transfer_payroll_employee(self, employee_id: strawberry.ID, effective_on: date, reason: str,
                                  project_id: strawberry.ID | None = None, expected_version: int | None = None,
                                  idempotency_key: str | None = None) -> PayrollTransfer:
        """Transfer the employee to a project (null: head office) from a date; earlier months keep their project."""
        return PayrollTransfer.of(service.transfer_employee(
            parse_id(employee_id, "employee_id"), parse_id(project_id, "project_id") if project_id else None,
            effective_on, reason, expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def draft_payroll_settlement(self, employee_id: strawberry.ID, data: PayrollSettlementInput,
                                 expected_version: int | None = None,
                                 idempotency_key: str | None = None) -> PayrollSettlement:
        return PayrollSettlement.of(service.draft_settlement(parse_id(employee_id, "employee_id"), data.to_model(),
                                                             expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def approve_payroll_settlement(self, employee_id: strawberry.ID, expected_version: int | None = None,
                                   idempotency_key: str | None = None) -> PayrollSettlement:
        return PayrollSettlement.of(service.approve_settlement(parse_id(employee_id, "employee_id"), expected_version,
                                                               idempotency_key=idempotency_key))

    @strawberry.mutation
    def post_payroll_settlement(self, employee_id: strawberry.ID, expected_version: int | None = None,
                                idempotency_key: str | None = None) -> PayrollSettlement:
        return PayrollSettlement.of(service.post_settlement(parse_id(employee_id, "employee_id"), expected_version,
                                                            idempotency_key=idempotency_key))

    @strawberry.mutation
    def reverse_payroll_settlement(self, employee_id: strawberry.ID, reason: str, reversal_date: date | None = None,
                                   expected_version: int | None = None,
                                   idempotency_key: str | None = None) -> PayrollSettlement:
        """Reverse the posted settlement: its journal reversed, recoveries given back, the employee active again."""
        return PayrollSettlement.of(service.reverse_settlement(parse_id(employee_id, "employee_id"), reason,
                                                               reversal_date, expected_version,
                                                               idempotency_key=idempotency_key))

    @strawberry.mutation
    def give_payroll_advance(self, data: PayrollAdvanceInput, idempotency_key: str | None = None) -> PayrollAdvance:
        return PayrollAdvance.of(service.give_advance(data.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def cancel_payroll_advance(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                               idempotency_key: str | None = None) -> PayrollAdvance:
        return PayrollAdvance.of(service.cancel_advance(parse_id(id, "id"), expected_version,
                                                        idempotency_key=idempotency_key))

    @strawberry.mutation
    def create_payroll_employee(self, data: PayrollEmployeeInput,
                                idempotency_key: str | None = None) -> PayrollEmployee:
        return PayrollEmployee.of(service.create_employee(data.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def prepare_payroll_run(self, data: PayrollRunInput, idempotency_key: str | None = None) -> PayrollRun:
        return PayrollRun.of(service.prepare_run(data.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def approve_payroll_run(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                            idempotency_key: str | None = None) -> PayrollRun:
        return PayrollRun.of(service.approve_run(parse_id(id, "id"), expected_version,
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation
    def submit_payroll_run_for_approval(self, id: strawberry.ID,  # noqa: A002
                                        idempotency_key: str | None = None) -> PayrollRunApproval:
        """Send a draft monthly run to the payroll run approval workflow; on approval payroll approves it."""
        return _approval(approvals.submit_run("monthly", parse_id(id, "id"), idempotency_key=idempotency_key))

    @strawberry.mutation
    def submit_payroll_wage_run_for_approval(self, id: strawberry.ID,  # noqa: A002
                                             idempotency_key: str | None = None) -> PayrollRunApproval:
        """Send a draft wage run to the payroll run approval workflow; on approval payroll approves it."""
        return _approval(approvals.submit_run("wage", parse_id(id, "id"), idempotency_key=idempotency_key))

    @strawberry.mutation
    def pay_payroll_run(self, id: strawberry.ID, paid_on: date, account_code: str | None = None,  # noqa: A002
                        expected_version: int | None = None, idempotency_key: str | None = None) -> PayrollRun:
        """Record that a posted monthly run was paid (its payment journal)."""
        return PayrollRun.of(service.record_payment("runs", parse_id(id, "id"), schemas.PaymentInput(
            paid_on=paid_on, account_code=account_code, expected_version=expected_version),
            idempotency_key=idempotency_key))

    @strawberry.mutation
    def pay_payroll_wage_run(self, id: strawberry.ID, paid_on: date, account_code: str | None = None,  # noqa: A002
                             expected_version: int | None = None,
                             idempotency_key: str | None = None) -> PayrollWageRun:
        """Record that a posted wage run was paid (its payment journal)."""
        return PayrollWageRun.of(service.record_payment("wage-runs", parse_id(id, "id"), schemas.PaymentInput(
            paid_on=paid_on, account_code=account_code, expected_version=expected_version),
            idempotency_key=idempotency_key))

    @strawberry.mutation
    def undo_payroll_run_payment(self, id: strawberry.ID, reason: str, reversal_date: date | None = None,  # noqa: A002
                                 expected_version: int | None = None,
                                 idempotency_key: str | None = None) -> PayrollRun:
        """Undo a monthly run's payment recorded by mistake: its journal reversed, the run posted again."""
        return PayrollRun.of(service.undo_payment("runs", parse_id(id, "id"), schemas.PaymentUndoInput(
            reason=reason, reversal_date=reversal_date, expected_version=expected_version),
            idempotency_key=idempotency_key))

    @strawberry.mutation
    def undo_payroll_wage_run_payment(self, id: strawberry.ID, reason: str,  # noqa: A002
                                      reversal_date: date | None = None, expected_version: int | None = None,
                                      idempotency_key: str | None = None) -> PayrollWageRun:
        """Undo a wage run's payment recorded by mistake: its journal reversed, the run posted again."""
        return PayrollWageRun.of(service.undo_payment("wage-runs", parse_id(id, "id"), schemas.PaymentUndoInput(
            reason=reason, reversal_date=reversal_date, expected_version=expected_version),
            idempotency_key=idempotency_key))

    @strawberry.mutation
    def post_payroll_run(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                         idempotency_key: str | None = None) -> PayrollRun:
        return PayrollRun.of(service.post_run(parse_id(id, "id"), expected_version,
                                              idempotency_key=idempotency_key))

    @strawberry.mutation
    def reverse_payroll_run(self, id: strawberry.ID, reason: str, reversal_date: date | None = None,  # noqa: A002
                            expected_version: int | None = None, idempotency_key: str | None = None) -> PayrollRun:
        return PayrollRun.of(service.reverse_run(parse_id(id, "id"), reason, reversal_date, expected_version,
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation
    def approve_payroll_wage_run(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                                 idempotency_key: str | None = None) -> PayrollWageRun:
        return PayrollWageRun.of(service.approve_wage_run(parse_id(id, "id"), expected_version,
                                                          idempotency_key=idempotency_key))

    @strawberry.mutation
    def post_payroll_wage_run(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                              idempotency_key: str | None = None) -> PayrollWageRun:
        return PayrollWageRun.of(service.post_wage_run(parse_id(id, "id"), expected_version,
                                                       idempotency_key=idempotency_key))

    @strawberry.mutation
    def reverse_payroll_wage_run(self, id: strawberry.ID, reason: str, reversal_date: date | None = None,  # noqa: A002
                                 expected_version: int | None = None,
                                 idempotency_key: str | None = None) -> PayrollWageRun:
        return PayrollWageRun.of(service.reverse_wage_run(parse_id(id, "id"), reason, reversal_date,
                                                          expected_version, idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=PayrollQuery, mutation=PayrollMutation,
                    types=(PayrollEmployee, PayrollPayslip, PayrollRun, PayrollWageSlip, PayrollWageWarning,
                           PayrollWageRun, PayrollAdvanceRecovery, PayrollAdvance, PayrollSalaryRegisterLine,
                           PayrollSalaryRegister, PayrollTaxMonth, PayrollTaxDeductedLine, PayrollTaxDeducted,
                           PayrollPfMonth, PayrollPfLedgerLine, PayrollPfLedger, PayrollLabourCostLine,
                           PayrollLabourCost, PayrollRunDifferenceLine, PayrollRunDifferences, PayrollSettlementLine,
                           PayrollSettlement, PayrollTransfer))
