"""Bank reconciliation at size: match suggestions for a 5,000-line statement against 20,000 ledger lines of the
bank account (and the pure matcher alone), then the reconciliation report.

    PYTHONPATH=src python bench/banking.py [--size tiny|full]

Prints the time of each step; VEXTRUS_DATABASE_URL picks the database (default: a temporary SQLite file)."""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from _company import start_company


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    args = ap.parse_args()
    n_book, n_stmt = (200, 50) if args.size == "tiny" else (20_000, 5_000)

    from vextrus.modules.banking import service
    from vextrus.modules.banking.domain import matching as dm
    from vextrus.modules.banking.schemas import BankAccountInput
    from vextrus.modules.finance import api as finance
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    rt, owner, company = start_company("bank")
    rnd = random.Random(16)
    start = date(2025, 7, 1)
    z = Decimal(0)
    moves = []
    for i in range(n_book):
        amount = Decimal(rnd.randint(100_00, 50_000_00)) / 100 * (1 if rnd.random() < 0.4 else -1)
        moves.append((start + timedelta(days=i * 360 // n_book), amount, f"CHQ{100000 + i}"))
    with context.acting_as(owner):
        t0 = time.perf_counter()
        for k in range(0, n_book, 2000):
            finance.post_bulk(company.id, [finance.EntryIn(
                journal_type="payment", entry_date=d, narration=f"Cheque {ref}", reference=ref, lines=[
                    finance.LineIn(account_code="1120", debit=max(a, z), credit=max(-a, z)),
                    finance.LineIn(account_code="2110", debit=max(-a, z), credit=max(a, z))])
                for d, a, ref in moves[k:k + 2000]])
        t_post = time.perf_counter() - t0
        acc = service.create_account(BankAccountInput(company_id=company.id, bank_name="Bench Bank",
                                                      account_number="1", ledger_account_code="1120"))
        picked = sorted(rnd.sample(range(n_book), n_stmt))
        rows = ["Txn Date,Particulars,Chq/Ref No,Withdrawal (Dr),Deposit (Cr),Balance"]
        bal = Decimal(0)
        for i in picked:
            d, a, ref = moves[i]
            bal += a
            day = (d + timedelta(days=rnd.randint(0, 2))).strftime("%d/%m/%Y")
            dr, cr = (f"{-a:,.2f}", "") if a < 0 else ("", f"{a:,.2f}")
            rows.append(f'{day},Txn {i},{ref},"{dr}","{cr}","{bal:,.2f}"')
        t0 = time.perf_counter()
        service.import_statement(acc.id, "bench.csv", ("\n".join(rows) + "\n").encode(), Decimal(0))
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        found = service.suggestions(acc.id)
        t_suggest = time.perf_counter() - t0
        stmt = [dm.StmtLine(new_id(), moves[i][0], moves[i][1], moves[i][2]) for i in picked]
        book = [dm.BookLine(new_id(), new_id(), d, a, f"Cheque {ref}") for d, a, ref in moves]
        t0 = time.perf_counter()
        dm.suggest(stmt, book)
        t_pure = time.perf_counter() - t0
        t0 = time.perf_counter()
        rep = service.reconciliation_report(acc.id, date(2026, 6, 30))
        t_report = time.perf_counter() - t0
    assert rep.difference == 0 and len(found) >= n_stmt * 0.9, (rep.difference, len(found))
    db = rt.engine.dialect.name
    print(f"banking ({db}): {n_book:,} ledger lines posted in {t_post:.1f}s; {n_stmt:,}-line statement imported "
          f"in {t_import:.2f}s; suggestions for {len(found):,} lines in {t_suggest:.2f}s (matcher alone "
          f"{t_pure * 1000:.0f} ms); report in {t_report:.2f}s")


if __name__ == "__main__":
    main()
