"""The hr subgraph: a site's muster roll for a day and an employee's leave balances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.graphql import Subgraph, dto_input, dto_type
from vextrus.platform.ids import parse_id

from . import schemas, service


@strawberry.type(name="HrAttendance")
class Attendance:
    employee_id: strawberry.ID
    employee_code: str
    employee_name: str
    status: str | None
    hours: Decimal
    overtime_hours: Decimal
    on_leave: str | None = None


@strawberry.type(name="HrMuster")
class Muster:
    id: strawberry.ID | None
    day: date
    status: str
    version: int
    lines: list[Attendance]
    day_off: str | None = None
    day_off_bn: str | None = None


@strawberry.type(name="HrLeaveBalance")
class Balance:
    leave_type: str
    name: str
    name_bn: str
    section: str
    entitled: Decimal
    taken: Decimal
    pending: Decimal
    left: Decimal
    opening: Decimal
    earned: Decimal
    encashed: Decimal
    carry_forward: Decimal
    over_cap: Decimal


@dto_type(schemas.ExpenseLineView, name="HrExpenseLine")
class ExpenseLine:
    pass


@dto_type(schemas.ExpenseClaimView, name="HrExpenseClaim",
          description="An employee's expense claim: draft, submitted (its approval: approvalId), approved, posted "
                      "(its journal: entryId) or cancelled")
class ExpenseClaim:
    pass


@dto_input(schemas.ExpenseLineInput, name="HrExpenseLineInput")
class ExpenseLineInput:
    pass


@dto_input(schemas.ExpenseClaimInput, name="HrExpenseClaimInput")
class ExpenseClaimInput:
    pass


@dto_input(schemas.ExpenseClaimPayInput, name="HrExpenseClaimPayInput",
           description="Pay posted claims of one employee from a bank or cash account (accountCode)")
class ExpenseClaimPayInput:
    pass


@dto_type(schemas.PaymentAccountView, name="HrPaymentAccount")
class PaymentAccount:
    pass


@dto_type(schemas.OfficeDayView, name="HrOfficeDay")
class OfficeDay:
    pass


@dto_type(schemas.OfficeEmployeeMonth, name="HrOfficeEmployeeMonth")
class OfficeEmployeeMonth:
    pass


@dto_type(schemas.OfficeMonthView, name="HrOfficeMonth",
          description="A month of office attendance from the check-in/out devices, per employee and day")
class OfficeMonth:
    pass


@dto_type(schemas.OfficeProblemView, name="HrOfficeProblem")
class OfficeProblem:
    pass


@dto_type(schemas.OfficeImportView, name="HrOfficeImport",
          description="A device file checked (dryRun) or imported: its refused rows and the days it stores")
class OfficeImport:
    columns: JSON


@strawberry.type
class HrQuery:
    @strawberry.field
    def hr_office_attendance(self, company_id: strawberry.ID, month: date) -> OfficeMonth:
        """The month's office attendance (first in, last out, hours, overtime within BLA limits, late)."""
        return OfficeMonth.from_pydantic(service.office_month(parse_id(company_id, "company_id"), month))

    @strawberry.field
    def hr_muster(self, company_id: strawberry.ID, project_id: strawberry.ID, day: date) -> Muster:
        m = service.get_muster(parse_id(company_id, "company_id"), parse_id(project_id, "project_id"), day)
        return Muster(id=strawberry.ID(str(m.id)) if m.id else None, day=m.day, status=m.status, version=m.version,
                      day_off=m.day_off, day_off_bn=m.day_off_bn,
                      lines=[Attendance(employee_id=strawberry.ID(str(a.employee_id)), employee_code=a.employee_code,
                                        employee_name=a.employee_name, status=a.status, hours=a.hours,
                                        overtime_hours=a.overtime_hours, on_leave=a.on_leave) for a in m.lines])

    @strawberry.field
    def hr_leave_balances(self, employee_id: strawberry.ID, year: int) -> list[Balance]:
        return [Balance(**b.model_dump()) for b in service.balances(parse_id(employee_id, "employee_id"), year)]


    @strawberry.field
    def hr_expense_claims(self, company_id: strawberry.ID, employee_id: strawberry.ID | None = None,
                          status: str | None = None, limit: int = 200) -> list[ExpenseClaim]:
        """The company's claims (hr.expense.view), else the ones the user made (hr.expense.submit)."""
        return [ExpenseClaim.from_pydantic(c) for c in service.list_claims(
            parse_id(company_id, "company_id"), parse_id(employee_id, "employee_id") if employee_id else None,
            status, limit)]

    @strawberry.field
    def hr_expense_claim(self, id: strawberry.ID) -> ExpenseClaim:  # noqa: A002
        return ExpenseClaim.from_pydantic(service.get_claim(parse_id(id, "id")))

    @strawberry.field
    def hr_expense_payment_accounts(self, company_id: strawberry.ID) -> list[PaymentAccount]:
        """The company's bank and cash accounts a claim may be paid from."""
        return [PaymentAccount.from_pydantic(a) for a in service.payment_accounts(parse_id(company_id, "company_id"))]


@strawberry.type(name="HrWageRunPrepared")
class WageRunPrepared:
    """Payroll's wage run prepared from the approved muster rolls (read it whole as `payrollWageRun(id:)`)."""

    id: strawberry.ID
    status: str
    period_start: date
    period_end: date
    workers: int
    gross: Decimal
    net: Decimal
    unapproved_days: list[date]


@strawberry.type
class HrMutation:
    @strawberry.mutation
    def hr_import_office_attendance(self, company_id: strawberry.ID, content: str, filename: str = "",
                                    dry_run: bool = True, mode: str = "all_or_nothing",
                                    idempotency_key: str | None = None) -> OfficeImport:
        """A device's CSV export (`content`: the file's text): dry run first (the default), then import
        (`mode` all_or_nothing | valid_only)."""
        v = service.import_office_attendance(schemas.OfficeImportInput(
            company_id=parse_id(company_id, "company_id"), filename=filename, content=content.encode(),
            dry_run=dry_run, mode=mode), idempotency_key=idempotency_key)
        return OfficeImport.from_pydantic(v)

    @strawberry.mutation
    def hr_prepare_wage_run(self, company_id: strawberry.ID, period_start: date, period_end: date,
                            project_id: strawberry.ID | None = None,
                            idempotency_key: str | None = None) -> WageRunPrepared:
        from vextrus.modules.payroll.api import WageRunRequest

        from . import api

        r = api.prepare_wage_run(WageRunRequest(
            company_id=parse_id(company_id, "company_id"), period_start=period_start, period_end=period_end,
            project_id=parse_id(project_id, "project_id") if project_id else None), idempotency_key=idempotency_key)
        return WageRunPrepared(id=strawberry.ID(str(r.id)), status=r.status, period_start=r.period_start,
                               period_end=r.period_end, workers=r.workers, gross=r.gross, net=r.net,
                               unapproved_days=[w.day for w in r.warnings])


    @strawberry.mutation
    def hr_create_expense_claim(self, input: ExpenseClaimInput,  # noqa: A002
                                idempotency_key: str | None = None) -> ExpenseClaim:
        return ExpenseClaim.from_pydantic(service.create_claim(input.to_pydantic(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def hr_update_expense_claim(self, id: strawberry.ID, input: ExpenseClaimInput,  # noqa: A002
                                expected_version: int | None = None,
                                idempotency_key: str | None = None) -> ExpenseClaim:
        return ExpenseClaim.from_pydantic(service.update_claim(parse_id(id, "id"), input.to_pydantic(), expected_version,
                                                               idempotency_key=idempotency_key))

    @strawberry.mutation
    def hr_expense_claim_action(self, id: strawberry.ID, action: str, comment: str = "",  # noqa: A002
                                expected_version: int | None = None,
                                idempotency_key: str | None = None) -> ExpenseClaim:
        """submit | withdraw | cancel | post (an approved claim finance refused at first)."""
        from vextrus.platform.errors import ValidationFailed

        cid = parse_id(id, "id")
        if action == "withdraw":
            v = service.withdraw_claim(cid, comment, expected_version, idempotency_key=idempotency_key)
        elif action in ("submit", "cancel", "post"):
            fn = {"submit": service.submit_claim, "cancel": service.cancel_claim, "post": service.post_claim}[action]
            v = fn(cid, expected_version, idempotency_key=idempotency_key)
        else:
            raise ValidationFailed("hr.expense_action_unknown", "Action must be submit, withdraw, cancel or post",
                                   "কাজটি জমা, প্রত্যাহার, বাতিল বা পোস্ট হতে হবে", field="action")
        return ExpenseClaim.from_pydantic(v)


    @strawberry.mutation
    def hr_pay_expense_claims(self, input: ExpenseClaimPayInput,  # noqa: A002
                              idempotency_key: str | None = None) -> list[ExpenseClaim]:
        """Pay posted claims of one employee (one journal: Dr employee payable / Cr the bank or cash account)."""
        return [ExpenseClaim.from_pydantic(c) for c in service.pay_claims(input.to_pydantic(),
                                                                          idempotency_key=idempotency_key)]


SUBGRAPH = Subgraph(query=HrQuery, mutation=HrMutation)
