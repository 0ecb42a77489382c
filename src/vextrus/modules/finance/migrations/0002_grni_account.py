"""finance: account 2115 Goods received not invoiced (GRNI) in every company chart that lacks it

Revision ID: finance_0002
Revises: finance_0001
Create Date: 2026-12-05

The Bangladesh construction chart (data/bd_construction_coa.json) gained 2115 (issue 17): inventory
credits it on a goods receipt and a matched vendor bill debits it, so a purchase is owed to the vendor
(2110) once. Books made before it get the account here, under their current-liabilities group 2100 (a
book without that group, not made from the template, is left as it is; so is one that already has a
2115). On PostgreSQL the rows are added tenant by tenant with `vextrus.tenant_id` set, so this works
under row-level security whatever the migration role may bypass. Idempotent: running it again adds
nothing.
"""
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform import clock
from vextrus.platform.ids import new_id

revision = "finance_0002"
down_revision = "finance_0001"
branch_labels = None
depends_on = None

# as in data/bd_construction_coa.json when this revision was written
GRNI = {"code": "2115", "name": "Goods received not invoiced (GRNI)",
        "name_bn": "গৃহীত মাল, বিল অপ্রাপ্ত (জিআরএনআই)", "account_type": "liability", "subtype": "accrual",
        "parent_code": "2100", "tags": ["grni"]}


def _account(pg: bool) -> sa.TableClause:
    return sa.table("finance_account", sa.column("id", sa.Uuid()), sa.column("tenant_id", sa.Uuid()),
                    sa.column("book_id", sa.Uuid()), sa.column("code", sa.String()), sa.column("name", sa.String()),
                    sa.column("name_bn", sa.String()), sa.column("account_type", sa.String()),
                    sa.column("subtype", sa.String()), sa.column("parent_code", sa.String()),
                    sa.column("is_group", sa.Boolean()), sa.column("is_active", sa.Boolean()),
                    sa.column("currency", sa.String()), sa.column("tags", sa.JSON()),
                    sa.column("version", sa.Integer()), sa.column("created_at", vdb.UtcDateTime()),
                    sa.column("updated_at", vdb.UtcDateTime()), schema="finance" if pg else None)


def add_account(bind: sa.engine.Connection, pg: bool, account: dict) -> int:
    """Add `account` (a row of the chart template) to each visible book that has its parent group, of the same
    type, and no account of its code; the count added. Later revisions adding a template account use it too."""
    a = _account(pg)
    group = sa.select(a.c.book_id, a.c.tenant_id).where(a.c.code == account["parent_code"], a.c.is_group.is_(True),
                                                         a.c.account_type == account["account_type"])
    have = set(bind.execute(sa.select(a.c.book_id).where(a.c.code == account["code"])).scalars())
    now = clock.now()
    rows = [{"id": new_id(), "tenant_id": tenant_id, "book_id": book_id, **account, "is_group": False,
             "is_active": True, "currency": None, "version": 1, "created_at": now, "updated_at": now}
            for book_id, tenant_id in bind.execute(group).all() if book_id not in have]
    if rows:
        bind.execute(a.insert(), rows)
    return len(rows)


def add_grni(bind: sa.engine.Connection, pg: bool) -> int:
    return add_account(bind, pg, GRNI)


def add_in_every_tenant(add: Callable[[sa.engine.Connection, bool], int]) -> None:
    """Run `add` once on SQLite; on PostgreSQL once per tenant with `vextrus.tenant_id` set (row-level security)."""
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    if not pg:
        add(bind, pg)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        add(bind, pg)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def upgrade() -> None:
    add_in_every_tenant(add_grni)


def downgrade() -> None:
    """The account stays: it may carry postings by now (deactivate it in the chart if unwanted)."""
