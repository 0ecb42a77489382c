"""Test fixtures: every database test runs on SQLite and on PostgreSQL.

Each run creates its own PostgreSQL database (vextrus_test_<random>) and drops it at the end.
Set VEXTRUS_TEST_DATABASES=sqlite to run only SQLite while developing; CI sets
VEXTRUS_TEST_REQUIRE_POSTGRES=1 so a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, settings

from vextrus.platform import bootstrap, context, runtime
from vextrus.platform.ids import new_id
from vextrus.platform.scratch import ScratchDatabase, scratch_database
from vextrus.platform.settings import load_settings
from vextrus.platform.tables import Tenant

# Properties are judged by their examples, never by their speed: on a loaded CI machine hypothesis's per-example
# deadline and its too-slow health check failed tests whose properties held (a test may still set its own).
settings.register_profile("vextrus", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("vextrus")
os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")  # production-cost hashing is benchmarked, not tested
PG_ADMIN_URL = os.environ.get("VEXTRUS_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("VEXTRUS_TEST_REQUIRE_POSTGRES") == "1"
BACKENDS = [b.strip() for b in os.environ.get("VEXTRUS_TEST_DATABASES", "sqlite,postgresql").split(",") if b.strip()]
_pg_tests_run = 0


class Backend:
    def __init__(self, name: str, url: str, cleanup, owner_url: str | None = None):  # noqa: ANN001
        self.name, self.url, self.cleanup = name, url, cleanup
        self.owner_url = owner_url if owner_url and owner_url != url else None
        self.rt: runtime.Runtime | None = None

    def activate(self) -> runtime.Runtime:
        if self.rt is None:
            runtime._current = None
            settings = load_settings(database_url=self.url, migration_database_url=self.owner_url,
                                     data_dir=Path(tempfile.mkdtemp()), secret_key="t" * 48)
            self.rt = runtime.start(settings)
            bootstrap.migrate(self.rt)  # as the owner role, then grants to the runtime role
        runtime._current = self.rt
        return self.rt


PG_OWNER_ROLE, PG_RUNTIME_ROLE = "vextrus_app_test", "vextrus_runtime_test"


def _make_pg() -> ScratchDatabase:
    """A fresh database set up as production should be: owned by an ordinary role that runs the
    migrations, used by a runtime role that owns nothing (neither superuser nor BYPASSRLS), so
    every PostgreSQL test runs under the row-level security policies it cannot switch off."""
    return scratch_database(PG_ADMIN_URL, owner=PG_OWNER_ROLE, runtime=PG_RUNTIME_ROLE, prefix="vextrus_test")


@pytest.fixture(scope="session")
def scratch_postgres():
    """A factory for tests that start their own processes: () -> a fresh `ScratchDatabase`
    (unpacks as (url, drop); `.owner_url` migrates, `.environment()` gives a process both URLs)."""
    return _make_pg


@pytest.fixture
def own_database(db):
    """An empty database of the test's backend, apart from the shared one, for migration tests that go down and up
    again: an engine as the owner role (migrations run as the owner), dropped afterwards."""
    from vextrus.platform import migrations
    from vextrus.platform.db import make_engine

    scratch = _make_pg() if db.engine.dialect.name == "postgresql" else scratch_database(None)
    engine = make_engine(scratch.owner_url, migrations.all_schemas())
    try:
        yield engine
    finally:
        engine.dispose()
        scratch.drop()


_backends: dict[tuple[str, bool], Backend | Exception] = {}


def _backend(name: str, fanout: bool = False) -> Backend:
    key = (name, fanout)
    if key not in _backends:
        try:
            if name == "sqlite":
                path = Path(tempfile.mkdtemp()) / "test.db"
                _backends[key] = Backend(name, f"sqlite:///{path}", lambda: None)
            else:
                pg = _make_pg()
                _backends[key] = Backend(name, pg.url, pg.drop, pg.owner_url)
        except Exception as exc:  # PostgreSQL not reachable
            _backends[key] = exc
    b = _backends[key]
    if isinstance(b, Exception):
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required but unavailable: {b}")
        pytest.skip(f"{name} unavailable: {b}")
    return b


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest) -> Iterator[runtime.Runtime]:
    """The running platform on one database (the test runs once per database). A test marked `every_tenant`
    (it runs a job for every tenant in the database) gets a database of its own kind kept for such tests: in
    the shared one, where each test adds a tenant, its time grew with the number of tests run before it."""
    fanout = request.node.get_closest_marker("every_tenant") is not None
    backend = _backend(request.param, fanout)
    yield backend.activate()


@pytest.fixture
def tenant_id(db: runtime.Runtime) -> UUID:
    """A fresh tenant per test: tests never see each other's rows."""
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Test Builders Ltd.", is_demo=False))
    return tid


@pytest.fixture
def admin(tenant_id: UUID) -> Iterator[context.RequestContext]:
    """Act as a tenant administrator (all permissions) for the duration of the test."""
    ctx = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset({"*"}),
                                 roles=frozenset({"owner"}), actor="admin@test")
    with context.acting_as(ctx):
        yield ctx


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked `sqlite_only` or `postgres_only` runs only with that database (it is not
    collected, rather than skipped, for the other one: CI refuses skipped PostgreSQL tests)."""
    keep = []
    for item in items:
        backend = getattr(getattr(item, "callspec", None), "params", {}).get("db")
        if backend == "postgresql" and item.get_closest_marker("sqlite_only"):
            continue
        if backend == "sqlite" and item.get_closest_marker("postgres_only"):
            continue
        keep.append(item)
    items[:] = keep


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Counts tests that ran on PostgreSQL. Reports reach this hook in the process that prints them (the
    controller when pytest-xdist spreads the run over workers), so the count covers every worker."""
    global _pg_tests_run
    if report.when == "call" and "[postgresql" in report.nodeid:
        _pg_tests_run += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for b in _backends.values():
        if isinstance(b, Backend):
            if b.rt is not None:
                b.rt.close()
            b.cleanup()
    runtime._current = None
    worker = hasattr(session.config, "workerinput")  # an xdist worker: its controller counts and judges
    if REQUIRE_PG and not worker and "postgresql" in BACKENDS and _pg_tests_run == 0 and session.testscollected:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            "FAILED: no test ran on PostgreSQL although VEXTRUS_TEST_REQUIRE_POSTGRES=1", red=True)
        session.exitstatus = 1


# ---- a real running server (e2e and browser tests) ---------------------------------------------


class LiveServer:
    def __init__(self, url: str, workdir: Path, proc, log_path: Path):  # noqa: ANN001
        self.url, self.workdir, self.proc, self.log_path = url, workdir, proc, log_path

    @property
    def output(self) -> str:
        return self.log_path.read_text()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """`vextrus serve --demo` in a fresh directory on a free port, as a new user would start it."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = Path(tempfile.mkdtemp(prefix="vextrus-live-"))
    log_path = workdir / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_") or k in ("VEXTRUS_MODULES", "VEXTRUS_AUTH_ARGON2")}
    env["VEXTRUS_SECRET_KEY"] = secrets.token_urlsafe(48)
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "vextrus.cli", "serve", "--demo", "--port", str(port)],
                                cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    ready_within = 240  # seconds: the demo company is built at start; on a loaded 2-core CI machine that took over 90
    deadline = time.monotonic() + ready_within
    while True:
        if proc.poll() is not None:
            pytest.fail(f"server exited: {log_path.read_text()[-3000:]}")
        try:
            if httpx.get(url + "/health/ready", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"server not ready in {ready_within} s: {log_path.read_text()[-3000:]}")
        time.sleep(0.2)  # polling for readiness, not timing
    yield LiveServer(url, workdir, proc, log_path)
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
