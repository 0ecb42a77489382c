"""Reactions of tax: every process drops its cached rate table of a tenant that added a rate."""

from __future__ import annotations

from vextrus.platform.events import Subscriptions

from .events import VatRateAdded
from .service import rates

subscriptions = Subscriptions()


@subscriptions.on(VatRateAdded, durable=False)
def drop_cached_rates(event: VatRateAdded) -> None:
    rates.cache.invalidate(event.envelope.tenant_id)
