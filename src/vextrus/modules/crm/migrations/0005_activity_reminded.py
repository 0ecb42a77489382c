"""crm: an activity remembers the due time its salesperson was reminded of (issue 19)

Revision ID: crm_0005
Revises: crm_0004
Create Date: 2026-12-06

`reminded_for` is the `due_at` the hourly reminder job last announced (`crm.activity.due_soon`), so a reminder is
sent once per due time and again when the activity is moved.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db

revision = "crm_0005"
down_revision = "crm_0004"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "crm" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("crm_activity", sa.Column("reminded_for", vextrus.platform.db.UtcDateTime(timezone=True),
                                            nullable=True), schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("crm_activity", schema=_schema()) as batch:  # SQLite rebuilds the table
        batch.drop_column("reminded_for")
