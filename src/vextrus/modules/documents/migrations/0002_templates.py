"""documents: a tenant's own document templates (each save a revision), edited on the template page

Revision ID: documents_0002
Revises: documents_0001
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "documents_0002"
down_revision = "documents_0001"
branch_labels = None
depends_on = None
S = "documents"


def upgrade() -> None:
    op.create_table(
        "documents_template",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("doc_type", sa.String(60), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("saved_by", sa.String(120), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "doc_type", "lang", "revision",
                            name="uq_documents_template_tenant_id_doc_type_lang_revision"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.documents_template"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table("documents_template", schema=S)
