"""Tables of hr (schema `hr`; every name starts with `hr_`). Employees are payroll's (`employee_id`, no
foreign key across modules); a site is a project of the projects module (`project_id`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("hr")


class MusterRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A site's muster roll for one day: draft while it is being recorded, approved (locked) after."""

    __tablename__ = "hr_muster"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft | approved
    approved_by: Mapped[str] = mapped_column(String(120), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "project_id", "day"),
                      Index("ix_hr_muster_company_day", "company_id", "day"))


class AttendanceRow(IdPk, TenantScoped, Base):
    """One worker's line on a day's muster roll."""

    __tablename__ = "hr_attendance"
    muster_id: Mapped[UUID] = mapped_column(ForeignKey("hr.hr_muster.id", ondelete="CASCADE"))
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(12))  # present | absent | half_day | leave | holiday
    hours: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    overtime_hours: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    __table_args__ = (UniqueConstraint("muster_id", "employee_id"), Index("ix_hr_attendance_employee", "employee_id"))


class LeaveRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A leave application: applied → approved | rejected."""

    __tablename__ = "hr_leave"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    leave_type: Mapped[str] = mapped_column(String(20))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    days: Mapped[Decimal] = mapped_column(Amount(2))
    reason: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(12), default="applied")
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    approval_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # the workflow instance deciding it
    __table_args__ = (Index("ix_hr_leave_employee", "employee_id", "start"),)


class ExpenseClaimRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """An employee's expense claim: draft → submitted → approved → posted → paid (rejected or withdrawn: a draft again;
    a draft may be cancelled). On approval hr posts its journal through finance (`entry_id`)."""

    __tablename__ = "hr_expense_claim"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    claim_date: Mapped[date] = mapped_column(Date)
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # for the project's costing
    purpose: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    total: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # the user who made it (sees it)
    submitted_by: Mapped[str] = mapped_column(String(120), default="")
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    comment: Mapped[str] = mapped_column(String(400), default="")  # the last rejection's or withdrawal's reason
    approval_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # the latest workflow instance
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # finance's journal entry once posted
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # paid to the employee (hr_0004)
    paid_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # Dr employee payable / Cr bank or cash
    paid_entry_number: Mapped[str] = mapped_column(String(40), default="")
    paid_account: Mapped[str] = mapped_column(String(20), default="")  # the bank or cash account paid from
    paid_by: Mapped[str] = mapped_column(String(120), default="")
    __table_args__ = (Index("ix_hr_expense_claim_company", "company_id", "claim_date"),
                      Index("ix_hr_expense_claim_employee", "employee_id"))


class ExpenseLineRow(IdPk, TenantScoped, Base):
    """One expense of a claim (replaced whole while the claim is a draft)."""

    __tablename__ = "hr_expense_line"
    claim_id: Mapped[UUID] = mapped_column(ForeignKey("hr.hr_expense_claim.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column()
    day: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (Index("ix_hr_expense_line_claim", "claim_id", "line_no"),)


class OfficeDayRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """An office employee's day from the check-in/out devices: the first in and the last out (minutes after
    midnight; None when the day has one punch only). Hours, overtime and lateness are computed when read
    (domain/office.py), so the office's start time applies as it is set."""

    __tablename__ = "hr_office_day"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    employee_id: Mapped[UUID] = mapped_column(Uuid)
    day: Mapped[date] = mapped_column(Date)
    first_in: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_out: Mapped[int | None] = mapped_column(Integer, nullable=True)
    import_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # the import that last changed it
    __table_args__ = (UniqueConstraint("tenant_id", "employee_id", "day"),
                      Index("ix_hr_office_day_company", "company_id", "day"))


class OfficeImportRow(IdPk, TenantScoped, Timestamped, Base):
    """A device file imported (its SHA-256: the same file again stores nothing)."""

    __tablename__ = "hr_office_import"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200), default="")
    shape: Mapped[str] = mapped_column(String(10), default="")  # punch | daily
    rows: Mapped[int] = mapped_column(Integer, default=0)
    refused_rows: Mapped[int] = mapped_column(Integer, default=0)
    days_stored: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(120), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "sha256"),)
