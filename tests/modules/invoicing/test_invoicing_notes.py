"""Credit notes (Mushak 6.7) and debit notes (Mushak 6.8) on both databases: a credit note's journal mirrors
the part of the invoice it credits, the balance due goes down and never beyond what remains, numbers are
gapless per company and kind, and an invoice with its notes reconciles with the journals to the poisha.

Sources: VAT and SD Act 2012 s.44 (decreasing adjustment by credit note) and s.45 (increasing adjustment by
debit note); VAT and SD Rules 2016 r.40 (the note names the original Mushak 6.3 invoice, the value and VAT
adjusted); NBR's Mushak 6.7/6.8 forms. Rates as shipped by the tax module (S004.00 10 % from 2025-07-01,
standard 15 %)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import InvoiceLineInput, InvoicePaymentInput, NoteInput, NoteLineInput
from vextrus.modules.invoicing.tables import NoteRow
from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed

ON = date(2025, 8, 20)


def _lines(co, entry_id):
    return sorted((ln.account_code, ln.debit, ln.credit) for ln in finance.get_entry(co.book, entry_id).lines)


def _note(kind, *lines, on=ON, reason="Slab level 3 re-measured"):
    return NoteInput(kind=kind, note_date=on, reason=reason, lines=[NoteLineInput(**ln) for ln in lines])


def test_a_sales_credit_note_mirrors_the_part_credited_and_lowers_the_balance(db, co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    # the invoice: 1,000,000 at S004.00 10 % = 100,000 VAT; 49,000 at 15 % = 7,350 VAT; gross 1,156,350
    # credit 2,00,000 of line 1's value (a re-measurement): VAT 10 % = 20,000 (s.44), 2,20,000 in all
    note = service.issue_note(inv.id, _note("credit", {"line_no": 1, "amount": D("200000.00")}))
    assert (note.number, note.net, note.vat, note.gross) == ("SCN-2025-26-00001", D("200000.00"), D("20000.00"),
                                                             D("220000.00"))
    assert _lines(co, note.entry_id) == sorted([("4100", D("200000.00"), D(0)), ("2140", D("20000.00"), D(0)),
                                                ("1130", D(0), D("220000.00"))])
    after = service.get_invoice(inv.id)
    assert (after.credited, after.outstanding, after.status) == (D("220000.00"), D("936350.00"), "posted")
    assert [n.number for n in after.notes] == ["SCN-2025-26-00001"]
    # line 2 by quantity: 1 of 2.5 days of supervision → 49,000 × 1/2.5 = 19,600 at 15 % = 2,940
    n2 = service.issue_note(inv.id, _note("credit", {"line_no": 2, "quantity": D("1")}))
    assert (n2.number, n2.net, n2.vat) == ("SCN-2025-26-00002", D("19600.00"), D("2940.00"))


def test_a_credit_note_never_goes_beyond_what_remains(db, co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    with pytest.raises(ValidationFailed) as line:
        service.issue_note(inv.id, _note("credit", {"line_no": 2, "quantity": D("2.6")}))
    assert (line.value.code, line.value.field, bool(line.value.message_bn)) == (
        "invoicing.credit_beyond_line", "lines[0].quantity", True)
    service.record_payment(inv.id, InvoicePaymentInput(amount=D("1110000.00"), paid_on=ON))  # 46,350 left
    with pytest.raises(ValidationFailed) as total:  # line 2 in full is 56,350
        service.issue_note(inv.id, _note("credit", {"line_no": 2, "quantity": D("2.5")}))
    assert (total.value.code, total.value.field) == ("invoicing.credit_beyond_outstanding", "lines")
    cases = [(_note("credit", {"line_no": 9, "amount": D(1)}), "lines[0].line_no"),
             (_note("credit", {"line_no": 1}), "lines[0].quantity"),
             (_note("credit", {"line_no": 1, "amount": D("-5")}), "lines[0].amount"),
             (_note("credit", {"line_no": 1, "amount": D(1)}, {"line_no": 1, "amount": D(1)}), "lines[1].line_no"),
             (_note("credit", {"line_no": 1, "amount": D(1)}, reason=" "), "reason"),
             (_note("credit", {"line_no": 1, "amount": D(1)}, on=date(2025, 8, 1)), "note_date"),
             (_note("refund", {"line_no": 1, "amount": D(1)}), "kind")]
    for data, field in cases:
        with pytest.raises(ValidationFailed) as err:
            service.issue_note(inv.id, data)
        assert err.value.field == field and err.value.message_bn
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(NoteRow)
                        .where(NoteRow.tenant_id == context.require_tenant())) == 0
    ok = service.issue_note(inv.id, _note("credit", {"line_no": 2, "quantity": D("1")}))  # 19,600 + 2,940
    assert ok.number == "SCN-2025-26-00001"  # the refused ones took no number
    assert service.get_invoice(inv.id).outstanding == D("23810.00")
    draft = service.create_invoice(invoice(co))
    with pytest.raises(ValidationFailed) as on_draft:
        service.issue_note(draft.id, _note("credit", {"line_no": 1, "amount": D(1)}))
    assert on_draft.value.field == "invoice_id"


def test_a_bill_credited_in_full_in_parts_is_credited_and_its_journals_cancel(db, co, invoice):
    bill = service.post_invoice(service.create_invoice(invoice(co, "purchase", lines=[
        InvoiceLineInput(description="60-grade rod", quantity=D("3"), unit_price=D("33333.33"), vat_code="VAT7.5"),
        InvoiceLineInput(description="Cement", quantity=D("7"), unit_price=D("520.00"), vat_code="VAT15")])).id)
    notes = [service.issue_note(bill.id, _note("credit", {"line_no": 1, "quantity": D("1")}, {"line_no": 2, "amount": D("100.00")})),
             service.issue_note(bill.id, _note("credit", {"line_no": 1, "quantity": D("2")})),
             service.issue_note(bill.id, _note("credit", {"line_no": 2, "quantity": D("7")}))]
    assert [n.number for n in notes] == ["PCN-2025-26-00001", "PCN-2025-26-00002", "PCN-2025-26-00003"]
    assert sum(n.net for n in notes) == bill.net and sum(n.vat for n in notes) == bill.vat
    after = service.get_invoice(bill.id)
    assert (after.status, after.outstanding) == ("credited", D(0))
    totals: dict[str, D] = {}
    for entry_id in [bill.entry_id, *(n.entry_id for n in notes)]:
        for acct, dr, cr in _lines(co, entry_id):
            totals[acct] = totals.get(acct, D(0)) + dr - cr
    assert totals == {"5110": D(0), "1150": D(0), "2110": D(0)}
    # a purchase credit note: Dr payables, Cr expense and input VAT (the vendor's Mushak 6.7)
    assert _lines(co, notes[1].entry_id) == sorted([("2110", D("71666.66"), D(0)), ("5110", D(0), D("66666.66")),
                                                    ("1150", D(0), D("5000.00"))])
    with pytest.raises(Exception):  # noqa: B017  nothing left to pay
        service.record_payment(bill.id, InvoicePaymentInput(amount=D("0.01"), paid_on=ON))


def test_a_debit_note_adds_to_what_is_due(db, co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    service.record_payment(inv.id, InvoicePaymentInput(amount=inv.gross, paid_on=ON))
    # half a day more supervision at Tk 20,000 a day: 10,000 + 15 % = 11,500 (s.45)
    note = service.issue_note(inv.id, _note("debit", {"line_no": 2, "quantity": D("0.5")}))
    assert (note.number, note.net, note.vat, note.gross) == ("SDN-2025-26-00001", D("10000.00"), D("1500.00"),
                                                             D("11500.00"))
    assert _lines(co, note.entry_id) == sorted([("1130", D("11500.00"), D(0)), ("4100", D(0), D("10000.00")),
                                                ("2140", D(0), D("1500.00"))])
    after = service.get_invoice(inv.id)
    assert (after.status, after.debited, after.outstanding) == ("partly_paid", D("11500.00"), D("11500.00"))
    credit = service.issue_note(inv.id, _note("credit", {"line_no": 2, "amount": D("10000.00")}))
    assert credit.number == "SCN-2025-26-00001"  # its own series
    assert service.get_invoice(inv.id).status == "paid"


amounts = st.decimals(min_value=D("1.00"), max_value=D("99999.99"), places=2)
qty = st.decimals(min_value=D("0.010"), max_value=D("99.999"), places=3)
codes = st.sampled_from(["S004.00", "VAT15", "VAT7.5", "VAT5", "EXEMPT"])
parts = st.lists(st.fractions(min_value=0, max_value=1), min_size=0, max_size=3)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(qty, amounts, codes, parts), min_size=1, max_size=3), st.sampled_from(["sales", "purchase"]))
@example([(D("0.010"), D("1.00"), "VAT15", [Fraction(1, 2)])], "sales")  # half of a 0.01 line takes it all
def test_an_invoice_and_its_credit_notes_reconcile_with_the_journals_to_the_poisha(db, co, invoice, lines, kind):
    inv = service.post_invoice(service.create_invoice(invoice(co, kind, lines=[
        InvoiceLineInput(description=f"Item {i}", quantity=q, unit_price=p, vat_code=c)
        for i, (q, p, c, _) in enumerate(lines)])).id)
    notes = []
    for i, (q, _, _, fracs) in enumerate(lines):
        left = q
        for f in fracs:  # partial credits by quantity, then the rest of the line
            part = (q * D(f.numerator) / D(f.denominator)).quantize(D("0.001"))
            if 0 < part < left:
                try:
                    notes.append(service.issue_note(inv.id, _note("credit", {"line_no": i + 1, "quantity": part})))
                except ValidationFailed as exc:  # a part whose value rounds to nothing is refused, nothing kept
                    assert exc.code == "invoicing.amount_not_positive"
                    continue
                left -= part
        try:
            notes.append(service.issue_note(inv.id, _note("credit", {"line_no": i + 1, "quantity": left})))
        except ValidationFailed as exc:  # a part rounded up to all the line's value (0.005 of a 0.01 line
            assert exc.code == "invoicing.amount_not_positive"  # is 0.01): the rest is worth nothing, refused
            assert sum(n.net for n in notes if n.lines[0].invoice_line_no == i + 1) == inv.lines[i].net
        now = service.get_invoice(inv.id)
        assert now.outstanding == inv.gross - sum(n.gross for n in notes)
    assert (sum(n.net for n in notes), sum(n.vat for n in notes)) == (inv.net, inv.vat)
    balance: dict[str, D] = {}
    for entry_id in [inv.entry_id, *(n.entry_id for n in notes)]:
        e = finance.get_entry(co.book, entry_id)
        assert sum(ln.debit for ln in e.lines) == sum(ln.credit for ln in e.lines)
        for ln in e.lines:
            balance[ln.account_code] = balance.get(ln.account_code, D(0)) + ln.debit - ln.credit
    assert set(balance.values()) == {D(0)}
    assert service.get_invoice(inv.id).status == "credited"
