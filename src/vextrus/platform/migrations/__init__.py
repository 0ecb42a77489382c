"""Running Alembic for the platform and every module (one version branch each)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from vextrus.platform.modules import available_modules

HERE = Path(__file__).parent


def _config(connection: Any, target_metadata: Any = None, include_schemas: list[str] | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    locations = [str(HERE / "versions")]
    for m in available_modules().values():
        if m.migrations_dir.is_dir():
            locations.append(str(m.migrations_dir))
    cfg.set_main_option("path_separator", "os")
    import os

    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    cfg.attributes["connection"] = connection
    cfg.attributes["target_metadata"] = target_metadata
    cfg.attributes["include_schemas"] = include_schemas
    return cfg


def all_schemas() -> list[str]:
    return ["platform", *available_modules()]


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest version of every module (creating schemas on PostgreSQL)."""
    from alembic import command

    with engine.connect() as conn, _sqlite_foreign_keys_off(conn), conn.begin():
        if conn.dialect.name == "postgresql":
            for schema in all_schemas():
                conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        command.upgrade(_config(conn), "heads")


def grant_runtime_role(engine: Engine, role: str) -> None:
    """Give the application's runtime role what it needs and nothing more (PostgreSQL; `engine`
    connects as the owner that ran the migrations): use of the schemas, reading and writing rows,
    the sequences and the functions, also for tables later migrations add (default privileges).
    It owns nothing, so it cannot alter a table, its row-level security or its triggers, and it
    may read the migration versions but not change them. Repeating it changes nothing."""
    with engine.begin() as conn:
        if conn.dialect.name != "postgresql":
            return
        r = conn.dialect.identifier_preparer.quote(role)
        for schema in all_schemas():
            s = conn.dialect.identifier_preparer.quote(schema)
            for sql in (
                f"GRANT USAGE ON SCHEMA {s} TO {r}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
                f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {r}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
            ):
                conn.execute(text(sql))
        conn.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON platform.alembic_version FROM {r}"))


def downgrade(engine: Engine, revision: str) -> None:
    """Take one module's branch back to `revision` (e.g. "projects_0001"), with the same SQLite care."""
    from alembic import command

    with engine.connect() as conn, _sqlite_foreign_keys_off(conn), conn.begin():
        command.downgrade(_config(conn), revision)


@contextmanager
def _sqlite_foreign_keys_off(conn: Any) -> Iterator[None]:
    """SQLite rebuilds a table to alter it (Alembic's batch mode: copy, DROP the old, rename), and with
    foreign keys on that DROP deletes the rows of every table that references it (ON DELETE CASCADE).
    So migrations run with foreign keys off, as SQLite's ALTER TABLE instructions say, and then
    `PRAGMA foreign_key_check` must find nothing before they are switched on again."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection  # no transaction is open yet: the pragma takes effect
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"a migration left rows whose foreign keys point nowhere: {broken[:5]}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


_REV = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_PARENTS = re.compile(r'^(?:down_revision|depends_on)\s*=\s*(.+)$', re.M)


def shipped_heads() -> set[str]:
    """The revisions Alembic records as current once everything is applied (branch heads that no
    other revision depends on), read from the version files without importing Alembic: this keeps
    `vextrus serve` start-up fast when the database is already current."""
    revisions: set[str] = set()
    parents: set[str] = set()
    dirs = [HERE / "versions", *(m.migrations_dir for m in available_modules().values())]
    for d in dirs:
        for f in d.glob("*.py") if d.is_dir() else ():
            text = f.read_text()
            rev = _REV.search(text)
            if not rev:
                continue
            revisions.add(rev.group(1))
            for line in _PARENTS.findall(text):  # Alembic omits depended-on revisions from its table
                parents.update(re.findall(r'["\']([^"\']+)["\']', line))
    return revisions - parents


def pending(engine: Engine) -> bool:
    """True when the database is behind the migrations shipped with this code."""
    with engine.connect() as conn:
        table = "platform.alembic_version" if conn.dialect.name == "postgresql" else "alembic_version"
        try:
            current = {r[0] for r in conn.execute(text(f"SELECT version_num FROM {table}"))}
        except Exception:
            return True
    return current != shipped_heads()


def revision(engine: Engine, module: str, message: str) -> None:
    """Autogenerate a revision on the module's branch by comparing its tables with the database."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from vextrus.platform.modules import available_modules as avail

    mod = avail()[module]
    base = mod.load(mod.metadata)
    with engine.begin() as conn:
        cfg = _config(conn, target_metadata=base.metadata, include_schemas=[module])
        script = ScriptDirectory.from_config(cfg)
        labels = {label for rev in script.walk_revisions() for label in (rev.branch_labels or ())}
        mod.migrations_dir.mkdir(exist_ok=True)
        if module in labels:
            command.revision(cfg, message=message, autogenerate=True, head=f"{module}@head")
        else:
            command.revision(cfg, message=message, autogenerate=True, head="base", branch_label=module,
                             version_path=str(mod.migrations_dir))
