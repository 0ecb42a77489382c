"""The daily reminder job and the per-tenant settings it and the duplicate check read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from vextrus.modules.configuration import service as configuration
from vextrus.modules.master_data import MODULE, jobs, service
from vextrus.modules.master_data.schemas import DocumentIn, PartyInput
from vextrus.platform import clock, context
from vextrus.platform.jobs import run_for_every_tenant
from vextrus.platform.tables import OutboxEvent


def _reminded(db, tenant_id) -> list[str]:
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return [e.payload["document_number"] for e in s.execute(select(OutboxEvent).where(
            OutboxEvent.tenant_id == tenant_id, OutboxEvent.name == "master_data.party.document_expiring")
            .order_by(OutboxEvent.id)).scalars()]


def test_manifest_declares_the_job_and_the_settings():
    assert MODULE.jobs == "vextrus.modules.master_data.jobs:JOBS"
    job = jobs.JOBS[0]
    assert (job.name, job.hour, job.minute) == ("master_data.document_expiry_reminders", 7, 0)
    assert {s.key for s in MODULE.settings} == {"master_data.duplicate_name_threshold",
                                                "master_data.document_reminder_days"}


@pytest.mark.every_tenant
def test_daily_job_reminds_within_the_tenants_window_once_per_expiry(db, admin, tenant_id):
    today = clock.today()
    service.create_party(PartyInput(legal_name="Meghna Cement", roles=["vendor"], documents=[
        DocumentIn(kind="trade_licence", number="TL-20", expires_on=today + timedelta(days=20)),
        DocumentIn(kind="vat_registration", number="VAT-50", expires_on=today + timedelta(days=50))]))
    configuration.set_setting("master_data.document_reminder_days", 10)
    assert run_for_every_tenant(jobs.JOBS[0]) >= 1
    assert _reminded(db, tenant_id) == []  # 20 days away, window is 10
    configuration.set_setting("master_data.document_reminder_days", 60)
    run_for_every_tenant(jobs.JOBS[0])
    assert sorted(_reminded(db, tenant_id)) == ["TL-20", "VAT-50"]
    run_for_every_tenant(jobs.JOBS[0])  # the next morning: nothing new
    assert len(_reminded(db, tenant_id)) == 2


@pytest.mark.every_tenant
def test_default_window_is_thirty_days(db, admin, tenant_id):
    today = clock.today()
    service.create_party(PartyInput(legal_name="Padma Steel", roles=["vendor"], documents=[
        DocumentIn(kind="trade_licence", number="TL-29", expires_on=today + timedelta(days=29)),
        DocumentIn(kind="trade_licence", number="TL-31", expires_on=today + timedelta(days=31))]))
    run_for_every_tenant(jobs.JOBS[0])
    assert _reminded(db, tenant_id) == ["TL-29"]


def test_name_threshold_setting_decides_the_similar_name_warning(admin):
    service.create_party(PartyInput(legal_name="Meghna Cement Mills", roles=["customer"]))
    near = PartyInput(legal_name="Meghna Cement Mill", roles=["customer"])
    assert service.create_party(near).warnings  # default 0.85
    configuration.set_setting("master_data.duplicate_name_threshold", Decimal("1.00"))
    near2 = PartyInput(legal_name="Meghna Cement Mils", roles=["customer"])
    assert service.create_party(near2).warnings == []
