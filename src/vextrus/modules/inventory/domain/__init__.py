"""Pure rules of inventory: stores, stock moves and moving-average valuation (no I/O, no frameworks).

Valuation is the weighted (moving) average cost per (company, item), as IAS 2 ¶25 allows and as
BFRS/IAS 2 is adopted in Bangladesh by the FRC (Financial Reporting Act 2015): a receipt adds its
quantity and value; an issue takes quantity × the average at that moment, rounded to the poisha with
the platform's one rounding rule; an issue that empties the stock takes the remaining value, so value
and quantity reach zero together. A transfer moves quantity and value between stores and leaves the
company's average unchanged. Stock never goes negative, in any store.

Moves of one item are ordered by (move date, seq), seq being the insertion counter. A backdated move is
valued at the position of its date (docs/inventory.md, "Backdated moves"); `restate` then values every later
move again, forward, from the new position, exactly as posting all the moves in date order would have
(later issues, transfers and unpriced adjustments take the new average; receipts keep their price).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, divide_half_up, round_amount, round_places

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")
STORE_KINDS = ("central", "site")
MOVE_KINDS = ("receipt", "issue", "transfer", "adjustment")
QTY_PLACES = 6
VALUE_PLACES = 2  # values in poisha


def take_units(qty: int, on_hand: int, value: int) -> int:
    """The value (poisha) `qty` takes out of `on_hand` worth `value`, quantities in millionths: the whole
    value when it is the last of the stock (quantity and value reach zero together), else
    qty × value / on_hand rounded to the poisha, half up, and never more than the value. The one rule of an
    issue's cost, used by `apply`, `walk` and `restate`."""
    if qty == on_hand:
        return value
    return min(divide_half_up(qty * value, on_hand), value)


def at_average_units(qty: int, on_hand: int, value: int) -> int:
    """The value of `qty` coming in at the current average (an adjustment up without a unit cost): qty ×
    value / on_hand to the poisha, half up; zero when nothing is on hand."""
    return divide_half_up(qty * value, on_hand) if on_hand else 0


def to_units(amount: Decimal, places: int) -> int:
    return int(amount.scaleb(places))


def from_units(units: int, places: int = VALUE_PLACES) -> Decimal:
    return Decimal(units).scaleb(-places)


def store_code(raw: str) -> str:
    """A store's code: upper-case letters, digits and hyphens, at most 40."""
    code = raw.strip().upper()
    if not CODE.match(code):
        raise ValidationFailed("inventory.store_code_invalid", "A code is 1 to 40 letters, digits or hyphens",
                               "কোড ১ থেকে ৪০টি অক্ষর, অঙ্ক বা হাইফেন", field="code")
    return code


def store_kind(raw: str) -> str:
    if raw not in STORE_KINDS:
        raise ValidationFailed("inventory.store_kind_invalid", "A store is central or site",
                               "গুদাম কেন্দ্রীয় অথবা সাইট হবে", field="kind")
    return raw


def name(raw: str, field_name: str = "name") -> str:
    text = raw.strip()
    if not text:
        raise ValidationFailed("inventory.name_missing", "A store needs a name", "গুদামের নাম দিন", field=field_name)
    return text


@dataclass(frozen=True)
class Move:
    """One stock move of one item. `quantity` is in the item's base unit: positive, except an adjustment,
    which is signed (a count found more: positive; less: negative). `unit_cost` prices a receipt and a
    positive adjustment (a positive adjustment without one comes in at the current average)."""

    kind: str
    store: str
    quantity: Decimal
    unit_cost: Decimal | None = None
    to_store: str | None = None


@dataclass(frozen=True)
class Valued:
    move: Move
    value: Decimal  # signed change of the company's stock value (+ receipt, - issue; transfer 0)
    moved_value: Decimal  # value leaving/entering stores (positive); a transfer's value
    quantity_after: Decimal  # company totals after the move
    value_after: Decimal
    store_after: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # stores this move touched


@dataclass
class Position:
    """The company's stock of one item: totals and per-store quantity and value."""

    quantity: Decimal = ZERO
    value: Decimal = ZERO
    stores: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    def store(self, code: str) -> tuple[Decimal, Decimal]:
        return self.stores.get(code, (ZERO, ZERO))


def _refuse(code: str, en: str, bn: str, path: str, **details: object) -> ValidationFailed:
    return ValidationFailed(code, en, bn, field=path, details=details or None)


def check_move(m: Move, path: str = "") -> None:
    p = f"{path}." if path else ""
    if m.kind not in MOVE_KINDS:
        raise _refuse("inventory.move_kind_invalid", "A move is a receipt, issue, transfer or adjustment",
                      "চলাচল হবে প্রাপ্তি, প্রদান, স্থানান্তর বা সমন্বয়", f"{p}kind")
    if m.quantity == 0 or (m.kind != "adjustment" and m.quantity < 0):
        raise _refuse("inventory.quantity_invalid", "The quantity must be more than zero",
                      "পরিমাণ শূন্যের বেশি হতে হবে", f"{p}quantity")
    if round_places(m.quantity, QTY_PLACES) != m.quantity:
        raise _refuse("inventory.quantity_places", "A quantity has at most 6 decimal places",
                      "পরিমাণে সর্বোচ্চ ৬ দশমিক ঘর", f"{p}quantity")
    if m.kind == "receipt" and (m.unit_cost is None or m.unit_cost < 0):
        raise _refuse("inventory.unit_cost_missing", "A receipt needs a unit cost of zero or more",
                      "প্রাপ্তির একক মূল্য শূন্য বা তার বেশি দিন", f"{p}unit_cost")
    if m.unit_cost is not None and m.unit_cost < 0:
        raise _refuse("inventory.unit_cost_negative", "A unit cost cannot be negative",
                      "একক মূল্য ঋণাত্মক হতে পারে না", f"{p}unit_cost")
    if m.kind == "transfer" and (not m.to_store or m.to_store == m.store):
        raise _refuse("inventory.transfer_store", "A transfer goes to another store",
                      "স্থানান্তর অন্য গুদামে যাবে", f"{p}to_store_id")


def _take(pos: Position, store: str, qty: Decimal, path: str) -> Decimal:
    """The value `qty` leaving `store` takes at the company's moving average (refused below zero)."""
    held, _ = pos.store(store)
    if qty > held:
        raise _refuse("inventory.negative_stock", f"Only {held.normalize():f} in stock; {qty.normalize():f} asked",
                      f"মজুদে আছে মাত্র {to_bangla_digits(f'{held.normalize():f}')}; চাওয়া হয়েছে {to_bangla_digits(f'{qty.normalize():f}')}", path,
                      on_hand=str(held), asked=str(qty))
    return from_units(take_units(to_units(qty, QTY_PLACES), to_units(pos.quantity, QTY_PLACES),
                                 to_units(pos.value, VALUE_PLACES)))


def apply(pos: Position, m: Move, path: str = "") -> Valued:
    """Apply one move to the position (mutates it) and return how it was valued."""
    check_move(m, path)
    p = f"{path}." if path else ""
    qty_path = f"{p}quantity"
    touched: dict[str, tuple[Decimal, Decimal]] = {}

    def put(store: str, dq: Decimal, dv: Decimal) -> None:
        q, v = pos.store(store)
        pos.stores[store] = touched[store] = (q + dq, v + dv)

    if m.kind == "receipt" or (m.kind == "adjustment" and m.quantity > 0):
        if m.unit_cost is not None:
            value = round_amount(m.quantity * m.unit_cost)
        else:
            value = from_units(at_average_units(to_units(m.quantity, QTY_PLACES), to_units(pos.quantity, QTY_PLACES),
                                                to_units(pos.value, VALUE_PLACES)))
        put(m.store, m.quantity, value)
        pos.quantity += m.quantity
        pos.value += value
        return Valued(m, value, value, pos.quantity, pos.value, touched)
    qty = -m.quantity if m.kind == "adjustment" else m.quantity
    value = _take(pos, m.store, qty, qty_path)
    if m.kind == "transfer":
        put(m.store, -qty, -value)
        put(m.to_store or "", qty, value)
        return Valued(m, ZERO, value, pos.quantity, pos.value, touched)
    put(m.store, -qty, -value)
    pos.quantity -= qty
    pos.value -= value
    return Valued(m, -value, value, pos.quantity, pos.value, touched)


def replay(moves: list[Move], start: Position | None = None, path: str = "moves") -> list[Valued]:
    """Value moves of one item in date order; a move that would take stock below zero is refused with its
    field path (`moves[1].quantity`)."""
    pos = start if start is not None else Position()
    return [apply(pos, m, f"{path}[{i}]") for i, m in enumerate(moves)]


class Figures(NamedTuple):
    """A stored move valued by `walk` (minor units): its value (signed change of the company's stock value),
    the value leaving/entering stores, and the running totals after it (company; source store; a transfer's
    destination)."""

    value: int
    moved_value: int
    quantity_after: int
    value_after: int
    store_quantity_after: int
    store_value_after: int
    to_store_quantity_after: int | None
    to_store_value_after: int | None


class Short(Exception):
    """A move of `walk` took a store below zero (index of the move, what the store held)."""

    def __init__(self, index: int, held: int, asked: int):
        super().__init__(index, held, asked)
        self.index, self.held, self.asked = index, held, asked


def _between_stores(i: int, qty: int, q: int, v: int, src: list[int], stores: dict[Hashable, list[int]],
                    to_store: Hashable) -> int:
    """A transfer of `qty` units from `src` to `to_store` at the company's average unit value (the company's
    own figures do not move); the value moved. Refused (`Short`) beyond what the source store holds."""
    if qty > src[0]:
        raise Short(i, src[0], qty)
    moved = take_units(qty, q, v)
    dst = stores.get(to_store)
    if dst is None:
        dst = stores[to_store] = [0, 0]
    src[0] -= qty
    src[1] -= moved
    dst[0] += qty
    dst[1] += moved
    return moved


def walk(moves: Iterable[tuple], quantity: int, value: int, stores: dict[Hashable, list[int]],
         marks: Iterable[int] = (), low: Hashable | None = None) -> tuple[list[Figures], dict[int, tuple], tuple[int, int]]:
    """Value stored moves of one item in (date, seq) order from the company's totals (`quantity`, `value`) and
    each store's `[quantity, value]` (`stores`, mutated), by the rules of `apply`, in minor units, one pass,
    pure: a receipt and a priced adjustment keep their posted value (fixed by its unit cost); an issue, a
    transfer and an adjustment down take `take_units` of the average at their place; an unpriced adjustment up
    comes in at it. `moves`: tuples (kind, store, to_store, quantity as posted, priced, posted value, ...).
    Returns each move's figures, the totals after the moves whose index is in `marks` (index -> (quantity,
    value, {store: (quantity, value)})), and the lowest running quantity (company, store `low`) after any move.
    A move taking a store below zero raises `Short`."""
    q, v = quantity, value
    marked = set(marks)
    snaps: dict[int, tuple] = {}
    low_q = low_s = None
    out: list[Figures] = []
    append = out.append
    for i, (kind, store, to_store, qty, priced, posted, *_) in enumerate(moves):
        src = stores.get(store)
        if src is None:
            src = stores[store] = [0, 0]
        if kind == "receipt" or (kind == "adjustment" and qty > 0):
            new = posted if priced else at_average_units(qty, q, v)
            q, v = q + qty, v + new
            src[0] += qty
            src[1] += new
            append(Figures(new, new, q, v, src[0], src[1], None, None))
        elif kind == "transfer":
            moved = _between_stores(i, qty, q, v, src, stores, to_store)
            dst = stores[to_store]
            append(Figures(0, moved, q, v, src[0], src[1], dst[0], dst[1]))
        else:  # an issue, an adjustment down
            taken = -qty if kind == "adjustment" else qty
            if taken > src[0]:
                raise Short(i, src[0], taken)
            moved = take_units(taken, q, v)
            q, v = q - taken, v - moved
            src[0] -= taken
            src[1] -= moved
            append(Figures(-moved, moved, q, v, src[0], src[1], None, None))
        if low is not None:
            low_q = q if low_q is None or q < low_q else low_q
            held = stores.get(low)
            if held is not None and (low_s is None or held[0] < low_s):
                low_s = held[0]
        if i in marked:
            snaps[i] = (q, v, {k: (a, b) for k, (a, b) in stores.items()})
    return out, snaps, (low_q, low_s)


def restate(moves: Iterable[tuple], quantity: int, value: int, shift: int, value_was: int,
            stores: dict[Hashable, list[int]], marks: Iterable[int] = ()
            ) -> tuple[list[tuple[int, int]], dict[int, tuple]]:
    """The item's later moves valued again after a move inserted before them, in (date, seq) order, one pass,
    pure, in minor units: the new figures and the old ones side by side in the same loop (not two walks).
    `quantity`, `value`: the company's totals right after the inserted move; `shift`: the quantity it added
    (taken: negative), so the company held `quantity - shift` there before it; `value_was`: the company's value
    there before it; `stores`: each store's `[quantity, value]` after it (mutated to the end). `moves`: tuples
    (kind, store, to_store, quantity as posted, fixed value or None (a unit cost was given), ...), the rest
    ignored. Valued by the rules of `apply` (as `walk`): a receipt and a priced adjustment keep their fixed
    value; an issue, a transfer and an adjustment down take `take_units` of the average at their place; an
    unpriced adjustment up comes in at it. The values do not depend on the stores, so the old figures need the
    company's value only (its quantity is the new one minus `shift`); when the inserted move changed neither
    (a transfer) no old value is computed. Returns the moves whose value changed (index, new value minus old,
    the value being the signed change of the company's stock value) and the totals after the moves whose index
    is in `marks` (index -> (quantity, value, {store: (quantity, value)})). A move taking a store below zero
    after the inserted one raises `Short` (the caller names the limit)."""
    q, v, vo = quantity, value, value_was
    track = shift != 0 or value != value_was
    marked = set(marks)
    snaps: dict[int, tuple] = {}
    changes: list[tuple[int, int]] = []
    for i, (kind, store, to_store, qty, fixed, *_) in enumerate(moves):
        src = stores.get(store)
        if src is None:
            src = stores[store] = [0, 0]
        if kind == "receipt" or (kind == "adjustment" and qty > 0):
            if fixed is not None:
                new = old = fixed
            else:
                new = at_average_units(qty, q, v)
                old = at_average_units(qty, q - shift, vo) if track else new
                if new != old:
                    changes.append((i, new - old))
            q += qty
            v += new
            vo += old
            src[0] += qty
            src[1] += new
        elif kind == "transfer":
            _between_stores(i, qty, q, v, src, stores, to_store)
        else:  # an issue, an adjustment down
            taken = -qty if kind == "adjustment" else qty
            if taken > src[0]:
                raise Short(i, src[0], taken)
            moved = take_units(taken, q, v)
            old = take_units(taken, q - shift, vo) if track else moved
            if moved != old:
                changes.append((i, old - moved))
            q -= taken
            v -= moved
            vo -= old
            src[0] -= taken
            src[1] -= moved
        if i in marked:
            snaps[i] = (q, v, {k: (a, b) for k, (a, b) in stores.items()})
    return changes, snaps


class Missing(DomainError):
    """Not found (404), named in English and Bangla by the caller."""

    status = 404

    def __init__(self, obj: str, obj_bn: str, key: object):
        super().__init__("not_found", f"{obj} '{key}' was not found", f"{obj_bn} '{key}' পাওয়া যায়নি",
                         details={"object": obj, "key": str(key)})
