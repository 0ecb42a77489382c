"""The running platform: settings, enabled modules, database, bus and relay, built once.

`start()` is called by the app factory, the CLI and the test fixtures; code that needs the
database asks `current()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from vextrus.platform import tenancy, tracing
from vextrus.platform.bus import Bus, make_bus
from vextrus.platform.db import dispose_engine, make_engine
from vextrus.platform.errors import ConfigurationError
from vextrus.platform.events import Subscription, Subscriptions
from vextrus.platform.modules import Registry, available_modules, build_registry
from vextrus.platform.settings import Settings


class VextrusSession(Session):
    """The application's session class; tenancy filters are installed on it."""


tenancy.install(VextrusSession)


@dataclass
class Runtime:
    settings: Settings
    registry: Registry
    engine: Engine
    session_factory: sessionmaker[Session]
    bus: Bus
    relay: Any
    subscriptions: list[Subscription] = field(default_factory=list)
    jobs: Any = None
    tracing: Any = None  # a tracing.Tracing, or None when VEXTRUS_TRACING=none

    def schemas(self) -> list[str]:
        return ["platform", *self.registry.names]

    def close(self) -> None:
        if self.jobs is not None:
            self.jobs.stop_consumer()
        self.relay.stop()
        self.bus.close()
        if self.tracing is not None:
            self.tracing.shutdown()  # flushes the spans still batched
        dispose_engine(self.engine)


_current: Runtime | None = None


def current() -> Runtime:
    if _current is None:
        raise RuntimeError("Vextrus runtime is not started (call vextrus.platform.runtime.start)")
    return _current


def is_started() -> bool:
    return _current is not None


def start(settings: Settings, registry: Registry | None = None, *, consume: bool = True) -> Runtime:
    """Build the runtime. `consume` starts this process's event handlers on the bus."""
    global _current
    from vextrus.platform.relay import Relay, make_dispatch

    registry = registry or build_registry(settings.modules)
    schemas = ["platform", *available_modules()]  # migrations cover every shipped module
    engine = make_engine(settings.database_url, schemas, pool_size=settings.db_pool_size,
                         max_overflow=settings.db_max_overflow)
    factory = sessionmaker(bind=engine, class_=VextrusSession, expire_on_commit=False)
    try:
        bus = make_bus(settings.bus_url, settings.bus_stream)
    except Exception as exc:
        raise ConfigurationError(f"setting VEXTRUS_BUS_URL: cannot connect to {settings.bus_url} ({exc})") from None
    relay = Relay(factory, bus)
    tracer = tracing.configure(settings)  # after the bus: a bad bus URL leaves nothing running
    if tracer is not None:
        tracer.instrument_engine(engine)
    relay.synchronous = settings.bus_url.startswith("memory://")
    subs: list[Subscription] = []
    for _m, subscriptions in registry.each("handlers"):
        assert isinstance(subscriptions, Subscriptions)
        subs.extend(subscriptions.items)
    from vextrus.platform import jobs

    rt = Runtime(settings, registry, engine, factory, bus, relay, subs,
                 jobs.build(registry, settings.jobs_url, settings.data_dir), tracer)
    _current = rt
    if consume:
        bus.start_consumers(subs, make_dispatch(factory))
    return rt


def stop() -> None:
    global _current
    if _current is not None:
        _current.close()
        _current = None
