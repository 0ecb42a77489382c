"""The audit trail consumes every event (a `"*"` subscription): delivered from the outbox after the
emitting request's response (platform.relay), once per event (inbox), each in its own transaction
that appends one record to the tenant's chain. Events of no tenant (the platform's own, and auth's
failed sign-ins, which name no tenant on purpose) go to the platform chain, kept under the all-zero
tenant id (`PLATFORM_CHAIN`): read by operators (`vextrus audit verify --tenant platform`), never by
a tenant's users."""

from __future__ import annotations

from vextrus.platform import context, tenancy
from vextrus.platform.events import Envelope, Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE, repository
from .domain.chain import PLATFORM_CHAIN
from .domain.describe import describe

subscriptions = Subscriptions()


@subscriptions.on("*")
def record_event(envelope: Envelope, uow: UnitOfWork) -> None:
    tenant_id = envelope.tenant_id or PLATFORM_CHAIN
    described = describe(envelope.name, envelope.payload)
    with context.reacting_as(MODULE, envelope), tenancy.within_tenant(uow.session, tenant_id):
        repository.append(
            uow.session, tenant_id=tenant_id, event_id=envelope.id, event_name=envelope.name,
            event_version=envelope.version, occurred_at=envelope.occurred_at, actor=envelope.actor,
            request_id=envelope.origin.get("request_id"), client_address=envelope.origin.get("client"),
            described=described,
            company_id=repository.company_of(uow.session, tenant_id, described, envelope.payload,
                                             envelope.origin.get("company")),
        )
