"""`vextrus serve --workers N` (vextrus.workers, docs/performance.md): several processes on one port
and one SQLite file serve concurrent writes with no lost or duplicate entry and no error to the user;
background work runs once; a transaction that finds SQLite locked is run again, never shown."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from vextrus.platform import clock, context, uow
from vextrus.platform.events import Subscription
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent
from vextrus.platform.uow import command
from vextrus.workers import Follower

WRITERS = 24  # concurrent clients
ENTRIES_EACH = 4


@dataclass
class Served:
    url: str
    workdir: Path
    proc: subprocess.Popen
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def two_workers() -> Iterator[Served]:
    """`vextrus serve --demo --workers 2` on a fresh SQLite database, as an operator would start it."""
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="vextrus-workers-"))
    log = workdir / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_") or k == "VEXTRUS_AUTH_ARGON2"}
    env["VEXTRUS_SECRET_KEY"] = secrets.token_urlsafe(48)
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "vextrus.cli", "serve", "--demo", "--port", str(port),
                                 "--workers", "2"], cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        if proc.poll() is not None:
            pytest.fail(f"server exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(url + "/health/ready", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"server not ready in 180 s: {log.read_text()[-3000:]}")
        time.sleep(0.2)  # polling for readiness, not timing
    yield Served(url, workdir, proc, log)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def _workers(served: Served) -> list[psutil.Process]:
    return psutil.Process(served.proc.pid).children()


def _token(served: Served) -> str:
    creds = (served.workdir / "var" / "demo-credentials.txt").read_text()
    password = re.search(r"password for all: ([^)]+)\)", creds).group(1)
    r = httpx.post(served.url + "/api/v1/auth/login", json={"email": "owner@padma.example", "password": password})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def test_two_workers_share_the_port_and_the_supervisor_says_so(two_workers):
    assert "2 workers" in two_workers.log.read_text()
    assert len(_workers(two_workers)) == 2


def test_concurrent_rest_writes_on_two_workers_lose_nothing_and_duplicate_nothing(two_workers):
    token = _token(two_workers)
    marker = secrets.token_hex(4)
    before = {p.pid: p.cpu_times().user + p.cpu_times().system for p in _workers(two_workers)}

    async def run() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=WRITERS)  # one connection per client: the kernel spreads them
        async with httpx.AsyncClient(base_url=two_workers.url, timeout=120, limits=limits,
                                     headers={"Authorization": f"Bearer {token}"}) as c:
            async def client(n: int) -> list[httpx.Response]:
                out = []
                for i in range(ENTRIES_EACH):
                    body = {"entry_date": clock.today().isoformat(), "narration": f"{marker}-{n}-{i}",
                            "lines": [{"account_code": "5110", "debit": f"{n + 1}.{i:02d}"},
                                      {"account_code": "2110", "credit": f"{n + 1}.{i:02d}"}]}
                    key = {"Idempotency-Key": f"{marker}-{n}-{i}"}
                    out.append(await c.post("/api/v1/finance/books/PBL/entries", json=body, headers=key))
                    if i == 0:  # the same request again (a client retrying): the first result, no second entry
                        out.append(await c.post("/api/v1/finance/books/PBL/entries", json=body, headers=key))
                return out

            return [r for rs in await asyncio.gather(*(client(n) for n in range(WRITERS))) for r in rs]

    responses = asyncio.run(run())
    bad = [(r.status_code, r.text[:300]) for r in responses if r.status_code != 201]
    assert not bad, bad  # no "database is locked", no 503: every write answered
    ids = [r.json()["id"] for r in responses]
    assert len(set(ids)) == WRITERS * ENTRIES_EACH  # the retried request gave back the first entry

    with sqlite3.connect(two_workers.workdir / "vextrus.db") as con:
        rows = con.execute("SELECT narration, status FROM finance_journal_entry WHERE narration LIKE ?",
                           (f"{marker}-%",)).fetchall()
    assert sorted(n for n, _ in rows) == sorted(f"{marker}-{n}-{i}" for n in range(WRITERS) for i in range(ENTRIES_EACH))
    assert {s for _, s in rows} == {"posted"}
    after = {p.pid: p.cpu_times().user + p.cpu_times().system for p in _workers(two_workers)}
    assert all(after[pid] > before[pid] for pid in before)  # both workers did part of the work


def test_every_event_is_published_once_and_background_work_stays_in_one_worker(two_workers):
    deadline = time.monotonic() + 30
    while True:
        with sqlite3.connect(two_workers.workdir / "vextrus.db") as con:
            pending = con.execute("SELECT count(*) FROM outbox_event WHERE published_at IS NULL").fetchone()[0]
        if pending == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.2)  # polling for the relay, not timing
    assert pending == 0
    with sqlite3.connect(two_workers.workdir / "vextrus.db") as con:
        twice = con.execute("SELECT handler, event_id, count(*) FROM inbox_entry GROUP BY handler, event_id "
                            "HAVING count(*) > 1").fetchall()
    assert twice == []
    consumers = [p for p in _workers(two_workers) if any(t for t in _thread_names(p) if "huey" in t.lower())]
    assert len(consumers) <= 1


def _thread_names(p: psutil.Process) -> list[str]:
    names = []
    for t in p.threads():
        comm = Path(f"/proc/{p.pid}/task/{t.id}/comm")
        names.append(comm.read_text().strip() if comm.exists() else "")
    return names


def test_sigterm_stops_the_supervisor_and_every_worker():
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="vextrus-workers-stop-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_")}
    env["VEXTRUS_SECRET_KEY"] = secrets.token_urlsafe(48)
    proc = subprocess.Popen([sys.executable, "-m", "vextrus.cli", "serve", "--port", str(port), "--workers", "2"],
                            cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while True:
        assert proc.poll() is None
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline
        time.sleep(0.2)  # polling for readiness, not timing
    children = psutil.Process(proc.pid).children()
    assert len(children) == 2
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive


# ---- in process ---------------------------------------------------------------------------------

_calls: list[int] = []


@command("test.workers.write")
def _write_twice_locked(u: uow.UnitOfWork, name: str) -> None:
    _calls.append(1)
    u.session.add(OutboxEvent(id=new_id(), name=name, version=1, tenant_id=context.current().tenant_id,
                              occurred_at=clock.now(), actor="t", payload={}, attempts=0,
                              published_at=clock.now()))
    u.session.flush()
    if len(_calls) <= 2:  # what SQLite says when another process kept the write lock past the busy timeout
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))


def _count(db, name: str) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        return s.execute(select(func.count()).select_from(OutboxEvent).where(OutboxEvent.name == name)).scalar()


def test_a_locked_database_is_retried_whole_never_shown(db, admin):
    _calls.clear()
    name = f"test.locked.{new_id().hex[-8:]}"
    _write_twice_locked(name)
    assert len(_calls) == 3 and _count(db, name) == 1  # the two failed attempts were rolled back
    _calls.clear()
    _write_twice_locked(f"{name}.k", idempotency_key=name)
    assert len(_calls) == 3 and _count(db, f"{name}.k") == 1


def test_other_database_errors_are_not_retried(db, admin):
    calls = []

    @command("test.workers.other")
    def broken(_u: uow.UnitOfWork) -> None:
        calls.append(1)
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: nowhere"))

    with pytest.raises(OperationalError):
        broken()
    assert len(calls) == 1


def test_the_follower_runs_this_process_non_durable_handlers_for_other_workers_events(db, tenant_id):
    seen: list[tuple[str, object]] = []
    name = f"test.cache.{new_id().hex[-8:]}"
    sub = Subscription(name, "test.invalidate", lambda env: seen.append((env.name, env.tenant_id)), durable=False)
    durable = Subscription(name, "test.durable", lambda *_: pytest.fail("durable handlers run once, not here"))

    class Rt:  # what the follower reads of the runtime
        subscriptions = [sub, durable]
        engine = db.engine
        session_factory = db.session_factory

    follower = Follower(Rt())
    with context.acting_as(context.system_context(tenant_id)), db.session_factory.begin() as s:
        s.add(OutboxEvent(id=new_id(), name=name, version=1, tenant_id=tenant_id, occurred_at=clock.now(),
                          actor="another worker", payload={}, attempts=0, published_at=clock.now()))
    assert follower.follow() == 1
    assert seen == [(name, tenant_id)]
    assert follower.follow() == 0  # once per event


def test_the_default_is_one_worker_per_core_for_the_whole_app_and_one_process_for_some_modules():
    from vextrus.platform.settings import load_settings

    assert load_settings().resolved_workers() == (os.cpu_count() or 1)
    assert load_settings(modules="finance").resolved_workers() == 1  # scale-out: the orchestrator adds processes
    assert load_settings(modules="finance", workers=3).resolved_workers() == 3
    assert load_settings(workers=1).resolved_workers() == 1
