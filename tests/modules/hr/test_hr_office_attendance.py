"""Office attendance from check-in/out devices, on both databases: real ZKTeco-style exports (a punch per row,
CSV; a row per day, tab-separated "attendance report"), first in / last out, hours, late arrival, overtime
within the Bangladesh Labour Act 2006 (s.100: 8 ordinary hours a day, 10 with overtime; s.102: 60 a week;
excess flagged, not paid), refused rows with field, code and en/bn message, the dry run, all-or-nothing and
valid-rows-only imports, the same file twice, the month's overtime in the monthly payroll run (2 × basic ÷ 208
an hour, BLA s.108), REST, GraphQL and the page in English and Bangla."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bangla_text import latin_in_main
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import service
from vextrus.modules.hr.domain import office
from vextrus.modules.hr.schemas import OfficeImportInput, PayrollFromMusterInput
from vextrus.modules.hr.tables import OfficeDayRow
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import service as payroll
from vextrus.modules.payroll.schemas import EmployeeInput, StructureInput
from vextrus.platform import context, runtime
from vextrus.platform.errors import ValidationFailed

DATA = Path(__file__).parent / "data"
OCT = date(2025, 10, 1)


def setup_office():
    c = org.create_company(org.CompanyInput(code="OFC", name="Office Builders Ltd."))
    finance.ensure_book("OFC", "Office Builders Ltd.", c.id)
    finance.open_fiscal_year("OFC", "2025-26")
    payroll.save_structure(StructureInput(company_id=c.id, grade="O1", basic=D(31_200), components=[]))
    es = [payroll.create_employee(EmployeeInput(company_id=c.id, code=code, name=name, name_bn=name_bn, grade="O1",
                                                joining_date=date(2024, 1, 1), account_no="1"))
          for code, name, name_bn in (("E1", "Karim Ahmed", "করিম আহমেদ"), ("E2", "Rahima Khatun", "রহিমা খাতুন"))]
    return c, es


def imp(c, name, *, dry_run=False, mode="all_or_nothing", content=None, **kw):
    return service.import_office_attendance(OfficeImportInput(
        company_id=c.id, filename=name, content=content if content is not None else (DATA / name).read_bytes(),
        dry_run=dry_run, mode=mode), **kw)


def _session():
    return runtime.current().session_factory()


def stored_days() -> int:
    with context.acting_as(context.system_context(context.current().tenant_id)), _session() as s:
        return s.scalar(select(func.count()).select_from(OfficeDayRow))


def test_a_punch_per_row_export_gives_first_in_last_out_hours_late_and_overtime(db, admin):
    c, (e1, e2) = setup_office()
    dry = imp(c, "zkteco_punches.csv", dry_run=True)
    assert (dry.shape, dry.rows, dry.refused_rows, dry.days, dry.days_new, dry.stored) == ("punch", 9, 0, 4, 4, False)
    assert dry.columns["badge"] == "AC-No." and dry.columns["datetime"] == "Time" and dry.columns["state"] == "State"
    assert stored_days() == 0  # the dry run stores nothing
    done = imp(c, "zkteco_punches.csv")
    assert done.stored and done.days_new == 4 and stored_days() == 4
    m = service.office_month(c.id, OCT)
    assert m.office_start == "09:00"
    days = {(e.employee_code, d.day.day): d for e in m.employees for d in e.days}
    # E1 4 October: in 08:55 (the break's out and in between do not count), out 19:25 = 10 h 30 min:
    # 8 ordinary + 2 overtime (the 10-hour day, s.100), 0.5 beyond it: flagged, not paid; not late
    d = days[("E1", 4)]
    assert (d.first_in, d.last_out, d.hours, d.ordinary_hours, d.overtime_hours, d.excess_hours, d.late_minutes) == (
        "08:55", "19:25", D("10.50"), D(8), D(2), D("0.50"), 0)
    assert days[("E1", 5)].hours == D(9) and days[("E1", 5)].overtime_hours == D(1)  # 09:00 to 6:00 PM
    assert days[("E2", 4)].late_minutes == 20 and days[("E2", 4)].hours == D(8)  # 04/10/2025 09:20: day first
    assert not days[("E2", 5)].complete and days[("E2", 5)].hours == 0  # one punch only
    e1m = next(e for e in m.employees if e.employee_code == "E1")
    assert (e1m.days_present, e1m.overtime_hours, e1m.excess_hours, e1m.late_days) == (2, D(3), D("0.50"), 0)


def test_a_row_per_day_report_and_the_60_hour_week(db, admin):
    c, (e1, e2) = setup_office()
    done = imp(c, "zkteco_daily.txt")  # tab-separated, "Emp No." and "No." beside "AC-No.": AC-No. is the badge
    assert (done.shape, done.columns["badge"], done.refused_rows, done.days_new) == ("daily", "AC-No.", 0, 8)
    m = service.office_month(c.id, OCT)
    e1m = next(e for e in m.employees if e.employee_code == "E1")
    # Saturday 11 to Friday 17 October, 08:58-19:58 = 11 h a day: 10 a day at most (1 h excess each); the week
    # stops at 60: six days of 8 + 2, the seventh day's 10 hours all beyond it
    assert [d.hours for d in e1m.days] == [D(11)] * 7
    assert [d.overtime_hours for d in e1m.days] == [D(2)] * 6 + [D(0)]
    assert e1m.days[-1].ordinary_hours == 0 and e1m.days[-1].excess_hours == D(11)
    assert sum(d.ordinary_hours + d.overtime_hours for d in e1m.days) == 60
    assert (e1m.overtime_hours, e1m.excess_hours) == (D(12), D(6 + 11))
    e2m = next(e for e in m.employees if e.employee_code == "E2")
    assert e2m.days_present == 1 and e2m.days[0].late_minutes == 31  # the day without times is not a day


def test_bad_rows_are_reported_and_nothing_is_stored_unless_the_valid_rows_are_accepted(db, admin):
    c, _ = setup_office()
    dry = imp(c, "zkteco_punches_bad.csv", dry_run=True)
    got = {(p.row, p.field, p.code) for p in dry.problems}
    assert got == {(2, "badge", "hr.office_badge_unknown"), (3, "datetime", "hr.office_time_invalid"),
                   (4, "state", "hr.office_state_invalid"), (5, "badge", "hr.office_badge_missing")}
    for p in dry.problems:
        assert p.message and p.message_bn and p.message != p.message_bn and p.line == p.row + 1
    assert next(p for p in dry.problems if p.row == 2).column == "AC-No."  # the file's own header
    with pytest.raises(ValidationFailed) as refused:
        imp(c, "zkteco_punches_bad.csv")
    assert (refused.value.code, refused.value.field) == ("hr.office_rows_refused", "file")
    assert len(refused.value.details["problems"]) == 4 and stored_days() == 0
    ok = imp(c, "zkteco_punches_bad.csv", mode="valid_only")
    assert ok.stored and ok.days_new == 1 and stored_days() == 1  # E1 on 6 October: 08:59-17:30
    d = service.office_month(c.id, OCT).employees[0].days[0]
    assert (d.employee_code, d.first_in, d.last_out, d.hours) == ("E1", "08:59", "17:30", D("8.52"))
    with pytest.raises(ValidationFailed) as columns:
        imp(c, "x.csv", content=b"Name,Department\nKarim,Civil\n", dry_run=True)
    assert (columns.value.code, columns.value.field) == ("hr.office_columns", "file")
    future = (date.today() + timedelta(days=3)).isoformat()
    late = imp(c, "f.csv", content=f"AC-No.,Time\nE1,{future} 09:00\n".encode(), dry_run=True)
    assert [(p.field, p.code) for p in late.problems] == [("datetime", "hr.office_day_future")]


def test_the_same_file_twice_stores_nothing_new(db, admin):
    c, _ = setup_office()
    imp(c, "zkteco_punches.csv", idempotency_key="office-1")
    with _session() as s:
        before = sorted((r.employee_id, r.day, r.first_in, r.last_out, r.version) for r in s.scalars(select(OfficeDayRow)))
    again = imp(c, "zkteco_punches.csv")
    assert again.duplicate and not again.stored and again.days_new == 0 and again.days_changed == 0
    assert imp(c, "zkteco_punches.csv", dry_run=True).duplicate
    # the same punches in another file (a re-export with a header difference): no day changes
    text = (DATA / "zkteco_punches.csv").read_text().replace("Exception", "Remarks")
    other = imp(c, "re-export.csv", content=text.encode())
    assert (other.duplicate, other.days_new, other.days_changed) == (False, 0, 0)
    # a later export adds E2's missing out on 5 October: the day is completed, nothing else moves
    more = imp(c, "more.csv", content=b"AC-No.,Time,State\nE2,2025-10-05 17:10,C/Out\nE1,2025-10-05 09:30,C/In\n")
    assert (more.days_new, more.days_changed) == (0, 1)
    with _session() as s:
        after = sorted((r.employee_id, r.day, r.first_in, r.last_out, r.version) for r in s.scalars(select(OfficeDayRow)))
    changed = [a for a, b in zip(after, before, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][3] == 17 * 60 + 10 and stored_days() == 4


def test_the_months_office_overtime_goes_into_the_monthly_run(db, admin):
    c, (e1, e2) = setup_office()
    imp(c, "zkteco_punches.csv")
    imp(c, "zkteco_daily.txt")
    hours = service.office_overtime(c.id, OCT)
    assert hours == {e1.id: D(3 + 12)}  # 4-5 October: 2 + 1; the week of 11 October: 12
    run = service.prepare_payroll(PayrollFromMusterInput(company_id=c.id, month=OCT))
    slips = {p.employee_code: p for p in run.payslips}
    # overtime at twice the hourly basic, basic ÷ 208 an hour (BLA s.108): 31,200 ÷ 208 × 2 × 15 h
    expected = (D(31_200) / 208 * 2 * 15).quantize(D("0.01"), ROUND_HALF_UP)
    assert slips["E1"].overtime == expected and slips["E2"].overtime == 0 and slips["E2"].absence == 0
    assert slips["E1"].gross == D(31_200) + expected


minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


@given(first=minutes, last=minutes, start=minutes)
def test_property_a_days_hours_are_never_negative_and_within_the_limits(first, last, start):
    d = office.day_figures(OCT, first, last, start)
    assert d.hours >= 0 and d.ordinary >= 0 and d.overtime >= 0 and d.excess >= 0 and d.late_minutes >= 0
    assert d.ordinary <= 8 and d.overtime <= 2 and d.ordinary + d.overtime <= 10
    assert d.ordinary + d.overtime + d.excess == d.hours
    assert d.complete == (first <= last) and (d.hours == 0 or first <= last)
    assert d.overtime == 0 or d.ordinary == 8


@given(st.lists(st.tuples(st.integers(0, 34), minutes, minutes), max_size=40))
def test_property_the_week_is_at_most_60_hours_and_nothing_is_lost(spans):
    days = {}
    for offset, a, b in spans:
        days[OCT + timedelta(days=offset)] = office.day_figures(OCT + timedelta(days=offset), min(a, b), max(a, b), 540)
    capped = office.cap_weeks(list(days.values()))
    weeks: dict = {}
    for d in capped:
        assert d.ordinary >= 0 and d.overtime >= 0 and d.excess >= 0 and d.overtime <= 2
        assert d.ordinary + d.overtime + d.excess == d.hours == days[d.day].hours
        assert d.first_in is None or d.last_out is None or d.first_in <= d.last_out
        wk = d.day - timedelta(days=(d.day.weekday() - 5) % 7)
        weeks[wk] = weeks.get(wk, 0) + d.ordinary + d.overtime
    assert all(v <= 60 for v in weeks.values())


@given(st.lists(st.tuples(minutes, st.sampled_from(["C/In", "C/Out", ""])), min_size=1, max_size=12))
def test_property_punches_read_back_give_first_in_before_last_out(punches):
    rows = "".join(f"E1,2025-10-04 {m // 60:02d}:{m % 60:02d},{s}\n" for m, s in punches)
    parsed = office.read_file(f"AC-No.,Date/Time,State\n{rows}".encode(), ["E1"], date(2026, 1, 1))
    assert not parsed.problems and len(parsed.punches) == len(punches)
    for first, last in office.first_in_last_out(parsed.punches).values():
        assert first is None or last is None or first <= last


@pytest.fixture
def client(db, admin):  # noqa: ANN001, ANN201
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_graphql_and_the_page_in_english_and_bangla(db, client):
    c, _ = setup_office()
    bad = (DATA / "zkteco_punches_bad.csv").read_bytes()
    r = client.post("/api/v1/hr/office-attendance/import", data={"company_id": str(c.id)},
                    files={"file": ("bad.csv", bad, "text/csv")})
    assert r.status_code == 200 and r.json()["dry_run"] and r.json()["refused_rows"] == 4
    r = client.post("/api/v1/hr/office-attendance/import", data={"company_id": str(c.id), "dry_run": "false"},
                    files={"file": ("bad.csv", bad, "text/csv")}, headers={"Idempotency-Key": "off-bad"})
    j = r.json()
    assert r.status_code == 422 and (j["code"], j["field"]) == ("hr.office_rows_refused", "file") and j["message_bn"]
    assert stored_days() == 0
    good = (DATA / "zkteco_punches.csv").read_bytes()
    r = client.post("/api/v1/hr/office-attendance/import",  # an unknown mode: refused by name, not a 500
                    data={"company_id": str(c.id), "dry_run": "false", "mode": "some_rows"},
                    files={"file": ("punches.csv", good, "text/csv")}, headers={"Idempotency-Key": "off-mode"})
    assert r.status_code == 422 and r.json()["field"] == "mode" and r.json()["message_bn"], r.json()
    assert stored_days() == 0
    r = client.post("/api/v1/hr/office-attendance/import", data={"company_id": str(c.id), "dry_run": "false"},
                    files={"file": ("punches.csv", good, "text/csv")}, headers={"Idempotency-Key": "off-1"})
    assert r.status_code == 200 and r.json()["days_new"] == 4
    month = client.get(f"/api/v1/hr/office-attendance?company_id={c.id}&month=2025-10-01").json()
    assert [e["employee_code"] for e in month["employees"]] == ["E1", "E2"]
    q = ("query($c: ID!) { hrOfficeAttendance(companyId: $c, month: \"2025-10-01\") "
         "{ officeStart employees { employeeCode overtimeHours days { day firstIn lastOut hours } } } }")
    g = client.post("/graphql", json={"query": q, "variables": {"c": str(c.id)}}).json()
    assert g["data"]["hrOfficeAttendance"]["employees"][0]["days"][0]["firstIn"] == "08:55", g
    mq = ("mutation($c: ID!, $t: String!) { hrImportOfficeAttendance(companyId: $c, content: $t, dryRun: false) "
          "{ duplicate daysNew columns problems { code field messageBn } } }")
    g = client.post("/graphql", json={"query": mq, "variables": {"c": str(c.id), "t": good.decode()}}).json()
    assert g["data"]["hrImportOfficeAttendance"]["duplicate"] is True, g

    en = client.get(f"/hr/attendance?company={c.id}&month=2025-10&lang=en")
    assert en.status_code == 200 and "Office attendance" in en.text and "Karim Ahmed" in en.text
    assert "Import from the check-in/out devices" in en.text
    bn = client.get(f"/hr/attendance?company={c.id}&month=2025-10&lang=bn")
    assert bn.status_code == 200 and "অফিসের হাজিরা" in bn.text and "করিম আহমেদ" in bn.text and "১০.৫" in bn.text
    assert not latin_in_main(bn.text), latin_in_main(bn.text)
    csrf = client.cookies.get("vx_csrf")
    checked = client.post("/hr/attendance/import?lang=bn", data={"csrf_token": csrf, "company_id": str(c.id),
                                                                 "month": "2025-10", "action": "check"},
                          files={"file": ("bad.csv", bad, "text/csv")})
    assert checked.status_code == 200 and "শুধু সঠিক সারিগুলো আমদানি করুন" in checked.text
    assert "কোম্পানির কোনো কর্মীর কোড" in checked.text and not latin_in_main(checked.text.replace("E9", ""))
    content = re.search(r'name="content" value="([^"]+)"', checked.text).group(1)
    done = client.post("/hr/attendance/import?lang=en", data={"csrf_token": csrf, "company_id": str(c.id),
                                                              "month": "2025-10", "action": "import_valid",
                                                              "content": content, "filename": "bad.csv"})
    assert done.status_code == 200 and "Imported" in done.text
    assert stored_days() == 5  # E1 on 6 October added


def _punches(first: date, days: int) -> bytes:
    from datetime import timedelta

    rows = ["AC-No.,Name,Time,State,New State,Exception"]
    for i in range(days):
        d = (first + timedelta(days=i)).isoformat()
        rows += [f"E1,Karim,{d} 08:55:10,C/In,,OK", f"E1,Karim,{d} 17:05:00,C/Out,,OK"]
    return ("\r\n".join(rows) + "\r\n").encode()


def test_office_days_earn_annual_leave_as_muster_days_do(db, admin):
    """BLA s.117: one day of annual leave for every 18 days of work. An office employee's days come from the
    check-in devices: 31 days of October and 7 of November 2025 imported = 38 days worked → int(38 / 18) = 2
    days earned in 2025 (E2, with no punches, earns none)."""
    c, (e1, e2) = setup_office()
    assert {b.leave_type: b for b in service.balances(e1.id, 2025)}["earned"].earned == 0
    imp(c, "oct.csv", content=_punches(date(2025, 10, 1), 31))
    imp(c, "nov.csv", content=_punches(date(2025, 11, 1), 7))
    earned = {b.leave_type: b for b in service.balances(e1.id, 2025)}["earned"]
    assert (earned.earned, earned.left) == (D(2), D(2))
    assert {b.leave_type: b for b in service.balances(e2.id, 2025)}["earned"].earned == 0
    assert {b.leave_type: b for b in service.balances(e1.id, 2024)}["earned"].earned == 0  # 2025's days only
