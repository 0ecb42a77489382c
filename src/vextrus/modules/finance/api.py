"""What other modules may call: ensure a company's book, post entries, read balances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from . import service
from .service import BookView, BulkResult, EntryIn, EntryView, LineIn, reporting

__all__ = ["BookView", "BulkResult", "EntryIn", "EntryView", "LineIn"]


def ensure_book(company_id: UUID, code: str, name: str | None = None) -> BookView:
    """The company's ledger, created with the Bangladesh construction chart on first use."""
    return service.ensure_book(code, name, company_id)


def post_entry(company: UUID | str, entry: EntryIn, idempotency_key: str | None = None) -> EntryView:
    return service.post_entry(company, entry, idempotency_key=idempotency_key)


def post_bulk(company: UUID | str, entries: list[EntryIn], idempotency_key: str | None = None) -> BulkResult:
    return service.post_bulk(company, entries, idempotency_key=idempotency_key)


def reverse_entry(company: UUID | str, entry: UUID | str, on: date) -> EntryView:
    return service.reverse_entry(company, entry, on)


def account_balance(company: UUID | str, account_code: str, as_of: date | None = None) -> Decimal:
    """Signed base-currency balance (debit positive) of one account up to `as_of`."""
    gl = reporting.general_ledger(company, account_code, None, as_of, limit=1)
    tb = {ln.account_code: ln for ln in reporting.trial_balance(company, None, as_of).lines}
    ln = tb.get(account_code)
    return (ln.closing_debit - ln.closing_credit) if ln else gl.opening
