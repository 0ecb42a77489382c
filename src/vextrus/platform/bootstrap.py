"""First start and demo data: create the database, the first tenant, and (on request) the demo company."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from vextrus.platform import context, migrations, runtime
from vextrus.platform.db import describe_url, dispose_engine, make_engine
from vextrus.platform.errors import ConfigurationError
from vextrus.platform.tables import Tenant

DEMO_CODE = "padma"


def prepare_database(force: bool = False) -> None:
    """Migrate to the newest version (unless VEXTRUS_AUTO_MIGRATE=false, then refuse to run on an
    old schema); an unreachable database becomes one clear line."""
    rt = runtime.current()
    url, setting = rt.settings.database_url, "VEXTRUS_DATABASE_URL"
    try:
        if migrations.pending(rt.engine):
            if not (force or rt.settings.auto_migrate):
                raise ConfigurationError(
                    "setting VEXTRUS_AUTO_MIGRATE is false and the database is behind: run `vextrus migrate`")
            url, setting = rt.settings.migration_database_url or url, _migration_setting(rt)
            migrate(rt)
        elif force:  # `vextrus migrate` on a current database still (re)grants the runtime role
            url, setting = rt.settings.migration_database_url or url, _migration_setting(rt)
            migrate(rt)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigurationError(f"setting {setting}: cannot use {describe_url(url)} ({reason})") from None
    except ProgrammingError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if "permission denied" not in reason and "must be owner" not in reason:
            raise
        raise ConfigurationError(
            f"setting {setting}: {describe_url(url)} may not migrate the database ({reason}); migrations run as "
            "the owner role: set VEXTRUS_MIGRATION_DATABASE_URL (docs/operations.md, Database roles)") from None


def _migration_setting(rt: runtime.Runtime) -> str:
    return "VEXTRUS_MIGRATION_DATABASE_URL" if rt.settings.migration_database_url else "VEXTRUS_DATABASE_URL"


def migrate(rt: runtime.Runtime | None = None) -> None:
    """Run the migrations as the owner role (`VEXTRUS_MIGRATION_DATABASE_URL`), then grant the
    runtime role of `VEXTRUS_DATABASE_URL` what it needs. Without a migration URL the one URL
    does both (SQLite; a one-role development database)."""
    rt = rt or runtime.current()
    owner_url = rt.settings.migration_database_url
    if not owner_url or rt.engine.dialect.name != "postgresql":
        migrations.upgrade(rt.engine)
        return
    engine = make_engine(owner_url, migrations.all_schemas())
    try:
        migrations.upgrade(engine)
        runtime_role = make_url(rt.settings.database_url).username
        if runtime_role and runtime_role != make_url(owner_url).username:
            migrations.grant_runtime_role(engine, runtime_role)
    finally:
        dispose_engine(engine)


BOOTSTRAP_LOCK = 7_300_001  # PostgreSQL advisory lock: processes starting together bootstrap one at a time


@contextmanager
def _bootstrap_lock() -> Iterator[None]:
    rt = runtime.current()
    if rt.engine.dialect.name != "postgresql":
        yield  # SQLite is one process (embedded)
        return
    with rt.engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({BOOTSTRAP_LOCK})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({BOOTSTRAP_LOCK})")
            conn.commit()


def first_run() -> list[str]:
    """Run each module's first-start hook once (e.g. the first administrator); returns lines to print."""
    rt = runtime.current()
    lines: list[str] = []
    with _bootstrap_lock(), context.acting_as(context.system_context(actor="bootstrap")):
        for _m, fn in rt.registry.each("first_run"):
            lines.extend(fn() or [])
    return lines


def load_demo() -> tuple[Tenant, bool, list[str]]:
    """Create the demo construction company once; returns (tenant, created now?, lines to print).
    A module's demo hook may return lines for the console (e.g. the demo users' sign-in)."""
    rt = runtime.current()
    with _bootstrap_lock(), context.acting_as(context.system_context(actor="demo")):
        with rt.session_factory() as s:
            existing = s.execute(select(Tenant).where(Tenant.code == DEMO_CODE)).scalar_one_or_none()
            if existing is not None:
                return existing, False, []
        with rt.session_factory.begin() as s:
            tenant = Tenant(code=DEMO_CODE, name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড", is_demo=True)
            s.add(tenant)
        lines: list[str] = []
        for _m, fn in rt.registry.each("demo"):
            lines.extend(fn(tenant.id) or [])
        rt.relay.drain()
        return tenant, True, lines
