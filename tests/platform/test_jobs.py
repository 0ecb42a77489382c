"""Scheduled and queued work runs through huey, once per tenant, acting for that tenant."""

from __future__ import annotations

import threading

import pytest

from vextrus.platform import context
from vextrus.platform.jobs import Job, Jobs, make_huey, run_for_every_tenant

pytestmark = pytest.mark.every_tenant  # its jobs run for every tenant in the database


def test_job_runs_once_per_tenant_in_that_tenants_context(db, tenant_id):
    seen = []
    n = run_for_every_tenant(Job("test.collect", lambda: seen.append(context.current().tenant_id)))
    assert tenant_id in seen and n == len(seen) and len(set(seen)) == len(seen)


def test_one_tenant_failing_does_not_stop_the_others(db, tenant_id):
    calls = []

    def sometimes_fails() -> None:
        calls.append(context.current().tenant_id)
        if context.current().tenant_id == tenant_id:
            raise RuntimeError("boom")

    done = run_for_every_tenant(Job("test.flaky", sometimes_fails))
    assert done == len(calls) - 1


def test_dhaka_time_becomes_utc_crontab():
    from datetime import datetime

    cron = Job("x", lambda: None, hour=2, minute=30).crontab()
    assert cron(datetime(2026, 1, 1, 20, 30))  # 02:30 in Dhaka is 20:30 UTC
    assert not cron(datetime(2026, 1, 1, 2, 30))


def test_queued_job_is_executed_by_the_threaded_consumer(db, tenant_id, tmp_path):
    jobs = Jobs(make_huey("sqlite://", tmp_path))
    ran = threading.Event()
    jobs.register(Job("test.queued", ran.set))
    jobs.start_consumer(workers=1)
    try:
        jobs.enqueue("test.queued")
        assert ran.wait(20), "the consumer did not run the queued job"
    finally:
        jobs.stop_consumer()


def test_scale_out_queue_on_redis_runs_jobs_in_a_worker(db, tenant_id, tmp_path):
    import os
    import secrets

    url = os.environ.get("VEXTRUS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url).ping()
    except Exception as exc:
        if os.environ.get("CI"):
            raise
        import pytest

        pytest.skip(f"Redis unavailable: {exc}")
    jobs = Jobs(make_huey(url, tmp_path, name=f"vextrus-test-{secrets.token_hex(4)}"))  # isolated queue
    ran = threading.Event()
    jobs.register(Job("test.on_redis", ran.set))
    jobs.start_consumer(workers=1, periodic=False)
    try:
        jobs.enqueue("test.on_redis")
        assert ran.wait(20), "the worker did not run the job queued on Redis"
    finally:
        jobs.stop_consumer()
        jobs.huey.flush()
