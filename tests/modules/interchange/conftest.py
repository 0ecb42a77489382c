"""A company with its ledger for the finance targets' tests."""

from __future__ import annotations

import pytest

from vextrus.modules.finance import service as finance
from vextrus.modules.organization import api as organization
from vextrus.platform import context


@pytest.fixture()
def book(db, admin):
    """A company with its book and fiscal year 2025-26 open; the admin acts within it (imports go into the
    active company's ledger). Yields the book's code."""
    c = organization.create_company(organization.CompanyInput(code="IMP", name="Import Builders Ltd."))
    b = finance.ensure_book(c.code, c.name, company_id=c.id)
    finance.open_fiscal_year(b.code, "2025-26")
    with context.acting_as(context.RequestContext(
            tenant_id=admin.tenant_id, user_id=admin.user_id, permissions=admin.permissions, roles=admin.roles,
            actor=admin.actor, company_id=c.id)):
        yield b.code
