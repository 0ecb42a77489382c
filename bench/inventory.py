"""Inventory stock moves posted per second (each receipt and issue: moving-average valuation, the item's monthly
checkpoint written, one journal through finance.api), then the valuation report and the stock on hand.
Then the same kind of moves posted as stock slips (`service.post_moves`: 200 lines a slip, one unit of work, one
journal a date through finance's bulk post, one event a move written in bulk): moves/s, CPU time and SQL
statements a slip.

    PYTHONPATH=src python bench/inventory.py [--size tiny|full] [--part all|posting|bulk|backdated|valuation|reorder]
                                             [--method moving_average|fifo]
                                             [--later N] [--moves N] [--slip-moves N] [--items N] [--stores N]

`--method fifo` sets the bench company's costing method to FIFO before its first move (docs/inventory.md,
"Costing method: FIFO"): every part then values by FIFO layers (the backdated part's later rows and its check are
valued with the domain's `apply_fifo`, its re-cost is `restate_fifo`).

Then a backdated receipt (and a backdated issue) inserted before N later moves of the same item (N = 100,000;
1,000 at --size tiny): the later rows are written with one bulk INSERT (not through the posting path): two
receipts then one issue, over and over, receipts at ৳100–106 so the average moves; their values are computed
with the domain's own `apply` in date order and the item's monthly checkpoints from them. Only the backdated
move's command is timed: its position (checkpoint + the month replayed), the read of the later rows' posted
columns, one pass in Python (`domain.restate`: the new values, the months' totals and the check that no later
quantity goes below zero, beside them the old values from the company's old value), the write of its row and of
the checkpoints of its month and later ones (not of the later rows), the adjusting journals (one a date through
finance's bulk post) and its own journal. The phases are printed too (read / recompute / write of the
checkpoints / journals). After both moves the item's final
running totals must equal a replay of every move in date order (the re-cost is exact), unless --no-check.

Then (`--part valuation`) the stock valuation report as of a date at 1,000,000 moves (2,000 at --size tiny, so CI
stays fast; `--moves N` another number): 1,000 items (20 at tiny) with their moves written by bulk INSERT (receipts
at a fixed price, then each item's checkpoints), the valuation timed (target < 200 ms) and checked against the sum.

Then (`--part reorder`) reorder suggestions and the slow-moving report over N items × S stores (2,000 × 10 full,
20 × 3 tiny; `--items`, `--stores`): a reorder level per (store, item) and one receipt per (store, item) written by
bulk INSERT (then the items' checkpoints), stock chosen so that every third pair is at or below its point; timed:
the suggestions of all stores, of one store, and the slow-moving report (90 days); each checked against the count
worked out from the data.

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from _company import start_company

PHASES: dict[str, float] = defaultdict(float)


def main() -> None:
    from vextrus.modules.inventory import service
    from vextrus.modules.inventory.schemas import MoveInput, StoreInput
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--part", choices=("all", "posting", "bulk", "backdated", "valuation", "reorder"), default="all")
    ap.add_argument("--later", type=int, default=None, help="later moves before the backdated one (default 100,000; "
                    "1,000 at --size tiny)")
    ap.add_argument("--slip-moves", type=int, default=None, help="moves posted as slips in --part bulk (default "
                    "20,000; 400 at --size tiny)")
    ap.add_argument("--moves", type=int, default=None, help="moves for the valuation report (default 1,000,000; "
                    "2,000 at --size tiny)")
    ap.add_argument("--items", type=int, default=None, help="items in --part reorder (default 2,000; 20 at tiny)")
    ap.add_argument("--stores", type=int, default=None, help="stores in --part reorder (default 10; 3 at tiny)")
    ap.add_argument("--method", choices=("moving_average", "fifo"), default="moving_average",
                    help="the bench company's costing method")
    ap.add_argument("--no-check", action="store_true", help="skip the replay check (to time code without re-costing)")
    args = ap.parse_args()
    tiny = args.size == "tiny"
    n = 40 if tiny else 4_000
    later = args.later or (1_000 if tiny else 100_000)
    rt, admin, c = start_company("invtbench")
    db = rt.engine.dialect.name
    with context.acting_as(admin):
        if args.method != "moving_average":
            from vextrus.modules.inventory.schemas import InventorySettingsInput

            service.set_settings(InventorySettingsInput(company_id=c.id, costing_method=args.method))
        store = service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse",
                                                name_bn="কেন্দ্রীয় গুদাম", kind="central"))
        if args.part in ("all", "posting"):
            items = [item_service.create_item(ItemInput(code=f"B-{k}", name=f"Item {k}", name_bn=f"পণ্য {k}",
                                                        base_unit="bag")) for k in range(4)]
            t = time.perf_counter()
            for i in range(n):
                kind = "receipt" if i % 3 != 2 else "issue"
                service.post_move(MoveInput(company_id=c.id, store_id=store.id, item_id=items[(i // 3) % 4].id,
                                            kind=kind, move_date=date(2025, 7, 1) + timedelta(days=i * 300 // n),
                                            quantity=Decimal(10 + i % 3),
                                            unit_cost=Decimal(500) + Decimal(i % 13) / 4 if kind == "receipt" else None))
            t_post = time.perf_counter() - t
            t = time.perf_counter()
            report = service.valuation(c.id, date(2026, 6, 30))
            t_val = time.perf_counter() - t
            t = time.perf_counter()
            service.stock_on_hand(c.id, date(2026, 6, 30))
            t_soh = time.perf_counter() - t
            print(f"inventory ({db}): {n:,} moves posted {n / t_post:,.1f}/s (each with its journal); valuation at "
                  f"{n:,} moves {t_val * 1000:,.0f} ms (total {report.total:,}); stock on hand {t_soh * 1000:,.0f} ms")
        if args.part in ("all", "bulk"):
            bulk(rt, c, store, args.slip_moves or (400 if tiny else 20_000))
        if args.part in ("all", "backdated"):
            load = _load()
            timed = backdated(rt, c, store, later, check=not args.no_check, fifo=args.method == "fifo")
            for label, (t_move, cpu, stmts, phases) in timed.items():
                split = "; ".join(f"{k} {v * 1000:,.0f} ms" for k, v in phases.items())
                print(f"inventory ({db}, {args.method}): backdated {label} before {later:,} later moves of the same item "
                      f"{t_move * 1000:,.0f} ms, CPU {cpu * 1000:,.0f} ms, {stmts} statements (target < 1 s; "
                      f"load {load}){f' — {split}' if split else ''}")
        if args.part in ("all", "valuation"):
            valuation_at(rt, c, store, args.moves or (2_000 if tiny else 1_000_000), 20 if tiny else 1_000)
        if args.part in ("all", "reorder"):
            reorder(rt, c, args.items or (20 if tiny else 2_000), args.stores or (3 if tiny else 10))
    rt.close()


def _load() -> str:
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


class Statements:
    """Counts the SQL statements the engine runs (an executemany counts once)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.n = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_a) -> None:
        self.n += 1


def bulk(rt, c, store, n: int, per_slip: int = 200) -> None:
    """`n` moves of 20 items (two receipts, one issue, over and over) posted as slips of `per_slip` lines, one
    slip a day, through `service.post_moves`; then the valuation and a check that it equals the ledger."""
    from vextrus.modules.finance.api import account_balance
    from vextrus.modules.inventory import service
    from vextrus.modules.inventory.schemas import MoveLineInput, MovesInput
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service

    items = [item_service.create_item(ItemInput(code=f"S-{k}", name=f"Slip item {k}", name_bn=f"স্লিপ পণ্য {k}",
                                                base_unit="bag")) for k in range(20)]
    slips = []
    for k in range(0, n, per_slip):
        lines = []
        for i in range(k, min(n, k + per_slip)):
            kind = "receipt" if (i // 20) % 3 != 2 else "issue"
            lines.append(MoveLineInput(item_id=items[i % 20].id, kind=kind, store_id=store.id, quantity=Decimal(10 + i % 3),
                                       unit_cost=Decimal(500) + Decimal(i % 13) / 4 if kind == "receipt" else None))
        slips.append(MovesInput(company_id=c.id, move_date=date(2025, 7, 1) + timedelta(days=k * 300 // n),
                                reference=f"IS-{k // per_slip + 1}", lines=lines))
    stmts, load = Statements(rt.engine), _load()
    relay, drain, delivery = rt.relay, rt.relay.drain, {"wall": 0.0, "cpu": 0.0, "events": 0}

    def timed_drain(*a, **kw) -> int:  # each slip's events are delivered right after its commit: timed apart
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            done = drain(*a, **kw)
            delivery["events"] += done
            return done
        finally:
            delivery["wall"] += time.perf_counter() - t0
            delivery["cpu"] += time.process_time() - c0

    relay.drain = timed_drain
    t, cpu = time.perf_counter(), time.process_time()
    try:
        for slip in slips:
            service.post_moves(slip)
    finally:
        relay.drain = drain
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    db = rt.engine.dialect.name
    print(f"inventory ({db}): {n:,} moves posted as {len(slips)} slips of {per_slip}: {n / wall:,.0f} moves/s "
          f"(target >= 2,000/s), {wall * 1000 / len(slips):,.0f} ms a slip, CPU {cpu * 1000 / len(slips):,.0f} ms a slip "
          f"(this process), {stmts.n / len(slips):,.0f} statements a slip; load {load}")
    dw = delivery["wall"] or 1e-9
    print(f"inventory ({db}): of which the delivery of the slips' {delivery['events']:,} events after each commit "
          f"{dw:.2f} s = {delivery['events'] / dw:,.0f} events/s (CPU {delivery['cpu']:.2f} s); load {_load()}")
    on = date(2026, 6, 30)
    total = service.valuation(c.id, on).total
    assert total == account_balance(c.id, "1160", on), "valuation != ledger"


def valuation_at(rt, c, store, n: int, n_items: int) -> None:
    """`n` moves of `n_items` items (receipts of 1 at ৳100 + the item's number, dated over a year) written by
    bulk INSERT, then the valuation report timed as of the last date and as of a date in the middle (each
    checked against the sum of the moves it covers)."""
    from sqlalchemy import insert

    from vextrus.modules.inventory import service
    from vextrus.modules.inventory.repository import rebuild_checkpoints
    from vextrus.modules.inventory.tables import MoveRow
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    items = [item_service.create_item(ItemInput(code=f"V-{k}", name=f"Valued item {k}", name_bn=f"মূল্যায়িত পণ্য {k}",
                                                base_unit="bag")) for k in range(n_items)]
    tenant, per_item, one, t = context.require_tenant(), n // n_items, Decimal(1), time.perf_counter()
    start, mid = date(2025, 7, 1), date(2025, 12, 31)
    expected = {start + timedelta(days=364): Decimal(0), mid: Decimal(0)}
    before = {on: service.valuation(c.id, on) for on in expected}  # what the other parts left (one database)
    for k, item in enumerate(items):
        price = Decimal(100 + k)
        rows = [dict(id=new_id(), tenant_id=tenant, company_id=c.id, item_id=item.id, item_code=item.code, seq=j + 1,
                     move_date=start + timedelta(days=j * 365 // per_item), kind="receipt", store_id=store.id,
                     quantity=one, unit_cost=price, value=price, moved_value=price, memo="") for j in range(per_item)]
        for on in expected:
            expected[on] += sum((r["value"] for r in rows if r["move_date"] <= on), Decimal(0))
        with rt.session_factory.begin() as s:
            for j in range(0, len(rows), 10_000):
                s.execute(insert(MoveRow), rows[j:j + 10_000])
            rebuild_checkpoints(s, c.id, item.id)
    load_time = time.perf_counter() - t
    if rt.engine.dialect.name == "postgresql":  # fresh statistics, as autovacuum would give a table this size
        from sqlalchemy import text

        from vextrus.modules.inventory.repository import _target

        with rt.session_factory.begin() as s:
            s.execute(text(f"ANALYZE {_target(s.connection())}"))
    load = _load()
    for on, total in expected.items():
        t, cpu = time.perf_counter(), time.process_time()
        report = service.valuation(c.id, on)
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        base = before[on]
        assert report.total == base.total + total and len(report.lines) == len(base.lines) + n_items, \
            (report.total, base.total, total)
        print(f"inventory ({rt.engine.dialect.name}): valuation as of {on} at {per_item * n_items:,} moves of {n_items:,} "
              f"items {wall * 1000:,.0f} ms, CPU {cpu * 1000:,.0f} ms (target < 200 ms; load {load}; moves written "
              f"in {load_time:,.0f} s)")


def reorder(rt, c, n_items: int, n_stores: int) -> None:
    """Reorder levels and one receipt per (store, item) by bulk INSERT; suggestions and the slow-moving report
    timed and checked. Pair (store s, item k): reorder point 50, reorder quantity 100, a maximum of 200 on even
    items; on hand 40 when (k + s) % 3 == 0 (suggested: 160 up to the maximum or 100), else 80 (not suggested)."""
    from sqlalchemy import insert

    from vextrus.modules.inventory import service
    from vextrus.modules.inventory.repository import rebuild_checkpoints
    from vextrus.modules.inventory.schemas import StoreInput
    from vextrus.modules.inventory.tables import MoveRow, ReorderLevelRow
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    tenant, t0 = context.require_tenant(), time.perf_counter()
    stores = [service.create_store(StoreInput(company_id=c.id, code=f"RS-{s}", name=f"Reorder store {s}",
                                              name_bn=f"পুনঃক্রয় গুদাম {s}", kind="site")) for s in range(n_stores)]
    items = [new_id() for _ in range(n_items)]
    on, day = date(2026, 3, 31), date(2025, 8, 1)
    levels, moves, expected, total = [], [], 0, Decimal(0)
    for k, item in enumerate(items):
        for s, st in enumerate(stores):
            low = (k + s) % 3 == 0
            expected += low
            q = Decimal(40 if low else 80)
            levels.append(dict(id=new_id(), tenant_id=tenant, company_id=c.id, store_id=st.id, item_id=item,
                               item_code=f"R-{k}", item_name=f"Item {k}", item_name_bn=f"পণ্য {k}", unit="bag",
                               reorder_point=Decimal(50), reorder_quantity=Decimal(100),
                               max_quantity=Decimal(200) if k % 2 == 0 else None, version=1))
            moves.append(dict(id=new_id(), tenant_id=tenant, company_id=c.id, item_id=item, item_code=f"R-{k}",
                              seq=s + 1, move_date=day, kind="receipt", store_id=st.id, quantity=q,
                              unit_cost=Decimal(10), value=q * 10, moved_value=q * 10, memo=""))
            total += q * 10
    with rt.session_factory.begin() as s:
        for j in range(0, len(levels), 10_000):
            s.execute(insert(ReorderLevelRow), levels[j:j + 10_000])
            s.execute(insert(MoveRow), moves[j:j + 10_000])
        for item in items:
            rebuild_checkpoints(s, c.id, item)
    written = time.perf_counter() - t0
    load = _load()
    db, pairs = rt.engine.dialect.name, n_items * n_stores
    t, cpu = time.perf_counter(), time.process_time()
    got = service.reorder_suggestions(c.id, None, on)
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert len(got) == expected and all(g.on_hand + g.suggested_quantity >= g.reorder_point for g in got)
    assert {g.suggested_quantity for g in got} <= {Decimal(160), Decimal(100)}
    t = time.perf_counter()
    one = service.reorder_suggestions(c.id, stores[0].id, on)
    wall_one = time.perf_counter() - t
    assert len(one) == sum((k % 3 == 0) for k in range(n_items))
    t, cpu2 = time.perf_counter(), time.process_time()
    slow = service.slow_moving(c.id, on, 90)  # never issued, 242 days since the receipt: every pair
    wall_slow, cpu2 = time.perf_counter() - t, time.process_time() - cpu2
    assert len(slow.lines) >= pairs and slow.total_value >= total
    print(f"inventory ({db}): reorder suggestions over {n_items:,} items × {n_stores} stores ({pairs:,} levels, "
          f"{len(got):,} suggested) {wall * 1000:,.0f} ms, CPU {cpu * 1000:,.0f} ms; one store {wall_one * 1000:,.0f} ms; "
          f"slow-moving report ({len(slow.lines):,} lines) {wall_slow * 1000:,.0f} ms, CPU {cpu2 * 1000:,.0f} ms "
          f"(load {load}; data written in {written:,.1f} s)")
    reorder_on_order(rt, c, stores, items, on)


def reorder_on_order(rt, c, stores, items, on: date) -> None:
    """The suggestions again with procurement's on-order figures (issue 17): one approved requisition a store, not yet
    ordered, with a line of 5 for every item at or below its point there (bulk INSERT). On hand 40 + 5 on order stays
    at or below the point 50: the same pairs are suggested, 155 up to the maximum or 100 (checked)."""
    import importlib

    from sqlalchemy import insert

    from vextrus.modules.inventory import service
    from vextrus.modules.procurement.tables import RequisitionLineRow, RequisitionRow
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    importlib.import_module("vextrus.modules.procurement.service.on_order")  # registers procurement's figures
    tenant, reqs, lines = context.require_tenant(), [], []
    for s, st in enumerate(stores):
        rid = new_id()
        reqs.append(dict(id=rid, tenant_id=tenant, company_id=c.id, number=f"PR-B{s:04d}", store_id=st.id,
                         project_id=None, activity_code=None, requested_on=date(2025, 8, 2), status="approved",
                         reason="", note="", version=1))
        lines += [dict(id=new_id(), tenant_id=tenant, requisition_id=rid, line_no=n + 1, item_id=item, item_code=f"R-{k}",
                       item_name=f"Item {k}", unit="bag", quantity=Decimal(5), needed_by=date(2025, 8, 9), boq_line="")
                  for n, (k, item) in enumerate((k, i) for k, i in enumerate(items) if (k + s) % 3 == 0)]
    with rt.session_factory.begin() as ses:
        ses.execute(insert(RequisitionRow), reqs)
        for j in range(0, len(lines), 10_000):
            ses.execute(insert(RequisitionLineRow), lines[j:j + 10_000])
    load = _load()
    t, cpu = time.perf_counter(), time.process_time()
    got = service.reorder_suggestions(c.id, None, on)
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert len(got) == len(lines) and all(g.on_order == 5 for g in got)
    assert {g.suggested_quantity for g in got} <= {Decimal(155), Decimal(100)}
    print(f"inventory ({rt.engine.dialect.name}): reorder suggestions with procurement's on-order figures "
          f"({len(lines):,} requisition lines of {len(reqs)} approved requisitions) {wall * 1000:,.0f} ms, "
          f"CPU {cpu * 1000:,.0f} ms (load {load})")


def _timing() -> None:
    """Wrap the re-cost's phases (repository read and write, the domain pass, the journals) to time them."""
    from vextrus.modules.inventory.service import moves

    def wrap(name: str, label: str) -> None:
        fn = getattr(moves, name, None)
        if fn is None or getattr(fn, "_timed", False):
            return

        def timed(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                PHASES[label] += time.perf_counter() - t

        timed._timed = True  # type: ignore[attr-defined]
        setattr(moves, name, timed)

    for name, label in (("later_rows", "read"), ("restate", "recompute"), ("restate_fifo", "recompute"),
                        ("replace_checkpoints", "write"),
                        ("_post_recost", "journals")):
        wrap(name, label)


def backdated(rt, c, store, later: int, check: bool = True, fifo: bool = False
              ) -> dict[str, tuple[float, float, int, dict[str, float]]]:
    """Bulk-insert `later` moves of one item dated 1 Aug 2025 onwards (two receipts, one issue; running totals
    from the domain, by FIFO layers when `fifo`), then time one backdated receipt and one backdated issue dated in
    July through `post_move`."""
    from sqlalchemy import insert

    from vextrus.modules.inventory import domain, service
    from vextrus.modules.inventory.domain.fifo import FifoPosition, apply_fifo
    from vextrus.modules.inventory.repository import rebuild_checkpoints
    from vextrus.modules.inventory.schemas import MoveInput
    from vextrus.modules.inventory.tables import MoveRow
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    _timing()
    item = item_service.create_item(ItemInput(code="BK-1", name="Rebar 16 mm", name_bn="রড ১৬ মিমি", base_unit="kg"))
    tenant, one, sid = context.require_tenant(), Decimal(1), str(store.id)
    value = apply_fifo if fifo else domain.apply
    pos, rows, moves = FifoPosition() if fifo else domain.Position(), [], []
    for i in range(later):
        on = date(2025, 8, 1) + timedelta(days=i * 330 // later)
        m = (domain.Move("issue", sid, one) if i % 3 == 2
             else domain.Move("receipt", sid, one, Decimal(100 + i % 7)))
        v = value(pos, m)
        moves.append((on, m))
        rows.append(dict(id=new_id(), tenant_id=tenant, company_id=c.id, item_id=item.id, item_code="BK-1", seq=i + 1,
                         move_date=on, kind=m.kind, store_id=store.id, quantity=one, unit_cost=m.unit_cost,
                         value=v.value, moved_value=v.moved_value, memo=""))
    with rt.session_factory.begin() as s:
        for k in range(0, later, 10_000):
            s.execute(insert(MoveRow), rows[k:k + 10_000])
        rebuild_checkpoints(s, c.id, item.id)
    out: dict[str, tuple[float, float, int, dict[str, float]]] = {}
    stmts = Statements(rt.engine)
    for label, on, m in (("receipt", date(2025, 7, 15), domain.Move("receipt", sid, Decimal(10), Decimal(120))),
                         ("issue", date(2025, 7, 20), domain.Move("issue", sid, Decimal(4)))):
        PHASES.clear()
        stmts.n = 0
        t, cpu = time.perf_counter(), time.process_time()
        service.post_move(MoveInput(company_id=c.id, store_id=store.id, item_id=item.id, kind=m.kind, move_date=on,
                                    quantity=m.quantity, unit_cost=m.unit_cost))
        out[label] = (time.perf_counter() - t, time.process_time() - cpu, stmts.n, dict(PHASES))
        moves.append((on, m))
    if check:
        pos = FifoPosition() if fifo else domain.Position()
        for _, m in sorted(moves, key=lambda x: x[0]):  # stable: a date's moves in insertion order
            value(pos, m)
        last = service.item_ledger(c.id, item.id)[-1]
        assert (last.quantity_after, last.value_after) == (pos.quantity, pos.value), (last, pos)
    return out


if __name__ == "__main__":
    main()
