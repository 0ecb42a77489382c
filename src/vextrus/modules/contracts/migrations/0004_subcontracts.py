"""contracts: subcontracts (the purchase side of RA billing) and the VAT deducted at source on their bills

Revision ID: contracts_0004
Revises: contracts_0003
Create Date: 2026-12-06

A contract gains its `kind`: `client` (every existing contract: the server default backfills it) or
`subcontract` (the counterparty is a subcontractor, an approved vendor). An RA bill gains `vds_rate` and `vds`,
the VAT deducted at source from a VAT-registered subcontractor's bill (0 on every client bill).
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "contracts_0004"
down_revision = "contracts_0003"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "contracts" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("contracts_contract", sa.Column("kind", sa.String(12), nullable=False, server_default="client"),
                  schema=S)
    op.add_column("contracts_bill", sa.Column("vds_rate", vdb.Amount(4), nullable=False, server_default="0"),
                  schema=S)
    op.add_column("contracts_bill", sa.Column("vds", vdb.Amount(2), nullable=False, server_default="0"), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("contracts_bill", schema=S) as batch:  # SQLite rebuilds the table
        batch.drop_column("vds")
        batch.drop_column("vds_rate")
    with op.batch_alter_table("contracts_contract", schema=S) as batch:
        batch.drop_column("kind")
