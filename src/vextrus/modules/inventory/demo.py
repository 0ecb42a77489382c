"""Demo rows of inventory for the demo company (issue 17: a new user's inventory pages are not empty): the central
warehouse at Tejgaon and the site store of the demo building (PADMA-RES); opening receipts priced per unit (cement
and rod at the warehouse, bricks and sand delivered to the site), two transfers to the site dispatched and received,
a slip of the site's issues to the building's activities, a third transfer still on the road, and reorder levels
under which the site's cement and bricks are suggested for purchase. Everything goes through the service (slips,
transfers, levels), so the receipts and issues post their journals (Dr 1160 / Cr 2115 GRNI; Dr 5110 project cost
with its activity / Cr 1160) and the valuation equals the ledger's 1160. Dated in the weeks before today (finance's
demo opens every fiscal year up to today; the months up to December 2025 are closed). Loaded once: a demo company
that already has a store is left alone."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from uuid import UUID

from vextrus.platform import clock, context, runtime

from . import service
from .schemas import (
    MoveLineInput,
    MovesInput,
    ReorderLevelInput,
    StoreInput,
    TransferInput,
    TransferReceiveInput,
)

PROJECT = "PADMA-RES"
CENTRAL = ("CW-TEJGAON", "Central warehouse, Tejgaon", "কেন্দ্রীয় গুদাম, তেজগাঁও")
SITE = ("SITE-PADMA", "Padma Residency site store", "পদ্মা রেসিডেন্সি সাইট গুদাম")
# item code: (store, quantity, unit cost BDT) received at the opening
OPENING = {"CEM-OPC-50": ("cw", "1000", "560"), "ROD-60G-10": ("cw", "20000", "96"),
           "BRICK-1ST": ("site", "50000", "13"), "SAND-SYLHET": ("site", "3000", "65")}
# item code: (quantity issued at the site, the building's activity it went to)
ISSUES = {"CEM-OPC-50": ("330", "N03PI"), "ROD-60G-10": ("5200", "F08SR"), "BRICK-1ST": ("42000", "N04BI"),
          "SAND-SYLHET": ("1800", "N03PI")}
# item code: (activity, estimated quantity, unit typed) — the planned quantities of the issues' activities: cement
# typed in kg (15,500 kg = 310 bags), rod in tons; with the 10 bags returned, cement is 3.23 % over its estimate
ESTIMATES = {"CEM-OPC-50": ("N03PI", "15500", "kg"), "ROD-60G-10": ("F08SR", "5.1", "ton"),
             "BRICK-1ST": ("N04BI", "40000", "piece"), "SAND-SYLHET": ("N03PI", "1750", "cft")}
RETURNED = ("CEM-OPC-50", "10")  # unused cement back from the plaster work to the site store
# (store, item code, reorder point, reorder quantity, maximum)
LEVELS = (("site", "CEM-OPC-50", "300", "300", None), ("site", "BRICK-1ST", "10000", "30000", "40000"),
          ("cw", "ROD-60G-10", "5000", "10000", None), ("cw", "CEM-OPC-50", "300", "500", None))


def _items() -> dict[str, UUID]:
    from vextrus.modules.master_data import api as master_data

    from . import MODULE

    with context.calling_as(MODULE):
        found = {i.code: i.id for code in OPENING for i in master_data.search_items(code, limit=5)}
    return {code: found[code] for code in OPENING if code in found}


def _project() -> tuple[UUID | None, frozenset[str]]:
    """The demo building and its activity codes (an issue names one the project has: finance refuses another)."""
    if "projects" not in runtime.current().registry.names:
        return None, frozenset()
    from vextrus.modules.projects import api as projects

    p = projects.project_by_code(PROJECT)
    return (p.id, frozenset(a.code for a in projects.activities_of(p.id))) if p else (None, frozenset())


def load(tenant_id: UUID) -> None:
    from vextrus.modules.organization import api as organization

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        company = organization.demo_company()
        if company is None or service.list_stores(company.id):
            return
        items = _items()
        if len(items) < len(OPENING):
            return
        build(company.id, items, *_project(), clock.today())


def build(cid: UUID, items: dict[str, UUID], project_id: UUID | None, activities: frozenset[str], today: date) -> None:
    """The demo's stores, moves, transfers and levels, dated back from `today`."""
    d0 = max(today - timedelta(days=40), date(today.year, 1, 2))
    day = lambda n: min(d0 + timedelta(days=n), today)  # noqa: E731
    cw = service.create_store(StoreInput(company_id=cid, code=CENTRAL[0], name=CENTRAL[1], name_bn=CENTRAL[2],
                                         kind="central"))
    site = service.create_store(StoreInput(company_id=cid, code=SITE[0], name=SITE[1], name_bn=SITE[2], kind="site",
                                           project_id=project_id))
    store = {"cw": cw.id, "site": site.id}
    service.post_moves(MovesInput(company_id=cid, move_date=d0, reference="OPEN-STOCK", memo="Opening stock", lines=[
        MoveLineInput(item_id=items[code], kind="receipt", store_id=store[s], quantity=D(q), unit_cost=D(cost))
        for code, (s, q, cost) in OPENING.items()]))
    for code, qty, received in (("CEM-OPC-50", "400", 6), ("ROD-60G-10", "6000", 7)):
        tr = service.dispatch_transfer(TransferInput(company_id=cid, item_id=items[code], from_store_id=cw.id,
                                                     to_store_id=site.id, quantity=D(qty), dispatch_date=day(5),
                                                     memo="Truck to the site"))
        service.receive_transfer(tr.id, TransferReceiveInput(receive_date=day(received), expected_version=tr.version))
    if project_id is not None:
        service.post_moves(MovesInput(company_id=cid, move_date=day(10), reference="ISS-PADMA-1",
                                      memo="Site issue slip", lines=[
            MoveLineInput(item_id=items[code], kind="issue", store_id=site.id, quantity=D(q), project_id=project_id,
                          activity_code=activity if activity in activities else None)
            for code, (q, activity) in ISSUES.items()]))
        _estimates(cid, items, project_id, activities, site.id, day(12))
    service.dispatch_transfer(TransferInput(company_id=cid, item_id=items["CEM-OPC-50"], from_store_id=cw.id,
                                            to_store_id=site.id, quantity=D(200), dispatch_date=day(38),
                                            memo="Truck to the site"))
    for s, code, point, qty, most in LEVELS:
        service.set_reorder_level(ReorderLevelInput(company_id=cid, store_id=store[s], item_id=items[code],
                                                    reorder_point=D(point), reorder_quantity=D(qty),
                                                    max_quantity=D(most) if most else None))


def _estimates(cid: UUID, items: dict[str, UUID], project_id: UUID, activities: frozenset[str], site_id: UUID,
               on: date) -> None:
    """Material estimates of the issues' activities and a return from one of them (consumption vs estimate)."""
    from vextrus.platform.errors import DomainError

    from .schemas import MaterialEstimateInput, MaterialReturnInput

    for code, (activity, qty, unit) in ESTIMATES.items():
        if activity not in activities:
            continue
        try:  # an item of the tenant's own without the unit's conversion: that estimate is left out
            service.set_material_estimate(MaterialEstimateInput(
                company_id=cid, project_id=project_id, activity_code=activity, item_id=items[code], quantity=D(qty),
                unit=unit, note="Demo: planned quantity"))
        except DomainError:
            continue
    code, qty = RETURNED
    activity = ISSUES[code][1]
    if activity in activities:
        service.return_material(MaterialReturnInput(company_id=cid, project_id=project_id, activity_code=activity,
                                                    item_id=items[code], store_id=site_id, quantity=D(qty),
                                                    move_date=on, memo="Unused cement back from plastering"))
