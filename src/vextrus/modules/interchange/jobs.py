"""Nightly housekeeping: the upload of an import never committed is dropped after `KEEP_DAYS` (the run,
its figures and problems stay; its status becomes `expired`, so it can no longer be checked or committed)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from vextrus.platform import clock, context
from vextrus.platform.jobs import Job
from vextrus.platform.uow import unit_of_work

from .tables import ImportRunRow

KEEP_DAYS = 7


def drop_stale_uploads() -> int:
    """For the current tenant (the job runs once per tenant as the system): how many uploads were dropped."""
    cutoff = clock.now() - timedelta(days=KEEP_DAYS)
    with unit_of_work() as uow:
        return uow.session.execute(
            update(ImportRunRow).where(ImportRunRow.tenant_id == context.require_tenant(),
                                       ImportRunRow.content.is_not(None), ImportRunRow.created_at < cutoff,
                                       ImportRunRow.status.not_in(("checking", "committing")))
            .values(content=None, status="expired").execution_options(synchronize_session=False)).rowcount or 0


JOBS = [Job("interchange.drop_stale_uploads", drop_stale_uploads, hour=3, minute=45,
            description=f"Drop the uploads of imports not committed within {KEEP_DAYS} days")]
