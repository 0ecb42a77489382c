"""Tenant isolation in the ORM session: every query on a TenantScoped model is filtered to
the current tenant, and new rows get the current tenant's id. On PostgreSQL the tenant is
also set per transaction (`vextrus.tenant_id`) for the row-level security policies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import event, select, text
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from vextrus.platform import context
from vextrus.platform.db import TenantScoped
from vextrus.platform.errors import DomainError

TENANT_SETTING = "vextrus.tenant_id"


def install(session_cls: type[Session]) -> None:
    @event.listens_for(session_cls, "do_orm_execute")
    def _filter_by_tenant(state: ORMExecuteState) -> None:
        ctx = context.current()
        if ctx.tenant_id is None:
            return
        if state.is_select or state.is_update or state.is_delete:
            state.statement = state.statement.options(_tenant_criterion(ctx.tenant_id))

    @event.listens_for(session_cls, "before_flush")
    def _stamp_tenant(session: Session, _flush: Any, _instances: Any) -> None:
        tid = context.current().tenant_id
        for obj in session.new:
            if isinstance(obj, TenantScoped):
                if obj.tenant_id is None:
                    if tid is None:
                        raise DomainError("tenant_missing", "No tenant is selected for this change",
                                          "এই পরিবর্তনের জন্য কোনো টেন্যান্ট নির্বাচিত নেই")
                    obj.tenant_id = tid
                elif tid is not None and obj.tenant_id != tid and not context.current().system:
                    raise DomainError("tenant_mismatch", "A row may not be written for another tenant",
                                      "অন্য টেন্যান্টের জন্য সারি লেখা যাবে না")

    @event.listens_for(session_cls, "after_begin")
    def _set_db_tenant(session: Session, _tx: Any, connection: Any) -> None:
        if connection.dialect.name != "postgresql":
            return
        # one tenant or none: there is no "all tenants" value (work across tenants loops over them)
        value = str(context.current().tenant_id or "")
        connection.execute(text("SELECT set_config(:k, :v, true)"), {"k": TENANT_SETTING, "v": value})


@lru_cache(maxsize=4096)
def _tenant_criterion(tid: UUID) -> Any:
    """The ORM option limiting a statement to one tenant's rows, built once per tenant (building it for every
    statement cost ~11 µs of CPU, on every ORM statement of every request)."""
    return with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tid, include_aliases=True)


_UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def current_tenant_sql() -> str:
    """SQL for the tenant of the transaction as a uuid, NULL when none (or anything but a uuid,
    such as the '*' that once meant every tenant). A scalar sub-select, so PostgreSQL evaluates it
    once per query (an InitPlan) and the `tenant_id` index stays usable."""
    setting = f"current_setting('{TENANT_SETTING}', true)"
    return f"(SELECT CASE WHEN {setting} ~ '{_UUID_PATTERN}' THEN {setting}::uuid END)"


def rls_policy_sql(qualified_table: str, *, platform_rows: bool = False) -> list[str]:
    """SQL enabling row-level security on a tenant table (used by migrations on PostgreSQL).

    A session sees and writes only rows of the tenant in `vextrus.tenant_id`; without one it sees
    none, and no value stands for every tenant: work across tenants goes tenant by tenant
    (docs/security.md, "Database roles and row-level security"). FORCE makes the policy apply to
    the table's owner too. `platform_rows=True` (the outbox, whose platform events
    have no tenant) also lets a session without a tenant reach the rows without one."""
    own = f"tenant_id = {current_tenant_sql()}"
    if platform_rows:
        setting = f"current_setting('{TENANT_SETTING}', true)"
        own = f"{own} OR (tenant_id IS NULL AND (SELECT COALESCE({setting}, '')) = '')"
    return [
        f"ALTER TABLE {qualified_table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {qualified_table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS tenant_isolation ON {qualified_table}",
        f"CREATE POLICY tenant_isolation ON {qualified_table} USING ({own})",
    ]


def tenant_lookup_sql(function: str, qualified_table: str, column: str | None) -> str:
    """SQL creating `function(key text) RETURNS uuid`: the tenant holding a row of the table whose
    `column` equals the key (any row when `column` is None), found by trying each tenant in turn
    with `vextrus.tenant_id` set to it, the way row-level security allows. For what must run before
    the tenant is known (the tenant of a sign-in email, of a refresh token); it runs with the
    caller's rights and restores the caller's tenant setting."""
    where = f"WHERE t.{column} = lookup_key" if column else ""
    return f"""CREATE OR REPLACE FUNCTION {function}(lookup_key text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  previous text := current_setting('{TENANT_SETTING}', true);
  candidate uuid;
  hit uuid;
BEGIN
  FOR candidate IN SELECT id FROM platform.tenant ORDER BY id LOOP
    PERFORM set_config('{TENANT_SETTING}', candidate::text, true);
    SELECT t.tenant_id INTO hit FROM {qualified_table} t {where} LIMIT 1;
    EXIT WHEN hit IS NOT NULL;
  END LOOP;
  PERFORM set_config('{TENANT_SETTING}', COALESCE(previous, ''), true);
  RETURN hit;
END
$fn$"""


def find_tenant(session: Session, function: str, column: Any, key: str | None = None) -> UUID | None:
    """The tenant holding a row whose `column` (an ORM attribute) equals `key` (any row when
    None), for work before the tenant is known. On PostgreSQL the lookup function made by
    `tenant_lookup_sql` tries each tenant in turn; SQLite has no row-level security."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(text(f"SELECT {function}(CAST(:key AS text))"), {"key": key}).scalar()
        return UUID(str(found)) if found is not None else None
    table = column.class_.__table__
    stmt = select(table.c.tenant_id).limit(1)
    if key is not None:
        stmt = stmt.where(table.c[column.key] == key)
    return session.execute(stmt).scalar()


@contextmanager
def within_tenant(session: Session, tenant_id: UUID) -> Iterator[None]:
    """Inside an open transaction begun without a tenant (sign-in), read and write one tenant's
    rows once `find_tenant` has named it: on PostgreSQL the tenant setting for row-level security,
    restored after; changes made inside are flushed inside. SQLite: nothing to do."""
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    session.flush()
    previous = session.execute(text("SELECT current_setting(:k, true)"), {"k": TENANT_SETTING}).scalar()
    session.execute(text("SELECT set_config(:k, :v, true)"), {"k": TENANT_SETTING, "v": str(tenant_id)})
    restore = text("SELECT set_config(:k, :v, true)"), {"k": TENANT_SETTING, "v": previous or ""}
    try:
        yield
        session.flush()
    except BaseException:
        with suppress(Exception):  # a failed transaction is rolled back, and the setting with it
            session.execute(*restore)
        raise
    session.execute(*restore)


def tenants_of(session: Session) -> list[UUID]:
    """Every tenant's id (the tenant list is platform data, outside row-level security)."""
    from vextrus.platform.tables import Tenant

    return list(session.execute(select(Tenant.id).order_by(Tenant.id)).scalars())
