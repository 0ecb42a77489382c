"""Scheduled jobs (issue 14), with the injected clock: a cron job runs at its Dhaka time once, then moves
to the next day; interval and one-off jobs; pause skips, resume starts from the next time; failures are
retried with backoff; a job past its timeout is recorded as timed out; two workers ticking at the same
moment run a planned time once; the jobs modules declare are listed and run now; the `scheduler.tick`
huey job drives it all."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bangla_text import latin_left
from vextrus.modules.scheduler import service
from vextrus.modules.scheduler.schemas import JobInput
from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, ValidationFailed

pytestmark = pytest.mark.every_tenant  # its jobs run for every tenant in the database

T0 = datetime(2026, 12, 6, 3, 29, tzinfo=UTC)  # 09:29 in Dhaka, a Sunday


class Counter:
    def __init__(self, fail_times: int = 0) -> None:
        self.calls: list[object] = []
        self.fail_times = fail_times
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            self.calls.append(context.current().tenant_id)
            if len(self.calls) <= self.fail_times:
                raise RuntimeError(f"failure {len(self.calls)}")


@pytest.fixture
def fc():
    f = clock.FrozenClock(T0)
    clock.set_clock(f)
    yield f
    clock.set_clock(None)


@pytest.fixture
def sys_ctx(tenant_id):
    with context.acting_as(context.system_context(tenant_id, actor="admin@test")) as c:
        yield c


def _action(name: str, fn) -> str:  # noqa: ANN001
    service.register_action(name, fn, "a test action")
    return name


def _job(name: str, action: str, **kw) -> JobInput:  # noqa: ANN003
    return JobInput(name=name, action=action, **({"kind": "cron", "cron": "30 9 * * *"} | kw))


def test_a_cron_job_runs_once_at_its_dhaka_time_and_moves_to_the_next_day(db, tenant_id, sys_ctx, fc):
    count = Counter()
    job = service.create_job(_job("morning", _action("test.morning", count)))
    assert job.next_run_at == datetime(2026, 12, 6, 3, 30, tzinfo=UTC)
    assert service.tick() == [] and count.calls == []
    fc.advance(minutes=1, seconds=2)
    runs = service.tick()
    assert [r.status for r in runs] == ["succeeded"] and count.calls == [tenant_id]
    assert runs[0].planned_at == job.next_run_at and runs[0].lag_ms == 2000 and runs[0].duration_ms is not None
    assert service.tick() == [] and len(count.calls) == 1
    after = service.get_job(job.id)
    assert after.next_run_at == datetime(2026, 12, 7, 3, 30, tzinfo=UTC) and after.last_status == "succeeded"
    assert [r.job_name for r in service.history("morning")] == ["morning"]


def test_interval_and_one_off_jobs(db, tenant_id, sys_ctx, fc):
    every, once = Counter(), Counter()
    service.create_job(_job("every5", _action("test.every", every), kind="interval", cron=None, interval_seconds=300))
    one = service.create_job(_job("once", _action("test.once", once), kind="once", cron=None,
                                  run_at=T0 + timedelta(minutes=10)))
    fc.advance(minutes=5)
    service.tick()
    fc.advance(minutes=5)
    service.tick()
    assert len(every.calls) == 2 and len(once.calls) == 1
    fc.advance(minutes=17)  # a stopped server: the missed intervals run once, not three times
    service.tick()
    assert len(every.calls) == 3 and service.get_job(one.id).next_run_at is None
    fc.advance(days=1)
    service.tick()
    assert len(once.calls) == 1


def test_pause_skips_and_resume_starts_from_the_next_time(db, tenant_id, sys_ctx, fc):
    count = Counter()
    job = service.create_job(_job("pausable", _action("test.pausable", count)))
    paused = service.set_paused(job.id, True, job.version)
    fc.advance(hours=2)
    assert service.tick() == [] and paused.next_run_at is None
    resumed = service.set_paused(job.id, False)
    assert resumed.next_run_at == datetime(2026, 12, 7, 3, 30, tzinfo=UTC)  # today's 09:30 was missed: skipped
    assert service.tick() == [] and count.calls == []


def test_failures_are_retried_with_backoff_then_succeed(db, tenant_id, sys_ctx, fc):
    flaky = Counter(fail_times=2)
    service.create_job(_job("flaky", _action("test.flaky", flaky), max_retries=3, retry_base_seconds=60))
    fc.advance(minutes=1)
    first = service.tick()[0]
    assert first.status == "failed" and first.error == "RuntimeError: failure 1"
    assert first.retry_at == fc.at + timedelta(seconds=60)
    fc.advance(seconds=59)
    assert service.tick() == []
    fc.advance(seconds=1)
    second = service.tick()[0]
    assert (second.attempt, second.trigger, second.status) == (2, "retry", "failed")
    assert second.retry_at == fc.at + timedelta(seconds=120)
    fc.at = second.retry_at
    third = service.tick()[0]
    assert (third.attempt, third.status, third.retry_at) == (3, "succeeded", None)
    assert [r.attempt for r in service.history("flaky")] == [3, 2, 1]


def test_a_job_past_its_timeout_is_recorded_as_timed_out(db, tenant_id, sys_ctx, fc):
    release = threading.Event()
    service.create_job(_job("slow", _action("test.slow", lambda: release.wait(30)), timeout_seconds=1))
    fc.advance(minutes=1)

    def past_the_limit(_t: threading.Thread, seconds: float) -> bool:  # the injected wait: no real second
        fc.advance(seconds=seconds)
        return False

    service.set_waiter(past_the_limit)
    try:
        run = service.tick()[0]
    finally:
        release.set()
        service.set_waiter(None)
    assert run.status == "timed_out" and "after 1 s" in run.error and run.duration_ms == 1000


def test_two_workers_ticking_at_once_run_a_planned_time_once(db, tenant_id, fc):
    count = Counter()
    with context.acting_as(context.system_context(tenant_id)):
        service.create_job(_job("contended", _action("test.contended", count)))
    fc.advance(minutes=1)
    barrier, results = threading.Barrier(3), {}

    def worker(n: int) -> None:
        with context.acting_as(context.system_context(tenant_id, actor=f"job:scheduler.tick#{n}")):
            barrier.wait()
            results[n] = service.tick(worker=f"w{n}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(len(r) for r in results.values()) == [0, 0, 1]
    assert len(count.calls) == 1
    with context.acting_as(context.system_context(tenant_id)):
        assert len(service.history("contended")) == 1


def test_declared_jobs_are_listed_and_run_now(db, tenant_id, sys_ctx):
    listed = {j.name: j for j in service.list_jobs()}
    reminders = listed["master_data.document_expiry_reminders"]
    assert reminders.system and reminders.cron == "0 7 * * *" and "Dhaka" in reminders.schedule
    assert listed["notifications.dispatch"].system and "scheduler.tick" not in listed
    run = service.run_now("master_data.document_expiry_reminders")
    assert run.status == "succeeded" and run.trigger == "manual" and run.actor == "admin@test"
    assert service.list_jobs()[-1].name  # still lists
    assert {j.name: j for j in service.list_jobs()}["master_data.document_expiry_reminders"].last_status == "succeeded"
    with pytest.raises(NotFound):
        service.run_now("no.such.job")


def test_run_now_with_a_key_runs_once(db, tenant_id, sys_ctx):
    count = Counter()
    service.create_job(_job("keyed", _action("test.keyed", count)))
    a = service.run_now("keyed", idempotency_key="k-1")
    b = service.run_now("keyed", idempotency_key="k-1")
    assert a.id == b.id and len(count.calls) == 1 and b.status == "succeeded"


def test_bad_schedules_are_refused_with_their_field(db, tenant_id, sys_ctx):
    _action("test.noop", lambda: None)
    for kw, field in ((dict(cron="61 * * * *"), "cron"), (dict(kind="interval", cron=None, interval_seconds=5),
                                                          "interval_seconds"),
                      (dict(kind="once", cron=None), "run_at"), (dict(kind="weekly"), "kind")):
        with pytest.raises(ValidationFailed) as e:
            service.create_job(_job("bad", "test.noop", **kw))
        assert e.value.field == field
        assert latin_left(e.value.message_bn, "61 * * * *", "61") == [], e.value.message_bn  # all Bangla but the input
    with pytest.raises(ValidationFailed) as e:
        service.create_job(_job("notifications.dispatch", "test.noop"))
    assert e.value.field == "name"
    with pytest.raises(NotFound):
        service.create_job(_job("x", "no.such.action"))


def test_the_huey_tick_job_runs_due_schedules_for_each_tenant(db, tenant_id, fc):
    count = Counter()
    with context.acting_as(context.system_context(tenant_id)):
        service.create_job(_job("via-huey", _action("test.via_huey", count)))
    fc.advance(minutes=1)
    assert "scheduler.tick" in db.jobs.jobs
    db.jobs.run_now("scheduler.tick")  # what huey's periodic task calls every minute
    assert count.calls == [tenant_id]


def _declared(db, fn) -> str:  # noqa: ANN001
    """A job as a module's manifest declares it, registered with huey like the others."""
    from vextrus.platform.ids import new_id
    from vextrus.platform.jobs import Job

    name = f"test.declared_{new_id().hex[-8:]}"
    db.jobs.register(Job(name, fn, hour=None, minute=None, description="a declared test job"))
    return name


def test_periodic_runs_of_a_declared_job_are_recorded_with_duration_and_error(db, tenant_id, sys_ctx, fc):
    flaky = Counter(fail_times=10**6)
    name = _declared(db, flaky)
    db.jobs.run_periodic(name)  # what huey's periodic task does at its minute, for every tenant
    assert tenant_id in flaky.calls
    runs = service.history(name)
    assert [(r.trigger, r.status) for r in runs] == [("periodic", "failed")]
    assert runs[0].error.startswith("RuntimeError: failure") and runs[0].duration_ms is not None
    assert runs[0].planned_at == fc.at.replace(second=0) and runs[0].actor == f"job:{name}"
    job = next(j for j in service.list_jobs() if j.name == name)
    assert job.system and job.last_status == "failed" and not job.paused
    # a second scheduler firing the same minute (two consumers by mistake) does not run it again
    from vextrus.platform.jobs import run_for_every_tenant

    before = flaky.calls.count(tenant_id)
    with context.acting_as(context.system_context(tenant_id, actor=f"job:{name}")):
        service.run_declared(db.jobs.jobs[name], "periodic")
    assert flaky.calls.count(tenant_id) == before and len(service.history(name)) == 1
    fc.advance(minutes=1)
    ok = Counter()
    name2 = _declared(db, ok)
    run_for_every_tenant(db.jobs.jobs[name2])  # the CLI's `vextrus jobs run` and huey's run-now task
    assert [(r.trigger, r.status) for r in service.history(name2)] == [("manual", "succeeded")]


def test_pausing_a_declared_job_stops_its_periodic_runs_until_resumed(db, tenant_id, sys_ctx, fc):
    count = Counter()
    name = _declared(db, count)
    paused = service.set_declared_paused(name, True, 0)
    assert paused.paused and paused.system and paused.version == 1
    db.jobs.run_periodic(name)
    fc.advance(minutes=1)
    db.jobs.run_periodic(name)
    assert tenant_id not in count.calls
    skipped = service.history(name)  # the first skipped turn is recorded, the next ones are not
    assert [(r.status, r.trigger, r.actor) for r in skipped] == [("skipped", "periodic", "admin@test")]
    assert skipped[0].started_at == fc.at - timedelta(minutes=1)
    assert next(j for j in service.list_jobs() if j.name == name).paused
    manual = service.run_now(name)  # run now still runs a paused job
    assert manual.status == "succeeded" and count.calls.count(tenant_id) == 1
    with pytest.raises(Exception) as stale:
        service.set_declared_paused(name, False, 7)
    assert getattr(stale.value, "code", "") == "stale_version"
    service.set_declared_paused(name, False, paused.version)
    fc.advance(minutes=1)
    db.jobs.run_periodic(name)
    assert count.calls.count(tenant_id) == 2
    assert [(r.trigger, r.status) for r in service.history(name)] == [
        ("periodic", "succeeded"), ("manual", "succeeded"), ("periodic", "skipped")]
    with pytest.raises(NotFound) as e:
        service.set_declared_paused("no.such.job", True)
    assert e.value.field == "name"
