"""sales: a booking's registration (the deed of sale registered: date, deed number, sub-registry office)

Revision ID: sales_0004
Revises: sales_0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "sales_0004"
down_revision = "sales_0003"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "sales" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("sales_booking", sa.Column("registration_date", sa.Date(), nullable=True), schema=S)
    op.add_column(
        "sales_booking", sa.Column("deed_number", sa.String(80), nullable=False, server_default=""), schema=S
    )
    op.add_column(
        "sales_booking",
        sa.Column("registry_office", sa.String(120), nullable=False, server_default=""),
        schema=S,
    )


def downgrade() -> None:
    with op.batch_alter_table("sales_booking", schema=_schema()) as b:
        b.drop_column("registry_office")
        b.drop_column("deed_number")
        b.drop_column("registration_date")
