"""Separation with final settlement (Bangladesh Labour Act 2006, "BLA"), on both databases: the worked example
with every figure derived below, the journal equal to the statement to the poisha (hypothesis), bad input refused
with code, en/bn message and field and nothing stored, a separated employee left out of later runs, REST with a
retried Idempotency-Key, GraphQL, the employee page and the PDF statement in English and Bangla."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from payroll_setup import give, month_run, post, setup, staff
from sqlalchemy import func, select

from bangla_text import latin_words
from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.payroll import service
from vextrus.modules.payroll.domain import settlement as rules
from vextrus.modules.payroll.schemas import ComponentInput, SettlementInput, StructureInput
from vextrus.modules.payroll.tables import SettlementRow
from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.uow import unit_of_work


def _grade_m30(c):
    # basic 30,000; house rent 50 % = 15,000; medical 1,500 fixed → gross 46,500 a month
    service.save_structure(StructureInput(company_id=c.id, grade="M30", basic=D(30_000), components=[
        ComponentInput(name="house_rent", basis="basic", value=D("0.5")),
        ComponentInput(name="medical", basis="fixed", value=D(1500))]))


def _lines(v):
    return {ln.code: ln.amount for ln in v.lines}


def _entry(entry_id):
    e = finance.get_entry("PBL", entry_id)
    assert sum(ln.debit for ln in e.lines) == sum(ln.credit for ln in e.lines)
    return e


def test_worked_example_termination_after_12_years_7_months(db, admin):
    """Joined 1 July 2013, last day 31 January 2026 (after January's run is posted): 12 years 7 months of
    service. Termination by the employer (s.26), no notice given; basic 30,000, gross 46,500.

    - Service (BLA s.2(10), "any part thereof in excess of six months"): 12 years + 7 months → **13 years**.
    - Wages of the last month: January is paid by its posted run → **0** (no line).
    - Notice (s.26(1): 120 days for a permanent worker; s.26(3) wages in lieu): 120 × 46,500 ÷ 30 = **186,000.00**.
    - Compensation (s.26(4)) 30 days a year: 30,000 ÷ 30 × 30 × 13 = 390,000; gratuity (s.2(10), 45 days a year
      beyond 10 years, the payroll setting): 30,000 ÷ 30 × 45 × 13 = **585,000.00**: "whichever is higher" →
      gratuity 585,000.00, no compensation line.
    - Unavailed annual leave (s.11): 0 days here (no muster rolls: hr's balance is 0) → no line.
    - PF (employee 10 % + employer 10 % of basic, January's run): 3,000.00 + 3,000.00; the employer's vests
      after 3 completed years (setting) → both paid out: **6,000.00**.
    - Advance outstanding: 20,000 given, January took 1,000 (1 instalment of 1,000 in 20) → **19,000.00**
      recovered (s.125(2)).
    - Tax (ITA 2023 §86): year-to-date salary (January's run only: 46,500 gross) + 186,000 taxable = 232,500,
      below the 3,75,000 threshold of 2025-26 → tax **0** (January withheld 0).
    - Net = 186,000 + 585,000 + 3,000 + 3,000 − 19,000 = **758,000.00**.
    Journal: Dr 5210 salary 186,000 + Dr 5210 gratuity 585,000 + Dr 2170 PF 6,000 = 777,000;
    Cr 1143 19,000 + Cr 2160 758,000 = 777,000."""
    c = setup()
    _grade_m30(c)
    e = staff(c, "E12", grade="M30", joining_date=date(2013, 7, 1))
    give(c, e, "20000.00", date(2026, 1, 1), instalment_amount=D(1000), given_on=date(2025, 12, 20))
    jan = post(month_run(c, date(2026, 1, 1)))
    slip = jan.payslips[0]
    assert (slip.gross, slip.pf_employee, slip.pf_employer, slip.advance, slip.tax) == (
        D("46500.00"), D("3000.00"), D("3000.00"), D("1000.00"), D(0))
    v = service.draft_settlement(e.id, SettlementInput(kind="termination", last_day=date(2026, 1, 31)))
    assert (v.years, v.service_months, v.status, v.leave_days, v.leave_source) == (13, 151, "draft", 0, "hr")
    assert _lines(v) == {"notice_pay": D("186000.00"), "gratuity": D("585000.00"), "pf_employee": D("3000.00"),
                         "pf_employer": D("3000.00"), "advances": D("-19000.00")}
    sections = {ln.code: ln.section for ln in v.lines}
    assert sections["gratuity"] == "BLA s.2(10), BLA s.26(4)" and sections["notice_pay"] == "BLA s.26(1)-(3)"
    assert {ln.code: ln.section_bn for ln in v.lines}["gratuity"] == "শ্রম আইন ২০০৬ ধারা ২(১০), শ্রম আইন ২০০৬ ধারা ২৬(৪)"
    assert (v.earnings, v.deductions, v.net, v.due_by) == (D("777000.00"), D("19000.00"), D("758000.00"),
                                                          date(2026, 3, 2))
    assert service.get_employee(e.id).status == "active"  # a draft separates nobody
    v = service.approve_settlement(e.id, v.version)
    posted = service.post_settlement(e.id, v.version)
    assert posted.status == "posted" and posted.entry_number
    entry = _entry(posted.entry_id)
    got = sorted((ln.account_code, ln.debit, ln.credit) for ln in entry.lines)
    assert got == sorted([("5210", D("186000.00"), D(0)), ("5210", D("585000.00"), D(0)),
                          ("2170", D("6000.00"), D(0)), ("1143", D(0), D("19000.00")),
                          ("2160", D(0), D("758000.00"))])
    assert entry.entry_date == date(2026, 1, 31)
    assert finance_api.account_balance("PBL", "1143") == 0  # the advance is settled
    assert finance_api.account_balance("PBL", "2170") == 0  # PF paid out
    assert service.get_advance(service.list_advances(c.id, e.id).items[0].id).status == "settled"
    emp = service.get_employee(e.id)
    assert (emp.status, emp.separated_on, emp.separation_kind) == ("separated", date(2026, 1, 31), "termination")
    # later runs leave the separated employee out: February has only the other employee
    staff(c, "E13")
    feb = month_run(c, date(2026, 2, 1))
    assert [p.employee_code for p in feb.payslips] == ["E13"]


def test_resignation_mid_month_short_notice_leave_and_the_6_month_rule(db, admin):
    """Joined 1 March 2022, last day 15 October 2025 (a resignation, 20 days' notice given of 60): service
    3 years 7 months 15 days → 4 years counted (s.2(10)). Grade G1: basic 20,000, gross 20,000 + 10,000 + 1,500
    = 31,500. No run of October: wages 31,500 × 15 ÷ 31 = 15,241.935… → **15,241.94**. Notice short 40 days
    (s.27(1): 60; s.27(3)): 40 × 31,500 ÷ 30 = 42,000.00 deducted. Resignation under 5 years: no compensation
    (s.27(4)); gratuity (s.2(10)) 20,000 ÷ 30 × 30 × 4 = **80,000.00**. No leave given to hr → 0.
    Net = 15,241.94 + 80,000 − 42,000 = **53,241.94** (no PF: no posted run)."""
    c = setup()
    e = staff(c, "R1", joining_date=date(2022, 3, 1))
    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 10, 15),
                                                       notice_given_days=20))
    assert v.years == 4 and _lines(v) == {"wages": D("15241.94"), "gratuity": D("80000.00"),
                                          "notice_deduction": D("-42000.00")}
    assert v.net == D("53241.94")
    # the same draft again with other facts: computed again in place (one settlement per employee)
    again = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 10, 15),
                                                           notice_given_days=60), v.version)
    assert again.id == v.id and "notice_deduction" not in _lines(again) and again.net == D("95241.94")
    # dismissal for misconduct: no compensation, no gratuity, no notice (s.23)
    d = service.draft_settlement(e.id, SettlementInput(kind="dismissal", last_day=date(2025, 10, 15)), again.version)
    assert _lines(d) == {"wages": D("15241.94")}


def test_the_6_month_rule_of_section_2_10():
    assert rules.service_years(date(2020, 1, 1), date(2020, 6, 30)) == (0, 0, 6)  # exactly six months: not counted
    assert rules.service_years(date(2020, 1, 1), date(2020, 7, 1))[0] == 1  # six months and a day: a year
    assert rules.service_years(date(2013, 7, 1), date(2026, 1, 31)) == (13, 12, 7)
    assert rules.service_years(date(2015, 1, 1), date(2025, 6, 30)) == (10, 10, 6)  # 10 y 6 m: 10, so 30 days a year


def _refused(exc: DomainError, code: str, field: str):
    assert exc.code == code and exc.field == field and exc.message and exc.message_bn, exc
    assert re.search(r"[\u0980-\u09ff]", exc.message_bn)


def _count():
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(SettlementRow))


def test_bad_input_is_refused_by_field_in_both_languages_and_nothing_is_stored(db, admin):
    c = setup()
    e = staff(c, "B1", joining_date=date(2024, 5, 1))
    before = (_count(), finance_api.account_balance("PBL", "2160"))
    with pytest.raises(ValidationFailed) as bad:  # before the joining date
        service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2024, 4, 30)))
    _refused(bad.value, "payroll.last_day_before_joining", "last_day")
    with pytest.raises(ValidationFailed) as bad:
        service.draft_settlement(e.id, SettlementInput(kind="sacked", last_day=date(2025, 10, 31)))
    _refused(bad.value, "payroll.separation_kind_invalid", "kind")
    with pytest.raises(ValidationFailed) as bad:
        service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 10, 31),
                                                       notice_given_days=-1))
    _refused(bad.value, "payroll.notice_days_invalid", "notice_given_days")
    with pytest.raises(ValidationFailed) as bad:  # hr runs: leave comes from its balance, never typed
        service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 10, 31),
                                                       leave_days=D(5)))
    _refused(bad.value, "payroll.leave_days_from_hr", "leave_days")
    with pytest.raises(DomainError) as bad:  # an unknown employee
        service.draft_settlement(new_id(), SettlementInput(kind="resignation", last_day=date(2025, 10, 31)))
    assert bad.value.code == "not_found" and bad.value.message_bn
    assert (_count(), finance_api.account_balance("PBL", "2160")) == before
    # posted twice, and an already separated employee
    v = service.draft_settlement(e.id, SettlementInput(kind="end_of_contract", last_day=date(2025, 10, 31)))
    with pytest.raises(Conflict) as bad:  # posting a draft: approve first
        service.post_settlement(e.id, v.version)
    _refused(bad.value, "payroll.settlement_not_approved", "status")
    service.post_settlement(e.id, service.approve_settlement(e.id).version)
    after = (_count(), finance_api.account_balance("PBL", "2160"))
    with pytest.raises(Conflict) as bad:
        service.post_settlement(e.id)
    _refused(bad.value, "payroll.settlement_not_approved", "status")
    with pytest.raises(Conflict) as bad:
        service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 11, 30)))
    _refused(bad.value, "payroll.employee_already_separated", "employee_id")
    assert (_count(), finance_api.account_balance("PBL", "2160")) == after


@settings(max_examples=40)
@given(kind=st.sampled_from(rules.KINDS), days=st.integers(0, 365 * 25), basic=st.integers(8_000, 400_000),
       share=st.decimals("0", "1", places=2), notice=st.integers(0, 150), leave=st.integers(0, 40),
       pf=st.integers(0, 900_000), advances=st.integers(0, 2_000_000), ytd=st.integers(0, 3_000_000),
       vest=st.integers(0, 6))
def test_the_journal_equals_the_statement_and_balances(kind, days, basic, share, notice, leave, pf, advances, ytd,
                                                      vest):
    """Pure property: the settlement's journal debits = credits = the statement's lines to the poisha, and the
    net is never negative."""
    last = date.fromordinal(date(2024, 7, 1).toordinal() + days % 730)  # income years with tax rules
    joined = date.fromordinal(last.toordinal() - days)
    b = D(basic)
    f = rules.SettlementFacts(kind, last, joined, "permanent", b, b + (b * share).quantize(D("0.01")),
                              notice_given_days=notice, leave_days=D(leave), pf_employee=D(pf) / 100,
                              pf_employer=D(pf) / 100, advances=D(advances) / 100, ytd_gross=D(ytd),
                              cfg={"pf_vesting_years": str(vest)})
    s = rules.compute(f)
    j = rules.journal(s)
    assert j.debits == j.credits
    assert j.net == s.net == sum(ln.amount for ln in s.lines) >= 0
    assert all(ln.amount == ln.amount.quantize(D("0.01")) and ln.amount != 0 for ln in s.lines)
    assert j.debits == s.earnings + s.pf_forfeited and j.credits - j.pf_forfeited == s.deductions + s.net


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


def test_rest_idempotency_graphql_page_and_pdf_in_english_and_bangla(client):
    c = setup()
    _grade_m30(c)
    e = staff(c, "P1", grade="M30", joining_date=date(2013, 7, 1), name_bn="করিম")
    url = f"/api/v1/payroll/employees/{e.id}/settlement"
    body = {"kind": "retirement", "last_day": "2025-12-31"}
    r1 = client.post(url, json=body, headers={"Idempotency-Key": "set-1"})
    r2 = client.post(url, json=body, headers={"Idempotency-Key": "set-1"})  # retried: the same answer, once
    assert r1.status_code == r2.status_code == 201 and r1.json() == r2.json()
    assert r1.headers["Location"] == url and r1.json()["version"] == r2.json()["version"]
    # retirement (s.28(3)) 30 days a year or gratuity, whichever is higher: 12 y 6 m → 12 years; gratuity at
    # 45 days (over 10 years) = 30,000 ÷ 30 × 45 × 12 = 540,000 > 360,000; December's wages 46,500 (no run)
    lines = {ln["code"]: ln["amount"] for ln in r1.json()["lines"]}
    assert lines == {"wages": "46500.00", "gratuity": "540000.00"} and r1.json()["years"] == 12
    bad = client.post(url, json={"kind": "retirement", "last_day": "2012-01-01"}, headers={"Accept-Language": "bn"})
    assert bad.status_code == 422 and bad.json()["code"] == "payroll.last_day_before_joining"
    assert bad.json()["field"] == "last_day" and bad.json()["message_bn"]
    a = client.post(url + "/approve", json={"expected_version": r1.json()["version"]}, headers={"Idempotency-Key": "a1"})
    assert a.status_code == 200 and a.json()["status"] == "approved"
    g = ('query { payrollSettlement(employeeId: "' + str(e.id) + '") { status net years lines { code section sectionBn amount } } }')
    got = client.post("/graphql", json={"query": g}).json()["data"]["payrollSettlement"]
    assert got["status"] == "approved" and got["years"] == 12 and len(got["lines"]) == 2
    client.get("/payroll")
    client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
    for lang, words in (("en", "Approved"), ("bn", "অনুমোদিত")):
        page = client.get(f"/payroll/employees/{e.id}?lang={lang}").text
        section = page.split('id="settlement"', 1)[1].split("</section>", 1)[0]
        assert words in section and 'id="settlement-act"' in section
    bn = client.get(f"/payroll/employees/{e.id}?lang=bn").text.split('id="settlement"', 1)[1].split("</section>", 1)[0]
    assert "শ্রম আইন ২০০৬ ধারা ২(১০)" in bn and "৫,৪০,০০০" in bn and latin_words(bn.split(">", 1)[1]) == []
    en = client.get(f"/payroll/employees/{e.id}?lang=en").text
    section = en.split('id="settlement"', 1)[1].split("</section>", 1)[0]
    assert "BLA s.2(10), BLA s.28(3)" in section and "5,40,000.00" in section, section
    pdf_en = _pdf_text(client.get(f"/payroll/employees/{e.id}/settlement.pdf?lang=en").content)
    assert "Final settlement statement" in pdf_en and "BLA s.2(10)" in pdf_en and "5,86,500.00" in pdf_en, pdf_en
    pdf_bn = _pdf_text(client.get(f"/payroll/employees/{e.id}/settlement.pdf?lang=bn").content)
    assert "চূড়ান্ত নিষ্পত্তি বিবরণী" in pdf_bn and "৫,৮৬,৫০০.০০" in pdf_bn
    # posted from the page: the employee leaves
    v = service.get_settlement(e.id)
    done = client.post(f"/payroll/employees/{e.id}/settlement/post", data={"expected_version": str(v.version)},
                       follow_redirects=False)
    assert done.status_code == 303 and service.get_employee(e.id).status == "separated"
    p1 = client.post(url + "/post", json={}, headers={"Idempotency-Key": "p-again"})
    assert p1.status_code == 409 and p1.json()["code"] == "payroll.settlement_not_approved"
    page = client.get(f"/payroll/employees/{e.id}?lang=bn").text
    assert 'id="separated"' in page and 'id="settlement-form"' not in page


def test_leave_from_hr_and_a_draft_run_of_the_last_month_loses_the_employee(db, admin):
    """A site employee present on 18 approved muster-roll days of October 2025 has earned 1 day of annual leave
    (BLA s.117: 1 day per 18 days worked), none taken: hr hands 1 day through payroll's port, encashed at
    gross ÷ 30 = 31,500 ÷ 30 = **1,050.00** (s.11). October's draft run, prepared before, loses the employee
    when the settlement is posted (its totals follow); November's run leaves the employee out."""
    from datetime import timedelta

    from payroll_setup import muster, site

    c = setup()
    s = site(c)
    e = staff(c, "L1", workplace="site", project_id=s, joining_date=date(2023, 1, 1))
    other = staff(c, "L2")
    for d in range(18):
        muster(c, s, date(2025, 10, 1) + timedelta(days=d), [(e, "present", 0)])
    draft = month_run(c, date(2025, 10, 1))
    assert {p.employee_code for p in draft.payslips} == {"L1", "L2"}
    v = service.draft_settlement(e.id, SettlementInput(kind="end_of_contract", last_day=date(2025, 10, 31)))
    assert (v.leave_days, v.leave_source) == (D(1), "hr")
    assert _lines(v)["leave"] == D("1050.00") and _lines(v)["wages"] == D("31500.00")
    service.post_settlement(e.id, service.approve_settlement(e.id).version)
    run = service.get_run(draft.id)
    assert [p.employee_code for p in run.payslips] == ["L2"] and run.status == "draft"
    assert (run.gross, run.net) == (run.payslips[0].gross, run.payslips[0].net)
    nov = month_run(c, date(2025, 11, 1))
    assert [p.employee_code for p in nov.payslips] == ["L2"] and other.id == nov.payslips[0].employee_id
