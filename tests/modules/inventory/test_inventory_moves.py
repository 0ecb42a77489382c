"""Inventory on both databases: stores, moves valued at moving average (IAS 2 ¶25), each receipt and issue
posted through finance.api, the valuation equal to the ledger's inventory account, bad input refused with
nothing stored."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.api import account_balance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.domain import Move, from_units, replay
from vextrus.modules.inventory.events import MovePosted
from vextrus.modules.inventory.repository import checkpoint_stores, figures
from vextrus.modules.inventory.schemas import MoveInput, StoreInput
from vextrus.modules.inventory.service import ACCOUNTS
from vextrus.modules.inventory.tables import CheckpointRow, MoveRow
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied, ValidationFailed
from vextrus.platform.tables import OutboxEvent

DAY = date(2025, 8, 10)
SEQ = itertools.count(1)


def setup(code: str = "PBL"):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    central = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse",
                                              name_bn="কেন্দ্রীয় গুদাম", kind="central"))
    site = service.create_store(StoreInput(company_id=c.id, code="site-1", name="Site store Purbachal",
                                           name_bn="সাইট গুদাম পূর্বাচল", kind="site"))
    cement = item_service.create_item(ItemInput(code=f"CEM-{code}", name="Portland composite cement",
                                                name_bn="সিমেন্ট", base_unit="bag"))
    return c, central, site, cement


def move(c, item, store, kind, qty, cost=None, **kw) -> MoveInput:
    return MoveInput(company_id=c.id, item_id=item.id, kind=kind, move_date=kw.pop("on", DAY), store_id=store.id,
                     quantity=D(qty), unit_cost=None if cost is None else D(cost), **kw)


def test_receipts_and_an_issue_are_valued_at_the_moving_average_and_posted(db, admin):
    c, cw, _, cem = setup()
    service.post_move(move(c, cem, cw, "receipt", 100, 520))
    service.post_move(move(c, cem, cw, "receipt", 50, 550), idempotency_key="r2")
    issue = service.post_move(move(c, cem, cw, "issue", 60))
    # (100 × 520 + 50 × 550) / 150 = ৳530 a bag; 60 bags = ৳31,800; left 90 bags = ৳47,700
    assert (issue.value, issue.quantity_after, issue.value_after) == (D(-31800), D(90), D(47700))
    entry = finance.get_entry("PBL", issue.entry_id)
    assert {(ln.account_code, ln.debit, ln.credit) for ln in entry.lines} == {
        (ACCOUNTS["cost"], D(31800), D(0)), (ACCOUNTS["inventory"], D(0), D(31800))}
    assert account_balance(c.id, ACCOUNTS["inventory"], DAY) == D(47700)
    report = service.valuation(c.id, DAY)
    assert report.total == D(47700) and report.lines[0].average_cost == D(530)
    assert [(s.store_code, s.quantity) for s in service.stock_on_hand(c.id, DAY)] == [("CW", D(90))]
    assert [m.seq for m in service.item_ledger(c.id, cem.id)] == [1, 2, 3]
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEvent).where(OutboxEvent.name == MovePosted.name,
                                                                             OutboxEvent.tenant_id == admin.tenant_id)) == 3


def test_a_transfer_moves_quantity_and_value_without_a_journal(db, admin):
    c, cw, site, cem = setup()
    service.post_move(move(c, cem, cw, "receipt", 10, "3.33"))
    t = service.post_move(move(c, cem, cw, "transfer", 4, to_store_id=site.id))
    assert t.entry_id is None and t.value == 0
    stock = {s.store_code: (s.quantity, s.value) for s in service.stock_on_hand(c.id, DAY)}
    assert stock == {"CW": (D(6), D("19.98")), "SITE-1": (D(4), D("13.32"))}
    assert service.valuation(c.id, DAY).total == D("33.30") == account_balance(c.id, ACCOUNTS["inventory"], DAY)
    issue = service.post_move(move(c, cem, site, "issue", 4))
    assert issue.value == D("-13.32")


def test_negative_stock_and_bad_input_are_refused_and_nothing_is_stored(db, admin):
    c, cw, site, cem = setup()
    service.post_move(move(c, cem, cw, "receipt", 5, 10))
    for bad, code, field in [
        (move(c, cem, cw, "issue", 6), "inventory.negative_stock", "quantity"),
        (move(c, cem, site, "issue", 1), "inventory.negative_stock", "quantity"),  # stock elsewhere
        (move(c, cem, cw, "receipt", 1), "inventory.unit_cost_missing", "unit_cost"),
        (move(c, cem, cw, "receipt", -1, 5), "inventory.quantity_invalid", "quantity"),
        (move(c, cem, cw, "transfer", 1), "inventory.transfer_store", "to_store_id"),
        (move(c, cem, cw, "issue", 1, on=date(2025, 8, 1)), "inventory.negative_stock", "quantity"),  # none then
        (move(c, cem, cw, "scrap", 1), "inventory.move_kind_invalid", "kind"),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            service.post_move(bad)
        assert (refused.value.code, refused.value.field) == (code, field) and refused.value.message_bn
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(MoveRow).where(MoveRow.company_id == c.id)) == 1


def test_a_viewer_cannot_post(db, admin, tenant_id):
    c, cw, _, cem = setup()
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=admin.user_id,
                                    permissions=frozenset({"inventory.stock.view"}), actor="viewer@test")
    with context.acting_as(viewer):
        assert service.list_stores(c.id)
        with pytest.raises(PermissionDenied):
            service.post_move(move(c, cem, cw, "receipt", 1, 1))


def _count(db, c) -> int:
    with db.session_factory() as s:
        return s.scalar(select(func.count()).select_from(MoveRow).where(MoveRow.company_id == c.id))


def test_a_backdated_receipt_re_costs_the_later_issue_on_its_date_and_the_ledger_is_in_date_order(db, admin):
    c, cw, _, cem = setup()
    service.post_move(move(c, cem, cw, "receipt", 10, 100, on=date(2025, 8, 10)))
    issue = service.post_move(move(c, cem, cw, "issue", 4, on=date(2025, 8, 12)))
    assert issue.value == D(-400)
    back = service.post_move(move(c, cem, cw, "receipt", 5, 130, on=date(2025, 8, 5)))
    assert (back.seq, back.quantity_after, back.value_after) == (3, D(5), D(650))
    stock = {d: [(s.quantity, s.value) for s in service.stock_on_hand(c.id, date(2025, 8, d))] for d in (4, 5, 10, 12, 30)}
    # the receipt enters the average from its date on: the issue of the 12th is re-costed at 1,650 / 15 = ৳110
    assert stock == {4: [], 5: [(D(5), D(650))], 10: [(D(15), D(1650))], 12: [(D(11), D(1210))], 30: [(D(11), D(1210))]}
    for d in (4, 5, 10, 11, 12, 30):
        on = date(2025, 8, d)
        assert service.valuation(c.id, on).total == account_balance(c.id, ACCOUNTS["inventory"], on)
    ledger = service.item_ledger(c.id, cem.id)
    assert [(m.move_date.day, m.seq, m.value, m.quantity_after, m.value_after) for m in ledger] == [
        (5, 3, D(650), D(5), D(650)), (10, 1, D(1000), D(15), D(1650)), (12, 2, D(-440), D(11), D(1210))]
    # the ৳40 more is one adjusting journal on the issue's date, against the issue's account, naming the move
    ref = f"INV-{str(back.id)[-12:]}"
    adjusting = [e for e in finance.list_entries("PBL") if e.reference == ref and e.id != back.entry_id]
    assert [(e.entry_date, sorted((ln.account_code, ln.debit, ln.credit) for ln in finance.get_entry("PBL", e.id).lines))
            for e in adjusting] == [(date(2025, 8, 12), [(ACCOUNTS["inventory"], D(0), D(40)), (ACCOUNTS["cost"], D(40), D(0))])]
    # the next issue takes the average of its position: 1,210 / 11 = ৳110 a bag
    nxt = service.post_move(move(c, cem, cw, "issue", 1, on=date(2025, 8, 12)))
    assert nxt.value == D("-110.00")


def test_a_backdated_receipt_before_issues_to_several_projects_keeps_the_ledger_equal_to_the_valuation(db, admin):
    """Issues on three dates to two projects (activities), then a receipt dated before all of them: each
    issue's cost changes; one adjusting journal a date, one line per project and activity; the inventory
    account equals the valuation on every date, and each project's cost account equals its issues' cost."""
    from dataclasses import replace

    from vextrus.modules.projects import service as projects

    c, cw, site, cem = setup()
    with context.acting_as(replace(admin, company_id=c.id)):
        tower = projects.create_project("PUR-T", "Purbachal tower")
        school = projects.create_project("PUR-S", "Purbachal school")
        projects.add_activity(tower.id, "A1010", "Piling", 8.0)
        projects.add_activity(school.id, "B2000", "Slab", 8.0)
    service.post_move(move(c, cem, cw, "receipt", 100, 520, on=date(2025, 8, 6)))
    service.post_move(move(c, cem, cw, "transfer", 40, on=date(2025, 8, 7), to_store_id=site.id))
    for day, store, qty, proj, act in ((8, cw, 30, tower, "A1010"), (8, site, 10, school, "B2000"),
                                       (11, cw, 7, school, "B2000"), (14, site, 30, tower, "A1010")):
        service.post_move(move(c, cem, store, "issue", qty, on=date(2025, 8, day), project_id=proj.id,
                               activity_code=act))
    service.post_move(move(c, cem, cw, "receipt", 50, 550, on=date(2025, 8, 12)))
    back = service.post_move(move(c, cem, cw, "receipt", 30, "561.33", on=date(2025, 8, 4)))
    # the same moves posted in date order give the same rows (the domain's replay)
    rows = service.item_ledger(c.id, cem.id)
    replayed = replay([Move(r.kind, str(r.store_id), r.quantity, r.unit_cost,
                            str(r.to_store_id) if r.to_store_id else None) for r in rows])
    assert [(r.value, r.quantity_after, r.value_after) for r in rows] == [
        (v.value, v.quantity_after, v.value_after) for v in replayed]
    # by hand: 30 × 68,839.90 / 130; 10 × 52,953.77 / 100; 7 × 47,658.39 / 90; 30 × 71,451.63 / 133
    assert [r.value for r in rows if r.kind == "issue"] == [D("-15886.13"), D("-5295.38"), D("-3706.76"),
                                                           D("-16116.91")]
    assert (rows[-1].quantity_after, rows[-1].value_after) == (D(103), D("55334.72"))
    for day in range(3, 16):
        on = date(2025, 8, day)
        assert service.valuation(c.id, on).total == account_balance(c.id, ACCOUNTS["inventory"], on), on
    ref = f"INV-{str(back.id)[-12:]}"
    adjusting = [finance.get_entry("PBL", e.id) for e in finance.list_entries("PBL")
                 if e.reference == ref and e.id != back.entry_id]
    assert sorted(e.entry_date.day for e in adjusting) == [8, 11, 14]  # one a date of the re-costed issues
    eighth = next(e for e in adjusting if e.entry_date.day == 8)
    assert sorted((ln.account_code, ln.project_id, ln.activity_code) for ln in eighth.lines
                  if ln.account_code == ACCOUNTS["cost"]) == sorted([(ACCOUNTS["cost"], tower.id, "A1010"),
                                                                    (ACCOUNTS["cost"], school.id, "B2000")])
    # every project's cost in the ledger = the (re-costed) value of the issues to it
    with db.session_factory() as s:
        from vextrus.modules.finance.tables import JournalLine

        lines = s.execute(select(JournalLine.project_id, func.sum(JournalLine.base_debit - JournalLine.base_credit))
                          .where(JournalLine.tenant_id == admin.tenant_id, JournalLine.project_id.is_not(None),
                                 JournalLine.posted.is_(True)).group_by(JournalLine.project_id)).all()
    issued = {p: -sum((r.value for r in rows if r.project_id == p), D(0)) for p in (tower.id, school.id)}
    assert {p: JournalLine.base_debit.type.from_sum(v) for p, v in lines} == issued


def test_a_backdated_issue_that_would_take_a_later_stock_below_zero_is_refused_and_nothing_is_written(db, admin):
    c, cw, site, cem = setup()
    service.post_move(move(c, cem, cw, "receipt", 10, 100, on=date(2025, 8, 5)))
    service.post_move(move(c, cem, cw, "issue", 8, on=date(2025, 8, 12)))
    tb_before = finance.trial_balance("PBL").model_dump()
    for bad in (move(c, cem, cw, "issue", 3, on=date(2025, 8, 8)),  # 10 on hand then, but the 12th would go to -1
                move(c, cem, cw, "transfer", 3, on=date(2025, 8, 8), to_store_id=site.id)):  # CW's 12th too
        with pytest.raises(ValidationFailed) as refused:
            service.post_move(bad)
        e = refused.value
        assert (e.code, e.field, e.details["later_on_hand"]) == ("inventory.negative_stock", "quantity", "2.000000")
        assert "সর্বোচ্চ" in e.message_bn
        assert _count(db, c) == 2 and finance.trial_balance("PBL").model_dump() == tb_before
    ok = service.post_move(move(c, cem, cw, "issue", 2, on=date(2025, 8, 8)))  # exactly what the 12th leaves
    assert (ok.value, ok.quantity_after) == (D(-200), D(8))
    assert [(m.quantity_after, m.value_after) for m in service.item_ledger(c.id, cem.id)][-1] == (D(0), D(0))


def test_a_move_dated_in_a_closed_period_is_refused_on_its_date_and_nothing_is_written(db, admin):
    c, cw, _, cem = setup()
    service.post_move(move(c, cem, cw, "receipt", 10, 100, on=date(2025, 8, 5)))
    finance.close_period("PBL", "2025-26", 1)  # July
    tb_before = finance.trial_balance("PBL").model_dump()
    with pytest.raises(ValidationFailed) as refused:
        service.post_move(move(c, cem, cw, "receipt", 5, 90, on=date(2025, 7, 20)))
    assert (refused.value.code, refused.value.field) == ("inventory.period_not_open", "move_date")
    assert refused.value.message_bn != refused.value.message
    assert _count(db, c) == 1 and finance.trial_balance("PBL").model_dump() == tb_before
    assert [(m.quantity_after, m.value_after) for m in service.item_ledger(c.id, cem.id)] == [(D(10), D(1000))]


steps = st.lists(st.tuples(st.sampled_from(["receipt", "issue", "transfer"]), st.integers(1, 400),
                           st.decimals("0.01", "999.99", places=2), st.booleans(), st.integers(0, 6)),
                 min_size=1, max_size=12)


def _walk(rows, stores):
    """The test's own recomputation: rows (with the figures derived at read time) in (date, seq) order, each
    adding its value and moved value."""
    qty, value = D(0), D(0)
    held = {s: (D(0), D(0)) for s in stores}
    for r in sorted(rows, key=lambda r: (r.move_date, r.seq)):
        moved = r.moved_value
        if r.kind == "receipt":
            deltas = [(r.store_id, r.quantity, moved)]
        elif r.kind == "issue":
            deltas = [(r.store_id, -r.quantity, -moved)]
        else:
            deltas = [(r.store_id, -r.quantity, -moved), (r.to_store_id, r.quantity, moved)]
        qty, value = qty + sum(d[1] for d in deltas), value + r.value
        for s, dq, dv in deltas:
            held[s] = (held[s][0] + dq, held[s][1] + dv)
        yield r, (qty, value), held


class _Derived:
    """A stored move with the figures `repository.figures` derives for it (decimals), read like the old rows."""

    def __init__(self, row, fig):
        self.move_date, self.seq, self.kind, self.quantity = row.move_date, row.seq, row.kind, row.quantity
        self.store_id, self.to_store_id = row.store_id, row.to_store_id
        self.value, self.moved_value = from_units(fig.value), from_units(fig.moved_value)
        self.quantity_after, self.value_after = from_units(fig.quantity_after, 6), from_units(fig.value_after)
        self.store_quantity_after, self.store_value_after = (from_units(fig.store_quantity_after, 6),
                                                             from_units(fig.store_value_after))
        self.to_store_quantity_after = (None if fig.to_store_quantity_after is None
                                        else from_units(fig.to_store_quantity_after, 6))
        self.to_store_value_after = None if fig.to_store_value_after is None else from_units(fig.to_store_value_after)


def _fits(planned, stores, cand) -> bool:
    """Whether a move (date, src, dst, -q) inserted after the planned ones of its date keeps every running
    quantity, the company's and each store's, at zero or more."""
    qty, held = D(0), dict.fromkeys(stores, D(0))
    for _on, src, dst, dq, *_ in sorted([*planned, cand], key=lambda m: m[0]):  # stable: insertion order within a date
        held[src] += dq
        if dst is not None:
            held[dst] -= dq
        else:
            qty += dq
        if qty < 0 or held[src] < 0:
            return False
    return True


@settings(max_examples=16, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=steps)
@example(steps=[("receipt", 10, D("1.00"), False, 0), ("issue", 24, D(1), False, 5),  # 8 out on the 9th
                ("issue", 9, D(1), False, 2), ("transfer", 9, D(1), False, 2),  # 3 on the 6th: refused, both
                ("receipt", 30, D("2.50"), True, 1), ("transfer", 9, D(1), True, 3), ("issue", 6, D(1), False, 3)])
@example(steps=[("receipt", 3, D("1.00"), False, 3), ("issue", 1, D(1), False, 4),  # a third each: 0.33, 0.33, 0.34
                ("issue", 1, D(1), False, 5), ("issue", 1, D(1), False, 6), ("receipt", 7, D("0.01"), False, 0)])
def test_random_dates_give_the_rows_of_posting_in_date_order_and_the_ledger_on_every_date(db, admin, steps):
    """Receipts, issues and transfers posted in a random date order (backdated ones re-cost the later moves)
    end with the same rows as the same moves posted in date order in another company: every value and
    running total; quantity 0 means value 0; the valuation = the ledger's inventory account on every date;
    a move is refused exactly when a running quantity would go below zero."""
    c, cw, site, cem = setup(f"P{next(SEQ)}")
    stores = (cw.id, site.id)
    planned: list = []  # (date, source store, destination or None, signed quantity at the source, the input)
    for kind, qty, cost, at_site, day in steps:
        src, dst = (site, cw) if at_site else (cw, site)
        on, q = date(2025, 8, 4 + day), D(qty)
        if kind == "receipt":
            data = move(c, cem, src, "receipt", q, cost, on=on)
            service.post_move(data)
            planned.append((on, src.id, None, q, data))
            continue
        q = D(max(1, qty // 40) if qty % 3 else qty // 3)  # small ones mostly fit; large ones test the refusal
        cand = (on, src.id, dst.id if kind == "transfer" else None, -q)
        data = move(c, cem, src, kind, q, on=on, **({"to_store_id": dst.id} if kind == "transfer" else {}))
        if _fits(planned, stores, cand):
            service.post_move(data)
            planned.append((*cand, data))
        else:
            with pytest.raises(ValidationFailed) as refused:
                service.post_move(data)
            assert refused.value.code == "inventory.negative_stock"
    with db.session_factory() as s:
        rows = [_Derived(r, f) for r, f in figures(s, c.id, cem.id, None, None)]  # running figures derived
        latest = s.scalars(select(CheckpointRow).where(CheckpointRow.company_id == c.id)
                           .order_by(CheckpointRow.month_end.desc())).first()
    assert len(rows) == len(planned)
    for r, (qty, value), held in _walk(rows, stores):
        assert (r.quantity_after, r.value_after) == (qty, value)  # running totals = the walk of the values
        assert (r.store_quantity_after, r.store_value_after) == held[r.store_id]
        if r.to_store_id is not None:
            assert (r.to_store_quantity_after, r.to_store_value_after) == held[r.to_store_id]
        assert qty >= 0 and all(h[0] >= 0 for h in held.values())  # never below zero
        assert qty != 0 or value == 0  # quantity 0 means value 0
    for day in range(0, 9):  # the valuation = the ledger's inventory account, on every date
        on = date(2025, 8, 3 + day)
        assert service.valuation(c.id, on).total == account_balance(c.id, ACCOUNTS["inventory"], on)
    # the same moves posted in date order (a date's moves in the order they were posted) in another company
    c2, cw2, site2, cem2 = setup(f"P{next(SEQ)}")
    other = {cw.id: cw2.id, site.id: site2.id}
    for *_, data in sorted(planned, key=lambda m: m[0]):  # stable
        service.post_move(data.model_copy(update={"company_id": c2.id, "item_id": cem2.id,
                                                  "store_id": other[data.store_id],
                                                  "to_store_id": other.get(data.to_store_id)}))
    if rows:  # the item's latest checkpoint = the end of the walk (company and stores)
        assert (latest.quantity, latest.value) == (qty, value)
        assert {k: (from_units(a, 6), from_units(b)) for k, (a, b) in checkpoint_stores(latest).items()} == {
            k: v for k, v in held.items() if k in checkpoint_stores(latest)}
    mine, theirs = service.item_ledger(c.id, cem.id), service.item_ledger(c2.id, cem2.id)
    assert [(m.move_date, m.kind, other[m.store_id], m.quantity, m.value, m.quantity_after, m.value_after)
            for m in mine] == [(m.move_date, m.kind, m.store_id, m.quantity, m.value, m.quantity_after, m.value_after)
                               for m in theirs]
    assert [(other[s.store_id], s.quantity, s.value) for s in service.stock_on_hand(c.id)] == [
        (s.store_id, s.quantity, s.value) for s in service.stock_on_hand(c2.id)]  # both by store code
    assert account_balance(c.id, ACCOUNTS["inventory"]) == account_balance(c2.id, ACCOUNTS["inventory"])
