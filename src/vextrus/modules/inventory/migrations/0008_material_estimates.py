"""inventory: material estimates (issue 17, docs/inventory.md "Consumption vs estimate"): the planned quantity of
an item for a project activity, in the item's base unit (scaled integers, exact on both databases), with the
quantity and unit as entered and, when computed from a client contract's BOQ line, the line (contract, item,
number, quantity, unit) and the material norm; one row per (company, project, activity, item), versioned.

Revision ID: inventory_0008
Revises: inventory_0007
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "inventory_0008"
down_revision = "inventory_0007"
branch_labels = None
depends_on = None
S = "inventory"
T = "inventory_material_estimate"


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("activity_code", sa.String(40), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False),
        sa.Column("item_name_bn", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("quantity", vdb.Amount(6), nullable=False),
        sa.Column("entered_quantity", vdb.Amount(6), nullable=False),
        sa.Column("entered_unit", sa.String(20), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("contract_item_id", sa.Uuid(), nullable=True),
        sa.Column("boq_item_no", sa.String(40), nullable=True),
        sa.Column("boq_quantity", vdb.Amount(6), nullable=True),
        sa.Column("boq_unit", sa.String(20), nullable=True),
        sa.Column("norm", vdb.Amount(6), nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_material_estimate"),
        sa.UniqueConstraint("tenant_id", "company_id", "project_id", "activity_code", "item_id",
                            name="uq_inventory_material_estimate_activity_item"),
        schema=S,
    )
    op.create_index("ix_inventory_material_estimate_tenant_id", T, ["tenant_id"], schema=S)
    op.create_index("ix_inventory_material_estimate_project", T, ["company_id", "project_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_inventory_material_estimate_project", table_name=T, schema=S)
    op.drop_index("ix_inventory_material_estimate_tenant_id", table_name=T, schema=S)
    op.drop_table(T, schema=S)
