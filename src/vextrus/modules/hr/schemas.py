"""DTOs of hr: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class AttendanceInput(BaseModel):
    employee_id: UUID
    status: str = Field(max_length=12)  # present | absent | half_day | leave | holiday
    hours: Decimal = Decimal(0)  # ordinary hours (0: the ordinary 8, or 4 for half a day)
    overtime_hours: Decimal = Decimal(0)


class MusterInput(BaseModel):
    """A site's day, all its workers at once (bulk entry); lines left out are not recorded."""

    company_id: UUID
    project_id: UUID
    day: date
    lines: list[AttendanceInput] = Field(default_factory=list, max_length=2000)
    expected_version: int | None = None


class AttendanceView(BaseModel):
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    status: str | None  # None: not recorded yet
    hours: Decimal
    overtime_hours: Decimal
    on_leave: str | None = None  # the type of the approved leave covering the day (the sheet proposes "leave")


class MusterView(BaseModel):
    id: UUID | None  # None: nothing recorded for the day yet
    company_id: UUID
    project_id: UUID
    day: date
    status: str  # draft | approved
    approved_by: str
    approved_at: datetime | None
    version: int
    lines: list[AttendanceView]
    present: int
    absent: int
    overtime_hours: Decimal
    day_off: str | None = None  # the site's calendar does not work this day: a holiday's name or the weekly one
    day_off_bn: str | None = None


class MonthRow(BaseModel):
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    days: list[str | None]  # status of each day of the month (None: not recorded)
    days_worked: Decimal
    absent_days: Decimal
    leave_days: Decimal
    holidays: Decimal
    overtime_hours: Decimal


class MonthView(BaseModel):
    """The monthly muster roll: employees × days, with the month's figures (approved and draft days)."""

    company_id: UUID
    project_id: UUID
    month: date
    days: list[date]
    approved_days: list[date]
    rows: list[MonthRow]


class FiguresView(BaseModel):
    """One employee's month from approved muster rolls: what payroll is fed."""

    employee_id: UUID
    days_worked: Decimal
    absent_days: Decimal
    leave_days: Decimal
    holidays: Decimal
    overtime_hours: Decimal


class PayrollFromMusterInput(BaseModel):
    company_id: UUID
    month: date
    festival: str = Field(default="", max_length=40)


class LeaveTypeView(BaseModel):
    code: str
    name: str
    name_bn: str
    days: Decimal
    basis: str
    section: str
    women_only: bool


class LeaveInput(BaseModel):
    employee_id: UUID
    leave_type: str = Field(max_length=20)
    start: date
    end: date
    reason: str = Field(default="", max_length=400)


class LeaveView(BaseModel):
    id: UUID
    company_id: UUID
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    leave_type: str
    start: date
    end: date
    days: Decimal
    reason: str
    status: str
    decided_by: str
    version: int
    approval_id: UUID | None = None  # the approval (workflow) deciding it; plain approve/reject are refused then


class BalanceView(BaseModel):
    """An employee's leave of one type in a calendar year: entitled, taken (approved), pending, left. Annual
    (earned) leave: entitled = opening (carried forward from last year, BLA s.117) + earned this year; left =
    entitled − taken − pending − encashed; carry_forward = what goes to next year (at most the cap), over_cap
    = what lapses at the year's end unless encashed. Other types are not carried forward (opening 0)."""

    leave_type: str
    name: str
    name_bn: str
    section: str
    entitled: Decimal
    taken: Decimal
    pending: Decimal
    left: Decimal
    opening: Decimal = Decimal(0)
    earned: Decimal = Decimal(0)
    encashed: Decimal = Decimal(0)
    carry_forward: Decimal = Decimal(0)
    over_cap: Decimal = Decimal(0)


class DayLine(BaseModel):
    """One worker's line on an APPROVED site muster roll (payroll's wage runs are fed these)."""

    employee_id: UUID
    project_id: UUID
    day: date
    status: str  # present | half_day | absent | leave | holiday
    overtime_hours: Decimal


class DayLines(BaseModel):
    lines: list[DayLine]
    unapproved: list[tuple[UUID, date]]  # (project, day) of muster rolls in the range still in draft


class ExpenseLineInput(BaseModel):
    day: date
    category: str = Field(max_length=20)  # conveyance | food | site_purchase | mobile | other
    description: str = Field(max_length=200)
    amount: Decimal  # BDT, positive, in whole poisha


class ExpenseClaimInput(BaseModel):
    """An employee's expense claim (a draft until submitted); `lines` replace the draft's lines whole."""

    employee_id: UUID | None = None  # None: the signed-in user's own employee record (payroll's employee ↔ user)
    claim_date: date
    project_id: UUID | None = None  # the project the expenses were for (its costing); None: office
    purpose: str = Field(default="", max_length=400)
    lines: list[ExpenseLineInput] = Field(default_factory=list, max_length=100)


class ExpenseLineView(BaseModel):
    line_no: int
    day: date
    category: str
    description: str
    amount: Decimal


class ExpenseClaimView(BaseModel):
    id: UUID
    company_id: UUID
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    claim_date: date
    project_id: UUID | None
    purpose: str
    status: str  # draft | submitted | approved | posted | paid | cancelled
    total: Decimal
    created_by: str
    submitted_by: str
    decided_by: str
    comment: str
    approval_id: UUID | None  # the latest approval (workflow instance): its timeline
    entry_id: UUID | None  # the journal entry posted on approval
    entry_number: str
    paid_on: date | None = None  # paid to the employee: the payment journal (Dr employee payable / Cr bank or cash)
    paid_entry_id: UUID | None = None
    paid_entry_number: str = ""
    paid_account: str = ""  # the bank or cash account paid from
    paid_by: str = ""
    version: int
    lines: list[ExpenseLineView]


class ExpenseClaimPayInput(BaseModel):
    """Pay posted claims of one employee from a bank or cash account: one journal, Dr employee payable (the claims'
    total) / Cr `account_code`; each claim becomes `paid`."""

    claim_ids: list[UUID] = Field(max_length=50)
    account_code: str = Field(max_length=20)  # one of `payment_accounts(company)`: the company's bank or cash accounts
    paid_on: date | None = None  # default: today (Asia/Dhaka)


class PaymentAccountView(BaseModel):
    """A bank or cash account of the company's chart an employee may be paid from."""

    code: str
    name: str
    name_bn: str
    subtype: str  # cash | bank


class ExpenseCategoryView(BaseModel):
    code: str
    name: str
    name_bn: str
    office_account: str
    site_account: str


# --- office attendance from check-in/out devices ----------------------------------------------------------

class OfficeImportInput(BaseModel):
    """A device's CSV export. `dry_run` (the default) checks and reports, storing nothing; `mode`
    `all_or_nothing` stores nothing when a row is refused, `valid_only` stores the valid rows and reports
    the others (the user accepts them, as interchange's commit does)."""

    company_id: UUID
    filename: str = Field(default="", max_length=200)
    content: bytes
    dry_run: bool = True
    mode: str = Field(default="all_or_nothing", pattern="^(all_or_nothing|valid_only)$")


class OfficeProblemView(BaseModel):
    row: int
    line: int
    field: str
    column: str
    code: str
    message: str
    message_bn: str


class OfficeDayView(BaseModel):
    """One employee's day: first in, last out (HH:MM), hours worked, ordinary, paid overtime (within 10 a
    day and 60 a week, BLA ss.100, 102), excess (beyond them: flagged, not paid), minutes late."""

    employee_id: UUID
    employee_code: str
    day: date
    first_in: str
    last_out: str
    hours: Decimal
    ordinary_hours: Decimal
    overtime_hours: Decimal
    excess_hours: Decimal
    late_minutes: int
    complete: bool


class OfficeImportView(BaseModel):
    company_id: UUID
    filename: str
    sha256: str
    shape: str  # punch | daily
    columns: dict[str, str]  # our field -> the file's header
    rows: int
    refused_rows: int
    problems: list[OfficeProblemView]
    days: int  # employee-days in the file
    days_new: int  # not stored before
    days_changed: int  # stored before, with an earlier in or a later out now
    stored: bool
    dry_run: bool
    duplicate: bool  # the same file was imported before: nothing stored again
    import_id: UUID | None = None


class OfficeEmployeeMonth(BaseModel):
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    days: list[OfficeDayView]
    days_present: int
    hours: Decimal
    overtime_hours: Decimal
    excess_hours: Decimal
    late_days: int
    incomplete_days: int


class OfficeMonthView(BaseModel):
    company_id: UUID
    month: date
    office_start: str  # HH:MM, the hr.office_start setting
    employees: list[OfficeEmployeeMonth]
