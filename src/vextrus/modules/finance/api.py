"""What other modules may call: ensure a company's book, post entries, read balances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

from vextrus.platform.errors import DomainError, NotFound
from vextrus.platform.uow import UnitOfWork, query

from . import service
from .schemas import AccountInput, AccountView
from .service import BookView, BulkResult, EntryIn, EntryView, LineIn, reporting

__all__ = ["AccountInput", "AccountLine", "AccountView", "BookView", "BulkResult", "EntryIn", "EntryView", "LineIn"]


def ensure_book(company_id: UUID, code: str, name: str | None = None) -> BookView:
    """The company's ledger, created with the Bangladesh construction chart on first use."""
    return service.ensure_book(code, name, company_id)


def post_entry(company: UUID | str, entry: EntryIn, idempotency_key: str | None = None) -> EntryView:
    return service.post_entry(company, entry, idempotency_key=idempotency_key)


def post_bulk(company: UUID | str, entries: list[EntryIn], idempotency_key: str | None = None) -> BulkResult:
    return service.post_bulk(company, entries, idempotency_key=idempotency_key)


def check_accounts(company: UUID | str, accounts: list[AccountInput]) -> list[tuple[int, DomainError]]:
    """`create_accounts`'s dry run: (row index, its first problem) for every account it would refuse."""
    return service.check_accounts(company, accounts)


def create_accounts(company: UUID | str, accounts: list[AccountInput]) -> list[AccountView]:
    """Add accounts to the company's chart (groups and their children in any order), all or nothing."""
    return service.create_accounts(company, accounts)


def check_bulk(company: UUID | str, entries: list[EntryIn]) -> list[tuple[int, DomainError]]:
    """`post_bulk`'s dry run: (entry index, its first problem) for every entry it would refuse."""
    return service.check_bulk(company, entries)


def reverse_entry(company: UUID | str, entry: UUID | str, on: date) -> EntryView:
    return service.reverse_entry(company, entry, on)


def account_balance(company: UUID | str, account_code: str, as_of: date | None = None) -> Decimal:
    """Signed base-currency balance (debit positive) of one account up to `as_of`."""
    gl = reporting.general_ledger(company, account_code, None, as_of, limit=1)
    tb = {ln.account_code: ln for ln in reporting.trial_balance(company, None, as_of).lines}
    ln = tb.get(account_code)
    return (ln.closing_debit - ln.closing_credit) if ln else gl.opening


class AccountLine(BaseModel):
    """One posted journal line of an account, with its entry (bank reconciliation reads these)."""

    line_id: UUID
    entry_id: UUID
    number: str | None
    entry_date: date
    narration: str
    reference: str
    memo: str
    debit: Decimal
    credit: Decimal


@query("finance.report.view", scope="finance.account_lines")
def account_lines(uow: UnitOfWork, company: UUID | str, account_code: str, date_to: date | None = None
                  ) -> list[AccountLine]:
    """Every posted line of one account of the company's book up to `date_to` (base currency), by date."""
    from sqlalchemy import select

    from .service.lookups import accounts_of, get_book
    from .tables import JournalEntry, JournalLine

    b = get_book(uow, company)
    acc = accounts_of(uow, b.id).get(account_code)
    if acc is None:
        raise NotFound("account", account_code, field="account")
    q = (select(JournalLine, JournalEntry.number, JournalEntry.narration, JournalEntry.reference)
         .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
         .where(JournalLine.account_id == acc.id, JournalLine.posted.is_(True)))
    if date_to is not None:
        q = q.where(JournalLine.entry_date <= date_to)
    rows = uow.session.execute(q.order_by(JournalLine.entry_date, JournalEntry.number, JournalLine.line_no)).all()
    return [AccountLine(line_id=ln.id, entry_id=ln.entry_id, number=number, entry_date=ln.entry_date,
                        narration=narration or "", reference=reference or "", memo=ln.memo or "",
                        debit=ln.base_debit, credit=ln.base_credit) for ln, number, narration, reference in rows]


def list_accounts(company: UUID | str) -> list[AccountView]:
    """The company's chart of accounts (needs finance.account.view)."""
    return service.list_accounts(company)
