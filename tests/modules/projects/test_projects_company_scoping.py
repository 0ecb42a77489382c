"""Company scoping of projects (security issue 10, finding 2): every project belongs to a company of
the tenant (set from the active company on create and on XER/MSPDI import; the tenant's first company
for system work such as the demo and the CLI; existing projects backfilled by projects_0005). A user
acting in company B sees only B's projects and cannot read or change company A's: NotFound, as if
it did not exist."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_projects_mspdi import XML

from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.organization import api as org
from vextrus.modules.organization.tables import Company
from vextrus.modules.projects import api, interchange, service
from vextrus.modules.projects import graphql as pgraphql
from vextrus.modules.projects.service import costs
from vextrus.modules.projects.tables import Project
from vextrus.platform import context, migrations
from vextrus.platform.db import make_engine
from vextrus.platform.errors import NotFound
from vextrus.platform.ids import new_id
from vextrus.platform.modules import available_modules
from vextrus.platform.tables import Tenant

TOWER = (Path(__file__).parent / "data" / "tower_a.xer").read_bytes()


@pytest.fixture
def two(admin, tenant_id):
    """Companies A (with project RAFT-A and an activity) and B; a project manager of B acting in B."""
    a = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    b = org.create_company(org.CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
    with context.acting_as(replace(admin, company_id=a.id)):
        pa = service.create_project("RAFT-A", "Raft foundation, company A", start_date=date(2026, 1, 3))
        service.add_activity(pa.id, "A1", "Piling", 16.0)
    auth.seed_default_roles(b.id)
    u = auth.create_user(auth.UserInput(email=f"pm@t{tenant_id.hex[-10:]}.example.com", name="PM of B"),
                         "Rod&Cement-2025", b.id, ["project_manager"])
    ctx = sessions.context_for(u.id, tenant_id, company_id=b.id)
    assert ctx.company_id == b.id and ctx.can("projects.project.create")
    return a, b, pa, ctx


def test_a_project_belongs_to_the_company_it_was_created_in(db, two):
    a, b, pa, ctx = two
    with context.acting_as(ctx):
        pb = service.create_project("RAFT-B", "Raft foundation, company B")
        assert [p.code for p in service.list_projects()] == ["RAFT-B"]
        assert [p.code for p in service.page_projects().items] == ["RAFT-B"]
        assert [p.code for p in api.list_projects()] == ["RAFT-B"]
    assert api.project_companies([pa.id, pb.id, new_id()]) == {pa.id: a.id, pb.id: b.id}


def test_another_companys_project_is_not_found_for_any_read_or_write(db, two):
    _a, _b, pa, ctx = two
    activity_id = service.list_activities(pa.id)[0].id
    strong = replace(ctx, permissions=frozenset({"*"}))  # even every permission in B
    calls = [
        lambda: service.get_project("RAFT-A"), lambda: service.get_project(pa.id),
        lambda: service.list_activities(pa.id), lambda: service.list_wbs("RAFT-A"),
        lambda: service.list_relationships("RAFT-A"), lambda: service.list_baselines("RAFT-A"),
        lambda: service.get_activity(activity_id), lambda: service.page_activities("RAFT-A"),
        lambda: costs.evm("RAFT-A"), lambda: interchange.export_xer("RAFT-A"),
        lambda: service.update_project("RAFT-A", name="renamed"),
        lambda: service.add_activity("RAFT-A", "A2", "Pile cap", 8.0),
        lambda: service.schedule_project("RAFT-A"),
        lambda: service.save_baseline("RAFT-A", "taken"),
        lambda: costs.record_actual_cost("RAFT-A", "100", date(2026, 1, 5)),
        lambda: api.activities_of(pa.id), lambda: api.actual_cost(pa.id),
    ]
    with context.acting_as(strong):
        for call in calls:
            with pytest.raises(NotFound):
                call()
        assert api.get_project(pa.id) is None and api.project_by_code("RAFT-A") is None
        with pytest.raises(NotFound):
            pgraphql.Project.resolve_reference(str(pa.id))
    assert service.get_project(pa.id).name == "Raft foundation, company A"


def test_a_user_cannot_create_a_project_in_another_company(db, two):
    a, _b, _pa, ctx = two
    with context.acting_as(ctx), pytest.raises(NotFound):
        service.create_project("SNEAK", "Into company A", company_id=a.id)


def test_xer_and_mspdi_imports_go_to_the_active_company(db, two):
    _a, b, _pa, ctx = two
    with context.acting_as(replace(ctx, permissions=frozenset({"*"}))):
        x = interchange.import_xer(TOWER)
        m = interchange.import_mspdi(XML.encode(), code="TOWER-B")
    assert set(api.project_companies([*x.project_ids, *m.project_ids]).values()) == {b.id}


def test_system_work_puts_a_project_in_the_tenants_first_company(db, two):
    _a, b, _pa, _ctx = two
    with context.acting_as(context.system_context(context.current().tenant_id, actor="cli")):
        p = service.create_project("CLI-1", "Made by the CLI")
    assert api.project_companies([p.id]) == {p.id: b.id}  # the first by code: PB2 sorts before PBL


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_migration_gives_existing_projects_their_tenants_first_company(tmp_path, scratch_postgres, backend):
    """projects_0005 on a database holding projects of before (no company): backfilled to the tenant's
    first company by code; a tenant without companies keeps NULL. On PostgreSQL as the owner role,
    under forced row-level security (the migration sets each tenant in turn)."""
    drop = None
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        try:
            scratch = scratch_postgres()
        except Exception as exc:  # noqa: BLE001  (PostgreSQL not reachable)
            if os.environ.get("VEXTRUS_TEST_REQUIRE_POSTGRES") == "1":
                raise
            pytest.skip(f"postgresql unavailable: {exc}")
        url, drop = scratch.owner_url, scratch.drop
    engine = make_engine(url, ["platform", *available_modules()])
    pg = backend == "postgresql"
    try:
        migrations.upgrade(engine)
        migrations.downgrade(engine, "projects_0004")
        t1, t2, c1, c2 = new_id(), new_id(), new_id(), new_id()

        def as_tenant(c: sa.Connection, t: object) -> None:
            if pg:
                c.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(t)})

        with engine.begin() as c:  # rows as the tables of that time hold them (no project.company_id yet)
            c.execute(sa.insert(Tenant.__table__), [{"id": t, "code": t.hex[-8:], "name": "T"} for t in (t1, t2)])
            as_tenant(c, t1)
            c.execute(sa.insert(Company.__table__), [{"id": cid, "tenant_id": t1, "code": code, "name": "C"}
                                                     for cid, code in ((c1, "ZED"), (c2, "ABC"))])
            for t in (t1, t2):
                as_tenant(c, t)
                c.execute(sa.insert(Project.__table__), [{"id": new_id(), "tenant_id": t, "code": f"P-{t.hex[-4:]}",
                                                          "name": "P", "schedule_options": {}}])
        migrations.upgrade(engine)
        got = {}
        with engine.begin() as c:
            for t in (t1, t2):
                as_tenant(c, t)
                got.update(c.execute(sa.select(Project.__table__.c.tenant_id, Project.__table__.c.company_id)
                                     .where(Project.__table__.c.tenant_id == t)).all())
        assert got == {t1: c2, t2: None}  # ABC is t1's first company by code
    finally:
        engine.dispose()
        if drop is not None:
            drop()
