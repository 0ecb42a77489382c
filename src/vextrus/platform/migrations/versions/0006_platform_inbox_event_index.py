"""platform: the inbox found by event (the relay asks which handlers already took a run of events)

Revision ID: platform_0006
Revises: platform_0005
Create Date: 2026-12-07

The relay reads `inbox_entry WHERE event_id IN (...)` for every run it delivers; the primary key
(handler, event_id) cannot answer that, so both databases read the whole inbox each time: a cost that
grew with every event ever handled (in the test suite's shared PostgreSQL database, 4,509 runs read
23.6 million inbox rows before half the suite had run). An index on event_id makes it a lookup per
event.
"""
from alembic import op

revision = "platform_0006"
down_revision = "platform_0005"
branch_labels = None
depends_on = None
S = "platform"


def upgrade() -> None:
    op.create_index("ix_inbox_entry_event_id", "inbox_entry", ["event_id"], schema=S)


def downgrade() -> None:
    op.drop_index("ix_inbox_entry_event_id", table_name="inbox_entry", schema=S)
