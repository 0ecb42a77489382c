"""Periodic work: act on approval steps past their due time (remind, escalate, reject)."""

from __future__ import annotations

from vextrus.platform.jobs import Job


def _timeouts() -> None:
    from . import service

    service.process_timeouts()


JOBS = [Job("workflow.timeouts", _timeouts, hour=None, minute=None,
            description="Approval steps past their due time: remind, escalate or reject (every minute)")]
