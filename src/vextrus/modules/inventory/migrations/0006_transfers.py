"""inventory: transfers between stores with an in-transit state (issue 17, docs/inventory.md "Transfers in
transit"): one row a transfer (number, stores, item, quantity, the dispatch and receive dates and moves, status,
who), versioned. The in-transit store itself is an `inventory_store` row of kind `transit` (no schema change).

Revision ID: inventory_0006
Revises: inventory_0005
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "inventory_0006"
down_revision = "inventory_0005"
branch_labels = None
depends_on = None
S = "inventory"


def upgrade() -> None:
    store = f"{S}.inventory_store.id"
    op.create_table(
        "inventory_transfer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("from_store_id", sa.Uuid(), nullable=False),
        sa.Column("to_store_id", sa.Uuid(), nullable=False),
        sa.Column("transit_store_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", vdb.Amount(6), nullable=False),
        sa.Column("value", vdb.Amount(2), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("dispatch_date", sa.Date(), nullable=False),
        sa.Column("dispatch_move_id", sa.Uuid(), nullable=False),
        sa.Column("dispatched_by", sa.Uuid(), nullable=True),
        sa.Column("receive_date", sa.Date(), nullable=True),
        sa.Column("receive_move_id", sa.Uuid(), nullable=True),
        sa.Column("received_by", sa.Uuid(), nullable=True),
        sa.Column("memo", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_transfer"),
        sa.ForeignKeyConstraint(["from_store_id"], [store], name="fk_inventory_transfer_from_store_id_inventory_store"),
        sa.ForeignKeyConstraint(["to_store_id"], [store], name="fk_inventory_transfer_to_store_id_inventory_store"),
        sa.ForeignKeyConstraint(["transit_store_id"], [store],
                                name="fk_inventory_transfer_transit_store_id_inventory_store"),
        sa.UniqueConstraint("tenant_id", "company_id", "number", name="uq_inventory_transfer_number"),
        schema=S,
    )
    op.create_index("ix_inventory_transfer_tenant_id", "inventory_transfer", ["tenant_id"], schema=S)
    op.create_index("ix_inventory_transfer_company_status", "inventory_transfer", ["company_id", "status"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.inventory_transfer"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_inventory_transfer_company_status", table_name="inventory_transfer", schema=S)
    op.drop_index("ix_inventory_transfer_tenant_id", table_name="inventory_transfer", schema=S)
    op.drop_table("inventory_transfer", schema=S)
