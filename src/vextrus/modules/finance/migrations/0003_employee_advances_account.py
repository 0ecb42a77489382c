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

revision = "finance_0003"
down_revision = "finance_0002"
branch_labels = None
depends_on = None
_FINANCE_0002 = importlib.import_module("vextrus.modules.finance.migrations.0002_grni_account")

# as in data/bd_construction_coa.json when this revision was written
ADVANCES = {"code": "1143", "name": "Advances and loans to employees", "name_bn": "কর্মীদের অগ্রিম ও ঋণ",
            "account_type": "asset", "subtype": "advance", "parent_code": "1100", "tags": ["employee_advance"]}


def add_advances(bind: sa.engine.Connection, pg: bool) -> int:
    return _FINANCE_0002.add_account(bind, pg, ADVANCES)


def upgrade() -> None:
    _FINANCE_0002.add_in_every_tenant(add_advances)


def downgrade() -> None:
    """The account stays: it may carry postings by now (deactivate it in the chart if unwanted)."""
