"""Reactions to events: every new company gets the default construction roles (durable, once), a
password link is logged until notifications deliver it,
and every process drops cached request contexts that an auth change made stale (non-durable:
runs in each process, so a logout in one worker reaches the caches of all the others)."""

from __future__ import annotations

import structlog

from vextrus.modules.organization.events import CompanyCreated
from vextrus.platform import context
from vextrus.platform.events import Envelope, Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE, context_cache
from .events import PasswordResetRequested

subscriptions = Subscriptions()
log = structlog.get_logger("vextrus.auth")


@subscriptions.on(CompanyCreated)
def seed_roles_for_new_company(event: CompanyCreated, uow: UnitOfWork) -> None:
    from . import service

    if event.envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, event.envelope):  # auth's own rights, for whoever created the company
        service.seed_default_roles(event.company_id)


@subscriptions.on(PasswordResetRequested)
def log_reset_link(event: PasswordResetRequested, uow: UnitOfWork) -> None:
    """Until a notifications module delivers it, the reset or invitation link is one log line for the
    operator (and listed on the users page for an administrator: `sessions.pending_reset_links`)."""
    log.info("password link issued", user_id=str(event.user_id), email=event.email, link=event.link,
             expires_at=event.expires_at.isoformat(), tenant=str(event.envelope.tenant_id or "-"))


def invalidate_cached_contexts(event: Envelope) -> None:
    context_cache.apply(event.name, event.payload, event.tenant_id)


for _name in sorted(context_cache.INVALIDATING_EVENTS):
    subscriptions.on(_name, durable=False)(invalidate_cached_contexts)
