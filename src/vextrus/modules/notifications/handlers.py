"""Events that become notifications: the password-reset link (to the user who asked), compliance
documents about to expire (to the users who asked to hear of them) and approval steps waiting for
someone (to the users named, or holding the step's role, except the submitter). Each handler runs once per event
(inbox) and only queues deliveries in that same transaction; sending happens later (dispatcher), so a
slow mail server never slows the request that emitted the event."""

from __future__ import annotations

from vextrus.modules.auth.events import PasswordResetRequested
from vextrus.modules.master_data.events import DocumentExpiring
from vextrus.modules.workflow.events import TaskAssigned
from vextrus.platform import context, i18n, runtime
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


@subscriptions.on(TaskAssigned)
def deliver_task_assigned(event: TaskAssigned, uow: UnitOfWork) -> None:
    from vextrus.modules.auth import api as auth

    from .service import outbox

    if event.envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, event.envelope):
        if event.user_ids:
            people = [u for u in (auth.user(i) for i in event.user_ids) if u is not None]
        elif event.role and event.company_id:
            people = auth.holders_of_role(event.company_id, event.role)
        else:
            people = []
        people = [u for u in people if u.id != event.submitter_id]
        link = f"/workflow/instances/{event.instance_id}"
        base = (runtime.current().settings.base_url or "").rstrip("/")

        def values(locale: str) -> dict[str, object]:
            return {"document_label": event.document_label or event.subject,
                    "amount": i18n.format_money(event.amount, event.currency or "BDT", locale)
                    if event.amount is not None else "",
                    "step": (event.step_name_bn if locale == "bn" and event.step_name_bn else event.step_name)
                    or event.step_key,
                    "due": event.due_at.astimezone(DHAKA).strftime("%d %b %Y %H:%M") if event.due_at else "",
                    "url": base + link if base else ""}

        outbox.fan_out(uow, event.name, event.envelope.id, values, link=link, assignees=people,
                       payload=event.model_dump(mode="json"))
