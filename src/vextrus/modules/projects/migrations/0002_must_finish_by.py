"""projects: imposed must-finish-by date on the project, expected finish on activities

Revision ID: projects_0002
Revises: projects_0001
Create Date: 2026-11-23

Both nullable: a project without a must-finish-by date is scheduled to its own early finish
(as before), and an activity without an expected finish keeps its remaining duration.
"""
import sqlalchemy as sa
from alembic import op

revision = "projects_0002"
down_revision = "projects_0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "projects" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("project", sa.Column("must_finish_by", sa.DateTime(), nullable=True), schema=S)
    op.add_column("project_activity", sa.Column("expected_finish", sa.DateTime(), nullable=True), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("project_activity", schema=S) as b:
        b.drop_column("expected_finish")
    with op.batch_alter_table("project", schema=S) as b:
        b.drop_column("must_finish_by")
