"""Chart of accounts: types, subtypes, normal balance side, and the BD construction template."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits

from .errors import LedgerError


class AccountType(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"

    @property
    def opposite(self) -> Side:
        return Side.CREDIT if self is Side.DEBIT else Side.DEBIT


class AccountSubtype(StrEnum):
    """Finer classes; reports (cash flow, balance sheet sections) group by these."""

    CASH = "cash"
    BANK = "bank"
    RECEIVABLE = "receivable"
    RETENTION_RECEIVABLE = "retention_receivable"
    ADVANCE = "advance"  # mobilisation / supplier advances paid, prepayments
    TAX_ASSET = "tax_asset"  # input VAT, VDS receivable, advance income tax
    INVENTORY = "inventory"
    WIP = "wip"
    CURRENT_ASSET = "current_asset"
    FIXED_ASSET = "fixed_asset"
    ACCUMULATED_DEPRECIATION = "accumulated_depreciation"
    NON_CURRENT_ASSET = "non_current_asset"
    PAYABLE = "payable"
    RETENTION_PAYABLE = "retention_payable"
    ADVANCE_RECEIVED = "advance_received"  # mobilisation advance from client
    TAX = "tax"  # VAT payable, VDS/AIT payable
    ACCRUAL = "accrual"
    CURRENT_LIABILITY = "current_liability"
    LOAN = "loan"
    NON_CURRENT_LIABILITY = "non_current_liability"
    CAPITAL = "capital"
    RETAINED_EARNINGS = "retained_earnings"
    CURRENT_YEAR_EARNINGS = "current_year_earnings"
    OPENING_BALANCE = "opening_balance"
    REVENUE = "revenue"
    OTHER_INCOME = "other_income"
    FX_GAIN = "fx_gain"
    DIRECT_COST = "direct_cost"  # contract / site costs (cost of sales)
    OPERATING_EXPENSE = "operating_expense"
    DEPRECIATION = "depreciation"
    FINANCE_COST = "finance_cost"
    TAX_EXPENSE = "tax_expense"
    FX_LOSS = "fx_loss"


NORMAL_SIDE: dict[AccountType, Side] = {
    AccountType.ASSET: Side.DEBIT,
    AccountType.EXPENSE: Side.DEBIT,
    AccountType.LIABILITY: Side.CREDIT,
    AccountType.EQUITY: Side.CREDIT,
    AccountType.INCOME: Side.CREDIT,
}

# Which subtypes make sense under which type (a subtype belongs to exactly one type).
SUBTYPE_TYPE: dict[AccountSubtype, AccountType] = {
    **{
        s: AccountType.ASSET
        for s in (
            AccountSubtype.CASH, AccountSubtype.BANK, AccountSubtype.RECEIVABLE,
            AccountSubtype.RETENTION_RECEIVABLE, AccountSubtype.ADVANCE, AccountSubtype.TAX_ASSET,
            AccountSubtype.INVENTORY, AccountSubtype.WIP, AccountSubtype.CURRENT_ASSET,
            AccountSubtype.FIXED_ASSET, AccountSubtype.ACCUMULATED_DEPRECIATION,
            AccountSubtype.NON_CURRENT_ASSET,
        )
    },
    **{
        s: AccountType.LIABILITY
        for s in (
            AccountSubtype.PAYABLE, AccountSubtype.RETENTION_PAYABLE, AccountSubtype.ADVANCE_RECEIVED,
            AccountSubtype.TAX, AccountSubtype.ACCRUAL, AccountSubtype.CURRENT_LIABILITY,
            AccountSubtype.LOAN, AccountSubtype.NON_CURRENT_LIABILITY,
        )
    },
    **{
        s: AccountType.EQUITY
        for s in (
            AccountSubtype.CAPITAL, AccountSubtype.RETAINED_EARNINGS,
            AccountSubtype.CURRENT_YEAR_EARNINGS, AccountSubtype.OPENING_BALANCE,
        )
    },
    **{s: AccountType.INCOME for s in (AccountSubtype.REVENUE, AccountSubtype.OTHER_INCOME, AccountSubtype.FX_GAIN)},
    **{
        s: AccountType.EXPENSE
        for s in (
            AccountSubtype.DIRECT_COST, AccountSubtype.OPERATING_EXPENSE, AccountSubtype.DEPRECIATION,
            AccountSubtype.FINANCE_COST, AccountSubtype.TAX_EXPENSE, AccountSubtype.FX_LOSS,
        )
    },
}


def normal_side(account_type: AccountType | str) -> Side:
    """Debit for assets and expenses, credit for liabilities, equity and income."""
    return NORMAL_SIDE[AccountType(account_type)]


@dataclass(frozen=True)
class Account:
    """One account of a company's chart. ``is_group`` accounts only roll up, never take postings."""

    code: str
    name: str
    account_type: AccountType
    subtype: AccountSubtype | None = None
    name_bn: str = ""
    parent_code: str | None = None
    is_group: bool = False
    is_active: bool = True
    currency: str | None = None  # set for foreign-currency bank/party accounts
    tags: tuple[str, ...] = field(default_factory=tuple)  # e.g. "vat_output", "vds_payable"

    @property
    def normal_side(self) -> Side:
        return NORMAL_SIDE[self.account_type]

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise LedgerError("account_code_required", "Account code is required.", "হিসাব কোড আবশ্যক।",
                              field="code")
        if self.subtype is not None and SUBTYPE_TYPE[self.subtype] is not self.account_type:
            raise LedgerError(
                "account_subtype_mismatch",
                f"Subtype {self.subtype.value} does not belong to type {self.account_type.value}.",
                f"উপ-ধরন «{_in_bangla('fin.st', self.subtype.value)}» ধরন «{_in_bangla('fin.at', self.account_type.value)}»-এর "
                "অন্তর্গত নয়।",
                field="subtype",
                details={"subtype": self.subtype.value, "account_type": self.account_type.value},
            )


def validate_chart(accounts: list[Account]) -> dict[str, Account]:
    """Check unique codes, known parents of the same type, and parents that are groups."""
    by_code: dict[str, Account] = {}
    for i, acc in enumerate(accounts):
        if acc.code in by_code:
            raise LedgerError("account_code_duplicate", f"Account code {acc.code} appears twice.",
                              f"হিসাব কোড {acc.code} দুইবার আছে।", field=f"accounts[{i}].code",
                              details={"code": acc.code})
        by_code[acc.code] = acc
    for i, acc in enumerate(accounts):
        if acc.parent_code is None:
            continue
        parent = by_code.get(acc.parent_code)
        if parent is None or not parent.is_group or parent.account_type is not acc.account_type:
            raise LedgerError(
                "account_parent_invalid",
                f"Account {acc.code}: parent {acc.parent_code} must be a group account of the same type.",
                f"হিসাব {acc.code}: মূল হিসাব {acc.parent_code} একই ধরনের গ্রুপ হিসাব হতে হবে।",
                field=f"accounts[{i}].parent_code",
                details={"code": acc.code, "parent_code": acc.parent_code},
            )
    return by_code


TEMPLATE_BD_CONSTRUCTION = "bd_construction_coa.json"


def load_template(name: str = TEMPLATE_BD_CONSTRUCTION) -> list[Account]:
    """Load a packaged chart-of-accounts template (default: Bangladesh construction)."""
    raw = resources.files("vextrus.modules.finance").joinpath("data", name).read_text(encoding="utf-8")
    doc = json.loads(raw)
    accounts = [
        Account(
            code=row["code"],
            name=row["name"],
            name_bn=row.get("name_bn", ""),
            account_type=AccountType(row["type"]),
            subtype=AccountSubtype(row["subtype"]) if row.get("subtype") else None,
            parent_code=row.get("parent"),
            is_group=bool(row.get("group", False)),
            tags=tuple(row.get("tags", ())),
        )
        for row in doc["accounts"]
    ]
    validate_chart(accounts)
    return accounts


def account_by_tag(accounts: list[Account], tag: str) -> Account:
    """The single account carrying a role tag (``retained_earnings``, ``vat_output`` …)."""
    found = [a for a in accounts if tag in a.tags]
    if len(found) != 1:
        raise LedgerError("account_tag_not_unique", f"Expected exactly one account tagged {tag}, found {len(found)}.",
                          f"এই ভূমিকার (ট্যাগ) ঠিক একটি হিসাব প্রত্যাশিত, পাওয়া গেছে {to_bangla_digits(str(len(found)))}টি।",
                          details={"tag": tag, "count": len(found)})
    return found[0]


def _in_bangla(kind: str, value: str) -> str:
    """A type or subtype in Bangla words, from the module's catalogue (the page shows the same words)."""
    from vextrus.platform.i18n import label

    return label(kind, value, "bn", ("vextrus.modules.finance",))


PAYABLE_SUBTYPES = frozenset({AccountSubtype.PAYABLE.value, AccountSubtype.RETENTION_PAYABLE.value})


def check_account_name(name: str) -> str:
    """An account's name as kept: trimmed, and not blank."""
    if not name.strip():
        raise ValidationFailed("name_required", "An account needs a name", "হিসাবের একটি নাম দিন", field="name")
    return name.strip()
