"""Nightly housekeeping: purge files deleted longer ago than the retention period and staging left by
killed uploads."""

from __future__ import annotations

from vextrus.platform.jobs import Job

from . import service


def purge() -> None:
    service.purge()


def ready() -> None:
    """Readiness (/health/ready): the configured store can be reached and written."""
    from .config import store

    store().check()


JOBS = [Job("files.purge", purge, hour=3, minute=30,
            description="Purge deleted files past retention and unfinished uploads")]
