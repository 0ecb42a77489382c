"""Material estimates per project activity, returns from an activity and the consumption vs estimate report (issue
17), on both databases: figures worked by hand (330 bags issued, 10 returned, 310 estimated → 3.23 %), an estimate
typed in bags of an item kept in kg, the as-of date leaving later moves out, refusals with nothing stored, a viewer
and another project's store keeper refused, the ledger's project cost after a return; a hypothesis property (net
consumed per project = the sum of its activity rows = issues − returns in the stock ledger)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.api import account_balance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.domain import consumption as rules
from vextrus.modules.inventory.schemas import (
    MaterialEstimateInput,
    MaterialReturnInput,
    MoveInput,
    StoreInput,
)
from vextrus.modules.inventory.service import ACCOUNTS
from vextrus.modules.inventory.tables import MaterialEstimateRow, MoveRow
from vextrus.modules.master_data.schemas import ConversionIn, ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.ids import new_id

DAY = date(2025, 8, 10)


def world(code: str = "PBL"):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    with context.acting_as(replace(context.current(), company_id=c.id)):
        p = projects.create_project(
            f"{code}-RES",
            "Padma Residency",
            name_bn="পদ্মা রেসিডেন্সি",
            start_date="2025-07-01",
            company_id=c.id,
        )
        projects.add_activity(p.id, "A1020", "Ground floor slab casting", 8.0)
        projects.add_activity(p.id, "A1030", "Brickwork", 8.0)
    site = service.create_store(
        StoreInput(company_id=c.id, code="site-1", name="Site store", kind="site", project_id=p.id)
    )
    cem = item_service.create_item(
        ItemInput(code=f"CEM-{code}", name="Cement", name_bn="সিমেন্ট", base_unit="bag")
    )
    rod = item_service.create_item(
        ItemInput(
            code=f"ROD-{code}",
            name="MS rod",
            name_bn="রড",
            base_unit="kg",
            conversions=[ConversionIn(from_unit="ton", to_unit="kg", factor=D(1000))],
        )
    )
    return c, p, site, cem, rod


def mv(c, item, store, kind, qty, cost=None, on=DAY, **kw) -> MoveInput:
    return MoveInput(
        company_id=c.id,
        item_id=item.id,
        kind=kind,
        move_date=on,
        store_id=store.id,
        quantity=D(qty),
        unit_cost=None if cost is None else D(cost),
        **kw,
    )


def est(c, p, item, qty, activity="A1020", **kw) -> MaterialEstimateInput:
    return MaterialEstimateInput(
        company_id=c.id,
        project_id=p.id,
        activity_code=activity,
        item_id=item.id,
        quantity=None if qty is None else D(qty),
        **kw,
    )


def ret(c, p, item, store, qty, activity="A1020", on=DAY) -> MaterialReturnInput:
    return MaterialReturnInput(
        company_id=c.id,
        project_id=p.id,
        activity_code=activity,
        item_id=item.id,
        store_id=store.id,
        quantity=D(qty),
        move_date=on,
    )


def row(report, activity, item) -> object:
    return next(ln for ln in report.lines if ln.activity_code == activity and ln.item_id == item.id)


def test_issue_330_return_10_against_310_is_3_23_percent_over_a_3_percent_tolerance(db, admin):
    c, p, site, cem, _ = world()
    service.post_move(mv(c, cem, site, "receipt", 400, 560))
    service.post_move(mv(c, cem, site, "issue", 330, project_id=p.id, activity_code="A1020"))
    e = service.set_material_estimate(est(c, p, cem, 310), idempotency_key="est-1")
    again = service.set_material_estimate(est(c, p, cem, 310), idempotency_key="est-1")
    assert (e.quantity, e.unit, e.version, again.id) == (D(310), "bag", 1, e.id)
    back = service.return_material(ret(c, p, cem, site, 10), idempotency_key="ret-1")
    assert (back.kind, back.quantity, back.value, back.project_id, back.activity_code) == (
        "adjustment",
        D(10),
        D(5600),
        p.id,
        "A1020",
    )
    r = service.consumption(c.id, p.id, DAY)
    ln = row(r, "A1020", cem)
    # net 330 − 10 = 320; variance 10; (320 − 310) / 310 = 3.2258 % → 3.23 %; value 330 × 560 − 10 × 560
    assert (ln.estimated, ln.issued, ln.returned, ln.net, ln.variance, ln.wastage_pct, ln.value, ln.over) == (
        D(310),
        D(330),
        D(10),
        D(320),
        D(10),
        D("3.23"),
        D(179200),
        True,
    )
    assert r.over_activities == [f"{p.code}/A1020"] and r.total_value == D(179200)
    assert not row(service.consumption(c.id, p.id, DAY, D("3.5")), "A1020", cem).over  # 3.23 ≤ 3.5
    # the ledger: stock back in 1160 (400 − 320 bags × 560), the project's activity cost = the value consumed
    assert account_balance(c.id, ACCOUNTS["inventory"], DAY) == service.valuation(c.id, DAY).total == D(44800)
    with db.session_factory() as s:
        from vextrus.modules.finance.tables import JournalLine

        got = s.execute(
            select(JournalLine.activity_code, func.sum(JournalLine.base_debit - JournalLine.base_credit))
            .where(
                JournalLine.tenant_id == admin.tenant_id,
                JournalLine.project_id == p.id,
                JournalLine.posted.is_(True),
            )
            .group_by(JournalLine.activity_code)
        ).all()
    assert {a: JournalLine.base_debit.type.from_sum(v) for a, v in got} == {"A1020": D(179200)}
    # the project's total of the item, and a second estimate replacing the first (stale version: 409)
    assert [(t.activity_code, t.estimated, t.net, t.wastage_pct) for t in r.totals] == [
        (None, D(310), D(320), D("3.23"))
    ]
    with pytest.raises(DomainError) as stale:
        service.set_material_estimate(est(c, p, cem, 330, expected_version=0))
    assert stale.value.status == 409
    assert service.set_material_estimate(est(c, p, cem, 330, expected_version=1)).version == 2
    assert row(service.consumption(c.id, p.id, DAY), "A1020", cem).wastage_pct == D(
        "-3.03"
    )  # (320 − 330) / 330


def test_an_estimate_in_tons_of_an_item_kept_in_kg_and_the_as_of_date(db, admin):
    c, p, site, _, rod = world()
    e = service.set_material_estimate(est(c, p, rod, "2.5", unit="ton"))
    assert (e.quantity, e.unit, e.entered_quantity, e.entered_unit) == (D(2500), "kg", D("2.5"), "ton")
    service.post_move(mv(c, rod, site, "receipt", 5000, 96))
    service.post_move(mv(c, rod, site, "issue", 2000, project_id=p.id, activity_code="A1020"))
    service.post_move(
        mv(c, rod, site, "issue", 600, on=DAY + timedelta(days=3), project_id=p.id, activity_code="A1020")
    )
    first = row(service.consumption(c.id, p.id, DAY), "A1020", rod)
    later = row(service.consumption(c.id, p.id, DAY + timedelta(days=3)), "A1020", rod)
    assert (first.net, first.wastage_pct, first.value, first.over) == (D(2000), D("-20.00"), D(192000), False)
    assert (later.net, later.wastage_pct, later.value, later.over) == (D(2600), D("4.00"), D(249600), True)
    # an issue to the project with no activity, and an activity issued to without an estimate, are still listed
    service.post_move(mv(c, rod, site, "issue", 100, project_id=p.id))
    service.post_move(mv(c, rod, site, "issue", 50, project_id=p.id, activity_code="A1030"))
    r = service.consumption(c.id, None, DAY)
    assert [(ln.activity_code, ln.estimated, ln.net, ln.wastage_pct, ln.over) for ln in r.lines] == [
        ("", None, D(100), None, False),
        ("A1020", D(2500), D(2000), D("-20.00"), False),
        ("A1030", None, D(50), None, False),
    ]
    assert [(t.estimated, t.net) for t in r.totals] == [(D(2500), D(2150))]


@pytest.mark.parametrize(
    "case",
    [
        "item",
        "project",
        "activity",
        "negative",
        "unit",
        "places",
        "norm_alone",
        "boq_unknown",
        "other_company",
    ],
)
def test_bad_estimates_are_refused_at_their_field_and_nothing_is_stored(db, admin, case):
    c, p, site, cem, rod = world()
    other, *_ = world("OTH")
    data, code, field = {
        "item": (
            est(c, p, cem, 1).model_copy(update={"item_id": new_id()}),
            "inventory.item_unknown",
            "item_id",
        ),
        "project": (
            est(c, p, cem, 1).model_copy(update={"project_id": new_id()}),
            "inventory.project_unknown",
            "project_id",
        ),
        "activity": (est(c, p, cem, 1, activity="Z9999"), "inventory.activity_unknown", "activity_code"),
        "negative": (est(c, p, cem, -5), "inventory.estimate_negative", "quantity"),
        "unit": (est(c, p, cem, 5, unit="m3"), "inventory.unit_not_convertible", "unit"),
        "places": (est(c, p, cem, "1.0000001"), "inventory.quantity_places", "quantity"),
        "norm_alone": (est(c, p, cem, 5, norm=D("8.5")), "inventory.norm_without_boq", "norm"),
        "boq_unknown": (
            est(c, p, cem, None, contract_id=new_id(), contract_item_id=new_id(), norm=D("8.5")),
            "inventory.contract_unknown",
            "contract_id",
        ),
        "other_company": (
            est(c, p, cem, 1).model_copy(update={"company_id": other.id}),
            "inventory.project_unknown",
            "project_id",
        ),
    }[case]
    with pytest.raises(DomainError) as e:
        service.set_material_estimate(data)
    assert (e.value.code, e.value.field) == (code, field)
    assert e.value.message and e.value.message_bn and e.value.message != e.value.message_bn
    with db.session_factory() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(MaterialEstimateRow)
                .where(MaterialEstimateRow.tenant_id == admin.tenant_id)
            )
            == 0
        )


def test_a_return_beyond_what_the_activity_holds_is_refused_and_nothing_is_stored(db, admin):
    c, p, site, cem, _ = world()
    service.post_move(mv(c, cem, site, "receipt", 100, 500))
    service.post_move(mv(c, cem, site, "issue", 20, project_id=p.id, activity_code="A1020"))
    service.return_material(ret(c, p, cem, site, 5))
    with pytest.raises(DomainError) as e:
        service.return_material(ret(c, p, cem, site, 16))  # 20 − 5 = 15 left at the activity
    assert (e.value.code, e.value.field, e.value.details["held"]) == (
        "inventory.return_exceeds_issued",
        "quantity",
        "15",
    )
    assert "১৫" in e.value.message_bn and "16" not in e.value.message_bn
    with pytest.raises(DomainError) as early:
        service.return_material(
            ret(c, p, cem, site, 1, on=DAY - timedelta(days=1))
        )  # nothing issued yet then
    assert early.value.code == "inventory.return_exceeds_issued"
    service.return_material(
        ret(c, p, cem, site, 15, on=DAY + timedelta(days=4))
    )  # all 15 back four days later
    with pytest.raises(DomainError) as before_it:  # on day 1 there are 15, but day 4's return needs them all
        service.return_material(ret(c, p, cem, site, 1, on=DAY + timedelta(days=1)))
    assert (before_it.value.code, before_it.value.details["held"]) == ("inventory.return_exceeds_issued", "0")
    with db.session_factory() as s:
        assert (
            s.scalar(select(func.count()).select_from(MoveRow).where(MoveRow.tenant_id == admin.tenant_id))
            == 4
        )


def test_a_viewer_may_read_the_report_but_not_write_an_estimate(db, admin):
    c, p, site, cem, _ = world()
    viewer = replace(
        admin, permissions=frozenset({"inventory.stock.view", "projects.project.read"}), company_id=c.id
    )
    with context.acting_as(viewer):
        assert service.consumption(c.id, None, DAY).lines == []
        with pytest.raises(PermissionDenied):
            service.set_material_estimate(est(c, p, cem, 10))
        with pytest.raises(PermissionDenied):
            service.return_material(ret(c, p, cem, site, 1))


def test_a_store_keeper_of_another_project_is_refused_and_does_not_see_it(db, admin, tenant_id):
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions

    c, p, site, cem, _ = world()
    with context.acting_as(replace(admin, company_id=c.id)):
        q = projects.create_project("PBL-OTHER", "Other tower", company_id=c.id)
        service.set_material_estimate(est(c, p, cem, 10))
        auth.seed_default_roles(c.id)
        u = auth.create_user(
            auth.UserInput(email=f"sk@t{tenant_id.hex[-10:]}.example.com", name="Store keeper"),
            "Rod&Cement-2025",
            c.id,
            [],
        )
        auth.assign_role(u.id, c.id, "store_keeper", "project", q.id)
    with context.acting_as(sessions.context_for(u.id, tenant_id, company_id=c.id)):
        with pytest.raises(DomainError) as e:
            service.set_material_estimate(est(c, p, cem, 20))
        assert (e.value.status, e.value.field) == (403, "project_id")
        assert (
            service.list_material_estimates(c.id) == [] and service.consumption(c.id, None, DAY).lines == []
        )
        with pytest.raises(DomainError) as hidden:
            service.consumption(c.id, p.id, DAY)
        assert hidden.value.status == 404
    assert [x.quantity for x in service.list_material_estimates(c.id)] == [D(10)]


def test_wastage_rule():
    assert rules.wastage(D(320), D(310)) == D("3.23")
    assert rules.wastage(D(5), None) is None and rules.wastage(D(5), D(0)) is None
    assert rules.is_over(None, D(3), D(5), D(0)) and not rules.is_over(None, D(3), D(0), D(0))
    assert rules.from_norm(D("37.6"), D("8.5")) == D("319.6")
    with pytest.raises(DomainError):
        rules.check_tolerance(D(101))


def fresh_tenant(db) -> context.RequestContext:
    from vextrus.platform.tables import Tenant

    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Meghna Builders Ltd.", is_demo=False))
    return context.RequestContext(
        tenant_id=tid,
        user_id=new_id(),
        permissions=frozenset({"*"}),
        roles=frozenset({"owner"}),
        actor="admin2@test",
    )


MOVES = st.lists(
    st.tuples(
        st.sampled_from(["issue", "return"]),
        st.sampled_from(["A1020", "A1030", None]),
        st.integers(1, 40),
        st.integers(0, 4),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=MOVES)
@example(moves=[("issue", "A1020", 10, 0), ("return", "A1020", 10, 4), ("return", "A1020", 5, 1)])  # found by it
def test_net_consumed_per_project_is_the_sum_of_its_activity_rows_and_issues_less_returns(db, admin, moves):
    with context.acting_as(fresh_tenant(db)):
        c, p, site, cem, _ = world()
        service.post_move(mv(c, cem, site, "receipt", 1000, "512.5"))
        for kind, activity, qty, day in moves:
            on = DAY + timedelta(days=day)
            try:
                if kind == "issue":
                    service.post_move(
                        mv(c, cem, site, "issue", qty, on=on, project_id=p.id, activity_code=activity)
                    )
                elif activity is not None:
                    service.return_material(ret(c, p, cem, site, qty, activity=activity, on=on))
            except DomainError as exc:
                assert exc.code == "inventory.return_exceeds_issued"
        for on in (DAY + timedelta(days=1), DAY + timedelta(days=4)):
            r = service.consumption(c.id, p.id, on)
            ledger = [m for m in service.item_ledger(c.id, cem.id, on) if m.project_id == p.id]
            issued = sum((m.quantity for m in ledger if m.kind == "issue"), D(0))
            returned = sum((m.quantity for m in ledger if m.kind == "adjustment"), D(0))
            total = sum((t.net for t in r.totals), D(0))
            assert total == sum((ln.net for ln in r.lines), D(0)) == issued - returned
            assert r.total_value == -sum((m.value for m in ledger), D(0))
            assert all(ln.net >= 0 for ln in r.lines if ln.activity_code)


def test_an_estimate_from_a_contract_boq_line_times_a_norm(db, admin):
    """37.6 m³ of 1:2:4 concrete on the client contract × 8.5 bags a m³ = 319.6 bags; the line and norm kept; a
    line of another project's contract is refused."""
    from vextrus.modules.contracts import service as contracts
    from vextrus.modules.contracts.schemas import ContractInput
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import PartyInput

    c, p, site, cem, _ = world()
    client = master_data.create_party(
        PartyInput(legal_name="Meghna Housing Ltd.", legal_name_bn="মেঘনা হাউজিং", roles=["customer"])
    )
    projects.add_boq_item(p.id, "2.01", "RCC 1:2:4 in ground floor slab", "m3", "37.6", "12500.00")
    k = contracts.create_contract(
        ContractInput(
            company_id=c.id,
            project_id=p.id,
            client_party_id=client.id,
            code="PBL/C-01",
            title="Slab",
            contract_date=DAY,
        )
    )
    line = k.items[0]
    e = service.set_material_estimate(
        est(c, p, cem, None, contract_id=k.id, contract_item_id=line.id, norm=D("8.5"))
    )
    assert (e.quantity, e.unit, e.boq_item_no, e.boq_quantity, e.boq_unit, e.norm) == (
        D("319.6"),
        "bag",
        "2.01",
        D("37.6"),
        "m3",
        D("8.5"),
    )
    with context.acting_as(replace(context.current(), company_id=c.id)):
        q = projects.create_project("PBL-OTHER", "Other tower", company_id=c.id)
        projects.add_activity(q.id, "A1020", "Slab", 8.0)
    with pytest.raises(DomainError) as other:
        service.set_material_estimate(
            est(c, q, cem, None, contract_id=k.id, contract_item_id=line.id, norm=D("8.5"))
        )
    assert (other.value.code, other.value.field) == ("inventory.contract_other_project", "contract_id")
    with pytest.raises(DomainError) as both:
        service.set_material_estimate(
            est(c, p, cem, 5, contract_id=k.id, contract_item_id=line.id, norm=D("8.5"))
        )
    assert (both.value.code, both.value.field) == ("inventory.estimate_quantity_and_boq", "quantity")
    with pytest.raises(DomainError) as no_norm:
        service.set_material_estimate(est(c, p, cem, None, contract_id=k.id, contract_item_id=line.id))
    assert (no_norm.value.code, no_norm.value.field) == ("inventory.norm_missing", "norm")
