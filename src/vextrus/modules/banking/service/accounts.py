"""Company bank accounts: load -> guard -> rule -> store -> emit -> view."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import MODULE
from ..domain import bn, required
from ..events import BankAccountChanged, BankAccountOpened
from ..repository import account_view
from ..schemas import BankAccountChange, BankAccountInput, BankAccountPage, BankAccountView
from ..tables import BankAccountRow
from .common import load_account, scoped

MANAGE = "banking.account.manage"
VIEW = "banking.account.view"


def _check_ledger_account(company_id: UUID, code: str, field: str = "ledger_account_code") -> str:
    """The ledger account exists in the company's chart, is postable (not a group), active and an asset."""
    from vextrus.modules.finance import api as finance

    code = required(code, field, "ledger account", "লেজার হিসাব", 40)
    with context.calling_as(MODULE):
        chart = {a.code: a for a in finance.list_accounts(company_id)}
    acc = chart.get(code)
    if acc is None or acc.is_group or not acc.is_active or acc.account_type != "asset":
        raise ValidationFailed("banking.ledger_account_not_postable",
                               f"Ledger account {code} is not an active, postable asset account of the company",
                               f"লেজার হিসাব {bn(code)} কোম্পানির সক্রিয়, পোস্টযোগ্য সম্পদ হিসাব নয়", field=field)
    return code


@command(MANAGE, scope="banking.create_account")
def create_account(uow: UnitOfWork, data: BankAccountInput) -> BankAccountView:
    company_id = data.company_id or context.current().company_id
    if company_id is None:
        raise ValidationFailed("banking.company_missing", "Choose the company the bank account belongs to",
                               "ব্যাংক হিসাবটি কোন কোম্পানির তা বেছে নিন", field="company_id")
    context.require_company(company_id, "company", company_id, field="company_id")
    number = required(data.account_number, "account_number", "account number", "হিসাব নম্বর", 40)
    bank = required(data.bank_name, "bank_name", "bank name", "ব্যাংকের নাম")
    currency = (data.currency or "BDT").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationFailed("banking.currency_invalid", "A currency is a three-letter code (BDT)",
                               "মুদ্রা তিন অক্ষরের কোড (BDT)", field="currency")
    ledger = _check_ledger_account(company_id, data.ledger_account_code)
    if uow.session.scalar(select(BankAccountRow.id).where(BankAccountRow.company_id == company_id,
                                                          BankAccountRow.account_number == number)):
        raise Conflict("banking.account_exists", f"Bank account {number} already exists",
                       f"ব্যাংক হিসাব {bn(number)} আগে থেকেই আছে", field="account_number")
    row = BankAccountRow(tenant_id=context.require_tenant(), company_id=company_id, bank_name=bank,
                         branch=data.branch.strip(), account_number=number, currency=currency,
                         ledger_account_code=ledger)
    uow.session.add(row)
    uow.session.flush()
    uow.emit(BankAccountOpened(account_id=row.id, company_id=company_id, account_number=number,
                               ledger_account_code=ledger))
    return account_view(row)


@command(MANAGE, scope="banking.change_account")
def change_account(uow: UnitOfWork, account_id: UUID, data: BankAccountChange,
                   expected_version: int | None = None) -> BankAccountView:
    row = load_account(uow, account_id)
    check_version(row, expected_version, f"bank account {row.account_number}")
    if data.bank_name is not None:
        row.bank_name = required(data.bank_name, "bank_name", "bank name", "ব্যাংকের নাম")
    if data.branch is not None:
        row.branch = data.branch.strip()
    if data.ledger_account_code is not None:
        row.ledger_account_code = _check_ledger_account(row.company_id, data.ledger_account_code)
    uow.session.flush()
    uow.emit(BankAccountChanged(account_id=row.id, company_id=row.company_id))
    return account_view(row)


@query(VIEW, scope="banking.list_accounts")
def list_accounts(uow: UnitOfWork, first: int = 50, after: str | None = None) -> BankAccountPage:
    page = paginate(uow.session, scoped(select(BankAccountRow), BankAccountRow), BankAccountRow.account_number,
                    first=first, after=after)
    return BankAccountPage(items=[account_view(r) for r in page.items], end_cursor=page.end_cursor,
                           has_next_page=page.has_next_page)


@query(VIEW, scope="banking.list_all_accounts")
def list_all_accounts(uow: UnitOfWork) -> list[BankAccountView]:
    rows = uow.session.scalars(scoped(select(BankAccountRow), BankAccountRow)
                               .order_by(BankAccountRow.bank_name, BankAccountRow.account_number).limit(500))
    return [account_view(r) for r in rows]


@query(VIEW, scope="banking.get_account")
def get_account(uow: UnitOfWork, account_id: UUID) -> BankAccountView:
    return account_view(load_account(uow, account_id))
