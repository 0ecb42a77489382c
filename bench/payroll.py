"""Payroll benchmark, on SQLite or PostgreSQL; prints every figure:

- the issue's figure: a 500-worker site's monthly run from a month of muster rolls (October 2025, 26 working
  days, approved through hr) → the month's wage run computed, approved and posted, against the 5 s target;
- payslip PDFs per second through the real payslip path (English and Bangla);
- a company's monthly salary run (compute every payslip, then approve and post its one journal through
  finance.api) for 500 employees.

    python bench/payroll.py --size tiny                 # CI: 20 employees, seconds
    python bench/payroll.py                             # 500 employees on SQLite (target: run < 5 s)
    python bench/payroll.py --database postgresql+psycopg://root@127.0.0.1:5432/test   # a scratch db is made

Also times the pure income-tax computation (`domain.compute_tax`) per second.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows when output is redirected

SIZES = {"tiny": 20, "full": 500}
PDFS = {"tiny": 1, "full": 20}  # payslips printed, each in English and Bangla


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="full")
    ap.add_argument("--database", default=None, help="sqlite (default) or a PostgreSQL admin URL (a scratch db is made)")
    ap.add_argument("--pdfs", type=int, default=None, help="payslips printed as PDF, each in en and bn")
    args = ap.parse_args()
    tax_rate()
    run(args.database, SIZES[args.size], args.pdfs if args.pdfs is not None else PDFS[args.size])


def tax_rate(n: int = 20_000) -> None:
    from vextrus.modules.payroll.domain import compute_tax

    rnd = random.Random(18)
    salaries = [Decimal(rnd.randint(200_000, 5_000_000)) for _ in range(1024)]
    t = time.perf_counter()
    for i in range(n):
        compute_tax(salaries[i % 1024], "2025-26", investment=Decimal(100_000))
    print(f"payroll compute_tax: {n:,} computations, {n / (time.perf_counter() - t):,.0f}/s")


def run(database: str | None, employees: int, pdfs: int) -> None:
    from vextrus.modules.finance import service as finance
    from vextrus.modules.organization import api as organization
    from vextrus.modules.payroll import service
    from vextrus.modules.payroll.schemas import (
        ComponentInput,
        EmployeeInput,
        OvertimeInput,
        RunInput,
        StructureInput,
    )
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.scratch import scratch_database
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    scratch = scratch_database(database, owner="vextrus_bench_payroll", prefix="vextrus_bench_payroll")
    try:
        rt = runtime.start(load_settings(database_url=scratch.owner_url, data_dir=Path(tempfile.mkdtemp()),
                                         secret_key="b" * 48, log_level="warning"), consume=False)
        migrations.upgrade(rt.engine)
        db = rt.engine.dialect.name
        tid = new_id()
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code="bench", name="Bench", is_demo=False))
        rnd = random.Random(18)
        with context.acting_as(context.system_context(tid, actor="bench")):
            c = organization.create_company(organization.CompanyInput(code="BENCH", name="Bench Builders Ltd."))
            finance.ensure_book("BENCH", "Bench Builders Ltd.", c.id)
            finance.open_fiscal_year("BENCH", "2025-26")
            grades = {"M": 90_000, "E": 45_000, "S": 25_000, "W": 12_000}
            for g, basic in grades.items():
                service.save_structure(StructureInput(company_id=c.id, grade=g, basic=Decimal(basic), components=[
                    ComponentInput(name="house_rent", basis="basic", value=Decimal("0.5")),
                    ComponentInput(name="medical", basis="fixed", value=Decimal(1500)),
                    ComponentInput(name="conveyance", basis="fixed", value=Decimal(1000))]))
            t = time.perf_counter()
            ids = []
            for i in range(employees):
                g = "MESWWWWWWW"[i % 10]
                ids.append(service.create_employee(EmployeeInput(
                    company_id=c.id, code=f"E{i:05d}", name=f"Worker {i}", grade=g,
                    workplace="office" if g in "ME" else "site",
                    employment_type="permanent" if g != "W" else "daily_wage", payment_method="mfs",
                    account_no=f"017{i:08d}", joining_date=date(2015 + i % 10, 1 + i % 12, 1),
                    category="woman" if i % 4 == 0 else "general")).id)
            print(f"[{db}] {employees} employees created one by one: {time.perf_counter() - t:.2f} s")
            overtime = [OvertimeInput(employee_id=e, hours=Decimal(rnd.randint(0, 40))) for e in ids if rnd.random() < .6]
            t0 = time.perf_counter()
            draft = service.prepare_run(RunInput(company_id=c.id, month=date(2025, 10, 1), festival="Durga Puja",
                                                 overtime=overtime))
            t1 = time.perf_counter()
            approved = service.approve_run(draft.id)
            t2 = time.perf_counter()
            posted = service.post_run(approved.id)
            t3 = time.perf_counter()
        print(f"[{db}] monthly run of {employees} employees: compute (draft, {len(draft.payslips)} payslips) "
              f"{t1 - t0:.2f} s, approve {t2 - t1:.2f} s, post (one journal {posted.entry_number}) {t3 - t2:.2f} s; "
              f"compute + post {t3 - t0:.2f} s (target < 5 s on SQLite)")
        print(f"[{db}] gross {posted.gross:,}, tax withheld {posted.tax:,}, net {posted.net:,}")
        with context.acting_as(context.system_context(tid, actor="bench")):
            payslip_pdfs(db, posted.id, pdfs)
            wage_run(db, c.id, employees, rnd)
        rt.close()
    finally:
        scratch.drop()


def wage_run(db: str, company_id, workers: int, rnd: random.Random) -> None:
    """The issue's figure: a 500-worker site's month. `workers` daily-wage workers on one site, October 2025's
    muster rolls recorded and approved through hr (26 working days Saturday–Thursday, the 5 Fridays the weekly
    holiday), then the month's wage run prepared from them (hr reads the approved lines, payroll computes every
    wage slip), approved and posted as one journal. The run is timed against the 5 s target."""
    from datetime import timedelta

    from vextrus.modules.hr import api as hr_api
    from vextrus.modules.hr import service as hr
    from vextrus.modules.hr.schemas import AttendanceInput, MusterInput
    from vextrus.modules.payroll import service
    from vextrus.modules.payroll.schemas import EmployeeInput, WageRunRequest
    from vextrus.modules.projects import service as projects

    site = projects.create_project("BENCH-SITE", "Bench Tower", company_id=company_id).id
    ids = [service.create_employee(EmployeeInput(
        company_id=company_id, code=f"D{i:05d}", name=f"Day worker {i}", grade="W", workplace="site",
        employment_type="daily_wage", payment_method="cash", joining_date=date(2024, 1, 1), project_id=site,
        daily_wage=Decimal(rnd.randint(550, 900)))).id for i in range(workers)]
    first, last = date(2025, 10, 1), date(2025, 10, 31)
    t = time.perf_counter()
    rows = working = 0
    day = first
    while day <= last:
        friday = day.weekday() == 4
        working += not friday
        lines = [AttendanceInput(employee_id=e, status="holiday") if friday else
                 AttendanceInput(employee_id=e, status=rnd.choice(["present"] * 8 + ["absent", "half_day"]),
                                 overtime_hours=Decimal(rnd.randint(0, 2))) for e in ids]
        for a in lines:
            if a.status == "absent":
                a.overtime_hours = Decimal(0)
        m = hr.record_muster(MusterInput(company_id=company_id, project_id=site, day=day, lines=lines))
        hr.approve_muster(m.id)
        rows += len(lines)
        day += timedelta(days=1)
    t0 = time.perf_counter()
    print(f"[{db}] a month of muster rolls: {workers} daily-wage workers x 31 days ({working} working days, "
          f"{rows:,} lines) recorded and approved in {t0 - t:.2f} s ({rows / (t0 - t):,.0f} lines/s)")
    c0, load = time.process_time(), os.getloadavg()[0]
    draft = hr_api.prepare_wage_run(WageRunRequest(company_id=company_id, period_start=first, period_end=last,
                                                  project_id=site))
    t1 = time.perf_counter()
    approved = service.approve_wage_run(draft.id)
    t2 = time.perf_counter()
    posted = service.post_wage_run(approved.id)
    t3, c3 = time.perf_counter(), time.process_time()
    print(f"[{db}] {workers}-worker site's monthly run from a month of muster rolls ({rows:,} lines): "
          f"{t3 - t0:.2f} s (target < 5 s on SQLite; CPU {c3 - c0:.2f} s, load {load:.1f}) = compute (draft, {draft.workers} wage slips) {t1 - t0:.2f} s, "
          f"approve {t2 - t1:.2f} s, post (one journal {posted.entry_number}) {t3 - t2:.2f} s; gross {posted.gross:,}")


def payslip_pdfs(db: str, run_id, count: int) -> None:
    """Payslip PDFs per second through the real path (payroll.payslip_pdf: documents' print_document, the
    HTML template rendered to PDF, stored and numbered), English and Bangla, each a first print."""
    from vextrus.modules.payroll import service

    slips = service.get_run(run_id).payslips[:count]
    t, c, load = time.perf_counter(), time.process_time(), os.getloadavg()[0]
    n = 0
    for p in slips:
        for lang in ("en", "bn"):
            service.payslip_pdf(p.id, lang)
            n += 1
    dt = time.perf_counter() - t
    print(f"[{db}] payslip PDFs per second (en + bn, first prints): {n} in {dt:.2f} s, {n / dt:.1f}/s "
          f"(CPU of this process {time.process_time() - c:.2f} s, load {load:.1f})")


if __name__ == "__main__":
    main()
