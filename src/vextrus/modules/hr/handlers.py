"""Reactions to other modules' events: approvals of leave applications decided in the workflow."""

from __future__ import annotations

from vextrus.platform.events import Subscriptions

subscriptions = Subscriptions()

from . import approval_withdrawal, approvals  # noqa: E402,F401 - leave approvals (and withdrawn ones) subscribe here
