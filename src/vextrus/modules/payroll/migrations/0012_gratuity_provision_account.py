"""payroll: the gratuity provision's own account, 2230, as the default of `gratuity_payable_account` (issue 18)

Revision ID: payroll_0012
Revises: payroll_0011
Create Date: 2026-12-07

The monthly gratuity provision credited 2170 "Accrued expenses" by default, the account PF payable uses too.
The chart now has 2230 "Provision for gratuity" (finance_0004 adds it to older books) and it is the default.
A company's saved settings hold every key (saving stores the defaults with the changes), so a company that saved
its settings while 2170 was the default has it stored: here such a company is moved to 2230 unless a posted
(or paid) monthly run of it has provided gratuity, whose balance sits in 2170 and which its settlement must
debit (it keeps 2170; moving that balance is a journal and a settings change for its accountant). A company
without saved settings takes the new default as it is. On PostgreSQL tenant by tenant with `vextrus.tenant_id`
set (as payroll_0009). Idempotent.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "payroll_0012"
down_revision = "payroll_0011"
branch_labels = None
depends_on = None
OLD, NEW = "2170", "2230"


def repoint(bind: sa.engine.Connection, pg: bool) -> int:
    """Move the visible companies whose stored `gratuity_payable_account` is 2170 and which have posted no
    gratuity provision to 2230; the count moved."""
    schema = "payroll" if pg else None
    st = sa.table("payroll_setting", sa.column("id", sa.Uuid()), sa.column("company_id", sa.Uuid()),
                  sa.column("values", sa.JSON()), sa.column("version", sa.Integer()),
                  sa.column("updated_at", sa.DateTime(timezone=True)), schema=schema)
    run = sa.table("payroll_run", sa.column("id", sa.Uuid()), sa.column("company_id", sa.Uuid()),
                   sa.column("status", sa.String()), schema=schema)
    slip = sa.table("payroll_payslip", sa.column("run_id", sa.Uuid()), sa.column("gratuity_provision", sa.Numeric()),
                    schema=schema)
    provided = set(bind.execute(sa.select(run.c.company_id).join(slip, slip.c.run_id == run.c.id).where(
        run.c.status.in_(("posted", "paid")), slip.c.gratuity_provision != 0).distinct()).scalars())
    moved = 0
    for sid, company_id, values, version in bind.execute(sa.select(st.c.id, st.c.company_id, st.c["values"],
                                                                   st.c.version)).all():
        if (values or {}).get("gratuity_payable_account") != OLD or company_id in provided:
            continue
        bind.execute(st.update().where(st.c.id == sid).values(
            values={**values, "gratuity_payable_account": NEW}, version=version + 1, updated_at=datetime.now(UTC)))
        moved += 1
    return moved


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    if not pg:
        repoint(bind, pg)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        repoint(bind, pg)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def downgrade() -> None:
    """The settings stay as they are (2230 is a valid choice either way)."""
