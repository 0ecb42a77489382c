"""No lost update (docs/modules.md, "Versioned rows"): two posts of the same certified RA bill at once post one
journal (the bill is claimed by a compare-and-set on its version before its journal is posted); two bills drafted
at once on a contract cannot both take the same place (the contract is touched). PostgreSQL runs them side by
side; on SQLite the stale read is refused."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import event, func, select

from vextrus.modules.contracts import service
from vextrus.modules.contracts.schemas import RaBillInput, RaMeasureInput
from vextrus.modules.contracts.tables import BillRow, ContractRow
from vextrus.modules.finance.tables import JournalEntry
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


def _bill(on: date, qty: str) -> RaBillInput:
    return RaBillInput(bill_date=on, measures=[RaMeasureInput(item_no="1.01", cumulative_quantity=D(qty))])


def _entries(db, reference: str) -> int:
    with db.session_factory() as s:
        return s.scalar(select(func.count()).select_from(JournalEntry).where(JournalEntry.reference == reference))


@pytest.mark.postgres_only
def test_two_posts_of_one_bill_at_once_post_one_journal(db, admin, co, contract_input):
    c = service.create_contract(contract_input(co, advance_amount=D(0)))
    b = service.certify_bill(service.draft_bill(c.id, _bill(date(2025, 8, 31), "100")).id)
    results = _side_by_side(BillRow, admin, lambda: service.post_bill(b.id, b.version),
                            lambda: service.post_bill(b.id, b.version))
    assert sum(not isinstance(x, Exception) for x in results) == 1
    assert sum(isinstance(x, StaleVersion) for x in results) == 1
    assert service.get_bill(b.id).status == "posted" and _entries(db, b.number) == 1


@pytest.mark.postgres_only
def test_two_drafts_at_once_one_wins(db, admin, co, contract_input):
    c = service.create_contract(contract_input(co, advance_amount=D(0)))
    results = _side_by_side(ContractRow, admin, lambda: service.draft_bill(c.id, _bill(date(2025, 8, 31), "100")),
                            lambda: service.draft_bill(c.id, _bill(date(2025, 8, 31), "200")))
    assert sum(not isinstance(x, Exception) for x in results) == 1
    assert sum(isinstance(x, StaleVersion) for x in results) == 1
    assert len(service.contract_bills(c.id)) == 1


def test_a_stale_post_is_refused(db, admin, co, contract_input):
    c = service.create_contract(contract_input(co, advance_amount=D(0)))
    d = service.draft_bill(c.id, _bill(date(2025, 8, 31), "100"))
    service.certify_bill(d.id, expected_version=d.version)
    with pytest.raises(StaleVersion):
        service.post_bill(d.id, expected_version=d.version)
    assert service.get_bill(d.id).status == "certified"



@pytest.mark.postgres_only
def test_two_payments_of_the_same_outstanding_at_once_pay_once(db, admin, co):
    """Two payments of a subcontractor bill's whole outstanding net at once: the subcontract is claimed before the
    journal, so one pays and the other is refused (StaleVersion); one journal, 2111 not overpaid."""
    from test_contracts_subcontract_payments import _pay, _vendor, subcontract_with_two_bills

    sc, b1, _b2 = subcontract_with_two_bills(co, _vendor("Bismillah Construction").id)
    results = _side_by_side(ContractRow, admin, lambda: _pay(sc.id, date(2025, 10, 5), (b1.id, str(b1.net_payable))),
                            lambda: _pay(sc.id, date(2025, 10, 5), (b1.id, str(b1.net_payable))))
    assert sum(not isinstance(x, Exception) for x in results) == 1
    assert sum(isinstance(x, StaleVersion) for x in results) == 1
    assert service.get_bill(b1.id).outstanding == 0 and _entries(db, "MGH/SC-01/PAY-01") == 1
    assert len(service.subcontract_payments(sc.id)) == 1
