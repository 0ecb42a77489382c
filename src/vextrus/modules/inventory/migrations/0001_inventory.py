"""inventory: stores and stock moves with running totals

Revision ID: inventory_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "inventory_0001"
down_revision = None
branch_labels = ("inventory",)
depends_on = "platform_0001"
S = "inventory"


def _stamps() -> list:
    return [sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
            sa.Column("updated_at", vdb.UtcDateTime(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "inventory_store",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_store"),
        sa.UniqueConstraint("tenant_id", "company_id", "code", name="uq_inventory_store_tenant_id_company_id_code"),
        schema=S,
    )
    op.create_index("ix_inventory_store_tenant_id", "inventory_store", ["tenant_id"], schema=S)
    op.create_table(
        "inventory_move",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("move_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("to_store_id", sa.Uuid(), nullable=True),
        sa.Column("quantity", vdb.Amount(6), nullable=False),
        sa.Column("unit_cost", vdb.Amount(6), nullable=True),
        sa.Column("value", vdb.Amount(2), nullable=False),
        sa.Column("moved_value", vdb.Amount(2), nullable=False),
        sa.Column("quantity_after", vdb.Amount(6), nullable=False),
        sa.Column("value_after", vdb.Amount(2), nullable=False),
        sa.Column("store_quantity_after", vdb.Amount(6), nullable=False),
        sa.Column("store_value_after", vdb.Amount(2), nullable=False),
        sa.Column("to_store_quantity_after", vdb.Amount(6), nullable=True),
        sa.Column("to_store_value_after", vdb.Amount(2), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("activity_code", sa.String(40), nullable=True),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("memo", sa.String(200), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_move"),
        sa.UniqueConstraint("tenant_id", "company_id", "item_id", "seq",
                            name="uq_inventory_move_tenant_id_company_id_item_id_seq"),
        schema=S,
    )
    op.create_index("ix_inventory_move_tenant_id", "inventory_move", ["tenant_id"], schema=S)
    op.create_index("ix_inventory_move_company_date", "inventory_move", ["company_id", "move_date"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for table in ("inventory_store", "inventory_move"):
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_inventory_move_company_date", table_name="inventory_move", schema=S)
    op.drop_index("ix_inventory_move_tenant_id", table_name="inventory_move", schema=S)
    op.drop_table("inventory_move", schema=S)
    op.drop_index("ix_inventory_store_tenant_id", table_name="inventory_store", schema=S)
    op.drop_table("inventory_store", schema=S)
