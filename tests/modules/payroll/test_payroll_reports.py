"""Payroll reports and the year-end tax certificate (issue 18) on both databases. Outside sources of truth: the
run's journal as finance stores it (the salary register's totals equal its debits and credits to the poisha),
finance's balance of PF payable 2170 (the PF ledger's closing balance), the payslips themselves (tax deducted
totals), the CSV and XLSX read back, and the PDF's text (pdftotext). A reversed run is left out everywhere."""

from __future__ import annotations

import csv
import io
import itertools
import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from payroll_setup import SAT, give, month_run, post, setup, site, staff, week, worker

from bangla_text import latin_in_main
from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import api as hr_api
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import OvertimeInput, WageRunRequest
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import format_number

OCT, NOV, DEC = date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)


def people(c, project):
    e1 = staff(c, "E1", etin="123456789012", basic=D(80_000))  # pays income tax
    e2 = staff(c, "E2", workplace="site", project_id=project, basic=D("23456.78"), name_bn="কর্মী খ")
    e3 = staff(c, "E3", grade="W1", employment_type="contractual")
    return e1, e2, e3


def journal(code: str, entry_id) -> dict[str, list[D]]:
    by: dict[str, list[D]] = {}
    for ln in finance.get_entry(code, entry_id).lines:
        by.setdefault(ln.account_code, [D(0), D(0)])
        by[ln.account_code][0] += ln.debit
        by[ln.account_code][1] += ln.credit
    return by


def three_months(c, project):
    """October and November posted, November reversed and prepared again with overtime (revision 1), an
    advance recovered from E3; December left a draft. Returns (e1, e2, e3, oct, reversed nov, nov)."""
    e1, e2, e3 = people(c, project)
    give(c, e3, 3000, OCT, instalment_amount=D(1000))
    octo = post(month_run(c, OCT))
    nov0 = post(month_run(c, NOV))
    service.reverse_run(nov0.id, "overtime left out")
    nov = post(month_run(c, NOV, overtime=[OvertimeInput(employee_id=e2.id, hours=D(12))]))
    month_run(c, DEC)  # a draft: in no report
    return e1, e2, e3, octo, nov0, nov


def test_the_salary_register_totals_equal_the_runs_journal_to_the_poisha(db, admin):
    c = setup()
    e1, e2, e3, octo, nov0, nov = three_months(c, site(c))
    reg = service.salary_register(c.id, NOV)
    assert reg.run_id == nov.id != nov0.id and reg.entry_number == nov.entry_number  # not the reversed run
    assert [ln.employee_code for ln in reg.lines] == ["E1", "E2", "E3"]
    slips = {p.employee_code: p for p in nov.payslips}
    for ln in reg.lines:
        p = slips[ln.employee_code]
        assert (
            ln.basic,
            ln.house_rent,
            ln.medical,
            ln.overtime,
            ln.gross,
            ln.tax,
            ln.pf_employee,
            ln.advance,
            ln.net,
        ) == (p.basic, p.house_rent, p.medical, p.overtime, p.gross, p.tax, p.pf_employee, p.advance, p.net)
        assert ln.gross - ln.pf_employee - ln.tax - ln.advance - ln.other_deductions == ln.net
    assert reg.lines[1].overtime > 0 and reg.lines[2].advance == D(1000)
    by = journal("PBL", nov.entry_id)
    t = reg.total
    assert sum(v[0] for v in by.values()) == t.gross + t.pf_employer
    assert t.tax > 0 and by["2160"][1] == t.net and by["2151"][1] == t.tax and by["1143"][1] == t.advance
    assert by["2170"][1] == t.pf_employee + t.pf_employer
    assert by["5130"][0] == reg.lines[1].gross  # E2 works on site
    with pytest.raises(DomainError) as none:
        service.salary_register(c.id, DEC)  # a draft is not in the register
    assert none.value.status == 404 and none.value.message_bn
    with pytest.raises(ValidationFailed) as bad:
        service.salary_register(c.id, service.parse_month("2025-13"))
    assert (bad.value.code, bad.value.field) == ("payroll.month_invalid", "month")


def test_tax_deducted_is_the_sum_of_posted_payslip_tax_with_the_tin(db, admin):
    c = setup()
    e1, e2, e3, octo, nov0, nov = three_months(c, site(c))
    rep = service.tax_deducted(c.id, "2025-26")
    assert [m.month for m in rep.months] == [
        date(2025 + (m < 7), m, 1) for m in (7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
    ]
    posted = [p for r in (octo, nov) for p in r.payslips]
    assert rep.tax == sum(p.tax for p in posted) > 0  # the reversed November left out
    assert rep.gross == sum(p.gross for p in posted)
    line = next(ln for ln in rep.lines if ln.employee_code == "E1")
    assert line.etin == "123456789012"
    by_month = {m.month: m.tax for m in line.months}
    assert by_month[OCT] == next(p.tax for p in octo.payslips if p.employee_code == "E1")
    assert by_month[NOV] == next(p.tax for p in nov.payslips if p.employee_code == "E1")
    assert by_month[DEC] == 0 and line.tax == sum(by_month.values())
    assert sum(m.tax for m in rep.months) == rep.tax == sum(ln.tax for ln in rep.lines)
    assert service.tax_deducted(c.id, "2024-25").lines == []
    with pytest.raises(ValidationFailed) as bad:
        service.tax_deducted(c.id, "2025-27")
    assert (bad.value.code, bad.value.field) == ("payroll.tax_year_invalid", "tax_year")


def test_the_pf_ledger_runs_a_balance_that_equals_pf_payable_in_the_ledger(db, admin):
    c = setup()
    e1, e2, e3, octo, nov0, nov = three_months(c, site(c))
    pf = service.pf_ledger(c.id, "2025-26")
    assert [ln.employee_code for ln in pf.lines] == ["E1", "E2"]  # E3 is contractual: no provident fund
    e2line = pf.lines[1]
    o = next(p for p in octo.payslips if p.employee_code == "E2")
    n = next(p for p in nov.payslips if p.employee_code == "E2")
    assert [(m.month, m.employee, m.employer, m.balance) for m in e2line.months] == [
        (OCT, o.pf_employee, o.pf_employer, o.pf_employee + o.pf_employer),
        (NOV, n.pf_employee, n.pf_employer, o.pf_employee + o.pf_employer + n.pf_employee + n.pf_employer),
    ]
    assert e2line.opening == 0 and e2line.closing == e2line.months[-1].balance
    # finance's PF payable (2170, credit balance) holds both shares of the posted runs, the reversal undone
    assert abs(finance_api.account_balance("PBL", "2170")) == pf.closing == pf.employee + pf.employer
    # the next income year opens with this one's closing balance
    assert service.pf_ledger(c.id, "2026-27").opening == pf.closing


def test_headcount_and_labour_cost_by_project_staff_by_project_workers_by_muster_site(db, admin):
    c = setup()
    project = site(c)
    e1, e2, e3 = people(c, project)
    workers = [worker(c, project, f"W-{i}") for i in (1, 2)]
    week(c, project, workers, SAT, {workers[0].id: 6, workers[1].id: 3})
    wr = hr_api.prepare_wage_run(
        WageRunRequest(company_id=c.id, period_start=SAT, period_end=SAT + timedelta(6), project_id=project)
    )
    wr = service.post_wage_run(service.approve_wage_run(wr.id).id)
    run = post(month_run(c, OCT))
    lc = service.labour_cost(c.id, OCT)
    site_line = next(ln for ln in lc.lines if ln.project_id == project)
    office = next(ln for ln in lc.lines if ln.project_id is None)
    slips = {p.employee_code: p for p in run.payslips}
    assert (site_line.project_code, site_line.staff, site_line.workers) == ("S-PBL", 1, 2)
    assert site_line.salaries == slips["E2"].gross and site_line.pf_employer == slips["E2"].pf_employer
    assert site_line.wages == wr.gross
    assert (office.staff, office.salaries) == (2, slips["E1"].gross + slips["E3"].gross)
    assert lc.total.cost == run.gross + run.pf_employer + wr.gross
    assert lc.total.staff + lc.total.workers == 5
    # the wage run's journal debits the same wages to the project (finance's lines carry the project)
    wages_debit = sum(
        ln.debit for ln in finance.get_entry("PBL", wr.entry_id).lines if ln.project_id == project
    )
    assert wages_debit == site_line.wages
    service.reverse_wage_run(wr.id, "wrong site")
    assert next(ln for ln in service.labour_cost(c.id, OCT).lines if ln.project_id == project).wages == 0


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return " ".join(out.stdout.decode("utf-8").split())


def test_the_tax_certificate_pdf_in_english_and_bangla(db, admin):
    c = setup()
    e1, e2, e3, octo, nov0, nov = three_months(c, site(c))
    o = next(p for p in octo.payslips if p.employee_code == "E1")
    n = next(p for p in nov.payslips if p.employee_code == "E1")
    name, pdf = service.tax_certificate_pdf(e1.id, "2025-26", "en")
    assert name == "Tax-certificate-2025-26-E1-en.pdf" and pdf.startswith(b"%PDF")
    en = _pdf_text(pdf)
    assert "123456789012" in en and "October 2025" in en and "November 2025" in en and "December" not in en
    total = o.tax + n.tax
    assert total > 0 and format_number(total, 2, "en") in en
    assert service.tax_certificate_pdf(e1.id, "2025-26", "en")[1] == pdf  # the stored document again
    bn = _pdf_text(service.tax_certificate_pdf(e1.id, "2025-26", "bn")[1])
    assert "আয়বর্ষ" in bn and "অক্টোবর" in bn and "১২৩৪৫৬৭৮৯০১২" in bn
    with pytest.raises(DomainError) as none:
        service.tax_certificate_pdf(e1.id, "2024-25", "en")
    assert none.value.status == 404


_codes = itertools.count(1)
BASICS = st.decimals(min_value=D("9000"), max_value=D("250000"), places=2)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(BASICS, st.decimals(min_value=D(0), max_value=D(40), places=1)), min_size=1, max_size=4
    ),
    st.integers(1, 12),
)
def test_property_register_totals_are_the_journal_and_tax_deducted_the_payslips(db, admin, people_, m):
    code = f"P{next(_codes)}"
    c = setup(code)
    ids = [staff(c, f"E{i}", basic=b).id for i, (b, _) in enumerate(people_)]
    month = date(2025 + (m < 7), m, 1)
    run = post(
        month_run(
            c,
            month,
            overtime=[OvertimeInput(employee_id=i, hours=h) for i, (_, h) in zip(ids, people_, strict=True)],
        )
    )
    t = service.salary_register(c.id, month).total
    by = journal(code, run.entry_id)
    assert sum(v[0] for v in by.values()) == sum(v[1] for v in by.values()) == t.gross + t.pf_employer
    assert (by.get("2160", [0, 0])[1], by.get("2151", [0, 0])[1]) == (t.net, t.tax)
    assert service.tax_deducted(c.id, "2025-26").tax == sum(p.tax for p in run.payslips) == t.tax


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_files_graphql_and_pages_in_english_and_bangla(client):
    c = setup()
    e1, e2, e3, octo, nov0, nov = three_months(c, site(c))
    q = f"company_id={c.id}"
    r = client.get(f"/api/v1/payroll/reports/salary-register?{q}&month=2025-11")
    assert r.status_code == 200 and D(r.json()["total"]["net"]) == nov.net
    bad = client.get(f"/api/v1/payroll/reports/salary-register?{q}&month=november")
    assert (bad.status_code, bad.json()["code"]) == (422, "payroll.month_invalid")
    assert client.get(f"/api/v1/payroll/reports/salary-register?{q}&month=2025-12").status_code == 404
    tax = client.get(f"/api/v1/payroll/reports/tax-deducted?{q}&tax_year=2025-26").json()
    assert D(tax["tax"]) == sum(p.tax for r_ in (octo, nov) for p in r_.payslips)
    assert client.get(f"/api/v1/payroll/reports/pf-ledger?{q}&tax_year=2025-26").status_code == 200
    assert client.get(f"/api/v1/payroll/reports/labour-cost?{q}&month=2025-11").json()["total"]["staff"] == 3
    # CSV (plain decimals, Bangla headings with a BOM) and XLSX: the total row is the run's net
    f = client.get(f"/api/v1/payroll/reports/salary-register.csv?{q}&month=2025-11")
    rows = list(csv.reader(io.StringIO(f.content.decode("utf-8"))))
    assert (
        rows[0][0] == "Code" and rows[-1][1] == "Total" and D(rows[-1][rows[0].index("Net pay")]) == nov.net
    )
    fb = client.get(f"/api/v1/payroll/reports/tax-deducted.csv?{q}&tax_year=2025-26&lang=bn")
    assert fb.content.decode("utf-8-sig").startswith("কোড,নাম,ই-টিআইএন")
    x = client.get(f"/api/v1/payroll/reports/salary-register.xlsx?{q}&month=2025-11")
    ws = load_workbook(io.BytesIO(x.content)).active
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    head = next(v for v in values if v and v[0] == "Code")
    assert D(str(values[-1][head.index("Net pay")])) == nov.net
    assert client.get(f"/api/v1/payroll/reports/salary-register.pdf?{q}&month=2025-11").status_code == 422
    g = client.post(
        "/graphql",
        json={
            "query": "query($c: ID!) { payrollSalaryRegister(companyId: $c, month: "
            '"2025-11-01") { entryNumber total { net tax } lines { employeeCode } }'
            ' payrollTaxDeducted(companyId: $c, taxYear: "2025-26") { tax '
            "lines { etin months { month tax } } } payrollPfLedger(companyId: $c, "
            'taxYear: "2025-26") { closing } payrollLabourCost(companyId: $c, '
            'month: "2025-11-01") { total { cost } } }',
            "variables": {"c": str(c.id)},
        },
    ).json()
    assert "errors" not in g, g
    assert D(g["data"]["payrollSalaryRegister"]["total"]["net"]) == nov.net
    assert D(g["data"]["payrollTaxDeducted"]["tax"]) == D(tax["tax"])
    pdf = client.get(f"/api/v1/payroll/employees/{e1.id}/tax-certificate/2025-26.pdf?lang=bn")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    # pages: the list, each report in English and Bangla, the employee page's certificate links
    index = client.get(f"/payroll?company={c.id}&lang=en").text
    assert 'id="reports-link"' in index
    en = client.get(f"/payroll/reports/salary-register?company={c.id}&month=2025-11&lang=en").text
    assert "Salary register" in en and format_number(nov.net, 2, "en") in en and "salary-register.xlsx" in en
    for report, arg in (
        ("salary-register", "month=2025-11"),
        ("tax-deducted", "tax_year=2025-26"),
        ("pf-ledger", "tax_year=2025-26"),
        ("labour-cost", "month=2025-11"),
    ):
        page = client.get(f"/payroll/reports/{report}?company={c.id}&{arg}&lang=bn")
        assert page.status_code == 200 and latin_in_main(page.text) == [], (report, latin_in_main(page.text))
        assert 'id="report-table"' in page.text
    bn = client.get(f"/payroll/reports/salary-register?company={c.id}&month=2025-11&lang=bn").text
    assert "বেতন রেজিস্টার" in bn and format_number(nov.net, 2, "bn") in bn
    none = client.get(f"/payroll/reports/salary-register?company={c.id}&month=2025-12&lang=bn")
    assert none.status_code == 404 and latin_in_main(none.text) == [] and "পাওয়া যায়নি" in none.text
    default = client.get(f"/payroll/reports?company={c.id}&lang=bn").text
    assert "month=2025-11" in default and "tax_year=2025-26" in default and latin_in_main(default) == []
    emp = client.get(f"/payroll/employees/{e1.id}?lang=bn").text
    section = re.search(r'<section class="card" id="tax-certificates">.*?</section>', emp, re.S).group(0)
    assert "আয়বর্ষ" in section and not re.findall(r">[^<]*[a-z]{3,}[^<]*<", section), section
    web_pdf = client.get(f"/payroll/employees/{e1.id}/tax-certificate/2025-26.pdf")
    assert web_pdf.status_code == 200 and web_pdf.content.startswith(b"%PDF")
    # only the income years with posted pay are offered, so every link answers (the Bangla walk followed a
    # link to the running year, which had no posted month, and got 404)
    links = re.findall(r'href="(/payroll/employees/[^"]+\.pdf)"', section)
    assert links == [f"/payroll/employees/{e1.id}/tax-certificate/2025-26.pdf"]


def test_the_run_page_shows_differences_from_the_last_posted_month(client):
    from vextrus.modules.payroll.schemas import EmployeeChange

    c = setup()
    e1, e2, e3 = people(c, site(c))
    octo = post(month_run(c, OCT))
    service.change_employee(e3.id, EmployeeChange(status="separated"))
    staff(c, "E4", joining_date=date(2025, 11, 3), name_bn="কর্মী গ")
    nov = month_run(c, NOV, overtime=[OvertimeInput(employee_id=e2.id, hours=D(8))])  # a draft compares too
    d = service.run_differences(nov.id)
    assert (d.last_run_id, d.last_month, d.new, d.left) == (octo.id, OCT, 1, 1)
    by = {ln.employee_code: ln for ln in d.lines}
    o = {p.employee_code: p.net for p in octo.payslips}
    n = {p.employee_code: p.net for p in nov.payslips}
    assert (by["E3"].kind, by["E3"].net, by["E3"].last_net) == ("left", 0, o["E3"])
    assert (by["E4"].kind, by["E4"].net, by["E4"].last_net) == ("new", n["E4"], 0)
    assert by["E2"].change == n["E2"] - o["E2"] > 0 and by["E1"].change == n["E1"] - o["E1"]
    assert (d.net, d.last_net, d.change) == (nov.net, octo.net, nov.net - octo.net)
    unchanged = [ln.kind == "same" and ln.change == 0 for ln in d.lines]
    assert unchanged == sorted(unchanged)  # the changed, new and left first
    assert service.run_differences(octo.id).last_month is None
    # a reversed month is not the last posted month
    post(service.get_run(nov.id))
    service.reverse_run(nov.id, "redo")
    dec = month_run(c, DEC)
    assert service.run_differences(dec.id).last_run_id == octo.id
    r = client.get(f"/api/v1/payroll/runs/{nov.id}/differences")
    assert r.status_code == 200 and r.json()["new"] == 1
    g = client.post(
        "/graphql",
        json={
            "query": "query($id: ID!) { payrollRunDifferences(id: $id) { left lines { employeeCode kind } } }",
            "variables": {"id": str(nov.id)},
        },
    ).json()
    assert g["data"]["payrollRunDifferences"]["left"] == 1
    bn = client.get(f"/payroll/runs/{dec.id}?lang=bn").text
    section = re.search(r'<section class="card" id="run-differences">.*?</section>', bn, re.S).group(0)
    assert "গত মাসের সঙ্গে পার্থক্য" in section and "চলে গেছেন" in section and latin_in_main(section) == []
    en = client.get(f"/payroll/runs/{nov.id}?lang=en").text
    assert "Differences from last month" in en and "New" in en and "Left" in en
