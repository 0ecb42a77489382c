"""The audit trail consumes every event (a `"*"` subscription): delivered from the outbox after the
emitting request's response (platform.relay), once per event (inbox), each in its own transaction
that appends one record to the tenant's chain. Events of no tenant (the platform's own, and auth's
failed sign-ins, which name no tenant on purpose) go to the platform chain, kept under the all-zero
tenant id (`PLATFORM_CHAIN`): read by operators (`vextrus audit verify --tenant platform`), never by
a tenant's users.

`record_events` is the same for a run of one tenant's events (the in-process relay hands it a run):
the head locked once, the run's records linked in Python in order and stored with one INSERT, in one
savepoint; should it fail, the relay falls back to `record_event` one event at a time."""

from __future__ import annotations

from typing import Any

from vextrus.platform import context, tenancy
from vextrus.platform.events import Envelope, Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE, repository
from .domain.chain import PLATFORM_CHAIN
from .domain.describe import Described, describe

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


@subscriptions.batch_of(record_event)
def record_events(envelopes: list[Envelope], uow: UnitOfWork) -> None:
    """`record_event` for each of `envelopes`, in order, appended to the chain as one run per tenant."""
    start = 0
    while start < len(envelopes):
        tenant = envelopes[start].tenant_id
        end = start
        while end < len(envelopes) and envelopes[end].tenant_id == tenant:
            end += 1
        _record_run(envelopes[start:end], uow)
        start = end


def _record_run(envelopes: list[Envelope], uow: UnitOfWork) -> None:
    tenant_id = envelopes[0].tenant_id or PLATFORM_CHAIN
    s = uow.session
    with context.reacting_as(MODULE, envelopes[0]), tenancy.within_tenant(s, tenant_id):
        head = repository.lock_head(s, tenant_id)
        done = repository.recorded_events(s, tenant_id, [e.id for e in envelopes])
        records: list[tuple[dict[str, Any], Described]] = []
        contents: list[dict[str, Any]] = []  # the run's records so far (a later event's company may be theirs)
        for envelope in envelopes:
            if envelope.id in done:
                continue  # a redelivered event is recorded once
            done.add(envelope.id)
            described = describe(envelope.name, envelope.payload)
            company = repository.company_of(s, tenant_id, described, envelope.payload,
                                            envelope.origin.get("company"), recent=contents)
            content = repository.record_content(
                tenant_id=tenant_id, event_id=envelope.id, event_name=envelope.name,
                event_version=envelope.version, occurred_at=envelope.occurred_at, actor=envelope.actor,
                request_id=envelope.origin.get("request_id"), client_address=envelope.origin.get("client"),
                described=described, company_id=company)
            contents.append(content)
            records.append((content, described))
        repository.append_run(s, head, records)
