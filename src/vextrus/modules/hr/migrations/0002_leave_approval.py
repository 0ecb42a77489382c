"""hr: a leave application remembers the approval (workflow instance) it was sent to

Revision ID: hr_0002
Revises: hr_0001
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "hr_0002"
down_revision = "hr_0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (audit_0002)
    return "hr" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("hr_leave", sa.Column("approval_id", sa.Uuid(), nullable=True), schema=_schema())


def downgrade() -> None:
    op.drop_column("hr_leave", "approval_id", schema=_schema())
