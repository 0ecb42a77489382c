"""A role assigned for one project reaches that project's site store only (issue 17, after issue 12's projects): a
store keeper assigned for project A sees store SA (A's), its stock, moves and valuation, not SB (B's) nor the central
warehouse (the whole company's); B's store and moves answer 404, a move from B's store or an issue to project B
is refused with 403 naming the field (en/bn), nothing stored; over the service, REST and the pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.schemas import MoveInput, StoreInput
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.platform import context
from vextrus.platform.errors import DomainError

PW = "Rod&Cement-2025"
DAY = date(2025, 8, 10)


@pytest.fixture
def two(db, admin, tenant_id):
    from vextrus.modules.projects import service as projects

    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    boss = replace(admin, company_id=c.id)
    with context.acting_as(boss):
        finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
        finance.open_fiscal_year("PBL", "2025-26")
        pa = projects.create_project("PA", "Tower A", company_id=c.id)
        pb = projects.create_project("PB", "Tower B", company_id=c.id)
        cw = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse", kind="central"))
        sa = service.create_store(StoreInput(company_id=c.id, code="site-a", name="Site store A", kind="site",
                                             project_id=pa.id))
        sb = service.create_store(StoreInput(company_id=c.id, code="site-b", name="Site store B", kind="site",
                                             project_id=pb.id))
        cem = item_service.create_item(ItemInput(code="CEM", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
        moves = {s.name: service.post_move(_move(c.id, cem.id, s.id, "receipt", q, 500))
                 for s, q in ((cw, 300), (sa, 100), (sb, 40))}
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=f"sk@t{tenant_id.hex[-10:]}.example.com", name="Store keeper"), PW,
                             c.id, [])
        auth.assign_role(u.id, c.id, "store_keeper", "project", pa.id)
    ctx = sessions.context_for(u.id, tenant_id, company_id=c.id)
    return dict(c=c, pa=pa, pb=pb, cw=cw, sa=sa, sb=sb, cem=cem, moves=moves, ctx=ctx, boss=boss)


def _move(company_id, item_id, store_id, kind, qty, cost=None, **kw) -> MoveInput:
    return MoveInput(company_id=company_id, item_id=item_id, kind=kind, move_date=DAY, store_id=store_id,
                     quantity=D(qty), unit_cost=None if cost is None else D(cost), **kw)


def test_the_store_keeper_of_project_a_sees_and_moves_stock_of_a_only(two):
    c, ctx, cem, sa, sb, cw = two["c"], two["ctx"], two["cem"], two["sa"], two["sb"], two["cw"]
    with context.acting_as(ctx):
        assert [s.id for s in service.list_stores(c.id)] == [sa.id]
        assert [(ln.store_id, ln.quantity) for ln in service.stock_on_hand(c.id)] == [(sa.id, D(100))]
        assert [m.store_id for m in service.item_ledger(c.id, cem.id)] == [sa.id]
        v = service.valuation(c.id, DAY)
        assert (v.total, [ln.quantity for ln in v.lines]) == (D(50000), [D(100)])
        assert service.get_store(sa.id).project_id == two["pa"].id
        for call in (lambda: service.get_store(sb.id), lambda: service.get_store(cw.id),
                     lambda: service.get_move(two["moves"]["Site store B"].id)):
            with pytest.raises(DomainError) as e:
                call()
            assert e.value.status == 404
        issued = service.post_move(_move(c.id, cem.id, sa.id, "issue", 10, project_id=two["pa"].id))
        assert issued.quantity == D(10)
        for data, field in ((_move(c.id, cem.id, sb.id, "issue", 5), "store_id"),
                            (_move(c.id, cem.id, sa.id, "issue", 5, project_id=two["pb"].id), "project_id"),
                            (_move(c.id, cem.id, sa.id, "transfer", 5, to_store_id=sb.id), "to_store_id"),
                            (StoreInput(company_id=c.id, code="site-b2", name="B two", kind="site",
                                        project_id=two["pb"].id), "project_id"),
                            (StoreInput(company_id=c.id, code="cw2", name="Another central"), "project_id")):
            with pytest.raises(DomainError) as e:
                (service.create_store if isinstance(data, StoreInput) else service.post_move)(data)
            assert (e.value.status, e.value.code, e.value.field) == (403, "out_of_scope", field)
    with context.acting_as(two["boss"]):  # nothing stored: B's store still holds its 40 bags, no third store
        stock = {ln.store_id: ln.quantity for ln in service.stock_on_hand(c.id)}
        assert stock == {cw.id: D(300), sa.id: D(90), sb.id: D(40)}
        assert len(service.list_stores(c.id)) == 3
        assert service.valuation(c.id, DAY).total == D(215000)


def test_the_same_role_held_for_the_whole_company_reaches_every_store(two, tenant_id):
    c = two["c"]
    with context.acting_as(two["boss"]):
        u = auth.create_user(auth.UserInput(email=f"sk2@t{tenant_id.hex[-10:]}.example.com", name="SK two"), PW,
                             c.id, [])
        auth.assign_role(u.id, c.id, "store_keeper", "project", two["pa"].id)
        auth.assign_role(u.id, c.id, "store_keeper")
    with context.acting_as(sessions.context_for(u.id, tenant_id, company_id=c.id)):
        assert len(service.list_stores(c.id)) == 3
        assert service.get_move(two["moves"]["Site store B"].id).quantity == D(40)


def test_over_rest_and_the_pages(db, two):
    c, ctx, sa, sb = two["c"], two["ctx"], two["sa"], two["sb"]
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])
    with TestClient(app) as client:
        client.get("/inventory")
        client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
        api = "/api/v1/inventory"
        assert [s["id"] for s in client.get(f"{api}/stores?company_id={c.id}").json()] == [str(sa.id)]
        assert client.get(f"{api}/stores/{sa.id}").status_code == 200
        assert client.get(f"{api}/stores/{sb.id}").status_code == 404
        assert client.get(f"{api}/moves/{two['moves']['Site store B'].id}").status_code == 404
        assert {ln["store_id"] for ln in client.get(f"{api}/stock?company_id={c.id}").json()} == {str(sa.id)}
        r = client.post(f"{api}/moves", json={"company_id": str(c.id), "item_id": str(two["cem"].id), "kind": "issue",
                                               "move_date": "2025-08-10", "store_id": str(sb.id), "quantity": "5"})
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (403, "out_of_scope", "store_id")
        for lang in ("en", "bn"):
            page = client.get(f"/inventory?company={c.id}", headers={"Accept-Language": lang},
                              cookies={"vx_lang": lang})
            assert page.status_code == 200
            assert "Site store A" in page.text and "Site store B" not in page.text
            assert "Central warehouse" not in page.text
