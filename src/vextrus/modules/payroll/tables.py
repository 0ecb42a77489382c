"""Tables of payroll (schema `payroll`; every name starts with `payroll_`). Company-owned rows carry
`company_id` (organization's company, no foreign key across modules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("payroll")


class SettingRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A company's payroll settings: the account mapping of the journal and the rates (defaults in
    `domain.DEFAULT_SETTINGS`)."""

    __tablename__ = "payroll_setting"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id"),)


class StructureRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A grade's salary structure: basic and allowances as data (`components`: name, basis, value)."""

    __tablename__ = "payroll_structure"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    grade: Mapped[str] = mapped_column(String(40))
    basic: Mapped[Decimal] = mapped_column(Amount(2))
    components: Mapped[list] = mapped_column(JSON, default=list)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "grade"),)


class EmployeeRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "payroll_employee"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    nid: Mapped[str] = mapped_column(String(20), default="")
    etin: Mapped[str] = mapped_column(String(12), default="")
    grade: Mapped[str] = mapped_column(String(40))
    site_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # organization's cost centre
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    workplace: Mapped[str] = mapped_column(String(10), default="office")  # office | site
    employment_type: Mapped[str] = mapped_column(String(20), default="permanent")
    payment_method: Mapped[str] = mapped_column(String(10), default="bank")  # bank | mfs | cash
    account_no: Mapped[str] = mapped_column(String(40), default="")  # bank account or MFS wallet number
    bank_name: Mapped[str] = mapped_column(String(100), default="")  # payment_method bank: for the bank advice
    bank_branch: Mapped[str] = mapped_column(String(100), default="")
    routing_no: Mapped[str] = mapped_column(String(9), default="")  # Bangladesh Bank routing number, 9 digits
    mfs_provider: Mapped[str] = mapped_column(String(20), default="")  # payment_method mfs: bkash | nagad | ...
    joining_date: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(40), default="general")
    area: Mapped[str] = mapped_column(String(40), default="dhaka_chattogram_city")
    basic: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)  # None: the grade's
    investment: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # declared for the year
    daily_wage: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)  # set: paid by wage runs
    status: Mapped[str] = mapped_column(String(12), default="active")
    manager_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True, index=True)  # reports to (an employee)
    user_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True, index=True)  # auth's user who is this employee
    # status "separated" (final settlement posted): the last day worked and the kind (domain/settlement.py)
    separated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    separation_kind: Mapped[str] = mapped_column(String(20), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "code"),)


class RunRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A company's monthly payroll run: draft → approved → posted → reversed (finance's reversal of its
    journal, with the reason; its advance recoveries given back)."""

    __tablename__ = "payroll_run"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    status: Mapped[str] = mapped_column(String(12), default="draft")
    festival: Mapped[str] = mapped_column(String(40), default="")  # a festival bonus paid this month
    gross: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    tax: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    pf_employee: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    pf_employer: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    advances: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # advances and loans recovered
    net: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    # a reversed run stays; the month prepared again is the next revision (one run per month is not reversed)
    revision: Mapped[int] = mapped_column(default=0)
    reversed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # posted → reversed: the reversal's date
    reversal_reason: Mapped[str] = mapped_column(String(400), default="", info={"field": "reason"})
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    # posted → paid: the payment journal (Dr salaries payable / Cr bank and cash, or one account chosen)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    payment_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    payment_entry_number: Mapped[str] = mapped_column(String(40), default="")
    payment_account: Mapped[str] = mapped_column(String(20), default="")  # "" = bank and cash by payment method
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "month", "revision"),)


class PayslipRow(IdPk, TenantScoped, Base):
    __tablename__ = "payroll_payslip"
    run_id: Mapped[UUID] = mapped_column(ForeignKey("payroll.payroll_run.id", ondelete="CASCADE"))
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    tax_year: Mapped[str] = mapped_column(String(7))
    basic: Mapped[Decimal] = mapped_column(Amount(2))
    house_rent: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    medical: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    conveyance: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    other: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    overtime_hours: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    overtime: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    absent_days: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # from hr's muster roll
    absence: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # basic ÷ 30 per absent day
    bonus: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    leave_days_encashed: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # BLA s.117
    leave_encashment: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # their wages
    gratuity_provision: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # accrued this month
    gross: Mapped[Decimal] = mapped_column(Amount(2))
    annual_tax: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    tax: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    pf_employee: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    pf_employer: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    advance: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # advances and loans recovered
    advance_due: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # due; more when the cap bit
    net: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("run_id", "employee_id"), Index("ix_payroll_payslip_employee", "employee_id"))


class WageRunRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A wage run of daily-wage workers over a period (≤ 31 days), optionally one site: draft → approved →
    posted. `warnings`: the muster-roll days in the period still in draft (not paid by this run)."""

    __tablename__ = "payroll_wage_run"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    gross: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    deductions: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    net: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    costing: Mapped[dict] = mapped_column(JSON, default=dict)  # {project id: gross costed to it}
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    reversed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # posted → reversed: the reversal's date
    reversal_reason: Mapped[str] = mapped_column(String(400), default="", info={"field": "reason"})
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    # posted → paid: the payment journal (Dr salaries payable / Cr bank and cash, or one account chosen)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    payment_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    payment_entry_number: Mapped[str] = mapped_column(String(40), default="")
    payment_account: Mapped[str] = mapped_column(String(20), default="")  # "" = bank and cash by payment method
    __table_args__ = (Index("ix_payroll_wage_run_company", "company_id", "period_start"),)


class WageSlipRow(IdPk, TenantScoped, Base):
    """A worker's line in a wage run."""

    __tablename__ = "payroll_wage_slip"
    run_id: Mapped[UUID] = mapped_column(ForeignKey("payroll.payroll_wage_run.id", ondelete="CASCADE"))
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    daily_wage: Mapped[Decimal] = mapped_column(Amount(2))
    present_days: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    half_days: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    absent_days: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    leave_days: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    holidays: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    days_paid: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    overtime_hours: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    wages: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    overtime: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    gross: Mapped[Decimal] = mapped_column(Amount(2))
    deductions: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # advances and loans recovered
    advance_due: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # due; more when the cap bit
    net: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("run_id", "employee_id"),)


class WageDayRow(IdPk, TenantScoped, Base):
    """A worker's day taken into a wage run, with the site it is costed to: a day is in one run only."""

    __tablename__ = "payroll_wage_day"
    run_id: Mapped[UUID] = mapped_column(ForeignKey("payroll.payroll_wage_run.id", ondelete="CASCADE"))
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    day: Mapped[date] = mapped_column(Date)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    __table_args__ = (UniqueConstraint("tenant_id", "employee_id", "day"), Index("ix_payroll_wage_day_run", "run_id"))


class AdvanceRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A salary advance or loan given to an employee (domain/advances.py): active → settled (recovered in
    full by posted runs) or cancelled (before anything was deducted). `recovered`: by posted runs."""

    __tablename__ = "payroll_advance"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10), default="advance")  # advance | loan
    given_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    instalment_amount: Mapped[Decimal] = mapped_column(Amount(2))
    instalments: Mapped[int | None] = mapped_column(nullable=True)
    start_month: Mapped[date] = mapped_column(Date)
    paid_from: Mapped[str] = mapped_column(String(10), default="cash")
    note: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default="active")
    recovered: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (Index("ix_payroll_advance_employee", "company_id", "employee_id"),)


class AdvanceRecoveryRow(IdPk, TenantScoped, Base):
    """An advance's deduction in one run (monthly `payroll_run` or wage `payroll_wage_run`, by `run_kind`):
    replaced when a draft is recomputed; `posted` when its run is posted (then the advance's `recovered`
    grows)."""

    __tablename__ = "payroll_advance_recovery"
    advance_id: Mapped[UUID] = mapped_column(ForeignKey("payroll.payroll_advance.id", ondelete="CASCADE"))
    run_kind: Mapped[str] = mapped_column(String(10))  # monthly | wage
    run_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    due: Mapped[Decimal] = mapped_column(Amount(2))
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    posted: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (UniqueConstraint("advance_id", "run_id"), Index("ix_payroll_advance_recovery_run", "run_id"))


class SettlementRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """An employee's final settlement on separation (domain/settlement.py): draft (computed again while a
    draft) → approved → posted (one journal; the employee separated) → reversed (the journal reversed, the
    employee active again; computed again as a draft from there). One per employee."""

    __tablename__ = "payroll_settlement"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(20))
    last_day: Mapped[date] = mapped_column(Date)
    notice_given_days: Mapped[int] = mapped_column(default=0)
    leave_days: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # unavailed annual leave, from hr
    leave_source: Mapped[str] = mapped_column(String(10), default="")  # hr | given
    reason: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    years: Mapped[int] = mapped_column(default=0)  # counted (s.2(10): a part year over six months counts)
    service_months: Mapped[int] = mapped_column(default=0)  # whole months of service
    lines: Mapped[list] = mapped_column(JSON, default=list)  # code, label(_bn), section, basis(_bn), amount
    earnings: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    deductions: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    net: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    pf_forfeited: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    advances_left: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))  # not covered by the dues
    due_by: Mapped[date] = mapped_column(Date)
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    # reversed (payroll_0013): the journal reversed by finance, the employee active again
    reversed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reversal_reason: Mapped[str] = mapped_column(String(400), default="", info={"field": "reason"})
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "employee_id"), Index("ix_payroll_settlement_company", "company_id"))


class TransferRow(IdPk, TenantScoped, Timestamped, Base):
    """One row of an employee's postings (issue 18): from `effective_on` they work for `project_id` (None: head
    office). The first row is the joining; each later row a transfer. Never edited (no version)."""

    __tablename__ = "payroll_transfer"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    from_project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(400), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "employee_id", "effective_on"),)


class SettlementAttemptRow(IdPk, TenantScoped, Timestamped, Base):
    """An earlier attempt of an employee's final settlement (issue 18, payroll_0014): a posted settlement that was
    reversed, kept when the settlement is computed again (the settlement row is reused and its entry and reversal
    fields cleared). Never edited (no version); `attempt` counts from 1 per employee."""

    __tablename__ = "payroll_settlement_attempt"
    settlement_id: Mapped[UUID] = mapped_column(ForeignKey("payroll.payroll_settlement.id"))
    company_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    attempt: Mapped[int] = mapped_column(default=1)
    kind: Mapped[str] = mapped_column(String(20))
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(400), default="")
    net: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    reversed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reversal_reason: Mapped[str] = mapped_column(String(400), default="")
    reversal_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "employee_id", "attempt"),)


class PaymentUndoRow(IdPk, TenantScoped, Timestamped, Base):
    """A run's recorded payment that was undone (issue 18, payroll_0015): the payment's date, journal, account and
    net as they were, the undo's date, reason and finance's reversing journal. Never edited; a run paid and undone
    twice has two rows. `run_kind` monthly (payroll_run) or wage (payroll_wage_run)."""

    __tablename__ = "payroll_payment_undo"
    run_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    run_kind: Mapped[str] = mapped_column(String(10))
    company_id: Mapped[UUID] = mapped_column(Uuid)
    paid_on: Mapped[date] = mapped_column(Date)
    payment_entry_id: Mapped[UUID] = mapped_column(Uuid)
    payment_entry_number: Mapped[str] = mapped_column(String(40), default="")
    payment_account: Mapped[str] = mapped_column(String(20), default="")
    net: Mapped[Decimal] = mapped_column(Amount(2))
    undone_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(400))
    reversal_entry_id: Mapped[UUID] = mapped_column(Uuid)
    reversal_entry_number: Mapped[str] = mapped_column(String(40), default="")
