"""Periodic work of notifications (listed and run-now-able in the scheduler): send due deliveries and
retries every minute, fold held emails into the daily digest."""

from __future__ import annotations

from vextrus.platform.jobs import Job


def dispatch() -> None:
    from .service import outbox

    outbox.dispatch_pending()


def digest() -> None:
    from .service import outbox

    outbox.send_digests()
    outbox.dispatch_pending()


JOBS = [
    Job("notifications.dispatch", dispatch, hour=None, minute=None,
        description="Send due notifications and retries (every minute)"),
    Job("notifications.digest", digest, hour=8, minute=0,
        description="Daily digest of the notifications users chose to receive once a day"),
]
