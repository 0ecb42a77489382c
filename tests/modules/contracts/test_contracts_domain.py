"""Pure rules of RA bills: measurement (cumulative, previous, this bill), deductions and the journal; hypothesis
properties over any series of bills."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.contracts import domain
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.money import ZERO, round_amount

ITEMS = [domain.Item("1.01", "Earthwork", "m3", D("1000"), D("450.00")),
         domain.Item("2.01", "RCC", "m3", D("200"), D("12500.00")),
         domain.Item("3.01", "Brickwork", "m3", D("300"), D("8000.00"))]


def test_a_bill_measures_cumulative_previous_and_this():
    lines = domain.measured_lines(ITEMS, {"2.01": D("80")}, [domain.Measure("2.01", percent_complete=D("100")),
                                                            domain.Measure("3.01", cumulative_quantity=D("120.5"))])
    by = {ln.item_no: ln for ln in lines}
    assert (by["1.01"].previous_quantity, by["1.01"].this_quantity, by["1.01"].this_amount) == (ZERO, ZERO, ZERO)
    assert (by["2.01"].previous_quantity, by["2.01"].cumulative_quantity, by["2.01"].this_quantity) == (
        D("80"), D("200"), D("120"))
    assert (by["2.01"].previous_amount, by["2.01"].cumulative_amount, by["2.01"].this_amount) == (
        D("1000000.00"), D("2500000.00"), D("1500000.00"))
    assert by["3.01"].this_amount == D("964000.00") and domain.gross(lines) == D("2464000.00")


@pytest.mark.parametrize(("measure", "code", "field"), [
    (domain.Measure("9.99", cumulative_quantity=D(1)), "contracts.item_unknown", "measures[0].item_no"),
    (domain.Measure("1.01"), "contracts.measure_one_of", "measures[0].cumulative_quantity"),
    (domain.Measure("1.01", D(1), D(1)), "contracts.measure_one_of", "measures[0].cumulative_quantity"),
    (domain.Measure("2.01", cumulative_quantity=D("79")), "contracts.below_previous", "measures[0].cumulative_quantity"),
    (domain.Measure("2.01", cumulative_quantity=D("200.0001")), "contracts.over_contract",
     "measures[0].cumulative_quantity"),
    (domain.Measure("2.01", percent_complete=D("101")), "contracts.percent_out_of_range",
     "measures[0].percent_complete"),
    (domain.Measure("2.01", cumulative_quantity=D("1.00001")), "amount_precision", "measures[0].cumulative_quantity"),
])
def test_bad_measures_are_refused_with_their_path(measure, code, field):
    with pytest.raises(ValidationFailed) as bad:
        domain.measured_lines(ITEMS, {"2.01": D("80")}, [measure])
    assert (bad.value.code, bad.value.field) == (code, field) and bad.value.message_bn


def test_advance_recovery_stops_at_the_outstanding_and_the_final_bill_recovers_the_rest():
    t = domain.Terms(D(10), D("100000.00"), D(25), ZERO)
    assert domain.figures(t, D("1000000"), ZERO, ZERO, ZERO).advance_recovered == D("100000.00")
    assert domain.figures(t, D("200000"), ZERO, ZERO, D("90000.00")).advance_recovered == D("10000.00")
    assert domain.figures(t, D("100000"), ZERO, ZERO, D("20000.00"), final=True).advance_recovered == D("80000.00")
    with pytest.raises(ValidationFailed) as neg:  # the final bill cannot carry the rest
        domain.figures(t, D("10000"), ZERO, ZERO, ZERO, final=True)
    assert neg.value.code == "contracts.net_negative"
    with pytest.raises(ValidationFailed) as empty:  # a bill of no work would post an empty journal
        domain.figures(t, ZERO, ZERO, ZERO, D("100000.00"), final=True)
    assert (empty.value.code, empty.value.field) == ("contracts.nothing_measured", "measures")


def test_terms_are_checked():
    with pytest.raises(ValidationFailed) as r:
        domain.check_terms(domain.Terms(D(25)), D(100))
    assert r.value.field == "retention_pct"
    with pytest.raises(ValidationFailed) as a:
        domain.check_terms(domain.Terms(D(5), D(101)), D(100))
    assert a.value.field == "advance_amount"
    with pytest.raises(ValidationFailed) as m:
        domain.check_terms(domain.Terms(D(5), D(50)), D(100))
    assert m.value.field == "advance_recovery_pct"


def test_states_move_draft_certified_posted_only():
    assert domain.transition("draft", "certify", "X") == "certified"
    assert domain.transition("certified", "post", "X") == "posted"
    for state, action in (("draft", "post"), ("posted", "post"), ("certified", "certify")):
        with pytest.raises(Conflict):
            domain.transition(state, action, "X")


# ---- properties ----------------------------------------------------------------------------------

_qty = st.decimals(min_value=D("0.0001"), max_value=D("5000"), places=4)
_rate = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
_pct = st.decimals(min_value=ZERO, max_value=D(20), places=2)


@st.composite
def series(draw):
    n = draw(st.integers(1, 6))
    items = [domain.Item(f"I{i}", "x", "m3", draw(_qty), draw(_rate)) for i in range(n)]
    bills = draw(st.integers(1, 6))
    # per item, an increasing list of cumulative fractions (the last may be below 1: work unfinished)
    fractions = [sorted(draw(st.lists(st.decimals(min_value=ZERO, max_value=D(1), places=3), min_size=bills,
                                      max_size=bills))) for _ in items]
    terms = domain.Terms(draw(_pct), ZERO, ZERO, draw(_pct))
    contract = domain.contract_value(items)
    advance = draw(st.decimals(min_value=ZERO, max_value=contract, places=2))
    terms = domain.Terms(terms.retention_pct, advance, draw(st.decimals(min_value=D(1), max_value=D(100), places=2)),
                         terms.security_deposit_pct)
    vat_pct = draw(st.sampled_from([ZERO, D("7.5"), D(10), D(15)]))
    return items, fractions, terms, vat_pct


@settings(max_examples=150, deadline=None)
@given(series())
def test_any_series_adds_up_to_the_final_cumulative_and_every_journal_balances(case):
    items, fractions, terms, vat_pct = case
    previous: dict[str, D] = {}
    recovered = ZERO
    this_total = ZERO
    retention_total = ZERO
    for b in range(len(fractions[0])):
        measures = [domain.Measure(it.item_no, cumulative_quantity=max(
            previous.get(it.item_no, ZERO), (it.quantity * fractions[i][b]).quantize(D("0.0001"))))
            for i, it in enumerate(items)]
        lines = domain.measured_lines(items, previous, measures)
        gross = domain.gross(lines)
        vat = round_amount(gross * vat_pct / 100)
        ait = round_amount(gross * D(3) / 100)
        try:
            f = domain.figures(terms, gross, vat, ait, recovered)
        except ValidationFailed as exc:  # no work, or deductions above the bill's value: refused, nothing moves
            assert exc.code in ("contracts.net_negative", "contracts.nothing_measured")
            continue
        # the journal balances and equals the figures to the poisha
        j = domain.bill_journal(f)
        dr = sum((p.debit for p in j), ZERO)
        cr = sum((p.credit for p in j), ZERO)
        assert dr == cr == f.gross + f.vat
        by = {p.account: p for p in j}
        assert by.get("receivable", domain.Posting("r")).debit == f.net_payable
        assert by.get("revenue", domain.Posting("r")).credit == f.gross
        assert f.net_payable + f.deductions == f.gross + f.vat
        assert ZERO <= f.advance_recovered <= terms.advance - recovered
        recovered += f.advance_recovered
        this_total += gross
        retention_total += f.retention
        previous = {ln.item_no: ln.cumulative_quantity for ln in lines}
    final_cumulative = sum((round_amount(previous.get(it.item_no, ZERO) * it.rate) for it in items), ZERO)
    assert this_total == final_cumulative  # Σ this bill = the final cumulative amount
    assert recovered <= terms.advance
    assert retention_total <= round_amount(final_cumulative * terms.retention_pct / 100) + D("0.01") * len(fractions[0])


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=ZERO, max_value=D("1000000"), places=2),
       st.decimals(min_value=ZERO, max_value=D("1000000"), places=2))
def test_release_and_advance_journals_balance(retention, deposit):
    if retention + deposit > 0:
        j = domain.release_journal(retention, deposit)
        assert sum((p.debit for p in j), ZERO) == sum((p.credit for p in j), ZERO) == retention + deposit
    if retention > 0:
        j = domain.advance_journal(retention)
        assert sum((p.debit for p in j), ZERO) == sum((p.credit for p in j), ZERO) == retention
