"""Module commands pick their tenant the same way everywhere."""

from __future__ import annotations

import pytest

from vextrus.platform import context
from vextrus.platform.cli_support import acting_for_tenant, resolve_tenant
from vextrus.platform.errors import ConfigurationError


def test_tenant_by_code_and_unknown_code(db, tenant_id):
    with context.acting_as(context.system_context()), db.session_factory() as s:
        from vextrus.platform.tables import Tenant

        code = s.get(Tenant, tenant_id).code
    assert resolve_tenant(code).id == tenant_id
    with pytest.raises(ConfigurationError, match="--tenant"):
        resolve_tenant("no-such-tenant")


def test_create_makes_a_missing_tenant_once(db):
    first = resolve_tenant("created-by-cli", create=True)
    assert resolve_tenant("created-by-cli").id == first.id


def test_acting_for_tenant_sets_a_system_context(db, tenant_id):
    t = resolve_tenant("acting-cli", create=True)
    with acting_for_tenant("acting-cli", actor="cli-test") as ctx:
        assert ctx.tenant_id == t.id and ctx.system and context.current().actor == "cli-test"
    assert context.current().tenant_id is None
