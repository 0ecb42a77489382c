"""Bank advice, MFS disbursement files and the cash list of a posted run on both databases: each payslip's net
by the employee's payment method, read back from the CSV and XLSX; bank + MFS + cash (+ held, the employees
whose details are missing, listed as errors) = the run's net to the poisha."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from payroll_setup import SAT, month_run, post, setup, site, staff, week, worker

from bangla_text import latin_in_main
from vextrus.modules.hr import api as hr_api
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import EmployeeChange, WageRunRequest
from vextrus.platform.errors import Conflict, ValidationFailed

BANK = dict(payment_method="bank", bank_name="Sonali Bank PLC", bank_branch="Motijheel Corporate",
            routing_no="200275356")


def people(c):
    staff(c, "E1", account_no="0002634012345", **BANK)
    staff(c, "E2", payment_method="mfs", account_no="01712345678", mfs_provider="bkash", basic=D("23456.78"))
    staff(c, "E3", payment_method="mfs", account_no="01812345679", mfs_provider="nagad", grade="W1")
    staff(c, "E4", payment_method="cash", account_no="", grade="W1", employment_type="contractual")
    staff(c, "E5", account_no="1234567", payment_method="bank", bank_name="Pubali Bank")  # no routing number
    staff(c, "E6", payment_method="mfs", account_no="01912345678")  # no provider


def rows_of(content: bytes, bom: bool = False) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig" if bom else "utf-8"))))


def test_the_files_split_the_net_by_method_and_list_missing_details_as_errors(db, admin):
    c = setup()
    people(c)
    draft = month_run(c, date(2025, 12, 1))
    with pytest.raises(Conflict) as refused:
        service.disbursement("runs", draft.id)
    assert refused.value.code == "payroll.run_not_posted_for_payment" and refused.value.message_bn
    run = post(draft)
    net = {p.employee_code: p.net for p in run.payslips}
    v = service.disbursement("runs", run.id)
    assert v.reference == "PBL/PAYROLL-2025-12" and v.total_net == run.net
    assert [(ln.employee_code, ln.amount) for ln in v.bank] == [("E1", net["E1"])]
    assert [(f.provider, [ln.account_no for ln in f.lines], f.total) for f in v.mfs] == [
        ("bkash", ["01712345678"], net["E2"]), ("nagad", ["01812345679"], net["E3"])]
    assert [ln.employee_code for ln in v.cash] == ["E4"]
    assert [(e.employee_code, e.field, e.amount) for e in v.errors] == [
        ("E5", "routing_no", net["E5"]), ("E6", "mfs_provider", net["E6"])]
    assert all(e.message and e.message_bn for e in v.errors)
    assert v.bank_total + v.mfs_total + v.cash_total + v.errors_total == run.net  # to the poisha
    # the details completed: nobody is held and the three files pay the whole net
    for code, change in (("E5", EmployeeChange(routing_no="175270162")),
                         ("E6", EmployeeChange(mfs_provider="rocket", account_no="01912345678"))):
        e = next(x for x in service.list_employees(c.id).items if x.code == code)
        service.change_employee(e.id, change)
    v = service.disbursement("runs", run.id)
    assert v.errors == [] and v.bank_total + v.mfs_total + v.cash_total == run.net
    assert [f.provider for f in v.mfs] == ["bkash", "nagad", "rocket"]

    name, _media, content, errors = service.disbursement_file("runs", run.id, "bank-advice", "csv")
    assert name == "PBL_PAYROLL-2025-12_bank-advice.csv" and errors == 0
    head, *lines, total = rows_of(content)
    assert head == ["Serial", "Employee code", "Name", "Bank", "Branch", "Routing number", "Account number",
                    "Amount (BDT)", "Reference"]
    assert lines == [["1", "E1", "Employee E1", "Sonali Bank PLC", "Motijheel Corporate", "200275356",
                      "0002634012345", str(net["E1"]), "PBL/PAYROLL-2025-12"],
                     ["2", "E5", "Employee E5", "Pubali Bank", "", "175270162", "1234567", str(net["E5"]),
                      "PBL/PAYROLL-2025-12"]]
    assert total[2] == "Total" and D(total[7]) == v.bank_total == net["E1"] + net["E5"]
    _, _, bn_content, _ = service.disbursement_file("runs", run.id, "bank-advice", "csv", "bn")
    assert rows_of(bn_content, bom=True)[0][:3] == ["ক্রম", "কর্মী কোড", "নাম"] and rows_of(bn_content, True)[-1][2] == "মোট"
    _, media, xlsx, _ = service.disbursement_file("runs", run.id, "bank-advice", "xlsx", "bn")
    assert media.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert "PBL/PAYROLL-2025-12" in cells[0][0] and cells[2][0] == "ক্রম" and cells[2][7] == "পরিমাণ (টাকা)"
    assert [r[1] for r in cells[3:5]] == ["E1", "E5"] and cells[5][2] == "মোট"
    assert D(str(cells[5][7])).quantize(D("0.01")) == v.bank_total
    assert sum(D(str(r[7])).quantize(D("0.01")) for r in cells[3:5]) == v.bank_total
    _, _, bkash, _ = service.disbursement_file("runs", run.id, "mfs-bkash", "csv")
    assert rows_of(bkash) == [["Wallet number", "Amount (BDT)", "Reference", "Name"],
                              ["01712345678", str(net["E2"]), "PBL/PAYROLL-2025-12", "Employee E2"]]
    _, _, cash, _ = service.disbursement_file("runs", run.id, "cash", "csv")
    assert [r[1] for r in rows_of(cash)[1:-1]] == ["E4"] and D(rows_of(cash)[-1][3]) == net["E4"]
    files = [service.disbursement_file("runs", run.id, n, "csv")[2] for n in ("bank-advice", "cash")]
    paid = sum(D(r[7]) for r in rows_of(files[0])[1:-1]) + sum(D(r[3]) for r in rows_of(files[1])[1:-1])
    paid += sum(D(r[1]) for f in v.mfs for r in rows_of(service.disbursement_file(
        "runs", run.id, f"mfs-{f.provider}", "csv")[2])[1:])
    assert paid == run.net  # parsed back from the files, to the poisha
    with pytest.raises(ValidationFailed) as unknown:
        service.disbursement_file("runs", run.id, "mfs-paypal", "csv")
    assert unknown.value.field == "file"
    service.reverse_run(run.id, "wrong month", None)
    with pytest.raises(Conflict):  # a reversed run is not paid
        service.disbursement("runs", run.id)


def test_payment_details_are_checked_when_typed(db, admin):
    c = setup()
    with pytest.raises(ValidationFailed) as bad:
        staff(c, "E1", routing_no="12345", **{k: v for k, v in BANK.items() if k != "routing_no"})
    assert bad.value.field == "routing_no" and bad.value.message_bn
    with pytest.raises(ValidationFailed) as bad:
        staff(c, "E2", payment_method="mfs", account_no="01712345678", mfs_provider="paypal")
    assert bad.value.field == "mfs_provider"
    assert service.list_employees(c.id).items == []


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_and_the_run_pages_link_the_files_in_english_and_bangla(client):
    c = setup()
    people(c)
    run = post(month_run(c, date(2025, 12, 1)))
    j = client.get(f"/api/v1/payroll/runs/{run.id}/disbursement").json()
    assert D(j["total_net"]) == run.net and [e["employee_code"] for e in j["errors"]] == ["E5", "E6"]
    r = client.get(f"/api/v1/payroll/runs/{run.id}/disbursement/bank-advice.csv?lang=bn")
    assert r.status_code == 200 and r.headers["x-disbursement-errors"] == "2"
    assert rows_of(r.content, bom=True)[0][0] == "ক্রম"
    assert client.get(f"/api/v1/payroll/runs/{run.id}/disbursement/bank-advice.pdf").status_code == 422
    for lang, words in (("en", "Bank advice"), ("bn", "ব্যাংক অ্যাডভাইস")):
        page = client.get(f"/payroll/runs/{run.id}?lang={lang}").text
        assert words in page and 'id="disbursement-errors"' in page
        assert f"/payroll/runs/{run.id}/disbursement/bank-advice.xlsx?lang={lang}" in page
        assert f"/payroll/runs/{run.id}/disbursement/mfs-bkash.csv?lang={lang}" in page
    assert latin_in_main(client.get(f"/payroll/runs/{run.id}?lang=bn").text) == []
    got = client.get(f"/payroll/runs/{run.id}/disbursement/cash.csv?lang=en")
    assert got.status_code == 200 and rows_of(got.content)[1][1] == "E4"
    # a wage run: the same files from its page
    s = site(c)
    w1 = worker(c, s, "W-1", D(600))
    w2 = worker(c, s, "W-2", D(500), payment_method="mfs", account_no="01712000000", mfs_provider="nagad")
    week(c, s, [w1, w2], SAT, {w1.id: 6, w2.id: 5})
    wr = hr_api.prepare_wage_run(WageRunRequest(company_id=c.id, period_start=SAT, period_end=date(2025, 10, 10)))
    wr = service.post_wage_run(service.approve_wage_run(wr.id).id)
    v = service.disbursement("wage-runs", wr.id)
    assert v.reference == "PBL/WAGES-20251004-20251010" and v.cash_total + v.mfs_total == wr.net == D(6100)
    page = client.get(f"/payroll/wage-runs/{wr.id}?lang=bn").text
    assert f"/payroll/wage-runs/{wr.id}/disbursement/mfs-nagad.csv?lang=bn" in page and latin_in_main(page) == []


def test_graphql_gives_the_same_disbursement_as_rest(client):
    """The bank advice, MFS files, cash list and held employees over GraphQL (was REST and pages only)."""
    c = setup()
    people(c)
    run = post(month_run(c, date(2025, 12, 1)))
    rest = client.get(f"/api/v1/payroll/runs/{run.id}/disbursement").json()
    q = ('{ payrollDisbursement(runId: "RID") { totalNet bankTotal mfsTotal cashTotal errorsTotal '
         'bank { employeeCode amount routingNo } mfs { provider total lines { employeeCode amount } } '
         'errors { employeeCode field messageBn amount } } }').replace("RID", str(run.id))
    got = client.post("/graphql", json={"query": q}).json()["data"]["payrollDisbursement"]
    assert D(got["totalNet"]) == run.net == D(rest["total_net"])
    assert D(got["bankTotal"]) + D(got["mfsTotal"]) + D(got["cashTotal"]) + D(got["errorsTotal"]) == run.net
    assert [b["employeeCode"] for b in got["bank"]] == [b["employee_code"] for b in rest["bank"]]
    assert [m["provider"] for m in got["mfs"]] == [m["provider"] for m in rest["mfs"]]
    assert [e["employeeCode"] for e in got["errors"]] == ["E5", "E6"] and all(e["messageBn"] for e in got["errors"])
    bad = client.post("/graphql", json={"query": q.replace(str(run.id), "not-an-id")}).json()
    assert bad["errors"][0]["extensions"]["field"] == "run_id"
