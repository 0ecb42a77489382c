"""projects: P6 external early start / late finish of activities linked to other projects

Revision ID: projects_0003
Revises: projects_0002
Create Date: 2026-11-23

Nullable: an activity without links to other projects has neither.
"""
import sqlalchemy as sa
from alembic import op

revision = "projects_0003"
down_revision = "projects_0002"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "projects" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("project_activity", sa.Column("external_early_start", sa.DateTime(), nullable=True), schema=S)
    op.add_column("project_activity", sa.Column("external_late_finish", sa.DateTime(), nullable=True), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("project_activity", schema=S) as b:
        b.drop_column("external_late_finish")
        b.drop_column("external_early_start")
