"""Payroll benchmark: a company's monthly run (compute every payslip, then approve and post its one journal
through finance.api) for 500 employees, on SQLite or PostgreSQL. Prints every figure.

    python bench/payroll.py --size tiny                 # CI: 20 employees, seconds
    python bench/payroll.py                             # 500 employees on SQLite (target: run < 5 s)
    python bench/payroll.py --database postgresql+psycopg://root@127.0.0.1:5432/test   # a scratch db is made

Also times the pure income-tax computation (`domain.compute_tax`) per second.
"""

from __future__ import annotations

import argparse
import functools
import random
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows when output is redirected

SIZES = {"tiny": 20, "full": 500}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="full")
    ap.add_argument("--database", default=None, help="sqlite (default) or a PostgreSQL admin URL (a scratch db is made)")
    args = ap.parse_args()
    tax_rate()
    run(args.database, SIZES[args.size])


def tax_rate(n: int = 20_000) -> None:
    from vextrus.modules.payroll.domain import compute_tax

    rnd = random.Random(18)
    salaries = [Decimal(rnd.randint(200_000, 5_000_000)) for _ in range(1024)]
    t = time.perf_counter()
    for i in range(n):
        compute_tax(salaries[i % 1024], "2025-26", investment=Decimal(100_000))
    print(f"payroll compute_tax: {n:,} computations, {n / (time.perf_counter() - t):,.0f}/s")


def run(database: str | None, employees: int) -> None:
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
            wage_run(db, c.id, employees, rnd)
        rt.close()
    finally:
        scratch.drop()


def wage_run(db: str, company_id, workers: int, rnd: random.Random) -> None:
    """A week's wage run of `workers` daily-wage workers on one site from approved muster rolls (hr)."""
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
    start = date(2025, 10, 4)  # Saturday to Friday
    t = time.perf_counter()
    for d in range(7):
        lines = [AttendanceInput(employee_id=e, status="holiday") if d == 6 else
                 AttendanceInput(employee_id=e, status=rnd.choice(["present"] * 8 + ["absent", "half_day"]),
                                 overtime_hours=Decimal(rnd.randint(0, 2))) for e in ids]
        for a in lines:
            if a.status == "absent":
                a.overtime_hours = Decimal(0)
        m = hr.record_muster(MusterInput(company_id=company_id, project_id=site, day=start + timedelta(days=d),
                                         lines=lines))
        hr.approve_muster(m.id)
    t0 = time.perf_counter()
    draft = hr_api.prepare_wage_run(WageRunRequest(company_id=company_id, period_start=start,
                                                  period_end=start + timedelta(days=6), project_id=site))
    t1 = time.perf_counter()
    posted = service.post_wage_run(service.approve_wage_run(draft.id).id)
    t2 = time.perf_counter()
    print(f"[{db}] wage run of {workers} daily-wage workers x 7 days ({workers * 7:,} muster lines recorded and "
          f"approved in {t0 - t:.2f} s): compute (draft) {t1 - t0:.2f} s, approve + post (one journal "
          f"{posted.entry_number}) {t2 - t1:.2f} s; gross {posted.gross:,}")


if __name__ == "__main__":
    main()
