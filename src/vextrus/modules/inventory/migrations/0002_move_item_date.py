"""inventory: moves ordered by (move_date, seq) per item (index), and room on each page for the set-based
UPDATE that shifts the running totals of the rows after a backdated move (PostgreSQL fillfactor 50: the
updated columns are in no index, so the new row versions stay on their page as heap-only tuples and no index
is touched; measured in docs/inventory.md, "Bench")

Revision ID: inventory_0002
Revises: inventory_0001
Create Date: 2026-12-05
"""
from alembic import op

revision = "inventory_0002"
down_revision = "inventory_0001"
branch_labels = None
depends_on = None
S = "inventory"


def upgrade() -> None:
    op.create_index("ix_inventory_move_item_date", "inventory_move", ["company_id", "item_id", "move_date", "seq"],
                    schema=S)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {S}.inventory_move SET (fillfactor = 50)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {S}.inventory_move RESET (fillfactor)")
    op.drop_index("ix_inventory_move_item_date", table_name="inventory_move", schema=S)
