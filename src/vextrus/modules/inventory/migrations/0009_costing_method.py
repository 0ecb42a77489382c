"""inventory: a company's costing method (`inventory_setting`: `moving_average`, the default when a company has no
row, or `fifo`, chosen while it has no move) and the open FIFO layers at each month's end on the item's checkpoint
(`inventory_checkpoint.layers`, JSON, NULL under moving average) (issue 17, docs/inventory.md "Costing method: FIFO")

Revision ID: inventory_0009
Revises: inventory_0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "inventory_0009"
down_revision = "inventory_0008"
branch_labels = None
depends_on = None
S = "inventory"
T = "inventory_setting"


def _schema() -> str | None:
    return S if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("costing_method", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_setting"),
        sa.UniqueConstraint("tenant_id", "company_id", name="uq_inventory_setting_company"),
        schema=S,
    )
    op.create_index("ix_inventory_setting_tenant_id", T, ["tenant_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)
    op.add_column("inventory_checkpoint", sa.Column("layers", sa.Text(), nullable=True), schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("inventory_checkpoint", schema=_schema()) as b:
        b.drop_column("layers")
    op.drop_index("ix_inventory_setting_tenant_id", table_name=T, schema=S)
    op.drop_table(T, schema=S)
