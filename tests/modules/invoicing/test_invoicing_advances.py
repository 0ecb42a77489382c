"""Advances (issue 16) on both databases: an advance paid to a subcontractor before its bill, then allocated to the
bill (VDS and TDS split out exactly as paying the bill by cash would; the advances account back to zero); a customer's
advance mirrored; partial allocations across two invoices; every refusal with its field and the database unchanged;
allocating in any order of parts leaves the same balances and statuses.

Sources: VAT and SD Act 2012 s.49 (VDS at payment, Mushak 6.6: an adjustment of an advance against the bill is the
payment); Income Tax Act 2023 s.89 (deduction at payment or credit, whichever is earlier: taken when the advance
is applied to the bill here, see docs/invoicing.md "Advances"); shared/domain/bangladesh.md."""

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
    AdvanceInput,
    AllocationInput,
    CompanySettingsInput,
    InvoiceLineInput,
    InvoicePaymentInput,
)
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as org
from vextrus.platform.errors import Conflict, DomainError, StaleVersion, ValidationFailed

PAID = date(2025, 8, 1)
ON = date(2025, 8, 30)


@pytest.fixture
def contractor(co):
    """A subcontractor with a TIN (s.89 at its normal rate) and the company a withholding entity."""
    service.set_company_settings(co.company_id, CompanySettingsInput(withholding_entity=True))
    return master_data.create_party(PartyInput(legal_name="Rupayan Civil Works", roles=["vendor"],
                                               vendor_categories=["subcontractor"], tin="123456789012")).id


def _bill(co, invoice, party_id, amount=D("1000000.00"), code="S004.00", company_id=None):
    data = invoice(co, "purchase", lines=[InvoiceLineInput(description="Piling works, RA bill 2", quantity=D(1),
                                                           unit_price=amount, vat_code=code)], party_id=party_id,
                   **({"company_id": company_id} if company_id else {}))
    return service.post_invoice(service.create_invoice(data).id)


def _advance(co, party_id, amount, kind="purchase", **kw):
    base = dict(company_id=co.company_id, kind=kind, party_id=party_id, paid_on=PAID, amount=amount,
                method="bank_transfer", reference="BEFTN-20250801-0007")
    return service.record_advance(AdvanceInput(**{**base, **kw}))


def _balance(book, code):
    tb = {ln.account_code: ln for ln in finance.trial_balance(book, None, None).lines}
    ln = tb.get(code)
    return (ln.closing_debit - ln.closing_credit) if ln else D(0)


def _entry(book, entry_id):
    lines = finance.get_entry(book, entry_id).lines
    assert sum(ln.debit for ln in lines) == sum(ln.credit for ln in lines)
    got: dict[str, D] = {}
    for ln in lines:
        got[ln.account_code] = got.get(ln.account_code, D(0)) + ln.debit - ln.credit
    return got


def test_a_vendor_advance_then_its_bill_then_the_allocation_equals_paying_the_bill(db, co, invoice, contractor):
    adv = _advance(co, contractor, D("970000.00"), narration="Mobilisation advance, piling")
    assert (adv.number, adv.status, adv.unallocated, adv.advance_account) == (
        "ADP-2025-26-00001", "open", D("970000.00"), "1141")
    assert _entry(co.book, adv.entry_id) == {"1141": D("970000.00"), "1120": D("-970000.00")}
    assert _balance(co.book, "1141") == D("970000.00")
    bill = _bill(co, invoice, contractor)  # 10,00,000 + 10 % VAT = 11,00,000: VDS 1,00,000, s.89 TDS 30,000
    done = service.allocate_advance(adv.id, AdvanceAllocateInput(
        allocated_on=ON, ait_section="89", expected_version=adv.version,
        allocations=[AllocationInput(invoice_id=bill.id, amount=D("1100000.00"))]))
    [a] = done.allocations
    assert (done.status, done.allocated, done.unallocated, a.amount, a.applied, a.vds, a.ait) == (
        "allocated", D("970000.00"), D(0), D("1100000.00"), D("970000.00"), D("100000.00"), D("30000.00"))
    assert _entry(co.book, a.entry_id) == {"2110": D("1100000.00"), "1141": D("-970000.00"),
                                            "2142": D("-100000.00"), "2150": D("-30000.00")}
    assert _balance(co.book, "1141") == D(0) and _balance(co.book, "2110") == D(0)
    paid = service.get_invoice(bill.id)
    [p] = paid.payments
    assert (paid.status, paid.outstanding, p.method, p.reference, p.vds, p.ait) == (
        "paid", D(0), "advance", "ADP-2025-26-00001", D("100000.00"), D("30000.00"))
    assert sorted((c.tax, c.number) for c in p.certificates) == [("ait", "TDS-2025-26-00001"),
                                                                 ("vds", "M66-2025-26-00001")]
    # the same bill paid directly in another company of the tenant deducts the same
    other = org.create_company(org.CompanyInput(code="MBL", name="Meghna Builders Ltd."))
    finance.ensure_book("MBL", "Meghna Builders Ltd.", other.id)
    finance.open_fiscal_year("MBL", "2025-26")
    service.set_company_settings(other.id, CompanySettingsInput(withholding_entity=True))
    twin = _bill(co, invoice, contractor, company_id=other.id)
    direct = service.record_payment(twin.id, InvoicePaymentInput(amount=D("1100000.00"), paid_on=ON,
                                                                 ait_section="89", method="cash")).payments[0]
    assert (direct.vds, direct.ait, direct.cash_amount) == (a.vds, a.ait, a.applied)


def test_a_customer_advance_is_mirrored(db, co, invoice):
    adv = _advance(co, co.customer_id, D("500000.00"), kind="sales", method="cheque", cheque_no="CA 0099881",
                   cheque_date=PAID, reference="")
    assert (adv.number, adv.advance_account, adv.instrument_no) == ("ADR-2025-26-00001", "2131", "CA 0099881")
    assert _entry(co.book, adv.entry_id) == {"1120": D("500000.00"), "2131": D("-500000.00")}
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)  # 11,56,350
    done = service.allocate_advance(adv.id, AdvanceAllocateInput(
        allocated_on=ON, certificate_no="MHL/VDS/2025/7",
        allocations=[AllocationInput(invoice_id=inv.id, amount=D("520000.00"), vds=D("20000.00"))]))
    [a] = done.allocations
    assert (done.status, a.applied, a.vds) == ("allocated", D("500000.00"), D("20000.00"))
    assert _entry(co.book, a.entry_id) == {"2131": D("500000.00"), "1151": D("20000.00"), "1130": D("-520000.00")}
    assert _balance(co.book, "2131") == D(0)
    got = service.get_invoice(inv.id)
    assert (got.status, got.outstanding) == ("partly_paid", inv.gross - D("520000.00"))
    assert [(c.tax, c.direction, c.number) for c in got.payments[0].certificates] == [
        ("vds", "received", "MHL/VDS/2025/7")]


def test_partial_allocations_across_two_bills(db, co, invoice, contractor):
    adv = _advance(co, contractor, D("1000000.00"))
    a = _bill(co, invoice, contractor)  # 11,00,000: VDS 1,00,000, TDS 30,000
    b = _bill(co, invoice, contractor, D("200000.00"), "VAT15")  # 2,30,000: VDS 30,000, TDS 6,000
    first = service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, ait_section="89", allocations=[
        AllocationInput(invoice_id=a.id, amount=D("550000.00")), AllocationInput(invoice_id=b.id, amount=D("230000.00"))]))
    # half of bill a: VDS 50,000, TDS 15,000 → 4,85,000 of the advance; all of b: 2,30,000 − 36,000 = 1,94,000
    assert [(x.applied, x.vds, x.ait) for x in first.allocations] == [
        (D("485000.00"), D("50000.00"), D("15000.00")), (D("194000.00"), D("30000.00"), D("6000.00"))]
    assert (first.status, first.unallocated) == ("partly_allocated", D("321000.00"))
    assert (service.get_invoice(a.id).status, service.get_invoice(b.id).status) == ("partly_paid", "paid")
    second = service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, ait_section="89", allocations=[
        AllocationInput(invoice_id=a.id, amount=D("330000.00"))]))
    assert (second.status, second.unallocated, second.allocations[-1].applied) == (
        "partly_allocated", D("30000.00"), D("291000.00"))
    assert _balance(co.book, "1141") == D("30000.00")
    assert [x.number for x in service.list_advances(co.company_id, open_only=True)] == [adv.number]


def _state(co, adv_id, *invoice_ids):
    return (service.get_advance(adv_id).model_dump(),
            [service.get_invoice(i).model_dump() for i in invoice_ids],
            [c.model_dump() for c in service.list_certificates(co.company_id)],
            [ln.model_dump() for ln in finance.trial_balance(co.book, None, None).lines])


def test_every_refusal_has_its_field_and_leaves_the_database_unchanged(db, co, invoice, contractor):
    adv = _advance(co, contractor, D("100000.00"))
    bill = _bill(co, invoice, contractor)
    other_party = _bill(co, invoice, co.vendor_id, D("1000.00"), "VAT15")
    sale = service.post_invoice(service.create_invoice(invoice(co)).id)
    draft = service.create_invoice(invoice(co, "purchase", party_id=contractor))
    cancelled = service.cancel_draft(service.create_invoice(invoice(co, "purchase", party_id=contractor)).id, "typo")
    ok = AllocationInput(invoice_id=bill.id, amount=D("1000.00"))
    base = dict(allocated_on=ON, ait_section="89")
    cases = [
        (dict(allocations=[ok, AllocationInput(invoice_id=other_party.id, amount=D("10.00"))]),
         "invoicing.allocation_other_party", "allocations[1].invoice_id"),
        (dict(allocations=[AllocationInput(invoice_id=sale.id, amount=D("10.00"))]),
         "invoicing.allocation_other_party", "allocations[0].invoice_id"),
        (dict(allocations=[AllocationInput(invoice_id=co.company_id, amount=D("10.00"))]),
         "invoicing.allocation_invoice_unknown", "allocations[0].invoice_id"),
        (dict(allocations=[ok, AllocationInput(invoice_id=draft.id, amount=D("10.00"))]),
         "invoicing.not_payable", "allocations[1].status"),
        (dict(allocations=[AllocationInput(invoice_id=cancelled.id, amount=D("10.00"))]),
         "invoicing.not_payable", "allocations[0].status"),
        (dict(allocations=[ok, AllocationInput(invoice_id=bill.id, amount=D("10.00"))]),
         "invoicing.allocation_twice", "allocations[1].invoice_id"),
        (dict(allocations=[AllocationInput(invoice_id=bill.id, amount=D("200000.00"))]),  # uses 1,76,363.64 > 1,00,000
         "invoicing.advance_over_allocated", "allocations[0].amount"),
        (dict(allocations=[AllocationInput(invoice_id=bill.id, amount=D("1100000.01"))]),  # more than the bill's open
         "invoicing.payment_too_large", "allocations[0].amount"),
        (dict(allocations=[ok], currency="USD"), "invoicing.advance_currency_mismatch", "currency"),
        (dict(allocations=[ok], allocated_on=date(2025, 7, 31)), "invoicing.allocation_before_advance", "allocated_on"),
        (dict(allocations=[]), "invoicing.allocations_missing", "allocations"),
    ]
    before = _state(co, adv.id, bill.id)
    for kw, code, field in cases:
        with pytest.raises(DomainError) as err:
            service.allocate_advance(adv.id, AdvanceAllocateInput(**{**base, **kw}))
        assert (err.value.code, err.value.field) == (code, field), kw
        assert err.value.message and err.value.message_bn
        assert _state(co, adv.id, bill.id) == before, kw
    cases2 = [(dict(amount=D("0.001")), "amount"), (dict(amount=D(0)), "amount"), (dict(currency="USD"), "currency"),
              (dict(method="cheque", cheque_date=PAID), "cheque_no"), (dict(party_id=co.company_id), "party_id")]
    for kw, field in cases2:
        with pytest.raises(ValidationFailed) as bad:
            _advance(co, kw.pop("party_id", contractor), kw.pop("amount", D("10.00")), **kw)
        assert bad.value.field == field and bad.value.message_bn, kw
    assert len(service.list_advances(co.company_id)) == 1
    with pytest.raises(StaleVersion):
        service.allocate_advance(adv.id, AdvanceAllocateInput(**base, allocations=[ok],
                                                              expected_version=adv.version + 1))
    assert _state(co, adv.id, bill.id) == before
    whole = service.allocate_advance(adv.id, AdvanceAllocateInput(**base, allocations=[AllocationInput(
        invoice_id=bill.id, amount=D("113402.06"))]))  # VDS 10,309.28 + TDS 3,092.78 → 1,00,000.00 of the advance
    assert (whole.status, whole.unallocated) == ("allocated", D(0))
    before = _state(co, adv.id, bill.id)
    with pytest.raises(Conflict) as full:
        service.allocate_advance(adv.id, AdvanceAllocateInput(**base, allocations=[ok]))
    assert (full.value.code, full.value.field) == ("invoicing.advance_fully_allocated", "status")
    assert _state(co, adv.id, bill.id) == before


def test_an_unallocated_advance_is_reversed_by_a_reversing_journal(db, co, contractor):
    adv = _advance(co, contractor, D("25000.00"))
    with pytest.raises(ValidationFailed) as bad:
        service.reverse_advance(adv.id, ON, "")
    assert bad.value.field == "reason"
    rev = service.reverse_advance(adv.id, ON, "Paid to the wrong subcontractor", expected_version=adv.version)
    assert rev.status == "reversed" and rev.reversal_entry_id and _balance(co.book, "1141") == D(0)
    assert finance.get_entry(co.book, adv.entry_id).status == "reversed"
    with pytest.raises(Conflict):
        service.reverse_advance(adv.id, ON, "again")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations([("a", D("300000.00")), ("a", D("0.01")), ("b", D("230000.00")), ("a", D("799999.99"))]))
def test_allocating_in_any_order_of_parts_leaves_the_same_balances(db, co, invoice, contractor, order):
    start = (_balance(co.book, "1141"), _balance(co.book, "2110"))  # examples share the test's database
    adv = _advance(co, contractor, D("2000000.00"))
    bills = {"a": _bill(co, invoice, contractor), "b": _bill(co, invoice, contractor, D("200000.00"), "VAT15")}
    for key, amount in order:
        adv = service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, ait_section="89", allocations=[
            AllocationInput(invoice_id=bills[key].id, amount=amount)], expected_version=adv.version))
    # both bills settled: 13,30,000 less VDS 1,30,000 and TDS 36,000 = 11,64,000 of the advance
    assert (adv.allocated, adv.status) == (D("1164000.00"), "partly_allocated")
    assert [service.get_invoice(b.id).status for b in bills.values()] == ["paid", "paid"]
    assert (sum(a.vds for a in adv.allocations), sum(a.ait for a in adv.allocations)) == (D("130000.00"), D("36000.00"))
    for a in adv.allocations:
        assert a.amount == a.applied + a.vds + a.ait
    assert (_balance(co.book, "1141"), _balance(co.book, "2110")) == (start[0] + D("836000.00"), start[1])


def test_a_viewer_sees_advances_but_records_and_allocates_none(db, co, invoice, contractor, tenant_id):
    from vextrus.platform import context
    from vextrus.platform.errors import PermissionDenied
    from vextrus.platform.ids import new_id

    adv = _advance(co, contractor, D("1000.00"))
    bill = _bill(co, invoice, contractor)
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                    permissions=frozenset({"invoicing.invoice.view"}), actor="viewer@test")
    with context.acting_as(viewer):
        assert [a.id for a in service.list_advances(co.company_id)] == [adv.id]
        with pytest.raises(PermissionDenied):
            _advance(co, contractor, D("10.00"))
        with pytest.raises(PermissionDenied):
            service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, allocations=[
                AllocationInput(invoice_id=bill.id, amount=D("100.00"))]))
    assert service.get_advance(adv.id).allocations == [] and len(service.list_advances(co.company_id)) == 1


def _events(name: str, advance_id) -> list[dict]:
    from sqlalchemy import select

    from vextrus.platform.tables import OutboxEvent
    from vextrus.platform.uow import unit_of_work

    with unit_of_work() as uow:
        return [e.payload for e in uow.session.scalars(select(OutboxEvent).where(OutboxEvent.name == name))
                if e.payload["advance_id"] == str(advance_id)]


def test_recording_allocating_and_reversing_an_advance_are_announced(db, co, invoice, contractor):
    """Each step publishes its own event (the audit trail and other modules read them); a refused step none."""
    adv = _advance(co, contractor, D("500000.00"))
    [rec] = _events("invoicing.advance.recorded", adv.id)
    assert (rec["number"], D(rec["amount"]), rec["kind"], rec["party_id"]) == (
        adv.number, D("500000.00"), "purchase", str(contractor))
    bill = _bill(co, invoice, contractor, amount=D("100000.00"))
    got = service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, ait_section="89", allocations=[
        AllocationInput(invoice_id=bill.id, amount=bill.gross)]))
    [alloc] = _events("invoicing.advance.allocated", adv.id)
    assert alloc["invoice_ids"] == [str(bill.id)] and alloc["status"] == "partly_allocated"
    assert D(alloc["applied"]) == got.allocated and D(alloc["unallocated"]) == got.unallocated
    with pytest.raises(Conflict):
        service.reverse_advance(adv.id, ON, "Wrong vendor")  # partly allocated: refused, nothing announced
    assert _events("invoicing.advance.reversed", adv.id) == []
    other = _advance(co, contractor, D("1000.00"))
    service.reverse_advance(other.id, ON, "Paid twice")
    [rev] = _events("invoicing.advance.reversed", other.id)
    assert (rev["reason"], rev["reversed_on"], D(rev["amount"])) == ("Paid twice", ON.isoformat(), D("1000.00"))
