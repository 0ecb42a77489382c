"""The outbox relay: after a commit, hand stored events to the bus and mark them published.

With a broker the relay publishes and workers consume. In embedded mode delivery happens in this
process: events committed during an HTTP request are delivered after its response, on the relay's
delivery thread (`DeliverAfterResponse`); elsewhere (CLI, jobs, services called directly) right after
the commit. `VEXTRUS_EMBEDDED_EVENTS=inline` delivers inside the committing request instead. A failing
handler leaves the event unpublished (attempts and error recorded) and it is retried on the next drain.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from vextrus.platform import clock, context, tracing
from vextrus.platform.bus import Bus
from vextrus.platform.db import reads_only
from vextrus.platform.events import ORIGIN_KEY, Envelope, Subscription
from vextrus.platform.tables import InboxEntry, OutboxEvent

log = structlog.get_logger("vextrus.relay")
MAX_ATTEMPTS_BEFORE_BACKOFF = 5
SETTLE_SECONDS = 60.0  # how long a request's ASGI call waits for its events after the response


class _Deferred:
    """The tenants whose events were committed during one request, delivered after its response.
    Shared by reference with the worker thread that ran the endpoint (context copies keep the object)."""

    def __init__(self) -> None:
        self.tenants: dict[UUID | None, None] = {}
        self.everyone = False

    def add(self, tenants: Iterable[UUID | None] | None) -> None:
        if tenants is None:
            self.everyone = True
        else:
            self.tenants.update(dict.fromkeys(tenants))

    def __bool__(self) -> bool:
        return self.everyone or bool(self.tenants)


_deferred: ContextVar[_Deferred | None] = ContextVar("vextrus_deferred_events", default=None)


class _Delivery:
    """The relay's delivery transaction for a run of events: its unit of work, the (handler, event)
    pairs already in the inbox, and those handled in it (their inbox rows are written before commit)."""

    def __init__(self, uow: Any, handled: set[tuple[str, UUID]]):
        self.uow = uow
        self.handled = handled
        self.new: list[tuple[str, UUID]] = []


_delivery: ContextVar[_Delivery | None] = ContextVar("vextrus_delivery", default=None)


def _unpublished_of(tid: UUID | None) -> Any:
    """The statement reading one tenant's (None: the platform's) unpublished events, oldest first."""
    return (select(OutboxEvent).where(OutboxEvent.published_at.is_(None),
                                      OutboxEvent.tenant_id.is_(None) if tid is None else OutboxEvent.tenant_id == tid)
            .order_by(OutboxEvent.id))


def _due(found: list[OutboxEvent]) -> list[Envelope]:
    """The events to deliver now: an event that failed MAX_ATTEMPTS_BEFORE_BACKOFF times waits 30 s."""
    retry_before = clock.now() - timedelta(seconds=30)
    return [to_envelope(r) for r in found if r.attempts < MAX_ATTEMPTS_BEFORE_BACKOFF or r.occurred_at < retry_before]


def _runs_by_tenant(pending: list[Envelope]) -> Iterator[tuple[UUID | None, list[Envelope]]]:
    """Consecutive events of one tenant (row-level security: one tenant per transaction), in order."""
    run: list[Envelope] = []
    for env in pending:
        if run and env.tenant_id != run[0].tenant_id:
            yield run[0].tenant_id, run
            run = []
        run.append(env)
    if run:
        yield run[0].tenant_id, run


def to_envelope(row: OutboxEvent) -> Envelope:
    payload, trace = tracing.split_payload(row.payload)  # handlers see the event's payload only
    origin = payload.get(ORIGIN_KEY)
    if ORIGIN_KEY in payload:  # the emitting request (id, client address) rides beside the payload, like the trace
        payload = {k: v for k, v in payload.items() if k != ORIGIN_KEY}
    return Envelope(id=row.id, name=row.name, version=row.version, tenant_id=row.tenant_id,
                    occurred_at=row.occurred_at, actor=row.actor, payload=payload, trace=trace,
                    origin={str(k): str(v) for k, v in origin.items()} if isinstance(origin, dict) else {})


class Relay:
    def __init__(self, session_factory: Callable[[], Session], bus: Bus):
        self.session_factory = session_factory
        self.bus = bus
        self.synchronous = True
        # embedded: a request's events are delivered after its response, on the delivery thread
        self.after_response = os.environ.get("VEXTRUS_EMBEDDED_EVENTS", "after_response").strip().lower() != "inline"
        self._jobs: queue.Queue[tuple[list[UUID | None] | None, Callable[[], None]] | None] = queue.Queue()
        self._deliverer: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # `serve --workers`: a file every worker's relay locks while it drains, so two processes never
        # read the same pending event and publish it twice
        self.interprocess_lock: str | None = None
        self._lock_fd: int | None = None

    @contextmanager
    def _across_processes(self) -> Iterator[None]:
        if self.interprocess_lock is None:
            yield
            return
        import fcntl

        if self._lock_fd is None:
            self._lock_fd = os.open(self.interprocess_lock, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def notify(self, tenants: Iterable[UUID | None] | None = None) -> None:
        """Something was committed: deliver it (now, or wake the poller). `tenants` names whose
        events (None: the platform's own) so only those are looked at; without it, everyone's."""
        if self.synchronous:
            pending = _deferred.get() if self.after_response else None
            if pending is not None:
                pending.add(tenants)  # delivered after the response (DeliverAfterResponse)
                return
            self.drain(tenants=tenants)
        else:
            self._wake.set()

    def deliver_later(self, tenants: Iterable[UUID | None] | None, done: Callable[[], None]) -> None:
        """Deliver on the delivery thread (started on first use), then call `done` (from that thread).
        Requests queued meanwhile are delivered together."""
        if self._deliverer is None or not self._deliverer.is_alive():
            with self._start_lock:  # not self._lock: a drain may hold that for a while
                if self._deliverer is None or not self._deliverer.is_alive():
                    self._deliverer = threading.Thread(target=self._deliver_loop, name="event-delivery", daemon=True)
                    self._deliverer.start()
        self._jobs.put((None if tenants is None else list(tenants), done))

    def _deliver_loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            jobs = [job]
            while True:  # fold what queued up while the last batch ran
                try:
                    nxt = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._jobs.put(None)
                    break
                jobs.append(nxt)
            everyone = any(t is None for t, _ in jobs)
            tenants = None if everyone else [tid for t, _ in jobs for tid in (t or [])]
            try:
                self.drain(tenants=tenants)
            except Exception:
                log.exception("event delivery after response failed")  # left pending: the poller retries
            finally:
                for _t, done in jobs:
                    try:
                        done()
                    except Exception:
                        log.exception("event delivery callback failed")

    def drain(self, batch: int = 200, tenants: Iterable[UUID | None] | None = None) -> int:
        """Deliver pending events (of `tenants` only, when given); returns how many were published.
        Re-entrant calls (a handler emitting events) are folded into the running drain."""
        if getattr(self._local, "draining", False):
            self._local.again = True
            more = self._local.more
            if tenants is None or more is None:
                self._local.more = None  # everyone's
            else:
                more.update(tenants)
            return 0
        self._local.draining = True
        total = 0
        only = None if tenants is None else list(dict.fromkeys(tenants))
        try:
            while True:
                self._local.again, self._local.more = False, set()
                n = self._drain_once(batch, only)
                total += n
                if n == 0 or (n < batch and not self._local.again):
                    break
                if only is not None:  # the next round: these tenants and those a handler emitted for
                    more = self._local.more
                    only = None if more is None else list(dict.fromkeys([*only, *more]))
        finally:
            self._local.draining = False
        return total

    def _pending(self, batch: int, tenants: list[UUID | None] | None) -> list[Envelope]:
        """Unpublished events, oldest first. Row-level security shows one tenant at a time (there is
        no "all tenants"), so: the named tenants one by one, or, for everyone, on PostgreSQL the
        function that loops over the tenant list (platform_0003); SQLite has no row-level security."""
        token = reads_only.set(True)  # SQLite: a deferred BEGIN, no write lock to read
        try:
            return self._read_pending(batch, tenants)
        finally:
            reads_only.reset(token)

    def _read_pending(self, batch: int, tenants: list[UUID | None] | None) -> list[Envelope]:
        rows: list[Envelope] = []
        due = _due
        with tracing.quiet():  # the poll is bookkeeping, not a trace
            if tenants is None:
                with context.acting_as(context.system_context(actor="relay")), self.session_factory() as s:
                    if s.get_bind().dialect.name == "postgresql":
                        stmt = select(OutboxEvent).from_statement(
                            text("SELECT * FROM platform.pending_outbox_events(:n)").bindparams(n=batch))
                        rows = due(sorted(s.execute(stmt).scalars().all(), key=lambda r: r.id)[:batch])
                    else:
                        unpublished = select(OutboxEvent).where(OutboxEvent.published_at.is_(None))
                        rows = due(list(s.execute(unpublished.order_by(OutboxEvent.id).limit(batch)).scalars()))
                    s.rollback()
                return rows
            for tid in tenants:
                with context.acting_as(context.system_context(tid, actor="relay")), self.session_factory() as s:
                    rows.extend(due(list(s.execute(_unpublished_of(tid).limit(batch)).scalars())))
                    s.rollback()
        return sorted(rows, key=lambda r: r.id)[:batch]

    def _drain_once(self, batch: int, tenants: list[UUID | None] | None = None) -> int:
        with self._lock, self._across_processes():
            in_process = getattr(self.bus, "delivers_in_process", False)
            if in_process and tenants is not None and len(tenants) == 1:
                return self._deliver_run(tenants[0], None, batch)  # one tenant (after a commit): read in the run
            pending = self._pending(batch, tenants)
            published = 0
            for tid, run in _runs_by_tenant(pending):
                published += self._deliver_run(tid, run) if in_process else self._publish_run(tid, run)
            return published

    def _publish(self, env: Envelope) -> str | None:
        """Hand one event to the bus; the error to record when it (or, in process, a handler) fails."""
        try:
            with context.acting_as(context.system_context(actor="relay")):
                self.bus.publish(env)
        except Exception as exc:  # recorded, retried on a later drain
            log.exception("event delivery failed", event_name=env.name, event_id=str(env.id))
            return f"{type(exc).__name__}: {exc}"
        return None

    def _deliver_run(self, tid: UUID | None, run: list[Envelope] | None, batch: int = 0) -> int:
        """In process: a run of one tenant's events in one transaction. Each durable handler runs in
        a savepoint (a failing one rolls back only its own work; the event stays pending, its attempt
        and error recorded, and is retried later with the handlers that already ran skipped); the
        inbox rows of the handlers that ran and the mark "published" are written at the end, with
        their work. A handler that takes batches (`Subscriptions.batch_of`) gets the run's events at once
        in one savepoint; should that fail, it gets them one by one, each in its own savepoint, so the
        failing event alone stays pending and the others are delivered once. The relay's locks (thread and `serve --workers` file lock) keep a second drain
        from delivering the same events meanwhile."""
        from vextrus.platform.uow import unit_of_work

        errors: dict[UUID, str] = {}
        with context.acting_as(context.system_context(tid, actor="relay")), \
                unit_of_work(separate=True) as uow:
            s = uow.session
            with tracing.quiet():
                if run is None:  # the tenant's pending events, read in this transaction (`batch` at most)
                    run = _due(list(s.execute(_unpublished_of(tid).limit(batch)).scalars()))
                    if not run:
                        return 0
                ids = [env.id for env in run]
                handled = {(h, e) for h, e in s.execute(
                    select(InboxEntry.handler, InboxEntry.event_id).where(InboxEntry.event_id.in_(ids)))}
            delivery = _Delivery(uow, handled)
            token = _delivery.set(delivery)
            try:
                publish_run = getattr(self.bus, "publish_run", None)
                if publish_run is not None:  # handlers that take batches get the run at once
                    with context.acting_as(context.system_context(actor="relay")):
                        errors.update(publish_run(run))
                else:
                    for env in run:
                        error = self._publish(env)
                        if error is not None:
                            errors[env.id] = error
            finally:
                _delivery.reset(token)
            now = clock.now()
            with tracing.quiet():
                if delivery.new:
                    s.execute(insert(InboxEntry), [{"handler": h, "event_id": e, "handled_at": now}
                                                   for h, e in delivery.new])
                self._mark(s, [i for i in ids if i not in errors], errors, now)
        return len(ids) - len(errors)

    def _publish_run(self, tid: UUID | None, run: list[Envelope]) -> int:
        """To a broker: publish each event, then mark the run in one transaction."""
        errors = {env.id: e for env in run if (e := self._publish(env)) is not None}
        with context.acting_as(context.system_context(tid, actor="relay")), \
                tracing.quiet(), self.session_factory() as s, s.begin():
            self._mark(s, [env.id for env in run if env.id not in errors], errors, clock.now())
        return len(run) - len(errors)

    @staticmethod
    def _mark(s: Session, done: list[UUID], errors: dict[UUID, str], now: Any) -> None:
        if done:
            s.execute(update(OutboxEvent).where(OutboxEvent.id.in_(done)).values(published_at=now)
                      .execution_options(synchronize_session=False))
        for eid, error in errors.items():
            s.execute(update(OutboxEvent).where(OutboxEvent.id == eid)
                      .values(attempts=OutboxEvent.attempts + 1, last_error=error[:2000])
                      .execution_options(synchronize_session=False))

    def start_background(self, interval: float = 1.0) -> None:
        """Poll for events left behind (crash, failed handler) and, with a broker, deliver all.
        Starting it twice keeps one poller."""
        if self._thread is not None and self._thread.is_alive():
            return

        def loop() -> None:
            while not self._stop.is_set():
                self._wake.wait(interval)
                self._wake.clear()
                try:
                    self.drain()
                except Exception:
                    log.exception("relay drain failed")

        self._thread = threading.Thread(target=loop, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._deliverer is not None:
            self._jobs.put(None)
            if self._deliverer is not threading.current_thread():
                self._deliverer.join(timeout=10)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)


def make_dispatch(session_factory: Callable[[], Session]) -> Dispatcher:
    """Run one handler for one event (`dispatch(sub, env)`), or a batch-taking handler for a run of one
    tenant's events (`dispatch.batch(sub, envs)`, in process). A handler of an event class gets the
    validated event (an envelope of another version is upcast or refused); durable handlers run in a
    unit of work with an inbox row, so a redelivered event is skipped; the handler acts with the
    event's tenant."""
    return Dispatcher(session_factory)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class Dispatcher:
    """What `make_dispatch` returns: callable for one (handler, event), `batch` for a run."""

    def __init__(self, session_factory: Callable[[], Session]):
        self.session_factory = session_factory

    def __call__(self, sub: Subscription, env: Envelope) -> None:
        from vextrus.platform.uow import unit_of_work

        ctx = context.system_context(tenant_id=env.tenant_id, actor=f"handler:{sub.handler_name}")
        with context.acting_as(ctx), tracing.handling(env.name, env.id, sub.handler_name, env.tenant_id, env.trace):
            event = sub.event_for(env)  # typed and upcast; EventRefused (logged) leaves the event pending
            if not sub.durable:
                sub.fn(event)
                return
            delivery = _delivery.get()
            if delivery is not None:  # inside the relay's delivery transaction: a savepoint per handler
                key = (sub.handler_name, env.id)
                if key in delivery.handled:
                    return
                with delivery.uow.session.begin_nested():
                    sub.fn(event, delivery.uow)
                delivery.handled.add(key)
                delivery.new.append(key)
                return
            with unit_of_work() as uow:  # a broker's consumer: one transaction per handler and event
                if uow.session.get(InboxEntry, (sub.handler_name, env.id)) is not None:
                    return
                uow.session.add(InboxEntry(handler=sub.handler_name, event_id=env.id))
                uow.session.flush()
                sub.fn(event, uow)

    def one_by_one(self, sub: Subscription, envs: list[Envelope]) -> dict[UUID, str]:
        """Each event on its own (its own savepoint in a delivery); the errors of those that failed."""
        errors: dict[UUID, str] = {}
        for env in envs:
            try:
                self(sub, env)
            except Exception as exc:
                log.exception("event delivery failed", event_name=env.name, event_id=str(env.id),
                              handler=sub.handler_name)
                errors[env.id] = _error_text(exc)
        return errors

    def batch(self, sub: Subscription, envs: list[Envelope]) -> dict[UUID, str]:
        """A run of one tenant's events, in order, to a batch-taking durable handler, inside the relay's
        delivery: the events not yet in its inbox in one savepoint and one call of its batch form. If that
        fails, one by one (each in its own savepoint), so only the failing events stay pending. Returns
        {event id: error} of the events that failed (refused ones too)."""
        delivery = _delivery.get()
        if delivery is None or sub.batch_fn is None or not sub.durable or len(envs) < 2 \
                or len({env.tenant_id for env in envs}) > 1:
            return self.one_by_one(sub, envs)
        errors: dict[UUID, str] = {}
        todo: list[tuple[Envelope, Any]] = []
        for env in envs:
            if (sub.handler_name, env.id) in delivery.handled:
                continue
            try:
                todo.append((env, sub.event_for(env)))
            except Exception as exc:  # EventRefused (logged): pending, like a failed handler
                errors[env.id] = _error_text(exc)
        if not todo:
            return errors
        first = todo[0][0]
        ctx = context.system_context(tenant_id=first.tenant_id, actor=f"handler:{sub.handler_name}")
        try:
            with context.acting_as(ctx), tracing.handling(first.name, first.id, sub.handler_name, first.tenant_id,
                                                          first.trace), delivery.uow.session.begin_nested():
                sub.batch_fn([event for _env, event in todo], delivery.uow)
        except Exception:
            log.warning("batch handler failed: its events are handed over one by one", handler=sub.handler_name,
                        events=len(todo), exc_info=True)
            errors.update(self.one_by_one(sub, [env for env, _event in todo]))
            return errors
        for env, _event in todo:
            key = (sub.handler_name, env.id)
            delivery.handled.add(key)
            delivery.new.append(key)
        return errors


class DeliverAfterResponse:
    """ASGI middleware (embedded mode): the events a request commits are delivered after its response
    is sent, on the relay's delivery thread, so handlers add nothing to the request's time. The ASGI
    call itself ends once they are delivered (at most SETTLE_SECONDS): a client that waits for the call
    (the test client) sees the handlers' effects without sleeping; a browser already has its answer."""

    def __init__(self, app: Any, relay: Relay):
        self.app = app
        self.relay = relay

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not (self.relay.synchronous and self.relay.after_response):
            await self.app(scope, receive, send)
            return
        pending = _Deferred()
        token = _deferred.set(pending)
        try:
            await self.app(scope, receive, send)
        finally:
            _deferred.reset(token)
            if pending:
                await self._settle(pending)

    async def _settle(self, pending: _Deferred) -> None:
        loop = asyncio.get_running_loop()
        settled = loop.create_future()

        def done() -> None:
            loop.call_soon_threadsafe(lambda: settled.done() or settled.set_result(None))

        self.relay.deliver_later(None if pending.everyone else list(pending.tenants), done)
        try:
            await asyncio.wait_for(asyncio.shield(settled), SETTLE_SECONDS)
        except TimeoutError:
            log.warning("events still being delivered after the response", waited_seconds=SETTLE_SECONDS)
