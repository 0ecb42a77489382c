"""The projects pages' other forms read into their DTOs (`projects/schemas.py`) with
platform.forms.model_from_form (issue 21, one declaration per concept): the dashboard's names, must-finish-by
and baseline forms, the BOQ page's new line and a line's inline quantity × rate, and the calendars page's work
week, exception, holiday, holiday move and monsoon forms. A wrong input of each kind is shown on the Bangla page
next to its field (`data-field`), as well as in the alert; what was typed stays; nothing is saved; the English
page says it too. Both databases. (test_projects_web.py, test_projects_name_bn.py and test_projects_bad_input.py
hold the older page tests, unchanged.)"""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.projects import service
from vextrus.modules.projects.service import calendars, costs

P = "TONGI"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/projects?lang=bn")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


@pytest.fixture
def project(admin):
    """A scheduled project with one BOQ line, a must-finish-by date and one baseline."""
    p = service.create_project(P, "Tongi warehouse", data_date=datetime(2026, 1, 3, 8),
                               must_finish_by=datetime(2026, 3, 31, 17))
    service.add_activity(P, "A1", "Piling", 16)
    service.schedule_project(P)
    service.save_baseline(P, "Original")
    costs.add_boq_item(P, "1.01", "Piling", "m", "10", "9500")
    return p


def _by_field(page: str, field: str) -> str:
    m = re.search(rf'<span class="error" data-field="{re.escape(field)}">(.*?)</span>', page, re.S)
    return unescape(m.group(1)) if m else ""


def _stored() -> Any:
    """What the forms could change: the project, its baselines and BOQ, the company calendars."""
    p = service.get_project(P)
    return (p.name, p.name_bn, p.version, p.must_finish_by, [b.name for b in service.list_baselines(P)],
            [(i.item_no, i.quantity, i.rate, i.version) for g in costs.boq(P).groups for i in g.items],
            [(c.code, c.name, c.work_week, c.use_public_holidays, c.use_monsoon) for c in service.list_calendars()],
            {c.code: [(e.day, e.hours) for e in calendars.list_exceptions(c.code)] for c in service.list_calendars()},
            [(h.day, h.name) for h in service.list_holidays(2026)],
            [(m.start, m.finish, m.hours, m.name) for m in calendars.list_monsoon()])


DASHBOARD = f"/projects/{P}"
NAMES = {"name": "Tongi warehouse 2", "name_bn": "টঙ্গী গুদাম"}
BOQ_LINE = {"item_no": "2.01", "description": "Pile cap concrete", "unit": "m3", "quantity": "12.5", "rate": "9,500",
            "activity_code": "A1"}
HOLIDAY = {"day": "2026-12-16", "name": "Victory Day", "name_bn": "বিজয় দিবস", "moving": "1"}
MONSOON = {"name": "Rains", "start": "2026-06-01", "finish": "2026-09-30", "hours": "08:00-12:00"}
WEEK = {"name": "Site", **{f"day{d}": "08:00-12:00,13:00-17:00" for d in range(7)}, "use_public_holidays": "1"}

WRONG = [  # (path, form, the field named, the Bangla words next to it, a typed value the page keeps)
    pytest.param(f"{DASHBOARD}/names", {"version": "abc", **NAMES}, "version", "'abc' পূর্ণসংখ্যা নয়", "টঙ্গী গুদাম",
                 id="names: version not a number"),
    pytest.param(f"{DASHBOARD}/names", {"version": "1", "name": " ", "name_bn": "টঙ্গী গুদাম"}, "name",
                 "প্রকল্পের ইংরেজি নাম প্রয়োজন", "টঙ্গী গুদাম", id="names: no English name"),
    pytest.param(f"{DASHBOARD}/must-finish-by", {"must_finish_by": "2026-02-30T17:00"}, "must_finish_by",
                 "'2026-02-30T17:00' তারিখ নয়", "2026-02-30T17:00", id="must-finish-by: not a date"),
    pytest.param(f"{DASHBOARD}/baselines", {"name": ""}, "name", "বেসলাইনের একটি নাম দিন", None,
                 id="baseline: no name"),
    pytest.param(f"{DASHBOARD}/baselines", {"name": "Revision " + "x" * 200}, "name", "সর্বোচ্চ ২০০ অক্ষর",
                 "Revision xxxx", id="baseline: name too long"),
    pytest.param(f"{DASHBOARD}/boq", {**BOQ_LINE, "quantity": "১২.৫ ঘনমিটার"}, "quantity",
                 "'১২.৫ ঘনমিটার' সংখ্যা নয়", "Pile cap concrete", id="boq: quantity not a number"),
    pytest.param(f"{DASHBOARD}/boq", {**BOQ_LINE, "rate": "-9500"}, "rate", "দর ঋণাত্মক হতে পারে না",
                 "Pile cap concrete", id="boq: negative rate"),
    pytest.param(f"{DASHBOARD}/boq", {**BOQ_LINE, "item_no": "1.01"}, "item_no", "বিওকিউ আইটেম 1.01 আগে থেকেই আছে",
                 "Pile cap concrete", id="boq: item no taken"),
    pytest.param(f"{DASHBOARD}/boq", {**BOQ_LINE, "item_no": "9" * 41}, "item_no", "সর্বোচ্চ ৪০ অক্ষর",
                 "Pile cap concrete", id="boq: item no too long"),
    pytest.param(f"{DASHBOARD}/boq", {**BOQ_LINE, "activity_code": "NOPE"}, "activity_code", "NOPE",
                 "Pile cap concrete", id="boq: unknown activity"),
    pytest.param(f"{DASHBOARD}/boq/1.01", {"version": "1", "quantity": "দশ", "rate": "9500"}, "quantity",
                 "'দশ' সংখ্যা নয়", "দশ", id="boq line: quantity not a number"),
    pytest.param(f"{DASHBOARD}/boq/1.01", {"version": "1", "quantity": "10", "rate": "-1"}, "rate",
                 "দর ঋণাত্মক হতে পারে না", "-1", id="boq line: negative rate"),
    pytest.param("/projects/calendars/week/SITE", {**WEEK, "day3": "8-late"}, "day3",
                 "সময় 08:00-12:00,13:00-17:00 এর মতো লিখুন", "8-late", id="week: hours not hours"),
    pytest.param("/projects/calendars/exceptions/SITE", {"day": "2026-01-09", "hours": "8-late", "name": "Catch-up"},
                 "hours", "সময় 08:00-12:00,13:00-17:00 এর মতো লিখুন", "Catch-up", id="exception: hours not hours"),
    pytest.param("/projects/calendars/exceptions/SITE", {"day": "09/01/2026", "hours": "", "name": "Catch-up"},
                 "day", "তারিখ: '09/01/2026' তারিখ নয়", "Catch-up", id="exception: not a date"),
    pytest.param("/projects/calendars/holidays", {**HOLIDAY, "day": "2026-12-32"}, "day",
                 "তারিখ: '2026-12-32' তারিখ নয়", "বিজয় দিবস", id="holiday: not a date"),
    pytest.param("/projects/calendars/holidays", {**HOLIDAY, "name": ""}, "name", "ছুটির একটি নাম দিন", "বিজয় দিবস",
                 id="holiday: no name"),
    pytest.param("/projects/calendars/holidays", {**HOLIDAY, "name_bn": "ছ" * 201}, "name_bn", "সর্বোচ্চ ২০০ অক্ষর",
                 "Victory Day", id="holiday: Bangla name too long"),
    pytest.param("/projects/calendars/monsoon", {**MONSOON, "finish": "2026-05-01"}, "finish",
                 "বর্ষা শুরুর আগে শেষ হচ্ছে", "Rains", id="monsoon: ends before it starts"),
    pytest.param("/projects/calendars/monsoon", {**MONSOON, "start": "June"}, "start", "তারিখ: 'June' তারিখ নয়",
                 "Rains", id="monsoon: not a date"),
    pytest.param("/projects/calendars/monsoon", {**MONSOON, "hours": "mornings"}, "hours",
                 "সময় 08:00-12:00,13:00-17:00 এর মতো লিখুন", "mornings", id="monsoon: hours not hours"),
]


@pytest.mark.parametrize(("path", "form", "field", "words_bn", "kept"), WRONG)
def test_a_wrong_input_is_shown_next_to_its_field_in_bangla_and_nothing_is_saved(client, project, path, form, field,
                                                                                 words_bn, kept):
    before = _stored()
    r = client.post(f"{path}?lang=bn", data=form)
    shown = _by_field(r.text, field)
    assert r.status_code == 422 and words_bn in shown, (field, shown, r.text[-3000:])
    for english in ("is not a", "required", "must be", "characters", "a value"):
        assert english not in shown  # the Bangla page's words, not the readers' English
    assert 'role="alert"' in r.text  # the alert too
    if kept is not None:
        assert kept in unescape(r.text)  # what was typed stays on the form
    en = client.post(f"{path}?lang=en", data=form)
    assert en.status_code == 422 and _by_field(en.text, field), en.text[-2000:]
    assert _stored() == before  # nothing saved


def test_a_moving_holiday_moved_to_a_wrong_day_is_shown_next_to_it(client, project):
    h = service.set_holiday(date(2026, 3, 20), "Eid ul-Fitr", "ঈদুল ফিতর", moving=True)
    before = _stored()
    r = client.post(f"/projects/calendars/holidays/{h.day}/move?lang=bn", data={"new_day": "২০২৬-০৩-৩২"})
    assert r.status_code == 422 and "তারিখ নয়" in _by_field(r.text, "new_day"), r.text[-2000:]
    assert 'value="২০২৬-০৩-৩২"' in r.text and f'id="holiday-{h.day}"' in r.text  # typed kept, on its year's page
    taken = service.set_holiday(date(2026, 3, 21), "Another day", "")
    r = client.post(f"/projects/calendars/holidays/{h.day}/move?lang=bn", data={"new_day": str(taken.day)})
    assert r.status_code == 422 and "আগে থেকেই ছুটি" in _by_field(r.text, "new_day")
    eid = [(d, name) for d, name in _stored()[8] if name == "Eid ul-Fitr"]
    assert eid == [(h.day, "Eid ul-Fitr")] and before[:8] == _stored()[:8]  # Eid did not move


def test_the_forms_still_save_what_is_typed_by_its_type(client, project):
    """The happy paths through the DTOs: Bangla digits and lakh commas read, checkboxes ticked or not."""
    p = service.get_project(P)
    r = client.post(f"{DASHBOARD}/names", data={"version": str(p.version), **NAMES}, follow_redirects=False)
    assert r.status_code == 303 and (service.get_project(P).name, service.get_project(P).name_bn) == (
        "Tongi warehouse 2", "টঙ্গী গুদাম")
    r = client.post(f"{DASHBOARD}/must-finish-by", data={"must_finish_by": "২০২৬-০৪-৩০T১৭:০০"}, follow_redirects=False)
    assert r.status_code == 303 and service.get_project(P).must_finish_by == datetime(2026, 4, 30, 17)
    r = client.post(f"{DASHBOARD}/must-finish-by", data={"must_finish_by": ""}, follow_redirects=False)
    assert r.status_code == 303 and service.get_project(P).must_finish_by is None  # blank: no longer imposed
    r = client.post(f"{DASHBOARD}/baselines", data={"name": "Revised"}, follow_redirects=False)
    assert r.status_code == 303 and [b.name for b in service.list_baselines(P)] == ["Original", "Revised"]
    r = client.post(f"{DASHBOARD}/boq", data={**BOQ_LINE, "quantity": "১২.৫", "rate": "১,২৫,০০০"})
    assert r.status_code == 200
    line = next(i for g in costs.boq(P).groups for i in g.items if i.item_no == "2.01")
    assert (str(line.quantity), str(line.rate), line.activity_code) == ("12.5000", "125000.00", "A1")
    r = client.post(f"{DASHBOARD}/boq/2.01", data={"version": str(line.version), "quantity": "১০", "rate": "100"})
    line = next(i for g in costs.boq(P).groups for i in g.items if i.item_no == "2.01")
    assert r.status_code == 200 and (line.quantity, line.amount) == (10, 1000) and "৳৯৬,০০০.০০" in r.text
    r = client.post("/projects/calendars/week/SITE", data={**WEEK, "day4": ""}, follow_redirects=False)
    site = next(c for c in service.list_calendars() if c.code == "SITE")
    assert r.status_code == 303 and site.work_week["4"] == "" and site.use_public_holidays and not site.use_monsoon
    r = client.post("/projects/calendars/holidays", data=HOLIDAY, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/projects/calendars?year=2026"
    assert next(h for h in service.list_holidays(2026) if h.day == date(2026, 12, 16)).moving
    r = client.post("/projects/calendars/monsoon", data=MONSOON, follow_redirects=False)
    assert r.status_code == 303 and any(m.name == "Rains" for m in calendars.list_monsoon())
