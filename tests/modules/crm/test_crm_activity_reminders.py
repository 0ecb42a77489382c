"""Sales activities with reminders (issue 19), on both databases: the hourly job tells an opportunity's salesperson
of each open call, site visit or meeting due in the next two hours, once per due time, in the bell and by e-mail and
in their language (Bangla words and digits for a Bangla reader); an activity done, past, further off, of a closed
opportunity or of one without a salesperson is announced to no one; the job is declared to the scheduler."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from vextrus.modules.crm import MODULE, jobs, service
from vextrus.modules.crm.schemas import CrmActivityInput, OpportunityInput
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.modules.notifications.tables import Delivery
from vextrus.platform import clock, context
from vextrus.platform.tables import OutboxEvent

EVENT = "crm.activity.due_soon"


@pytest.fixture
def seller(db, tenant_id):  # noqa: ANN001, ANN201
    from vextrus.modules.auth import service as auth
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="RM", name="Reminded Homes Ltd."))
        auth.seed_default_roles(c.id)
        return auth.create_user(auth.UserInput(email=f"nasrin.{tenant_id.hex[-8:]}@rm.example", name="Nasrin Akter",
                                               language="bn"), "Pass-word-123", c.id, ["sales_officer"]).id


def _run(tenant_id) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id, actor="job:crm.remind_activities")):
        return jobs.remind_activities()


def _deliveries(db, tenant_id) -> list[Delivery]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        rows = list(s.execute(select(Delivery).where(Delivery.event == EVENT)).scalars())
        s.expunge_all()
    return rows


def test_the_salesperson_is_reminded_once_of_what_falls_due_in_two_hours(db, tenant_id, admin, seller):
    now = clock.now()
    buyer = create_party(PartyInput(legal_name="Abdur Rahman", roles=["customer"])).id
    mine = service.create_opportunity(OpportunityInput(title="Padma Residency 5A", party_id=buyer,
                                                       expected_value=D(9_500_000), salesperson_id=seller))
    nobodys = service.create_opportunity(OpportunityInput(title="Walk-in enquiry", party_id=buyer, expected_value=D(0)))

    def add(opp, kind, hours, subject):  # noqa: ANN001, ANN202
        return service.add_activity(opp.id, CrmActivityInput(kind=kind, subject=subject,
                                                             due_at=now + timedelta(hours=hours)))

    soon = add(mine, "site_visit", 1.5, "Show flat 5A to Mr. Rahman")
    add(mine, "call", 5, "Call about the bank loan")  # beyond the window
    add(mine, "meeting", -1, "Missed meeting")  # past: the overdue list's, not a reminder
    service.complete_activity(add(mine, "call", 1, "Already called").id)
    add(nobodys, "call", 1, "No one to remind")

    assert _run(tenant_id) == 1
    sent = _deliveries(db, tenant_id)
    assert {(d.user_id, d.channel) for d in sent} == {(seller, "in_app"), (seller, "email")}
    bell = next(d for d in sent if d.channel == "in_app")
    assert bell.locale == "bn" and "সাইট পরিদর্শন" in bell.subject and "Show flat 5A" in bell.subject
    assert "পদ্মা" not in bell.body and "Padma Residency 5A" in bell.body  # the title as typed
    assert not any(ch.isascii() and ch.isdigit() for ch in bell.subject.split("—")[0]), bell.subject  # Bangla digits
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        ev = s.execute(select(OutboxEvent).where(OutboxEvent.name == EVENT)).scalars().one()
        assert ev.payload["activity_id"] == str(soon.id) and ev.payload["salesperson_id"] == str(seller)

    assert _run(tenant_id) == 0  # once per due time
    assert len(_deliveries(db, tenant_id)) == 2


def test_a_closed_opportunitys_activities_are_not_announced(db, tenant_id, admin, seller):
    buyer = create_party(PartyInput(legal_name="Karim Traders", roles=["customer"])).id
    opp = service.create_opportunity(OpportunityInput(title="Lost deal", party_id=buyer, expected_value=D(1),
                                                      salesperson_id=seller))
    service.add_activity(opp.id, CrmActivityInput(kind="call", subject="Follow up",
                                                  due_at=clock.now() + timedelta(hours=1)))
    service.change_stage(opp.id, "lost", "Bought elsewhere", service.get_opportunity(opp.id).version)
    assert _run(tenant_id) == 0 and _deliveries(db, tenant_id) == []


def test_the_job_is_declared_hourly_to_the_scheduler():
    job = next(j for j in jobs.JOBS if j.name == "crm.remind_activities")
    assert job.hour is None and job.minute is not None  # every hour
    assert MODULE.jobs.endswith(":JOBS")
