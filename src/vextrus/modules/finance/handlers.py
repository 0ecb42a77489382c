"""Reactions to other modules' events: every new company gets its book (durable, once per event).

The book's code is the company's code and it carries the company id, so the CLI (`--company CODE`),
the API (by company id) and the UI all find the same ledger."""

from __future__ import annotations

from vextrus.modules.organization.events import CompanyCreated
from vextrus.platform import context
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE

subscriptions = Subscriptions()


@subscriptions.on(CompanyCreated)
def open_company_book(event: CompanyCreated, uow: UnitOfWork) -> None:
    from . import service

    if event.envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, event.envelope):  # finance's own rights, for whoever created the company
        service.ensure_book(event.code, event.legal_name or event.code, company_id=event.company_id)


from . import approvals  # noqa: E402,F401 - journal approvals subscribe on these subscriptions
