"""master_data: a party remembers the user who created it (`created_by`)

Revision ID: master_data_0006
Revises: master_data_0005
Create Date: 2026-12-06

Segregation of duties (issue 13): whoever created a vendor may not approve paying it. invoicing submits a
payment's approval with the vendor's creator (`master_data.api.party_creator`) as `related_creators`, and the
seeded rule set `workflow.sod` refuses that approver. Parties created before this revision have no creator
recorded (NULL): the rule cannot name one for them.
"""
import sqlalchemy as sa
from alembic import op

revision = "master_data_0006"
down_revision = "master_data_0005"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "master_data" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("master_data_party", sa.Column("created_by", sa.Uuid(), nullable=True), schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("master_data_party", schema=_schema()) as batch:
        batch.drop_column("created_by")
