"""notifications: a delivery may carry one attached file (api.send_email: an RFQ's PDF to a vendor)

Revision ID: notifications_0002
Revises: notifications_0001
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "notifications_0002"
down_revision = "notifications_0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "notifications" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("notifications_delivery", sa.Column("attachment_name", sa.String(200), nullable=False,
                                                      server_default=""), schema=S)
    op.add_column("notifications_delivery", sa.Column("attachment_type", sa.String(100), nullable=False,
                                                      server_default=""), schema=S)
    op.add_column("notifications_delivery", sa.Column("attachment", sa.LargeBinary(), nullable=True), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("notifications_delivery", schema=S) as b:
        for name in ("attachment", "attachment_type", "attachment_name"):
            b.drop_column(name)
