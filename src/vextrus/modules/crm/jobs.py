"""Scheduled work of crm: each night, sent quotations past their validity become expired; each hour, salespeople
are reminded of their activities falling due in the next two hours."""

from __future__ import annotations

from vextrus.platform.jobs import Job

from . import service


def expire_quotations() -> int:
    """Expire the current tenant's sent quotations whose validity ended before today; returns how many."""
    return len(service.expire_quotations())


def remind_activities() -> int:
    """Announce the current tenant's activities falling due soon to their salespeople; returns how many."""
    return len(service.remind_activities())


JOBS = [
    Job(
        "crm.expire_quotations",
        expire_quotations,
        hour=0,
        minute=30,
        description="Mark sent quotations past their validity date as expired",
    ),
    Job(
        "crm.remind_activities",
        remind_activities,
        hour=None,
        minute=5,
        description="Remind salespeople of calls, site visits and meetings falling due in the next two hours",
    ),
]
