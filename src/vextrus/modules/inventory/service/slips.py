"""Stock slips: many moves (a day's issue slip, a stock count's adjustments, an imported file of moves) posted in
one unit of work, all or nothing, with the same values, running totals and ledger balances as posting each
line with `post_move` in the slip's order (docs/inventory.md, "Stock slips").

load (the company, each named store and item once, each item's latest move) → guard (every line: kind,
quantity, unit cost, project, scope; the negative-stock rule at the line's place, its field path
`lines[i].quantity`) → value (domain `apply`, line after line from each item's latest running totals) → store
(one INSERT of every row, one DELETE and one INSERT of the items' checkpoints) → journal (one journal a date for the slip through `finance.post_bulk`, holding each
move's own two lines) → emit (one `inventory.slip.posted` naming every move, as finance's bulk post emits one event for its entries) → view.

An item whose lines all fall on or after its latest move, in date order within the slip (the slip of the day),
is valued set-based as above: nothing after them is re-costed. An item with a line dated before one of its
moves (a backdated line, or the slip's own lines out of date order) is posted line by line for that item through
`post_one` (the backdated path: its position, the later rows' check and re-cost, its own journal), inside the
same unit of work."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select

from vextrus.platform import clock, context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import format_count
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, command

from .. import domain
from ..domain import from_units, to_units
from ..domain.fifo import FifoPosition, apply_fifo, layers_json
from ..events import SlipPosted
from ..repository import (
    add_checkpoints,
    checkpoint_layers,
    checkpoint_stores,
    is_fifo,
    latest_of_items,
    month_end,
    stores_json,
)
from ..schemas import MoveInput, MoveLineInput, MovesInput, MovesView, MoveView
from ..tables import CheckpointRow, MoveRow, StoreRow
from .moves import journal_lines, post_one
from .stores import check_company, load_store

MAX_LINES = 5000


@command("inventory.move.post", scope="inventory.post_moves")
def post_moves(uow: UnitOfWork, data: MovesInput) -> MovesView:
    """Post a slip of moves in one unit of work (docstring of the module)."""
    check_company(data.company_id)
    if not data.lines:
        raise ValidationFailed("inventory.lines_missing", "A slip needs at least one line",
                               "স্লিপে অন্তত একটি লাইন দিন", field="lines")
    if len(data.lines) > MAX_LINES:
        raise ValidationFailed("inventory.lines_too_many", f"A slip has at most {MAX_LINES:,} lines",
                               f"একটি স্লিপে সর্বোচ্চ {format_count(MAX_LINES, 'bn')}টি লাইন", field="lines",
                               details={"most": MAX_LINES, "given": len(data.lines)})
    stores = _stores(uow, data)
    codes = _items(data)
    lines = [_guard(i, ln, data.move_date) for i, ln in enumerate(data.lines)]
    by_item: dict[UUID, list[int]] = defaultdict(list)
    for i, ln in enumerate(data.lines):
        by_item[ln.item_id].append(i)
    latest = latest_of_items(uow.session, data.company_id, list(by_item))
    tenant, doc = context.require_tenant(), new_id()
    reference = data.reference.strip() or f"INV-{str(doc)[-12:]}"
    rows: list[dict[str, Any] | None] = [None] * len(lines)
    posted: dict[int, MoveView] = {}
    in_order, backdated = {}, {}
    for item_id, idx in by_item.items():
        last_date = latest[item_id][0] if item_id in latest else None
        dates = [lines[i].move_date for i in idx]
        ordered = all(a <= b for a, b in zip(dates, dates[1:], strict=False))  # type: ignore[operator]
        if ordered and (last_date is None or dates[0] >= last_date):  # type: ignore[operator]
            in_order[item_id] = idx
        else:  # a backdated line: that item's lines one by one, each re-costing what follows it
            backdated[item_id] = idx
    figs: dict[int, tuple[Decimal, Decimal]] = {}
    dropped, months = [], []
    fifo = is_fifo(uow.session, data.company_id)
    for item_id, idx in in_order.items():
        top, pos = 0, FifoPosition() if fifo else domain.Position()
        if item_id in latest:
            _, top, cp = latest[item_id]
            held = {str(k): (from_units(q, 6), from_units(v)) for k, (q, v) in checkpoint_stores(cp).items()}
            pos = (FifoPosition(cp.quantity, cp.value, held, checkpoint_layers(cp)) if fifo
                   else domain.Position(cp.quantity, cp.value, held))
        ends = _value_in_order(data, lines, idx, codes[item_id], top, pos, tenant, rows, figs)
        if item_id in latest and month_end(lines[idx[0]].move_date) == latest[item_id][2].month_end:  # type: ignore[arg-type]
            dropped.append(latest[item_id][2].id)  # the month's checkpoint, written again
        months += [dict(company_id=data.company_id, item_id=item_id, item_code=codes[item_id], **e) for e in ends]
    for item_id, idx in backdated.items():
        for i in idx:
            posted[i] = _one(uow, i, lines[i], codes[item_id], stores)
    entry_ids = _post_journals(data, reference, lines, rows)
    fresh = [r for r in rows if r is not None]
    if fresh:
        now = clock.now()
        for r in fresh:
            r["created_at"] = r["updated_at"] = now
        uow.session.execute(insert(MoveRow), fresh)
    if dropped:
        uow.session.execute(delete(CheckpointRow).where(CheckpointRow.id.in_(dropped))
                            .execution_options(synchronize_session=False))
    add_checkpoints(uow.session, months)
    views = [posted[i] if rows[i] is None else MoveView.model_validate({**rows[i], "quantity_after": figs[i][0],  # type: ignore[dict-item]
                                                                        "value_after": figs[i][1]})
             for i in range(len(lines))]
    ids = list(dict.fromkeys([*entry_ids, *(r.entry_id for r in posted.values() if r.entry_id is not None)]))
    dates = [v.move_date for v in views]
    uow.emit(SlipPosted(company_id=data.company_id, reference=reference, count=len(views), move_ids=[v.id for v in views],
                        entry_ids=ids, first_date=min(dates), last_date=max(dates),
                        value=sum((v.value for v in views), Decimal(0))))
    return MovesView(company_id=data.company_id, reference=reference, count=len(views), entry_ids=ids, moves=views)


def _stores(uow: UnitOfWork, data: MovesInput) -> dict[UUID, StoreRow]:
    """Each store the slip names, read with one statement and checked as `post_move` checks it (the company's,
    within the user's reach), refused naming the first line that names it."""
    named: dict[UUID, str] = {}
    for i, ln in enumerate(data.lines):
        for sid, name in ((ln.store_id, "store_id"), (ln.to_store_id, "to_store_id")):
            if sid is not None and sid not in named:
                named[sid] = f"lines[{i}].{name}"
    # One read into the session's identity map (held here: the map keeps weak references), then each store
    # checked by `load_store`, which finds it there.
    held = uow.session.scalars(select(StoreRow).where(StoreRow.id.in_(list(named)))).all()
    out = {sid: load_store(uow, sid, data.company_id, path) for sid, path in named.items()}
    del held
    return out


def _items(data: MovesInput) -> dict[UUID, str]:
    """Each item the slip names (master_data's, read once as inventory, all in one query): its code."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        found = master_data.items_by_id(dict.fromkeys(ln.item_id for ln in data.lines))
    for i, ln in enumerate(data.lines):
        if ln.item_id not in found:
            raise ValidationFailed("inventory.item_unknown", f"Item {ln.item_id} does not exist",
                                   "এমন কোনো পণ্য নেই", field=f"lines[{i}].item_id")
    return {item_id: brief.code for item_id, brief in found.items()}


def _guard(i: int, ln: MoveLineInput, on: date) -> MoveLineInput:
    """A line's own rules (those of `post_move`), refused naming `lines[i].<field>`; the line with its date."""
    if ln.kind != "issue" and (ln.project_id or ln.activity_code):
        raise ValidationFailed("inventory.project_only_on_issue", "Only an issue goes to a project",
                               "শুধু প্রদান প্রকল্পে যায়", field=f"lines[{i}].project_id")
    if ln.project_id is not None:
        context.require_scope_to_create(ln.project_id, f"lines[{i}].project_id")
    domain.check_move(domain.Move(ln.kind, str(ln.store_id), ln.quantity, ln.unit_cost,
                                  str(ln.to_store_id) if ln.to_store_id else None), f"lines[{i}]")
    return ln if ln.move_date is not None else ln.model_copy(update={"move_date": on})


def _value_in_order(data: MovesInput, lines: list[MoveLineInput], idx: list[int], item_code: str, last_seq: int,
                    pos: domain.Position, tenant: UUID, rows: list, figs: dict) -> list[dict]:
    """Value an item's lines, none dated before its latest move, one after another from its latest totals `pos`
    (company and stores: its latest checkpoint): what `post_move` does for each, without a later row to check
    or re-cost. Returns the item's checkpoints of the months the lines fall in (month end, last date, totals)."""
    ends: dict[date, dict] = {}
    for n, i in enumerate(idx, start=1):
        ln = lines[i]
        sid, tid = str(ln.store_id), str(ln.to_store_id) if ln.to_store_id else None
        mv = domain.Move(ln.kind, sid, ln.quantity, ln.unit_cost, tid)
        v = apply_fifo(pos, mv, f"lines[{i}]") if isinstance(pos, FifoPosition) else domain.apply(pos, mv, f"lines[{i}]")
        figs[i] = (v.quantity_after, v.value_after)
        rows[i] = {"id": new_id(), "tenant_id": tenant, "company_id": data.company_id, "item_id": ln.item_id,
                   "item_code": item_code, "seq": last_seq + n, "move_date": ln.move_date, "kind": ln.kind,
                   "store_id": ln.store_id, "to_store_id": ln.to_store_id, "quantity": ln.quantity,
                   "unit_cost": ln.unit_cost, "value": v.value, "moved_value": v.moved_value,
                   "project_id": ln.project_id, "activity_code": (ln.activity_code or "").strip() or None,
                   "entry_id": None, "memo": (ln.memo or data.memo).strip()}
        on: date = ln.move_date  # type: ignore[assignment]
        ends[month_end(on)] = {"month_end": month_end(on), "last_date": on, "quantity": pos.quantity, "value": pos.value,
                               "stores": stores_json({k: (to_units(q, 6), to_units(val, 2)) for k, (q, val) in pos.stores.items()}),
                               "layers": layers_json(pos.layers) if isinstance(pos, FifoPosition) else None}
    return list(ends.values())


def _one(uow: UnitOfWork, i: int, ln: MoveLineInput, item_code: str, stores: dict[UUID, StoreRow]) -> MoveView:
    """A line of an item with a backdated line, posted as `post_move` posts it; its refusal names the line."""
    data = MoveInput(company_id=stores[ln.store_id].company_id, item_id=ln.item_id, kind=ln.kind,
                     move_date=ln.move_date or date.min, store_id=ln.store_id, quantity=ln.quantity,
                     unit_cost=ln.unit_cost, to_store_id=ln.to_store_id, project_id=ln.project_id,
                     activity_code=ln.activity_code, memo=ln.memo)
    try:
        _, view = post_one(uow, data, item_code, stores[ln.store_id], stores[ln.to_store_id] if ln.to_store_id else None)
    except DomainError as exc:
        if exc.field and not exc.field.startswith("lines["):
            exc.field = f"lines[{i}].{exc.field}"
        raise
    # The checkpoints are written with statements beside the ORM: those this session holds are stale for the
    # next line (a command of its own would start with a fresh session).
    for obj in [o for o in uow.session.identity_map.values() if isinstance(o, CheckpointRow)]:
        uow.session.expunge(obj)
    return view


def _post_journals(data: MovesInput, reference: str, lines: list[MoveLineInput], rows: list) -> list[UUID]:
    """The set-based rows' journals: one a date for the slip, holding each move's own two lines (the lines
    `post_move` would post for it, in the slip's order), through finance's bulk post; each row names its
    journal. A date in a closed period refuses the slip naming the first line of that date."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    by_date: dict[date, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r is not None and r["kind"] != "transfer" and r["value"] != 0:
            by_date[r["move_date"]].append(i)
    if not by_date:
        return []
    days = sorted(by_date)
    entries = []
    for on in days:
        jl = [ln for i in by_date[on] for ln in journal_lines(rows[i]["kind"], rows[i]["item_code"], rows[i]["quantity"],
                                                              rows[i]["value"], rows[i]["project_id"],
                                                              rows[i]["activity_code"])]
        entries.append(finance.EntryIn(journal_type="general", entry_date=on, lines=jl, reference=reference[:40],
                                       narration=f"Inventory slip {reference}: {len(by_date[on])} moves"
                                       + (f" ({data.memo.strip()})" if data.memo.strip() else "")))
    ids: list[UUID] = []
    for k in range(0, len(entries), 1000):  # finance names the ids of at most 1,000 entries a call
        try:
            with context.calling_as(MODULE):
                ids += finance.post_bulk(data.company_id, entries[k:k + 1000]).ids
        except DomainError as exc:
            if exc.code != "period_not_open":
                raise
            day = days[k + _entry_index(exc, len(entries[k:k + 1000]))]
            raise ValidationFailed("inventory.period_not_open", exc.message, exc.message_bn,
                                   field=f"lines[{by_date[day][0]}].move_date", details=exc.details) from exc
    for on, eid in zip(days, ids, strict=True):
        for i in by_date[on]:
            rows[i]["entry_id"] = eid
    return ids


def _entry_index(exc: DomainError, n: int) -> int:
    """Which of the slip's journals finance refused (`entries[k]...` in its field), else the first."""
    m = re.match(r"entries\[(\d+)\]", exc.field or "")
    k = int(m.group(1)) if m else 0
    return k if k < n else 0
