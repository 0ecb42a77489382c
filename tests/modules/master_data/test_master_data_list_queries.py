"""Kernel issue #21, item 7: no per-row queries in list endpoints.

Party and item lists are read for a 10-row and a 100-row page and the SQL statements sent to the
database are counted (SQLAlchemy `before_cursor_execute` on the runtime engine, this thread only).
A party's roles and an item's conversions are read for the whole page at once, so the larger page
takes no more statements than the smaller one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from statement_count import counting
from vextrus.modules.master_data import api, service
from vextrus.modules.master_data.schemas import AddressIn, ContactIn, ConversionIn, ItemInput, PartyInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.platform import runtime


def statements(rt: runtime.Runtime, read: Callable[[], Any], rows: int) -> int:
    with counting(rt) as seen:
        out = read()
    items = out.items if hasattr(out, "items") else out
    assert len(items) == rows, f"expected a {rows}-row page, got {len(items)}"
    return len(seen)


WORDS = ("Meghna", "Padma", "Jamuna", "Karnaphuli", "Teesta", "Surma", "Rupsha", "Buriganga", "Shitalakshya",
         "Madhumati")


def _name(i: int) -> str:
    return f"{WORDS[i % 10]} {WORDS[(i // 10) % 10]} Builders {i}"


def test_party_lists_take_the_same_statements_for_10_and_100_rows(db, admin) -> None:
    for i in range(100):
        service.create_party(PartyInput(
            legal_name=_name(i), roles=["vendor", "customer"], vendor_categories=["supplier"],
            mobile=f"0171{i:07d}", contacts=[ContactIn(name=f"Rahim {i}", mobile=f"0181{i:07d}")],
            addresses=[AddressIn(line1=f"House {i}, Road 2", district="Dhaka", upazila="Savar")]))
    reads: dict[str, Callable[[int], Any]] = {
        "search_parties": lambda n: service.search_parties(first=n),
        "search_parties(role=vendor)": lambda n: service.search_parties(role="vendor", first=n),
        "search_parties(q=builders)": lambda n: service.search_parties("builders", first=n),
        "api.search_parties": lambda n: api.search_parties("builders", limit=n),
    }
    for name, read in reads.items():
        ten, hundred = statements(db, lambda read=read: read(10), 10), statements(db, lambda read=read: read(100), 100)
        print(f"{db.engine.dialect.name} master_data.{name}: 10 rows {ten}, 100 rows {hundred} statements")
        assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"
    page = service.search_parties(first=100).items
    assert all(p.roles == ["customer", "vendor"] for p in page)  # the roles of every row were read


def test_item_lists_take_the_same_statements_for_10_and_100_rows(db, admin) -> None:
    for i in range(100):
        item_service.create_item(ItemInput(
            code=f"CEM-{i:03d}", name=f"Portland cement grade {i}", name_bn=f"সিমেন্ট {i}", base_unit="bag",
            conversions=[ConversionIn(from_unit="bag", to_unit="kg", factor=Decimal(50))]))
    reads: dict[str, Callable[[int], Any]] = {
        "search_items": lambda n: item_service.search_items(first=n),
        "search_items(q=cement)": lambda n: item_service.search_items("cement", first=n),
        "api.search_items": lambda n: api.search_items("cement", limit=n),
    }
    for name, read in reads.items():
        ten, hundred = statements(db, lambda read=read: read(10), 10), statements(db, lambda read=read: read(100), 100)
        print(f"{db.engine.dialect.name} master_data.{name}: 10 rows {ten}, 100 rows {hundred} statements")
        assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"
    page = item_service.search_items(first=100).items
    assert all(len(i.conversions) == 1 and i.conversions[0].factor == 50 for i in page)


def test_prices_of_a_page_of_items_take_the_same_statements_for_10_and_100_items(db, admin) -> None:
    ids = []
    for i in range(100):
        it = item_service.create_item(ItemInput(
            code=f"ROD-{i:03d}", name=f"MS rod {i} mm", name_bn=f"রড {i}", base_unit="kg"))
        item_service.set_price(it.id, Decimal(90 + i), date(2026, 1, 1))
        if i % 3 == 0:  # a newer price supersedes the first from March
            item_service.set_price(it.id, Decimal(100 + i), date(2026, 3, 1))
        ids.append(it.id)
    on = date(2026, 4, 1)
    ten = statements(db, lambda: list(item_service.prices_on(ids[:10], on).values()), 10)
    hundred = statements(db, lambda: list(item_service.prices_on(ids, on).values()), 100)
    one_by_one = statements(db, lambda: [item_service.price_on(i, on) for i in ids[:10]], 10)
    print(f"{db.engine.dialect.name} master_data.prices_on: 10 items {ten}, 100 items {hundred} statements "
          f"(price_on item by item: {one_by_one} for 10)")
    assert hundred == ten < one_by_one
    batch = item_service.prices_on(ids, on, unit="ton")
    assert batch == {i: item_service.price_on(i, on, unit="ton") for i in ids}  # as item by item
    assert batch[ids[3]].price == Decimal(103_000) and batch[ids[4]].price == Decimal(94_000)
