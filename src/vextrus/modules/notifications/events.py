"""Events the notifications module publishes: none yet (deliveries are its own records; the audit trail
reads the events that caused them)."""

from __future__ import annotations
