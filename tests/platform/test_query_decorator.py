"""Kernel issue #21, item 7: `@query(permission)`, the read twin of `@command`.

A query checks its permission before it touches the database, reads inside one unit of work
(joining the caller's when nested, so a command that calls a query sees its own unflushed rows),
and `require_tenant()` refuses work with no tenant chosen instead of quietly finding nothing.
"""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import func, select

from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied, Unauthenticated, ValidationFailed
from vextrus.platform.tables import Tenant
from vextrus.platform.uow import UnitOfWork, query, unit_of_work


@query("test.tenant.view")
def count_tenants(uow: UnitOfWork) -> int:
    return uow.session.scalar(select(func.count()).select_from(Tenant)) or 0


@query("test.tenant.view")
def same_session_as_caller(uow: UnitOfWork, outer: UnitOfWork) -> bool:
    return uow is outer


def test_a_query_refuses_a_user_without_its_permission(tenant_id: UUID) -> None:
    reader = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"finance.account.view"}))
    with context.acting_as(reader), pytest.raises(PermissionDenied):
        count_tenants()


def test_a_query_refuses_an_anonymous_caller(db) -> None:  # noqa: ANN001
    with context.acting_as(context.ANONYMOUS), pytest.raises(Unauthenticated):
        count_tenants()


def test_a_query_reads_with_its_permission_and_joins_the_callers_unit_of_work(tenant_id: UUID) -> None:
    reader = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"test.*"}))
    with context.acting_as(reader):
        assert count_tenants() >= 1
        assert count_tenants.__vextrus_query__.endswith("count_tenants")
        with unit_of_work() as outer:
            assert same_session_as_caller(outer) is True


def test_require_tenant_names_the_missing_choice() -> None:
    with context.acting_as(context.ANONYMOUS), pytest.raises(ValidationFailed) as err:
        context.require_tenant()
    assert err.value.code == "tenant_missing"
    some = UUID(int=7)
    with context.acting_as(context.RequestContext(tenant_id=some)):
        assert context.require_tenant() == some
