"""Helpers the crm services share: the company a row belongs to, optional modules, reading a row."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Select

from vextrus.platform import context, runtime
from vextrus.platform.errors import NotFound

from .. import MODULE


def company() -> UUID | None:
    """The company the user acts within (a new row belongs to it); None for system work."""
    return context.current().company_id


def scoped(stmt: Select[Any], row_type: Any) -> Select[Any]:
    scope = context.company_scope()
    return stmt.where(row_type.company_id == scope) if scope is not None else stmt


def running(module: str) -> bool:
    return module in runtime.current().registry.names


def load(uow: Any, row_type: Any, row_id: UUID, what: str, field: str | None = None) -> Any:
    row = uow.session.get(row_type, row_id)
    if row is None:
        raise NotFound(what, str(row_id), field=field)
    if hasattr(row, "company_id") and row.company_id is not None:
        context.require_company(row.company_id, what, row_id, field=field)
    return row


def check_salesperson(user_id: UUID | None, field: str = "salesperson_id") -> None:
    """A salesperson is a user of the tenant (auth.api), when auth runs here."""
    if user_id is None or not running("auth"):
        return
    from vextrus.modules.auth import api as auth

    if auth.user(user_id) is None:
        raise NotFound("user", str(user_id), field=field)


def check_project(project_id: UUID | None, field: str = "project_id") -> None:
    if project_id is None or not running("projects"):
        return
    from vextrus.modules.projects import api as projects

    with context.calling_as(MODULE):
        found = projects.get_project(project_id)
    if found is None:
        raise NotFound("project", str(project_id), field=field)
