"""First start and demo data: create the database, the first tenant, and (on request) the demo company."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from vextrus.platform import context, migrations, runtime
from vextrus.platform.db import describe_url
from vextrus.platform.errors import ConfigurationError
from vextrus.platform.tables import Tenant

DEMO_CODE = "padma"


def prepare_database(force: bool = False) -> None:
    """Migrate to the newest version (unless VEXTRUS_AUTO_MIGRATE=false, then refuse to run on an
    old schema); an unreachable database becomes one clear line."""
    rt = runtime.current()
    try:
        if migrations.pending(rt.engine):
            if not (force or rt.settings.auto_migrate):
                raise ConfigurationError(
                    "setting VEXTRUS_AUTO_MIGRATE is false and the database is behind: run `vextrus migrate`")
            migrations.upgrade(rt.engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigurationError(
            f"setting VEXTRUS_DATABASE_URL: cannot use {describe_url(rt.settings.database_url)} ({reason})"
        ) from None


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
