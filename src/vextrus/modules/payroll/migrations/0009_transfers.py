"""payroll: transfers between sites, dated (issue 18)

Revision ID: payroll_0009
Revises: payroll_0008
Create Date: 2026-12-07

Table `payroll_transfer`: an employee's postings (from `effective_on` they work for `project_id`, None = head
office). Seeded with one row per existing employee: from the joining date, the current project (reason
"joining"), so the labour cost of every month already posted stays where it was.
"""
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0009"
down_revision = "payroll_0008"
branch_labels = None
depends_on = None
S = "payroll"


def _schema() -> str | None:
    return S if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    t = op.create_table(
        "payroll_transfer",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("from_project_id", sa.Uuid(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_transfer")),
        sa.UniqueConstraint("tenant_id", "employee_id", "effective_on",
                            name=op.f("uq_payroll_transfer_tenant_id_employee_id_effective_on")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_transfer_tenant_id"), "payroll_transfer", ["tenant_id"], schema=S)
    op.create_index(op.f("ix_payroll_transfer_employee_id"), "payroll_transfer", ["employee_id"], schema=S)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.payroll_transfer"):
            op.execute(sql)
    _seed(bind, t)


def _seed(bind, t) -> None:
    """One row per existing employee: from the joining date, the current project. On PostgreSQL tenant by tenant
    with `vextrus.tenant_id` set (as projects_0005), so it works under row-level security."""
    emp = sa.table("payroll_employee", sa.column("id", sa.Uuid()), sa.column("tenant_id", sa.Uuid()),
                   sa.column("company_id", sa.Uuid()), sa.column("project_id", sa.Uuid()),
                   sa.column("joining_date", sa.Date()), schema=_schema())
    now = datetime.now(UTC)

    def copy() -> None:
        rows = [{"id": uuid.uuid4(), "tenant_id": r.tenant_id, "company_id": r.company_id, "employee_id": r.id,
                 "project_id": r.project_id, "from_project_id": None, "effective_on": r.joining_date,
                 "reason": "joining", "created_at": now, "updated_at": now}
                for r in bind.execute(sa.select(emp.c.id, emp.c.tenant_id, emp.c.company_id, emp.c.project_id,
                                                emp.c.joining_date))]
        if rows:
            op.bulk_insert(t, rows)

    if bind.dialect.name != "postgresql":
        copy()
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        copy()
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def downgrade() -> None:
    op.drop_table("payroll_transfer", schema=S)
