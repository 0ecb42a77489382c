"""Invariants under any sequence of posts, reversals, period closes and revaluations; concurrent posting."""

import threading
from datetime import date
from decimal import Decimal as D
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from vextrus.modules.finance import service
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.service import EntryIn, LineIn, reporting
from vextrus.modules.finance.tables import JournalEntry
from vextrus.platform import context
from vextrus.platform.uow import unit_of_work

ACCOUNTS = ["1110", "1120", "1130", "1150", "2110", "2142", "3100", "4100", "5110", "5150"]
_books = count()

amounts = st.decimals(min_value=D("0.01"), max_value=D("9999999.99"), places=2)
post = st.tuples(st.just("post"), st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS), amounts,
                 st.integers(1, 90), st.booleans())
reverse = st.tuples(st.just("reverse"), st.integers(0, 50), st.integers(0, 30))
close = st.tuples(st.just("close"))
revalue = st.tuples(st.just("revalue"), st.decimals(min_value=D("100"), max_value=D("130"), places=4))
ops = st.lists(st.one_of(post, post, reverse, close, revalue), min_size=1, max_size=12)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(ops)
def test_any_sequence_keeps_the_ledger_balanced_and_the_projection_exact(db, admin, seq):
    code = f"P{next(_books)}"
    service.ensure_book(code, code)
    service.open_fiscal_year(code, "2025-26")
    service.set_rate(code, "USD", date(2025, 7, 1), D("120"))
    posted: list[str] = []
    closed = 0
    for op in seq:
        try:
            if op[0] == "post":
                _, dr, cr, amt, day, usd = op
                d = date.fromordinal(date(2025, 7, 1).toordinal() + day)
                lines = [LineIn(account_code=dr, debit=amt), LineIn(account_code=cr, credit=amt)]
                if usd:
                    lines = [LineIn(account_code="1121", debit=amt, currency="USD"),
                             LineIn(account_code=cr, credit=(amt * D(120)))]
                posted.append(service.post_entry(code, EntryIn(entry_date=d, lines=lines)).number)
            elif op[0] == "reverse" and posted:
                n = posted[op[1] % len(posted)]
                e = service.get_entry(code, n)
                service.reverse_entry(code, n, date.fromordinal(e.entry_date.toordinal() + op[2]))
            elif op[0] == "close" and closed < 3:
                service.close_period(code, "2025-26", closed + 1)
                closed += 1
            elif op[0] == "revalue":
                month_end = [date(2025, 7, 31), date(2025, 8, 31), date(2025, 9, 30)][min(closed, 2)]
                service.revalue(code, month_end, {"USD": op[1]})
        except LedgerError as exc:  # a refused command (closed period, reversed twice …) changes nothing
            assert exc.code in {"period_not_open", "entry_not_posted", "account_is_group", "entry_unbalanced",
                                "reversal_date_invalid"}, exc.code
    tb = reporting.trial_balance(code)
    assert tb.totals.debit == tb.totals.credit and tb.totals.closing_debit == tb.totals.closing_credit
    assert reporting.verify(code).differences == [] and reporting.verify(code).unbalanced_entries == []
    assert reporting.balance_sheet(code).is_balanced


def test_eight_concurrent_posters_get_gapless_numbers_and_exact_balances(db, admin, tenant_id):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")
    service.ensure_book("CONC", "Concurrent")
    service.open_fiscal_year("CONC", "2025-26")
    per_thread, errors = 25, []
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        try:
            with context.acting_as(admin):
                barrier.wait()
                for i in range(per_thread):
                    service.post_entry("CONC", EntryIn(entry_date=date(2025, 7, 1 + (i % 28)), lines=[
                        LineIn(account_code="5150", debit=D(n + 1)), LineIn(account_code="1110", credit=D(n + 1))]))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with unit_of_work() as uow:
        numbers = sorted(uow.session.execute(select(JournalEntry.number)).scalars())
    assert numbers == [f"JV/2025-26/{i:06d}" for i in range(1, 8 * per_thread + 1)]
    tb = {ln.account_code: ln for ln in reporting.trial_balance("CONC").lines}
    assert tb["5150"].closing_debit == D(per_thread * sum(range(1, 9)))
    assert reporting.verify("CONC").differences == []
