"""Kernel issue #21, Deliver 2: every `@command` of every module replays its first result with its type.

`platform/uow.py` keeps each command in `COMMANDS` and resolves its return annotation when it is
decorated. Here every module's package is imported and, for every command:

- its return annotation resolved at decoration (or, for a class defined later in its file, on first use);
- a result of the declared type (built from the type: every field of a DTO filled, `X | None` both ways,
  lists of two) goes through what a repeated idempotency key does — dump to the JSON column, load through
  the replay adapter — and comes back equal, of the same type, all the way down (a Decimal stays a
  Decimal, a date a date, a DTO that DTO, never a dict or a str).

A command whose type cannot be built here is skipped with a named reason and counted (see
`test_the_commands_are_counted`). Then real replays on SQLite and PostgreSQL: the same idempotency key
twice for commands returning `X | None`, `list[X]`, a `Decimal` and a DTO.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
import pkgutil
import types
import typing
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import vextrus.modules
from vextrus.platform import uow as uow_module

SKIP = "skip"


def _import_every_module() -> list[Any]:
    for info in pkgutil.walk_packages(vextrus.modules.__path__, vextrus.modules.__name__ + "."):
        if ".tests" in info.name or info.name.endswith(".__main__"):
            continue
        importlib.import_module(info.name)
    return [c for c in uow_module.COMMANDS if c.__module__.startswith("vextrus.modules.")]


COMMANDS = _import_every_module()


def _name(cmd: Any) -> str:
    return f"{cmd.__module__.removeprefix('vextrus.modules.')}.{cmd.__name__}"


# ---- a value of a type ---------------------------------------------------------------------------


class CannotBuild(Exception):
    """The type names something no value can be made of here (the reason is the message)."""


SCALARS: dict[Any, Any] = {
    Decimal: Decimal("1234567.89"), int: 42, float: 2.5, str: "পদ্মা Padma", bool: True,
    date: date(2026, 1, 31), datetime: datetime(2026, 1, 31, 17, 5, 9, tzinfo=UTC),
    time: time(9, 30), timedelta: timedelta(days=3, hours=2), UUID: UUID("0190f3a1-7b7c-7e2a-9c1e-5b1d2c3e4f50"),
    bytes: b"vextrus",
}


def sample(tp: Any, none: bool = False, depth: int = 0) -> Any:
    """A value of `tp`. `none=True` picks None for an `X | None` at the top (both ways are tried)."""
    if depth > 16:
        raise CannotBuild("nested more than sixteen levels (a recursive type)")
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any or tp is object:
        return {"any": ["value", 1]}
    if tp in SCALARS:
        return SCALARS[tp]
    if tp is type(None):
        return None
    if origin is typing.Annotated:
        return sample(args[0], none, depth)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if none and len(inner) < len(args):
            return None
        return sample(inner[0], False, depth + 1)
    if origin is typing.Literal:
        return args[0]
    if origin in (list, set, frozenset, tuple) or tp in (list, set, tuple):
        if origin is tuple and args and args[-1] is not Ellipsis:
            return tuple(sample(a, False, depth + 1) for a in args)
        item = args[0] if args else str
        values = [sample(item, False, depth + 1), sample(item, False, depth + 1)]
        return (origin or tp)(values) if (origin or tp) is not list else values
    if origin is dict or tp is dict:
        k, v = args or (str, str)
        return {sample(k, False, depth + 1): sample(v, False, depth + 1)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _model(tp, depth)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: sample(hints[f.name], False, depth + 1) for f in dataclasses.fields(tp) if f.init})
    if isinstance(tp, typing.TypeVar):
        raise CannotBuild(f"a type variable {tp}")
    raise CannotBuild(f"no value for {tp!r}")


def _model(model: type[BaseModel], depth: int) -> BaseModel:
    """Every field filled (optional ones too, so their types are replayed); a field whose constraint refuses
    the plain sample falls back to its default, or to a value the model accepts."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        data[name] = sample(info.annotation, False, depth + 1)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            info = model.model_fields.get(field)
            if info is None:
                continue
            if not info.is_required():
                data.pop(field, None)
            else:
                data[field] = _constrained(info.annotation, err)
        try:
            return model.model_validate(data)
        except ValidationError as again:
            raise CannotBuild(f"{model.__name__}: {again.errors()[0]['msg']}") from None


def _constrained(tp: Any, err: Any) -> Any:
    """A value meeting a field's constraint (a short string, a small positive number)."""
    kind = err["type"]
    if kind == "string_too_long":
        return "P"
    if kind in ("less_than", "less_than_equal", "greater_than", "greater_than_equal"):
        return Decimal("1") if "decimal" in repr(tp).lower() else 1
    if kind == "string_pattern_mismatch":
        return "P-000001"
    return sample(tp)


# ---- what replay gives back -------------------------------------------------------------------------


def replayed(cmd: Any, value: Any) -> Any:
    """What a repeated key returns: dumped into the idempotency row's JSON column, then loaded."""
    result_type = cmd.__vextrus_result__
    stored = json.loads(json.dumps(result_type.dump(value)))
    return result_type.load(stored)


def shape(value: Any) -> Any:
    """The value's types all the way down (a Decimal inside a DTO inside a list, …)."""
    if isinstance(value, BaseModel):
        return (type(value), {k: shape(getattr(value, k)) for k in type(value).model_fields})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value), {f.name: shape(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, list | tuple | set | frozenset):
        return (type(value), [shape(v) for v in (sorted(value, key=repr) if isinstance(value, set | frozenset)
                                                  else value)])
    if isinstance(value, dict):
        return (type(value), {k: (type(k), shape(v)) for k, v in value.items()})
    return type(value)


def _optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp)


CASES = [pytest.param(c, none, id=_name(c) + ("[None]" if none else ""))
         for c in COMMANDS for none in (False, True) if not none or _optional(c.__vextrus_result__.hint)]
skipped: dict[str, str] = {}


def test_every_module_has_commands_and_each_resolves_its_return_type():
    assert len(COMMANDS) > 200
    unresolved = []
    for cmd in COMMANDS:
        rt = cmd.__vextrus_result__
        if "return" not in typing.get_type_hints(rt.fn):
            unresolved.append(f"{_name(cmd)}: no return annotation")
        assert rt.hint is not None
    assert unresolved == []
    late = [_name(c) for c in COMMANDS if not c.__vextrus_result__.resolved_at_decoration]
    assert late == [], f"resolved only on first use (a class defined after the command): {late}"


@pytest.mark.parametrize(("cmd", "none"), CASES)
def test_a_stored_result_replays_with_its_type_and_value(cmd, none):
    hint = cmd.__vextrus_result__.hint
    try:
        first = sample(hint, none)
    except CannotBuild as exc:
        skipped[_name(cmd)] = str(exc)
        pytest.skip(f"cannot build a {hint!r}: {exc}")
    again = replayed(cmd, first)
    assert again == first
    assert shape(again) == shape(first)


def test_the_commands_are_counted():
    """Few enough skipped to name: each for a reason printed here (run with -rs to see them)."""
    built = 0
    for cmd in COMMANDS:
        try:
            sample(cmd.__vextrus_result__.hint)
            built += 1
        except CannotBuild as exc:
            skipped[_name(cmd)] = str(exc)
    assert built + len(skipped) == len(COMMANDS)
    assert len(skipped) <= 3, skipped


# ---- scalars by hypothesis: any value of the type, not only the sample ---------------------------------

SCALAR_TYPES = sorted({c.__vextrus_result__.hint for c in COMMANDS if c.__vextrus_result__.hint in
                       (Decimal, int, str, bool, date, UUID)}, key=repr)


@pytest.mark.parametrize("tp", SCALAR_TYPES, ids=lambda t: t.__name__)
def test_any_scalar_result_replays_as_itself(tp):
    cmd = next(c for c in COMMANDS if c.__vextrus_result__.hint is tp)
    values = st.decimals(allow_nan=False, allow_infinity=False) if tp is Decimal else st.from_type(tp)

    @settings(max_examples=60, deadline=None, database=None)
    @given(values)
    def check(value: Any) -> None:
        again = replayed(cmd, value)
        assert again == value and type(again) is type(value)

    check()


# ---- real replays: the same idempotency key twice, on both databases -------------------------------


@pytest.fixture
def book(admin):
    from vextrus.modules.finance import service

    b = service.ensure_book("RPLY", "Replay Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    return b.code


def _twice(fn: Any, *args: Any, key: str, **kwargs: Any) -> tuple[Any, Any]:
    first = fn(*args, idempotency_key=key, **kwargs)
    again = fn(*args, idempotency_key=key, **kwargs)
    assert again == first and shape(again) == shape(first)
    return first, again


def test_real_replays_of_a_decimal_a_list_a_dto_and_an_optional_dto(db, book):
    from vextrus.modules.finance import service
    from vextrus.modules.finance.service import AccountInput, EntryIn, LineIn

    rate, _ = _twice(service.set_rate, book, "USD", date(2025, 7, 1), Decimal("120.25"), key="rate")
    assert isinstance(rate, Decimal) and rate == Decimal("120.25")

    accounts, again = _twice(service.create_accounts, book, [
        AccountInput(code="1199", name="Replay cash", account_type="asset", parent_code="1100"),
        AccountInput(code="1198", name="Replay petty cash", account_type="asset", parent_code="1100")], key="accts")
    assert [a.code for a in again] == ["1199", "1198"] and all(type(a) is type(accounts[0]) for a in again)

    entry, again = _twice(service.post_entry, book, EntryIn(entry_date=date(2025, 7, 5), lines=[
        LineIn(account_code="1121", debit=Decimal("1000"), currency="USD"),
        LineIn(account_code="3100", credit=Decimal("120250"))]), key="entry")
    assert again.number == entry.number and isinstance(again.total, Decimal)
    assert len(service.list_entries(book)) == 1  # the repeat posted nothing

    nothing, _ = _twice(service.revalue, book, date(2025, 7, 31), {"USD": Decimal("120.25")}, key="reval-none")
    assert nothing is None  # no change of rate: no entry, and the repeat says None again (not {} or "null")
    reval, again = _twice(service.revalue, book, date(2025, 7, 31), {"USD": Decimal("122.50")}, key="reval")
    assert reval is not None and type(again) is type(reval) and again.total == Decimal("2250.00")


def test_real_replay_of_a_master_data_party(db, admin):
    from vextrus.modules.master_data import service
    from vextrus.modules.master_data.schemas import PartyInput

    first, again = _twice(service.create_party, PartyInput(legal_name="Replay Traders", roles=["vendor"]),
                          key="party")
    assert again.id == first.id and again.code == first.code
