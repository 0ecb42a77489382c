"""Message buses behind one small interface: in-process (embedded) and NATS JetStream (scale-out)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

import structlog

from vextrus.platform.events import Envelope, Subscription

log = structlog.get_logger("vextrus.bus")
Dispatch = Callable[[Subscription, Envelope], None]


class Bus(Protocol):
    def publish(self, envelope: Envelope) -> None: ...
    def start_consumers(self, subscriptions: list[Subscription], dispatch: Dispatch) -> None: ...
    def ready(self) -> None: ...
    def close(self) -> None: ...


class InProcessBus:
    """Delivers each event straight to this process's handlers, synchronously (the relay runs them
    inside its delivery transaction: one per batch of a tenant's events, a savepoint per handler, or
    per run for a handler that takes batches: `publish_run`)."""

    delivers_in_process = True

    def __init__(self) -> None:
        self.subscriptions: list[Subscription] = []
        self.dispatch: Dispatch | None = None

    def start_consumers(self, subscriptions: list[Subscription], dispatch: Dispatch) -> None:
        self.subscriptions = subscriptions
        self.dispatch = dispatch

    def publish(self, envelope: Envelope) -> None:
        if self.dispatch is None:
            return
        for sub in self.subscriptions:
            if sub.event_name in (envelope.name, "*"):
                self.dispatch(sub, envelope)

    def publish_run(self, envelopes: list[Envelope]) -> dict[UUID, str]:
        """A run of one tenant's events (inside the relay's delivery): each event to the handlers that
        take one event, in order (a failing handler stops that event's later handlers, as `publish`);
        then each batch-taking handler gets the run at once (`dispatch.batch`). Returns {event id:
        error} of the events left pending."""
        errors: dict[UUID, str] = {}
        if self.dispatch is None:
            return errors
        batch = getattr(self.dispatch, "batch", None)
        batched = [s for s in self.subscriptions if batch is not None and s.durable and s.batch_fn is not None]
        singles = [s for s in self.subscriptions if s not in batched]
        for env in envelopes:
            try:
                for sub in singles:
                    if sub.event_name in (env.name, "*"):
                        self.dispatch(sub, env)
            except Exception as exc:  # recorded, retried on a later drain
                log.exception("event delivery failed", event_name=env.name, event_id=str(env.id))
                errors[env.id] = f"{type(exc).__name__}: {exc}"
        for sub in batched:
            mine = [env for env in envelopes if sub.event_name in (env.name, "*")]
            if mine and batch is not None:
                for eid, error in batch(sub, mine).items():
                    errors.setdefault(eid, error)
        return errors

    def ready(self) -> None:
        return None

    def close(self) -> None:
        return None


STREAM_MAX_AGE_SECONDS = 7 * 86400  # how far back a newly added handler can catch up


def _durable_name(name: str) -> str:
    """JetStream consumer names allow letters, digits, _ and -; one consumer per (handler, event)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[-200:]


class NatsBus:
    """JetStream: published events are stored in stream VEXTRUS (de-duplicated by event id);
    each durable handler is a durable pull consumer shared by all processes that run it;
    non-durable handlers get a plain subscription in every process."""

    def __init__(self, url: str, stream: str = "vextrus"):
        import nats  # noqa: F401  (fail early with a clear message if missing)

        self.url = url
        self.stream = stream.upper()  # one stream and subject prefix per deployment
        self.prefix = stream + "."
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="nats-bus", daemon=True)
        self.thread.start()
        self.nc: Any = None
        self.js: Any = None
        self._tasks: list[Any] = []
        try:
            self._run(self._connect(), timeout=10)
        except Exception:
            self.loop.call_soon_threadsafe(self.loop.stop)
            raise

    def _run(self, coro: Any, timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _connect(self) -> None:
        import nats

        async def quiet(exc: Exception) -> None:  # nats-py prints tracebacks by default
            log.debug("nats error", error=str(exc))

        self.nc = await nats.connect(self.url, connect_timeout=3, max_reconnect_attempts=3, error_cb=quiet)
        self.js = self.nc.jetstream()
        try:
            await self.js.stream_info(self.stream)
        except Exception:
            await self.js.add_stream(name=self.stream, subjects=[self.prefix + ">"], duplicate_window=120,
                                     max_age=STREAM_MAX_AGE_SECONDS)

    def publish(self, envelope: Envelope) -> None:
        data = json.dumps(envelope.to_json()).encode()
        # the trace context is in the envelope; as message headers (traceparent) too, for NATS tooling
        self._run(self.js.publish(self.prefix + envelope.name, data,
                                  headers={"Nats-Msg-Id": str(envelope.id), **envelope.trace}))

    def start_consumers(self, subscriptions: list[Subscription], dispatch: Dispatch) -> None:
        for sub in subscriptions:
            self._run(self._start(sub, dispatch))

    async def _start(self, sub: Subscription, dispatch: Dispatch) -> None:
        subject = self.prefix + (">" if sub.event_name == "*" else sub.event_name)
        loop = asyncio.get_running_loop()

        async def handle(msg: Any) -> None:
            env = Envelope.from_json(json.loads(msg.data))
            try:
                await loop.run_in_executor(None, dispatch, sub, env)
            except Exception:
                log.exception("handler failed", handler=sub.handler_name, event_name=env.name)
                if sub.durable:
                    await msg.nak(delay=2)
                return
            if sub.durable:
                await msg.ack()

        if sub.durable:
            psub = await self.js.pull_subscribe(
                subject, durable=_durable_name(f"{self.stream}-{sub.handler_name}-{sub.event_name}"), stream=self.stream)

            async def pump() -> None:
                while True:
                    try:
                        msgs = await psub.fetch(50, timeout=1)
                    except Exception:
                        continue
                    for m in msgs:
                        await handle(m)

            self._tasks.append(asyncio.ensure_future(pump()))
        else:
            await self.nc.subscribe(subject, cb=handle)

    def ready(self) -> None:
        if not self.nc or not self.nc.is_connected:
            raise RuntimeError("not connected to NATS")

    def close(self) -> None:
        async def _close() -> None:
            for t in self._tasks:
                t.cancel()
            if self.nc:
                await self.nc.drain()

        try:
            self._run(_close(), timeout=5)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)


def make_bus(url: str, stream: str = "vextrus") -> Bus:
    if url.startswith("memory://"):
        return InProcessBus()
    return NatsBus(url, stream)
