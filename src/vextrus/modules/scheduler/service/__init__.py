"""Scheduler service: schedules users make for the jobs modules declare (cron in Asia/Dhaka, interval,
one-off), pause/resume/run-now, a tick that claims each planned run once across workers, retries with
backoff, timeouts and the execution history."""

from __future__ import annotations

from .jobs import (
    ACTIONS,
    JobFailed,
    create_job,
    delete_job,
    get_job,
    history,
    list_actions,
    list_jobs,
    register_action,
    run_declared,
    run_now,
    set_declared_paused,
    set_paused,
    set_waiter,
    tick,
    update_job,
)

__all__ = ["ACTIONS", "JobFailed", "create_job", "delete_job", "get_job", "history", "list_actions", "list_jobs",
           "register_action", "run_declared", "run_now", "set_declared_paused", "set_paused", "set_waiter", "tick", "update_job"]
