"""The relay delivers a batch of a tenant's pending events in one transaction: a savepoint per durable
handler (a failing one undoes only its own work and its event stays pending), the inbox rows and one
UPDATE marking the batch published committed with the handlers' work. On both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.events import Event, Subscriptions
from vextrus.platform.relay import make_dispatch
from vextrus.platform.tables import InboxEntry, OutboxEvent, Tenant
from vextrus.platform.uow import unit_of_work


class Noted(Event):
    name = "test.noted"
    n: int


@pytest.fixture
def noted(db, admin):
    """Two durable handlers of `Noted` (each writes a row and records the event), a switch to make the
    second fail for chosen events, and the relay holding delivery back until the test drains."""
    subs = Subscriptions()
    seen: list[tuple[str, int]] = []
    fail: set[int] = set()

    def mark(uow, who: str, event: Noted) -> None:  # noqa: ANN001
        uow.session.add(Tenant(code=f"{who}{event.n}-{event.envelope.id.hex[-8:]}", name=f"noted by {who}",
                               is_demo=False))
        uow.session.flush()

    @subs.on(Noted)
    def first(event: Noted, uow) -> None:  # noqa: ANN001
        mark(uow, "a", event)
        seen.append(("first", event.n))

    @subs.on(Noted)
    def second(event: Noted, uow) -> None:  # noqa: ANN001
        mark(uow, "b", event)  # written, then undone with its savepoint when the handler fails
        if event.n in fail:
            raise RuntimeError(f"second handler down for {event.n}")
        seen.append(("second", event.n))

    dispatch = make_dispatch(db.session_factory)
    db.bus.start_consumers([*db.subscriptions, *subs.items], dispatch)
    relay = db.relay
    poller = relay._thread  # an app started by an earlier test polls the outbox: paused, so the test drains
    polling = poller is not None and poller.is_alive()
    if polling:
        relay._stop.set()
        relay._wake.set()
        poller.join(10)
    relay.synchronous = False  # commit without delivering, until the test drains
    try:
        yield seen, fail
    finally:
        relay.synchronous = True
        db.bus.start_consumers(db.subscriptions, dispatch)
        if polling:
            relay._stop.clear()
            relay.start_background()


def _emit(*ns: int) -> None:
    for n in ns:  # one command each, as requests do
        with unit_of_work() as uow:
            uow.emit(Noted(n=n))


def _outbox(db, tenant_id) -> dict[int, OutboxEvent]:
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        rows = s.execute(select(OutboxEvent).where(OutboxEvent.name == Noted.name,
                                                   OutboxEvent.tenant_id == tenant_id)).scalars().all()
        return {r.payload["n"]: r for r in rows}


def _codes(db, prefix: str) -> list[str]:
    with context.acting_as(context.system_context()), db.session_factory() as s:
        return sorted(s.execute(select(Tenant.code).where(Tenant.code.like(f"{prefix}%"))).scalars())


def test_a_batch_is_delivered_in_one_transaction_with_one_update_marking_it_published(db, admin, noted):
    seen, _fail = noted
    _emit(1, 2, 3, 4, 5)
    assert seen == []  # nothing delivered yet
    statements: list[str] = []
    commits: list[int] = []
    engine = db.engine.engine

    def on_statement(_c, _cur, statement, _p, _ctx, _many) -> None:  # noqa: ANN001
        statements.append(" ".join(statement.split()).upper())

    sa_event.listen(engine, "before_cursor_execute", on_statement)
    sa_event.listen(engine, "commit", lambda _c: commits.append(1))
    try:
        db.relay.synchronous = True
        assert db.relay.drain(tenants=[admin.tenant_id]) == 5
    finally:
        sa_event.remove(engine, "before_cursor_execute", on_statement)
        db.relay.synchronous = False
    assert [n for who, n in seen if who == "first"] == [1, 2, 3, 4, 5]  # in the order they were committed
    assert [n for who, n in seen if who == "second"] == [1, 2, 3, 4, 5]
    assert all(r.published_at is not None and r.attempts == 0 for r in _outbox(db, admin.tenant_id).values())
    marks = [s for s in statements if s.startswith("UPDATE") and "OUTBOX_EVENT" in s]
    assert len(marks) == 1  # one UPDATE for the batch, not one per event
    assert sum(1 for s in statements if "INBOX_ENTRY" in s and s.startswith("SELECT")) == 1
    assert len(commits) == 1  # the handlers' work, the inbox rows and the mark: one commit


def test_a_failing_handler_in_a_batch_undoes_only_its_own_work_and_is_retried_alone(db, admin, noted):
    seen, fail = noted
    fail.add(2)
    _emit(1, 2, 3)
    db.relay.synchronous = True
    assert db.relay.drain(tenants=[admin.tenant_id]) == 2  # 1 and 3; 2 stays pending
    db.relay.synchronous = False
    rows = _outbox(db, admin.tenant_id)
    assert rows[1].published_at and rows[3].published_at
    assert rows[2].published_at is None and rows[2].attempts == 1
    assert "second handler down for 2" in rows[2].last_error
    eid = rows[2].id.hex[-8:]
    assert _codes(db, f"a2-{eid}") == [f"a2-{eid}"]  # the first handler's work for event 2 is kept
    assert _codes(db, f"b2-{eid}") == []  # the failing handler's own write was rolled back with its savepoint
    with db.session_factory() as s:
        inbox = set(s.execute(select(InboxEntry.handler).where(InboxEntry.event_id == rows[2].id)).scalars())
    assert f"{__name__}.noted.<locals>.first" in inbox  # the handler that ran is in the inbox,
    assert f"{__name__}.noted.<locals>.second" not in inbox  # the one that failed is not

    fail.clear()  # the handler is back: the next drain retries event 2, running only what did not run
    db.relay.synchronous = True
    assert db.relay.drain(tenants=[admin.tenant_id]) == 1
    db.relay.synchronous = False
    assert seen.count(("first", 2)) == 1 and seen.count(("second", 2)) == 1
    assert seen.count(("first", 1)) == seen.count(("second", 3)) == 1
    assert _codes(db, f"b2-{eid}") == [f"b2-{eid}"]
    assert _outbox(db, admin.tenant_id)[2].published_at is not None


def test_events_a_handler_emits_in_a_batch_are_delivered_after_it_commits(db, admin, noted):
    seen, _fail = noted
    follow = Subscriptions()

    class Followed(Event):
        name = "test.noted_followed"
        n: int

    @follow.on(Noted)
    def chain(event: Noted, uow) -> None:  # noqa: ANN001
        uow.emit(Followed(n=event.n * 10))

    @follow.on(Followed)
    def after(event: Followed, uow) -> None:  # noqa: ANN001
        seen.append(("followed", event.n))

    dispatch = make_dispatch(db.session_factory)
    db.bus.start_consumers([*db.bus.subscriptions, *follow.items], dispatch)
    _emit(1, 2)
    db.relay.synchronous = True
    db.relay.drain(tenants=[admin.tenant_id])
    db.relay.synchronous = False
    assert [n for who, n in seen if who == "followed"] == [10, 20]
