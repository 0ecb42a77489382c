"""platform: document sequences (numbers from a sequence row, not a count; issue 17)

Revision ID: platform_0005
Revises: platform_0004
Create Date: 2026-12-05

One row per (tenant, company, document kind, fiscal year) with the last number given
(`vextrus.platform.sequences`): procurement's requisitions, RFQs, orders and receipts and sales'
bookings and receipts take their numbers from it inside the creating transaction, so two documents
created at once get consecutive numbers instead of one of them a 409. A row is created (seeded with the
count of existing documents) the first time a series is used, so nothing is backfilled here. A tenant
table with the same row-level security as every other (PostgreSQL).
"""
import sqlalchemy as sa
from alembic import op

from vextrus.platform.tenancy import rls_policy_sql

revision = "platform_0005"
down_revision = "platform_0004"
branch_labels = None
depends_on = None
S = "platform"
T = "platform_document_sequence"


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(80), nullable=False),
        sa.Column("fiscal_year", sa.String(9), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "company_id", "kind", "fiscal_year", name="pk_platform_document_sequence"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table(T, schema=S)
