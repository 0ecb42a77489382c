"""documents: generated documents and number sequences

Revision ID: documents_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "documents_0001"
down_revision = None
branch_labels = ("documents",)
depends_on = "platform_0001"
S = "documents"


def upgrade() -> None:
    op.create_table(
        "documents_document",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("company_id", sa.Uuid()),
        sa.Column("doc_type", sa.String(60), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("doc_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("data_hash", sa.String(64), nullable=False),
        sa.Column("file_id", sa.Uuid(), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("source_type", sa.String(80)),
        sa.Column("source_id", sa.Uuid()),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "company_id", "doc_type", "number", "lang",
                            name="uq_documents_document_tenant_id_company_id_doc_type_number_lang"),
        schema=S,
    )
    op.create_table(
        "documents_sequence",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("company_id", sa.Uuid()),
        sa.Column("doc_type", sa.String(60), nullable=False),
        sa.Column("fiscal_year", sa.String(9), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("tenant_id", "company_id", "doc_type", "fiscal_year",
                            name="uq_documents_sequence_tenant_id_company_id_doc_type_fiscal_year"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("documents_document", "documents_sequence"):
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in ("documents_sequence", "documents_document"):
        op.drop_table(t, schema=S)
