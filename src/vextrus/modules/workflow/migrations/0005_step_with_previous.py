"""workflow: a step may start together with the step before it (`with_previous`)

Revision ID: workflow_0005
Revises: workflow_0004
Create Date: 2026-12-07

An ordered definition's step marked `with_previous` (kept in the version's steps JSON, absent = False in every
version saved before) starts with the step before it: such steps form a group, and the next group starts when the
group is decided (workflow/domain.py `to_start`). An approval's step row carries the flag of its step; the rows
stored before get False (what they ran with). Downgrade drops the column.
"""

import sqlalchemy as sa
from alembic import op

revision = "workflow_0005"
down_revision = "workflow_0004"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "workflow" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("workflow_task", sa.Column("with_previous", sa.Boolean(), nullable=False, server_default=sa.false()),
                  schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("workflow_task", schema=_schema()) as b:
        b.drop_column("with_previous")
