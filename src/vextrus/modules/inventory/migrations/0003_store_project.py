"""inventory: the project a site store serves (nullable: the central warehouse serves the whole company), so a
role assigned for some projects reaches their stores only (issue 17, docs/auth.md "Scoped roles")

Revision ID: inventory_0003
Revises: inventory_0002
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "inventory_0003"
down_revision = "inventory_0002"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "inventory" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("inventory_store", sa.Column("project_id", sa.Uuid(), nullable=True), schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("inventory_store", schema=_schema()) as b:
        b.drop_column("project_id")
