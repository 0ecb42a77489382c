"""An advance's allocation undone and its remainder refunded (issue 16), on both databases: the reversing journal
through finance (the posted entry stays, marked reversed), the bill open again with its VDS/TDS taken back (counter
certificates with the same numbers), statuses both ways, every refusal with its field and nothing changed, the events;
and a property: any sequence of allocate / undo / refund keeps amount = allocated + unallocated + refunded and the
ledger's advance account at the unallocated total, to the poisha.

Sources: VAT and SD Act 2012 s.49 (VDS at payment: a payment taken back takes its deduction back in the month it is
taken back); Income Tax Act 2023 s.89; docs/invoicing.md "Advances"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import (
    AdvanceAllocateInput,
    AdvanceAllocationReverseInput,
    AdvanceInput,
    AdvanceRefundInput,
    AllocationInput,
    CompanySettingsInput,
    InvoiceLineInput,
)
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform.errors import Conflict, DomainError, NotFound, StaleVersion, ValidationFailed

PAID = date(2025, 8, 1)
ON = date(2025, 8, 30)
UNDO = date(2025, 9, 4)


@pytest.fixture
def contractor(co):
    service.set_company_settings(co.company_id, CompanySettingsInput(withholding_entity=True))
    return master_data.create_party(PartyInput(legal_name="Rupayan Civil Works", roles=["vendor"],
                                               vendor_categories=["subcontractor"], tin="123456789012")).id


def _bill(co, invoice, party_id, amount=D("1000000.00"), code="S004.00"):
    data = invoice(co, "purchase", lines=[InvoiceLineInput(description="Piling works, RA bill 2", quantity=D(1),
                                                           unit_price=amount, vat_code=code)], party_id=party_id)
    return service.post_invoice(service.create_invoice(data).id)


def _advance(co, party_id, amount, kind="purchase", **kw):
    return service.record_advance(AdvanceInput(**{**dict(
        company_id=co.company_id, kind=kind, party_id=party_id, paid_on=PAID, amount=amount,
        method="bank_transfer", reference="BEFTN-20250801-0007"), **kw}))


def _allocate(adv, *parts, on=ON, **kw):
    return service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=on, ait_section="89", allocations=[
        AllocationInput(invoice_id=i, amount=a) for i, a in parts], **kw))


def _undo(adv, alloc_id, on=UNDO, reason="Allocated to the wrong bill", **kw):
    return service.reverse_advance_allocation(adv.id, alloc_id, AdvanceAllocationReverseInput(
        reversed_on=on, reason=reason, **kw))


def _refund(adv, amount, on=UNDO, **kw):
    return service.refund_advance(adv.id, AdvanceRefundInput(**{**dict(
        refunded_on=on, amount=amount, method="bank_transfer", reference="BEFTN-20250904-0011",
        reason="Contract ended early"), **kw}))


def _balance(book, code):
    tb = {ln.account_code: ln for ln in finance.trial_balance(book, None, None).lines}
    ln = tb.get(code)
    return (ln.closing_debit - ln.closing_credit) if ln else D(0)


def _entry(book, entry_id):
    got: dict[str, D] = {}
    for ln in finance.get_entry(book, entry_id).lines:
        got[ln.account_code] = got.get(ln.account_code, D(0)) + ln.debit - ln.credit
    return got


def _events(name, advance_id):
    from sqlalchemy import select

    from vextrus.platform.tables import OutboxEvent
    from vextrus.platform.uow import unit_of_work

    with unit_of_work() as uow:
        return [e.payload for e in uow.session.scalars(select(OutboxEvent).where(OutboxEvent.name == name)
                                                        .order_by(OutboxEvent.id))  # ids are time-ordered (v7)
                if e.payload["advance_id"] == str(advance_id)]


def _state(co, adv_id, *invoice_ids):
    return (service.get_advance(adv_id).model_dump(),
            [service.get_invoice(i).model_dump() for i in invoice_ids],
            [c.model_dump() for c in service.list_certificates(co.company_id)],
            [ln.model_dump() for ln in finance.trial_balance(co.book, None, None).lines])


def test_undoing_an_allocation_reverses_its_journal_and_gives_the_bill_and_the_advance_back(db, co, invoice,
                                                                                             contractor):
    adv = _advance(co, contractor, D("970000.00"))
    bill = _bill(co, invoice, contractor)  # 11,00,000: VDS 1,00,000, s.89 TDS 30,000 → 9,70,000 of the advance
    done = _allocate(adv, (bill.id, D("1100000.00")), expected_version=adv.version)
    [a] = done.allocations
    assert (done.status, service.get_invoice(bill.id).status) == ("allocated", "paid")
    back = _undo(done, a.id, expected_version=done.version)
    [u] = back.allocations
    assert (back.status, back.allocated, back.unallocated, back.refunded) == ("open", D(0), D("970000.00"), D(0))
    assert (u.reversed_on, u.reversal_reason, bool(u.reversal_entry_id)) == (UNDO, "Allocated to the wrong bill", True)
    # the allocation had its journal alone: finance reversed it (the posted entry stays, marked reversed)
    assert finance.get_entry(co.book, a.entry_id).status == "reversed"
    assert _entry(co.book, u.reversal_entry_id) == {"2110": D("-1100000.00"), "1141": D("970000.00"),
                                                     "2142": D("100000.00"), "2150": D("30000.00")}
    assert (_balance(co.book, "1141"), _balance(co.book, "2110")) == (D("970000.00"), D("-1100000.00"))
    assert (_balance(co.book, "2142"), _balance(co.book, "2150")) == (D(0), D(0))
    got = service.get_invoice(bill.id)
    assert (got.status, got.outstanding, got.paid) == ("posted", D("1100000.00"), D(0))
    # the certificates taken back in September with their own numbers (the VAT return of September shows it)
    certs = sorted((c.tax, c.number, c.issued_on, c.amount) for c in service.list_certificates(co.company_id))
    assert certs == [("ait", "TDS-2025-26-00001", ON, D("30000.00")), ("ait", "TDS-2025-26-00001", UNDO, D("-30000.00")),
                     ("vds", "M66-2025-26-00001", ON, D("100000.00")), ("vds", "M66-2025-26-00001", UNDO,
                                                                        D("-100000.00"))]
    vat = {m: {ln.key: ln.vat for ln in service.vat_return(co.company_id, m).increasing} for m in ("2025-08", "2025-09")}
    assert (vat["2025-08"]["vds_withheld"], vat["2025-09"]["vds_withheld"]) == (D("100000.00"), D("-100000.00"))
    # allocated again, the bill's deductions are the same as the first time (nothing double counted)
    again = _allocate(back, (bill.id, D("550000.00")), on=UNDO)
    assert [(x.applied, x.vds, x.ait) for x in again.allocations if x.reversed_on is None] == [
        (D("485000.00"), D("50000.00"), D("15000.00"))]
    [ev] = _events("invoicing.advance.allocation_reversed", adv.id)
    assert (ev["allocation_id"], ev["invoice_id"], D(ev["applied"]), D(ev["vds"]), D(ev["ait"])) == (
        str(a.id), str(bill.id), D("970000.00"), D("100000.00"), D("30000.00"))
    assert (ev["status"], ev["invoice_status"], ev["reversed_on"], D(ev["unallocated"])) == (
        "open", "posted", UNDO.isoformat(), D("970000.00"))


def test_one_of_two_allocations_of_one_call_is_undone_by_its_own_lines_and_statuses_step_back(db, co, invoice,
                                                                                              contractor):
    adv = _advance(co, contractor, D("1000000.00"))
    a = _bill(co, invoice, contractor)  # 11,00,000
    b = _bill(co, invoice, contractor, D("200000.00"), "VAT15")  # 2,30,000: VDS 30,000, TDS 6,000
    first = _allocate(adv, (a.id, D("550000.00")), (b.id, D("230000.00")))
    second = _allocate(first, (a.id, D("330000.00")))
    assert (second.status, second.unallocated) == ("partly_allocated", D("30000.00"))
    on_a = [x for x in second.allocations if x.invoice_id == a.id]
    on_b = next(x for x in second.allocations if x.invoice_id == b.id)
    # b's allocation shared its journal with a's first part: only b's lines are turned round, the entry stays posted
    v = _undo(second, on_b.id)
    assert finance.get_entry(co.book, on_b.entry_id).status == "posted"
    assert _entry(co.book, next(x for x in v.allocations if x.id == on_b.id).reversal_entry_id) == {
        "2110": D("-230000.00"), "1141": D("194000.00"), "2142": D("30000.00"), "2150": D("6000.00")}
    assert (v.unallocated, service.get_invoice(b.id).status) == (D("224000.00"), "posted")
    # a: paid in two parts → the second undone: partly paid → the first undone: posted; the advance back to open
    v = _undo(v, on_a[1].id)
    assert (service.get_invoice(a.id).status, service.get_invoice(a.id).paid) == ("partly_paid", D("550000.00"))
    assert v.status == "partly_allocated"
    v = _undo(v, on_a[0].id)
    assert (v.status, v.unallocated, service.get_invoice(a.id).status) == ("open", D("1000000.00"), "posted")
    assert (_balance(co.book, "1141"), _balance(co.book, "2142"), _balance(co.book, "2150")) == (
        D("1000000.00"), D(0), D(0))
    assert _balance(co.book, "2110") == -(a.gross + b.gross)


def test_undo_refusals_have_their_field_and_change_nothing(db, co, invoice, contractor):
    adv = _advance(co, contractor, D("100000.00"))
    bill = _bill(co, invoice, contractor, D("50000.00"), "VAT15")
    done = _allocate(adv, (bill.id, D("10000.00")))
    [a] = done.allocations
    before = _state(co, adv.id, bill.id)
    cases = [
        (dict(on=date(2025, 8, 29)), ValidationFailed, "invoicing.allocation_reversal_before_allocation",
         "reversed_on"),
        (dict(reason="  "), ValidationFailed, "invoicing.reason_missing", "reason"),
        (dict(expected_version=done.version + 1), StaleVersion, None, None),
    ]
    for kw, exc, code, field in cases:
        with pytest.raises(exc) as err:
            _undo(done, a.id, **kw)
        if code:
            assert (err.value.code, err.value.field) == (code, field) and err.value.message_bn
        assert _state(co, adv.id, bill.id) == before, kw
    with pytest.raises(NotFound) as nf:
        _undo(done, bill.id)
    assert nf.value.field == "allocation_id"
    # a closed period: finance refuses; its code, at the form's date
    finance.close_period(co.book, "2025-26", 1)
    finance.close_period(co.book, "2025-26", 2)
    with pytest.raises(DomainError) as closed:
        _undo(done, a.id, on=date(2025, 8, 31))
    assert (closed.value.code, closed.value.field) == ("period_not_open", "reversed_on")
    assert closed.value.message_bn and _state(co, adv.id, bill.id) == before
    v = _undo(done, a.id)  # September is open
    with pytest.raises(Conflict) as twice:
        _undo(v, a.id)
    assert (twice.value.code, twice.value.field) == ("invoicing.allocation_already_reversed", "allocation_id")
    assert twice.value.message_bn


def test_a_customer_advance_is_refunded_in_parts_then_refunded(db, co, invoice):
    adv = _advance(co, co.customer_id, D("500000.00"), kind="sales")
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)  # 11,56,350
    adv = service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, allocations=[
        AllocationInput(invoice_id=inv.id, amount=D("300000.00"))]))
    part = _refund(adv, D("150000.00"), expected_version=adv.version)
    [r] = part.refunds
    assert (part.status, part.allocated, part.refunded, part.unallocated) == (
        "partly_refunded", D("300000.00"), D("150000.00"), D("50000.00"))
    assert _entry(co.book, r.entry_id) == {"2131": D("150000.00"), "1120": D("-150000.00")}
    assert _balance(co.book, "2131") == D("-50000.00")
    with pytest.raises(ValidationFailed) as over:
        _refund(part, D("50000.01"))
    assert (over.value.code, over.value.field) == ("invoicing.advance_over_refunded", "amount")
    whole = _refund(part, D("50000.00"), method="cash", reference="")
    assert (whole.status, whole.unallocated, whole.refunds[-1].account_code) == ("refunded", D(0), "1110")
    assert _balance(co.book, "2131") == D(0)
    with pytest.raises(Conflict) as none_left:
        service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, allocations=[
            AllocationInput(invoice_id=inv.id, amount=D("1.00"))]))
    assert (none_left.value.code, none_left.value.field) == ("invoicing.advance_refunded", "status")
    # the allocation undone after the refund: its part is unallocated again, to allocate or refund
    back = _undo(whole, whole.allocations[0].id, reason="Invoice disputed")
    assert (back.status, back.unallocated, back.refunded) == ("partly_refunded", D("300000.00"), D("200000.00"))
    assert back.amount == back.allocated + back.unallocated + back.refunded
    assert _balance(co.book, "2131") == D("-300000.00")
    evs = _events("invoicing.advance.refunded", adv.id)
    assert [(D(e["amount"]), e["status"]) for e in evs] == [(D("150000.00"), "partly_refunded"),
                                                           (D("50000.00"), "refunded")]
    st_ = service.party_statement(co.company_id, "sales", co.customer_id, UNDO)
    assert st_.unallocated_advances == D("300000.00")
    assert [ln.doc for ln in st_.lines if ln.doc.startswith("advance_")] == [
        "advance_allocation", "advance_allocation_reversal", "advance_refund", "advance_refund"]


def test_refund_refusals_have_their_field_and_change_nothing(db, co, contractor):
    adv = _advance(co, contractor, D("80000.00"))
    before = _state(co, adv.id)
    for kw, code, field in [(dict(amount=D("80000.01")), "invoicing.advance_over_refunded", "amount"),
                            (dict(amount=D(0)), "invoicing.refund_not_positive", "amount"),
                            (dict(amount=D("0.001")), None, "amount"),
                            (dict(on=date(2025, 7, 31)), "invoicing.refund_before_advance", "refunded_on"),
                            (dict(method="cheque"), None, "cheque_no")]:
        with pytest.raises(ValidationFailed) as err:
            _refund(adv, **{"amount": D("100.00"), **kw})
        assert err.value.field == field and err.value.message_bn, kw
        if code:
            assert err.value.code == code
        assert _state(co, adv.id) == before, kw
    with pytest.raises(StaleVersion):
        _refund(adv, D("100.00"), expected_version=adv.version + 1)
    # a vendor's refund: money comes back to the bank
    got = _refund(adv, D("30000.00"))
    assert _entry(co.book, got.refunds[0].entry_id) == {"1120": D("30000.00"), "1141": D("-30000.00")}
    with pytest.raises(Conflict):
        service.reverse_advance(adv.id, UNDO, "wrong")  # something was refunded: not reversed
    other = service.reverse_advance(_advance(co, contractor, D("1000.00")).id, UNDO, "Paid twice")
    with pytest.raises(Conflict) as rev:
        _refund(other, D("10.00"))
    assert (rev.value.code, rev.value.field) == ("invoicing.advance_reversed", "status")


OPS = st.lists(st.one_of(
    st.tuples(st.just("allocate"), st.sampled_from("ab"), st.integers(1, 60000000)),
    st.tuples(st.just("undo"), st.integers(0, 5), st.just(0)),
    st.tuples(st.just("refund"), st.just(""), st.integers(1, 120000000)),
), min_size=1, max_size=7)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["purchase", "sales"]), ops=OPS)
def test_any_sequence_keeps_the_advance_and_its_ledger_account_whole(db, co, invoice, contractor, kind, ops):
    """amount = allocated + unallocated + refunded, and the ledger's advance account moved by exactly the unallocated
    amount (the examples share the database: measured from the start), to the poisha; a refused step changes
    nothing; each bill's open amount = its gross less what its live allocations settle."""
    sales = kind == "sales"
    party = co.customer_id if sales else contractor
    account = "2131" if sales else "1141"
    start = _balance(co.book, account)
    vds_start = _balance(co.book, "2142")
    adv = _advance(co, party, D("1000000.00"), kind=kind)
    bills = {"a": service.post_invoice(service.create_invoice(invoice(co, party_id=party) if sales else invoice(
        co, "purchase", party_id=party)).id),
             "b": (service.post_invoice(service.create_invoice(invoice(co, lines=[InvoiceLineInput(
                 description="Design fee", quantity=D(1), unit_price=D("200000.00"), vat_code="VAT15")])).id)
                   if sales else _bill(co, invoice, party, D("200000.00"), "VAT15"))}
    for op, arg, n in ops:
        money = D(n) / 100
        before = service.get_advance(adv.id)
        try:
            if op == "allocate":
                adv = _allocate(adv, (bills[arg].id, money), on=ON, expected_version=adv.version)
            elif op == "undo":
                live = [x for x in before.allocations if x.reversed_on is None]
                if not live:
                    continue
                adv = _undo(adv, live[arg % len(live)].id, expected_version=adv.version)
            else:
                adv = _refund(adv, money, expected_version=adv.version)
        except DomainError:
            assert service.get_advance(adv.id) == before  # refused: nothing changed
        adv = service.get_advance(adv.id)
        assert adv.amount == adv.allocated + adv.unallocated + adv.refunded
        assert adv.unallocated >= 0
        sign = -1 if sales else 1
        assert _balance(co.book, account) - start == sign * adv.unallocated
        live = [x for x in adv.allocations if x.reversed_on is None]
        assert adv.allocated == sum((x.applied for x in live), D(0))
        if not sales:
            assert vds_start - _balance(co.book, "2142") == sum((x.vds for x in live), D(0))
        for b in bills.values():
            got = service.get_invoice(b.id)
            assert got.outstanding == b.gross - sum((x.amount for x in live if x.invoice_id == b.id), D(0))
