"""Notifications service: templates and preferences (`texts`), the delivery outbox and dispatcher
(`outbox`), webhook endpoints (`webhooks`)."""

from __future__ import annotations

from . import outbox, texts, webhooks
from .outbox import (
    attempts,
    deliveries,
    dispatch_pending,
    fan_out,
    inbox,
    mark_read,
    retry,
    retry_dead,
    send_digests,
    send_email,
    unread_count,
)
from .texts import (
    get_template,
    list_templates,
    my_preferences,
    preview,
    reset_template,
    save_template,
    set_preferences,
)
from .webhooks import create_webhook, delete_webhook, list_webhooks, set_webhook_active

__all__ = ["attempts", "create_webhook", "delete_webhook", "deliveries", "dispatch_pending", "fan_out",
           "get_template", "inbox", "list_templates", "list_webhooks", "mark_read", "my_preferences", "outbox",
           "preview", "reset_template", "retry", "retry_dead", "save_template", "send_digests", "send_email", "set_preferences",
           "set_webhook_active", "texts", "unread_count", "webhooks"]
