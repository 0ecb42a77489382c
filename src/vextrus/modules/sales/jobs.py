"""Scheduled work of sales: the daily reminders to buyers before their instalments fall due."""

from __future__ import annotations

from vextrus.platform.jobs import Job

from . import service


def instalment_reminders() -> int:
    """Emit `sales.instalment.due_soon` for the current tenant's instalments falling due within the tenant's
    window (`sales.reminder_days`), each instalment and due date once; returns how many."""
    return len(service.remind_due_soon())


JOBS = [
    Job(
        "sales.instalment_reminders",
        instalment_reminders,
        hour=8,
        minute=0,
        description="Remind buyers by e-mail and SMS before their instalments fall due (days: tenant setting)",
    ),
]
