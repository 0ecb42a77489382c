"""DTOs of the notifications service: the one declaration REST, GraphQL and pages derive from."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class DeliveryView(BaseModel):
    id: UUID
    event: str
    channel: str
    user_id: UUID | None = None
    address: str = ""
    locale: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: datetime | None = None
    last_error: str = ""
    provider: str = ""
    parts: int = 0
    created_at: datetime
    sent_at: datetime | None = None


class AttemptView(BaseModel):
    number: int
    at: datetime
    ok: bool
    provider: str
    error: str


class InAppMessage(BaseModel):
    id: UUID
    event: str
    subject: str
    body: str
    link: str = ""
    created_at: datetime
    read_at: datetime | None = None


class InboxView(BaseModel):
    unread: int
    messages: list[InAppMessage]


class PreferenceView(BaseModel):
    event: str
    title: str
    title_bn: str
    channel: str
    mode: str  # immediate | digest | off
    mandatory: bool = False


class PreferenceInput(BaseModel):
    event: str
    channel: str
    mode: str


class TemplateView(BaseModel):
    event: str
    channel: str
    locale: str
    subject: str
    body: str
    customised: bool
    version: int = 0


class TemplateInput(BaseModel):
    subject: str = Field("", max_length=400)
    body: str = Field(..., max_length=8000)


class RenderedView(BaseModel):
    locale: str
    subject: str
    body: str
    text: str


class PreviewView(BaseModel):
    event: str
    channel: str
    en: RenderedView
    bn: RenderedView


class WebhookInput(BaseModel):
    name: str = Field(..., min_length=1, max_length=120)
    url: str = Field(..., max_length=500)
    events: list[str]
    max_failures: int = Field(5, ge=1, le=100)


class WebhookView(BaseModel):
    id: UUID
    name: str
    url: str
    events: list[str]
    active: bool
    failures: int
    max_failures: int
    disabled_at: datetime | None = None
    version: int
    secret: str | None = None  # only in the answer that creates the webhook


class DispatchReport(BaseModel):
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    dead: int = 0
