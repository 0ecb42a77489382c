"""The jobs modules declare (issue 14): each tenant's periodic turn has the job's own time limit and
retries with backoff, recorded in the execution history and shown on the jobs page in English and Bangla.
Time is the injected clock: a held action "runs past its limit" by the test's wait moving the frozen clock
by the limit, so nothing sleeps. Both databases (the `db` fixture)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.scheduler import service
from vextrus.platform import clock, context
from vextrus.platform.ids import new_id
from vextrus.platform.jobs import Job

pytestmark = pytest.mark.every_tenant  # its jobs run for every tenant in the database

T0 = datetime(2026, 12, 6, 3, 29, tzinfo=UTC)  # 09:29 in Dhaka, a Sunday


class Flaky:
    """Fails its first `fail_times` calls in the test's tenant; counts them."""

    def __init__(self, tenant_id, fail_times: int = 0) -> None:  # noqa: ANN001
        self.tenant_id, self.fail_times, self.calls = tenant_id, fail_times, 0

    def __call__(self) -> None:
        if context.current().tenant_id != self.tenant_id:
            return
        self.calls += 1
        if self.calls <= self.fail_times:
            raise RuntimeError(f"bank file not ready ({self.calls})")


class Held:
    """An action that keeps running until the test lets it go."""

    def __init__(self, tenant_id) -> None:  # noqa: ANN001
        self.tenant_id, self.release, self.done, self.calls = (
            tenant_id,
            threading.Event(),
            threading.Event(),
            0,
        )
        self.blocking: threading.Thread | None = None

    def __call__(self) -> None:
        if context.current().tenant_id != self.tenant_id:
            return
        self.calls += 1
        self.blocking = threading.current_thread()
        self.release.wait(60)
        self.done.set()


@pytest.fixture
def fc():
    f = clock.FrozenClock(T0)
    clock.set_clock(f)
    yield f
    clock.set_clock(None)


@pytest.fixture
def held_wait(fc):
    """The injected wait: an action that is held runs past its limit (the frozen clock moves by the limit and
    the run stops waiting); one that is not held is waited for until it ends."""
    holds: list[Held] = []

    def wait(t: threading.Thread, seconds: float) -> bool:
        while True:
            if any(h.blocking is t and not h.release.is_set() for h in holds):
                fc.advance(seconds=seconds)
                return False
            t.join(0.01)  # the action has not reached its hold yet, or ends on its own
            if not t.is_alive():
                return True

    service.set_waiter(wait)
    yield holds
    for h in holds:
        h.release.set()
    service.set_waiter(None)


@pytest.fixture
def sys_ctx(tenant_id):
    with context.acting_as(context.system_context(tenant_id, actor="admin@test")) as c:
        yield c


def _declare(db, prefix: str, fn, **kw) -> str:  # noqa: ANN001, ANN003
    name = f"{prefix}_{new_id().hex[-8:]}"
    db.jobs.register(Job(name, fn, **({"hour": 2, "minute": 30, "description": "a declared test job"} | kw)))
    return name


def test_a_failed_periodic_turn_is_retried_with_backoff_by_the_tick(db, tenant_id, sys_ctx, fc):
    flaky = Flaky(tenant_id, fail_times=2)
    name = _declare(db, "test.flaky", flaky, max_retries=2, retry_base_seconds=60)
    db.jobs.run_periodic(name)  # huey's turn at 02:30 Dhaka (the clock says otherwise: only the turn matters)
    first = service.history(name)[0]
    assert (first.trigger, first.status, first.attempt) == ("periodic", "failed", 1)
    assert first.error == "RuntimeError: bank file not ready (1)" and first.retry_at == T0 + timedelta(
        seconds=60
    )
    fc.advance(seconds=59)
    assert service.tick() == []  # not yet due
    fc.advance(seconds=1)
    second = service.tick()[0]
    assert (second.trigger, second.status, second.attempt) == ("retry", "failed", 2)
    assert second.retry_at == fc.at + timedelta(seconds=120)  # backoff doubles
    fc.at = second.retry_at
    third = service.tick()[0]
    assert (third.trigger, third.status, third.attempt, third.retry_at) == ("retry", "succeeded", 3, None)
    assert flaky.calls == 3
    assert [(r.attempt, r.status) for r in service.history(name)] == [
        (3, "succeeded"),
        (2, "failed"),
        (1, "failed"),
    ]
    fc.advance(hours=1)
    assert service.tick() == [] and flaky.calls == 3  # retries used up: nothing more
    assert next(j for j in service.list_jobs() if j.name == name).last_status == "succeeded"


def test_retries_stop_at_the_limit_and_never_reach_the_next_turn(db, tenant_id, sys_ctx, fc):
    always = Flaky(tenant_id, fail_times=10**6)
    name = _declare(db, "test.always", always, max_retries=1, retry_base_seconds=60)
    db.jobs.run_periodic(name)
    fc.advance(minutes=1)
    again = service.tick()[0]
    assert (again.attempt, again.status, again.retry_at) == (2, "failed", None)  # one retry, then it waits
    every_minute = Flaky(tenant_id, fail_times=10**6)
    name2 = _declare(db, "test.minutely", every_minute, hour=None, minute=None, max_retries=3)
    db.jobs.run_periodic(name2)
    run = service.history(name2)[0]
    assert run.status == "failed" and run.retry_at is None  # its next turn, a minute on, is its retry
    manual = service.run_now(name)
    assert manual.status == "failed" and manual.retry_at is None  # a run by hand is not retried


def test_a_turn_past_its_time_limit_is_timed_out_then_retried(db, tenant_id, sys_ctx, fc, held_wait):
    held = Held(tenant_id)
    held_wait.append(held)
    name = _declare(db, "test.held", held, timeout_seconds=90, max_retries=2, retry_base_seconds=60)
    db.jobs.run_periodic(name)
    first = service.history(name)[0]
    assert (first.status, first.error, first.duration_ms) == ("timed_out", "still running after 90 s", 90_000)
    assert first.retry_at == T0 + timedelta(seconds=90 + 60) and fc.at == T0 + timedelta(seconds=90)
    fc.at = first.retry_at
    second = service.tick()[0]  # the timed-out turn still runs: the retry is not started beside it
    assert (second.attempt, second.status, held.calls) == (2, "failed", 1) and "still running" in second.error
    assert second.retry_at == fc.at + timedelta(seconds=120)
    held.release.set()
    assert held.done.wait(10)
    fc.at = second.retry_at
    third = service.tick()[0]
    assert (third.attempt, third.status, held.calls) == (3, "succeeded", 2)


def test_a_job_paused_after_a_failure_drops_its_retry(db, tenant_id, sys_ctx, fc):
    flaky = Flaky(tenant_id, fail_times=1)
    name = _declare(db, "test.paused", flaky, max_retries=2)
    db.jobs.run_periodic(name)
    service.set_declared_paused(name, True, 0)
    fc.advance(minutes=5)
    assert service.tick() == [] and flaky.calls == 1
    assert service.history(name)[0].retry_at is None


def test_the_jobs_page_shows_limits_timeouts_and_next_tries_in_both_languages(
    db, admin, tenant_id, fc, held_wait
):
    held = Held(tenant_id)
    held_wait.append(held)
    name = _declare(db, "test.held_page", held, timeout_seconds=45, max_retries=2)
    with context.acting_as(context.system_context(tenant_id, actor=f"job:{name}")):
        db.jobs.run_periodic(name)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        en = c.get("/scheduler?lang=en")
        assert en.status_code == 200 and "Time limit 45 s, retries 2" in en.text
        assert "Time limit 600 s, retries 2" in en.text  # a module's job with the defaults
        bn = c.get("/scheduler?lang=bn")
        assert "সময়সীমা ৪৫ সেকেন্ড, পুনঃচেষ্টা ২ বার" in bn.text
        hist = c.get(f"/scheduler/jobs/{name}?lang=en")
        assert (
            "Timed out" in hist.text
            and "Still running at its time limit" in hist.text
            and "Next try" in hist.text
        )
        hist_bn = c.get(f"/scheduler/jobs/{name}?lang=bn")
        assert "সময় পেরিয়ে গেছে" in hist_bn.text and "পরের চেষ্টা" in hist_bn.text
        assert "সময়সীমা পেরিয়েও চলছিল" in hist_bn.text and "still running" not in hist_bn.text  # no English
        runs = c.get(f"/api/v1/scheduler/runs?job={name}").json()
        assert [(r["status"], r["duration_ms"]) for r in runs] == [("timed_out", 45_000)] and runs[0][
            "retry_at"
        ]
