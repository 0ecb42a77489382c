"""Reactions to events. Master data consumes no other module's events yet: documents record their
references through `api.register_reference` (see api.py for why)."""

from __future__ import annotations

from vextrus.platform.events import Subscriptions

subscriptions = Subscriptions()
