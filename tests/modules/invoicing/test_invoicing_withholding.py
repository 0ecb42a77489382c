"""Payments with deductions at source on both databases: paying a vendor bill as a withholding entity
splits out VDS (Mushak 6.6) and AIT/TDS; a customer's receipt with its deductions; certificates numbered
gapless per company; payment methods; partial payments in any order leave the same balances.

Sources: VAT and SD Act 2012 s.49 and NBR's VDS guidance under SRO 240-Law/2021/163-Mushak (a withholding
entity deducts the VAT shown on the supplier's Mushak 6.3 invoice and issues Mushak 6.6); Income Tax Act
2023 s.89 with the Source Tax Rules 2023 as summarised by PwC Bangladesh "Income Tax guide 2023-24" (3 % of
the base excluding VAT up to Tk 50 lakh; 50 % higher without TIN/PSR); shared/domain/bangladesh.md
("payment to supplier = invoice total − VDS − income-tax withholding")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import CompanySettingsInput, InvoiceLineInput, InvoicePaymentInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform.errors import ValidationFailed

ON = date(2025, 8, 30)


def _lines(co, entry_id):
    return sorted((ln.account_code, ln.debit, ln.credit) for ln in finance.get_entry(co.book, entry_id).lines)


@pytest.fixture
def contractor(co):
    """A subcontractor with a TIN (s.89 at its normal rate) and the company a withholding entity."""
    service.set_company_settings(co.company_id, CompanySettingsInput(withholding_entity=True))
    return master_data.create_party(PartyInput(legal_name="Rupayan Civil Works", roles=["vendor"],
                                               vendor_categories=["subcontractor"], tin="123456789012")).id


def _bill(co, invoice, party_id, amount=D("1000000.00"), code="S004.00"):
    data = invoice(co, "purchase", lines=[InvoiceLineInput(description="Piling works, RA bill 2", quantity=D(1),
                                                           unit_price=amount, vat_code=code)], party_id=party_id)
    return service.post_invoice(service.create_invoice(data).id)


def test_a_withholding_entity_pays_a_contractor_net_of_vds_and_tds(db, co, invoice, contractor):
    """A construction bill of Tk 10,00,000 + 10 % VAT (S004.00 from 2025-07-01) = 11,00,000: VDS takes the
    Tk 1,00,000 VAT shown (s.49), s.89 takes 3 % of the Tk 10,00,000 base (Tk 30,000); the bank pays 9,70,000."""
    bill = _bill(co, invoice, contractor)
    paid = service.record_payment(bill.id, InvoicePaymentInput(
        amount=D("1100000.00"), paid_on=ON, method="bank_transfer", reference="BEFTN-20250830-0042", ait_section="89"))
    p = paid.payments[0]
    assert (paid.status, p.vds, p.ait, p.cash_amount, p.method, p.reference) == (
        "paid", D("100000.00"), D("30000.00"), D("970000.00"), "bank_transfer", "BEFTN-20250830-0042")
    assert _lines(co, p.entry_id) == sorted([("2110", D("1100000.00"), D(0)), ("1120", D(0), D("970000.00")),
                                             ("2142", D(0), D("100000.00")), ("2150", D(0), D("30000.00"))])
    assert sorted((c.tax, c.direction, c.number, c.amount) for c in p.certificates) == [
        ("ait", "issued", "TDS-2025-26-00001", D("30000.00")), ("vds", "issued", "M66-2025-26-00001", D("100000.00"))]
    second = _bill(co, invoice, contractor, D("200000.00"), "VAT15")  # 2,00,000 + 30,000 VAT
    p2 = service.record_payment(second.id, InvoicePaymentInput(amount=D("230000.00"), paid_on=ON, method="cheque",
                                                               cheque_no="CA 0012345", cheque_date=ON)).payments[0]
    assert (p2.vds, p2.ait, p2.cash_amount, p2.instrument_no) == (D("30000.00"), D(0), D("200000.00"), "CA 0012345")
    assert [c.number for c in p2.certificates] == ["M66-2025-26-00002"]  # gapless per company
    listed = service.list_certificates(co.company_id, "vds")
    assert [c.number for c in listed] == ["M66-2025-26-00001", "M66-2025-26-00002"]


def test_no_vds_when_the_company_is_not_a_withholding_entity_and_higher_tds_without_tin(db, co, invoice):
    bill = _bill(co, invoice, co.vendor_id)  # BSRM in the fixture shows no TIN
    p = service.record_payment(bill.id, InvoicePaymentInput(amount=D("1100000.00"), paid_on=ON, ait_section="89",
                                                            account_code="1120")).payments[0]
    # not a withholding entity: no VDS; s.89 without TIN: 1.5 × 3 % = 4.5 % of 10,00,000 = 45,000
    assert (p.vds, p.ait, p.cash_amount) == (D(0), D("45000.00"), D("1055000.00"))


def test_a_customer_deducts_vds_and_ait_from_its_receipt(db, co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)  # 1,156,350 (VAT 107,350)
    got = service.record_payment(inv.id, InvoicePaymentInput(
        amount=inv.gross, paid_on=ON, method="mfs", mfs_provider="bKash", reference="8N7A6B5C4D",
        vds=D("107350.00"), ait=D("31470.00"), certificate_no="MHL/VDS/2025/118"))
    p = got.payments[0]
    assert (got.status, p.cash_amount, p.instrument_no) == ("paid", D("1017530.00"), "bkash")
    assert _lines(co, p.entry_id) == sorted([("1120", D("1017530.00"), D(0)), ("1151", D("107350.00"), D(0)),
                                             ("1152", D("31470.00"), D(0)), ("1130", D(0), D("1156350.00"))])
    assert {(c.tax, c.direction, c.number) for c in p.certificates} == {
        ("vds", "received", "MHL/VDS/2025/118"), ("ait", "received", "MHL/VDS/2025/118")}


def test_methods_and_deductions_are_checked_with_the_field(db, co, invoice, contractor):
    bill = _bill(co, invoice, contractor)
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    cases = [(bill.id, dict(method="cheque", cheque_date=ON), "cheque_no"),
             (bill.id, dict(method="cheque", cheque_no="1"), "cheque_date"),
             (bill.id, dict(method="bank_transfer"), "reference"),
             (bill.id, dict(method="mfs", mfs_provider="upay", reference="x"), "mfs_provider"),
             (bill.id, dict(method="barter"), "method"),
             (bill.id, dict(ait_section="999"), "ait_section"),
             (bill.id, dict(vds=D(5)), "vds"),
             (inv.id, dict(vds=D("-1")), "vds"),
             (inv.id, dict(vds=D("600000"), ait=D("600000")), "vds")]
    for invoice_id, kw, field in cases:
        with pytest.raises(ValidationFailed) as err:
            service.record_payment(invoice_id, InvoicePaymentInput(amount=D("1000.00"), paid_on=ON, **kw))
        assert err.value.field == field and err.value.message_bn, (kw, err.value)
    assert service.get_invoice(bill.id).payments == [] and service.list_certificates(co.company_id) == []


def test_company_accounts_override_the_chart(db, co, invoice):
    s = service.set_company_settings(co.company_id, CompanySettingsInput(accounts={"revenue": "4200", "bank": "1121"}))
    assert (s.accounts["revenue"], s.accounts["bank"], s.accounts["receivable"]) == ("4200", "1121", "1130")
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    assert {a for a, _, _ in _lines(co, inv.entry_id)} == {"1130", "4200", "2140"}
    with pytest.raises(ValidationFailed) as bad:
        service.set_company_settings(co.company_id, CompanySettingsInput(accounts={"treasure": "1110"}))
    assert bad.value.field == "accounts.treasure"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations([D("300000.00"), D("0.01"), D("450000.00"), D("349999.99")]))
def test_partial_payments_in_any_order_leave_the_same_balances(db, co, invoice, contractor, order):
    bill = _bill(co, invoice, contractor)  # 11,00,000: VDS 1,00,000 and TDS 30,000 in all
    for amount in order:
        bill = service.record_payment(bill.id, InvoicePaymentInput(amount=amount, paid_on=ON, ait_section="89"))
    assert (bill.status, bill.outstanding) == ("paid", D(0))
    assert (sum(p.vds for p in bill.payments), sum(p.ait for p in bill.payments),
            sum(p.cash_amount for p in bill.payments)) == (D("100000.00"), D("30000.00"), D("970000.00"))
    for p in bill.payments:
        assert p.amount == p.vds + p.ait + p.cash_amount
        lines = _lines(co, p.entry_id)
        assert sum(dr for _, dr, _ in lines) == sum(cr for _, _, cr in lines) == p.amount
    certs = [c for p in bill.payments for c in p.certificates if c.tax == "vds"]
    assert len(certs) == sum(1 for p in bill.payments if p.vds) and sum(c.amount for c in certs) == D("100000.00")


def test_vds_on_a_bill_of_several_codes_is_the_vat_of_each_line(db, co, invoice, contractor):
    codes = ["VAT15", "S004.00", "VAT7.5", "VAT5", "VAT10", "EXEMPT"]
    data = invoice(co, "purchase", party_id=contractor, lines=[
        InvoiceLineInput(description=f"Item {c}", quantity=D(2), unit_price=D("1000.00"), vat_code=c) for c in codes])
    bill = service.post_invoice(service.create_invoice(data).id)
    p = service.record_payment(bill.id, InvoicePaymentInput(amount=bill.gross, paid_on=ON)).payments[0]
    assert p.vds == bill.vat == D("300.00") + D("200.00") + D("150.00") + D("100.00") + D("200.00")
    [cert] = p.certificates
    assert cert.amount == p.vds and cert.basis.startswith("VAT15,S004.00") and len(cert.basis) <= 20


def test_one_payment_allocated_to_two_bills_posts_one_journal(db, co, invoice, contractor):
    from vextrus.modules.invoicing.schemas import AllocationInput, PaymentAllocationInput

    a = _bill(co, invoice, contractor)  # 11,00,000: VDS 1,00,000, TDS 30,000
    b = _bill(co, invoice, contractor, D("200000.00"), "VAT15")  # 2,30,000: VDS 30,000, TDS 6,000
    other = _bill(co, invoice, co.vendor_id, D("1000.00"), "VAT15")
    base = dict(paid_on=ON, method="bank_transfer", reference="BEFTN-88", ait_section="89")
    bad = [(dict(allocations=[AllocationInput(invoice_id=a.id, amount=D("1100000.00")),
                              AllocationInput(invoice_id=other.id, amount=D("1150.00"))]), "allocations[1].invoice_id"),
           (dict(allocations=[AllocationInput(invoice_id=a.id, amount=D("1100000.01"))]), "allocations[0].amount"),
           (dict(amount=D(5), allocations=[AllocationInput(invoice_id=a.id, amount=D("100.00"))]), "amount"),
           (dict(allocations=[]), "allocations")]
    for kw, field in bad:
        with pytest.raises(ValidationFailed) as err:
            service.allocate_payment(PaymentAllocationInput(**base, **kw))
        assert err.value.field == field and err.value.message_bn
    assert service.get_invoice(a.id).payments == [] and service.list_certificates(co.company_id) == []
    done = service.allocate_payment(PaymentAllocationInput(**base, amount=D("1215000.00"), allocations=[
        AllocationInput(invoice_id=a.id, amount=D("1100000.00")), AllocationInput(invoice_id=b.id, amount=D("115000.00"))]))
    assert [(v.status, v.outstanding) for v in done] == [("paid", D(0)), ("partly_paid", D("115000.00"))]
    pa, pb = done[0].payments[0], done[1].payments[0]
    assert pa.entry_id == pb.entry_id
    assert (pa.vds, pa.ait, pb.vds, pb.ait) == (D("100000.00"), D("30000.00"), D("15000.00"), D("3000.00"))
    got: dict[str, D] = {}
    for acct, dr, cr in _lines(co, pa.entry_id):
        got[acct] = got.get(acct, D(0)) + dr - cr
    assert got == {"2110": D("1215000.00"), "1120": D("-1067000.00"), "2142": D("-115000.00"), "2150": D("-33000.00")}
    assert [c.number for c in service.list_certificates(co.company_id, "vds")] == ["M66-2025-26-00001",
                                                                                  "M66-2025-26-00002"]
