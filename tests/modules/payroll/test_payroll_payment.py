"""Paying a posted payroll run on both databases: one payment journal through finance (Dr salaries payable the
run's net / Cr bank 1120 for the bank and MFS part, Cr cash 1110 for the cash part, or one account chosen), dated
the day paid, once per run; the run becomes `paid`; a reversed run is not paid and a paid run is not reversed;
REST, GraphQL and the run page's form in English and Bangla; the employee page's payment details form."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from payroll_setup import SAT, month_run, post, setup, site, staff, week, worker

from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import api as hr_api
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import PaymentInput, WageRunRequest
from vextrus.platform.errors import DomainError

JAN, FEB5 = date(2026, 1, 1), date(2026, 2, 5)
BANK = dict(payment_method="bank", bank_name="Sonali Bank PLC", bank_branch="Motijheel Corporate",
            routing_no="200275356")


def people(c):
    staff(c, "E1", account_no="0002634012345", **BANK)
    staff(c, "E2", payment_method="mfs", account_no="01712345678", mfs_provider="bkash", basic=D("23456.78"))
    staff(c, "E3", payment_method="cash", account_no="", grade="W1", employment_type="contractual")


def refused(code: str, fn, *args, **kw) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as e:
        fn(*args, **kw)
    assert e.value.code == code, (e.value.code, e.value.message)
    assert e.value.message_bn
    return e.value


def test_the_payment_journal_equals_the_net_to_the_poisha_bank_and_mfs_from_the_bank_cash_from_cash(db, admin):
    c = setup()
    people(c)
    run = post(month_run(c, JAN))
    net = {p.employee_code: p.net for p in service.get_run(run.id).payslips}
    paid = service.record_payment("runs", run.id, PaymentInput(paid_on=FEB5, expected_version=run.version))
    assert (paid.status, paid.paid_on, paid.payment_account, paid.version) == ("paid", FEB5, "", run.version + 1)
    entry = finance.get_entry("PBL", paid.payment_entry_id)
    assert entry.entry_date == FEB5 and entry.number == paid.payment_entry_number
    lines = {(ln.account_code, "dr" if ln.debit else "cr"): ln.debit or ln.credit for ln in entry.lines}
    assert lines == {("2160", "dr"): run.net, ("1120", "cr"): net["E1"] + net["E2"], ("1110", "cr"): net["E3"]}
    assert run.net % 1 != 0  # poisha, not whole taka
    assert sum(ln.debit for ln in entry.lines) == sum(ln.credit for ln in entry.lines) == run.net
    assert finance_api.account_balance("PBL", "2160") == 0  # the run's net payable is settled to the poisha
    assert service.disbursement("runs", run.id).bank_total == net["E1"]  # the files stay readable
    # once per run; a paid run is not reversed
    refused("payroll.run_already_paid", service.record_payment, "runs", run.id, PaymentInput(paid_on=FEB5))
    e = refused("payroll.run_paid", service.reverse_run, run.id, "wrong", None)
    assert e.field == "status" and "পরিশোধিত" in e.message_bn


def test_refused_payments_store_nothing(db, admin):
    c = setup()
    people(c)
    draft = month_run(c, date(2025, 12, 1))
    refused("payroll.run_not_posted", service.record_payment, "runs", draft.id, PaymentInput(paid_on=FEB5))
    run = post(service.get_run(draft.id))
    early = refused("payroll.payment_before_posting", service.record_payment, "runs", run.id,
                    PaymentInput(paid_on=date(2025, 12, 30)))
    assert early.field == "paid_on"
    refused("stale_version", service.record_payment, "runs", run.id,
            PaymentInput(paid_on=FEB5, expected_version=run.version - 1))
    blank = refused("payroll.payment_account_blank", service.record_payment, "runs", run.id,
                    PaymentInput(paid_on=FEB5, account_code="  "))
    assert blank.field == "account_code"
    assert service.get_run(run.id).status == "posted" and finance_api.account_balance("PBL", "1120") == 0
    service.reverse_run(run.id, "wrong rates", None)
    refused("payroll.run_reversed", service.record_payment, "runs", run.id, PaymentInput(paid_on=FEB5))


def test_missing_details_are_refused_unless_one_account_is_chosen(db, admin):
    c = setup()
    people(c)
    staff(c, "E4", account_no="1234567", payment_method="bank", bank_name="Pubali Bank")  # no routing number
    run = post(month_run(c, JAN))
    e = refused("payroll.payment_details_missing", service.record_payment, "runs", run.id, PaymentInput(paid_on=FEB5))
    assert e.field == "account_code" and e.details == {"employees": ["E4"]}
    paid = service.record_payment("runs", run.id, PaymentInput(paid_on=FEB5, account_code="1120"))
    entry = finance.get_entry("PBL", paid.payment_entry_id)
    assert [(ln.account_code, ln.debit, ln.credit) for ln in entry.lines] == [
        ("2160", run.net, D(0)), ("1120", D(0), run.net)]
    assert paid.payment_account == "1120"


def test_a_paid_month_still_counts_as_tax_deducted_for_the_next_month(db, admin):
    c = setup()
    staff(c, "E1", basic=D(150_000), account_no="0002634012345", **BANK)
    run = post(month_run(c, JAN))
    feb = month_run(c, date(2026, 2, 1))
    service.record_payment("runs", run.id, PaymentInput(paid_on=FEB5))
    again = service.get_run(month_run(c, date(2026, 2, 1)).id)
    assert again.tax == feb.tax and again.payslips[0].annual_tax == service.get_run(feb.id).payslips[0].annual_tax
    # a later paid month blocks reversing an earlier one, as a posted one does
    service.record_payment("runs", post(again).id, PaymentInput(paid_on=date(2026, 3, 3)))


def test_a_wage_run_of_cash_workers_is_paid_from_cash(db, admin):
    c = setup()
    project = site(c)
    ws = [worker(c, project, "W-1"), worker(c, project, "W-2", D(650))]
    week(c, project, ws, SAT, {ws[0].id: 6, ws[1].id: 7})
    run = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=SAT, period_end=date(2025, 10, 10),
                                                 project_id=project))
    posted = service.post_wage_run(service.approve_wage_run(run.id).id)
    paid = service.record_payment("wage-runs", posted.id, PaymentInput(paid_on=date(2025, 10, 11)))
    entry = finance.get_entry("PBL", paid.payment_entry_id)
    assert [(ln.account_code, ln.debit, ln.credit) for ln in entry.lines] == [
        ("2160", D(7550), D(0)), ("1110", D(0), D(7550))]
    refused("payroll.run_paid", service.reverse_wage_run, posted.id, "wrong", None)


@pytest.fixture
def client(db, admin):  # noqa: ANN001, ANN201
    from vextrus.app import create_app

    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])) as c:
        c.get("/payroll")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_graphql_and_the_run_page_form_in_english_and_bangla(client):
    c = setup()
    people(c)
    dec, jan = post(month_run(c, date(2025, 12, 1))), post(month_run(c, JAN))
    r = client.post(f"/api/v1/payroll/runs/{dec.id}/pay", json={"paid_on": "2026-01-04"},
                    headers={"Idempotency-Key": "pay-1"})
    again = client.post(f"/api/v1/payroll/runs/{dec.id}/pay", json={"paid_on": "2026-01-04"},
                        headers={"Idempotency-Key": "pay-1"})
    assert r.status_code == 200 and r.json()["status"] == "paid" and again.json() == r.json()
    twice = client.post(f"/api/v1/payroll/runs/{dec.id}/pay", json={"paid_on": "2026-01-04"})
    assert (twice.status_code, twice.json()["code"]) == (409, "payroll.run_already_paid")
    page = client.get(f"/payroll/runs/{jan.id}?lang=bn").text
    assert 'id="run-pay"' in page and "পরিশোধ লিখুন" in page
    form = re.search(r'<form[^>]*id="run-pay".*?</form>', page, re.S).group(0)
    assert not re.findall(r">\s*[^<]*[A-Za-z]{3,}[^<]*<", form.replace('placeholder="', "")), form
    early = client.post(f"/payroll/runs/{jan.id}/pay?lang=bn", data={
        "csrf_token": client.cookies.get("vx_csrf"), "expected_version": str(jan.version), "paid_on": "2026-01-30"})
    assert early.status_code == 422 and "পোস্টিং তারিখ" in early.text
    done = client.post(f"/payroll/runs/{jan.id}/pay", data={
        "csrf_token": client.cookies.get("vx_csrf"), "expected_version": str(jan.version), "paid_on": "2026-02-05"},
        follow_redirects=False)
    assert done.status_code == 303
    en = client.get(f"/payroll/runs/{jan.id}?lang=en").text
    assert "Paid on" in en and 'id="run-pay"' not in en and 'id="run-reverse"' not in en
    assert "পরিশোধিত" in client.get(f"/payroll/runs/{jan.id}?lang=bn").text
    g = client.post("/graphql", json={"query": "mutation($id: ID!) { payPayrollRun(id: $id, paidOn: \"2026-02-06\") "
                                               "{ status } }", "variables": {"id": str(jan.id)}})
    assert g.json()["errors"][0]["extensions"]["code"] == "payroll.run_already_paid"


def test_graphql_pays_a_posted_run(client):
    c = setup()
    people(c)
    jan = post(month_run(c, JAN))
    g = client.post("/graphql", json={"query": "mutation($id: ID!) { payPayrollRun(id: $id, paidOn: \"2026-02-05\", "
                                               "accountCode: \"1110\", idempotencyKey: \"g-pay\") "
                                               "{ status paidOn paymentAccount paymentEntryNumber } }",
                                      "variables": {"id": str(jan.id)}})
    data = g.json()["data"]["payPayrollRun"]
    assert data["status"] == "paid" and data["paidOn"] == "2026-02-05" and data["paymentAccount"] == "1110"
    assert data["paymentEntryNumber"]


def test_the_employee_page_saves_payment_details_in_english_and_bangla(client):
    c = setup()
    e = staff(c, "E5", account_no="1234567", payment_method="bank", bank_name="Pubali Bank")  # no routing number
    bn = client.get(f"/payroll/employees/{e.id}?lang=bn").text
    form = re.search(r'<form[^>]*id="payment-details".*?</form>', bn, re.S).group(0)
    texts = [t for t in re.findall(r">([^<]+)<", form) if t.strip()]
    assert "পরিশোধের তথ্য সংরক্ষণ" in texts and "বিকাশ" in texts
    assert not [t for t in texts if re.search(r"[A-Za-z]{3,}", t)], texts
    csrf = client.cookies.get("vx_csrf")
    bad = client.post(f"/payroll/employees/{e.id}/payment-details?lang=bn", data={
        "csrf_token": csrf, "expected_version": str(e.version), "payment_method": "bank", "account_no": "1234567",
        "bank_name": "Pubali Bank", "bank_branch": "Dilkusha", "routing_no": "1752701620"})
    assert bad.status_code == 422 and "রাউটিং নম্বর ৯ অঙ্কের" in bad.text
    assert service.get_employee(e.id).bank_branch == ""  # refused input stores nothing
    ok = client.post(f"/payroll/employees/{e.id}/payment-details", data={
        "csrf_token": csrf, "expected_version": str(e.version), "payment_method": "mfs", "account_no": "01712345678",
        "bank_name": "", "bank_branch": "", "routing_no": "", "mfs_provider": "nagad"}, follow_redirects=False)
    assert ok.status_code == 303
    saved = service.get_employee(e.id)
    assert (saved.payment_method, saved.account_no, saved.mfs_provider, saved.bank_name) == (
        "mfs", "01712345678", "nagad", "")
    assert "Nagad" in client.get(f"/payroll/employees/{e.id}?lang=en").text
    stale = client.post(f"/payroll/employees/{e.id}/payment-details", data={
        "csrf_token": csrf, "expected_version": str(e.version), "payment_method": "cash", "account_no": ""})
    assert stale.status_code == 409


def test_a_wage_run_is_submitted_and_paid_over_rest(client):
    c = setup()
    project = site(c)
    ws = [worker(c, project, "W-1", D("733.33"))]
    week(c, project, ws, SAT, {ws[0].id: 7})
    run = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=SAT, period_end=date(2025, 10, 10),
                                                 project_id=project))
    no_workflow = client.post(f"/api/v1/payroll/wage-runs/{run.id}/submit-for-approval")
    assert (no_workflow.status_code, no_workflow.json()["code"]) == (409, "payroll.approval_not_needed")
    posted = service.post_wage_run(service.approve_wage_run(run.id).id)
    r = client.post(f"/api/v1/payroll/wage-runs/{run.id}/pay", json={"paid_on": "2025-10-11",
                                                                     "expected_version": posted.version},
                    headers={"Idempotency-Key": "wpay-1"})
    assert r.status_code == 200 and r.json()["status"] == "paid" and D(r.json()["net"]) == D("5133.31")
    entry = finance.get_entry("PBL", UUID(r.json()["payment_entry_id"]))
    assert [(ln.account_code, ln.debit, ln.credit) for ln in entry.lines] == [
        ("2160", D("5133.31"), D(0)), ("1110", D(0), D("5133.31"))]
    page = client.get(f"/payroll/wage-runs/{run.id}?lang=bn").text
    assert "পরিশোধিত" in page and 'id="run-reverse"' not in page

