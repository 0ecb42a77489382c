"""Domain events: what a module publishes, and how handlers subscribe to them.

A module declares its events in `events.py` as `Event` subclasses (its public contract), with typed
fields (`UUID`, `Decimal`, `date`, `datetime`, nested models). Events are written to the outbox inside
the unit of work and delivered after commit by the relay (in-process bus, or NATS JetStream when
scaled out). Delivery is at-least-once, so durable handlers run at most once per event thanks to
the inbox.

A handler subscribes to the event class and receives the validated event (its envelope, for the
tenant, actor and event id, is `event.envelope`):

    @subscriptions.on(CompanyCreated)
    def open_book(event: CompanyCreated, uow: UnitOfWork) -> None: ...

A durable handler may also declare that it takes a batch: `@subscriptions.batch_of(handler)` names a
function given a run of one tenant's events at once (in order) and the unit of work. The in-process relay
calls it in one savepoint for a run; should it fail, the run falls back to the one-event handler, one event
at a time (each in its own savepoint), so a bad event fails alone. A broker's consumer delivers one by one.

String subscriptions are for envelope consumers only: `"*"` (every event) and non-durable handlers
(cache invalidation) that need only the envelope; they receive the `Envelope`.

Versions: an event class says its `version`; a stored envelope of an older version is upcast by the
class's `upcasters` ({old version: fn(payload) -> payload of the next version}), one step at a time.
An envelope that cannot be brought to the class's version (no upcaster, or a newer producer) is
refused: logged with the event id and raised, so the relay leaves it pending for retry like a
failed handler — never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, ClassVar, Self
from uuid import UUID

import structlog
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

log = structlog.get_logger("vextrus.events")

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
ORIGIN_KEY = "_origin"  # the outbox payload key holding the emitting request's id and client address


class EventRefused(Exception):
    """A delivered envelope that cannot become its event class: an unknown version or a payload that
    does not validate. Raised by the dispatch, so the event stays pending (retried, `last_error`)."""

    def __init__(self, envelope: Envelope, reason: str):
        self.envelope = envelope
        self.reason = reason
        super().__init__(f"event {envelope.name} v{envelope.version} id {envelope.id} refused: {reason}")


class Event(BaseModel):
    """Base for event payloads. Subclasses set `name` (`module.object.verb`), `version` (raise it when a
    field's meaning or type changes, or a required field is added) and, for older versions still in
    outboxes and streams, `upcasters` {old version: payload of that version -> payload of the next}."""

    model_config = ConfigDict(frozen=True)
    name: ClassVar[str]
    version: ClassVar[int] = 1
    upcasters: ClassVar[Mapping[int, Upcaster]] = {}
    _envelope: Envelope | None = PrivateAttr(default=None)

    @property
    def envelope(self) -> Envelope:
        """The delivery this event came in (id, tenant, actor, occurred_at, trace)."""
        if self._envelope is None:
            raise AttributeError(f"{type(self).__name__} was not delivered: it has no envelope")
        return self._envelope

    @classmethod
    def upcast(cls, payload: dict[str, Any], version: int) -> dict[str, Any]:
        """`payload` of `version` brought to this class's version; ValueError when it cannot be."""
        if version > cls.version:
            raise ValueError(f"version {version} is newer than {cls.__name__}'s {cls.version} (upgrade this consumer)")
        data = dict(payload)
        while version < cls.version:
            step = cls.upcasters.get(version)
            if step is None:
                raise ValueError(f"no upcaster from version {version} (class {cls.__name__} is version {cls.version})")
            data = step(data)
            version += 1
        return data

    @classmethod
    def from_envelope(cls, envelope: Envelope) -> Self:
        """The validated event of a delivered envelope (upcast when older); EventRefused, logged
        with the event id, when it cannot be."""
        if envelope.name != cls.name:
            raise EventRefused(envelope, f"delivered to a handler of {cls.name}")
        try:
            event = cls.model_validate(cls.upcast(envelope.payload, envelope.version))
        except ValidationError as exc:
            refused = EventRefused(envelope, "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'payload'}: {e['msg']}" for e in exc.errors()[:5]))
        except (ValueError, KeyError, TypeError) as exc:  # no upcaster, a newer producer, a failing upcaster
            refused = EventRefused(envelope, f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc))
        else:
            event._envelope = envelope
            return event
        log.error("event refused", event_id=str(envelope.id), event_name=envelope.name,
                  version=envelope.version, expected_version=cls.version, reason=refused.reason)
        raise refused


@dataclass(frozen=True)
class Envelope:
    id: UUID
    name: str
    version: int
    tenant_id: UUID | None
    occurred_at: datetime
    actor: str
    payload: dict[str, Any]
    trace: dict[str, str] = field(default_factory=dict)  # W3C trace context (`traceparent`) of the emitter
    origin: dict[str, str] = field(default_factory=dict)  # the emitter's `request_id`, `client`, `company` (audit)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id), "name": self.name, "version": self.version,
            "tenant_id": str(self.tenant_id) if self.tenant_id else None,
            "occurred_at": self.occurred_at.isoformat(), "actor": self.actor, "payload": self.payload,
        }
        if self.trace:
            data["trace"] = self.trace
        if self.origin:
            data["origin"] = self.origin
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Envelope:
        return cls(
            id=UUID(data["id"]), name=data["name"], version=int(data["version"]),
            tenant_id=UUID(data["tenant_id"]) if data.get("tenant_id") else None,
            occurred_at=datetime.fromisoformat(data["occurred_at"]), actor=data["actor"],
            payload=data["payload"], trace=dict(data.get("trace") or {}), origin=dict(data.get("origin") or {}),
        )


Handler = Callable[..., None]
BatchHandler = Callable[..., None]  # (events of one tenant, in order, uow) -> None


@dataclass(frozen=True)
class Subscription:
    """`durable` handlers change data and run once per event (inbox); the others run in every
    process for every delivery (cache invalidation). A handler subscribed to an event class
    (`event_type`) receives the validated event; one subscribed by name (`"*"`, or a non-durable
    envelope consumer) receives the `Envelope`."""

    event_name: str
    handler_name: str
    fn: Handler
    durable: bool = True
    event_type: type[Event] | None = None
    batch_fn: BatchHandler | None = None  # the same handler for a run of events (`Subscriptions.batch_of`)

    def event_for(self, envelope: Envelope) -> Event | Envelope:
        """What the handler is given for `envelope` (EventRefused when it cannot be typed)."""
        return envelope if self.event_type is None else self.event_type.from_envelope(envelope)


@dataclass
class Subscriptions:
    items: list[Subscription] = field(default_factory=list)

    def on(self, event: type[Event] | str, *, durable: bool = True) -> Callable[[Handler], Handler]:
        """Subscribe to an event class (the handler gets the validated event). A name is accepted
        only for `"*"` or a non-durable handler, which get the envelope: a durable handler of one
        event type must be typed."""
        if isinstance(event, str):
            if durable and event != "*":
                raise TypeError(f"subscribe to the event class, not the name {event!r} "
                                "(names are for '*' and non-durable envelope consumers)")
            event_name, event_type = event, None
        else:
            event_name, event_type = event.name, event

        def deco(fn: Handler) -> Handler:
            name = f"{fn.__module__}.{fn.__qualname__}"
            self.items.append(Subscription(event_name, name, fn, durable, event_type))
            return fn

        return deco

    def batch_of(self, handler: Handler) -> Callable[[BatchHandler], BatchHandler]:
        """Declare `fn(events, uow)` as the batch form of the durable `handler` (subscribed already):
        it must do for a list of events, in order, what `handler` does for each. The subscription keeps
        the handler's name, so the inbox is the same whichever form delivered an event."""

        def deco(fn: BatchHandler) -> BatchHandler:
            found = False
            for i, sub in enumerate(self.items):
                if sub.fn is handler:
                    if not sub.durable:
                        raise TypeError(f"{sub.handler_name} is not durable: only durable handlers take batches")
                    self.items[i] = replace(sub, batch_fn=fn)
                    found = True
            if not found:
                raise TypeError(f"{getattr(handler, '__qualname__', handler)} is not subscribed here")
            return fn

        return deco

    def for_event(self, name: str) -> list[Subscription]:
        return [s for s in self.items if s.event_name == name or s.event_name == "*"]
