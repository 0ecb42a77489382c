"""ORM <-> views of banking."""

from __future__ import annotations

from uuid import UUID

from .schemas import BankAccountView, StatementLineView, StatementView
from .tables import BankAccountRow, StatementLineRow, StatementRow


def account_view(row: BankAccountRow) -> BankAccountView:
    return BankAccountView(id=row.id, company_id=row.company_id, bank_name=row.bank_name, branch=row.branch,
                           account_number=row.account_number, currency=row.currency,
                           ledger_account_code=row.ledger_account_code, version=row.version)


def statement_view(row: StatementRow, already: bool = False) -> StatementView:
    return StatementView(id=row.id, account_id=row.account_id, seq=row.seq, fmt=row.fmt, filename=row.filename,
                         statement_ref=row.statement_ref, date_from=row.date_from, date_to=row.date_to,
                         opening=row.opening, closing=row.closing, line_count=row.line_count,
                         already_imported=already)


def line_view(row: StatementLineRow, journal_line_ids: list[UUID] | None = None) -> StatementLineView:
    return StatementLineView(id=row.id, statement_id=row.statement_id, line_no=row.line_no,
                             line_date=row.line_date, description=row.description, reference=row.reference,
                             amount=row.amount, balance=row.balance, status=row.status,
                             journal_line_ids=journal_line_ids or [], version=row.version)
