"""Row-level security proof on PostgreSQL: connected as a plain application role with tenant A
set, raw SELECTs on every table that has a tenant_id column return no row of tenant B."""

from __future__ import annotations

import os
import secrets

import pytest
import sqlalchemy as sa

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.configuration import service as config  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.ids import new_id  # noqa: E402
from vextrus.platform.tables import Tenant  # noqa: E402


def _populate(db, tag: str):
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"{tag}{tid.hex[-10:]}", name=tag))
    with context.acting_as(context.system_context(tid)):
        c = org.create_company(org.CompanyInput(code="MAIN", name=f"{tag} Ltd."))
        service.seed_default_roles(c.id)
        service.create_user(service.UserInput(email=f"owner@{tag}{tid.hex[-10:]}.example.com", name="O"),
                            "Rod&Cement-2025", c.id, ["owner"])
        config.set_setting("general.timezone", "Asia/Dhaka")
    return tid


def _tenant_tables(conn) -> list[tuple[str, str]]:
    return [tuple(r) for r in conn.execute(sa.text(
        "SELECT table_schema, table_name FROM information_schema.columns WHERE column_name = 'tenant_id' "
        "AND table_schema NOT IN ('pg_catalog', 'information_schema') "
        "AND table_schema NOT LIKE 'pg\\_temp\\_%' ORDER BY 1, 2"))]  # another connection's bulk-post temp tables


@pytest.fixture
def app_role(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row-level security is a PostgreSQL feature")
    name, password = f"vextrus_app_{secrets.token_hex(3)}", secrets.token_urlsafe(16)
    schemas = db.schemas()

    admin = sa.create_engine(os.environ.get("VEXTRUS_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"))
    with admin.begin() as c:  # creating roles needs the server administrator
        c.exec_driver_sql(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{password}'")
    owner = sa.create_engine(db.settings.migration_database_url or db.engine.url)  # grants come from the owner
    with owner.begin() as c:
        for s in schemas:
            c.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{s}" TO {name}')
            c.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{s}" TO {name}')
    url = db.engine.url.set(username=name, password=password)
    engine = sa.create_engine(url)
    yield engine
    engine.dispose()
    with owner.begin() as c:
        for s in schemas:
            c.exec_driver_sql(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{s}" FROM {name}')
            c.exec_driver_sql(f'REVOKE ALL ON SCHEMA "{s}" FROM {name}')
    owner.dispose()
    with admin.begin() as c:
        c.exec_driver_sql(f"DROP ROLE {name}")
    admin.dispose()


def _leaks(app_role, a, b, tables):
    out, seen_a = {}, set()
    with app_role.connect() as c:
        c.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, false)"), {"t": str(a)})
        for schema, table in tables:
            rows = c.execute(sa.text(f'SELECT tenant_id FROM "{schema}"."{table}"')).scalars().all()
            ids = {str(r) for r in rows}
            if str(b) in ids:
                out[f"{schema}.{table}"] = len([r for r in rows if str(r) == str(b)])
            if str(a) in ids:
                seen_a.add(f"{schema}.{table}")
    return out, seen_a


def test_app_role_with_tenant_a_sees_no_row_of_tenant_b_in_any_module_table(db, app_role):
    a, b = _populate(db, "a"), _populate(db, "b")
    with db.engine.connect() as c:
        tables = [t for t in _tenant_tables(c) if t[0] != "platform"]
    names = {f"{s}.{t}" for s, t in tables}
    assert {"configuration.configuration_setting_value", "organization.organization_company", "auth.auth_user", "auth.auth_role"} <= names
    # the test database belongs to an ordinary role that RLS applies to: look as the server administrator
    admin_url = sa.engine.make_url(os.environ.get("VEXTRUS_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"))
    admin = sa.create_engine(admin_url.set(database=db.engine.url.database))
    with admin.connect() as c:  # superuser: both tenants really are there
        for t in ("configuration.configuration_setting_value", "organization.organization_company", "auth.auth_user"):
            present = {str(r) for r in c.execute(sa.text(f"SELECT tenant_id FROM {t}")).scalars()}
            assert {str(a), str(b)} <= present, t
    admin.dispose()
    leaks, seen_a = _leaks(app_role, a, b, tables)
    assert leaks == {}
    assert {"configuration.configuration_setting_value", "organization.organization_company", "auth.auth_user"} <= seen_a


def test_platform_tables_with_tenant_id_are_isolated_too(db, app_role):
    a, b = _populate(db, "a"), _populate(db, "b")
    with db.engine.connect() as c:
        tables = [t for t in _tenant_tables(c) if t[0] == "platform"]
    leaks, _ = _leaks(app_role, a, b, tables)
    assert leaks == {}
