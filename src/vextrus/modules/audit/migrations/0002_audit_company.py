"""audit: the company a record belongs to (company scoping inside the tenant)

Revision ID: audit_0002
Revises: audit_0001
Create Date: 2026-12-04

Nullable: a record of the tenant's shared data (parties, items, users) belongs to no company.
"""
import sqlalchemy as sa
from alembic import op

revision = "audit_0002"
down_revision = "audit_0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "audit" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("audit_record", sa.Column("company_id", sa.Uuid(), nullable=True), schema=S)
    op.create_index("ix_audit_record_company", "audit_record", ["tenant_id", "company_id", "seq"], schema=S)
    op.create_index("ix_audit_record_object_id", "audit_record", ["tenant_id", "object_id"], schema=S)


def downgrade() -> None:
    S = _schema()
    op.drop_index("ix_audit_record_object_id", "audit_record", schema=S)
    op.drop_index("ix_audit_record_company", "audit_record", schema=S)
    with op.batch_alter_table("audit_record", schema=S) as b:
        b.drop_column("company_id")
