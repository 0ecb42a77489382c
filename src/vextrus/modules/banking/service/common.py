"""What the banking services share: loading a company's bank account, reading the ledger through finance.api."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import Select

from vextrus.platform import context
from vextrus.platform.uow import UnitOfWork

from .. import MODULE
from ..domain import BankingRowMissing
from ..tables import BankAccountRow


def load_account(uow: UnitOfWork, account_id: UUID, lock: bool = False) -> BankAccountRow:
    row = uow.session.get(BankAccountRow, account_id, with_for_update=lock or None)
    if row is None or row.tenant_id != context.require_tenant():
        raise BankingRowMissing("bank account", "ব্যাংক হিসাব", account_id)
    context.require_company(row.company_id, "bank account", account_id, field="account_id")
    return row


def scoped(stmt: Select, row_type: type) -> Select:  # type: ignore[type-arg]
    scope = context.company_scope()
    return stmt.where(row_type.company_id == scope) if scope is not None else stmt  # type: ignore[attr-defined]


def ledger_lines(account: BankAccountRow, date_to: date | None = None) -> list:  # type: ignore[type-arg]
    from vextrus.modules.finance import api as finance

    with context.calling_as(MODULE):
        return finance.account_lines(account.company_id, account.ledger_account_code, date_to)
