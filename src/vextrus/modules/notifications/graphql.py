"""GraphQL subgraph of notifications: the user's inbox and preferences, templates with preview, the
delivery log; mutations to mark read, set preferences, save templates and retry dead letters."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from vextrus.platform.graphql import Subgraph

from . import service
from .schemas import PreferenceInput, TemplateInput


@strawberry.type(name="NotificationMessage")
class MessageType:
    id: UUID
    event: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


@strawberry.type(name="NotificationPreference")
class PreferenceType:
    event: str
    title: str
    title_bn: str
    channel: str
    mode: str
    mandatory: bool


@strawberry.type(name="NotificationTemplate")
class TemplateType:
    event: str
    channel: str
    locale: str
    subject: str
    body: str
    customised: bool
    version: int


@strawberry.type(name="NotificationRendered")
class RenderedType:
    locale: str
    subject: str
    body: str
    text: str


@strawberry.type(name="NotificationPreview")
class PreviewType:
    event: str
    channel: str
    en: RenderedType
    bn: RenderedType


@strawberry.type(name="NotificationDelivery")
class DeliveryType:
    id: UUID
    event: str
    channel: str
    address: str
    locale: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    provider: str
    parts: int
    created_at: datetime
    sent_at: datetime | None


@strawberry.input(name="NotificationPreferenceInput")
class PreferenceIn:
    event: str
    channel: str
    mode: str


def _msg(m) -> MessageType:  # noqa: ANN001
    return MessageType(**m.model_dump())


def _dl(d) -> DeliveryType:  # noqa: ANN001
    return DeliveryType(**d.model_dump(exclude={"user_id"}))


def _rendered(r) -> RenderedType:  # noqa: ANN001
    return RenderedType(**r.model_dump())


@strawberry.type
class NotificationsQuery:
    @strawberry.field
    def notification_unread_count(self) -> int:
        return service.unread_count()

    @strawberry.field
    def notifications(self, unread_only: bool = False, limit: int = 50) -> list[MessageType]:
        return [_msg(m) for m in service.inbox(unread_only, limit).messages]

    @strawberry.field
    def notification_preferences(self) -> list[PreferenceType]:
        return [PreferenceType(**p.model_dump()) for p in service.my_preferences()]

    @strawberry.field
    def notification_templates(self) -> list[TemplateType]:
        return [TemplateType(**t.model_dump()) for t in service.list_templates()]

    @strawberry.field
    def notification_preview(self, event: str, channel: str) -> PreviewType:
        p = service.preview(event, channel)
        return PreviewType(event=p.event, channel=p.channel, en=_rendered(p.en), bn=_rendered(p.bn))

    @strawberry.field
    def notification_deliveries(self, status: str | None = None, channel: str | None = None,
                                limit: int = 100) -> list[DeliveryType]:
        return [_dl(d) for d in service.deliveries(status, channel, limit)]


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation
    def mark_notifications_read(self, ids: list[UUID] | None = None, idempotency_key: str | None = None) -> int:
        return service.mark_read(ids, idempotency_key=idempotency_key)

    @strawberry.mutation
    def set_notification_preferences(self, items: list[PreferenceIn],
                                     idempotency_key: str | None = None) -> list[PreferenceType]:
        out = service.set_preferences([PreferenceInput(event=i.event, channel=i.channel, mode=i.mode) for i in items],
                                      idempotency_key=idempotency_key)
        return [PreferenceType(**p.model_dump()) for p in out]

    @strawberry.mutation
    def save_notification_template(self, event: str, channel: str, locale: str, subject: str, body: str,
                                   expected_version: int | None = None,
                                   idempotency_key: str | None = None) -> TemplateType:
        t = service.save_template(event, channel, locale, TemplateInput(subject=subject, body=body), expected_version,
                                  idempotency_key=idempotency_key)
        return TemplateType(**t.model_dump())

    @strawberry.mutation
    def retry_notification(self, delivery_id: UUID, idempotency_key: str | None = None) -> DeliveryType:
        return _dl(service.retry(delivery_id, idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=NotificationsQuery, mutation=NotificationsMutation,
                    types=(MessageType, PreferenceType, TemplateType, PreviewType, DeliveryType))
