"""The demo company's year: loads fast through the bulk path and its statements balance."""

import time
from datetime import date

from vextrus.modules.finance import demo, reporting


def test_demo_year_loads_fast_and_balances(db, tenant_id, admin):
    started = time.perf_counter()
    demo.load(tenant_id)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, elapsed
    tb = reporting.trial_balance(demo.BOOK, date(2025, 7, 1), date(2026, 6, 30))
    assert tb.is_balanced and len(tb.lines) > 20
    bs = reporting.balance_sheet(demo.BOOK, date(2026, 6, 30))
    assert bs.is_balanced
    inc = reporting.income_statement(demo.BOOK, date(2025, 7, 1), date(2026, 6, 30))
    assert inc.revenue.total > 0 and inc.net_profit == bs.current_year_earnings
    cf = reporting.cash_flow(demo.BOOK, date(2025, 7, 1), date(2026, 6, 30))
    assert cf.reconciles
    by = {ln.account_code for ln in tb.lines}
    assert {"1131", "2142", "2150", "1150", "2130", "5120"} <= by  # retention, VDS, AIT, input VAT, advance
    assert reporting.verify(demo.BOOK).differences == []
