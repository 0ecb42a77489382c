"""Reactions to other modules' events: every new company gets the default construction roles."""

from __future__ import annotations

from vextrus.modules.organization.events import CompanyCreated
from vextrus.platform import context
from vextrus.platform.events import Envelope, Subscriptions
from vextrus.platform.uow import UnitOfWork

subscriptions = Subscriptions()


@subscriptions.on(CompanyCreated)
def seed_roles_for_new_company(event: Envelope, uow: UnitOfWork) -> None:
    from uuid import UUID

    from . import service

    if event.tenant_id is None:
        return
    with context.acting_as(context.system_context(event.tenant_id, actor="auth")):
        service.seed_default_roles(UUID(event.payload["company_id"]))
