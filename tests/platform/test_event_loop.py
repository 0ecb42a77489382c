"""Sync work never runs on the event loop: while the heaviest request (a large hledger import through
REST) runs, a real uvicorn server still answers /health/live at once."""

from __future__ import annotations

import ast
import inspect
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from vextrus.app import create_app
from vextrus.modules.finance.service import plaintext as plaintext_io
from vextrus.platform import context

SRC = Path(__file__).resolve().parents[2] / "src" / "vextrus"


CHILD = """
import os, uuid
import vextrus.app
from vextrus import cli
from vextrus.platform import context
ctx = context.RequestContext(tenant_id=uuid.UUID(os.environ["LOOP_TEST_TENANT"]), user_id=uuid.uuid4(),
                             permissions=frozenset({"*"}), roles=frozenset({"owner"}), actor="admin@test")
real = vextrus.app.create_app
vextrus.app.create_app = lambda settings, **kw: real(settings, **kw, extra_authenticators=[lambda _req: ctx])
cli.serve(host="127.0.0.1", port=int(os.environ["LOOP_TEST_PORT"]), demo=False, modules=None)
"""


@contextmanager
def serving(settings, tenant_id) -> Iterator[str]:  # noqa: ANN001
    """`vextrus serve` in its own process over the test's database, every request acting as an owner of
    the tenant (the test's authenticator is the only thing added)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_") or k == "VEXTRUS_AUTH_ARGON2"}
    env.update(VEXTRUS_DATABASE_URL=settings.database_url, VEXTRUS_DATA_DIR=str(settings.data_dir),
               VEXTRUS_SECRET_KEY=settings.resolved_secret_key(), LOOP_TEST_TENANT=str(tenant_id),
               LOOP_TEST_PORT=str(port))
    if getattr(settings, "migration_database_url", None):
        env["VEXTRUS_MIGRATION_DATABASE_URL"] = settings.migration_database_url
    proc = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:  # polling for readiness, not timing
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else "server exited"
            try:
                if httpx.get(url + "/health/live", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server not ready in 90 s"
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _journal(n: int) -> str:
    out = ["2024-01-01 Opening\n    assets:bank:city    ৳1,00,00,000.00\n    equity:share capital\n"]
    day = date(2024, 1, 2)
    for i in range(n):
        out.append(f"{day + timedelta(days=i % 300)} Supplier {i} | cement bags {i}\n"
                   f"    expenses:site:materials    ৳{1000 + i}.50\n    assets:bank:city\n")
    return "\n".join(out)


def test_health_answers_while_a_large_import_runs(db, admin):
    """The import request is sent whole on a raw socket; it is in flight until its response arrives.
    Meanwhile /health/live is called again and again; only calls answered before the import's
    response count (with the import on the event loop, the first call waits for all of it)."""
    n = 5000
    body = _journal(n).encode()
    with serving(db.settings, admin.tenant_id) as url, httpx.Client(base_url=url, timeout=600) as client, \
            socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))) as imp:
        assert client.get("/health/live").status_code == 200  # the monitor's connection is open
        head = (f"POST /api/v1/finance/import?company=BIG&format=hledger HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: text/plain\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
        t0 = time.perf_counter()
        imp.sendall(head.encode() + body)  # in flight from here until its response arrives

        def answered() -> bool:
            return bool(select.select([imp], [], [], 0)[0])

        during: list[float] = []
        while len(during) < 50:
            c0 = time.perf_counter()
            assert client.get("/health/live").json() == {"status": "ok"}
            elapsed = time.perf_counter() - c0
            if answered():  # the import ended meanwhile: this call may not have overlapped it
                if not during:
                    during.append(elapsed)  # the first call already waited for the import: shown
                break
            during.append(elapsed)
        response = b""
        while chunk := imp.recv(65536):
            response += chunk
        import_seconds = time.perf_counter() - t0
    status = response.split(b" ", 2)[1]
    assert status == b"200", response[-2000:]
    assert json.loads(response.split(b"\r\n\r\n", 1)[1])["entries"] == n + 1
    print(f"\nimport of {n} transactions: {import_seconds:.2f} s; /health/live meanwhile: {len(during)} calls, "
          f"max {max(during) * 1000:.1f} ms, median {sorted(during)[len(during) // 2] * 1000:.1f} ms")
    # With the import on the event loop the first call waits for all of it and no other is answered before
    # its response. Off the loop the calls go on meanwhile. Judged by order, not by milliseconds (a loaded
    # machine stretches the calls and the import alike; the 100 ms goal is printed above, not asserted):
    # several calls answered while the import was in flight, none taking a large share of it.
    assert len(during) >= 3, (during, import_seconds)
    assert max(during) < import_seconds / 2, (during, import_seconds)


def _running_loop():  # noqa: ANN202
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def test_no_endpoint_is_async():
    """An `async def` endpoint runs on the event loop, so anything sync it calls stops the process:
    endpoints are plain `def` and take the body/form read asynchronously (platform.request_bounds)."""
    found = []
    for path in [*SRC.glob("modules/*/*.py"), *SRC.glob("web/*.py"), SRC / "platform" / "http.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.AsyncFunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                    and d.func.attr in ("get", "post", "put", "patch", "delete", "api_route") for d in node.decorator_list):
                found.append(f"{path.relative_to(SRC)} {node.name}")
    # live returns a constant; the file uploads stream the body from the loop into a worker thread
    # (every statement of theirs is `await run_in_threadpool(...)`, checked below)
    streaming = {"modules/files/rest.py upload", "modules/files/rest.py upload_version", "modules/files/web.py upload",
                 "modules/procurement/rest.py attach_grn_photo", "modules/procurement/web.py attach_grn_photo"}
    assert sorted(set(found) - streaming) == ["platform/http.py live"], found
    for path in [SRC / "modules/files/rest.py", SRC / "modules/files/web.py", SRC / "modules/procurement/rest.py",
                 SRC / "modules/procurement/web.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.AsyncFunctionDef):
                calls = [c for c in ast.walk(node) if isinstance(c, ast.Await)]
                assert calls and all(isinstance(a.value, ast.Call) and getattr(a.value.func, "id", "")
                                     == "run_in_threadpool" for a in calls), node.name
    assert inspect.isfunction(plaintext_io.import_plaintext)


@pytest.mark.parametrize("path", ["/finance/import"])
def test_page_upload_runs_in_the_thread_pool(db, admin, path, monkeypatch):
    """The page import (multipart form read on the loop) runs the import itself in a worker thread."""
    from fastapi.testclient import TestClient

    seen = {}
    real = plaintext_io.import_plaintext

    def watched(*args, **kwargs):  # noqa: ANN002, ANN003
        seen["on_loop_thread"] = _running_loop() is not None
        seen["actor"] = context.current().actor
        return real(*args, **kwargs)

    monkeypatch.setattr(plaintext_io, "import_plaintext", watched)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/finance/import")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        r = c.post(path, data={"company": "PG1", "format": "hledger"},
                   files={"file": ("small.journal", _journal(3).encode())})
    assert r.status_code == 200, r.text
    assert seen == {"on_loop_thread": False, "actor": admin.actor}


def test_imports_wait_for_a_slot_without_holding_a_thread(db, admin, monkeypatch):
    """With one upload slot a second import waits (on the loop, no thread) until the first ends, while
    other requests are served."""
    from fastapi.testclient import TestClient

    from vextrus.platform.errors import DomainError
    from vextrus.platform.settings import load_settings

    entered, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def fake(text: str, *_a, **_k):  # noqa: ANN002, ANN003, ANN202
        calls.append(text)
        if len(calls) == 1:
            entered.set()
            assert release.wait(60)
        raise DomainError("fake_stop", "stopped by the test", "পরীক্ষা থামিয়েছে")

    monkeypatch.setattr(plaintext_io, "import_plaintext", fake)
    settings = load_settings(**{**db.settings.model_dump(), "max_concurrent_uploads": 1})
    app = create_app(settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    statuses: list[int] = []
    with TestClient(app) as c:
        def post(body: bytes) -> None:
            statuses.append(c.post("/api/v1/finance/import", params={"company": "S"}, content=body).status_code)

        first = threading.Thread(target=post, args=(b"; first\n",))
        first.start()
        assert entered.wait(60)
        second = threading.Thread(target=post, args=(b"; second\n",))
        second.start()
        deadline = time.monotonic() + 30
        while app.state.upload_slots.waiting < 1:  # polling until the second import is at the gate
            assert time.monotonic() < deadline, "the second import never reached the slot"
            time.sleep(0.01)
        assert c.get("/health/live").json() == {"status": "ok"}  # served meanwhile
        assert calls == ["; first\n"] and app.state.upload_slots.running == 1
        release.set()
        first.join(60)
        second.join(60)
    assert calls == ["; first\n", "; second\n"] and statuses == [400, 400]
