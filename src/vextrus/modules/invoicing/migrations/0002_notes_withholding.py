"""invoicing: credit and debit notes (Mushak 6.7/6.8), payment methods and withholding at payment, Mushak 6.6
certificates, company settings (withholding entity) and per-company account mapping

Revision ID: invoicing_0002
Revises: invoicing_0001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "invoicing_0002"
down_revision = "invoicing_0001"
branch_labels = None
depends_on = None
S = "invoicing"
TABLES = ["invoicing_note", "invoicing_note_line", "invoicing_certificate", "invoicing_setting",
          "invoicing_account_map"]
ZERO = sa.text("0")


def _base(name: str, timestamps: bool = True) -> list:
    cols = [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False)]
    if timestamps:
        cols += [sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
                 sa.Column("updated_at", vdb.UtcDateTime(), nullable=False)]
    return cols + [sa.PrimaryKeyConstraint("id", name=f"pk_{name}")]


def _alter_schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (audit_0002)
    return S if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    A = _alter_schema()
    for col in (sa.Column("credited", vdb.Amount(2), nullable=False, server_default=ZERO),
                sa.Column("debited", vdb.Amount(2), nullable=False, server_default=ZERO)):
        op.add_column("invoicing_invoice", col, schema=A)
    for col in (sa.Column("method", sa.String(20), nullable=False, server_default="bank_transfer"),
                sa.Column("instrument_no", sa.String(40), nullable=False, server_default=""),
                sa.Column("instrument_date", sa.Date(), nullable=True),
                sa.Column("reference", sa.String(60), nullable=False, server_default=""),
                sa.Column("vds", vdb.Amount(2), nullable=False, server_default=ZERO),
                sa.Column("ait", vdb.Amount(2), nullable=False, server_default=ZERO),
                sa.Column("ait_section", sa.String(20), nullable=False, server_default=""),
                sa.Column("cash_amount", vdb.Amount(2), nullable=True)):
        op.add_column("invoicing_payment", col, schema=A)
    op.create_table(
        "invoicing_note", *_base("invoicing_note"),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("fiscal_year", sa.String(7), nullable=False),
        sa.Column("note_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("vat", vdb.Amount(2), nullable=False),
        sa.Column("gross", vdb.Amount(2), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoicing.invoicing_invoice.id"], ondelete="CASCADE",
                                name="fk_invoicing_note_invoice_id_invoicing_invoice"),
        sa.UniqueConstraint("tenant_id", "company_id", "side", "kind", "number",
                            name="uq_invoicing_note_tenant_id_company_id_side_kind_number"),
        schema=S,
    )
    op.create_index("ix_invoicing_note_invoice", "invoicing_note", ["invoice_id"], schema=S)
    op.create_table(
        "invoicing_note_line", *_base("invoicing_note_line", timestamps=False),
        sa.Column("note_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_line_no", sa.Integer(), nullable=False),
        sa.Column("quantity", vdb.Amount(3), nullable=True),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("vat", vdb.Amount(2), nullable=False),
        sa.Column("gross", vdb.Amount(2), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["invoicing.invoicing_note.id"], ondelete="CASCADE",
                                name="fk_invoicing_note_line_note_id_invoicing_note"),
        schema=S,
    )
    op.create_index("ix_invoicing_note_line_note", "invoicing_note_line", ["note_id"], schema=S)
    op.create_table(
        "invoicing_certificate", *_base("invoicing_certificate"),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("tax", sa.String(4), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("invoice_number", sa.String(40), nullable=False),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("base", vdb.Amount(2), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.ForeignKeyConstraint(["payment_id"], ["invoicing.invoicing_payment.id"], ondelete="CASCADE",
                                name="fk_invoicing_certificate_payment_id_invoicing_payment"),
        schema=S,
    )
    op.create_index("ix_invoicing_certificate_company", "invoicing_certificate", ["company_id", "issued_on"],
                    schema=S)
    op.create_table(
        "invoicing_setting", *_base("invoicing_setting"),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("withholding_entity", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("tenant_id", "company_id", name="uq_invoicing_setting_tenant_id_company_id"),
        schema=S,
    )
    op.create_table(
        "invoicing_account_map", *_base("invoicing_account_map", timestamps=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("account_code", sa.String(20), nullable=False),
        sa.UniqueConstraint("tenant_id", "company_id", "role", name="uq_invoicing_account_map_tenant_id_company_id_role"),
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
    A = _alter_schema()
    with op.batch_alter_table("invoicing_payment", schema=A) as b:
        for c in ("cash_amount", "ait_section", "ait", "vds", "reference", "instrument_date", "instrument_no", "method"):
            b.drop_column(c)
    with op.batch_alter_table("invoicing_invoice", schema=A) as b:
        b.drop_column("debited")
        b.drop_column("credited")
