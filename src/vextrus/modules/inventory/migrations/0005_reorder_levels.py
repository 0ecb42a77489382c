"""inventory: reorder levels per store and item (issue 17, docs/inventory.md "Reorder levels"): the reorder
point, the reorder quantity and an optional maximum, in the item's base unit (scaled integers, exact on both
databases), one row per (company, store, item), versioned.

Revision ID: inventory_0005
Revises: inventory_0004
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "inventory_0005"
down_revision = "inventory_0004"
branch_labels = None
depends_on = None
S = "inventory"


def upgrade() -> None:
    op.create_table(
        "inventory_reorder_level",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False),
        sa.Column("item_name_bn", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("reorder_point", vdb.Amount(6), nullable=False),
        sa.Column("reorder_quantity", vdb.Amount(6), nullable=False),
        sa.Column("max_quantity", vdb.Amount(6), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_reorder_level"),
        sa.ForeignKeyConstraint(["store_id"], [f"{S}.inventory_store.id"],
                                name="fk_inventory_reorder_level_store_id_inventory_store"),
        sa.UniqueConstraint("tenant_id", "company_id", "store_id", "item_id",
                            name="uq_inventory_reorder_level_store_item"),
        schema=S,
    )
    op.create_index("ix_inventory_reorder_level_tenant_id", "inventory_reorder_level", ["tenant_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.inventory_reorder_level"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_inventory_reorder_level_tenant_id", table_name="inventory_reorder_level", schema=S)
    op.drop_table("inventory_reorder_level", schema=S)
