"""contracts: client contracts, their items, RA bills and their lines, advances and releases

Revision ID: contracts_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "contracts_0001"
down_revision = None
branch_labels = ("contracts",)
depends_on = "platform_0001"
S = "contracts"
TABLES = ["contracts_contract", "contracts_item", "contracts_bill", "contracts_bill_line", "contracts_movement"]


def _base(name: str, timestamps: bool = True, version: bool = False) -> list:
    cols = [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False)]
    if timestamps:
        cols += [sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
                 sa.Column("updated_at", vdb.UtcDateTime(), nullable=False)]
    if version:
        cols.append(sa.Column("version", sa.Integer(), nullable=False))
    return cols + [sa.PrimaryKeyConstraint("id", name=f"pk_{name}")]


def _fk(table: str, col: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([col], [f"{S}.{target}.id"], ondelete="CASCADE", name=f"fk_{table}_{col}_{target}")


def upgrade() -> None:
    op.create_table(
        "contracts_contract", *_base("contracts_contract", version=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("client_party_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_bn", sa.String(200), nullable=False),
        sa.Column("contract_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("contract_value", vdb.Amount(2), nullable=False),
        sa.Column("retention_pct", vdb.Amount(4), nullable=False),
        sa.Column("advance_amount", vdb.Amount(2), nullable=False),
        sa.Column("advance_recovery_pct", vdb.Amount(4), nullable=False),
        sa.Column("security_deposit_pct", vdb.Amount(4), nullable=False),
        sa.Column("vat_code", sa.String(20), nullable=False),
        sa.Column("ait_section", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.UniqueConstraint("tenant_id", "company_id", "code", name="uq_contracts_contract_tenant_id_company_id_code"),
        schema=S,
    )
    op.create_index("ix_contracts_contract_project_id", "contracts_contract", ["project_id"], schema=S)
    op.create_table(
        "contracts_item", *_base("contracts_item", timestamps=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("item_no", sa.String(40), nullable=False),
        sa.Column("description", sa.String(400), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("quantity", vdb.Amount(4), nullable=False),
        sa.Column("rate", vdb.Amount(2), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        _fk("contracts_item", "contract_id", "contracts_contract"),
        sa.UniqueConstraint("contract_id", "item_no", name="uq_contracts_item_contract_id_item_no"),
        schema=S,
    )
    op.create_table(
        "contracts_bill", *_base("contracts_bill", version=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("bill_date", sa.Date(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("gross", vdb.Amount(2), nullable=False),
        sa.Column("vat_rate", vdb.Amount(4), nullable=False),
        sa.Column("vat", vdb.Amount(2), nullable=False),
        sa.Column("retention", vdb.Amount(2), nullable=False),
        sa.Column("advance_recovered", vdb.Amount(2), nullable=False),
        sa.Column("security_deposit", vdb.Amount(2), nullable=False),
        sa.Column("ait_rate", vdb.Amount(4), nullable=False),
        sa.Column("ait", vdb.Amount(2), nullable=False),
        sa.Column("net_payable", vdb.Amount(2), nullable=False),
        sa.Column("certified_by", sa.String(200), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        _fk("contracts_bill", "contract_id", "contracts_contract"),
        sa.UniqueConstraint("contract_id", "seq", name="uq_contracts_bill_contract_id_seq"),
        schema=S,
    )
    op.create_index("ix_contracts_bill_company", "contracts_bill", ["company_id"], schema=S)
    op.create_table(
        "contracts_bill_line", *_base("contracts_bill_line", timestamps=False),
        sa.Column("bill_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("previous_quantity", vdb.Amount(4), nullable=False),
        sa.Column("cumulative_quantity", vdb.Amount(4), nullable=False),
        sa.Column("this_quantity", vdb.Amount(4), nullable=False),
        sa.Column("previous_amount", vdb.Amount(2), nullable=False),
        sa.Column("cumulative_amount", vdb.Amount(2), nullable=False),
        sa.Column("this_amount", vdb.Amount(2), nullable=False),
        _fk("contracts_bill_line", "bill_id", "contracts_bill"),
        _fk("contracts_bill_line", "item_id", "contracts_item"),
        sa.UniqueConstraint("bill_id", "line_no", name="uq_contracts_bill_line_bill_id_line_no"),
        schema=S,
    )
    op.create_table(
        "contracts_movement", *_base("contracts_movement"),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("security_deposit", vdb.Amount(2), nullable=False),
        sa.Column("account_code", sa.String(20), nullable=False),
        sa.Column("memo", sa.String(300), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        _fk("contracts_movement", "contract_id", "contracts_contract"),
        sa.UniqueConstraint("contract_id", "number", name="uq_contracts_movement_contract_id_number"),
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
