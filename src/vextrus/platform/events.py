"""Domain events: what a module publishes, and how handlers subscribe to them.

A module declares its events in `events.py` as `Event` subclasses (its public contract).
Events are written to the outbox inside the unit of work and delivered after commit by the
relay (in-process bus, or NATS JetStream when scaled out). Delivery is at-least-once, so
durable handlers run at most once per event thanks to the inbox.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """Base for event payloads. Subclasses set `name` (`module.object.verb`) and `version`."""

    model_config = ConfigDict(frozen=True)
    name: ClassVar[str]
    version: ClassVar[int] = 1


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

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id), "name": self.name, "version": self.version,
            "tenant_id": str(self.tenant_id) if self.tenant_id else None,
            "occurred_at": self.occurred_at.isoformat(), "actor": self.actor, "payload": self.payload,
        }
        if self.trace:
            data["trace"] = self.trace
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Envelope:
        return cls(
            id=UUID(data["id"]), name=data["name"], version=int(data["version"]),
            tenant_id=UUID(data["tenant_id"]) if data.get("tenant_id") else None,
            occurred_at=datetime.fromisoformat(data["occurred_at"]), actor=data["actor"],
            payload=data["payload"], trace=dict(data.get("trace") or {}),
        )


Handler = Callable[..., None]


@dataclass(frozen=True)
class Subscription:
    """`durable` handlers change data and run once per event (inbox); the others run in every
    process for every delivery (cache invalidation) and get only the envelope."""

    event_name: str
    handler_name: str
    fn: Handler
    durable: bool = True


@dataclass
class Subscriptions:
    items: list[Subscription] = field(default_factory=list)

    def on(self, event: type[Event] | str, *, durable: bool = True) -> Callable[[Handler], Handler]:
        event_name = event if isinstance(event, str) else event.name

        def deco(fn: Handler) -> Handler:
            name = f"{fn.__module__}.{fn.__qualname__}"
            self.items.append(Subscription(event_name, name, fn, durable))
            return fn

        return deco

    def for_event(self, name: str) -> list[Subscription]:
        return [s for s in self.items if s.event_name == name or s.event_name == "*"]
