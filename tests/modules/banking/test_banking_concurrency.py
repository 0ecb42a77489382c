"""Two clerks match the same statement line at once (each to a ledger line of the right amount): exactly one
wins; the other is refused (the account row is locked while matching and the line's version moves on), and the
line carries one match. A stale edit of a bank account is refused by its version."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from banking_testkit import DATA, post
from sqlalchemy import func, select

from vextrus.modules.banking import service
from vextrus.modules.banking.schemas import BankAccountChange, MatchInput
from vextrus.modules.banking.tables import MatchRow
from vextrus.platform import context
from vextrus.platform.errors import Conflict, StaleVersion


def test_one_of_two_simultaneous_matches_wins(db, admin, account, company):
    post(company, date(2026, 3, 1), "Cheque 456789", Decimal("-250000.00"))
    post(company, date(2026, 3, 3), "Cheque 456789 again", Decimal("-250000.00"))
    service.import_statement(account.id, "dbbl.csv", (DATA / "dbbl_statement.csv").read_bytes())
    line = next(ln for ln in service.statement_lines(account.id) if ln.reference == "456789")
    options = [b.journal_line_id for b in service.book_lines(account.id) if b.amount == Decimal("-250000.00")]
    assert len(options) == 2
    results: list[object] = [None, None]
    barrier = threading.Barrier(2, timeout=30)

    def run(i: int) -> None:
        barrier.wait()
        try:
            with context.acting_as(admin):
                results[i] = service.match(MatchInput(statement_line_id=line.id, journal_line_ids=[options[i]]),
                                           line.version)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [r for r in results if isinstance(r, (Conflict, StaleVersion))]
    assert len(refused) == 1, results
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(MatchRow).where(MatchRow.statement_line_id == line.id)) == 1


def test_a_stale_account_edit_is_refused(db, account):
    service.change_account(account.id, BankAccountChange(branch="Gulshan"), expected_version=account.version)
    with pytest.raises(StaleVersion):
        service.change_account(account.id, BankAccountChange(branch="Banani"), expected_version=account.version)
