"""Transfer numbers come from the company's sequence row (`platform.sequences`, kind `inventory.transfer`), not a
count of transfers + 1: many dispatches are numbered TR-00001.. consecutively with no duplicate, a refused dispatch
gives its number back, a company's first use starts after transfers numbered before, and (PostgreSQL) two first
dispatches of a company at once both succeed with one in-transit store and numbers 1 and 2 — before, both counted 0
transfers and the second failed on the unique number (and on the in-transit store's unique code)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from vextrus.modules.finance import service as finance
from vextrus.modules.inventory import service
from vextrus.modules.inventory.schemas import MoveInput, StoreInput, TransferInput
from vextrus.modules.inventory.service import transfers
from vextrus.modules.inventory.tables import StoreRow, TransferRow
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.organization import api as org
from vextrus.platform import context, runtime
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.sequences import DocumentSequence

DAY = date(2025, 8, 10)


def _world(code: str = "PBL", items: int = 1):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    cw = service.create_store(StoreInput(company_id=c.id, code="cw", name="Central warehouse", kind="central"))
    site = service.create_store(StoreInput(company_id=c.id, code="site-1", name="Site store", kind="site"))
    made = []
    for i in range(items):
        it = item_service.create_item(ItemInput(code=f"CEM-{code}-{i}", name="Cement", name_bn="সিমেন্ট", base_unit="bag"))
        service.post_move(MoveInput(company_id=c.id, item_id=it.id, kind="receipt", move_date=DAY, store_id=cw.id,
                                    quantity=D(1000), unit_cost=D(500)))
        made.append(it)
    return c, cw, site, made


def _dispatch(c, item, src, dst, qty):
    return service.dispatch_transfer(TransferInput(company_id=c.id, item_id=item.id, from_store_id=src.id,
                                                   to_store_id=dst.id, quantity=D(qty), dispatch_date=DAY))


def _sequence(c) -> int | None:
    with runtime.current().session_factory() as s:
        return s.scalar(select(DocumentSequence.last_value).where(DocumentSequence.company_id == c.id,
                                                                  DocumentSequence.kind == "inventory.transfer"))


def test_many_dispatches_are_numbered_consecutively_from_the_sequence_and_a_refusal_gives_its_number_back(db, admin):
    c, cw, site, (cem,) = _world()
    other, ocw, osite, (ocem,) = _world("OTHER")
    numbers = []
    for k in range(12):
        numbers.append(_dispatch(c, cem, cw, site, 5).number)
        if k == 4:
            with pytest.raises(ValidationFailed):  # beyond stock: refused, nothing stored, its number not used
                _dispatch(c, cem, cw, site, 100_000)
    assert numbers == [f"TR-{n:05d}" for n in range(1, 13)]
    assert _sequence(c) == 12
    assert _dispatch(other, ocem, ocw, osite, 1).number == "TR-00001"  # a series per company
    listed = [t.number for t in service.list_transfers(c.id)]
    assert sorted(listed) == numbers and len(set(listed)) == 12


def test_a_company_with_transfers_numbered_before_the_sequence_continues_after_them(db, admin):
    c, cw, site, (cem,) = _world()
    first = _dispatch(c, cem, cw, site, 5)
    with runtime.current().session_factory.begin() as s:  # as a database migrated before the sequence held it
        s.execute(DocumentSequence.__table__.delete().where(DocumentSequence.company_id == c.id))
    assert _sequence(c) is None
    assert (first.number, _dispatch(c, cem, cw, site, 5).number) == ("TR-00001", "TR-00002")


@pytest.mark.postgres_only
def test_two_first_dispatches_at_once_both_succeed_with_one_in_transit_store(db, admin):
    c, cw, site, (a, b) = _world(items=2)
    barrier = threading.Barrier(2, timeout=30)
    original = transfers.transit_store

    def both_at_the_transit_store(uow, company_id):  # noqa: ANN001, ANN202
        barrier.wait()  # both have read "no in-transit store yet" before either creates it
        return original(uow, company_id)

    results: list = [None, None]

    def run(i, item):  # noqa: ANN001, ANN202
        try:
            with context.acting_as(admin):
                results[i] = _dispatch(c, item, cw, site, 10)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = exc

    transfers.transit_store = both_at_the_transit_store
    try:
        threads = [threading.Thread(target=run, args=(i, it)) for i, it in enumerate((a, b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        transfers.transit_store = original
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.number for r in results) == ["TR-00001", "TR-00002"]
    with runtime.current().session_factory() as s:
        transit = s.scalars(select(StoreRow).where(StoreRow.company_id == c.id, StoreRow.kind == "transit")).all()
        assert len(transit) == 1
        assert {t.transit_store_id for t in s.scalars(select(TransferRow).where(TransferRow.company_id == c.id))} == {
            transit[0].id}
    assert _sequence(c) == 2
