"""Transfers with an in-transit state (issue 17) on both databases: a dispatch takes the stock out of the source
store at once into the company's in-transit store (valuation unchanged and equal to the ledger's 1160), a receive
puts it into the destination; the refusals (receive before the dispatch, twice, same store, beyond stock, no
permission) store nothing; a property over random dispatch/receive sequences; REST, GraphQL and the page in
English and Bangla."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.app import create_app
from vextrus.modules.finance import service as finance
from vextrus.modules.finance.api import account_balance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.schemas import MoveInput, StoreInput, TransferInput, TransferReceiveInput
from vextrus.modules.inventory.service import ACCOUNTS
from vextrus.modules.inventory.tables import MoveRow, TransferRow
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed

DAY = date(2025, 8, 10)
CODES = itertools.count(1)


def setup(code: str = "PBL"):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    cw = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse",
                                         name_bn="কেন্দ্রীয় গুদাম", kind="central"))
    site = service.create_store(StoreInput(company_id=c.id, code="site-1", name="Site store Purbachal",
                                           name_bn="সাইট গুদাম পূর্বাচল", kind="site"))
    cem = item_service.create_item(ItemInput(code=f"CEM-{code}", name="Portland composite cement",
                                             name_bn="সিমেন্ট", base_unit="bag"))
    return c, cw, site, cem


def receipt(c, item, store, qty, cost, on=DAY):
    return service.post_move(MoveInput(company_id=c.id, item_id=item.id, kind="receipt", move_date=on,
                                       store_id=store.id, quantity=D(qty), unit_cost=D(cost)))


def dispatch(c, item, src, dst, qty, on=DAY, **kw):
    return service.dispatch_transfer(TransferInput(company_id=c.id, item_id=item.id, from_store_id=src.id,
                                                   to_store_id=dst.id, quantity=D(qty), dispatch_date=on), **kw)


def stock(c, on=None):
    return {s.store_code: (s.quantity, s.value) for s in service.stock_on_hand(c.id, on)}


def test_dispatch_then_receive_moves_the_stock_through_transit_and_keeps_the_valuation(db, admin):
    c, cw, site, cem = setup()
    receipt(c, cem, cw, 100, 520)
    receipt(c, cem, cw, 50, 550)  # ৳530 a bag on average, ৳79,500
    t = dispatch(c, cem, cw, site, 40, idempotency_key="tr-1")
    assert dispatch(c, cem, cw, site, 40, idempotency_key="tr-1").id == t.id  # replayed, not dispatched twice
    assert (t.number, t.status, t.value, t.quantity) == ("TR-00001", "dispatched", D(21200), D(40))
    assert t.dispatched_by == admin.user_id and t.receive_date is None
    assert stock(c) == {"CW": (D(110), D(58300)), "~IN-TRANSIT": (D(40), D(21200))}
    assert [x.id for x in service.list_transfers(c.id, "dispatched")] == [t.id]
    assert service.valuation(c.id, DAY).total == D(79500) == account_balance(c.id, ACCOUNTS["inventory"], DAY)
    later = DAY + timedelta(days=3)
    r = service.receive_transfer(t.id, TransferReceiveInput(receive_date=later))
    assert (r.status, r.receive_date, r.received_by) == ("received", later, admin.user_id)
    assert stock(c, later) == {"CW": (D(110), D(58300)), "SITE-1": (D(40), D(21200))}
    assert stock(c, DAY) == {"CW": (D(110), D(58300)), "~IN-TRANSIT": (D(40), D(21200))}  # on the road that day
    assert service.list_transfers(c.id, "dispatched") == []
    assert service.valuation(c.id, later).total == D(79500) == account_balance(c.id, ACCOUNTS["inventory"], later)
    with db.session_factory() as s:  # two transfer moves, no journal
        assert s.scalars(select(MoveRow.entry_id).where(MoveRow.id.in_([r.dispatch_move_id, r.receive_move_id]))
                         ).all() == [None, None]


def test_refusals_name_the_field_in_english_and_bangla_and_store_nothing(db, admin, tenant_id):
    c, cw, site, cem = setup()
    receipt(c, cem, cw, 10, 500)
    cases = [(dict(dst=cw), "inventory.transfer_same_store", "to_store_id"),
             (dict(qty=11), "inventory.negative_stock", "quantity"),
             (dict(qty=0), "inventory.quantity_invalid", "quantity")]
    for kw, code, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            dispatch(c, cem, cw, kw.get("dst", site), kw.get("qty", 5))
        assert (refused.value.code, refused.value.field) == (code, field)
        assert refused.value.message_bn and refused.value.message_bn != refused.value.message
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(TransferRow)) == 0
        assert s.scalar(select(func.count()).select_from(MoveRow).where(MoveRow.company_id == c.id)) == 1
    t = dispatch(c, cem, cw, site, 5, on=DAY)
    with pytest.raises(ValidationFailed) as refused:
        service.receive_transfer(t.id, TransferReceiveInput(receive_date=DAY - timedelta(days=1)))
    assert (refused.value.code, refused.value.field) == ("inventory.receive_before_dispatch", "receive_date")
    transit = next(s for s in service.list_stores(c.id) if s.kind == "transit")
    with pytest.raises(ValidationFailed) as refused:  # the in-transit store is not moved by hand
        service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="issue", move_date=DAY,
                                    store_id=transit.id, quantity=D(1)))
    assert (refused.value.code, refused.value.field) == ("inventory.transit_store", "store_id")
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=admin.user_id,
                                    permissions=frozenset({"inventory.stock.view"}), actor="viewer@test")
    with context.acting_as(viewer), pytest.raises(PermissionDenied):
        service.receive_transfer(t.id, TransferReceiveInput(receive_date=DAY))
    with context.acting_as(viewer), pytest.raises(PermissionDenied):
        dispatch(c, cem, cw, site, 1)
    service.receive_transfer(t.id, TransferReceiveInput(receive_date=DAY))  # the same day is allowed
    with pytest.raises(Conflict) as twice:
        service.receive_transfer(t.id, TransferReceiveInput(receive_date=DAY))
    assert (twice.value.status, twice.value.code, twice.value.field) == (409, "inventory.transfer_received",
                                                                         "transfer_id")
    assert stock(c) == {"CW": (D(5), D(2500)), "SITE-1": (D(5), D(2500))}


def test_the_immediate_transfer_move_still_works(db, admin):
    c, cw, site, cem = setup()
    receipt(c, cem, cw, 10, 500)
    service.post_move(MoveInput(company_id=c.id, item_id=cem.id, kind="transfer", move_date=DAY, store_id=cw.id,
                                to_store_id=site.id, quantity=D(4)))
    assert stock(c) == {"CW": (D(6), D(3000)), "SITE-1": (D(4), D(2000))}


# any sequence of dispatches and receives keeps the company's valuation and the ledger's 1160 constant and every
# store's quantity non-negative (a refused dispatch — beyond the source's stock — stores nothing)
STEP = st.one_of(st.tuples(st.just("dispatch"), st.integers(0, 2), st.integers(0, 2), st.integers(1, 60),
                           st.integers(0, 4)),
                 st.tuples(st.just("receive"), st.integers(0, 9), st.integers(0, 4)))


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_property_dispatch_and_receive_keep_the_valuation(db, admin, steps):
    c, cw, site, cem = setup(f"P{next(CODES)}")
    site2 = service.create_store(StoreInput(company_id=c.id, code="site-2", name="Site store Gazipur", kind="site"))
    stores = [cw, site, site2]
    receipt(c, cem, cw, 60, "512.50")
    receipt(c, cem, site, 30, "498.75")
    end = DAY + timedelta(days=10)
    total = service.valuation(c.id, end).total
    open_: list = []
    for step in steps:
        if step[0] == "dispatch":
            _, a, b, q, d = step
            if a == b:
                continue
            try:
                open_.append(dispatch(c, cem, stores[a], stores[b], q, on=DAY + timedelta(days=d)))
            except ValidationFailed as exc:
                assert exc.code == "inventory.negative_stock"
        elif open_:
            t = open_.pop(step[1] % len(open_))
            service.receive_transfer(t.id, TransferReceiveInput(receive_date=t.dispatch_date + timedelta(days=step[2])))
        for on in (DAY, DAY + timedelta(days=3), end):
            assert all(q >= 0 for q, _ in stock(c, on).values())
    assert service.valuation(c.id, end).total == total == account_balance(c.id, ACCOUNTS["inventory"], end)
    assert sum(q for q, _ in stock(c, end).values()) == D(90)


@pytest.fixture
def web(db, admin):
    c, cw, site, cem = setup()
    receipt(c, cem, cw, 100, 500)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: replace(admin)])
    with TestClient(app) as client:
        client.get("/inventory")
        client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
        yield client, c, cw, site, cem


def test_rest_and_graphql_dispatch_and_receive(web):
    client, c, cw, site, cem = web
    body = {"company_id": str(c.id), "item_id": str(cem.id), "from_store_id": str(cw.id), "to_store_id": str(site.id),
            "quantity": "30", "dispatch_date": "2025-08-10"}
    r1 = client.post("/api/v1/inventory/transfers", json=body, headers={"Idempotency-Key": "t-1"})
    r2 = client.post("/api/v1/inventory/transfers", json=body, headers={"Idempotency-Key": "t-1"})
    assert (r1.status_code, r2.json()["id"], r1.json()["status"]) == (201, r1.json()["id"], "dispatched")
    bad = client.post("/api/v1/inventory/transfers", json={**body, "quantity": "500"})
    assert (bad.status_code, bad.json()["field"], bad.json()["code"]) == (422, "quantity", "inventory.negative_stock")
    tid = r1.json()["id"]
    early = client.post(f"/api/v1/inventory/transfers/{tid}/receive", json={"receive_date": "2025-08-09"})
    assert (early.status_code, early.json()["field"]) == (422, "receive_date")
    ok = client.post(f"/api/v1/inventory/transfers/{tid}/receive", json={"receive_date": "2025-08-12"},
                     headers={"Idempotency-Key": "rc-1"})
    assert ok.status_code == 200 and ok.json()["status"] == "received"
    again = client.post(f"/api/v1/inventory/transfers/{tid}/receive", json={"receive_date": "2025-08-12"},
                        headers={"Idempotency-Key": "rc-1"})
    assert again.status_code == 200  # the same key replays the answer
    twice = client.post(f"/api/v1/inventory/transfers/{tid}/receive", json={"receive_date": "2025-08-12"})
    assert (twice.status_code, twice.json()["code"]) == (409, "inventory.transfer_received")
    assert client.get("/api/v1/inventory/transfers", params={"company_id": str(c.id)}).json()[0]["number"] == "TR-00001"
    q = """mutation($t: InventoryTransferInput!) { dispatchInventoryTransfer(transfer: $t, idempotencyKey: "g-1")
           { id number status } }"""
    g = client.post("/graphql", json={"query": q, "variables": {"t": {
        "companyId": str(c.id), "itemId": str(cem.id), "fromStoreId": str(cw.id), "toStoreId": str(site.id),
        "quantity": "5", "dispatchDate": "2025-08-11"}}}).json()
    assert g["data"]["dispatchInventoryTransfer"]["number"] == "TR-00002", g
    gid = g["data"]["dispatchInventoryTransfer"]["id"]
    q = """mutation($id: ID!) { receiveInventoryTransfer(transferId: $id, receiveDate: "2025-08-10") { status } }"""
    g = client.post("/graphql", json={"query": q, "variables": {"id": gid}}).json()
    assert g["errors"][0]["extensions"]["field"] == "receive_date", g
    q = """query($c: ID!) { inventoryTransfers(companyId: $c, status: "dispatched") { number quantity } }"""
    g = client.post("/graphql", json={"query": q, "variables": {"c": str(c.id)}}).json()
    assert [t["number"] for t in g["data"]["inventoryTransfers"]] == ["TR-00002"], g


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_page_dispatches_lists_in_transit_and_receives(web, lang):
    client, c, cw, site, cem = web
    client.cookies.set("vx_lang", lang)
    form = {"csrf_token": client.headers["X-CSRF-Token"], "company_id": str(c.id), "kind": "transfer",
            "item_id": str(cem.id), "store_id": str(cw.id), "to_store_id": str(site.id), "move_date": "2025-08-10",
            "quantity": "12"}
    bad = client.post("/inventory/moves", data={**form, "quantity": "500"})  # beyond the stock: at the field
    assert bad.status_code == 422 and ("পরিমাণ:" if lang == "bn" else "Quantity:") in bad.text
    assert lang == "en" or "quantity" not in bad.text.split('id="move-form"')[0].split('class="error"')[-1]
    r = client.post("/inventory/moves", data=form, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/inventory?company={c.id}").text
    assert 'id="in-transit"' in page
    if lang == "bn":
        assert "পরিবহনে" in page and "১২" in page and "IN-TRANSIT" not in page and "Receive" not in page
        assert "গ্রহণ করুন" in page
    else:
        assert "In transit" in page and "Receive" in page
    t = service.list_transfers(c.id, "dispatched")[0]
    r = client.post(f"/inventory/transfers/{t.id}/receive", data={"csrf_token": client.headers["X-CSRF-Token"],
                                                                   "company_id": str(c.id),
                                                                   "receive_date": "2025-08-01"})
    assert r.status_code == 422
    assert ("পাঠানোর" if lang == "bn" else "dispatched") in r.text and 'id="err-receive-' in r.text
    r = client.post(f"/inventory/transfers/{t.id}/receive", data={"csrf_token": client.headers["X-CSRF-Token"],
                                                                   "company_id": str(c.id),
                                                                   "receive_date": "2025-08-11"},
                    follow_redirects=False)
    assert r.status_code == 303 and service.get_transfer(t.id).status == "received"
    r = client.post(f"/inventory/transfers/{t.id}/receive", data={"csrf_token": client.headers["X-CSRF-Token"],
                                                                   "company_id": str(c.id),
                                                                   "receive_date": "2025-08-11"})
    assert r.status_code == 409
    bad = client.post(f"/inventory/transfers/{t.id}/receive", data={"company_id": str(c.id),
                                                                     "receive_date": "2025-08-11"},
                      headers={"X-CSRF-Token": ""})
    assert bad.status_code == 403  # no CSRF token


def test_the_site_store_keeper_receives_at_their_site_only(db, admin, tenant_id):
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.projects import service as projects
    from vextrus.platform.errors import DomainError

    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    boss = replace(admin, company_id=c.id)
    with context.acting_as(boss):
        finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
        finance.open_fiscal_year("PBL", "2025-26")
        pa = projects.create_project("PA", "Tower A", company_id=c.id)
        pb = projects.create_project("PB", "Tower B", company_id=c.id)
        cw = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse", kind="central"))
        sa = service.create_store(StoreInput(company_id=c.id, code="site-a", name="Site A", kind="site",
                                             project_id=pa.id))
        sb = service.create_store(StoreInput(company_id=c.id, code="site-b", name="Site B", kind="site",
                                             project_id=pb.id))
        cem = item_service.create_item(ItemInput(code="CEM", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
        receipt(c, cem, cw, 100, 500)
        to_a, to_b = dispatch(c, cem, cw, sa, 10), dispatch(c, cem, cw, sb, 10)
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=f"sk@t{tenant_id.hex[-10:]}.example.com", name="Store keeper"),
                             "Rod&Cement-2025", c.id, [])
        auth.assign_role(u.id, c.id, "store_keeper", "project", pa.id)
    with context.acting_as(sessions.context_for(u.id, tenant_id, company_id=c.id)):
        assert [t.number for t in service.list_transfers(c.id, "dispatched")] == [to_a.number]
        got = service.receive_transfer(to_a.id, TransferReceiveInput(receive_date=DAY))
        assert (got.status, got.received_by) == ("received", u.id)
        with pytest.raises(DomainError) as refused:  # another project's transfer: not said to exist
            service.receive_transfer(to_b.id, TransferReceiveInput(receive_date=DAY))
        assert refused.value.status == 404
    with context.acting_as(boss):
        assert service.get_transfer(to_b.id).status == "dispatched"
        assert stock(c) == {"CW": (D(80), D(40000)), "SITE-A": (D(10), D(5000)), "~IN-TRANSIT": (D(10), D(5000))}
