"""No double hold of a unit: two salespeople both read the same available unit and hold it for their own
buyers at once; exactly one wins, the other gets StaleVersion (the versioned row's compare-and-set), and the
unit is held once. On SQLite writers take turns, so there the stale read is refused by the check."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import event

from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service
from vextrus.modules.sales.schemas import BuildingInput, UnitInput
from vextrus.modules.sales.tables import UnitRow
from vextrus.platform import context
from vextrus.platform.errors import StaleVersion


def _both_read_then_write(table: type, ctx: context.RequestContext, *saves: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(saves), timeout=30)
    arrivals, lock = [0], threading.Lock()

    def hold(_mapper: Any, _conn: Any, _target: Any) -> None:
        with lock:
            arrivals[0] += 1
            first_round = arrivals[0] <= len(saves)
        if first_round:
            barrier.wait()

    results: list[Any] = [None] * len(saves)

    def run(i: int) -> None:
        try:
            with context.acting_as(ctx):
                results[i] = saves[i]()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = exc

    event.listen(table, "before_update", hold)
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(saves))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        event.remove(table, "before_update", hold)
    return results


def _unit():
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    p = projects.create_project("RE-RACE", "Padma Residency", company_id=c.id)
    b = service.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", floors=3))
    return service.create_unit(UnitInput(building_id=b.id, code="1A", floor=1, size_sft=D(1100)))


@pytest.mark.postgres_only
def test_two_holds_of_one_unit_at_once_one_wins(db, admin):
    u = _unit()
    results = _both_read_then_write(UnitRow, admin, lambda: service.change_unit_status(u.id, "held"),
                                    lambda: service.change_unit_status(u.id, "held"))
    assert sorted(type(r).__name__ for r in results) == ["SalesUnitView", "StaleVersion"]
    assert service.get_unit(u.id).version == u.version + 1


def test_a_stale_version_is_refused(db, admin):
    u = _unit()
    service.change_unit_status(u.id, "held", expected_version=u.version)
    with pytest.raises(StaleVersion):
        service.change_unit_status(u.id, "available", expected_version=u.version)
    assert service.get_unit(u.id).status == "held"


@pytest.mark.postgres_only
def test_concurrent_bookings_all_succeed_with_consecutive_numbers(db, admin):
    """Booking numbers come from the tenant's sequence row (platform.sequences), not a count of bookings:
    six salespeople booking six flats at once all succeed, BK-000001..BK-000006."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_sales_bookings import booking_input, setup

    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.modules.master_data.service import create_party

    _c, _p, b, units, buyer, _other = setup()
    flats = [units["1A"], units["1B"], units["2A"]] + [
        service.create_unit(UnitInput(building_id=b.id, code=code, kind="flat", floor=int(code[0]), size_sft=D(1250)))
        for code in ("2B", "3A", "3B")]
    buyers = [buyer] + [create_party(PartyInput(legal_name=f"Buyer {i}", party_type="individual", roles=["customer"]))
                        for i in range(5)]
    barrier = threading.Barrier(len(flats), timeout=30)
    numbers, errors = [], []

    def book(i: int) -> None:
        try:
            with context.acting_as(admin):
                barrier.wait()
                numbers.append(service.create_booking(booking_input(flats[i], buyers[i])).number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=book, args=(i,)) for i in range(len(flats))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [f"BK-{i:06d}" for i in range(1, len(flats) + 1)]
