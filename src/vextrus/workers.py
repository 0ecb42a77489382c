"""`vextrus serve --workers N`: N server processes on one port; background work once per deployment.

The supervisor (the process you start) migrates the database and loads the demo when asked, builds
the app once so every module is imported, stops its runtime (no thread left running) and forks N
workers. They inherit the listening socket (the kernel hands each connection to one of them) and
the imported code, shared copy-on-write (`gc.freeze()` keeps the collector from dirtying it).

Each worker starts its own runtime: its engine (on PostgreSQL a pool of `VEXTRUS_DB_POOL_SIZE`
connections per worker), bus and relay. Worker 0 is the leader: only it runs the relay's catch-up
poll and the job consumer and scheduler. The others deliver, after each response, the events their
own requests committed, one process at a time (a file lock: no event is published twice). On SQLite
every worker shares the WAL file; writers wait for each other (busy timeout) and a transaction that
still finds the database locked is run again (`uow.retry_when_busy`), never shown to the user.

Handlers that must run in every process (`durable=False`: cache invalidation) get, in each worker,
the events the other workers committed from a follower thread that reads the outbox every second.

A worker that dies is started again under its number (a dead leader comes back as the leader).
SIGTERM or SIGINT to the supervisor stops every worker gracefully.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
import threading
import time
from datetime import timedelta
from typing import Any
from uuid import UUID

import structlog

log = structlog.get_logger("vextrus.workers")
FOLLOW_SECONDS = 1.0  # how often a worker reads the outbox for other workers' events
FOLLOW_WINDOW = timedelta(seconds=60)  # events emitted this long before a commit are still seen
RESPAWN_PAUSE = 1.0  # seconds between restarts of a worker that keeps dying
KEEP_ALIVE_SECONDS = 20  # an idle keep-alive connection is closed after this (uvicorn's default 5 s drops
# connections of clients that think for longer, and a client reusing one just then gets a reset)


def listen(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """The one listening socket every worker accepts from."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def supervise(settings: Any, workers: int, prepared: Any) -> int:  # noqa: ANN401 - Settings, FastAPI
    """Fork `workers` processes serving on settings.host:port and watch them until stopped.
    `prepared` is the app the supervisor built (discarded: it only proves the app builds and imports
    every module before the fork). Returns the exit status."""
    from vextrus.platform import runtime

    del prepared
    try:
        runtime.stop()  # stops the supervisor's threads (checkpointer, relay, bus): a fork copies none running
    except Exception:  # a bus slow to close must not stop the deployment: the workers connect afresh
        log.exception("closing the supervisor's runtime failed")
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and thread.is_alive():
            thread.join(timeout=5)
    sock = listen(settings.host, settings.port)
    gc.collect()
    gc.freeze()
    children: dict[int, int] = {}  # pid -> worker number
    stopping = threading.Event()

    def spawn(number: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                code = run_worker(settings, number, workers, sock)
            except BaseException:  # noqa: BLE001 - a worker reports and exits, never returns into the supervisor
                log.exception("worker failed", worker=number)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children[pid] = number

    def stop(_sig: int, _frame: Any) -> None:  # noqa: ANN401
        stopping.set()
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for number in range(workers):
        spawn(number)
    status = 0
    while children:
        try:
            pid, wait_status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:  # pragma: no cover - PEP 475 retries os.wait itself
            continue
        number = children.pop(pid, None)
        if number is None:
            continue
        code = os.waitstatus_to_exitcode(wait_status)
        if stopping.is_set():
            continue
        log.warning("worker exited; starting it again", worker=number, exit_code=code)
        status = 1
        time.sleep(RESPAWN_PAUSE)
        if not stopping.is_set():
            spawn(number)
    sock.close()
    return 0 if stopping.is_set() else status


def run_worker(settings: Any, number: int, workers: int, sock: socket.socket) -> int:  # noqa: ANN401
    """One worker: its own runtime and app on the inherited socket. Returns the exit status."""
    import uvicorn

    from vextrus.app import create_app
    from vextrus.platform import runtime

    rt = runtime.start(settings)
    leader = number == 0
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    rt.relay.interprocess_lock = str(settings.data_dir / "relay.lock")
    if leader and settings.jobs_url.startswith("sqlite://") and settings.bus_url.startswith("memory://"):
        rt.jobs.start_consumer()  # embedded jobs and the scheduler: in the leader only
    follower = None
    if workers > 1 and settings.bus_url.startswith("memory://"):
        follower = Follower(rt)
        follower.start()
    application = create_app(settings, start_runtime=False, relay_poll=leader or not rt.relay.synchronous)
    application.openapi()  # routes and the OpenAPI document built before the first request
    gc.collect()
    gc.freeze()
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", lifespan="on",
                                           timeout_keep_alive=KEEP_ALIVE_SECONDS))
    try:
        server.run(sockets=[sock])
    finally:
        if follower is not None:
            follower.stop()
        runtime.stop()
    return 0 if server.started else 1


class Follower:
    """Runs this process's non-durable handlers (cache invalidation) for the events other workers
    commit: with the in-memory bus an event is published only in the process that delivers it.
    Reads the outbox every FOLLOW_SECONDS; an event already handled here is skipped by id, and
    running an invalidation twice is harmless."""

    def __init__(self, rt: Any):  # noqa: ANN401
        from vextrus.platform import clock

        self.rt = rt
        self.subs = [s for s in rt.subscriptions if not s.durable]
        self.seen: dict[UUID, Any] = {}
        self.since = clock.now()
        self.applied = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-follower", daemon=True)

    def start(self) -> None:
        if self.subs:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(FOLLOW_SECONDS):
            try:
                self.follow()
            except Exception:
                log.exception("outbox follower failed")

    def follow(self) -> int:
        """Apply the events seen since the last call; returns how many handlers ran."""
        from sqlalchemy import select

        from vextrus.platform import clock, context, tracing
        from vextrus.platform.relay import to_envelope
        from vextrus.platform.tables import OutboxEvent, Tenant

        names = {s.event_name for s in self.subs}
        now = clock.now()
        window = self.since - FOLLOW_WINDOW
        recent = select(OutboxEvent).where(OutboxEvent.occurred_at >= window).order_by(OutboxEvent.id)
        if "*" not in names:
            recent = recent.where(OutboxEvent.name.in_(names))
        rows: list[Any] = []
        with tracing.quiet():
            if self.rt.engine.dialect.name == "postgresql":  # row-level security: one tenant at a time
                with context.acting_as(context.system_context(actor="follower")), self.rt.session_factory() as s:
                    tenants: list[UUID | None] = [None, *s.execute(select(Tenant.id)).scalars()]
                for tid in tenants:
                    with context.acting_as(context.system_context(tid, actor="follower")), \
                            self.rt.session_factory() as s:
                        only = OutboxEvent.tenant_id.is_(None) if tid is None else OutboxEvent.tenant_id == tid
                        rows.extend(to_envelope(r) for r in s.execute(recent.where(only)).scalars())
                        s.rollback()
            else:
                with context.acting_as(context.system_context(actor="follower")), self.rt.session_factory() as s:
                    rows = [to_envelope(r) for r in s.execute(recent).scalars()]
                    s.rollback()
        ran = 0
        for env in sorted(rows, key=lambda e: e.id):
            if env.id in self.seen:
                continue
            self.seen[env.id] = env.occurred_at
            for sub in self.subs:
                if sub.event_name not in (env.name, "*"):
                    continue
                try:
                    with context.acting_as(context.system_context(env.tenant_id, actor=f"handler:{sub.handler_name}")):
                        sub.fn(sub.event_for(env))
                    ran += 1
                except Exception:
                    log.exception("non-durable handler failed", handler=sub.handler_name, event_id=str(env.id))
        self.since = now
        cutoff = now - 2 * FOLLOW_WINDOW
        self.seen = {k: v for k, v in self.seen.items() if v >= cutoff}
        self.applied += ran
        return ran
