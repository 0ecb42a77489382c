"""Tax computations per second: VAT (exclusive and inclusive), VDS and s.89 withholding through `tax.api`
(the functions invoicing and payments call), first with no tenant acting (the shipped table in memory), then
acting for a tenant that added its own rate (its table from the per-process cache after the first read).

    PYTHONPATH=src python bench/tax.py [--size tiny|full]

Prints one line per computation with the rate per second on this machine (single thread). The tenant part
runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal


def _rate(n: int, fn: Callable[[int], object]) -> float:
    fn(0)  # warm caches (Babel's currency precision)
    t = time.perf_counter()
    for i in range(n):
        fn(i)
    return n / (time.perf_counter() - t)


def main() -> None:
    from vextrus.modules.tax import api

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    n = 2_000 if ap.parse_args().size == "tiny" else 200_000
    rnd = random.Random(16)
    amounts = [Decimal(rnd.randint(1, 10**11)) / 100 for _ in range(1024)]
    days = [date(2024, 7, 1) + timedelta(days=rnd.randint(0, 730)) for _ in range(1024)]
    codes = ["VAT15", "VAT10", "VAT7.5", "VAT5", "S004.00", "EXPORT0", "EXEMPT"]

    figures = {
        "vat exclusive": _rate(n, lambda i: api.vat_for(codes[i % 7], amounts[i % 1024], days[i % 1024])),
        "vat inclusive": _rate(n, lambda i: api.vat_for(codes[i % 7], amounts[i % 1024], days[i % 1024], True)),
        "withholding s.89": _rate(n, lambda i: api.withholding_for("89", amounts[i % 1024], days[i % 1024],
                                                                   has_tin=i % 5 != 0)),
        "vds": _rate(n, lambda i: api.vds_for(codes[i % 7], amounts[i % 1024], Decimal(0), days[i % 1024])),
    }
    for name, rate in figures.items():
        print(f"tax {name}: {n:,} computations, {rate:,.0f}/s")
    tenant_rate = tenant_vat_rate(n // 4, amounts, days)
    print(f"tax vat for a tenant with its own rate (cached table): {n // 4:,} computations, {tenant_rate:,.0f}/s")


def tenant_vat_rate(n: int, amounts: list[Decimal], days: list[date]) -> float:
    import os
    import tempfile
    from pathlib import Path

    from vextrus.modules.tax import api, service
    from vextrus.modules.tax.schemas import VatRateInput
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    tmp = Path(tempfile.mkdtemp())
    settings = load_settings(data_dir=tmp, secret_key="b" * 48, log_level="warning",
                             database_url=os.environ.get("VEXTRUS_DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}")
    rt = runtime.start(settings)
    migrations.upgrade(rt.engine)
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        tenant = Tenant(code=f"taxbench{int(time.time())}", name="Bench Ltd.")
        s.add(tenant)
    with context.acting_as(context.system_context(tenant.id)):
        service.add_vat_rate(VatRateInput(code="S004.00", name="bench", name_bn="বেঞ্চ", kind="reduced",
                                          rate=Decimal(12), valid_from=date(2026, 7, 1), source="bench"))
        rate = _rate(n, lambda i: api.vat_for("S004.00", amounts[i % 1024], days[i % 1024]))
    rt.close()
    return rate


if __name__ == "__main__":
    main()
