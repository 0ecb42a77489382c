"""REST: /api/v1/notifications/... (thin: every rule is in the service)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import (
    AttemptView,
    DeliveryView,
    DispatchReport,
    InboxView,
    PreferenceInput,
    PreferenceView,
    PreviewView,
    TemplateInput,
    TemplateView,
    WebhookInput,
    WebhookView,
)

router = APIRouter()


class MarkRead(BaseModel):
    ids: list[UUID] | None = None  # none: every unread message


class TemplateSave(TemplateInput):
    expected_version: int | None = None


class PreviewInput(BaseModel):
    en: TemplateInput | None = None
    bn: TemplateInput | None = None


class WebhookActive(BaseModel):
    active: bool
    expected_version: int | None = None


@router.get("/inbox", response_model=InboxView)
def inbox(unread_only: bool = False, limit: int = 50) -> InboxView:
    return service.inbox(unread_only, limit)


@router.get("/inbox/unread")
def unread() -> dict[str, int]:
    return {"unread": service.unread_count()}


@router.post("/inbox/read")
def mark_read(body: MarkRead, key: str | None = Depends(idempotency_key)) -> dict[str, int]:
    return {"marked": service.mark_read(body.ids, idempotency_key=key)}


@router.get("/preferences", response_model=list[PreferenceView])
def preferences() -> list[PreferenceView]:
    return service.my_preferences()


@router.put("/preferences", response_model=list[PreferenceView])
def set_preferences(body: list[PreferenceInput], key: str | None = Depends(idempotency_key)) -> list[PreferenceView]:
    return service.set_preferences(body, idempotency_key=key)


@router.get("/templates", response_model=list[TemplateView])
def templates() -> list[TemplateView]:
    return service.list_templates()


@router.get("/templates/{event}/{channel}/{locale}", response_model=TemplateView)
def template(event: str, channel: str, locale: str) -> TemplateView:
    return service.get_template(event, channel, locale)


@router.put("/templates/{event}/{channel}/{locale}", response_model=TemplateView)
def save_template(event: str, channel: str, locale: str, body: TemplateSave,
                  key: str | None = Depends(idempotency_key)) -> TemplateView:
    return service.save_template(event, channel, locale, TemplateInput(subject=body.subject, body=body.body),
                                 body.expected_version, idempotency_key=key)


@router.delete("/templates/{event}/{channel}/{locale}", response_model=TemplateView)
def reset_template(event: str, channel: str, locale: str, key: str | None = Depends(idempotency_key)) -> TemplateView:
    return service.reset_template(event, channel, locale, idempotency_key=key)


@router.post("/templates/{event}/{channel}/preview", response_model=PreviewView)
def preview(event: str, channel: str, body: PreviewInput) -> PreviewView:
    """Both languages rendered with the event's sample values; text in the body is previewed unsaved."""
    return service.preview(event, channel, body.en, body.bn)


@router.get("/deliveries", response_model=list[DeliveryView])
def deliveries(status: str | None = None, channel: str | None = None, limit: int = 100) -> list[DeliveryView]:
    """The delivery log; `status=dead` is the dead-letter list."""
    return service.deliveries(status, channel, limit)


@router.get("/deliveries/{delivery_id}/attempts", response_model=list[AttemptView])
def attempts(delivery_id: UUID) -> list[AttemptView]:
    return service.attempts(delivery_id)


@router.post("/deliveries/{delivery_id}/retry", response_model=DeliveryView)
def retry(delivery_id: UUID, key: str | None = Depends(idempotency_key)) -> DeliveryView:
    return service.retry(delivery_id, idempotency_key=key)


@router.post("/deliveries/dispatch", response_model=DispatchReport)
def dispatch() -> DispatchReport:
    """Send the due deliveries now (the dispatcher runs every minute anyway)."""
    return service.dispatch_pending()


@router.get("/webhooks", response_model=list[WebhookView])
def webhooks() -> list[WebhookView]:
    return service.list_webhooks()


@router.post("/webhooks", response_model=WebhookView, status_code=201)
def create_webhook(body: WebhookInput, key: str | None = Depends(idempotency_key)) -> WebhookView:
    """The answer carries the signing secret once (HMAC-SHA256 over "<timestamp>.<body>")."""
    return service.create_webhook(body, idempotency_key=key)


@router.put("/webhooks/{webhook_id}/active", response_model=WebhookView)
def set_active(webhook_id: UUID, body: WebhookActive, key: str | None = Depends(idempotency_key)) -> WebhookView:
    return service.set_webhook_active(webhook_id, body.active, body.expected_version, idempotency_key=key)


@router.delete("/webhooks/{webhook_id}")
def delete_webhook(webhook_id: UUID, key: str | None = Depends(idempotency_key)) -> dict[str, bool]:
    return {"deleted": service.delete_webhook(webhook_id, idempotency_key=key)}
