"""Document sequences (platform.sequences), both databases: a series starts after its seed (called only
for a new row), counts up by one or by a block, is kept per tenant, company, kind and fiscal year, and a
rolled-back transaction gives its numbers back. Concurrency: procurement's requisitions (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.ids import new_id
from vextrus.platform.sequences import WHOLE_TENANT, DocumentSequence, next_document_number


def test_a_series_seeds_once_counts_and_is_kept_apart(db, tenant_id):
    company, other = new_id(), new_id()
    seeds = []

    def seed() -> int:
        seeds.append(1)
        return 41

    with context.acting_as(context.system_context(tenant_id)), db.session_factory.begin() as s:
        assert next_document_number(s, company, "test.doc", start_after=seed) == 42
        assert next_document_number(s, company, "test.doc", start_after=seed) == 43
        assert seeds == [1]  # the seed is read only for a new row
        assert next_document_number(s, company, "test.doc", count=5) == 48  # a block of 44..48
        assert next_document_number(s, other, "test.doc") == 1
        assert next_document_number(s, company, "test.other") == 1
        assert next_document_number(s, company, "test.doc", "2025-26") == 1
        assert next_document_number(s, None, "test.doc") == 1  # the whole tenant's series
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        rows = s.execute(select(DocumentSequence.company_id, DocumentSequence.last_value)
                         .where(DocumentSequence.kind == "test.doc", DocumentSequence.fiscal_year == "")).all()
        assert {tuple(r) for r in rows} == {(other, 1), (WHOLE_TENANT, 1), (company, 48)}


def test_a_rolled_back_number_is_given_back_and_tenants_do_not_share_a_series(db, tenant_id):
    company = new_id()
    with context.acting_as(context.system_context(tenant_id)), db.session_factory.begin() as s:
        assert next_document_number(s, company, "test.doc") == 1
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        assert next_document_number(s, company, "test.doc") == 2
        s.rollback()
    with context.acting_as(context.system_context(tenant_id)), db.session_factory.begin() as s:
        assert next_document_number(s, company, "test.doc") == 2
    other_tenant = new_id()
    with context.acting_as(context.system_context(other_tenant)), db.session_factory.begin() as s:
        assert next_document_number(s, company, "test.doc") == 1
