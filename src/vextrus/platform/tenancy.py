"""Tenant isolation in the ORM session: every query on a TenantScoped model is filtered to
the current tenant, and new rows get the current tenant's id. On PostgreSQL the tenant is
also set per transaction (`vextrus.tenant_id`) for the row-level security policies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from vextrus.platform import context
from vextrus.platform.db import TenantScoped
from vextrus.platform.errors import DomainError

TENANT_SETTING = "vextrus.tenant_id"


def install(session_cls: type[Session]) -> None:
    @event.listens_for(session_cls, "do_orm_execute")
    def _filter_by_tenant(state: ORMExecuteState) -> None:
        ctx = context.current()
        if ctx.tenant_id is None or state.execution_options.get("all_tenants"):
            return
        if state.is_select or state.is_update or state.is_delete:
            tid = ctx.tenant_id
            state.statement = state.statement.options(
                with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tid, include_aliases=True)
            )

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
        ctx = context.current()
        value = "*" if (ctx.system and ctx.tenant_id is None) else str(ctx.tenant_id or "")
        connection.execute(text("SELECT set_config(:k, :v, true)"), {"k": TENANT_SETTING, "v": value})


def rls_policy_sql(qualified_table: str) -> list[str]:
    """SQL enabling row-level security on a tenant table (used by module migrations on PostgreSQL).

    The application role sees only rows of `vextrus.tenant_id`; '*' is the trusted system
    setting used by migrations and the relay. The setting is read in scalar sub-selects so
    PostgreSQL evaluates it once per query (an InitPlan), and compared as a uuid so the
    `tenant_id` index stays usable and no row is cast to text."""
    setting = f"current_setting('{TENANT_SETTING}', true)"
    return [
        f"ALTER TABLE {qualified_table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {qualified_table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS tenant_isolation ON {qualified_table}",
        f"CREATE POLICY tenant_isolation ON {qualified_table} USING ("
        f"(SELECT {setting}) = '*' OR "
        f"tenant_id = (SELECT NULLIF(NULLIF({setting}, ''), '*')::uuid))",
    ]
