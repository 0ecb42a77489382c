"""Financial statements as pure functions over account balance rows.

Sign convention everywhere in the input: debit positive, credit negative. Outputs show amounts in
their natural sign (a revenue of 100 is +100, a liability of 50 is +50).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .accounts import AccountSubtype as S
from .accounts import AccountType
from .money import ZERO


@dataclass(frozen=True)
class BalanceRow:
    """One account's figures for a reporting window: opening balance, period debits and credits."""

    account_code: str
    name: str
    account_type: AccountType
    subtype: S | None = None
    opening: Decimal = ZERO  # signed, debit positive
    debit: Decimal = ZERO  # period debits (positive)
    credit: Decimal = ZERO  # period credits (positive)
    name_bn: str = ""

    @property
    def movement(self) -> Decimal:
        return self.debit - self.credit

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit - self.credit


def _split(amount: Decimal) -> tuple[Decimal, Decimal]:
    return (amount, ZERO) if amount >= 0 else (ZERO, -amount)


@dataclass(frozen=True)
class TrialBalanceLine:
    account_code: str
    name: str
    account_type: AccountType
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal


@dataclass(frozen=True)
class TrialBalance:
    lines: tuple[TrialBalanceLine, ...]
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal

    @property
    def is_balanced(self) -> bool:
        return (self.opening_debit == self.opening_credit and self.debit == self.credit
                and self.closing_debit == self.closing_credit)


def trial_balance(rows: Iterable[BalanceRow], *, include_zero: bool = False) -> TrialBalance:
    """Opening, period debits/credits and closing per account, in account-code order, with totals."""
    lines = []
    for r in sorted(rows, key=lambda r: r.account_code):
        if not include_zero and r.opening == 0 and r.debit == 0 and r.credit == 0:
            continue
        od, oc = _split(r.opening)
        cd, cc = _split(r.closing)
        lines.append(TrialBalanceLine(r.account_code, r.name, r.account_type, od, oc, r.debit, r.credit, cd, cc))

    def tot(attr: str) -> Decimal:
        return sum((getattr(ln, attr) for ln in lines), ZERO)

    return TrialBalance(tuple(lines), tot("opening_debit"), tot("opening_credit"), tot("debit"), tot("credit"),
                        tot("closing_debit"), tot("closing_credit"))


@dataclass(frozen=True)
class StatementLine:
    account_code: str
    name: str
    amount: Decimal


@dataclass(frozen=True)
class Section:
    key: str
    lines: tuple[StatementLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), ZERO)


def _section(key: str, rows: Iterable[BalanceRow], value, keep) -> Section:  # type: ignore[no-untyped-def]
    lines = [StatementLine(r.account_code, r.name, value(r)) for r in sorted(rows, key=lambda r: r.account_code) if keep(r)]
    return Section(key, tuple(ln for ln in lines if ln.amount != 0))


@dataclass(frozen=True)
class IncomeStatement:
    revenue: Section
    cost_of_sales: Section
    other_income: Section
    operating_expenses: Section

    @property
    def gross_profit(self) -> Decimal:
        return self.revenue.total - self.cost_of_sales.total

    @property
    def net_profit(self) -> Decimal:
        return self.gross_profit + self.other_income.total - self.operating_expenses.total


def income_statement(rows: Iterable[BalanceRow]) -> IncomeStatement:
    """Profit and loss from period movements: revenue − direct costs = gross profit; ± other lines = net."""
    rows = [r for r in rows if r.account_type in (AccountType.INCOME, AccountType.EXPENSE)]
    inc = [r for r in rows if r.account_type is AccountType.INCOME]
    exp = [r for r in rows if r.account_type is AccountType.EXPENSE]
    return IncomeStatement(
        revenue=_section("revenue", inc, lambda r: -r.movement, lambda r: r.subtype in (S.REVENUE, None)),
        cost_of_sales=_section("cost_of_sales", exp, lambda r: r.movement, lambda r: r.subtype is S.DIRECT_COST),
        other_income=_section("other_income", inc, lambda r: -r.movement, lambda r: r.subtype not in (S.REVENUE, None)),
        operating_expenses=_section("operating_expenses", exp, lambda r: r.movement,
                                    lambda r: r.subtype is not S.DIRECT_COST),
    )


@dataclass(frozen=True)
class BalanceSheet:
    assets: Section
    liabilities: Section
    equity: Section
    current_year_earnings: Decimal  # income − expense not yet closed to retained earnings

    @property
    def total_assets(self) -> Decimal:
        return self.assets.total

    @property
    def total_equity(self) -> Decimal:
        return self.equity.total + self.current_year_earnings

    @property
    def total_liabilities_and_equity(self) -> Decimal:
        return self.liabilities.total + self.total_equity

    @property
    def is_balanced(self) -> bool:
        return self.total_assets == self.total_liabilities_and_equity


def balance_sheet(rows: Iterable[BalanceRow]) -> BalanceSheet:
    """Closing balances; unclosed income/expense appear as current-year earnings so the sheet balances."""
    rows = list(rows)
    cye = -sum((r.closing for r in rows if r.account_type in (AccountType.INCOME, AccountType.EXPENSE)), ZERO)
    return BalanceSheet(
        assets=_section("assets", rows, lambda r: r.closing, lambda r: r.account_type is AccountType.ASSET),
        liabilities=_section("liabilities", rows, lambda r: -r.closing, lambda r: r.account_type is AccountType.LIABILITY),
        equity=_section("equity", rows, lambda r: -r.closing, lambda r: r.account_type is AccountType.EQUITY),
        current_year_earnings=cye,
    )


_CASH = {S.CASH, S.BANK}
_INVESTING = {S.FIXED_ASSET, S.NON_CURRENT_ASSET}
_NON_CASH_ADJ = {S.ACCUMULATED_DEPRECIATION}
_FINANCING = {S.LOAN, S.NON_CURRENT_LIABILITY, S.CAPITAL, S.RETAINED_EARNINGS, S.CURRENT_YEAR_EARNINGS,
              S.OPENING_BALANCE}


@dataclass(frozen=True)
class CashFlowStatement:
    net_profit: Decimal
    non_cash_adjustments: Section  # e.g. depreciation added back
    working_capital: Section  # − increase in receivables, WIP, inventory…; + increase in payables, taxes…
    investing: Section
    financing: Section
    opening_cash: Decimal
    closing_cash: Decimal

    @property
    def operating(self) -> Decimal:
        return self.net_profit + self.non_cash_adjustments.total + self.working_capital.total

    @property
    def net_change(self) -> Decimal:
        return self.operating + self.investing.total + self.financing.total

    @property
    def reconciles(self) -> bool:
        """Net change explained by the three activities equals the actual change in cash and bank."""
        return self.net_change == self.closing_cash - self.opening_cash


def cash_flow_indirect(rows: Iterable[BalanceRow]) -> CashFlowStatement:
    """Indirect-method cash flow from opening/closing balances and period movements.

    Rows should cover every account and exclude the year-end closing entry's movements (otherwise
    profit moves into retained earnings and shows under financing). Accounts without a subtype
    count as working capital (assets, liabilities) or financing (equity).
    """
    rows = list(rows)
    pl = [r for r in rows if r.account_type in (AccountType.INCOME, AccountType.EXPENSE)]
    bs = [r for r in rows if r.account_type not in (AccountType.INCOME, AccountType.EXPENSE)]
    net_profit = -sum((r.movement for r in pl), ZERO)
    cash = [r for r in bs if r.subtype in _CASH]

    def inflow(r: BalanceRow) -> Decimal:
        return -r.movement  # a fall in an asset or a rise in a liability/equity brings cash in

    def financing(r: BalanceRow) -> bool:
        return r.subtype in _FINANCING or (r.subtype is None and r.account_type is AccountType.EQUITY)

    return CashFlowStatement(
        net_profit=net_profit,
        non_cash_adjustments=_section("non_cash", bs, inflow, lambda r: r.subtype in _NON_CASH_ADJ),
        working_capital=_section(
            "working_capital", bs, inflow,
            lambda r: r.subtype not in _CASH | _INVESTING | _NON_CASH_ADJ and not financing(r)),
        investing=_section("investing", bs, inflow, lambda r: r.subtype in _INVESTING),
        financing=_section("financing", bs, inflow, financing),
        opening_cash=sum((r.opening for r in cash), ZERO),
        closing_cash=sum((r.closing for r in cash), ZERO),
    )
