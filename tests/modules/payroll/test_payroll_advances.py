"""Salary advances and loans on both databases: given and disbursed (Dr 1143 / Cr cash or bank), recovered by
monthly runs and by wage runs of daily workers, within the deduction cap of the Bangladesh Labour Act 2006
(s.125(2)(cha): deductions for recovery of advances and loans are allowed; s.129: by instalments; all deductions
of a wage period together at most half its wages, the default `deduction_cap`, see domain/advances.py), the rest
carried to the next run and shown on the slip. Journals balance to the poisha; a recomputed draft never takes
the money twice; over any sequence of runs the total recovered equals the amount given and never exceeds it."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from decimal import ROUND_DOWN
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payroll_setup import SAT, give, month_run, post, setup, staff, week, worker
from sqlalchemy import func, select

from bangla_text import latin_in_main
from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import api as hr_api
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import service
from vextrus.modules.payroll.domain import advances as rules
from vextrus.modules.payroll.schemas import (
    AdvanceInput,
    OvertimeInput,
    WageRunRequest,
)
from vextrus.modules.payroll.tables import AdvanceRecoveryRow, AdvanceRow
from vextrus.modules.projects import service as projects
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id


def balanced(code, entry_id):
    entry = finance.get_entry(code, entry_id)
    dr, cr = sum(ln.debit for ln in entry.lines), sum(ln.credit for ln in entry.lines)
    assert dr == cr
    return entry


def credit_of(entry, account):
    return sum((ln.credit for ln in entry.lines if ln.account_code == account), D(0))


def test_an_advance_is_recovered_over_three_months_to_zero_exactly(db, admin):
    c = setup()
    e = staff(c)
    a = give(c, e, "10000.00", date(2026, 1, 1), instalments=3, given_on=date(2025, 12, 20), paid_from="bank")
    # 10,000 ÷ 3 rounded UP to the poisha: 3,333.34 + 3,333.34 + 3,333.32 = 10,000.00 in three months
    assert (a.instalment_amount, a.balance, a.status, a.kind) == (D("3333.34"), D("10000.00"), "active", "advance")
    paid = balanced("PBL", a.entry_id)
    assert [(ln.account_code, ln.debit, ln.credit) for ln in paid.lines] == [
        ("1143", D("10000.00"), D(0)), ("1120", D(0), D("10000.00"))]
    assert finance_api.account_balance("PBL", "1143") == D("10000.00")
    # December: the advance is not due before its start month
    dec = post(month_run(c, date(2025, 12, 1)))
    assert dec.advances == 0 and dec.payslips[0].advance == 0
    recovered = []
    for m in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)):
        draft = month_run(c, m)
        again = month_run(c, m)  # a draft computed again takes the instalment once
        assert again.id == draft.id and again.payslips[0].advance == draft.payslips[0].advance
        p = again.payslips[0]
        assert p.deductions == p.tax + p.pf_employee + p.advance and p.net == p.gross - p.deductions
        assert service.get_advance(a.id).pending == p.advance
        run = post(again)
        entry = balanced("PBL", run.entry_id)
        assert credit_of(entry, "1143") == run.advances == p.advance
        # Dr expense = Cr salaries payable + TDS + PF + advances, to the poisha
        assert sum(ln.debit for ln in entry.lines) == sum(x.gross + x.pf_employer for x in run.payslips)
        assert credit_of(entry, "2160") == run.net
        recovered.append(p.advance)
    assert recovered == [D("3333.34"), D("3333.34"), D("3333.32")]
    done = service.get_advance(a.id)
    assert (done.recovered, done.balance, done.pending, done.status) == (D("10000.00"), D(0), D(0), "settled")
    assert [(r.period, r.due, r.amount, r.status) for r in done.recoveries] == [
        ("2026-01", D("3333.34"), D("3333.34"), "posted"), ("2026-02", D("3333.34"), D("3333.34"), "posted"),
        ("2026-03", D("3333.32"), D("3333.32"), "posted")]
    assert finance_api.account_balance("PBL", "1143") == 0
    april = month_run(c, date(2026, 4, 1))
    assert april.payslips[0].advance == 0 and april.advances == 0


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


def test_the_payslip_pdf_shows_the_recovery_among_the_deductions_in_both_languages(db, admin):
    c = setup()
    e = staff(c)
    give(c, e, "10000.00", date(2026, 1, 1), instalments=3, given_on=date(2025, 12, 20))
    dec, jan = (month_run(c, m).payslips[0] for m in (date(2025, 12, 1), date(2026, 1, 1)))
    assert jan.advance == D("3333.34")
    en = _pdf_text(service.payslip_pdf(jan.id, "en")[1])
    assert "Advance and loan recovery 3,333.34" in en, en
    assert f"Total deductions {jan.deductions:,.2f}" in en, en
    bn = _pdf_text(service.payslip_pdf(jan.id, "bn")[1])
    assert "অগ্রিম ও ঋণ আদায় ৩,৩৩৩.৩৪" in bn, bn
    # a month with nothing recovered prints no recovery line
    assert "Advance and loan recovery" not in _pdf_text(service.payslip_pdf(dec.id, "en")[1])


def test_the_cap_of_half_the_wages_bites_and_the_rest_is_carried_on_the_monthly_run(db, admin):
    c = setup()
    e = staff(c, grade="W1", workplace="site", employment_type="contractual")  # 12,000 a month, no PF, no tax
    a = give(c, e, "20000", date(2025, 10, 1), instalment_amount=D("8000"), kind="loan")
    oct_ = month_run(c, date(2025, 10, 1), overtime=[OvertimeInput(employee_id=e.id, hours=0, absent_days=D(15))])
    p = oct_.payslips[0]
    assert p.gross == D("6000.00") and p.tax == 0 and p.pf_employee == 0  # 12,000 − 15 × 400
    assert (p.advance_due, p.advance) == (D("8000.00"), D("3000.00"))  # half of 6,000: BLA s.125 cap
    page_slip = p
    post(oct_)
    nov = month_run(c, date(2025, 11, 1)).payslips[0]
    # one instalment more (8,000 × 2 − 3,000 recovered = 13,000 due), the cap lets 6,000 of 12,000 through
    assert (nov.advance_due, nov.advance) == (D("13000.00"), D("6000.00"))
    assert service.get_advance(a.id).balance == D("17000.00")
    assert page_slip.deductions <= page_slip.gross / 2


def test_a_wage_run_deducts_the_instalment_within_the_cap_and_its_journal_balances(db, admin):
    c = setup()
    site = projects.create_project("S-PBL", "Padma Tower", name_bn="পদ্মা টাওয়ার", company_id=c.id).id
    w1, w2 = worker(c, site, "W-1", D(500)), worker(c, site, "W-2", D(800))
    a1 = give(c, w1, "3000", date(2025, 10, 1), instalment_amount=D("1000"))
    a2 = give(c, w2, "1000", date(2025, 10, 1), instalment_amount=D("700"))
    week(c, site, [w1, w2], SAT, present={w1.id: 3, w2.id: 6})
    run = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=SAT, period_end=SAT + timedelta(6)))
    slips = {s.employee_code: s for s in run.slips}
    # W-1: 3 days × 500 = 1,500; 1,000 due, half of 1,500 = 750 deducted, 250 carried
    assert (slips["W-1"].gross, slips["W-1"].advance_due, slips["W-1"].deductions) == (D(1500), D(1000), D(750))
    assert (slips["W-2"].gross, slips["W-2"].advance_due, slips["W-2"].deductions) == (D(4800), D(700), D(700))
    assert run.deductions == D(1450) and run.net == run.gross - D(1450)
    run = service.post_wage_run(service.approve_wage_run(run.id).id)
    entry = balanced("PBL", run.entry_id)
    assert credit_of(entry, "1143") == D(1450) and credit_of(entry, "2160") == run.net
    assert sum(ln.debit for ln in entry.lines) == run.gross
    assert service.get_advance(a1.id).balance == D(2250)
    assert (service.get_advance(a2.id).balance, service.get_advance(a2.id).status) == (D(300), "active")
    nxt = SAT + timedelta(7)
    week(c, site, [w1, w2], nxt, present={w1.id: 6, w2.id: 6})
    run2 = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=nxt, period_end=nxt + timedelta(6)))
    s2 = {s.employee_code: s for s in run2.slips}
    assert (s2["W-1"].advance_due, s2["W-1"].deductions) == (D(1250), D(1250))  # 1,000 + 250 carried
    assert (s2["W-2"].advance_due, s2["W-2"].deductions) == (D(300), D(300))  # never more than the balance
    service.post_wage_run(service.approve_wage_run(run2.id).id)
    assert service.get_advance(a2.id).status == "settled"
    assert finance_api.account_balance("PBL", "1143") == D(1000)  # 4,000 given, 3,000 recovered


def test_bad_input_is_refused_naming_the_field_in_english_and_bangla_and_nothing_is_written(db, admin):
    c = setup()
    e = staff(c)
    cases = [
        (dict(amount=D(0), instalments=2), "amount", "payroll.advance_amount_not_positive"),
        (dict(amount=D("100.005"), instalments=2), "amount", "payroll.advance_amount_precision"),
        (dict(amount=D(1000)), "instalment_amount", "payroll.advance_instalment_missing"),
        (dict(amount=D(1000), instalments=2, instalment_amount=D(500)), "instalment_amount",
         "payroll.advance_instalment_missing"),
        (dict(amount=D(1000), instalment_amount=D(1500)), "instalment_amount", "payroll.advance_instalment_above_amount"),
        (dict(amount=D(1000), instalments=0), "instalments", "payroll.advance_instalments_invalid"),
        (dict(amount=D(1000), instalments=2, kind="gift"), "kind", "payroll.advance_kind_invalid"),
        (dict(amount=D(1000), instalments=2, paid_from="bkash"), "paid_from", "payroll.advance_paid_from_invalid"),
        (dict(amount=D(1000), instalments=2, start_month=date(2025, 11, 15)), "start_month",
         "payroll.advance_start_not_month"),
        (dict(amount=D(1000), instalments=2, start_month=date(2025, 9, 1)), "start_month",
         "payroll.advance_start_before_given"),
        (dict(amount=D(1000), instalments=2, employee_id=new_id()), "employee_id", "payroll.advance_employee_unknown"),
    ]
    for kw, field, code in cases:
        data = dict(company_id=c.id, employee_id=e.id, given_on=date(2025, 10, 10), start_month=date(2025, 11, 1))
        with pytest.raises(ValidationFailed) as err:
            service.give_advance(AdvanceInput(**{**data, **kw}))
        assert (err.value.field, err.value.code) == (field, code), kw
        assert err.value.message and err.value.message_bn and err.value.message != err.value.message_bn
    assert service.list_advances(c.id).items == []
    assert finance_api.account_balance("PBL", "1143") == 0
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(AdvanceRow)) == 0


def test_cancel_reverses_the_payment_only_before_any_run_takes_it_and_permissions_hold(db, admin, tenant_id):
    from vextrus.platform import context

    c = setup()
    e = staff(c)
    a = give(c, e, "5000", date(2025, 10, 1), instalments=5, given_on=date(2025, 9, 30))
    gone = service.cancel_advance(a.id, a.version)
    assert gone.status == "cancelled" and finance_api.account_balance("PBL", "1143") == 0
    with pytest.raises(Conflict):
        service.cancel_advance(a.id)
    b = give(c, e, "5000", date(2025, 10, 1), instalments=5)
    month_run(c, date(2025, 10, 1))  # a draft already deducts it
    with pytest.raises(Conflict) as err:
        service.cancel_advance(b.id)
    assert err.value.code == "payroll.advance_has_recoveries" and err.value.message_bn
    clerk = context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                   permissions=frozenset({"payroll.advance.view"}), actor="clerk@test")
    with context.acting_as(clerk):
        assert len(service.list_advances(c.id).items) == 2
        with pytest.raises(PermissionDenied):
            give(c, e, "100", date(2025, 10, 1), instalments=1)


CAP = D("0.5")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.decimals(min_value=D(1), max_value=D(30_000), places=2), st.integers(1, 6),
       st.lists(st.tuples(st.integers(0, 29), st.booleans()), min_size=1, max_size=5))
def test_property_total_recovered_equals_the_amount_and_never_exceeds_it(db, admin, amount, n, months):
    """Any sequence of monthly runs (random absences, some drafts computed twice): each slip's deductions stay
    within half its wages, the total recovered never exceeds the amount, and once runs have room it is exactly
    the amount; the advances account ends at zero."""
    code = f"P{new_id().hex[-6:]}".upper()
    c = setup(code)
    e = staff(c, grade="W1", workplace="site", employment_type="contractual")
    a = give(c, e, amount, date(2025, 7, 1), instalments=n)
    total = D(0)
    day = date(2025, 7, 1)
    for absent, twice in months:
        ot = [OvertimeInput(employee_id=e.id, hours=0, absent_days=D(absent))]
        if twice:
            month_run(c, day)
        run = post(month_run(c, day, overtime=ot))
        p = run.payslips[0]
        assert p.deductions <= (p.gross * CAP).quantize(D("0.01"), ROUND_DOWN)
        total += p.advance
        assert total <= amount and service.get_advance(a.id).recovered == total
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    while total < amount:  # full months until it is recovered (12,000 wages: at most 6,000 a month)
        total += post(month_run(c, day)).payslips[0].advance
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        assert day < date(2026, 7, 1)
    done = service.get_advance(a.id)
    assert total == amount == done.recovered and done.status == "settled" and done.balance == 0
    assert finance_api.account_balance(code, "1143") == 0
    with db.session_factory() as s:
        assert s.scalar(select(func.sum(AdvanceRecoveryRow.amount)).where(AdvanceRecoveryRow.advance_id == a.id)) == amount


@given(st.decimals(min_value=D("0.01"), max_value=D(10**6), places=2), st.integers(1, 120),
       st.lists(st.decimals(min_value=D(0), max_value=D(10**5), places=2), min_size=1, max_size=40))
def test_property_pure_recovery_never_exceeds_and_reaches_the_amount(amount, n, rooms):
    instalment = rules.check_advance(kind="loan", paid_from="cash", given_on=date(2026, 1, 1), amount=amount,
                                     instalment_amount=None, instalments=n, start_month=date(2026, 1, 1))
    recovered, periods = D(0), 0
    for r in rooms + [amount] * n:  # then runs with room for everything due
        owed = rules.due(amount, instalment, recovered, periods)
        if not owed:
            break
        take = rules.recover([("a", owed)], r)[0]
        assert take.amount <= owed <= amount - recovered
        recovered, periods = recovered + take.amount, periods + 1
    assert recovered == amount


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_graphql_and_pages_in_english_and_bangla(client):
    c = setup()
    e = staff(c, grade="W1", workplace="site", employment_type="contractual")
    body = {"company_id": str(c.id), "employee_id": str(e.id), "given_on": "2025-10-05", "amount": "9000",
            "instalment_amount": "8000", "start_month": "2025-10-01", "paid_from": "cash"}
    r1 = client.post("/api/v1/payroll/advances", json=body, headers={"Idempotency-Key": "adv-1"})
    r2 = client.post("/api/v1/payroll/advances", json=body, headers={"Idempotency-Key": "adv-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    assert client.get(r1.headers["location"]).json()["balance"] == "9000.00"
    bad = client.post("/api/v1/payroll/advances", json={**body, "instalment_amount": "9500"})
    assert bad.status_code == 422 and bad.json()["field"] == "instalment_amount" and bad.json()["message_bn"]
    assert bad.json()["code"] == "payroll.advance_instalment_above_amount"
    assert len(client.get(f"/api/v1/payroll/advances?company_id={c.id}").json()["items"]) == 1
    g = ('mutation { givePayrollAdvance(data: {companyId: "' + str(c.id) + '", employeeId: "' + str(e.id) +
         '", givenOn: "2025-10-06", amount: "1000", instalments: 2, startMonth: "2025-11-01", kind: "loan"}, '
         'idempotencyKey: "adv-g") { id instalmentAmount balance status } }')
    made = client.post("/graphql", json={"query": g}).json()["data"]["givePayrollAdvance"]
    assert made["instalmentAmount"] == "500.00" and made["status"] == "active"
    q = '{ payrollAdvances(companyId: "' + str(c.id) + '") { nodes { employeeCode amount balance } } }'
    assert len(client.post("/graphql", json={"query": q}).json()["data"]["payrollAdvances"]["nodes"]) == 2
    run = month_run(c, date(2025, 10, 1))
    p = run.payslips[0]
    assert (p.advance_due, p.advance) == (D(8000), D(6000))  # half of 12,000: the cap bites
    slip_en = client.get(f"/payroll/payslips/{p.id}?lang=en").text
    slip_bn = client.get(f"/payroll/payslips/{p.id}?lang=bn").text
    assert 'id="advance-capped"' in slip_en and "carried to the next run" in slip_en
    assert "পরের চালনায় যাবে" in slip_bn and "২,০০০.০০" in slip_bn and latin_in_main(slip_bn) == []
    run_bn = client.get(f"/payroll/runs/{run.id}?lang=bn").text
    assert 'id="cap-note"' in run_bn and latin_in_main(run_bn) == []
    aid = r1.json()["id"]
    for lang in ("en", "bn"):
        index = client.get(f"/payroll/advances?company={c.id}&lang={lang}")
        page = client.get(f"/payroll/advances/{aid}?lang={lang}")
        assert index.status_code == page.status_code == 200 and f"/payroll/advances/{aid}" in index.text
        assert 'id="give-advance"' in index.text and 'id="schedule"' in page.text
    assert "Advances and loans" in client.get(f"/payroll/advances?company={c.id}&lang=en").text
    bn_index = client.get(f"/payroll/advances?company={c.id}&lang=bn").text
    bn_page = client.get(f"/payroll/advances/{aid}?lang=bn").text
    assert "অগ্রিম ও ঋণ" in bn_index and "কর্তনের সূচি" in bn_page and "খসড়া" in bn_page
    assert latin_in_main(bn_index) == [] and latin_in_main(bn_page) == []
    assert f"/payroll/advances?company={c.id}" in client.get(f"/payroll?company={c.id}&lang=bn").text
    assert client.get(f"/payroll/advances/{new_id()}?lang=bn").status_code == 404


def test_an_advance_is_given_and_cancelled_from_the_pages(client):
    c = setup()
    e = staff(c)
    client.get("/payroll")
    client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
    form = {"company_id": str(c.id), "employee_id": str(e.id), "kind": "advance", "given_on": "২০২৫-১০-০৫",
            "amount": "১২,০০০", "instalments": "৩", "start_month": "2025-11-01", "paid_from": "cash"}
    bad = client.post("/payroll/advances?lang=bn", data={**form, "start_month": "2025-09-01"}, follow_redirects=False)
    assert bad.status_code == 422 and 'role="alert"' in bad.text and 'aria-invalid="true"' in bad.text
    assert latin_in_main(bad.text) == [] and service.list_advances(c.id).items == []
    made = client.post("/payroll/advances", data=form, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/payroll/advances/")
    a = service.list_advances(c.id).items[0]
    assert (a.amount, a.instalment_amount, a.given_on) == (D(12000), D(4000), date(2025, 10, 5))
    page = client.get(made.headers["location"] + "?lang=bn").text
    assert 'id="advance-cancel"' in page and "অগ্রিম বাতিল" in page
    stale = client.post(f"/payroll/advances/{a.id}/cancel", data={"expected_version": str(a.version + 1)},
                        follow_redirects=False)
    assert stale.status_code == 409 and service.get_advance(a.id).status == "active"
    done = client.post(f"/payroll/advances/{a.id}/cancel", data={"expected_version": str(a.version)},
                       follow_redirects=False)
    assert done.status_code == 303 and service.get_advance(a.id).status == "cancelled"


def test_finance_0003_adds_account_1143_to_an_older_book_once(db, admin):
    """A new book has 1143 from the chart template; a book made before it gets it from finance_0003, once."""
    import importlib

    from sqlalchemy import delete

    from vextrus.modules.finance.tables import Account

    mig = importlib.import_module("vextrus.modules.finance.migrations.0003_employee_advances_account")
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    book = finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.ensure_book("RAW", "Imported book", template=None)  # no chart: no 1100 group, nothing added

    def acct():
        return next((a for a in finance.list_accounts("PBL") if a.code == "1143"), None)

    a = acct()
    assert a is not None and (a.account_type, a.subtype, a.parent_code) == ("asset", "advance", "1100")
    with db.session_factory() as s:
        s.execute(delete(Account).where(Account.book_id == book.id, Account.code == "1143"))
        s.commit()
    assert acct() is None
    pg = db.engine.dialect.name == "postgresql"
    with db.session_factory() as s:
        assert mig.add_advances(s.connection(), pg) == 1
        assert mig.add_advances(s.connection(), pg) == 0
        s.commit()
    a = acct()
    assert a is not None and (a.name_bn, a.version, a.tags) == ("কর্মীদের অগ্রিম ও ঋণ", 1, ["employee_advance"])


def test_the_wage_run_page_marks_a_deduction_the_cap_held_back_in_both_languages(client):
    c = setup()
    site = projects.create_project("S-PBL", "Padma Tower", name_bn="পদ্মা টাওয়ার", company_id=c.id).id
    w = worker(c, site, "W-1", D(500))
    a = give(c, w, "3000", date(2025, 10, 1), instalment_amount=D("1000"))
    week(c, site, [w], SAT, present={w.id: 3})
    run = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=SAT, period_end=SAT + timedelta(6)))
    en = client.get(f"/payroll/wage-runs/{run.id}?lang=en").text
    bn = client.get(f"/payroll/wage-runs/{run.id}?lang=bn").text
    assert 'id="capped-W-1"' in en and "Due ৳1,000.00" in en and "carried to the next run" in en
    assert 'id="cap-note"' in bn and "৳৭৫০.০০" in bn and "পরের চালনায় যাবে" in bn and latin_in_main(bn) == []
    sched = client.get(f"/payroll/advances/{a.id}?lang=bn").text
    assert "৳২৫০.০০" in sched and 'id="advance-cancel"' not in sched and latin_in_main(sched) == []
