"""DTOs of payroll: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class EmployeeInput(BaseModel):
    company_id: UUID
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    name_bn: str = Field(default="", max_length=200)
    nid: str = Field(default="", max_length=20)
    etin: str = Field(default="", max_length=12)
    grade: str = Field(max_length=40)
    site_id: UUID | None = None
    project_id: UUID | None = None
    workplace: str = "office"
    employment_type: str = "permanent"
    payment_method: str = "bank"
    account_no: str = Field(default="", max_length=40)  # bank account, or the MFS wallet (mobile) number
    bank_name: str = Field(default="", max_length=100)  # payment_method bank: the bank advice's columns
    bank_branch: str = Field(default="", max_length=100)
    routing_no: str = Field(default="", max_length=9)  # Bangladesh Bank routing number (9 digits)
    mfs_provider: str = Field(default="", max_length=20)  # payment_method mfs: bkash | nagad | rocket | upay
    joining_date: date
    category: str = "general"
    area: str = "dhaka_chattogram_city"
    basic: Decimal | None = None
    investment: Decimal = Decimal(0)
    daily_wage: Decimal | None = None  # a daily-wage worker paid by wage runs (money, > 0)
    manager_id: UUID | None = None  # the employee this one reports to (no self, no cycle)
    user_id: UUID | None = None  # the user account who is this employee (auth's user id)


class EmployeeChange(BaseModel):
    """A partial update (REST PATCH): fields left out stay as they are."""

    name: str | None = Field(default=None, max_length=200)
    name_bn: str | None = Field(default=None, max_length=200)
    grade: str | None = Field(default=None, max_length=40)
    workplace: str | None = None
    employment_type: str | None = None
    payment_method: str | None = None
    account_no: str | None = Field(default=None, max_length=40)
    bank_name: str | None = Field(default=None, max_length=100)
    bank_branch: str | None = Field(default=None, max_length=100)
    routing_no: str | None = Field(default=None, max_length=9)
    mfs_provider: str | None = Field(default=None, max_length=20)
    basic: Decimal | None = None
    investment: Decimal | None = None
    daily_wage: Decimal | None = None
    status: str | None = None  # active | separated
    manager_id: UUID | None = None  # the employee this one reports to; null clears it
    user_id: UUID | None = None  # the user account who is this employee; null clears it


class EmployeeView(BaseModel):
    id: UUID
    company_id: UUID
    code: str
    name: str
    name_bn: str
    nid: str
    etin: str
    grade: str
    site_id: UUID | None
    project_id: UUID | None
    workplace: str
    employment_type: str
    payment_method: str
    account_no: str
    joining_date: date
    category: str
    area: str
    basic: Decimal | None
    investment: Decimal
    status: str
    version: int
    daily_wage: Decimal | None = None
    bank_name: str = ""
    bank_branch: str = ""
    routing_no: str = ""
    mfs_provider: str = ""
    manager_id: UUID | None = None
    user_id: UUID | None = None
    separated_on: date | None = None  # status separated: the last day worked (final settlement posted)
    separation_kind: str = ""


class EmployeePage(BaseModel):
    """A page of employees by code; pass `end_cursor` as `after` for the next one."""

    items: list[EmployeeView]
    end_cursor: str | None
    has_next_page: bool


class ComponentInput(BaseModel):
    name: str
    basis: str = "basic"
    value: Decimal


class StructureInput(BaseModel):
    company_id: UUID
    grade: str = Field(max_length=40)
    basic: Decimal
    components: list[ComponentInput] = Field(default_factory=list)


class StructureView(BaseModel):
    id: UUID
    company_id: UUID
    grade: str
    basic: Decimal
    components: list[ComponentInput]
    gross: Decimal
    version: int


class OvertimeInput(BaseModel):
    """An employee's attendance figures for the run: overtime hours and days absent without leave (hr's
    muster roll supplies both; basic ÷ 30 is withheld per absent day)."""

    employee_id: UUID
    hours: Decimal = Decimal(0)
    absent_days: Decimal = Decimal(0)


class EncashInput(BaseModel):
    """Days of an employee's unavailed annual leave paid with the run (BLA s.117): at a day's gross wages,
    leaving hr's balance when the run is posted."""

    employee_id: UUID
    days: Decimal


class RunInput(BaseModel):
    company_id: UUID
    month: date  # any day of the month
    festival: str = Field(default="", max_length=40)  # a festival bonus is paid with this run when named
    overtime: list[OvertimeInput] = Field(default_factory=list)
    encash: list[EncashInput] = Field(default_factory=list, max_length=2000)


class PayslipView(BaseModel):
    id: UUID
    run_id: UUID
    month: date
    status: str
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    grade: str
    tax_year: str
    basic: Decimal
    house_rent: Decimal
    medical: Decimal
    conveyance: Decimal
    other: Decimal
    overtime_hours: Decimal
    absent_days: Decimal = Decimal(0)
    absence: Decimal = Decimal(0)
    overtime: Decimal
    bonus: Decimal
    leave_days_encashed: Decimal = Decimal(0)  # annual leave paid this month (BLA s.117)
    leave_encashment: Decimal = Decimal(0)
    gratuity_provision: Decimal = Decimal(0)  # the month's gratuity accrued (a cost, not paid: BLA s.2(10))
    gross: Decimal
    annual_tax: Decimal
    tax: Decimal
    pf_employee: Decimal
    pf_employer: Decimal
    advance: Decimal = Decimal(0)  # advances and loans recovered this month
    advance_due: Decimal = Decimal(0)  # what was due; more than `advance` when the deduction cap bit
    deductions: Decimal
    net: Decimal


class RunView(BaseModel):
    id: UUID
    company_id: UUID
    month: date
    status: str
    festival: str
    gross: Decimal
    tax: Decimal
    pf_employee: Decimal
    pf_employer: Decimal
    advances: Decimal = Decimal(0)
    net: Decimal
    employees: int
    entry_id: UUID | None
    entry_number: str
    version: int
    revision: int = 0  # a month reversed and prepared again: 1, 2, ...
    reversed_on: date | None = None  # reversed: the reversal's date, the reason and finance's reversing entry
    reversal_reason: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""
    paid_on: date | None = None  # paid: the payment journal's date, entry and account ("" = bank and cash)
    payment_entry_id: UUID | None = None
    payment_entry_number: str = ""
    payment_account: str = ""
    payslips: list[PayslipView] = Field(default_factory=list)


class ReversalInput(BaseModel):
    """Reverse a posted run: the reason (required), the reversal's date (default: the run's posting date)."""

    reason: str = Field(max_length=400)
    reversal_date: date | None = None
    expected_version: int | None = None


class PaymentInput(BaseModel):
    """Record that a posted run's net was paid: the day paid (not before the run's posting date) and, optionally,
    the one account it was paid from (default: bank for the bank and MFS part, cash for the cash part)."""

    paid_on: date
    account_code: str | None = Field(default=None, max_length=20)
    expected_version: int | None = None


class PaymentUndoInput(BaseModel):
    """Undo a run's recorded payment (recorded by mistake): the reason (required), the reversal's date (default and
    earliest: the payment's date), the run's version seen."""

    reason: str  # at most 400 characters: checked by the rule (domain.reversal_date), refused in en/bn at `reason`
    reversal_date: date | None = None
    expected_version: int | None = None


class PaymentUndoView(BaseModel):
    """A recorded payment that was undone: the payment as it was and the undo (its reversing journal)."""

    id: UUID
    run_id: UUID
    run_kind: str
    paid_on: date
    payment_entry_id: UUID
    payment_entry_number: str
    payment_account: str
    net: Decimal
    undone_on: date
    reason: str
    reversal_entry_id: UUID
    reversal_entry_number: str


class RunPage(BaseModel):
    items: list[RunView]
    end_cursor: str | None
    has_next_page: bool


class SettingsView(BaseModel):
    """A company's payroll settings: the journal's accounts and the rates (defaults until changed)."""

    company_id: UUID
    office_expense_account: str
    site_expense_account: str
    pf_expense_account: str
    salaries_payable_account: str
    tds_payable_account: str
    pf_payable_account: str
    pf_employee_rate: Decimal
    pf_employer_rate: Decimal
    overtime_divisor: Decimal
    festival_bonus_proportion: Decimal
    advances_account: str = "1143"
    cash_account: str = "1110"
    bank_account: str = "1120"
    deduction_cap: Decimal = Decimal("0.5")
    gratuity_account: str = "5210"  # final settlement: gratuity (expense, or a provision account)
    compensation_account: str = "5210"  # final settlement: compensation under BLA ss.19, 26-28
    pf_vesting_years: str = "3"  # the employer's PF is paid out after this many completed years
    leave_encash_on_request: str = "false"  # "true": any unavailed annual leave may be encashed in a run
    gratuity_provision: str = "false"  # "true": each monthly run posts the month's gratuity provision
    gratuity_payable_account: str = "2230"  # the provision (liability) the settlement's gratuity then debits
    version: int = 0


class SettingsAccount(BaseModel):
    """One account of the company's chart a settings page may offer (active, posting, not a group)."""

    code: str
    name: str
    name_bn: str = ""
    account_type: str


class SettingsChange(BaseModel):
    office_expense_account: str | None = None
    site_expense_account: str | None = None
    pf_expense_account: str | None = None
    salaries_payable_account: str | None = None
    tds_payable_account: str | None = None
    pf_payable_account: str | None = None
    pf_employee_rate: Decimal | None = None
    pf_employer_rate: Decimal | None = None
    overtime_divisor: Decimal | None = None
    festival_bonus_proportion: Decimal | None = None
    advances_account: str | None = None
    cash_account: str | None = None
    bank_account: str | None = None
    deduction_cap: Decimal | None = None
    gratuity_account: str | None = None
    compensation_account: str | None = None
    pf_vesting_years: str | None = None
    leave_encash_on_request: str | None = None
    gratuity_provision: str | None = None
    gratuity_payable_account: str | None = None


class WageRunRequest(BaseModel):
    """A wage run of daily-wage workers: a period of 1 to 31 days (a week, by custom), one site or all. Prepared
    through hr (`POST /api/v1/hr/wage-runs`), which reads its approved muster rolls."""

    company_id: UUID
    period_start: date
    period_end: date
    project_id: UUID | None = None


class WageDayInput(BaseModel):
    """One worker's day on an approved muster roll (hr supplies these)."""

    employee_id: UUID
    project_id: UUID
    day: date
    status: str  # present | half_day | absent | leave | holiday
    overtime_hours: Decimal = Decimal(0)


class WageWarning(BaseModel):
    """A muster-roll day in the period still in draft: not paid by this run."""

    project_id: UUID
    day: date


class WageRunInput(WageRunRequest):
    """What hr hands payroll: the request with the approved days and the days still in draft."""

    days: list[WageDayInput] = Field(default_factory=list)
    unapproved: list[WageWarning] = Field(default_factory=list)


class WageSlipView(BaseModel):
    id: UUID
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    payment_method: str
    daily_wage: Decimal
    present_days: Decimal
    half_days: Decimal
    absent_days: Decimal
    leave_days: Decimal
    holidays: Decimal
    days_paid: Decimal
    overtime_hours: Decimal
    wages: Decimal
    overtime: Decimal
    gross: Decimal
    deductions: Decimal  # advances and loans recovered
    advance_due: Decimal = Decimal(0)  # what was due; more than `deductions` when the cap bit
    net: Decimal


class WageRunView(BaseModel):
    id: UUID
    company_id: UUID
    project_id: UUID | None
    period_start: date
    period_end: date
    status: str
    gross: Decimal
    deductions: Decimal
    net: Decimal
    workers: int
    entry_id: UUID | None
    entry_number: str
    version: int
    reversed_on: date | None = None  # reversed: the reversal's date, the reason and finance's reversing entry
    reversal_reason: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""
    paid_on: date | None = None  # paid: the payment journal's date, entry and account ("" = bank and cash)
    payment_entry_id: UUID | None = None
    payment_entry_number: str = ""
    payment_account: str = ""
    warnings: list[WageWarning] = Field(default_factory=list)
    slips: list[WageSlipView] = Field(default_factory=list)


class WageRunPage(BaseModel):
    items: list[WageRunView]
    end_cursor: str | None
    has_next_page: bool


class AdvanceInput(BaseModel):
    """A salary advance or loan given to an employee or daily worker, recovered from runs by instalments:
    give `instalment_amount` or `instalments` (not both). Disbursed at once: Dr advances to employees /
    Cr cash or bank (`paid_from`)."""

    company_id: UUID
    employee_id: UUID
    kind: str = "advance"  # advance | loan
    given_on: date
    amount: Decimal
    instalment_amount: Decimal | None = None
    instalments: int | None = None
    start_month: date  # the first day of the first month recovered
    paid_from: str = "cash"  # cash | bank
    note: str = Field(default="", max_length=200)


class AdvanceRecoveryView(BaseModel):
    """One run's deduction of an advance (monthly run or wage run)."""

    run_id: UUID
    run_kind: str  # monthly | wage | settlement
    period: str  # "2026-01" or "2026-01-03–2026-01-09"
    status: str  # the run's status
    due: Decimal
    amount: Decimal
    carried: Decimal


class AdvanceView(BaseModel):
    id: UUID
    company_id: UUID
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    kind: str
    given_on: date
    amount: Decimal
    instalment_amount: Decimal
    instalments: int | None
    start_month: date
    paid_from: str
    note: str
    status: str
    recovered: Decimal  # by posted runs
    pending: Decimal  # in runs not yet posted
    balance: Decimal  # amount − recovered
    entry_id: UUID | None
    entry_number: str
    version: int
    recoveries: list[AdvanceRecoveryView] = Field(default_factory=list)


class AdvancePage(BaseModel):
    items: list[AdvanceView]
    end_cursor: str | None
    has_next_page: bool


class DisbursementLine(BaseModel):
    """A line of a posted run's bank advice, MFS file or cash list: the payslip's net to the poisha."""

    serial: int
    employee_code: str
    employee_name: str
    employee_name_bn: str = ""
    bank_name: str = ""
    bank_branch: str = ""
    routing_no: str = ""
    account_no: str = ""
    mfs_provider: str = ""
    amount: Decimal


class DisbursementProblem(BaseModel):
    """An employee left out of every file: the payment detail missing or malformed, the amount held."""

    employee_code: str
    employee_name: str
    field: str
    message: str
    message_bn: str
    amount: Decimal


class MfsFileView(BaseModel):
    provider: str
    lines: list[DisbursementLine]
    total: Decimal


class DisbursementView(BaseModel):
    """How a posted run's net is paid: bank advice + MFS files + cash list (+ held, the errors) = net."""

    run_id: UUID
    run_kind: str  # monthly | wage | settlement
    company_code: str
    company_name: str
    reference: str  # the run's (its journal's) reference, with the company code
    total_net: Decimal
    bank: list[DisbursementLine]
    bank_total: Decimal
    mfs: list[MfsFileView]
    mfs_total: Decimal
    cash: list[DisbursementLine]
    cash_total: Decimal
    errors: list[DisbursementProblem]
    errors_total: Decimal


# Reports (service/reports.py): read from posted and paid runs only (a reversed run is left out)


class SalaryRegisterLine(BaseModel):
    """An employee's line of the salary register (the totals line has no employee): the payslip's figures.
    `other_deductions` = gross − PF − tax − advances − net (zero while payroll knows no other deduction)."""

    employee_id: UUID | None = None
    employee_code: str = ""
    employee_name: str = ""
    employee_name_bn: str = ""
    grade: str = ""
    basic: Decimal
    house_rent: Decimal
    medical: Decimal
    conveyance: Decimal
    other: Decimal
    overtime: Decimal
    bonus: Decimal
    absence: Decimal  # pay withheld for absent days (lowers gross)
    gross: Decimal
    pf_employee: Decimal
    tax: Decimal
    advance: Decimal  # advances and loans recovered
    other_deductions: Decimal
    net: Decimal
    pf_employer: Decimal


class SalaryRegisterView(BaseModel):
    """A month's salary register: the posted run's payslips, and their totals (= the run's journal)."""

    company_id: UUID
    month: date
    run_id: UUID
    status: str
    entry_id: UUID | None = None
    entry_number: str = ""
    lines: list[SalaryRegisterLine]
    total: SalaryRegisterLine


class TaxMonthView(BaseModel):
    month: date
    gross: Decimal
    tax: Decimal


class TaxDeductedLine(BaseModel):
    """An employee's tax deducted at source from salary (ITA 2023 §86) by month of an income year."""

    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str = ""
    etin: str = ""
    months: list[TaxMonthView]  # the twelve months July–June (zero where nothing was paid)
    gross: Decimal
    tax: Decimal


class TaxDeductedView(BaseModel):
    company_id: UUID
    tax_year: str
    lines: list[TaxDeductedLine]
    months: list[TaxMonthView]  # the company's totals by month
    gross: Decimal
    tax: Decimal


class PfMonthView(BaseModel):
    month: date
    employee: Decimal
    employer: Decimal
    balance: Decimal  # running: opening + both shares so far


class PfLedgerLine(BaseModel):
    """An employee's provident fund over an income year: the opening balance (both shares of earlier posted
    runs), each month's contributions and the running balance."""

    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str = ""
    opening: Decimal
    months: list[PfMonthView]  # only the months with a posted run
    employee: Decimal
    employer: Decimal
    closing: Decimal


class PfLedgerView(BaseModel):
    company_id: UUID
    tax_year: str
    lines: list[PfLedgerLine]
    opening: Decimal
    employee: Decimal
    employer: Decimal
    closing: Decimal


class LabourCostLine(BaseModel):
    """A project's (or no project's: office) labour in a month: monthly staff by their project, and the
    wage runs' workers by the muster roll's site; cost = salaries + employer's PF + wages."""

    project_id: UUID | None = None
    project_code: str = ""
    project_name: str = ""
    project_name_bn: str = ""
    staff: int
    workers: int
    salaries: Decimal
    pf_employer: Decimal
    wages: Decimal
    cost: Decimal


class LabourCostView(BaseModel):
    company_id: UUID
    month: date
    lines: list[LabourCostLine]
    total: LabourCostLine


class RunDifferenceLine(BaseModel):
    """An employee's net this month against the last posted month: `new` (not in last month's run), `left` (in
    last month's run, not in this one) or `same`."""

    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str = ""
    kind: str  # same | new | left
    net: Decimal  # this run's (zero when left)
    last_net: Decimal  # last posted month's (zero when new)
    change: Decimal  # net − last_net


class RunDifferencesView(BaseModel):
    """A monthly run against the company's last posted (or paid) month before it; reversed runs left out."""

    run_id: UUID
    month: date
    last_run_id: UUID | None = None
    last_month: date | None = None
    lines: list[RunDifferenceLine]  # changed, new and left employees first, then by code
    net: Decimal
    last_net: Decimal
    change: Decimal
    new: int
    left: int


class SettlementInput(BaseModel):
    """A separation's facts (domain/settlement.py): the kind, the last day worked, the notice given in days.
    `leave_days` (unavailed annual leave) is read from hr's balance when hr runs; given here only without hr."""

    kind: str  # resignation | termination | dismissal | retirement | death | end_of_contract
    last_day: date
    notice_given_days: int = 0
    leave_days: Decimal | None = None
    reason: str = Field(default="", max_length=400)


class SettlementLineView(BaseModel):
    code: str  # wages | leave | notice_pay | notice_deduction | compensation | gratuity | pf_employee | ...
    label: str
    label_bn: str
    section: str  # the law the line rests on (BLA 2006 s.…, ITA 2023 §86)
    section_bn: str
    basis: str
    basis_bn: str
    amount: Decimal  # positive paid, negative deducted


class SettlementDraftRun(BaseModel):
    """A draft monthly run from a reversed settlement's last month on (what the reversal did to it, and what to do):
    `employee_included` their payslip is in it (put back by the reversal, without hr's overtime and absence:
    prepare the run again to take them), `approval_pending` it waits for its approval and was not changed."""

    run_id: UUID
    month: date
    employee_included: bool
    approval_pending: bool = False


class SettlementAttemptView(BaseModel):
    """An earlier attempt of the settlement: posted (its journal), then reversed (date, reason, reversing journal)."""

    attempt: int
    kind: str
    last_day: date
    reason: str
    net: Decimal
    entry_id: UUID | None = None
    entry_number: str = ""
    reversed_on: date | None = None
    reversal_reason: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""


class SettlementView(BaseModel):
    id: UUID
    company_id: UUID
    employee_id: UUID
    employee_code: str
    employee_name: str
    employee_name_bn: str
    joining_date: date
    kind: str
    last_day: date
    notice_given_days: int
    leave_days: Decimal
    leave_source: str  # hr | given
    reason: str
    status: str  # draft | approved | posted | reversed
    years: int  # counted (a part year over six months counts, BLA s.2(10))
    service_months: int
    lines: list[SettlementLineView]
    earnings: Decimal
    deductions: Decimal
    net: Decimal
    pf_forfeited: Decimal
    advances_left: Decimal
    due_by: date  # BLA s.123: the final payment within 30 days
    entry_id: UUID | None = None
    entry_number: str = ""
    reversed_on: date | None = None
    reversal_reason: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""
    # a reversed settlement: the draft monthly runs from the last day's month on (the employee put back in them)
    draft_runs: list[SettlementDraftRun] = []
    attempts: list[SettlementAttemptView] = []  # earlier attempts, posted then reversed, oldest first
    version: int


class TransferInput(BaseModel):
    """Transfer an employee to a project (None: head office) from a date, with the reason."""

    project_id: UUID | None = None
    effective_on: date
    reason: str = Field(max_length=400)
    expected_version: int | None = None  # the employee's version the user saw


class TransferView(BaseModel):
    id: UUID
    employee_id: UUID
    project_id: UUID | None
    from_project_id: UUID | None
    effective_on: date
    reason: str
