"""projects: undo of the last schedule run; an activity's remaining cost estimate (bottom-up EAC)

Revision ID: projects_0007
Revises: projects_0006
Create Date: 2026-12-05

A schedule run keeps what it overwrote, so the planner can undo it: the project's data date and
finish before the run and every activity's computed dates, floats, critical flag and status
(`previous_dates`, JSON; only the latest run keeps them, older runs' are cleared) and whether it was
undone. An activity gains `remaining_cost`, the planner's estimate of the cost to complete it (NULL:
its remaining budget), from which the bottom-up ETC and EAC are summed. All new columns are nullable
(or default false), so existing rows need nothing.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db

revision = "projects_0007"
down_revision = "projects_0006"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "projects" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("project_activity", sa.Column("remaining_cost", vextrus.platform.db.Amount(), nullable=True),
                  schema=S)
    op.add_column("project_schedule_run", sa.Column("previous_data_date", sa.DateTime(), nullable=True), schema=S)
    op.add_column("project_schedule_run", sa.Column("previous_finish", sa.DateTime(), nullable=True), schema=S)
    op.add_column("project_schedule_run", sa.Column("previous_dates", sa.JSON(), nullable=True), schema=S)
    op.add_column("project_schedule_run", sa.Column("undone", sa.Boolean(), nullable=False,
                                                    server_default=sa.false()), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("project_schedule_run", schema=S) as b:
        b.drop_column("undone")
        b.drop_column("previous_dates")
        b.drop_column("previous_finish")
        b.drop_column("previous_data_date")
    with op.batch_alter_table("project_activity", schema=S) as b:
        b.drop_column("remaining_cost")
