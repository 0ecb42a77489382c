"""files: blobs (content-addressed), attachments and their versions

Revision ID: files_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "files_0001"
down_revision = None
branch_labels = ("files",)
depends_on = "platform_0001"
S = "files"


def upgrade() -> None:
    op.create_table(
        "files_blob",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content_type", sa.String(120), nullable=False),
        sa.Column("storage_key", sa.String(200), nullable=False),
        sa.Column("scan_status", sa.String(20), nullable=False),
        sa.Column("scan_detail", sa.String(200)),
        sa.Column("thumbnail_key", sa.String(200)),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "sha256", name="uq_files_blob_tenant_id_sha256"),
        schema=S,
    )
    op.create_table(
        "files_file",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("company_id", sa.Uuid()),
        sa.Column("object_type", sa.String(80), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("current_number", sa.Integer(), nullable=False),
        sa.Column("immutable", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("deleted_at", vdb.UtcDateTime()),
        sa.Column("deleted_by", sa.String(120)),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Index("ix_files_file_object", "tenant_id", "object_type", "object_id"),
        schema=S,
    )
    op.create_table(
        "files_version",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("file_id", sa.Uuid(), sa.ForeignKey(f"{S}.files_file.id", ondelete="CASCADE",
                                                      name="fk_files_version_file_id_files_file"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("blob_id", sa.Uuid(), sa.ForeignKey(f"{S}.files_blob.id", name="fk_files_version_blob_id_files_blob"),
                  nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("note", sa.String(400)),
        sa.Column("uploaded_by", sa.String(120), nullable=False),
        sa.Column("uploaded_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("file_id", "number", name="uq_files_version_file_id_number"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("files_blob", "files_file", "files_version"):
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in ("files_version", "files_file", "files_blob"):
        op.drop_table(t, schema=S)
