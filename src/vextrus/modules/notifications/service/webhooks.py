"""Webhook endpoints an administrator registers: a URL, the events it hears, a secret to check signatures."""

from __future__ import annotations

import secrets
from urllib.parse import urlparse
from uuid import UUID

from sqlalchemy import select

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import config
from ..channels import SendFailed
from ..channels import webhook as webhook_channel
from ..domain import catalogue
from ..domain.addresses import refused_address
from ..domain.errors import missing
from ..schemas import WebhookInput, WebhookView
from ..tables import Webhook

MANAGE = "notifications.webhook.manage"


def _view(h: Webhook, secret: str | None = None) -> WebhookView:
    return WebhookView(id=h.id, name=h.name, url=h.url, events=list(h.events or []), active=h.active,
                       failures=h.failures, max_failures=h.max_failures, disabled_at=h.disabled_at,
                       version=h.version, secret=secret)


def _check(data: WebhookInput) -> None:
    u = urlparse(data.url)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise ValidationFailed("webhook_url_invalid", "url: an http(s) address is needed",
                               "url: একটি http(s) ঠিকানা দিন", field="url")
    if not config.current().webhook_allow_private:
        try:  # a name that does not resolve now may later; each try checks again before sending
            bad = refused_address(webhook_channel.host_addresses(data.url))
        except SendFailed:
            bad = None
        if bad is not None:
            shown = u.hostname  # as typed in the url
            raise ValidationFailed("webhook_url_private", f"url: {u.hostname} is this server or a private network "
                                   f"({bad}); a webhook must be a public address",
                                   f"ঠিকানা {shown} এই সার্ভার বা একটি ব্যক্তিগত নেটওয়ার্কের; "
                                   "ওয়েবহুক অবশ্যই একটি পাবলিক ঠিকানা হতে হবে", field="url", details={"address": bad})
    for i, e in enumerate(data.events):
        if e != "*" and e not in catalogue.EVENTS:
            value = e  # as typed
            raise ValidationFailed("event_unknown", f"events[{i}]: {e} is not an event notifications know",
                                   f"'{value}' নামে কোনো ইভেন্ট নেই", field=f"events[{i}]",
                                   details={"events": sorted(catalogue.EVENTS)})
    if not data.events:
        raise ValidationFailed("events_missing", "events: choose at least one", "events: অন্তত একটি বাছাই করুন",
                               field="events")


@command(MANAGE, scope="notifications.create_webhook")
def create_webhook(uow: UnitOfWork, data: WebhookInput) -> WebhookView:
    """The answer carries the signing secret, once; it is not shown again."""
    _check(data)
    secret = secrets.token_urlsafe(32)
    h = Webhook(name=data.name, url=data.url, secret=secret, events=list(data.events), active=True, failures=0,
                max_failures=data.max_failures)
    uow.session.add(h)
    uow.session.flush()
    return _view(h, secret)


def _load(uow: UnitOfWork, webhook_id: UUID) -> Webhook:
    h = uow.session.get(Webhook, webhook_id)
    if h is None:
        raise missing("webhook", "ওয়েবহুক", webhook_id, "webhook_id")
    return h


@query(MANAGE)
def list_webhooks(uow: UnitOfWork) -> list[WebhookView]:
    return [_view(h) for h in uow.session.execute(select(Webhook).order_by(Webhook.name)).scalars()]


@command(MANAGE, scope="notifications.set_webhook_active")
def set_webhook_active(uow: UnitOfWork, webhook_id: UUID, active: bool,
                       expected_version: int | None = None) -> WebhookView:
    """Switch an endpoint on (its failure count starts again) or off."""
    h = _load(uow, webhook_id)
    check_version(h, expected_version, f"webhook {h.name}")
    h.active = active
    if active:
        h.failures, h.disabled_at = 0, None
    uow.session.flush()
    return _view(h)


@command(MANAGE, scope="notifications.delete_webhook")
def delete_webhook(uow: UnitOfWork, webhook_id: UUID) -> bool:
    uow.session.delete(_load(uow, webhook_id))
    return True
