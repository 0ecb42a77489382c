"""Trial balance, income statement, balance sheet and cash flow from a small construction book."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.finance.domain.accounts import load_template
from vextrus.modules.finance.domain.journal import EntryInput, LineInput, net_base_by_account, validate_entry
from vextrus.modules.finance.domain.reports import (
    BalanceRow,
    balance_sheet,
    cash_flow_indirect,
    income_statement,
    trial_balance,
)

CHART = {a.code: a for a in load_template()}


def rows(opening: dict, entries) -> list[BalanceRow]:
    dr: dict[str, D] = {}
    cr: dict[str, D] = {}
    for e in entries:
        for ln in e.lines:
            dr[ln.account_code] = dr.get(ln.account_code, D(0)) + ln.base_debit
            cr[ln.account_code] = cr.get(ln.account_code, D(0)) + ln.base_credit
    codes = set(opening) | set(dr)
    return [BalanceRow(c, CHART[c].name, CHART[c].account_type, CHART[c].subtype, opening.get(c, D(0)),
                       dr.get(c, D(0)), cr.get(c, D(0))) for c in sorted(codes)]


def E(*lines):
    return validate_entry(EntryInput("general", date(2025, 8, 1), [LineInput(c, debit=D(d)) if d else
                                                                  LineInput(c, credit=D(k)) for c, d, k in lines]), CHART)


BOOK = [
    E(("1130", "1150000", None), ("4100", None, "1000000"), ("2140", None, "150000")),  # bill client + VAT
    E(("1120", "1000000", None), ("1151", "50000", None), ("1130", None, "1050000")),  # client pays, withholds VDS
    E(("5150", "300000", None), ("1150", "45000", None), ("2110", None, "345000")),  # site costs + input VAT
    E(("2110", "200000", None), ("1120", None, "200000")),  # pay supplier
    E(("1230", "500000", None), ("1120", None, "500000")),  # buy machinery
    E(("5260", "25000", None), ("1290", None, "25000")),  # depreciation
    E(("1120", "400000", None), ("2210", None, "400000")),  # bank loan
]
OPENING = {"1120": D("1000000"), "3100": D("-1000000")}


def test_trial_balance_totals_and_closing_sides():
    tb = trial_balance(rows(OPENING, BOOK))
    assert tb.is_balanced and tb.debit == tb.credit == D("3670000")
    bank = next(ln for ln in tb.lines if ln.account_code == "1120")
    assert (bank.opening_debit, bank.debit, bank.credit, bank.closing_debit) == (
        D("1000000"), D("1400000"), D("700000"), D("1700000"))


def test_income_statement_gross_and_net_profit():
    inc = income_statement(rows(OPENING, BOOK))
    assert inc.revenue.total == D("1000000") and inc.cost_of_sales.total == D("300000")
    assert inc.gross_profit == D("700000") and inc.net_profit == D("675000")


def test_balance_sheet_balances_with_current_year_earnings():
    bs = balance_sheet(rows(OPENING, BOOK))
    assert bs.current_year_earnings == D("675000")
    assert bs.is_balanced and bs.total_assets == D("2370000") and bs.liabilities.total == D("695000")


def test_cash_flow_indirect_reconciles_to_bank_movement():
    cf = cash_flow_indirect(rows(OPENING, BOOK))
    assert cf.net_profit == D("675000") and cf.non_cash_adjustments.total == D("25000")
    assert cf.working_capital.total == D("100000") and cf.operating == D("800000")
    assert cf.investing.total == D("-500000") and cf.financing.total == D("400000")
    assert cf.closing_cash - cf.opening_cash == D("700000") and cf.reconciles


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2)
codes = st.sampled_from(sorted(c for c, a in CHART.items() if not a.is_group))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(codes, codes, amounts), min_size=1, max_size=30))
def test_trial_balance_debits_equal_credits(moves):
    entries = [E((a, str(x), None), (b, None, str(x))) for a, b, x in moves]
    tb = trial_balance(rows({}, entries))
    assert tb.is_balanced
    assert balance_sheet(rows({}, entries)).is_balanced
    assert cash_flow_indirect(rows({}, entries)).reconciles
    assert sum(net_base_by_account(entries).values()) == 0
