"""The application's database role cannot leave row-level security (docs/security.md, "Database
roles and row-level security"): migrations run as an owner role; the runtime role the app and
these tests connect as owns nothing, cannot change RLS, and has no "all tenants" value."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from vextrus.modules.organization import api as organization
from vextrus.platform import context, migrations, tenancy
from vextrus.platform.ids import new_id
from vextrus.platform.tables import Tenant

pytestmark = pytest.mark.postgres_only
SCHEMAS = migrations.all_schemas()


def _tenant(db) -> object:  # noqa: ANN001
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Other Builders Ltd.", is_demo=False))
    return tid


def _company(tid, code: str) -> None:  # noqa: ANN001
    with context.acting_as(context.system_context(tid)):
        organization.create_company(organization.CompanyInput(code=code, name=f"{code} Ltd."))


def test_all_tenants_value_shows_no_other_tenants_rows(db, tenant_id):
    other = _tenant(db)
    _company(tenant_id, "MINE")
    _company(other, "THEIRS")
    with db.engine.connect() as c:
        for value in ("*", "", "all", "' OR true --"):
            c.execute(sa.text("SELECT set_config('vextrus.tenant_id', :v, false)"), {"v": value})
            assert c.execute(sa.text("SELECT count(*) FROM organization.organization_company")).scalar() == 0, value
        c.execute(sa.text("SELECT set_config('vextrus.tenant_id', :v, false)"), {"v": str(tenant_id)})
        codes = set(c.execute(sa.text("SELECT code FROM organization.organization_company")).scalars())
        assert "MINE" in codes and "THEIRS" not in codes
        c.rollback()


@pytest.mark.parametrize("statement", [
    "ALTER TABLE organization.organization_company NO FORCE ROW LEVEL SECURITY",
    "ALTER TABLE organization.organization_company DISABLE ROW LEVEL SECURITY",
    "DROP POLICY tenant_isolation ON organization.organization_company",
    "CREATE POLICY everything ON organization.organization_company USING (true)",
    "ALTER POLICY tenant_isolation ON organization.organization_company USING (true)",
    "ALTER TABLE finance.finance_journal_line DISABLE TRIGGER finance_journal_line_append_only",
    "ALTER TABLE organization.organization_company OWNER TO CURRENT_USER",
    "SET ROLE vextrus_app_test",
    "CREATE TABLE organization.mine (id int)",
    "CREATE SCHEMA mine",
    "UPDATE platform.alembic_version SET version_num = version_num",
])
def test_the_runtime_role_cannot_change_row_level_security_or_the_schema(db, statement):
    with db.engine.connect() as c:
        with pytest.raises(sa.exc.ProgrammingError) as raised:
            c.execute(sa.text(statement))
        c.rollback()
    assert "permission denied" in str(raised.value) or "must be owner" in str(raised.value)


def test_the_runtime_role_owns_nothing_and_is_not_privileged(db):
    with db.engine.connect() as c:
        me = c.execute(sa.text("SELECT current_user")).scalar()
        c.execute(sa.text("CREATE TEMP TABLE roles_staging (id int)"))  # as bulk posting does: its own, for the session
        role = c.execute(sa.text("SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
                                 "WHERE rolname = current_user")).one()
        assert tuple(role) == (False, False, False, False)
        assert c.execute(sa.text("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                                 "WHERE r.rolname = current_user")).scalar() == 0  # member of no role
        owned = c.execute(sa.text(
            "SELECT 'table ' || n.nspname || '.' || c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE pg_get_userbyid(c.relowner) = current_user "
            "AND n.nspname NOT LIKE 'pg\\_%temp\\_%' "  # a session's own temporary tables (COPY staging) are not owned
            "UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE pg_get_userbyid(nspowner) = current_user "
            "UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pg_get_userbyid(proowner) = current_user "
            "UNION ALL SELECT 'database ' || datname FROM pg_database WHERE pg_get_userbyid(datdba) = current_user"
        )).scalars().all()
        assert owned == []
        owners = set(c.execute(sa.text(
            "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ANY(:s)"), {"s": SCHEMAS}).scalars())
    assert owners and me not in owners


def test_every_tenant_table_forces_a_policy_without_an_all_tenants_branch(db):
    with db.engine.connect() as c:
        rows = c.execute(sa.text(
            "SELECT n.nspname || '.' || c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "pg_get_expr(p.polqual, p.polrelid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped "
            "LEFT JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE c.relkind = 'r' AND n.nspname = ANY(:s)"), {"s": SCHEMAS}).all()
    assert len(rows) > 30
    for table, enabled, forced, qual in rows:
        assert enabled and forced and qual, table
        assert "'*'" not in qual, (table, qual)


def test_a_session_without_a_tenant_sees_only_the_platforms_own_events(db, tenant_id):
    from vextrus.platform import clock
    from vextrus.platform.tables import OutboxEvent

    def event(tid):  # noqa: ANN001, ANN202
        return OutboxEvent(id=new_id(), name="test.roles", version=1, tenant_id=tid, occurred_at=clock.now(),
                           actor="t", payload={}, attempts=0, published_at=clock.now())

    mine, platform = event(tenant_id), event(None)
    with context.acting_as(context.system_context(tenant_id)), db.session_factory.begin() as s:
        s.add(mine)
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(platform)
    with context.acting_as(context.system_context()), db.session_factory() as s:
        seen = set(s.execute(sa.select(OutboxEvent.id).where(OutboxEvent.id.in_([mine.id, platform.id]))).scalars())
    assert seen == {platform.id}
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        seen = set(s.execute(sa.select(OutboxEvent.id).where(OutboxEvent.id.in_([mine.id, platform.id]))).scalars())
    assert seen == {mine.id}


def test_work_before_the_tenant_is_known_finds_only_the_tenant(db, tenant_id):
    """A lookup function tries the tenants one at a time and restores the caller's setting."""
    from vextrus.modules.auth.tables import User

    with context.acting_as(context.system_context(tenant_id)), db.session_factory.begin() as s:
        s.add(User(email=f"roles-{tenant_id.hex}@example.com", username="roles", name="Roles", language="en",
                   active=True, mfa_enabled=False, version=1))
    other = _tenant(db)
    with context.acting_as(context.system_context(other)), db.session_factory() as s:
        found = tenancy.find_tenant(s, "auth.tenant_of_email", User.email, f"roles-{tenant_id.hex}@example.com")
        assert found == tenant_id
        assert tenancy.find_tenant(s, "auth.tenant_of_email", User.email, "nobody@example.com") is None
        assert s.execute(sa.text("SELECT current_setting('vextrus.tenant_id')")).scalar() == str(other)
        assert s.execute(sa.select(User.id).where(User.tenant_id == tenant_id)).first() is None  # still RLS


def test_the_runtime_role_alone_cannot_migrate_and_says_which_setting_is_missing(db, tmp_path):
    from vextrus.platform import bootstrap, runtime
    from vextrus.platform.errors import ConfigurationError
    from vextrus.platform.settings import load_settings

    saved = runtime._current
    runtime._current = None
    rt = runtime.start(load_settings(database_url=db.settings.database_url, data_dir=tmp_path, secret_key="r" * 48),
                       consume=False)
    try:
        with pytest.raises(ConfigurationError) as raised:
            bootstrap.prepare_database(force=True)  # `vextrus migrate` without the owner's URL
        assert "VEXTRUS_MIGRATION_DATABASE_URL" in str(raised.value)
    finally:
        rt.close()
        runtime._current = saved
