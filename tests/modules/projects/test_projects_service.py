"""Projects service on both databases: projects, activities, scheduling stored per activity,
holidays that move the dates, loops reported by activity code, baselines, BOQ, costs, EVM."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from vextrus.modules.projects import service
from vextrus.modules.projects.service import costs
from vextrus.modules.projects.tables import Activity, Relationship
from vextrus.platform import context, runtime
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied, StaleVersion, ValidationFailed
from vextrus.platform.tables import OutboxEvent
from vextrus.platform.uow import unit_of_work

DD = datetime(2026, 1, 3, 8)  # Saturday; the SITE calendar works Sat-Thu 08-12, 13-17


def _small(code: str = "P1") -> None:
    service.create_project(code, "Small house", contract_value="1500000.00", start_date=date(2026, 1, 3),
                           data_date=DD, site_district_code="BD-13")
    service.add_wbs(code, "1", "Structure")
    service.add_activity(code, "A", "Excavation", 16, wbs_code="1")
    service.add_activity(code, "B", "Blinding", 8, wbs_code="1")
    service.add_activity(code, "C", "Footings", 24, wbs_code="1")
    service.add_relationship(code, "A", "B", "FS")
    service.add_relationship(code, "A", "C", "SS", 8)


def _by_code(rows):
    return {a.code: a for a in rows}


def test_schedule_stores_dates_and_floats_per_activity(db, admin):
    _small()
    s = service.schedule_project("P1")
    # A: Sat 3 08:00 .. Sun 4 17:00 (16 h). B: Mon 5 08-17. C starts 8 working hours after A's start
    # (Sat 3 17:00, i.e. Sun 4 08:00) and needs 24 h: Sun, Mon, Tue -> Tue 6 17:00 = project finish.
    assert s.scheduled and s.project_finish == datetime(2026, 1, 6, 17)
    acts = _by_code(service.list_activities("P1"))
    assert acts["B"].early_start == datetime(2026, 1, 5, 8) and acts["B"].early_finish == datetime(2026, 1, 5, 17)
    assert acts["B"].total_float_hours == 8.0 and not acts["B"].critical  # may finish by Tue 17:00
    assert acts["C"].critical and acts["C"].total_float_hours == 0.0
    assert acts["C"].early_start == datetime(2026, 1, 4, 8) and acts["C"].late_finish == datetime(2026, 1, 6, 17)
    assert {i.kind for i in s.issues} >= {"open_finish"}
    assert "C" in s.critical_path


def test_a_public_holiday_moves_the_schedule(db, admin):
    _small()
    service.set_holiday(date(2026, 1, 5), "Test holiday", "পরীক্ষা")
    s = service.schedule_project("P1")
    # Mon 5 is now off: B runs Tue 6; C: Sun 4, Tue 6, Wed 7 -> Wed 7 17:00
    assert s.project_finish == datetime(2026, 1, 7, 17)
    assert _by_code(service.list_activities("P1"))["B"].early_start == datetime(2026, 1, 6, 8)


def test_seeded_bangladesh_holidays_include_eid_and_victory_day(db, admin):
    days = {h.day: h for h in service.list_holidays(2026)}
    assert date(2026, 12, 16) in days and days[date(2026, 12, 16)].name == "Victory Day"
    eid = [h for h in days.values() if h.name == "Eid-ul-Fitr"]
    assert len(eid) >= 3 and all(h.moving for h in eid)
    assert any(h.name == "Eid-ul-Adha" for h in service.list_holidays(2025))


def test_loop_is_reported_by_activity_code_and_nothing_is_overwritten(db, admin):
    _small()
    service.schedule_project("P1")
    with pytest.raises(ValidationFailed, match="loop"):  # the service refuses a link that closes a loop ...
        service.add_relationship("P1", "C", "A", "FS")
    with unit_of_work() as uow:  # ... but an imported file may hold one: the run reports it
        ids = dict(uow.session.execute(select(Activity.code, Activity.id).where(Activity.code.in_(["A", "C"]))).all())
        uow.session.add(Relationship(project_id=service.get_project("P1").id, predecessor_id=ids["C"],
                                     successor_id=ids["A"], type="FS", lag_hours=0.0))
    s = service.schedule_project("P1")
    assert not s.scheduled
    loop = next(i for i in s.issues if i.kind == "loop")
    assert set(loop.activities) == {"A", "C"}
    assert _by_code(service.list_activities("P1"))["C"].early_finish == datetime(2026, 1, 6, 17)
    assert service.last_schedule("P1").issues[0].kind == "loop"


def test_inline_edit_checks_version_and_values(db, admin):
    _small()
    a = service.update_activity("P1", "B", expected_version=1, duration_hours=16, percent_complete=50)
    assert a.version == 2 and a.duration_hours == 16
    with pytest.raises(StaleVersion):
        service.update_activity("P1", "B", expected_version=1, name="x")
    with pytest.raises(ValidationFailed) as exc:
        service.update_activity("P1", "B", percent_complete=120)
    assert exc.value.field == "percent_complete"
    with pytest.raises(NotFound):
        service.update_activity("P1", "Z", name="x")


def test_duplicate_codes_and_bad_relationships_are_refused(db, admin):
    _small()
    with pytest.raises(Conflict):
        service.create_project("P1", "again")
    with pytest.raises(Conflict):
        service.add_relationship("P1", "A", "B")
    with pytest.raises(ValidationFailed) as exc:
        service.add_relationship("P1", "A", "B", "XX")
    assert exc.value.field == "type"


def test_baseline_then_slip_shows_variance(db, admin):
    _small()
    service.schedule_project("P1")
    b = service.save_baseline("P1", "Contract baseline")
    assert b.activities == 3
    service.update_activity("P1", "A", duration_hours=24)  # one more day: A ends Mon 5 17:00
    service.schedule_project("P1")
    cmp = service.compare_baseline("P1")
    v = {x.code: x for x in cmp.variances}
    # B moves to Tue 6 (+8 h) and loses its 8 h float; C hangs on A's start (SS) and does not move
    assert v["A"].finish_variance_hours == 8.0 and v["B"].start_variance_hours == 8.0
    assert v["B"].float_change_hours == -8.0
    assert v["C"].start_variance_hours == 0.0 and cmp.finish_slip_hours == 0
    names = [e.name for e in _events(db)]
    assert "projects.baseline.saved" in names and "projects.schedule.computed" in names


def test_boq_totals_roll_up_exactly(db, admin):
    _small()
    costs.add_boq_item("P1", "1.01", "Earth work in excavation", "m3", "120.5", "350.00", activity_code="A")
    costs.add_boq_item("P1", "1.02", "Brick flat soling", "m2", "80", "612.75", activity_code="B")
    costs.add_boq_item("P1", "9.01", "Site office", "LS", "1", "25000")
    view = costs.boq("P1")
    # 120.5 x 350 = 42,175.00; 80 x 612.75 = 49,020.00; + 25,000 = 116,195.00
    assert view.total == Decimal("116195.00")
    assert [g.amount for g in view.groups] == [Decimal("91195.00"), Decimal("25000")]
    upd = costs.update_boq_item("P1", "1.01", expected_version=1, quantity="100")
    assert upd.amount == Decimal("35000.00") and costs.boq("P1").total == Decimal("109020.00")
    with pytest.raises(ValidationFailed):
        costs.add_boq_item("P1", "1.03", "x", "m3", "1.00001", "1")


def test_evm_at_the_data_date(db, admin):
    _small()
    costs.add_boq_item("P1", "1", "Excavation", "m3", "100", "1000", activity_code="A")  # BAC A = 100,000
    costs.add_boq_item("P1", "2", "Footings", "m3", "10", "20000", activity_code="C")  # BAC C = 200,000
    service.schedule_project("P1")
    service.save_baseline("P1", "B0")
    service.update_activity("P1", "A", percent_complete=50, actual_start=datetime(2026, 1, 3, 8))
    costs.record_actual_cost("P1", "60000", date(2026, 1, 3), activity_code="A", reference="INV-1")
    with pytest.raises(Conflict):
        costs.record_actual_cost("P1", "60000", date(2026, 1, 3), activity_code="A", reference="INV-1")
    m = costs.evm("P1", status_date=datetime(2026, 1, 3, 17))
    assert m.bac == Decimal("300000.00") and m.ev == Decimal("50000.00") and m.ac == Decimal("60000.00")
    assert m.cv == Decimal("-10000.00") and m.cpi == Decimal("0.8333")
    assert m.pv > 0 and m.s_curve and m.s_curve[-1].pv == m.bac


def test_permissions_are_checked_in_the_service(db, tenant_id):
    reader = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"projects.*.read"}))
    with context.acting_as(reader), pytest.raises(PermissionDenied):
        service.create_project("X", "x")


def test_other_tenants_do_not_see_projects(db, admin, tenant_id):
    _small()
    other = context.RequestContext(tenant_id=runtime_new_tenant(db), permissions=frozenset({"*"}))
    with context.acting_as(other):
        assert service.list_projects() == []
        with pytest.raises(NotFound):
            service.list_activities("P1")


def runtime_new_tenant(db):
    from vextrus.platform.ids import new_id
    from vextrus.platform.tables import Tenant

    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"o{tid.hex[-12:]}", name="Other Ltd."))
    return tid


def _events(db):
    with db.session_factory() as s:
        return list(s.execute(select(OutboxEvent).where(
            OutboxEvent.tenant_id == context.current().tenant_id).order_by(OutboxEvent.id)).scalars())


def test_activity_rows_are_tenant_scoped(db, admin):
    _small()
    with runtime.current().session_factory() as s:
        n = len(s.execute(select(Activity)).scalars().all())
    assert n == 3



def test_must_finish_by_is_imposed_when_set_and_options_are_editable(db, admin):
    _small()
    # without a must-finish-by date C ends Tue 6 17:00 with no float. Must finish by Mon 5 17:00:
    # C is 8 working hours late (TF -8), B (ends Mon 17:00) has none left.
    service.update_project("P1", must_finish_by=datetime(2026, 1, 5, 17))
    s = service.schedule_project("P1")
    acts = _by_code(service.list_activities("P1"))
    assert (acts["C"].total_float_hours, acts["B"].total_float_hours) == (-8.0, 0.0)
    assert any(i.kind == "negative_float" and "C" in i.activities for i in s.issues)
    assert service.get_project("P1").must_finish_by == datetime(2026, 1, 5, 17)
    service.update_project("P1", must_finish_by=None)
    service.schedule_project("P1")
    assert _by_code(service.list_activities("P1"))["C"].total_float_hours == 0.0
    # B has 8 h of float: critical once the threshold is 8 h
    opts = service.set_schedule_options("P1", critical_float_hours=8)
    assert opts["critical_float_hours"] == 8
    assert "B" in service.schedule_project("P1").critical_path
    with pytest.raises(ValidationFailed):
        service.set_schedule_options("P1", float_type="sideways")
    with pytest.raises(ValidationFailed):
        service.set_schedule_options("P1", colour="red")
