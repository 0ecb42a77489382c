"""Demo rows of invoicing for the demo company (January and February 2026: finance's demo closes July to
December 2025): the company a VAT withholding entity; sales invoices to a housing client with a receipt the
client took VDS from and a credit note after re-measurement; vendor bills for cement and subcontracted work
paid net of VDS and s.89 AIT (Mushak 6.6 certificates); an advance to the steel supplier, half of its bill
settled from it (VDS and AIT split out); a draft bill. Descriptions are in Bangla, as a
Bangladeshi site office writes them. No project tags: the project's costs stay those of the projects demo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

from vextrus.platform import context, runtime

from . import service
from .schemas import (
    AdvanceAllocateInput,
    AdvanceInput,
    AllocationInput,
    CompanySettingsInput,
    InvoiceInput,
    InvoiceLineInput,
    InvoicePaymentInput,
    NoteInput,
    NoteLineInput,
    PaymentAllocationInput,
)


def _party(name: str, role: str) -> UUID | None:
    from vextrus.modules.master_data import api as master_data

    from . import MODULE

    with context.calling_as(MODULE):
        found = master_data.search_parties(name, role=role, limit=1)
    return found[0].id if found else None


def _posted(cid: UUID, kind: str, party: UUID, on: date, reference: str,
            lines: list[tuple[str, str, str, str]], post: bool = True):  # noqa: ANN202
    inv = service.create_invoice(InvoiceInput(
        company_id=cid, kind=kind, party_id=party, invoice_date=on, reference=reference,
        lines=[InvoiceLineInput(description=d, quantity=D(q), unit_price=D(p), vat_code=c) for d, q, p, c in lines]))
    return service.post_invoice(inv.id) if post else inv


def load(tenant_id: UUID) -> None:
    if not {"organization", "master_data", "finance", "tax"} <= set(runtime.current().registry.names):
        return
    from vextrus.modules.organization import api as organization

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        company = organization.demo_company()
        if company is None:
            return
        cid = company.id
        if service.list_invoices(cid, None, 1).items:
            return
        client = _party("Meghdoot", "customer")
        cement = _party("Shitalakshya", "vendor")
        steel = _party("Karnaphuli", "vendor")
        sub = _party("Rahman Construction", "vendor")
        if not (client and cement and steel and sub):
            return
        service.set_company_settings(cid, CompanySettingsInput(withholding_entity=True))  # a limited company
        design = _posted(cid, "sales", client, date(2026, 1, 15), "MDH-2026-01",
                         [("নকশা ও তদারকি সেবা, জানুয়ারি", "1", "1500000.00", "S004.00")])
        service.record_payment(design.id, InvoicePaymentInput(
            amount=D("1000000.00"), paid_on=date(2026, 2, 10), method="bank_transfer", reference="BEFTN-260210-0417",
            vds=D("150000.00"), certificate_no="MDH-VDS-0117"))
        fill = _posted(cid, "sales", client, date(2026, 1, 25), "MDH-2026-02",
                       [("অতিরিক্ত মাটি ভরাট (ঘনমিটার)", "500", "900.00", "S004.00")])
        service.issue_note(fill.id, NoteInput(kind="credit", note_date=date(2026, 2, 5),
                                              reason="পুনঃপরিমাপে ৫০ ঘনমিটার কম",
                                              lines=[NoteLineInput(line_no=1, quantity=D("50"))]))
        cement_bill = _posted(cid, "purchase", cement, date(2026, 1, 12), "SCI-INV-88412",
                              [("সিমেন্ট, ৫০ কেজির ব্যাগ", "2000", "540.00", "VAT15")])
        service.record_payment(cement_bill.id, InvoicePaymentInput(
            amount=cement_bill.gross, paid_on=date(2026, 1, 28), method="cheque", cheque_no="CA-0045123",
            cheque_date=date(2026, 1, 28), ait_section="89"))
        sub_bill = _posted(cid, "purchase", sub, date(2026, 2, 1), "RCE-RA-04",
                           [("উপ-ঠিকাদারি কাজ, চলতি বিল ৪", "1", "600000.00", "S004.00")])
        service.record_payment(sub_bill.id, InvoicePaymentInput(
            amount=D("300000.00"), paid_on=date(2026, 2, 15), method="bank_transfer", reference="RTGS-260215-0093",
            ait_section="89"))
        # the rest of the subcontractor's bill, saved as a payment draft waiting to be sent for approval
        rest = service.get_invoice(sub_bill.id).outstanding
        service.create_payment_draft(PaymentAllocationInput(
            paid_on=date(2026, 2, 28), method="bank_transfer", reference="RTGS-260228-0121", ait_section="89",
            allocations=[AllocationInput(invoice_id=sub_bill.id, amount=rest)]))
        # an advance to the steel supplier before its bill; half the bill settled from it, the rest still unallocated
        adv = service.record_advance(AdvanceInput(
            company_id=cid, kind="purchase", party_id=steel, paid_on=date(2026, 2, 3), amount=D("300000.00"),
            method="bank_transfer", reference="BEFTN-260203-0088", narration="রড সরবরাহের অগ্রিম"))
        rod = _posted(cid, "purchase", steel, date(2026, 2, 10), "KSRM-5490",
                      [("রড, ৬০ গ্রেড (টন)", "2", "95000.00", "VAT7.5")])
        service.allocate_advance(adv.id, AdvanceAllocateInput(
            allocated_on=date(2026, 2, 12), ait_section="89",
            allocations=[AllocationInput(invoice_id=rod.id, amount=rod.gross / 2)]))
        _posted(cid, "purchase", steel, date(2026, 2, 18), "KSRM-5521",
                [("রড, ৬০ গ্রেড (টন)", "5", "95000.00", "VAT7.5")], post=False)
