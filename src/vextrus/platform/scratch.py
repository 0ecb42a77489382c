"""Throw-away databases for tests and benchmarks, set up the way production should run:
PostgreSQL databases belong to an ordinary role (not a superuser, no BYPASSRLS) and, when asked,
the application connects as a second one that owns nothing, so the row-level security policies
apply to everything measured or tested."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa


@dataclass
class ScratchDatabase:
    """A throw-away database: `url` for the application (the runtime role), `owner_url` for
    migrations (the owner role; the same URL when no runtime role was asked for), `drop()`.
    Unpacks as `(url, drop)`."""

    url: str
    owner_url: str
    drop: Callable[[], None]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.url, self.drop))

    def environment(self) -> dict[str, str]:
        """The settings of a process using it (`VEXTRUS_DATABASE_URL` and, when the roles differ,
        `VEXTRUS_MIGRATION_DATABASE_URL`)."""
        env = {"VEXTRUS_DATABASE_URL": self.url}
        if self.owner_url != self.url:
            env["VEXTRUS_MIGRATION_DATABASE_URL"] = self.owner_url
        return env


def _ensure_role(c: sa.Connection, role: str) -> None:
    if not c.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).first():
        try:
            c.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE')
        except sa.exc.ProgrammingError:
            pass  # created at the same moment by another run


def scratch_database(admin_url: str | None, *, owner: str = "vextrus_app_test", runtime: str | None = None,
                     prefix: str = "vextrus_scratch") -> ScratchDatabase:
    """A SQLite file when `admin_url` is None or "sqlite", else a fresh PostgreSQL database created
    through the administrator URL and owned by `owner`. With `runtime`, a second ordinary role
    that owns nothing connects as the application (`url`) while `owner_url` runs the migrations,
    which grant it what it needs (docs/operations.md, "Database roles")."""
    if admin_url is None or admin_url == "sqlite":
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / (prefix + '.db')}"
        return ScratchDatabase(url, url, lambda: None)
    if admin_url.startswith("postgresql://"):
        admin_url = "postgresql+psycopg://" + admin_url.removeprefix("postgresql://")
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{secrets.token_hex(4)}"
    with admin.connect() as c:
        for role in (owner, runtime):
            if role:
                _ensure_role(c, role)
        c.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER "{owner}"')

    def drop() -> None:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    base = sa.engine.make_url(admin_url).set(password=None, database=name)
    owner_url = base.set(username=owner).render_as_string(hide_password=False)
    url = base.set(username=runtime).render_as_string(hide_password=False) if runtime else owner_url
    return ScratchDatabase(url, owner_url, drop)
