"""crm on both databases: a lead is registered with its mobile normalised, a duplicate (of a lead or of a
master_data party, by any writing of the mobile, by e-mail or NID) is refused naming the match unless
confirmed, a lead converts to a customer party keeping the link, the lead → opportunity → won flow with
its events, activities and the overdue list, the pipeline board's totals, and the tender register."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from vextrus.modules.crm import service
from vextrus.modules.crm.events import (
    LeadConverted,
    LeadCreated,
    OpportunityStageChanged,
    TenderResultRecorded,
)
from vextrus.modules.crm.schemas import (
    CrmActivityInput,
    LeadInput,
    OpportunityInput,
    TenderInput,
    TenderStatusInput,
)
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party, get_party
from vextrus.platform import clock, context
from vextrus.platform.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent


def _events(db, name):
    with db.session_factory() as s:
        return s.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == name)  # ids are UUIDv7: in order
                         .order_by(OutboxEvent.occurred_at, OutboxEvent.id)).all()


def test_a_lead_is_registered_with_its_contact_normalised(db, admin):
    lead = service.create_lead(LeadInput(name="রহিম উদ্দিন", mobile="০১৭১১-২২৩৩৪৪", email=" Rahim@Mail.com ",
                                         nid="1234567890", source="facebook", unit_type="flat",
                                         budget=D("8500000"), area_sft=D("1250")))
    assert (lead.mobile, lead.email, lead.nid, lead.status) == ("+8801711223344", "rahim@mail.com", "1234567890", "open")
    assert service.get_lead(lead.id) == lead and [x.id for x in service.list_leads().items] == [lead.id]
    assert {"lead_id": str(lead.id), "lead_name": "রহিম উদ্দিন", "source": "facebook", "salesperson_id": None,
            "duplicate_confirmed": False} in _events(db, LeadCreated.name)


@pytest.mark.parametrize("writing", ["+880 1711-223344", "8801711223344", "01711223344"])
def test_a_duplicate_lead_is_refused_naming_the_match_unless_confirmed(db, admin, writing):
    first = service.create_lead(LeadInput(name="Karim", mobile="01711223344"))
    with pytest.raises(Conflict) as dup:
        service.create_lead(LeadInput(name="Karim again", mobile=writing))
    e = dup.value
    assert (e.code, e.field) == ("crm.duplicate_lead", "mobile") and "Karim" in e.message and "Karim" in e.message_bn
    assert e.details["matches"][0]["id"] == str(first.id) and e.details["matches"][0]["kind"] == "lead"
    assert len(service.find_duplicates(LeadInput(name="x", mobile=writing))) == 1
    again = service.create_lead(LeadInput(name="Karim again", mobile=writing), confirm_duplicate=True)
    assert again.mobile == first.mobile and len(service.list_leads().items) == 2


def test_a_lead_matching_a_party_by_email_or_nid_is_refused(db, admin):
    party = create_party(PartyInput(legal_name="Salma Akter", party_type="individual", roles=["customer"],
                                    mobile="01819000111", email="salma@example.com", nid="19901234567890123"))
    for data, field in ((LeadInput(name="S", email="SALMA@example.com"), "email"),
                        (LeadInput(name="S", mobile="+8801819000111"), "mobile"),
                        (LeadInput(name="S", email="other@example.com", nid="1990 1234 5678 90123"), "nid")):
        with pytest.raises(Conflict) as dup:
            service.create_lead(data)
        assert dup.value.field == field and party.code in dup.value.message and party.code in dup.value.message_bn
        assert dup.value.details["matches"][0] == {"kind": "party", "id": str(party.id), "name": "Salma Akter",
                                                   "code": party.code, "reasons": [field]}


def test_a_lead_converts_to_a_customer_party_keeping_the_link(db, admin):
    lead = service.create_lead(LeadInput(name="নাসরিন সুলতানা", mobile="01912345678", nid="1234567890"))
    converted = service.convert_lead(lead.id, expected_version=lead.version)
    party = get_party(converted.party_id)
    assert converted.status == "converted" and party.mobile == "+8801912345678" and "customer" in party.roles
    assert party.legal_name_bn == "নাসরিন সুলতানা"
    assert {"lead_id": str(lead.id), "party_id": str(party.id), "party_code": party.code} in _events(db, LeadConverted.name)
    with pytest.raises(Conflict):
        service.convert_lead(lead.id)
    # a new lead with that mobile now matches both the lead and the party
    with pytest.raises(Conflict) as dup:
        service.create_lead(LeadInput(name="Nasrin", mobile="01912345678"))
    assert {m["kind"] for m in dup.value.details["matches"]} == {"lead", "party"}


def test_lead_to_opportunity_to_won_with_activities(db, admin):
    lead = service.create_lead(LeadInput(name="Jamal Hossain", mobile="01555123456", budget=D("12000000")))
    opp = service.create_opportunity(OpportunityInput(title="3-bed flat, Bashundhara", lead_id=lead.id,
                                                      expected_value=D("11500000.50")))
    assert opp.stage == "new"
    now = clock.now()
    late = service.add_activity(opp.id, CrmActivityInput(kind="call", subject="First call", due_at=now - timedelta(hours=2)))
    service.add_activity(opp.id, CrmActivityInput(kind="site_visit", subject="Visit", due_at=now + timedelta(days=2)))
    assert late.overdue and [a.id for a in service.overdue_activities()] == [late.id]
    service.complete_activity(late.id)
    assert service.overdue_activities() == []
    for stage in ("contacted", "site_visit", "negotiation", "won"):
        opp = service.change_stage(opp.id, stage, expected_version=opp.version)
    assert opp.stage == "won" and opp.version == 5
    changes = _events(db, OpportunityStageChanged.name)
    assert [(c["from_stage"], c["to_stage"]) for c in changes][-1] == ("negotiation", "won")
    assert D(changes[-1]["expected_value"]) == D("11500000.50")
    with pytest.raises(ValidationFailed) as closed:
        service.change_stage(opp.id, "lost", "changed mind")
    assert closed.value.code == "crm.stage_closed"
    with pytest.raises(StaleVersion):
        service.change_stage(service.create_opportunity(OpportunityInput(title="x", lead_id=lead.id)).id,
                             "contacted", expected_version=7)


def test_the_pipeline_board_totals_each_stage(db, admin):
    lead = service.create_lead(LeadInput(name="Board", mobile="01711000000"))
    values = {"new": [D("100.25"), D("200")], "contacted": [D("1000")], "negotiation": [D("5")]}
    path = ["contacted", "site_visit", "negotiation"]
    for stage, amounts in values.items():
        for v in amounts:
            o = service.create_opportunity(OpportunityInput(title=f"{stage} {v}", lead_id=lead.id, expected_value=v))
            for s in path[:path.index(stage) + 1] if stage != "new" else []:
                o = service.change_stage(o.id, s)
    lost = service.create_opportunity(OpportunityInput(title="gone", lead_id=lead.id, expected_value=D(9)))
    service.change_stage(lost.id, "lost", "bought elsewhere")
    board = service.pipeline_board()
    cols = {c.stage: c for c in board.columns}
    assert [c.stage for c in board.columns] == ["new", "contacted", "site_visit", "negotiation", "won", "lost"]
    assert (cols["new"].count, cols["new"].total) == (2, D("300.25"))
    assert (cols["contacted"].total, cols["site_visit"].count, cols["lost"].total) == (D("1000"), 0, D("9"))
    assert board.total_open == D("1305.25") and cols["lost"].cards[0].lost_reason == "bought elsewhere"


def test_bad_input_names_the_field_in_both_languages(db, admin):
    lead = service.create_lead(LeadInput(name="Ok", mobile="01711999999"))
    cases = [
        (lambda: service.create_lead(LeadInput(name="X", mobile="12345")), "mobile"),
        (lambda: service.create_lead(LeadInput(name="X", email="nobody")), "email"),
        (lambda: service.create_lead(LeadInput(name="X", mobile="01711999998", nid="123")), "nid"),
        (lambda: service.create_lead(LeadInput(name="  ", mobile="01711999998")), "name"),
        (lambda: service.create_lead(LeadInput(name="X")), "mobile"),
        (lambda: service.create_lead(LeadInput(name="X", mobile="01711999998", budget=D("-1"))), "budget"),
        (lambda: service.create_lead(LeadInput(name="X", mobile="01711999998", area_sft=D("1.001"))), "area_sft"),
        (lambda: service.create_lead(LeadInput(name="X", mobile="01711999998", salesperson_id=new_id())),
         "salesperson_id"),
        (lambda: service.create_opportunity(OpportunityInput(title="X")), "lead_id"),
        (lambda: service.create_opportunity(OpportunityInput(title="X", lead_id=new_id())), "lead_id"),
        (lambda: service.create_opportunity(OpportunityInput(title="X", lead_id=lead.id, expected_value=D(-5))),
         "expected_value"),
        (lambda: service.create_tender(TenderInput(procuring_entity=" ", title="T", closing_at=datetime(2027, 1, 5, 12))),
         "procuring_entity"),
        (lambda: service.create_tender(TenderInput(procuring_entity="RHD", title="T", closing_at=datetime(2027, 1, 5, 12),
                                                   bid_security_amount=D("-1"))), "bid_security_amount"),
    ]
    for call, field in cases:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.field == field, (field, exc.value)
        assert exc.value.message_bn and exc.value.message_bn != exc.value.message
    assert len(service.list_leads().items) == 1  # nothing was written


def test_the_tender_register_records_the_result(db, admin):
    t = service.create_tender(TenderInput(procuring_entity="Roads and Highways Department", egp_reference="eGP-874512",
                                          title="Widening of Dhaka–Mawa road, package 3",
                                          closing_at=datetime(2027, 1, 5, 12, 0), bid_security_amount=D("2500000"),
                                          bid_security_form="bank_guarantee", estimated_value=D("250000000")))
    assert t.status == "identified" and t.closing_at.utcoffset() is not None
    for status, extra in (("preparing", {}), ("submitted", {"bid_price": D("238000000")}), ("opened", {})):
        t = service.change_tender_status(t.id, TenderStatusInput(status=status, expected_version=t.version, **extra))
    assert t.bid_price == D("238000000")
    t = service.change_tender_status(t.id, TenderStatusInput(status="lost", winner_name="Abc Builders Ltd",
                                                             winner_price=D("231500000")))
    assert (t.status, t.winner_name, t.winner_price) == ("lost", "Abc Builders Ltd", D("231500000"))
    ev = _events(db, TenderResultRecorded.name)[-1]
    assert ev["result"] == "lost" and D(ev["winner_price"]) == D("231500000") and D(ev["bid_price"]) == D("238000000")
    assert [x.id for x in service.list_tenders(status="lost").items] == [t.id]


def test_another_tenant_sees_nothing_and_a_viewer_cannot_write(db, admin, tenant_id):
    lead = service.create_lead(LeadInput(name="Mine", mobile="01711000001"))
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                    permissions=frozenset({"crm.lead.view", "crm.tender.view"}), actor="viewer@test")
    with context.acting_as(viewer):
        assert len(service.list_leads().items) == 1
        with pytest.raises(PermissionDenied):
            service.create_lead(LeadInput(name="Not mine", mobile="01711000002"))
        with pytest.raises(PermissionDenied):
            service.change_stage(new_id(), "contacted")
    other = context.RequestContext(tenant_id=new_id(), user_id=new_id(), permissions=frozenset({"*"}), actor="x@test")
    with context.acting_as(other):
        assert service.list_leads().items == []
        with pytest.raises(NotFound):
            service.get_lead(lead.id)
