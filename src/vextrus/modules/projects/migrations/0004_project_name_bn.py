"""projects: a Bangla name on projects

Revision ID: projects_0004
Revises: projects_0003
Create Date: 2026-11-24

Not null with an empty default: existing projects (and P6/MSPDI imports, which have no such
field) keep an empty Bangla name and pages show the English one.
"""
import sqlalchemy as sa
from alembic import op

revision = "projects_0004"
down_revision = "projects_0003"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "projects" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("project", sa.Column("name_bn", sa.String(length=200), nullable=False, server_default=""), schema=S)


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), not batch mode: batch copies the table and drops the old
    # one, and with foreign keys on that DROP TABLE deletes every project's activities, WBS, BOQ...
    op.drop_column("project", "name_bn", schema=_schema())
