"""Reactions to other modules' events: approvals of leave applications decided in the workflow."""

from __future__ import annotations

from vextrus.platform.events import Subscriptions

subscriptions = Subscriptions()

from . import approvals  # noqa: E402,F401 - leave approvals subscribe on these subscriptions
