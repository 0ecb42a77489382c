"""payroll: an employee's reporting manager and user account (issue 13)

Revision ID: payroll_0007
Revises: payroll_0006
Create Date: 2026-12-06

`manager_id` (another employee of the company; no self, no cycle, checked by the service) and `user_id`
(auth's user who is this employee; one employee per user in a tenant). Both nullable, so both databases
add them in place; indexed, as the workflow asks "whose employee is this user, and who is their manager".
"""
import sqlalchemy as sa
from alembic import op

revision = "payroll_0007"
down_revision = "payroll_0006"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "payroll" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("payroll_employee", sa.Column("manager_id", sa.Uuid(), nullable=True), schema=S)
    op.add_column("payroll_employee", sa.Column("user_id", sa.Uuid(), nullable=True), schema=S)
    op.create_index("ix_payroll_employee_user_id", "payroll_employee", ["user_id"], schema=S)
    op.create_index("ix_payroll_employee_manager_id", "payroll_employee", ["manager_id"], schema=S)


def downgrade() -> None:
    S = _schema()
    op.drop_index("ix_payroll_employee_manager_id", "payroll_employee", schema=S)
    op.drop_index("ix_payroll_employee_user_id", "payroll_employee", schema=S)
    with op.batch_alter_table("payroll_employee", schema=S) as batch:
        batch.drop_column("user_id")
        batch.drop_column("manager_id")
