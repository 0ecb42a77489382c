"""Auth's events are audited too (both databases): a user created, a sign-in with the address it
came from; a failed password (an event of no tenant: auth does not reveal whose account was tried)
goes to the platform chain, which the tenant's users do not see and the CLI verifies."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from vextrus.modules.audit import service as audit
from vextrus.modules.audit.cli import app as audit_cli
from vextrus.modules.audit.domain.chain import PLATFORM_CHAIN
from vextrus.modules.audit.schemas import AuditSearch
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.organization import api as org
from vextrus.platform import context

PW = "Rod&Cement-2025"


def test_user_creation_and_sign_ins_are_recorded(db, tenant_id, admin):
    company = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    auth.seed_default_roles(company.id)
    email = f"karim@t{tenant_id.hex[-10:]}.example.com"
    user = auth.create_user(auth.UserInput(email=email, name="Karim"), password=PW, company_id=company.id,
                            roles=["auditor"])
    address = f"test-{tenant_id.hex[-12:]}"
    with context.acting_as(context.ANONYMOUS):
        sessions.login(email, PW, address)
        with pytest.raises(Exception):  # noqa: B017 - one generic sign-in error
            sessions.login(email, "wrong-password", address)
    created = audit.history("auth.user", str(user.id)).items
    assert [r.action for r in created] == ["created"] and created[0].actor == "admin@test"
    logins = audit.search(AuditSearch(object_type="auth.login"), limit=20).items
    assert "succeeded" in {r.action for r in logins}
    ok = next(r for r in logins if r.action == "succeeded")
    assert ok.object_id == str(user.id) and ok.changes["address"] == {"after": address}
    assert audit.search(AuditSearch(text=address)).items  # found by the address it came from
    assert audit.verify().ok
    assert "failed" not in {r.action for r in logins}  # not in the tenant's trail
    with context.acting_as(context.system_context(PLATFORM_CHAIN)):
        failed = audit.search(AuditSearch(object_type="auth.login", action="failed", text=address)).items
        assert [(r.changes["identifier"]["after"], r.changes["address"]["after"]) for r in failed] == [(email, address)]
        assert audit.verify().ok
    out = CliRunner().invoke(audit_cli, ["verify", "--tenant", "platform"])
    assert out.exit_code == 0 and out.output.startswith("platform: ok"), out.output
