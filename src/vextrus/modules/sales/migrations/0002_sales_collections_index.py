"""sales: the collections index also orders by booking and seq (the report reads its oldest lines in index order)

Revision ID: sales_0002
Revises: sales_0001
Create Date: 2026-12-04
"""
from alembic import op

revision = "sales_0002"
down_revision = "sales_0001"
branch_labels = None
depends_on = None
S = "sales"


def upgrade() -> None:
    op.drop_index("ix_sales_instalment_due", table_name="sales_instalment", schema=S)
    op.create_index("ix_sales_instalment_open_due", "sales_instalment",
                    ["company_id", "open", "due_date", "booking_id", "seq"], unique=False, schema=S)


def downgrade() -> None:
    op.drop_index("ix_sales_instalment_open_due", table_name="sales_instalment", schema=S)
    op.create_index("ix_sales_instalment_due", "sales_instalment", ["company_id", "open", "due_date"], unique=False,
                    schema=S)
