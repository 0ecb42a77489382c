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

revision = "finance_0004"
down_revision = "finance_0003"
branch_labels = None
depends_on = None
_FINANCE_0002 = importlib.import_module("vextrus.modules.finance.migrations.0002_grni_account")

# as in data/bd_construction_coa.json when this revision was written
GRATUITY = {"code": "2230", "name": "Provision for gratuity", "name_bn": "গ্র্যাচুইটি সঞ্চিতি",
            "account_type": "liability", "subtype": "non_current_liability", "parent_code": "2200",
            "tags": ["gratuity_provision"]}


def add_gratuity_provision(bind: sa.engine.Connection, pg: bool) -> int:
    return _FINANCE_0002.add_account(bind, pg, GRATUITY)


def upgrade() -> None:
    _FINANCE_0002.add_in_every_tenant(add_gratuity_provision)


def downgrade() -> None:
    """The account stays: it may carry postings by now (deactivate it in the chart if unwanted)."""
