"""The audit trail consumes every event (a `"*"` subscription): delivered from the outbox after the
emitting request's response (platform.relay), once per event (inbox), each in its own transaction
that appends one record to the tenant's chain. Events of no tenant (the platform's own) are not
audited: there is no tenant chain to put them in."""

from __future__ import annotations

from vextrus.platform import context
from vextrus.platform.events import Envelope, Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE, repository
from .domain.describe import describe

subscriptions = Subscriptions()


@subscriptions.on("*")
def record_event(envelope: Envelope, uow: UnitOfWork) -> None:
    if envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, envelope):
        repository.append(
            uow.session, tenant_id=envelope.tenant_id, event_id=envelope.id, event_name=envelope.name,
            event_version=envelope.version, occurred_at=envelope.occurred_at, actor=envelope.actor,
            request_id=envelope.origin.get("request_id"), client_address=envelope.origin.get("client"),
            described=describe(envelope.name, envelope.payload),
        )
