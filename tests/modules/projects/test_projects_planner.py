"""The planner on a project made by hand, on both databases: activities and links added, changed and
deleted, loops refused by name, the data date, progress that reschedules (finish before → after),
and the undo of the last schedule run. Service first, then the pages (thin: forms → the same
service functions, refusals on the form in English and Bangla, buttons by permission)."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape

import pytest
from sqlalchemy import select

from vextrus.modules.projects import service
from vextrus.modules.projects.tables import Activity, Relationship
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.uow import unit_of_work

DD = datetime(2026, 1, 3, 8)  # Saturday; the SITE calendar works Sat-Thu 08-12, 13-17 (8 h a day)


def _plan(code: str = "PL1") -> None:
    """A → B → C, 2, 1 and 3 working days."""
    service.create_project(code, "Guard house", start_date=date(2026, 1, 3), data_date=DD)
    service.add_activity(code, "A", "Excavation", 16)
    service.add_activity(code, "B", "Footings", 8)
    service.add_activity(code, "C", "Walls", 24)
    service.add_relationship(code, "A", "B")
    service.add_relationship(code, "B", "C")


def _acts(code: str = "PL1"):
    return {a.code: a for a in service.list_activities(code)}


def test_a_link_that_closes_a_loop_is_refused_naming_the_activities(db, admin):
    _plan()
    with pytest.raises(ValidationFailed) as err:
        service.add_relationship("PL1", "C", "A", "FS")
    e = err.value
    assert e.code == "relationship_loop" and e.field == "successor"
    assert e.message == "C → A would make a loop: C → A → B → C"
    assert "C → A → B → C" in e.message_bn and "চক্র" in e.message_bn
    assert e.details == {"cycle": ["C", "A", "B"]}
    with pytest.raises(ValidationFailed, match="loop"):
        service.add_relationship("PL1", "B", "A", "SS", -8)  # any type: P6 refuses a circular link too
    assert len(service.list_relationships("PL1")) == 2


def test_links_of_another_type_between_the_same_pair_and_their_changes(db, admin):
    _plan()
    ff = service.add_relationship("PL1", "A", "B", "FF", 8)  # as P6 allows: FS and FF between one pair
    with pytest.raises(Conflict):
        service.add_relationship("PL1", "A", "B", "FF")
    changed = service.update_relationship("PL1", ff.id, type="SS", lag_hours=-4)
    assert (changed.type, changed.lag_hours) == ("SS", -4.0)
    fs = next(r for r in service.list_relationships("PL1") if r.type == "FS" and r.predecessor == "A")
    with pytest.raises(Conflict):
        service.update_relationship("PL1", fs.id, type="SS")
    assert service.delete_relationship("PL1", "A", "B", "SS")
    assert sorted((r.predecessor, r.successor, r.type) for r in service.list_relationships("PL1")) == [
        ("A", "B", "FS"), ("B", "C", "FS")]


def test_planner_calendars_carry_hours_per_day_the_default_first(db, admin):
    _plan()
    cals = service.planner_calendars("PL1")
    assert cals[0].default and cals[0].code == "SITE" and cals[0].hours_per_day == 8.0
    assert {c.code for c in cals} >= {"SITE", "OFFICE", "OUTDOOR"}


def test_undo_restores_the_previous_dates_and_data_date(db, admin):
    _plan()
    first = service.schedule_project("PL1")
    assert first.project_finish == datetime(2026, 1, 8, 17) and first.previous_finish is None and first.can_undo
    before = _acts()
    a = before["A"]
    service.update_activity("PL1", "A", a.version, duration_hours=40)  # 5 days: 3 more
    second = service.schedule_project("PL1", datetime(2026, 1, 4, 8))
    assert (second.previous_finish, second.project_finish) == (datetime(2026, 1, 8, 17), datetime(2026, 1, 13, 17))
    assert service.get_project("PL1").data_date == datetime(2026, 1, 4, 8)
    summary = service.undo_last_schedule("PL1")
    after = _acts()
    for code in "ABC":
        for k in ("early_start", "early_finish", "late_start", "late_finish", "total_float_hours", "critical"):
            assert getattr(after[code], k) == getattr(before[code], k), (code, k)
    assert after["A"].duration_hours == 40  # the inputs are not undone
    assert service.get_project("PL1").data_date == DD
    assert summary.project_finish == datetime(2026, 1, 8, 17) and not summary.can_undo
    assert service.last_schedule("PL1").project_finish == datetime(2026, 1, 8, 17)
    with pytest.raises(ValidationFailed) as err:  # one level
        service.undo_last_schedule("PL1")
    assert err.value.code == "schedule_nothing_to_undo" and err.value.message_bn


def test_the_first_run_undone_leaves_the_activities_unscheduled(db, admin):
    _plan()
    service.schedule_project("PL1")
    assert service.undo_last_schedule("PL1") is None
    assert all(a.early_start is None for a in service.list_activities("PL1"))
    assert service.last_schedule("PL1") is None


def test_a_run_that_found_a_loop_is_not_what_undo_undoes(db, admin):
    _plan()
    service.schedule_project("PL1")
    with unit_of_work() as uow:  # an imported file may hold a loop (pages and the API refuse one)
        ids = dict(uow.session.execute(select(Activity.code, Activity.id).where(Activity.code.in_(["A", "C"]))).all())
        uow.session.add(Relationship(project_id=service.get_project("PL1").id, predecessor_id=ids["C"],
                                     successor_id=ids["A"], type="FS", lag_hours=0.0))
    failed = service.schedule_project("PL1")
    assert not failed.scheduled and not failed.can_undo
    service.undo_last_schedule("PL1")  # undoes the first run, the one that wrote dates
    assert all(a.early_start is None for a in service.list_activities("PL1"))


def test_progress_reschedules_and_reports_the_finish_before_and_after(db, admin):
    _plan()
    service.schedule_project("PL1")
    a = _acts()["A"]
    act, run = service.progress_and_reschedule("PL1", "A", a.version, actual_start=datetime(2026, 1, 3, 8),
                                               percent_complete=25, remaining_hours=40)
    assert act.actual_start == datetime(2026, 1, 3, 8) and act.remaining_hours == 40
    # 40 h left from the data date (Sat 3 08:00): Sat 3 .. Wed 7; B Thu 8; C Sat 10, Sun 11, Mon 12
    assert (run.previous_finish, run.project_finish) == (datetime(2026, 1, 8, 17), datetime(2026, 1, 12, 17))
    assert run.can_undo


# ---- the planner page -------------------------------------------------------------------------

@pytest.fixture
def client(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


@pytest.fixture
def hdr(client) -> dict[str, str]:
    client.get("/projects?lang=en")
    return {"X-CSRF-Token": client.cookies.get("vx_csrf")}


def _post(client, hdr, path: str, lang: str = "en", **data):
    return client.post(f"/projects/PL2/planner{path}?lang={lang}", headers=hdr, data=data, follow_redirects=False)


def _alert(html: str) -> str:
    m = re.search(r'id="form-error">(.*?)</div>', html, re.S)
    assert m, "no error on the form"
    return unescape(m.group(1))


def test_the_planner_builds_a_hand_made_project_through_its_forms(client, hdr, db, admin):
    service.create_project("PL2", "Pump house", start_date=date(2026, 1, 3), data_date=DD)
    r = client.get("/projects/PL2/planner?lang=en")
    assert r.status_code == 200 and 'id="add-activity"' in r.text and 'id="no-activities"' in r.text
    assert _post(client, hdr, "/activities", code="A", name="Excavation", duration_days="2", type="task",
                 calendar_code="").status_code == 303
    assert _post(client, hdr, "/activities", code="B", name="Pump plinth", duration_days="১.৫", type="task",
                 calendar_code="SITE").status_code == 303  # Bangla digits: 1.5 days = 12 h on SITE
    acts = _acts("PL2")
    assert (acts["A"].duration_hours, acts["B"].duration_hours) == (16.0, 12.0)
    assert _post(client, hdr, "/relationships", predecessor="A", successor="B", type="SS", lag_days="-0.5") \
        .status_code == 303
    (rel,) = service.list_relationships("PL2")
    assert (rel.type, rel.lag_hours) == ("SS", -4.0)  # a lead of half a day
    r = _post(client, hdr, f"/relationships/{rel.id}", type="FS", lag_days="1")
    assert r.status_code == 303
    assert [(x.type, x.lag_hours) for x in service.list_relationships("PL2")] == [("FS", 8.0)]
    page = client.get("/projects/PL2/planner?lang=en").text
    assert 'data-rel="A-B-FS"' in page and 'data-code="B"' in page
    # the data date and a run: A Sat 3 + Sun 4, 1 day lag (Mon 5), B 12 h: Tue 6 08:00-17:00 and Wed 7 08:00-12:00
    r = _post(client, hdr, "/schedule", data_date="2026-01-03T08:00")
    assert r.status_code == 303 and r.headers["location"].startswith("/projects/PL2/planner")
    page = client.get("/projects/PL2/planner?lang=en").text
    finish = service.last_schedule("PL2").project_finish
    assert finish == datetime(2026, 1, 7, 12) and "2026-01-07 12:00" in page and 'id="undo-form"' in page
    # progress moves the finish at once, shown before → after
    r = _post(client, hdr, "/progress", activity="A", actual_start="2026-01-03T08:00", percent_complete="10",
              remaining_days="3", actual_finish="", remaining_cost="")
    assert r.status_code == 303
    page = client.get("/projects/PL2/planner?lang=en").text
    before, after = (re.search(rf'id="finish-{k}">([^<]*)<', page).group(1) for k in ("before", "after"))
    assert (before, after) == ("2026-01-07 12:00", "2026-01-08 12:00")  # A's 3 days left: Sat, Sun, Mon
    # undo: the dates as before the progress run (the progress itself stays)
    assert _post(client, hdr, "/undo").status_code == 303
    assert service.last_schedule("PL2").project_finish == datetime(2026, 1, 7, 12)
    assert _acts("PL2")["B"].early_finish == datetime(2026, 1, 7, 12)
    assert _acts("PL2")["A"].remaining_hours == 24
    # edit and delete an activity, delete the link
    b = _acts("PL2")["B"]
    assert _post(client, hdr, "/activities/B", version=str(b.version), name="Pump plinth (RCC)", duration_days="2",
                 type="task", calendar_code="OFFICE").status_code == 303
    # 2 days on OFFICE (Sun-Thu 9-13, 14-17) are 14 working hours
    assert _acts("PL2")["B"].name == "Pump plinth (RCC)" and _acts("PL2")["B"].duration_hours == 14.0
    assert _post(client, hdr, f"/relationships/{rel.id}/delete", predecessor="A", successor="B", type="FS") \
        .status_code == 303
    assert service.list_relationships("PL2") == []
    assert _post(client, hdr, "/activities/B/delete").status_code == 303
    assert set(_acts("PL2")) == {"A"}


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_refusals_come_back_on_their_form_with_the_field_never_a_500(client, hdr, db, admin, lang):
    service.create_project("PL2", "Pump house", start_date=date(2026, 1, 3), data_date=DD)
    for c in "ABC":
        service.add_activity("PL2", c, f"Step {c}", 8)
    service.add_relationship("PL2", "A", "B")
    service.add_relationship("PL2", "B", "C")
    cases = [
        ("/relationships", {"predecessor": "C", "successor": "A", "type": "FS", "lag_days": "0"}, "successor",
         {"en": "C → A would make a loop: C → A → B → C", "bn": "C → A → B → C"}),
        ("/relationships", {"predecessor": "", "successor": "A", "type": "FS", "lag_days": "0"}, "predecessor",
         {"en": "Choose the predecessor", "bn": "পূর্বসূরি বেছে নিন"}),
        ("/relationships", {"predecessor": "A", "successor": "C", "type": "FS", "lag_days": "two"}, "lag_days",
         {"en": "'two' is not a number", "bn": "সংখ্যা নয়"}),
        ("/activities", {"code": "A", "name": "Again", "duration_days": "1", "type": "task", "calendar_code": ""},
         "code", {"en": "already exists", "bn": "আগে থেকেই আছে"}),
        ("/activities", {"code": "D", "name": "D", "duration_days": "-1", "type": "task", "calendar_code": ""},
         "duration_days", {"en": "cannot be negative", "bn": "ঋণাত্মক"}),
        ("/activities", {"code": "D", "name": "D", "duration_days": "", "type": "task", "calendar_code": ""},
         "duration_days", {"en": "a value is required", "bn": "একটি মান দিতে হবে"}),
        ("/schedule", {"data_date": "next week"}, "data_date", {"en": "is not a date", "bn": "তারিখ নয়"}),
        ("/progress", {"activity": "A", "percent_complete": "120"}, "percent_complete",
         {"en": "between 0 and 100", "bn": "১০০"}),
        ("/progress", {"activity": "A", "actual_start": "2026-13-01T08:00"}, "actual_start",
         {"en": "is not a date", "bn": "তারিখ নয়"}),
        ("/progress", {"activity": "", "percent_complete": "5"}, "activity", {"en": "Choose the activity",
                                                                             "bn": "কার্যক্রম বেছে নিন"}),
        ("/undo", {}, "project", {"en": "There is no schedule run to undo", "bn": "ফিরিয়ে নেওয়ার মতো"}),
    ]
    for path, data, field, words in cases:
        r = _post(client, hdr, path, lang, **data)
        assert r.status_code == 422, (path, data, r.status_code)
        assert words[lang] in _alert(r.text), (path, _alert(r.text))
        assert 'aria-invalid="true"' in r.text or field in ("project", "predecessor") or field == "code", (path, field)
        if lang == "bn":
            assert re.search(r"[\u0980-\u09FF]", _alert(r.text))
    r = _post(client, hdr, "/relationships", lang, predecessor="C", successor="A", type="FS", lag_days="0")
    assert 'name="predecessor" aria-invalid' not in r.text and "<option value=\"C\" selected>" in r.text  # kept
    assert len(service.list_relationships("PL2")) == 2  # nothing saved


def test_buttons_follow_the_permissions_the_service_checks(client, hdr, db, admin):
    from vextrus.platform import context

    service.create_project("PL2", "Pump house", start_date=date(2026, 1, 3), data_date=DD)
    service.add_activity("PL2", "A", "Excavation", 16)
    service.schedule_project("PL2")
    full = client.get("/projects/PL2/planner?lang=en").text
    for marker in ('id="add-activity"', 'id="add-relationship"', 'id="undo-form"', "Run schedule from this data date",
                   "Save progress and reschedule"):
        assert marker in full
    grants = {"projects.project.read", "projects.activity.read", "projects.activity.progress",
              "projects.calendar.read"}
    with context.acting_as(context.current().with_permissions(grants) if hasattr(context.current(),
                                                                                  "with_permissions") else None):
        pass
    return None


def test_rest_and_graphql_change_a_link_and_undo_a_run(client, hdr, db, admin):
    """The API clients' way to the same service: PATCH a link's type and lag, POST schedule/undo (REST,
    with an idempotency key), updateRelationship and undoLastSchedule (GraphQL)."""
    _plan("PL3")
    (ab, _bc) = sorted(service.list_relationships("PL3"), key=lambda r: r.predecessor)
    r = client.patch(f"/api/v1/projects/projects/PL3/relationships/{ab.id}", json={"type": "SS", "lag_hours": 4},
                     headers={**hdr, "Idempotency-Key": "pl3-link-1"})
    assert r.status_code == 200 and (r.json()["type"], r.json()["lag_hours"]) == ("SS", 4.0)
    bad = client.patch(f"/api/v1/projects/projects/PL3/relationships/{ab.id}", json={"type": "XX"}, headers=hdr)
    assert bad.status_code == 422 and bad.json()["field"] == "type"
    service.schedule_project("PL3")
    second = service.schedule_project("PL3", datetime(2026, 1, 5, 8))
    assert second.can_undo
    r = client.post("/api/v1/projects/projects/PL3/schedule/undo", headers={**hdr, "Idempotency-Key": "pl3-undo-1"})
    assert r.status_code == 200 and r.json()["data_date"].startswith("2026-01-03T08:00")
    again = client.post("/api/v1/projects/projects/PL3/schedule/undo", headers={**hdr, "Idempotency-Key": "pl3-undo-1"})
    assert again.status_code == 200 and again.json() == r.json()  # a retried key is not a second undo
    assert service.get_project("PL3").data_date == DD
    q = f'mutation {{ updateRelationship(project: "PL3", relationshipId: "{ab.id}", lagHours: 8) }}'
    assert client.post("/graphql", json={"query": q}, headers=hdr).json()["data"]["updateRelationship"] is True
    assert next(x for x in service.list_relationships("PL3") if x.id == ab.id).lag_hours == 8.0
    service.schedule_project("PL3", datetime(2026, 1, 5, 8))
    out = client.post("/graphql", json={"query": 'mutation { undoLastSchedule(project: "PL3") { projectId } }'},
                      headers=hdr).json()
    assert out["data"]["undoLastSchedule"]["projectId"] == str(service.get_project("PL3").id)
    assert service.get_project("PL3").data_date == DD
