"""procurement: an order line keeps its goods-received-not-invoiced values (issue 17, GRNI)

Revision ID: procurement_0003
Revises: procurement_0002
Create Date: 2026-12-05

`received_value` is what inventory booked for the line's accepted quantity and `cleared_value` what
matched bills took off it; a matched bill clears GRNI (2115) by them. Receipts made before this revision
were credited to 2110 Trade payables, not to 2115, so none of their value sits in GRNI: both columns start
at the accepted quantity × rate (nothing open in GRNI), and a later bill of such a receipt books its whole
amount as a variance line, as bills did before. The duplicate 2110 credit of those old receipts is the
accountant's to reclass (docs/procurement.md, "Ledger").
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "procurement_0003"
down_revision = "procurement_0002"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "procurement" if op.get_bind().dialect.name == "postgresql" else None


def _backfill(bind: sa.engine.Connection, S: str | None) -> None:
    t = sa.table("procurement_order_line", sa.column("id", sa.Uuid()), sa.column("accepted", vdb.Amount(6)),
                 sa.column("rate", vdb.Amount(6)), sa.column("received_value", vdb.Amount(2)),
                 sa.column("cleared_value", vdb.Amount(2)), schema=S)
    from vextrus.platform.money import round_amount

    for line_id, accepted, rate in bind.execute(sa.select(t.c.id, t.c.accepted, t.c.rate).where(t.c.accepted > 0)):
        v = round_amount(accepted * rate)
        bind.execute(t.update().where(t.c.id == line_id).values(received_value=v, cleared_value=v))


def upgrade() -> None:
    S = _schema()
    for name in ("received_value", "cleared_value"):
        op.add_column("procurement_order_line", sa.Column(name, vdb.Amount(2), nullable=False, server_default="0"),
                      schema=S)
    bind = op.get_bind()
    if S is None:
        _backfill(bind, S)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        _backfill(bind, S)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("procurement_order_line", schema=S) as batch:  # SQLite rebuilds the table
        batch.drop_column("cleared_value")
        batch.drop_column("received_value")
