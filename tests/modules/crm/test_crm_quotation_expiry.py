"""The nightly job expiring quotations (issue 19), on both databases: a sent version whose validity ended
yesterday becomes expired (and can no longer be accepted); one valid until today, a draft past its date, a sent
one with no validity and an accepted one are left alone; a second run expires nothing; the job is declared to
the scheduler (the platform's jobs) and runs in the tenant's system context."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from vextrus.modules.crm import MODULE, jobs, service
from vextrus.modules.crm.schemas import OpportunityInput, QuotationInput, QuotationLineInput
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.platform import clock, context
from vextrus.platform.errors import DomainError
from vextrus.platform.tables import OutboxEvent


@pytest.fixture
def quotes(db, admin):
    party = create_party(PartyInput(legal_name="Meghna Housing Ltd.", roles=["customer"]))
    opp = service.create_opportunity(OpportunityInput(title="Meghna Tower", party_id=party.id,
                                                      expected_value=D(1000000)))
    today = clock.today()
    line = [QuotationLineInput(item_no="1", description="Earthwork", unit="m3", quantity=D(10), rate=D(450))]

    def make(valid_days, send=True, accept=False):
        qt = service.create_quotation(QuotationInput(
            opportunity_id=opp.id, quote_date=today - timedelta(days=10), lines=line,
            valid_until=None if valid_days is None else today + timedelta(days=valid_days)))
        if send:
            qt = service.send_quotation(qt.id, qt.version)
        if accept:
            qt = service.accept_quotation(qt.id, qt.version)
        return qt

    return {"lapsed": make(-1), "today": make(0), "draft": make(-1, send=False), "open": make(None),
            "accepted": make(5, accept=True)}


def _run(tenant_id) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id, actor="job:crm.expire_quotations")):
        return jobs.expire_quotations()


def test_the_job_expires_sent_quotations_past_their_validity_once(db, tenant_id, quotes):
    assert _run(tenant_id) == 1
    status = {k: service.get_quotation(q.id).status for k, q in quotes.items()}
    assert status == {"lapsed": "expired", "today": "sent", "draft": "draft", "open": "sent", "accepted": "accepted"}
    expired = service.get_quotation(quotes["lapsed"].id)
    assert expired.version == quotes["lapsed"].version + 1
    with pytest.raises(DomainError):
        service.accept_quotation(expired.id, expired.version)
    assert _run(tenant_id) == 0  # nothing twice


def test_the_job_records_the_status_change_as_an_event(db, tenant_id, quotes):
    _run(tenant_id)
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        moves = [(r.payload.get("quotation_id"), r.payload.get("to_status"), r.actor) for r in s.scalars(
            select(OutboxEvent).where(OutboxEvent.tenant_id == tenant_id,
                                      OutboxEvent.name == "crm.quotation.status_changed"))]
    assert [m for m in moves if m[1] == "expired"] == [(str(quotes["lapsed"].id), "expired",
                                                         "job:crm.expire_quotations")]


def test_the_job_is_declared_to_the_scheduler():
    assert MODULE.jobs == "vextrus.modules.crm.jobs:JOBS"
    job = next(j for j in jobs.JOBS if j.name == "crm.expire_quotations")
    assert (job.name, job.hour, job.minute) == ("crm.expire_quotations", 0, 30)
