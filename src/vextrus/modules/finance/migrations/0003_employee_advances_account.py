"""finance: account 1143 Advances and loans to employees in every company chart that lacks it

Revision ID: finance_0003
Revises: finance_0002
Create Date: 2026-12-05

The Bangladesh construction chart (data/bd_construction_coa.json) gained 1143 (issue 18): payroll debits it
when a salary advance or loan is paid out and credits it with what monthly and wage runs deduct. Books made
before it get the account here, under their current-assets group 1100 (a book without that group, not made
from the template, is left as it is; so is one that already has a 1143). Done as finance_0002 did 2115: on
PostgreSQL tenant by tenant with `vextrus.tenant_id` set. Idempotent.
"""
import importlib

import sqlalchemy as sa
from alembic import op

from vextrus.platform import clock
from vextrus.platform.ids import new_id

revision = "finance_0003"
down_revision = "finance_0002"
branch_labels = None
depends_on = None

# as in data/bd_construction_coa.json when this revision was written
ADVANCES = {"code": "1143", "name": "Advances and loans to employees", "name_bn": "কর্মীদের অগ্রিম ও ঋণ",
            "account_type": "asset", "subtype": "advance", "parent_code": "1100", "tags": ["employee_advance"]}


def add_advances(bind: sa.engine.Connection, pg: bool) -> int:
    """Add 1143 to each visible book that has the asset group 1100 and no 1143; the count added."""
    a = importlib.import_module("vextrus.modules.finance.migrations.0002_grni_account")._account(pg)
    group = sa.select(a.c.book_id, a.c.tenant_id).where(a.c.code == ADVANCES["parent_code"], a.c.is_group.is_(True),
                                                         a.c.account_type == "asset")
    have = set(bind.execute(sa.select(a.c.book_id).where(a.c.code == ADVANCES["code"])).scalars())
    now = clock.now()
    rows = [{"id": new_id(), "tenant_id": tenant_id, "book_id": book_id, **ADVANCES, "is_group": False,
             "is_active": True, "currency": None, "version": 1, "created_at": now, "updated_at": now}
            for book_id, tenant_id in bind.execute(group).all() if book_id not in have]
    if rows:
        bind.execute(a.insert(), rows)
    return len(rows)


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    if not pg:
        add_advances(bind, pg)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        add_advances(bind, pg)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def downgrade() -> None:
    """The account stays: it may carry postings by now (deactivate it in the chart if unwanted)."""
