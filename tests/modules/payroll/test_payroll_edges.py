"""REST (422 with code/en/bn/field, nothing stored; idempotency), GraphQL and the pages in English and
Bangla, over the demo company's posted run, on both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import demo as finance_demo
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import demo, service


@pytest.fixture
def client(db, admin, tenant_id):
    org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance_demo.load(tenant_id)
    demo.load(tenant_id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def _company():
    return sorted(org.list_companies(), key=lambda c: c.code)[0].id


def test_demo_run_is_posted_and_its_journal_is_the_sum_of_payslips(client):
    from vextrus.modules.finance import service as finance

    cid = _company()
    assert len(service.list_employees(cid, 100).items) == 20
    runs = service.list_runs(cid).items
    assert [r.status for r in runs] == ["posted"]
    run = service.get_run(runs[0].id)
    entry = finance.get_entry(cid, run.entry_id)
    assert sum(ln.debit for ln in entry.lines) == sum(p.gross + p.pf_employer for p in run.payslips)
    assert any(p.overtime > 0 for p in run.payslips) and all(p.net == p.gross - p.deductions for p in run.payslips)
    # its net is paid by the bank advice, bKash and Nagad files and the cash list, every employee's details given
    pay = service.disbursement("runs", run.id)
    assert pay.errors == [] and [f.provider for f in pay.mfs] == ["bkash", "nagad"]
    assert pay.bank_total + pay.mfs_total + pay.cash_total == run.net and len(pay.bank) == 8
    # the demo's salary advance (6,000 in three) lost its first instalment to January's run
    [adv] = service.list_advances(cid).items
    assert (adv.employee_code, adv.recovered, adv.balance, adv.status) == ("W001", 2000, 4000, "active")
    assert run.advances == 2000 and sum(ln.credit for ln in entry.lines if ln.account_code == "1143") == 2000


def test_rest_bad_input_is_422_with_code_en_bn_field_and_nothing_stored(client):
    cid = str(_company())
    body = {"company_id": cid, "code": "N1", "name": "New", "grade": "S1", "joining_date": "2025-01-01",
            "account_no": "1", "etin": "12"}
    r = client.post("/api/v1/payroll/employees", json=body)
    assert r.status_code == 422
    j = r.json()
    assert (j["code"], j["field"]) == ("payroll.etin_invalid", "etin") and j["message"] and j["message_bn"] != j["message"]
    assert client.get(f"/api/v1/payroll/employees?company_id={cid}&first=100").json()["items"].__len__() == 20
    ok = {**body, "etin": "123456789012"}
    r1 = client.post("/api/v1/payroll/employees", json=ok, headers={"Idempotency-Key": "emp-n1"})
    r2 = client.post("/api/v1/payroll/employees", json=ok, headers={"Idempotency-Key": "emp-n1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    assert client.get(r1.headers["location"]).json()["code"] == "N1"
    r = client.post("/api/v1/payroll/runs", json={"company_id": cid, "month": "2026-01-01"})
    assert r.status_code == 409  # January is posted


def test_graphql_lists_runs(client):
    cid = str(_company())
    q = '{ payrollRuns(companyId: "' + cid + '") { nodes { month status gross net entryNumber } } }'
    r = client.post("/graphql", json={"query": q})
    nodes = r.json()["data"]["payrollRuns"]["nodes"]
    assert nodes[0]["status"] == "posted" and nodes[0]["month"] == "2026-01-01"


@pytest.mark.parametrize("lang,words", [("en", ["Payroll", "Net pay", "Posted"]),
                                        ("bn", ["বেতন", "নিট বেতন", "পোস্ট করা", "কামাল হোসেন"])])
def test_pages_in_english_and_bangla(client, lang, words):
    cid = _company()
    run = service.list_runs(cid).items[0]
    slip = service.get_run(run.id).payslips[0]
    emp = service.list_employees(cid).items[0]
    pages = [client.get(f"/payroll?lang={lang}"), client.get(f"/payroll/runs/{run.id}?lang={lang}"),
             client.get(f"/payroll/payslips/{slip.id}?lang={lang}"), client.get(f"/payroll/employees/{emp.id}?lang={lang}")]
    assert [p.status_code for p in pages] == [200, 200, 200, 200]
    text = "".join(p.text for p in pages)
    for w in words:
        assert w in text
    if lang == "bn":
        assert "১,২০,০০০" in text  # lakh commas in Bangla digits (the M1 basic on the payslip or run)
    else:
        assert "1,20,000" in text or "120,000" in text
