"""Kernel issue #21, finding 2: a repeated idempotency key gives back the first result with its type.

Found on main: `_replay` looked the return type up by its annotation string, so a repeat of `revalue`
(`-> EntryView | None`) came back as a dict and of `set_rate` (`-> Decimal`) as a str; GraphQL's
`runRevaluation` then failed on the replay. Every kind of declared return type is tried here twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from pydantic import BaseModel

from vextrus.modules.finance import service
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, command


class Thing(BaseModel):
    id: UUID
    amount: Decimal
    on: date


THING = Thing(id=new_id(), amount=Decimal("1234.50"), on=date(2026, 1, 31))
calls: list[str] = []


@command("test.thing.make")
def a_decimal(uow: UnitOfWork, n: int) -> Decimal:
    calls.append("decimal")
    return Decimal("121.4567") * n


@command("test.thing.make")
def maybe_a_thing(uow: UnitOfWork, found: bool) -> Thing | None:
    calls.append("maybe")
    return THING if found else None


@command("test.thing.make")
def things(uow: UnitOfWork) -> list[Thing]:
    calls.append("list")
    return [THING, THING]


@command("test.thing.make")
def a_date_by_name(uow: UnitOfWork) -> dict[str, date]:
    calls.append("dict")
    return {"due": date(2026, 12, 4)}


@command("test.thing.make")
def an_id(uow: UnitOfWork) -> UUID:
    calls.append("id")
    return THING.id


CASES = [(a_decimal, {"n": 2}), (maybe_a_thing, {"found": True}), (maybe_a_thing, {"found": False}),
         (things, {}), (a_date_by_name, {}), (an_id, {})]


@pytest.mark.parametrize(("fn", "kwargs"), CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_a_replayed_result_has_the_first_results_type_and_value(db, admin, fn, kwargs):
    calls.clear()
    first = fn(**kwargs, idempotency_key="same")
    again = fn(**kwargs, idempotency_key="same")
    assert len(calls) == 1  # the second call was a replay
    assert again == first and type(again) is type(first)
    if isinstance(first, list):
        assert [type(x) for x in again] == [type(x) for x in first]
    if isinstance(first, dict):
        assert {k: type(v) for k, v in again.items()} == {k: type(v) for k, v in first.items()}


def test_a_repeated_exchange_rate_comes_back_as_a_decimal(db, admin):
    service.ensure_book("RPL", "Replay Ltd.")
    first = service.set_rate("RPL", "USD", date(2026, 7, 1), Decimal("121.50"), idempotency_key="rate-1")
    again = service.set_rate("RPL", "USD", date(2026, 7, 1), Decimal("121.50"), idempotency_key="rate-1")
    assert isinstance(again, Decimal) and again == first == Decimal("121.50")
