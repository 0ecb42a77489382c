"""Scale-out path: the relay publishes to a real NATS JetStream server; a durable consumer
(a worker) handles each event once even when JetStream delivers it again."""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
from pathlib import Path

import pytest

from vextrus.platform import context, migrations, runtime
from vextrus.platform.events import Event, Subscriptions
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch
from vextrus.platform.settings import load_settings
from vextrus.platform.uow import unit_of_work

NATS_URL = os.environ.get("VEXTRUS_TEST_NATS_URL", "nats://127.0.0.1:4222")


def test_outbox_to_jetstream_to_durable_handler():
    suffix = secrets.token_hex(4)

    class Shipped(Event):
        name = f"test.shipped_{suffix}"
        n: int

    try:
        settings = load_settings(database_url=f"sqlite:///{Path(tempfile.mkdtemp()) / 'nats.db'}",
                                 bus_url=NATS_URL, bus_stream=f"vxtest_{suffix}",  # a stream of its own
                                 data_dir=Path(tempfile.mkdtemp()), secret_key="s" * 48)
    except Exception as exc:
        pytest.fail(f"settings: {exc}")
    saved = runtime._current
    runtime._current = None
    try:
        rt = runtime.start(settings, consume=False)
    except Exception as exc:
        runtime._current = saved
        if os.environ.get("VEXTRUS_TEST_REQUIRE_NATS") == "1":
            pytest.fail(f"NATS required but unavailable: {exc}")
        pytest.skip(f"NATS unavailable: {exc}")
    try:
        migrations.upgrade(rt.engine)
        handled: list[int] = []
        done = threading.Event()
        subs = Subscriptions()

        @subs.on(Shipped)
        def on_shipped(event: Shipped, uow) -> None:  # noqa: ANN001
            handled.append(event.n)
            if len(handled) >= 2:
                done.set()

        dispatch = make_dispatch(rt.session_factory)
        rt.bus.start_consumers(subs.items, dispatch)
        tenant = new_id()
        ctx = context.RequestContext(tenant_id=tenant, permissions=frozenset({"*"}))
        with context.acting_as(ctx), unit_of_work() as uow:
            uow.emit(Shipped(n=1))
            uow.emit(Shipped(n=2))
        assert rt.relay.synchronous is False
        assert rt.relay.drain() == 2
        assert done.wait(10), f"handled only {handled}"
        # JetStream de-duplicates a republish of the same event id; the inbox guards handlers too.
        from sqlalchemy import select

        from vextrus.platform.relay import to_envelope
        from vextrus.platform.tables import OutboxEvent

        with rt.session_factory() as s:
            first = s.execute(select(OutboxEvent).order_by(OutboxEvent.id)).scalars().first()
        dispatch(subs.items[0], to_envelope(first))
        rt.bus.publish(to_envelope(first))
        assert sorted(handled) == [1, 2]
    finally:
        rt.bus._run(rt.bus.js.delete_stream(f"VXTEST_{suffix.upper()}"))
        rt.close()
        runtime._current = saved
