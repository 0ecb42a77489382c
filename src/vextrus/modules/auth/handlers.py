"""Reactions to events: every new company gets the default construction roles (durable, once),
and every process drops cached request contexts that an auth change made stale (non-durable:
runs in each process, so a logout in one worker reaches the caches of all the others)."""

from __future__ import annotations

from uuid import UUID

from vextrus.modules.organization.events import CompanyCreated
from vextrus.platform import context
from vextrus.platform.events import Envelope, Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE, context_cache

subscriptions = Subscriptions()


@subscriptions.on(CompanyCreated)
def seed_roles_for_new_company(event: Envelope, uow: UnitOfWork) -> None:
    from . import service

    if event.tenant_id is None:
        return
    with context.reacting_as(MODULE, event):  # auth's own rights, for whoever created the company
        service.seed_default_roles(UUID(event.payload["company_id"]))


def invalidate_cached_contexts(event: Envelope) -> None:
    context_cache.apply(event.name, event.payload, event.tenant_id)


for _name in sorted(context_cache.INVALIDATING_EVENTS):
    subscriptions.on(_name, durable=False)(invalidate_cached_contexts)
