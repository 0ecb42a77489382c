"""Tax computations per second: VAT (exclusive and inclusive), VDS and s.89 withholding through `tax.api`
(the functions invoicing and payments call: pure, the rate table in memory, no database).

    PYTHONPATH=src python bench/tax.py [--size tiny|full]

Prints one line per computation with the rate per second on this machine (single thread).
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


if __name__ == "__main__":
    main()
