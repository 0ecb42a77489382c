"""Events that become notifications: the password-reset link (to the user who asked) and compliance
documents about to expire (to the users who asked to hear of them). Each handler runs once per event
(inbox) and only queues deliveries in that same transaction; sending happens later (dispatcher), so a
slow mail server never slows the request that emitted the event."""

from __future__ import annotations

from vextrus.modules.auth.events import PasswordResetRequested
from vextrus.modules.master_data.events import DocumentExpiring
from vextrus.platform import context, i18n
from vextrus.platform.clock import DHAKA
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE
from .domain import catalogue

subscriptions = Subscriptions()


@subscriptions.on(PasswordResetRequested)
def deliver_password_reset(event: PasswordResetRequested, uow: UnitOfWork) -> None:
    from vextrus.modules.auth import api as auth

    from .service import outbox

    if event.envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, event.envelope):
        user = auth.user(event.user_id)
        locale = user.language if user is not None and user.language in catalogue.LOCALES else "en"
        name = (user.name_bn if locale == "bn" and user.name_bn else user.name) if user is not None else event.email
        values = {"name": name, "link": event.link,
                  "expires_at": event.expires_at.astimezone(DHAKA).strftime("%d %b %Y %H:%M")}
        outbox.fan_out(uow, event.name, event.envelope.id, values, subject=(event.user_id, event.email, locale),
                       payload={"user_id": str(event.user_id)})  # a webhook never gets the link


@subscriptions.on(DocumentExpiring)
def deliver_document_expiring(event: DocumentExpiring, uow: UnitOfWork) -> None:
    from .service import outbox

    if event.envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, event.envelope):
        payload = event.model_dump(mode="json")

        def values(locale: str) -> dict[str, object]:
            return payload | {"document_kind": catalogue.document_kind(event.document_kind, locale),
                              "expires_on": i18n.format_date(event.expires_on, locale),
                              "days_left": i18n.format_count(event.days_left, locale)}

        outbox.fan_out(uow, event.name, event.envelope.id, values, payload=payload,
                       link=f"/master-data/parties/{event.party_id}")
