"""Neutral model of a plain-text accounting file, shared by the hledger and Beancount readers/writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from vextrus.platform.i18n import to_bangla_digits

from ..accounts import AccountType
from ..errors import LedgerError

ZERO = Decimal(0)

_TOP_LEVEL_TYPES = {
    "assets": AccountType.ASSET, "asset": AccountType.ASSET,
    "liabilities": AccountType.LIABILITY, "liability": AccountType.LIABILITY,
    "equity": AccountType.EQUITY,
    "income": AccountType.INCOME, "revenues": AccountType.INCOME, "revenue": AccountType.INCOME,
    "expenses": AccountType.EXPENSE, "expense": AccountType.EXPENSE,
}
_TYPE_CODES = {"A": AccountType.ASSET, "C": AccountType.ASSET, "L": AccountType.LIABILITY, "E": AccountType.EQUITY,
               "R": AccountType.INCOME, "X": AccountType.EXPENSE, "V": AccountType.EQUITY}


def account_type_from_name(name: str) -> AccountType | None:
    """Type from the top-level component (``Assets``, ``expenses``, ``Revenues`` … in any case)."""
    return _TOP_LEVEL_TYPES.get(name.split(":", 1)[0].strip().lower())


def account_type_from_code(code: str) -> AccountType | None:
    """hledger ``type:`` tag values: A L E R X (and C cash, V conversion) or the full word."""
    code = code.strip()
    return _TYPE_CODES.get(code.upper()) if len(code) == 1 else _TOP_LEVEL_TYPES.get(code.lower())


@dataclass(frozen=True)
class Amount:
    quantity: Decimal
    commodity: str  # "" when a file writes a bare number and sets no default commodity

    def __neg__(self) -> Amount:
        return Amount(-self.quantity, self.commodity)

    def __str__(self) -> str:
        return f"{self.quantity} {self.commodity}".strip()


@dataclass
class LotCost:
    """``{…}`` / ``{{…}}``: the lot's cost. ``per_unit`` is filled in by booking for reductions."""

    per_unit: Amount | None = None
    total: Amount | None = None
    lot_date: date | None = None
    label: str | None = None


@dataclass(frozen=True)
class Assertion:
    """``= AMT`` (one commodity, this account), ``==`` (no other commodity), ``=*``/``==*`` (with subaccounts)."""

    amount: Amount
    total: bool = False
    inclusive: bool = False


@dataclass
class Posting:
    account: str
    amount: Amount | None
    line: int
    price: Amount | None = None  # as written after @ or @@
    price_is_total: bool = False
    cost: LotCost | None = None
    assertion: Assertion | None = None
    comment: str = ""
    virtual: str = ""  # "" real, "()" unbalanced virtual, "[]" balanced virtual
    status: str = ""
    inferred: bool = False  # amount filled in by booking (elided or balance assignment)
    cost_weight: Amount | None = None  # set by booking when held at cost
    metadata: dict[str, str] = field(default_factory=dict)

    def weight(self) -> Amount:
        """What the posting contributes to the transaction's balance (cost, else price, else units)."""
        assert self.amount is not None
        if self.cost_weight is not None:
            return self.cost_weight
        if self.price is not None:
            q = self.amount.quantity
            if self.price_is_total:
                return Amount(self.price.quantity if q >= 0 else -self.price.quantity, self.price.commodity)
            return Amount(q * self.price.quantity, self.price.commodity)
        return self.amount


@dataclass
class Transaction:
    date: date
    line: int
    description: str = ""  # as written: "payee | note" kept whole
    status: str = ""  # "", "*", "!"
    code: str = ""
    comment: str = ""  # ; comments on the header and between postings (the narration)
    postings: list[Posting] = field(default_factory=list)
    source: str = ""
    payee: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    date2: date | None = None
    generated: str = ""  # "pad" for transactions Beancount's pad directive creates


@dataclass(frozen=True)
class PriceDirective:
    date: date
    commodity: str
    price: Amount
    line: int


@dataclass(frozen=True)
class BalanceDirective:
    """Beancount ``balance``: at the start of ``date``, including subaccounts."""

    date: date
    account: str
    amount: Amount
    line: int
    tolerance: Decimal | None = None


@dataclass(frozen=True)
class OpenDirective:
    date: date
    account: str
    line: int
    currencies: tuple[str, ...] = ()
    booking: str = ""


@dataclass(frozen=True)
class CloseDirective:
    date: date
    account: str
    line: int


@dataclass(frozen=True)
class PadDirective:
    date: date
    account: str
    source_account: str
    line: int


@dataclass
class AccountDecl:
    name: str
    account_type: AccountType | None
    line: int = 0
    declared: bool = False
    comment: str = ""


@dataclass
class CommodityDecl:
    symbol: str
    line: int = 0
    precision: int | None = None
    example: str = ""


@dataclass(frozen=True)
class ImportWarning:
    """A directive that carries no posting and was not turned into data — listed, never silently dropped."""

    line: int
    kind: str
    message: str
    source: str = ""


@dataclass
class PlainJournal:
    dialect: str  # "hledger" or "beancount"
    transactions: list[Transaction] = field(default_factory=list)
    accounts: dict[str, AccountDecl] = field(default_factory=dict)
    commodities: dict[str, CommodityDecl] = field(default_factory=dict)
    prices: list[PriceDirective] = field(default_factory=list)
    balances: list[BalanceDirective] = field(default_factory=list)
    opens: list[OpenDirective] = field(default_factory=list)
    closes: list[CloseDirective] = field(default_factory=list)
    pads: list[PadDirective] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    warnings: list[ImportWarning] = field(default_factory=list)

    def note_account(self, name: str, line: int) -> None:
        if name not in self.accounts:
            self.accounts[name] = AccountDecl(name, account_type_from_name(name), line)

    def note_commodity(self, symbol: str, line: int, decimals: int | None = None) -> None:
        if not symbol:
            return
        decl = self.commodities.setdefault(symbol, CommodityDecl(symbol, line))
        if decimals is not None and (decl.precision is None or decimals > decl.precision):
            decl.precision = decimals


def parse_error(source: str, line: int, message: str, message_bn: str = "", code: str = "plaintext_parse_error",
                **details: Any) -> LedgerError:
    """A LedgerError that names the file and line; nothing from the file is imported."""
    where = f"{source}:{line}" if source else f"line {line}"
    # the file's name as given, the line in Bangla digits
    where_bn = f"{source}:{to_bangla_digits(str(line))}" if source else f"লাইন {to_bangla_digits(str(line))}"
    return LedgerError(code, f"{where}: {message}", f"{where_bn}: {message_bn or message}", field=where,
                       details={"source": source, "line": line, **details})
