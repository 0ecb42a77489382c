"""Demo rows of crm for the demo company: a dozen leads (English and Bangla names) from the usual sources,
opportunities across every stage with a few activities (one overdue), and three tenders (one being prepared,
one submitted, one lost with the winner's price, one won whose project is not started), and the won
opportunity's quotation, accepted, its project and client contract not started yet."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from decimal import Decimal as D
from uuid import UUID

from vextrus.platform import clock, context, runtime
from vextrus.platform.errors import DomainError

from . import service
from .schemas import (
    CrmActivityInput,
    LeadInput,
    OpportunityInput,
    QuotationInput,
    QuotationLineInput,
    TenderInput,
    TenderStatusInput,
)

LEADS = [
    ("Rafiqul Islam", "01711-500101", "facebook", "flat", D("9500000"), D("1250")),
    ("নুসরাত জাহান", "01811500102", "walk_in", "flat", D("12000000"), D("1450")),
    ("Tanvir Ahmed", "+8801911500103", "website", "flat", D("8000000"), D("1100")),
    ("মোঃ আব্দুল করিম", "01511500104", "referral", "shop", D("6500000"), D("350")),
    ("Farhana Yasmin", "01611500105", "fair", "flat", D("15000000"), D("1650")),
    ("সাকিব হাসান", "01311500106", "phone", "parking", D("600000"), None),
    ("Mahmudul Hasan", "01411500107", "facebook", "office", D("25000000"), D("2200")),
    ("শারমিন সুলতানা", "01711500108", "walk_in", "flat", D("10500000"), D("1250")),
    ("Imran Chowdhury", "01811500109", "referral", "land", D("40000000"), None),
    ("তাহমিনা আক্তার", "01911500110", "website", "flat", D("9000000"), D("1100")),
    ("Kamrul Hasan", "01511500111", "fair", "shop", D("7200000"), D("400")),
    ("জাহিদ হোসেন", "01611500112", "other", "flat", D("11000000"), D("1450")),
]
PATHS = {"new": [], "contacted": ["contacted"], "site_visit": ["contacted", "site_visit"],
         "negotiation": ["contacted", "site_visit", "negotiation"],
         "won": ["contacted", "site_visit", "negotiation", "won"], "lost": ["contacted", "lost"]}


def _context(tenant_id: UUID) -> context.RequestContext:
    ctx = context.system_context(tenant_id, actor="demo")
    if "organization" not in runtime.current().registry.names:
        return ctx
    from vextrus.modules.organization import api as organization

    with context.acting_as(ctx):
        company = organization.demo_company()
    return dataclasses.replace(ctx, company_id=company.id) if company is not None else ctx


def load(tenant_id: UUID) -> None:
    with context.acting_as(_context(tenant_id)):
        if service.list_leads(first=1).items:
            return
        leads = [service.create_lead(LeadInput(name=name, mobile=mobile, source=source, unit_type=unit,  # type: ignore[arg-type]
                                               budget=budget, area_sft=area), confirm_duplicate=True)
                 for name, mobile, source, unit, budget, area in LEADS]
        customer = None
        try:
            customer = service.convert_lead(leads[1].id).party_id
        except DomainError:
            pass  # a party with that mobile exists already: the lead stays open
        today = clock.today()
        won = None
        stages = ["new", "new", "contacted", "contacted", "site_visit", "site_visit", "negotiation", "negotiation",
                  "won", "lost"]
        now = clock.now()
        for k, stage in enumerate(stages):
            lead = leads[k]
            o = service.create_opportunity(OpportunityInput(
                title=f"{lead.unit_type or 'flat'} — {lead.name}", lead_id=lead.id,
                expected_value=lead.budget or D(0), expected_close=today + timedelta(days=15 * (k + 1))))
            for s in PATHS[stage]:
                o = service.change_stage(o.id, s, "Bought from another developer" if s == "lost" else None)
            if stage == "won":
                won = o
            if stage in ("contacted", "site_visit"):
                service.add_activity(o.id, CrmActivityInput(kind="call" if stage == "contacted" else "site_visit",
                                                            subject=f"Follow up {lead.name}",
                                                            due_at=now + timedelta(days=k - 3)))
        t1 = service.create_tender(TenderInput(
            procuring_entity="Roads and Highways Department, Dhaka Zone", egp_reference="eGP-RHD-2026-874512",
            title="Widening of Dhaka–Mawa road approach, package 3", closing_at=datetime(2027, 1, 20, 12, 0),
            bid_security_amount=D("2500000"), bid_security_form="bank_guarantee", estimated_value=D("250000000")))
        service.change_tender_status(t1.id, TenderStatusInput(status="preparing"))
        t2 = service.create_tender(TenderInput(
            procuring_entity="Public Works Department (PWD)", egp_reference="eGP-PWD-2026-331207",
            title="Construction of a 10-storey office building, Agargaon", closing_at=datetime(2026, 11, 30, 13, 0),
            bid_security_amount=D("1800000"), bid_security_form="pay_order", estimated_value=D("180000000")))
        for status, extra in (("preparing", {}), ("submitted", {"bid_price": D("176500000")})):
            service.change_tender_status(t2.id, TenderStatusInput(status=status, **extra))
        t3 = service.create_tender(TenderInput(
            procuring_entity="LGED, Gazipur", egp_reference="eGP-LGED-2026-120455",
            title="Upazila road improvement, Kaliakair", closing_at=datetime(2026, 10, 15, 12, 0),
            bid_security_amount=D("900000"), bid_security_form="pay_order", estimated_value=D("90000000")))
        for status, extra in (("preparing", {}), ("submitted", {"bid_price": D("88200000")}), ("opened", {}),
                              ("lost", {"winner_name": "Abc Builders Ltd", "winner_price": D("86950000")})):
            service.change_tender_status(t3.id, TenderStatusInput(status=status, **extra))
        t4 = service.create_tender(TenderInput(  # won, its project not started yet: /crm/tenders offers it
            procuring_entity="Gazipur City Corporation", egp_reference="eGP-GCC-2026-208117",
            title="Storm-water drain, Tongi ward 47", closing_at=datetime(2026, 9, 10, 12, 0),
            bid_security_amount=D("600000"), bid_security_form="bank_guarantee", estimated_value=D("62000000")))
        for status, extra in (("preparing", {}), ("submitted", {"bid_price": D("60750000")}), ("opened", {}),
                              ("won", {})):
            service.change_tender_status(t4.id, TenderStatusInput(status=status, **extra))
        _accepted_quotation(won, customer)


QUOTE_LINES = [("1.01", "Site clearing and levelling", "sft", "12000", "18.50"),
               ("2.01", "Boundary wall, 250 mm brickwork", "rft", "1450", "2350.00"),
               ("3.01", "Main gate, MS fabricated", "LS", "1", "185000.00")]


def _accepted_quotation(opportunity: object | None, party_id: UUID | None) -> None:
    """The won opportunity's quotation, sent and accepted, its project and contract not started yet: the
    quotation's page offers "Start the project and contract". The customer is the converted lead's party (or
    master data's first customer); none when there is no customer."""
    if opportunity is None:
        return
    if party_id is None:
        customers = service.customer_choices(limit=1)
        party_id = customers[0][0] if customers else None
    if party_id is None:
        return
    q = service.create_quotation(QuotationInput(
        opportunity_id=opportunity.id, party_id=party_id, vat_rate=D("10"),  # type: ignore[attr-defined]
        valid_until=clock.today() + timedelta(days=30),
        lines=[QuotationLineInput(item_no=i, description=d, unit=u, quantity=q, rate=r) for i, d, u, q, r in QUOTE_LINES]))
    service.send_quotation(q.id)
    service.accept_quotation(q.id)
