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
from vextrus.platform.events import Event
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent
from vextrus.platform.uow import UnitOfWork
from vextrus.platform.versioning import moved_on

from ..domain import Missing
from ..tables import HistoryEntry, Instance, Task

_I, _T, _H, _O = Instance.__table__, Task.__table__, HistoryEntry.__table__, OutboxEvent.__table__
# Only the columns a decision uses (psycopg describes every column of every result: ~60 were read). Not read: the
# tenant (the WHERE clause's, set from the context), the approval's `definition_id` and `data` (a JSON parsed on
# every row), the step's and the entry's `instance_id`, the step's `reminders`, the entry's `task_id`.
_I_COLS = tuple(c.key for c in _I.columns if c.key not in ("tenant_id", "definition_id", "data"))
_T_COLS = tuple(c.key for c in _T.columns if c.key not in ("tenant_id", "instance_id", "reminders"))
_H_COLS = tuple(c.key for c in _H.columns if c.key not in ("tenant_id", "instance_id", "task_id"))
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
    cols = ([_I.c[k].label(f"i_{k}") for k in _I_COLS] + [_T.c[k].label(f"t_{k}") for k in _T_COLS]
            + [_H.c[k].label(f"h_{k}") for k in _H_COLS] + [head.c[k].label(f"r_{k}") for k in rules.HEAD_COLUMNS])
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
    inst.tenant_id = tenant
    if inst.company_id is not None:
        context.require_company(inst.company_id, "approval", instance_id, field="instance_id")
    head = (Row(dict(zip(rules.HEAD_COLUMNS, first[ni + nt + nh:], strict=True)))
            if first[ni + nt + nh] is not None else None)
    tasks, history = [], []
    t_id, h_id = ni + _T_COLS.index("id"), ni + nt + _H_COLS.index("id")
    for r in rows:
        if r[t_id] is not None:  # a step's row
            tasks.append(Row(dict(zip(_T_COLS, r[ni:ni + nt], strict=True))))
        elif r[h_id] is not None:  # an entry's row
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


def history_entry(inst: Row, kind: str, task: Row, comment: str, on_behalf_of: UUID | None, vote_for: UUID) -> Row:
    """The timeline's entry of a vote (the audit trail), as `instances._history` makes it; stored by `write`."""
    ctx = context.current()
    return Row({"id": new_id(), "tenant_id": inst.tenant_id, "instance_id": inst.id, "task_id": task.id,
                "step_key": task.step_key, "at": clock.now(), "kind": kind, "actor": ctx.recorded_actor[:120],
                "actor_id": ctx.user_id, "on_behalf_of_id": on_behalf_of, "comment": comment[:1000],
                "vote_key": f"{task.id}:{vote_for}"})


def write(uow: UnitOfWork, inst: Row, task: Row, entry: Row, others: list[Row], events: list[Event]) -> None:
    """A decision's writes, in this order: the decided step's compare-and-set (a concurrent decision on the same
    step loses here), the timeline's entry, the compare-and-set of the other steps the settlement started or
    cancelled, the approval's compare-and-set (it moves on with every decision, so parallel steps decided at once
    cannot both settle it), the events' outbox rows. On PostgreSQL one statement (data-modifying CTEs; the entry
    is inserted only when the step's compare-and-set matched), on SQLite one statement each. Any compare-and-set
    matching nothing is `StaleVersion` (409) and the transaction rolls back whole (the outbox rows with it)."""
    conn = uow.session.connection()
    if conn.dialect.name != "postgresql":
        store_task(uow, task)
        conn.execute(_history_insert(), entry.__dict__)
        for t in others:
            store_task(uow, t)
        store_instance(uow, inst)
        if events:
            uow.emit_many(events)
        return
    params: dict[str, Any] = {f"h_{k}": v for k, v in entry.__dict__.items()}
    for n, row in enumerate(uow.outbox_rows(events)):
        params.update({f"o{n}_{k}": v for k, v in row.items()})
    for j, t in enumerate([task, *others]):
        params.update({f"t{j}_id": t.id, f"t{j}_read": t.version, **{f"t{j}_{k}": getattr(t, k) for k in TASK_WRITTEN}})
    params.update({"i_id": inst.id, "i_read": inst.version, "i_status": inst.status, "i_decided_at": inst.decided_at})
    got = conn.execute(_write_pg(len(others), len(events)), params).one()
    for t, v in zip([task, *others], got[:-1], strict=True):
        if v is None:
            raise StaleVersion("task")
        t.version = v
    if got[-1] is None:
        raise StaleVersion("instance")
    inst.version = got[-1]


@cache
def _write_pg(others: int, events: int) -> Select[Any]:
    """`write` on PostgreSQL for the decided step, `others` more and `events` outbox rows: `WITH t0 AS (UPDATE step
    … RETURNING version), h AS (INSERT INTO history SELECT … FROM t0), t1 … AS (UPDATE step …), i AS (UPDATE
    approval … RETURNING version), o AS (INSERT INTO outbox VALUES …) SELECT (SELECT version FROM t0), …, (SELECT
    version FROM i)`: one round trip instead of 4 + others. The versions come back NULL where a compare-and-set
    matched nothing. Built once per (number of steps, number of events)."""
    steps = []
    for j in range(others + 1):
        steps.append(_T.update().where(_T.c.id == bindparam(f"t{j}_id"), _T.c.version == bindparam(f"t{j}_read"))
                     .values({**{k: bindparam(f"t{j}_{k}", type_=_T.c[k].type) for k in TASK_WRITTEN},
                              "version": moved_on(_T)})
                     .returning(_T.c.version).cte(f"t{j}"))
    h_cols = [c.key for c in _H.columns]
    entry = (insert(_H).from_select(h_cols, select(*[bindparam(f"h_{k}", type_=_H.c[k].type) for k in h_cols])
                                    .select_from(steps[0]))
             .returning(_H.c.id).cte("h"))
    inst = (_I.update().where(_I.c.id == bindparam("i_id"), _I.c.version == bindparam("i_read"))
            .values(status=bindparam("i_status", type_=_I.c.status.type),
                    decided_at=bindparam("i_decided_at", type_=_I.c.decided_at.type), version=moved_on(_I))
            .returning(_I.c.version).cte("i"))
    stmt = (select(*[select(t.c.version).scalar_subquery().label(f"t{j}") for j, t in enumerate(steps)],
                   select(inst.c.version).scalar_subquery().label("i"))
            .add_cte(entry))
    if events:
        o_cols = [c.key for c in _O.columns]
        rows = [select(*[bindparam(f"o{n}_{k}", type_=_O.c[k].type) for k in o_cols]) for n in range(events)]
        # INSERT … SELECT (a multi-row VALUES is not cacheable: it was compiled at every decision)
        stmt = stmt.add_cte(insert(_O).from_select(o_cols, rows[0] if events == 1 else union_all(*rows))
                            .returning(_O.c.id).cte("o"))
    return stmt
