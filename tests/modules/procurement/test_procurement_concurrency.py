"""No lost update (docs/modules.md, "Versioned rows"): two approvers both read a submitted requisition at
version N, one approves and one rejects; exactly one wins, the other gets StaleVersion, the stored row holds
the winner's status. Two storekeepers receiving the last of an order at once cannot both accept it (the
order is versioned: its UPDATE is a compare-and-set). PostgreSQL runs them side by side; on SQLite the
stale read is refused."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import event

from conftest import DAY, requisition, sourced
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import GrnInput, GrnLineInput
from vextrus.modules.procurement.tables import OrderRow, RequisitionRow
from vextrus.platform import context
from vextrus.platform.errors import StaleVersion


def _side_by_side(table: type, ctx: context.RequestContext, *calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls), timeout=30)
    arrivals, lock = [0], threading.Lock()

    def hold(_mapper: Any, _conn: Any, _target: Any) -> None:
        with lock:
            arrivals[0] += 1
            first_round = arrivals[0] <= len(calls)
        if first_round:
            barrier.wait()

    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            with context.acting_as(ctx):
                results[i] = calls[i]()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = exc

    event.listen(table, "before_update", hold)
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        event.remove(table, "before_update", hold)
    return results


@pytest.mark.postgres_only
def test_approve_and_reject_at_once_one_wins(db, admin, co):
    r = service.submit_requisition(service.create_requisition(requisition(co, {"CEM": "10"})).id)
    results = _side_by_side(RequisitionRow, admin, lambda: service.approve_requisition(r.id, r.version),
                            lambda: service.reject_requisition(r.id, "not needed", r.version))
    won = [x for x in results if not isinstance(x, Exception)]
    assert len(won) == 1 and sum(isinstance(x, StaleVersion) for x in results) == 1
    assert service.get_requisition(r.id).status == won[0].status


@pytest.mark.postgres_only
def test_two_receipts_of_the_rest_at_once_cannot_both_accept_it(db, admin, co):
    rfq = sourced(co, {"CEM": "100"}, {0: {"CEM": "500"}, 1: {"CEM": "510"}, 2: {"CEM": "520"}}, {"CEM": (0, "")})
    po = service.approve_order(service.create_orders(rfq, DAY)[0].id)

    def grn(challan: str) -> Any:
        return service.receive_goods(GrnInput(order_id=po.id, receipt_date=date(2025, 8, 12), challan_no=challan,
                                              lines=[GrnLineInput(line_no=1, received=D("100"), accepted=D("100"))]))

    results = _side_by_side(OrderRow, admin, lambda: grn("CH-A"), lambda: grn("CH-B"))
    assert sum(not isinstance(x, Exception) for x in results) == 1
    assert service.get_order(po.id).lines[0].accepted == D("100")


def test_a_stale_approval_is_refused(db, admin, co):
    r = service.submit_requisition(service.create_requisition(requisition(co, {"CEM": "10"})).id)
    service.reject_requisition(r.id, "duplicate of PR-00000", expected_version=r.version)
    with pytest.raises(StaleVersion):
        service.approve_requisition(r.id, expected_version=r.version)
    assert service.get_requisition(r.id).status == "rejected"


@pytest.mark.postgres_only
def test_concurrent_requisitions_all_succeed_with_distinct_consecutive_numbers(db, admin, co):
    """Numbers come from the company's sequence row (platform.sequences), not a count: eight storekeepers
    creating requisitions at once, the series used for the first time, all succeed (no 409) with PR-00001..
    PR-00024. Real concurrency needs PostgreSQL (SQLite's writers already take turns)."""
    threads_n, per_thread, errors, numbers = 8, 3, [], []
    barrier = threading.Barrier(threads_n, timeout=30)

    def worker(n: int) -> None:
        try:
            with context.acting_as(admin):
                barrier.wait()
                for _ in range(per_thread):
                    numbers.append(service.create_requisition(requisition(co, {"CEM": str(10 + n)})).number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [f"PR-{i:05d}" for i in range(1, threads_n * per_thread + 1)]


def test_a_series_starts_after_the_documents_numbered_by_count(db, admin, co):
    """Books numbered before the sequence rows: the first number taken continues after the existing ones."""
    from sqlalchemy import delete

    from vextrus.platform.sequences import DocumentSequence

    first = service.create_requisition(requisition(co, {"CEM": "5"}))
    second = service.create_requisition(requisition(co, {"CEM": "6"}))
    with db.session_factory.begin() as s:  # as if both were numbered by the old count
        s.execute(delete(DocumentSequence).where(DocumentSequence.tenant_id == admin.tenant_id))
    assert (first.number, second.number) == ("PR-00001", "PR-00002")
    assert service.create_requisition(requisition(co, {"CEM": "8"})).number == "PR-00003"
