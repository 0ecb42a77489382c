"""Events that become notifications: the password-reset link (to the user who asked), compliance
documents about to expire (to the users who asked to hear of them) and approval steps waiting for
someone, reminded or escalated past its approvers (to the users named, or holding the step's role, except
the submitter); an approved journal entry or invoice its module could not post (to whoever submitted it);
recurring journals posted or not (to the users who subscribed); a sales activity falling due (to its salesperson). Each handler runs once per event
(inbox) and only queues deliveries in that same transaction; sending happens later (dispatcher), so a
slow mail server never slows the request that emitted the event."""

from __future__ import annotations

from collections.abc import Callable

from vextrus.modules.auth.events import PasswordResetRequested
from vextrus.modules.crm.events import ActivityDueSoon
from vextrus.modules.finance.events import (
    JournalApprovedNotPosted,
    RecurringJournalFailed,
    RecurringJournalPosted,
)
from vextrus.modules.invoicing.events import InvoiceApprovedNotPosted
from vextrus.modules.master_data.events import DocumentExpiring
from vextrus.modules.sales.events import InstalmentDueSoon
from vextrus.modules.workflow.events import TaskAssigned, TaskEscalated, TaskReminded
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


@subscriptions.on(InstalmentDueSoon)
def deliver_instalment_due_soon(event: InstalmentDueSoon, uow: UnitOfWork) -> None:
    """An instalment falls due soon: to the buyer (outside the users) by e-mail and SMS, at the addresses master
    data holds for the party, in the language sales' setting chose; a buyer with neither is told nothing."""
    from .service import outbox

    if event.envelope.tenant_id is None or not (event.buyer_email or event.buyer_mobile):
        return
    with context.reacting_as(MODULE, event.envelope):
        payload = event.model_dump(mode="json")

        def values(locale: str) -> dict[str, object]:
            bn = locale == "bn"
            return {"name": (event.buyer_name_bn if bn and event.buyer_name_bn else event.buyer_name),
                    "booking_number": event.booking_number, "unit_code": event.unit_code,
                    "label": event.label_bn if bn and event.label_bn else event.label,
                    "due_date": i18n.format_date(event.due_date, locale),
                    "days_left": i18n.format_count(event.days_left, locale),
                    "amount": i18n.format_money(event.amount_due, "BDT", locale)}

        outbox.fan_out(uow, event.name, event.envelope.id, values, payload=payload,
                       outside=({"email": event.buyer_email, "sms": event.buyer_mobile}, event.language))


@subscriptions.on(ActivityDueSoon)
def deliver_activity_due_soon(event: ActivityDueSoon, uow: UnitOfWork) -> None:
    """A call, site visit or meeting falls due soon: to the opportunity's salesperson (bell and e-mail, as work
    handed to them), in their language; an opportunity whose salesperson is no longer a user tells no one."""
    from vextrus.modules.auth import api as auth

    from .service import outbox

    if event.envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, event.envelope):
        person = auth.user(event.salesperson_id)
        if person is None:
            return
        link = "/crm"
        base = (runtime.current().settings.base_url or "").rstrip("/")

        def values(locale: str) -> dict[str, object]:
            return {"kind": catalogue.activity_kind(event.kind, locale), "subject": event.subject,
                    "opportunity": event.opportunity_title,
                    "due": i18n.format_date(event.due_at.astimezone(DHAKA), locale, "d MMM y HH:mm"),
                    "url": base + link if base else ""}

        outbox.fan_out(uow, event.name, event.envelope.id, values, link=link, assignees=[person],
                       payload=event.model_dump(mode="json"))


def _approvers(event: TaskAssigned | TaskReminded | TaskEscalated) -> list[object]:
    """The step's named users, or every active holder of its role in the company; never the submitter."""
    from vextrus.modules.auth import api as auth

    if event.user_ids:
        people = [u for u in (auth.user(i) for i in event.user_ids) if u is not None]
    elif event.role and event.company_id:
        people = auth.holders_of_role(event.company_id, event.role)
    else:
        people = []
    return [u for u in people if u.id != event.submitter_id]


def _deliver_to_approvers(event: TaskAssigned | TaskReminded | TaskEscalated, uow: UnitOfWork,
                          more: dict[str, object] | None = None) -> None:
    from .service import outbox

    if event.envelope.tenant_id is None:
        return
    with context.reacting_as(MODULE, event.envelope):
        people = _approvers(event)
        link = f"/workflow/instances/{event.instance_id}"
        base = (runtime.current().settings.base_url or "").rstrip("/")
        due_at = getattr(event, "due_at", None)

        def values(locale: str) -> dict[str, object]:
            bn = locale == "bn"
            out: dict[str, object] = {
                "document_label": event.document_label or event.subject,
                "amount": i18n.format_money(event.amount, event.currency or "BDT", locale)
                if event.amount is not None else "",
                "step": (event.step_name_bn if bn and event.step_name_bn else event.step_name) or event.step_key,
                "due": i18n.format_date(due_at.astimezone(DHAKA), locale, "d MMM y HH:mm") if due_at else "",
                "url": base + link if base else ""}
            if isinstance(event, TaskReminded):
                out["reminders"] = i18n.format_count(event.reminders, locale)
            if isinstance(event, TaskEscalated):
                out["to_step"] = (event.to_step_name_bn if bn and event.to_step_name_bn else event.to_step_name) \
                    or event.to_step_key or ""
            return out

        outbox.fan_out(uow, event.name, event.envelope.id, values, link=link, assignees=people,
                       payload=event.model_dump(mode="json"))


@subscriptions.on(TaskAssigned)
def deliver_task_assigned(event: TaskAssigned, uow: UnitOfWork) -> None:
    _deliver_to_approvers(event, uow)


@subscriptions.on(TaskReminded)
def deliver_task_reminded(event: TaskReminded, uow: UnitOfWork) -> None:
    """A step past its due time whose action is to remind: its approvers again, with the new due time."""
    _deliver_to_approvers(event, uow)


@subscriptions.on(TaskEscalated)
def deliver_task_escalated(event: TaskEscalated, uow: UnitOfWork) -> None:
    """A step that timed out and went to the next level: its approvers are told (the next level's are told
    by that step's `workflow.task.assigned`)."""
    _deliver_to_approvers(event, uow)


def _deliver_recurring(event: RecurringJournalPosted | RecurringJournalFailed, uow: UnitOfWork,
                       values: Callable[[str], dict[str, object]]) -> None:
    from .service import outbox

    if event.envelope.tenant_id is None:
        return
    from vextrus.modules.auth import api as auth

    def may_see(u: object) -> bool:  # a company's ledger is told only to people who may read it
        return auth.may(u.id, "finance.journal.view", company_id=event.company_id)  # type: ignore[attr-defined]

    with context.reacting_as(MODULE, event.envelope):
        outbox.fan_out(uow, event.name, event.envelope.id, values, payload=event.model_dump(mode="json"),
                       link=f"/finance/{event.book_code}/recurring" if event.book_code else "", only=may_see)


@subscriptions.on(RecurringJournalPosted)
def deliver_recurring_posted(event: RecurringJournalPosted, uow: UnitOfWork) -> None:
    """A recurring entry posted by the morning job: to the users who subscribed."""
    def values(locale: str) -> dict[str, object]:
        return {"name": event.recurring_name, "number": event.number,
                "entry_date": i18n.format_date(event.entry_date, locale),
                "amount": i18n.format_money(event.total, event.currency or "BDT", locale)}

    _deliver_recurring(event, uow, values)


@subscriptions.on(RecurringJournalFailed)
def deliver_recurring_failed(event: RecurringJournalFailed, uow: UnitOfWork) -> None:
    """A recurring entry the morning job could not post (it tries again the next morning)."""
    def values(locale: str) -> dict[str, object]:
        return {"name": event.recurring_name, "due_date": i18n.format_date(event.due_date, locale),
                "reason": (event.reason_bn if locale == "bn" and event.reason_bn else event.reason) or event.code}

    _deliver_recurring(event, uow, values)


def _deliver_unposted(event: JournalApprovedNotPosted | InvoiceApprovedNotPosted, uow: UnitOfWork, subject: str,
                      document_id: object, link: str) -> None:
    """An approved document its module could not post (its period closed while it waited): told to whoever
    submitted it (read from the approval), in the bell and by e-mail, with the module's reason in their language."""
    from vextrus.modules.auth import api as auth

    from .service import outbox

    if event.envelope.tenant_id is None or "workflow" not in runtime.current().registry.names:
        return
    from vextrus.modules.workflow import api as workflow

    with context.reacting_as(MODULE, event.envelope):
        approval = workflow.latest(subject, document_id)  # type: ignore[arg-type]
        if approval is None or approval.submitter_id is None:
            return
        person = auth.user(approval.submitter_id)
        if person is None:
            return
        base = (runtime.current().settings.base_url or "").rstrip("/")

        def values(locale: str) -> dict[str, object]:
            bn = locale == "bn"
            return {"document_label": approval.document_label or subject,
                    "amount": i18n.format_money(approval.amount, approval.currency or "BDT", locale),
                    "reason": (event.message_bn if bn and event.message_bn else event.message) or event.code,
                    "url": base + link if base else ""}

        outbox.fan_out(uow, event.name, event.envelope.id, values, link=link, assignees=[person],
                       payload=event.model_dump(mode="json"))


@subscriptions.on(JournalApprovedNotPosted)
def deliver_journal_approved_not_posted(event: JournalApprovedNotPosted, uow: UnitOfWork) -> None:
    _deliver_unposted(event, uow, "finance.journal", event.entry_id,
                      f"/finance/{event.book_id}/entries/{event.entry_id}")


@subscriptions.on(InvoiceApprovedNotPosted)
def deliver_invoice_approved_not_posted(event: InvoiceApprovedNotPosted, uow: UnitOfWork) -> None:
    _deliver_unposted(event, uow, "invoicing.invoice", event.invoice_id, f"/invoicing/invoices/{event.invoice_id}")
