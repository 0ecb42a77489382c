"""A decision's own reads and writes in SQLAlchemy Core (issue 13, the decision rate): the approval, its steps
and its timeline read as plain rows in one SELECT, and written back with compare-and-set UPDATEs and one INSERT,
without building ORM objects or flushing a unit of work (those were two thirds of a decision's CPU).

The rows are read into `Row` objects (plain attributes, the ORM classes' names) so the shared helpers
(`_settle`, `_instance_view`) work on them unchanged. Every UPDATE is the versioned rows' compare-and-set, made
with `platform.versioning.moved_on`: `... SET version = version + 1 WHERE id = :id AND version = :read RETURNING
version`; no row back means someone else's decision committed first, and the transaction ends in `StaleVersion`
(409) as an ORM flush would. The instance's version moves on with every decision (as `touch` did), so parallel
steps decided at once cannot both settle it."""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Insert,
    Select,
    Update,
    and_,
    bindparam,
    insert,
    literal_column,
    select,
    true,
    union_all,
)

from vextrus.modules.rules import api as rules
from vextrus.platform import clock, context
from vextrus.platform.errors import StaleVersion
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork
from vextrus.platform.versioning import moved_on

from ..domain import Missing
from ..tables import HistoryEntry, Instance, Task

_I, _T, _H = Instance.__table__, Task.__table__, HistoryEntry.__table__
_I_COLS = tuple(c.key for c in _I.columns)
_T_COLS = tuple(c.key for c in _T.columns)
_H_COLS = tuple(c.key for c in _H.columns)
TASK_WRITTEN = ("status", "approvals", "due_at", "activated_at")  # what a decision may change on a step


class Row:
    """One row as plain attributes (a decision's working copy; no ORM state)."""

    def __init__(self, values: dict[str, Any]):
        self.__dict__.update(values)


@cache
def _read() -> Select[Any]:
    """The approval, its steps (part 1) and its timeline (part 2) in one statement, built once. A two-row `part`
    puts each step and each entry on a row of its own: steps + entries rows, not their product. The tenant is
    in the WHERE clause (and row-level security applies on PostgreSQL). The approval's segregation-of-duties
    rule set's head (`rules.api.head_subquery`) comes on the first part's rows, so evaluating it needs no read of
    its own (`rules.api.evaluate_head`): read in this statement, it is never older than the approval."""
    tenant = bindparam("tenant_id")
    part = union_all(select(literal_column("1").label("k")), select(literal_column("2").label("k"))).subquery("part")
    head = rules.head_subquery(tenant)
    cols = ([c.label(f"i_{c.key}") for c in _I.columns] + [c.label(f"t_{c.key}") for c in _T.columns]
            + [c.label(f"h_{c.key}") for c in _H.columns] + [head.c[k].label(f"r_{k}") for k in rules.HEAD_COLUMNS])
    return (select(*cols).select_from(_I).join(part, true())
            .outerjoin(_T, and_(part.c.k == 1, _T.c.instance_id == _I.c.id))
            .outerjoin(_H, and_(part.c.k == 2, _H.c.instance_id == _I.c.id))
            .outerjoin(head, and_(part.c.k == 1, head.c.code == _I.c.sod_rule_set))
            .where(_I.c.id == bindparam("instance_id"), _I.c.tenant_id == tenant)
            .order_by(part.c.k, _T.c.step_index, _H.c.at, _H.c.id))


def load(uow: UnitOfWork, instance_id: UUID) -> tuple[Row, list[Row], list[Row], Row | None]:
    """The approval, its steps (by step index), its timeline (by `at`, then `id`) and its segregation-of-duties
    rule set's head (None: it names none, or no such set: `rules.api.evaluate` says which): one round trip.
    Missing when absent, of another tenant, or of a company the caller does not reach."""
    tenant = context.current().tenant_id
    rows = uow.session.connection().execute(_read(), {"instance_id": instance_id, "tenant_id": tenant}).all()
    if not rows or tenant is None:
        raise Missing("approval", "অনুমোদন", instance_id, field="instance_id")
    ni, nt, nh = len(_I_COLS), len(_T_COLS), len(_H_COLS)
    first = rows[0]
    inst = Row(dict(zip(_I_COLS, first[:ni], strict=True)))
    if inst.company_id is not None:
        context.require_company(inst.company_id, "approval", instance_id, field="instance_id")
    head = (Row(dict(zip(rules.HEAD_COLUMNS, first[ni + nt + nh:], strict=True)))
            if first[ni + nt + nh] is not None else None)
    tasks, history = [], []
    for r in rows:
        if r[ni] is not None:  # the step's id
            tasks.append(Row(dict(zip(_T_COLS, r[ni:ni + nt], strict=True))))
        elif r[ni + nt] is not None:  # the entry's id
            history.append(Row(dict(zip(_H_COLS, r[ni + nt:ni + nt + nh], strict=True))))
    return inst, tasks, history, head


def task_state(t: Row) -> tuple[Any, ...]:
    return tuple(getattr(t, k) for k in TASK_WRITTEN)


@cache
def _task_cas() -> Update:
    return (_T.update().where(_T.c.id == bindparam("t_id"), _T.c.version == bindparam("read"))
            .values({**{k: bindparam(k) for k in TASK_WRITTEN}, "version": moved_on(_T)})
            .returning(_T.c.version))


@cache
def _instance_cas() -> Update:
    return (_I.update().where(_I.c.id == bindparam("i_id"), _I.c.version == bindparam("read"))
            .values(status=bindparam("status"), decided_at=bindparam("decided_at"), version=moved_on(_I))
            .returning(_I.c.version))


@cache
def _history_insert() -> Insert:
    return insert(_H)


def store_task(uow: UnitOfWork, t: Row) -> None:
    """The step's compare-and-set: a concurrent decision on the same step loses here."""
    got = uow.session.connection().execute(_task_cas(), {"t_id": t.id, "read": t.version,
                                                         **{k: getattr(t, k) for k in TASK_WRITTEN}}).first()
    if got is None:
        raise StaleVersion("task")
    t.version = got[0]


def store_instance(uow: UnitOfWork, inst: Row) -> None:
    """The approval's compare-and-set; its version moves on with every decision."""
    got = uow.session.connection().execute(_instance_cas(), {"i_id": inst.id, "read": inst.version,
                                                             "status": inst.status,
                                                             "decided_at": inst.decided_at}).first()
    if got is None:
        raise StaleVersion("instance")
    inst.version = got[0]


def add_history(uow: UnitOfWork, inst: Row, kind: str, task: Row, comment: str, on_behalf_of: UUID | None,
                vote_for: UUID) -> Row:
    """The timeline's entry of a vote (the audit trail), as `instances._history` makes it."""
    ctx = context.current()
    values = {"id": new_id(), "tenant_id": inst.tenant_id, "instance_id": inst.id, "task_id": task.id,
              "step_key": task.step_key, "at": clock.now(), "kind": kind, "actor": ctx.recorded_actor[:120],
              "actor_id": ctx.user_id, "on_behalf_of_id": on_behalf_of, "comment": comment[:1000],
              "vote_key": f"{task.id}:{vote_for}"}
    uow.session.connection().execute(_history_insert(), values)
    return Row(values)
