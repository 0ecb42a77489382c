"""Reactions to other modules' events: approvals of leave applications and expense claims decided in the workflow."""

from __future__ import annotations

from vextrus.platform.events import Subscriptions

subscriptions = Subscriptions()

# leave approvals (and withdrawn ones) and expense claims' approvals subscribe here
from . import approval_withdrawal, approvals, expense_approvals  # noqa: E402,F401
