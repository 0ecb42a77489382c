"""FIFO costing (first in, first out; IAS 2 ¶25 allows it beside the weighted average), pure, in minor units
(quantities in millionths, values in poisha). A company chooses its method (docs/inventory.md, "Costing method:
FIFO"); these functions are the FIFO twins of the moving-average `apply`, `walk` and `restate`.

Layers are the company's per item, oldest first, each `[quantity, value]` still on hand:
* a receipt, a priced adjustment up, adds a layer at its own value (quantity × unit cost to the poisha); an
  unpriced adjustment up adds a layer at the company's average at that moment (as under moving average);
* an issue and an adjustment down consume the oldest layers first: a layer taken whole gives its whole remaining
  value; a part of a layer gives `take_units` (quantity × value / quantity to the poisha, half up), so the last
  slice of a layer takes exactly what is left of it (no poisha left behind) and quantity 0 means value 0;
* a transfer between stores leaves the layers (the company's value) alone: stores hold quantities; a store's value
  is the company's FIFO value split over the stores in proportion to their quantity (`split`: cumulative rounding
  in the stores' order, so the stores' values add up to the company's exactly and an empty store holds 0). A
  transfer's `moved_value` is the moved quantity at the company's average (informational: no journal).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from vextrus.platform.money import divide_half_up, round_amount

from . import (
    QTY_PLACES,
    VALUE_PLACES,
    Figures,
    Move,
    Position,
    Short,
    Valued,
    _take,
    at_average_units,
    check_move,
    from_units,
    take_units,
    to_units,
)

Layers = deque  # of [quantity, value] (minor units), oldest first


def take_layers(layers: Layers, qty: int) -> int:
    """The cost (poisha) of `qty` millionths taken from the oldest layers (mutated: emptied layers leave, a part
    of one stays with what is left of its value). Never more than the layers hold (the caller checks stock)."""
    cost = 0
    while qty > 0 and layers:
        lay = layers[0]
        if qty >= lay[0]:
            cost += lay[1]
            qty -= lay[0]
            layers.popleft()
        else:
            part = take_units(qty, lay[0], lay[1])
            lay[0] -= qty
            lay[1] -= part
            cost += part
            qty = 0
    return cost


def split(value: int, stores: dict[Hashable, list[int]]) -> None:
    """Each store's value (mutated: `[quantity, value]`) = the company's `value` split in proportion to the stores'
    quantities, cumulative rounding half up in the stores' order (their keys sorted as text): the values add up
    to `value` exactly, a store holding nothing holds 0."""
    total = sum(q for q, _ in stores.values())
    cum = done = 0
    for k in sorted(stores, key=str):
        st = stores[k]
        if total <= 0 or st[0] == 0:
            st[1] = 0
            continue
        cum += st[0]
        upto = value if cum == total else divide_half_up(cum * value, total)
        st[1] = upto - done
        done = upto


def copy_layers(layers: Iterable) -> Layers:
    return deque([q, v] for q, v in layers)


def layers_json(layers: Iterable | str) -> str:
    """The layers as the checkpoint stores them: JSON `[[quantity, value], ...]`, oldest first (built as text in
    one pass: a month end's snapshot of tens of thousands of layers is the cost of a backdated move under FIFO)."""
    if isinstance(layers, str):
        return layers
    return "[" + ",".join([f"[{q},{v}]" for q, v in layers]) + "]"


def layers_of(text: str | None) -> Layers:
    return deque([q, v] for q, v in json.loads(text)) if text else deque()


@dataclass
class FifoPosition(Position):
    """A position under FIFO: `Position`'s totals and stores (each store's value `split` from the company's) and
    the company's open layers (minor units, oldest first)."""

    layers: Layers = field(default_factory=deque)


def apply_fifo(pos: FifoPosition, m: Move, path: str = "") -> Valued:
    """`apply` under FIFO: one move applied to the position (mutated), how it was valued; the same checks and
    refusals (negative stock with its field path)."""
    check_move(m, path)
    p = f"{path}." if path else ""
    q0, v0 = to_units(pos.quantity, QTY_PLACES), to_units(pos.value, VALUE_PLACES)
    stores = {k: [to_units(a, QTY_PLACES), to_units(b, VALUE_PLACES)] for k, (a, b) in pos.stores.items()}
    touched = {m.store} | ({m.to_store} if m.to_store else set())
    qty = to_units(m.quantity, QTY_PLACES)
    if m.kind == "receipt" or (m.kind == "adjustment" and qty > 0):
        new = (
            to_units(round_amount(m.quantity * m.unit_cost), VALUE_PLACES)
            if m.unit_cost is not None
            else at_average_units(qty, q0, v0)
        )
        pos.layers.append([qty, new])
        q1, v1, signed, moved = q0 + qty, v0 + new, new, new
        stores.setdefault(m.store, [0, 0])[0] += qty
    else:
        taken = -qty if m.kind == "adjustment" else qty
        _take(pos, m.store, from_units(taken, QTY_PLACES), f"{p}quantity")  # refused below zero in the store
        stores[m.store][0] -= taken
        if m.kind == "transfer":
            moved = take_units(taken, q0, v0)
            stores.setdefault(m.to_store or "", [0, 0])[0] += taken
            q1, v1, signed = q0, v0, 0
        else:
            moved = take_layers(pos.layers, taken)
            q1, v1, signed = q0 - taken, v0 - moved, -moved
    split(v1, stores)
    pos.quantity, pos.value = from_units(q1, QTY_PLACES), from_units(v1)
    pos.stores = {k: (from_units(a, QTY_PLACES), from_units(b)) for k, (a, b) in stores.items()}
    return Valued(
        m,
        from_units(signed),
        from_units(moved),
        pos.quantity,
        pos.value,
        {k: pos.stores[k] for k in touched if k in pos.stores},
    )


def _snap(q: int, v: int, stores: dict, layers: Layers) -> tuple:
    """The totals, the stores (values split) and the layers (as their checkpoint text, `layers_json`) at a mark."""
    st = {k: [a, b] for k, (a, b) in stores.items()}
    split(v, st)
    return q, v, {k: (a, b) for k, (a, b) in st.items()}, layers_json(layers)


def walk_fifo(
    moves: Iterable[tuple],
    quantity: int,
    value: int,
    stores: dict[Hashable, list[int]],
    layers: Layers,
    marks: Iterable[int] = (),
    low: Hashable | None = None,
) -> tuple[list[Figures], dict[int, tuple], tuple[int | None, int | None]]:
    """`walk` under FIFO: stored moves of one item in (date, seq) order from the company's totals, its stores'
    quantities (`stores`, mutated; their values `split` at the end) and its open `layers` (mutated). A receipt and
    a priced adjustment keep their posted value (a new layer); an issue and an adjustment down take the oldest
    layers; an unpriced adjustment up comes in at the average; a transfer moves quantity between stores. Each
    move's figures carry the company's totals; the store columns carry the store's quantity and 0 for its value
    (a store's value is derived from the company's: `split`). Snapshots at `marks`: (quantity, value, {store:
    (quantity, value)}, the layers as `layers_json` text). A move taking a store below zero raises `Short`."""
    q, v = quantity, value
    marked = set(marks)
    snaps: dict[int, tuple] = {}
    low_q = low_s = None
    out: list[Figures] = []
    for i, (kind, store, to_store, qty, priced, posted, *_) in enumerate(moves):
        src = stores.get(store)
        if src is None:
            src = stores[store] = [0, 0]
        if kind == "receipt" or (kind == "adjustment" and qty > 0):
            new = posted if priced else at_average_units(qty, q, v)
            layers.append([qty, new])
            q, v = q + qty, v + new
            src[0] += qty
            out.append(Figures(new, new, q, v, src[0], 0, None, None))
        elif kind == "transfer":
            if qty > src[0]:
                raise Short(i, src[0], qty)
            dst = stores.get(to_store)
            if dst is None:
                dst = stores[to_store] = [0, 0]
            src[0] -= qty
            dst[0] += qty
            out.append(Figures(0, take_units(qty, q, v), q, v, src[0], 0, dst[0], 0))
        else:
            taken = -qty if kind == "adjustment" else qty
            if taken > src[0]:
                raise Short(i, src[0], taken)
            moved = take_layers(layers, taken)
            q, v = q - taken, v - moved
            src[0] -= taken
            out.append(Figures(-moved, moved, q, v, src[0], 0, None, None))
        if low is not None:
            low_q = q if low_q is None or q < low_q else low_q
            held = stores.get(low)
            if held is not None and (low_s is None or held[0] < low_s):
                low_s = held[0]
        if i in marked:
            snaps[i] = _snap(q, v, stores, layers)
    split(v, stores)
    return out, snaps, (low_q, low_s)


def restate_fifo(
    moves: Iterable[tuple],
    quantity: int,
    value: int,
    stores: dict[Hashable, list[int]],
    layers: Layers,
    layers_was: Layers,
    marks: Iterable[int] = (),
) -> tuple[list[tuple[int, int]], dict[int, tuple]]:
    """`restate` under FIFO: the item's later moves valued again after a move inserted before them, one pass, the
    new layers (`layers`: right after the inserted move) and the old ones (`layers_was`: right before it) side by
    side (both mutated). `quantity`, `value`: the company's totals after the inserted move; `stores`: each store's
    `[quantity, value]` after it (mutated; values `split` at the marks and the end). `moves`: tuples (kind, store,
    to_store, quantity, fixed value or None, ...) as `later_rows` gives them. Returns the moves whose value changed
    (index, new signed value minus old) and the snapshots at `marks` (quantity, value, {store: (quantity, value)},
    the layers as `layers_json` text). O(later moves + layers consumed). A move taking a store below zero raises `Short`."""
    q, v, vo = quantity, value, sum(b for _, b in layers_was)
    qo = sum(a for a, _ in layers_was)
    track = list(layers) != list(layers_was)
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
                old = at_average_units(qty, qo, vo) if track else new
                if new != old:
                    changes.append((i, new - old))
            layers.append([qty, new])
            if track:
                layers_was.append([qty, old])
            q, v, qo, vo = q + qty, v + new, qo + qty, vo + old
            src[0] += qty
        elif kind == "transfer":
            if qty > src[0]:
                raise Short(i, src[0], qty)
            dst = stores.get(to_store)
            if dst is None:
                dst = stores[to_store] = [0, 0]
            src[0] -= qty
            dst[0] += qty
        else:
            taken = -qty if kind == "adjustment" else qty
            if taken > src[0]:
                raise Short(i, src[0], taken)
            moved = take_layers(layers, taken)
            old = take_layers(layers_was, taken) if track else moved
            if moved != old:
                changes.append((i, old - moved))
            q, v, qo, vo = q - taken, v - moved, qo - taken, vo - old
            src[0] -= taken
        if track and q == qo and v == vo and layers == layers_was:
            track = (
                False  # the histories met again (e.g. the inserted layer consumed the same way): no more work
            )
        if i in marked:
            snaps[i] = _snap(q, v, stores, layers)
    split(v, stores)
    return changes, snaps
