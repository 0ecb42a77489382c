"""Versioned rows by mechanism: optimistic concurrency that no command can forget.

    class Project(IdPk, TenantScoped, Versioned, Base): ...

    row = load(...)
    check_version(row, expected_version, f"project {row.code}")   # the caller's read is still current?
    row.name = new_name                                            # no `row.version += 1`: the mapper does it

`Versioned` gives the table a `version` column (1 on insert) that SQLAlchemy uses as its
`version_id_col`: every UPDATE (and DELETE) of the row is a compare-and-set, `... SET version = N+1
WHERE id = :id AND version = N`. `check_version` refuses a caller whose read is already stale; a race
that passes the check (two transactions both read version N on PostgreSQL) still loses at flush:
SQLAlchemy's `StaleDataError` is turned into the same `StaleVersion` (409, code `stale_version`) in
one place, the unit of work, and the transaction rolls back. So no edit is silently lost.

The version moves on once per transaction that changes the row (a command that flushes three times
still turns version N into N+1): the mapper's counter is driven by a `before_flush` hook
(`version_id_generator=False`, SQLAlchemy's "programmatic version counter"), and every flush of the row
is still a compare-and-set against the version the transaction holds. `touch(row)` counts the row as
changed when a command changed only its children (contacts, conversions, overrides).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Integer, event, inspect
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from vextrus.platform.errors import StaleVersion

__all__ = ["StaleVersion", "Versioned", "check_version", "moved_on", "stale_version_from", "touch"]

_BUMPED = "vextrus_versions_bumped"  # session.info: identity keys whose version moved on in this transaction


class Versioned:
    """Mixin: a `version` column (1 on insert) that moves on once per transaction changing the row and
    is checked in the WHERE clause of every UPDATE and DELETE of it (`version_id_col`).

    `__unversioned__` names columns the system writes on its own (a user's `last_login_at`): changing
    only those does not move the version, so a sign-in neither refuses an administrator's edit made
    from the version read before it nor conflicts with another sign-in (the UPDATE still checks it)."""

    __unversioned__: tuple[str, ...] = ()
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - a declarative directive receives the class
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}  # type: ignore[attr-defined]


def check_version(row: Versioned, expected: int | None, what: str) -> None:
    """Refuse the change when the caller read an older (or newer) version than the stored one.
    `expected=None` means the caller did not say which version it read (no check; the UPDATE is still
    a compare-and-set against the version this transaction read)."""
    if expected is not None and expected != row.version:
        raise StaleVersion(what, expected, row.version)


def touch(row: Versioned) -> None:
    """Count the row as changed even when none of its own columns changed: its version moves on (once
    per transaction, compare-and-set at flush). A row not yet stored gets the version after the one it
    was given (a new row made at version 0 is stored as 1)."""
    state = inspect(row)
    if state.pending or state.transient:
        row.version = (row.version or 0) + 1
        return
    session = state.session
    bumped = session.info.setdefault(_BUMPED, set()) if session is not None else set()
    if _key(row) in bumped or state.attrs.version.history.has_changes():
        return
    row.version = row.version + 1
    bumped.add(_key(row))


def moved_on(table: Any) -> Any:
    """The next version, for one set-based UPDATE of many rows (an executemany the mapper's counter does not
    see): `.values(version=moved_on(t))` with `t.c.version == :read` in its WHERE is the same compare-and-set
    as a flush; the caller checks the rowcount (stale when fewer rows than given)."""
    return table.c.version + 1


def moved_on_sql(alias: str) -> str:
    """`moved_on` for a statement written in SQL (PostgreSQL's `UPDATE t AS i ... FROM unnest(...)`): the SET
    item; its WHERE must hold `i.version = <the version read>`, and the caller checks the rowcount."""
    return f"version = {alias}.version + 1"


def _key(obj: Any) -> Any:
    return inspect(obj).mapper.identity_key_from_instance(obj)


@event.listens_for(Session, "before_flush")
def _move_versions_on(session: Session, _flush_context: Any, _instances: Any) -> None:
    bumped: set[Any] | None = None
    for obj in session.dirty:
        if not isinstance(obj, Versioned):
            continue
        if bumped is None:
            bumped = session.info.setdefault(_BUMPED, set())
        key = _key(obj)
        if key in bumped:
            continue
        if inspect(obj).attrs.version.history.has_changes():  # touched, or set by hand
            bumped.add(key)
        elif _content_changed(session, obj):
            obj.version = obj.version + 1
            bumped.add(key)


def _content_changed(session: Session, obj: Any) -> bool:
    unversioned = getattr(type(obj), "__unversioned__", ())
    if not unversioned:
        return session.is_modified(obj, include_collections=False)
    state = inspect(obj)
    return any(state.attrs[a.key].history.has_changes() for a in state.mapper.column_attrs
               if a.key not in unversioned)


@event.listens_for(Versioned, "after_insert", propagate=True)
def _inserted(_mapper: Any, _connection: Any, target: Any) -> None:
    session = inspect(target).session
    if session is not None:  # a row made in this transaction is at its first version until it commits
        session.info.setdefault(_BUMPED, set()).add(_key(target))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _transaction_over(session: Session, *_args: Any) -> None:
    session.info.pop(_BUMPED, None)


_TABLE = re.compile(r"on table '([^']+)'")


def stale_version_from(exc: StaleDataError) -> StaleVersion:
    """The `StaleVersion` for a compare-and-set that matched no row: someone else's update (or delete)
    committed between this transaction's read and its write."""
    m = _TABLE.search(str(exc))
    table = m.group(1).rsplit(".", 1)[-1] if m else "record"
    from vextrus.platform.modules import available_modules  # tables carry their module's prefix: say "party"

    for module in available_modules().values():
        if table.startswith(module.tables_prefix):
            table = table.removeprefix(module.tables_prefix)
            break
    return StaleVersion(table.replace("_", " "))
