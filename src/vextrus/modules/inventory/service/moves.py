"""Stock moves: load the item's totals as of the move's date (its monthly checkpoint, the month's moves replayed)
→ value the move (domain, moving average at its position) → for a backdated move, read the item's later moves
once and value them again in one pass (`domain.restate`: after the move, their new values, the months' totals and
the guard that no later running quantity goes below zero; beside them the old values, from the company's old
value alone, for the adjusting journals) → store the row as posted and the item's checkpoints from its month on
(the later rows are not written) → post its journal, and the later moves' changed costs as one adjusting journal a date, through finance.api as
inventory on behalf of the user → emit. Queries (figures derived at read time): stock on hand, an item's
ledger, the valuation (docs/inventory.md, "Checkpoints")."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import NoReturn
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import format_date, to_bangla_digits
from vextrus.platform.money import ZERO, round_places
from vextrus.platform.uow import UnitOfWork, command, query

from .. import domain
from ..domain import Short, from_units, restate, to_units, walk
from ..domain.fifo import FifoPosition, apply_fifo, copy_layers, restate_fifo
from ..events import MovePosted
from ..repository import (
    as_date,
    as_uuid,
    figures,
    is_fifo,
    later_rows,
    month_end,
    move_view,
    next_seq,
    position_layers,
    positions_at,
    replace_checkpoints,
    store_key,
)
from ..schemas import MoveInput, MoveView, StockLine, ValuationLine, ValuationReport
from ..tables import MoveRow, StoreRow
from .stores import check_company, load_store, reached_stores

# The journal's accounts in finance's Bangladesh construction chart (finance/data/bd_construction_coa.json):
# receipt Dr inventory / Cr clearing (2115 goods received not invoiced: the matched vendor bill debits it
# and credits the vendor in 2110, so the purchase is owed once); issue Dr cost (with the project and
# activity) / Cr inventory; adjustment against the cost account. A transfer posts nothing.
DATE = 5  # the move date in a `later_rows` tuple; its project and activity follow
ACCOUNTS = {"inventory": "1160", "clearing": "2115", "cost": "5110", "adjustment": "5110"}


@command("inventory.move.post", scope="inventory.post_move")
def post_move(uow: UnitOfWork, data: MoveInput) -> MoveView:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    check_company(data.company_id)
    store = load_store(uow, data.store_id, data.company_id)
    to_store = load_store(uow, data.to_store_id, data.company_id, "to_store_id") if data.to_store_id else None
    with context.calling_as(MODULE):
        try:
            item = master_data.get_item(data.item_id)
        except Exception as exc:
            if getattr(exc, "status", None) != 404:
                raise
            raise ValidationFailed("inventory.item_unknown", f"Item {data.item_id} does not exist",
                                   "এমন কোনো পণ্য নেই", field="item_id") from exc
    if data.kind != "issue" and (data.project_id or data.activity_code):
        raise ValidationFailed("inventory.project_only_on_issue", "Only an issue goes to a project",
                               "শুধু প্রদান প্রকল্পে যায়", field="project_id")
    if data.project_id is not None:
        context.require_scope_to_create(data.project_id, "project_id")  # an issue to another project: 403
    row, view = post_one(uow, data, item.code, store, to_store)
    uow.emit(MovePosted(move_id=row.id, company_id=row.company_id, item_id=row.item_id, kind=row.kind,
                        move_date=row.move_date, quantity=row.quantity, value=row.value, entry_id=row.entry_id))
    return view


def post_one(uow: UnitOfWork, data: MoveInput, item_code: str, store: StoreRow, to_store: StoreRow | None
             ) -> tuple[MoveRow, MoveView]:
    """Value, store and journal one move whose company, stores, item and project were checked: its position
    (the checkpoint and its month replayed), the later rows' check and re-cost (one read, one pass of
    `domain.restate`: the new values and the old side by side; the rows as they stood are walked again only to
    name the limit of a refused move), the item's checkpoints from the move's month on (one DELETE, one
    INSERT), its journal and the adjusting journals. `post_move`'s work, and a slip's for an item with a
    backdated line (service/slips.py). Returns the row and its view (figures after it). Emits nothing."""
    s = uow.session
    fifo = is_fifo(s, data.company_id)
    # totals at the end of its date (under FIFO with the open layers)
    q0, v0, held, layers0 = position_layers(s, data.company_id, data.item_id, data.move_date, fifo)
    held_dec = {str(k): (from_units(a, 6), from_units(b)) for k, (a, b) in held.items()}
    move = domain.Move(data.kind, str(store.id), data.quantity, data.unit_cost, str(to_store.id) if to_store else None)
    if layers0 is not None:
        pos: domain.Position = FifoPosition(from_units(q0, 6), from_units(v0), held_dec, copy_layers(layers0))
        valued = apply_fifo(pos, move)  # type: ignore[arg-type]
    else:
        pos = domain.Position(from_units(q0, 6), from_units(v0), held_dec)
        valued = domain.apply(pos, move)
    later = later_rows(s, data.company_id, data.item_id, data.move_date)
    changed: dict = {}
    after = {k: [to_units(a, 6), to_units(b, 2)] for k, (a, b) in pos.stores.items()}
    q1, v1 = to_units(valued.quantity_after, 6), to_units(valued.value_after, 2)
    ends = _month_ends(later)
    snaps: dict[int, tuple] = {}
    if later:
        key = {k: store_key(s, UUID(k)) for k in after}
        try:
            if layers0 is not None:
                changes, snaps = restate_fifo(later, q1, v1, {key[k]: list(x) for k, x in after.items()},
                                              copy_layers(pos.layers), copy_layers(layers0), ends)  # type: ignore[attr-defined]
            else:
                changes, snaps = restate(later, q1, v1, q1 - q0, v0, {key[k]: list(x) for k, x in after.items()},
                                         ends)
        except Short:
            _refuse_short(s, data, item_code, later, q0, v0, held, store.id, pos)
        for i, delta in changes:
            was = later[i]
            account = ACCOUNTS["cost" if was[0] == "issue" else "adjustment"]
            k = (was[DATE], account, was[DATE + 1], was[DATE + 2])
            changed[k] = changed.get(k, 0) + delta
        changed = {k: v for k, v in changed.items() if v}
    # the checkpoints of the move's month and the later months, from the walk
    first_end = month_end(data.move_date)
    months: list[tuple] = []
    if not ends or month_end(as_date(later[ends[0]][DATE])) != first_end:
        months.append((first_end, data.move_date, q1, v1, {UUID(k): tuple(x) for k, x in after.items()},
                       getattr(pos, "layers", None)))
    for i in ends:
        q, v, st, *lay = snaps[i]
        months.append((month_end(as_date(later[i][DATE])), as_date(later[i][DATE]), q, v,
                       {as_uuid(k): x for k, x in st.items()}, lay[0] if lay else None))
    row = MoveRow(tenant_id=context.require_tenant(), company_id=data.company_id, item_id=data.item_id,
                  item_code=item_code, seq=next_seq(s, data.company_id, data.item_id), move_date=data.move_date,
                  kind=data.kind, store_id=store.id, to_store_id=to_store.id if to_store else None,
                  quantity=data.quantity, unit_cost=data.unit_cost, value=valued.value, moved_value=valued.moved_value,
                  project_id=data.project_id, activity_code=(data.activity_code or "").strip() or None,
                  memo=data.memo.strip())
    s.add(row)
    s.flush()
    replace_checkpoints(s, data.company_id, data.item_id, item_code, data.move_date, months)
    row.entry_id = _post_journal(data, item_code, row, valued.value)
    if changed:
        _post_recost(data, item_code, row, changed)
    s.flush()
    fig = domain.Figures(to_units(valued.value, 2), to_units(valued.moved_value, 2), q1, v1, 0, 0, None, None)
    return row, move_view(row, fig)


def _post_recost(data: MoveInput, item_code: str, row: MoveRow, changed: dict[tuple, int]) -> Sequence[UUID]:
    """The later moves' changed costs, one adjusting journal a date (each on the date of the moves it
    re-costs, so the ledger's inventory account equals the valuation on every date), one line per account,
    project and activity and one inventory line; referenced like the backdated move's own journal. Posted
    through finance's bulk path (one call for every date)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    by_date: dict[object, list[tuple[str, object, str | None, int]]] = defaultdict(list)
    for (on, account, project, activity), delta in changed.items():
        by_date[on].append((account, project, activity, delta))
    memo = f"re-cost {item_code} after the {data.kind} of {data.move_date}"
    entries = []
    for on, groups in sorted(by_date.items(), key=lambda kv: str(kv[0])):
        lines = []
        for account, project, activity, delta in sorted(groups, key=lambda g: (g[0], str(g[1]), g[2] or "")):
            amount = from_units(abs(delta))  # the company's stock value went up by delta: the other side is down
            side = {"credit": amount} if delta > 0 else {"debit": amount}
            dims = {"project_id": project if project is None or isinstance(project, UUID) else UUID(project),
                    "activity_code": activity} if project is not None or activity is not None else {}
            lines.append(finance.LineIn(account_code=account, memo=memo, **side, **dims))
        net = sum(g[3] for g in groups)
        if net:
            lines.append(finance.LineIn(account_code=ACCOUNTS["inventory"], memo=memo,
                                        **({"debit": from_units(net)} if net > 0 else {"credit": from_units(-net)})))
        if len(lines) < 2:
            continue
        entries.append(finance.EntryIn(journal_type="general", entry_date=on if isinstance(on, date) else
                                       date.fromisoformat(on), lines=lines, reference=f"INV-{str(row.id)[-12:]}",
                                       narration=f"Inventory re-cost after a backdated {data.kind}: {item_code}"))
    if not entries:
        return []
    try:
        with context.calling_as(MODULE):
            return finance.post_bulk(data.company_id, entries).ids
    except DomainError as exc:
        if exc.code != "period_not_open":
            raise
        raise ValidationFailed("inventory.period_not_open", exc.message, exc.message_bn, field="move_date",
                               details=exc.details) from exc


def _month_ends(later: list[tuple]) -> list[int]:
    """The index of each month's last row in `later` (in date order, its dates as `later_rows` gives them: ISO
    text, which sorts as the dates do): a binary search a month for the first row of the next one (no work a
    row)."""
    ends, i, n = [], 0, len(later)
    while i < n:
        year, month = int(later[i][DATE][:4]), int(later[i][DATE][5:7])
        following = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
        i = bisect_left(later, following, lo=i, key=itemgetter(DATE))
        ends.append(i - 1)
    return ends


def _refuse_short(s, data: MoveInput, item_code: str, later: list[tuple], q0: int, v0: int,
                  held: dict[UUID, list[int]], store_id: UUID, pos: domain.Position) -> NoReturn:
    """A later move would go below zero after this one: the lowest later running quantity of the store (as the
    rows stood, `domain.walk` of them: the refusal path only) names what can be taken."""
    key = {k: store_key(s, k) for k in held} | {store_id: store_key(s, store_id)}
    rows = [(r[0], r[1], r[2], r[3], r[4] is not None, r[4] or 0) for r in later]
    low_q, low_s = walk(rows, q0, v0, {key[k]: list(x) for k, x in held.items()}, low=key[store_id])[2]
    taken = held.get(store_id, [0, 0])[0] - to_units(pos.store(str(store_id))[0], 6)
    limits = [m for m in (low_s, low_q if to_units(pos.quantity, 6) < q0 else None) if m is not None]
    most = max(0, min(limits)) if limits else 0
    _refuse_later(data, item_code, from_units(most, 6), from_units(taken, 6))


def _refuse_later(data: MoveInput, item_code: str, most: Decimal, asked: Decimal) -> NoReturn:
    """A move that takes stock out, dated before later moves of the item, must leave every later running
    quantity (the company's and the store's) at zero or more: `most` is the lowest of them (the walk of the later
    rows as they stood, before writing)."""
    raise ValidationFailed(
        "inventory.negative_stock",
        f"{item_code}: at most {most.normalize():f} can be taken on {data.move_date} ({asked.normalize():f} asked): "
        "a later move would take the stock below zero",
        f"{item_code}: {format_date(data.move_date, 'bn')} তারিখে সর্বোচ্চ {to_bangla_digits(f'{most.normalize():f}')} নেওয়া যায় "
        f"(চাওয়া হয়েছে {to_bangla_digits(f'{asked.normalize():f}')}): নইলে পরের কোনো চলাচলে মজুদ শূন্যের নিচে যাবে", field="quantity",
        details={"later_on_hand": str(most), "asked": str(asked)})


def journal_lines(kind: str, item_code: str, quantity: Decimal, value: Decimal, project_id: UUID | None,
                  activity_code: str | None) -> list:
    """A move's two journal lines (none for a transfer or a zero value): receipt Dr inventory / Cr clearing;
    issue Dr cost (its project and activity) / Cr inventory; adjustment against the adjustment account."""
    from vextrus.modules.finance import api as finance

    if kind == "transfer" or value == 0:
        return []
    amount = abs(value)
    inv, other = ACCOUNTS["inventory"], ACCOUNTS["clearing" if kind == "receipt" else kind
                                                  if kind == "adjustment" else "cost"]
    dims = {"project_id": project_id, "activity_code": activity_code} if kind == "issue" else {}
    memo = f"{kind} {item_code} {quantity.normalize():f}"
    if value > 0:
        return [finance.LineIn(account_code=inv, debit=amount, memo=memo),
                finance.LineIn(account_code=other, credit=amount, memo=memo)]
    return [finance.LineIn(account_code=other, debit=amount, memo=memo, **dims),
            finance.LineIn(account_code=inv, credit=amount, memo=memo)]


def _post_journal(data: MoveInput, item_code: str, row: MoveRow, value: Decimal) -> UUID | None:
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    if data.kind == "transfer" or value == 0:
        return None
    lines = journal_lines(data.kind, item_code, row.quantity, value, row.project_id, row.activity_code)
    try:
        with context.calling_as(MODULE):
            entry = finance.post_entry(data.company_id, finance.EntryIn(
                journal_type="general", entry_date=data.move_date, lines=lines,
                narration=f"Inventory {data.kind}: {item_code}", reference=f"INV-{str(row.id)[-12:]}"))
    except DomainError as exc:
        if exc.code != "period_not_open":
            raise
        # The finance period of the move's date is closed or locked: refused as a move (the unit of work
        # rolls back the row and the shifted later totals).
        raise ValidationFailed("inventory.period_not_open", exc.message, exc.message_bn, field="move_date",
                               details=exc.details) from exc
    return entry.id


@query("inventory.stock.view")
def stock_on_hand(uow: UnitOfWork, company_id: UUID, as_of: date | None = None, store_id: UUID | None = None,
                  item_id: UUID | None = None) -> list[StockLine]:
    """Quantity and value by store and item as of a date (each item's checkpoint, its month replayed when a
    move of the month is dated after the date); a role assigned for some projects sees their stores only."""
    return _stock(uow, company_id, as_of, store_id, item_id, reached_stores(uow, company_id))


def _stock(uow: UnitOfWork, company_id: UUID, as_of: date | None, store_id: UUID | None, item_id: UUID | None,
           reached: set[UUID] | None) -> list[StockLine]:
    context.require_company(company_id, "company", company_id, field="company_id")
    codes = dict(uow.session.execute(select(StoreRow.id, StoreRow.code).where(StoreRow.company_id == company_id)).all())
    lines = [(codes.get(s, ""), str(i), StockLine(store_id=s, store_code=codes.get(s, ""), item_id=i, item_code=code,
                                                   quantity=from_units(q, 6), value=from_units(v)))
             for i, (code, _, _, stores) in positions_at(uow.session, company_id, as_of, item_id).items()
             for s, (q, v) in stores.items()
             if (store_id is None or s == store_id) and (reached is None or s in reached) and (q or v)]
    return [ln for *_, ln in sorted(lines, key=lambda x: (x[0], x[1]))]


@query("inventory.stock.view")
def get_move(uow: UnitOfWork, move_id: UUID) -> MoveView:
    row = uow.session.get(MoveRow, move_id)
    if row is None:
        raise domain.Missing("stock move", "মজুদ চলাচল", move_id)
    context.require_company(row.company_id, "stock move", move_id)
    reached = reached_stores(uow, row.company_id)
    if reached is not None and row.store_id not in reached and row.to_store_id not in reached:
        raise domain.Missing("stock move", "মজুদ চলাচল", move_id)  # only other projects' stores: not said to exist
    return next(move_view(r, f) for r, f in figures(uow.session, row.company_id, row.item_id, row.move_date,
                                                    row.move_date) if r.id == row.id)


@query("inventory.stock.view")
def item_ledger(uow: UnitOfWork, company_id: UUID, item_id: UUID, as_of: date | None = None) -> list[MoveView]:
    """An item's moves in order with the running quantity and value after each, derived from its moves (a role
    assigned for some projects: the moves touching their stores)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    reached = reached_stores(uow, company_id)
    return [move_view(r, f) for r, f in figures(uow.session, company_id, item_id, None, as_of)
            if reached is None or r.store_id in reached or r.to_store_id in reached]


@query("inventory.stock.view")
def valuation(uow: UnitOfWork, company_id: UUID, as_of: date) -> ValuationReport:
    """Each item's quantity and value (moving average) as of a date; the total equals the inventory
    account's balance in the ledger when every move posted through this module. A role assigned for some projects
    sees the stock of their stores only (each item's quantity and value summed over them)."""
    reached = reached_stores(uow, company_id)
    if reached is not None:
        return _valuation_of(company_id, as_of, _stock(uow, company_id, as_of, None, None, reached))
    context.require_company(company_id, "company", company_id, field="company_id")
    lines = []
    for i, (code, q, v, _) in sorted(positions_at(uow.session, company_id, as_of).items(), key=lambda kv: str(kv[0])):
        if q or v:
            qty, val = from_units(q, 6), from_units(v)
            lines.append(ValuationLine(item_id=i, item_code=code, quantity=qty, value=val,
                                       average_cost=round_places(val / qty, 4) if qty else ZERO))
    return ValuationReport(company_id=company_id, as_of=as_of, lines=lines, total=sum((ln.value for ln in lines), ZERO))


def _valuation_of(company_id: UUID, as_of: date, stock: list[StockLine]) -> ValuationReport:
    by_item: dict[UUID, list[StockLine]] = defaultdict(list)
    for ln in stock:
        by_item[ln.item_id].append(ln)
    lines = []
    for i, ls in sorted(by_item.items(), key=lambda kv: str(kv[0])):
        q, v = sum((x.quantity for x in ls), ZERO), sum((x.value for x in ls), ZERO)
        lines.append(ValuationLine(item_id=i, item_code=ls[0].item_code, quantity=q, value=v,
                                   average_cost=round_places(v / q, 4) if q else ZERO))
    return ValuationReport(company_id=company_id, as_of=as_of, lines=lines, total=sum((ln.value for ln in lines), ZERO))
