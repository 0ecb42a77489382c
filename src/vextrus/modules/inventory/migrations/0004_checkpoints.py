"""inventory: monthly checkpoints instead of running totals on the moves (issue 17, docs/inventory.md
"Checkpoints"): a table `inventory_checkpoint` (company, item, month end: the month's last move date, the
company's quantity and value, each store's as JSON), computed from the existing rows (the last row of each month
by (move_date, seq) and, per store, the last row of the month or before that touched it), then the six
running-total columns of `inventory_move` dropped. A backdated move then writes its own row and the
checkpoints of its month and later ones, not every later row.

Revision ID: inventory_0004
Revises: inventory_0003
Create Date: 2026-12-07
"""
import json
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "inventory_0004"
down_revision = "inventory_0003"
branch_labels = None
depends_on = None
S = "inventory"
RUNNING = ("quantity_after", "value_after", "store_quantity_after", "store_value_after", "to_store_quantity_after",
           "to_store_value_after")


def _schema() -> str | None:
    return S if op.get_bind().dialect.name == "postgresql" else None


def _month_end(on: date) -> date:
    return (on.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def upgrade() -> None:
    op.create_table(
        "inventory_checkpoint",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("month_end", sa.Date(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.Column("quantity", vdb.Amount(6), nullable=False),
        sa.Column("value", vdb.Amount(2), nullable=False),
        sa.Column("stores", sa.Text(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_checkpoint"),
        sa.UniqueConstraint("tenant_id", "company_id", "item_id", "month_end",
                            name="uq_inventory_checkpoint_tenant_id_company_id_item_id_month_end"),
        schema=_schema(),
    )
    op.create_index("ix_inventory_checkpoint_tenant_id", "inventory_checkpoint", ["tenant_id"], schema=_schema())
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.inventory_checkpoint"):
            op.execute(sql)
    _fill()
    with op.batch_alter_table("inventory_move", schema=_schema()) as b:
        for col in RUNNING:
            b.drop_column(col)


def _fill() -> None:
    """The checkpoints of the existing moves, from their running totals (stored in minor units: BIGINT)."""
    meta = sa.MetaData()
    U, B = sa.Uuid(), sa.BigInteger()
    move = sa.Table("inventory_move", meta, sa.Column("tenant_id", U), sa.Column("company_id", U),
                    sa.Column("item_id", U), sa.Column("item_code", sa.String(40)), sa.Column("seq", sa.Integer()),
                    sa.Column("move_date", sa.Date()), sa.Column("store_id", U), sa.Column("to_store_id", U),
                    *(sa.Column(c, B) for c in RUNNING), schema=_schema())
    cp = sa.Table("inventory_checkpoint", meta, sa.Column("id", U), sa.Column("tenant_id", U), sa.Column("company_id", U),
                  sa.Column("item_id", U), sa.Column("item_code", sa.String(40)), sa.Column("month_end", sa.Date()),
                  sa.Column("last_date", sa.Date()), sa.Column("quantity", B), sa.Column("value", B),
                  sa.Column("stores", sa.Text()), sa.Column("created_at", vdb.UtcDateTime()),
                  sa.Column("updated_at", vdb.UtcDateTime()), schema=_schema())
    bind = op.get_bind()
    now = datetime.now(UTC)
    key, stores, out, last = None, {}, [], None

    def flush() -> None:
        if last is not None:
            out.append({"id": uuid4(), "tenant_id": last.tenant_id, "company_id": last.company_id,
                        "item_id": last.item_id, "item_code": last.item_code, "month_end": _month_end(_day(last.move_date)),
                        "last_date": _day(last.move_date), "quantity": last.quantity_after, "value": last.value_after,
                        "stores": json.dumps(dict(sorted(stores.items()))), "created_at": now, "updated_at": now})

    rows = bind.execute(sa.select(move).order_by(move.c.tenant_id, move.c.company_id, move.c.item_id,
                                                 move.c.move_date, move.c.seq))
    for r in rows:
        k = (r.tenant_id, r.company_id, r.item_id)
        if k != key or _month_end(_day(r.move_date)) != _month_end(_day(last.move_date)):
            flush()
            if k != key:
                key, stores = k, {}
        stores[str(_uuid(r.store_id))] = [r.store_quantity_after, r.store_value_after]
        if r.to_store_id is not None:
            stores[str(_uuid(r.to_store_id))] = [r.to_store_quantity_after, r.to_store_value_after]
        last = r
    flush()
    for k in range(0, len(out), 5000):
        bind.execute(cp.insert(), out[k:k + 5000])


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def downgrade() -> None:
    """The running-total columns again, filled by walking each item's moves in (move_date, seq) order with the
    domain's pure `walk` (the rules the checkpoints came from), then the checkpoints dropped."""
    from vextrus.modules.inventory.domain import walk

    with op.batch_alter_table("inventory_move", schema=_schema()) as b:
        for col in RUNNING:
            b.add_column(sa.Column(col, sa.BigInteger(), nullable=True))
    meta = sa.MetaData()
    U, B = sa.Uuid(), sa.BigInteger()
    move = sa.Table("inventory_move", meta, sa.Column("id", U), sa.Column("company_id", U), sa.Column("item_id", U),
                    sa.Column("move_date", sa.Date()), sa.Column("seq", sa.Integer()), sa.Column("kind", sa.String(16)),
                    sa.Column("store_id", U), sa.Column("to_store_id", U), sa.Column("quantity", B),
                    sa.Column("unit_cost", B), sa.Column("value", B), *(sa.Column(c, B) for c in RUNNING),
                    schema=_schema())
    bind = op.get_bind()
    rows = bind.execute(sa.select(move.c.id, move.c.company_id, move.c.item_id, move.c.kind, move.c.store_id,
                                  move.c.to_store_id, move.c.quantity, move.c.unit_cost, move.c.value)
                        .order_by(move.c.company_id, move.c.item_id, move.c.move_date, move.c.seq)).all()
    updates, k = [], 0
    while k < len(rows):
        j = k
        while j < len(rows) and rows[j].company_id == rows[k].company_id and rows[j].item_id == rows[k].item_id:
            j += 1
        part = rows[k:j]
        figs, _, _ = walk([(r.kind, r.store_id, r.to_store_id, r.quantity, r.unit_cost is not None, r.value)
                           for r in part], 0, 0, {})
        updates += [{"k": r.id, **dict(zip(RUNNING, f[2:], strict=True))} for r, f in zip(part, figs, strict=True)]
        k = j
    if updates:
        bind.execute(move.update().where(move.c.id == sa.bindparam("k")), updates)
    with op.batch_alter_table("inventory_move", schema=_schema()) as b:
        for col in RUNNING[:4]:
            b.alter_column(col, existing_type=sa.BigInteger(), nullable=False)
    op.drop_index("ix_inventory_checkpoint_tenant_id", table_name="inventory_checkpoint", schema=_schema())
    op.drop_table("inventory_checkpoint", schema=_schema())
