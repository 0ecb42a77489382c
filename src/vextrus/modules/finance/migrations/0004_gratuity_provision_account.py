"""finance: account 2230 Provision for gratuity in every company chart that lacks it

Revision ID: finance_0004
Revises: finance_0003
Create Date: 2026-12-07

The Bangladesh construction chart (data/bd_construction_coa.json) gained 2230 (issue 18): payroll's monthly
gratuity provision (setting `gratuity_provision`) credits it and the final settlement debits it, where it
shared 2170 "Accrued expenses" with PF payable before. Books made before it get the account here, under
their non-current liabilities group 2200 (a book without that group, not made from the template, is left as
it is; so is one that already has a 2230). Done as finance_0003 did 1143: on PostgreSQL tenant by tenant with
`vextrus.tenant_id` set. Idempotent.
"""
import importlib

import sqlalchemy as sa
from alembic import op

from vextrus.platform import clock
from vextrus.platform.ids import new_id

revision = "finance_0004"
down_revision = "finance_0003"
branch_labels = None
depends_on = None

# as in data/bd_construction_coa.json when this revision was written
GRATUITY = {"code": "2230", "name": "Provision for gratuity", "name_bn": "গ্র্যাচুইটি সঞ্চিতি",
            "account_type": "liability", "subtype": "non_current_liability", "parent_code": "2200",
            "tags": ["gratuity_provision"]}


def add_gratuity_provision(bind: sa.engine.Connection, pg: bool) -> int:
    """Add 2230 to each visible book that has the liability group 2200 and no 2230; the count added."""
    a = importlib.import_module("vextrus.modules.finance.migrations.0002_grni_account")._account(pg)
    group = sa.select(a.c.book_id, a.c.tenant_id).where(a.c.code == GRATUITY["parent_code"], a.c.is_group.is_(True),
                                                         a.c.account_type == "liability")
    have = set(bind.execute(sa.select(a.c.book_id).where(a.c.code == GRATUITY["code"])).scalars())
    now = clock.now()
    rows = [{"id": new_id(), "tenant_id": tenant_id, "book_id": book_id, **GRATUITY, "is_group": False,
             "is_active": True, "currency": None, "version": 1, "created_at": now, "updated_at": now}
            for book_id, tenant_id in bind.execute(group).all() if book_id not in have]
    if rows:
        bind.execute(a.insert(), rows)
    return len(rows)


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    if not pg:
        add_gratuity_provision(bind, pg)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        add_gratuity_provision(bind, pg)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def downgrade() -> None:
    """The account stays: it may carry postings by now (deactivate it in the chart if unwanted)."""
