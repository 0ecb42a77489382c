"""Background work of the audit module: the nightly archive run (per tenant, by retention policy)."""

from __future__ import annotations

from vextrus.platform.jobs import Job


def _archive() -> None:
    from .service import archive

    archive.archive_old_records()


JOBS = [Job("audit.archive", _archive, hour=2, minute=30, timeout_seconds=3600,
            description="Move audit records past their live period to compressed archive files")]
