"""Throw-away databases for tests and benchmarks, set up the way production should run:
PostgreSQL databases belong to an ordinary role (not a superuser, no BYPASSRLS), so the
row-level security policies apply to everything measured or tested."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa


def scratch_database(admin_url: str | None, *, owner: str = "vextrus_app_test",
                     prefix: str = "vextrus_scratch") -> tuple[str, Callable[[], None]]:
    """(url, drop): a SQLite file when `admin_url` is None or "sqlite", else a fresh PostgreSQL
    database created through the administrator URL, owned by `owner`, whose URL connects as it."""
    if admin_url is None or admin_url == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / (prefix + '.db')}", lambda: None
    if admin_url.startswith("postgresql://"):
        admin_url = "postgresql+psycopg://" + admin_url.removeprefix("postgresql://")
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{secrets.token_hex(4)}"
    with admin.connect() as c:
        if not c.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (owner,)).first():
            try:
                c.exec_driver_sql(f'CREATE ROLE "{owner}" LOGIN NOSUPERUSER NOBYPASSRLS')
            except sa.exc.ProgrammingError:
                pass  # created at the same moment by another run
        c.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER "{owner}"')

    def drop() -> None:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    url = sa.engine.make_url(admin_url).set(username=owner, password=None, database=name)
    return url.render_as_string(hide_password=False), drop
