"""Scheduled work of the ledger: each morning, post the recurring entries that have fallen due and the
automatic reversals (revaluations) dated on or before today, in every book of the tenant."""

from __future__ import annotations

import structlog

from vextrus.platform import clock
from vextrus.platform.errors import DomainError
from vextrus.platform.jobs import Job

from . import service

log = structlog.get_logger("vextrus.finance.jobs")


def post_due_entries() -> int:
    """Post what is due; returns how many entries were posted. Each recurring entry posts on its own:
    one that cannot (its date in a closed period, an account since deactivated) is logged with the
    reason, announced (`finance.recurring.failed`) and tried again the next morning, and the others
    still post."""
    today = clock.today()
    posted = 0
    for book in service.list_books():
        for r in service.list_recurring(book.code):
            if not (r.is_active and r.next_date <= today):
                continue
            try:
                posted += len(service.generate_recurring(today, book.code, r.id))
            except DomainError as exc:
                log.warning("recurring entry not posted", book=book.code, recurring=r.name, code=exc.code,
                            reason=exc.message)
                service.recurring_failed(book.code, r.id, exc)  # `finance.recurring.failed`: told to followers
        try:
            posted += service.process_auto_reversals(book.code, today)
        except DomainError as exc:
            log.warning("automatic reversals not posted", book=book.code, code=exc.code, reason=exc.message)
    return posted


JOBS = [
    Job("finance.post_due_entries", post_due_entries, hour=0, minute=30,
        description="Post recurring entries (rent, depreciation) and automatic reversals that are due"),
]
