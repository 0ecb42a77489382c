"""Scheduled work of crm: each night, sent quotations past their validity become expired."""

from __future__ import annotations

from vextrus.platform.jobs import Job

from . import service


def expire_quotations() -> int:
    """Expire the current tenant's sent quotations whose validity ended before today; returns how many."""
    return len(service.expire_quotations())


JOBS = [
    Job(
        "crm.expire_quotations",
        expire_quotations,
        hour=0,
        minute=30,
        description="Mark sent quotations past their validity date as expired",
    ),
]
