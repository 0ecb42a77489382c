"""The relay hands the audit trail a run of a tenant's events at once (`record_events`: the chain head
locked once, the run's records linked in Python in order and stored with one INSERT in one savepoint).
On both databases: runs of two tenants, a failure in the middle of a run (the run falls back to one event
at a time: none lost, none recorded twice, the failing one retried), another handler failing beside it,
the chain verifying after each, and a property that any sequence of events, delivered in runs of any
size, gives the same records in the same order as one event at a time."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.audit import handlers, repository
from vextrus.modules.audit import service as audit
from vextrus.modules.audit.domain import chain
from vextrus.modules.audit.tables import AuditRecord
from vextrus.platform import clock, context
from vextrus.platform.events import Envelope, Event, Subscriptions
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch
from vextrus.platform.tables import InboxEntry, OutboxEvent, Tenant
from vextrus.platform.uow import unit_of_work

AUDIT_HANDLER = f"{handlers.__name__}.record_event"


class Jotted(Event):
    name = "test.jotting.made"
    n: int


@pytest.fixture
def held(db):
    """The relay holding delivery back until the test drains (an earlier test's poller paused), and the
    runs the audit trail was handed (sizes), counted."""
    relay = db.relay
    poller = relay._thread
    polling = poller is not None and poller.is_alive()
    if polling:
        relay._stop.set()
        relay._wake.set()
        poller.join(10)
    relay.synchronous = False
    runs: list[int] = []
    original = handlers._record_run

    def counted(envelopes, uow):  # noqa: ANN001, ANN202
        runs.append(len(envelopes))
        return original(envelopes, uow)

    handlers._record_run = counted
    try:
        yield runs
    finally:
        handlers._record_run = original
        relay.synchronous = True
        if polling:
            relay._stop.clear()
            relay.start_background()


def _drain(db, *tenants: UUID) -> int:
    db.relay.synchronous = True
    try:
        return db.relay.drain(tenants=list(tenants))
    finally:
        db.relay.synchronous = False


def _emit(tenant_id: UUID, *ns: int) -> None:
    ctx = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset({"*"}),
                                 roles=frozenset({"owner"}), actor=f"clerk-{tenant_id.hex[-4:]}@test")
    with context.acting_as(ctx):
        for n in ns:  # one command each, as requests do
            with unit_of_work() as uow:
                uow.emit(Jotted(n=n))


def _records(db, tenant_id: UUID) -> list[AuditRecord]:
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return list(s.execute(select(AuditRecord).where(AuditRecord.tenant_id == tenant_id)
                              .order_by(AuditRecord.seq)).scalars())


def _jotted(db, tenant_id: UUID) -> list[int]:
    return [r.data["n"] for r in _records(db, tenant_id) if r.event_name == Jotted.name]


def _verify(tenant_id: UUID):  # noqa: ANN202
    with context.acting_as(context.system_context(tenant_id)):
        return audit.verify()


def _outbox(db, tenant_id: UUID) -> dict[int, OutboxEvent]:
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        rows = s.execute(select(OutboxEvent).where(OutboxEvent.name == Jotted.name,
                                                   OutboxEvent.tenant_id == tenant_id)).scalars().all()
        return {r.payload["n"]: r for r in rows}


def _audit_inbox(db, tenant_id: UUID) -> int:
    ids = [r.id for r in _outbox(db, tenant_id).values()]
    with db.session_factory() as s:
        return s.execute(select(func.count()).select_from(InboxEntry).where(
            InboxEntry.handler == AUDIT_HANDLER, InboxEntry.event_id.in_(ids))).scalar_one()


def _other_tenant(db) -> UUID:
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"t{tid.hex[-12:]}", name="Second Builders Ltd.", is_demo=False))
    return tid


def test_runs_of_two_tenants_are_each_appended_at_once_to_their_own_chain(db, tenant_id, held):
    runs = held
    other = _other_tenant(db)
    _emit(tenant_id, 1, 2, 3)
    _emit(other, 11, 12)
    _emit(tenant_id, 4, 5)
    assert _drain(db, tenant_id, other) == 7
    assert _jotted(db, tenant_id) == [1, 2, 3, 4, 5]  # in the order they were committed
    assert _jotted(db, other) == [11, 12]
    assert [r.seq for r in _records(db, tenant_id)] == [1, 2, 3, 4, 5]
    assert sorted(runs) == [2, 2, 3]  # one call a run of a tenant, not one an event
    assert _verify(tenant_id).ok and _verify(other).ok
    assert _audit_inbox(db, tenant_id) == 5 and _audit_inbox(db, other) == 2
    assert all(r.published_at is not None and r.attempts == 0 for r in _outbox(db, tenant_id).values())


def test_a_record_failing_in_a_run_fails_alone_and_is_recorded_once_when_retried(db, tenant_id, held,
                                                                                  monkeypatch):
    """The run's one INSERT is written, then the failure: its savepoint undoes it, the run is handed
    over one event at a time, and only the failing event stays pending."""
    runs = held
    broken = {3}
    store = repository._store

    def failing_store(session, head, records):  # noqa: ANN001, ANN202
        linked = store(session, head, records)  # written first: the savepoint must undo it
        bad = [c["data"].get("n") for c, _d in records if c["data"].get("n") in broken]
        if bad:
            raise RuntimeError(f"audit disk full at {bad[0]}")
        return linked

    monkeypatch.setattr(repository, "_store", failing_store)
    _emit(tenant_id, 1, 2, 3, 4, 5)
    assert _drain(db, tenant_id) == 4
    rows = _outbox(db, tenant_id)
    assert rows[3].published_at is None and rows[3].attempts == 1
    assert "audit disk full at 3" in rows[3].last_error
    assert all(rows[n].published_at is not None for n in (1, 2, 4, 5))
    assert _jotted(db, tenant_id) == [1, 2, 4, 5]  # each once: the run's rolled-back INSERT left nothing
    assert _verify(tenant_id).ok
    assert runs == [5]

    broken.clear()  # fixed: the next drain records event 3 alone, after the others
    assert _drain(db, tenant_id) == 1
    assert _jotted(db, tenant_id) == [1, 2, 4, 5, 3]
    assert [r.seq for r in _records(db, tenant_id)] == [1, 2, 3, 4, 5]
    assert _verify(tenant_id).ok
    assert _audit_inbox(db, tenant_id) == 5
    assert _drain(db, tenant_id) == 0  # nothing left, nothing delivered twice


def test_another_handler_failing_in_a_run_leaves_the_audit_run_whole_and_not_recorded_twice(db, tenant_id, held):
    subs = Subscriptions()
    fail = {2}
    seen: list[int] = []

    @subs.on(Jotted)
    def count(event: Jotted, uow) -> None:  # noqa: ANN001
        if event.n in fail:
            raise RuntimeError(f"counter down for {event.n}")
        seen.append(event.n)

    dispatch = make_dispatch(db.session_factory)
    db.bus.start_consumers([*db.subscriptions, *subs.items], dispatch)
    try:
        _emit(tenant_id, 1, 2, 3)
        assert _drain(db, tenant_id) == 2
        assert _outbox(db, tenant_id)[2].attempts == 1
        assert _jotted(db, tenant_id) == [1, 2, 3]  # the audit run was not held up by the other handler
        fail.clear()
        assert _drain(db, tenant_id) == 1  # event 2 again: only the handler that failed runs
        assert seen == [1, 3, 2]
        assert _jotted(db, tenant_id) == [1, 2, 3]
        assert _audit_inbox(db, tenant_id) == 3
        assert _verify(tenant_id).ok
    finally:
        db.bus.start_consumers(db.subscriptions, dispatch)


def test_a_run_outside_a_relay_delivery_is_handed_over_one_event_at_a_time(db, tenant_id):
    """A broker's consumer (no delivery transaction): `batch` falls back to one transaction an event."""
    [sub] = [s for s in handlers.subscriptions.items if s.event_name == "*"]
    assert sub.batch_fn is handlers.record_events
    envs = [Envelope(id=new_id(), name="test.jotting.made", version=1, tenant_id=tenant_id, occurred_at=clock.now(),
                     actor="a@test", payload={"n": n}) for n in (1, 2)]
    dispatch = make_dispatch(db.session_factory)
    assert dispatch.batch(sub, envs) == {}
    assert dispatch.batch(sub, envs) == {}  # redelivered: skipped by the inbox
    assert _jotted(db, tenant_id) == [1, 2]
    assert _verify(tenant_id).ok


# --- batching gives the same chain as one event at a time ---------------------------------------------

OBJECTS = [UUID(int=0xA1), UUID(int=0xA2), UUID(int=0xA3)]
COMPANIES = [UUID(int=0xC1), UUID(int=0xC2)]

payloads = st.fixed_dictionaries(
    {"thing_id": st.sampled_from(OBJECTS).map(str), "code": st.text("AB12কখ ", max_size=6)},
    optional={"company_id": st.sampled_from(COMPANIES).map(str),
              "amount": st.decimals(min_value=0, max_value=10**6, places=2).map(str),
              "changes": st.fixed_dictionaries({"status": st.fixed_dictionaries(
                  {"before": st.sampled_from(["draft", "posted"]), "after": st.sampled_from(["void", "paid"])})})})
events = st.lists(st.tuples(st.sampled_from(["test.thing.created", "test.thing.updated", "finance.thing.posted"]),
                            payloads, st.sampled_from(["a@test", "b@test via crm"]),
                            st.sampled_from([{}, {"company": str(COMPANIES[1]), "request_id": "r1"}])),
                  min_size=1, max_size=12)


def _chain(db, tenant_id: UUID) -> list[dict[str, Any]]:
    """The records as a reader compares them: everything but the row id, tenant, time written and hashes."""
    skip = {"id", "tenant_id", "recorded_at", "prev_hash", "hash"}
    return [{k: v for k, v in repository.content_of(r).items() if k not in skip} for r in _records(db, tenant_id)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(evs=events, cuts=st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=6))
def test_any_events_in_runs_of_any_size_give_the_chain_of_one_at_a_time(db, evs, cuts):
    one, batched = _other_tenant(db), _other_tenant(db)
    ids, at = [new_id() for _ in evs], clock.now()

    def envelopes(tid: UUID) -> list[Envelope]:
        return [Envelope(id=eid, name=name, version=1, tenant_id=tid, occurred_at=at, actor=actor, payload=payload,
                         origin=origin) for eid, (name, payload, actor, origin) in zip(ids, evs, strict=True)]

    with context.acting_as(context.system_context(one)), unit_of_work(separate=True) as uow:
        for env in envelopes(one):
            handlers.record_event(env, uow)
    runs, rest, k = [], envelopes(batched), 0
    while rest:
        size = cuts[k % len(cuts)]
        runs.append(rest[:size])
        rest, k = rest[size:], k + 1
    for run in runs:  # each run in its own delivery transaction, as the relay's drains
        with context.acting_as(context.system_context(batched)), unit_of_work(separate=True) as uow:
            handlers.record_events(run, uow)
    with context.acting_as(context.system_context(batched)), unit_of_work(separate=True) as uow:
        handlers.record_events(envelopes(batched)[:3], uow)  # redelivered: recorded once
    assert _chain(db, batched) == _chain(db, one)
    assert [r["seq"] for r in _chain(db, batched)] == list(range(1, len(evs) + 1))
    assert _verify(one).ok and _verify(batched).ok


@given(contents=st.lists(st.fixed_dictionaries({"n": st.integers(), "s": st.text(max_size=5)}), max_size=10),
       cut=st.integers(min_value=0, max_value=10))
def test_linking_a_run_at_once_equals_linking_it_one_record_at_a_time(contents, cut):
    def content(c: dict[str, Any]) -> dict[str, Any]:
        return {f: c for f in chain.HASHED_FIELDS if f not in ("seq", "prev_hash")}

    whole = chain.link(0, chain.GENESIS, [content(c) for c in contents])
    first = chain.link(0, chain.GENESIS, [content(c) for c in contents[:cut]])
    head_seq, head_hash = (first[-1]["seq"], first[-1]["hash"]) if first else (0, chain.GENESIS)
    stepwise = list(first)
    for c in contents[cut:]:
        stepwise += chain.link(head_seq, head_hash, [content(c)])
        head_seq, head_hash = stepwise[-1]["seq"], stepwise[-1]["hash"]
    assert stepwise == whole
    assert chain.verify(whole).ok
