"""Reorder levels, suggestions and the draft requisition made of them, the slow-moving report (issue 17), on both
databases: suggestions appear and disappear as stock moves; the requisition's lines are the suggestions chosen;
refusals name the field with nothing stored; the report against figures worked by hand; a hypothesis property of
the suggestion rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.domain.reorder import suggest
from vextrus.modules.inventory.schemas import MoveInput, ReorderLevelInput, StoreInput
from vextrus.modules.inventory.tables import ReorderLevelRow
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.procurement import service as procurement
from vextrus.modules.procurement.schemas import RequisitionFromSuggestionsInput
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied

DAY = date(2025, 8, 10)


def setup():
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    p = projects.create_project("PADMA-RES", "Padma Residency", name_bn="পদ্মা রেসিডেন্সি", start_date="2025-07-01",
                                company_id=c.id)
    cw = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse", kind="central"))
    site = service.create_store(StoreInput(company_id=c.id, code="site-1", name="Site store", kind="site",
                                           project_id=p.id))
    cem = item_service.create_item(ItemInput(code="CEM", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
    rod = item_service.create_item(ItemInput(code="ROD", name="MS rod", name_bn="রড", base_unit="kg"))
    return c, p, cw, site, cem, rod


def mv(c, item, store, kind, qty, cost=None, on=DAY, **kw) -> MoveInput:
    return MoveInput(company_id=c.id, item_id=item.id, kind=kind, move_date=on, store_id=store.id, quantity=D(qty),
                     unit_cost=None if cost is None else D(cost), **kw)


def level(c, store, item, point, qty, top=None, **kw) -> ReorderLevelInput:
    return ReorderLevelInput(company_id=c.id, store_id=store.id, item_id=item.id, reorder_point=D(point),
                             reorder_quantity=D(qty), max_quantity=None if top is None else D(top), **kw)


def suggested(c, on=DAY) -> dict:
    return {(s.store_code, s.item_code): (s.on_hand, s.suggested_quantity) for s in service.reorder_suggestions(c.id, None, on)}


def test_suggestions_appear_and_disappear_as_stock_moves(db, admin):
    c, p, cw, site, cem, rod = setup()
    v = service.set_reorder_level(level(c, site, cem, 50, 200))
    service.set_reorder_level(level(c, cw, rod, "1000.5", 500, 3000))
    assert (v.store_code, v.item_code, v.unit, v.version) == ("SITE-1", "CEM", "bag", 1)
    # nothing on hand: both at or below their point; rod up to its maximum (3000 − 0)
    assert suggested(c) == {("SITE-1", "CEM"): (0, 200), ("CW", "ROD"): (0, 3000)}
    service.post_move(mv(c, cem, cw, "receipt", 300, 500))
    service.post_move(mv(c, cem, cw, "transfer", 100, to_store_id=site.id))
    service.post_move(mv(c, rod, cw, "receipt", 1200, 90))
    assert suggested(c) == {}  # 100 bags > 50 at the site, 1,200 kg > 1,000.5 in the warehouse
    service.post_move(mv(c, cem, site, "issue", 50, project_id=p.id, on=DAY + timedelta(days=1)))
    service.post_move(mv(c, rod, cw, "issue", "199.5", on=DAY + timedelta(days=1)))
    # 50 bags left = the point: suggested again (R = 200); rod 1,000.5 = its point: up to 3,000 → 1,999.5
    assert suggested(c, DAY + timedelta(days=1)) == {("SITE-1", "CEM"): (50, 200), ("CW", "ROD"): (D("1000.5"), D("1999.5"))}
    assert suggested(c, DAY) == {}  # as of the day before the issues
    assert suggested(c, None) == suggested(c, DAY + timedelta(days=1))  # as of today
    # a level raised past the stock: R is raised so that stock + suggestion reaches the point (50 + 250 = 300)
    again = service.set_reorder_level(level(c, site, cem, 300, 200, expected_version=1))
    assert again.version == 2 and suggested(c, None)[("SITE-1", "CEM")] == (50, 250)
    assert [(x.store_code, x.item_code) for x in service.list_reorder_levels(c.id)] == [("CW", "ROD"), ("SITE-1", "CEM")]
    with pytest.raises(DomainError) as e:
        service.set_reorder_level(level(c, site, cem, 1, 1, expected_version=1))
    assert e.value.status == 409


def test_chosen_suggestions_become_a_draft_requisition_of_the_site_store(db, admin):
    c, p, cw, site, cem, rod = setup()
    service.set_reorder_level(level(c, site, cem, 50, 200))
    service.set_reorder_level(level(c, site, rod, 500, 1000, 2500))
    service.post_move(mv(c, rod, cw, "receipt", 1000, 90))
    service.post_move(mv(c, rod, cw, "transfer", 400, to_store_id=site.id))
    on = date(2025, 8, 20)
    req = procurement.create_requisition_from_suggestions(
        RequisitionFromSuggestionsInput(company_id=c.id, store_id=site.id, item_ids=[rod.id, cem.id], requested_on=on),
        idempotency_key="pr-sugg-1")
    assert (req.status, req.store_id, req.project_id, req.requested_on) == ("draft", site.id, p.id, on)
    assert [(ln.item_code, ln.quantity, ln.unit, ln.needed_by) for ln in req.lines] == [
        ("ROD", D(2100), "kg", on + timedelta(days=7)), ("CEM", D(200), "bag", on + timedelta(days=7))]
    again = procurement.create_requisition_from_suggestions(
        RequisitionFromSuggestionsInput(company_id=c.id, store_id=site.id, item_ids=[rod.id, cem.id], requested_on=on),
        idempotency_key="pr-sugg-1")
    assert again.id == req.id and procurement.list_requisitions(c.id).items == [req]


@pytest.mark.parametrize("case", ["central", "not_suggested", "repeated", "none"])
def test_a_requisition_from_suggestions_is_refused_clearly_and_nothing_is_stored(db, admin, case):
    c, p, cw, site, cem, rod = setup()
    service.set_reorder_level(level(c, site, cem, 50, 200))
    service.set_reorder_level(level(c, cw, cem, 50, 200))
    service.set_reorder_level(level(c, site, rod, 10, 100))
    service.post_move(mv(c, rod, cw, "receipt", 100, 90))
    service.post_move(mv(c, rod, cw, "transfer", 100, to_store_id=site.id))  # 100 > 10: rod not suggested
    store, items, code, field = {
        "central": (cw, [cem.id], "procurement.store_without_project", "store_id"),
        "not_suggested": (site, [cem.id, rod.id], "procurement.not_suggested", "item_ids[1]"),
        "repeated": (site, [cem.id, cem.id], "procurement.suggestion_repeated", "item_ids[1]"),
        "none": (site, [], "procurement.suggestions_none", "item_ids")}[case]
    with pytest.raises(DomainError) as e:
        procurement.create_requisition_from_suggestions(RequisitionFromSuggestionsInput(
            company_id=c.id, store_id=store.id, item_ids=items, requested_on=DAY))
    assert (e.value.status, e.value.code, e.value.field) == (422, code, field)
    assert e.value.message and e.value.message_bn and e.value.message != e.value.message_bn
    assert procurement.list_requisitions(c.id).items == []


@pytest.mark.parametrize("bad,code,field", [
    ({"reorder_point": D(-1)}, "inventory.reorder_point_negative", "reorder_point"),
    ({"reorder_quantity": D(0)}, "inventory.reorder_quantity_not_positive", "reorder_quantity"),
    ({"max_quantity": D(40)}, "inventory.reorder_max_below_point", "max_quantity"),
    ({"reorder_point": D("1.0000001")}, "inventory.quantity_places", "reorder_point"),
    ({"item_id": "unknown"}, "inventory.item_unknown", "item_id"),
    ({"store_id": "unknown"}, "inventory.store_unknown", "store_id"),
])
def test_bad_levels_are_refused_naming_the_field_and_nothing_is_stored(db, admin, bad, code, field):
    from uuid import uuid4

    c, p, cw, site, cem, rod = setup()
    data = level(c, site, cem, 50, 200).model_copy(update={k: (uuid4() if v == "unknown" else v) for k, v in bad.items()})
    with pytest.raises(DomainError) as e:
        service.set_reorder_level(data)
    assert (e.value.status, e.value.code, e.value.field) == (422, code, field)
    assert e.value.message and e.value.message_bn
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(ReorderLevelRow).where(ReorderLevelRow.company_id == c.id)) == 0


def test_without_the_store_permission_a_level_is_refused(db, admin, tenant_id):
    c, p, cw, site, cem, rod = setup()
    clerk = context.RequestContext(tenant_id=tenant_id, user_id=admin.user_id,
                                   permissions=frozenset({"inventory.stock.view", "inventory.move.post"}),
                                   actor="storekeeper@test")
    with context.acting_as(clerk):
        with pytest.raises(PermissionDenied) as e:
            service.set_reorder_level(level(c, site, cem, 50, 200))
        assert e.value.status == 403 and service.list_reorder_levels(c.id) == []


def test_slow_moving_report_against_figures_by_hand(db, admin):
    c, p, cw, site, cem, rod = setup()
    service.post_move(mv(c, cem, cw, "receipt", 100, 500, on=date(2025, 7, 1)))
    service.post_move(mv(c, cem, cw, "issue", 10, on=date(2025, 7, 5)))
    service.post_move(mv(c, rod, cw, "receipt", 1000, 90, on=date(2025, 8, 1)))
    service.post_move(mv(c, rod, cw, "issue", 100, on=date(2025, 10, 20)))
    service.post_move(mv(c, rod, cw, "transfer", 200, to_store_id=site.id, on=date(2025, 10, 25)))
    service.post_move(mv(c, rod, cw, "receipt", 10, 90, on=date(2025, 12, 1)))  # after the report's date
    on = date(2025, 11, 10)
    r = service.slow_moving(c.id, on)
    got = [(ln.store_code, ln.item_code, ln.last_issue, ln.days_since_issue, ln.last_movement,
            ln.days_since_movement, ln.quantity, ln.value) for ln in r.lines]
    # cement: 90 bags × ৳500, last issued 5 July = 128 days before 10 Nov; rod at the site: never issued, in on
    # 25 Oct (16 days), 200 kg × ৳90; rod in the warehouse issued 20 Oct (21 days < 90): not listed
    assert got == [("CW", "CEM", date(2025, 7, 5), 128, date(2025, 7, 5), 128, D(90), D(45000)),
                   ("SITE-1", "ROD", None, None, date(2025, 10, 25), 16, D(200), D(18000))]
    assert r.total_value == D(63000) and r.days == 90
    short = service.slow_moving(c.id, on, days=21)  # 21 days since the rod's issue: now slow too
    assert [(ln.store_code, ln.item_code, ln.quantity, ln.value) for ln in short.lines] == [
        ("CW", "CEM", D(90), D(45000)), ("CW", "ROD", D(700), D(63000)), ("SITE-1", "ROD", D(200), D(18000))]
    assert [ln.item_code for ln in service.slow_moving(c.id, on, days=22).lines] == ["CEM", "ROD"]
    with pytest.raises(DomainError) as e:
        service.slow_moving(c.id, on, days=0)
    assert (e.value.code, e.value.field) == ("inventory.slow_days_range", "days")


@given(on_hand=st.decimals(min_value=0, max_value=10**6, places=3),
       point=st.decimals(min_value=0, max_value=10**6, places=3),
       qty=st.decimals(min_value=D("0.001"), max_value=10**6, places=3),
       extra=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=3)))
def test_a_suggestion_is_never_negative_and_brings_the_stock_back_to_the_point(on_hand, point, qty, extra):
    top = None if extra is None else point + extra
    s = suggest(on_hand, point, qty, top)
    if on_hand > point:
        assert s is None
    elif s is None:
        assert top is not None and on_hand == point == top
    else:
        assert s > 0 and on_hand + s >= point
        assert (on_hand + s == top) if top is not None else s >= qty


def test_a_removed_level_suggests_nothing_more(db, admin, tenant_id):
    from uuid import uuid4

    c, p, cw, site, cem, rod = setup()
    v = service.set_reorder_level(level(c, site, cem, 50, 200))
    service.set_reorder_level(level(c, site, rod, 50, 200))
    with pytest.raises(DomainError) as e:
        service.remove_reorder_level(v.id, expected_version=7)
    assert e.value.status == 409
    with pytest.raises(DomainError) as e:
        service.remove_reorder_level(uuid4())
    assert e.value.status == 404
    clerk = context.RequestContext(tenant_id=tenant_id, user_id=admin.user_id,
                                   permissions=frozenset({"inventory.stock.view"}), actor="viewer@test")
    with context.acting_as(clerk), pytest.raises(PermissionDenied):
        service.remove_reorder_level(v.id)
    assert service.remove_reorder_level(v.id, expected_version=1).item_code == "CEM"
    assert suggested(c) == {("SITE-1", "ROD"): (0, 200)}
    assert [x.item_code for x in service.list_reorder_levels(c.id)] == ["ROD"]


def test_stock_on_the_road_to_a_store_counts_and_an_inactive_store_suggests_nothing(db, admin):
    """A truck already dispatched to the site is not bought again: the suggestion counts it (`in_transit`) from
    its dispatch date until the day it is received; a deactivated store's levels suggest nothing."""
    from vextrus.modules.inventory.schemas import StoreUpdateInput, TransferInput, TransferReceiveInput

    c, p, cw, site, cem, rod = setup()
    service.set_reorder_level(level(c, site, cem, 100, 300))
    service.post_move(mv(c, cem, cw, "receipt", 500, 500))
    assert suggested(c) == {("SITE-1", "CEM"): (0, 300)}
    tr = service.dispatch_transfer(TransferInput(company_id=c.id, item_id=cem.id, from_store_id=cw.id,
                                                 to_store_id=site.id, quantity=D(80), dispatch_date=DAY))
    # 0 on hand + 80 on the road ≤ 100: still short, but the suggestion shows the truck
    [s] = service.reorder_suggestions(c.id, None, DAY)
    assert (s.on_hand, s.in_transit, s.suggested_quantity) == (0, 80, 300)
    more = service.dispatch_transfer(TransferInput(company_id=c.id, item_id=cem.id, from_store_id=cw.id,
                                                   to_store_id=site.id, quantity=D(40), dispatch_date=DAY))
    assert suggested(c) == {}  # 120 on the road > 100
    assert suggested(c, DAY - timedelta(days=1)) == {("SITE-1", "CEM"): (0, 300)}  # before the trucks left
    later = DAY + timedelta(days=2)
    service.receive_transfer(tr.id, TransferReceiveInput(receive_date=later, expected_version=tr.version))
    [s] = [x for x in service.reorder_suggestions(c.id, None, later + timedelta(days=1))] or [None]
    assert s is None  # 80 on hand + 40 on the road
    service.receive_transfer(more.id, TransferReceiveInput(receive_date=later, expected_version=more.version))
    service.post_move(mv(c, cem, site, "issue", 120, project_id=p.id, on=later))
    service.set_reorder_level(level(c, cw, rod, 10, 20))
    assert suggested(c, later) == {("SITE-1", "CEM"): (0, 300), ("CW", "ROD"): (0, 20)}
    site_now = service.get_store(site.id)
    service.update_store(site.id, StoreUpdateInput(active=False, expected_version=site_now.version))
    assert suggested(c, later) == {("CW", "ROD"): (0, 20)}
