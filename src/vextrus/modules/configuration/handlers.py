"""Reactions to events: drop cached settings and flags when they change (in every process)."""

from __future__ import annotations

from vextrus.platform.events import Subscriptions

from . import service
from .events import FlagChanged, SettingChanged

subscriptions = Subscriptions()


@subscriptions.on(SettingChanged, durable=False)
def drop_cached_settings(event: SettingChanged) -> None:
    service.cache.invalidate(event.envelope.tenant_id)


@subscriptions.on(FlagChanged, durable=False)
def drop_cached_flags(event: FlagChanged) -> None:
    service.cache.invalidate(event.envelope.tenant_id)
