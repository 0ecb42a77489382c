"""Chart of accounts, fiscal calendar, numbering and journal-entry rules."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.finance.domain.accounts import (
    AccountType,
    Side,
    account_by_tag,
    load_template,
    normal_side,
)
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.domain.fiscal import (
    FiscalCalendar,
    PeriodState,
    check_can_post,
    transition_period,
)
from vextrus.modules.finance.domain.journal import (
    EntryInput,
    ForeignBalance,
    LineInput,
    build_closing_entry,
    build_fx_revaluation,
    build_reversal,
    net_base_by_account,
    validate_entry,
)
from vextrus.modules.finance.domain.numbering import format_document_number, parse_document_number

CHART = {a.code: a for a in load_template()}


def test_template_has_bangladesh_tax_and_construction_accounts():
    accounts = list(CHART.values())
    for tag in ("vat_input", "vat_output", "vat_current", "vds_payable", "vds_receivable", "ait_payable",
                "advance_tax", "retention_receivable", "retention_payable", "mobilisation_advance_received",
                "mobilisation_advance_paid", "contract_wip", "site_expense", "retained_earnings"):
        acc = account_by_tag(accounts, tag)
        assert acc.name_bn and not acc.is_group
    assert account_by_tag(accounts, "vds_payable").account_type is AccountType.LIABILITY
    assert account_by_tag(accounts, "vds_receivable").normal_side is Side.DEBIT
    assert normal_side("income") is Side.CREDIT


def test_fiscal_year_july_to_june_with_label_and_periods():
    cal = FiscalCalendar()
    fy, p = cal.period_for(date(2026, 1, 15))
    assert fy.label == "2025-26" and (fy.start, fy.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert p.code == "P07" and fy.period(1).start == date(2025, 7, 1)
    assert cal.fiscal_year_for(date(2025, 6, 30)).label == "2024-25"
    assert FiscalCalendar(start_month=1).fiscal_year_for(date(2025, 3, 1)).label == "2025"
    assert cal.fiscal_year_by_label("2025-26").periods[-1].end == date(2026, 6, 30)


def test_period_states_close_in_order_and_lock_is_final():
    states = {1: PeriodState.CLOSED}
    assert transition_period(states, 2, PeriodState.CLOSED) is PeriodState.CLOSED
    with pytest.raises(LedgerError) as e:
        transition_period({}, 2, PeriodState.CLOSED)
    assert e.value.code == "period_sequence_violation" and e.value.details["blocking_periods"] == [1]
    with pytest.raises(LedgerError):
        transition_period({1: PeriodState.LOCKED}, 1, PeriodState.OPEN)
    with pytest.raises(LedgerError):
        transition_period({}, 1, PeriodState.LOCKED)  # must close first
    with pytest.raises(LedgerError):
        transition_period({1: PeriodState.CLOSED, 2: PeriodState.CLOSED}, 1, PeriodState.OPEN)
    check_can_post(PeriodState.CLOSED, "adjustment")
    with pytest.raises(LedgerError) as e:
        check_can_post(PeriodState.CLOSED, "sales", "P03")
    assert e.value.code == "period_not_open"


def test_document_numbers():
    assert format_document_number("general", "2025-26", 123) == "JV/2025-26/000123"
    assert format_document_number("payment", "2025-26", 1) == "PV/2025-26/000001"
    n = parse_document_number("RV/2025-26/000042")
    assert (n.prefix, n.fiscal_year, n.sequence) == ("RV", "2025-26", 42)
    with pytest.raises(LedgerError):
        format_document_number("general", "2025-26", 0)


def _entry(lines, jtype="general"):
    return EntryInput(jtype, date(2025, 8, 1), lines)


def test_validation_names_the_field_and_speaks_bangla():
    with pytest.raises(LedgerError) as e:
        validate_entry(_entry([LineInput("1110", debit=D("100")), LineInput("4100", credit=D("100")),
                               LineInput("5150", debit=D("5"), credit=D("5"))]), CHART)
    assert e.value.field == "lines[2].credit" and e.value.code == "line_one_side" and e.value.message_bn
    with pytest.raises(LedgerError) as e:
        validate_entry(_entry([LineInput("1110", debit=D("100")), LineInput("4100", credit=D("99.99"))]))
    assert e.value.code == "entry_unbalanced"
    with pytest.raises(LedgerError) as e:
        validate_entry(_entry([LineInput("1100", debit=D("1")), LineInput("4100", credit=D("1"))]), CHART)
    assert e.value.code == "account_is_group" and e.value.field == "lines[0].account_code"
    with pytest.raises(LedgerError) as e:
        validate_entry(_entry([LineInput("1110", debit=D("-1")), LineInput("4100", credit=D("-1"))]))
    assert e.value.code == "amount_negative" and len(e.value.details["problems"]) == 2
    with pytest.raises(LedgerError) as e:
        validate_entry(_entry([LineInput("1110", debit=D("1"))]))
    assert e.value.code == "lines_too_few"


def test_multi_currency_rounding_is_absorbed_by_largest_foreign_line():
    rate = D("119.555")
    e = validate_entry(_entry([LineInput("1121", debit=D("100.01"), currency="USD", rate=rate),
                               LineInput("1121", debit=D("100.01"), currency="USD", rate=rate),
                               LineInput("2110", credit=D("200.02"), currency="USD", rate=rate)]))
    assert [ln.base_amount for ln in e.lines] == [D("11956.70"), D("11956.70"), D("23913.40")]
    assert e.rounding_line == 2 and e.rounding_adjustment == D("0.01")
    assert e.total_base_debit == e.total_base_credit
    # a real difference is not "rounding": 0.01 across one foreign line is too much
    with pytest.raises(LedgerError):
        validate_entry(_entry([LineInput("2110", debit=D("100"), currency="USD", rate=D("110")),
                               LineInput("1120", credit=D("10999.99"))]))


money = st.decimals(min_value=D("0.01"), max_value=D("999999.99"), places=2)
rates = st.decimals(min_value=D("0.0001"), max_value=D("500"), places=4)


@st.composite
def balanced_entries(draw):
    currency = draw(st.sampled_from(["BDT", "USD", "EUR"]))
    rate = D(1) if currency == "BDT" else draw(rates)
    debits = draw(st.lists(money, min_size=1, max_size=5))
    total = sum(debits)
    n_credit = draw(st.integers(1, 4))
    cuts = sorted(draw(st.lists(st.integers(1, int(total * 100) - 1), min_size=0, max_size=n_credit - 1,
                                unique=True))) if total > D("0.01") else []
    bounds = [0, *cuts, int(total * 100)]
    credits = [D(b - a) / 100 for a, b in zip(bounds, bounds[1:], strict=False)]
    codes = ["1121", "1130", "5150", "2110", "4100"]
    lines = [LineInput(draw(st.sampled_from(codes)), debit=d, currency=currency, rate=rate) for d in debits]
    lines += [LineInput(draw(st.sampled_from(codes)), credit=c, currency=currency, rate=rate) for c in credits]
    return _entry(draw(st.permutations(lines)))


@settings(max_examples=200, deadline=None)
@given(balanced_entries())
def test_rounding_never_unbalances_and_reversal_cancels(entry):
    posted = validate_entry(entry)
    assert posted.total_base_debit == posted.total_base_credit
    assert sum(ln.debit for ln in posted.lines) == sum(ln.credit for ln in posted.lines)
    rev = build_reversal(posted, date(2025, 8, 2), reverses="JV/2025-26/000001")
    assert rev.total_base_debit == rev.total_base_credit
    assert all(v == 0 for v in net_base_by_account([posted, rev]).values())


def test_closing_entry_moves_profit_to_retained_earnings():
    balances = {"4100": D("-500000.00"), "5150": D("320000.00"), "5210": D("80000.00"), "1120": D("100000.00")}
    e = build_closing_entry(balances, CHART, "3200", date(2026, 6, 30))
    net = net_base_by_account([e])
    assert net == {"4100": D("500000.00"), "5150": D("-320000.00"), "5210": D("-80000.00"), "3200": D("-100000.00")}
    assert e.journal_type == "closing"


def test_fx_revaluation_books_unrealised_gain_and_loss():
    e = build_fx_revaluation(
        [ForeignBalance("1121", "USD", D("1000.00"), D("110000.00")),  # asset: rate up → gain 12,000
         ForeignBalance("2110", "EUR", D("-500.00"), D("-65000.00"))],  # liability: rate up → loss 2,500
        {"USD": D("122"), "EUR": D("135")}, "4310", "5291", date(2026, 6, 30))
    net = net_base_by_account([e])
    assert net == {"1121": D("12000.00"), "2110": D("-2500.00"), "4310": D("-12000.00"), "5291": D("2500.00")}
    assert all(ln.amount == 0 for ln in e.lines if ln.account_code in ("1121", "2110"))
    assert build_fx_revaluation([ForeignBalance("1121", "USD", D("10"), D("1220"))], {"USD": D("122")},
                                "4310", "5291", date(2026, 6, 30)) is None
