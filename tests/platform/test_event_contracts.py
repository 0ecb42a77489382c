"""The event contract of every module: what is emitted is declared in the emitter's events.py, what is
subscribed to exists, and every event survives the trip through the outbox and the broker (JSON) with
its types (UUID, Decimal, date, datetime) intact. A new module passes this by existing."""

from __future__ import annotations

import ast
import importlib
import json
import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, JsonValue

from vextrus.platform.events import Envelope, Event, EventRefused, Subscriptions
from vextrus.platform.modules import available_modules

MODULES = available_modules()


def _declared() -> dict[str, list[type[Event]]]:
    """module name -> the Event classes its events.py defines."""
    out: dict[str, list[type[Event]]] = {}
    for name in MODULES:
        try:
            mod = importlib.import_module(f"vextrus.modules.{name}.events")
        except ModuleNotFoundError:
            out[name] = []
            continue
        out[name] = [v for v in vars(mod).values()
                     if isinstance(v, type) and issubclass(v, Event) and v.__module__ == mod.__name__]
    return out


DECLARED = _declared()
ALL_EVENTS = [cls for classes in DECLARED.values() for cls in classes]
BY_NAME = {cls.name: cls for cls in ALL_EVENTS}


def _subscriptions() -> list[tuple[str, Any]]:
    out = []
    for name, m in MODULES.items():
        if m.handlers:
            subs = m.load(m.handlers)
            assert isinstance(subs, Subscriptions), f"{name}: handlers must be a Subscriptions"
            out.extend((name, s) for s in subs.items)
    return out


def test_every_module_declares_typed_events_with_unique_names():
    assert len(ALL_EVENTS) >= 50  # the six modules' contracts are all found
    names = [cls.name for cls in ALL_EVENTS]
    assert len(names) == len(set(names)), "two event classes share a name"
    for module, classes in DECLARED.items():
        for cls in classes:
            assert cls.name.startswith(f"{module}."), f"{cls.__name__}: {cls.name} is not named after {module}"
            assert cls.version >= 1 and all(1 <= v < cls.version for v in cls.upcasters), \
                f"{cls.name}: upcasters must start from older versions"
            for fname in cls.model_fields:
                hint = typing.get_type_hints(cls)[fname]
                if fname.endswith("_id") or fname.endswith("_ids"):
                    assert "UUID" in str(hint), f"{cls.name}.{fname} is an id but typed {hint} (use UUID)"
                if fname in ("amount", "total", "price", "net_profit") or fname.endswith("_amount"):
                    assert "Decimal" in str(hint), f"{cls.name}.{fname} is money but typed {hint} (use Decimal)"
                if fname.endswith("_date") or fname in ("as_of",):
                    assert "date" in str(hint), f"{cls.name}.{fname} is a date but typed {hint}"


def test_every_subscription_names_a_declared_event():
    subs = _subscriptions()
    assert subs, "no module subscribes to anything: the scan is broken"
    for module, sub in subs:
        if sub.event_type is not None:
            assert sub.event_type in ALL_EVENTS, \
                f"{sub.handler_name} ({module}) subscribes to {sub.event_type}, which no module's events.py declares"
            assert sub.event_name == sub.event_type.name
        else:  # by name: only catch-alls and non-durable envelope consumers, of events that exist
            assert sub.event_name == "*" or not sub.durable, f"{sub.handler_name}: a durable handler must be typed"
            assert sub.event_name == "*" or sub.event_name in BY_NAME, \
                f"{sub.handler_name} listens to {sub.event_name!r}, which no module declares"


def test_a_durable_subscription_by_name_is_refused():
    subs = Subscriptions()
    with pytest.raises(TypeError, match="event class"):
        subs.on("finance.journal.posted")
    subs.on("*")(lambda env, uow: None)  # a catch-all (audit) may take envelopes
    subs.on("auth.role.changed", durable=False)(lambda env: None)
    assert [s.event_type for s in subs.items] == [None, None]


def _name(fn: ast.expr) -> str:
    return fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else "?"


def _emitted_names(path: Path) -> set[str]:
    """Class names passed to an `emit` (`uow.emit(Class(...))`, `context_cache.emit(uow, Class(...))`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node.func) == "emit":
            names.update(_name(a.func) for a in node.args if isinstance(a, ast.Call) and _name(a.func)[:1].isupper())
    return names


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_emitted_event_is_declared_by_the_emitting_module(module: str):
    root = Path(importlib.import_module(f"vextrus.modules.{module}").__file__).parent
    own = {cls.__name__ for cls in DECLARED[module]}
    emitted: set[str] = set()
    for path in root.rglob("*.py"):
        for name in _emitted_names(path):
            assert name in own, f"{path.relative_to(root)} emits {name}, which {module}/events.py does not declare"
            emitted.add(name)
    assert bool(emitted) == bool(own), f"{module}: declares {sorted(own)} but the scan found it emitting {sorted(emitted)}"


# ---- JSON round trip ---------------------------------------------------------------------------

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=6)


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    """Values of a field's type, as an emitter would pass them."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_strategy(a) for a in args))
    if origin is list:
        return st.lists(_strategy(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(st.text(max_size=8), _strategy(args[1]), max_size=3)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return st.builds(hint, **{n: _strategy(h) for n, h in typing.get_type_hints(hint).items()
                                  if n in hint.model_fields})
    simple: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(), str: st.text(max_size=30), int: st.integers(-10**12, 10**12), bool: st.booleans(),
        UUID: st.uuids(), date: st.dates(),
        datetime: st.datetimes(timezones=st.just(UTC)) | st.datetimes(),
        Decimal: st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**15, max_value=10**15),
        Any: _JSON, JsonValue: _JSON,  # a changed field's before and after (platform.changes.FieldChange)
    }
    assert hint in simple, f"no example values for {hint}: add them here (and keep event fields JSON-friendly)"
    return simple[hint]


def _instances(cls: type[Event]) -> st.SearchStrategy[Event]:
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{n: _strategy(hints[n]) for n in cls.model_fields})


def _through_the_broker(event: Event) -> Envelope:
    """What a consumer gets: the payload as `uow.emit` stores it, the envelope as NATS carries it."""
    env = Envelope(id=uuid4(), name=event.name, version=event.version, tenant_id=uuid4(),
                   occurred_at=datetime.now(UTC), actor="admin@test", payload=event.model_dump(mode="json"))
    return Envelope.from_json(json.loads(json.dumps(env.to_json())))


@pytest.mark.parametrize("cls", ALL_EVENTS, ids=lambda c: c.name)
def test_every_event_round_trips_through_json_with_its_types(cls: type[Event]):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_instances(cls))
    def check(event: Event) -> None:
        got = cls.from_envelope(_through_the_broker(event))
        assert type(got) is cls and got.model_dump() == event.model_dump()  # UUID, Decimal, date: same types
        for fname in cls.model_fields:
            a, b = getattr(got, fname), getattr(event, fname)
            assert type(a) is type(b), f"{cls.name}.{fname}: {type(b).__name__} came back as {type(a).__name__}"
        assert got.envelope.name == cls.name

    check()


def test_a_finance_posting_keeps_its_money_and_ids_typed():
    from vextrus.modules.finance.events import CostLine, JournalPosted

    line = CostLine(line_id=uuid4(), project_id=uuid4(), activity_code="A1010", amount=Decimal("125000.50"),
                    currency="BDT")
    # the emitter passes strings (as finance's service does); the consumer gets the types
    e = JournalPosted(book_id=str(uuid4()), entry_id=str(uuid4()), number="JV-1", journal_type="general",
                      entry_date="2025-07-10", total="143750.58", cost_lines=[line.model_dump(mode="json")])
    got = JournalPosted.from_envelope(_through_the_broker(e))
    assert got.entry_date == date(2025, 7, 10) and got.total == Decimal("143750.58")
    assert got.cost_lines[0].amount == Decimal("125000.50") and got.cost_lines[0].project_id == line.project_id
    assert isinstance(got.book_id, UUID)


# ---- versions ----------------------------------------------------------------------------------

class PricedV1(Event):
    name = "test.priced"
    price: str  # version 1: taka as text


def _to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    data["amount"] = data.pop("price")
    data.setdefault("currency", "BDT")
    return data


class Priced(Event):
    name = "test.priced"
    version = 2
    upcasters = {1: _to_v2}
    amount: Decimal
    currency: str


class PricedNoUpcaster(Event):
    name = "test.priced"
    version = 2
    amount: Decimal


def test_an_older_envelope_is_upcast_by_the_declared_function():
    got = Priced.from_envelope(_through_the_broker(PricedV1(price="12.50")))
    assert got.amount == Decimal("12.50") and got.currency == "BDT" and got.envelope.version == 1


def test_a_version_without_upcaster_or_from_a_newer_producer_is_refused():
    env = _through_the_broker(PricedV1(price="12.50"))
    with pytest.raises(EventRefused, match=str(env.id)) as refused:
        PricedNoUpcaster.from_envelope(env)
    assert "no upcaster from version 1" in refused.value.reason
    newer = _through_the_broker(Priced(amount=Decimal("1"), currency="BDT"))
    with pytest.raises(EventRefused, match="newer"):
        PricedV1.from_envelope(newer)


def test_a_payload_that_does_not_validate_is_refused_not_dropped():
    env = _through_the_broker(PricedV1(price="twelve"))
    bad = Envelope(id=env.id, name=env.name, version=2, tenant_id=env.tenant_id, occurred_at=env.occurred_at,
                   actor=env.actor, payload={"amount": "twelve", "currency": "BDT"})
    with pytest.raises(EventRefused, match="amount"):
        Priced.from_envelope(bad)
