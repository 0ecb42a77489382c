"""The bulk path's lean check agrees with the full journal rules: it never accepts what they refuse,
posts the same amounts, and takes every plain base-currency entry they accept."""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.finance.domain import journal as dj
from vextrus.modules.finance.domain.accounts import Account, AccountType
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.domain.fastpath import AccountRef, simple_lines

CHART = {
    "1110": Account("1110", "Cash", AccountType.ASSET),
    "1100": Account("1100", "Current assets", AccountType.ASSET, is_group=True),
    "1199": Account("1199", "Old bank", AccountType.ASSET, is_active=False),
    "1121": Account("1121", "USD bank", AccountType.ASSET, currency="USD"),
    "1122": Account("1122", "BDT-kept bank", AccountType.ASSET, currency="BDT"),
    "4100": Account("4100", "Contract revenue", AccountType.INCOME),
    "5110": Account("5110", "Materials", AccountType.EXPENSE),
}
REFS = {c: AccountRef(c, a.is_group, a.is_active, a.currency) for c, a in CHART.items()}

good = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
odd = st.sampled_from([D(0), D("0.00"), D("100.000"), D("-5"), D("0.001"), D("1E+2"), D("NaN")])
sides = st.one_of(st.tuples(good, st.just(D(0))), st.tuples(st.just(D(0)), good), st.tuples(good, st.just(D(0))),
                  st.tuples(st.just(D(0)), good), st.tuples(odd | good, odd | good))
line = st.builds(lambda code, dc, cur, rate: SimpleNamespace(account_code=code, debit=dc[0], credit=dc[1],
                                                             currency=cur, rate=rate, memo=""),
                 st.sampled_from([*CHART, "1110", "5110", "4100", "9999", ""]), sides,
                 st.sampled_from([None, None, None, "BDT", "USD", "bdt"]),
                 st.sampled_from([None, None, None, D(1), D("1.0"), D(2)]))
jtype = st.sampled_from(["general", "sales", "payment", "reversal", "closing", "bogus"])


def balanced(lines):
    """Most random entries are unbalanced; add a matching counter line to half of them."""
    if not all(ln.debit.is_finite() and ln.credit.is_finite() for ln in lines):
        return lines
    net = sum((ln.debit - ln.credit for ln in lines), D(0))
    if net > 0:
        return [*lines, SimpleNamespace(account_code="4100", debit=D(0), credit=net, currency=None, rate=None, memo="")]
    if net < 0:
        return [*lines, SimpleNamespace(account_code="5110", debit=-net, credit=D(0), currency=None, rate=None,
                                        memo="")]
    return lines


def full(jt, lines):
    """What the service's full path does with the same input."""
    ins = [dj.LineInput(ln.account_code, ln.debit, ln.credit, ln.currency or "BDT",
                        ln.rate if ln.rate is not None else D(1), ln.memo) for ln in lines]
    return dj.validate_entry(dj.EntryInput(jt, date(2025, 8, 1), ins), CHART)


@settings(max_examples=600, deadline=None)
@given(jtype, st.lists(line, min_size=0, max_size=4), st.booleans())
def test_lean_check_agrees_with_the_full_rules(jt, lines, fix):
    lines = balanced(lines) if fix else lines
    fast = simple_lines(jt, lines, REFS, "BDT")
    try:
        entry = full(jt, lines)
    except LedgerError:
        assert fast is None  # never accepts what the rules refuse
        return
    plain = all(ln.currency in (None, "BDT") and ln.rate is None for ln in lines)
    if plain:
        assert fast is not None  # the common entry takes the lean path
    if fast is not None:
        assert [(a.id, dr, cr, dr - cr) for a, dr, cr in fast] == [
            (jl.account_code, jl.base_debit, jl.base_credit, jl.signed_amount) for jl in entry.lines]


def test_lean_check_refuses_an_unbalanced_entry():
    lines = [SimpleNamespace(account_code="5110", debit=D("10.00"), credit=D(0), currency=None, rate=None),
             SimpleNamespace(account_code="1110", debit=D(0), credit=D("9.99"), currency=None, rate=None)]
    assert simple_lines("general", lines, REFS, "BDT") is None
