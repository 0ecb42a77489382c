"""Stock slips (many moves in one unit of work) on both databases: the same stock, values to the poisha, running
totals and ledger balances as the same lines posted one by one with `post_move` in another tenant (a hypothesis
property, backdated lines included); one journal a date; one event naming every move; a line that would take stock below
zero refuses the slip naming the line, with nothing stored; the permission of a single move."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.api import account_balance
from vextrus.modules.finance.tables import JournalEntry
from vextrus.modules.inventory import service
from vextrus.modules.inventory.events import MovePosted, SlipPosted
from vextrus.modules.inventory.schemas import MoveInput, MoveLineInput, MovesInput, StoreInput
from vextrus.modules.inventory.service import ACCOUNTS
from vextrus.modules.inventory.tables import MoveRow
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent, Tenant

SEQ = itertools.count(1)
DAY = date(2025, 8, 15)
ACTS = ("A-100", None)


def setup(code: str):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    cw = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse", kind="central"))
    site = service.create_store(StoreInput(company_id=c.id, code="site-1", name="Site store", kind="site"))
    items = [item_service.create_item(ItemInput(code=f"{k}-{code}", name=k, name_bn=k, base_unit="bag")) for k in ("CEM", "ROD")]
    with context.acting_as(replace(context.current(), company_id=c.id)):
        proj = projects.create_project(f"PT-{code}", "Purbachal tower")
        projects.add_activity(proj.id, "A-100", "Slab", 8.0)
    return c, {"CW": cw, "SITE-1": site, "project": proj}, items


def other_tenant(db) -> context.RequestContext:
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Meghna Builders Ltd.", is_demo=False))
    return context.RequestContext(tenant_id=tid, user_id=new_id(), permissions=frozenset({"*"}),
                                  roles=frozenset({"owner"}), actor="admin2@test")


def line(items, stores, kind, item, store, qty, cost=None, **kw) -> MoveLineInput:
    to = kw.pop("to", None)
    return MoveLineInput(item_id=items[item].id, kind=kind, store_id=stores[store].id, quantity=D(qty),
                         unit_cost=None if cost is None else D(cost), to_store_id=stores[to].id if to else None, **kw)


def test_a_days_slip_posts_one_journal_and_one_event_naming_its_moves(db, admin):
    c, stores, items = setup("PBL")
    proj = stores["project"].id
    service.post_move(MoveInput(company_id=c.id, item_id=items[0].id, kind="receipt", move_date=date(2025, 8, 1),
                                store_id=stores["CW"].id, quantity=D(100), unit_cost=D(520)))
    slip = MovesInput(company_id=c.id, move_date=DAY, reference="IS-0042", memo="Purbachal slab", lines=[
        line(items, stores, "receipt", 0, "CW", 50, 550),
        line(items, stores, "issue", 0, "CW", 60, project_id=proj, activity_code="A-100"),  # at ৳530 a bag
        line(items, stores, "receipt", 1, "CW", 1000, "92.5"),
        line(items, stores, "transfer", 1, "CW", 400, to="SITE-1"),
        line(items, stores, "issue", 1, "SITE-1", 150, project_id=proj),
    ])
    out = service.post_moves(slip, idempotency_key="slip-42")
    again = service.post_moves(slip, idempotency_key="slip-42")
    assert again.moves == out.moves and out.count == 5 and out.reference == "IS-0042"
    assert [m.value for m in out.moves] == [D(27500), D(-31800), D(92500), D(0), D("-13875")]
    assert [m.seq for m in out.moves] == [2, 3, 1, 2, 3]
    (entry_id,) = out.entry_ids
    assert {m.entry_id for m in out.moves if m.kind != "transfer"} == {entry_id}
    entry = finance.get_entry("PBL", entry_id)
    assert entry.reference == "IS-0042" and len(entry.lines) == 8  # each move's own two lines
    assert {(ln.account_code, ln.debit, ln.activity_code) for ln in entry.lines if ln.debit and ln.account_code ==
            ACCOUNTS["cost"]} == {(ACCOUNTS["cost"], D(31800), "A-100"), (ACCOUNTS["cost"], D(13875), None)}
    total = D(52000 + 27500 - 31800 + 92500 - 13875)
    assert service.valuation(c.id, DAY).total == total == account_balance(c.id, ACCOUNTS["inventory"], DAY)
    stock = {(s.store_code, s.item_code): (s.quantity, s.value) for s in service.stock_on_hand(c.id, DAY)}
    assert stock == {("CW", "CEM-PBL"): (D(90), D(47700)), ("CW", "ROD-PBL"): (D(600), D(55500)),
                     ("SITE-1", "ROD-PBL"): (D(250), D(23125))}
    with db.session_factory() as s:
        events = list(s.scalars(select(OutboxEvent).where(OutboxEvent.tenant_id == admin.tenant_id,
                                                          OutboxEvent.name.in_([MovePosted.name, SlipPosted.name]))))
    assert sorted(e.name for e in events) == [MovePosted.name, SlipPosted.name]  # the single move's, the slip's
    (slip_event,) = [e.payload for e in events if e.name == SlipPosted.name]
    assert slip_event["move_ids"] == [str(m.id) for m in out.moves] and slip_event["count"] == 5
    assert D(slip_event["value"]) == total - 52000 and slip_event["reference"] == "IS-0042"


def test_a_line_below_zero_refuses_the_slip_naming_the_line_and_nothing_is_stored(db, admin):
    c, stores, items = setup("PBL")
    service.post_move(MoveInput(company_id=c.id, item_id=items[0].id, kind="receipt", move_date=DAY,
                                store_id=stores["CW"].id, quantity=D(10), unit_cost=D(500)))
    bad = MovesInput(company_id=c.id, move_date=DAY, lines=[
        line(items, stores, "receipt", 1, "CW", 5, 90), line(items, stores, "issue", 0, "CW", 6),
        line(items, stores, "issue", 0, "CW", 5)])  # 10 - 6 = 4 left: the third line asks 5
    with pytest.raises(ValidationFailed) as refused:
        service.post_moves(bad)
    err = refused.value
    assert (err.code, err.field, D(err.details["on_hand"])) == ("inventory.negative_stock", "lines[2].quantity", D(4))
    assert "মজুদে আছে মাত্র ৪" in err.message_bn and "Only 4 in stock" in err.message
    backdated = bad.model_copy(update={"lines": [line(items, stores, "issue", 0, "CW", 7, move_date=date(2025, 8, 1))]})
    with pytest.raises(ValidationFailed) as refused:  # the item's path line by line: its refusal names the line too
        service.post_moves(backdated)
    assert (refused.value.code, refused.value.field) == ("inventory.negative_stock", "lines[0].quantity")
    for lines, field in (([], "lines"), ([line(items, stores, "receipt", 0, "CW", 1)], "lines[0].unit_cost"),
                         ([line(items, stores, "receipt", 0, "CW", 1, 1, project_id=new_id())], "lines[0].project_id"),
                         ([line(items, stores, "receipt", 0, "CW", 1, 1),  # the items are read in one query
                           line(items, stores, "receipt", 0, "CW", 1, 1).model_copy(update={"item_id": new_id()})],
                          "lines[1].item_id"),
                         ([line(items, stores, "receipt", 0, "CW", 1, 1),  # the stores in one statement
                           line(items, stores, "receipt", 1, "CW", 1, 1).model_copy(update={"store_id": new_id()})],
                          "lines[1].store_id")):
        with pytest.raises(ValidationFailed) as refused:
            service.post_moves(bad.model_copy(update={"lines": lines}))
        assert refused.value.field == field and refused.value.message_bn != refused.value.message
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(MoveRow).where(MoveRow.company_id == c.id)) == 1
        assert s.scalar(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.tenant_id == admin.tenant_id)) == 1


def test_a_viewer_cannot_post_a_slip(db, admin, tenant_id):
    c, stores, items = setup("PBL")
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=admin.user_id,
                                    permissions=frozenset({"inventory.stock.view"}), actor="viewer@test")
    with context.acting_as(viewer), pytest.raises(PermissionDenied):
        service.post_moves(MovesInput(company_id=c.id, move_date=DAY,
                                      lines=[line(items, stores, "receipt", 0, "CW", 1, 1)]))


kinds = st.sampled_from(["receipt", "receipt", "issue", "issue", "transfer", "adjustment"])
steps = st.lists(st.tuples(kinds, st.integers(0, 1), st.booleans(), st.integers(1, 40), st.integers(0, 500),
                           st.integers(-1, 6)), min_size=1, max_size=14)


def _as_line(items, stores, step) -> MoveLineInput:
    kind, item, at_site, qty, cost, day = step
    src, dst = ("SITE-1", "CW") if at_site else ("CW", "SITE-1")
    on = None if day < 0 else date(2025, 8, 10 + day)  # the slip's date (the 15th) or its own: before or after
    if kind == "receipt":
        return line(items, stores, kind, item, src, qty, D(cost) / 4, move_date=on)
    if kind == "adjustment":  # a count: more (at a price or at the average) or less
        signed = qty if cost % 3 else -qty
        return line(items, stores, kind, item, src, signed, D(cost) / 4 if cost % 2 and signed > 0 else None,
                    move_date=on)
    extra = {"to": dst} if kind == "transfer" else ({"project_id": stores["project"].id, "activity_code": ACTS[cost % 2]}
                                                    if kind == "issue" else {})
    return line(items, stores, kind, item, src, max(1, qty // 4), move_date=on, **extra)


def _state(c, stores, items):
    code = {s.id: k for k, s in stores.items()}
    rows = {i.code.split("-")[0]: [(m.move_date, m.kind, code[m.store_id], code.get(m.to_store_id), m.quantity,
                                    m.value, m.quantity_after, m.value_after, m.project_id is not None,
                                    m.activity_code)
                                   for m in service.item_ledger(c.id, i.id)] for i in items}
    stock = [(code[s.store_id], s.item_code.split("-")[0], s.quantity, s.value) for s in service.stock_on_hand(c.id)]
    tb = {ln.account_code: (ln.closing_debit, ln.closing_credit) for ln in finance.trial_balance(c.code).lines}
    by_date = [(service.valuation(c.id, date(2025, 8, d)).total, account_balance(c.id, ACCOUNTS["inventory"],
                                                                                   date(2025, 8, d))) for d in (9, 14, 15, 17)]
    return rows, stock, tb, by_date


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(history=steps, slip=steps)
@example(history=[("receipt", 0, False, 10, 400, 0), ("issue", 0, False, 12, 0, 5)],  # an issue on the 15th
         slip=[("receipt", 0, False, 10, 480, 2), ("issue", 0, False, 8, 1, -1), ("transfer", 1, False, 4, 0, 6)])
def test_a_slip_equals_its_lines_posted_one_by_one_in_another_tenant(db, admin, history, slip):
    """History posted in both tenants one move at a time; then the slip's lines (the refused ones left out) one
    by one in tenant B and as one slip in tenant A: every row's values and running totals, stock by store,
    the trial balance and valuation = ledger on several dates are the same."""
    code = f"S{next(SEQ)}"
    a = setup(code)
    b_ctx = other_tenant(db)
    with context.acting_as(b_ctx):
        b = setup(code)
    for step in history:
        for ctx, (c, stores, items) in ((admin, a), (b_ctx, b)):
            ln = _as_line(items, stores, step)
            with context.acting_as(ctx):
                try:
                    service.post_move(MoveInput(company_id=c.id, **{**ln.model_dump(), "move_date": ln.move_date or DAY}))
                except ValidationFailed as exc:
                    assert exc.code == "inventory.negative_stock"
    kept = []
    with context.acting_as(b_ctx):
        c, stores, items = b
        for k, step in enumerate(slip):
            ln = _as_line(items, stores, step)
            try:
                service.post_move(MoveInput(company_id=c.id, **{**ln.model_dump(), "move_date": ln.move_date or DAY}))
                kept.append(k)
            except ValidationFailed as exc:
                assert exc.code == "inventory.negative_stock"
        theirs = _state(c, stores, items)
    c, stores, items = a
    if kept:
        out = service.post_moves(MovesInput(company_id=c.id, move_date=DAY, reference="IS-1",
                                            lines=[_as_line(items, stores, slip[k]) for k in kept]))
        assert out.count == len(kept)
    mine = _state(c, stores, items)
    for k in mine[0]:
        for n, (x, y) in enumerate(zip(mine[0][k], theirs[0][k], strict=True)):
            assert x == y, f"{k} row {n}: {x} != {y}"
    assert mine == theirs


@pytest.fixture
def client(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    c, stores, items = setup("PBL")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as tc:
        tc.get("/inventory")
        tc.headers["X-CSRF-Token"] = tc.cookies.get("vx_csrf") or ""
        yield tc, c, stores, items


def test_rest_and_graphql_post_a_slip_with_an_idempotency_key_and_name_a_refused_line(client):
    tc, c, stores, items = client
    body = {"company_id": str(c.id), "move_date": "2025-08-15", "reference": "GRN-7", "lines": [
        {"item_id": str(items[0].id), "kind": "receipt", "store_id": str(stores["CW"].id), "quantity": "100",
         "unit_cost": "520"},
        {"item_id": str(items[0].id), "kind": "issue", "store_id": str(stores["CW"].id), "quantity": "30",
         "project_id": str(stores["project"].id), "activity_code": "A-100"}]}
    r1 = tc.post("/api/v1/inventory/slips", json=body, headers={"Idempotency-Key": "slip-7"})
    r2 = tc.post("/api/v1/inventory/slips", json=body, headers={"Idempotency-Key": "slip-7"})
    assert (r1.status_code, r1.json()["count"], r2.json()["moves"]) == (201, 2, r1.json()["moves"])
    assert [D(m["value"]) for m in r1.json()["moves"]] == [D(52000), D(-15600)]
    bad = {**body, "lines": [{**body["lines"][1], "quantity": "71"}]}
    err = tc.post("/api/v1/inventory/slips", json=bad).json()
    assert (err["code"], err["field"]) == ("inventory.negative_stock", "lines[0].quantity") and err["message_bn"]
    m = ('mutation($s: InventorySlipInput!) { postInventorySlip(slip: $s, idempotencyKey: "g-1") '
         '{ count reference moves { kind value quantityAfter } } }')
    line = {"itemId": str(items[1].id), "kind": "receipt", "storeId": str(stores["SITE-1"].id), "quantity": "10",
            "unitCost": "92.5"}
    slip = {"companyId": str(c.id), "moveDate": "2025-08-16", "lines": [line, {**line, "quantity": "5"}]}
    out = tc.post("/graphql", json={"query": m, "variables": {"s": slip}}).json()
    assert out["data"]["postInventorySlip"]["count"] == 2
    assert [D(x["value"]) for x in out["data"]["postInventorySlip"]["moves"]] == [D(925), D("462.5")]
    slip["lines"][1] = {**line, "kind": "issue", "quantity": "99", "unitCost": None}
    slip["moveDate"] = "2025-08-17"
    err = tc.post("/graphql", json={"query": m.replace("g-1", "g-2"), "variables": {"s": slip}}).json()["errors"][0]
    assert (err["extensions"]["code"], err["extensions"]["field"]) == ("inventory.negative_stock", "lines[1].quantity")
    stock = tc.post("/graphql", json={"query": f'{{ inventoryStock(companyId: "{c.id}") {{ storeCode quantity }} }}'})
    assert {(s["storeCode"], D(s["quantity"])) for s in stock.json()["data"]["inventoryStock"]} == {
        ("CW", D(70)), ("SITE-1", D(15))}


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_slip_page_posts_its_filled_rows_and_names_a_refused_row(client, lang):
    tc, c, stores, items = client
    tc.cookies.set("vx_lang", lang)
    page = tc.get(f"/inventory/slip?company={c.id}&rows=3")
    assert page.status_code == 200 and page.text.count('name="quantity"') == 3
    assert ("মজুদ স্লিপ" if lang == "bn" else "Stock slip") in page.text
    assert 'id="new-slip"' in tc.get(f"/inventory?company={c.id}").text

    def form(rows):
        cols = {k: [] for k in ("kind", "item_id", "store_id", "to_store_id", "quantity", "unit_cost", "project_id",
                                "activity_code", "memo")}
        for r in rows:
            for k in cols:
                cols[k].append(r.get(k, ""))
        return {"csrf_token": tc.headers["X-CSRF-Token"], "company_id": str(c.id), "move_date": "2025-08-15",
                "reference": "IS-9", **cols}

    cw = str(stores["CW"].id)
    rows = [{"kind": "receipt", "item_id": str(items[0].id), "store_id": cw, "quantity": "১০", "unit_cost": "500"},
            {"kind": "issue", "item_id": str(items[0].id), "store_id": cw},  # no quantity: left out
            {"kind": "issue", "item_id": str(items[0].id), "store_id": cw, "quantity": "4"}]
    ok = tc.post("/inventory/slips", data=form(rows), follow_redirects=False)
    assert ok.status_code == 303
    assert [(s.quantity, s.value) for s in service.stock_on_hand(c.id)] == [(D(6), D(3000))]
    rows[2]["quantity"] = "17"  # 6 + 10 received on the slip: 16
    bad = tc.post("/inventory/slips", data=form(rows))
    assert bad.status_code == 422
    assert ("সারি ৩: মজুদে আছে মাত্র ১৬" if lang == "bn" else "Row 3: Only 16 in stock") in bad.text
    assert [(s.quantity, s.value) for s in service.stock_on_hand(c.id)] == [(D(6), D(3000))]
