"""hr benchmark: a month of site muster rolls for N workers (one sheet a day, bulk entry, approved), the
month's figures, then payroll's run prepared from them, and payslip PDFs; on SQLite or PostgreSQL.

    python bench/hr.py --size tiny                 # CI: 20 workers, seconds
    python bench/hr.py                             # 500 workers on SQLite
    python bench/hr.py --database postgresql+psycopg://root@127.0.0.1:5432/test   # a scratch db is made

Prints attendance rows recorded per second, the figures' time, the run's time and payslip PDFs per second.
"""

from __future__ import annotations

import argparse
import functools
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows when output is redirected

SIZES = {"tiny": 20, "full": 500}
MONTH = date(2025, 10, 1)  # a month of the 2025-26 income year


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="full")
    ap.add_argument("--database", default=None, help="sqlite (default) or a PostgreSQL admin URL (a scratch db is made)")
    ap.add_argument("--pdfs", type=int, default=5, help="payslip PDFs to render (each language)")
    args = ap.parse_args()
    run(args.database, SIZES[args.size], args.pdfs)


def run(database: str | None, workers: int, pdfs: int) -> None:
    from vextrus.modules.finance import service as finance
    from vextrus.modules.hr import service
    from vextrus.modules.hr.schemas import AttendanceInput, MusterInput, PayrollFromMusterInput
    from vextrus.modules.organization import api as organization
    from vextrus.modules.payroll import service as payroll
    from vextrus.modules.payroll.schemas import ComponentInput, EmployeeInput, StructureInput
    from vextrus.platform import clock, context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.scratch import scratch_database
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    scratch = scratch_database(database, owner="vextrus_bench_hr", prefix="vextrus_bench_hr")
    clock.set_clock(lambda: datetime(2025, 11, 5, 6, 0, tzinfo=UTC))
    try:
        rt = runtime.start(load_settings(database_url=scratch.owner_url, data_dir=Path(tempfile.mkdtemp()),
                                         secret_key="b" * 48, log_level="warning"), consume=False)
        migrations.upgrade(rt.engine)
        db = rt.engine.dialect.name
        tid = new_id()
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code="bench", name="Bench", is_demo=False))
        rnd = random.Random(18)
        site = new_id()
        with context.acting_as(context.system_context(tid, actor="bench")):
            c = organization.create_company(organization.CompanyInput(code="BENCH", name="Bench Builders Ltd."))
            finance.ensure_book("BENCH", "Bench Builders Ltd.", c.id)
            finance.open_fiscal_year("BENCH", "2025-26")
            payroll.save_structure(StructureInput(company_id=c.id, grade="W", basic=Decimal(12_000), components=[
                ComponentInput(name="house_rent", basis="basic", value=Decimal("0.4"))]))
            ids = [payroll.create_employee(EmployeeInput(
                company_id=c.id, code=f"W{i:05d}", name=f"Worker {i}", grade="W", workplace="site",
                employment_type="daily_wage", payment_method="cash", joining_date=date(2024, 1, 1),
                project_id=site)).id for i in range(workers)]
            rows = 0
            t0 = time.perf_counter()
            day = MONTH
            while day.month == MONTH.month:
                lines = []
                for e in ids:
                    r = rnd.random()
                    if day.weekday() == 4:
                        lines.append(AttendanceInput(employee_id=e, status="holiday"))
                    elif r < .05:
                        lines.append(AttendanceInput(employee_id=e, status="absent"))
                    elif r < .08:
                        lines.append(AttendanceInput(employee_id=e, status="half_day"))
                    else:
                        lines.append(AttendanceInput(employee_id=e, status="present",
                                                     overtime_hours=Decimal(rnd.choice((0, 0, 1, 2)))))
                m = service.record_muster(MusterInput(company_id=c.id, project_id=site, day=day, lines=lines))
                service.approve_muster(m.id)
                rows += len(lines)
                day += timedelta(days=1)
            t1 = time.perf_counter()
            figures = service.month_figures(c.id, MONTH)
            t2 = time.perf_counter()
            run_ = service.prepare_payroll(PayrollFromMusterInput(company_id=c.id, month=MONTH))
            t3 = time.perf_counter()
            slips = run_.payslips[:pdfs]
            t4 = time.perf_counter()
            n = 0
            for p in slips:
                for lang in ("en", "bn"):
                    payroll.payslip_pdf(p.id, lang)
                    n += 1
            t5 = time.perf_counter()
        print(f"[{db}] {workers} workers, {rows:,} attendance rows in 31 daily sheets recorded and approved: "
              f"{t1 - t0:.2f} s, {rows / (t1 - t0):,.0f} rows/s")
        print(f"[{db}] month's figures of {len(figures)} workers: {t2 - t1:.2f} s; payroll run from them "
              f"({len(run_.payslips)} payslips, absence {sum(p.absence for p in run_.payslips):,}, overtime "
              f"{sum(p.overtime for p in run_.payslips):,}): {t3 - t2:.2f} s")
        if n:
            print(f"[{db}] payslip PDFs (en + bn): {n} in {t5 - t4:.2f} s, {n / (t5 - t4):.1f}/s")
        rt.close()
    finally:
        clock.set_clock(None)
        scratch.drop()


if __name__ == "__main__":
    main()
