"""FIFO costing chosen per company (issue 17; docs/inventory.md "Costing method: FIFO"), on both databases: a
published worked example reproduced to the taka, backdated moves re-costing later issues with adjusting
journals, the valuation equal to the ledger's inventory account (1160) on every date, the method refused once the
company has moves, and moving-average companies unchanged (the rest of tests/modules/inventory/)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.api import account_balance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.domain import Move
from vextrus.modules.inventory.domain.fifo import FifoPosition, apply_fifo, layers_of, split, take_layers
from vextrus.modules.inventory.schemas import (
    InventorySettingsInput,
    MoveInput,
    MoveLineInput,
    MovesInput,
    StoreInput,
)
from vextrus.modules.inventory.service import ACCOUNTS
from vextrus.modules.inventory.tables import CheckpointRow
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.platform.errors import ValidationFailed

SEQ = itertools.count(1)

# Weygandt, Kimmel & Kieso, *Accounting Principles* (Wiley), chapter 6 "Inventories", Houston Electronics' Astro
# condensers, and its appendix 6A (perpetual FIFO): beginning inventory 100 units at $10, purchases of 200 at $11
# (Apr 15) and 300 at $12 (Aug 24), a sale of 550 units (Sep 10), a purchase of 400 at $13 (Nov 27). FIFO: cost of
# goods sold $6,200 (100 × 10 + 200 × 11 + 250 × 12), ending inventory $5,800 (50 × 12 + 400 × 13), the same
# under the periodic and the perpetual system. Dated here in the fiscal year 2025-26 (taka for dollars).
HOUSTON = [
    (date(2025, 8, 1), "receipt", 100, 10),
    (date(2025, 8, 15), "receipt", 200, 11),
    (date(2025, 8, 24), "receipt", 300, 12),
    (date(2025, 9, 10), "issue", 550, None),
    (date(2025, 11, 27), "receipt", 400, 13),
]


def test_the_published_example_in_the_domain():
    pos = FifoPosition()
    values = [
        apply_fifo(pos, Move(kind, "CW", D(q), None if c is None else D(c))).value
        for _, kind, q, c in HOUSTON
    ]
    assert values == [D(1000), D(2200), D(3600), D(-6200), D(5200)]  # cost of goods sold 6,200
    assert (pos.quantity, pos.value) == (D(450), D(5800))  # ending inventory 5,800
    assert list(pos.layers) == [[50_000000, 600_00], [400_000000, 5200_00]]  # 50 at 12, 400 at 13


def test_a_layer_emptied_gives_exactly_its_remaining_value():
    layers = [[3_000000, 10_00]]  # 3 units worth ৳10.00
    from collections import deque

    lay = deque(layers)
    taken = [take_layers(lay, 1_000000) for _ in range(3)]
    assert (
        taken == [333, 334, 333] and sum(taken) == 1000 and not lay
    )  # 3.33 + 3.34 + 3.33, nothing left behind
    st_ = {"A": [2, 0], "B": [1, 0], "C": [0, 99]}
    split(1001, st_)
    assert st_ == {"A": [2, 667], "B": [1, 334], "C": [0, 0]}  # adds up to the company's value; empty holds 0


raw_moves = st.lists(
    st.tuples(
        st.sampled_from(["receipt", "issue", "transfer", "adjustment"]),
        st.integers(1, 50),
        st.one_of(st.none(), st.integers(0, 99_999)),
        st.sampled_from("AB"),
    ),
    min_size=1,
    max_size=25,
)


def _feasible(moves):
    """Keep the moves (kind, store, to_store, qty millionths, fixed value or None) no store goes below zero with."""
    held, out = {"A": 0, "B": 0}, []
    for kind, n, price, store in moves:
        qty = n * 250_000
        if kind == "receipt" or (kind == "adjustment" and n % 2):
            fixed = None if kind == "adjustment" and price is None else (price or 0) * n // 4
            out.append((kind, store, None, qty, fixed))
            held[store] += qty
        elif held[store] >= qty:
            other = "B" if store == "A" else "A"
            out.append(
                (
                    kind,
                    store,
                    other if kind == "transfer" else None,
                    -qty if kind == "adjustment" else qty,
                    None,
                )
            )
            held[store] -= qty
            if kind == "transfer":
                held[other] += qty
    return out


@settings(max_examples=300, deadline=None)
@given(moves=raw_moves, k=st.integers(0, 24))
def test_restate_fifo_values_the_later_moves_as_a_replay_in_order(moves, k):
    """A move taken out of a feasible sequence and inserted back at its place: `restate_fifo` of the later moves
    gives the value changes, the totals, the layers and the stores of a replay of the whole sequence in order."""
    from collections import deque

    from vextrus.modules.inventory.domain import Short
    from vextrus.modules.inventory.domain.fifo import restate_fifo, walk_fifo

    seq = _feasible(moves)
    k = k % len(seq) if seq else 0
    if not seq:
        return
    as_walk = [(kd, s_, t, q, f is not None, f or 0) for kd, s_, t, q, f in seq]
    full, _, _ = walk_fifo(as_walk, 0, 0, {}, deque())
    without = as_walk[:k] + as_walk[k + 1 :]
    try:
        was, _, _ = walk_fifo(without, 0, 0, {}, deque())
    except Short:
        return  # the sequence needs the move taken out
    before_st, before_l = {}, deque()
    head, _, _ = walk_fifo(as_walk[:k], 0, 0, before_st, before_l)
    q0 = head[-1].quantity_after if head else 0
    v0 = head[-1].value_after if head else 0
    after_st, after_l = {a: list(b) for a, b in before_st.items()}, deque([a, b] for a, b in before_l)
    mine, _, _ = walk_fifo([as_walk[k]], q0, v0, after_st, after_l)
    changes, snaps = restate_fifo(
        [seq[i] for i in range(k + 1, len(seq))],
        mine[0].quantity_after,
        mine[0].value_after,
        after_st,
        after_l,
        deque([a, b] for a, b in before_l),
        [len(seq) - k - 2] if len(seq) > k + 1 else [],
    )
    expect = {
        i - k - 1: full[i].value - was[i - 1].value
        for i in range(k + 1, len(seq))
        if full[i].value != was[i - 1].value
    }
    assert dict(changes) == expect
    if snaps:
        q, v, stores, text = snaps[len(seq) - k - 2]
        layers = layers_of(text)
        assert (q, v) == (full[-1].quantity_after, full[-1].value_after)
        assert sum(b for _, b in layers) == v and sum(b for _, b in stores.values()) == v
        assert all(b == 0 for a, b in stores.values() if a == 0)


def setup(code: str, method: str = "fifo"):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    if method:
        service.set_settings(InventorySettingsInput(company_id=c.id, costing_method=method))
    central = service.create_store(
        StoreInput(
            company_id=c.id, code="cw", name="Central warehouse", name_bn="কেন্দ্রীয় গুদাম", kind="central"
        )
    )
    site = service.create_store(
        StoreInput(
            company_id=c.id, code="site-1", name="Site store Purbachal", name_bn="সাইট গুদাম পূর্বাচল", kind="site"
        )
    )
    item = item_service.create_item(
        ItemInput(code=f"CON-{code}", name="Astro condenser", name_bn="কনডেন্সার", base_unit="pcs")
    )
    return c, central, site, item


def move(c, item, store, kind, qty, cost=None, on=date(2025, 8, 10), **kw) -> MoveInput:
    return MoveInput(
        company_id=c.id,
        item_id=item.id,
        kind=kind,
        move_date=on,
        store_id=store.id,
        quantity=D(qty),
        unit_cost=None if cost is None else D(cost),
        **kw,
    )


def _ledger_ok(c, days):
    for on in days:
        assert service.valuation(c.id, on).total == account_balance(c.id, ACCOUNTS["inventory"], on), on


def test_the_published_example_posted_then_a_backdated_purchase_re_costs_the_sale(db, admin):
    code = f"F{next(SEQ)}"
    c, cw, _, item = setup(code)
    assert service.get_settings(c.id).costing_method == "fifo"
    posted = [service.post_move(move(c, item, cw, kind, q, cost, on=on)) for on, kind, q, cost in HOUSTON]
    assert posted[3].value == D(-6200)  # cost of goods sold
    report = service.valuation(c.id, date(2025, 11, 30))
    assert (report.total, report.lines[0].quantity) == (D(5800), D(450))  # ending inventory
    assert account_balance(c.id, ACCOUNTS["inventory"], date(2025, 11, 30)) == D(5800)
    assert service.valuation(c.id, date(2025, 9, 30)).total == D(
        600
    )  # 50 at 12 between the sale and November
    # a purchase of 100 at ৳9 dated 5 August, found later: the September sale now takes 100 × 10 + 100 × 9 +
    # 200 × 11 + 150 × 12 = 5,900 (300 less), leaving 150 × 12 + 400 × 13 = 7,000
    back = service.post_move(move(c, item, cw, "receipt", 100, 9, on=date(2025, 8, 5)))
    ledger = service.item_ledger(c.id, item.id)
    assert [(m.move_date, m.value, m.value_after) for m in ledger] == [
        (date(2025, 8, 1), D(1000), D(1000)),
        (date(2025, 8, 5), D(900), D(1900)),
        (date(2025, 8, 15), D(2200), D(4100)),
        (date(2025, 8, 24), D(3600), D(7700)),
        (date(2025, 9, 10), D(-5900), D(1800)),
        (date(2025, 11, 27), D(5200), D(7000)),
    ]
    ref = f"INV-{str(back.id)[-12:]}"
    adjusting = [e for e in finance.list_entries(code) if e.reference == ref and e.id != back.entry_id]
    assert [
        (
            e.entry_date,
            sorted((ln.account_code, ln.debit, ln.credit) for ln in finance.get_entry(code, e.id).lines),
        )
        for e in adjusting
    ] == [(date(2025, 9, 10), [(ACCOUNTS["inventory"], D(300), D(0)), (ACCOUNTS["cost"], D(0), D(300))])]
    _ledger_ok(
        c,
        [date(2025, 8, d) for d in (1, 4, 5, 20, 31)]
        + [date(2025, 9, 10), date(2025, 10, 1), date(2025, 11, 27), date(2025, 12, 31)],
    )
    with db.session_factory() as s:  # the checkpoints carry the open layers at each month's end
        cps = s.scalars(
            select(CheckpointRow).where(CheckpointRow.company_id == c.id).order_by(CheckpointRow.month_end)
        ).all()
        assert [(cp.month_end.month, list(layers_of(cp.layers))) for cp in cps] == [
            (8, [[100_000000, 1000_00], [100_000000, 900_00], [200_000000, 2200_00], [300_000000, 3600_00]]),
            (9, [[150_000000, 1800_00]]),
            (11, [[150_000000, 1800_00], [400_000000, 5200_00]]),
        ]


def test_stores_hold_the_company_value_split_by_quantity_and_an_issue_takes_the_oldest_layer(db, admin):
    c, cw, site, item = setup(f"F{next(SEQ)}")
    service.post_move(move(c, item, cw, "receipt", 10, 1))
    service.post_move(move(c, item, site, "receipt", 10, 2))
    service.post_move(move(c, item, cw, "transfer", 5, to_store_id=site.id))
    stock = {s.store_code: (s.quantity, s.value) for s in service.stock_on_hand(c.id)}
    assert stock == {"CW": (D(5), D("7.50")), "SITE-1": (D(15), D("22.50"))}  # ৳30 over 20 units
    issue = service.post_move(move(c, item, site, "issue", 12))  # FIFO: the company's oldest layer first
    assert issue.value == D(-14)  # 10 × 1 + 2 × 2
    stock = {s.store_code: (s.quantity, s.value) for s in service.stock_on_hand(c.id)}
    assert stock == {"CW": (D(5), D(10)), "SITE-1": (D(3), D(6))}
    assert sum(v for _, v in stock.values()) == service.valuation(c.id, date(2025, 8, 10)).total == D(16)
    # an unpriced adjustment up comes in at the average, a count short takes the oldest layer
    up = service.post_move(move(c, item, cw, "adjustment", 2))
    down = service.post_move(move(c, item, cw, "adjustment", -7))
    assert (up.value, down.value) == (D(4), D(-14))  # 2 × 16 / 8; 7 of the oldest layer (8 at ৳2)
    _ledger_ok(c, [date(2025, 8, 10)])


def test_a_fifo_slip_gives_what_posting_its_lines_one_by_one_gives(db, admin):
    a, cwa, sa, ia = setup(f"F{next(SEQ)}")
    b, cwb, sb, ib = setup(f"F{next(SEQ)}")
    lines = [
        ("receipt", 10, "3.33", None),
        ("receipt", 5, "4.10", None),
        ("transfer", 4, None, "site"),
        ("issue", 10, None, None),
        ("adjustment", -1, None, None),
    ]
    for kind, q, cost, to in lines:
        service.post_move(move(b, ib, cwb, kind, q, cost, **({"to_store_id": sb.id} if to else {})))
    service.post_moves(
        MovesInput(
            company_id=a.id,
            move_date=date(2025, 8, 10),
            lines=[
                MoveLineInput(
                    item_id=ia.id,
                    kind=kind,
                    store_id=cwa.id,
                    quantity=D(q),
                    unit_cost=None if cost is None else D(cost),
                    to_store_id=sa.id if to else None,
                )
                for kind, q, cost, to in lines
            ],
        )
    )
    assert [(m.value, m.quantity_after, m.value_after) for m in service.item_ledger(a.id, ia.id)] == [
        (m.value, m.quantity_after, m.value_after) for m in service.item_ledger(b.id, ib.id)
    ]
    assert [(s.store_code, s.quantity, s.value) for s in service.stock_on_hand(a.id)] == [
        (s.store_code, s.quantity, s.value) for s in service.stock_on_hand(b.id)
    ]
    _ledger_ok(a, [date(2025, 8, 10)])


def test_the_method_is_refused_once_the_company_has_moves_and_nothing_changes(db, admin):
    c, cw, _, item = setup(f"F{next(SEQ)}", method="")
    assert service.get_settings(c.id).costing_method == "moving_average"  # the default
    with pytest.raises(ValidationFailed) as bad:
        service.set_settings(InventorySettingsInput(company_id=c.id, costing_method="lifo"))
    assert (bad.value.code, bad.value.field) == ("inventory.costing_method_invalid", "costing_method")
    service.post_move(move(c, item, cw, "receipt", 10, 5))
    with pytest.raises(ValidationFailed) as locked:
        service.set_settings(InventorySettingsInput(company_id=c.id, costing_method="fifo"))
    assert (locked.value.code, locked.value.field) == ("inventory.costing_method_locked", "costing_method")
    assert "revaluation" in locked.value.message and "পুনর্মূল্যায়ন" in locked.value.message_bn
    assert service.get_settings(c.id).costing_method == "moving_average"
    # the same method again is no change: accepted
    assert (
        service.set_settings(InventorySettingsInput(company_id=c.id, costing_method="moving_average")).version
        == 1
    )


@pytest.fixture
def client(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as tc:
        tc.get("/inventory")
        tc.headers["X-CSRF-Token"] = tc.cookies.get("vx_csrf") or ""
        yield tc


def test_the_setting_over_rest(db, admin, client):
    c, cw, _, item = setup(f"F{next(SEQ)}", method="")
    r = client.put("/api/v1/inventory/settings", json={"company_id": str(c.id), "costing_method": "fifo"})
    assert r.status_code == 200 and r.json()["costing_method"] == "fifo"
    assert client.get(f"/api/v1/inventory/settings?company_id={c.id}").json()["costing_method"] == "fifo"
    service.post_move(move(c, item, cw, "receipt", 1, 1))
    r = client.put(
        "/api/v1/inventory/settings", json={"company_id": str(c.id), "costing_method": "moving_average"}
    )
    assert r.status_code == 422 and r.json()["code"] == "inventory.costing_method_locked"


def _model(moves):
    """The test's own FIFO of the company (not the module's code): moves (date, kind, signed quantity, unit cost)
    in date order (a date's in the order given); the company's value after each date, Decimal arithmetic."""
    layers, value_on = [], {}
    cent = D("0.01")
    for on, kind, q, cost in moves:
        if q > 0 and kind != "transfer":
            if cost is None:
                tq, tv = sum(x[0] for x in layers), sum(x[1] for x in layers)
                v = (q * tv / tq).quantize(cent, ROUND_HALF_UP) if tq else D(0)
            else:
                v = (q * cost).quantize(cent, ROUND_HALF_UP)
            layers.append([q, v])
        elif kind != "transfer":
            need = -q
            while need:
                lq, lv = layers[0]
                if need >= lq:
                    layers.pop(0)
                    need -= lq
                else:
                    part = (need * lv / lq).quantize(cent, ROUND_HALF_UP)
                    layers[0] = [lq - need, lv - part]
                    need = 0
        value_on[on] = sum((x[1] for x in layers), D(0))
    return value_on


steps = st.lists(
    st.tuples(
        st.sampled_from(["receipt", "issue", "transfer", "adjustment"]),
        st.integers(1, 400),
        st.one_of(st.none(), st.decimals("0.01", "999.99", places=2)),
        st.booleans(),
        st.integers(0, 6),
    ),
    min_size=1,
    max_size=12,
)


def _fits(planned, cand) -> bool:
    qty, held = D(0), {}
    for _on, src, dst, dq, *_ in sorted([*planned, cand], key=lambda m: m[0]):
        held[src] = held.get(src, D(0)) + dq
        if dst is not None:
            held[dst] = held.get(dst, D(0)) - dq
        else:
            qty += dq
        if qty < 0 or held[src] < 0:
            return False
    return True


DAY0 = date(2025, 8, 4)


@settings(max_examples=14, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=steps)
@example(
    steps=[
        ("receipt", 3, D("1.00"), False, 3),
        ("issue", 3, None, False, 4),
        ("receipt", 7, D("0.01"), False, 0),
        ("receipt", 30, D("2.50"), True, 1),
        ("transfer", 9, None, True, 2),
        ("adjustment", 40, None, False, 5),
    ]
)
def test_fifo_in_any_order_is_fifo_in_date_order_and_equals_the_ledger_on_every_date(db, admin, steps):
    """Receipts, issues, transfers and adjustments (priced and unpriced up, down) dated over three months and
    posted in a random order (backdated ones re-cost later moves): the valuation equals the ledger's 1160 on every
    date and the test's own FIFO of the moves in date order; every row equals posting the same moves in date order
    in another FIFO company; a move is refused exactly when a running quantity would go below zero."""
    c, cw, site, item = setup(f"F{next(SEQ)}")
    planned: list = []  # (date, source, destination or None, signed quantity at the source, kind, cost, input)
    for kind, qty, cost, at_site, day in steps:
        src, dst = (site, cw) if at_site else (cw, site)
        on = DAY0 + timedelta(days=11 * day)  # 4 August to 9 October: three months' checkpoints
        if kind == "receipt" or (kind == "adjustment" and qty % 2):
            q, price = D(qty), cost if kind == "receipt" or qty % 4 == 1 else None
            if kind == "receipt" and price is None:
                price = D("1.25")
            data = move(c, item, src, kind, q, price, on=on)
            service.post_move(data)
            planned.append((on, src.id, None, q, kind, price, data))
            continue
        q = D(max(1, qty // 40) if qty % 3 else qty // 3 or 1)
        cand = (on, src.id, dst.id if kind == "transfer" else None, -q)
        data = move(
            c,
            item,
            src,
            kind,
            -q if kind == "adjustment" else q,
            on=on,
            **({"to_store_id": dst.id} if kind == "transfer" else {}),
        )
        if _fits(planned, cand):
            service.post_move(data)
            planned.append((*cand, kind, None, data))
        else:
            with pytest.raises(ValidationFailed) as refused:
                service.post_move(data)
            assert refused.value.code == "inventory.negative_stock"
    ordered = sorted(planned, key=lambda m: m[0])  # stable: a date's moves in the order they were posted
    model = _model([(on, kind, dq, cost) for on, _, dst, dq, kind, cost, _ in ordered])
    days = [DAY0 + timedelta(days=d) for d in range(-1, 70, 3)]
    value = D(0)
    for on in days:
        value = max(((k, v) for k, v in model.items() if k <= on), default=(None, D(0)))[1]
        total = service.valuation(c.id, on).total
        assert total == account_balance(c.id, ACCOUNTS["inventory"], on) == value, on
    c2, cw2, site2, item2 = setup(f"F{next(SEQ)}")
    other = {cw.id: cw2.id, site.id: site2.id}
    for *_, data in ordered:
        service.post_move(
            data.model_copy(
                update={
                    "company_id": c2.id,
                    "item_id": item2.id,
                    "store_id": other[data.store_id],
                    "to_store_id": other.get(data.to_store_id),
                }
            )
        )
    mine, theirs = service.item_ledger(c.id, item.id), service.item_ledger(c2.id, item2.id)
    assert [
        (m.move_date, m.kind, other[m.store_id], m.quantity, m.value, m.quantity_after, m.value_after)
        for m in mine
    ] == [
        (m.move_date, m.kind, m.store_id, m.quantity, m.value, m.quantity_after, m.value_after)
        for m in theirs
    ]
    for on in days[::4]:
        assert [(other[s.store_id], s.quantity, s.value) for s in service.stock_on_hand(c.id, on)] == [
            (s.store_id, s.quantity, s.value) for s in service.stock_on_hand(c2.id, on)
        ]
        assert service.valuation(c2.id, on).total == account_balance(c2.id, ACCOUNTS["inventory"], on)
    for s in service.stock_on_hand(c.id):
        assert s.quantity != 0 or s.value == 0
