"""Stock moves: load the item's running totals as of the move's date → guard (company, stores, no later
running quantity below zero) → value the move (domain, moving average at its position) → store it with the
new totals → re-cost the later rows of the item (one read, `domain.recost` in one pass, one set-based UPDATE;
a backdated transfer, which leaves the company's average alone, only shifts the stores' totals) → post its
journal, and the later moves' changed costs as one adjusting journal a date, through finance.api as inventory
on behalf of the user → emit. Queries: stock on hand, an item's ledger, the valuation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import or_, select

from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.money import ZERO, round_places
from vextrus.platform.uow import UnitOfWork, command, query

from .. import domain
from ..domain import Later, from_units, recost, to_units
from ..events import MovePosted
from ..repository import (
    last_of_each_item,
    later_rows,
    lowest_later,
    move_view,
    next_seq,
    position,
    raw_id,
    shift_later,
    write_recost,
)
from ..schemas import MoveInput, MoveView, StockLine, ValuationLine, ValuationReport
from ..tables import MoveRow, StoreRow
from .stores import check_company, load_store, reached_stores

# The journal's accounts in finance's Bangladesh construction chart (finance/data/bd_construction_coa.json):
# receipt Dr inventory / Cr clearing (2115 goods received not invoiced: the matched vendor bill debits it
# and credits the vendor in 2110, so the purchase is owed once); issue Dr cost (with the project and
# activity) / Cr inventory; adjustment against the cost account. A transfer posts nothing.
KEY, VALUE = Later._fields.index("key"), Later._fields.index("value")
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
                                   f"পণ্য {data.item_id} নেই", field="item_id") from exc
    if data.kind != "issue" and (data.project_id or data.activity_code):
        raise ValidationFailed("inventory.project_only_on_issue", "Only an issue goes to a project",
                               "শুধু প্রদান প্রকল্পে যায়", field="project_id")
    if data.project_id is not None:
        context.require_scope_to_create(data.project_id, "project_id")  # an issue to another project: 403
    row = post_one(uow, data, item.code, store, to_store)
    uow.emit(MovePosted(move_id=row.id, company_id=row.company_id, item_id=row.item_id, kind=row.kind,
                        move_date=row.move_date, quantity=row.quantity, value=row.value, entry_id=row.entry_id))
    return move_view(row)


def post_one(uow: UnitOfWork, data: MoveInput, item_code: str, store: StoreRow, to_store: StoreRow | None) -> MoveRow:
    """Value, store and journal one move whose company, stores, item and project were checked (the move's
    own position, the later rows' check and re-cost): `post_move`'s work, and a slip's for an item with a
    backdated line (service/slips.py). Emits nothing."""
    s = uow.session
    stores = [store.id] + ([to_store.id] if to_store else [])
    pos = domain.Position()
    at = position(s, data.company_id, data.item_id, data.move_date, stores)  # totals at the end of its date
    pos.quantity, pos.value, pos.stores = at.quantity, at.value, dict(at.stores)
    move = domain.Move(data.kind, str(store.id), data.quantity, data.unit_cost, str(to_store.id) if to_store else None)
    valued = domain.apply(pos, move)
    # The change this move makes, which every later row of the item (and of its stores) takes on too.
    company_delta = (valued.quantity_after - at.quantity, valued.value_after - at.value)
    store_deltas = {UUID(k): (q - at.store(k)[0], v - at.store(k)[1]) for k, (q, v) in valued.store_after.items()}
    if store_deltas[store.id][0] < 0:
        _check_later(s, data, item_code, store.id, company_delta[0], store_deltas[store.id][0])
    sq, sv = valued.store_after[str(store.id)]
    tq, tv = valued.store_after.get(str(to_store.id), (None, None)) if to_store else (None, None)
    row = MoveRow(tenant_id=context.require_tenant(), company_id=data.company_id, item_id=data.item_id,
                  item_code=item_code, seq=next_seq(s, data.company_id, data.item_id), move_date=data.move_date, kind=data.kind,
                  store_id=store.id,
                  to_store_id=to_store.id if to_store else None, quantity=data.quantity, unit_cost=data.unit_cost,
                  value=valued.value, moved_value=valued.moved_value, quantity_after=valued.quantity_after,
                  value_after=valued.value_after, store_quantity_after=sq, store_value_after=sv,
                  to_store_quantity_after=tq, to_store_value_after=tv, project_id=data.project_id,
                  activity_code=(data.activity_code or "").strip() or None, memo=data.memo.strip())
    s.add(row)
    s.flush()
    if company_delta == (ZERO, ZERO):  # a transfer: the average is unchanged, later costs too; stores shift
        shift_later(s, data.company_id, data.item_id, data.move_date, company_delta, store_deltas)
        changed: dict = {}
    else:
        changed = _recost_later(s, data, row, store_deltas)
    row.entry_id = _post_journal(data, item_code, row, valued.value)
    if changed:
        _post_recost(data, item_code, row, changed)
    s.flush()
    return row


def _recost_later(s, data: MoveInput, row: MoveRow, store_deltas: dict[UUID, tuple[Decimal, Decimal]]) -> dict:
    """Value the item's later moves again from the new row's totals (docs/inventory.md, "Backdated moves"):
    one read, one pass (`domain.recost`), one UPDATE. Returns the changes to post: (date, account, project,
    activity) → change of the company's stock value, in poisha."""
    later = later_rows(s, data.company_id, row.item_id, data.move_date)
    if not later:
        return {}
    shift = {raw_id(s, sid): to_units(dv, 2) for sid, (_, dv) in store_deltas.items()}
    restated = recost(later, to_units(row.quantity_after, 6), to_units(row.value_after, 2), shift)
    write_recost(s, data.company_id, row.item_id, data.move_date, [r[KEY] for r in later], restated,
                 {sid: dq for sid, (dq, _) in store_deltas.items()})
    changed: dict[tuple, int] = defaultdict(int)
    for old, new in zip(later, restated, strict=True):
        if new.value != old[VALUE]:
            was = Later._make(old)
            account = ACCOUNTS["cost" if was.kind == "issue" else "adjustment"]
            changed[(was.on, account, was.project, was.activity)] += new.value - was.value
    return {k: v for k, v in changed.items() if v}


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


def _check_later(s, data: MoveInput, item_code: str, store_id: UUID, company_dq: Decimal, store_dq: Decimal) -> None:
    """A move that takes stock out, dated before later moves of the item, must leave every later running
    quantity (the company's and the store's) at zero or more: one MIN() over the later rows, before writing."""
    company_min, store_min = lowest_later(s, data.company_id, data.item_id, data.move_date, store_id)
    limits = [m for m in (store_min, company_min if company_dq < 0 else None) if m is not None]
    if limits and -store_dq > min(limits):
        most, asked = min(limits), -store_dq
        raise ValidationFailed(
            "inventory.negative_stock",
            f"{item_code}: at most {most.normalize():f} can be taken on {data.move_date} ({asked.normalize():f} asked): "
            "a later move would take the stock below zero",
            f"{item_code}: {data.move_date} তারিখে সর্বোচ্চ {most.normalize():f} নেওয়া যায় (চাওয়া হয়েছে "
            f"{asked.normalize():f}): নইলে পরের কোনো চলাচলে মজুদ শূন্যের নিচে যাবে", field="quantity",
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


def _rows(uow: UnitOfWork, company_id: UUID, as_of: date | None, item_id: UUID | None = None,
          stores: set[UUID] | None = None) -> list[MoveRow]:
    """The company's moves (of an item) up to a date; with `stores`, only those touching one of them."""
    context.require_company(company_id, "company", company_id, field="company_id")
    q = select(MoveRow).where(MoveRow.company_id == company_id)
    if stores is not None:
        q = q.where(or_(MoveRow.store_id.in_(stores), MoveRow.to_store_id.in_(stores)))
    if as_of is not None:
        q = q.where(MoveRow.move_date <= as_of)
    if item_id is not None:
        q = q.where(MoveRow.item_id == item_id)
    return list(uow.session.scalars(q.order_by(MoveRow.item_id, MoveRow.move_date, MoveRow.seq)))


@query("inventory.stock.view")
def stock_on_hand(uow: UnitOfWork, company_id: UUID, as_of: date | None = None, store_id: UUID | None = None,
                  item_id: UUID | None = None) -> list[StockLine]:
    """Quantity and value by store and item as of a date (the latest running totals on or before it); a role
    assigned for some projects sees their stores only."""
    return _stock(uow, company_id, as_of, store_id, item_id, reached_stores(uow, company_id))


def _stock(uow: UnitOfWork, company_id: UUID, as_of: date | None, store_id: UUID | None, item_id: UUID | None,
           reached: set[UUID] | None) -> list[StockLine]:
    last: dict[tuple[UUID, UUID], tuple[Decimal, Decimal]] = {}
    item_codes: dict[UUID, str] = {}
    for r in _rows(uow, company_id, as_of, item_id, reached):
        item_codes[r.item_id] = r.item_code
        last[(r.store_id, r.item_id)] = (r.store_quantity_after, r.store_value_after)
        if r.to_store_id is not None:
            last[(r.to_store_id, r.item_id)] = (r.to_store_quantity_after or ZERO, r.to_store_value_after or ZERO)
    codes = dict(uow.session.execute(select(StoreRow.id, StoreRow.code).where(StoreRow.company_id == company_id)).all())
    return [StockLine(store_id=s, store_code=codes.get(s, ""), item_id=i, item_code=item_codes[i], quantity=q, value=v)
            for (s, i), (q, v) in sorted(last.items(), key=lambda kv: (codes.get(kv[0][0], ""), str(kv[0][1])))
            if (store_id is None or s == store_id) and (reached is None or s in reached) and (q or v)]


@query("inventory.stock.view")
def get_move(uow: UnitOfWork, move_id: UUID) -> MoveView:
    row = uow.session.get(MoveRow, move_id)
    if row is None:
        raise domain.Missing("stock move", "মজুদ চলাচল", move_id)
    context.require_company(row.company_id, "stock move", move_id)
    reached = reached_stores(uow, row.company_id)
    if reached is not None and row.store_id not in reached and row.to_store_id not in reached:
        raise domain.Missing("stock move", "মজুদ চলাচল", move_id)  # only other projects' stores: not said to exist
    return move_view(row)


@query("inventory.stock.view")
def item_ledger(uow: UnitOfWork, company_id: UUID, item_id: UUID, as_of: date | None = None) -> list[MoveView]:
    """An item's moves in order with the running quantity and value after each (a role assigned for some projects:
    the moves touching their stores)."""
    return [move_view(r) for r in _rows(uow, company_id, as_of, item_id, reached_stores(uow, company_id))]


@query("inventory.stock.view")
def valuation(uow: UnitOfWork, company_id: UUID, as_of: date) -> ValuationReport:
    """Each item's quantity and value (moving average) as of a date; the total equals the inventory
    account's balance in the ledger when every move posted through this module. A role assigned for some projects
    sees the stock of their stores only (each item's quantity and value summed over them)."""
    reached = reached_stores(uow, company_id)
    if reached is not None:
        return _valuation_of(company_id, as_of, _stock(uow, company_id, as_of, None, None, reached))
    context.require_company(company_id, "company", company_id, field="company_id")
    lines = [ValuationLine(item_id=i, item_code=code, quantity=q, value=v,
                           average_cost=round_places(v / q, 4) if q else ZERO)
             for i, code, q, v in sorted(last_of_each_item(uow.session, company_id, as_of), key=lambda r: str(r[0]))
             if q or v]
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in lines:
        totals["v"] += ln.value
    return ValuationReport(company_id=company_id, as_of=as_of, lines=lines, total=totals["v"])


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
