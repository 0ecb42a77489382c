"""invoicing's pure rules: line checks with field paths, totals to the poisha, status, fiscal year, aging."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.invoicing import domain
from vextrus.platform.errors import Conflict, ValidationFailed


def line(**kw) -> domain.Line:
    base = dict(description="60-grade MS rod", quantity=D(2), unit_price=D("95000.00"), vat_code="S004.00")
    return domain.Line(**{**base, **kw})


@pytest.mark.parametrize("bad, field, code", [
    (dict(quantity=D(0)), "lines[2].quantity", "invoicing.quantity_not_positive"),
    (dict(quantity=D("1.0001")), "lines[2].quantity", "amount_precision"),
    (dict(unit_price=D("-1")), "lines[2].unit_price", "invoicing.unit_price_negative"),
    (dict(discount=D("190000.01")), "lines[2].discount", "invoicing.discount_too_large"),
    (dict(description="  "), "lines[2].description", "invoicing.description_missing"),
    (dict(vat_code=""), "lines[2].vat_code", "invoicing.vat_code_missing"),
    (dict(activity_code="1.2"), "lines[2].project_id", "invoicing.activity_without_project"),
])
def test_a_bad_line_is_refused_with_its_path(bad, field, code):
    with pytest.raises(ValidationFailed) as err:
        domain.check_lines([line(), line(), line(**bad)])
    assert (err.value.field, err.value.code) == (field, code) and err.value.message_bn != err.value.message


def test_no_lines_is_refused():
    with pytest.raises(ValidationFailed) as err:
        domain.check_lines([])
    assert err.value.field == "lines"


def test_line_net_rounds_half_up_then_takes_the_discount():
    # 3.335 t × 1,000.15 = 3,335.50025 → 3,335.50; less 35.50 discount
    assert domain.line_net(line(quantity=D("3.335"), unit_price=D("1000.15"), discount=D("35.50"))) == D("3300.00")


@given(st.lists(st.tuples(st.decimals(0, 10**9, places=2), st.decimals(0, 10**8, places=2)), min_size=1,
                max_size=20))
def test_document_totals_are_the_sums_of_the_lines(pairs):
    t = domain.document_totals(domain.line_totals(n, v) for n, v in pairs)
    assert t.net == sum(n for n, _ in pairs) and t.vat == sum(v for _, v in pairs) and t.gross == t.net + t.vat


def test_status_moves_with_payments_and_refuses_overpayment():
    assert domain.status_after(D(100), D(0)) == "posted"
    assert domain.status_after(D(100), D(40)) == "partly_paid"
    assert domain.status_after(D(100), D(100)) == "paid"
    with pytest.raises(ValidationFailed) as err:
        domain.check_payment("partly_paid", D("60.01"), D(60), "SI-2025-26-00001")
    assert err.value.field == "amount"
    with pytest.raises(Conflict):
        domain.check_payment("draft", D(1), D(60), "draft")
    with pytest.raises(Conflict):
        domain.check_post("posted", "SI-2025-26-00001")


def test_fiscal_year_runs_july_to_june_and_aging_buckets():
    assert domain.fiscal_year(date(2025, 7, 1)) == "2025-26" and domain.fiscal_year(date(2026, 6, 30)) == "2025-26"
    assert domain.number("purchase", "2025-26", 7) == "PB-2025-26-00007"
    due = date(2025, 7, 1)
    assert [domain.bucket(due, date(2025, 7, d)) for d in (1, 31)] == ["0-30", "0-30"]
    assert domain.bucket(due, date(2025, 8, 1)) == "31-60" and domain.bucket(due, date(2025, 9, 29)) == "61-90"
    assert domain.bucket(due, date(2025, 9, 30)) == "90+"
