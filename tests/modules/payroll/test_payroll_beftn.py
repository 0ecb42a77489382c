"""The bank-paid part of a posted run as a BEFTN credit batch (the generic BEFTN bulk-credit CSV, domain/beftn.py),
on both databases: header, one line per bank-paid employee (routing number, account, amount with 2 decimals,
name, run reference + employee code), trailer; totals equal the run's net to bank-paid employees to the poisha;
a bad line refuses the whole file listing every bad line at `employees[i].<field>` in English and Bangla.
Routing numbers: 9 digits as Bangladesh Bank publishes them (docs/shared domain facts: "bank routing number | 9
digits")."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from payroll_setup import SAT, month_run, post, setup, site, staff, week, worker

from bangla_text import latin_in_main, latin_left
from vextrus.modules.banking import service as banking
from vextrus.modules.banking.schemas import BankAccountInput
from vextrus.modules.hr import api as hr_api
from vextrus.modules.payroll import service
from vextrus.modules.payroll.domain import beftn as rules
from vextrus.modules.payroll.schemas import EmployeeChange, WageRunRequest
from vextrus.platform.errors import Conflict, ValidationFailed

SONALI = dict(payment_method="bank", bank_name="Sonali Bank PLC", bank_branch="Motijheel Corporate",
              routing_no="200275356")


def lines(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("ascii"))))


def company_account(c, number: str = "0002-3301-0012345") -> None:
    banking.create_account(BankAccountInput(company_id=c.id, bank_name="Sonali Bank PLC", branch="Motijheel",
                                            account_number=number, ledger_account_code="1120"))


def people(c):
    staff(c, "E1", account_no="0002634012345", basic=D("23456.78"), **SONALI)
    staff(c, "E2", account_no="1234567", **{**SONALI, "routing_no": "175270162"})
    staff(c, "E3", payment_method="mfs", account_no="01712345678", mfs_provider="bkash")  # not in the file
    staff(c, "E4", payment_method="cash", account_no="")  # not in the file


def test_the_beftn_file_credits_each_bank_paid_employee_and_totals_the_net_bank_pay(db, admin):
    c = setup()
    people(c)
    company_account(c)
    run = post(month_run(c, date(2025, 12, 1)))
    net = {p.employee_code: p.net for p in run.payslips}
    name, content = service.beftn("runs", run.id, date(2026, 1, 1))
    assert name == "PBL_PAYROLL-2025-12_beftn.csv"
    head, *detail, trailer = lines(content)
    bank_net = net["E1"] + net["E2"]
    assert head == ["H", "GENERIC-BEFTN-CREDIT-1", "PBL/PAYROLL-2025-12", "Padma Builders Ltd.", "000233010012345",
                    "20260101", "2", f"{bank_net:.2f}"]
    assert detail == [["D", "1", "200275356", "0002634012345", f"{net['E1']:.2f}", "Employee E1", "PAYROLL-2025-12-E1"],
                      ["D", "2", "175270162", "1234567", f"{net['E2']:.2f}", "Employee E2", "PAYROLL-2025-12-E2"]]
    assert all(len(d[4].split(".")[1]) == 2 for d in detail)  # BDT with 2 decimals
    assert trailer == ["T", "2", f"{bank_net:.2f}"]
    assert sum(D(d[4]) for d in detail) == D(head[7]) == D(trailer[2]) == bank_net  # to the poisha
    v = service.disbursement("runs", run.id)
    assert bank_net == v.bank_total and bank_net + v.mfs_total + v.cash_total == run.net
    # the same through disbursement_file (what REST, the page and GraphQL's callers download)
    fname, media, same, errors = service.disbursement_file("runs", run.id, "beftn", "csv")
    assert fname == name and media.startswith("text/csv") and errors == 0 and lines(same)[1:] == lines(content)[1:]
    with pytest.raises(ValidationFailed) as xlsx:
        service.disbursement_file("runs", run.id, "beftn", "xlsx")
    assert xlsx.value.field == "format" and xlsx.value.message_bn


def test_every_bad_line_is_listed_and_no_file_is_made(db, admin):
    c = setup()
    staff(c, "E1", account_no="0002634012345", **SONALI)
    staff(c, "E2", account_no="12-AB-77", **{**SONALI, "routing_no": ""})  # no routing, letters in the account
    staff(c, "E3", account_no="0002 6340 123456789012", **SONALI)  # spaces, 22 digits
    staff(c, "E4", account_no="555", name="Employee with a name much longer than thirty five", **SONALI)
    company_account(c)
    run = post(month_run(c, date(2025, 12, 1)))
    with pytest.raises(ValidationFailed) as bad:
        service.beftn("runs", run.id)
    e = bad.value
    assert e.code == "payroll.beftn_lines_invalid" and e.field == "employees[1].routing_number"
    got = [(x["employee_code"], x["code"], x["field"]) for x in e.details["errors"]]
    assert got == [("E2", "payroll.beftn_routing_missing", "employees[1].routing_number"),
                   ("E2", "payroll.beftn_account_invalid", "employees[1].account_number"),
                   ("E3", "payroll.beftn_account_invalid", "employees[2].account_number"),
                   ("E4", "payroll.beftn_name_invalid", "employees[3].name")]
    assert all(x["message"] and latin_left(x["message_bn"], x["employee_code"]) == [] for x in e.details["errors"])
    assert latin_left(e.message_bn) == []
    # corrected: the file is made
    for code, change in (("E2", EmployeeChange(routing_no="175270162", account_no="1277")),
                         ("E3", EmployeeChange(account_no="99887766")), ("E4", EmployeeChange(name="Rahim Uddin"))):
        emp = next(x for x in service.list_employees(c.id).items if x.code == code)
        service.change_employee(emp.id, change)
    _, content = service.beftn("runs", run.id)
    assert [d[3] for d in lines(content)[1:-1]] == ["0002634012345", "1277", "99887766", "555"]
    assert D(lines(content)[-1][2]) == run.net  # all four are paid by bank


def test_refused_without_a_company_account_or_anyone_paid_by_bank(db, admin):
    c = setup()
    staff(c, "E1", account_no="0002634012345", **SONALI)
    run = post(month_run(c, date(2025, 12, 1)))
    with pytest.raises(Conflict) as none:
        service.beftn("runs", run.id)
    assert none.value.code == "payroll.beftn_originator_account" and none.value.field == "bank_account"
    assert latin_left(none.value.message_bn, "1120") == []
    c2 = setup("CSH")
    staff(c2, "C1", payment_method="cash", account_no="")
    cash_run = post(month_run(c2, date(2025, 12, 1)))
    with pytest.raises(Conflict) as nobody:
        service.beftn("runs", cash_run.id)
    assert nobody.value.code == "payroll.beftn_nothing" and nobody.value.message_bn
    draft = month_run(c, date(2026, 1, 1))
    with pytest.raises(Conflict) as not_posted:
        service.beftn("runs", draft.id)
    assert not_posted.value.code == "payroll.run_not_posted_for_payment"


def test_a_wage_runs_bank_paid_workers_are_in_its_beftn_file(db, admin):
    c = setup()
    company_account(c)
    s = site(c)
    w1 = worker(c, s, "W-1", D(600), account_no="2001002003", **SONALI)
    w2 = worker(c, s, "W-2", D(500))  # cash
    week(c, s, [w1, w2], SAT, {w1.id: 6, w2.id: 5})
    wr = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=SAT, period_end=date(2025, 10, 10)))
    wr = service.post_wage_run(service.approve_wage_run(wr.id).id)
    name, content = service.beftn("wage-runs", wr.id, date(2025, 10, 11))
    assert name == "PBL_WAGES-20251004-20251010_beftn.csv"
    assert lines(content)[1] == ["D", "1", "200275356", "2001002003", "3600.00", "Worker W-1",
                                 "WAGES-20251004-20251010-W-1"]  # 6 days x 600
    assert lines(content)[-1] == ["T", "1", "3600.00"]


def test_pure_checks_amounts_and_routing_numbers():
    ok = rules.Credit("E1", "A B", "200275356", "123", D("10.50"))
    assert rules.check([ok]) == []
    bad = rules.check([rules.Credit("E1", "A B", "20027535", "123", D("0")),
                       rules.Credit("E2", "A B", "200275356", "123", D("1.005"))])
    assert [(b.code, b.field) for b in bad] == [("payroll.beftn_routing_invalid", "employees[0].routing_number"),
                                                ("payroll.beftn_amount_invalid", "employees[0].amount"),
                                                ("payroll.beftn_amount_invalid", "employees[1].amount")]
    assert rules.amount_text(D("12345.5")) == "12345.50" and rules.amount_text(D("7")) == "7.00"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_and_the_run_page_download_the_beftn_file(client):
    c = setup()
    people(c)
    company_account(c)
    run = post(month_run(c, date(2025, 12, 1)))
    r = client.get(f"/api/v1/payroll/runs/{run.id}/disbursement/beftn.csv")
    assert r.status_code == 200 and lines(r.content)[0][1] == "GENERIC-BEFTN-CREDIT-1"
    assert 'filename="PBL_PAYROLL-2025-12_beftn.csv"' in r.headers["content-disposition"]
    for lang, words in (("en", "BEFTN file"), ("bn", "বিইএফটিএন ফাইল")):
        page = client.get(f"/payroll/runs/{run.id}?lang={lang}").text
        assert words in page and f"/payroll/runs/{run.id}/disbursement/beftn.csv?lang={lang}" in page
    assert latin_in_main(client.get(f"/payroll/runs/{run.id}?lang=bn").text) == []
    got = client.get(f"/payroll/runs/{run.id}/disbursement/beftn.csv?lang=bn")
    assert got.status_code == 200 and len(lines(got.content)) == 4
    # a bad line: REST refuses 422 with every bad line
    emp = next(x for x in service.list_employees(c.id).items if x.code == "E2")
    service.change_employee(emp.id, EmployeeChange(account_no="12-34"))
    r = client.get(f"/api/v1/payroll/runs/{run.id}/disbursement/beftn.csv")
    assert r.status_code == 422
    body = r.json()
    assert "beftn_lines_invalid" in str(body) and "employees[1].account_number" in str(body)
    # the run page's link: the run page again, every bad line in the page's language, no file
    for lang, words in (("en", "E2: The account number is not digits only"), ("bn", "E2: হিসাব নম্বর শুধু অঙ্কে নয়")):
        page = client.get(f"/payroll/runs/{run.id}/disbursement/beftn.csv?lang={lang}", cookies={"lang": lang})
        assert page.status_code == 422 and 'id="beftn-errors"' in page.text and words in page.text
    assert set(latin_in_main(page.text)) <= {"E2"}  # the employee code as typed, nothing else in English
