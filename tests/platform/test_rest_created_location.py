"""REST convention (docs/modules.md, issue 21 item 8): a POST that creates answers 201 **with Location**.

A sweep over the six original modules' routers (auth, configuration, organization, master_data, finance,
projects): every route declared `status_code=201` calls `platform.rest.created(...)`, which sets the
header. Before this test, thirteen of them answered 201 without it (units, members, prices, recurring
entries, role assignments, API keys, activities, relationships, baselines, BOQ items, actual costs).
The HTTP checks below read the header a client gets back."""

from __future__ import annotations

import inspect
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.routing import APIRoute

MODULES = ("auth", "configuration", "organization", "master_data", "finance", "projects")


def _routes(module: str) -> list[APIRoute]:
    """The module's REST routes: its manifest's `rest` router and any router it includes."""
    import importlib

    from vextrus.platform.modules import available_modules

    part = available_modules()[module].rest
    if not part:
        return []
    mod_name, attr = part.split(":")
    router = getattr(importlib.import_module(mod_name), attr)
    return [r for r in router.routes if isinstance(r, APIRoute)]


@pytest.fixture
def client(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("module", MODULES)
def test_every_201_post_sets_location(module):
    routes = [r for r in _routes(module) if "POST" in r.methods and r.status_code == 201]
    assert routes or module == "configuration", f"{module}: no 201 route found (is the sweep looking?)"
    missing = [r.path for r in routes if "created(" not in inspect.getsource(r.endpoint)]
    assert not missing, f"{module}: 201 without Location on {missing}"


def test_locations_name_the_new_resources(client, admin):
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.modules.organization import api as org

    company = org.create_company(org.CompanyInput(code="LOC", name="Location Ltd."))
    r = client.post(f"/api/v1/organization/companies/{company.id}/units",
                    json={"kind": "branch", "code": "CTG", "name": "Chattogram"})
    assert r.status_code == 201
    assert r.headers["location"] == f"/api/v1/organization/companies/{company.id}/units/{r.json()['id']}"

    item = item_service.create_item(ItemInput(code="CEM-LOC", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
    r = client.post(f"/api/v1/master_data/items/{item.id}/prices",
                    json={"price": "550", "valid_from": "2026-01-01", "unit": "bag"})
    assert r.status_code == 201
    where = urlsplit(r.headers["location"])
    assert where.path == f"/api/v1/master_data/items/{item.id}/price"
    assert parse_qs(where.query) == {"on": ["2026-01-01"], "price_list": ["standard"], "unit": ["bag"]}
    read = client.get(r.headers["location"])  # the Location answers a GET with the price just set
    assert read.status_code == 200 and Decimal(read.json()["price"]) == Decimal("550")
    assert read.json()["valid_from"] == date(2026, 1, 1).isoformat()

    client.post("/api/v1/projects/projects", json={"code": "LOC1", "name": "Location tower"})
    r = client.post("/api/v1/projects/projects/LOC1/activities", json={"code": "A", "duration_hours": 16})
    assert r.status_code == 201 and r.headers["location"] == "/api/v1/projects/projects/LOC1/activities/A"
    moved = client.patch(r.headers["location"], json={"expected_version": r.json()["version"], "name": "Piling"})
    assert moved.status_code == 200 and moved.json()["name"] == "Piling"  # its PATCH answers there


def test_every_location_answers_get(db, admin):
    """Each 201 of the six modules whose Location answered no GET before (units, members, role assignments,
    API keys, recurring entries, activities, relationships, BOQ items, actual costs) now reads the new
    resource back there: GET answers 200 with the same id."""
    import dataclasses

    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.modules.auth import service as auth
    from vextrus.modules.finance import service as finance
    from vextrus.modules.organization import api as org
    from vextrus.platform import context

    owner = auth.create_user(auth.UserInput(email="loc-owner@example.com", name="Owner"), "Padma-river-2026!")
    me = dataclasses.replace(admin, user_id=owner.id)  # an API key belongs to a real user
    company = org.create_company(org.CompanyInput(code="LOCG", name="Location GET Ltd."))
    auth.seed_default_roles(company.id)
    finance.ensure_book("LOCG", "Location GET Ltd.")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: me])
    with context.acting_as(me), TestClient(app) as c:
        c.get("/organization")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        org_api, auth_api = "/api/v1/organization/companies", "/api/v1/auth"
        proj, book = "/api/v1/projects/projects", "/api/v1/finance/books/LOCG"
        assert c.post(proj, json={"code": "LOCG", "name": "Location tower"}).status_code == 201
        posts = [
            (f"{org_api}/{company.id}/units", {"kind": "branch", "code": "DHK", "name": "Dhaka"}),
            (f"{org_api}/{company.id}/units", {"kind": "department", "code": "ACC", "name": "Accounts"}),
            (f"{org_api}/{company.id}/units", {"kind": "cost_centre", "code": "CC1", "name": "Piling"}),
            (f"{org_api}/{company.id}/members", {"user_id": str(owner.id), "title": "Director"}),
            (f"{auth_api}/assignments", {"user_id": str(owner.id), "company_id": str(company.id),
                                         "role_code": "site_engineer"}),
            (f"{auth_api}/api-keys", {"name": "tally", "scopes": ["finance.*.view"]}),
            (f"{book}/recurring", {"name": "Office rent", "start_date": "2026-01-01", "lines": [
                {"account_code": "5220", "debit": "1000"}, {"account_code": "1120", "credit": "1000"}]}),
            (f"{proj}/LOCG/activities", {"code": "A", "duration_hours": 8}),
            (f"{proj}/LOCG/activities", {"code": "B", "duration_hours": 8}),
            (f"{proj}/LOCG/relationships", {"predecessor": "A", "successor": "B"}),
            (f"{proj}/LOCG/boq", {"item_no": "1.01", "description": "Piling", "unit": "m", "quantity": "10",
                                  "rate": "1500"}),
            (f"{proj}/LOCG/costs", {"amount": "2500.50", "cost_date": "2026-01-05", "activity_code": "A"}),
        ]
        for url, body in posts:
            r = c.post(url, json=body)
            assert r.status_code == 201 and r.headers.get("location"), (url, r.text)
            read = c.get(r.headers["location"])
            assert read.status_code == 200, (r.headers["location"], read.text)
            made = r.json()
            ident = made.get("id") or made.get("user_id")
            assert (read.json().get("id") or read.json().get("user_id")) == ident, r.headers["location"]
