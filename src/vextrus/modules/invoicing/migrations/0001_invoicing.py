"""invoicing: invoices and bills, their lines, payments, number sequences

Revision ID: invoicing_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "invoicing_0001"
down_revision = None
branch_labels = ("invoicing",)
depends_on = "platform_0001"
S = "invoicing"
TABLES = ["invoicing_invoice", "invoicing_line", "invoicing_payment", "invoicing_sequence"]


def _base(name: str, timestamps: bool = True) -> list:
    cols = [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False)]
    if timestamps:
        cols += [sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
                 sa.Column("updated_at", vdb.UtcDateTime(), nullable=False)]
    return cols + [sa.PrimaryKeyConstraint("id", name=f"pk_{name}")]


def upgrade() -> None:
    op.create_table(
        "invoicing_invoice", *_base("invoicing_invoice"),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("number", sa.String(40), nullable=True),
        sa.Column("fiscal_year", sa.String(7), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("narration", sa.String(500), nullable=False),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("vat", vdb.Amount(2), nullable=False),
        sa.Column("gross", vdb.Amount(2), nullable=False),
        sa.Column("paid", vdb.Amount(2), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("tenant_id", "company_id", "kind", "number",
                            name="uq_invoicing_invoice_tenant_id_company_id_kind_number"),
        schema=S,
    )
    op.create_index("ix_invoicing_invoice_company_kind_date", "invoicing_invoice",
                    ["company_id", "kind", "invoice_date"], schema=S)
    op.create_table(
        "invoicing_line", *_base("invoicing_line", timestamps=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("quantity", vdb.Amount(3), nullable=False),
        sa.Column("unit_price", vdb.Amount(2), nullable=False),
        sa.Column("discount", vdb.Amount(2), nullable=False),
        sa.Column("vat_code", sa.String(20), nullable=False),
        sa.Column("vat_rate", vdb.Amount(4), nullable=False),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("vat", vdb.Amount(2), nullable=False),
        sa.Column("gross", vdb.Amount(2), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("activity_code", sa.String(40), nullable=True),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoicing.invoicing_invoice.id"], ondelete="CASCADE",
                                name="fk_invoicing_line_invoice_id_invoicing_invoice"),
        sa.UniqueConstraint("invoice_id", "line_no", name="uq_invoicing_line_invoice_id_line_no"),
        schema=S,
    )
    op.create_table(
        "invoicing_payment", *_base("invoicing_payment"),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("account_code", sa.String(20), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoicing.invoicing_invoice.id"], ondelete="CASCADE",
                                name="fk_invoicing_payment_invoice_id_invoicing_invoice"),
        schema=S,
    )
    op.create_index("ix_invoicing_payment_invoice", "invoicing_payment", ["invoice_id"], schema=S)
    op.create_table(
        "invoicing_sequence", *_base("invoicing_sequence", timestamps=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("fiscal_year", sa.String(7), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.UniqueConstraint("tenant_id", "company_id", "kind", "fiscal_year",
                            name="uq_invoicing_sequence_tenant_id_company_id_kind_fiscal_year"),
        schema=S,
    )
    for t in TABLES:
        op.create_index(f"ix_{t}_tenant_id", t, ["tenant_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for t in TABLES:
            for sql in rls_policy_sql(f"{S}.{t}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
