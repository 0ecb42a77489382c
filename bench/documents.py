"""Benchmark: one-page PDFs per second on one core (target: at least 20 per second).

    python bench/documents.py                 # 200 vouchers of each kind
    python bench/documents.py --size tiny     # 6 (CI)

Two figures, each alternating English and Bangla payment vouchers (a one-page document with a table,
letterhead, amount in words and QR code):
- render: Jinja2 → HTML → WeasyPrint PDF, nothing else (what a preview costs);
- generate: the whole command on SQLite — number, render, store the PDF as an immutable file on local
  disk (hashing, sniffing), record the document and its event.
A third figure renders Word work orders (python-docx, English and Bangla alternating, a two-line items
table): what a .docx costs beside a PDF.
One thread, so one core: besides the wall-clock rate the bench prints PDFs per CPU second of this
process, which a busy machine (other processes on the cores) disturbs far less.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

SIZES = {"tiny": 6, "small": 40, "full": 200}


def voucher(i: int) -> dict:
    return {"voucher_date": date(2026, 1, 1 + i % 28).isoformat(), "payee": f"মেঘনা সিমেন্ট মিলস লিমিটেড {i}",
            "pay_mode": "cheque", "reference": f"CHQ {100000 + i}", "bank_account": "Sonali Bank, Motijheel",
            "narration": "৫০০ ব্যাগ সিমেন্টের মূল্য পরিশোধ; ক্ষতিপূরণ ও মন্ত্রণালয়ের অনুমোদন সাপেক্ষে",
            "lines": [{"account_code": "5110", "account_name": "Construction materials", "description": "Cement",
                       "amount": str(Decimal(112500) + i)},
                      {"account_code": "5150", "account_name": "Carriage inward", "amount": "12500.00"}]}


def render_rate(n: int) -> tuple[float, float, float]:
    from uuid import uuid4

    from vextrus.modules.documents import doc_types, rendering
    from vextrus.modules.documents.domain.hashing import data_hash
    from vextrus.modules.documents.service import generation

    generation.verify_url = lambda i, d: f"https://erp.example/documents/verify/{i}?h={d[:16]}"  # no runtime here
    t = doc_types.get("payment_voucher")
    company = {"name": "Padma Builders Ltd.", "name_bn": "পদ্মা বিল্ডার্স লিমিটেড", "address": "Dhanmondi, Dhaka",
               "bin": "000123456-0101", "tin": "123456789012", "logo": None}
    rendering.render_pdf("payment_voucher", "en", generation._values(  # warm-up: fonts, templates
        t, "en", t.model.model_validate(voucher(0)), "PV/2025-26/000000", uuid4(), "0" * 64, company))
    times = []
    cpu_start = time.process_time()
    for i in range(n):
        lang = "bn" if i % 2 else "en"
        model = t.model.model_validate(voucher(i))
        start = time.perf_counter()
        values = generation._values(t, lang, model, f"PV/2025-26/{i + 1:06d}", uuid4(),
                                    data_hash(model.model_dump(mode="json")), company)
        pdf = rendering.render_pdf("payment_voucher", lang, values)
        times.append(time.perf_counter() - start)
        assert pdf.startswith(b"%PDF")
    cpu = time.process_time() - cpu_start
    return len(times) / sum(times), statistics.median(times) * 1000, n / cpu


def docx_rate(n: int) -> tuple[float, float]:
    from uuid import uuid4

    from vextrus.modules.documents import doc_types, docx_render
    from vextrus.modules.documents.service import generation

    generation.verify_url = lambda i, d: f"https://erp.example/documents/verify/{i}?h={d[:16]}"
    t = doc_types.get("work_order")
    company = {"name": "Padma Builders Ltd.", "name_bn": "পদ্মা বিল্ডার্স লিমিটেড", "address": "Dhanmondi, Dhaka",
               "bin": "000123456-0101", "tin": "123456789012", "logo": None}
    model = t.sample()
    docx_render.render_docx(t, "en", generation._values(t, "en", model, "WO/2025-26/000000", uuid4(), "0" * 64,
                                                        company))  # warm-up
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(n):
        lang = "bn" if i % 2 else "en"
        content = docx_render.render_docx(t, lang, generation._values(t, lang, model, f"WO/2025-26/{i + 1:06d}",
                                                                      uuid4(), "0" * 64, company))
        assert content[:2] == b"PK"
    return n / (time.perf_counter() - start), n / (time.process_time() - cpu_start)


def generate_rate(n: int) -> tuple[float, float, int]:
    from vextrus.modules.documents import service
    from vextrus.modules.organization import api as organization
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    tmp = Path(tempfile.mkdtemp())
    settings = load_settings(database_url=f"sqlite:///{tmp}/bench.db", data_dir=tmp, secret_key="b" * 48,
                             log_level="warning")
    rt = runtime.start(settings)
    migrations.upgrade(rt.engine)
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        tenant = Tenant(code=f"bench{int(time.time())}", name="Bench Ltd.")
        s.add(tenant)
    with context.acting_as(context.system_context(tenant.id)):
        organization.create_company(organization.CompanyInput(code="PADMA", name="Padma Builders Ltd.",
                                                              name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
        service.generate("payment_voucher", "en", voucher(0))  # warm-up
        start, cpu_start = time.perf_counter(), time.process_time()
        for i in range(n):
            service.generate("payment_voucher", "bn" if i % 2 else "en", voucher(i))
        rate = n / (time.perf_counter() - start)
        cpu_rate = n / (time.process_time() - cpu_start)
        stored = sum(p.stat().st_size for p in (tmp / "files").rglob("*") if p.is_file())
    rt.close()
    return rate, cpu_rate, stored


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    args = ap.parse_args()
    n = SIZES[args.size]
    print(f"documents bench: {n} one-page payment vouchers (English and Bangla alternating), one thread")
    rate, median_ms, cpu_rate = render_rate(n)
    print(f"render only:  {rate:6.1f} PDFs/s wall clock (median {median_ms:.1f} ms), "
          f"{cpu_rate:6.1f} PDFs per CPU second")
    g_rate, g_cpu, stored = generate_rate(n)
    print(f"generate (SQLite, stored as files): {g_rate:6.1f} documents/s wall clock, {g_cpu:6.1f} per CPU second "
          f"({stored / 1024 / (n + 1):.0f} KiB per PDF)")
    w_rate, w_cpu = docx_rate(n)
    print(f"Word work orders (render only): {w_rate:6.1f} .docx/s wall clock, {w_cpu:6.1f} per CPU second")
    print(f"target >= 20 PDFs/s on one core: {'met' if cpu_rate >= 20 else 'NOT met'} "
          "(render only, by CPU time: the wall clock follows the machine's load)")


if __name__ == "__main__":
    main()
