"""procurement: when an RFQ was e-mailed to each vendor (issue 17, RFQ PDF and e-mail)

Revision ID: procurement_0004
Revises: procurement_0003
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "procurement_0004"
down_revision = "procurement_0003"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "procurement" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("procurement_rfq_vendor", sa.Column("sent_at", vdb.UtcDateTime(), nullable=True), schema=S)
    op.add_column("procurement_rfq_vendor", sa.Column("sent_to", sa.String(254), nullable=False, server_default=""),
                  schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("procurement_rfq_vendor", schema=S) as b:
        b.drop_column("sent_to")
        b.drop_column("sent_at")
