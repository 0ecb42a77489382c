"""A role assigned for one project reaches that project only (issue 12, found by the everyday-use audit: a
contractor assigned to project P1 could read P2's activities and record progress on it). The request's
permissions still let the holder in coarsely (menus, pages); the place that loads a project refuses another
project with NotFound, as for another company's project, and lists show only the assigned projects. A role
held for the whole company, beside the scoped one, reaches every project."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service
from vextrus.platform import context
from vextrus.platform.errors import NotFound

PW = "Rod&Cement-2025"
API = "/api/v1/projects/projects"


@pytest.fixture
def two_projects(admin, tenant_id):
    """Company PBL with projects P1 and P2 (an activity each) and a contractor assigned for P1 only."""
    co = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    boss = replace(admin, company_id=co.id)
    with context.acting_as(boss):
        p1 = service.create_project("P1", "Tower one", start_date=date(2026, 1, 3))
        p2 = service.create_project("P2", "Tower two", start_date=date(2026, 1, 3))
        service.add_activity(p1.id, "A1", "Piling", 16.0)
        service.add_activity(p2.id, "B1", "Piling", 16.0)
        auth.seed_default_roles(co.id)
        u = auth.create_user(auth.UserInput(email=f"ct@t{tenant_id.hex[-10:]}.example.com", name="Contractor"),
                             PW, co.id, [])
        auth.assign_role(u.id, co.id, "contractor", "project", p1.id)
    ctx = sessions.context_for(u.id, tenant_id, company_id=co.id)
    return co, p1, p2, u, ctx, boss


def test_a_contractor_assigned_for_one_project_works_on_that_project_only(db, two_projects):
    _co, _p1, p2, _u, ctx, _boss = two_projects
    assert ctx.can("projects.activity.progress")  # coarse: the pages let them in
    with context.acting_as(ctx):
        assert [p.code for p in service.list_projects()] == ["P1"]
        assert [p.code for p in service.page_projects().items] == ["P1"]
        assert [a.code for a in service.list_activities("P1")] == ["A1"]
        done = service.update_activity("P1", "A1", percent_complete=40, actual_start="2026-01-04")
        assert done.percent_complete == 40
    b1 = service.list_activities(p2.id)[0]
    with context.acting_as(ctx):
        for call in (lambda: service.get_project("P2"), lambda: service.list_activities("P2"),
                     lambda: service.get_activity(b1.id),
                     lambda: service.update_activity("P2", "B1", percent_complete=40, actual_start="2026-01-04")):
            with pytest.raises(NotFound):
                call()
    assert service.list_activities(p2.id)[0].percent_complete == 0  # nothing written on P2


def test_the_same_role_held_for_the_whole_company_reaches_every_project(db, two_projects, tenant_id):
    co, _p1, _p2, u, _ctx, boss = two_projects
    with context.acting_as(boss):
        auth.assign_role(u.id, co.id, "contractor")
    ctx = sessions.context_for(u.id, tenant_id, company_id=co.id)
    with context.acting_as(ctx):
        assert [p.code for p in service.list_projects()] == ["P1", "P2"]
        assert [a.code for a in service.list_activities("P2")] == ["B1"]


def test_over_rest_another_project_is_not_found(db, two_projects):
    ctx = two_projects[4]
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])
    with TestClient(app) as c:
        assert c.get(f"{API}/P1/activities").status_code == 200
        assert c.get(f"{API}/P2/activities").status_code == 404
        assert c.patch(f"{API}/P2/activities/B1", json={"percent_complete": 50}).status_code == 404
        assert [p["code"] for p in c.get(API).json()] == ["P1"]


def test_an_api_key_of_a_scoped_user_reaches_the_same_project_only(db, two_projects):
    _co, _p1, _p2, _u, ctx, _boss = two_projects
    with context.acting_as(replace(ctx, permissions=ctx.permissions | {"auth.api_key.manage"})):
        new = sessions.create_api_key("site app", ["projects.*"])
    key = sessions.context_from_api_key(new.key)
    assert key.reach("projects.activity.progress") == ctx.reach("projects.activity.progress")
    with context.acting_as(key):
        assert [p.code for p in service.list_projects()] == ["P1"]
        with pytest.raises(NotFound):
            service.list_activities("P2")
