"""A line that names its ledger account (both databases): it posts there instead of the expense/revenue
account; an unknown, group or inactive account is refused with `lines[i].account_code` (English and Bangla)
and nothing is stored; a negative-price adjustment line (a favourable price variance) posts on the other
side, with its VAT negative; REST takes and shows the field; a line without it posts as before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import InvoiceLineInput, InvoicePaymentInput, NoteInput, NoteLineInput
from vextrus.modules.invoicing.tables import InvoiceRow
from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed


def _lines(co, entry_id):
    e = finance.get_entry(co.book, entry_id)
    return sorted((ln.account_code, ln.debit, ln.credit) for ln in e.lines)


def test_a_line_posts_to_the_account_it_names(db, co, invoice):
    bill = service.create_invoice(invoice(co, "purchase", lines=[
        InvoiceLineInput(description="Cement 100 bags (PO-00001)", quantity=D("100"), unit_price=D("520.00"),
                         vat_code="VAT7.5", account_code="2115"),
        InvoiceLineInput(description="Price variance", quantity=D("1"), unit_price=D("300.00"), vat_code="VAT7.5",
                         account_code="5110"),
        InvoiceLineInput(description="Transport", quantity=D("1"), unit_price=D("1000.00"), vat_code="VAT15")]))
    assert [ln.account_code for ln in bill.lines] == ["2115", "5110", None]
    posted = service.post_invoice(bill.id)
    # 52,000 + 3,900 VAT; 300 + 22.50; 1,000 + 150
    assert _lines(co, posted.entry_id) == sorted([
        ("2115", D("52000.00"), D(0)), ("5110", D("300.00"), D(0)), ("5110", D("1000.00"), D(0)),
        ("1150", D("4072.50"), D(0)), ("2110", D(0), D("57372.50"))])
    assert service.get_invoice(bill.id).lines[0].account_code == "2115"


def test_a_negative_adjustment_line_posts_on_the_other_side(db, co, invoice):
    bill = service.create_invoice(invoice(co, "purchase", lines=[
        InvoiceLineInput(description="Rod 2 t at the order rate", quantity=D("2"), unit_price=D("95000.00"),
                         vat_code="VAT7.5", account_code="2115"),
        InvoiceLineInput(description="Price variance (billed 94,500)", quantity=D("2"), unit_price=D("-500.00"),
                         vat_code="VAT7.5", account_code="5110")]))
    assert (bill.net, bill.vat, bill.gross) == (D("189000.00"), D("14175.00"), D("203175.00"))
    posted = service.post_invoice(bill.id)
    assert _lines(co, posted.entry_id) == sorted([
        ("2115", D("190000.00"), D(0)), ("5110", D(0), D("1000.00")), ("1150", D("14175.00"), D(0)),
        ("2110", D(0), D("203175.00"))])
    with pytest.raises(ValidationFailed) as err:  # a note goes on the item's line, not the adjustment
        service.issue_note(bill.id, NoteInput(kind="credit", note_date=date(2025, 8, 20), reason="short",
                                              lines=[NoteLineInput(line_no=2, amount=D("100"))]))
    assert err.value.field == "lines[0].line_no" and err.value.message_bn
    paid = service.record_payment(bill.id, InvoicePaymentInput(amount=D("203175.00"), paid_on=date(2025, 8, 30)))
    assert paid.status == "paid"


def test_a_credit_note_reverses_the_line_on_its_own_account(db, co, invoice):
    bill = service.post_invoice(service.create_invoice(invoice(co, "purchase", lines=[
        InvoiceLineInput(description="Sand 10 cft", quantity=D("10"), unit_price=D("100.00"), vat_code="EXEMPT",
                         account_code="2115")])).id)
    note = service.issue_note(bill.id, NoteInput(kind="credit", note_date=date(2025, 8, 20), reason="returned",
                                                 lines=[NoteLineInput(line_no=1, quantity=D("2"))]))
    assert _lines(co, note.entry_id) == sorted([("2110", D("200.00"), D(0)), ("2115", D(0), D("200.00"))])


@pytest.mark.parametrize(("code", "error"), [("9999", "invoicing.account_unknown"),
                                             ("2100", "invoicing.account_not_postable")])
def test_an_unknown_or_group_account_is_refused_with_the_line_and_nothing_is_stored(db, co, invoice, code, error):
    with pytest.raises(ValidationFailed) as err:
        service.create_invoice(invoice(co, "purchase", lines=[
            InvoiceLineInput(description="ok", quantity=D(1), unit_price=D(1), vat_code="VAT15"),
            InvoiceLineInput(description="x", quantity=D(1), unit_price=D(1), vat_code="VAT15", account_code=code)]))
    assert (err.value.code, err.value.field) == (error, "lines[1].account_code")
    assert err.value.message_bn and err.value.message_bn != err.value.message
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(InvoiceRow)
                        .where(InvoiceRow.tenant_id == context.require_tenant())) == 0


def test_an_inactive_account_is_refused(db, co, invoice):
    finance.set_account_active(co.book, "2170", False)
    with pytest.raises(ValidationFailed) as err:
        service.create_invoice(invoice(co, "purchase", lines=[
            InvoiceLineInput(description="x", quantity=D(1), unit_price=D(1), vat_code="VAT15", account_code="2170")]))
    assert (err.value.code, err.value.field) == ("invoicing.account_not_postable", "lines[0].account_code")


def test_a_negative_price_needs_a_named_account_and_no_discount(db, co, invoice):
    with pytest.raises(ValidationFailed) as err:
        service.create_invoice(invoice(co, "purchase", lines=[
            InvoiceLineInput(description="x", quantity=D(1), unit_price=D(10), vat_code="VAT15"),
            InvoiceLineInput(description="y", quantity=D(1), unit_price=D(-1), vat_code="VAT15")]))
    assert err.value.field == "lines[1].unit_price"
    with pytest.raises(ValidationFailed) as err:
        service.create_invoice(invoice(co, "purchase", lines=[
            InvoiceLineInput(description="x", quantity=D(1), unit_price=D(10), vat_code="VAT15"),
            InvoiceLineInput(description="y", quantity=D(1), unit_price=D(-1), discount=D(1), vat_code="VAT15",
                             account_code="5110")]))
    assert err.value.field == "lines[1].discount"
    with pytest.raises(ValidationFailed) as err:  # the whole bill must still come to more than zero
        service.create_invoice(invoice(co, "purchase", lines=[
            InvoiceLineInput(description="y", quantity=D(1), unit_price=D(-1), vat_code="VAT15", account_code="5110")]))
    assert err.value.field == "lines"


def test_rest_takes_and_shows_the_line_account(db, co, client):
    r = client.post("/api/v1/invoicing/invoices", json={
        "company_id": str(co.company_id), "kind": "purchase", "party_id": str(co.vendor_id),
        "invoice_date": "2025-08-10", "lines": [{"description": "Bricks 5,000", "quantity": "5000",
                                                 "unit_price": "12.00", "vat_code": "VAT7.5", "account_code": "2115"}]})
    assert r.status_code in (200, 201), r.text
    assert r.json()["lines"][0]["account_code"] == "2115"
    bad = client.post("/api/v1/invoicing/invoices", json={
        "company_id": str(co.company_id), "kind": "purchase", "party_id": str(co.vendor_id),
        "invoice_date": "2025-08-10", "lines": [{"description": "Bricks", "quantity": "1", "unit_price": "12.00",
                                                 "vat_code": "VAT7.5", "account_code": "2100"}]})
    assert bad.status_code == 422 and "lines[0].account_code" in bad.text
