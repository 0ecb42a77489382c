"""The directory sign-in uses to find a key's tenant in one probe (auth_0006, docs/security.md "Database
roles and row-level security"): it follows every change of the rows it mirrors, it answers one exact
key and no more, and the runtime role cannot read it."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.auth.service import sessions  # noqa: E402
from vextrus.modules.auth.tables import User  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context, tenancy  # noqa: E402
from vextrus.platform.ids import new_id  # noqa: E402
from vextrus.platform.tables import Tenant  # noqa: E402

pytestmark = pytest.mark.postgres_only
PASSWORD = "Rod&Cement-2025"


def _tenant_with_owner(db, tag: str):  # noqa: ANN001, ANN202
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"{tag}{tid.hex[-10:]}", name=f"{tag} Builders"))
    email = f"owner@{tag}{tid.hex[-10:]}.example.com"
    with context.acting_as(context.system_context(tid)):
        company = org.create_company(org.CompanyInput(code="MAIN", name=f"{tag} Ltd."))
        service.seed_default_roles(company.id)
        user = service.create_user(service.UserInput(email=email, name="Owner"), PASSWORD, company.id, ["owner"])
    return tid, email, user.id


def _tenant_of(db, email: str):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context()), db.session_factory() as s:
        return tenancy.find_tenant(s, "auth.tenant_of_email", User.email, email)


def test_each_email_leads_to_its_own_tenant_among_many(db):
    owners = [_tenant_with_owner(db, f"d{i}") for i in range(3)]
    for tid, email, _user in owners:
        assert _tenant_of(db, email) == tid
    assert _tenant_of(db, "nobody@nowhere.example.com") is None
    tid, email, _user = owners[1]
    signed_in = sessions.login(email, PASSWORD)  # the whole sign-in, then a refresh: both begin with a lookup
    assert signed_in.access_token and signed_in.user_id == owners[1][2]
    assert sessions.refresh(signed_in.refresh_token).access_token


def test_the_directory_follows_a_changed_email_and_a_removed_user(db):
    tid, email, user_id = _tenant_with_owner(db, "m")
    renamed = "renamed-" + email
    with context.acting_as(context.system_context(tid)), db.session_factory.begin() as s:
        s.execute(sa.update(User).where(User.id == user_id).values(email=renamed))
    assert _tenant_of(db, email) is None
    assert _tenant_of(db, renamed) == tid
    with context.acting_as(context.system_context(tid)), db.session_factory.begin() as s:
        s.execute(sa.delete(User).where(User.id == user_id))  # its roles and keys go with it (ON DELETE CASCADE)
    assert _tenant_of(db, renamed) is None


def test_a_rolled_back_change_leaves_the_directory_as_it_was(db):
    tid, email, user_id = _tenant_with_owner(db, "r")
    ghost = f"ghost-{email}"
    with context.acting_as(context.system_context(tid)), db.session_factory() as s:
        s.execute(sa.update(User).where(User.id == user_id).values(email=ghost))
        s.rollback()
    assert _tenant_of(db, ghost) is None
    assert _tenant_of(db, email) == tid


def test_the_runtime_role_cannot_read_the_directory(db):
    _tenant_with_owner(db, "x")
    with db.engine.connect() as c, pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        c.execute(sa.text("SELECT kind, key, tenant_id FROM auth_lookup.tenant_key"))
